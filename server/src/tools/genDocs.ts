/**
 * Writes docs/rules/<id>-<name>.md for every rule and docs/rules/README.md as the index, from the
 * rule metadata (the single source of truth). `--check` reports drift instead of writing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../rules/registry';
import { ENGINE_RULES } from '../engine/analyze';
import { renderRuleDoc, ruleDocFile } from '../docs';
import type { RuleMeta } from '../core/types';

export function allDocumentedRules(): RuleMeta[] {
  return [...ENGINE_RULES, ...RULES];
}

export function expectedDocs(): Map<string, string> {
  const out = new Map<string, string>();
  const rules = allDocumentedRules();
  for (const r of rules) out.set(ruleDocFile(r), renderRuleDoc(r));
  const index = [
    '# Rules',
    '',
    'Generated from the rule metadata by `npm run docs`; do not edit by hand.',
    '',
    '| id | name | applies to | default severity | what it finds |',
    '| --- | --- | --- | --- | --- |',
    ...rules.map((r) => `| [${r.id}](${ruleDocFile(r)}) | ${r.name} | ${r.kind} | ${r.severity} | ${r.title} |`),
    '',
  ].join('\n');
  out.set('README.md', index);
  return out;
}

function main(): void {
  const root = path.resolve(__dirname, '..', '..', '..', '..');
  const dir = path.join(root, 'docs', 'rules');
  const check = process.argv.includes('--check');
  const expected = expectedDocs();
  let drift = 0;
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of expected) {
    const p = path.join(dir, name);
    const current = fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
    if (current === text) continue;
    drift++;
    if (check) console.error(`docs/rules/${name} is out of date`);
    else fs.writeFileSync(p, text);
  }
  for (const name of fs.readdirSync(dir)) {
    if (!expected.has(name)) {
      drift++;
      if (check) console.error(`docs/rules/${name} belongs to no rule`);
      else fs.rmSync(path.join(dir, name));
    }
  }
  if (check && drift) process.exitCode = 1;
  else if (!check) console.log(`docs/rules: ${expected.size} files, ${drift} updated`);
}

if (require.main === module) main();
