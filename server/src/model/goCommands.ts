/**
 * Helpers shared by the Go-toolchain rules (DGT102–DGT113): golang image tags and versions, every
 * `go <verb>` of a RUN with the environment it runs in, and a map from container paths back to the
 * files of the build context that COPY/ADD put there (file copies, folder copies and simple globs).
 */
import * as path from 'node:path';
import type { ImageBuild, Project } from '../project/project';
import type { DockerfileModel, DInstruction, Environment, Stage } from '../parse/dockerfile';
import { copyArgs, copyInstructions, countBefore, goEnvWritten, goRuns, GoRun, normalizePosix, perStage, substitute } from '../parse/dockerfile';
import { splitAssignments, Word } from '../parse/shell';
import { excludedBy, IgnorePattern } from '../parse/dockerignore';
import { linearMatcher, Matcher } from '../core/linearRegExp';
import { idOf } from '../core/memo';
import { buildValue, stageValue } from './stageValues';
import { ignoreFilePath } from './buildContext';
import { serviceNamed, isMap, isSeq, isScalar, mapGet, scalarString, serviceBuild } from '../parse/compose';
import { lineageOf, rootOf } from './stageGraph';

// ---- images --------------------------------------------------------------------------------------

/**
 * The Docker Hub namespaces that hold the official images built for one architecture (docker-library
 * official-images README, "Architectures other than amd64?").
 */
const ARCH_NAMESPACES = new Set(['amd64', 'arm32v5', 'arm32v6', 'arm32v7', 'arm64v8', 'i386', 'mips64le', 'ppc64le', 'riscv64', 's390x', 'windows-amd64']);

/** The official golang image, also behind a registry mirror (mirror.gcr.io/library/golang, docker.io/golang). */
export function isGolangRepo(repo: string): boolean {
  if (repo === 'golang') return true;
  const parts = repo.split('/');
  if (parts[parts.length - 1] !== 'golang') return false;
  // Docker Hub's copies of the official images for one architecture: amd64/golang, arm64v8/golang.
  if (parts.length === 2 && ARCH_NAMESPACES.has(parts[0])) return true;
  if (parts.length === 3 && parts[1] === 'library') return true; // <registry>/library/golang
  if (parts.length === 4 && parts[1] === 'docker' && parts[2] === 'library') return true; // public.ecr.aws/docker/library/golang
  return parts.length === 2 && /[.:]/.test(parts[0]); // <registry host>/golang (a Docker Hub mirror)
}

/**
 * A Go version as a comparable tuple: major, minor, patch, pre-release rank. A missing part of an
 * image tag means "the newest": `golang:1.22` runs the latest 1.22.x, so its patch is Infinity.
 */
export type GoVer = [number, number, number, number];

const RELEASE = Number.POSITIVE_INFINITY;

/** A go.mod `go`/`toolchain` version: "1.22" is 1.22.0, "1.22rc1" comes before it. */
export function goModVersion(v: string): GoVer | undefined {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?$/.exec(v.trim());
  if (!m) return undefined;
  const pre = m[4] ? (m[4] === 'beta' ? Number(m[5]) - 1000 : Number(m[5])) : RELEASE;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), pre];
}

export function compareVer(a: GoVer, b: GoVer): number {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

export interface GolangTag {
  /** The version part as written ("1.21", "1.21.5", "1.22rc1"), or undefined for an unpinned tag. */
  versionText: string | undefined;
  version: GoVer | undefined;
  /** Number of numeric parts written (1: "1", 2: "1.21", 3: "1.21.5"). */
  parts: number;
  /** Everything after the version ("-alpine3.20"), or the whole tag when unpinned ("alpine"). */
  suffix: string;
}

/** Splits a golang image tag; undefined when it is neither a version nor a known variant name. */
export function parseGolangTag(tag: string | undefined): GolangTag | undefined {
  if (tag === undefined || tag === '' || tag === 'latest') return { versionText: undefined, version: undefined, parts: 0, suffix: '' };
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta)(\d+))?(-.*)?$/.exec(tag);
  if (m) {
    const parts = m[3] !== undefined ? 3 : m[2] !== undefined ? 2 : 1;
    const pre = m[4] ? (m[4] === 'beta' ? Number(m[5]) - 1000 : Number(m[5])) : RELEASE;
    // A pre-release (1.22rc1) comes before 1.22.0; a missing part means the newest release.
    const patch = m[3] !== undefined ? Number(m[3]) : m[4] ? 0 : RELEASE;
    const version: GoVer = [Number(m[1]), m[2] !== undefined ? Number(m[2]) : RELEASE, patch, pre];
    const suffix = m[6] ?? '';
    return { versionText: tag.slice(0, tag.length - suffix.length), version, parts, suffix };
  }
  // Variant-only tags: alpine, alpine3.20, bookworm, windowsservercore-ltsc2022, ...
  if (/^(alpine[\d.]*|bookworm|bullseye|buster|stretch|trixie|windowsservercore(-[\w.]+)?|nanoserver(-[\w.]+)?)$/.test(tag)) {
    return { versionText: undefined, version: undefined, parts: 0, suffix: tag };
  }
  return undefined;
}

/**
 * The Go version a stage's golang image runs: its tag's version, `latest` for an unpinned tag (the
 * newest Go); undefined for other images, whose Go (if any) is unknown.
 */
export function stageGoVersion(model: DockerfileModel, stage: Stage): GoVer | 'latest' | undefined {
  const root = rootOf(model, stage);
  if (!isGolangRepo(root.repo)) return undefined;
  const tag = parseGolangTag(root.tag);
  if (!tag) return undefined;
  return tag.version ?? 'latest';
}

/** "1.22.3" or "1.22" for a go.mod version, at the precision an image tag used. */
export function tagVersionFor(required: string, parts: number): string {
  const v = required.replace(/^go/, '');
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(.*)$/.exec(v);
  if (!m) return v;
  if (m[4]) return v; // pre-releases: exactly as written
  if (parts >= 3) return `${m[1]}.${m[2]}.${m[3] ?? '0'}`;
  return `${m[1]}.${m[2]}`;
}

/** Whether GOTOOLCHAIN lets the go command fetch a newer toolchain (or is a variable we cannot judge). */
export function toolchainAllows(value: string | undefined, required: GoVer): boolean {
  if (value === undefined || value === '' || value === 'local') return false;
  if (value.includes('$')) return true;
  if (/^auto$|\+auto$|^path$|\+path$/.test(value)) return true;
  const v = goModVersion(value.replace(/\+.*$/, ''));
  return v !== undefined && compareVer(v, required) >= 0;
}

/** The Go an image tag's version runs, as a message says it: "1.22.x" for a tag without its patch. */
export function runningText(tagVersion: string, parts: number): string {
  return parts >= 3 || /rc|beta/.test(tagVersion) ? tagVersion : `${tagVersion}.x`;
}

// ---- builds --------------------------------------------------------------------------------------

/**
 * The build args a compose service passes, with their values: undefined for an argument whose value
 * comes from the environment (`- NAME` in list form, `NAME:` without a value) or a variable.
 */
export function composeBuildArgValues(project: Project, build: ImageBuild): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (!build.service) return out;
  const model = project.compose(build.service.composePath);
  const svc = serviceNamed(model, build.service?.name);
  if (!svc || !serviceBuild(svc)) return out;
  const b = mapGet(svc.doc, svc.node, 'build');
  if (!b || !isMap(b)) return out;
  const args = mapGet(svc.doc, b, 'args');
  const literal = (v: string | undefined) => (v === undefined || v.includes('$') ? undefined : v);
  if (args && isMap(args)) {
    for (const item of args.items) {
      const k = isScalar(item.key) ? scalarString(item.key) : undefined;
      if (k) out.set(k, literal(isScalar(item.value) ? scalarString(item.value) : undefined));
    }
  } else if (args && isSeq(args)) {
    for (const item of args.items) {
      const s = isScalar(item) ? scalarString(item) : undefined;
      if (!s) continue;
      const eq = s.indexOf('=');
      out.set(eq < 0 ? s : s.slice(0, eq), eq < 0 ? undefined : literal(s.slice(eq + 1)));
    }
  }
  return out;
}

/** Names of build args a compose service passes to the build (they override ARG defaults). */
export function composeBuildArgs(project: Project, build: ImageBuild): Set<string> {
  return new Set(composeBuildArgValues(project, build).keys());
}

/**
 * The .dockerignore that applies to a build, with its patterns: `<Dockerfile>.dockerignore` beside
 * it, else the context's ({@link ignoreFilePath}). Undefined when there is none, or it cannot be read.
 */
export function ignoreFileOf(project: Project, build: ImageBuild): { path: string; patterns: IgnorePattern[] } | undefined {
  return buildValue(project, 'ignoreFileOf', build, () => {
    const p = ignoreFilePath(project, build.dockerfile, build.context);
    const patterns = p === undefined ? undefined : project.dockerignore(p);
    return p !== undefined && patterns ? { path: p, patterns } : undefined;
  });
}

/** A host path relative to the build context, with forward slashes; undefined when outside it. */
export function contextRelative(build: ImageBuild, hostPath: string): string | undefined {
  const rel = path.relative(build.context, hostPath);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

// ---- go commands ---------------------------------------------------------------------------------

/** A run of the go tool with its verb split out. */
export interface GoCmd extends GoRun {
  stage: Stage;
  goWord: Word;
  /** The verb word ("build", "get", "mod"), when there is one. */
  verbWord: Word | undefined;
  verb: string;
  /** Words after the verb. */
  args: Word[];
}

const goCommandsCache = new WeakMap<Stage, readonly GoCmd[]>();

/** Every `go <verb>` in the stage's shell-form RUN instructions. */
export function goCommands(stage: Stage): readonly GoCmd[] {
  return perStage(goCommandsCache, stage, computeGoCommands);
}

const goCommandsByWord = new WeakMap<Stage, Map<number, GoCmd>>();

/** The go command of `stage` whose `go` word starts at `start` (a stage's own RUNs only). */
export function goCommandAt(stage: Stage, start: number): GoCmd | undefined {
  return perStage(goCommandsByWord, stage, (s) => new Map(goCommands(s).map((c) => [c.goWord.start, c]))).get(start);
}

function computeGoCommands(stage: Stage): GoCmd[] {
  return goRuns(stage).map((run) => toGoCmd(stage, run));
}

/** A run of the go tool of `stage` with its verb split out. */
export function toGoCmd(stage: Stage, run: GoRun): GoCmd {
  return { ...run, stage, goWord: run.words[0], verbWord: run.words[1], verb: run.words[1]?.value ?? '', args: run.words.slice(2) };
}

/** The value of an environment variable for a go command: inline/exported, ENV/ARG, then `go env -w`. */
export function goEnv(model: DockerfileModel, cmd: GoCmd, name: string): string | undefined {
  const w = cmd.inline.get(name);
  if (w) return w.value.slice(w.value.indexOf('=') + 1);
  const v = cmd.instruction.env.get(name)?.value;
  if (v !== undefined) return v;
  // `go env -w NAME=value` earlier in the same RUN, then in earlier RUNs of the stage chain.
  let same: string | undefined;
  for (const c of cmd.instruction.commands) {
    if (c.start >= cmd.command.start) break;
    const words = c.words.map((w) => w.value);
    if (words[0] === 'go' && words[1] === 'env' && words.includes('-w')) {
      for (const x of words) if (x.startsWith(name + '=')) same = x.slice(name.length + 1);
    }
  }
  return same ?? goEnvWritten(model, cmd.stage, cmd.instruction.start, name);
}

/** Whether a go command reads the main module of its directory (as opposed to `go install pkg@v`, `go version`...). */
export function readsModule(cmd: GoCmd): boolean {
  const args = cmd.args.map((w) => w.value);
  switch (cmd.verb) {
    case 'build':
    case 'test':
    case 'vet':
    case 'list':
    case 'generate':
    case 'get':
      return true;
    case 'install':
    case 'run':
      return !args.some((a) => !a.startsWith('-') && a.includes('@'));
    case 'mod': {
      const sub = args.find((a) => !a.startsWith('-'));
      return sub !== undefined && ['download', 'tidy', 'verify', 'vendor', 'graph', 'why'].includes(sub);
    }
    default:
      return false;
  }
}

/** Package arguments of a go command (words that are not flags nor flag values). */
export function packageArgs(cmd: GoCmd): Word[] {
  const withValue = new Set(['o', 'p', 'tags', 'ldflags', 'gcflags', 'asmflags', 'mod', 'modfile', 'pkgdir', 'buildmode', 'compiler', 'gccgoflags', 'installsuffix', 'overlay', 'pgo', 'C', 'coverpkg', 'covermode', 'toolexec', 'exec', 'run', 'bench', 'count', 'timeout', 'cpu', 'parallel', 'coverprofile', 'json']);
  const out: Word[] = [];
  for (let k = 0; k < cmd.args.length; k++) {
    const w = cmd.args[k].value;
    const m = /^--?([A-Za-z][\w.]*)(=.*)?$/.exec(w);
    if (m) {
      if (m[2] === undefined && withValue.has(m[1])) k++;
      continue;
    }
    out.push(cmd.args[k]);
  }
  return out;
}

/** The value of a go flag (`-o x`, `-o=x`, `--o x`), undefined when absent; '' for a boolean flag. */
export function flagValue(cmd: GoCmd, name: string): string | undefined {
  for (let k = 0; k < cmd.args.length; k++) {
    const m = /^--?([A-Za-z][\w.]*)(?:=(.*))?$/.exec(cmd.args[k].value);
    if (!m || m[1] !== name) continue;
    if (m[2] !== undefined) return m[2];
    return cmd.args[k + 1]?.value ?? '';
  }
  return undefined;
}

/** A Go import path outside the standard library: its first element has a dot. */
export function isNonStdImport(p: string): boolean {
  const first = p.split('/')[0];
  return first.includes('.');
}

/** Whether the RUN bind-mounts something (`--mount=type=bind`): the build then sees files COPY did not bring. */
export function runBindMounts(text: string, ins: DInstruction): boolean {
  return /--mount=\S*type=bind/.test(text.slice(ins.start, ins.argsEnd)) || /--mount=(?![^\s]*type=)/.test(text.slice(ins.start, ins.argsEnd));
}

// ---- container paths → build context -------------------------------------------------------------

export interface Provider {
  /** The host file (or folder) that lands at the container path. */
  host: string;
  copy: DInstruction;
  /** True when it came with a folder copy (`COPY . .`), false for a named file. */
  viaFolder: boolean;
}

export interface PathOrigin {
  /** The copy that delivers the path (the latest one that does), if any. */
  provider: Provider | undefined;
  /** Folder copies that would have delivered it but .dockerignore excluded it (latest first). */
  excluded: { provider: Provider; pattern: IgnorePattern }[];
  /** Some copy or command that we cannot see through may put something there. */
  unknown: boolean;
  /** A COPY names this very file, but the build context lacks it (that COPY fails on its own). */
  missingNamed: boolean;
}

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;

function flagsOf(ins: DInstruction): readonly { name: string; value: string | undefined }[] {
  return ins.flags;
}

const envValuesCache = new WeakMap<Environment, Map<string, string>>();

/**
 * The environment values in effect for an instruction, as a plain map. Cached per environment:
 * consecutive instructions share one until an ENV or ARG changes it, and models are immutable.
 */
export function envValues(ins: DInstruction): Map<string, string> {
  let vars = envValuesCache.get(ins.env);
  if (!vars) {
    vars = new Map();
    for (const [k, v] of ins.env) vars.set(k, v.value);
    envValuesCache.set(ins.env, vars);
  }
  return vars;
}

export function covers(dir: string, p: string): boolean {
  return p === dir || p.startsWith(dir === '/' ? '/' : dir + '/');
}

function globToRe(glob: string): Matcher {
  let re = '';
  for (const c of glob) re += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|\\[\]]/g, '\\$&');
  return linearMatcher('^' + re + '$');
}

interface CopyEntry {
  ins: DInstruction;
  stage: Stage;
}

/** COPY/ADD instructions of the stage chain that run before `before` (in the stage itself), latest first. */
export function copiesBefore(model: DockerfileModel, stage: Stage, before: number): CopyEntry[] {
  const out: CopyEntry[] = [];
  for (const s of lineageOf(model, stage)) {
    const list = copyInstructions(s);
    for (let k = (s === stage ? countBefore(list, before) : list.length) - 1; k >= 0; k--) out.push({ ins: list[k], stage: s });
  }
  return out;
}

/**
 * Where a container file path comes from in the build context, looking at the COPY/ADD instructions
 * of the stage chain before `before`. `ignore` (the build's .dockerignore) makes folder copies skip
 * excluded files, as Docker does.
 */
/**
 * Whether this COPY/ADD's destination can hold `containerPath` at all: a cheap test callers use
 * before {@link originOf}, which walks every earlier copy. False only when the destination is known.
 */
/** `s` with the instruction's environment substituted (the map is built only when `s` has a variable). */
function substituteFor(ins: DInstruction, s: string): string {
  return s.includes('$') ? substitute(s, envValues(ins)) : s;
}

export function copyMayProvide(ins: DInstruction, containerPath: string): boolean {
  const args = copyArgs(ins);
  if (args.length < 2) return false;
  const destRaw = substituteFor(ins, args[args.length - 1]);
  if (destRaw.includes('$') || (!destRaw.startsWith('/') && ins.workdir === undefined)) return true;
  const dest = normalizePosix(destRaw.startsWith('/') ? destRaw : (ins.workdir as string) + '/' + destRaw);
  return covers(dest, normalizePosix(containerPath));
}

export function originOf(
  project: Project,
  build: ImageBuild,
  model: DockerfileModel,
  stage: Stage,
  containerPath: string,
  before: number,
  ignore: IgnorePattern[] | undefined,
): PathOrigin {
  // Rules ask the same questions of the same stages, and ask again after an edit elsewhere.
  const extra = `${before}\0${ignore ? idOf(ignore) : ''}\0${containerPath}`;
  return stageValue(project, 'originOf', build, stage, () => computeOriginOf(project, build, model, stage, containerPath, before, ignore), extra);
}

function computeOriginOf(
  project: Project,
  build: ImageBuild,
  model: DockerfileModel,
  stage: Stage,
  containerPath: string,
  before: number,
  ignore: IgnorePattern[] | undefined,
): PathOrigin {
  const result: PathOrigin = { provider: undefined, excluded: [], unknown: false, missingNamed: false };
  const target = normalizePosix(containerPath);
  for (const { ins } of copiesBefore(model, stage, before)) {
    const flags = flagsOf(ins);
    const args = copyArgs(ins);
    if (args.length < 2) continue;
    const destRaw = substituteFor(ins, args[args.length - 1]);
    const wd = ins.workdir;
    if (destRaw.includes('$') || (!destRaw.startsWith('/') && wd === undefined)) {
      result.unknown = true;
      continue;
    }
    const dest = normalizePosix(destRaw.startsWith('/') ? destRaw : (wd as string) + '/' + destRaw);
    const sources = args.slice(0, -1);
    const destIsDir = destRaw.endsWith('/') || destRaw === '.' || sources.length > 1 || dest === (wd && normalizePosix(wd));
    if (!covers(dest, target)) continue;
    const opaque = flags.some((f) => f.name === 'from' || f.name === 'exclude' || f.name === 'parents');
    if (opaque || sources.some((s) => s.startsWith('<<'))) {
      result.unknown = true;
      continue;
    }
    for (const srcRaw of sources) {
      const src = substituteFor(ins, srcRaw);
      if (src.includes('$') || /^[a-z]+:\/\//i.test(src) || src.startsWith('git@')) {
        result.unknown = true;
        continue;
      }
      const matches = expandSource(project, build, src);
      if (matches === undefined) {
        result.unknown = true;
        continue;
      }
      if (!matches.length && !/[*?[]/.test(src) && path.posix.basename(src) === path.posix.basename(target)) result.missingNamed = true;
      for (const m of matches) {
        if (m.kind === 'file' && ins.keyword === 'ADD' && ARCHIVE.test(m.host)) {
          result.unknown = true;
          continue;
        }
        let host: string | undefined;
        let viaFolder = false;
        if (m.kind === 'dir') {
          if (!covers(dest, target)) continue;
          host = path.join(m.host, ...target.slice(dest.length).split('/').filter(Boolean));
          viaFolder = true;
        } else {
          const landing = destIsDir || m.glob ? dest + (dest === '/' ? '' : '/') + path.basename(m.host) : dest;
          // A file copied to a path that already is a folder lands inside it.
          const alt = dest + (dest === '/' ? '' : '/') + path.basename(m.host);
          if (landing !== target && alt !== target) continue;
          host = m.host;
        }
        const kind = project.exists(host);
        if (!kind) continue;
        const provider: Provider = { host, copy: ins, viaFolder };
        if (ignore) {
          const rel = contextRelative(build, host);
          const pat = rel !== undefined ? excludedBy(ignore, rel) : undefined;
          if (pat) {
            result.excluded.push({ provider, pattern: pat });
            continue;
          }
        }
        result.provider = provider;
        return result;
      }
    }
  }
  return result;
}

/** Host files/folders a COPY source names (simple globs in the last element); undefined when unclear. */
function expandSource(project: Project, build: ImageBuild, src: string): { host: string; kind: 'file' | 'dir'; glob: boolean }[] | undefined {
  const clean = src.replace(/\\/g, '/').replace(/^\/+/, '') || '.';
  const dirPart = path.posix.dirname(clean);
  const base = path.posix.basename(clean);
  if (/[*?[]/.test(dirPart)) return undefined;
  if (/[[]/.test(base)) return undefined;
  if (/[*?]/.test(base)) {
    const dir = path.resolve(build.context, dirPart);
    const re = globToRe(base);
    return project
      .readDir(dir)
      .filter((n) => re.test(n))
      .map((n) => {
        const host = path.join(dir, n);
        return { host, kind: project.exists(host) === 'dir' ? ('dir' as const) : ('file' as const), glob: true };
      });
  }
  const host = path.resolve(build.context, clean);
  const kind = project.exists(host);
  if (!kind) return [];
  return [{ host, kind, glob: false }];
}

/**
 * The go.mod a go command running in `cwd` finds: the nearest container folder at or above it that
 * received a go.mod from the build context. `unknown` when something we cannot see may have put one.
 */
export function goModFor(
  project: Project,
  build: ImageBuild,
  model: DockerfileModel,
  stage: Stage,
  cwd: string,
  before: number,
  ignore?: IgnorePattern[],
): { hostGoMod: string | undefined; containerDir: string | undefined; origin: PathOrigin | undefined; unknown: boolean } {
  for (let d = normalizePosix(cwd); ; d = path.posix.dirname(d)) {
    const origin = originOf(project, build, model, stage, (d === '/' ? '' : d) + '/go.mod', before, ignore);
    if (origin.provider) return { hostGoMod: origin.provider.host, containerDir: d, origin, unknown: false };
    if (origin.unknown) return { hostGoMod: undefined, containerDir: d, origin, unknown: true };
    if (origin.excluded.length) return { hostGoMod: undefined, containerDir: d, origin, unknown: false };
    if (d === '/') return { hostGoMod: undefined, containerDir: undefined, origin: undefined, unknown: false };
  }
}

/** Commands of earlier RUNs (and earlier in the same RUN) that may create, fetch or move files. */
const FILE_MAKERS = new Set(['git', 'wget', 'curl', 'tar', 'unzip', 'cp', 'mv', 'ln', 'rsync', 'svn', 'hg', 'bzr', 'make', 'sh', 'bash', 'cat', 'echo', 'printf', 'tee', 'install']);

/** Whether RUNs of the chain before `cmd` may have created or fetched source files (git clone, go mod init, ...). */
export function runsMayCreateFiles(model: DockerfileModel, cmd: GoCmd): boolean {
  for (const s of lineageOf(model, cmd.stage)) {
    for (const ins of s.instructions) {
      if (ins.keyword === 'ONBUILD') return true;
      if (ins.keyword !== 'RUN' || (s === cmd.stage && ins.start > cmd.instruction.start)) continue;
      if (ins.commands.length === 0 && ins.argsEnd > ins.argsStart) return true; // exec form or heredoc we did not split
      for (const c of ins.commands) {
        if (ins === cmd.instruction && c.start >= cmd.command.start) break;
        const { rest } = splitAssignments(c);
        const first = rest[0]?.value.replace(/^.*\//, '') ?? '';
        if (FILE_MAKERS.has(first)) return true;
        if (first === 'go' && (rest[1]?.value === 'mod' || rest[1]?.value === 'work')) {
          const sub = rest[2]?.value;
          if (sub === 'init' || sub === 'edit' || sub === 'use') return true;
        }
        if (rest.some((w) => /go\.(mod|work)$/.test(w.value))) return true;
      }
    }
  }
  return false;
}

/** Host Go files (not tests) that land directly in a container folder, through folder or file copies. */
export function goFilesIn(
  project: Project,
  build: ImageBuild,
  model: DockerfileModel,
  stage: Stage,
  containerDir: string,
  before: number,
  ignore?: IgnorePattern[],
): { files: string[]; unknown: boolean; hostDirs: string[] } {
  const dir = normalizePosix(containerDir);
  const files = new Set<string>();
  const hostDirs: string[] = [];
  let unknown = false;
  for (const { ins } of copiesBefore(model, stage, before)) {
    const args = copyArgs(ins);
    if (args.length < 2) continue;
    const destRaw = substituteFor(ins, args[args.length - 1]);
    const wd = ins.workdir;
    if (destRaw.includes('$') || (!destRaw.startsWith('/') && wd === undefined)) {
      unknown = true;
      continue;
    }
    const dest = normalizePosix(destRaw.startsWith('/') ? destRaw : (wd as string) + '/' + destRaw);
    const sources = args.slice(0, -1);
    const destIsDir = destRaw.endsWith('/') || destRaw === '.' || sources.length > 1 || dest === (wd && normalizePosix(wd));
    if (!covers(dest, dir) && path.posix.dirname(dest) !== dir) continue;
    if (flagsOf(ins).some((f) => f.name === 'from' || f.name === 'exclude' || f.name === 'parents') || sources.some((s) => s.startsWith('<<'))) {
      unknown = true;
      continue;
    }
    for (const srcRaw of sources) {
      const src = substituteFor(ins, srcRaw);
      if (src.includes('$') || /^[a-z]+:\/\//i.test(src)) {
        unknown = true;
        continue;
      }
      const matches = expandSource(project, build, src);
      if (matches === undefined) {
        unknown = true;
        continue;
      }
      for (const m of matches) {
        if (m.kind === 'dir') {
          if (!covers(dest, dir)) continue;
          const host = path.join(m.host, ...dir.slice(dest.length).split('/').filter(Boolean));
          if (project.exists(host) !== 'dir') continue;
          hostDirs.push(host);
          for (const n of project.readDir(host)) if (n.endsWith('.go') && !n.endsWith('_test.go')) files.add(path.join(host, n));
        } else if (m.host.endsWith('.go') && !m.host.endsWith('_test.go')) {
          const landingDir = destIsDir || m.glob ? dest : path.posix.dirname(dest);
          if (landingDir === dir || dest === dir) files.add(m.host);
        }
      }
    }
  }
  const kept = [...files].filter((f) => {
    if (!ignore) return true;
    const rel = contextRelative(build, f);
    return rel === undefined || !excludedBy(ignore, rel);
  });
  return { files: kept.sort(), unknown, hostDirs };
}

/** The offsets of a word's value inside the raw text (quotes skipped), for edits that keep quoting. */
export function valueOffsets(text: string, w: Word): { start: number; end: number } {
  const raw = text.slice(w.start, w.end);
  const eq = raw.indexOf('=');
  let s = eq >= 0 ? w.start + eq + 1 : w.start;
  let e = w.end;
  if (text[s] === '"' || text[s] === "'") s++;
  if (e > s && (text[e - 1] === '"' || text[e - 1] === "'")) e--;
  return { start: s, end: e };
}

/** Leading whitespace of the line an offset is on (for inserting a sibling instruction). */
export function lineIndent(text: string, offset: number): { lineStart: number; indent: string } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(lineStart, offset));
  return { lineStart, indent: m ? m[0] : '' };
}

/** The file's Windows flavour: an `# escape=` directive or a Windows stage means no Linux-path advice. */
export function windowsFlavoured(model: DockerfileModel, stage: Stage): boolean {
  return model.escapeDirective || rootOf(model, stage).family === 'windows';
}

/** Whether a folder lies in a git work tree (a `.git` in it or above): then a missing file is really missing. */
export function inWorkTree(project: Project, dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (project.exists(path.join(d, '.git'))) return true;
    if (path.dirname(d) === d) return false;
  }
}
