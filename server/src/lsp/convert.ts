/** Conversions between engine findings (offsets, paths) and LSP objects (positions, URIs). */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic, DiagnosticSeverity, DiagnosticRelatedInformation, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../core/types';
import { docsUrl } from '../core/types';
import { ruleMeta } from '../engine/analyze';
import { RULE_SET } from '../rules/registry';
import { LineIndex } from '../core/text';

export const SOURCE = 'docker-go-traps';

const EMPTY_INDEX = new LineIndex('');

/**
 * The workspace edit of a fix: plain `changes`, or, for a fix that creates files, `documentChanges`
 * that create them first (undefined when the client cannot create files).
 */
export function fixEdit(fix: FixData, canCreate: boolean): WorkspaceEdit | undefined {
  if (!fix.creates?.length) return { changes: fix.changes };
  if (!canCreate) return undefined;
  return {
    documentChanges: [
      ...fix.creates.map((uri) => ({ kind: 'create' as const, uri, options: { ignoreIfExists: true } })),
      ...Object.entries(fix.changes).map(([uri, edits]) => ({ textDocument: { uri, version: null }, edits })),
    ],
  };
}

/** LSP's DiagnosticSeverity values (the library's constants are not loaded on this side: see protocol.ts). */
export const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: 1, warning: 2, info: 3, hint: 4 };

/** Untitled and other non-file documents get a stable pseudo path in a folder no one has. */
const VIRTUAL_ROOT = path.join(path.sep, '\0docker-go-traps-virtual');

export class UriMap {
  private byPath = new Map<string, string>();

  toPath(uri: string): string {
    let p: string;
    if (uri.startsWith('file:')) {
      try {
        p = path.normalize(fileURLToPath(uri));
      } catch {
        p = path.join(VIRTUAL_ROOT, encodeURIComponent(uri));
      }
    } else p = path.join(VIRTUAL_ROOT, encodeURIComponent(uri));
    this.byPath.set(p, uri);
    return p;
  }

  toUri(p: string): string {
    return this.byPath.get(p) ?? pathToFileURL(p).href;
  }
}

export interface FixData {
  title: string;
  preferred: boolean;
  changes: Record<string, TextEdit[]>;
  /** Files the fix creates (URIs); their text is the one edit in `changes`. */
  creates?: string[];
}

export interface DiagnosticData {
  ruleId: string;
  ruleName: string;
  version: number | undefined;
  fixes: FixData[];
}

/** Converts a finding; `indexOf` gives the line index of any file a fix or related location touches. */
export function toDiagnostic(
  f: Finding,
  index: LineIndex,
  indexOf: (p: string) => LineIndex | undefined,
  uris: UriMap,
  version: number | undefined,
): Diagnostic {
  const rule = ruleMeta(RULE_SET, f.ruleId);
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of f.related) {
    const idx = r.path === f.path ? index : indexOf(r.path);
    if (idx) related.push({ location: { uri: uris.toUri(r.path), range: idx.rangeOf(r.start, r.end) }, message: r.message });
  }
  const fixes: FixData[] = [];
  for (const fix of f.fixes) {
    const changes: Record<string, TextEdit[]> = {};
    const creates: string[] = [];
    let ok = true;
    for (const e of fix.edits) {
      // A file to create must not be there yet (the fix was made for a project without it).
      const idx = e.create ? (indexOf(e.path) ? undefined : EMPTY_INDEX) : e.path === f.path ? index : indexOf(e.path);
      if (!idx) {
        ok = false;
        break;
      }
      const uri = uris.toUri(e.path);
      if (e.create) creates.push(uri);
      (changes[uri] ??= []).push({ range: idx.rangeOf(e.start, e.end), newText: e.newText });
    }
    if (ok) fixes.push({ title: fix.title, preferred: !!fix.preferred, changes, ...(creates.length ? { creates } : {}) });
  }
  const data: DiagnosticData = { ruleId: f.ruleId, ruleName: f.ruleName, version, fixes };
  const d: Diagnostic = {
    range: index.rangeOf(f.start, f.end),
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    message: f.message,
    data,
  };
  if (rule) d.codeDescription = { href: docsUrl(rule) };
  if (related.length) d.relatedInformation = related;
  return d;
}
