/**
 * What the Go rules share: which Go files get container advice at all, and what the container
 * sets at run time (environment, command-line arguments) that can override a default in the code.
 */
import * as path from 'node:path';
import type { GoFacts } from '../parse/go';
import type { Containerization, ImageBuild, Project } from '../project/project';
import type { RelatedInput } from '../core/types';
import { formatMessage } from '../core/types';
import { serviceNamed, mapGet, isMap, isSeq, isScalar, scalarString, ComposeService, Node } from '../parse/compose';
import type { DockerfileModel, Stage } from '../parse/dockerfile';
import { buildsForLinux, mainPackageFacts, MainPackage } from './goPackage';
import { lineageOf } from './stageGraph';
import { containerizationsOf } from './builds';
import { escapeRegExp } from '../core/text';

export interface ContainerizedMain {
  dir: string;
  uses: readonly Containerization[];
  pkg: MainPackage;
}

/** Compose network modes in which the container shares another network namespace. */
export function sharesNetwork(mode: string | undefined): boolean {
  return !!mode && (mode === 'host' || mode.startsWith('service:') || mode.startsWith('container:'));
}

/**
 * The main package this Go file belongs to, when the file deserves container advice: `package
 * main`, not a test, not generated, compiled for linux, and built into an image by the workspace.
 */
export function containerizedMain(ctx: { project: Project; path: string; readonly facts: GoFacts }): ContainerizedMain | undefined {
  const { project } = ctx;
  if (ctx.path.endsWith('_test.go')) return undefined;
  // The workspace model first: most Go files are in no image, and then the file need not be parsed.
  const dir = path.dirname(ctx.path);
  // Builds that name .go files (`go build ./cmd/npc/npc.go`) compile those files only.
  const name = path.basename(ctx.path);
  const uses = containerizationsOf(project, dir).filter((c) => {
    const named = c.goBuild.packages.map((w) => w.value).filter((v) => v.endsWith('.go'));
    return !named.length || named.some((v) => path.posix.basename(v) === name);
  });
  if (!uses.length) return undefined;
  const facts = ctx.facts;
  if (facts.packageName !== 'main' || facts.generated || !buildsForLinux(ctx.path, facts)) return undefined;
  const pkg = mainPackageFacts(project, dir);
  if (!pkg) return undefined;
  return { dir, uses, pkg };
}

/** The related-location messages of {@link builtHere}: spread them into the rule's `relatedMessages`. */
export const BUILT_HERE_MESSAGES = {
  builtService: 'Built into the image of compose service "{service}" here.',
  builtImage: 'Built into a container image here.',
};

export function builtHere(uses: readonly Containerization[]): RelatedInput[] {
  return uses.slice(0, 3).map((c) => ({
    path: c.build.dockerfile,
    start: c.goBuild.goWord.start,
    end: c.goBuild.command.end,
    ...(c.build.service
      ? { messageId: 'builtService', data: { service: c.build.service.name } }
      : { messageId: 'builtImage' }),
  }));
}

export function composeService(project: Project, c: Pick<Containerization, 'build'>): ComposeService | undefined {
  const s = c.build.service;
  if (!s) return undefined;
  return serviceNamed(project.compose(s.composePath), s.name);
}

export interface RuntimeSettings {
  /** Environment variables the container gets, with values when known. */
  env: Map<string, string | undefined>;
  /** Where each variable is set (compose wins over the Dockerfile, as at run time). */
  envFrom: Map<string, 'dockerfile' | 'compose'>;
  /** An env_file (or similar) may set anything. */
  envOpen: boolean;
  /** ENTRYPOINT/CMD of the final stage and compose command/entrypoint, as text. */
  args: string;
}

/** What the container of a containerization (or of an image build's final stage) sets at run time. */
export function runtimeSettings(project: Project, c: Pick<Containerization, 'build' | 'final'>): RuntimeSettings {
  const env = new Map<string, string | undefined>();
  const envFrom = new Map<string, 'dockerfile' | 'compose'>();
  let envOpen = false;
  let args = '';
  const model = project.dockerfile(c.build.dockerfile);
  if (model) {
    const chain = lineageOf(model, c.final);
    const lastIns = c.final.instructions[c.final.instructions.length - 1] ?? chain.map((s) => s.instructions[s.instructions.length - 1]).find((x) => x);
    for (const [k, v] of lastIns?.env ?? []) {
      if (v.via !== 'ENV') continue;
      env.set(k, v.value);
      envFrom.set(k, 'dockerfile');
    }
    for (const s of chain) {
      for (const i of s.instructions) if (i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD') args += ' ' + (i.ast.getArgumentsContent() ?? '');
    }
  }
  const svc = composeService(project, c);
  if (svc) {
    const e = mapGet(svc.doc, svc.node, 'environment');
    if (isMap(e)) {
      for (const pair of e.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key) {
          env.set(key, scalarString(pair.value as Node) ?? undefined);
          envFrom.set(key, 'compose');
        }
      }
    } else if (isSeq(e)) {
      for (const item of e.items) {
        const s = scalarString(item as Node);
        if (!s) continue;
        const eq = s.indexOf('=');
        env.set(eq < 0 ? s : s.slice(0, eq), eq < 0 ? undefined : s.slice(eq + 1));
        envFrom.set(eq < 0 ? s : s.slice(0, eq), 'compose');
      }
    } else if (e) envOpen = true;
    if (mapGet(svc.doc, svc.node, 'env_file') !== undefined) envOpen = true;
    args += composeCommandText(svc);
  }
  return { env, envFrom, envOpen, args };
}

/** The `command:` and `entrypoint:` of a compose service, as one text (empty when it sets neither). */
export function composeCommandText(svc: ComposeService): string {
  let args = '';
  for (const key of ['command', 'entrypoint']) {
    const v = mapGet(svc.doc, svc.node, key);
    if (isScalar(v)) args += ' ' + (scalarString(v) ?? '');
    else if (isSeq(v)) args += ' ' + v.items.map((x) => scalarString(x as Node) ?? '').join(' ');
  }
  return args;
}

/** True when some containerization may override the default through one of these env vars or flags. */
export function overridden(project: Project, uses: readonly Containerization[], env: string[], flags: string[]): boolean {
  if (!env.length && !flags.length) return false;
  for (const c of uses) {
    const rt = runtimeSettings(project, c);
    if (env.length && (rt.envOpen || env.some((e) => rt.env.has(e)))) return true;
    for (const f of flags) {
      const re = new RegExp(`(^|[\\s"'\\[,])--?${escapeRegExp(f)}(=|[\\s"',\\]]|$)`);
      if (re.test(rt.args)) return true;
    }
  }
  return false;
}

/** The value a container gives an env var (first containerization that sets it). */
export function envValue(project: Project, uses: readonly Containerization[], name: string): { value: string | undefined; open: boolean } | undefined {
  for (const c of uses) {
    const rt = runtimeSettings(project, c);
    if (rt.env.has(name)) return { value: rt.env.get(name), open: false };
    if (rt.envOpen) return { value: undefined, open: true };
  }
  return undefined;
}

/**
 * Container paths that outlive the container: compose volume targets and Dockerfile VOLUMEs.
 * Also returns the final stage's working directory, to resolve relative paths.
 */
export function persistentPaths(project: Project, c: Containerization): { mounts: string[]; workdir: string | undefined } {
  const mounts: string[] = [];
  let workdir: string | undefined;
  const model = project.dockerfile(c.build.dockerfile);
  if (model) {
    const chain = lineageOf(model, c.final);
    const last = chain.map((s) => s.instructions[s.instructions.length - 1]).find((x) => x);
    workdir = last?.workdir;
    for (const s of chain) {
      for (const i of s.instructions) {
        if (i.keyword !== 'VOLUME') continue;
        const content = (i.ast.getArgumentsContent() ?? '').trim();
        let args: string[] = [];
        try {
          args = content.startsWith('[') ? (JSON.parse(content) as string[]) : content.split(/\s+/);
        } catch {
          args = [];
        }
        for (const a of args) if (typeof a === 'string' && a.startsWith('/')) mounts.push(a.replace(/\/+$/, ''));
      }
    }
  }
  mounts.push(...composeMountTargets(project, c.build));
  return { mounts, workdir };
}

/**
 * The container paths a compose service mounts something over (bind mounts, volumes, tmpfs), from
 * the service's own file; none for a build no compose service makes.
 */
export function composeMountTargets(project: Project, build: ImageBuild): string[] {
  const mounts: string[] = [];
  const s = build.service;
  const svc = s ? project.compose(s.composePath)?.services.find((x) => x.name === s.name) : undefined;
  const vols = svc ? mapGet(svc.doc, svc.node, 'volumes') : undefined;
  const tmpfs = svc ? mapGet(svc.doc, svc.node, 'tmpfs') : undefined;
  if (isScalar(tmpfs)) {
    const t = scalarString(tmpfs);
    if (t?.startsWith('/')) mounts.push(t.split(':')[0].replace(/\/+$/, ''));
  } else if (isSeq(tmpfs)) {
    for (const item of tmpfs.items) {
      const t = scalarString(item as Node);
      if (t?.startsWith('/')) mounts.push(t.split(':')[0].replace(/\/+$/, ''));
    }
  }
  if (isSeq(vols)) {
    for (const item of vols.items) {
      if (isMap(item)) {
        const t = scalarString(mapGet(svc!.doc, item, 'target'));
        if (t) mounts.push(t.replace(/\/+$/, ''));
        continue;
      }
      const s = scalarString(item as Node);
      if (!s) continue;
      const parts = s.replace(/^[A-Za-z]:[\\/]/, 'X/').split(':');
      const target = parts.length >= 2 ? parts[1] : parts[0];
      if (target.startsWith('/')) mounts.push(target.replace(/\/+$/, ''));
    }
  }
  return mounts;
}

export const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|::1)$/i;

/** The port of an address value: "8080", ":8080", "0.0.0.0:8080", "[::]:8080". */
export function portOfAddress(v: string | undefined): number | undefined {
  if (v === undefined || v.includes('$')) return undefined;
  const m = /^(?:(?:\[[^\]]*\]|[^:[\]]*):)?(\d{1,5})$/.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * The value a command line gives a flag (`-flag value`, `--flag=value`, `"-flag", "value"` of an
 * exec form); null when the flag is there without a value we can read, undefined when it is absent.
 */
export function flagValueIn(cmd: string, flag: string): string | null | undefined {
  const esc = escapeRegExp(flag);
  const re = new RegExp(`(?:^|[\\s"',\\[])--?${esc}(?:=|["']?\\s*,?\\s*["']?\\s+|["']\\s*,\\s*["'])([^\\s"',\\]]*)`);
  const m = re.exec(cmd);
  if (m) return m[1];
  return new RegExp(`(?:^|[\\s"',\\[])--?${esc}(?:$|[\\s"',\\]])`).test(cmd) ? null : undefined;
}
