/**
 * What a final image holds that a Go binary reads at run time (zoneinfo, the CA bundle), and the
 * Dockerfile edits that add them, suited to the image family.
 *
 * Sources for the builder images: the golang Debian images are built on buildpack-deps:*-scm, whose
 * -curl layer installs ca-certificates and tzdata (docker-library/buildpack-deps#161 shows the tzdata
 * install in those layers); the golang alpine image runs `apk add --no-cache ca-certificates`
 * (docker-library/golang, 1.26/alpine3.23/Dockerfile) but installs no tzdata.
 */
import type { FileEdit } from '../../engine/types';
import type { Containerization, Project } from '../../engine/project';
import { chainRoot, copyArgs, finalStage, installedPackages, DockerfileModel, GoBuildCommand, Stage } from '../../parse/dockerfile';
import { detectEol } from '../../engine/text';
import { addImports } from './goImports';
import { stageChain } from './goMain';

export function rootStage(model: DockerfileModel, s: Stage): Stage {
  return chainRoot(model, s);
}

function isUbuntu(model: DockerfileModel, s: Stage): boolean {
  const r = rootStage(model, s).repo;
  return r === 'ubuntu' || r.endsWith('/ubuntu');
}

function isGolang(model: DockerfileModel, s: Stage): boolean {
  const r = rootStage(model, s).repo;
  return r === 'golang' || r.endsWith('/golang');
}

/** Offset just past the line holding the stage's FROM instruction. */
export function afterFrom(model: DockerfileModel, s: Stage): number {
  const end = model.index.offsetAt(s.from.getRange().end);
  const line = model.index.lineOf(end);
  return model.index.lineContentEnd(line);
}

export function stageRef(s: Stage): string {
  return s.name ?? String(s.index);
}

function copiedPaths(model: DockerfileModel, final: Stage): string[] {
  const out: string[] = [];
  for (const s of stageChain(model, final)) {
    for (const i of s.instructions) if (i.keyword === 'COPY' || i.keyword === 'ADD') out.push(...copyArgs(i));
  }
  return out;
}

function finalEnv(final: Stage, model: DockerfileModel): Map<string, string> {
  const chain = stageChain(model, final);
  const last = chain.map((s) => s.instructions[s.instructions.length - 1]).find((x) => x);
  const m = new Map<string, string>();
  for (const [k, v] of last?.env ?? []) if (v.via === 'ENV') m.set(k, v.value);
  return m;
}

/**
 * The official busybox image (also through a registry mirror). Images built on it, such as
 * quay.io/prometheus/busybox, may add certificates or zoneinfo: we cannot tell.
 */
function isPlainBusybox(model: DockerfileModel, s: Stage): boolean {
  const r = rootStage(model, s).repo;
  return r === 'busybox' || r.endsWith('/library/busybox');
}

/** Whether the final image lacks zoneinfo; undefined when we cannot tell (unknown base images). */
export function lacksZoneinfo(model: DockerfileModel, final: Stage): boolean | undefined {
  const fam = final.family;
  const ubuntu = isUbuntu(model, final);
  // golang images carry $GOROOT/lib/time/zoneinfo.zip, which Go falls back to.
  if (isGolang(model, final)) return false;
  if (fam === 'busybox' && !isPlainBusybox(model, final)) return undefined;
  if (!['scratch', 'busybox', 'alpine'].includes(fam) && !ubuntu) return fam === 'unknown' || fam === 'windows' ? undefined : false;
  if ((fam === 'alpine' || ubuntu) && installedPackages(model, final, final.end).has('tzdata')) return false;
  if (copiedPaths(model, final).some((p) => /zoneinfo/i.test(p))) return false;
  if (finalEnv(final, model).has('ZONEINFO')) return false;
  return true;
}

/** Whether a go build embeds the zone database (-tags timetzdata). */
export function buildEmbedsTzdata(gb: GoBuildCommand): boolean {
  return (gb.flags.get('tags')?.value ?? '').split(/[,\s]+/).includes('timetzdata');
}

/** Whether the final image lacks a CA bundle; undefined when we cannot tell. */
export function lacksCaBundle(model: DockerfileModel, final: Stage): boolean | undefined {
  if (final.family !== 'scratch' && final.family !== 'busybox') return final.family === 'unknown' ? undefined : false;
  if (final.family === 'busybox' && !isPlainBusybox(model, final)) return undefined;
  if (copiedPaths(model, final).some((p) => /\/etc\/ssl|\/etc\/pki|ca-certificates|ca-bundle|cacert|cert\.pem|\.crt$|certs/i.test(p))) return false;
  const env = finalEnv(final, model);
  if (env.has('SSL_CERT_FILE') || env.has('SSL_CERT_DIR')) return false;
  return true;
}

export interface DockerFix {
  title: string;
  titleId: string;
  titleData?: Record<string, string>;
  edits: FileEdit[];
}

/** Fix title templates of the zoneinfo fixes (shared by DGT303 and DGT161), for translation. */
export const ZONE_FIX_TITLES: Record<string, string> = {
  importTzdata: 'Embed the zone database: import _ "time/tzdata"',
  apkTzdata: 'Install tzdata in the image: RUN apk add --no-cache tzdata',
  aptTzdata: 'Install tzdata in the image (apt-get)',
  copyZoneinfo: 'Copy the zone database from the {stage} stage: {copy}',
  tagsTimetzdata: 'Embed the zone database in the binary: {flag}',
};

export const CA_FIX_TITLES: Record<string, string> = {
  copyCa: 'Copy the CA bundle from the {stage} stage: {copy}',
};

function titled(id: string, table: Record<string, string>, data?: Record<string, string>): { title: string; titleId: string; titleData?: Record<string, string> } {
  const title = table[id].replace(/\{(\w+)\}/g, (m, k: string) => data?.[k] ?? m);
  return data ? { title, titleId: id, titleData: data } : { title, titleId: id };
}

function insertLine(model: DockerfileModel, path: string, stage: Stage, line: string): FileEdit {
  const at = afterFrom(model, stage);
  return { path, start: at, end: at, newText: detectEol(model.text) + line };
}

const APT_TZDATA = 'RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tzdata && rm -rf /var/lib/apt/lists/*';
const APT_CA = 'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*';

/** Adds zoneinfo to the final image: a package on alpine/ubuntu, a copy from the builder on scratch/busybox. */
export function zoneinfoImageFix(model: DockerfileModel, path: string, final: Stage, builder: Stage): DockerFix | undefined {
  if (final.family === 'alpine') return { ...titled('apkTzdata', ZONE_FIX_TITLES), edits: [insertLine(model, path, final, 'RUN apk add --no-cache tzdata')] };
  if (isUbuntu(model, final)) return { ...titled('aptTzdata', ZONE_FIX_TITLES), edits: [insertLine(model, path, final, APT_TZDATA)] };
  if (final.family !== 'scratch' && final.family !== 'busybox') return undefined;
  if (builder === final || stageChain(model, final).includes(builder)) return undefined;
  const copy = `COPY --from=${stageRef(builder)} /usr/share/zoneinfo /usr/share/zoneinfo`;
  const edits: FileEdit[] = [];
  if (builder.family === 'alpine') {
    if (!installedPackages(model, builder, builder.end).has('tzdata')) edits.push(insertLine(model, path, builder, 'RUN apk add --no-cache tzdata'));
  } else if (builder.family !== 'debian' || isUbuntu(model, builder)) return undefined;
  edits.push(insertLine(model, path, final, copy));
  return { ...titled('copyZoneinfo', ZONE_FIX_TITLES, { stage: stageRef(builder), copy }), edits };
}

/** Adds `-tags timetzdata` to a go build (or the tag to its existing -tags). */
export function timetzdataFix(model: DockerfileModel, path: string, gb: GoBuildCommand): DockerFix | undefined {
  const tags = gb.flags.get('tags');
  if (gb.flags.has('tags')) {
    if (!tags || tags.quoted || !tags.value || tags.value.includes('$')) return undefined;
    return { ...titled('tagsTimetzdata', ZONE_FIX_TITLES, { flag: `-tags ${tags.value},timetzdata` }), edits: [{ path, start: tags.end, end: tags.end, newText: ',timetzdata' }] };
  }
  const k = gb.command.words.indexOf(gb.goWord);
  const verb = gb.command.words[k + 1];
  if (!verb) return undefined;
  void model;
  return { ...titled('tagsTimetzdata', ZONE_FIX_TITLES, { flag: 'go build -tags timetzdata' }), edits: [{ path, start: verb.end, end: verb.end, newText: ' -tags timetzdata' }] };
}

/** Adds `import _ "time/tzdata"` to a Go file of the main package. */
export function tzdataImportFix(project: Project, goFile: string): DockerFix | undefined {
  const text = project.text(goFile);
  const facts = project.goFacts(goFile);
  if (text === undefined || !facts || facts.hasErrors) return undefined;
  const edits = addImports(text, facts, [{ path: 'time/tzdata', name: '_' }], detectEol(text));
  if (!edits || !edits.length) return undefined;
  return { ...titled('importTzdata', ZONE_FIX_TITLES), edits: edits.map((e) => ({ ...e, path: goFile })) };
}

/** Copies the CA bundle from the builder into a scratch/busybox image. */
export function caBundleFix(model: DockerfileModel, path: string, final: Stage, builder: Stage): DockerFix | undefined {
  if (builder === final || stageChain(model, final).includes(builder)) return undefined;
  const copy = `COPY --from=${stageRef(builder)} /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`;
  const edits: FileEdit[] = [];
  const pkgs = installedPackages(model, builder, builder.end);
  if (!isGolang(model, builder) && !pkgs.has('ca-certificates')) {
    if (builder.family === 'alpine') edits.push(insertLine(model, path, builder, 'RUN apk add --no-cache ca-certificates'));
    else if (builder.family === 'debian') edits.push(insertLine(model, path, builder, APT_CA));
    else return undefined;
  }
  edits.push(insertLine(model, path, final, copy));
  return { ...titled('copyCa', CA_FIX_TITLES, { stage: stageRef(builder), copy }), edits };
}

/** The file of a main package to put an import in: the one with func main, else the first. */
export function mainFileOf(project: Project, c: Containerization): string | undefined {
  const files = project.mainFiles(c.mainDir).filter((f) => !project.goFacts(f)?.generated);
  return files.find((f) => project.goFacts(f)?.main) ?? files[0];
}

/**
 * The Go programs this Dockerfile's images run, grouped by final stage, when some image of the file
 * lacks what `lacks` looks for; undefined otherwise. The image check comes first because it is cheap
 * and the Go analysis is not.
 */
export function containerizationsLacking(
  project: Project,
  dockerfile: string,
  model: DockerfileModel,
  lacks: (model: DockerfileModel, final: Stage) => boolean | undefined,
): Map<number, Containerization[]> | undefined {
  const worthIt = project
    .buildsFor(dockerfile)
    .map((b) => finalStage(model, b.target))
    .some((f) => f && lacks(model, f) === true);
  if (!worthIt) return undefined;
  const byFinal = new Map<number, Containerization[]>();
  for (const c of project.containerizations()) {
    if (c.build.dockerfile !== dockerfile) continue;
    const list = byFinal.get(c.final.index) ?? [];
    list.push(c);
    byFinal.set(c.final.index, list);
  }
  return byFinal;
}
