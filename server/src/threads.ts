/**
 * The analysis (CLI and language server) runs on the main thread; Node's helper threads (V8's
 * optimising compiler and garbage-collection helpers, four of them whatever the number of cores) do
 * background work for it.
 * On a machine with few cores — a 2-core CI runner, a container with a CPU limit — the optimising
 * compiler alone keeps several helpers busy during a scan (`perf` over the corpus run: a large share
 * of the process's samples, on four threads) and they take turns on the cores with the analysis, which
 * then waits. Giving the helpers the lowest scheduling priority leaves them the time the analysis does
 * not use. The language server does the same (lsp/main.ts). Measured: docs/benchmarks.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

/**
 * Lowers the scheduling priority of every other thread of this process to the lowest (nice 19).
 * Linux only (elsewhere threads cannot be listed this way); threads started later keep the
 * priority of the thread that starts them. Best effort: a thread that cannot be changed is left as
 * it is. Returns how many threads were changed.
 */
export function lowerHelperThreadPriority(): number {
  if (process.platform !== 'linux') return 0;
  let tids: string[];
  try {
    tids = fs.readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  let changed = 0;
  for (const t of tids) {
    const tid = Number(t);
    if (!Number.isInteger(tid) || tid === process.pid) continue;
    try {
      os.setPriority(tid, os.constants.priority.PRIORITY_LOW);
      changed++;
    } catch {
      // e.g. a sandbox that forbids it, or the thread has exited
    }
  }
  return changed;
}
