/**
 * Stage facts shared by the DGT12x rules: stage chains, the final stages of a Dockerfile's builds,
 * what a stage's base image is known to contain (a shell, /etc/passwd, its default user), and
 * whether a stage is a Go runtime image.
 */
import * as path from 'node:path';
import { buildsOfDockerfile } from './buildContext';
import { goBuildsOf } from './buildScripts';
import { chainInstructions, chainOf, rootOf } from './stageGraph';
import type { Project } from '../project/project';
import type { ImageBuild } from '../project/project';
import { serviceNamed, serviceString } from '../parse/compose';
import {
  chainRoot,
  copyArgs,
  finalStage,
  goBuilds,
  normalizePosix,
  outputReaches,
  stageChainFromRoot,
  stagesFeeding,
  DInstruction,
  DockerfileModel,
  Stage,
} from '../parse/dockerfile';



/** The distinct stages that become images, each with the builds that produce it. */
export function finalStagesOf(ctx: { project: Project; path: string; model: DockerfileModel }, opts?: { leaves?: boolean }): { stage: Stage; builds: ImageBuild[] }[] {
  const byIndex = new Map<number, { stage: Stage; builds: ImageBuild[] }>();
  for (const b of buildsOfDockerfile(ctx, opts)) {
    const s = finalStage(ctx.model, b.target);
    if (!s) continue;
    const e = byIndex.get(s.index) ?? { stage: s, builds: [] };
    e.builds.push(b);
    byIndex.set(s.index, e);
  }
  return [...byIndex.values()].sort((a, b) => a.stage.index - b.stage.index);
}

/** The flags of a COPY/ADD/RUN instruction, lower-cased names. */
export function flagsOf(ins: DInstruction): readonly { name: string; value: string | undefined }[] {
  return ins.flags;
}

export function fromFlag(ins: DInstruction): string | undefined {
  return flagsOf(ins).find((f) => f.name === 'from')?.value ?? undefined;
}

/** True when the file opts into BuildKit-only syntax: a `# syntax=` directive or a `RUN --mount`. */
export function usesBuildKit(model: DockerfileModel): boolean {
  let known = buildKitModels.get(model);
  if (known === undefined) {
    known =
      model.ast.getDirectives().some((d) => d.getName().toLowerCase() === 'syntax') ||
      model.stages.some((s) => s.instructions.some((i) => i.keyword === 'RUN' && flagsOf(i).some((f) => f.name === 'mount')));
    buildKitModels.set(model, known);
  }
  return known;
}

const buildKitModels = new WeakMap<DockerfileModel, boolean>();

/** Whether a Dockerfile-level image repo is the official one (Docker Hub library, or a mirror of it). */
export function isOfficial(repo: string, name: string): boolean {
  return repo === name || repo.endsWith('/library/' + name);
}

/** gcr.io/distroless images (and mirrors), not Chainguard's. */
export function isGoogleDistroless(repo: string): boolean {
  return /(^|\/)distroless\//.test(repo) && !repo.startsWith('cgr.dev/');
}

/**
 * A base image known to have no shell at all: scratch, distroless (not its :debug tags, which carry
 * busybox), and Chainguard's static image.
 */
export function shellless(root: Stage): 'scratch' | 'distroless' | undefined {
  if (root.imageRaw.includes('$')) return undefined; // a build argument may pick another image
  if (root.repo === 'scratch') return 'scratch';
  const tag = (root.tag ?? '').toLowerCase();
  if (tag.includes('debug') || tag.includes('dev')) return undefined;
  if (isGoogleDistroless(root.repo)) return 'distroless';
  if (root.repo === 'cgr.dev/chainguard/static') return 'distroless';
  return undefined;
}

/** distroless images whose only entry point is what you give them (no interpreter ENTRYPOINT). */
export function distrolessWithoutEntrypoint(root: Stage): boolean {
  const last = root.repo.split('/').pop() ?? '';
  return /^(static|base|cc)(-|$)/.test(last) || root.repo === 'cgr.dev/chainguard/static';
}

const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst))$/i;
/** Source names that usually stand for a folder of system files. */
const SYSTEM_FOLDER = /^(etc|bin|sbin|usr|lib|rootfs|root|fs|files|busybox)$/i;

/**
 * Whether a COPY/ADD may put `file` (an absolute container path) into the image: it copies something
 * to that path, or a file of that name into its folder, or a folder (which may hold it) over one of
 * its parents; or it uses a glob or variable we cannot see through, or (ADD) unpacks an archive.
 */
export function mayProvide(ins: DInstruction, file: string): boolean {
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return false;
  const args = copyArgs(ins);
  if (args.length < 2) return false;
  const dest = args[args.length - 1];
  const sources = args.slice(0, -1);
  const destAbs = dest.includes('$') ? undefined : normalizeDest(ins, dest);
  if (destAbs === undefined || destAbs === file) return true;
  const fileDir = path.posix.dirname(file);
  // Nothing can land in the file's folder unless the destination is that folder or above it.
  if (!(destAbs === '/' || fileDir === destAbs || fileDir.startsWith(destAbs + '/'))) return false;
  if (sources.some((s) => s.startsWith('<<'))) return false;
  if (sources.some((s) => /[$*?[]/.test(s))) return true;
  if (ins.keyword === 'ADD' && sources.some((s) => ARCHIVE.test(s) || /^https?:/i.test(s))) return true;
  const base = path.posix.basename(file);
  for (const src of sources) {
    const srcBase = path.posix.basename(normalizePosix(src.startsWith('/') ? src : '/' + src));
    if (destAbs === fileDir && srcBase === base) return true; // copied into its folder under its name
    if (src.endsWith('/') || src === '.' || SYSTEM_FOLDER.test(srcBase)) return true; // a folder's contents laid over a parent
  }
  return false;
}

function normalizeDest(ins: DInstruction, dest: string): string | undefined {
  if (dest.startsWith('/')) return normalizePosix(dest);
  if (ins.workdir === undefined) return undefined;
  return normalizePosix(ins.workdir + '/' + dest);
}

/** Offset of the first instruction of each stage chain that may provide one of the files (memoized per parse). */
const providerCache = new WeakMap<DockerfileModel, Map<string, number>>();

/** True when some instruction of the chain before `before` may provide one of `files`. */
export function chainProvides(model: DockerfileModel, stage: Stage, before: number, files: string[]): boolean {
  let cache = providerCache.get(model);
  if (!cache) providerCache.set(model, (cache = new Map()));
  const key = `${stage.index}\0${files.join('\0')}`;
  let first = cache.get(key);
  if (first === undefined) {
    // Parent stages come earlier in the file, so one offset answers for every `before`.
    first = chainInstructions(model, stage).find((i) => files.some((f) => mayProvide(i, f)))?.start ?? Number.POSITIVE_INFINITY;
    cache.set(key, first);
  }
  return first < before;
}

export const SHELL_FILES = ['/bin/sh', '/bin/busybox', '/busybox/sh'];
export const PASSWD_FILES = ['/etc/passwd'];

/** The stage chain sets its own SHELL before `before`. */
export function setsShell(model: DockerfileModel, stage: Stage, before: number): boolean {
  const first = chainInstructions(model, stage).find((i) => i.keyword === 'SHELL');
  return first !== undefined && first.start < before;
}

/**
 * Whether some `go build`/`go install` puts its binary into `final` (its own chain, or copied in):
 * a RUN's own, or one behind the Makefile target or build script a RUN starts (for each of `builds`,
 * whose context holds those files; buildScripts.ts).
 */
export function runsGoBinary(project: Project, builds: readonly ImageBuild[], model: DockerfileModel, final: Stage): boolean {
  for (const idx of [...stagesFeeding(model, final)].sort((a, b) => b - a)) {
    const stage = model.stages[idx];
    const lists = builds.length ? builds.map((b) => goBuildsOf(project, b, model, stage)) : [goBuilds(stage)];
    for (const list of lists) for (const gb of list) if (outputReaches(model, gb, final)) return true;
  }
  return false;
}

/** Whether the builds that produce this stage run it as another user (compose `user:`). */
export function composeSetsUser(ctx: { project: Project }, builds: ImageBuild[]): boolean {
  for (const b of builds) {
    if (!b.service) continue;
    const svc = serviceNamed(ctx.project.compose(b.service.composePath), b.service.name);
    if (svc && serviceString(svc, 'user') !== undefined) return true;
  }
  return false;
}

export interface UserSpec {
  ins: DInstruction;
  /** The whole argument as written. */
  value: string;
  user: string;
  group: string | undefined;
  start: number;
  end: number;
}

/** The USER instruction in effect at the end of the chain (or before `before`). */
export function effectiveUser(model: DockerfileModel, stage: Stage, before = Number.POSITIVE_INFINITY): UserSpec | undefined {
  const users = chainInstructions(model, stage, before).filter((i) => i.keyword === 'USER');
  const last = users[users.length - 1];
  if (!last) return undefined;
  // A USER being typed (or otherwise unreadable) counts as an unknown, non-root user.
  return userSpec(last) ?? { ins: last, value: '', user: '', group: undefined, start: last.argsStart, end: last.argsEnd };
}

export function userSpec(ins: DInstruction): UserSpec | undefined {
  const raw = ins.ast.getArgumentsContent();
  const args = ins.ast.getArguments();
  if (!raw || args.length !== 1) return undefined;
  const value = args[0].getValue();
  const colon = value.indexOf(':');
  const user = colon >= 0 ? value.slice(0, colon) : value;
  const group = colon >= 0 ? value.slice(colon + 1) : undefined;
  return { ins, value, user, group, start: ins.argsStart, end: ins.argsEnd };
}

export function isRootUser(u: UserSpec): boolean {
  return u.user === 'root' || u.user === '0';
}

/** Short options (of busybox adduser, useradd, groupadd, addgroup) that take a value. */
const SHORT_WITH_VALUE = /[hgsGukbcdefKpRPZ]$/;
/** Long options (of useradd, groupadd, Debian's and busybox's adduser) that take a value. */
const LONG_WITH_VALUE = new Set([
  'home', 'gecos', 'shell', 'ingroup', 'uid', 'gid', 'comment', 'home-dir', 'groups', 'skel', 'key', 'password',
  'expiredate', 'inactive', 'base-dir', 'root', 'prefix', 'firstuid', 'lastuid', 'firstgid', 'lastgid', 'conf',
  'selinux-user', 'extrausers', 'stdoutmsglevel', 'stderrmsglevel', 'logmsglevel',
]);

/** The positional (non-option) words of a user or group command's arguments. */
export function positionalArgs(words: string[]): string[] {
  const out: string[] = [];
  for (let j = 0; j < words.length; j++) {
    const w = words[j];
    if (w === '--') {
      out.push(...words.slice(j + 1));
      break;
    }
    if (w.startsWith('--')) {
      if (!w.includes('=') && LONG_WITH_VALUE.has(w.slice(2))) j++;
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      if (SHORT_WITH_VALUE.test(w)) j++;
      continue;
    }
    out.push(w);
  }
  return out;
}

/** Names of the users that RUN commands of the chain create with adduser or useradd. */
export function createdUsers(model: DockerfileModel, stage: Stage): string[] {
  const names: string[] = [];
  for (const ins of chainInstructions(model, stage)) {
    for (const cmd of ins.commands) {
      const v = cmd.words.map((w) => w.value);
      const k = v.findIndex((w) => /(^|\/)(adduser|useradd)$/.test(w));
      if (k < 0) continue;
      const name = positionalArgs(v.slice(k + 1))[0];
      if (name && /^[a-z_][a-z0-9_.-]*$/i.test(name)) names.push(name);
    }
  }
  return names;
}

/** The last instruction of the stage, and where to put a final USER: after the last RUN and USER. */
export function userInsertionPoint(stage: Stage): { before: DInstruction } | { after: DInstruction } | undefined {
  const ins = stage.instructions.filter((i) => i.keyword !== 'ONBUILD');
  if (!ins.length) return undefined;
  let lastMutating = -1;
  ins.forEach((i, k) => {
    if (i.keyword === 'RUN' || i.keyword === 'USER') lastMutating = k;
  });
  for (let k = lastMutating + 1; k < ins.length; k++) {
    if (ins[k].keyword === 'ENTRYPOINT' || ins[k].keyword === 'CMD') return { before: ins[k] };
  }
  return { after: ins[ins.length - 1] };
}
