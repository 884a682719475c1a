/**
 * The CLI's start-up from V8's code cache (server/src/cli/codeCache.ts): the build makes a cache that the
 * installed CLI uses; a cache of another build, a damaged one or none changes nothing but the start-up
 * time; and a check never writes one.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { BUILD_LINE, cacheFileOf } from '../../server/src/cli/codeCache';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIST = path.join(ROOT, 'dist');
const EXAMPLES = path.join(ROOT, 'examples');

/** The CLI of `dist` on examples/, with DOCKER_GO_TRAPS_CODE_CACHE=`mode`. */
function check(dist: string, mode: string): { status: number | null; stdout: string; state: string | undefined; stderr: string } {
  const env = { ...process.env, DOCKER_GO_TRAPS_CODE_CACHE: mode };
  const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'check', EXAMPLES, '--format', 'json'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, state: /code cache (\w+)/.exec(r.stderr)?.[1], stderr: r.stderr };
}

/** A copy of dist/ to damage. */
function copyDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-dist-'));
  fs.cpSync(DIST, dir, { recursive: true });
  return dir;
}

test('cacheFileOf names the cache beside the bundle', () => {
  assert.equal(cacheFileOf(path.join('d', 'cliMain.js')), path.join('d', 'cliMain.cache'));
  assert.equal(cacheFileOf(path.join('d', 'floorMain.js')), path.join('d', 'floorMain.cache'));
});

test('the build names the bundle with a hash of its code and makes a cache for it, which the CLI uses', () => {
  const bundle = fs.readFileSync(path.join(DIST, 'cliMain.js'), 'utf8');
  const first = bundle.slice(0, bundle.indexOf('\n') + 1);
  assert.match(first, /^\/\/ docker-go-traps build [0-9a-f]{32}\n$/);
  assert.ok(first.startsWith(BUILD_LINE), 'the build writes the line codeCache.ts looks for');
  assert.equal(first.trim().slice(BUILD_LINE.length), createHash('sha256').update(bundle.slice(first.length)).digest('hex').slice(0, 32));
  const cache = fs.readFileSync(path.join(DIST, 'cliMain.cache'));
  assert.equal(cache.subarray(0, first.length).toString('latin1'), first, 'the cache names the same build');
  // V8's bytecode of the functions the fixtures ran, not only of the top level (which is ~1/10 of it).
  assert.ok(cache.length > 1024 * 1024, `the cache is ${cache.length} bytes`);
  const r = check(DIST, 'report');
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.state, 'used');
});

test('with the cache, without it, with a cache of another build or a damaged one, the findings are the same', () => {
  const dir = copyDist();
  try {
    const used = check(dir, 'report');
    assert.equal(used.state, 'used');
    const off = check(dir, 'off');
    assert.equal(off.state, undefined, 'off says nothing');
    assert.equal(off.stdout, used.stdout);
    assert.equal(off.status, used.status);

    const cacheFile = path.join(dir, 'cliMain.cache');
    const good = fs.readFileSync(cacheFile);
    const header = good.indexOf(0x0a) + 1;
    const payload = good.indexOf(0x0a, header) + 1;
    assert.match(good.toString('latin1', header, payload), /^sha256 [0-9a-f]{64}\n$/);
    // The same bytecode named for another build: not used, although V8 would take it (it checks only the length of the code).
    const other = Buffer.concat([Buffer.from(`${BUILD_LINE}${'0'.repeat(32)}\n`, 'latin1'), good.subarray(header)]);
    fs.writeFileSync(cacheFile, other);
    const stale = check(dir, 'report');
    assert.equal(stale.state, 'stale');
    assert.equal(stale.stdout, used.stdout);

    // Damaged bytecode for the right build: V8 does not check it (given these bytes, this V8 stops
    // the process with "Fatal error ... unreachable code"); the hash does, and it is compiled instead.
    const damaged = Buffer.from(good);
    for (let i = payload + 16; i < damaged.length; i += 97) damaged[i] ^= 0x5a;
    fs.writeFileSync(cacheFile, damaged);
    const broken = check(dir, 'report');
    assert.equal(broken.state, 'damaged', broken.stderr.slice(0, 500));
    assert.equal(broken.stdout, used.stdout);
    fs.writeFileSync(cacheFile, good);

    // V8 refuses a cache made with other V8 flags (or by another V8 version), and it is compiled.
    const env = { ...process.env, DOCKER_GO_TRAPS_CODE_CACHE: 'report' };
    const flagged = spawnSync(process.execPath, ['--no-opt', path.join(dir, 'cli.js'), 'check', EXAMPLES, '--format', 'json'], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    assert.match(flagged.stderr, /code cache rejected/);
    assert.equal(flagged.stdout, used.stdout);

    // Cut short, down to its header alone, and gone.
    fs.writeFileSync(cacheFile, good.subarray(0, header));
    assert.equal(check(dir, 'report').state, 'stale');
    fs.rmSync(cacheFile);
    const missing = check(dir, 'report');
    assert.equal(missing.state, 'missing');
    assert.equal(missing.stdout, used.stdout);
    assert.ok(!fs.existsSync(cacheFile), 'a check does not make a cache');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a bundle without a build line is run without a cache, whatever cache lies beside it', () => {
  const dir = copyDist();
  try {
    const bundle = path.join(dir, 'cliMain.js');
    const text = fs.readFileSync(bundle, 'utf8');
    fs.writeFileSync(bundle, text.slice(text.indexOf('\n') + 1));
    const r = check(dir, 'report');
    assert.equal(r.state, 'stale');
    assert.equal(r.stdout, check(DIST, 'off').stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('write makes a cache for the bundle beside it, whole, which the next run uses', () => {
  const dir = copyDist();
  try {
    const cacheFile = path.join(dir, 'cliMain.cache');
    fs.rmSync(cacheFile);
    const w = check(dir, 'write');
    assert.equal(w.status, 1, w.stderr);
    assert.deepEqual(
      fs.readdirSync(dir).filter((n) => n.includes('cache') || n.endsWith('.tmp')),
      ['cliMain.cache'],
      'the cache and no temporary file',
    );
    assert.equal(check(dir, 'report').state, 'used');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
