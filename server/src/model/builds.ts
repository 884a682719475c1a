/**
 * Which Go main packages the images of the workspace compile: for every image build (a compose
 * service's, or a standalone Dockerfile's), the `go build`s of the stages that feed its final stage
 * — their own, and those `make` or a build script runs — followed back through WORKDIR and COPY to
 * the main package's folder on the host. A package copied in file by file (`COPY main.go ./`,
 * `COPY *.go ./`, `COPY ["a.go", "b.go", "./"]`) is followed as well as a copied folder.
 *
 * Computed once per change of the files it read (project.workspaceValue), and per build: after an
 * edit only the builds that read the changed file are traced again.
 */
import * as path from 'node:path';
import type { Containerization, ImageBuild, Project } from '../project/project';
import { SKIPPED_DIRS } from '../project/files';
import { finalStage, normalizePosix, type DockerfileModel, type GoBuildCommand } from '../parse/dockerfile';
import { feedingStages } from './stageGraph';
import { goBuildsOf } from './buildScripts';
import { goFilesIn, ignoreFileOf } from './goCommands';
import { idOf } from '../core/memo';
import { withOtherTargets } from './osTargets';
import { scriptTargetsOf } from './buildContext';

/** Builds are replaced, never changed: a build's id names one value of it. */
const buildId = (build: ImageBuild): number => idOf(build);

const CONTAINERIZATIONS = 'model.containerizations';

/** Every main package compiled by an image build of the workspace, with how. Do not modify the result. */
export function containerizations(project: Project): readonly Containerization[] {
  return project.workspaceValue(CONTAINERIZATIONS, () => {
    const out: Containerization[] = [];
    for (const build of project.builds()) {
      out.push(...project.workspaceValue(`model.mains\0${buildId(build)}`, () => mainsOf(project, build)));
    }
    return out;
  });
}

/**
 * Builds the workspace model if it is not there, without making it a dependency of the analysis in
 * progress (the rules that use it record that), so that its time is not charged to the first rule
 * that asks. Returns whether it had to be built.
 */
export function prepareModel(project: Project): boolean {
  if (project.hasWorkspaceValue(CONTAINERIZATIONS)) return false;
  project.untracked(() => containerizations(project));
  return true;
}

const byDir = new WeakMap<readonly Containerization[], Map<string, Containerization[]>>();
const NONE: readonly Containerization[] = [];

/** How the main package in the host folder `dir` is containerized, if at all. Do not modify the result. */
export function containerizationsOf(project: Project, dir: string): readonly Containerization[] {
  const all = containerizations(project);
  let index = byDir.get(all);
  if (!index) {
    index = new Map();
    for (const c of all) {
      const list = index.get(c.mainDir);
      if (list) list.push(c);
      else index.set(c.mainDir, [c]);
    }
    byDir.set(all, index);
  }
  return index.get(dir) ?? NONE;
}

function mainsOf(project: Project, build: ImageBuild): Containerization[] {
  const model = project.dockerfile(build.dockerfile);
  if (!model) return [];
  // The stages scripts build with --target, and the Linux targets of a Dockerfile that ends in a
  // Windows stage (model/osTargets.ts).
  const named = build.service || build.target !== undefined ? [] : scriptTargetsOf(project, build.dockerfile);
  return withOtherTargets(build, model, named).flatMap((b) => mainsOfTarget(project, b, model));
}

function mainsOfTarget(project: Project, build: ImageBuild, model: DockerfileModel): Containerization[] {
  const out: Containerization[] = [];
  const final = finalStage(model, build.target);
  if (!final || final.family === 'windows') return out;
  for (const idx of feedingStages(model, final)) {
    for (const gb of goBuildsOf(project, build, model, model.stages[idx])) {
      for (const dir of mainDirsOf(project, build, model, gb)) out.push({ build, mainDir: dir, goBuild: gb, final });
    }
  }
  return out;
}

/**
 * Host folders of the main packages a `go build` compiles, through WORKDIR and COPY: a folder the
 * package was copied in with, or the folder of the .go files copied in one by one.
 */
export function mainDirsOf(project: Project, build: ImageBuild, model: DockerfileModel, gb: GoBuildCommand): string[] {
  const base = gb.cwd;
  if (!base) return [];
  const cFlag = gb.flags.get('C')?.value;
  const cwd = cFlag ? normalizePosix(cFlag.startsWith('/') ? cFlag : base + '/' + cFlag) : base;
  const values = gb.packages.map((w) => w.value);
  if (values.some((v) => v.includes('$'))) return [];
  const pkgs = values.filter((v) => !v.endsWith('.go'));
  const files = values.filter((v) => v.endsWith('.go'));
  // A .go file argument is always a path (`go build consumer/main.go`), never an import path.
  const fileDir = (f: string) => {
    const d = path.posix.dirname(f);
    return d.startsWith('/') || d.startsWith('.') ? d : './' + d;
  };
  const targets = pkgs.length ? pkgs : files.length ? [fileDir(files[0])] : ['.'];
  const ignore = ignoreFileOf(project, build)?.patterns;
  const dirs: string[] = [];
  for (const t of targets) {
    if (!t.startsWith('.') && !t.startsWith('/')) continue; // import paths: not resolvable without the module graph
    const recursive = t.endsWith('/...');
    const rel = recursive ? t.slice(0, -4) || '.' : t;
    const containerDir = normalizePosix(rel.startsWith('/') ? rel : cwd + '/' + rel);
    const found = goFilesIn(project, build, model, gb.stage, containerDir, gb.instruction.start, ignore);
    if (recursive) {
      for (const host of found.hostDirs) for (const d of mainDirsBelow(project, host)) if (!dirs.includes(d)) dirs.push(d);
      continue;
    }
    // The folders the package's files come from: a copied folder, or the files' own folders.
    const hostDirs = new Set<string>(found.hostDirs);
    for (const f of found.files) hostDirs.add(path.dirname(f));
    for (const d of hostDirs) if (!dirs.includes(d) && project.mainFiles(d).length) dirs.push(d);
  }
  return dirs;
}

/**
 * Whether the go builds of a Dockerfile no compose file builds find Go files when `context` is the
 * build context: false when a `go build` of a relative package (`.`, `./cmd/api`, none named) in a
 * stage the image needs compiles a folder that a folder copy brings from `context` and that holds no
 * Go file there — then the Dockerfile is not built from `context` (a template built with each
 * service's folder as the context). Packages copied file by file are not judged here.
 */
export function goBuildsFindGoFiles(project: Project, build: ImageBuild, context: string): boolean {
  return project.workspaceValue(`model.goBuildsFindGoFiles\0${build.dockerfile}\0${build.target ?? ''}\0${context}`, () => {
    // Read through the project, so that the value is dropped when the Dockerfile changes.
    const model = project.dockerfile(build.dockerfile);
    if (!model) return true;
    const there: ImageBuild = { ...build, context };
    const final = finalStage(model, build.target);
    if (!final || final.family === 'windows') return true;
    const ignore = ignoreFileOf(project, there)?.patterns;
    for (const idx of feedingStages(model, final)) {
      for (const gb of goBuildsOf(project, there, model, model.stages[idx])) {
        const values = gb.packages.map((w) => w.value);
        if (!gb.cwd || gb.flags.has('C') || values.some((v) => v.includes('$') || v.endsWith('/...') || !v.startsWith('.'))) continue;
        for (const t of values.length ? values : ['.']) {
          const found = goFilesIn(project, there, model, gb.stage, normalizePosix(gb.cwd + '/' + t), gb.instruction.start, ignore);
          if (!found.unknown && found.hostDirs.length && !found.files.length) return false;
        }
      }
    }
    return true;
  });
}

function mainDirsBelow(project: Project, root: string, budget = { n: 2000 }): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if (--budget.n < 0) return;
    if (project.mainFiles(d).length) out.push(d);
    for (const n of project.readDir(d)) {
      if (SKIPPED_DIRS.has(n) || n.startsWith('.') || n === 'testdata') continue;
      const full = path.join(d, n);
      if (project.exists(full) === 'dir') walk(full);
    }
  };
  walk(root);
  return out;
}
