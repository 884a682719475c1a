/**
 * A watch over the language server's analysis from a second thread, for the one failure the rule
 * breaker (engine/analyze.ts) cannot handle: a step that never returns — a rule, a parser or the
 * project model caught in an endless loop. JavaScript on the main thread cannot be stopped from
 * inside, and Node offers no safe way to interrupt it from outside (V8's termination skips Node's
 * own bookkeeping on the way out and leaves the process broken), so the watch ends the process:
 *
 * - the main thread notes in a SharedArrayBuffer which file it analyses and which step it is at
 *   (a few stores per rule: nothing measurable), and wakes the watcher when an analysis starts;
 * - the watcher, a worker thread that otherwise sleeps, sees a step that made no progress for the
 *   limit (10 s by default for a rule; reading and parsing the file and building the project model,
 *   which read files and may meet a slow disk, get six times that; a step is seen after 1–2 limits),
 *   waits a moment more (a laptop that slept
 *   in the middle of a step catches up), writes the file and the step to a small record in the
 *   temp folder, says so on stderr (the editor's output channel), and kills the process;
 * - the client restarts the server (client/src/crashPolicy.ts tells the user once); the new server
 *   reads the record and does not run that rule on that file again until the editor's window is
 *   reloaded, and a DGT001 diagnostic on the file says so.
 *
 * The CLI (cli/main.ts) starts the same watch only when DOCKER_GO_TRAPS_HANG_MS is set, with no
 * record: the check just stops, naming the file and the step.
 *
 * The record is per client process and workspace: `<tmp>/docker-go-traps-<uid>/hung-<client pid>-<hash of
 * the workspace folders>.jsonl`. Records older than 30 days are removed when a server starts.
 * `DOCKER_GO_TRAPS_HANG_MS` sets the limit (in ms; 0 or "off" turns the watch off). Measured cost:
 * docs/benchmarks.md (the worker's memory is the main one).
 */
import { Worker } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnalysisGuard } from './engine/analyze';
import { lowerHelperThreadPriority } from './threads';

/** How long one step of an analysis may make no progress before the server is stopped, in ms. */
export const HANG_LIMIT_MS = 10_000;

/**
 * Reading and parsing the file, and building the project model, read files (many, for the model):
 * on a slow or network disk they may take long without being stuck, so they get this many limits.
 */
const READING_STEPS_FACTOR = 6;

/** Extra time given to a step that overran the limit, for a machine that slept in the middle of it. */
const GRACE_MS = 1_000;

/** Characters of the analysed file's path kept for the record (longer paths are cut). */
const MAX_PATH = 4096;

// Int32 slots at the start of the shared buffer.
const BUSY = 0; // 1 while an analysis runs
const SEQ = 1; // bumped at every step
const STEP = 2; // index of the current step in the options' steps (-1: reading and parsing the file)
const PATH_LENGTH = 3;
const PATH_OFFSET = 16; // bytes; the path follows as UTF-16 code units

/** One step that did not finish, as the watcher writes it. */
export interface HangRecord {
  path: string;
  /** A rule id, or one of the other steps (engine/analyze.ts' ANALYSIS_STEPS; "parse" for reading the file). */
  step: string;
  limitMs: number;
  at?: string;
}

/** The limit from `DOCKER_GO_TRAPS_HANG_MS`: the default when unset or invalid, 0 when turned off. */
export function hangLimitFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return HANG_LIMIT_MS;
  if (/^(off|false|no)$/i.test(value.trim())) return 0;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : HANG_LIMIT_MS;
}

/**
 * The folder of the records: in the temp folder, one per user where users share it (`/tmp` on
 * Linux and macOS: `docker-go-traps-<uid>`; Windows' temp folder is the user's own).
 */
export function hangRecordDir(): string {
  return path.join(os.tmpdir(), typeof process.getuid === 'function' ? `docker-go-traps-${process.getuid()}` : 'docker-go-traps');
}

/** Where the watcher of a server started by `clientPid` for `folders` writes its record. */
export function hangRecordFile(clientPid: number | null | undefined, folders: readonly string[], dir = hangRecordDir()): string {
  const hash = createHash('sha1').update(folders.join('\n')).digest('hex').slice(0, 12);
  const pid = Number.isInteger(clientPid) && (clientPid as number) > 0 ? clientPid : process.ppid;
  return path.join(dir, `hung-${pid}-${hash}.jsonl`);
}

/** The records in `file` (none when it does not exist); lines that are not records are skipped. */
export function readHangRecords(file: string): HangRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: HangRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as Partial<HangRecord>;
      if (typeof r.path === 'string' && typeof r.step === 'string' && typeof r.limitMs === 'number') out.push({ path: r.path, step: r.step, limitMs: r.limitMs, at: r.at });
    } catch {
      // a line cut short when the process was killed: ignore it
    }
  }
  return out;
}

/** Removes the records in the folder of `file` that are older than `maxAgeMs` (best effort). */
export function removeOldHangRecords(file: string, maxAgeMs = 30 * 24 * 3600_000): void {
  const dir = path.dirname(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const n of names) {
    if (!/^hung-.*\.jsonl$/.test(n)) continue;
    try {
      const p = path.join(dir, n);
      if (now - fs.statSync(p).mtimeMs > maxAgeMs) fs.unlinkSync(p);
    } catch {
      // gone already, or not ours to remove
    }
  }
}

export interface HangGuardOptions {
  limitMs: number;
  /** Every step an analysis tells its guard about, in the order of their indices (RuleSet.steps). */
  steps: readonly string[];
  /** The file the watcher appends its record to (none: no record). */
  recordFile?: string;
  /** What the message on stderr says happens next; `{step}` is replaced by the step's name. */
  then: string;
  log(message: string): void;
}

/**
 * Starts the watcher. Returns the guard to pass to the analysis, or undefined when the limit is 0 or
 * a worker cannot be started (the server then runs without the watch, and says so in the log).
 */
export function startHangGuard(options: HangGuardOptions): AnalysisGuard | undefined {
  if (!(options.limitMs > 0)) return undefined;
  const sab = new SharedArrayBuffer(PATH_OFFSET + 2 * MAX_PATH);
  let worker: Worker;
  try {
    worker = new Worker(WATCHER_SOURCE, {
      eval: true,
      name: 'docker-go-traps hang watch',
      workerData: {
        sab,
        limitMs: options.limitMs,
        readingLimitMs: options.limitMs * READING_STEPS_FACTOR,
        graceMs: GRACE_MS,
        steps: [...options.steps],
        recordFile: options.recordFile,
        then: options.then,
        maxPath: MAX_PATH,
        pathOffset: PATH_OFFSET,
      },
      // Its own streams, never piped to ours: stdout is the LSP channel. It writes to fd 2 itself.
      stdout: true,
      stderr: true,
    });
  } catch (e) {
    options.log(`docker-go-traps: could not start the watch for analyses that never finish: ${(e as Error).message}`);
    return undefined;
  }
  // The thread exists now (the worker's own start-up runs on it next): give it the lowest priority
  // at once, like Node's other helpers (threads.ts), so that its start-up yields to the analysis.
  lowerHelperThreadPriority();
  worker.unref();
  worker.on('error', (e) => options.log(`docker-go-traps: the watch for analyses that never finish stopped: ${e.message}`));
  return new SharedGuard(sab, options.steps);
}

/** The main thread's side: what it analyses, in the shared buffer. */
class SharedGuard implements AnalysisGuard {
  private readonly slots: Int32Array;
  private readonly chars: Uint16Array;
  private readonly index = new Map<string, number>();
  private depth = 0;

  constructor(sab: SharedArrayBuffer, steps: readonly string[]) {
    this.slots = new Int32Array(sab, 0, 4);
    this.chars = new Uint16Array(sab, PATH_OFFSET, MAX_PATH);
    steps.forEach((s, i) => this.index.set(s, i));
  }

  begin(file: string): void {
    // An analysis started inside another one (not done today) is watched as part of the outer one.
    if (this.depth++ > 0) return;
    const n = Math.min(file.length, MAX_PATH);
    for (let i = 0; i < n; i++) this.chars[i] = file.charCodeAt(i);
    Atomics.store(this.slots, PATH_LENGTH, n);
    Atomics.store(this.slots, STEP, -1); // reading and parsing the file, until the first step
    Atomics.add(this.slots, SEQ, 1);
    Atomics.store(this.slots, BUSY, 1);
    Atomics.notify(this.slots, BUSY);
  }

  step(step: string): void {
    if (this.depth !== 1) return;
    Atomics.store(this.slots, STEP, this.index.get(step) ?? -2);
    Atomics.add(this.slots, SEQ, 1);
  }

  end(): void {
    if (this.depth === 0 || --this.depth > 0) return;
    Atomics.store(this.slots, BUSY, 0);
  }
}

/**
 * The watcher, run as a worker from source (it needs nothing of the bundle). It blocks in
 * Atomics.wait: idle while no analysis runs, and woken once per limit while one does.
 */
const WATCHER_SOURCE = `'use strict';
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const { sab, limitMs, readingLimitMs, graceMs, steps, recordFile, then, maxPath, pathOffset } = workerData;
const slots = new Int32Array(sab, 0, 4);
const chars = new Uint16Array(sab, pathOffset, maxPath);
const stalled = (seq) => Atomics.load(slots, ${BUSY}) === 1 && Atomics.load(slots, ${SEQ}) === seq;
for (;;) {
  if (Atomics.load(slots, ${BUSY}) === 0) {
    Atomics.wait(slots, ${BUSY}, 0);
    continue;
  }
  // The step is written before the count moves: read after it, it is this count's step or a later one.
  const seq = Atomics.load(slots, ${SEQ});
  const i = Atomics.load(slots, ${STEP});
  const step = i >= 0 && i < steps.length ? steps[i] : i === -1 ? 'parse' : 'an unnamed step';
  const limit = step === 'parse' || step === 'model' || step === 'config' ? readingLimitMs : limitMs;
  Atomics.wait(slots, ${SEQ}, seq, limit);
  if (!stalled(seq)) continue;
  Atomics.wait(slots, ${SEQ}, seq, graceMs);
  if (!stalled(seq) || Atomics.load(slots, ${STEP}) !== i) continue;
  const file = String.fromCharCode(...chars.subarray(0, Math.min(Atomics.load(slots, ${PATH_LENGTH}), maxPath)));
  if (recordFile) {
    try {
      // Only into a real folder of this user's (not a link, not someone else's in a shared /tmp).
      const dir = path.dirname(recordFile);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const st = fs.lstatSync(dir);
      const mine = st.isDirectory() && (typeof process.getuid !== 'function' || st.uid === process.getuid());
      if (mine) fs.appendFileSync(recordFile, JSON.stringify({ path: file, step, limitMs: limit, at: new Date().toISOString() }) + '\\n');
    } catch {}
  }
  try {
    fs.writeSync(2, 'docker-go-traps: ' + step + ' did not finish on ' + file + ' within ' + limit + ' ms; ' + then.split('{step}').join(step) + '\\n');
  } catch {}
  process.kill(process.pid, 'SIGKILL');
  break;
}
`;
