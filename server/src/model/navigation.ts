/**
 * Navigation across the files of a container: from a compose service's `build.target` and
 * `build.dockerfile` to the stage in the Dockerfile, from a Dockerfile's `go build ./cmd/api` to the
 * main package it compiles, and from a service name used elsewhere (`depends_on` in another compose
 * file, an address in `environment` such as `db:5432` or `http://api:8080`, a DSN in Go code) to
 * the service's key; and back: where a service or a stage is used.
 *
 * What Docker DX's language servers already answer inside one file is left to them: `COPY --from`
 * and `FROM <stage>` to the stage, and `depends_on` to a service of the same file.
 *
 * Precision over recall: a name is linked only where the model knows what it is (a host position of
 * an address, a stage the builder would pick, a main package a go build compiles), and only when the
 * text at the place is exactly what the model read.
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import type { FileKind } from '../core/types';
import { finalStage, fromSpan, stageNamedBefore, type DockerfileModel, type Stage } from '../parse/dockerfile';
import { containerizations, mainDirsOf } from './builds';
import { goBuildsOf } from './buildScripts';
import { child, composeView, scalarOf, type ComposeView, type MMap, type MScalar } from './composeView';
import { mainPackageFacts } from './goPackage';
import { serviceBuildOf } from './image';
import { buildsOfDockerfile } from './buildContext';
import { composeProjects, serviceKeys, type Place } from './containerView';
import { feedingStages } from './stageGraph';

export interface Navigation {
  /** The span under the cursor that the targets are for. */
  origin: Place;
  targets: Place[];
}

const covers = (p: { start: number; end: number }, offset: number) => p.start <= offset && offset <= p.end;

// ---- names in addresses ----------------------------------------------------------------------

/** A host name in a string, with its indices in the string. */
export interface HostMention {
  host: string;
  from: number;
  to: number;
}

const URL_AUTHORITY = /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^@/\s?#]*@)?([^/\s?#@]+)/g;
const HOST_PORT = /(^|[\s,;=@(])([A-Za-z0-9_][A-Za-z0-9_.-]*):(\d{1,5})(?![\d@:])/g;
const HOST_KEY = /(^|[\s;])host=([A-Za-z0-9_][A-Za-z0-9_.-]*)/gi;
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * The host names a value names as a host: the authority of URLs (`postgres://u:p@db:5432/x`,
 * `mongodb://a:1,b:2`), `host:port` pairs (`db:5432`, `tcp(db:3306)`, but not `user:1234@`), and
 * `host=` of key/value DSNs. IPv6 literals and names with variables are left out.
 */
export function hostMentions(value: string): HostMention[] {
  const out: HostMention[] = [];
  const taken: [number, number][] = [];
  for (const m of value.matchAll(URL_AUTHORITY)) {
    const authority = m[1];
    const at = (m.index ?? 0) + m[0].length - authority.length;
    taken.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
    let k = 0;
    for (const part of authority.split(',')) {
      const host = part.split(':')[0];
      if (NAME.test(host)) out.push({ host, from: at + k, to: at + k + host.length });
      k += part.length + 1;
    }
  }
  for (const m of value.matchAll(HOST_PORT)) {
    const from = (m.index ?? 0) + m[1].length;
    if (taken.some(([a, b]) => from >= a && from < b)) continue;
    out.push({ host: m[2], from, to: from + m[2].length });
  }
  for (const m of value.matchAll(HOST_KEY)) {
    const from = (m.index ?? 0) + m[0].length - m[2].length;
    out.push({ host: m[2], from, to: from + m[2].length });
  }
  return out.sort((a, b) => a.from - b.from);
}

/** Environment variable names whose whole value is a host name (DB_HOST: db). */
const HOST_VARIABLE = /(^|_)(HOST|HOSTNAME|ADDR|ADDRESS|SERVER|SERVICE|ENDPOINT)$/i;

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The places in a compose environment value where it names service `name` (all services when undefined). */
function envMentions(key: string, value: MScalar, names: ReadonlySet<string>): { name: string; at: Place }[] {
  if (value.value === undefined || !value.exact) return [];
  const out: { name: string; at: Place }[] = [];
  const lower = new Map([...names].map((n) => [n.toLowerCase(), n]));
  const v = value.value;
  const mentions = hostMentions(v);
  if (!mentions.length && HOST_VARIABLE.test(key) && NAME.test(v.trim())) {
    const from = v.indexOf(v.trim());
    mentions.push({ host: v.trim(), from, to: from + v.trim().length });
  }
  for (const m of mentions) {
    const name = lower.get(m.host.toLowerCase());
    if (name !== undefined) out.push({ name, at: { path: value.path, start: value.start + m.from, end: value.start + m.to } });
  }
  return out;
}

/** Every service name used in the compose project: depends_on entries and addresses in environment. */
function composeUses(view: ComposeView): { name: string; at: Place; via: 'depends_on' | 'environment' }[] {
  const names = new Set(view.services.keys());
  const out: { name: string; at: Place; via: 'depends_on' | 'environment' }[] = [];
  for (const svc of view.services.values()) {
    const deps = child(svc, 'depends_on');
    if (deps?.kind === 'map') {
      for (const e of deps.entries.values()) out.push({ name: e.key, at: { path: e.path, start: e.keyStart, end: e.keyEnd }, via: 'depends_on' });
    }
    const env = child(svc, 'environment');
    if (env?.kind === 'map') {
      for (const e of env.entries.values()) {
        const v = scalarOf(e.value);
        if (v) for (const m of envMentions(e.key, v, names)) out.push({ ...m, via: 'environment' });
      }
    }
  }
  return out;
}

/** The Go main packages the services of a compose project build. */
function projectMainDirs(project: Project, view: ComposeView): string[] {
  const dirs = new Set<string>();
  for (const c of containerizations(project)) if (c.build.service && view.files.includes(c.build.service.composePath)) dirs.add(c.mainDir);
  return [...dirs];
}

/** The hosts Go code of a main package dials (a DSN, an address), where the host is written exactly. */
function goDialHosts(project: Project, dir: string): { host: string; at: Place }[] {
  const out: { host: string; at: Place }[] = [];
  for (const d of mainPackageFacts(project, dir)?.dials ?? []) {
    const ref = d.hostLit;
    if (!ref || d.host === undefined || !NAME.test(d.host)) continue;
    const file = ref.path ?? d.path;
    if (!file) continue;
    const text = project.text(file);
    const start = ref.lit.start + 1 + ref.from;
    const end = ref.lit.start + 1 + ref.to;
    if (text === undefined || text.slice(start, end) !== ref.lit.value.slice(ref.from, ref.to) || !sameName(ref.lit.value.slice(ref.from, ref.to), d.host)) continue;
    out.push({ host: d.host, at: { path: file, start, end } });
  }
  return out;
}

/** The compose projects whose services build the main package in `dir`. */
function projectsBuilding(project: Project, dir: string): ComposeView[] {
  const out = new Map<string, ComposeView>();
  for (const c of containerizations(project)) {
    if (c.mainDir !== dir || !c.build.service) continue;
    const view = composeView(project, c.build.service.composePath);
    if (!out.has(view.files[0])) out.set(view.files[0], view);
  }
  return [...out.values()];
}

function serviceNamed(view: ComposeView, host: string): string | undefined {
  for (const n of view.services.keys()) if (sameName(n, host)) return n;
  return undefined;
}

/** Everywhere service `name` of the compose project is used: depends_on, environment addresses, Go DSNs. */
export function serviceReferences(project: Project, view: ComposeView, name: string, includeDeclaration: boolean): Place[] {
  const out: Place[] = includeDeclaration ? serviceKeys(project, view, name) : [];
  for (const u of composeUses(view)) if (u.name === name) out.push(u.at);
  for (const dir of projectMainDirs(project, view)) for (const d of goDialHosts(project, dir)) if (sameName(d.host, name)) out.push(d.at);
  return dedupe(out);
}

function dedupe(places: Place[]): Place[] {
  const seen = new Set<string>();
  return places.filter((p) => {
    const k = `${p.path}\0${p.start}\0${p.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---- stages ----------------------------------------------------------------------------------

/** The stage's name after `AS`, else its FROM instruction. */
function stagePlace(file: string, model: DockerfileModel, stage: Stage): Place {
  const span = fromSpan(model, stage);
  return span.nameStart !== undefined && span.nameEnd !== undefined
    ? { path: file, start: span.nameStart, end: span.nameEnd }
    : { path: file, start: span.start, end: span.end };
}

/** The stages a Dockerfile position names: a stage name after AS, a `FROM <stage>`, a `COPY --from=<stage>`. */
function stageAt(model: DockerfileModel, offset: number): { stage: Stage; at: Place | undefined } | undefined {
  for (const s of model.stages) {
    const span = fromSpan(model, s);
    if (span.nameStart !== undefined && span.nameEnd !== undefined && covers({ start: span.nameStart, end: span.nameEnd }, offset)) return { stage: s, at: undefined };
    if (s.parent !== undefined && covers({ start: s.imageStart, end: s.imageEnd }, offset) && writesStage(model, s.imageStart, s.imageEnd, model.stages[s.parent])) {
      return { stage: model.stages[s.parent], at: undefined };
    }
    if (s.fromStart > offset) break;
    for (const ins of s.instructions) {
      if (ins.start > offset) break;
      if (ins.end < offset || (ins.keyword !== 'COPY' && ins.keyword !== 'ADD')) continue;
      const ref = copyFromRef(model, ins);
      if (ref && covers(ref.at, offset)) return { stage: ref.stage, at: undefined };
    }
  }
  return undefined;
}

/** Whether the text at start..end names `stage` literally (its name, or its number). */
function writesStage(model: DockerfileModel, start: number, end: number, stage: Stage): boolean {
  const written = model.text.slice(start, end).toLowerCase();
  return (stage.name !== undefined && written === stage.name.toLowerCase()) || written === String(stage.index);
}

function copyFromRef(model: DockerfileModel, ins: Stage['instructions'][number]): { stage: Stage; at: { start: number; end: number } } | undefined {
  let flag: (typeof ins.flags)[number] | undefined;
  for (const f of ins.flags) if (f.name === 'from') flag = f;
  if (!flag || flag.value === undefined || flag.valueStart === undefined || flag.valueEnd === undefined) return undefined;
  if (model.text.slice(flag.valueStart, flag.valueEnd) !== flag.value) return undefined;
  const stage = stageNamedBefore(model, flag.value, ins.start);
  return stage ? { stage, at: { start: flag.valueStart, end: flag.valueEnd } } : undefined;
}

/** Everywhere a stage is used: later `FROM <stage>`, `COPY --from=<stage>`, compose `target:`. */
export function stageReferences(project: Project, file: string, model: DockerfileModel, stage: Stage, includeDeclaration: boolean): Place[] {
  const out: Place[] = includeDeclaration ? [stagePlace(file, model, stage)] : [];
  for (const s of model.stages) {
    if (s.parent === stage.index && writesStage(model, s.imageStart, s.imageEnd, stage)) out.push({ path: file, start: s.imageStart, end: s.imageEnd });
    for (const ins of s.instructions) {
      if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
      const ref = copyFromRef(model, ins);
      if (ref?.stage === stage) out.push({ path: file, ...ref.at });
    }
  }
  for (const view of composeProjects(project)) {
    for (const [name, svc] of view.services) {
      const t = targetScalar(svc);
      const build = serviceBuildOf(view, name, svc);
      if (!t || !build || build.dockerfile !== file || finalStage(model, build.target) !== stage) continue;
      out.push({ path: t.path, start: t.start, end: t.end });
    }
  }
  return dedupe(out);
}

function targetScalar(svc: MMap): MScalar | undefined {
  const t = scalarOf(child(svc, 'build', 'target'));
  return t?.exact && t.value ? t : undefined;
}

// ---- entry points ----------------------------------------------------------------------------

/** Where the thing under the cursor is defined, in another place than Docker DX would answer. */
export function definitionAt(project: Project, file: string, kind: FileKind | undefined, offset: number): Navigation | undefined {
  if (kind === 'compose') return composeDefinition(project, file, offset);
  if (kind === 'dockerfile') return goBuildDefinition(project, file, offset);
  if (kind === 'go') return dsnDefinition(project, file, offset);
  return undefined;
}

function composeDefinition(project: Project, file: string, offset: number): Navigation | undefined {
  if (!project.compose(file)) return undefined;
  const view = composeView(project, file);
  for (const [name, svc] of view.services) {
    const t = targetScalar(svc);
    if (t && t.path === file && covers(t, offset)) {
      const build = serviceBuildOf(view, name, svc);
      const model = build && project.dockerfile(build.dockerfile);
      const stage = model && build ? finalStage(model, build.target) : undefined;
      if (!model || !stage || !build) return undefined;
      return { origin: { path: file, start: t.start, end: t.end }, targets: [stagePlace(build.dockerfile, model, stage)] };
    }
    const df = scalarOf(child(svc, 'build', 'dockerfile'));
    if (df?.value && df.path === file && covers(df, offset)) {
      const build = serviceBuildOf(view, name, svc);
      if (!build || project.exists(build.dockerfile) !== 'file') return undefined;
      const model = project.dockerfile(build.dockerfile);
      const stage = model ? finalStage(model, build.target) : undefined;
      const span = model && stage ? fromSpan(model, stage) : undefined;
      return { origin: { path: file, start: df.start, end: df.end }, targets: [span ? { path: build.dockerfile, start: span.start, end: span.end } : { path: build.dockerfile, start: 0, end: 0 }] };
    }
  }
  for (const u of composeUses(view)) {
    if (u.at.path !== file || !covers(u.at, offset)) continue;
    const keys = serviceKeys(project, view, u.name);
    // depends_on within one file: Docker DX answers that one.
    if (u.via === 'depends_on' && keys.some((k) => k.path === file)) return undefined;
    return keys.length ? { origin: u.at, targets: keys } : undefined;
  }
  return undefined;
}

function goBuildDefinition(project: Project, file: string, offset: number): Navigation | undefined {
  const model = project.dockerfile(file);
  if (!model) return undefined;
  for (const build of buildsOfDockerfile({ project, path: file })) {
    const final = finalStage(model, build.target);
    if (!final) continue;
    for (const idx of feedingStages(model, final)) {
      for (const gb of goBuildsOf(project, build, model, model.stages[idx])) {
        if (gb.via) continue; // offsets of a command in a Makefile or script point at the make command
        const words = gb.packages.length ? gb.packages : [gb.goWord, gb.command.words[gb.command.words.indexOf(gb.goWord) + 1]].filter((w) => !!w);
        const word = words.find((w) => covers(w, offset));
        if (!word) continue;
        const targets: Place[] = [];
        for (const dir of mainDirsOf(project, build, model, gb)) {
          const files = project.mainFiles(dir).filter((f) => !project.goFacts(f)?.generated);
          const withMain = files.find((f) => project.goFacts(f)?.main);
          const main = withMain ? project.goFacts(withMain)?.main : undefined;
          if (withMain && main) targets.push({ path: withMain, start: main.start, end: Math.max(main.start, main.bodyStart) });
          else if (files[0]) targets.push({ path: files[0], start: 0, end: 0 });
        }
        if (targets.length) return { origin: { path: file, start: word.start, end: word.end }, targets: dedupe(targets) };
      }
    }
  }
  return undefined;
}

function dsnDefinition(project: Project, file: string, offset: number): Navigation | undefined {
  const dir = path.dirname(file);
  const hit = goDialHosts(project, dir).find((d) => d.at.path === file && covers(d.at, offset));
  if (!hit) return undefined;
  const targets: Place[] = [];
  for (const view of projectsBuilding(project, dir)) {
    const name = serviceNamed(view, hit.host);
    if (name !== undefined) targets.push(...serviceKeys(project, view, name));
  }
  return targets.length ? { origin: hit.at, targets: dedupe(targets) } : undefined;
}

/** Where the service or stage under the cursor is used (with its declaration when asked). */
export function referencesAt(project: Project, file: string, kind: FileKind | undefined, offset: number, includeDeclaration: boolean): Place[] | undefined {
  if (kind === 'compose') {
    if (!project.compose(file)) return undefined;
    const view = composeView(project, file);
    const key = project.compose(file)?.services.find((s) => covers({ start: s.keyStart, end: s.keyEnd }, offset));
    if (key && view.services.has(key.name)) return serviceReferences(project, view, key.name, includeDeclaration);
    const use = composeUses(view).find((u) => u.at.path === file && covers(u.at, offset));
    if (use) return serviceReferences(project, view, use.name, includeDeclaration);
    for (const [name, svc] of view.services) {
      const t = targetScalar(svc);
      if (!t || t.path !== file || !covers(t, offset)) continue;
      const build = serviceBuildOf(view, name, svc);
      const model = build && project.dockerfile(build.dockerfile);
      const stage = model && build ? finalStage(model, build.target) : undefined;
      return model && stage && build ? stageReferences(project, build.dockerfile, model, stage, includeDeclaration) : undefined;
    }
    return undefined;
  }
  if (kind === 'dockerfile') {
    const model = project.dockerfile(file);
    const hit = model && stageAt(model, offset);
    return model && hit ? stageReferences(project, file, model, hit.stage, includeDeclaration) : undefined;
  }
  if (kind === 'go') {
    const dir = path.dirname(file);
    const hit = goDialHosts(project, dir).find((d) => d.at.path === file && covers(d.at, offset));
    if (!hit) return undefined;
    const out: Place[] = [];
    for (const view of projectsBuilding(project, dir)) {
      const name = serviceNamed(view, hit.host);
      if (name !== undefined) out.push(...serviceReferences(project, view, name, includeDeclaration));
    }
    return out.length ? dedupe(out) : undefined;
  }
  return undefined;
}
