/**
 * What a Dockerfile's build context holds, as seen by the builder: exact-case path lookups (Windows
 * and macOS file systems answer `stat("Main.go")` for main.go; the builder does not), glob
 * expansion, the .dockerignore that applies, the git work tree around it and its .gitignore files.
 */
import * as path from 'node:path';
import type { ImageBuild, Project } from '../project/project';
import { excludedBy, IgnorePattern } from '../parse/dockerignore';
import { memoByString } from '../core/memo';
import { SKIPPED_DIRS } from '../project/files';
import { linearMatcher, Matcher } from '../core/linearRegExp';
import { leafTargets, withOtherTargets } from './osTargets';
import { walkRepository } from './repositoryWalk';
import { hostBuildsOf } from './hostScripts';

export { walkRepository };

/**
 * The image builds of the analysed Dockerfile: those of the workspace (a standalone one when no
 * compose file builds it), and the Linux targets of a Dockerfile that ends in a Windows stage
 * (model/osTargets.ts). With `leaves`, also the named stages nothing builds on or copies from that
 * set their own ENTRYPOINT or CMD (`leafTargets`): for rules that judge whether a container starts
 * at all, whatever the image is for. Do not modify the result.
 */
export function buildsOfDockerfile(ctx: { project: Project; path: string }, opts?: { leaves?: boolean }): readonly ImageBuild[] {
  const builds = buildsWithoutLeaves(ctx);
  if (!opts?.leaves || !builds.some((b) => !b.service && b.target === undefined)) return builds;
  const model = ctx.project.untracked(() => ctx.project.dockerfile(ctx.path));
  if (!model) return builds;
  let byModel = withLeaves.get(builds);
  if (!byModel) withLeaves.set(builds, (byModel = new WeakMap()));
  let all = byModel.get(model);
  if (!all) {
    all = [...builds];
    for (const b of builds) for (const x of leafTargets(b, model)) if (!all.some((y) => y.target === x.target && y.context === x.context)) all.push(x);
    byModel.set(model, all);
  }
  return all;
}

const withLeaves = new WeakMap<readonly ImageBuild[], WeakMap<object, ImageBuild[]>>();

function buildsWithoutLeaves(ctx: { project: Project; path: string }): readonly ImageBuild[] {
  const found = ctx.project.buildsFor(ctx.path);
  const builds = found.length ? found : [{ dockerfile: ctx.path, context: path.dirname(ctx.path), target: undefined, service: undefined }];
  if (!builds.some((b) => !b.service && b.target === undefined)) return builds;
  // Read without making the file's text a dependency of the value in progress: values kept per stage
  // (model/stageValues.ts) call this, and would otherwise be dropped at every edit of the file. What
  // the extra targets add is the same file and context with another target, which such values do not
  // look at; the rules iterate the builds themselves, and a new target is a new key there.
  const model = ctx.project.untracked(() => ctx.project.dockerfile(ctx.path));
  if (!model) return builds;
  const named = scriptTargetsOf(ctx.project, ctx.path);
  let byModel = withTargets.get(builds);
  if (!byModel) withTargets.set(builds, (byModel = new WeakMap()));
  // By the list object: scriptTargetsOf gives the same list until what it read changes.
  let byNamed = byModel.get(model);
  if (!byNamed) byModel.set(model, (byNamed = new WeakMap()));
  let all = byNamed.get(named);
  if (!all) {
    all = [];
    for (const b of builds) for (const x of withOtherTargets(b, model, named)) if (!all.includes(x)) all.push(x);
    byNamed.set(named, all);
  }
  return all;
}

const withTargets = new WeakMap<readonly ImageBuild[], WeakMap<object, WeakMap<readonly string[], ImageBuild[]>>>();

/** The stages that the repository's Makefiles and scripts build from this Dockerfile with `--target`. */
export function scriptTargetsOf(project: Project, dockerfile: string): readonly string[] {
  return project.workspaceValue(project.valueKey('scriptTargets', dockerfile), () => {
    const root = gitRootOf(project, path.dirname(dockerfile));
    if (root === undefined) return [];
    return [...new Set(hostBuildsOf(project, root, dockerfile).flatMap((b) => (b.target ? [b.target] : [])))].sort();
  });
}

/** The nearest folder at or above `dir` that holds `.git` (a folder, or a file for worktrees). */
export function gitRootOf(project: Project, dir: string): string | undefined {
  return project.workspaceValue(project.valueKey('gitRootOf', dir), () => {
    for (let d = dir; ; d = path.dirname(d)) {
      if (project.exists(path.join(d, '.git'))) return d;
      if (path.dirname(d) === d) return undefined;
    }
  });
}

/**
 * The folders that may be the build context. A compose build states its context. A Dockerfile no
 * compose file builds may be built from its own folder or, with `docker build -f`, from any parent
 * up to the repository root (or the Go module root when there is no repository).
 */
export function candidateContexts(project: Project, build: ImageBuild): readonly string[] {
  if (build.service) return [build.context];
  const dir = path.dirname(build.dockerfile);
  // Asked by several rules on every analysis; it changes only with .git or go.mod files.
  return project.workspaceValue(project.valueKey('candidateContexts', dir), () => {
    const top = gitRootOf(project, dir) ?? moduleRootAbove(project, dir);
    const out = [dir];
    if (!top || !isInside(dir, top)) return out;
    for (let d = dir; d !== top; ) {
      d = path.dirname(d);
      out.push(d);
    }
    return out;
  });
}

/**
 * The folders other than its own context that a Dockerfile no compose file builds may be built
 * from (`docker build -f sub/Dockerfile .`); none for a compose service, whose context is named.
 */
export function otherCandidateContexts(project: Project, build: ImageBuild): readonly string[] {
  return build.service ? [] : candidateContexts(project, build).filter((c) => c !== build.context);
}

function moduleRootAbove(project: Project, dir: string): string | undefined {
  const mod = project.nearestGoMod(dir);
  return mod ? path.dirname(mod) : undefined;
}

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Context-relative path segments of a COPY source; undefined when it leaves the context. Rules ask
 * for the same sources on every analysis: the answers are kept per source text.
 */
export const sourceSegments: (source: string) => readonly string[] | undefined = memoByString(10_000, computeSegments);

function computeSegments(source: string): readonly string[] | undefined {
  const segs: string[] = [];
  for (const s of source.split('/')) {
    if (!s || s === '.') continue;
    if (s === '..') return undefined;
    segs.push(s);
  }
  return segs;
}

export type Lookup =
  | { kind: 'exact'; host: string; dir: boolean }
  | { kind: 'case'; host: string; dir: boolean; corrected: string[] }
  | { kind: 'ambiguous' }
  | { kind: 'missing' };

/**
 * Looks a relative path up segment by segment in folder listings, so the answer is the same on
 * case-insensitive file systems as in the (case-sensitive) builder.
 */
export function lookupExact(project: Project, root: string, segs: readonly string[]): Lookup {
  let cur = root;
  // The segments as the disk spells them, kept from the first one that differs in case.
  let corrected: string[] | undefined;
  if (project.exists(root) !== 'dir') return { kind: 'missing' };
  for (let k = 0; k < segs.length; k++) {
    const names = project.readDir(cur);
    let name = segs[k];
    if (!names.includes(name)) {
      const lower = name.toLowerCase();
      let near: string | undefined;
      for (const n of names) {
        if (n.toLowerCase() !== lower) continue;
        if (near !== undefined) return { kind: 'ambiguous' };
        near = n;
      }
      if (near === undefined) return { kind: 'missing' };
      name = near;
      corrected ??= segs.slice(0, k);
    }
    corrected?.push(name);
    // A listed name is one plain segment: joined without path.join's normalising pass.
    cur = cur.endsWith(path.sep) ? cur + name : cur + path.sep + name;
    const kind = project.exists(cur);
    if (!kind || (k < segs.length - 1 && kind !== 'dir')) return { kind: 'missing' };
  }
  const dir = project.exists(cur) === 'dir';
  return corrected ? { kind: 'case', host: cur, dir, corrected } : { kind: 'exact', host: cur, dir };
}

export function hasGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

const globbed = new WeakMap<readonly string[], boolean>();

/** Whether any segment of a {@link sourceSegments} result is a glob: once per result (they are shared per source text). */
export function anyGlob(segs: readonly string[]): boolean {
  let glob = globbed.get(segs);
  if (glob === undefined) globbed.set(segs, (glob = segs.some(hasGlob)));
  return glob;
}

/** Expands a glob source (Go filepath.Match syntax per segment) to exact host paths; capped. */
export function expandGlob(project: Project, root: string, segs: readonly string[], cap = 500): string[] {
  let level = [root];
  for (const seg of segs) {
    const next: string[] = [];
    const re = hasGlob(seg) ? segmentRegExp(seg) : undefined;
    for (const dir of level) {
      if (project.exists(dir) !== 'dir') continue;
      if (!re) {
        if (project.readDir(dir).includes(seg)) next.push(path.join(dir, seg));
        continue;
      }
      for (const n of project.readDir(dir)) if (re.test(n)) next.push(path.join(dir, n));
      if (next.length > cap) break;
    }
    level = next;
    if (!level.length) break;
  }
  return level;
}

function segmentRegExp(glob: string): Matcher {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i + 1) {
        re += '[' + glob.slice(i + 1, close).replace(/^\^/, '\\^').replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      } else re += '\\[';
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return linearMatcher('^' + re + '$');
}

/**
 * The path of the ignore file BuildKit applies: `<Dockerfile>.dockerignore` beside the Dockerfile,
 * else `<context>/.dockerignore`. (Its patterns, for a build: `ignoreFileOf` in goCommands.ts.)
 */
export function ignoreFilePath(project: Project, dockerfile: string, context: string): string | undefined {
  const specific = dockerfile + '.dockerignore';
  if (project.exists(specific) === 'file') return specific;
  const general = path.join(context, '.dockerignore');
  return project.exists(general) === 'file' ? general : undefined;
}

/**
 * The .dockerignore pattern that keeps `host` out of the context, if any. A folder is only called
 * excluded when no `!` pattern could bring back something below it.
 */
export function excludingPattern(project: Project, ignoreFile: string | undefined, context: string, host: string, dir: boolean): IgnorePattern | undefined {
  if (!ignoreFile) return undefined;
  const patterns = project.dockerignore(ignoreFile);
  if (!patterns?.length) return undefined;
  const rel = path.relative(context, host).split(path.sep).join('/');
  if (!rel) return undefined;
  const pat = excludedBy(patterns, rel);
  if (!pat) return undefined;
  if (dir) {
    for (const p of patterns) {
      if (!p.negate) continue;
      const body = p.raw.replace(/^!\s*/, '').replace(/^\/+/, '');
      if (body.startsWith(rel + '/') || /^[*?[]/.test(body)) return undefined;
    }
  }
  return pat;
}

// ---- .gitignore -------------------------------------------------------------------------------

interface GitPattern {
  negate: boolean;
  dirOnly: boolean;
  anchored: boolean;
  re: Matcher;
  /** Offsets of the line in its file, and the line as written. */
  start: number;
  end: number;
  raw: string;
}

function parseGitignore(text: string): GitPattern[] {
  const out: GitPattern[] = [];
  let offset = 0;
  for (const rawLine of text.split('\n')) {
    const lineStart = offset;
    offset += rawLine.length + 1;
    let p = rawLine.replace(/\r$/, '');
    const raw = p.trim();
    if (!p || p.startsWith('#')) continue;
    p = p.replace(/(?<!\\)\s+$/, '');
    if (!p) continue;
    let negate = false;
    if (p.startsWith('!')) {
      negate = true;
      p = p.slice(1);
    }
    if (p.startsWith('\\')) p = p.slice(1);
    const dirOnly = p.endsWith('/');
    p = p.replace(/\/+$/, '');
    const anchored = p.includes('/');
    p = p.replace(/^\/+/, '');
    if (!p) continue;
    out.push({ negate, dirOnly, anchored, re: gitGlobRegExp(p), start: lineStart, end: lineStart + rawLine.replace(/\r$/, '').length, raw });
  }
  return out;
}

function gitGlobRegExp(glob: string): Matcher {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const atStart = i === 0 || glob[i - 1] === '/';
      const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
      if (atStart && atEnd) {
        if (i + 2 === glob.length) re += '.*';
        else re += '(?:.*/)?';
        i += glob[i + 2] === '/' ? 2 : 1;
        continue;
      }
      re += '[^/]*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i + 1) {
        re += '[' + glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      } else re += '\\[';
    } else if (c === '\\' && i + 1 < glob.length) {
      re += glob[++i].replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return linearMatcher('^' + re + '$');
}

/**
 * Whether git ignores `host` (a path below `gitRoot`): the .gitignore files from the root down to
 * its folder and .git/info/exclude. A path below an ignored folder is ignored (git cannot re-include
 * it). The global excludes file is not read.
 */
export function gitIgnored(project: Project, gitRoot: string, host: string, isDir: boolean): boolean {
  return gitIgnoring(project, gitRoot, host, isDir) !== undefined;
}

/** The pattern (file, offsets, text) that makes git ignore `host`, when git ignores it (see {@link gitIgnored}). */
export function gitIgnoring(project: Project, gitRoot: string, host: string, isDir: boolean): { file: string; start: number; end: number; raw: string } | undefined {
  const rel = path.relative(gitRoot, host).split(path.sep).join('/');
  if (!rel || rel.startsWith('..')) return undefined;
  const segs = rel.split('/');
  const sources: { base: string; file: string; patterns: GitPattern[] }[] = [];
  const excludeFile = path.join(gitRoot, '.git', 'info', 'exclude');
  const exclude = project.text(excludeFile);
  if (exclude) sources.push({ base: '', file: excludeFile, patterns: parseGitignore(exclude) });
  for (let k = 0; k < segs.length; k++) {
    const base = segs.slice(0, k).join('/');
    const file = path.join(gitRoot, ...segs.slice(0, k), '.gitignore');
    const text = project.text(file);
    if (text) sources.push({ base, file, patterns: parseGitignore(text) });
    // Decide the prefix segs[0..k]: once a folder is ignored, everything below it is.
    const prefix = segs.slice(0, k + 1).join('/');
    const prefixIsDir = k < segs.length - 1 || isDir;
    let ignoring: { file: string; p: GitPattern } | undefined;
    for (const src of sources) {
      if (src.base && !prefix.startsWith(src.base + '/')) continue;
      const local = src.base ? prefix.slice(src.base.length + 1) : prefix;
      const name = local.slice(local.lastIndexOf('/') + 1);
      for (const p of src.patterns) {
        if (p.dirOnly && !prefixIsDir) continue;
        if (p.anchored ? p.re.test(local) : p.re.test(name)) ignoring = p.negate ? undefined : { file: src.file, p };
      }
    }
    if (ignoring) return { file: ignoring.file, start: ignoring.p.start, end: ignoring.p.end, raw: ignoring.p.raw };
  }
  return undefined;
}

/**
 * A folder of the repository, other than `except`, that holds every one of `sources` (each a list of
 * path segments), found by a bounded walk up to four folders deep: the folder a standalone
 * Dockerfile is really built from when none of its own candidate contexts has what it copies (a
 * bundle Dockerfile copied next to its manifests by a script before `docker build`).
 */
export function folderHoldingAll(project: Project, gitRoot: string, sources: readonly (readonly string[])[], except: readonly string[]): string | undefined {
  let found: string | undefined;
  const enter = (n: string, depth: number) => found === undefined && depth < 4 && !n.startsWith('.') && !SKIPPED_DIRS.has(n) && !OUTPUT_LIKE.test(n);
  walkRepository(project, gitRoot, 300, enter, () => undefined, (dir) => {
    if (found !== undefined || except.includes(dir)) return;
    if (sources.every((segs) => project.exists(path.join(dir, ...segs)) !== undefined)) found = dir;
  });
  return found;
}

/** Folders a walk for sources leaves out: dependencies and build output. */
const OUTPUT_LIKE = /^(node_modules|dist|build|out|target|bin)$/;

/**
 * A goreleaser configuration of the repository that builds Docker images: with its own `dockers`
 * (or `dockers_v2`) section, or one that `includes:` a shared template and names Dockerfiles for it
 * (ory's projects pass `dockerfile_alpine: .docker/Dockerfile-alpine` as template variables).
 */
export function goreleaserDockers(project: Project, gitRoot: string): boolean {
  return goreleaserConfigs(project, gitRoot).some((f) => {
    const t = project.text(f);
    return t !== undefined && (/^\s*(dockers|docker_v2|dockers_v2)\s*:/m.test(t) || (/^includes\s*:/m.test(t) && /dockerfile/i.test(t)));
  });
}

const GORELEASER_NAME = /^\.?goreleaser(\.[\w-]+)?\.ya?ml$/;

/**
 * goreleaser configurations of the repository: in its root or in a folder up to three levels below
 * it (`build/.goreleaser.yaml`, `deploy/release/goreleaser.yml`), the places projects keep them.
 */
export function goreleaserConfigs(project: Project, gitRoot: string): string[] {
  return project.workspaceValue('goreleaserConfigs\0' + gitRoot, () => {
    const out: string[] = [];
    const enter = (n: string, depth: number) => depth < 3 && !n.startsWith('.') && !SKIPPED_DIRS.has(n) && !/^(testdata|docs?|examples?|web|frontend|ui)$/.test(n) && !n.includes('.');
    walkRepository(project, gitRoot, 400, enter, (file, n) => {
      if (GORELEASER_NAME.test(n)) out.push(file);
    });
    return out;
  });
}
