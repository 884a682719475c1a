/**
 * The command-line checker: `docker-go-traps check [path...] [--format text|json|sarif]
 * [--fail-on error|warning|info] [--fix]`. Exit codes: 0 clean, 1 findings at or above --fail-on,
 * 2 usage or internal error.
 */
import { runCli } from './run';

runCli(process.argv.slice(2), process.cwd(), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`docker-go-traps: internal error: ${(e as Error)?.stack ?? e}\n`);
    process.exitCode = 2;
  },
);
