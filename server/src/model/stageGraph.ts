/**
 * The stage graph of a Dockerfile: which stage builds on which (`FROM <stage>`), the chain from the
 * image a stage really starts from down to the stage, the stages whose files can reach it
 * (`COPY --from`), and the facts of the base image at the root of a chain (facts/baseImages.ts).
 *
 * One definition of each: every rule and every other part of the model asks here. Stages are
 * immutable and kept across versions of a file where an edit did not touch them, so the values
 * computed per stage are cached on the stage object.
 */
import { baseImage, type BaseImage } from '../facts/baseImages';
import { chainRoot, stageChain, stageDescendants, stagesFeeding, type DInstruction, type DockerfileModel, type Stage } from '../parse/dockerfile';

/** The chain from the stage whose FROM names an image down to `stage` (root first, `stage` last). */
export function chainOf(model: DockerfileModel, stage: Stage): Stage[] {
  return stageChain(model, stage).reverse();
}

/** `stage` and the stages it builds on, nearest first (the order in which a later setting wins). */
export function lineageOf(model: DockerfileModel, stage: Stage): Stage[] {
  return stageChain(model, stage);
}

/** The stage at the root of the chain: the one whose FROM names an image, not a stage. */
export function rootOf(model: DockerfileModel, stage: Stage): Stage {
  return chainRoot(model, stage);
}

/** The instructions of the chain, root first; of `stage` itself only those that start before `before`. */
export function chainInstructions(model: DockerfileModel, stage: Stage, before = Number.POSITIVE_INFINITY): DInstruction[] {
  const out: DInstruction[] = [];
  for (const s of chainOf(model, stage)) {
    for (const ins of s.instructions) {
      if (s === stage && ins.start >= before) break;
      out.push(ins);
    }
  }
  return out;
}

/** The last instruction in effect at the end of `stage`: its own last one, else its nearest parent's. */
export function lastInstruction(model: DockerfileModel, stage: Stage): DInstruction | undefined {
  for (const s of lineageOf(model, stage)) {
    const last = s.instructions[s.instructions.length - 1];
    if (last) return last;
  }
  return undefined;
}

/** `stage` and every later stage that builds on it (`FROM <stage>`), transitively. */
export function descendantsOf(model: DockerfileModel, stage: Stage): Stage[] {
  return stageDescendants(model, stage);
}

/** Indices of the stages whose content can reach `stage`: itself, its parents, and what they copy from, transitively. */
export function feedingStages(model: DockerfileModel, stage: Stage): Set<number> {
  return stagesFeeding(model, stage);
}

const baseCache = new WeakMap<Stage, { base: BaseImage | undefined }>();

/**
 * The facts of the image at the root of `stage`'s chain (facts/baseImages.ts); undefined when the
 * table does not know it, or a build argument without a default picks it.
 */
export function baseOf(model: DockerfileModel, stage: Stage): BaseImage | undefined {
  const root = rootOf(model, stage);
  let hit = baseCache.get(root);
  if (!hit) {
    hit = { base: root.image.includes('$') ? undefined : baseImage(root.repo, root.tag) };
    baseCache.set(root, hit);
  }
  return hit.base;
}
