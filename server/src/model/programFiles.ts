/**
 * The files a Go program reads, writes and serves by path: every call the parser records as a file
 * use (os.WriteFile, os.MkdirAll, sqlite.Open, template.ParseGlob, http.Dir, godotenv.Load, viper's
 * config names ...) and every log file it opens, in its main package and in the packages of its own
 * module that the main package imports, with names resolved across the files of each package.
 */
import * as path from 'node:path';
import type { Containerization, Project } from '../project/project';
import { containerizations, containerizationsOf } from './builds';
import type { FileUseFact, GoFacts, LogFileFact } from '../parse/go';
import { buildsForLinux, programPackages, resolvedPackage } from './goPackage';

export interface ProgramFileUse extends FileUseFact {
  /** The file of the call. */
  path: string;
}

/** Words of the calls that use files or open log files: a package whose files name none of them is not parsed. */
const FILE_CALLS = /\b(WriteFile|Create|OpenFile|Mkdir|MkdirAll|ReadFile|Open|ReadDir|ParseGlob|ParseFiles|LoadHTMLGlob|LoadHTMLFiles|Static|StaticFile|Dir|ServeFile|Load|Overload|SetConfigFile|AddConfigPath|SetConfigName|DecodeFile|SetOutput|Filename|OutputPaths)\b/;

/** File uses and log files of the program whose main package is in `mainDir`; `complete` is false when a package of its module could not be read. */
export function programFileUses(project: Project, mainDir: string): { uses: ProgramFileUse[]; logs: (LogFileFact & { path: string })[]; complete: boolean } {
  const { packages, complete } = programPackages(project, mainDir);
  const uses: ProgramFileUse[] = [];
  const logs: (LogFileFact & { path: string })[] = [];
  for (const pkg of packages) {
    const r = packageFileUses(project, pkg.files, pkg.dir === mainDir);
    uses.push(...r.uses);
    logs.push(...r.logs);
  }
  return { uses, logs, complete };
}

/** The Go files of a folder that are not tests, as the file uses of its package are found from (listed once per listing of the folder). Do not modify the result. */
export function packageGoFiles(project: Project, dir: string): readonly string[] {
  return project.workspaceValue(project.valueKey('programFiles.goFiles', dir), () =>
    project
      .readDir(dir)
      .filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'))
      .map((n) => path.join(dir, n)),
  );
}

/** File uses and log files of one package (its files; `main`: only its `package main` files). A package whose files name no file call is not parsed. */
export function packageFileUses(project: Project, paths: readonly string[], main: boolean): { uses: ProgramFileUse[]; logs: (LogFileFact & { path: string })[] } {
  // Asked by the analysis of each file of the package: found once per package (its files are
  // listed in the same order by every caller) until one of them changes.
  if (!paths.length) return { uses: [], logs: [] };
  const key = `programFiles.uses\0${main ? 1 : 0}\0${path.dirname(paths[0])}\0${paths.length}`;
  const kept = project.workspaceValue(key, () => ({ paths, value: computePackageFileUses(project, paths, main) }));
  if (kept.paths === paths || (kept.paths.length === paths.length && kept.paths.every((p, k) => p === paths[k]))) return kept.value;
  return computePackageFileUses(project, paths, main);
}

function computePackageFileUses(project: Project, paths: readonly string[], main: boolean): { uses: ProgramFileUse[]; logs: (LogFileFact & { path: string })[] } {
  if (!paths.some((f) => FILE_CALLS.test(project.text(f) ?? ''))) return { uses: [], logs: [] };
  const files = paths
    .map((p) => ({ path: p, facts: project.goFacts(p) }))
    .filter((f): f is { path: string; facts: GoFacts } => !!f.facts && buildsForLinux(f.path, f.facts) && (!main || f.facts.packageName === 'main'));
  if (!files.length) return { uses: [], logs: [] };
  const r = resolvedPackage(files);
  return { uses: r.fileUses.map((u) => ({ ...u, path: u.path ?? files[0].path })), logs: r.logFiles.map((l) => ({ ...l, path: l.path ?? files[0].path })) };
}

/** A path the program uses, as a container path: absolute, or relative to the working directory. */
export function containerPathOf(value: string, workdir: string | undefined): string | undefined {
  const v = value.replace(/\\/g, '/');
  if (v.startsWith('/')) return path.posix.normalize(v).replace(/\/+$/, '') || '/';
  if (workdir === undefined || /^[A-Za-z]:/.test(v) || v.startsWith('~')) return undefined;
  return path.posix.normalize(workdir + '/' + v).replace(/\/+$/, '') || '/';
}

/**
 * The containerizations whose program includes the package in `dir` (its main package, or a package
 * of its module that the main package imports). A folder that holds a program's main package is no
 * other program's (Go does not import a main package), so for it only the containerizations of that
 * folder are looked up; for another package, an index of every program's packages is built once for
 * the workspace (it reads the imports of every containerized program).
 */
export function programsOfPackage(project: Project, dir: string): readonly Containerization[] {
  const own = containerizationsOf(project, dir);
  if (own.length && project.mainFiles(dir).length) return own;
  const index = project.workspaceValue('model.programsOfPackage', () => {
    const map = new Map<string, Containerization[]>();
    for (const c of containerizations(project)) {
      for (const pkg of programPackages(project, c.mainDir).packages) {
        const list = map.get(pkg.dir);
        if (list) list.push(c);
        else map.set(pkg.dir, [c]);
      }
    }
    return map;
  });
  return index.get(dir) ?? [];
}
