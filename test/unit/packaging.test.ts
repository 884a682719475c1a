/**
 * What the .vsix holds: `vsce ls` lists exactly the bundles, the wasm files, the snippets, the l10n
 * files, the manifest with its nls files, README, LICENSE and the rule docs; and a package built
 * the way `npm run package` builds it (minified bundles) stays within 2 MB. The package is built in
 * a temporary copy, so dist/ (which other tests run) is left alone.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const VSCE = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
const MAX_VSIX_BYTES = 2 * 1024 * 1024;

function vsce(cwd: string, args: string[]): string {
  return execFileSync(process.execPath, [VSCE, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

const listed = (cwd: string) =>
  vsce(cwd, ['ls', '--no-dependencies'])
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .sort();

let rootListing: string[] | undefined;
/** `vsce ls` of the checkout (about ten seconds: vsce walks every file first), taken once. */
const rootFiles = () => (rootListing ??= listed(ROOT));

/** The files the package must contain, from what is on disk. */
function expectedFiles(): string[] {
  const rel = (dir: string, filter: (n: string) => boolean) =>
    fs.existsSync(path.join(ROOT, dir)) ? fs.readdirSync(path.join(ROOT, dir)).filter(filter).map((n) => `${dir}/${n}`) : [];
  const json = (n: string) => n.endsWith('.json');
  return [
    'dist/client.js',
    'dist/serverClient.js',
    'dist/server.js',
    'dist/serverEngine.js',
    'dist/cli.js',
    'dist/tree-sitter-go.wasm',
    'dist/web-tree-sitter.wasm',
    ...rel('snippets', json),
    ...rel('snippets/zh-cn', json),
    ...rel('l10n', json),
    'package.json',
    ...rel('.', (n) => /^package\.nls(\.[\w-]+)?\.json$/.test(n)).map((p) => p.slice(2)),
    'README.md',
    'LICENSE',
    ...rel('docs/rules', (n) => n.endsWith('.md')),
  ].sort();
}

test('vsce ls lists the bundles, wasm, snippets, l10n files, nls files, README, LICENSE and rule docs, and nothing else', { timeout: 180_000 }, () => {
  const files = rootFiles();
  assert.deepEqual(files, expectedFiles());
  assert.ok(files.includes('l10n/bundle.l10n.zh-cn.json') && files.includes('package.nls.zh-cn.json'), 'Chinese files ship');
  assert.ok(!files.some((f) => f.startsWith('node_modules/') || f.startsWith('out/') || f.startsWith('server/') || f.endsWith('.ts')), 'no sources');
});

test('the packaged .vsix (minified bundles) is at most 2 MB', { timeout: 180_000 }, () => {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-vsix-'));
  try {
    for (const f of rootFiles()) {
      if (f.startsWith('dist/')) continue;
      fs.mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, f), path.join(stage, f));
    }
    fs.copyFileSync(path.join(ROOT, '.vscodeignore'), path.join(stage, '.vscodeignore'));
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--minify', `--outdir=${path.join(stage, 'dist')}`], { cwd: ROOT, stdio: 'pipe' });
    const vsix = path.join(stage, 'docker-go-traps.vsix');
    vsce(stage, ['package', '--no-dependencies', '-o', vsix]);
    const size = fs.statSync(vsix).size;
    assert.ok(size <= MAX_VSIX_BYTES, `the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB`);
    assert.deepEqual(listed(stage), expectedFiles(), 'the staged copy packages the same files');
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
});
