/**
 * What the .vsix holds: `vsce ls` lists exactly the bundles, the wasm files, the snippets, the l10n
 * files, the manifest with its nls files, the icon, README, CHANGELOG, LICENSE and the rule docs;
 * and a package built the way `npm run package` builds it (minified bundles) stays within 2 MB.
 *
 * What the npm package holds and that it runs: `npm pack` in a copy of the checkout without dist/
 * (as a fresh clone has it) builds the bundles, prints only the tarball's name, and packs only what
 * runs; the tarball installs into an empty folder with no registry and nothing else beside it, and
 * both commands work from there: the CLI on the example project, the language server over LSP.
 *
 * Packages are built in temporary copies, so dist/ (which other tests run) is left alone.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as zlib from 'node:zlib';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient } from '../support/lspClient';

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
    'dist/cliMain.js',
    'dist/tree-sitter-go.wasm',
    'dist/web-tree-sitter.wasm',
    ...rel('snippets', json),
    ...rel('snippets/zh-cn', json),
    ...rel('l10n', json),
    'package.json',
    ...rel('.', (n) => /^package\.nls(\.[\w-]+)?\.json$/.test(n)).map((p) => p.slice(2)),
    'images/icon.png',
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
    ...rel('docs/rules', (n) => n.endsWith('.md')),
  ].sort();
}

test('vsce ls lists the bundles, wasm, snippets, l10n files, nls files, icon, README, CHANGELOG, LICENSE and rule docs, and nothing else', { timeout: 180_000 }, () => {
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

// ---- the Marketplace and Open VSX metadata ----------------------------------------------------

test('the manifest names a 128×128 PNG icon, the repository, keywords and a gallery banner; the README images exist', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const icon = fs.readFileSync(path.join(ROOT, pkg.icon));
  assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG', `${pkg.icon} is a PNG`);
  assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128], `${pkg.icon} is 128×128`);
  assert.match(pkg.repository?.url ?? '', /^https:\/\/github\.com\//);
  assert.ok(pkg.keywords?.length >= 5 && pkg.keywords.length <= 30, 'the Marketplace takes up to 30 keywords');
  assert.match(pkg.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
  assert.ok(['dark', 'light'].includes(pkg.galleryBanner?.theme));
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length >= 2, 'the README shows screenshots');
  for (const img of images) {
    assert.ok(!/^[a-z]+:/i.test(img), `${img}: README images are files of the repository (vsce and npm turn them into links to it)`);
    assert.ok(fs.existsSync(path.join(ROOT, img)), `${img} exists`);
    assert.ok(img.endsWith('.png'), `${img}: the Marketplace takes no SVG`);
  }
  const changelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
  assert.ok(changelog.includes(`## ${pkg.version}`), `CHANGELOG.md describes ${pkg.version}`);
});

// ---- the npm package -----------------------------------------------------------------------------

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npm = (args: string[], cwd: string) =>
  execFileSync(NPM, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000, shell: process.platform === 'win32' });

/** The files of a .tgz (npm's tarballs are plain ustar), without npm's `package/` prefix. */
function tarballFiles(tgz: string): string[] {
  const tar = zlib.gunzipSync(fs.readFileSync(tgz));
  const names: string[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, len: number) => header.subarray(from, from + len).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const prefix = field(345, 155);
    if (field(156, 1) === '0' || field(156, 1) === '') names.push((prefix ? prefix + '/' : '') + field(0, 100));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return names.map((n) => n.replace(/^package\//, '')).sort();
}

/** A copy of the checkout as git has it (tracked and new files, nothing ignored: no dist/), sharing node_modules. */
function freshCopy(): string {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-npm-pack-'));
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  for (const f of listed.split('\0').filter(Boolean)) {
    const from = path.join(ROOT, f);
    if (!fs.existsSync(from) || fs.statSync(from).isDirectory()) continue;
    fs.mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
    fs.copyFileSync(from, path.join(stage, f));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'junction');
  return stage;
}

test('npm pack in a fresh copy builds the bundles, prints only the tarball name, and packs only what runs; installed into an empty folder, both commands run', { timeout: 300_000 }, async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const stage = freshCopy();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-npm-out-'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-npm-home-'));
  let client: LspClient | undefined;
  try {
    assert.ok(!fs.existsSync(path.join(stage, 'dist')), 'the copy has no dist/, as a fresh clone');
    // pre-commit (before 4.6) installs a hook with `npm pack` and reads the tarball's name from stdout.
    const printed = npm(['pack', '--pack-destination', out], stage).trim();
    const tgzName = `${pkg.name}-${pkg.version}.tgz`;
    assert.equal(printed, tgzName, 'npm pack prints nothing but the tarball name (the build runs with its output captured: .npmrc)');
    const tgz = path.join(out, tgzName);
    assert.deepEqual(
      tarballFiles(tgz),
      ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/cliMain.cache', 'dist/cliMain.js', 'dist/server.js', 'dist/serverEngine.js', 'dist/tree-sitter-go.wasm', 'dist/web-tree-sitter.wasm', 'package.json'],
      'the bundles, the wasm files they load, and the documents',
    );
    // About 1 MB of bundles and wasm, and the CLI's code cache (about 1.2 MB compressed).
    assert.ok(fs.statSync(tgz).size < 2.5 * 1024 * 1024, `the tarball is ${(fs.statSync(tgz).size / 1024).toFixed(0)} KB`);
    assert.deepEqual(pkg.dependencies ?? {}, {}, 'the bundles hold every library: nothing to install beside them');

    // An empty folder, no registry: the install can only succeed if the package needs nothing else.
    const app = path.join(out, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{"name":"app","private":true}\n');
    npm(['install', '--offline', '--no-audit', '--no-fund', '--cache', path.join(home, 'cache'), tgz], app);
    assert.deepEqual(fs.readdirSync(path.join(app, 'node_modules')).filter((n) => !n.startsWith('.')), [pkg.name], 'nothing installed beside it');

    const bin = (name: string) => path.join(app, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
    const { NODE_PATH: _, ...env } = process.env;
    const examples = path.join(out, 'examples');
    fs.cpSync(path.join(ROOT, 'examples'), examples, { recursive: true });
    const check = spawnSync(bin('docker-go-traps'), ['check', examples, '--format', 'json'], {
      cwd: app,
      encoding: 'utf8',
      env: { ...env, DOCKER_GO_TRAPS_CODE_CACHE: 'report' },
      timeout: 60_000,
      shell: process.platform === 'win32',
    });
    assert.equal(check.status, 1, `exit 1: the example holds errors on purpose\n${check.stderr}`);
    // Packed where it was built, by the same Node: the installed CLI starts from its code cache.
    assert.match(check.stderr, /code cache used/);
    const rules = JSON.parse(check.stdout).diagnostics.map((d: { rule: string }) => d.rule).sort();
    assert.deepEqual(rules, ['DGT101', 'DGT124', 'DGT201', 'DGT301', 'DGT305'], 'Dockerfile, compose and Go (the wasm parser) findings');
    const version = spawnSync(bin('docker-go-traps-language-server'), ['--version'], { cwd: app, encoding: 'utf8', env, timeout: 30_000, shell: process.platform === 'win32' });
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), pkg.version);

    // The server from the installed bin: handshake, the diagnostics of the example's main.go, orderly exit.
    client = await LspClient.start({ root: examples, serverModule: bin('docker-go-traps-language-server'), env: { NODE_PATH: '' } });
    assert.equal(client.initializeResult?.serverInfo?.name, pkg.name);
    const main = await client.open('main.go', 'go', fs.readFileSync(path.join(examples, 'main.go'), 'utf8'));
    const published = await client.waitForDiagnostics(main.uri, (p) => p.diagnostics.some((d) => d.code === 'DGT301'), 'DGT301 on main.go', 0, 30_000);
    assert.ok(published.diagnostics.every((d) => d.source === 'docker-go-traps'));
    assert.deepEqual(await client.shutdown(), { code: 0, signal: null });
    client = undefined;
  } finally {
    client?.kill();
    for (const d of [stage, out, home]) fs.rmSync(d, { recursive: true, force: true });
  }
});

// ---- the pre-commit hook -------------------------------------------------------------------------

test('the pre-commit hook checks the whole repository when a commit touches a file the checks read', () => {
  // The hook file is plain YAML; yaml (a devDependency, bundled into the server) reads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const YAML = require('yaml') as typeof import('yaml');
  const hooks = YAML.parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
  assert.equal(hooks.length, 1);
  const [hook] = hooks;
  assert.equal(hook.id, 'docker-go-traps');
  assert.equal(hook.language, 'node', 'pre-commit installs the package from the repository with npm');
  assert.equal(hook.entry, 'docker-go-traps check');
  assert.ok(Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin).includes('docker-go-traps'));
  assert.equal(hook.pass_filenames, false, 'a trap spans files: the hook checks the repository, not the commit');
  // pre-commit's `files` is a Python pattern; (?i) at its start is the only construct JavaScript lacks.
  assert.ok(hook.files.startsWith('(?i)'));
  const files = new RegExp(hook.files.slice(4), 'i');
  const triggers = [
    'Dockerfile', 'dockerfile', 'Containerfile', 'build/Dockerfile.prod', 'api.Dockerfile', 'svc/api.dockerfile',
    'compose.yaml', 'docker-compose.yml', 'deploy/docker-compose.override.yaml', 'compose.dev.yml',
    'go.mod', 'cmd/api/main.go', 'internal/x/server.go', '.dockerignore', 'api.Dockerfile.dockerignore',
    '.env', 'deploy/.env.local', 'config/app.env', 'scripts/entrypoint.sh', '.docker-go-traps.yaml', '.docker-go-traps.yml',
  ];
  for (const f of triggers) assert.match(f, files, `${f} runs the hook`);
  for (const f of ['README.md', 'go.sum', 'package.json', 'Makefile', 'docs/compose.md', 'cmd/api/main_go.txt', 'src/environment.ts']) {
    assert.doesNotMatch(f, files, `${f} does not run the hook`);
  }
});
