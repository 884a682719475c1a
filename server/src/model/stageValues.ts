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
import type { Stage } from '../parse/dockerfile';

/**
 * The workspace-value key of (`name`, `scope`, `of`, `extra`), made once and then found by the
 * objects: an edit replays the values of dozens of stages, and a key string built anew for each
 * would be hashed anew for each lookup.
 */
type KeyStore = WeakMap<object, WeakMap<object, Map<string, Map<string, string>>>>;
const valueKeys: KeyStore = new WeakMap();
const reportKeys: KeyStore = new WeakMap();
const listKeys: KeyStore = new WeakMap();

function keyOf(keys: KeyStore, name: string, scope: object, of: object, extra: string, suffix = ''): string {
  let byScope = keys.get(of);
  if (!byScope) keys.set(of, (byScope = new WeakMap()));
  let byName = byScope.get(scope);
  if (!byName) byScope.set(scope, (byName = new Map()));
  let byExtra = byName.get(name);
  if (!byExtra) byName.set(name, (byExtra = new Map()));
  let key = byExtra.get(extra);
  if (key === undefined) byExtra.set(extra, (key = `${name}${suffix}\0${idOf(scope)}\0${idOf(of)}\0${extra}`));
  return key;
}

/**
 * `fn`'s value for `scope` and `of` (a stage or an object of one), under `name` and an optional
 * `extra` key. `scope` is a build, or the stage itself for a value no build changes (what the stage
 * says by itself). Do not modify the result.
 */
export function stageValue<T>(project: Project, name: string, scope: ImageBuild | Stage, of: object, fn: () => T, extra = ''): T {
  return project.ownedWorkspaceValue(of, keyOf(valueKeys, name, scope, of, extra), fn);
}

/**
 * `fn`'s value for a build, under `name`: a fact of the build that rules ask for many times (its
 * .dockerignore), kept until a file it read changes. Each rule that uses it is told of the paths
 * outside the checked folders it asked about, as if it had asked itself. Do not modify the result.
 */
export function buildValue<T>(project: Project, name: string, build: ImageBuild, fn: () => T): T {
  return project.workspaceValue(keyOf(valueKeys, name, build, build, ''), fn, true);
}

/**
 * Reports, in order, the findings of `found` whose key no earlier one had (`done` holds those): the
 * findings kept per stage and build, where several stages or builds find the same one. A finding
 * without `r` claims its key without a report.
 */
export function reportNew<R, K>(found: readonly { key: K; r?: R }[], done: Set<K>, report: (r: R) => void): void {
  for (const { key, r } of found) {
    if (done.has(key)) continue;
    done.add(key);
    if (r) report(r);
  }
}

/**
 * What a rule reports about one stage (`of`), kept as long as the stage and `scope` are (a build, or
 * the stage itself for a rule that does not look at builds; file-wide facts the findings depend on go
 * in `extra`): an edit elsewhere in the file replays the stage's findings instead of working them out
 * again. `compute` reports what it finds; it may read only what a {@link stageValue} may.
 */
export function stageReports<T>(project: Project, rule: string, scope: object, of: object, compute: (report: (r: T) => void) => void, extra = ''): readonly T[] {
  const run = (): T[] => {
    const out: T[] = [];
    compute((r) => out.push(r));
    return out;
  };
  // A run that analyses each file once (the CLI) never replays: keeping the findings would only
  // give the garbage collector more to copy.
  if (!project.trackDependencies) return run();
  return project.ownedWorkspaceValue(of, keyOf(reportKeys, rule, scope, of, extra, '.reports'), run);
}

/** The scope of {@link stagesReports} for a rule whose findings in a stage depend on no build. */
const EACH_STAGE = Object.freeze({});

/**
 * What a rule reports about each of `stages`, in order: {@link stageReports} per stage (`scope` a
 * build, or `'stage'` for findings no build changes), and the whole list kept as one value while
 * every one of the stages is. A re-analysis that left all of them as they were (another file
 * changed, or an edit outside every stage) replays the rule with one lookup instead of one per
 * stage; an edit in one stage recomputes that stage and replays the others.
 */
export function stagesReports<T>(project: Project, rule: string, scope: object | 'stage', stages: readonly Stage[], compute: (stage: Stage, report: (r: T) => void) => void, extra = ''): readonly T[] {
  const each = (): T[] => {
    const out: T[] = [];
    for (const s of stages) for (const r of stageReports<T>(project, rule, scope === 'stage' ? s : scope, s, (add) => compute(s, add), extra)) out.push(r);
    return out;
  };
  if (!project.trackDependencies || !stages.length) return each();
  // Keyed by the first stage and the number of stages: a list with the same first stage and length
  // whose other stages differ has lost one of the old ones, and that drops the value.
  return project.ownedByAllWorkspaceValue(stages, keyOf(listKeys, rule, scope === 'stage' ? EACH_STAGE : scope, stages[0], `${extra}\0${stages.length}`, '.all'), each);
}
