/**
 * Running what might never finish, with a bound: the CLI in a child process with a time limit, and
 * a function of the compiled engine in a worker thread that is terminated at a time limit (a busy
 * loop on the main thread could not be stopped, and the test would hang instead of failing).
 */
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
/** The CLI under test; DGT_CLI names another build (e.g. of an earlier commit, to see a test fail there). */
export const CLI = process.env.DGT_CLI ?? path.join(ROOT, 'dist', 'cli.js');
/** The language server under test; DGT_SERVER names another build, like DGT_CLI. */
export const SERVER = process.env.DGT_SERVER ?? path.join(ROOT, 'dist', 'server.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Runs the bundled CLI with a time limit (and, optionally, a heap limit in MB). */
export function runCliBounded(args: string[], options: { cwd?: string; timeoutMs: number; env?: NodeJS.ProcessEnv; heapMb?: number; nodeArgs?: string[] }): CliRun {
  const t0 = Date.now();
  const nodeArgs = [...(options.nodeArgs ?? []), ...(options.heapMb ? [`--max-old-space-size=${options.heapMb}`] : [])];
  const r = spawnSync(process.execPath, [...nodeArgs, CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
    env: options.env ?? process.env,
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Date.now() - t0;
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms, timedOut };
}

/**
 * Calls `fn` (the source of a function of no arguments, run in a worker where `engine(rel)` requires
 * a compiled module of out/server/src, e.g. `engine('parse/dockerignore')`) and returns what it returns
 * (structured-cloneable), with the time it took; rejects when it takes longer than `timeoutMs`.
 */
export function inWorker<T>(fn: string, timeoutMs: number): Promise<{ value: T; ms: number }> {
  const base = path.join(ROOT, 'out', 'server', 'src');
  const source = `const { parentPort } = require('node:worker_threads');
const path = require('node:path');
const engine = (rel) => require(path.join(${JSON.stringify(base)}, rel));
Promise.resolve((${fn})()).then((value) => parentPort.postMessage({ value }), (e) => parentPort.postMessage({ error: String(e && e.stack || e) }));`;
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const w = new Worker(source, { eval: true });
    const timer = setTimeout(() => {
      void w.terminate();
      reject(new Error(`did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    w.once('message', (m: { value?: T; error?: string }) => {
      clearTimeout(timer);
      void w.terminate();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve({ value: m.value as T, ms: Date.now() - t0 });
    });
    w.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
