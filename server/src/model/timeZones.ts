/**
 * When a containerized Go main needs zoneinfo the image lacks — shared by the Go-side rule
 * (go-missing-zoneinfo, on the time.LoadLocation call) and the Dockerfile-side rule
 * (zoneinfo-missing, on TZ). The Dockerfile rule stays quiet when the Go rule reports, so one
 * problem is never reported twice and each fix removes exactly its own finding.
 */
import type { Containerization, Project } from '../project/project';
import type { TimeZoneFact } from '../parse/go';
import { envValue } from './goMain';
import type { MainPackage } from './goPackage';
import { buildEmbedsTzdata, lacksZoneinfo } from './imageContents';

/** Zone names Go resolves without zoneinfo files. */
export function zoneWithoutFiles(zone: string): boolean {
  return zone === '' || zone === 'UTC' || zone === 'Local';
}

/** TZ values under which Go's time.Local is UTC anyway. */
export function tzIsUtc(tz: string): boolean {
  const z = tz.replace(/^:/, '');
  return z === '' || /^(Etc\/)?(UTC|UCT|GMT|Zulu|Universal)(0|\+0|-0)?$/i.test(z);
}

/** Whether the image built by `c` has no zoneinfo the program could use. */
export function imageLacksZoneinfo(project: Project, c: Containerization, pkg: MainPackage): boolean {
  const model = project.dockerfile(c.build.dockerfile);
  if (!model || model.escapeDirective) return false;
  if (lacksZoneinfo(model, c.final) !== true) return false;
  return !pkg.tzdataImported && !buildEmbedsTzdata(c.goBuild);
}

/** The zone a LoadLocation call loads in this container, when it needs zoneinfo files. */
export function failingZone(project: Project, uses: readonly Containerization[], tz: TimeZoneFact): string | undefined {
  if (tz.env.length) {
    const set = envValue(project, uses, tz.env[0]);
    if (set) {
      if (set.open || set.value === undefined) return undefined;
      return zoneWithoutFiles(set.value) ? undefined : set.value;
    }
    if (tz.zone === undefined) return undefined; // unset: os.Getenv gives "", which is UTC
  }
  if (tz.zone === undefined) return undefined; // computed at run time: we cannot tell
  return tz.needsZoneinfo ? tz.zone : undefined;
}

/** LoadLocation calls of the package that fail in the image of `c`. */
export function failingLoads(project: Project, c: Containerization, pkg: MainPackage): { tz: TimeZoneFact; zone: string }[] {
  if (!imageLacksZoneinfo(project, c, pkg)) return [];
  const out: { tz: TimeZoneFact; zone: string }[] = [];
  for (const tz of pkg.timeZones) {
    if (pkg.files.find((f) => f.path === tz.path)?.facts.generated) continue;
    const zone = failingZone(project, [c], tz);
    if (zone !== undefined) out.push({ tz, zone });
  }
  return out;
}
