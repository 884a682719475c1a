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
  return project.ownedWorkspaceValue(of, `${name}\0${idOf(build)}\0${idOf(of)}\0${extra}`, fn);
}

/**
 * What a rule reports about one stage (`of`), kept as long as the stage and `scope` are (a build, or
 * the stage itself for a rule that does not look at builds; file-wide facts the findings depend on go
 * in `extra`): an edit elsewhere in the file replays the stage's findings instead of working them out
 * again. `compute` reports what it finds; it may read only what a {@link stageValue} may.
 */
export function stageReports<T>(project: Project, rule: string, scope: object, of: object, compute: (report: (r: T) => void) => void, extra = ''): readonly T[] {
  return project.ownedWorkspaceValue(of, `${rule}.reports\0${idOf(scope)}\0${idOf(of)}\0${extra}`, () => {
    const out: T[] = [];
    compute((r) => out.push(r));
    return out;
  });
}
