/**
 * Generates the parts of the extension manifest that follow from the rule catalogue and the
 * translations, so that they cannot drift (`npm run gen`, also run by `npm run docs`):
 *
 * - package.json: the JSON schema of `dockerGoTraps.rules`, one property per rule id (enum of
 *   severities, the rule's default severity, its title as description through package.nls);
 * - package.nls.json / package.nls.zh-cn.json: the `config.rules.<id>` descriptions (English from
 *   the rule title, Chinese from server/src/l10n/zh-cn.ts when it has the rule);
 * - snippets/zh-cn/*.json: the snippets with their descriptions translated (server/src/l10n/snippets.ts).
 *
 * Everything else in those files is written by hand and kept as it is. `--check` reports drift
 * instead of writing (a unit test does the same).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../rules/registry';
import { docsUrl } from '../core/types';
import { catalogue } from '../l10n';
import { SNIPPET_DESCRIPTIONS } from '../l10n/snippets';

export const SEVERITY_ENUM = ['off', 'error', 'warning', 'info', 'hint'];
const RULE_KEY = /^config\.rules\.[A-Z]+\d+$/;

export function projectRoot(): string {
  // Compiled to out/server/src/tools/.
  return path.resolve(__dirname, '..', '..', '..', '..');
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

function readJson(root: string, rel: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8')) as Record<string, unknown>;
}

const sortedRules = () => [...RULES].sort((a, b) => a.id.localeCompare(b.id));

/** The schema of one rule's entry in `dockerGoTraps.rules`. */
export function ruleSettingSchema(rule: (typeof RULES)[number]): Record<string, unknown> {
  return {
    type: 'string',
    enum: SEVERITY_ENUM,
    default: rule.severity,
    markdownDescription: `%config.rules.${rule.id}%`,
  };
}

function withRuleKeys(nls: Record<string, unknown>, entries: [string, string][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(nls)) if (!RULE_KEY.test(k)) out[k] = v;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** Every generated file, by path relative to the project root, with the text it must have. */
export function expectedManifestFiles(root = projectRoot()): Map<string, string> {
  const out = new Map<string, string>();
  const pkg = readJson(root, 'package.json') as {
    contributes: { configuration: { properties: Record<string, { properties?: Record<string, unknown> }> } };
  };
  const rulesSetting = pkg.contributes.configuration.properties['dockerGoTraps.rules'];
  const properties: Record<string, unknown> = {};
  for (const r of sortedRules()) properties[r.id] = ruleSettingSchema(r);
  rulesSetting.properties = properties;
  out.set('package.json', json(pkg));

  const en = readJson(root, 'package.nls.json');
  out.set(
    'package.nls.json',
    json(withRuleKeys(en, sortedRules().map((r) => [`config.rules.${r.id}`, `**${r.name}**: ${r.title.replace(/\.$/, '')}. [Documentation](${docsUrl(r)})`]))),
  );
  const zhRules = catalogue('zh-cn')?.rules ?? {};
  const zh = readJson(root, 'package.nls.zh-cn.json');
  out.set(
    'package.nls.zh-cn.json',
    json(
      withRuleKeys(
        zh,
        sortedRules()
          .filter((r) => zhRules[r.id]?.title)
          .map((r) => [`config.rules.${r.id}`, `**${r.name}**：${(zhRules[r.id].title as string).replace(/。$/, '')}。[文档](${docsUrl(r)})`]),
      ),
    ),
  );

  // Translated snippet files next to the English ones that package.nls.json names.
  for (const [key, rel] of Object.entries(en)) {
    if (!key.startsWith('snippets.') || typeof rel !== 'string') continue;
    const source = readJson(root, rel) as Record<string, { description?: string }>;
    const translated: Record<string, unknown> = {};
    for (const [name, s] of Object.entries(source)) {
      translated[name] = { ...s, description: SNIPPET_DESCRIPTIONS['zh-cn'][name] ?? s.description };
    }
    out.set(path.posix.join('snippets', 'zh-cn', path.posix.basename(rel)), json(translated));
  }
  return out;
}

function main(): void {
  const root = projectRoot();
  const check = process.argv.includes('--check');
  let drift = 0;
  for (const [rel, text] of expectedManifestFiles(root)) {
    const p = path.join(root, rel);
    const current = fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
    if (current === text) continue;
    drift++;
    if (check) console.error(`${rel} is out of date: run npm run gen`);
    else {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      // Written aside and renamed, so that a reader never sees half a package.json.
      fs.writeFileSync(p + '.tmp', text);
      fs.renameSync(p + '.tmp', p);
    }
  }
  if (check && drift) process.exitCode = 1;
  else if (!check) console.log(`manifest: ${drift} file(s) updated`);
}

if (require.main === module) main();
