/**
 * DGT225 compose-database-data-dir: a volume of a database service mounted next to the folder where
 * the official image keeps its data (`/var/lib/postres/data`, `/var/lib/mysql/data`, `/data`). The
 * server writes to its own folder, which lives in an anonymous volume: the data is lost when the
 * container is recreated.
 */
import { composeRule } from './context';
import { editDistance } from '../core/editDistance';
import type { FixInput } from '../core/types';
import type { DatabaseImage, DatabaseKind } from '../facts/databaseImages';
import { databaseImage } from '../facts/databaseImages';
import { composeScope, commandText, imageRef, serviceEnv } from './lib/composeKit';
import { child } from '../model/composeView';
import { serviceDatabase, serviceMounts } from '../model/databaseService';

/** Targets people pick for a database's data that the image does not use. */
const GUESSES: Record<DatabaseKind, string[]> = {
  postgres: ['/data', '/var/lib/postgresql/data', '/var/lib/postgres', '/var/lib/postgres/data', '/var/lib/pgsql/data', '/var/lib/postgresql/data/pgdata'],
  mysql: ['/data', '/var/lib/mysql/data', '/var/lib/mariadb'],
  mariadb: ['/data', '/var/lib/mysql/data', '/var/lib/mariadb'],
  mongo: ['/var/lib/mongodb', '/var/lib/mongo', '/data/mongodb'],
  redis: ['/var/lib/redis', '/var/lib/redis/data', '/usr/local/redis/data'],
};

/** Settings that move the data folder (then the volume may be right). */
const MOVES_DATA: Record<DatabaseKind, RegExp> = {
  postgres: /(^|\s)(-D|--pgdata)\b|\bconfig_file=|\bdata_directory=/,
  mysql: /--datadir|--defaults-file|\.cnf\b/,
  mariadb: /--datadir|--defaults-file|\.cnf\b/,
  mongo: /--dbpath|--config|-f\s|\.conf\b/,
  redis: /--dir\b|\.conf\b/,
};

/** Whether a mount at `target` holds `dir` (the folder itself or one above it). */
function covers(target: string, dir: string): boolean {
  return dir === target || dir.startsWith(target === '/' ? '/' : target + '/');
}

/** Why `target` looks meant for the data of `db`: a typo of its folder, a folder inside it, or a common guess. */
/** Where postgres up to 17 kept its data; 18 and later refuse a volume there (docker-library/postgres docker-entrypoint.sh, docker_error_old_databases). */
const POSTGRES_OLD_DATA = '/var/lib/postgresql/data';

function misplaced(target: string, db: DatabaseImage, typoOnly: boolean): boolean {
  const budget = Math.max(1, Math.floor(db.dataDir.length / 8));
  if (editDistance(target, db.dataDir) <= budget || editDistance(target, db.volume) <= Math.max(1, Math.floor(db.volume.length / 8))) return true;
  if (typoOnly) return false;
  return target.startsWith(db.dataDir + '/') || GUESSES[db.kind].includes(target);
}

export const composeDatabaseDataDir = composeRule({
  id: 'DGT225',
  name: 'compose-database-data-dir',
  kind: 'compose',
  severity: 'warning',
  title: 'Database volume mounted where the image keeps no data',
  messages: {
    misplaced:
      '{image} keeps its data in `{dataDir}`, not in `{target}`: this volume stays empty, and the database lives in the anonymous volume the image declares (`VOLUME {volume}`). It survives a restart but not `docker compose down` or a new container: the next `up` starts with an empty database. Mount the volume at `{fixed}`.',
    typo:
      '`{target}` looks like a misspelling of `{dataDir}`, where {kind} keeps its data ({image} is named for it): this volume stays empty, and the database lives in the anonymous volume of its data folder, which does not survive `docker compose down` or a new container. Mount the volume at `{dataDir}`.',
    oldPostgresDir:
      '{image} (postgres 18 and later) keeps its data under `{dataDir}`, and its entrypoint refuses a volume at `{target}`, where postgres up to 17 kept it: on the first start the container stops with `Error: in 18+, these Docker images are configured to store database data in a format which is compatible with "pg_ctlcluster" ... there appears to be PostgreSQL data in: /var/lib/postgresql/data (unused mount/volume)`. Mount the volume at `{fixed}`.',
    unpinnedOldDir:
      '{image} pins no postgres version, and since 2025-09-25 that pulls postgres 18 or later, which keeps its data under `/var/lib/postgresql/<major>/docker` and whose entrypoint refuses a volume at `{target}`, where postgres up to 17 kept it: a first start on a machine without an older image stops with `Error: in 18+, these Docker images are configured to store database data in a format which is compatible with "pg_ctlcluster" ... there appears to be PostgreSQL data in: /var/lib/postgresql/data (unused mount/volume)`. Pin `postgres:17` to keep this folder, or mount the volume at `/var/lib/postgresql`.',
    unpinned:
      '{image} keeps its data in `/var/lib/postgresql/data` (postgres up to 17) or under `/var/lib/postgresql` (18 and later), not in `{target}`: this volume stays empty, and the database lives in an anonymous volume that does not survive `docker compose down`. Pin the postgres major version and mount the volume at its data folder.',
  },
  fixTitles: { target: 'Mount the volume at {path}' },
  docs: {
    severity: 'Warning; error for a volume at `/var/lib/postgresql/data` of postgres 18 or later, whose entrypoint then refuses to start. A warning for the same volume of a postgres image with no version, which is 18 or later when it is pulled today.',
    what: 'Finds the volumes of database services (official postgres, mysql, mariadb, mongo and redis images, or Dockerfiles built on them) mounted at a folder the image does not keep its data in — a misspelt data folder (`/var/lib/postres/data`), a folder inside it (`/var/lib/mysql/data` for MariaDB), or a common guess (`/data` for postgres and mysql, `/var/lib/redis`) — while nothing is mounted at the real one; and a volume at `/var/lib/postgresql/data` of a postgres 18 or later, or of a postgres with no version (18 or later when pulled today), whose entrypoint refuses it.',
    why:
      'The official images declare their data folder as a VOLUME. When the compose file mounts its named volume elsewhere, the server still writes to its own folder, which Docker backs with an anonymous volume: everything works, until `docker compose down`, a `--force-recreate` or a new image creates a new container with a new, empty anonymous volume. The named volume, the one people back up, stays empty. postgres 18 moved its data to `/var/lib/postgresql/18/docker` (VOLUME `/var/lib/postgresql`).',
    errorText: [
      'PostgreSQL init process complete; ready for start up.',
      'Database is uninitialized',
      "Table 'app.users' doesn't exist",
      'Error: in 18+, these Docker images are configured to store database data in a format which is compatible with "pg_ctlcluster" (specifically, using major-version-specific directory names). ... there appears to be PostgreSQL data in: /var/lib/postgresql/data (unused mount/volume)',
    ],
    bad: 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - db-data:/var/lib/postres/data\nvolumes:\n  db-data:\n',
    good: 'services:\n  db:\n    image: postgres:16\n    volumes:\n      - db-data:/var/lib/postgresql/data\nvolumes:\n  db-data:\n',
    exampleLanguage: 'yaml',
    fixes: 'Mounts the volume at the image\'s data folder (postgres 18 and later: at `/var/lib/postgresql`). No fix for an unpinned postgres, whose folder depends on the day the image is pulled.',
    notFlagged: [
      'Services that also mount something at the data folder or above it, or that move the data folder (PGDATA, `--datadir`, `--dbpath`, `--dir`, a config file).',
      'Images that are not the official ones (bitnami and others keep their data elsewhere), except a misspelt data folder in an image whose name says which database it is.',
      'Anonymous volumes, bind mounts of files, and a compose `entrypoint:`.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    for (const s of scope.services) {
      let db = serviceDatabase(ctx.project, scope.view, s.name, s.merged, (n) => scope.image(n));
      let typoOnly = false;
      if (!db) {
        // A custom image whose name says which database it is (`me/blog-postgres`): only misspellings.
        const ref = imageRef(s.merged);
        const last = (ref ?? '').split('@')[0].split('/').pop() ?? '';
        const kind = /postgres|mysql|mariadb|mongo|redis/.exec(last.split(':')[0])?.[0];
        if (!ref || child(s.merged, 'build') || !kind || ref.includes('$')) continue;
        const d = databaseImage(kind === 'mongo' ? 'mongo' : kind);
        if (!d) continue;
        db = { ...d, ref, built: undefined };
        typoOnly = true;
      }
      if (child(s.merged, 'entrypoint')) continue;
      const kind = db.image.kind;
      if (MOVES_DATA[kind].test(commandText(s.merged, undefined))) continue;
      const env = serviceEnv(ctx.project, scope.view, s.merged);
      if (kind === 'postgres' && (env.has('PGDATA') || db.built?.env.has('PGDATA'))) continue;
      // Bind mounts of files (`./my.cnf`) configure; only folders and volumes hold data.
      const mounts = serviceMounts(s.merged).filter((m) => !m.target.includes('$') && (m.named || !/\.[A-Za-z0-9]{1,6}$/.test(m.source)));
      // An unpinned postgres is 18 or later today: the folder up to 17 is refused (unless a mount
      // at /var/lib/postgresql covers the new one too).
      if (kind === 'postgres' && !db.pinned && !typoOnly && !mounts.some((m) => m.target.replace(/\/+$/, '') === '/var/lib/postgresql')) {
        const old = mounts.find((m) => m.target.replace(/\/+$/, '') === POSTGRES_OLD_DATA && m.scalar.path === ctx.path && m.targetStart !== undefined);
        if (old && old.targetStart !== undefined && ctx.text.slice(old.targetStart, old.targetStart + POSTGRES_OLD_DATA.length) === POSTGRES_OLD_DATA) {
          report({ start: old.targetStart, end: old.targetStart + POSTGRES_OLD_DATA.length, messageId: 'unpinnedOldDir', data: { image: db.ref.split('@')[0], target: POSTGRES_OLD_DATA } });
          continue;
        }
      }
      if (mounts.some((m) => db!.alternatives.some((a) => covers(m.target, a.dataDir)))) continue;
      const bad = mounts.find((m) => db!.alternatives.some((a) => misplaced(m.target, a, typoOnly)));
      if (!bad || bad.scalar.path !== ctx.path || bad.targetStart === undefined) continue;
      const start = bad.targetStart;
      const end = start + bad.target.length;
      if (ctx.text.slice(start, end).replace(/\/+$/, '') !== bad.target) continue;
      const image = db.ref.split('@')[0];
      if (typoOnly) {
        const near = [...db.alternatives].sort((a, b) => editDistance(bad.target, a.dataDir) - editDistance(bad.target, b.dataDir))[0];
        const fixes: FixInput[] = [{ titleId: 'target', titleData: { path: near.dataDir }, preferred: true, edits: [{ path: ctx.path, start, end, newText: near.dataDir }] }];
        report({ start, end, messageId: 'typo', data: { image, dataDir: near.dataDir, target: bad.target, kind }, fixes });
        continue;
      }
      if (!db.pinned && kind === 'postgres') {
        report({ start, end, messageId: 'unpinned', data: { image, target: bad.target } });
        continue;
      }
      const fixed = db.image.volume.length < db.image.dataDir.length ? db.image.volume : db.image.dataDir;
      const fixes: FixInput[] = [{ titleId: 'target', titleData: { path: fixed }, preferred: true, edits: [{ path: ctx.path, start, end, newText: fixed }] }];
      // postgres 18 and later refuse a volume at the folder postgres up to 17 used: the container does not start.
      if (kind === 'postgres' && db.image.dataDir !== POSTGRES_OLD_DATA && bad.target === POSTGRES_OLD_DATA) {
        report({ start, end, messageId: 'oldPostgresDir', severity: 'error', data: { image, dataDir: db.image.dataDir, target: bad.target, fixed }, fixes });
        continue;
      }
      report({ start, end, messageId: 'misplaced', data: { image, dataDir: db.image.dataDir, target: bad.target, volume: db.image.volume, fixed }, fixes });
    }
  },
});
