/**
 * Go commands a RUN starts indirectly: `RUN make build` runs the recipe of the `build` target (and
 * of its prerequisites) of the Makefile the image got from the build context; `RUN ./build.sh` or
 * `RUN sh scripts/build.sh` runs that script. The go commands found there count as the stage's own,
 * with the environment of the RUN, the variables the Makefile exports or the command line sets, and
 * the directory make or the script runs in.
 *
 * The words of such a command take their values from the Makefile or script and their offsets from
 * the `make`/script command in the Dockerfile, so that a finding lands on the RUN; `via` names the
 * file and the line the command came from.
 */
import * as path from 'node:path';
import type { ImageBuild, Project } from '../project/project';
import { changeDir, goBuilds, goBuildsOfRuns, goCommandsIn, normalizePosix, perStage, type DockerfileModel, type GoBuildCommand, type GoRun, type Stage } from '../parse/dockerfile';
import { splitAssignments, splitShell, type SimpleCommand, type Word } from '../parse/shell';
import { expandMake, parseMakefile, type Makefile } from '../parse/makefile';
import { memoByString } from '../core/memo';
import { stageValue } from './stageValues';
import { goCommands, ignoreFileOf, originOf, toGoCmd, type GoCmd } from './goCommands';

/** Recipes followed at most per `make` command (prerequisites and recursive makes included). */
const MAX_TARGETS = 64;
/** Nested `make` calls followed at most. */
const MAX_DEPTH = 4;

const makefiles = memoByString(64, parseMakefile);

interface Context {
  project: Project;
  build: ImageBuild;
  model: DockerfileModel;
  stage: Stage;
  ins: GoRun['instruction'];
  /** The make or script command in the Dockerfile: every derived word gets its offsets. */
  anchor: SimpleCommand;
  out: GoRun[];
  budget: { targets: number };
}

/**
 * The go commands the RUNs of `stage` start through make or a build script of the context, for one
 * build of the Dockerfile. Files are read through the project, so they become dependencies of the
 * analysis that asks.
 */
export function scriptedGoRuns(project: Project, build: ImageBuild, model: DockerfileModel, stage: Stage): readonly GoRun[] {
  if (!mayScript(stage)) return [];
  return stageValue(project, 'scriptedGoRuns', build, stage, () => computeScriptedGoRuns(project, build, model, stage));
}

function computeScriptedGoRuns(project: Project, build: ImageBuild, model: DockerfileModel, stage: Stage): GoRun[] {
  const out: GoRun[] = [];
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'RUN' || !ins.commands.length) continue;
    let cwd = ins.workdir;
    for (const cmd of ins.commands) {
      const { rest } = splitAssignments(cmd);
      const program = rest[0]?.value;
      if (program === undefined) continue;
      if (program === 'cd') {
        cwd = changeDir(cwd, rest[1]?.value);
        continue;
      }
      const ctx: Context = { project, build, model, stage, ins, anchor: cmd, out, budget: { targets: MAX_TARGETS } };
      if (/(^|\/)g?make$/.test(program)) runMake(ctx, rest.slice(1).map((w) => w.value), cwd, 0);
      else {
        const script = scriptOf(rest);
        if (script) runScript(ctx, script, cwd);
      }
    }
  }
  return out;
}

/** The script a command runs: `./build.sh`, `scripts/build.sh`, `sh build.sh`, `bash -e ./build.sh`. */
function scriptOf(words: readonly Word[]): string | undefined {
  const first = words[0].value;
  if (/\.(sh|bash)$/.test(first) && !first.includes('$')) return first.includes('/') ? first : undefined;
  if (!/(^|\/)(sh|bash|ash|dash)$/.test(first)) return undefined;
  for (let k = 1; k < words.length; k++) {
    const w = words[k].value;
    if (w === '-c') return undefined; // an inline command, not a file
    if (w.startsWith('-')) continue;
    return w.includes('$') ? undefined : w;
  }
  return undefined;
}

/** The host file that lands at a container path, if the build context provides it. */
function hostFile(ctx: Context, containerPath: string): string | undefined {
  const ignore = ignoreFileOf(ctx.project, ctx.build)?.patterns;
  const origin = originOf(ctx.project, ctx.build, ctx.model, ctx.stage, containerPath, ctx.ins.start, ignore);
  const host = origin.provider?.host;
  return host && ctx.project.exists(host) === 'file' ? host : undefined;
}

function runScript(ctx: Context, script: string, cwd: string | undefined): void {
  if (cwd === undefined && !script.startsWith('/')) return;
  const file = normalizePosix(script.startsWith('/') ? script : cwd + '/' + script);
  const host = hostFile(ctx, file);
  const text = host && ctx.project.text(host);
  if (!host || text === undefined) return;
  const scriptDir = path.posix.dirname(file);
  // `cd "$(dirname "$0")"` (and `/..` after it): the script's own folder.
  const commands = splitShell(text, 0, text.length, '\\').map((c) => {
    const target = c.words[0]?.value === 'cd' ? c.words[1] : undefined;
    const m = target && /^(?:\$\(dirname "?\$\{?0\}?"?\)|\$\{0%\/\*\})(\/.*)?$/.exec(target.value);
    return m && target ? { ...c, words: [c.words[0], { ...target, value: normalizePosix(scriptDir + (m[1] ?? '')) }, ...c.words.slice(2)] } : c;
  });
  for (const r of goCommandsIn(commands, cwd)) push(ctx, r, host, r.command.start, r.command.end);
}

function runMake(ctx: Context, args: string[], cwd: string | undefined, depth: number): void {
  if (depth > MAX_DEPTH) return;
  let dir = cwd;
  let file: string | undefined;
  const overrides = new Map<string, string>();
  const goals: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '-C' || a === '--directory') dir = changeDir(dir, args[++k]);
    else if (a.startsWith('-C') && a.length > 2) dir = changeDir(dir, a.slice(2));
    else if (a.startsWith('--directory=')) dir = changeDir(dir, a.slice(12));
    else if (a === '-f' || a === '--file' || a === '--makefile') file = args[++k];
    else if (/^--(file|makefile)=/.test(a)) file = a.slice(a.indexOf('=') + 1);
    else if (a === '-j' || a === '-l' || a === '-o' || a === '-W' || a === '-I') k++;
    else if (a.startsWith('-')) continue;
    else if (/^[A-Za-z_][\w.]*=/.test(a)) overrides.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    else goals.push(a);
  }
  if (dir === undefined || file?.includes('$')) return;
  const candidates = file ? [normalizePosix(file.startsWith('/') ? file : dir + '/' + file)] : ['GNUmakefile', 'makefile', 'Makefile'].map((n) => normalizePosix(dir + '/' + n));
  for (const containerFile of candidates) {
    const host = hostFile(ctx, containerFile);
    const text = host && ctx.project.text(host);
    if (!host || text === undefined) continue;
    const mk = makefiles(text);
    const targets = goals.length ? goals : mk.defaultGoal ? [mk.defaultGoal] : [];
    const done = new Set<string>();
    for (const t of targets) runTarget(ctx, mk, host, t, overrides, dir, depth, done);
    return;
  }
}

function runTarget(ctx: Context, mk: Makefile, host: string, target: string, overrides: ReadonlyMap<string, string>, dir: string, depth: number, done: Set<string>): void {
  if (done.has(target) || --ctx.budget.targets < 0) return;
  done.add(target);
  const rule = mk.rules.get(target);
  if (!rule) return;
  for (const p of rule.prerequisites) runTarget(ctx, mk, host, expandMake(p, mk.vars, overrides, undefined), overrides, dir, depth, done);
  const exported = exportedWords(mk, overrides);
  for (const line of rule.recipe) {
    const body = expandMake(line.text, mk.vars, overrides, { target }).replace(/^[@+\- \t]+/, '');
    const commands = splitShell(body, 0, body.length, '\\');
    // A recursive make: the targets it names, in the directory it names.
    for (const c of commands) {
      const { rest } = splitAssignments(c);
      if (rest[0] && /(^|\/)g?make$/.test(rest[0].value)) runMake(ctx, rest.slice(1).map((w) => w.value), dir, depth + 1);
    }
    // Each recipe line runs in a shell of its own, in make's directory.
    for (const r of goCommandsIn(commands, dir, exported)) push(ctx, r, host, line.start, line.start + line.text.length);
  }
}

/** The variables make puts into a recipe's environment: exported ones and those set on the command line. */
function exportedWords(mk: Makefile, overrides: ReadonlyMap<string, string>): Map<string, Word> {
  const out = new Map<string, Word>();
  const add = (name: string) => {
    const value = expandMake(overrides.get(name) ?? mk.vars.get(name) ?? '', mk.vars, overrides, undefined);
    out.set(name, { value: `${name}=${value}`, start: 0, end: 0, quoted: false });
  };
  for (const name of overrides.keys()) add(name);
  for (const name of mk.exportAll ? mk.vars.keys() : mk.exported) if (/^[A-Za-z_]\w*$/.test(name)) add(name);
  return out;
}

function push(ctx: Context, r: ReturnType<typeof goCommandsIn>[number], file: string, start: number, end: number): void {
  const at = (w: Word): Word => ({ value: w.value, quoted: w.quoted, start: ctx.anchor.start, end: ctx.anchor.end });
  const inline = new Map<string, Word>();
  for (const [k, w] of r.inline) inline.set(k, at(w));
  ctx.out.push({
    instruction: ctx.ins,
    command: ctx.anchor,
    words: r.words.map(at),
    inline,
    cwd: r.cwd,
    via: { file, start, end },
  });
}

/** A short name for where a go command came from: "Makefile:12" (the line in the file). */
export function viaName(project: Project, via: NonNullable<GoRun['via']>): string {
  const text = project.text(via.file) ?? '';
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < via.start; i = text.indexOf('\n', i + 1)) line++;
  return `${path.basename(via.file)}:${line}`;
}

/** Whether a stage has a RUN that may start make or a script (most have none: then nothing is read). */
const mayScriptCache = new WeakMap<Stage, boolean>();

function mayScript(stage: Stage): boolean {
  return perStage(mayScriptCache, stage, computeMayScript);
}

function computeMayScript(stage: Stage): boolean {
  return stage.instructions.some((i) => i.keyword === 'RUN' && i.commands.some((c) => c.words.some((w) => /(^|\/)g?make$|\.(sh|bash)$|^(sh|bash|ash|dash)$/.test(w.value))));
}

/** Every go command of the stage for one build: its RUNs' own, then those make or a build script runs. */
export function goCommandsOf(project: Project, build: ImageBuild, model: DockerfileModel, stage: Stage): readonly GoCmd[] {
  const own = goCommands(stage);
  if (!mayScript(stage)) return own;
  const scripted = scriptedGoRuns(project, build, model, stage);
  return scripted.length ? [...own, ...scripted.map((r) => toGoCmd(stage, r))] : own;
}

/** Every `go build`/`go install` of the stage for one build, those behind make or a script included. */
export function goBuildsOf(project: Project, build: ImageBuild, model: DockerfileModel, stage: Stage): readonly GoBuildCommand[] {
  const own = goBuilds(stage);
  if (!mayScript(stage)) return own;
  return stageValue(project, 'goBuildsOf', build, stage, () => {
    const scripted = scriptedGoRuns(project, build, model, stage);
    return scripted.length ? [...own, ...goBuildsOfRuns(stage, scripted)] : own;
  });
}

const byInstruction = new WeakMap<readonly GoBuildCommand[], Map<GoBuildCommand['instruction'], GoBuildCommand[]>>();

/** The go builds of one RUN of the stage (its own and those behind make or a script), for one build. Do not modify the result. */
export function goBuildsOfInstruction(project: Project, build: ImageBuild, model: DockerfileModel, stage: Stage, ins: GoBuildCommand['instruction']): readonly GoBuildCommand[] {
  const all = goBuildsOf(project, build, model, stage);
  let index = byInstruction.get(all);
  if (!index) {
    index = new Map();
    for (const b of all) {
      const list = index.get(b.instruction);
      if (list) list.push(b);
      else index.set(b.instruction, [b]);
    }
    byInstruction.set(all, index);
  }
  return index.get(ins) ?? [];
}
