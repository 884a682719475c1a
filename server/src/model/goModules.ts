/**
 * What the go tool sees of a module in a stage: where downloaded modules are cached, whether the
 * dependencies are downloaded before the module's source is copied in, and which host files make
 * up the main package a go command builds.
 */
import * as path from 'node:path';
import type { ImageBuild, Project } from '../project/project';
import { copyArgs, countBefore, envFor, normalizePosix, DInstruction, DockerfileModel, GoBuildCommand, Stage } from '../parse/dockerfile';
import { linearMatcher } from '../core/linearRegExp';
import type { IgnorePattern } from '../parse/dockerignore';
import { flagsOf, fromFlag } from './stages';
import { buildsOfDockerfile } from './buildContext';
import { flagValue, goFilesIn, GoCmd, originOf, packageArgs } from './goCommands';
import { rootOf } from './stageGraph';
import { chainInstructions } from './stageGraph';
import { stageValue } from './stageValues';

/** What the analyses of one Dockerfile share: the project, the file and its model. */
export interface DockerfileScope {
  project: Project;
  path: string;
  model: DockerfileModel;
}

/** Host Go files of the main package a command builds (folder or file arguments), or undefined when unclear. */
export function mainPackageFiles(
  ctx: DockerfileScope,
  build: ImageBuild,
  cmd: GoCmd,
  ignore?: IgnorePattern[],
): { files: string[]; containerDir: string } | undefined {
  const { model, project } = ctx;
  if (cmd.cwd === undefined) return undefined;
  const cFlag = flagValue(cmd, 'C');
  if (cFlag !== undefined) return undefined;
  const targets = packageArgs(cmd).map((w) => w.value);
  if (targets.some((t) => t.includes('$') || t.includes('@'))) return undefined;
  const goFiles = targets.filter((t) => t.endsWith('.go'));
  if (goFiles.length) {
    const files: string[] = [];
    for (const f of goFiles) {
      const o = originOf(project, build, model, cmd.stage, normalizePosix(f.startsWith('/') ? f : cmd.cwd + '/' + f), cmd.instruction.start, ignore);
      if (o.unknown) return undefined;
      if (!o.provider) continue;
      files.push(o.provider.host);
    }
    return { files, containerDir: normalizePosix(path.posix.dirname(goFiles[0].startsWith('/') ? goFiles[0] : cmd.cwd + '/' + goFiles[0])) };
  }
  const pkgs = targets.length ? targets : ['.'];
  if (pkgs.length !== 1 || !(pkgs[0].startsWith('.') || pkgs[0].startsWith('/')) || pkgs[0].endsWith('...')) return undefined;
  const dir = normalizePosix(pkgs[0].startsWith('/') ? pkgs[0] : cmd.cwd + '/' + pkgs[0]);
  const found = goFilesIn(project, build, model, cmd.stage, dir, cmd.instruction.start, ignore);
  if (found.unknown) return undefined;
  return { files: found.files, containerDir: dir };
}

/** The cache-mount targets of a RUN (`--mount=type=cache,target=...`). */
export function cacheMountTargets(ins: DInstruction): string[] {
  const out: string[] = [];
  for (const f of flagsOf(ins)) {
    if (f.name !== 'mount' || !f.value) continue;
    const kv = new Map(
      f.value.split(',').map((p) => {
        const eq = p.indexOf('=');
        return [eq < 0 ? p : p.slice(0, eq), eq < 0 ? '' : p.slice(eq + 1)] as [string, string];
      }),
    );
    if (kv.get('type') !== 'cache') continue;
    const target = kv.get('target') ?? kv.get('dst') ?? kv.get('destination');
    if (target) out.push(normalizePosix(target));
  }
  return out;
}

export function covers(dir: string, p: string): boolean {
  return dir === '/' || p === dir || p.startsWith(dir + '/');
}

/** Where `go` keeps downloaded modules for this command. */
export function modCacheOf(gb: GoBuildCommand): string | undefined {
  const explicit = envFor(gb, 'GOMODCACHE');
  if (explicit) return explicit.includes('$') ? undefined : normalizePosix(explicit);
  const gopath = (envFor(gb, 'GOPATH') ?? '/go').split(':')[0];
  return gopath.includes('$') ? undefined : normalizePosix(gopath + '/pkg/mod');
}

export interface DownloadOrderProblem {
  /** The COPY that brings the module source in. */
  copy: DInstruction;
  kind: 'none' | 'after';
  requires: number;
  /** Host folder of the module (holds go.mod). */
  moduleDir: string;
  /** The COPY source as written, for the go.mod/go.sum paths. */
  source: string;
  /** Whether go.mod was already copied on its own before the module copy. */
  goModCopied: boolean;
  build: ImageBuild;
}

/** A COPY source that names go.mod (or a glob that matches it). */
function namesGoMod(src: string): boolean {
  const base = src.split('/').pop() ?? '';
  return base === 'go.mod' || (/[*?[]/.test(base) && linearMatcher('^' + base.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$').test('go.mod'));
}

function isGoCommand(ins: DInstruction): boolean {
  return ins.commands.some((c) => {
    const v = c.words.map((w) => w.value);
    const k = v.findIndex((w) => w === 'go' || /\/go$/.test(w));
    return k >= 0 && ['mod', 'get', 'list', 'build', 'install', 'run', 'generate', 'vet', 'test'].includes(v[k + 1] ?? '');
  });
}

function runsGoModDownload(ins: DInstruction): boolean {
  return ins.commands.some((c) => {
    const v = c.words.map((w) => w.value);
    const k = v.findIndex((w) => w === 'go' || /\/go$/.test(w));
    return k >= 0 && v[k + 1] === 'mod' && v[k + 2] === 'download';
  });
}

/**
 * Whether this go build depends on a module whose source was copied in before any download step,
 * and how. Shared with DGT121, whose fix must not hide this problem.
 */
export function downloadOrderProblem(ctx: DockerfileScope, stage: Stage, gb: GoBuildCommand): DownloadOrderProblem | undefined {
  const { model, project } = ctx;
  if (rootOf(model, stage).family === 'windows') return undefined;
  // `go install pkg@version` does not use the context's go.mod.
  if (gb.packages.some((p) => p.value.includes('@'))) return undefined;
  const goflags = envFor(gb, 'GOFLAGS') ?? '';
  const mod = gb.flags.get('mod')?.value ?? /-mod=(\S+)/.exec(goflags)?.[1];
  // -mod=vendor needs no download; a GOFLAGS or -mod we cannot read may well be it.
  if (mod === 'vendor' || mod?.includes('$') || goflags.includes('$')) return undefined;
  const modCache = modCacheOf(gb);
  if (!modCache || cacheMountTargets(gb.instruction).some((t) => covers(t, modCache))) return undefined;

  // What decides the answer is the first COPY of a module folder in the stage chain; where it is, and
  // what comes before and after it, is found once per stage and build, not once per
  // `go build` (a Dockerfile of thousands of builds was quadratic).
  for (const build of buildsOfDockerfile(ctx)) {
    if (project.exists(path.join(build.context, 'go.work')) === 'file') continue;
    const chain = chainFacts(ctx, stage, build);
    const n = chain.cut(gb.instruction.start);
    // Modules copied in from another stage before the module copy.
    const limit = chain.module && chain.module.k < n ? chain.module.k : n;
    for (const k of chain.fromCopies) {
      if (k >= limit) break;
      const dest = copyArgs(chain.all[k]).slice(-1)[0] ?? '';
      if (dest.startsWith('/') && covers(normalizePosix(dest), modCache)) return undefined;
    }
    const m = chain.module;
    if (!m || m.k >= n) continue;
    if (m.decided === 'quiet') return undefined;
    const after = chain.downloadRunAfter(m.k, n) || runsGoModDownload(gb.instruction);
    return { copy: chain.all[m.k], kind: after ? 'after' : 'none', requires: m.requires, moduleDir: m.hostDir, source: m.source, goModCopied: m.goModCopied, build };
  }
  return undefined;
}

interface ChainFacts {
  /** The chain's instructions, root first. */
  all: readonly DInstruction[];
  /** How many of {@link all} come before an offset in the analysed stage. */
  cut(before: number): number;
  /** Indexes of COPY --from instructions. */
  fromCopies: number[];
  /** The first COPY of a folder that holds a go.mod, and what decides it. */
  module: { k: number; decided: 'quiet' | 'problem'; requires: number; hostDir: string; source: string; goModCopied: boolean } | undefined;
  /** Whether a RUN of `go mod download` is between indexes `k` and `n` (exclusive). */
  downloadRunAfter(k: number, n: number): boolean;
}

function chainFacts(ctx: DockerfileScope, stage: Stage, build: ImageBuild): ChainFacts {
  return stageValue(ctx.project, 'chainFacts', build, stage, () => computeChainFacts(ctx, stage, build));
}

function computeChainFacts(ctx: DockerfileScope, stage: Stage, build: ImageBuild): ChainFacts {
  const { model, project } = ctx;
  const all = chainInstructions(model, stage);
  const ownStart = all.length - stage.instructions.length;
  const fromCopies: number[] = [];
  const downloads: { start: number }[] = []; // indexes into `all`, as `start` for countBefore
  let module: ChainFacts['module'];
  for (let k = 0; k < all.length; k++) {
    const ins = all[k];
    if (ins.keyword === 'RUN' && runsGoModDownload(ins)) downloads.push({ start: k });
    if (module || (ins.keyword !== 'COPY' && ins.keyword !== 'ADD')) continue;
    if (fromFlag(ins)) {
      fromCopies.push(k);
      continue;
    }
    const args = copyArgs(ins);
    if (args.length < 2) continue;
    for (const src of args.slice(0, -1)) {
      if (/[$*?[]/.test(src) || /^https?:/i.test(src) || src.startsWith('<<')) continue;
      const hostDir = path.resolve(build.context, src);
      if (!hostDir.startsWith(build.context) || project.exists(hostDir) !== 'dir') continue;
      const goModPath = path.join(hostDir, 'go.mod');
      if (project.exists(goModPath) !== 'file') continue;
      const gomod = project.goMod(goModPath);
      const base = { k, requires: gomod?.requires.length ?? 0, hostDir, source: src, goModCopied: false };
      if (!gomod || !gomod.requires.length || project.exists(path.join(hostDir, 'vendor', 'modules.txt')) === 'file') {
        module = { ...base, decided: 'quiet' };
        break;
      }
      const earlier = all.slice(0, k);
      if (earlier.some((i) => i.keyword === 'RUN' && isGoCommand(i))) {
        module = { ...base, decided: 'quiet' };
        break;
      }
      const modCopyAt = earlier.findIndex((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !fromFlag(i) && copyArgs(i).slice(0, -1).some(namesGoMod));
      // go.mod copied first and some RUN after it: take that RUN for the download step.
      const quiet = modCopyAt >= 0 && earlier.slice(modCopyAt + 1).some((i) => i.keyword === 'RUN');
      module = { ...base, goModCopied: modCopyAt >= 0, decided: quiet ? 'quiet' : 'problem' };
      break;
    }
  }
  return {
    all,
    cut: (before) => ownStart + countBefore(stage.instructions, before),
    fromCopies,
    module,
    downloadRunAfter: (k, n) => {
      const i = countBefore(downloads, k + 1);
      return i < downloads.length && downloads[i].start < n;
    },
  };
}
