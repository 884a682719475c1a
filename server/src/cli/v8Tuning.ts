/**
 * How V8 is set up for a run of the command-line checker, which lives for a second or two.
 *
 * V8 optimises a function with TurboFan, on a helper thread, once the function has used up an
 * "interrupt budget" of executed bytecode a few times; the default budget suits programs that run
 * for a long time. A check runs thousands of different functions (the rules, the model, three
 * parsers) a few hundred times each and stops: with the default, V8 optimises hundreds of them,
 * most too late to pay for their compile, and the compile jobs keep the helper threads busy on the
 * cores the check runs on (the main thread waits for them at every garbage collection). A budget
 * four times Node 20's default (V8 11.3: 66 KB; from V8 12 the default is 132 KB, and this is
 * twice that) optimises fewer than half as many, and a check is faster; the read-and-parse floor,
 * which runs few functions, is not (measured: docs/benchmarks.md).
 *
 * The language server runs for hours and keeps V8's defaults. The build's code cache is made with
 * this setting (V8 refuses a cache made with other flags), so it must be set before the bundle is
 * compiled: the launcher does it first.
 */
import { setFlagsFromString } from 'node:v8';

/** The V8 flags the command-line checker runs with (V8 has had this one for over ten years). */
export const CLI_V8_FLAGS = '--interrupt-budget=270336';

/** Sets {@link CLI_V8_FLAGS} for this process. Best effort: a V8 that refuses them runs with its defaults. */
export function tuneV8ForShortRun(): void {
  try {
    setFlagsFromString(CLI_V8_FLAGS);
  } catch {
    // keep the defaults
  }
}
