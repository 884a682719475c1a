/**
 * The files a Go program reads, writes and serves by path: every call the parser records as a file
 * use (os.WriteFile, os.MkdirAll, sqlite.Open, template.ParseGlob, http.Dir, godotenv.Load, viper's
 * config names ...) and every log file it opens, in its main package and in the packages of its own
 * module that the main package imports, with names resolved across the files of each package.
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import type { FileUseFact, GoFacts, LogFileFact } from '../parse/go';
import { resolvePackage, type ResolvedPackage } from '../parse/goResolve';
import { programPackages } from './goPackage';

export interface ProgramFileUse extends FileUseFact {
  /** The file of the call. */
  path: string;
}

/** Resolutions per package, kept while its files' facts are the same objects. */
const cache = new WeakMap<GoFacts, { files: { path: string; facts: GoFacts }[]; value: ResolvedPackage }>();

function resolved(files: { path: string; facts: GoFacts }[]): ResolvedPackage {
  const hit = cache.get(files[0].facts);
  if (hit && hit.files.length === files.length && hit.files.every((f, i) => f.facts === files[i].facts && f.path === files[i].path)) return hit.value;
  const value = resolvePackage(files);
  cache.set(files[0].facts, { files, value });
  return value;
}

/** File uses and log files of the program whose main package is in `mainDir`; `complete` is false when a package of its module could not be read. */
export function programFileUses(project: Project, mainDir: string): { uses: ProgramFileUse[]; logs: (LogFileFact & { path: string })[]; complete: boolean } {
  const { packages, complete } = programPackages(project, mainDir);
  const uses: ProgramFileUse[] = [];
  const logs: (LogFileFact & { path: string })[] = [];
  for (const pkg of packages) {
    const r = resolved(pkg.files);
    for (const u of r.fileUses) uses.push({ ...u, path: u.path ?? pkg.files[0].path });
    for (const l of r.logFiles) logs.push({ ...l, path: l.path ?? pkg.files[0].path });
  }
  return { uses, logs, complete };
}

/** A path the program uses, as a container path: absolute, or relative to the working directory. */
export function containerPathOf(value: string, workdir: string | undefined): string | undefined {
  const v = value.replace(/\\/g, '/');
  if (v.startsWith('/')) return path.posix.normalize(v).replace(/\/+$/, '') || '/';
  if (workdir === undefined || /^[A-Za-z]:/.test(v) || v.startsWith('~')) return undefined;
  return path.posix.normalize(workdir + '/' + v).replace(/\/+$/, '') || '/';
}
