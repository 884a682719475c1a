/**
 * Adding imports to a Go file the way gofmt (and goimports) would lay them out: into the existing
 * import block, in the standard-library group, sorted by path; a single `import "x"` becomes a
 * block; a file without imports gets a declaration after its package clause. `import "C"` (whose
 * preamble comment must stay attached) is never merged into a block.
 */
import type { OffsetEdit } from '../../core/text';
import type { GoFacts, GoImport, ImportDecl } from '../../parse/go';

export interface NewImport {
  path: string;
  name?: string;
}

export function isStdImport(p: string): boolean {
  return !p.split('/')[0].includes('.');
}

function specText(i: NewImport): string {
  return (i.name ? i.name + ' ' : '') + JSON.stringify(i.path);
}

/** Offset of the start of the line holding `offset`. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the content of the line holding `offset` (before "\r\n" or "\n"). */
function lineContentEnd(text: string, offset: number): number {
  let nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  if (nl > 0 && text[nl - 1] === '\r') nl--;
  return nl;
}

/** Groups of a block: runs of specs not separated by a blank line. */
function groups(text: string, specs: GoImport[]): GoImport[][] {
  const out: GoImport[][] = [];
  let cur: GoImport[] = [];
  specs.forEach((s, k) => {
    if (k > 0) {
      // The whole lines strictly between the two specs' lines: a blank one separates groups.
      const prevEnd = text.indexOf('\n', specs[k - 1].end);
      const between = prevEnd < 0 ? '' : text.slice(prevEnd + 1, lineStart(text, s.start));
      const lines = between === '' ? [] : between.replace(/\n$/, '').split('\n');
      const blank = lines.some((l) => l.trim() === '');
      if (blank) {
        out.push(cur);
        cur = [];
      }
    }
    cur.push(s);
  });
  if (cur.length) out.push(cur);
  return out;
}

/**
 * Edits that add the imports not already present. Returns [] when all are present, undefined when
 * the file's imports are too unusual to edit safely (for example, a half-typed block).
 */
export function addImports(text: string, facts: GoFacts, wanted: NewImport[], eol: string): OffsetEdit[] | undefined {
  const missing = wanted
    .filter((w) => !facts.imports.some((i) => i.path === w.path && (w.name === '_' || (i.name ?? undefined) === w.name || (!w.name && !i.name))))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (!missing.length) return [];
  const decls = facts.importBlocks;
  const block = decls.find((d) => d.block && d.openParen !== undefined && d.closeParen !== undefined && !d.specs.some((s) => s.path === 'C'));
  if (block) return intoBlock(text, block, missing, eol);
  const singles = decls.filter((d) => !d.block && d.specs.length === 1);
  if (decls.some((d) => d.block)) {
    // Only blocks with import "C" (or broken ones): add a new declaration after the last one.
    const last = decls[decls.length - 1];
    return [{ start: lineContentEnd(text, last.end), end: lineContentEnd(text, last.end), newText: eol + newDecl(missing, eol) }];
  }
  const plain = singles.filter((d) => d.specs[0].path !== 'C');
  if (plain.length === 1 && singles.length === decls.length) {
    // A single `import "x"`: turn it into a block.
    const d = plain[0];
    const existing = { path: d.specs[0].path, text: text.slice(d.specs[0].start, d.specs[0].end) };
    const all = [existing, ...missing.map((m) => ({ path: m.path, text: specText(m) }))];
    return [{ start: d.start, end: d.end, newText: blockText(all, eol) }];
  }
  if (decls.length) {
    const last = decls[decls.length - 1];
    return [{ start: lineContentEnd(text, last.end), end: lineContentEnd(text, last.end), newText: eol + newDecl(missing, eol) }];
  }
  if (!facts.packageClause) return undefined;
  const at = lineContentEnd(text, facts.packageClause.end);
  return [{ start: at, end: at, newText: eol + eol + newDecl(missing, eol) }];
}

function newDecl(missing: NewImport[], eol: string): string {
  if (missing.length === 1) return 'import ' + specText(missing[0]);
  return blockText(missing.map((m) => ({ path: m.path, text: specText(m) })), eol);
}

/** `import ( ... )` with the standard library first, a blank line, then the rest; each group sorted. */
function blockText(specs: { path: string; text: string }[], eol: string): string {
  const cmp = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const std = specs.filter((s) => isStdImport(s.path)).sort(cmp);
  const other = specs.filter((s) => !isStdImport(s.path)).sort(cmp);
  const lines = [...std.map((s) => '\t' + s.text)];
  if (std.length && other.length) lines.push('');
  lines.push(...other.map((s) => '\t' + s.text));
  return 'import (' + eol + lines.join(eol) + eol + ')';
}

function intoBlock(text: string, block: ImportDecl, missing: NewImport[], eol: string): OffsetEdit[] | undefined {
  const specs = block.specs;
  if (!specs.length) {
    return [{ start: block.openParen as number, end: block.closeParen as number, newText: eol + missing.map((m) => '\t' + specText(m)).join(eol) + eol }];
  }
  // Every spec on its own line, or we do not touch the block.
  for (let k = 1; k < specs.length; k++) if (!text.slice(specs[k - 1].end, specs[k].start).includes('\n')) return undefined;
  if (!text.slice(block.openParen as number, specs[0].start).includes('\n')) return undefined;
  const gs = groups(text, specs);
  const edits: OffsetEdit[] = [];
  const std = missing.filter((m) => isStdImport(m.path));
  const other = missing.filter((m) => !isStdImport(m.path));
  const place = (group: GoImport[], m: NewImport) => {
    const indent = text.slice(lineStart(text, group[0].start), group[0].start);
    const before = group.find((s) => s.path > m.path);
    if (before) {
      const at = lineStart(text, before.start);
      edits.push({ start: at, end: at, newText: indent + specText(m) + eol });
    } else {
      const at = lineContentEnd(text, group[group.length - 1].end);
      edits.push({ start: at, end: at, newText: eol + indent + specText(m) });
    }
  };
  const newGroup = (ms: NewImport[], first: boolean) => {
    const indent = text.slice(lineStart(text, specs[0].start), specs[0].start) || '\t';
    if (first) {
      const at = lineStart(text, specs[0].start);
      edits.push({ start: at, end: at, newText: ms.map((m) => indent + specText(m)).join(eol) + eol + eol });
    } else {
      const at = lineContentEnd(text, specs[specs.length - 1].end);
      edits.push({ start: at, end: at, newText: eol + eol + ms.map((m) => indent + specText(m)).join(eol) });
    }
  };
  if (std.length) {
    const g = gs.find((x) => x.every((s) => isStdImport(s.path))) ?? gs.find((x) => isStdImport(x[0].path));
    if (g) for (const m of std) place(g, m);
    else newGroup(std, true);
  }
  if (other.length) {
    const g = gs.find((x) => x.every((s) => !isStdImport(s.path)));
    if (g) for (const m of other) place(g, m);
    else newGroup(other, false);
  }
  return edits;
}
