/**
 * Node options the extension starts the language server with. The benchmark (bench/run.mjs) reads
 * the same JSON file, so that it measures the server as VS Code runs it.
 *
 * `--max-semi-space-size=8`: V8 doubles the young generation's two semi-spaces, from 1 MB up to
 * 16 MB each on 64-bit systems, while much of what is allocated survives — which is what a workspace
 * scan looks like — and keeps the memory afterwards. Capped at 8 MB (V8's limit on 32-bit systems),
 * the server's peak resident memory on the synthetic monorepo of the benchmark is lower, with the
 * first diagnostics and the edit latency unchanged within noise; a 1 MB cap saved more but made every
 * edit slower (docs/benchmarks.md, "What the numbers rest on").
 *
 * `--v8-pool-size=1`: V8's background work (optimising compiles, concurrent marking) on one thread
 * instead of four. At the end of the first analysis of a large workspace the four threads hold the
 * memory of many compile jobs at once (V8's zone memory was 13–17 MB right then); with one, the
 * server's peak was 145 MB instead of 159–167 MB, the first diagnostics came sooner and edits were
 * as fast. A Node option: under Electron (VS Code's local extension host) it is accepted and
 * ignored, as Electron makes its own thread pool.
 */
import serverNodeArgs from './serverNodeArgs.json';

export const SERVER_NODE_ARGS: readonly string[] = serverNodeArgs;
