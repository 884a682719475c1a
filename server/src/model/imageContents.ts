/**
 * What a final image holds that a Go binary reads at run time: zoneinfo and the CA bundle, judged
 * from the base image and what the Dockerfile installs or copies in.
 */
import type { Containerization, Project } from '../project/project';
import { copyArgs, finalStage, installedPackages, stageChainFromRoot, DockerfileModel, GoBuildCommand, Stage } from '../parse/dockerfile';
import { baseOf, lineageOf, rootOf } from './stageGraph';
import { containerizations } from './builds';
import { programOf } from './instructions';


export function isUbuntu(model: DockerfileModel, s: Stage): boolean {
  const r = rootOf(model, s).repo;
  return r === 'ubuntu' || r.endsWith('/ubuntu');
}

export function isGolang(model: DockerfileModel, s: Stage): boolean {
  const r = rootOf(model, s).repo;
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
  for (const s of lineageOf(model, final)) {
    for (const i of s.instructions) if (i.keyword === 'COPY' || i.keyword === 'ADD') out.push(...copyArgs(i));
  }
  return out;
}

function finalEnv(final: Stage, model: DockerfileModel): Map<string, string> {
  const chain = lineageOf(model, final);
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
  const r = rootOf(model, s).repo;
  return r === 'busybox' || r.endsWith('/library/busybox');
}

/**
 * Whether the final image lacks a zone database for the Go program; undefined when we cannot tell.
 * `forLocal`: for time.Local from TZ, which reads only the system's zone folders (and ZONEINFO, and an
 * embedded database); time.LoadLocation also falls back to $GOROOT/lib/time/zoneinfo.zip, which the
 * golang images carry, also the alpine ones that have no /usr/share/zoneinfo (facts/baseImages.ts).
 */
export function lacksZoneinfo(model: DockerfileModel, final: Stage, forLocal = false): boolean | undefined {
  // A stage object stands for its whole lineage (parse/dockerfile.ts keeps it only when that is unchanged).
  const cache = forLocal ? zoneForLocal : zone;
  const hit = cache.get(final);
  if (hit) return hit.v;
  const v = computeLacksZoneinfo(model, final, forLocal);
  cache.set(final, { v });
  return v;
}

const zone = new WeakMap<Stage, { v: boolean | undefined }>();
const zoneForLocal = new WeakMap<Stage, { v: boolean | undefined }>();
const caBundle = new WeakMap<Stage, { v: boolean | undefined }>();

function computeLacksZoneinfo(model: DockerfileModel, final: Stage, forLocal: boolean): boolean | undefined {
  if (final.family === 'windows') return undefined;
  if (installedPackages(model, final, final.end).has('tzdata')) return false;
  if (copiedPaths(model, final).some((p) => /zoneinfo/i.test(p))) return false;
  if (finalEnv(final, model).has('ZONEINFO')) return false;
  if (isGolang(model, final) && !forLocal) return false;
  const base = baseOf(model, final);
  if (base) return base.zoneinfo === undefined ? undefined : !base.zoneinfo;
  // Images the table does not know: only what their family says for sure.
  const fam = final.family;
  if (fam === 'busybox' && !isPlainBusybox(model, final)) return undefined;
  if (fam === 'scratch' || fam === 'busybox') return true;
  return fam === 'unknown' || fam === 'alpine' ? undefined : false;
}

/** Whether a go build embeds the zone database (-tags timetzdata). */
export function buildEmbedsTzdata(gb: GoBuildCommand): boolean {
  return (gb.flags.get('tags')?.value ?? '').split(/[,\s]+/).includes('timetzdata');
}

/** Whether the final image lacks a CA bundle; undefined when we cannot tell. */
export function lacksCaBundle(model: DockerfileModel, final: Stage): boolean | undefined {
  const hit = caBundle.get(final);
  if (hit) return hit.v;
  const v = computeLacksCaBundle(model, final);
  caBundle.set(final, { v });
  return v;
}

function computeLacksCaBundle(model: DockerfileModel, final: Stage): boolean | undefined {
  if (final.family === 'windows') return undefined;
  if (copiedPaths(model, final).some((p) => /\/etc\/ssl|\/etc\/pki|ca-certificates|ca-bundle|cacert|cert\.pem|\.crt$|certs/i.test(p))) return false;
  const env = finalEnv(final, model);
  if (env.has('SSL_CERT_FILE') || env.has('SSL_CERT_DIR')) return false;
  if (installedPackages(model, final, final.end).has('ca-certificates')) return false;
  const base = baseOf(model, final);
  if (base) {
    if (base.caBundle === undefined) return undefined;
    if (base.caBundle) return false;
    if (final.family === 'scratch' || final.family === 'busybox') return true;
    // Debian and Ubuntu images come without the ca-certificates package, but a package installed in
    // the image may bring it along (it is a Recommends of curl, wget and openssl, and a script may
    // install anything): only an image whose RUNs cannot install anything is judged.
    if (base.packageTool === 'apt') return runsInstallNothing(model, final) ? true : undefined;
    return false;
  }
  if (final.family === 'busybox' && !isPlainBusybox(model, final)) return undefined;
  if (final.family === 'scratch' || final.family === 'busybox') return true;
  return final.family === 'unknown' ? undefined : false;
}

/** Programs a RUN may start without installing anything (users, folders, links, permissions). */
const INSTALLS_NOTHING = new Set(['useradd', 'groupadd', 'adduser', 'addgroup', 'usermod', 'groupmod', 'mkdir', 'chown', 'chgrp', 'chmod', 'ln', 'touch', 'rm', 'cp', 'mv', 'echo', 'true']);

/**
 * Whether every RUN of the image's stages (its own and those it builds on) only starts programs
 * that install nothing. A RUN in exec form, with a heredoc or with nothing we could split is not
 * known to install nothing.
 */
function runsInstallNothing(model: DockerfileModel, final: Stage): boolean {
  for (const s of stageChainFromRoot(model, final)) {
    for (const ins of s.instructions) {
      if (ins.keyword !== 'RUN') continue;
      if (!ins.commands.length || /<<-?['"]?[A-Za-z_]/.test(model.text.slice(ins.argsStart, ins.argsEnd))) return false;
      for (const cmd of ins.commands) {
        const { word, exec } = programOf(cmd);
        if (exec || !word || !INSTALLS_NOTHING.has(word.value.replace(/^.*\//, ''))) return false;
      }
    }
  }
  return true;
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
  for (const c of containerizations(project)) {
    if (c.build.dockerfile !== dockerfile) continue;
    const list = byFinal.get(c.final.index) ?? [];
    list.push(c);
    byFinal.set(c.final.index, list);
  }
  return byFinal;
}
