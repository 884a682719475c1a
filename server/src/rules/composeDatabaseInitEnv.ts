/**
 * DGT226 compose-database-init-env: a postgres, mysql or mariadb service that the image's entrypoint
 * refuses to initialise: no root/superuser password setting at all, or `MYSQL_USER=root` on mysql.
 */
import * as path from 'node:path';
import { composeRule } from './context';
import type { FixInput, FileEdit } from '../core/types';
import { composeScope, envFiles, serviceEnv, wholeLines, type EnvVar } from './lib/composeKit';
import { child, scalarOf } from '../model/composeView';
import { serviceDatabase, serviceMounts } from '../model/databaseService';

/** A setting is given when present with a value (or with none: then it comes from the shell). */
function given(env: Map<string, EnvVar>, name: string): boolean {
  for (const n of [name, name + '_FILE']) {
    const v = env.get(n);
    if (v && (v.value === undefined || v.value !== '')) return true;
  }
  return false;
}

export const composeDatabaseInitEnv = composeRule({
  id: 'DGT226',
  name: 'compose-database-init-env',
  kind: 'compose',
  severity: 'error',
  title: 'Database service the image refuses to initialise',
  messages: {
    noPassword:
      '{image} sets none of {settings}: on its first start, with an empty data folder, the entrypoint stops with `{error}` and the container exits. Set {first} (from `.env` or a secret file).',
    rootUser:
      '`MYSQL_USER: root` makes the mysql entrypoint stop: `{error}`. root always exists; MYSQL_USER and MYSQL_PASSWORD create an additional, ordinary user. Remove MYSQL_USER and give the root password with MYSQL_ROOT_PASSWORD.',
  },
  fixTitles: { removeUser: 'Remove MYSQL_USER', rootPassword: 'Use MYSQL_ROOT_PASSWORD for the root password' },
  docs: {
    what: 'Finds services running the official postgres, mysql or mariadb image (or a Dockerfile built on it) without any of the settings their entrypoint requires before it initialises an empty data folder, and mysql services with `MYSQL_USER: root`.',
    why:
      'The official database images create the database on their first start and refuse to do so without a superuser password decision: postgres needs POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust), mysql one of MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD, mariadb the MARIADB_ (or MYSQL_) equivalents. mysql also refuses MYSQL_USER=root, which tutorials often write. The database container exits at once, and the Go service that depends on it fails with `connection refused`.',
    errorText: [
      'Error: Database is uninitialized and superuser password is not specified.',
      'Database is uninitialized and password option is not specified',
      'MYSQL_USER="root", MYSQL_USER and MYSQL_PASSWORD are for configuring a regular user and cannot be used for the root user',
    ],
    bad: 'services:\n  db:\n    image: mysql:8.4\n    environment:\n      MYSQL_USER: root\n      MYSQL_PASSWORD: secret\n',
    good: 'services:\n  db:\n    image: mysql:8.4\n    environment:\n      MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD}\n',
    exampleLanguage: 'yaml',
    fixes: '`MYSQL_USER: root` is removed; when no root password is set, MYSQL_PASSWORD becomes MYSQL_ROOT_PASSWORD.',
    notFlagged: [
      'Services whose `env_file` cannot be read, settings with any value (also `${VAR}` and values taken from the shell), and images that are not the official ones.',
      'A compose `entrypoint:`, a bind-mounted data folder that already holds files (an initialised database), and mariadb services with files in /docker-entrypoint-initdb.d (a backup can be restored without a password).',
      'postgres tags that name a release from before February 2020 (`11.4`, `9.6.16-alpine`, up to 12.1, 11.6, 10.11, 9.6.16, 9.5.20 and 9.4.25, and every 9.3 and older): those images are never rebuilt, and their entrypoint only warns that no password is set and lets every connection in. A tag of a major version only (`11`, `9.6`) gets its last release, which stops.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    for (const s of scope.services) {
      const db = serviceDatabase(ctx.project, scope.view, s.name, s.merged, (n) => scope.image(n));
      if (!db || !db.image.required.length || child(s.merged, 'entrypoint')) continue;
      // The entrypoint initialises only when it starts the server itself (or gets only its options).
      const cmd = child(s.merged, 'command');
      const first = cmd?.kind === 'seq' ? scalarOf(cmd.items[0])?.value : scalarOf(cmd)?.value?.trim().split(/\s+/)[0];
      if (cmd && (first === undefined || !(first.startsWith('-') || ['mysqld', 'mariadbd', 'postgres'].includes(first)))) continue;
      if (envFiles(scope.view, s.merged).some((f) => ctx.project.text(f.file) === undefined)) continue;
      if (child(s.merged, 'env_file') && !envFiles(scope.view, s.merged).length) continue; // a variable names the file
      const env = serviceEnv(ctx.project, scope.view, s.merged);
      // ENV of the Dockerfile the service builds counts too.
      for (const [k, v] of db.built?.env ?? []) if (!env.has(k)) env.set(k, { key: k, value: v.value, path: v.path, keyStart: v.start, keyEnd: v.end, start: v.start, end: v.end, exact: false, from: 'environment' });
      const image = db.ref.split('@')[0];
      const imageNode = scalarOf(child(s.merged, 'image'));
      // MYSQL_USER=root (mysql only).
      const user = env.get('MYSQL_USER');
      if (db.image.rootUserError && user?.value === 'root' && user.path === ctx.path && user.from === 'environment') {
        const fixes: FixInput[] = [];
        const lines = wholeLines(ctx.text, user.keyStart, user.end);
        const entryText = ctx.text.slice(lines.start, lines.end);
        // Only a line of its own (`MYSQL_USER: root` or `- MYSQL_USER=root`).
        if (/^\s*(-\s*)?["']?MYSQL_USER["']?\s*[:=]\s*["']?root["']?\s*(#.*)?\r?\n?$/.test(entryText)) {
          const edits: FileEdit[] = [{ path: ctx.path, start: lines.start, end: lines.end, newText: '' }];
          const hasRoot = db.image.required.some((r) => given(env, r));
          const pass = env.get('MYSQL_PASSWORD');
          if (hasRoot) fixes.push({ titleId: 'removeUser', preferred: true, edits });
          else if (pass && pass.path === ctx.path && pass.from === 'environment' && ctx.text.slice(pass.keyStart, pass.keyEnd) === 'MYSQL_PASSWORD') {
            edits.push({ path: ctx.path, start: pass.keyStart, end: pass.keyEnd, newText: 'MYSQL_ROOT_PASSWORD' });
            fixes.push({ titleId: 'rootPassword', preferred: true, edits });
          }
        }
        report({ start: user.start, end: user.end, messageId: 'rootUser', data: { error: db.image.rootUserError }, fixes });
        continue;
      }
      if (db.image.required.some((r) => given(env, r))) continue;
      const alt = db.image.alternative;
      if (alt && env.get(alt.name)?.value === alt.value) continue;
      const at = imageNode ? (imageNode.path === ctx.path ? { start: imageNode.start, end: imageNode.end } : undefined) : { start: s.local.keyStart, end: s.local.keyEnd };
      if (!at) continue;
      // A bind-mounted data folder that already holds files is an initialised database.
      let initialised = false;
      let initdb = false;
      for (const m of serviceMounts(s.merged)) {
        if (m.target.startsWith('/docker-entrypoint-initdb.d')) initdb = true;
        if (/^\.{1,2}\//.test(m.source) && db.alternatives.some((a) => a.dataDir === m.target || a.volume === m.target)) {
          const abs = path.resolve(scope.view.dir, m.source);
          if (ctx.project.exists(abs) === 'dir' && ctx.project.readDir(abs).length) initialised = true;
        }
      }
      if (initialised || (initdb && db.image.kind === 'mariadb')) continue;
      const settings = db.image.required.map((r) => '`' + r + '`').join(', ') + (alt ? ` (or \`${alt.name}=${alt.value}\`)` : '');
      const error = (db.image.requiredError ?? '').split('\n')[0].replace(/^Error: /, 'Error: ');
      report({ start: at.start, end: at.end, messageId: 'noPassword', data: { image, settings, error, first: '`' + db.image.required[0] + '`' } });
    }
  },
});
