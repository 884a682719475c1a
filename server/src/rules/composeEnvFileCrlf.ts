/**
 * DGT218 compose-env-file-crlf: an env file with Windows (CRLF) line endings whose quoted values
 * span lines, so that the carriage returns end up inside the values.
 */
import * as path from 'node:path';
import { composeRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { composeScope, envFiles, relatedMsg, titled } from './lib/composeKit';
import { parseDotenv, DotenvEntry } from '../parse/dotenv';
import { escapeRegExp } from '../core/text';

/** Entries whose value Compose reads with "\r" inside (quoted values spanning CRLF lines). */
function damaged(text: string): DotenvEntry[] {
  if (!text.includes('\r\n')) return [];
  return parseDotenv(text).filter((e) => e.multiline && text.slice(e.valueStart, e.valueEnd).includes('\r\n'));
}

function toLf(file: string, text: string): FixInput {
  return { ...titled(FIX_TITLES, 'lf', { file: path.basename(file) }), preferred: true, edits: [{ path: file, start: 0, end: text.length, newText: text.replace(/\r\n/g, '\n') }] };
}

const FIX_TITLES: Record<string, string> = {
  lf: 'Convert {file} to LF line endings',
};

const RELATED: Record<string, string> = {
  spans: '{key} spans lines with CRLF endings.',
};

export const composeEnvFileCrlf = composeRule({
  id: 'DGT218',
  name: 'compose-env-file-crlf',
  kind: 'compose',
  severity: 'warning',
  title: 'Env file with CRLF line endings and multi-line values',
  fixTitles: FIX_TITLES,
  relatedMessages: RELATED,
  messages: {
    envFile:
      '`{file}` has Windows (CRLF) line endings and the quoted value of `{key}` spans lines: Compose keeps each line\'s "\\r" inside it, so the container gets `{key}` with a carriage return at the end of every line (a PEM key or certificate then fails to parse: `x509: malformed certificate` / `tls: failed to find any PEM data`). Shell scripts that `source` the file get a trailing "\\r" on every value. Save the file with LF line endings.',
    interpolated:
      '`{key}` comes from `{file}`, which has Windows (CRLF) line endings; its quoted value spans lines and Compose keeps each line\'s "\\r" inside it, so `${{key}}` here carries carriage returns (a PEM key then fails: `tls: failed to find any PEM data`). Save `{file}` with LF line endings.',
  },
  docs: {
    what: 'Finds env files (`env_file` entries and the project\'s `.env`, where this compose file uses the value) that have CRLF line endings and quoted values spanning several lines.',
    why:
      'Compose trims the "\\r" at the end of an ordinary `KEY=value` line, but not inside a quoted value that spans lines: a private key or certificate pasted into an env file saved on Windows arrives in the container with "\\r" before every line break, and Go\'s PEM and x509 parsers reject it. The same file read by a shell (`set -a; . ./.env`) gets "\\r" at the end of every value. Files saved by Windows editors, or checked out with `core.autocrlf=true`, have CRLF line endings.',
    errorText: ['tls: failed to find any PEM data in key input', 'x509: malformed certificate', '$\'\\r\': command not found'],
    bad: '# .env saved with CRLF line endings\nTLS_KEY="-----BEGIN PRIVATE KEY-----\nMIIEvQ...\n-----END PRIVATE KEY-----"\n',
    good: '# .env saved with LF line endings (add `*.env text eol=lf` to .gitattributes)\nTLS_KEY="-----BEGIN PRIVATE KEY-----\nMIIEvQ...\n-----END PRIVATE KEY-----"\n',
    exampleLanguage: 'yaml',
    fixes: 'Converts the env file to LF line endings.',
    notFlagged: ['CRLF env files whose values are all on one line: Compose trims the trailing "\\r" of those.', 'Env files that do not exist or that no service uses.'],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    const done = new Set<string>();
    for (const s of scope.services) {
      for (const ef of envFiles(scope.view, s.merged)) {
        if (ef.node.path !== ctx.path || ef.node.kind !== 'scalar') continue;
        const key = `${ef.file}@${ef.node.start}`;
        if (done.has(key)) continue;
        done.add(key);
        const text = ctx.project.text(ef.file);
        if (text === undefined) continue;
        const bad = damaged(text);
        if (!bad.length) continue;
        const related: RelatedInput[] = bad.map((e) => relatedMsg(RELATED, 'spans', { path: ef.file, start: e.keyStart, end: e.keyEnd }, { key: e.key }));
        const r = ef.node.node.range ?? [ef.node.start, ef.node.end];
        report({ start: r[0], end: r[1], messageId: 'envFile', data: { file: ef.node.value ?? path.basename(ef.file), key: bad[0].key }, fixes: [toLf(ef.file, text)], related });
      }
    }
    // The project's .env feeds ${VAR} interpolation in the compose files.
    const dotenv = path.join(scope.view.dir, '.env');
    const text = ctx.project.text(dotenv);
    if (text === undefined) return;
    const bad = damaged(text);
    for (const e of bad) {
      const re = new RegExp(`\\$\\{${escapeRegExp(e.key)}(?:[:?+-][^}]*)?\\}|\\$${e.key}(?![A-Za-z0-9_])`);
      const m = re.exec(ctx.text);
      if (!m) continue;
      report({
        start: m.index,
        end: m.index + m[0].length,
        messageId: 'interpolated',
        data: { key: e.key, file: '.env' },
        fixes: [toLf(dotenv, text)],
        related: [relatedMsg(RELATED, 'spans', { path: dotenv, start: e.keyStart, end: e.keyEnd }, { key: e.key })],
      });
    }
  },
});
