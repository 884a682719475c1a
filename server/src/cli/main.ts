/**
 * The command-line checker: `docker-go-traps check [path...] [--format text|json|sarif]
 * [--fail-on error|warning|info] [--fix]`. Exit codes: 0 clean, 1 findings at or above --fail-on,
 * 2 usage or internal error.
 */
import { runCli } from './run';
import { lowerHelperThreadPriority } from '../threads';
import { hangLimitFromEnv, startHangGuard } from '../hangGuard';
import { RULE_SET } from '../rules/registry';

lowerHelperThreadPriority();

// The watch for a step that never finishes (hangGuard.ts) is opt-in here: its worker costs the
// corpus run a little (docs/benchmarks.md), and a person at a terminal can press Ctrl+C. A CI job
// sets DOCKER_GO_TRAPS_HANG_MS to fail with the file and the rule instead of running into its timeout.
const hangEnv = process.env.DOCKER_GO_TRAPS_HANG_MS;
const guard =
  hangEnv === undefined
    ? undefined
    : startHangGuard({
        limitMs: hangLimitFromEnv(hangEnv),
        steps: RULE_SET.steps,
        then: 'stopping the check. Please report this with the file.',
        log: (m) => process.stderr.write(m + '\n'),
      });

runCli(process.argv.slice(2), process.cwd(), (s) => process.stdout.write(s), (s) => process.stderr.write(s), guard).then(
  (code) => exitAfterOutput(code),
  (e: unknown) => {
    process.stderr.write(`docker-go-traps: internal error: ${(e as Error)?.stack ?? e}\n`);
    exitAfterOutput(2);
  },
);

/**
 * Exits once everything written to stdout and stderr has been handed over (writes to pipes are
 * asynchronous on Windows). Left to end by itself, the process would first wait for V8's background
 * compiler to finish work queued for code that will not run again (tens of milliseconds after a corpus
 * scan).
 */
function exitAfterOutput(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
