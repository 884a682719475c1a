/** Cross-file fixes that edit a .dockerignore: drop the excluding pattern, or re-include a path. */
import type { Project } from '../../project/project';
import type { FixInput } from '../../core/types';
import { detectEol } from '../../core/text';
import { excludedBy, IgnorePattern } from '../../parse/dockerignore';

/** Patterns that exclude everything at the root: an allow-list file; deleting them would undo it. */
function catchAll(p: IgnorePattern): boolean {
  return /^(\*|\*\*|\*\*\/\*|\/\*|\.\/\*)\/?$/.test(p.raw.trim());
}

/** The offsets of a whole pattern line, line break included. */
function lineOf(text: string, p: IgnorePattern): { start: number; end: number } {
  const nl = text.indexOf('\n', p.end);
  return { start: p.start, end: nl < 0 ? text.length : nl + 1 };
}

/** Text that appends `line` at the end of a file, on a line of its own, with the file's line ending. */
export function appendLine(text: string, line: string): { start: number; end: number; newText: string } {
  const eol = detectEol(text);
  const needsBreak = text.length > 0 && !text.endsWith('\n');
  return { start: text.length, end: text.length, newText: (needsBreak ? eol : '') + line + eol };
}

/**
 * Fixes for a path (context-relative) that `pattern` excludes: deleting the pattern line (preferred,
 * unless the pattern is a catch-all or another pattern would still exclude the path) and appending a
 * `!path` re-include.
 */
export function unexcludeFixes(project: Project, ignorePath: string, patterns: IgnorePattern[], pattern: IgnorePattern, relPath: string): FixInput[] {
  const text = project.text(ignorePath);
  if (text === undefined) return [];
  const rest = patterns.filter((p) => p !== pattern);
  const deleteWorks = !catchAll(pattern) && !pattern.negate && excludedBy(rest, relPath) === undefined;
  const fixes: FixInput[] = [];
  const reinclude: FixInput = {
    titleId: 'reinclude',
    titleData: { path: relPath },
    preferred: !deleteWorks,
    edits: [{ path: ignorePath, ...appendLine(text, '!' + relPath) }],
  };
  if (deleteWorks) {
    const { start, end } = lineOf(text, pattern);
    fixes.push({ titleId: 'remove', titleData: { pattern: pattern.raw }, preferred: true, edits: [{ path: ignorePath, start, end, newText: '' }] });
  }
  fixes.push(reinclude);
  return fixes;
}
