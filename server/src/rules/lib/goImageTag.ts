/**
 * The golang image of a stage and the go.mod its go commands read: where the tag is written (in the
 * FROM itself or in an ARG default), and which module the stage's `go build`/`go mod download`/...
 * compile, through WORKDIR and COPY, for every build of the Dockerfile.
 */
import type { DockerfileContext } from '../context';
import type { ImageBuild } from '../../project/project';
import type { GoMod } from '../../parse/gomod';
import type { Stage } from '../../parse/dockerfile';
import * as path from 'node:path';
import { composeBuildArgs, goCommands, GoCmd, goEnv, goModFor, ignoreFileOf, isGolangRepo, originOf, parseGolangTag, GolangTag, readsModule } from '../../model/goCommands';
import { buildsOfDockerfile, candidateContexts } from '../../model/buildContext';
import { descendantsOf } from '../../model/stageGraph';
import { goCommandsOf } from '../../model/buildScripts';

export interface TagSite {
  tag: GolangTag;
  /** Offsets of the version text (or, unpinned, of the place a version goes) in the file to edit. */
  editStart: number;
  editEnd: number;
  /** What a fix inserts around the version for an unpinned tag: ":" before, "-" after. */
  prefix: string;
  suffix: string;
  /** Where to point the finding in the Dockerfile. */
  reportStart: number;
  reportEnd: number;
  /** The ARG whose default holds the version, when it does. */
  arg: { name: string; start: number; end: number } | undefined;
  /** The image is pinned by digest too: editing the tag alone changes nothing. */
  digest: boolean;
}

/** Finds where the golang tag of a root stage is written; undefined when it cannot be edited safely. */
export function tagSite(ctx: DockerfileContext, stage: Stage): TagSite | undefined {
  if (stage.tag === '') return undefined; // half-typed
  const tag = parseGolangTag(stage.tag);
  if (!tag) return undefined;
  const digest = stage.imageRaw.includes('@');
  const site = findSite(ctx, stage, tag);
  return site && { ...site, digest };
}

function findSite(ctx: DockerfileContext, stage: Stage, tag: GolangTag): Omit<TagSite, 'digest'> | undefined {
  const { text } = ctx;
  const raw = stage.imageRaw.split('@')[0];
  if (!raw.includes('$')) {
    if (stage.tag === undefined) {
      return { tag, editStart: stage.imageEnd, editEnd: stage.imageEnd, prefix: ':', suffix: '', reportStart: stage.imageStart, reportEnd: stage.imageEnd, arg: undefined };
    }
    const colon = raw.lastIndexOf(':');
    const tagStart = stage.imageStart + colon + 1;
    const tagEnd = tagStart + (stage.tag ?? '').length;
    if (text.slice(tagStart, tagEnd) !== stage.tag) return undefined;
    return siteIn(tag, tagStart, tagEnd, tagStart, tagEnd, undefined);
  }
  // A variable: either the whole image (`FROM ${GO_IMAGE}`) or the tag starts with one (`golang:${GO_VERSION}-alpine`).
  const { slash, colon } = topLevelSeparators(raw);
  let varRef: RegExpExecArray | null;
  let refStart: number;
  if (colon > slash) {
    const rawTag = raw.slice(colon + 1);
    if (!rawTag.includes('$')) {
      const tagStart = stage.imageStart + colon + 1;
      return siteIn(tag, tagStart, tagStart + rawTag.length, tagStart, tagStart + rawTag.length, undefined);
    }
    varRef = /^\$\{([A-Za-z_]\w*)\}|^\$([A-Za-z_]\w*)/.exec(rawTag);
    refStart = colon + 1;
  } else {
    varRef = /^\$\{([A-Za-z_]\w*)\}$|^\$([A-Za-z_]\w*)$/.exec(raw);
    refStart = 0;
  }
  if (!varRef || tag.versionText === undefined) return undefined;
  const name = varRef[1] ?? varRef[2];
  const argSite = globalArgValue(ctx, name);
  if (!argSite) return undefined;
  const value = text.slice(argSite.start, argSite.end);
  // Whole image from the ARG ("golang:1.21-alpine"): the version follows its colon; a tag ARG starts with it.
  const idx = refStart === 0 ? value.lastIndexOf(':') + 1 : /^["']/.test(value) ? 1 : 0;
  if ((refStart === 0 && idx === 0) || !value.startsWith(tag.versionText, idx)) return undefined;
  const vStart = argSite.start + idx;
  const reportStart = stage.imageStart + refStart;
  return {
    tag,
    editStart: vStart,
    editEnd: vStart + tag.versionText.length,
    prefix: '',
    suffix: '',
    reportStart,
    reportEnd: reportStart + varRef[0].length,
    arg: { name, start: argSite.start, end: argSite.end },
  };
}

/** The last "/" and ":" of an image reference that are not inside a `${...}` expression. */
function topLevelSeparators(raw: string): { slash: number; colon: number } {
  let depth = 0;
  let slash = -1;
  let colon = -1;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '$' && raw[i + 1] === '{') {
      depth++;
      i++;
    } else if (raw[i] === '}' && depth > 0) depth--;
    else if (depth === 0 && raw[i] === '/') slash = i;
    else if (depth === 0 && raw[i] === ':') colon = i;
  }
  return { slash, colon };
}

function siteIn(tag: GolangTag, tagStart: number, tagEnd: number, reportStart: number, reportEnd: number, arg: TagSite['arg']): Omit<TagSite, 'digest'> {
  // A version is pointed at itself; an unpinned tag as a whole.
  if (tag.versionText !== undefined) {
    const end = tagStart + tag.versionText.length;
    return { tag, editStart: tagStart, editEnd: end, prefix: '', suffix: '', reportStart: tagStart, reportEnd: end, arg };
  }
  if (tag.suffix === '' || tag.suffix === 'latest') {
    return { tag, editStart: tagStart, editEnd: tagEnd, prefix: '', suffix: '', reportStart, reportEnd, arg };
  }
  return { tag, editStart: tagStart, editEnd: tagStart, prefix: '', suffix: '-', reportStart, reportEnd, arg };
}

/** The offsets of a global ARG's default value (the last declaration before the first FROM). */
function globalArgValue(ctx: DockerfileContext, name: string): { start: number; end: number } | undefined {
  let found: { start: number; end: number } | undefined;
  for (const arg of ctx.model.ast.getInitialARGs()) {
    const p = arg.getProperty();
    if (!p || p.getName() !== name) continue;
    const vr = p.getValueRange();
    if (!vr) {
      found = undefined;
      continue;
    }
    found = { start: ctx.index.offsetAt(vr.start), end: ctx.index.offsetAt(vr.end) };
  }
  return found;
}

export interface ModuleUse {
  build: ImageBuild;
  cmd: GoCmd;
  goModPath: string;
  mod: GoMod;
}

/**
 * The go.mod files the go commands of a golang root stage (and the stages built on it) read, for
 * every build of the Dockerfile. Builds whose compose file overrides the ARG in `skipArg` are left out.
 */
export function moduleUses(ctx: DockerfileContext, root: Stage, skipArg?: string, parentContexts = false): ModuleUse[] {
  const out: ModuleUse[] = [];
  const { model, project } = ctx;
  for (const build of buildsOfDockerfile(ctx)) {
    if (skipArg && composeBuildArgs(project, build).has(skipArg)) continue;
    // A Dockerfile no compose file builds may be built from a parent folder (`docker build -f
    // sub/Dockerfile .`): when asked, a command that finds no go.mod in the Dockerfile's own folder
    // is traced again from each parent up to the repository root, and the first go.mod found counts.
    const contexts = !parentContexts || build.service ? [build.context] : candidateContexts(project, build);
    const builds = contexts.map((c) => (c === build.context ? build : { ...build, context: c }));
    const ignores = builds.map((b) => ignoreFileOf(project, b)?.patterns);
    for (const s of descendantsOf(model, root)) {
      for (const cmd of goCommandsOf(project, build, model, s)) {
        if (!readsModule(cmd) || cmd.cwd === undefined) continue;
        for (let k = 0; k < builds.length; k++) {
          const found = goModFor(project, builds[k], model, s, cmd.cwd, cmd.instruction.start, ignores[k]);
          if (found.unknown || found.origin?.excluded.length) break;
          if (!found.hostGoMod) continue;
          const mod = project.goMod(found.hostGoMod);
          if (mod) out.push({ build: builds[k], cmd, goModPath: found.hostGoMod, mod });
          break;
        }
      }
    }
  }
  return out;
}

/**
 * The go.work files the commands of `uses` run under: a go.work copied into the command's folder
 * or above it, with GOWORK unset. Each comes as a use whose `mod` holds the go.work's `go` and
 * `toolchain` lines (and no requirements).
 */
export function workspaceUses(ctx: DockerfileContext, uses: readonly ModuleUse[]): ModuleUse[] {
  const out: ModuleUse[] = [];
  const seen = new Set<number>();
  for (const use of uses) {
    const { cmd, build } = use;
    if (seen.has(cmd.goWord.start) || cmd.cwd === undefined) continue;
    seen.add(cmd.goWord.start);
    const gowork = goEnv(ctx.model, cmd, 'GOWORK');
    if (gowork !== undefined && gowork !== '') continue;
    const ignore = ignoreFileOf(ctx.project, build)?.patterns;
    for (let d = cmd.cwd; ; d = path.posix.dirname(d)) {
      const o = originOf(ctx.project, build, ctx.model, cmd.stage, (d === '/' ? '' : d) + '/go.work', cmd.instruction.start, ignore);
      if (o.provider) {
        const work = ctx.project.goWork(o.provider.host);
        if (work) out.push({ build, cmd, goModPath: o.provider.host, mod: { module: undefined, go: work.go, toolchain: work.toolchain, requires: [], replaces: [] } });
        break;
      }
      if (o.unknown || d === '/') break;
    }
  }
  return out;
}

/** Root stages built FROM the official golang image. */
export function golangRoots(ctx: DockerfileContext): Stage[] {
  return ctx.model.stages.filter((s) => s.parent === undefined && isGolangRepo(s.repo));
}

/** 1-based line of an offset in a text. */
export function lineNumber(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
