/** The rule catalogue is complete and consistent: ids, names, messages, docs on disk, version. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/rules/registry';
import { expectedDocs, allDocumentedRules } from '../../server/src/tools/genDocs';
import { VERSION } from '../../server/src/version';

const ROOT = path.resolve(__dirname, '..', '..', '..');

test('rule ids and names are unique and well formed; ids encode the file kind', () => {
  const ids = new Set<string>();
  const names = new Set<string>();
  const prefix: Record<string, string> = { dockerfile: '1', compose: '2', go: '3' };
  for (const r of RULES) {
    assert.match(r.id, /^DGT\d{3}$/);
    assert.match(r.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.equal(r.id[3], prefix[r.kind], `${r.id} does not match its kind ${r.kind}`);
    assert.ok(!ids.has(r.id) && !names.has(r.name), `duplicate ${r.id}/${r.name}`);
    ids.add(r.id);
    names.add(r.name);
  }
});

test('every rule documents what, why, the error text users see, and bad/good examples', () => {
  for (const r of allDocumentedRules()) {
    assert.ok(r.title.length > 5, r.id);
    assert.ok(r.docs.what.length > 20 && r.docs.why.length > 40, `${r.id}: docs too thin`);
    assert.ok(r.docs.errorText.length > 0 && r.docs.errorText.every((e) => e.trim().length > 0), `${r.id}: no error text`);
    assert.ok(r.docs.bad.trim() && r.docs.good.trim() && r.docs.bad !== r.docs.good, `${r.id}: examples`);
    assert.ok(Object.keys(r.messages).length > 0, `${r.id}: no messages`);
    for (const [id, m] of Object.entries(r.messages)) assert.ok(m.trim().length > 10, `${r.id}.${id}: empty message`);
  }
});

test('docs/rules is generated from the rule metadata and up to date (npm run docs)', () => {
  const dir = path.join(ROOT, 'docs', 'rules');
  const expected = expectedDocs();
  assert.deepEqual(fs.readdirSync(dir).sort(), [...expected.keys()].sort());
  for (const [name, text] of expected) assert.equal(fs.readFileSync(path.join(dir, name), 'utf8'), text, `docs/rules/${name} is stale: run npm run docs`);
});

test('the version in the code matches package.json', () => {
  assert.equal(VERSION, JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
});
