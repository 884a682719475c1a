// npm's `prepare` script: builds dist/ as the .vsix ships it (minified) whenever npm prepares the
// package — `npm pack` and `npm publish`, an install from git (`npm install github:…`, and the
// pre-commit hook), and `npm ci` or `npm install` in a checkout.
//
// npm installs a git dependency's devDependencies before it runs `prepare`, except in a global
// install (`npm install -g git+…`, which is how pre-commit 4.6 and later installs a hook): there
// that install lands in the global folder, not in the clone, and the build would find no esbuild
// (https://github.com/npm/cli/issues/8440). When the devDependencies are missing, they are
// installed into this folder first, exactly as package-lock.json has them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const missing = Object.keys(pkg.devDependencies ?? {}).filter((n) => !existsSync(path.join(root, 'node_modules', n, 'package.json')));

function run(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`docker-go-traps prepare: ${what} failed (${r.error?.message ?? `exit status ${r.status}`})`);
    process.exit(r.status || 1);
  }
}

if (missing.length) {
  const npm = process.env.npm_execpath;
  if (!npm) {
    console.error(`docker-go-traps prepare: ${missing.join(', ')} not installed; run npm ci first`);
    process.exit(1);
  }
  console.log(`docker-go-traps prepare: installing the build's dependencies (${missing.length} missing)`);
  // --global=false and --prefix: the global install that calls this has both in the environment.
  // --ignore-scripts: no install scripts of dependencies, and no second run of this one.
  run([npm, 'ci', '--global=false', `--prefix=${root}`, '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'], 'npm ci');
}
run([path.join(root, 'scripts', 'build.mjs'), '--minify'], 'the build');
