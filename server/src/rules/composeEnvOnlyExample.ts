/**
 * DGT222 compose-env-only-example: the compose file needs variables (`${DB_PASSWORD}`) that only a
 * template such as `.env.example` sets; there is no `.env`. Compose substitutes empty strings.
 */
import * as path from 'node:path';
import { composeRule } from './context';
import type { RelatedInput } from '../core/types';
import { composeScope, envFiles } from './lib/composeKit';
import { dotenvTemplate, fileRefs, hasFallback, projectDotenv } from '../model/composeInterpolation';

/** Variables the shells of Linux and macOS set themselves. */
const SHELL_VARS = new Set(['PWD', 'HOME', 'USER', 'UID', 'GID', 'HOSTNAME', 'SHELL', 'PATH', 'LANG', 'TERM', 'LOGNAME', 'OLDPWD', 'GOPATH', 'TMPDIR']);

export const composeEnvOnlyExample = composeRule({
  id: 'DGT222',
  name: 'compose-env-only-example',
  kind: 'compose',
  severity: 'warning',
  title: 'Variables only a `.env` template sets',
  messages: {
    missing:
      'This file uses {names}, which only `{template}` sets: there is no `.env` next to the compose file. Compose warns `The "{first}" variable is not set. Defaulting to a blank string.` and goes on with empty values: ports such as `:` are refused (`invalid containerPort`), and a database whose password is empty refuses to initialise. Copy `{template}` to `.env` and fill it in before `docker compose up`.',
  },
  relatedMessages: { template: '`{name}` is set in the template.' },
  docs: {
    what: 'Finds compose files that use `${VAR}` without a default while the project has no `.env` file, only a template (`.env.example`, `.env.sample`, `.env.template`, `example.env` ...) that sets those variables.',
    why:
      'Compose reads `.env` of the project folder for `${VAR}`; `.env.example` is only a template, and `.env` itself is usually git-ignored. On a fresh clone every such variable is empty: published ports become `:`, image tags `postgres:`, `POSTGRES_PASSWORD` an empty string, and the database container stops with `Database is uninitialized and superuser password is not specified`. The warning about the blank variable scrolls by among the pull output.',
    errorText: [
      'The "POSTGRES_PASSWORD" variable is not set. Defaulting to a blank string.',
      'Error: Database is uninitialized and superuser password is not specified.',
      'invalid containerPort: ',
    ],
    bad: '# .env.example: POSTGRES_PASSWORD=change-me (no .env)\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n',
    good: '# cp .env.example .env, then edit .env\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?copy .env.example to .env}\n',
    exampleLanguage: 'yaml',
    notFlagged: [
      'Projects with a `.env` file (wherever its values come from), variables with a default (`${PORT:-8080}`), and required variables (`${PORT:?set PORT in .env}`: Compose stops with the message) — one of them anywhere in the file stops it for every other variable too.',
      'Compose files whose services need the `.env` as their `env_file` (without `required: false`): Compose stops with `env file ... not found` rather than going on with empty values.',
      'Variables the template does not set (they may come from the shell), and those every Unix shell sets (`HOME`, `USER`, `PWD` ...).',
      'Compose files that are templates themselves (`docker-compose.example.yml`).',
    ],
  },
  check(ctx, report) {
    if (/(example|sample|template|tmpl|dist)/i.test(path.basename(ctx.path))) return;
    const scope = composeScope(ctx);
    const dir = scope.view.dir;
    if (projectDotenv(ctx.project, dir)) return;
    const template = dotenvTemplate(ctx.project, dir);
    if (!template) return;
    // A service that needs the .env as its env_file stops the whole `docker compose up` without it
    // (`env file ... not found`): nothing goes on with empty values.
    const dotenv = path.join(dir, '.env');
    if (scope.services.some((svc) => envFiles(scope.view, svc.merged).some((ef) => ef.required && ef.file === dotenv))) return;
    const refs = fileRefs(ctx.model.docs, ctx.text);
    // One required variable that only the missing .env would set (`${PGPASSWORD:?not set}`) stops
    // Compose at that line for the whole file: nothing goes on with empty values either.
    if (refs.some((r) => (r.op === ':?' || r.op === '?') && !SHELL_VARS.has(r.name))) return;
    const names: string[] = [];
    let at: { start: number; end: number } | undefined;
    for (const r of refs) {
      // `${VAR:?message}` stops Compose with the message: what the rule asks for.
      if (hasFallback(r) || r.op === ':?' || r.op === '?' || SHELL_VARS.has(r.name) || !template.entries.has(r.name)) continue;
      if (!names.includes(r.name)) names.push(r.name);
      at ??= { start: r.fileStart, end: r.fileEnd };
    }
    if (!at || !names.length) return;
    const shown = names.slice(0, 4).map((n) => '`' + n + '`').join(', ') + (names.length > 4 ? ` and ${names.length - 4} more` : '');
    const first = template.entries.get(names[0]);
    const related: RelatedInput[] = first ? [{ path: template.path, start: first.keyStart, end: first.keyEnd, messageId: 'template', data: { name: names[0] } }] : [];
    report({
      start: at.start,
      end: at.end,
      messageId: 'missing',
      data: { names: shown, template: path.basename(template.path), first: names[0] },
      related,
    });
  },
});
