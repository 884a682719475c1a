// Builds the bundles and runs the CLI on the bundled examples/ project, as a new user would.
// The examples hold the classic mistakes on purpose, so finding them is success here.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 2);
const args = process.argv.slice(2);
const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'check', 'examples', ...args], { cwd: root, stdio: 'inherit' });
if (r.status === 1) {
  console.error('\nThe CLI exited with 1: it found the traps that examples/ contains on purpose. Try --fix on a copy.');
  process.exit(0);
}
process.exit(r.status ?? 2);
