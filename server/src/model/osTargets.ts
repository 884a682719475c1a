/**
 * Images a Dockerfile makes besides the one of its last stage: the stages a Makefile or script of
 * the repository builds with `docker build --target <stage>`, and — in a Dockerfile that ends in a
 * Windows stage — the Linux image, often a named stage that `--target` picks on Linux hosts:
 * analysed only as its last stage, that image would go unchecked. Such a stage is a named Linux stage
 * that no other stage builds on or copies from.
 */
import type { ImageBuild } from '../project/project';
import { finalStage, type DockerfileModel, type Stage } from '../parse/dockerfile';

/**
 * `build` and the builds of the other images its Dockerfile makes: the stages `scriptNamed` (the
 * `--target`s of the repository's scripts) names, and the Linux stages of a Dockerfile that ends in a
 * Windows stage; each once.
 */
export function withOtherTargets(build: ImageBuild, model: DockerfileModel, scriptNamed: readonly string[]): ImageBuild[] {
  const all = [build];
  for (const b of [...otherOsTargets(build, model), ...scriptTargets(build, model, scriptNamed)]) if (!all.includes(b)) all.push(b);
  return all;
}

/** The builds of the other targets, per standalone build and stage name: the same objects every time. */
const targetBuilds = new WeakMap<ImageBuild, Map<string, ImageBuild>>();

/**
 * For a standalone build of its last stage (no compose service, no target) whose last stage is a
 * Windows stage: a build of each named Linux stage that nothing builds on or copies from.
 */
function otherOsTargets(build: ImageBuild, model: DockerfileModel): ImageBuild[] {
  if (build.service || build.target !== undefined) return [];
  const final = finalStage(model);
  if (!final || final.family !== 'windows') return [];
  const out: ImageBuild[] = [];
  const used = usedStages(model);
  for (const s of model.stages) {
    if (s === final || !s.name || !isLinux(s) || used.has(s.index)) continue;
    out.push(targetBuild(build, s.name));
  }
  return out;
}

/**
 * For a standalone build of its last stage: a build of each stage that `targets` (the `--target`s
 * of the repository's scripts for this Dockerfile) names, other than the last stage.
 */
function scriptTargets(build: ImageBuild, model: DockerfileModel, targets: readonly string[]): ImageBuild[] {
  if (build.service || build.target !== undefined || !targets.length) return [];
  const final = finalStage(model);
  const out: ImageBuild[] = [];
  for (const t of new Set(targets)) {
    const s = finalStage(model, t);
    if (!s || s === final || !s.name || s.name.toLowerCase() !== t.toLowerCase()) continue;
    out.push(targetBuild(build, s.name));
  }
  return out;
}

/**
 * For a standalone build of its last stage: a build of each named stage that nothing builds on or
 * copies from and that sets its own ENTRYPOINT or CMD — an image someone may build with `--target`
 * (a dev image, a test runner, a docs server). What it is for is not known: only rules that judge
 * whether a container can start at all ask for these.
 */
export function leafTargets(build: ImageBuild, model: DockerfileModel): ImageBuild[] {
  if (build.service || build.target !== undefined) return [];
  const final = finalStage(model);
  if (!final || final.family === 'windows') return [];
  const out: ImageBuild[] = [];
  let used: Set<number> | undefined;
  for (const s of model.stages) {
    if (s === final || !s.name || !isLinux(s)) continue;
    if (!s.instructions.some((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD')) continue;
    if ((used ??= usedStages(model)).has(s.index)) continue;
    out.push(targetBuild(build, s.name));
  }
  return out;
}

function targetBuild(build: ImageBuild, name: string): ImageBuild {
  let byName = targetBuilds.get(build);
  if (!byName) targetBuilds.set(build, (byName = new Map()));
  let b = byName.get(name);
  if (!b) byName.set(name, (b = { ...build, target: name }));
  return b;
}

function isLinux(s: Stage): boolean {
  return s.family !== 'windows' && s.family !== 'unknown';
}

/** The stages another stage builds on or copies from (one pass: a Dockerfile may have thousands). */
function usedStages(model: DockerfileModel): Set<number> {
  const used = new Set<number>();
  for (const o of model.stages) {
    if (o.parent !== undefined && o.parent !== o.index) used.add(o.parent);
    for (const c of o.copiesFrom) if (c !== o.index) used.add(c);
  }
  return used;
}
