/**
 * Start-up from V8's code cache. The CLI's code is one bundle (dist/cliMain.js) that dist/cli.js runs
 * through node:vm with the bytecode V8 made for it in an earlier run (dist/cliMain.cache), so that a
 * check does not parse and compile its code again: compiling is a fixed part of every run (about a
 * tenth of a check of 559 files, a sixth of a check of one folder; docs/benchmarks.md).
 *
 * The cache is made by the build (scripts/build.mjs runs the CLI once over the rule fixtures with
 * DOCKER_GO_TRAPS_CODE_CACHE=write, which writes it next to the bundle when that run exits), so it
 * holds the functions a check calls, not just the top level. It is used only by the build of the
 * bundle it was made from (the bundle's first line names its build: a hash of the rest, which the
 * cache's first line repeats) and only whole (its second line holds a SHA-256 of the rest: V8 does
 * not check the bytes it is given, and damaged ones end the process); V8 itself refuses a cache made
 * by another V8 version or with other flags. A cache that is missing or refused costs only its read
 * (and the hash: about a millisecond), and the code is compiled as usual.
 *
 * DOCKER_GO_TRAPS_CODE_CACHE: `off` compiles without the cache, `report` says on stderr whether the
 * cache was used, `write` (the build's) writes a new one at exit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';

/** How a bundle's first line starts; the build's hash follows. */
export const BUILD_LINE = '// docker-go-traps build ';

/**
 * `used`; `rejected` by V8 (another V8 version or other flags); `stale` (made for another build, or
 * the bundle names none); `damaged` (its bytes do not match their hash); `missing`; `off`.
 */
export type CodeCacheState = 'used' | 'rejected' | 'stale' | 'damaged' | 'missing' | 'off';

const HASH_LINE = 'sha256 ';
const HASH_LINE_LENGTH = HASH_LINE.length + 64 + 1;

function hashLine(data: Uint8Array): string {
  return `${HASH_LINE}${createHash('sha256').update(data).digest('hex')}\n`;
}

/** The cache file of a bundle: `x.js` → `x.cache`. */
export function cacheFileOf(bundle: string): string {
  return bundle.replace(/\.js$/, '') + '.cache';
}

/** The bundle's build line (its first line when it starts with {@link BUILD_LINE}), else undefined. */
function buildLineOf(source: string): string | undefined {
  if (!source.startsWith(BUILD_LINE)) return undefined;
  const end = source.indexOf('\n');
  return end < 0 ? undefined : source.slice(0, end + 1);
}

/**
 * Runs a CommonJS bundle as Node would run it as the main module, compiled with its code cache when
 * there is a matching one. Returns what became of the cache.
 */
export function runBundle(bundle: string, mode = process.env.DOCKER_GO_TRAPS_CODE_CACHE): CodeCacheState {
  const source = fs.readFileSync(bundle, 'utf8');
  const build = buildLineOf(source);
  const cacheFile = cacheFileOf(bundle);
  let state: CodeCacheState = 'off';
  let cachedData: Buffer | undefined;
  if (mode !== 'off' && mode !== 'write') {
    state = 'missing';
    let data: Buffer | undefined;
    try {
      data = fs.readFileSync(cacheFile);
    } catch {
      // none: compiled as usual
    }
    if (data) {
      const header = build === undefined ? undefined : Buffer.from(build, 'latin1');
      const payload = header ? header.length + HASH_LINE_LENGTH : 0;
      if (!header || data.length <= payload || !data.subarray(0, header.length).equals(header)) state = 'stale';
      else if (data.toString('latin1', header.length, payload) !== hashLine(data.subarray(payload))) state = 'damaged';
      else cachedData = data.subarray(payload);
    }
  }
  // The same wrapper as Node's for a CommonJS module, on the bundle's first line: line numbers in stack traces stay the bundle's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename: bundle, cachedData });
  if (cachedData) state = script.cachedDataRejected ? 'rejected' : 'used';
  if (mode === 'report') process.stderr.write(`docker-go-traps: code cache ${state}\n`);
  if (mode === 'write' && build !== undefined) process.once('exit', () => writeCache(cacheFile, build, script.createCachedData()));
  const wrapped = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: unknown, filename: string, dirname: string) => void;
  const mod = { exports: {} };
  wrapped.call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));
  return state;
}

/** Writes the cache whole or not at all (a run that reads it meanwhile sees the old one or the new one). */
function writeCache(file: string, build: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(build + hashLine(data), 'latin1'), data]));
    fs.renameSync(tmp, file);
  } catch (e) {
    process.stderr.write(`docker-go-traps: could not write the code cache ${file}: ${(e as Error).message}\n`);
    fs.rmSync(tmp, { force: true });
  }
}
