/**
 * Images a Dockerfile makes besides the one of its last stage. A Dockerfile that ends in a Windows
 * stage often holds the Linux image too, as a named stage that `docker build --target <stage>` picks
 * on Linux hosts (and compose `target:`): analysed only as its last stage, the Linux image would go
 * unchecked. Such a stage is a named Linux stage that no other stage builds on or copies from.
 */
import type { ImageBuild } from '../project/project';
import { finalStage, type DockerfileModel, type Stage } from '../parse/dockerfile';

/** The builds of the other targets, per standalone build and stage name: the same objects every time. */
const targetBuilds = new WeakMap<ImageBuild, Map<string, ImageBuild>>();

/**
 * For a standalone build of its last stage (no compose service, no target) whose last stage is a
 * Windows stage: a build of each named Linux stage that nothing builds on or copies from.
 */
export function otherOsTargets(build: ImageBuild, model: DockerfileModel): ImageBuild[] {
  if (build.service || build.target !== undefined) return [];
  const final = finalStage(model);
  if (!final || final.family !== 'windows') return [];
  const out: ImageBuild[] = [];
  for (const s of model.stages) {
    if (s === final || !s.name || !isLinux(s) || usedByAnother(model, s)) continue;
    let byName = targetBuilds.get(build);
    if (!byName) targetBuilds.set(build, (byName = new Map()));
    let b = byName.get(s.name);
    if (!b) byName.set(s.name, (b = { ...build, target: s.name }));
    out.push(b);
  }
  return out;
}

function isLinux(s: Stage): boolean {
  return s.family !== 'windows' && s.family !== 'unknown';
}

function usedByAnother(model: DockerfileModel, s: Stage): boolean {
  return model.stages.some((o) => o !== s && (o.parent === s.index || o.copiesFrom.has(s.index)));
}
