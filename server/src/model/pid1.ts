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
import { stagesFeeding, goBuilds, goBuildOutput, outputReaches, DockerfileModel, Stage } from '../parse/dockerfile';
import type { SimpleCommand } from '../parse/shell';
import { containerPath, copySpec, DEFAULT_PATH } from './instructions';
import { chainOf, rootOf } from './stageGraph';

/** Container paths where the final stage holds a binary that a `go build` of this file produced. */
export function goBinaries(model: DockerfileModel, final: Stage): { files: Set<string>; dirs: Set<string> } {
  const files = new Set<string>();
  const dirs = new Set<string>();
  const chain = chainOf(model, final);
  const add = (p: string) => (p.endsWith('/') ? dirs.add(p.replace(/\/+$/, '') || '/') : files.add(p));
  for (const idx of stagesFeeding(model, final)) {
    for (const gb of goBuilds(model.stages[idx])) {
      if (!outputReaches(model, gb, final)) continue;
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
