/**
 * `docker-go-traps` as installed (dist/cli.js): sets V8 up for a short run (v8Tuning.ts) and runs
 * the checker's bundle (dist/cliMain.js, built from cli/main.ts) from V8's code cache when the build
 * made one (codeCache.ts).
 */
import * as path from 'node:path';
import { runBundle } from './codeCache';
import { tuneV8ForShortRun } from './v8Tuning';

tuneV8ForShortRun();
runBundle(path.join(__dirname, 'cliMain.js'));
