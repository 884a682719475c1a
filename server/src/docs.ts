/** Renders a rule's documentation as Markdown: docs/rules/*.md, hovers and SARIF help share it. */
import type { RuleMeta } from './engine/types';
import { docsUrl } from './engine/types';

const KIND_WORD: Record<string, string> = { dockerfile: 'Dockerfiles', compose: 'compose files', go: 'Go main packages', gomod: 'go.mod', dockerignore: '.dockerignore' };
const SEVERITY_WORD: Record<string, string> = { error: 'Error', warning: 'Warning', info: 'Information', hint: 'Hint' };

export function renderRuleDoc(rule: RuleMeta, opts: { heading?: number } = {}): string {
  const h = '#'.repeat(opts.heading ?? 1);
  const sub = '#'.repeat((opts.heading ?? 1) + 1);
  const d = rule.docs;
  const fence = (code: string) => '```' + d.exampleLanguage + '\n' + code.replace(/\n?$/, '\n') + '```';
  const lines = [
    `${h} ${rule.id} ${rule.name}: ${rule.title}`,
    '',
    `Applies to: ${d.appliesTo ?? KIND_WORD[rule.kind]} · Default severity: ${SEVERITY_WORD[rule.severity]}`,
    '',
    d.what,
    '',
    `${sub} Why`,
    '',
    d.why,
    '',
    `${sub} What you see without it`,
    '',
    ...d.errorText.map((e) => '    ' + e),
    '',
    `${sub} Bad`,
    '',
    fence(d.bad),
    '',
    `${sub} Good`,
    '',
    fence(d.good),
    '',
  ];
  if (d.fixes) lines.push(`${sub} Quick fixes`, '', d.fixes, '');
  if (d.notFlagged?.length) lines.push(`${sub} Not flagged`, '', ...d.notFlagged.map((n) => `- ${n}`), '');
  lines.push(
    `${sub} Configuration`,
    '',
    'Turn it off or change its severity in `.docker-go-traps.yaml`:',
    '',
    '```yaml',
    'rules:',
    `  ${rule.id}: off   # or error, warning, info, hint; the name ${rule.name} works too`,
    '```',
    '',
    `or suppress one finding with a comment on the line above: \`${rule.kind === 'go' ? '//' : '#'} docker-go-traps ignore=${rule.id} -- reason\`.`,
    '',
  );
  return lines.join('\n');
}

export function ruleDocFile(rule: RuleMeta): string {
  return docsUrl(rule).split('/').pop() as string;
}
