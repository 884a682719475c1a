/** Renders a rule's documentation as Markdown: docs/rules/*.md, hovers and SARIF help share it. */
import type { RuleMeta } from './core/types';
import { docsUrl } from './core/types';

/** The fixed words of a rule page, so that hovers can be shown in the user's language (server/src/l10n). */
export interface DocLabels {
  kinds: Record<string, string>;
  severities: Record<string, string>;
  appliesTo: string;
  defaultSeverity: string;
  why: string;
  withoutIt: string;
  bad: string;
  good: string;
  quickFixes: string;
  notFlagged: string;
  configuration: string;
  configIntro: string;
  /** The comment after `DGT101: off` in the configuration example. */
  configComment: (name: string) => string;
  /** The sentence about suppression comments; `comment` is the comment to write, in backticks. */
  suppress: (comment: string) => string;
  /** The configuration section of a rule the engine reports about itself (DGT000, DGT001). */
  engineRule: string;
}

export const EN_DOC_LABELS: DocLabels = {
  kinds: { dockerfile: 'Dockerfiles', compose: 'compose files', go: 'Go main packages', gomod: 'go.mod', dockerignore: '.dockerignore' },
  severities: { error: 'Error', warning: 'Warning', info: 'Information', hint: 'Hint' },
  appliesTo: 'Applies to',
  defaultSeverity: 'Default severity',
  why: 'Why',
  withoutIt: 'What you see without it',
  bad: 'Bad',
  good: 'Good',
  quickFixes: 'Quick fixes',
  notFlagged: 'Not flagged',
  configuration: 'Configuration',
  configIntro: 'Turn it off or change its severity in `.docker-go-traps.yaml`:',
  configComment: (name) => `or error, warning, info, hint; the name ${name} works too`,
  suppress: (comment) => `or suppress one finding with a comment on the line above: ${comment}.`,
  engineRule: 'docker-go-traps reports this about its own analysis: it cannot be turned off in `.docker-go-traps.yaml` or suppressed with a comment.',
};

export function renderRuleDoc(rule: RuleMeta, opts: { heading?: number; labels?: DocLabels } = {}): string {
  const l = opts.labels ?? EN_DOC_LABELS;
  const h = '#'.repeat(opts.heading ?? 1);
  const sub = '#'.repeat((opts.heading ?? 1) + 1);
  const d = rule.docs;
  const fence = (code: string) => '```' + d.exampleLanguage + '\n' + code.replace(/\n?$/, '\n') + '```';
  const lines = [
    `${h} ${rule.id} ${rule.name}: ${rule.title}`,
    '',
    `${l.appliesTo}: ${d.appliesTo ?? l.kinds[rule.kind]} · ${l.defaultSeverity}: ${l.severities[rule.severity]}`,
    '',
    ...(d.severity ? [d.severity, ''] : []),
    d.what,
    '',
    `${sub} ${l.why}`,
    '',
    d.why,
    '',
    `${sub} ${l.withoutIt}`,
    '',
    ...d.errorText.map((e) => '    ' + e),
    '',
    `${sub} ${l.bad}`,
    '',
    fence(d.bad),
    '',
    `${sub} ${l.good}`,
    '',
    fence(d.good),
    '',
  ];
  if (d.fixes) lines.push(`${sub} ${l.quickFixes}`, '', d.fixes, '');
  if (d.notFlagged?.length) lines.push(`${sub} ${l.notFlagged}`, '', ...d.notFlagged.map((n) => `- ${n}`), '');
  if (rule.engine) {
    lines.push(`${sub} ${l.configuration}`, '', l.engineRule, '');
    return lines.join('\n');
  }
  lines.push(
    `${sub} ${l.configuration}`,
    '',
    l.configIntro,
    '',
    '```yaml',
    'rules:',
    `  ${rule.id}: off   # ${l.configComment(rule.name)}`,
    '```',
    '',
    l.suppress(`\`${rule.kind === 'go' ? '//' : '#'} docker-go-traps ignore=${rule.id} -- reason\``),
    '',
  );
  return lines.join('\n');
}

export function ruleDocFile(rule: RuleMeta): string {
  return docsUrl(rule).split('/').pop() as string;
}
