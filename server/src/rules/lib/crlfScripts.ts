/**
 * What DGT141 (Dockerfile) and DGT243 (compose) share about scripts with CRLF line endings: whether
 * a script run directly or through a shell fails because of them, and the `.gitattributes` line that
 * keeps shell scripts LF on every checkout (`*.sh text eol=lf`), offered with the LF conversion: Git
 * for Windows checks text files out with CRLF (core.autocrlf=true) unless an attribute says
 * otherwise, so a converted script comes back CRLF on the next fresh clone.
 */
import * as path from 'node:path';
import type { Eol } from '../../core/text';
import { detectEol } from '../../core/text';
import type { FixInput } from '../../core/types';
import type { Project } from '../../project/project';
import { gitRootOf } from '../../model/buildContext';

/** Fix titles the rules declare for these fixes. */
export const GITATTRIBUTES_FIX_TITLES = {
  attrs: 'Convert {script} to LF and add `{pattern} text eol=lf` to .gitattributes',
  attrsCreate: 'Convert {script} to LF and create .gitattributes with `{pattern} text eol=lf`',
};

/** Whether a .gitattributes line already makes `pattern` (or every file) LF. */
function covered(attrs: string, pattern: string): boolean {
  return attrs.split('\n').some((l) => {
    const parts = l.trim().split(/\s+/);
    return (parts[0] === pattern || parts[0] === '*') && parts.includes('eol=lf');
  });
}

/**
 * Converting the script and adding an eol=lf attribute to the repository's .gitattributes — or
 * creating it. Undefined outside a git checkout (a downloaded ZIP has no use for it) and when an
 * attribute already covers the script.
 */
export function gitattributesFix(project: Project, from: string, host: string, text: string, lf: string, shown: string, eol: Eol): FixInput | undefined {
  const root = gitRootOf(project, from);
  if (!root) return undefined;
  const file = path.join(root, '.gitattributes');
  const pattern = /\.sh$/.test(host) ? '*.sh' : '/' + path.relative(root, host).split(path.sep).join('/');
  const attrs = project.text(file);
  const convert = { path: host, start: 0, end: text.length, newText: lf };
  if (attrs === undefined) {
    if (project.exists(file)) return undefined;
    return { titleId: 'attrsCreate', titleData: { script: shown, pattern }, edits: [convert, { path: file, start: 0, end: 0, newText: `${pattern} text eol=lf${eol}`, create: true }] };
  }
  if (covered(attrs, pattern)) return undefined;
  const fileEol = detectEol(attrs);
  const sep = attrs.length && !attrs.endsWith('\n') ? fileEol : '';
  return { titleId: 'attrs', titleData: { script: shown, pattern }, edits: [convert, { path: file, start: attrs.length, end: attrs.length, newText: `${sep}${pattern} text eol=lf${fileEol}` }] };
}

/** How a CRLF script breaks: its shebang line, and whether it fails like a script read by a shell. */
export interface CrlfVerdict {
  shebangLine: string;
  /** The shebang's interpreter and, for `#!/usr/bin/env bash`, the program env looks for. */
  interpreter: string | undefined;
  envProgram: string | undefined;
  viaShell: boolean;
}

/**
 * Whether a script with this text fails for its CRLF line endings when run directly (`viaShell`
 * false: only a shebang line that ends with a carriage return matters; `#!/bin/sh -e` passes "-e\r"
 * to the shell, which then fails like a script run through it) or through a shell (a `.sh`/`.bash`
 * file or one with a shebang). Undefined when it does not.
 */
export function crlfVerdict(text: string, file: string, viaShell: boolean): CrlfVerdict | undefined {
  if (!text.includes('\r\n')) return undefined;
  const firstLine = text.slice(0, text.indexOf('\n') + 1);
  const shebangLine = firstLine.replace(/\r?\n$/, '');
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(shebangLine);
  const envProgram = shebang && /\/env$/.test(shebang[1]) ? shebang[2] : undefined;
  let shell = viaShell;
  if (!shell) {
    if (!shebang || !firstLine.endsWith('\r\n')) return undefined;
    if (shebang[2] !== undefined && !envProgram) shell = true;
  } else if (!/\.(sh|bash)$/.test(file) && !shebang) return undefined;
  return { shebangLine: shebangLine.replace(/\r$/, ''), interpreter: shebang?.[1], envProgram, viaShell: shell };
}

/** The line of the first CRLF, for a related location: its start and the offset of its carriage return. */
export function firstCrlfLine(text: string): { start: number; end: number } {
  const cr = text.indexOf('\r\n');
  return { start: text.lastIndexOf('\n', cr) + 1, end: cr };
}
