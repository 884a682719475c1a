/**
 * What a stage has at a path: the file tree of an image as its Dockerfile builds it. For a
 * container path, the latest instruction of the stage's chain that puts something there — a COPY or
 * ADD from the build context (folders, single files, globs, JSON form, quoted names, through
 * .dockerignore), a COPY --from another stage (followed into that stage), a `go build -o`, a RUN
 * that visibly makes it (`mkdir -p`, `install -d`, `cp`, `touch`, `curl -o` ...; in shell form or
 * exec form), a WORKDIR — or the
 * base image (from its table entry), or nothing.
 *
 * An answer is `unknown` as soon as something we cannot see through might have put the path there
 * (a script, `make`, a package install into system folders, an ADD of an archive, a COPY from an
 * image, a variable): rules report a missing path only on `absent`.
 */
import * as path from 'node:path';
import type { ImageBuild, Project } from '../project/project';
import { copyArgs, normalizePosix, stageNamedBefore, type DInstruction, type DockerfileModel, type GoBuildCommand, type Stage } from '../parse/dockerfile';
import { splitAssignments } from '../parse/shell';
import { goBuildOutput } from '../parse/dockerfile';
import { baseOf, rootOf } from './stageGraph';
import { argWords, expandWithDefaults } from './instructions';
import { composeBuildArgs, ignoreFileOf, originOf } from './goCommands';
import { goBuildsOfInstruction } from './buildScripts';
import { gitIgnored, gitRootOf, otherCandidateContexts } from './buildContext';

export type PathOrigin =
  /** A file or folder of the build context (host path). */
  | { kind: 'context'; host: string; at: DInstruction }
  /** Copied from another stage, where it has this origin. */
  | { kind: 'stage'; from: Stage; path: string; at: DInstruction; origin: PathOrigin }
  /** Written by a go build of the stage. */
  | { kind: 'built'; build: GoBuildCommand; at: DInstruction }
  /** Made by a RUN command we read (mkdir, cp, touch ...) or a WORKDIR. */
  | { kind: 'made'; at: DInstruction }
  /** Part of the base image. */
  | { kind: 'base' }
  /** Something we cannot see through may have put it there. */
  | { kind: 'unknown'; at: DInstruction | undefined }
  /** Nothing puts it there. */
  | { kind: 'absent' };

/** Folders every Linux base image has, where packages and the image itself put files. */
const SYSTEM_DIRS = ['/bin', '/sbin', '/usr', '/lib', '/lib64', '/etc', '/var', '/root', '/home', '/tmp', '/run', '/proc', '/sys', '/dev'];

function under(p: string, dir: string): boolean {
  return dir === '/' || p === dir || (p.length > dir.length && p.charCodeAt(dir.length) === 47 /* / */ && p.startsWith(dir));
}

/** The part of `p` below `dir` ('' for `dir` itself), without a leading slash. */
function below(p: string, dir: string): string {
  return p === dir ? '' : p.slice(dir === '/' ? 1 : dir.length + 1);
}

/** Commands whose effect on the file tree we know (or know to be none). */
const INERT = new Set([
  'true', 'false', 'echo', 'printf', 'set', 'export', 'unset', 'test', '[', 'sleep', 'chmod', 'chown', 'chgrp', 'rm', 'rmdir', 'addgroup', 'adduser',
  'groupadd', 'useradd', 'usermod', 'deluser', 'delgroup', 'update-ca-certificates', 'ldconfig', 'id', 'whoami', 'ls', 'cat', 'env', 'which', 'go',
  'sed', 'dos2unix', 'setcap', 'strip', 'upx', 'file', 'ldd', 'du', 'df', 'uname', 'date', 'hostname', 'exit', 'cd',
]);
/** Package tools: they put files into system folders only. */
const PACKAGE_TOOLS = new Set(['apk', 'apt', 'apt-get', 'yum', 'dnf', 'microdnf', 'dpkg', 'rpm', 'pip', 'pip3', 'gem']);

interface Ctx {
  project: Project;
  build: ImageBuild;
  model: DockerfileModel;
  /** Stages already being followed (a COPY --from loop cannot recurse for ever). */
  seen: Set<number>;
  /** Instructions a lookup may still read (see MAX_STEPS). */
  steps: number;
  /** The build arguments compose passes, once asked. */
  passed?: Set<string>;
}

/**
 * How many COPY --from hops a lookup follows; past them the answer is unknown. Real Dockerfiles copy
 * through a few stages; a chain of thousands (generated, or hostile) must not cost a lookup per hop
 * per copy.
 */
const MAX_HOPS = 8;

/**
 * How many instructions one lookup reads, all hops together; past them the answer is unknown. A real
 * image's chain has a few hundred at most; a chain of thousands of stages built FROM one another
 * would otherwise cost a walk to its root per copy.
 */
const MAX_STEPS = 2000;

/** Where a path first came from: through the copies between stages to the file of the context, the build, the RUN... */
export function firstOrigin(origin: PathOrigin): PathOrigin {
  while (origin.kind === 'stage') origin = origin.origin;
  return origin;
}

/**
 * Where `containerPath` (absolute) in `stage` comes from, looking at the stage's chain before
 * `before` (an offset in the stage itself; default: the end of the stage).
 */
export function pathIn(project: Project, build: ImageBuild, model: DockerfileModel, stage: Stage, containerPath: string, before = Number.POSITIVE_INFINITY): PathOrigin {
  return lookup({ project, build, model, seen: new Set(), steps: MAX_STEPS }, stage, normalizePosix(containerPath), before);
}

function lookup(ctx: Ctx, stage: Stage, target: string, before: number): PathOrigin {
  if (ctx.seen.has(stage.index) || ctx.seen.size > MAX_HOPS) return { kind: 'unknown', at: undefined };
  ctx.seen.add(stage.index);
  try {
    // Up the lineage (the stage, then the stages it is built FROM), walked rather than listed: the
    // budget may end the walk long before the root.
    for (let s: Stage | undefined = stage; s; s = s.parent !== undefined && s.parent !== s.index ? ctx.model.stages[s.parent] : undefined) {
      const list = s.instructions;
      for (let k = list.length - 1; k >= 0; k--) {
        const ins = list[k];
        if (s === stage && ins.start >= before) continue;
        if (--ctx.steps < 0) return { kind: 'unknown', at: undefined };
        const found = fromInstruction(ctx, s, ins, target);
        if (found) return found;
      }
    }
    return fromBase(ctx.model, stage, target);
  } finally {
    ctx.seen.delete(stage.index);
  }
}

function fromBase(model: DockerfileModel, stage: Stage, target: string): PathOrigin {
  const root = rootOf(model, stage);
  if (root.image.includes('$')) return { kind: 'unknown', at: undefined };
  const base = baseOf(model, stage);
  if (!base) return { kind: 'unknown', at: undefined };
  if (root.family === 'scratch') return target === '/' ? { kind: 'base' } : { kind: 'absent' };
  if (target === '/') return { kind: 'base' };
  if (base.workdir && under(target, base.workdir)) return { kind: 'unknown', at: undefined };
  // The base image's own files are not listed: anything in its system folders may be there.
  if (SYSTEM_DIRS.some((d) => under(target, d))) return root.family === 'distroless-static' || root.family === 'distroless' ? distrolessPath(target) : { kind: 'unknown', at: undefined };
  return { kind: 'absent' };
}

/** distroless images hold no programs: only their configuration, certificates, zoneinfo and home folders. */
function distrolessPath(target: string): PathOrigin {
  if (/^\/(bin|sbin|usr\/bin|usr\/sbin|usr\/local\/bin|usr\/local\/sbin)\/[^/]+$/.test(target)) return { kind: 'absent' };
  return { kind: 'unknown', at: undefined };
}

function fromInstruction(ctx: Ctx, stage: Stage, ins: DInstruction, target: string): PathOrigin | undefined {
  switch (ins.keyword) {
    case 'COPY':
    case 'ADD':
      return fromCopy(ctx, stage, ins, target);
    case 'RUN':
      return fromRun(ctx, stage, ins, target);
    case 'WORKDIR':
      return ins.workdir !== undefined && under(ins.workdir, target) ? { kind: 'made', at: ins } : undefined;
    case 'ONBUILD':
      return { kind: 'unknown', at: ins };
    default:
      return undefined;
  }
}

/** Where a COPY/ADD of `count` words puts things: its destination (absolute, normalised) and whether it is a folder. */
function placement(ins: DInstruction, destRaw: string | undefined, count: number): { dest: string; intoDir: boolean } | undefined {
  if (destRaw === undefined || (!destRaw.startsWith('/') && ins.workdir === undefined)) return undefined;
  return {
    dest: normalizePosix(destRaw.startsWith('/') ? destRaw : ins.workdir + '/' + destRaw),
    intoDir: destRaw.endsWith('/') || destRaw === '.' || count > 2,
  };
}

/**
 * The placement of a COPY/ADD whose destination needs no build argument, kept per instruction (null
 * when it needs one, or cannot be placed): a lookup asks every copy of a chain, and most are ruled out
 * by their destination alone.
 */
const fixedPlacements = new WeakMap<DInstruction, { dest: string; intoDir: boolean } | null>();

function fixedPlacement(ins: DInstruction): { dest: string; intoDir: boolean } | null {
  let known = fixedPlacements.get(ins);
  if (known === undefined) {
    const args = copyArgs(ins);
    const destRaw = args[args.length - 1];
    known = args.length < 2 || destRaw.includes('$') ? null : (placement(ins, destRaw, args.length) ?? null);
    fixedPlacements.set(ins, known);
  }
  return known;
}

/** Whether what a copy places can be at `target`: the destination holds it, or is it (a folder copied into). */
function reaches(placed: { dest: string; intoDir: boolean }, target: string): boolean {
  return under(target, placed.dest) || (placed.intoDir && target === placed.dest);
}

/**
 * The host paths a COPY from the build context would put at `target`, whether each source is a file
 * or a folder: for a source the context does not have yet, such as a binary a script builds before
 * `docker build` (the lookup above answers `unknown` there). Copies with flags, build arguments,
 * globs or heredocs give none.
 */
export function contextSourcesAt(ins: DInstruction, target: string, context: string): string[] {
  if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.length) return [];
  const placed = fixedPlacement(ins);
  if (!placed || !reaches(placed, target)) return [];
  const out: string[] = [];
  for (const src of copyArgs(ins).slice(0, -1)) {
    if (/[$*?[]/.test(src) || src.startsWith('<<')) continue;
    const host = path.resolve(context, src.replace(/^\/+/, '') || '.');
    if (!placed.intoDir && target === placed.dest) out.push(host);
    if (target === normalizePosix(placed.dest + '/' + path.posix.basename(src))) out.push(host);
    if (target !== placed.dest && under(target, placed.dest)) out.push(path.join(host, below(target, placed.dest)));
  }
  return out;
}

/**
 * A copy to a path below the folder `target` makes that folder on the way (`COPY a.yaml /app/etc/a.yaml`
 * makes /app/etc). Who owns it with `--chown` is not judged.
 */
function madeOnTheWay(ins: DInstruction, dest: string, target: string): PathOrigin | undefined {
  if (dest === target || !under(dest, target)) return undefined;
  return ins.flags.some((f) => f.name === 'chown') ? { kind: 'unknown', at: ins } : { kind: 'made', at: ins };
}

function fromCopy(ctx: Ctx, stage: Stage, ins: DInstruction, target: string): PathOrigin | undefined {
  const fixed = fixedPlacement(ins);
  if (fixed && !reaches(fixed, target)) return madeOnTheWay(ins, fixed.dest, target);
  const args = copyArgs(ins);
  if (args.length < 2) return undefined;
  const expand = (s: string) => (s.includes('$') ? expandWithDefaults(ins, s, (ctx.passed ??= composeBuildArgs(ctx.project, ctx.build)))?.value : s);
  const placed = fixed ?? placement(ins, expand(args[args.length - 1]), args.length);
  if (!placed) return { kind: 'unknown', at: ins };
  // Nothing this copy puts anywhere can be at the target unless the destination holds it.
  if (!reaches(placed, target)) return madeOnTheWay(ins, placed.dest, target);
  const { dest, intoDir } = placed;
  const sources = args.slice(0, -1);
  if (ins.flags.some((f) => f.name === 'exclude' || f.name === 'parents') || sources.some((s) => s.startsWith('<<'))) return { kind: 'unknown', at: ins };
  const from = ins.flags.find((f) => f.name === 'from')?.value;
  if (from !== undefined) return fromStageCopy(ctx, ins, from, sources.map(expand), dest, intoDir, target);
  // From the build context: follow it to the host (folders, files and simple globs).
  if (sources.some((s) => expand(s) === undefined || /^[a-z]+:\/\//i.test(s) || s.startsWith('git@'))) return { kind: 'unknown', at: ins };
  const ignore = ignoreFileOf(ctx.project, ctx.build)?.patterns;
  const origin = originOf(ctx.project, ctx.build, ctx.model, stage, target, ins.end, ignore);
  if (origin.provider?.copy === ins) return { kind: 'context', host: origin.provider.host, at: ins };
  if (origin.unknown) return { kind: 'unknown', at: ins };
  // A copy from the build context that could bring the path: whether the context has it is DGT140's
  // question (a partial checkout, a context in another folder, a file made before the build).
  if (origin.missingNamed || origin.excluded.length) return { kind: 'unknown', at: ins };
  for (const raw of sources) {
    const src = expand(raw) as string;
    if (/[*?[]/.test(src)) {
      if (under(target, dest)) return { kind: 'unknown', at: ins };
      continue;
    }
    const host = path.resolve(ctx.build.context, src.replace(/^\/+/, '') || '.');
    const kind = ctx.project.exists(host);
    if (kind === 'dir') {
      // A folder of the context laid over `dest`: what this copy of the project lacks, a fresh clone
      // lacks too only in a git checkout, for a path git does not ignore (not a build output).
      if (under(target, dest) && !lacksInCheckout(ctx, host, target.slice(dest.length))) return { kind: 'unknown', at: ins };
      // A Dockerfile no compose file builds may be built from a folder above its own (`docker build
      // -f sub/Dockerfile .`): a path one of those contexts has may be there.
      if (under(target, dest) && inOtherContext(ctx, src, target.slice(dest.length))) return { kind: 'unknown', at: ins };
    } else if (kind === undefined && couldBring(src, dest, intoDir, target)) {
      // A source the context lacks: DGT140 reports that; the path itself is not known.
      return { kind: 'unknown', at: ins };
    }
  }
  // ADD unpacks archives into the destination.
  if (ins.keyword === 'ADD' && sources.some((s) => /\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst))$/i.test(s))) return { kind: 'unknown', at: ins };
  // The folder itself (`COPY a.go b.go /app/` makes /app).
  if (target === dest || under(dest, target)) return { kind: 'made', at: ins };
  return undefined;
}

/** Whether a build from another candidate context of a standalone Dockerfile has `src` + `rest`. */
function inOtherContext(ctx: Ctx, src: string, rest: string): boolean {
  for (const c of otherCandidateContexts(ctx.project, ctx.build)) {
    const host = path.join(path.resolve(c, src.replace(/^\/+/, '') || '.'), ...rest.split('/').filter(Boolean));
    // Only inside that context: a question about a path outside would void the rule's findings.
    if (host.startsWith(c + path.sep) && ctx.project.exists(host) !== undefined) return true;
  }
  return false;
}

/** Whether `rest` (a path below the context folder `host`) is missing from a fresh clone: a git checkout, not ignored. */
function lacksInCheckout(ctx: Ctx, host: string, rest: string): boolean {
  const root = gitRootOf(ctx.project, host);
  if (!root) return false;
  const full = path.join(host, ...rest.split('/').filter(Boolean));
  return !gitIgnored(ctx.project, root, full, false);
}

/** Whether a context source copied to `dest` could land on `target` (a folder, or a file of that name). */
function couldBring(source: string, dest: string, intoDir: boolean, target: string): boolean {
  const name = path.posix.basename(normalizePosix('/' + source));
  if (source === '.' || source.endsWith('/') || !/\.[A-Za-z0-9]+$/.test(name)) return under(target, dest); // a folder's contents
  return target === (intoDir ? normalizePosix(dest + '/' + name) : dest);
}

function fromStageCopy(ctx: Ctx, ins: DInstruction, from: string, sources: (string | undefined)[], dest: string, intoDir: boolean, target: string): PathOrigin | undefined {
  const src = findStage(ctx.model, from, ins);
  if (!src) return { kind: 'unknown', at: ins }; // an image, a named context, a variable
  for (const raw of sources) {
    if (raw === undefined || /[*?[]/.test(raw)) return { kind: 'unknown', at: ins };
    // Sources of COPY --from are paths from the root of that stage, whatever its WORKDIR.
    const source = normalizePosix('/' + raw);
    // Where this source lands, and the path in the source stage the target corresponds to.
    // A folder copied into `dest` lays its contents there (written with a trailing slash it is one); a
    // file lands as `dest/<name>` — a file the source stage has from the context or its go build
    // (`COPY --from=build /src/config.json ./`) lays nothing else. Unknown: both are tried.
    const candidates: string[] = [];
    const folder = raw.endsWith('/');
    const file = !folder && intoDir && under(target, dest) && isFileThere(ctx, src, source);
    const landing = intoDir ? normalizePosix(dest + '/' + path.posix.basename(source)) : dest;
    if (!folder && under(target, landing)) candidates.push(normalizePosix(source + '/' + below(target, landing)));
    if (!file && under(target, dest) && target !== dest) candidates.push(normalizePosix(source + '/' + below(target, dest)));
    for (const inSource of candidates) {
      const origin = lookup(ctx, src, inSource, Number.POSITIVE_INFINITY);
      if (origin.kind !== 'absent') return { kind: 'stage', from: src, path: inSource, at: ins, origin };
    }
  }
  if (target === dest || under(dest, target)) return { kind: 'made', at: ins };
  return undefined;
}

/** Whether `p` in `stage` is known to be a file: a file of the build context, or a go build's output. */
function isFileThere(ctx: Ctx, stage: Stage, p: string): boolean {
  const origin = firstOrigin(lookup(ctx, stage, p, Number.POSITIVE_INFINITY));
  return origin.kind === 'built' || (origin.kind === 'context' && ctx.project.exists(origin.host) === 'file');
}

function findStage(model: DockerfileModel, ref: string, ins: DInstruction): Stage | undefined {
  return ref.includes('$') ? undefined : stageNamedBefore(model, ref, ins.start);
}

function fromRun(ctx: Ctx, stage: Stage, ins: DInstruction, target: string): PathOrigin | undefined {
  if (!ins.commands.length) return ins.argsEnd > ins.argsStart ? fromExecFormRun(ctx.model, ins, target) : undefined;
  // go build / go install outputs (the RUN's own, and those make or a script runs).
  for (const gb of runBuilds(ctx, stage, ins)) {
    const out = goBuildOutput(gb);
    if (out === undefined) return { kind: 'unknown', at: ins };
    // A folder output (`go build .` names the binary after the package) holds one file directly in it.
    const dir = out.slice(0, -1) || '/';
    if (out.endsWith('/') ? target !== dir && path.posix.dirname(target) === dir : under(target, out)) return { kind: 'built', build: gb, at: ins };
    // go build makes the folder it writes into, and the folders above it (`-o ./bin/app` makes bin).
    if (under(out.endsWith('/') ? dir : path.posix.dirname(out), target)) return { kind: 'made', at: ins };
  }
  let cwd = ins.workdir;
  for (const cmd of ins.commands) {
    const { rest } = splitAssignments(cmd);
    const words = rest.map((w) => w.value);
    let program = words[0] ? path.posix.basename(words[0]) : undefined;
    if (program === 'sudo' || program === 'exec') {
      words.shift();
      program = words[0] ? path.posix.basename(words[0]) : undefined;
    }
    if (!program) continue;
    if (program === 'cd') {
      cwd = words[1] && !words[1].includes('$') ? normalizePosix(words[1].startsWith('/') ? words[1] : (cwd ?? '/') + '/' + words[1]) : undefined;
      continue;
    }
    if (program === 'go') {
      // Its builds are handled above; `go test -c` compiles a test binary (`-o` names it, else
      // <package>.test in the working folder); other verbs write no files we look up.
      const made = testBinaryMade(words.slice(1), cwd, target);
      if (made === 'unknown') return { kind: 'unknown', at: ins };
      if (made === 'yes') return { kind: 'made', at: ins };
      continue;
    }
    // A redirection writes the file it names (`echo ... > /etc/apk/repositories`); one we cannot
    // place may write anywhere.
    const written = redirectTargets(cmd.words, cwd);
    if (written === undefined) return { kind: 'unknown', at: ins };
    if (written.includes(target)) return { kind: 'made', at: ins };
    const outcome = programOutcome(ins, program, words.slice(1), cwd, target);
    if (outcome) return outcome;
  }
  return undefined;
}

/**
 * What one command of a RUN (`program` with `args`, run in `cwd`) does at `target`: makes it, may
 * have put it there (unknown), or nothing there (undefined). Shared by shell-form and exec-form RUNs.
 */
function programOutcome(ins: DInstruction, program: string, args: string[], cwd: string | undefined, target: string): PathOrigin | undefined {
  if (INERT.has(program)) return undefined;
  if (PACKAGE_TOOLS.has(program)) return SYSTEM_DIRS.some((d) => under(target, d)) ? { kind: 'unknown', at: ins } : undefined;
  const made = madeBy(program, args, cwd, target);
  if (made === 'yes') return { kind: 'made', at: ins };
  // make, a script, curl | sh, npm ...: anything may appear.
  return made === 'no' ? undefined : { kind: 'unknown', at: ins };
}

/**
 * An exec-form RUN (`RUN ["chmod", "+x", "/app/start.sh"]`): one command, run without a shell, read
 * like a command of a shell-form RUN. Heredocs, a shell with a script (`["sh", "-c", ...]`), go
 * commands and words we cannot read are unknown.
 */
function fromExecFormRun(model: DockerfileModel, ins: DInstruction, target: string): PathOrigin | undefined {
  const { form, words } = argWords(model, ins);
  if (form !== 'json' || !words.length || words.some((w) => w.opaque || w.value.includes('$'))) return { kind: 'unknown', at: ins };
  const values = words.map((w) => w.value);
  const program = path.posix.basename(values[0]);
  // Its go builds are not read from the exec form; sudo, exec and env run another command.
  if (program === 'go' || program === 'sudo' || program === 'exec' || program === 'env') return { kind: 'unknown', at: ins };
  return programOutcome(ins, program, values.slice(1), ins.workdir, target);
}

/**
 * Whether `go <args>` is a `go test -c` that writes `target`: with `-o`, that file (or a file in
 * that folder, for `-o dir/`); without, `<package>.test` in the working folder, whose name we do
 * not derive: any `*.test` file there.
 */
function testBinaryMade(args: readonly string[], cwd: string | undefined, target: string): 'yes' | 'no' | 'unknown' {
  if (args[0] !== 'test' || !args.includes('-c')) return 'no';
  let out: string | undefined;
  for (let k = 1; k < args.length; k++) {
    const a = args[k];
    if (a === '-o' || a === '--o') out = args[k + 1] ?? '';
    else if (a.startsWith('-o=') || a.startsWith('--o=')) out = a.slice(a.indexOf('=') + 1);
  }
  if (out === undefined) {
    if (cwd === undefined) return 'unknown';
    return path.posix.dirname(target) === cwd && target.endsWith('.test') ? 'yes' : 'no';
  }
  if (out.includes('$') || (!out.startsWith('/') && cwd === undefined)) return 'unknown';
  const file = normalizePosix(out.startsWith('/') ? out : cwd + '/' + out);
  if (out.endsWith('/')) return path.posix.dirname(target) === file ? 'yes' : 'no';
  return target === file || under(file, target) ? 'yes' : 'no';
}

/**
 * The files a command's redirections write (`> f`, `>> f`, `2> f`, `&> f`, and the same written
 * without a space); duplications (`2>&1`) and /dev/null write none. Undefined when a redirection's
 * file cannot be placed (a variable, a relative path without a known folder). Quoted words are text.
 */
function redirectTargets(words: readonly { value: string; quoted: boolean }[], cwd: string | undefined): string[] | undefined {
  const out: string[] = [];
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (w.quoted || !w.value.includes('>')) continue;
    const m = /^(?:\d|&)?>>?(.*)$/.exec(w.value);
    if (!m) return undefined;
    let file = m[1];
    if (file.startsWith('&')) continue; // 2>&1: a duplication
    if (file === '') file = words[++k]?.value ?? '';
    if (!file || file.includes('$')) return undefined;
    if (file === '/dev/null') continue;
    if (!file.startsWith('/') && cwd === undefined) return undefined;
    out.push(normalizePosix(file.startsWith('/') ? file : cwd + '/' + file));
  }
  return out;
}

function runBuilds(ctx: Ctx, stage: Stage, ins: DInstruction): readonly GoBuildCommand[] {
  return goBuildsOfInstruction(ctx.project, ctx.build, ctx.model, stage, ins);
}

/** What a command we know makes: `yes` when it makes the target, `no` when it makes nothing there, `maybe` otherwise. */
function madeBy(program: string, args: string[], cwd: string | undefined, target: string): 'yes' | 'no' | 'maybe' {
  const abs = (p: string) => (p.includes('$') ? undefined : p.startsWith('/') ? normalizePosix(p) : cwd === undefined ? undefined : normalizePosix(cwd + '/' + p));
  const operands = args.filter((a) => !a.startsWith('-'));
  switch (program) {
    case 'mkdir':
    case 'touch': {
      const paths = operands.map(abs);
      if (paths.some((p) => p === undefined)) return 'maybe';
      return paths.some((p) => p === target || (program === 'mkdir' && p !== undefined && under(p, target))) ? 'yes' : 'no';
    }
    case 'install': {
      // install -d DIR...; install [-m ...] SRC DEST
      if (args.includes('-d')) {
        const paths = operands.map(abs);
        if (paths.some((p) => p === undefined)) return 'maybe';
        return paths.some((p) => p !== undefined && under(p, target)) ? 'yes' : 'no';
      }
      return destinationOf(operands, abs, target);
    }
    case 'cp':
    case 'mv':
    case 'ln':
      return destinationOf(operands, abs, target);
    case 'sh':
    case 'bash':
    case 'ash':
    case 'dash':
    case 'zsh':
      // With nothing to run (no script, no -c), a shell in a RUN reads its empty input and exits.
      return args.length === 0 ? 'no' : 'maybe';
    default:
      return 'maybe';
  }
}

/** The last operand is the destination: the target is it, or (for a folder destination) below it. */
function destinationOf(operands: string[], abs: (p: string) => string | undefined, target: string): 'yes' | 'no' | 'maybe' {
  if (operands.length < 2) return 'maybe';
  const dest = abs(operands[operands.length - 1]);
  if (dest === undefined || operands.some((o) => /[*?[]/.test(o))) return under(target, dest ?? '/') ? 'maybe' : 'no';
  if (target === dest) return 'yes';
  if (under(target, dest)) return 'maybe';
  return 'no';
}
