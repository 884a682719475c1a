/** SARIF 2.1.0 output for code-scanning services. */
import { RULES } from '../rules/registry';
import { SKIPPED_RULE } from '../engine/analyze';
import { docsUrl, Finding, Severity } from '../core/types';
import { VERSION, TOOL_NAME } from '../version';
import { docLabels, localizeRule, Locale } from '../l10n';

export interface SarifRow {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  finding: Finding;
}

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function toSarif(rows: SarifRow[], locale: Locale = 'en'): object {
  const withoutIt = docLabels(locale).withoutIt;
  // The checks, and DGT000, which the CLI reports for a file it skips (DGT001 is the editor's only).
  const rules = [...RULES, SKIPPED_RULE].map((rule) => localizeRule(rule, locale)).map((r) => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.title },
    fullDescription: { text: r.docs.what },
    helpUri: docsUrl(r),
    help: { text: `${r.docs.why}\n\n${withoutIt}: ${r.docs.errorText.join(' | ')}` },
    defaultConfiguration: { level: LEVEL[r.severity] },
  }));
  const results = rows.map((r) => {
    const ruleIndex = rules.findIndex((x) => x.id === r.finding.ruleId);
    return {
      ruleId: r.finding.ruleId,
      ...(ruleIndex >= 0 ? { ruleIndex } : {}),
      level: LEVEL[r.finding.severity],
      message: { text: r.finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(r.file), uriBaseId: '%SRCROOT%' },
            region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
          },
        },
      ],
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: VERSION, informationUri: 'https://github.com/docker-go-traps/docker-go-traps', rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
