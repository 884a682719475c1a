/**
 * What a final image holds that a Go binary reads at run time (zoneinfo, the CA bundle), and the
 * Dockerfile edits that add them, suited to the image family.
 *
 * Sources for the builder images: the golang Debian images are built on buildpack-deps:*-scm, whose
 * -curl layer installs ca-certificates and tzdata (docker-library/buildpack-deps#161 shows the tzdata
 * install in those layers); the golang alpine image runs `apk add --no-cache ca-certificates`
 * (docker-library/golang, 1.26/alpine3.23/Dockerfile) but installs no tzdata.
 */
import type { FileEdit } from '../../core/types';
import type { Containerization, Project } from '../../project/project';
import { copyArgs, finalStage, installedPackages, DockerfileModel, GoBuildCommand, Stage } from '../../parse/dockerfile';
import { detectEol } from '../../core/text';
import { addImports } from './goImports';
import { afterFrom, isGolang, isUbuntu, stageRef } from '../../model/imageContents';
import { lineageOf } from '../../model/stageGraph';
import { effectiveUser, isRootUser } from '../../model/stages';

export interface DockerFix {
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
  aptCa: 'Install ca-certificates in the image (apt-get)',
};

function titled(id: string, table: Record<string, string>, data?: Record<string, string>): { titleId: string; titleData?: Record<string, string> } {
  void table;
  return data ? { titleId: id, titleData: data } : { titleId: id };
}

function insertLine(model: DockerfileModel, path: string, stage: Stage, line: string): FileEdit {
  const at = afterFrom(model, stage);
  return { path, start: at, end: at, newText: detectEol(model.text) + line };
}

const APT_TZDATA = 'RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tzdata && rm -rf /var/lib/apt/lists/*';
const APT_CA = 'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*';

/** Adds zoneinfo to the final image: a package on alpine/ubuntu, a copy from the builder on scratch/busybox. */
export function zoneinfoImageFix(model: DockerfileModel, path: string, final: Stage, builder: Stage): DockerFix | undefined {
  if ((final.family === 'alpine' || isUbuntu(model, final)) && !rootAtFrom(model, final)) return undefined;
  if (final.family === 'alpine') return { ...titled('apkTzdata', ZONE_FIX_TITLES), edits: [insertLine(model, path, final, 'RUN apk add --no-cache tzdata')] };
  if (isUbuntu(model, final)) return { ...titled('aptTzdata', ZONE_FIX_TITLES), edits: [insertLine(model, path, final, APT_TZDATA)] };
  if (final.family !== 'scratch' && final.family !== 'busybox') return undefined;
  if (builder === final || lineageOf(model, final).includes(builder)) return undefined;
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

/**
 * Installs the ca-certificates package in a Debian or Ubuntu final image, right after its FROM. None
 * when a stage it builds on switched to another user than root: apt-get would fail there.
 */
export function caPackageFix(model: DockerfileModel, path: string, final: Stage): DockerFix | undefined {
  if (!rootAtFrom(model, final)) return undefined;
  return { ...titled('aptCa', CA_FIX_TITLES), edits: [insertLine(model, path, final, APT_CA)] };
}

/** Whether a line inserted right after the stage's FROM runs as root (no stage it builds on set another USER). */
function rootAtFrom(model: DockerfileModel, stage: Stage): boolean {
  const user = effectiveUser(model, stage, afterFrom(model, stage));
  return !user || isRootUser(user);
}

/** Copies the CA bundle from the builder into a scratch/busybox image. */
export function caBundleFix(model: DockerfileModel, path: string, final: Stage, builder: Stage): DockerFix | undefined {
  if (builder === final || lineageOf(model, final).includes(builder)) return undefined;
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

