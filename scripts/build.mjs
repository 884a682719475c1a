// Bundles the client, the language server and the CLI with esbuild (two files each for the client
// and the server, whose second parts load after start-up; the CLI's launcher and its code), copies
// the two wasm files that the Go parser needs next to them, and makes the CLI's code cache
// (server/src/cli/codeCache.ts) by running it once over the rule fixtures.
//
//   node scripts/build.mjs [--minify] [--outdir=<folder>]   (default folder: dist/)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, existsSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleOptions } from './bundleOptions.mjs';
import { nameBuild } from './buildLine.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const outdirArg = process.argv.find((a) => a.startsWith('--outdir='));
const dist = outdirArg ? path.resolve(outdirArg.slice('--outdir='.length)) : path.join(root, 'dist');
mkdirSync(dist, { recursive: true });

const common = {
  ...bundleOptions(root),
  sourcemap: false,
  minify: process.argv.includes('--minify'),
};

await Promise.all([
  // The banner marks when the extension's code starts to run (activation times, docs/benchmarks.md).
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: path.join(dist, 'client.js'), external: ['vscode'], banner: { js: '"use strict"; var __dgtBundleStart = performance.now();' } }),
  build({ ...common, entryPoints: ['client/src/serverClient.ts'], outfile: path.join(dist, 'serverClient.js'), external: ['vscode'] }),
  // The server answers `initialize` from server.js and loads serverEngine.js after it (lsp/main.ts).
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: path.join(dist, 'server.js'), banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/lsp/serverEngine.ts'], outfile: path.join(dist, 'serverEngine.js') }),
  // dist/cli.js is a small launcher that runs dist/cliMain.js from its code cache.
  build({ ...common, entryPoints: ['server/src/cli/launch.ts'], outfile: path.join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: path.join(dist, 'cliMain.js') }),
]);
for (const f of ['server.js', 'cli.js']) chmodSync(path.join(dist, f), 0o755);

copyFileSync(require.resolve('tree-sitter-go/tree-sitter-go.wasm'), path.join(dist, 'tree-sitter-go.wasm'));
copyFileSync(path.join(path.dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'), path.join(dist, 'web-tree-sitter.wasm'));

// The CLI bundle's first line names its build (BUILD_LINE in server/src/cli/codeCache.ts): a code cache
// is used only with the build it was made from.
nameBuild(path.join(dist, 'cliMain.js'));

// The code cache: V8's bytecode of the functions a check runs, from one run of the CLI over the rule
// fixtures and the example project (about a second). Without them (a copy without test/), no cache
// is made and the CLI compiles as it starts.
const cache = path.join(dist, 'cliMain.cache');
rmSync(cache, { force: true });
const training = ['test/fixtures', 'examples'].map((d) => path.join(root, d)).filter((d) => existsSync(d));
if (training.length) {
  const run = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'check', ...training, '--format', 'json'], {
    cwd: root,
    env: { ...process.env, DOCKER_GO_TRAPS_CODE_CACHE: 'write' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!existsSync(cache)) console.warn(`build: no code cache made for the CLI (exit status ${run.status}): ${run.stderr?.slice(-2000) ?? run.error?.message}`);
}
