// Prints server/src/facts/goStdApi.ts: the standard-library packages and package-level names each Go
// release added, read from the API lists the Go repository keeps (api/go1.N.txt, one line per
// exported name, `pkg io, func ReadAll(Reader) ([]uint8, error)`).
//
//   node scripts/goStdApi.mjs <git dir or clone of golang/go> <commit> [first minor, default 12] [last minor, default 24]
//
// Kept: `func`, `type`, `var` and `const` lines of a package (not methods, struct fields or
// interface methods, which a token scan cannot tie to their package; not lines that only mark a
// name deprecated; not `syscall`, whose lists differ per system). A package is new in the release
// whose list first names it (go1.txt is Go 1.0); `runtime/cgo` is left out (it existed long before
// its first exported name), and `time/tzdata`, which has no exported names, is added by hand (its
// folder src/time/tzdata first appears on 2020-03-21, between the 1.14 and 1.15 releases).
import { execFileSync } from 'node:child_process';

const [gitDir, commit, firstArg = '12', lastArg = '24'] = process.argv.slice(2);
if (!gitDir || !commit) {
  process.stderr.write('usage: node scripts/goStdApi.mjs <golang/go git dir> <commit> [first minor] [last minor]\n');
  process.exit(2);
}
const first = Number(firstArg);
const last = Number(lastArg);
const show = (file) => execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:api/${file}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const fullCommit = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', commit], { encoding: 'utf8' }).trim();

const NOT_NEW = new Set(['runtime/cgo']);
const BY_HAND = { 'time/tzdata': 15 };

const seen = new Set();
/** Every package-level name any earlier list named, for one system or for all (`io.ReadAll`). */
const seenNames = new Set();
const versions = [];
for (let n = 0; n <= last; n++) {
  const text = show(n === 0 ? 'go1.txt' : `go1.${n}.txt`);
  const newPackages = new Set();
  const names = new Map();
  const named = [];
  for (const line of text.split('\n')) {
    const m = /^pkg ([^ ,]+)( \([^)]*\))?, (.*)$/.exec(line);
    if (!m) continue;
    const [, pkg, system, rest] = m;
    if (!seen.has(pkg)) {
      seen.add(pkg);
      if (!NOT_NEW.has(pkg)) newPackages.add(pkg);
    }
    const d = /^(func|type|var|const) ([A-Z][A-Za-z0-9_]*)/.exec(rest);
    if (!d) continue;
    // `type T struct, Field` and `type I interface, Method` name a member, not a new type.
    if (d[1] === 'type' && /^type \S+ (struct|interface), /.test(rest)) continue;
    const full = `${pkg}.${d[2]}`;
    named.push(full);
    // A list for one system (a new port) repeats names its package had; a deprecation note is no addition.
    if (system || seenNames.has(full) || pkg === 'syscall' || pkg.startsWith('syscall/') || line.includes('//deprecated')) continue;
    if (!names.has(pkg)) names.set(pkg, new Set());
    names.get(pkg).add(d[2]);
  }
  for (const full of named) seenNames.add(full);
  for (const [pkg, minor] of Object.entries(BY_HAND)) if (minor === n) newPackages.add(pkg);
  if (n >= first) versions.push({ minor: n, newPackages: [...newPackages].sort(), names });
}

const out = [];
out.push(`/**
 * The standard-library packages and package-level names (functions, types, variables, constants)
 * each Go release added, from Go 1.${first} to Go 1.${last}: an older Go has no such package (\`package
 * slices is not in GOROOT\`) or name (\`undefined: io.ReadAll\`). Methods and struct fields are not
 * listed. Names of a package new in a release are not listed again: importing the package is what
 * fails.
 *
 * Source: the API lists of the Go repository, api/go1.N.txt, at golang/go@${fullCommit}
 * (\`time/tzdata\`, which has no exported names, from its folder's first commit, 2020-03-21, in the
 * Go 1.15 cycle). Printed by \`node scripts/goStdApi.mjs <golang/go git dir> <commit>\`.
 *
 * Data only: imports nothing, so every layer can use it.
 */

export interface StdAdditions {
  /** The Go minor version of the release (21 for Go 1.21). */
  minor: number;
  /** Import paths of the packages it added. */
  packages: readonly string[];
  /** Per import path of an older package, the names it added, separated by spaces. */
  names: Readonly<Record<string, string>>;
}

export const STD_ADDITIONS: readonly StdAdditions[] = [`);
for (const v of versions) {
  out.push(`  {`);
  out.push(`    minor: ${v.minor},`);
  out.push(`    packages: [${v.newPackages.map((p) => `'${p}'`).join(', ')}],`);
  out.push(`    names: {`);
  for (const pkg of [...v.names.keys()].sort()) {
    if (v.newPackages.includes(pkg)) continue;
    out.push(`      '${pkg}': '${[...v.names.get(pkg)].sort().join(' ')}',`);
  }
  out.push(`    },`);
  out.push(`  },`);
}
out.push(`];`);
process.stdout.write(out.join('\n') + '\n');
