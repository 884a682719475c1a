/**
 * The official database images that compose files start next to a Go service: where each keeps its
 * data, which settings its entrypoint requires before it initialises an empty data folder, and the
 * exact texts it stops with. Every entry names the entrypoint and Dockerfile it was read from
 * (repository@commit:path).
 *
 * This module is data and string matching only: it imports nothing, so every layer can use it.
 */

export type DatabaseKind = 'postgres' | 'mysql' | 'mariadb' | 'mongo' | 'redis';

export interface DatabaseImage {
  kind: DatabaseKind;
  /** Where the server keeps its data (PGDATA, datadir, dbpath, dir). */
  dataDir: string;
  /** The folder the image declares as VOLUME: data written under it survives only in an anonymous volume. */
  volume: string;
  /**
   * Settings of which one must be set (non-empty) before the entrypoint initialises an empty data
   * folder; empty when nothing is required. `*_FILE` variants count too.
   */
  required: readonly string[];
  /** A variable whose listed value also satisfies the requirement (POSTGRES_HOST_AUTH_METHOD=trust). */
  alternative?: { name: string; value: string };
  /** The entrypoint's error when none of `required` is set, verbatim. */
  requiredError?: string;
  /** `MYSQL_USER=root` is refused by the entrypoint (mysql only; mariadb has no such check). */
  rootUserError?: string;
  /**
   * The server reads a configuration file only when its command names one: the image holds none
   * and its CMD starts the server without one (redis: `CMD ["redis-server"]`).
   */
  configOnlyWhenNamed?: boolean;
  source: string;
}

const POSTGRES_SRC =
  'docker-library/postgres@6edb0a8c4def40c371514b34aef9037ec82d9110:docker-entrypoint.sh (docker_verify_minimum_env), 17/bookworm/Dockerfile, 18/trixie/Dockerfile; PGDATA change in 18+: docker-library/postgres@b9a533c87bdd767c228bf4c7490f9a6437a7d9f3';
const MYSQL_SRC = 'docker-library/mysql@7f30fdb0738041fc5125e8218e393e0a891243e9:8.4/docker-entrypoint.sh (docker_verify_minimum_env), 8.4/Dockerfile.oracle';
const MARIADB_SRC = 'MariaDB/mariadb-docker@1b6429ba3544e134715c15f8c56cc6f665f827c9:docker-entrypoint.sh (docker_verify_minimum_env, _mariadb_file_env), 11.8/Dockerfile';
const MONGO_SRC = 'docker-library/mongo@2c69a57b939afb99266e8f97258adb178e9559e0:8.3/Dockerfile (VOLUME /data/db /data/configdb)';
const REDIS_SRC = 'docker-library/redis@e92049967d6baa9b4b3d6fd950553e6458e61f13:7.2/debian/Dockerfile (VOLUME /data, WORKDIR /data, CMD ["redis-server"])';

const POSTGRES_REQUIRED_ERROR =
  'Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD to a non-empty value for the\n       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".';
const MYSQL_REQUIRED_ERROR =
  'Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD';
const MYSQL_ROOT_USER_ERROR =
  'MYSQL_USER="root", MYSQL_USER and MYSQL_PASSWORD are for configuring a regular user and cannot be used for the root user';
const MARIADB_REQUIRED_ERROR =
  'Database is uninitialized and password option is not specified\n\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD';

/** postgres up to 17: PGDATA and VOLUME /var/lib/postgresql/data. */
const POSTGRES_17: DatabaseImage = {
  kind: 'postgres',
  dataDir: '/var/lib/postgresql/data',
  volume: '/var/lib/postgresql/data',
  required: ['POSTGRES_PASSWORD'],
  alternative: { name: 'POSTGRES_HOST_AUTH_METHOD', value: 'trust' },
  requiredError: POSTGRES_REQUIRED_ERROR,
  source: POSTGRES_SRC,
};

/**
 * postgres images built before February 2020: their entrypoint only warned about a missing
 * POSTGRES_PASSWORD and let everyone in without one. The check that stops came with the releases
 * of 13 February 2020 — 12.2, 11.7, 10.12, 9.6.17, 9.5.21, 9.4.26 (docker-library/postgres pull
 * request 658, commit 42ce7437ee68150ee29f5272428aa4fc657dc6dc; issue 681 reports it between
 * 9.5.20 and 9.5.21). A tag that names an earlier patch release is never rebuilt; a tag that
 * names only a major version (`11`, `9.6`) is, up to its last release, which has the check.
 */
const POSTGRES_BEFORE_2020: DatabaseImage = {
  ...POSTGRES_17,
  required: [],
  alternative: undefined,
  requiredError: undefined,
  source: 'docker-library/postgres@42ce7437ee68150ee29f5272428aa4fc657dc6dc:docker-entrypoint.sh (the password check added; before it, a warning); release dates: docker-library/postgres issue 681',
};

/** The first release of each postgres line whose image stops without a password; lines before 9.4 never got it. */
const POSTGRES_PASSWORD_CHECK_SINCE: Record<string, number> = { '12': 2, '11': 7, '10': 12, '9.6': 17, '9.5': 21, '9.4': 26 };

/** Whether a postgres tag names a release built before the password check (`11.4`, `9.6.16-alpine`, `9.3`). */
function postgresBeforeCheck(tag: string): boolean {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?![\d.])/.exec(tag);
  if (!m) return false;
  const major = Number(m[1]);
  if (major >= 13) return false;
  // 9.x and older: the line is `9.<minor>`, the release its third number.
  const line = major >= 10 ? String(major) : m[2] === undefined ? undefined : `${major}.${m[2]}`;
  if (line === undefined) return false; // `9`: the newest 9.x, rebuilt with the check
  const release = major >= 10 ? m[2] : m[3];
  const since = POSTGRES_PASSWORD_CHECK_SINCE[line];
  if (since === undefined) return major < 9 || (major === 9 && Number(m[2]) < 4);
  return release !== undefined && Number(release) < since;
}

/** postgres 18 and later: PGDATA=/var/lib/postgresql/<major>/docker, VOLUME /var/lib/postgresql. */
function postgres18(major: number): DatabaseImage {
  return { ...POSTGRES_17, dataDir: `/var/lib/postgresql/${major}/docker`, volume: '/var/lib/postgresql' };
}

const MYSQL: DatabaseImage = {
  kind: 'mysql',
  dataDir: '/var/lib/mysql',
  volume: '/var/lib/mysql',
  required: ['MYSQL_ROOT_PASSWORD', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD'],
  requiredError: MYSQL_REQUIRED_ERROR,
  rootUserError: MYSQL_ROOT_USER_ERROR,
  source: MYSQL_SRC,
};

const MARIADB: DatabaseImage = {
  kind: 'mariadb',
  dataDir: '/var/lib/mysql',
  volume: '/var/lib/mysql',
  // The entrypoint maps the MYSQL_* names onto their MARIADB_* counterparts.
  required: [
    'MARIADB_ROOT_PASSWORD', 'MARIADB_ROOT_PASSWORD_HASH', 'MARIADB_ALLOW_EMPTY_ROOT_PASSWORD', 'MARIADB_RANDOM_ROOT_PASSWORD',
    'MYSQL_ROOT_PASSWORD', 'MYSQL_ALLOW_EMPTY_PASSWORD', 'MYSQL_RANDOM_ROOT_PASSWORD',
  ],
  requiredError: MARIADB_REQUIRED_ERROR,
  source: MARIADB_SRC,
};

const MONGO: DatabaseImage = { kind: 'mongo', dataDir: '/data/db', volume: '/data/db', required: [], source: MONGO_SRC };
const REDIS: DatabaseImage = { kind: 'redis', dataDir: '/data', volume: '/data', required: [], configOnlyWhenNamed: true, source: REDIS_SRC };

/**
 * The database image behind an official repository name (`postgres`, `library/mysql`,
 * `docker.io/library/mariadb` ...) and tag. For postgres the layout depends on the major version:
 * a tag without one (`latest`, `alpine`, none) gives `undefined` for `pinned` and both layouts.
 * Undefined for other images (bitnami, percona ... read other settings).
 */
export function databaseImage(ref: string): { image: DatabaseImage; alternatives: DatabaseImage[]; pinned: boolean } | undefined {
  if (!ref || ref.includes('$')) return undefined;
  const noDigest = ref.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = (colon > slash ? noDigest.slice(0, colon) : noDigest).toLowerCase();
  const tag = colon > slash ? noDigest.slice(colon + 1).toLowerCase() : 'latest';
  const parts = repo.split('/');
  const last = parts[parts.length - 1];
  const official =
    parts.length === 1 ||
    (parts.length === 2 && (parts[0] === 'library' || /[.:]/.test(parts[0]))) ||
    (parts.length === 3 && parts[1] === 'library' && /[.:]/.test(parts[0]));
  if (!official) return undefined;
  const major = /^(\d+)/.exec(tag);
  switch (last) {
    case 'postgres': {
      if (!major) return { image: postgres18(18), alternatives: [postgres18(18), POSTGRES_17], pinned: false };
      const m = Number(major[1]);
      const image = m >= 18 ? postgres18(m) : postgresBeforeCheck(tag) ? POSTGRES_BEFORE_2020 : POSTGRES_17;
      return { image, alternatives: [image], pinned: true };
    }
    case 'mysql':
      return { image: MYSQL, alternatives: [MYSQL], pinned: !!major };
    case 'mariadb':
      return { image: MARIADB, alternatives: [MARIADB], pinned: !!major };
    case 'mongo':
      return { image: MONGO, alternatives: [MONGO], pinned: !!major };
    case 'redis':
      return { image: REDIS, alternatives: [REDIS], pinned: !!major };
    default:
      return undefined;
  }
}
