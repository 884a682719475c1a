/**
 * `docker-go-traps` as installed (dist/cli.js): runs the checker's bundle (dist/cliMain.js, built
 * from cli/main.ts) from V8's code cache when the build made one (codeCache.ts).
 */
import * as path from 'node:path';
import { runBundle } from './codeCache';

runBundle(path.join(__dirname, 'cliMain.js'));
