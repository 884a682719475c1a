/**
 * The facts of a whole main package: every non-test `package main` file of a folder that is built
 * for Linux, merged, with names (package constants, variables, env helpers) resolved across files.
 * Reads go through the project, so the analysis depends on every file of the package.
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import type { CallSite, GoFacts, GoImport } from '../parse/go';
import { resolvePackage, ResolvedPackage } from '../parse/goResolve';
import { cgoModule, GoModRequire } from '../parse/gomod';

export interface PackageFileFacts {
  path: string;
  facts: GoFacts;
}

export interface MainPackage extends ResolvedPackage {
  dir: string;
  files: PackageFileFacts[];
  imports: (GoImport & { path: string; file: string })[];
  importsC: boolean;
  tzdataImported: boolean;
  usesTimeLocal: boolean;
  signals: (CallSite & { path: string })[];
  shutdowns: (CallSite & { path: string })[];
  /** Environment variables the package reads by literal name (os.Getenv, os.LookupEnv, env helpers). */
  envReads: Set<string>;
  /** A cgo-only module the governing go.mod requires (it may serve another main of the module). */
  goModCgo: GoModRequire | undefined;
}

const GOOS_NAMES = ['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos'];
const GOARCH_NAMES = ['386', 'amd64', 'arm', 'arm64', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'ppc64', 'ppc64le', 'riscv64', 's390x', 'wasm'];

/** Evaluates a `//go:build` expression; `unknown` is the value of tags we cannot know. */
function evalConstraint(expr: string, unknown: boolean): boolean | undefined {
  return evalConstraintWith(expr, (t) => {
    if (t === 'linux' || t === 'unix' || t === 'gc') return true;
    if (GOOS_NAMES.includes(t)) return false;
    if (/^go1\.\d+$/.test(t)) return true;
    return unknown;
  });
}

/** A `//go:build` expression's value with each tag's value from `tag`; undefined when it does not parse. */
function evalConstraintWith(expr: string, tag: (t: string) => boolean): boolean | undefined {
  const tokens = expr.match(/!|&&|\|\||\(|\)|[\w.]+/g) ?? [];
  let i = 0;
  const primary = (): boolean | undefined => {
    const t = tokens[i++];
    if (t === '!') {
      const v = primary();
      return v === undefined ? undefined : !v;
    }
    if (t === '(') {
      const v = or();
      if (tokens[i++] !== ')') return undefined;
      return v;
    }
    if (!t || !/^[\w.]+$/.test(t)) return undefined;
    return tag(t);
  };
  const and = (): boolean | undefined => {
    let v = primary();
    while (tokens[i] === '&&') {
      i++;
      const w = primary();
      v = v === undefined || w === undefined ? undefined : v && w;
    }
    return v;
  };
  const or = (): boolean | undefined => {
    let v = and();
    while (tokens[i] === '||') {
      i++;
      const w = and();
      v = v === undefined || w === undefined ? undefined : v || w;
    }
    return v;
  };
  const v = or();
  return i === tokens.length ? v : undefined;
}

/** False when the file is certainly not compiled for linux (file-name suffix or build constraint). */
export function buildsForLinux(file: string, facts: GoFacts): boolean {
  const base = path.basename(file, '.go');
  const parts = base.split('_');
  const last = parts[parts.length - 1];
  const prev = parts[parts.length - 2];
  if (parts.length > 1 && GOOS_NAMES.includes(last)) return false;
  if (parts.length > 2 && GOARCH_NAMES.includes(last) && prev && GOOS_NAMES.includes(prev)) return false;
  if (facts.buildConstraint) {
    const asTrue = evalConstraint(facts.buildConstraint, true);
    const asFalse = evalConstraint(facts.buildConstraint, false);
    if (asTrue === false && asFalse === false) return false;
  }
  return true;
}

const cache = new WeakMap<Project, Map<string, { inputs: GoFacts[]; mod: unknown; value: MainPackage }>>();

/**
 * The merged facts of the main package in `dir`, or undefined when it has no main files. A workspace
 * value: asked by the analysis of each of the package's files, it is built once, not once per file
 * (which made a package of thousands of files quadratic).
 */
export function mainPackageFacts(project: Project, dir: string): MainPackage | undefined {
  return project.workspaceValue(project.valueKey('mainPackageFacts', dir), () => computeMainPackageFacts(project, dir));
}

function computeMainPackageFacts(project: Project, dir: string): MainPackage | undefined {
  const files = project
    .mainFiles(dir)
    .map((p) => ({ path: p, facts: project.goFacts(p) as GoFacts }))
    .filter((f) => f.facts && buildsForLinux(f.path, f.facts));
  if (!files.length) return undefined;
  const modPath = project.nearestGoMod(dir);
  const mod = modPath ? project.goMod(modPath) : undefined;
  let perProject = cache.get(project);
  if (!perProject) {
    perProject = new Map();
    cache.set(project, perProject);
  }
  const hit = perProject.get(dir);
  if (hit && hit.mod === mod && hit.inputs.length === files.length && hit.inputs.every((f, i) => f === files[i].facts)) return hit.value;
  const resolved = resolvePackage(files);
  const value: MainPackage = {
    ...resolved,
    dir,
    files,
    imports: files.flatMap((f) => f.facts.imports.map((i) => ({ ...i, file: f.path }))),
    importsC: files.some((f) => f.facts.importsC),
    tzdataImported: files.some((f) => f.facts.tzdataImported),
    usesTimeLocal: files.some((f) => f.facts.usesTimeLocal),
    signals: files.flatMap((f) => f.facts.signals.map((s) => ({ ...s, path: f.path }))),
    shutdowns: files.flatMap((f) => f.facts.shutdowns.map((s) => ({ ...s, path: f.path }))),
    goModCgo: mod ? cgoModule(mod) : undefined,
    envReads: new Set([...files.flatMap((f) => f.facts.envReads), ...resolved.listens.flatMap((l) => l.env)]),
  };
  perProject.set(dir, { inputs: files.map((f) => f.facts), mod, value });
  return value;
}

/** A package folder of the program's own module, with its non-test Go files (not those named for another OS). */
export interface ProgramPackage {
  dir: string;
  files: string[];
}

/** Import paths of a Go file, read from its text (the import declarations before the first other declaration). */
export function importPathsOf(text: string): string[] {
  const out: string[] = [];
  const end = text.search(/\n(func|type|var|const)\b/);
  const head = (end < 0 ? text : text.slice(0, end)).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const re = /(?:^|\n)\s*import\s*(\(([^)]*)\)|(?:[\w.]+\s+)?"([^"]+)")/g;
  for (let m = re.exec(head); m; m = re.exec(head)) {
    if (m[3]) out.push(m[3]);
    else for (const q of (m[2] ?? '').matchAll(/"([^"]+)"/g)) out.push(q[1]);
  }
  return out;
}

/**
 * Whether a build without tags of its own (`go build`, no `-tags`) compiles a Go file for Linux, on
 * some CPU, with or without cgo: false for a `//go:build` (or `// +build`) constraint that needs a
 * custom tag (`sqlite3`, `integration`, `ignore`), another system or an older Go. Read from the text.
 */
export function inDefaultBuild(text: string): boolean {
  const pkgAt = text.search(/^package\b/m);
  const head = pkgAt < 0 ? text : text.slice(0, pkgAt);
  let expr = /^\/\/go:build[ \t]+(.+)$/m.exec(head)?.[1];
  if (expr === undefined) {
    // `// +build a,b c` lines: spaces are OR, commas AND, the lines ANDed together.
    const lines = [...head.matchAll(/^\/\/[ \t]*\+build[ \t]+(.+)$/gm)].map((m) => m[1].trim());
    if (!lines.length) return true;
    expr = lines.map((l) => '(' + l.split(/\s+/).map((o) => '(' + o.split(',').join(' && ') + ')').join(' || ') + ')').join(' && ');
  }
  const v = evalConstraintWith(expr.replace(/\/\/.*$/, ''), (t) => {
    if (t === 'linux' || t === 'unix' || t === 'gc' || t === 'cgo' || GOARCH_NAMES.includes(t) || /^go1\.\d+$/.test(t)) return true;
    return false;
  });
  return v !== false;
}

/** File names that say a file is not compiled for Linux (main_windows.go, x_darwin_arm64.go). */
export const OTHER_OS_FILE = /_(windows|darwin|freebsd|netbsd|openbsd|plan9|solaris|aix|dragonfly|illumos|ios|android|js|wasip1)(_[a-z0-9]+)?\.go$/;

/**
 * The main package in `mainDir` and the packages of its own module that it imports, transitively
 * (found through go.mod's module path; at most `budget` of them). The imports are read from the
 * files' text, so no file is parsed. `complete` is false when a package of the module could not
 * be read or the budget ran out.
 */
export function programPackages(project: Project, mainDir: string): { packages: readonly ProgramPackage[]; complete: boolean } {
  // Kept per program until a file it read changes: editing one main.go leaves the others' as they are.
  return project.workspaceValue(`model.programPackages\0${mainDir}`, () => computeProgramPackages(project, mainDir, 150));
}

function computeProgramPackages(project: Project, mainDir: string, budget: number): { packages: ProgramPackage[]; complete: boolean } {
  const modFile = project.nearestGoMod(mainDir);
  const modulePath = modFile ? project.goMod(modFile)?.module?.value : undefined;
  const moduleDir = modFile ? path.dirname(modFile) : undefined;
  const packages: ProgramPackage[] = [];
  let complete = true;
  const seen = new Set<string>([mainDir]);
  const queue = [mainDir];
  while (queue.length) {
    const dir = queue.shift() as string;
    let files = (project.exists(dir) === 'dir' ? project.readDir(dir) : [])
      .filter((n) => n.endsWith('.go') && !n.endsWith('_test.go') && !OTHER_OS_FILE.test(n))
      .map((n) => path.join(dir, n));
    if (dir === mainDir) files = [...project.mainFiles(dir)];
    // Files only a build with tags of its own compiles (`//go:build sqlite3`) are not part of the
    // program a plain `go build` makes, nor are the packages only they import.
    files = files.filter((f) => inDefaultBuild(project.text(f) ?? ''));
    if (!files.length) {
      complete = false;
      continue;
    }
    packages.push({ dir, files });
    if (!modulePath || !moduleDir) continue;
    for (const f of files) {
      for (const imp of importPathsOf(project.text(f) ?? '')) {
        if (imp !== modulePath && !imp.startsWith(modulePath + '/')) continue;
        const sub = path.join(moduleDir, ...imp.slice(modulePath.length).split('/').filter(Boolean));
        if (seen.has(sub)) continue;
        seen.add(sub);
        if (seen.size > budget) {
          complete = false;
          continue;
        }
        queue.push(sub);
      }
    }
  }
  return { packages, complete };
}

/**
 * A package's names resolved across its files, kept while the files' facts are the same objects
 * (the project parses a file again only when its text changes): editing a Dockerfile does not
 * resolve the Go package it builds again. The result is shared: read it, do not change it.
 */
const resolvedCache = new WeakMap<GoFacts, { files: readonly PackageFileFacts[]; value: ResolvedPackage }>();

export function resolvedPackage(files: readonly PackageFileFacts[]): ResolvedPackage {
  const hit = resolvedCache.get(files[0].facts);
  if (hit && hit.files.length === files.length && hit.files.every((f, i) => f.facts === files[i].facts && f.path === files[i].path)) return hit.value;
  const value = resolvePackage([...files]);
  resolvedCache.set(files[0].facts, { files, value });
  return value;
}
