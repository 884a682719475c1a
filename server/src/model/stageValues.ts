/**
 * Values of one build and one stage (or something of a stage: a go command, an instruction), kept
 * across analyses and edits. A stage object outlives an edit only when the stage, the stages it is
 * built FROM and those it copies from came out the same (parse/dockerfile.ts, keepUnchangedStages),
 * at the same offsets; a build object lives until the set of builds is recomputed. So a value that
 * depends on nothing but the stage's chain, the build and the project's files can be keyed by the
 * two objects, and the project drops it when a file it read changes (Project.workspaceValue).
 *
 * An edit in one stage thus recomputes the values of that stage and of the stages that depend on
 * it, not those of the whole file.
 */
import type { ImageBuild, Project } from '../project/project';
import { idOf } from '../core/memo';

/** `fn`'s value for `build` and `of` (a stage or an object of one), under `name` and an optional `extra` key. Do not modify the result. */
export function stageValue<T>(project: Project, name: string, build: ImageBuild, of: object, fn: () => T, extra = ''): T {
  return project.workspaceValue(`${name}\0${idOf(build)}\0${idOf(of)}\0${extra}`, fn);
}
