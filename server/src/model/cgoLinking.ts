/**
 * Whether a Go program built with cgo enabled is linked against the C library. cgo being enabled is
 * not enough: the Go linker links a program statically unless a package in it uses cgo. In the
 * standard library those are `net` (its DNS resolver) and `os/user` (and `plugin`, `runtime/cgo`),
 * so every package that imports them does too; outside it, a package with `import "C"`.
 *
 * A program whose packages are all standard ones outside that set (fmt, os, strings, encoding/json,
 * time ...) — also through the packages of its own module it imports — is static even with cgo on.
 * Anything else (a third-party import, a package we cannot read) counts as maybe linked.
 */
import * as path from 'node:path';
import type { ImageBuild, Project } from '../project/project';
import type { GoFacts } from '../parse/go';
import { envFor, goEnvWritten, normalizePosix, type DockerfileModel, type GoBuildCommand } from '../parse/dockerfile';
import { buildsForLinux } from './goPackage';
import { mainDirsOf } from './builds';
import { ignoreFileOf, originOf } from './goCommands';
import { cgoModule } from '../parse/gomod';

/**
 * Standard packages that are known to reach none of net, os/user, plugin and runtime/cgo (Go 1.22
 * sources: their imports, transitively). A prefix entry ends with "/".
 */
const STATIC_STD = new Set([
  'archive/tar', 'archive/zip', 'bufio', 'bytes', 'cmp', 'compress/', 'container/', 'context', 'crypto', 'crypto/aes', 'crypto/cipher',
  'crypto/des', 'crypto/dsa', 'crypto/ecdh', 'crypto/ecdsa', 'crypto/ed25519', 'crypto/elliptic', 'crypto/hmac', 'crypto/md5', 'crypto/rand',
  'crypto/rc4', 'crypto/rsa', 'crypto/sha1', 'crypto/sha256', 'crypto/sha512', 'crypto/subtle', 'database/sql', 'database/sql/driver', 'debug/',
  'embed', 'encoding', 'encoding/', 'errors', 'flag', 'fmt', 'go/', 'hash', 'hash/', 'html', 'html/template', 'image', 'image/', 'index/suffixarray',
  'io', 'io/fs', 'io/ioutil', 'iter', 'log', 'log/slog', 'maps', 'math', 'math/', 'mime', 'mime/quotedprintable', 'os', 'os/exec', 'os/signal',
  'path', 'path/filepath', 'reflect', 'regexp', 'regexp/syntax', 'runtime', 'runtime/debug', 'runtime/pprof', 'runtime/trace', 'slices', 'sort',
  'strconv', 'strings', 'sync', 'sync/atomic', 'syscall', 'text/scanner', 'text/tabwriter', 'text/template', 'text/template/parse', 'time',
  'time/tzdata', 'unicode', 'unicode/', 'unique', 'unsafe', 'testing',
]);

function isStaticStd(importPath: string): boolean {
  if (STATIC_STD.has(importPath)) return true;
  for (let i = importPath.indexOf('/'); i > 0; i = importPath.indexOf('/', i + 1)) {
    if (STATIC_STD.has(importPath.slice(0, i + 1))) return true;
  }
  return false;
}

/** A Go file the build compiles, with its facts. */
export interface BuiltFile {
  path: string;
  facts: GoFacts;
}

/**
 * Whether a build of these files (the main package as the build names it) links against the C
 * library when cgo is on: `no` when every package it reaches is a standard one that does not use
 * cgo; `maybe` otherwise. Packages of the program's own module are followed through `go.mod`'s
 * module path (at most 200 of them).
 */
export function cgoLinkage(project: Project, files: readonly BuiltFile[]): 'no' | 'maybe' {
  if (!files.length) return 'maybe';
  const modFile = project.nearestGoMod(path.dirname(files[0].path));
  const modulePath = modFile ? project.goMod(modFile)?.module?.value : undefined;
  const moduleDir = modFile ? path.dirname(modFile) : undefined;
  const seen = new Set<string>();
  let budget = 200;
  const visit = (pkgFiles: readonly BuiltFile[]): boolean => {
    for (const f of pkgFiles) {
      if (f.facts.importsC || f.facts.cgoImports.length) return false;
      for (const imp of f.facts.imports) {
        const p = imp.path;
        if (p === 'C') return false;
        if (isStaticStd(p)) continue;
        if (modulePath && moduleDir && (p === modulePath || p.startsWith(modulePath + '/'))) {
          if (seen.has(p)) continue;
          seen.add(p);
          if (--budget < 0) return false;
          const dir = path.join(moduleDir, ...p.slice(modulePath.length).split('/').filter(Boolean));
          const local = packageFiles(project, dir);
          if (!local || !visit(local)) return false;
          continue;
        }
        return false;
      }
    }
    return true;
  };
  return visit(files) ? 'no' : 'maybe';
}

/** The non-test Go files of a package folder that build for Linux; undefined when it cannot be read. */
function packageFiles(project: Project, dir: string): BuiltFile[] | undefined {
  if (project.exists(dir) !== 'dir') return undefined;
  const out: BuiltFile[] = [];
  for (const n of project.readDir(dir)) {
    if (!n.endsWith('.go') || n.endsWith('_test.go')) continue;
    const p = path.join(dir, n);
    const facts = project.goFacts(p);
    if (!facts) return undefined;
    if (facts.hasErrors) return undefined;
    if (buildsForLinux(p, facts)) out.push({ path: p, facts });
  }
  return out.length ? out : undefined;
}

/**
 * The Go files a `go build` compiles into its main package, on the host: the named .go files
 * (`go build main.go`), or the Linux files of the package folders it builds. Undefined when they
 * cannot be told (variables, import paths, copies we cannot follow).
 */
export function builtMainFiles(project: Project, build: ImageBuild, model: DockerfileModel, gb: GoBuildCommand): BuiltFile[] | undefined {
  const values = gb.packages.map((w) => w.value);
  if (!values.length || !values.every((v) => v.endsWith('.go'))) {
    const dirs = mainDirsOf(project, build, model, gb);
    if (!dirs.length) return undefined;
    const out: BuiltFile[] = [];
    for (const d of dirs) {
      const files = packageFiles(project, d);
      if (!files) return undefined;
      out.push(...files);
    }
    return out;
  }
  if (gb.cwd === undefined || values.some((v) => v.includes('$'))) return undefined;
  const ignore = ignoreFileOf(project, build)?.patterns;
  const out: BuiltFile[] = [];
  for (const v of values) {
    const origin = originOf(project, build, model, gb.stage, normalizePosix(v.startsWith('/') ? v : gb.cwd + '/' + v), gb.instruction.start, ignore);
    const host = origin.provider?.host;
    const facts = host && !origin.unknown ? project.goFacts(host) : undefined;
    if (!host || !facts || facts.hasErrors) return undefined;
    out.push({ path: host, facts });
  }
  return out;
}

/** Whether a go build links statically whatever cgo does: `-extldflags "-static"`, or `-tags netgo,osusergo`. */
export function linksStatically(gb: GoBuildCommand): boolean {
  const ld = gb.flags.get('ldflags')?.value ?? '';
  if (/extldflags[=\s'"]*-static/.test(ld)) return true;
  const tags = (gb.flags.get('tags')?.value ?? '').split(/[,\s]+/);
  return tags.includes('netgo') && tags.includes('osusergo');
}

/** Why the program a go build compiles needs cgo, if it does: `import "C"` in a main file, or a cgo module in go.mod. */
export function cgoNeed(project: Project, build: ImageBuild, model: DockerfileModel, gb: GoBuildCommand): string | undefined {
  for (const dir of mainDirsOf(project, build, model, gb)) {
    for (const f of project.mainFiles(dir)) {
      if (project.goFacts(f)?.importsC) return `${path.basename(f)} has import "C"`;
    }
    const modPath = project.nearestGoMod(dir);
    const mod = modPath ? project.goMod(modPath) : undefined;
    const req = mod && cgoModule(mod);
    if (req) return `go.mod requires ${req.path}`;
  }
  return undefined;
}

/**
 * How a go build's binary stands with the C library, when it is linked against it: cgo turned on
 * explicitly (CGO_ENABLED=1), needed by the program (`reason`), or on by default and not needed
 * (CGO_ENABLED=0 would make it static). Undefined when the binary does not link against the C
 * library: cgo off (or set through a variable we cannot see), static linking, or a program that
 * reaches no package that uses cgo.
 */
export function cgoLinked(project: Project, build: ImageBuild, model: DockerfileModel, gb: GoBuildCommand): { how: 'explicit' } | { how: 'needs'; reason: string } | { how: 'default' } | undefined {
  const cgo = envFor(gb, 'CGO_ENABLED') ?? goEnvWritten(model, gb.stage, gb.instruction.start, 'CGO_ENABLED');
  if (cgo !== undefined && cgo !== '1') return undefined; // "0", or a variable we cannot see through
  if (linksStatically(gb)) return undefined;
  // With cgo on, only a program with a package that uses cgo (net, os/user, import "C") is linked
  // against the C library: one that reaches none of them is static anyway.
  const built = builtMainFiles(project, build, model, gb);
  if (built && cgoLinkage(project, built) === 'no') return undefined;
  if (cgo === '1') return { how: 'explicit' };
  const reason = cgoNeed(project, build, model, gb);
  return reason ? { how: 'needs', reason } : { how: 'default' };
}
