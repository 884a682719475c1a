/**
 * The container model as one chain a person can read: for a compose service or a standalone
 * Dockerfile build, the Dockerfile and the stage that becomes the image, the base image's facts
 * (libc, shell, user, CA certificates, zoneinfo), the Go main packages its `go build`s compile (with
 * GOOS, GOARCH and CGO_ENABLED as the build sets them), where they listen, which ports compose
 * publishes and what it mounts over the container. Every item keeps the place it comes from.
 *
 * The hover, the container map and the navigation of the language server read this; they only
 * format it. Nothing here guesses: a fact the model cannot establish is `unknown`, and a value the
 * build does not set is `undefined` ("not set"), which is a fact of its own.
 */
import * as path from 'node:path';
import type { ImageBuild, Project } from '../project/project';
import type { FileKind } from '../core/types';
import { baseImage, type Libc } from '../facts/baseImages';
import { envFor, finalStage, fromSpan, goEnvWritten, splitImage, type DockerfileModel, type GoBuildCommand, type Stage } from '../parse/dockerfile';
import { buildsOfDockerfile } from './buildContext';
import { goBuildsOf } from './buildScripts';
import { containerizationsOf, mainDirsOf } from './builds';
import { child, composeView, scalarOf, splitVolumeSpec, type ComposeView, type MMap, type MNode } from './composeView';
import { isHostPath, portMappings } from './composeSpecs';
import { mainPackageFacts } from './goPackage';
import { imageFacts, serviceBuildOf, type Having, type Presence } from './image';
import { chainOf, feedingStages } from './stageGraph';

/** A span of a file: where an item of the chain comes from. */
export interface Place {
  path: string;
  start: number;
  end: number;
}

export interface ServiceItem {
  name: string;
  /** The service's key in each compose file that writes it (the base file first). */
  keys: Place[];
  /** The compose files of the project, as Compose merges them (base first). */
  files: string[];
  /** `image:` of a service that builds nothing. */
  image: { value: string; at: Place | undefined } | undefined;
}

export interface StageItem {
  index: number;
  name: string | undefined;
  /** The image or stage its FROM names, as written with build arguments substituted. */
  from: string;
  /** The FROM instruction. */
  at: Place;
  /** The stage that becomes the image. */
  final: boolean;
}

export interface FactItem {
  has: Presence;
  /** What makes it so: a package installed (`detail`: as written), a copy, a variable (`detail`: its name), the base image. */
  via: 'installed' | 'copied' | 'env' | 'base' | undefined;
  detail: string | undefined;
  at: Place | undefined;
}

export interface BaseItem {
  /** The image the final stage's chain starts from, as written with build arguments substituted. */
  image: string;
  at: Place | undefined;
  /** Whether the table of base images (facts/baseImages.ts) knows it. */
  known: boolean;
  /** The table's description ("alpine:3.20", "golang on Debian 12 (bookworm)"). */
  description: string | undefined;
  /** undefined: unknown. */
  libc: Libc | undefined;
  libcVersion: string | undefined;
  shell: FactItem & { path: string | undefined };
  certificates: FactItem;
  zoneinfo: FactItem;
  /** Who the container runs as, and who says so; `value` undefined with `source` 'unknown'. */
  user: { value: string | undefined; source: 'compose' | 'USER' | 'base' | 'unknown'; at: Place | undefined };
}

/** A value of the go command's environment: `set` false for a variable the build does not set. */
export interface GoEnvItem {
  name: 'GOOS' | 'GOARCH' | 'CGO_ENABLED';
  set: boolean;
  value: string | undefined;
  /** Where it is set, when that is in the Dockerfile. */
  at: Place | undefined;
}

export interface MainItem {
  /** Host folder of the main package. */
  dir: string;
  /** The file with `func main` (else the package's first file). */
  file: string | undefined;
  /** `func main` in that file, when found. */
  at: Place | undefined;
  /** The go build that compiles it, with the stage it runs in. */
  build: Place;
  command: string;
  stage: { index: number; name: string | undefined };
  env: GoEnvItem[];
}

export interface ListenItem {
  /** The address as far as known (`{expr}` for parts that are not). */
  text: string;
  api: string;
  /** The listen call (its callee). */
  at: Place;
  /** Where the address is written. */
  addressAt: Place | undefined;
  /** Environment variables and flags that can change it. */
  env: string[];
  flags: string[];
}

export interface PortItem {
  kind: 'published' | 'exposed';
  text: string;
  at: Place | undefined;
}

export interface MountItem {
  kind: 'bind' | 'volume' | 'anonymous' | 'tmpfs' | 'other';
  source: string | undefined;
  target: string | undefined;
  readOnly: boolean;
  at: Place | undefined;
}

export interface ContainerItem {
  /** Stable while the build exists: the compose project and service name, or the Dockerfile and target. */
  id: string;
  service: ServiceItem | undefined;
  /** Undefined for a service that builds nothing. */
  /** `outside`: the Dockerfile is outside the folders that may be read, so whether it exists is not known. */
  dockerfile: { path: string; target: string | undefined; exists: boolean; outside: boolean } | undefined;
  /** The stages that feed the image, in file order (the final one last); empty when the Dockerfile cannot be read. */
  stages: StageItem[];
  base: BaseItem | undefined;
  /** 'none': no go build feeds the image; 'unknown': some do, but the model cannot follow one to a main package. */
  go: 'known' | 'none' | 'unknown';
  mains: MainItem[];
  listens: ListenItem[];
  ports: PortItem[];
  /** `network_mode` of the service, when set. */
  networkMode: { value: string; at: Place | undefined } | undefined;
  mounts: MountItem[];
  /** The parts of files that describe this container, for counting their findings (no `start`: the whole file). */
  scopes: { path: string; start?: number; end?: number }[];
}

const MAX_MAP_ITEMS = 300;

// ---- places ----------------------------------------------------------------------------------

function placeOf(m: MNode | undefined): Place | undefined {
  if (!m) return undefined;
  if (m.kind === 'scalar') return { path: m.path, start: m.start, end: m.end };
  const r = m.node?.range;
  return r ? { path: m.path, start: r[0], end: r[1] } : undefined;
}

// ---- compose ---------------------------------------------------------------------------------

/** The compose projects of the workspace, each once (by its base file), in path order. */
export function composeProjects(project: Project): ComposeView[] {
  const out: ComposeView[] = [];
  const seen = new Set<string>();
  const files = [...project.files].filter((f) => project.kind(f) === 'compose' && !f.startsWith(path.sep + '\0')).sort();
  for (const f of files) {
    if (!project.compose(f)) continue;
    const view = composeView(project, f);
    const key = view.files[0];
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(view);
  }
  return out;
}

/** Where the service `name` is written: its key in every file of the compose project. */
export function serviceKeys(project: Project, view: ComposeView, name: string): Place[] {
  const out: Place[] = [];
  for (const f of view.files) {
    for (const s of project.compose(f)?.services ?? []) if (s.name === name) out.push({ path: f, start: s.keyStart, end: s.keyEnd });
  }
  return out;
}

function serviceScopes(project: Project, view: ComposeView, name: string): { path: string; start: number; end: number }[] {
  const out: { path: string; start: number; end: number }[] = [];
  for (const f of view.files) {
    for (const s of project.compose(f)?.services ?? []) {
      if (s.name === name) out.push({ path: f, start: s.keyStart, end: Math.max(s.keyEnd, s.node.range?.[1] ?? s.keyEnd) });
    }
  }
  return out;
}

function portsOf(svc: MMap): PortItem[] {
  return portMappings(child(svc, 'ports')).map((p) => ({ kind: 'published' as const, text: p.raw, at: placeOf(p.node) }));
}

function mountsOf(svc: MMap): MountItem[] {
  const out: MountItem[] = [];
  const vols = child(svc, 'volumes');
  if (vols?.kind === 'seq') {
    for (const it of vols.items) {
      if (it.kind === 'scalar' && it.value !== undefined) {
        const v = splitVolumeSpec(it.value);
        if (!v) continue;
        const kind = v.source === undefined ? 'anonymous' : isHostPath(v.source) ? 'bind' : 'volume';
        out.push({ kind, source: v.source, target: v.target, readOnly: /(^|,)ro(,|$)/.test(v.mode ?? ''), at: placeOf(it) });
      } else if (it.kind === 'map') {
        const type = scalarOf(child(it, 'type'))?.value;
        const source = scalarOf(child(it, 'source'))?.value;
        const kind = type === 'bind' ? 'bind' : type === 'tmpfs' ? 'tmpfs' : type === 'volume' || type === undefined ? (source ? 'volume' : 'anonymous') : 'other';
        out.push({ kind, source, target: scalarOf(child(it, 'target'))?.value, readOnly: scalarOf(child(it, 'read_only'))?.value === 'true', at: placeOf(it) });
      }
    }
  }
  const tmpfs = child(svc, 'tmpfs');
  for (const it of tmpfs?.kind === 'seq' ? tmpfs.items : tmpfs ? [tmpfs] : []) {
    const t = scalarOf(it);
    if (t?.value) out.push({ kind: 'tmpfs', source: undefined, target: t.value.split(':')[0], readOnly: false, at: placeOf(t) });
  }
  return out;
}

/** The container of a compose service (merged over its override files). */
export function serviceContainer(project: Project, view: ComposeView, name: string): ContainerItem | undefined {
  const svc = view.services.get(name);
  if (!svc) return undefined;
  const imageNode = scalarOf(child(svc, 'image'));
  const build = canonicalBuild(project, view, name, serviceBuildOf(view, name, svc));
  const service: ServiceItem = {
    name,
    keys: serviceKeys(project, view, name),
    files: view.files,
    image: !build && imageNode?.value ? { value: imageNode.value, at: placeOf(imageNode) } : undefined,
  };
  const nm = scalarOf(child(svc, 'network_mode'));
  const item: ContainerItem = {
    id: `service\0${view.files[0]}\0${name}`,
    service,
    dockerfile: undefined,
    stages: [],
    base: undefined,
    go: 'unknown',
    mains: [],
    listens: [],
    ports: portsOf(svc),
    networkMode: nm?.value ? { value: nm.value, at: placeOf(nm) } : undefined,
    mounts: mountsOf(svc),
    scopes: serviceScopes(project, view, name),
  };
  const user = scalarOf(child(svc, 'user'));
  const composeUser = user?.value ? { value: user.value, at: placeOf(user) } : undefined;
  if (build) fillFromBuild(project, build, item, composeUser);
  else if (service.image) {
    item.base = baseFromTable(service.image.value, service.image.at, composeUser);
    item.go = 'unknown';
  }
  return item;
}

/**
 * The project's own object for a service's build when it is the same build (values the model keeps
 * per build are then shared with the analyses), else the merged one.
 */
function canonicalBuild(project: Project, view: ComposeView, name: string, merged: ImageBuild | undefined): ImageBuild | undefined {
  if (!merged) return undefined;
  const same = project
    .builds()
    .find((b) => b.service?.name === name && view.files.includes(b.service.composePath) && b.dockerfile === merged.dockerfile && b.context === merged.context && b.target === merged.target);
  return same ?? merged;
}

// ---- the image -------------------------------------------------------------------------------

function fact(h: Having | undefined): FactItem {
  if (!h) return { has: 'unknown', via: undefined, detail: undefined, at: undefined };
  return { has: h.has, via: h.has === 'unknown' ? undefined : h.via, detail: h.detail, at: h.at };
}

/** Facts of an image named by a service (`image: postgres:16`), from the table alone. */
function baseFromTable(image: string, at: Place | undefined, composeUser: { value: string; at: Place | undefined } | undefined): BaseItem {
  const { repo, tag } = splitImage(image);
  const b = image.includes('$') ? undefined : baseImage(repo, tag);
  const tableFact = (v: boolean | undefined): FactItem =>
    v === undefined ? { has: 'unknown', via: undefined, detail: undefined, at: undefined } : { has: v ? 'yes' : 'no', via: 'base', detail: undefined, at };
  const shell = b?.shell;
  return {
    image,
    at,
    known: !!b,
    description: b?.name,
    libc: b?.libc,
    libcVersion: b?.libcVersion,
    shell: { ...tableFact(shell === undefined ? undefined : shell !== null), path: shell ?? undefined, detail: shell ?? undefined },
    certificates: tableFact(b?.caBundle),
    zoneinfo: tableFact(b?.zoneinfo),
    user: composeUser
      ? { value: composeUser.value, source: 'compose', at: composeUser.at }
      : b?.user
        ? { value: b.user.name, source: 'base', at }
        : { value: undefined, source: 'unknown', at: undefined },
  };
}

function goEnv(file: string, model: DockerfileModel, gb: GoBuildCommand, name: GoEnvItem['name']): GoEnvItem {
  const value = envFor(gb, name) ?? goEnvWritten(model, gb.stage, gb.instruction.start, name);
  let at: Place | undefined;
  const inline = gb.inlineEnv.get(name);
  const env = gb.instruction.env.get(name);
  // A command that make or a script runs has the offsets of the make command: no place of its own.
  if (!gb.via && inline) at = { path: file, start: inline.start, end: inline.end };
  else if (!gb.via && !inline && env && env.via !== 'image') at = { path: file, start: env.start, end: env.end };
  return { name, set: value !== undefined, value, at };
}

function mainFileAndFunc(project: Project, dir: string): { file: string | undefined; at: Place | undefined } {
  const files = project.mainFiles(dir).filter((f) => !project.goFacts(f)?.generated);
  for (const f of files) {
    const main = project.goFacts(f)?.main;
    if (main) return { file: f, at: { path: f, start: main.start, end: Math.max(main.start, main.bodyStart) } };
  }
  return { file: files[0], at: files[0] ? { path: files[0], start: 0, end: 0 } : undefined };
}

function fillFromBuild(project: Project, build: ImageBuild, item: ContainerItem, composeUser: { value: string; at: Place | undefined } | undefined): void {
  const outside = !!project.boundary?.isOutside(build.dockerfile, true);
  const exists = !outside && project.exists(build.dockerfile) === 'file';
  item.dockerfile = { path: build.dockerfile, target: build.target, exists, outside };
  item.scopes.push({ path: build.dockerfile });
  const model = exists ? project.dockerfile(build.dockerfile) : undefined;
  if (!model || !model.stages.length) return;
  const final = finalStage(model, build.target);
  if (!final) return;
  const feeding = [...feedingStages(model, final)].sort((a, b) => a - b);
  for (const idx of feeding) {
    const s = model.stages[idx];
    const span = fromSpan(model, s);
    item.stages.push({ index: s.index, name: s.name, from: s.image, at: { path: build.dockerfile, start: span.start, end: span.end }, final: s === final });
  }
  const facts = imageFacts(project, build);
  const root = chainOf(model, final)[0];
  const rootAt: Place = { path: build.dockerfile, start: root.imageStart, end: root.imageEnd };
  const table = root.image.includes('$') ? undefined : baseImage(root.repo, root.tag);
  const windows = final.family === 'windows';
  const shellFact = facts ? fact(facts.shell) : fact(undefined);
  const dfUser = facts?.user;
  item.base = {
    image: root.image,
    at: rootAt,
    known: !!table,
    description: table?.name,
    libc: table?.libc,
    libcVersion: table?.libcVersion,
    shell: { ...shellFact, path: shellFact.via === 'base' ? shellFact.detail : undefined },
    certificates: facts && !windows ? fact(facts.caCertificates) : fact(undefined),
    zoneinfo: facts && !windows ? fact(facts.zoneinfo) : fact(undefined),
    user: composeUser
      ? { value: composeUser.value, source: 'compose', at: composeUser.at }
      : dfUser
        ? { value: dfUser.value || undefined, source: dfUser.value ? 'USER' : 'unknown', at: { path: dfUser.path, start: dfUser.start, end: dfUser.end } }
        : table?.user
          ? { value: table.user.name, source: 'base', at: rootAt }
          : { value: undefined, source: 'unknown', at: undefined },
  };
  for (const e of facts?.exposes ?? []) item.ports.push({ kind: 'exposed', text: `${e.port}/${e.protocol}`, at: { path: e.path, start: e.start, end: e.end } });

  // The Go programs: every go build of a stage that feeds the image, followed to its main package.
  if (windows) return;
  let builds = 0;
  const dirs = new Set<string>();
  for (const idx of feeding) {
    const stage: Stage = model.stages[idx];
    for (const gb of goBuildsOf(project, build, model, stage)) {
      builds++;
      for (const dir of mainDirsOf(project, build, model, gb)) {
        if (dirs.has(dir)) continue;
        dirs.add(dir);
        const { file, at } = mainFileAndFunc(project, dir);
        item.mains.push({
          dir,
          file,
          at,
          build: { path: build.dockerfile, start: gb.goWord.start, end: gb.command.end },
          command: model.text.slice(gb.goWord.start, gb.command.end).replace(/\\\r?\n\s*/g, ' ').replace(/\s+/g, ' ').trim(),
          stage: { index: stage.index, name: stage.name },
          env: [goEnv(build.dockerfile, model, gb, 'GOOS'), goEnv(build.dockerfile, model, gb, 'GOARCH'), goEnv(build.dockerfile, model, gb, 'CGO_ENABLED')],
        });
        item.scopes.push(...project.mainFiles(dir).map((f) => ({ path: f })));
      }
    }
  }
  item.go = builds === 0 ? 'none' : dirs.size ? 'known' : 'unknown';
  for (const dir of dirs) {
    const pkg = mainPackageFacts(project, dir);
    for (const l of pkg?.listens ?? []) {
      if (!l.path) continue;
      item.listens.push({
        text: l.text,
        api: l.api,
        at: { path: l.path, start: l.start, end: Math.max(l.start, l.calleeEnd) },
        addressAt: litPlace(project, l.path, l.portLit ?? l.hostLit),
        env: l.env,
        flags: l.flags,
      });
    }
  }
}

/** Where a literal of Go code is, when the text there is the literal as resolved. */
function litPlace(project: Project, file: string, ref: { lit: { start: number; end: number; value: string }; path: string | undefined } | undefined): Place | undefined {
  if (!ref) return undefined;
  const p = ref.path ?? file;
  const text = project.text(p);
  if (text === undefined || text.slice(ref.lit.start + 1, ref.lit.end - 1) !== ref.lit.value) return undefined;
  return { path: p, start: ref.lit.start, end: ref.lit.end };
}

/** The container of a build: the compose service's when a service makes it, else the Dockerfile's own. */
export function buildContainer(project: Project, build: ImageBuild): ContainerItem | undefined {
  if (build.service) {
    const view = composeView(project, build.service.composePath);
    const item = serviceContainer(project, view, build.service.name);
    if (item?.dockerfile?.path === build.dockerfile) return item;
  }
  const item: ContainerItem = {
    id: `dockerfile\0${build.dockerfile}\0${build.target ?? ''}`,
    service: undefined,
    dockerfile: undefined,
    stages: [],
    base: undefined,
    go: 'unknown',
    mains: [],
    listens: [],
    ports: [],
    networkMode: undefined,
    mounts: [],
    scopes: [],
  };
  fillFromBuild(project, build, item, undefined);
  return item;
}

// ---- the whole workspace ---------------------------------------------------------------------

/** Every container of the workspace: each compose service, then each Dockerfile no compose file builds. */
export function workspaceContainers(project: Project, max = MAX_MAP_ITEMS): { items: ContainerItem[]; truncated: boolean } {
  const items: ContainerItem[] = [];
  let truncated = false;
  const add = (item: ContainerItem | undefined): boolean => {
    if (!item) return true;
    if (items.length >= max) {
      truncated = true;
      return false;
    }
    items.push(item);
    return true;
  };
  outer: for (const view of composeProjects(project)) {
    for (const name of view.services.keys()) if (!add(serviceContainer(project, view, name))) break outer;
  }
  if (!truncated) {
    outerBuilds: for (const build of project.builds()) {
      if (build.service) continue;
      // Also the images a Dockerfile makes besides its last stage (model/osTargets.ts).
      for (const b of buildsOfDockerfile({ project, path: build.dockerfile })) {
        if (b.service) continue;
        if (!add(buildContainer(project, b))) break outerBuilds;
      }
    }
  }
  return { items, truncated };
}

// ---- what is under the cursor ----------------------------------------------------------------

const MAX_HOVER_ITEMS = 4;

/** The containers a position stands for (a service key, the FROM of a stage that becomes an image, a Go listen call), with the span it covers. */
export function containersAt(project: Project, file: string, kind: FileKind | undefined, offset: number): { origin: Place; items: ContainerItem[] } | undefined {
  if (kind === 'compose') return composeKeyAt(project, file, offset);
  if (kind === 'dockerfile') return finalFromAt(project, file, offset);
  if (kind === 'go') return listenAt(project, file, offset);
  return undefined;
}

function composeKeyAt(project: Project, file: string, offset: number): { origin: Place; items: ContainerItem[] } | undefined {
  const svc = project.compose(file)?.services.find((s) => s.keyStart <= offset && offset <= s.keyEnd);
  if (!svc) return undefined;
  const item = serviceContainer(project, composeView(project, file), svc.name);
  return item ? { origin: { path: file, start: svc.keyStart, end: svc.keyEnd }, items: [item] } : undefined;
}

function finalFromAt(project: Project, file: string, offset: number): { origin: Place; items: ContainerItem[] } | undefined {
  const model = project.dockerfile(file);
  if (!model) return undefined;
  const stage = model.stages.find((s) => {
    const span = fromSpan(model, s);
    return span.start <= offset && offset <= span.end;
  });
  if (!stage) return undefined;
  const items: ContainerItem[] = [];
  for (const b of buildsOfDockerfile({ project, path: file })) {
    if (finalStage(model, b.target) !== stage || items.length >= MAX_HOVER_ITEMS) continue;
    const item = buildContainer(project, b);
    if (item && !items.some((i) => i.id === item.id)) items.push(item);
  }
  const span = fromSpan(model, stage);
  return items.length ? { origin: { path: file, start: span.start, end: span.end }, items } : undefined;
}

function listenAt(project: Project, file: string, offset: number): { origin: Place; items: ContainerItem[] } | undefined {
  const dir = path.dirname(file);
  const uses = containerizationsOf(project, dir);
  if (!uses.length) return undefined;
  const listen = mainPackageFacts(project, dir)?.listens.find((l) => l.path === file && l.start <= offset && offset <= l.calleeEnd);
  if (!listen) return undefined;
  const items: ContainerItem[] = [];
  for (const c of uses) {
    if (items.length >= MAX_HOVER_ITEMS) break;
    const item = buildContainer(project, c.build);
    if (item && !items.some((i) => i.id === item.id)) items.push(item);
  }
  return items.length ? { origin: { path: file, start: listen.start, end: Math.max(listen.start, listen.calleeEnd) }, items } : undefined;
}
