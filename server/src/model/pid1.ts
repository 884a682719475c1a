/**
 * Who is PID 1 when a container starts a Go binary through a shell: where the images of a Dockerfile
 * hold the binaries its `go build`s made, whether a command word names one of them, and where a
 * command sits in a `sh -c` script (last, piped, in the background). Shared by DGT142 (shell-form
 * CMD/ENTRYPOINT) and DGT223 (compose `command: sh -c ...`).
 *
 * Which shell execs the last simple command of `sh -c` in place: busybox ash and bash do, dash (the
 * /bin/sh of Debian and Ubuntu images) forks it and stays PID 1 (tried with dash 0.5.12 and busybox
 * 1.36); the image's shell comes from facts/baseImages.ts (`shellKind`).
 */
import * as path from 'node:path';
import { stagesFeeding, goBuildOutput, outputReaches, DockerfileModel, Stage } from '../parse/dockerfile';
import type { ImageBuild, Project } from '../project/project';
import { goBuildsOf } from './buildScripts';
import { splitShell, type SimpleCommand } from '../parse/shell';
import { containerPath, copySpec, DEFAULT_PATH, programOf } from './instructions';
import { chainOf, rootOf } from './stageGraph';

/**
 * Container paths where the final stage holds a binary that a `go build` of this file produced;
 * with `ownOnly`, not the tools a `go install <module>@<version>` fetches (air, realize, dlv).
 */
export function goBinaries(project: Project, build: ImageBuild, model: DockerfileModel, final: Stage, ownOnly = false): { files: Set<string>; dirs: Set<string> } {
  const files = new Set<string>();
  const dirs = new Set<string>();
  const chain = chainOf(model, final);
  const add = (p: string) => (p.endsWith('/') ? dirs.add(p.replace(/\/+$/, '') || '/') : files.add(p));
  for (const idx of stagesFeeding(model, final)) {
    // The stage's own go builds and those behind make or a build script (buildScripts.ts).
    for (const gb of goBuildsOf(project, build, model, model.stages[idx])) {
      if (!outputReaches(model, gb, final)) continue;
      if (ownOnly && gb.packages.some((p) => p.value.includes('@'))) continue;
      const out = goBuildOutput(gb);
      if (!out) continue;
      if (chain.includes(gb.stage)) {
        add(out);
        continue;
      }
      // Follow COPY --from=<builder> into the final stage.
      for (const s of chain) {
        for (const ins of s.instructions) {
          const spec = copySpec(model, ins);
          if (!spec || spec.from === undefined || !spec.dest || spec.dest.value.includes('$')) continue;
          const dest = containerPath(spec.dest.value, ins.workdir);
          if (!dest) continue;
          const destIsDir = spec.dest.value.endsWith('/') || spec.sources.length > 1;
          for (const src of spec.sources) {
            if (src.value.includes('$')) continue;
            const from = containerPath(src.value, '/');
            if (!from) continue;
            const outFile: string | undefined = out.endsWith('/') ? undefined : out;
            if (outFile && from === outFile) {
              const name = path.posix.basename(outFile);
              if (destIsDir) add(join(dest, name));
              else {
                add(dest);
                add(join(dest, name));
              }
            } else if (outFile && outFile.startsWith(from === '/' ? '/' : from + '/')) {
              add(join(dest, outFile.slice(from.length + (from === '/' ? 0 : 1))));
            } else if (!outFile && (out.startsWith(from + '/') || from === out.replace(/\/$/, ''))) {
              add(dest + '/');
            } else if (!outFile && from.startsWith(out)) {
              add(destIsDir ? join(dest, path.posix.basename(from)) : dest);
            }
          }
        }
      }
    }
  }
  return { files, dirs };
}

export function join(dir: string, name: string): string {
  return dir === '/' ? '/' + name : dir.replace(/\/+$/, '') + '/' + name;
}

/** The PATH of the final stage: an ENV PATH without variables, else the image's default. */
export function searchPath(model: DockerfileModel, stage: Stage): string[] {
  const last = stage.instructions[stage.instructions.length - 1];
  const env = last?.env.get('PATH')?.value;
  if (env && !env.includes('$')) return env.split(':').filter((d) => d.startsWith('/'));
  const root = rootOf(model, stage);
  const golang = root.repo === 'golang' || root.repo.endsWith('/golang');
  return golang ? ['/go/bin', '/usr/local/go/bin', ...DEFAULT_PATH] : DEFAULT_PATH;
}

export function isGoBinary(word: string, workdir: string | undefined, dirs: string[], bins: { files: Set<string>; dirs: Set<string> }): boolean {
  const candidates = word.includes('/') ? [containerPath(word, workdir)] : dirs.map((d) => join(d, word));
  return candidates.some((c) => !!c && (bins.files.has(c) || bins.dirs.has(path.posix.dirname(c))));
}

/** What separates command `k` from its neighbours in the raw text: operators like `&&`, `|`, `;`, `&`. */
function operatorsAround(text: string, cmds: SimpleCommand[], k: number, end: number): { before: string; after: string } {
  const gap = (a: number, b: number) => text.slice(a, b).replace(/\\\r?\n/g, ' ').replace(/[\s]+/g, '');
  const before = k > 0 ? gap(cmds[k - 1].end, cmds[k].start) : '';
  const after = gap(cmds[k].end, k + 1 < cmds.length ? cmds[k + 1].start : end);
  return { before, after };
}

export const SHELL_SYNTAX = /[(){}`]|\$\(|(^|\s)(if|then|for|while|until|case|do|done|fi|esac|trap)(\s|;|$)/;

/** A plain word list that means the same in exec form: no variables, globs, quotes or redirections. */
export function execForm(cmd: SimpleCommand): string | undefined {
  if (!cmd.words.length) return undefined;
  const vals: string[] = [];
  for (const w of cmd.words) {
    if (w.quoted || /[$*?[\]~<>|&;=\\'"]/.test(w.value) || !w.value) return undefined;
    vals.push(w.value);
  }
  return '[' + vals.map((v) => JSON.stringify(v)).join(', ') + ']';
}


/** Where command `k` of a shell script sits: in a pipeline, in the background, last; `stuck` when the shell must stay its parent. */
export function placement(text: string, cmds: SimpleCommand[], k: number, end: number): { piped: boolean; background: boolean; last: boolean; stuck: boolean; after: string } {
  const { before, after } = operatorsAround(text, cmds, k, end);
  const piped = (before.endsWith('|') && !before.endsWith('||')) || (after.startsWith('|') && !after.startsWith('||'));
  const background = after.startsWith('&') && !after.startsWith('&&');
  const last = k === cmds.length - 1 && !after;
  return { piped, background, last, stuck: piped || background || !last, after };
}

/**
 * Which of a shell command list's commands (`goCommands`: the indices of those that start the Go
 * program) is the server the shell may keep from being PID 1: the first one in a pipeline or in the
 * background, which stays the shell's child wherever it is; else the last one — those before it
 * (`./app migrate && ./app`) finish before it starts. Undefined when there is none.
 */
export function serverCommandIndex(text: string, cmds: SimpleCommand[], goCommands: readonly number[], end: number): number | undefined {
  if (!goCommands.length) return undefined;
  return (
    goCommands.find((k) => {
      const p = placement(text, cmds, k, end);
      return p.piped || p.background;
    }) ?? goCommands[goCommands.length - 1]
  );
}

/** Programs that stand in front of the real command as PID 1 and pass signals on (to it or its process group). */
export const INIT_WRAPPERS = new Set(['tini', 'tini-static', 'dumb-init', 'catatonit', 's6-svscan', 'runsvdir', 'supervisord', 'gosu', 'su-exec', 'chpst', 'setpriv']);

const SCRIPT_SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

/** The script an entry command runs: `sh ./start.sh`, `["/bin/bash", "run.sh"]`, or the script itself (`./entrypoint.sh`). */
export function scriptWordOf(words: readonly { value: string; opaque?: boolean; quoted?: boolean }[]): { index: number; viaShell: boolean } | undefined {
  const first = words[0];
  if (!first || first.opaque || first.quoted || first.value.includes('$')) return undefined;
  const name = path.posix.basename(first.value);
  if (INIT_WRAPPERS.has(name)) return undefined;
  if (SCRIPT_SHELLS.has(name)) {
    const k = words.findIndex((w, i) => i > 0 && !w.value.startsWith('-'));
    if (k < 0 || words.slice(1, k).some((w) => /^-[a-z]*c/.test(w.value))) return undefined;
    const w = words[k];
    if (w.opaque || w.quoted || w.value.includes('$')) return undefined;
    return { index: k, viaShell: true };
  }
  return { index: 0, viaShell: false };
}

/** Whether a file's text is a shell script: a `#!` line naming a POSIX shell (directly or through env). */
export function isShellScript(text: string): boolean {
  const first = text.replace(/^[\uFEFF ]/, '').split('\n', 1)[0].replace(/\r$/, '');
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
  if (!m) return false;
  const prog = path.posix.basename(m[1]) === 'env' ? m[2] ?? '' : path.posix.basename(m[1]);
  return SCRIPT_SHELLS.has(prog) || prog === 'busybox';
}

/** Where a script starts the Go binary, and whether the shell running the script stays its parent. */
export interface ScriptLaunch {
  /** The word naming the binary, offsets into the script. */
  start: number;
  end: number;
  bin: string;
  /** Piped, in the background, or followed by more commands (exec would change what the script does). */
  notLast: boolean;
  how: 'in a pipeline' | 'in the background (`&`)' | 'before other commands' | '';
}

/**
 * The command of a shell script (its text) that starts one of the image's Go binaries without
 * `exec`, so that the shell stays PID 1 (a shell never execs the last command of a script file in
 * place). Undefined when the script execs it, never starts it, handles signals itself (`trap`), or
 * moves to folders we cannot follow before starting it.
 */
export function goLaunchInScript(text: string, workdir: string | undefined, dirs: string[], bins: { files: Set<string>; dirs: Set<string> }): ScriptLaunch | undefined {
  const cmds = splitShell(text, 0, text.length, '\\');
  let cwd = workdir;
  const launches: number[] = [];
  for (let k = 0; k < cmds.length; k++) {
    const cmd = cmds[k];
    const words = cmd.words.map((w) => w.value);
    // A script that traps or waits forwards signals itself.
    if (words.includes('trap') || words[0] === 'wait') return undefined;
    const prog = programOf(cmd);
    const w = prog.word;
    if (!w) continue;
    if (w.value === 'cd') {
      const to = cmd.words[prog.index + 1]?.value;
      cwd = to && !to.includes('$') && !to.startsWith('-') ? containerPath(to, cwd) : undefined;
      continue;
    }
    if (!w.quoted && !w.value.includes('$') && isGoBinary(w.value, cwd, dirs, bins)) launches.push(k);
  }
  // The server is the last launch (`./app migrate` then `exec ./app`), unless one runs in a pipeline or the background.
  const k = serverCommandIndex(text, cmds, launches, text.length);
  if (k === undefined) return undefined;
  const prog = programOf(cmds[k]);
  const w = prog.word;
  if (prog.exec || !w) return undefined;
  const { piped, background, stuck } = placement(text, cmds, k, text.length);
  const how = piped ? 'in a pipeline' : background ? 'in the background (`&`)' : stuck ? 'before other commands' : '';
  return { start: w.start, end: w.end, bin: w.value, notLast: stuck, how };
}
