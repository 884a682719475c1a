/**
 * Raw text helpers for Dockerfile instructions: the words of an instruction's arguments as written
 * (with offsets), JSON (exec-form) arrays with the offsets of each string (parse/instructionText.ts),
 * and line insertions that keep the document's indentation and line ending (also into a Dockerfile
 * other than the analysed file, before its ENTRYPOINT).
 */
import type { DockerfileContext } from '../context';
import type { FileEdit } from '../../core/types';
import type { DInstruction, Stage } from '../../parse/dockerfile';
import { detectEol } from '../../core/text';
import { lineIndent } from '../../model/goCommands';

export { rawTokens, afterFlags, jsonStrings, type RawToken, type JsonString } from '../../parse/instructionText';

/** The leading whitespace of the line holding `offset`. */
function indentOf(ctx: DockerfileContext, offset: number): string {
  const ls = ctx.index.lineStart(ctx.index.lineOf(offset));
  return /^[ \t]*/.exec(ctx.text.slice(ls, offset))?.[0] ?? '';
}

/**
 * Inserts whole lines above an instruction (above the comment lines directly over it, so a
 * comment keeps describing its instruction), with the instruction's indentation.
 */
export function insertLinesBefore(ctx: DockerfileContext, ins: DInstruction, lines: string[]): FileEdit {
  let line = ctx.index.lineOf(ins.start);
  while (line > 0) {
    const prev = ctx.text.slice(ctx.index.lineStart(line - 1), ctx.index.lineContentEnd(line - 1)).trim();
    if (!prev.startsWith('#')) break;
    line--;
  }
  const indent = indentOf(ctx, ins.start);
  const at = ctx.index.lineStart(line);
  return { path: ctx.path, start: at, end: at, newText: lines.map((l) => indent + l + ctx.eol).join('') };
}

/** Inserts whole lines after an instruction, with its indentation. */
export function insertLinesAfter(ctx: DockerfileContext, ins: DInstruction, lines: string[]): FileEdit {
  const indent = indentOf(ctx, ins.start);
  return { path: ctx.path, start: ins.end, end: ins.end, newText: lines.map((l) => ctx.eol + indent + l).join('') };
}

/**
 * Inserts a line into the stage `final` of the Dockerfile `file` (its text: `text`, which need not be
 * the analysed file) before its ENTRYPOINT or CMD, else after its last instruction; undefined for an
 * empty stage.
 */
export function insertBeforeEntry(file: string, text: string, final: Stage, line: string): FileEdit | undefined {
  const entry = final.instructions.find((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD');
  const eol = detectEol(text);
  if (entry) {
    const { lineStart, indent } = lineIndent(text, entry.start);
    return { path: file, start: lineStart, end: lineStart, newText: `${indent}${line}${eol}` };
  }
  const last = final.instructions[final.instructions.length - 1];
  return last ? { path: file, start: last.end, end: last.end, newText: `${eol}${line}` } : undefined;
}
