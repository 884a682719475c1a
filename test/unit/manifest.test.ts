/**
 * The extension manifest: the generated parts (rule settings schema, their nls descriptions, the
 * translated snippet files) match the rule catalogue, and every `%key%` of package.json has an
 * English text. Run `npm run gen` (or `npm run docs`) after adding or changing a rule.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/rules/registry';
import { expectedManifestFiles, SEVERITY_ENUM } from '../../server/src/tools/genManifest';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

test('package.json, package.nls*.json and snippets/zh-cn are generated from the rules and up to date (npm run gen)', () => {
  for (const [rel, text] of expectedManifestFiles(ROOT)) {
    assert.ok(fs.existsSync(path.join(ROOT, rel)), `${rel} is missing: run npm run gen`);
    assert.equal(read(rel), text, `${rel} is stale: run npm run gen`);
  }
});

test('dockerGoTraps.rules has one property per rule: severity enum, default severity, described', () => {
  const pkg = JSON.parse(read('package.json'));
  const nls = JSON.parse(read('package.nls.json'));
  const props = pkg.contributes.configuration.properties['dockerGoTraps.rules'].properties as Record<string, { enum: string[]; default: string; markdownDescription: string }>;
  assert.deepEqual(Object.keys(props).sort(), RULES.map((r) => r.id).sort());
  for (const r of RULES) {
    assert.deepEqual(props[r.id].enum, SEVERITY_ENUM);
    assert.equal(props[r.id].default, r.severity, `${r.id} default`);
    const key = /^%(.+)%$/.exec(props[r.id].markdownDescription)?.[1];
    assert.ok(key && typeof nls[key] === 'string' && nls[key].includes(r.title.replace(/\.$/, '')), `${r.id} description`);
  }
});

/** Every "%key%" string anywhere in a JSON value. */
function nlsKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (m) out.add(m[1]);
  } else if (Array.isArray(value)) value.forEach((v) => nlsKeys(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => nlsKeys(v, out));
  return out;
}

test('every %key% of package.json has an English text, and the Chinese file has no keys English lacks', () => {
  const pkg = JSON.parse(read('package.json'));
  const en = JSON.parse(read('package.nls.json')) as Record<string, string>;
  const zh = JSON.parse(read('package.nls.zh-cn.json')) as Record<string, string>;
  for (const key of nlsKeys(pkg)) assert.ok(typeof en[key] === 'string' && en[key].length > 0, `package.nls.json lacks ${key}`);
  for (const key of Object.keys(zh)) assert.ok(key in en, `package.nls.zh-cn.json has ${key}, which package.nls.json lacks`);
  // Everything hand-written is translated (the generated rule descriptions follow the server catalogue).
  for (const key of Object.keys(en)) {
    if (/^config\.rules\.[A-Z]+\d+$/.test(key)) continue;
    assert.ok(typeof zh[key] === 'string' && zh[key].length > 0, `package.nls.zh-cn.json lacks ${key}`);
  }
  for (const key of Object.keys(en).filter((k) => k.startsWith('snippets.'))) {
    assert.ok(fs.existsSync(path.join(ROOT, en[key])) && fs.existsSync(path.join(ROOT, zh[key])), `snippet files of ${key}`);
  }
});

test('every setting has a markdownDescription; activation never uses "*"', () => {
  const pkg = JSON.parse(read('package.json'));
  for (const [k, v] of Object.entries(pkg.contributes.configuration.properties as Record<string, { markdownDescription?: string }>)) {
    assert.ok(v.markdownDescription, `${k} has a markdownDescription`);
  }
  assert.ok(!pkg.activationEvents.includes('*'));
  assert.deepEqual(pkg.extensionKind, ['workspace']);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
  assert.equal(pkg.l10n, './l10n');
});

test('the client l10n bundle translates every string the client passes to vscode.l10n.t', () => {
  const bundle = JSON.parse(read('l10n/bundle.l10n.zh-cn.json')) as Record<string, string>;
  const used = new Set<string>();
  for (const f of fs.readdirSync(path.join(ROOT, 'client', 'src'))) {
    const text = read(path.join('client', 'src', f));
    for (const m of text.matchAll(/l10n\.t\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)) used.add(m[2].replace(/\\(['"`\\])/g, '$1'));
  }
  assert.ok(used.size > 5, 'the client uses vscode.l10n.t');
  const missing = [...used].filter((s) => !(s in bundle));
  assert.deepEqual(missing, [], 'add these to l10n/bundle.l10n.zh-cn.json');
  const unused = Object.keys(bundle).filter((s) => !used.has(s));
  assert.deepEqual(unused, [], 'strings in l10n/bundle.l10n.zh-cn.json that the client no longer uses');
});
