/**
 * DGT120 go-mod-download-order: the module source is copied before the dependencies are
 * downloaded, so every source change downloads every module again.
 */
import * as path from 'node:path';
import type { DockerfileRule, DockerfileContext } from '../engine/context';
import type { Fix } from '../engine/types';
import type { ImageBuild } from '../engine/project';
import { copyArgs, countBefore, envFor, goBuilds, normalizePosix, DInstruction, GoBuildCommand, Stage } from '../parse/dockerfile';
import { chainInstructions, flagsOf, fromFlag, rootOf } from './lib/imageStages';
import { buildsOfDockerfile } from './lib/buildContext';
import { linearMatcher } from '../engine/linearRegExp';
import { afterFlags, insertLinesBefore, rawTokens } from './lib/instructionText';

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
export function downloadOrderProblem(ctx: DockerfileContext, stage: Stage, gb: GoBuildCommand): DownloadOrderProblem | undefined {
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
  // what comes before and after it, is found once per stage and build in an analysis, not once per
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

const chainFactsCache = new WeakMap<DockerfileContext, Map<Stage, Map<string, ChainFacts>>>();

function chainFacts(ctx: DockerfileContext, stage: Stage, build: ImageBuild): ChainFacts {
  let perStage = chainFactsCache.get(ctx);
  if (!perStage) chainFactsCache.set(ctx, (perStage = new Map()));
  let perContext = perStage.get(stage);
  if (!perContext) perStage.set(stage, (perContext = new Map()));
  let facts = perContext.get(build.context);
  if (!facts) perContext.set(build.context, (facts = computeChainFacts(ctx, stage, build)));
  return facts;
}

function computeChainFacts(ctx: DockerfileContext, stage: Stage, build: ImageBuild): ChainFacts {
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

export const goModDownloadOrder: DockerfileRule = {
  id: 'DGT120',
  name: 'go-mod-download-order',
  kind: 'dockerfile',
  severity: 'info',
  title: 'Module source copied before the dependencies are downloaded',
  fixTitles: { copyGoMod: 'Copy {files} first and run go mod download', downloadFirst: 'Run go mod download before copying the source' },
  messages: {
    none:
      'This COPY brings in the whole module before the modules it requires ({requires} in go.mod) are downloaded, and no `go mod download` runs before it, so any source change re-downloads every module in `go build` (`go: downloading ...` on each build). Copy go.mod and go.sum first and run `go mod download`, so that layer stays cached until go.mod changes.',
    after:
      'This COPY brings in the whole module before `go mod download` runs, so any source change invalidates the download layer and every build downloads all the modules it requires ({requires} in go.mod) again (`go: downloading ...`). Copy go.mod and go.sum first and run `go mod download` before this COPY.',
  },
  docs: {
    what: 'Finds a `COPY . .` (or a copy of the module\'s folder) that comes before the module\'s dependencies are downloaded, in a stage that runs `go build`, when go.mod has requirements.',
    why:
      'Docker reuses a layer only while everything before it is unchanged. When the whole source tree is copied before `go mod download` (or there is no download step, so `go build` downloads), editing one .go file invalidates the download too, and every build fetches every module again: minutes per build on CI and on slow or proxied networks (GOPROXY=https://goproxy.cn users know this well). Copying go.mod and go.sum alone first keeps the download layer cached until the dependencies change. This is about speed, not correctness, hence the info severity.',
    errorText: ['go: downloading github.com/gin-gonic/gin v1.10.0  (again on every build after any source change)'],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN CGO_ENABLED=0 go build -o /app .\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'Inserts `COPY go.mod go.sum ./` (go.sum only when it exists; go.mod alone when it is already copied) and `RUN go mod download` above the COPY, with its indentation and its --chown/--chmod flags. No fix when the COPY\'s destination is not the working directory.',
    notFlagged: [
      'go.mod without `require` lines: there is nothing to download.',
      'A `go mod download` (or any other `go` command, or any RUN after an early `COPY go.mod`) before the source copy.',
      'A `--mount=type=cache` on /go/pkg/mod for the build, modules copied in from another stage, a vendor/ folder or `-mod=vendor` (or a GOFLAGS/-mod set from a build argument, which may be it), go.work workspaces.',
      '`go install pkg@version`, builds that copy no whole module (bind mounts), Windows stages.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    const seen = new Set<number>();
    for (const stage of model.stages) {
      for (const gb of goBuilds(stage)) {
        const p = downloadOrderProblem(ctx, stage, gb);
        if (!p || seen.has(p.copy.start)) continue;
        seen.add(p.copy.start);
        report({
          start: afterFlags(ctx.text, p.copy, model.escape),
          end: p.copy.argsEnd,
          messageId: p.kind,
          data: { requires: p.requires },
          fixes: fixFor(ctx, p),
        });
      }
    }
  },
};

function fixFor(ctx: DockerfileContext, p: DownloadOrderProblem): Fix[] {
  const args = copyArgs(p.copy);
  const dest = args[args.length - 1];
  const wd = p.copy.workdir;
  const here = dest === '.' || dest === './' || (wd !== undefined && dest.startsWith('/') && normalizePosix(dest) === wd);
  if (!here) return [];
  const prefix = p.source === '.' || p.source === './' ? '' : p.source.replace(/^\.\//, '').replace(/\/*$/, '/');
  // dockerfile-ast's argument range starts after the flags: read them between keyword and arguments.
  const flags = rawTokens(ctx.text, p.copy.start + p.copy.keyword.length, p.copy.argsStart, ctx.model.escape)
    .filter((t) => /^--(chown|chmod|link)\b/.test(t.raw))
    .map((t) => t.raw + ' ')
    .join('');
  const hasSum = ctx.project.exists(path.join(p.moduleDir, 'go.sum')) === 'file';
  const files = hasSum ? 'go.mod, go.sum' : 'go.mod';
  const lines: string[] = [];
  if (!p.goModCopied) lines.push(`COPY ${flags}${prefix}go.mod ${hasSum ? prefix + 'go.sum ' : ''}./`);
  lines.push('RUN go mod download');
  return [
    {
      title: p.goModCopied ? 'Run go mod download before copying the source' : `Copy ${files} first and run go mod download`,
      titleId: p.goModCopied ? 'downloadFirst' : 'copyGoMod',
      titleData: { files },
      preferred: true,
      edits: [insertLinesBefore(ctx, p.copy, lines)],
    },
  ];
}
