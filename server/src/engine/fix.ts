/** Applying fixes to files: used by the CLI's --fix and by the tests. */
import type { Finding, Fix, FileEdit } from '../core/types';
import { applyEdits } from '../core/text';

/** Groups the edits of the chosen fixes by file, dropping any fix that overlaps one already taken. */
export function collectEdits(fixes: Fix[]): Map<string, FileEdit[]> {
  const byFile = new Map<string, FileEdit[]>();
  for (const fix of fixes) {
    const clash = fix.edits.some((e) =>
      (byFile.get(e.path) ?? []).some((o) => e.start < o.end && o.start < e.end || (e.start === o.start && e.end === o.end)),
    );
    if (clash) continue;
    for (const e of fix.edits) {
      const list = byFile.get(e.path) ?? [];
      list.push(e);
      byFile.set(e.path, list);
    }
  }
  return byFile;
}

export function preferredFix(f: Finding): Fix | undefined {
  return f.fixes.find((x) => x.preferred);
}

/** Applies one fix to the texts it touches; returns the new texts by path. */
export function applyFix(fix: Fix, read: (path: string) => string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [p, edits] of collectEdits([fix])) {
    const next = editedText(read(p), edits);
    if (next === undefined) throw new Error(`fix touches unreadable file ${p}`);
    out.set(p, next);
  }
  return out;
}

/**
 * A file's text after `edits`; for a file that does not exist (`text` undefined), the text of the
 * edit that creates it. Undefined when the file is missing and no edit creates it; a file to create
 * that is there already is left as it is (the other edits apply).
 */
export function editedText(text: string | undefined, edits: readonly FileEdit[]): string | undefined {
  if (text === undefined) {
    const create = edits.find((e) => e.create);
    return create ? create.newText : undefined;
  }
  return applyEdits(text, edits.filter((e) => !e.create));
}
