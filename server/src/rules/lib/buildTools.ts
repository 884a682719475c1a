/**
 * What a build step can count on in its stage (DGT128–DGT135): tools on PATH (the base image's
 * facts, then the packages the stage chain installs before it), package-manager commands of a RUN,
 * and an edit that inserts a RUN line before an instruction in the document's own style.
 */
import type { DockerfileContext } from '../context';
import type { FileEdit } from '../../core/types';
import { packageInstall, type DInstruction, type DockerfileModel, type Stage } from '../../parse/dockerfile';
import { splitAssignments, SimpleCommand, Word } from '../../parse/shell';
import { baseOf, chainInstructions } from '../../model/stageGraph';
import { lineIndent } from '../../model/goCommands';

/** Packages that put the tool on PATH (apk, apt). A package named by a variable counts as unknown. */
const PROVIDES: Record<'git' | 'gcc', RegExp> = {
  git: /^(git|git-core|git-all|alpine-sdk)$/,
  gcc: /^(gcc|build-base|alpine-sdk|build-essential|g\+\+|gcc-[\w.+-]+|clang[\w.-]*)$/,
};

/**
 * Whether `tool` is on PATH for a command that starts at offset `at` in `stage`: true, false (known
 * absent: the base image lacks it and nothing the chain installs before the command provides it,
 * earlier commands of the same RUN included), or undefined (unknown: an image the facts table does
 * not know, a package list from a variable, a tool fetched another way).
 */
export function toolPresent(model: DockerfileModel, stage: Stage, at: number, tool: 'git' | 'gcc'): boolean | undefined {
  const fact = baseOf(model, stage)?.tools[tool];
  if (fact === undefined) return undefined;
  if (fact) return true;
  let unknown = false;
  for (const ins of chainInstructions(model, stage, at)) {
    if (ins.keyword === 'ONBUILD') return undefined;
    if (ins.keyword !== 'RUN') continue;
    if (ins.commands.length === 0 && ins.argsEnd > ins.argsStart) return undefined; // exec form or heredoc we did not split
    for (const c of ins.commands) {
      if (c.start >= at) break;
      const words = commandWords(c);
      const first = words[0]?.value.replace(/^.*\//, '');
      // A RUN that calls the tool, or installs packages another way (yum, dnf, a cross-compile helper).
      if (first === tool || first === 'yum' || first === 'dnf' || first === 'microdnf' || first === 'xx-apk' || first === 'xx-apt-get') unknown = true;
      for (const p of installedBy(c)) {
        if (p.includes('$')) unknown = true;
        else if (PROVIDES[tool].test(p)) return true;
      }
    }
  }
  return unknown ? undefined : false;
}

/** The packages that `apk add` and `apt-get install` commands of the chain install before offset `at` (versions stripped). */
export function packagesBefore(model: DockerfileModel, stage: Stage, at: number): string[] {
  const out: string[] = [];
  for (const ins of chainInstructions(model, stage, at)) {
    for (const c of ins.commands) {
      if (c.start >= at) break;
      out.push(...installedBy(c));
    }
  }
  return out;
}

/** The packages an `apk add` or `apt-get install` command installs (versions stripped). */
/**
 * The packages a command installs (`apk [options] add`, `apt-get [options] install`, yum, dnf),
 * versions stripped; the model reads the command (parse/dockerfile.ts packageInstall).
 */
function installedBy(cmd: SimpleCommand): string[] {
  return (packageInstall(cmd)?.packages ?? []).map((w) => w.value.replace(/[=<>~].*$/, ''));
}

/** The words of a command without leading assignments and `sudo`. */
export function commandWords(cmd: SimpleCommand): readonly Word[] {
  const { rest } = splitAssignments(cmd);
  return rest[0]?.value === 'sudo' ? rest.slice(1) : rest;
}

export interface PackageCommand {
  tool: 'apt' | 'yum' | 'dnf' | 'apk';
  /** The tool word and the subcommand word. */
  toolWord: Word;
  sub: Word;
}

/** Global options of apt-get, yum and dnf that take a separate value. */
const OPTION_WITH_VALUE = /^(-o|-c|-t|--option|--config-file|--target-release|--setopt|--installroot|--releasever|-X|--repository|--enablerepo|--disablerepo)$/;

/** A package-manager command (`apt-get update`, `yum -y install x`): the tool and its subcommand. */
export function packageCommand(cmd: SimpleCommand): PackageCommand | undefined {
  const words = commandWords(cmd);
  const toolWord = words[0];
  if (!toolWord) return undefined;
  const name = toolWord.value.replace(/^.*\//, '');
  const tool = name === 'apt-get' || name === 'apt' || name === 'aptitude' ? 'apt' : name === 'yum' ? 'yum' : name === 'dnf' || name === 'microdnf' ? 'dnf' : name === 'apk' ? 'apk' : undefined;
  if (!tool) return undefined;
  for (let k = 1; k < words.length; k++) {
    const v = words[k].value;
    if (!v.startsWith('-')) return { tool, toolWord, sub: words[k] };
    if (OPTION_WITH_VALUE.test(v)) k++;
  }
  return undefined;
}

/** An edit inserting `line` (an instruction, without line break) on its own line before `ins`, indented like it. */
export function insertBefore(ctx: DockerfileContext, ins: DInstruction, line: string): FileEdit {
  const { lineStart, indent } = lineIndent(ctx.text, ins.start);
  return { path: ctx.path, start: lineStart, end: lineStart, newText: `${indent}${line}${ctx.eol}` };
}

/** The text of the instructions of `stage`'s chain before `before`, and of the RUN holding `before` up to it. */
export function textBefore(ctx: DockerfileContext, stage: Stage, before: number): string {
  const parts: string[] = [];
  for (const ins of chainInstructions(ctx.model, stage, Number.POSITIVE_INFINITY)) {
    if (ins.start >= before) break;
    parts.push(ctx.text.slice(ins.start, Math.min(ins.end, before)));
  }
  return parts.join('\n');
}
