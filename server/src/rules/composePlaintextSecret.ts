/**
 * DGT216 compose-plaintext-secret: passwords, tokens and keys written in plain text in a service's
 * `environment`, and passwords inside connection URLs there.
 */
import * as path from 'node:path';
import { composeRule } from './context';
import type { FixInput } from '../core/types';
import { detectEol } from '../core/text';
import { child, scalarOf } from '../model/composeView';
import { composeScope, titled } from './lib/composeKit';
import { parseDotenv } from '../parse/dotenv';
import { isPlaceholder, urlPassword } from '../facts/secrets';

/** Variable names that hold a secret: the name ends with one of these words. */
const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|PASS|SECRET|SECRET_KEY|TOKEN|API_KEY|APIKEY|PRIVATE_KEY|AUTH_KEY|CLIENT_SECRET|MASTER_KEY)$|_PWD$/i;
/** Names that only point at a secret, or configure how secrets behave. */
const NOT_SECRET_NAME = /_(FILE|PATH|DIR|POLICY|LENGTH|EXPIRY|EXPIRES|TTL|TIMEOUT|ENABLED|REQUIRED|HEADER|NAME|TYPE|URL)$|CLUSTER_TOKEN$|^(ALLOW_EMPTY_PASSWORD|MYSQL_ALLOW_EMPTY_PASSWORD|MYSQL_RANDOM_ROOT_PASSWORD|MARIADB_ALLOW_EMPTY_ROOT_PASSWORD|MARIADB_RANDOM_ROOT_PASSWORD|POSTGRES_HOST_AUTH_METHOD)$/i;
const FLAG_VALUE = /^(y|n|yes|no|true|false|on|off|0|1|none|null|~)$/i;
/** The value as a .env line value, or undefined when it cannot be written safely. */
function dotenvValue(v: string): string | undefined {
  if (v.includes("'") || v.includes('\n') || v.includes('\r')) return undefined;
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(v) ? v : `'${v}'`;
}

const FIX_TITLES: Record<string, string> = {
  move: 'Move {key} to .env and interpolate it',
};

export const composePlaintextSecret = composeRule({
  id: 'DGT216',
  name: 'compose-plaintext-secret',
  kind: 'compose',
  severity: 'info',
  title: 'Secret in plain text in `environment`',
  fixTitles: FIX_TITLES,
  messages: {
    secret:
      '`{key}` is a secret written in plain text in the compose file: it goes into version control and shows in `docker inspect` and `docker compose config`. Read it from an env_file or the git-ignored `.env` (`{key}: ${{key}}`), or use a Compose `secrets:` entry.',
    url: 'The connection URL in `{key}` carries its password in plain text: it goes into version control and shows in `docker inspect`. Interpolate the password from the git-ignored `.env` (`${VAR}`), move the variable to an env_file, or use a Compose `secrets:` entry.',
  },
  docs: {
    what: 'Finds passwords, tokens and keys written as literal values in a service\'s `environment` (by variable name: `*_PASSWORD`, `*_SECRET`, `*_TOKEN`, `*_API_KEY`, ...) and passwords inside connection strings (`postgres://user:password@db/app`, the Go MySQL driver\'s `user:password@tcp(db:3306)/app`).',
    why:
      'A compose file is committed, shared and pasted into issues; every value in `environment` is also visible to anyone who can run `docker inspect` or `docker compose config`. Secrets belong in a git-ignored `.env` file (interpolated with `${VAR}`), an `env_file`, or Compose `secrets:`, which mounts them as files under /run/secrets instead of the environment.',
    errorText: ['(no error: the secret is simply readable by anyone with the repository or `docker inspect`)'],
    bad: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: s3cr3t\n',
    good: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}   # set in the git-ignored .env\n',
    exampleLanguage: 'yaml',
    fixes: 'When the project has a `.env` file, moves the value there (`KEY=value`) and replaces it with `${KEY}` in the compose file. No fix for passwords inside URLs.',
    notFlagged: [
      'Values that are interpolated (`${VAR}`), empty, flags such as `MYSQL_RANDOM_ROOT_PASSWORD: "yes"`, and obvious placeholders (`changeme`, `CHANGE-ME`, `xxx`, `your_password_here`, `<token>`, `random_string`, `example`).',
      'Variables that name a secret file or configure one (`*_PASSWORD_FILE: /run/secrets/db`, `*_TOKEN_TTL`).',
      'Values that come from an `env_file`: that is where they belong.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    const done = new Set<number>();
    const dotenvPath = path.join(scope.view.dir, '.env');
    const dotenvText = ctx.project.text(dotenvPath);
    const dotenv = dotenvText !== undefined ? parseDotenv(dotenvText) : undefined;
    for (const s of scope.services) {
      const env = child(s.merged, 'environment');
      if (env?.kind !== 'map') continue;
      for (const [key, e] of env.entries) {
        const v = scalarOf(e.value);
        if (!v || v.path !== ctx.path || v.value === undefined || done.has(v.start)) continue;
        const value = v.value.trim();
        if (!value || value.includes('$') || FLAG_VALUE.test(value)) continue;
        // A password inside a connection string (`postgres://app:pw@db/app`, MySQL's `app:pw@tcp(db:3306)/app`).
        const url = v.exact ? urlPassword(v.value) : undefined;
        if (url) {
          const pw = v.value.slice(url.start, url.end);
          if (!pw.includes('$') && !isPlaceholder(pw)) {
            done.add(v.start);
            report({ start: v.start + url.start, end: v.start + url.end, messageId: 'url', data: { key } });
          }
          continue;
        }
        if (!SECRET_NAME.test(key) || NOT_SECRET_NAME.test(key) || value.startsWith('/run/secrets/') || isPlaceholder(value)) continue;
        done.add(v.start);
        const fixes: FixInput[] = [];
        const line = dotenvValue(v.value);
        if (dotenvText !== undefined && dotenv && v.exact && line !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
          const existing = dotenv.filter((d) => d.key === key).pop();
          const edits = [{ path: ctx.path, start: v.start, end: v.end, newText: '${' + key + '}' }];
          if (!existing) {
            const eol = detectEol(dotenvText);
            const lead = dotenvText.length && !dotenvText.endsWith('\n') ? eol : '';
            edits.push({ path: dotenvPath, start: dotenvText.length, end: dotenvText.length, newText: `${lead}${key}=${line}${eol}` });
          }
          if (!existing || existing.value === v.value) {
            fixes.push({ ...titled(FIX_TITLES, 'move', { key }), preferred: true, edits });
          }
        }
        report({ start: v.start, end: v.end, messageId: 'secret', data: { key }, fixes });
      }
    }
  },
});
