// Spawning measured processes: wall time from the parent, CPU time and peak RSS from the child itself
// (bench/lib/rusage.cjs), and RSS of a live process from /proc.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = path.dirname(fileURLToPath(import.meta.url));
export const RUSAGE = path.join(here, 'rusage.cjs');

/** A fresh file for rusage lines; returns its path. */
export function rusageFile() {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-bench-')), 'rusage.jsonl');
  fs.writeFileSync(f, '');
  return f;
}

export function readRusage(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/**
 * Runs `node [nodeArgs] script args` to completion. Resolves with wall time, exit code, output and
 * the child's own rusage line.
 */
export function runNode(script, args, { cwd, nodeArgs = [], env = {}, timeoutMs } = {}) {
  const out = rusageFile();
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--require', RUSAGE, ...nodeArgs, script, ...args], {
      cwd,
      env: { ...process.env, ...env, DGT_RUSAGE_OUT: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
    child.on('error', reject);
    // timeoutMs: the child is killed then, and the result says timedOut.
    let timedOut = false;
    const timer = timeoutMs ? setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), timeoutMs) : undefined;
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      const usage = readRusage(out)[0] ?? {};
      resolve({ code, wallMs, stdout, stderr, timedOut, ...usage });
    });
  });
}

/** VmRSS and VmHWM (peak) of a live process, in MB (Linux). */
export function procRss(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN);
    return { rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
  } catch {
    return { rssMB: NaN, peakMB: NaN };
  }
}

/** The machine, for the record. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memGB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadavg: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    date: new Date().toISOString(),
  };
}
