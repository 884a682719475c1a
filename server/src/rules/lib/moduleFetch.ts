/**
 * Which modules a go command of a Dockerfile fetches straight from their repositories (with git)
 * instead of through a module proxy (DGT128, DGT129): the go.mod the command reads, followed
 * through WORKDIR and COPY, against GOPROXY, GOPRIVATE and GONOPROXY as the command sees them
 * (inline, `export`, ENV, ARG defaults and the values a compose file passes for them, `go env -w`).
 */
import * as path from 'node:path';
import type { DockerfileContext } from '../context';
import type { RelatedInput } from '../../core/types';
import type { ImageBuild } from '../../project/project';
import type { GoModRequire } from '../../parse/gomod';
import { goEnvWritten, variableSettings, type Stage } from '../../parse/dockerfile';
import { buildsOfDockerfile } from '../../model/buildContext';
import { goCommands } from '../../model/goCommands';
import { chainInstructions, lineageOf, rootOf } from '../../model/stageGraph';
import { stageValue } from '../../model/stageValues';
import { compareVer, composeBuildArgValues, flagValue, goModFor, GoCmd, GoVer, ignoreFileOf, isGolangRepo, originOf, parseGolangTag, readsModule } from '../../model/goCommands';

const GO113: GoVer = [1, 13, 0, Number.POSITIVE_INFINITY];
const GO114: GoVer = [1, 14, 0, Number.POSITIVE_INFINITY];

/** A value of an environment variable for a go command; `unknown` when a variable or a build argument decides it. */
export interface EnvSetting {
  value: string | undefined;
  unknown: boolean;
  /** Where it is written in the Dockerfile, when it is. */
  start?: number;
  end?: number;
}

/** The value of `name` for a go command of one build: inline or exported, ENV/ARG (with compose's build args), `go env -w`. */
export function buildEnv(ctx: DockerfileContext, build: ImageBuild, cmd: GoCmd, name: string): EnvSetting {
  const inline = cmd.inline.get(name);
  if (inline) {
    const value = inline.value.slice(inline.value.indexOf('=') + 1);
    return { value, unknown: value.includes('$'), start: inline.start, end: inline.end };
  }
  const env = cmd.instruction.env.get(name);
  const composeArgs = composeBuildArgValues(ctx.project, build);
  if (env) {
    if (env.via === 'ARG' && composeArgs.has(name)) {
      const v = composeArgs.get(name);
      return { value: v, unknown: v === undefined };
    }
    return { value: env.value, unknown: env.value.includes('$'), start: env.start, end: env.end };
  }
  // `ARG NAME` without a default: the value a compose file passes, else unset.
  // (Asked only when compose passes it: the search through the chain is per command.)
  if (composeArgs.has(name) && chainInstructions(ctx.model, cmd.stage, cmd.instruction.start).some((i) => i.keyword === 'ARG' && variableSettings(ctx.model, i).some((v) => v.name === name))) {
    const v = composeArgs.get(name);
    return { value: v, unknown: v === undefined };
  }
  const written = goEnvWritten(ctx.model, cmd.stage, cmd.instruction.start, name);
  if (written !== undefined) return { value: written, unknown: written.includes('$') };
  return { value: undefined, unknown: false };
}

/** Go's module path pattern match (GOPRIVATE, GONOPROXY): a glob per path element, matching a prefix. */
export function matchesPatterns(patterns: string, target: string): boolean {
  for (const raw of patterns.split(',')) {
    const pattern = raw.trim().replace(/\/+$/, '');
    if (!pattern) continue;
    const n = pattern.split('/').length;
    const parts = target.split('/');
    if (parts.length < n) continue;
    const prefix = parts.slice(0, n).join('/');
    if (globMatch(pattern, prefix)) return true;
  }
  return false;
}

function globMatch(pattern: string, s: string): boolean {
  let re = '';
  for (const c of pattern) re += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|\\[\]]/g, '\\$&');
  return new RegExp('^' + re + '$').test(s);
}

export interface DirectModule {
  path: string;
  version: string;
  /** The go.mod line that requires it (or the replace directive that names it). */
  goModPath: string;
  start: number;
  end: number;
}

export interface DirectFetch {
  /** Modules fetched straight from their repositories, direct requirements first. */
  modules: DirectModule[];
  /** Why: GOPRIVATE/GONOPROXY patterns, GOPROXY=direct, or the default of Go before 1.13. */
  via: 'private' | 'direct' | 'goDefault';
  /** The setting as written ("GOPRIVATE=github.com/acme"), for messages. */
  setting: string;
  settingAt: { start: number; end: number } | undefined;
}

/**
 * The modules `cmd` fetches from their repositories, for one build; undefined when it fetches none,
 * or when something the rule cannot see decides it (a variable, vendoring, an unknown go.mod).
 */
export function directFetch(ctx: DockerfileContext, build: ImageBuild, cmd: GoCmd): DirectFetch | undefined {
  return stageValue(ctx.project, 'directFetch', build, cmd, () => computeDirectFetch(ctx, build, cmd));
}

function computeDirectFetch(ctx: DockerfileContext, build: ImageBuild, cmd: GoCmd): DirectFetch | undefined {
  const { model, project } = ctx;
  if (!readsModule(cmd) || cmd.cwd === undefined) return undefined;
  const root = rootOf(model, cmd.stage);
  if (!isGolangRepo(root.repo)) return undefined;
  const tag = parseGolangTag(root.tag);
  if (!tag) return undefined;
  const flags = buildEnv(ctx, build, cmd, 'GOFLAGS');
  if (flags.unknown || /-mod[= ]vendor/.test(flags.value ?? '') || flagValue(cmd, 'mod') === 'vendor') return undefined;
  const ignore = ignoreFileOf(project, build)?.patterns;
  const found = goModFor(project, build, model, cmd.stage, cmd.cwd, cmd.instruction.start, ignore);
  if (!found.hostGoMod || found.containerDir === undefined) return undefined;
  const mod = project.goMod(found.hostGoMod);
  if (!mod) return undefined;
  // A vendor folder next to go.mod is used by default from Go 1.14 (go.mod's go line 1.14 or later).
  const goLine = mod.go?.value.split('.').map(Number);
  const vendorDefault = goLine !== undefined && (goLine[0] > 1 || (goLine[1] ?? 0) >= 14) && (!tag.version || compareVer(tag.version, GO114) >= 0);
  if (vendorDefault) {
    const v = originOf(project, build, model, cmd.stage, (found.containerDir === '/' ? '' : found.containerDir) + '/vendor/modules.txt', cmd.instruction.start, ignore);
    if (v.provider || v.unknown) return undefined;
  }
  const proxy = buildEnv(ctx, build, cmd, 'GOPROXY');
  if (proxy.unknown) return undefined;
  const oldGo = tag.version !== undefined && compareVer(tag.version, GO113) < 0;
  const proxyValue = proxy.value ?? (oldGo ? 'direct' : 'https://proxy.golang.org,direct');
  const first = proxyValue.split(/[,|]/)[0].trim();
  if (first === 'off' || first === '') return undefined;

  let via: DirectFetch['via'];
  let setting: string;
  let settingAt: DirectFetch['settingAt'];
  let isDirect: (p: string) => boolean;
  if (first === 'direct') {
    via = proxy.value === undefined ? 'goDefault' : 'direct';
    setting = proxy.value === undefined ? '' : `GOPROXY=${proxy.value}`;
    settingAt = proxy.start !== undefined ? { start: proxy.start, end: proxy.end as number } : undefined;
    isDirect = () => true;
  } else {
    const noProxy = buildEnv(ctx, build, cmd, 'GONOPROXY');
    const priv = buildEnv(ctx, build, cmd, 'GOPRIVATE');
    const used = noProxy.value ? { s: noProxy, name: 'GONOPROXY' } : { s: priv, name: 'GOPRIVATE' };
    if (noProxy.unknown || used.s.unknown || !used.s.value || used.s.value === 'none' || used.s.value === 'off') return undefined;
    const patterns = used.s.value;
    via = 'private';
    setting = `${used.name}=${patterns}`;
    settingAt = used.s.start !== undefined ? { start: used.s.start, end: used.s.end as number } : undefined;
    isDirect = (p) => matchesPatterns(patterns, p);
  }

  const replaced = new Map(mod.replaces.map((r) => [r.oldPath, r]));
  const modules: DirectModule[] = [];
  const add = (r: GoModRequire) => {
    const rep = replaced.get(r.path);
    if (rep?.local) return;
    const p = rep ? rep.newPath : r.path;
    if (!isDirect(p)) return;
    modules.push({ path: p, version: rep?.newVersion ?? r.version, goModPath: found.hostGoMod as string, start: rep ? rep.newStart : r.start, end: rep ? rep.newEnd : r.end });
  };
  for (const r of mod.requires) if (!r.indirect) add(r);
  for (const r of mod.requires) if (r.indirect) add(r);
  if (!modules.length) return undefined;
  return { modules, via, setting, settingAt };
}

/** The host of a module path, as git sees its repository: github.com for github.com/acme/lib. */
export function moduleHost(p: string): string {
  return p.split('/')[0];
}

/**
 * The first go command of each stage chain that fetches modules from their repositories, per build
 * (later commands find the modules in the cache), with what it fetches.
 */
const directFetchesOf = new WeakMap<DockerfileContext, readonly { cmd: GoCmd; fetch: DirectFetch }[]>();

export function firstDirectFetches(ctx: DockerfileContext): readonly { cmd: GoCmd; fetch: DirectFetch }[] {
  // Two rules ask in each analysis, with the same context object.
  let found = directFetchesOf.get(ctx);
  if (!found) directFetchesOf.set(ctx, (found = computeFirstDirectFetches(ctx)));
  return found;
}

function computeFirstDirectFetches(ctx: DockerfileContext): { cmd: GoCmd; fetch: DirectFetch }[] {
  const out: { cmd: GoCmd; fetch: DirectFetch }[] = [];
  const seen = new Set<number>();
  for (const build of buildsOfDockerfile(ctx)) {
    const fetched = new Set<Stage>();
    for (const stage of ctx.model.stages) {
      for (const cmd of goCommands(stage)) {
        if (lineageOf(ctx.model, stage).some((s) => fetched.has(s))) break;
        const fetch = directFetch(ctx, build, cmd);
        if (!fetch) continue;
        fetched.add(stage);
        if (!seen.has(cmd.goWord.start)) out.push({ cmd, fetch });
        seen.add(cmd.goWord.start);
      }
    }
  }
  return out;
}

/** The related-location templates of the rules that report a direct fetch (DGT128, DGT129). */
export const FETCH_RELATED = { requires: '{gomod} requires {module}.', setting: '{setting} sends these modules past the module proxy.' };

/** The first module a fetch needs, its go.mod as shown in messages, and the related locations: its require line and the setting. */
export function fetchDetails(ctx: DockerfileContext, fetch: DirectFetch): { module: DirectModule; gomod: string; related: RelatedInput<keyof typeof FETCH_RELATED>[] } {
  const m = fetch.modules[0];
  const gomod = path.relative(path.dirname(ctx.path), m.goModPath).split(path.sep).join('/') || 'go.mod';
  const related: RelatedInput<keyof typeof FETCH_RELATED>[] = [{ path: m.goModPath, start: m.start, end: m.end, messageId: 'requires', data: { gomod, module: m.path } }];
  if (fetch.settingAt) related.push({ path: ctx.path, start: fetch.settingAt.start, end: fetch.settingAt.end, messageId: 'setting', data: { setting: fetch.setting } });
  return { module: m, gomod, related };
}
