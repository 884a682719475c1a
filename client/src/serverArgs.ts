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
 */
import serverNodeArgs from './serverNodeArgs.json';

export const SERVER_NODE_ARGS: readonly string[] = serverNodeArgs;
