/**
 * How fixes travel to the editor: plain `changes`, or, for a fix that creates a file, a workspace
 * edit with a create operation — offered only to clients that accept one.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { toDiagnostic, fixEdit, UriMap, DiagnosticData } from '../../server/src/lsp/convert';
import { LineIndex } from '../../server/src/core/text';
import type { Finding } from '../../server/src/core/types';

const DOCKERFILE = path.resolve('/w/Dockerfile');
const IGNORE = path.resolve('/w/.dockerignore');
const TEXT = 'FROM golang:1.22-alpine\nCOPY . .\n';

function finding(): Finding {
  return {
    ruleId: 'DGT135',
    ruleName: 'dockerignore-missing',
    path: DOCKERFILE,
    start: 29,
    end: 30,
    severity: 'info',
    messageId: 'missing',
    message: 'm',
    related: [],
    fixes: [{ title: 'Create .dockerignore for a Go module', titleId: 'create', preferred: true, edits: [{ path: IGNORE, start: 0, end: 0, newText: '.git\n', create: true }] }],
  };
}

test('a fix that creates a file becomes documentChanges with the create operation first', () => {
  const d = toDiagnostic(finding(), new LineIndex(TEXT), () => undefined, new UriMap(), 1);
  const [fix] = (d.data as DiagnosticData).fixes;
  const uri = new UriMap().toUri(IGNORE);
  assert.deepEqual(fix.creates, [uri]);
  const edit = fixEdit(fix, true);
  assert.deepEqual(edit, {
    documentChanges: [
      { kind: 'create', uri, options: { ignoreIfExists: true } },
      { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '.git\n' }] },
    ],
  });
  assert.equal(fixEdit(fix, false), undefined, 'a client that cannot create files is not offered the fix');
});

test('a fix that would create a file that exists by now is dropped; other fixes keep plain changes', () => {
  const f = finding();
  f.fixes.push({ title: 'other', titleId: 'x', edits: [{ path: DOCKERFILE, start: 0, end: 0, newText: '# x\n' }] });
  const d = toDiagnostic(f, new LineIndex(TEXT), () => new LineIndex('vendor\n'), new UriMap(), 1);
  const fixes = (d.data as DiagnosticData).fixes;
  assert.deepEqual(fixes.map((x) => x.title), ['other']);
  assert.deepEqual(Object.keys(fixEdit(fixes[0], false) ?? {}), ['changes']);
});
