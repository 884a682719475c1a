/** Shared bits of the GOPATH-era rules (DGT106–DGT110). */
import * as path from 'node:path';
import type { DockerfileContext } from '../context';
import type { ImageBuild } from '../../project/project';
import type { DockerfileModel, Stage } from '../../parse/dockerfile';
import { stageChainFromRoot } from '../../parse/dockerfile';
import type { Word } from '../../parse/shell';
import { GoCmd, goFilesIn, isNonStdImport, valueOffsets } from '../../model/goCommands';

/** Where an environment setting of a go command is written: an inline word, an ENV/ARG value, or `go env -w`. */
export function settingSite(ctx: DockerfileContext, cmd: GoCmd, name: string, value: string): { start: number; end: number } | undefined {
  const { text, model } = ctx;
  const inline = cmd.inline.get(name);
  if (inline) return valueOffsets(text, inline);
  const env = cmd.instruction.env.get(name);
  if (env) {
    if (env.start === env.end) return undefined;
    const raw = text.slice(env.start, env.end);
    const at = raw.indexOf(value);
    return at < 0 ? undefined : { start: env.start + at, end: env.start + at + value.length };
  }
  // `go env -w NAME=value`: the last one before the command, in the same RUN or an earlier one.
  let found: Word | undefined;
  const chain = stageChainFromRoot(model, cmd.stage);
  for (const s of chain) {
    for (const ins of s.instructions) {
      if (s === cmd.stage && ins.start > cmd.instruction.start) break;
      for (const c of ins.commands) {
        if (ins === cmd.instruction && c.start >= cmd.command.start) break;
        const v = c.words.map((w) => w.value);
        if (v[0] === 'go' && v[1] === 'env' && v.includes('-w')) {
          for (const w of c.words) if (w.value.startsWith(name + '=')) found = w;
        }
      }
    }
  }
  return found ? valueOffsets(text, found) : undefined;
}

/** The first import outside the standard library of the main package built in `dir` (a container folder). */
export function firstNonStdImport(ctx: DockerfileContext, build: ImageBuild, model: DockerfileModel, stage: Stage, dir: string, before: number): string | undefined {
  const { files } = goFilesIn(ctx.project, build, model, stage, dir, before);
  for (const f of files) {
    const facts = ctx.project.goFacts(f);
    if (facts?.packageName !== 'main') continue;
    const imp = facts.imports.find((i) => isNonStdImport(i.path));
    if (imp) return imp.path;
  }
  return undefined;
}

/** A path for messages: relative to the Dockerfile's folder, with forward slashes. */
export function shown(ctx: DockerfileContext, p: string): string {
  return path.relative(path.dirname(ctx.path), p).split(path.sep).join('/') || path.basename(p);
}
