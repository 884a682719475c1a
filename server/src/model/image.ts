/**
 * What an image has: for an image build, the Dockerfile's final stage traced back to its base
 * image — the base-image family, the user, whether zoneinfo, CA certificates and a shell are there,
 * the exposed ports and the runtime environment (ENV) — and, from the final stage, the Go main
 * packages the image runs: where they listen, what they dial, whether they embed time/tzdata, use
 * TLS or cgo, set a memory limit or GOMAXPROCS themselves.
 *
 * Everything is read through the project (text, dockerfile, goFacts, goMod), so the files looked at
 * become dependencies of whichever analysis asked. Nothing is cached here across calls.
 */
import * as path from 'node:path';
import type { Project, ImageBuild } from '../project/project';
import type { ComposeView, MMap } from './composeView';
import { child, scalarOf, stringAt } from './composeView';
import { goExtras } from '../parse/goExtras';
import { copyArgs, finalStage, goBuilds, normalizePosix, outputReaches, stageChainFromRoot, stagesFeeding, DInstruction, DockerfileModel, GoBuildCommand, ImageFamily, Stage } from '../parse/dockerfile';
import type { GoFacts, StringLit } from '../parse/go';
import { chainOf, chainInstructions } from './stageGraph';
import { mainDirsOf } from './builds';
import { OTHER_OS_FILE, resolvedPackage } from './goPackage';
import { packageInstall, packageName } from '../parse/dockerfile';
import { baseOf } from './stageGraph';

export type Presence = 'yes' | 'no' | 'unknown';

export interface Located {
  path: string;
  start: number;
  end: number;
}

export interface Having {
  has: Presence;
  /** What makes it so ("apk add tzdata", "the scratch base image"), when known. */
  why: string | undefined;
  at: Located | undefined;
  /**
   * The same reason as data, for texts in other languages: a package installed (`detail`: its
   * name), something copied in, a variable set (`detail`: its name), or the base image's own facts.
   */
  via?: 'installed' | 'copied' | 'env' | 'base';
  detail?: string;
}

export interface ImageEnv extends Located {
  value: string;
}

export interface ExposedPort extends Located {
  port: number;
  protocol: string;
}

/** A literal and the part of its value that matters, with file offsets when they map exactly. */
export interface LitPart {
  path: string;
  lit: StringLit;
  /** Indices into lit.value. */
  from: number;
  to: number;
  /** File offsets of value[from..to], when the literal spells them out verbatim. */
  start: number | undefined;
  end: number | undefined;
}

export interface GoAddress extends Located {
  api: string;
  /** '' for all interfaces; undefined when unknown. */
  host: string | undefined;
  port: number | undefined;
  /** Environment variables / flags that can change the address. */
  env: string[];
  flags: string[];
  text: string;
  hostPart: LitPart | undefined;
  portPart: LitPart | undefined;
}

export interface GoDialTarget extends GoAddress {
  kind: string;
}

export interface GoImageFacts {
  /** Main-package files (absolute paths). */
  files: string[];
  listens: GoAddress[];
  dials: GoDialTarget[];
  /** Where time/tzdata is embedded (the import, or -tags timetzdata). */
  tzdata: Located | undefined;
  usesTimeLocal: boolean;
  usesTls: boolean;
  cgo: boolean;
  setMemoryLimit: Located | undefined;
  gomaxprocs: Located | undefined;
  /** go.uber.org/automaxprocs is required or imported. */
  automaxprocs: boolean;
  envNames: Set<string>;
  goMod: string | undefined;
  goVersion: (Located & { value: string }) | undefined;
  /**
   * The import of a framework whose server listens on an address the code does not spell out (go-micro,
   * go-zero, Kitex, Dubbo, Dapr, GoFrame, Beego: from its own flags, environment or config file):
   * `listens` is then not every port the program serves.
   */
  otherServer: Located | undefined;
}

/** Frameworks that serve on an address of their own configuration (see {@link GoImageFacts.otherServer}). */
const OTHER_SERVERS =
  /^(github\.com\/(micro\/go-micro|asim\/go-micro|zeromicro\/go-zero\/(rest|zrpc)|tal-tech\/go-zero\/(rest|zrpc)|cloudwego\/kitex\/server|apache\/dubbo-go|dapr\/go-sdk\/service|gogf\/gf(\/v\d+)?\/(frame\/g|net\/ghttp)|beego\/beego|astaxie\/beego)|go-micro\.dev\/|dubbo\.apache\.org\/dubbo-go)|\/kitex_gen\//;

/**
 * What an image built from a Dockerfile of the workspace is made of. Most fields are worked out on
 * first read, and the files that reading looks at are recorded for the analysis that reads them: use
 * the facts within the analysis that made them (as DGT126 and the compose scope do), never keep them
 * across analyses.
 */
export interface ImageFacts {
  build: ImageBuild;
  model: DockerfileModel;
  final: Stage;
  /** The stage whose FROM names an image (the final stage's root). */
  root: Stage;
  family: ImageFamily;
  readonly user: (Located & { value: string }) | undefined;
  readonly zoneinfo: Having;
  readonly caCertificates: Having;
  readonly shell: Having;
  readonly exposes: ExposedPort[];
  /** The runtime environment set by ENV in the final stage and the stages it builds on. */
  readonly env: Map<string, ImageEnv>;
  /** ENTRYPOINT and CMD argument text of the final stage chain (the last of each). */
  readonly entrypoint: (Located & { text: string }) | undefined;
  readonly cmd: (Located & { text: string }) | undefined;
  goBuilds: GoBuildCommand[];
  mainDirs: string[];
  go: GoImageFacts | undefined;
}

// ---- stages ----------------------------------------------------------------------------------

function at(build: ImageBuild, start: number, end: number): Located {
  return { path: build.dockerfile, start, end };
}

/** Whether some RUN of the chain installs one of `pkgs` with apk, apt, yum, dnf or microdnf. */
function installs(model: DockerfileModel, stage: Stage, pkgs: string[], build: ImageBuild): Located | undefined {
  for (const ins of chainInstructions(model, stage)) {
    if (ins.keyword !== 'RUN') continue;
    for (const cmd of ins.commands) {
      for (const w of packageInstall(cmd)?.packages ?? []) if (pkgs.includes(packageName(w.value))) return at(build, w.start, w.end);
    }
  }
  return undefined;
}

/** Whether a COPY/ADD of the chain puts something at or under one of `dests`. */
function copiesTo(model: DockerfileModel, stage: Stage, dests: string[], build: ImageBuild): Located | undefined {
  for (const ins of chainInstructions(model, stage)) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    const args = copyArgs(ins);
    if (args.length < 2) continue;
    const raw = args[args.length - 1];
    if (raw.includes('$')) continue;
    const dest = normalizePosix(raw.startsWith('/') ? raw : (ins.workdir ?? '/') + '/' + raw);
    const sources = args.slice(0, -1);
    for (const d of dests) {
      if (dest === d || dest.startsWith(d + '/')) return at(build, ins.start, ins.end);
      // COPY /usr/share/zoneinfo /usr/share/ puts the folder at /usr/share/zoneinfo.
      if (d.startsWith(dest === '/' ? '/' : dest + '/') && sources.some((s) => d === normalizePosix(dest + '/' + path.posix.basename(s.replace(/\/+$/, ''))))) {
        return at(build, ins.start, ins.end);
      }
    }
  }
  return undefined;
}

/** What the base image itself has, from the table (facts/baseImages.ts); unknown for images it does not know. */
function fromBase(model: DockerfileModel, final: Stage, root: Stage, build: ImageBuild, fact: boolean | undefined, yes: string, no: string): Having {
  const rootAt = at(build, root.imageStart, root.imageEnd);
  if (fact === undefined || !baseOf(model, final)) return { has: 'unknown', why: undefined, at: rootAt };
  return fact ? { has: 'yes', why: `${root.image} ${yes}`, at: rootAt, via: 'base' } : { has: 'no', why: `${root.image} ${no}`, at: rootAt, via: 'base' };
}

function zoneinfoOf(model: DockerfileModel, final: Stage, root: Stage, build: ImageBuild, env: Map<string, ImageEnv>): Having {
  const pkg = installs(model, final, ['tzdata', 'tzdata-legacy'], build);
  if (pkg) return { has: 'yes', why: 'tzdata is installed', at: pkg, via: 'installed', detail: model.text.slice(pkg.start, pkg.end) };
  const copy = copiesTo(model, final, ['/usr/share/zoneinfo', '/usr/share/zoneinfo/zoneinfo.zip'], build);
  if (copy) return { has: 'yes', why: 'zoneinfo is copied in', at: copy, via: 'copied' };
  const zi = env.get('ZONEINFO');
  if (zi) return { has: 'yes', why: 'ZONEINFO is set', at: zi, via: 'env', detail: 'ZONEINFO' };
  return fromBase(model, final, root, build, baseOf(model, final)?.zoneinfo, 'ships tzdata', 'has no /usr/share/zoneinfo');
}

function caCertsOf(model: DockerfileModel, final: Stage, root: Stage, build: ImageBuild): Having {
  const pkg = installs(model, final, ['ca-certificates', 'ca-certificates-bundle'], build);
  if (pkg) return { has: 'yes', why: 'ca-certificates is installed', at: pkg, via: 'installed', detail: model.text.slice(pkg.start, pkg.end) };
  const copy = copiesTo(model, final, ['/etc/ssl/certs', '/etc/ssl/certs/ca-certificates.crt', '/etc/ssl/cert.pem', '/etc/pki/tls/certs'], build);
  if (copy) return { has: 'yes', why: 'CA certificates are copied in', at: copy, via: 'copied' };
  return fromBase(model, final, root, build, baseOf(model, final)?.caBundle, 'ships CA certificates', 'has no CA certificates');
}

function shellOf(model: DockerfileModel, final: Stage, root: Stage, build: ImageBuild): Having {
  const shell = baseOf(model, final)?.shell;
  if (shell) return { has: 'yes', why: `${root.image} has ${shell}`, at: at(build, root.imageStart, root.imageEnd), via: 'base', detail: shell };
  const copy = copiesTo(model, final, ['/bin/sh', '/bin/busybox', '/busybox'], build);
  if (copy) return { has: 'yes', why: 'a shell is copied in', at: copy, via: 'copied' };
  return fromBase(model, final, root, build, shell === null ? false : undefined, 'has a shell', 'has no shell');
}

/** ENV of the final stage chain (not ARG: build arguments are not in the container's environment). */
function runtimeEnv(model: DockerfileModel, final: Stage, build: ImageBuild): Map<string, ImageEnv> {
  // The environment at the chain's last instruction holds, for every name an ENV set, the last
  // ENV's value (an ARG never replaces a variable that is set), in the order names first appeared.
  const env = new Map<string, ImageEnv>();
  const chain = chainInstructions(model, final);
  for (const [name, v] of chain[chain.length - 1]?.env ?? []) {
    if (v.via === 'ENV') env.set(name, { value: v.value, ...at(build, v.start, v.end) });
  }
  return env;
}

function exposedPorts(model: DockerfileModel, final: Stage, build: ImageBuild, env: Map<string, ImageEnv>): ExposedPort[] {
  const out: ExposedPort[] = [];
  for (const ins of chainInstructions(model, final)) {
    if (ins.keyword !== 'EXPOSE') continue;
    for (const a of ins.ast.getArguments()) {
      let v = a.getValue();
      if (v.includes('$')) {
        const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?(\/\w+)?$/.exec(v);
        const e = m ? ins.env.get(m[1]) : undefined;
        if (!m || !e) continue;
        v = e.value + (m[2] ?? '');
      }
      const m = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(v);
      if (!m) continue;
      const r = a.getRange();
      out.push({ port: Number(m[1]), protocol: (m[2] ?? 'tcp').toLowerCase(), ...at(build, model.index.offsetAt(r.start), model.index.offsetAt(r.end)) });
    }
  }
  void env;
  return out;
}

function lastOf(model: DockerfileModel, final: Stage, keyword: string, build: ImageBuild): (Located & { text: string }) | undefined {
  let found: DInstruction | undefined;
  for (const ins of chainInstructions(model, final)) if (ins.keyword === keyword) found = ins;
  return found ? { text: found.ast.getArgumentsContent() ?? '', ...at(build, found.argsStart, found.argsEnd) } : undefined;
}

function userOf(model: DockerfileModel, final: Stage, build: ImageBuild): (Located & { value: string }) | undefined {
  let found: DInstruction | undefined;
  for (const ins of chainInstructions(model, final)) if (ins.keyword === 'USER') found = ins;
  if (!found) return undefined;
  return { value: (found.ast.getArgumentsContent() ?? '').trim(), ...at(build, found.argsStart, found.argsEnd) };
}

// ---- Go --------------------------------------------------------------------------------------

function litPart(project: Project, file: string, ref: { lit: StringLit; path: string | undefined; from: number; to: number } | undefined): LitPart | undefined {
  if (!ref) return undefined;
  const p = ref.path ?? file;
  const text = project.text(p);
  let start: number | undefined = ref.lit.start + 1 + ref.from;
  let end: number | undefined = ref.lit.start + 1 + ref.to;
  if (text === undefined || text.slice(start, end) !== ref.lit.value.slice(ref.from, ref.to)) {
    start = undefined;
    end = undefined;
  }
  return { path: p, lit: ref.lit, from: ref.from, to: ref.to, start, end };
}

type AddrLike = {
  api: string;
  host: string | undefined;
  port: number | undefined;
  env: string[];
  flags: string[];
  text: string;
  path: string | undefined;
  start: number;
  end: number;
  hostLit?: { lit: StringLit; path: string | undefined; from: number; to: number } | undefined;
  portLit?: { lit: StringLit; path: string | undefined; from: number; to: number } | undefined;
};

function address(project: Project, file: string, a: AddrLike): GoAddress {
  return {
    api: a.api,
    host: a.host,
    port: a.port,
    env: a.env ?? [],
    flags: a.flags ?? [],
    text: a.text,
    path: a.path ?? file,
    start: a.start,
    end: a.end,
    hostPart: litPart(project, file, a.hostLit),
    portPart: litPart(project, file, a.portLit),
  };
}

function tagsOf(gb: GoBuildCommand): string[] {
  return (gb.flags.get('tags')?.value ?? '').split(/[,\s]+/).filter(Boolean);
}

function goFactsOf(project: Project, build: ImageBuild, gbs: GoBuildCommand[], dirs: string[]): GoImageFacts | undefined {
  const files = dirs.flatMap((d) => project.mainFiles(d)).filter((f) => !OTHER_OS_FILE.test(path.basename(f)));
  if (!files.length) return undefined;
  const facts: GoImageFacts = {
    files,
    listens: [],
    dials: [],
    tzdata: undefined,
    usesTimeLocal: false,
    usesTls: false,
    cgo: false,
    setMemoryLimit: undefined,
    gomaxprocs: undefined,
    automaxprocs: false,
    envNames: new Set(),
    goMod: undefined,
    goVersion: undefined,
    otherServer: undefined,
  };
  const tagged = gbs.find((gb) => tagsOf(gb).includes('timetzdata'));
  if (tagged) facts.tzdata = at(build, tagged.goWord.start, tagged.command.end);
  const parsed: { path: string; facts: GoFacts }[] = [];
  for (const f of files) {
    const gf = project.goFacts(f);
    const text = project.text(f);
    if (!gf || text === undefined) continue;
    parsed.push({ path: f, facts: gf });
    const tz = gf.imports.find((i) => i.path === 'time/tzdata');
    if (tz && !facts.tzdata) facts.tzdata = { path: f, start: tz.start, end: tz.end };
    if (gf.usesTimeLocal) facts.usesTimeLocal = true;
    if (gf.importsC || gf.cgoImports.length) facts.cgo = true;
    if (gf.imports.some((i) => i.path.startsWith('go.uber.org/automaxprocs'))) facts.automaxprocs = true;
    const server = gf.imports.find((i) => OTHER_SERVERS.test(i.path));
    if (server && !facts.otherServer) facts.otherServer = { path: f, start: server.start, end: server.end };
    const extra = goExtras(text);
    if (extra.setMemoryLimit.length && !facts.setMemoryLimit) facts.setMemoryLimit = { path: f, ...extra.setMemoryLimit[0] };
    if (extra.gomaxprocs.length && !facts.gomaxprocs) facts.gomaxprocs = { path: f, ...extra.gomaxprocs[0] };
    for (const n of extra.envNames) facts.envNames.add(n);
  }
  // Names resolve across the files of each main package (constants in config.go, ...).
  for (const dir of dirs) {
    const pkgFiles = parsed.filter((p) => path.dirname(p.path) === dir);
    if (!pkgFiles.length) continue;
    const resolved = resolvedPackage(pkgFiles);
    for (const l of resolved.listens) facts.listens.push(address(project, pkgFiles[0].path, l));
    for (const d of resolved.dials) facts.dials.push({ ...address(project, pkgFiles[0].path, d), kind: d.kind });
    if (resolved.tls.length) facts.usesTls = true;
    if (resolved.timeZones.length) facts.usesTimeLocal = true;
  }
  const modPath = project.nearestGoMod(dirs[0]);
  if (modPath) {
    facts.goMod = modPath;
    const mod = project.goMod(modPath);
    if (mod?.go) facts.goVersion = { value: mod.go.value, path: modPath, start: mod.go.start, end: mod.go.end };
    if (mod?.requires.some((r) => r.path === 'go.uber.org/automaxprocs')) facts.automaxprocs = true;
  }
  return facts;
}

// ---- entry points ----------------------------------------------------------------------------

/** The facts of the image a build produces; undefined when the Dockerfile cannot be read or has no such stage. */
export function imageFacts(project: Project, build: ImageBuild): ImageFacts | undefined {
  const model = project.dockerfile(build.dockerfile);
  if (!model || !model.stages.length) return undefined;
  const final = finalStage(model, build.target);
  if (!final) return undefined;
  const root = chainOf(model, final)[0];
  const windows = final.family === 'windows' || model.escapeDirective;
  const gbs: GoBuildCommand[] = [];
  const dirs: string[] = [];
  if (!windows) {
    const all: GoBuildCommand[] = [];
    for (const idx of [...stagesFeeding(model, final)].sort((a, b) => a - b)) all.push(...goBuilds(model.stages[idx]));
    // A builder stage that builds several programs (one per service target) puts into this image
    // only those whose output it copies; when none can be traced, any of them may be the program.
    const reaching = all.length > 1 ? all.filter((gb) => outputReaches(model, gb, final)) : all;
    for (const gb of reaching.length ? reaching : all) {
      gbs.push(gb);
      for (const d of mainDirsOf(project, build, model, gb)) if (!dirs.includes(d)) dirs.push(d);
    }
  }
  return new LazyImageFacts(build, model, final, root, gbs, dirs, windows ? undefined : goFactsOf(project, build, gbs, dirs));
}

/**
 * The rest of an image's facts is worked out when a rule first asks: most rules look at `go` first,
 * and an image that builds no Go program needs none of it. The facts are made for one analysis (a
 * rule's check, or a compose file's scope), so what they read is recorded as that analysis's
 * dependencies. A class with getters on its prototype: every instance has one shape, where
 * properties defined on each object made V8 keep it as a dictionary.
 */
class LazyImageFacts implements ImageFacts {
  readonly family: ImageFamily;
  private envValue: Map<string, ImageEnv> | undefined;
  private userValue: ImageFacts['user'] | null = null;
  private zoneinfoValue: Having | undefined;
  private caValue: Having | undefined;
  private shellValue: Having | undefined;
  private exposesValue: ExposedPort[] | undefined;
  private entrypointValue: ImageFacts['entrypoint'] | null = null;
  private cmdValue: ImageFacts['cmd'] | null = null;

  constructor(
    readonly build: ImageBuild,
    readonly model: DockerfileModel,
    readonly final: Stage,
    readonly root: Stage,
    readonly goBuilds: GoBuildCommand[],
    readonly mainDirs: string[],
    readonly go: GoImageFacts | undefined,
  ) {
    this.family = final.family;
  }

  get env(): Map<string, ImageEnv> {
    return (this.envValue ??= runtimeEnv(this.model, this.final, this.build));
  }
  get user(): ImageFacts['user'] {
    if (this.userValue === null) this.userValue = userOf(this.model, this.final, this.build);
    return this.userValue;
  }
  get zoneinfo(): Having {
    return (this.zoneinfoValue ??= zoneinfoOf(this.model, this.final, this.root, this.build, this.env));
  }
  get caCertificates(): Having {
    return (this.caValue ??= caCertsOf(this.model, this.final, this.root, this.build));
  }
  get shell(): Having {
    return (this.shellValue ??= shellOf(this.model, this.final, this.root, this.build));
  }
  get exposes(): ExposedPort[] {
    return (this.exposesValue ??= exposedPorts(this.model, this.final, this.build, this.env));
  }
  get entrypoint(): ImageFacts['entrypoint'] {
    if (this.entrypointValue === null) this.entrypointValue = lastOf(this.model, this.final, 'ENTRYPOINT', this.build);
    return this.entrypointValue;
  }
  get cmd(): ImageFacts['cmd'] {
    if (this.cmdValue === null) this.cmdValue = lastOf(this.model, this.final, 'CMD', this.build);
    return this.cmdValue;
  }
}

/**
 * The image build of a merged compose service (`build` from whichever file set it last), or
 * undefined for image-only services, remote or variable contexts and inline Dockerfiles.
 */
export function serviceBuildOf(view: ComposeView, name: string, svc: MMap): ImageBuild | undefined {
  const b = child(svc, 'build');
  if (!b || b.kind !== 'map') return undefined;
  if (child(b, 'dockerfile_inline')) return undefined;
  const ctxText = stringAt(b, 'context') ?? '.';
  if (/^[a-z]+:\/\//i.test(ctxText) || /^git@/.test(ctxText) || ctxText.includes('$')) return undefined;
  const df = stringAt(b, 'dockerfile');
  if (df?.includes('$')) return undefined;
  const target = stringAt(b, 'target');
  if (target?.includes('$')) return undefined;
  const context = path.resolve(view.dir, ctxText.replace(/\\/g, '/'));
  const dockerfile = path.resolve(context, (df ?? 'Dockerfile').replace(/\\/g, '/'));
  const nm = scalarOf(child(svc, 'network_mode'))?.value;
  const buildPath = b.path;
  return { dockerfile, context, target, service: { composePath: buildPath, name, keyStart: 0, keyEnd: 0, networkMode: nm } };
}

/** The facts of a compose service's image, when the service builds one from a Dockerfile of the workspace. */
export function serviceImage(project: Project, view: ComposeView, name: string): ImageFacts | undefined {
  const svc = view.services.get(name);
  if (!svc) return undefined;
  const build = serviceBuildOf(view, name, svc);
  if (!build) return undefined;
  if (project.exists(build.dockerfile) !== 'file') return undefined;
  return imageFacts(project, build);
}

/**
 * Whether the main package names `port` as a number outside its known listen calls and the
 * literals they use (`getEnvInt("METRICS_PORT", 9090)`): a listen the facts do not show — started
 * in another package with that value — may use it.
 */
export function programNamesPort(project: Project, go: GoImageFacts, port: number): boolean {
  const re = new RegExp(`(^|[^\\w.])${port}(?![\\w.])`, 'g');
  for (const f of go.files) {
    const text = project.text(f);
    if (text === undefined) continue;
    const known: [number, number][] = [];
    for (const l of go.listens) {
      if (l.path === f) known.push([l.start, l.end]);
      for (const part of [l.portPart, l.hostPart]) if (part?.path === f && part.start !== undefined && part.end !== undefined) known.push([part.start, part.end]);
    }
    for (const m of text.matchAll(re)) {
      const at = (m.index ?? 0) + m[1].length;
      if (!known.some(([a, b]) => at >= a && at < b)) return true;
    }
  }
  return false;
}
