/**
 * Bitnami's application images (github.com/bitnami/containers, also published as `bitnamilegacy/*`):
 * each Dockerfile ends with `USER 1001`, so the server runs as uid 1001, and keeps its data in a
 * persistence folder that the image's README and docker-compose.yml mount a volume on. Their READMEs
 * say: "As this is a non-root container, the mounted files and directories must have the proper
 * permissions for the UID 1001."
 *
 * Sources: bitnami/containers, `bitnami/<app>/<major>/debian-12/Dockerfile` (USER) and
 * `docker-compose.yml` / README.md (persistence folder), read at the commits named per entry;
 * error lines from the issues named per entry. bitnami/golang and bitnami/git run as root and
 * bitnami/minideb sets no user (mkimage/import in bitnami/minideb): they are not here.
 *
 * Data and string matching only: this module imports nothing.
 */
import { own } from '../core/table';

export interface BitnamiImage {
  app: string;
  /** The uid the server runs as. */
  uid: number;
  /** The folder the image keeps its data in (a volume goes here). */
  persistence: string;
  /** A variable of the image that moves the data folder (bitnami/etcd's ETCD_DATA_DIR), and what the server then prints (`{dir}`: the folder). */
  dataDirEnv?: string;
  movedError?: string;
  /** What the server prints instead when a variable of the service turns the failing feature off (`REDIS_AOF_ENABLED=no`). */
  errorWhen?: { env: string; value: string; error: string };
  /** What the server prints when it cannot write there, as reported by users; undefined when not found. */
  error?: string;
  source: string;
}

const B = 'bitnami/containers@';

const TABLE: readonly BitnamiImage[] = [
  {
    app: 'postgresql',
    uid: 1001,
    persistence: '/bitnami/postgresql',
    error: "mkdir: cannot create directory '/bitnami/postgresql/data': Permission denied",
    source: `${B}0293904c:bitnami/postgresql/17/debian-12/Dockerfile; README.md; bitnami/bitnami-docker-postgresql#162`,
  },
  {
    app: 'mysql',
    uid: 1001,
    persistence: '/bitnami/mysql',
    error: "mkdir: cannot create directory '/bitnami/mysql/data': Permission denied",
    source: `${B}043f89c8:bitnami/mysql/8.4/debian-12/Dockerfile; 8.4/debian-12/docker-compose.yml (/bitnami/mysql/data); bitnami/containers#39980`,
  },
  {
    app: 'mariadb',
    uid: 1001,
    persistence: '/bitnami/mariadb',
    error: "mkdir: cannot create directory '/bitnami/mariadb/data': Permission denied",
    source: `${B}00f78998:bitnami/mariadb/11.4/debian-12/Dockerfile; README.md; bitnami/containers#23841`,
  },
  {
    app: 'mongodb',
    uid: 1001,
    persistence: '/bitnami/mongodb',
    error: "mkdir: cannot create directory '/bitnami/mongodb/data': Permission denied",
    source: `${B}043f89c8:bitnami/mongodb/8.0/debian-12/Dockerfile; README.md; bitnami/bitnami-docker-mongodb#271`,
  },
  {
    app: 'redis',
    uid: 1001,
    persistence: '/bitnami/redis',
    error: "Can't open the append-only file: Permission denied",
    // Without the append-only file, the first save fails instead (redis src/rdb.c, rdbSave).
    errorWhen: { env: 'REDIS_AOF_ENABLED', value: 'no', error: 'Failed opening the RDB file dump.rdb (in server root dir /bitnami/redis/data) for saving: Permission denied' },
    source: `${B}02a6e6c6:bitnami/redis/7.4/debian-12/Dockerfile; docker-compose.yml (/bitnami/redis/data); bitnami/bitnami-docker-redis#121`,
  },
  {
    app: 'kafka',
    uid: 1001,
    persistence: '/bitnami/kafka',
    error: "mkdir: cannot create directory '/bitnami/kafka/config': Permission denied",
    source: `${B}03e48181:bitnami/kafka/3.9/debian-12/Dockerfile; README.md; bitnami/containers#41422`,
  },
  { app: 'zookeeper', uid: 1001, persistence: '/bitnami/zookeeper', source: `${B}031d7a5f:bitnami/zookeeper/3.9/debian-12/Dockerfile; README.md` },
  { app: 'rabbitmq', uid: 1001, persistence: '/bitnami/rabbitmq', source: `${B}03cb96e8:bitnami/rabbitmq/4.0/debian-12/Dockerfile; docker-compose.yml (/bitnami/rabbitmq/mnesia)` },
  {
    app: 'etcd',
    uid: 1001,
    persistence: '/bitnami/etcd',
    dataDirEnv: 'ETCD_DATA_DIR',
    error: 'etcdmain: cannot access data directory: mkdir /bitnami/etcd/data: permission denied',
    movedError: 'etcdmain: cannot access data directory: open {dir}/.touch: permission denied',
    source: `${B}0315ef76:bitnami/etcd/3.5/debian-12/Dockerfile; docker-compose.yml; apache/apisix-docker#192, #171 (ETCD_DATA_DIR with a bind mount); etcd-io/etcd#12833 (.touch)`,
  },
  { app: 'minio', uid: 1001, persistence: '/bitnami/minio/data', source: `${B}04296e73:bitnami/minio/2025/debian-12/Dockerfile (VOLUME /bitnami/minio/data)` },
  { app: 'elasticsearch', uid: 1001, persistence: '/bitnami/elasticsearch', source: `${B}0941ed83:bitnami/elasticsearch/8/debian-12/Dockerfile; README.md` },
  {
    app: 'cassandra',
    uid: 1001,
    persistence: '/bitnami/cassandra',
    error: "mkdir: cannot create directory '/bitnami/cassandra': Permission denied",
    source: `${B}029721dd:bitnami/cassandra/5.0/debian-12/Dockerfile; README.md; bitnami/bitnami-docker-cassandra#76`,
  },
  { app: 'grafana', uid: 1001, persistence: '/opt/bitnami/grafana/data', source: `${B}022ca3f3:bitnami/grafana/11/debian-12/Dockerfile; docker-compose.yml` },
];

/** Bitnami images that run as uid 1001 and keep no data of their own (for the image's default user). */
const NO_DATA: Record<string, string> = {
  nginx: `${B}043f89c8:bitnami/nginx/1.27/debian-12/Dockerfile`,
  memcached: `${B}01683676:bitnami/memcached/1/debian-12/Dockerfile`,
  kubectl: `${B}043f89c8:bitnami/kubectl/1.32/debian-12/Dockerfile`,
  keycloak: `${B}069110ca:bitnami/keycloak/26/debian-12/Dockerfile`,
};

/** The app of a Bitnami image reference (`bitnami/postgresql:16`, `docker.io/bitnamilegacy/redis`), if it is one. */
function appOf(repo: string): string | undefined {
  const parts = repo.toLowerCase().split('@')[0].split('/');
  if (parts.length < 2) return undefined;
  const ns = parts[parts.length - 2];
  return ns === 'bitnami' || ns === 'bitnamilegacy' ? parts[parts.length - 1].split(':')[0] : undefined;
}

/** The Bitnami image with a persistence folder behind an image reference; undefined for others. */
export function bitnamiImage(ref: string): BitnamiImage | undefined {
  if (!ref || ref.includes('$')) return undefined;
  const app = appOf(ref);
  return app ? TABLE.find((b) => b.app === app) : undefined;
}

/** The uid a Bitnami image runs as, with the source; undefined for other images and for those that run as root. */
export function bitnamiUser(repo: string): { uid: number; source: string } | undefined {
  const app = appOf(repo);
  if (!app) return undefined;
  const known = TABLE.find((b) => b.app === app);
  if (known) return { uid: known.uid, source: known.source };
  return own(NO_DATA, app) ? { uid: 1001, source: own(NO_DATA, app) as string } : undefined;
}
