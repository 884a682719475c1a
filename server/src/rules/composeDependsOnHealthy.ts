/**
 * DGT212 compose-depends-on-healthy: `depends_on` a database or broker without
 * `condition: service_healthy`.
 */
import { composeRule } from './context';
import type { FixInput, FileEdit } from '../core/types';
import { detectEol } from '../core/text';
import { child, scalarOf } from '../model/composeView';
import type { MMap } from '../model/composeView';
import { serviceNamed, isMap, isScalar, isSeq, Scalar } from '../parse/compose';
import type { ComposeService, Node } from '../parse/compose';
import type { Pair, YAMLMap, YAMLSeq } from 'yaml';
import { appendToBlock, appendToFlow, columnOf, composeScope, FileText, imageRef, imageRepo, indentUnit, lineStartOf, ownPair, titled } from './lib/composeKit';
import { commandText } from './lib/composeKit';
import { own } from '../core/table';

/** Images whose container is "started" long before it accepts connections. */
const SLOW_STARTERS: Record<string, string> = {
  postgres: 'PostgreSQL',
  postgis: 'PostgreSQL',
  timescaledb: 'PostgreSQL',
  'timescaledb-ha': 'PostgreSQL',
  mysql: 'MySQL',
  'mysql-server': 'MySQL',
  mariadb: 'MariaDB',
  'percona-server': 'MySQL',
  redis: 'Redis',
  'redis-stack-server': 'Redis',
  valkey: 'Valkey',
  mongo: 'MongoDB',
  rabbitmq: 'RabbitMQ',
  elasticsearch: 'Elasticsearch',
  opensearch: 'OpenSearch',
  cassandra: 'Cassandra',
  'clickhouse-server': 'ClickHouse',
  cockroach: 'CockroachDB',
  'mssql-server': 'SQL Server',
};

/** Healthcheck skeletons by image repository (the test must exist in the official image). */
function skeleton(repo: string): string | undefined {
  if (['postgres', 'postgis', 'timescaledb', 'timescaledb-ha'].includes(repo)) return '["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"]';
  if (repo === 'mysql' || repo === 'mysql-server' || repo === 'percona-server') return '["CMD", "mysqladmin", "ping", "-h", "127.0.0.1"]';
  if (repo === 'mariadb') return '["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"]';
  if (repo === 'redis' || repo === 'redis-stack-server') return '["CMD", "redis-cli", "ping"]';
  if (repo === 'valkey') return '["CMD", "valkey-cli", "ping"]';
  return undefined;
}

function hasHealthcheck(svc: MMap): 'yes' | 'no' | 'disabled' {
  const hc = child(svc, 'healthcheck');
  if (hc?.kind !== 'map') return 'no';
  if (scalarOf(child(hc, 'disable'))?.value === 'true') return 'disabled';
  const test = child(hc, 'test');
  if (test?.kind === 'seq' && scalarOf(test.items[0])?.value === 'NONE') return 'disabled';
  return test ? 'yes' : 'no';
}

/** Lines of a healthcheck block. */
function healthcheckLines(test: string, unit: string): string[] {
  return ['healthcheck:', `${unit}test: ${test}`, `${unit}interval: 5s`, `${unit}timeout: 5s`, `${unit}retries: 10`];
}

/** Rewrites a block list `- a` / `- b` into the long form, with `service_healthy` for `target`. */
function listToLongForm(f: FileText, seq: YAMLSeq, target: string, unit: string): FileEdit | undefined {
  const names: string[] = [];
  for (const it of seq.items as Node[]) {
    if (!isScalar(it) || it.type !== Scalar.PLAIN || typeof it.value !== 'string') return undefined;
    names.push(it.value);
  }
  const first = (seq.items[0] as Node).range;
  const last = (seq.items[seq.items.length - 1] as Node).range;
  if (!first || !last) return undefined;
  const dash = f.text.lastIndexOf('-', first[0]);
  const start = lineStartOf(f.text, first[0]);
  if (dash < start || f.text.slice(start, dash).trim()) return undefined;
  const indent = f.text.slice(start, dash);
  // Every line of the list must be a plain `- name` (no comments to lose).
  const nl = f.text.indexOf('\n', last[1]);
  const end = nl < 0 ? f.text.length : nl + 1;
  const body = f.text.slice(start, end).split(/\r?\n/).filter((l) => l.trim());
  if (body.length !== names.length || body.some((l) => !/^\s*-\s+[\w.-]+\s*$/.test(l))) return undefined;
  const lines: string[] = [];
  for (const n of names) lines.push(`${indent}${n}:`, `${indent}${unit}condition: ${n === target ? 'service_healthy' : 'service_started'}`);
  return { path: f.path, start, end, newText: lines.join(f.eol) + (nl < 0 ? '' : f.eol) };
}

function flowListToMap(f: FileText, seq: YAMLSeq, target: string): FileEdit | undefined {
  const names: string[] = [];
  for (const it of seq.items as Node[]) {
    if (!isScalar(it) || typeof it.value !== 'string') return undefined;
    names.push(it.value);
  }
  const r = seq.range;
  if (!r) return undefined;
  const inner = names.map((n) => `${n}: {condition: ${n === target ? 'service_healthy' : 'service_started'}}`).join(', ');
  const close = f.text.lastIndexOf(']', r[1]);
  if (close < r[0]) return undefined;
  return { path: f.path, start: r[0], end: close + 1, newText: `{${inner}}` };
}

/** Sets `condition: service_healthy` on an entry of a long-form depends_on map. */
function setCondition(f: FileText, deps: YAMLMap, target: string, unit: string): FileEdit | undefined {
  const pair = ownPair(deps, target) as Pair<Node, Node | null> | undefined;
  if (!pair) return undefined;
  const v = pair.value;
  if (v === null || (isScalar(v) && (v.value === null || v.value === undefined))) {
    const k = pair.key.range;
    if (!k || deps.flow) return undefined;
    const nl = f.text.indexOf('\n', k[1]);
    const indent = ' '.repeat(columnOf(f.text, k[0])) + unit;
    if (nl < 0) return { path: f.path, start: f.text.length, end: f.text.length, newText: `${f.eol}${indent}condition: service_healthy` };
    if (f.text.slice(k[1], nl).replace(/\r$/, '').replace(/^:\s*/, '').trim()) return undefined;
    return { path: f.path, start: nl + 1, end: nl + 1, newText: `${indent}condition: service_healthy${f.eol}` };
  }
  if (!isMap(v)) return undefined;
  const cond = ownPair(v, 'condition');
  if (cond && isScalar(cond.value) && cond.value.range) {
    const r = cond.value.range;
    return { path: f.path, start: r[0], end: r[1], newText: 'service_healthy' };
  }
  if (v.flow) return appendToFlow(f, v, 'condition: service_healthy');
  return appendToBlock(f, v, ['condition: service_healthy']);
}

/** Images of tools that sit beside a database and reconnect on their own. */
const TOOLS = /(^|\/)(adminer|phpmyadmin|pgadmin4?|kibana|grafana|prometheus|mongo-express|redis-commander|redisinsight|kafka-ui|metabase|nginx|traefik|caddy|dbgate|cloudbeaver|rabbitmq-exporter|postgres-exporter|mysqld-exporter|redis_exporter)$/i;

/** Brokers and coordination services that sit beside a database without dialling it. */
const INFRASTRUCTURE = /(^|\/)(kafka|cp-kafka|zookeeper|cp-zookeeper|schema-registry|cp-schema-registry|nats|nats-streaming|etcd|consul|minio|memcached)$/i;

/** Commands that wait for the database themselves. */
const WAITS = /wait-for|wait_for|waitfor|dockerize|until\s|\bnc\s+-z|pg_isready|mysqladmin\s+ping/i;

const FIX_TITLES: Record<string, string> = {
  healthy: 'Wait until {dep} is healthy',
  healthyWithCheck: 'Wait until {dep} is healthy (and add a healthcheck to {dep})',
};

export const composeDependsOnHealthy = composeRule({
  id: 'DGT212',
  name: 'compose-depends-on-healthy',
  kind: 'compose',
  severity: 'info',
  title: '`depends_on` a database without `condition: service_healthy`',
  fixTitles: FIX_TITLES,
  messages: {
    started:
      '`{service}` waits only until the `{dep}` container has started, not until {engine} accepts connections, so its first connections can fail: `dial tcp 172.18.0.2:{port}: connect: connection refused`. Use `condition: service_healthy` with a healthcheck on `{dep}`.',
  },
  docs: {
    what: 'Finds `depends_on` entries on a database or message broker (postgres, mysql, mariadb, redis, mongo, rabbitmq, ...) without `condition: service_healthy`.',
    why:
      'A plain `depends_on` (or `condition: service_started`) orders container start-up only. A database container is "started" seconds before it accepts connections — longer on the first run, while it initialises its data directory. A Go service that connects once at start-up and exits on error then crash-loops or, worse, keeps running without a database. `condition: service_healthy` waits for the dependency\'s healthcheck.',
    errorText: [
      'dial tcp 172.18.0.2:5432: connect: connection refused',
      'pq: the database system is starting up',
      'dial tcp 172.18.0.3:3306: connect: connection refused',
      'dependency failed to start: container db has no healthcheck configured',
    ],
    bad: 'services:\n  api:\n    build: .\n    depends_on:\n      - db\n  db:\n    image: postgres:16\n',
    good:
      'services:\n  api:\n    build: .\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"]\n      interval: 5s\n      timeout: 5s\n      retries: 10\n',
    exampleLanguage: 'yaml',
    fixes:
      'Sets `condition: service_healthy` (turning a list into the long form) and, when the database has no healthcheck, adds one suited to the image: `pg_isready` for postgres, `mysqladmin ping` for mysql, `healthcheck.sh` for mariadb, `redis-cli ping` for redis.',
    notFlagged: [
      'Dependencies on services that are not databases or brokers, and on services built from a Dockerfile (their readiness is unknown).',
      'Services built from the workspace that run no Go program (a web front end), administration and monitoring tools (adminer, phpMyAdmin, pgAdmin, kibana, grafana ...), databases, brokers and coordination services that run as themselves (no `command` or `entrypoint` of the service) and depend on another (a replica, Kafka, ZooKeeper, etcd), and services whose command waits for the database itself (`wait-for-it`, `dockerize -wait`, an `until nc -z` loop).',
      'Entries with `condition: service_healthy` or `service_completed_successfully`, and databases whose healthcheck is disabled.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    for (const s of scope.services) {
      const deps = child(s.merged, 'depends_on');
      if (deps?.kind !== 'map') continue;
      // A service the workspace builds counts when it runs a Go program; of the others, tools that
      // reconnect on their own (adminer, phpMyAdmin, kibana) do not. A command that waits
      // (wait-for-it, dockerize, an `until` loop) does the job of the condition.
      const image = scope.image(s.name);
      const ownRepo = imageRepo(imageRef(s.merged)) ?? '';
      // A database or broker running as itself beside another (a replica, Kafka beside PostgreSQL) is
      // no client of it; one whose command is overridden (`psql -f init.sql`, `redis-cli --cluster
      // create`) is.
      const runsItself = child(s.merged, 'command') === undefined && child(s.merged, 'entrypoint') === undefined;
      if (image ? !image.go : TOOLS.test(ownRepo) || (runsItself && (own(SLOW_STARTERS, ownRepo) !== undefined || INFRASTRUCTURE.test(ownRepo)))) continue;
      if (WAITS.test(commandText(s.merged, image))) continue;
      for (const [dep, e] of deps.entries) {
        if (e.path !== ctx.path) continue;
        const cond = scalarOf(child(e.value, 'condition'))?.value;
        if (cond === 'service_healthy' || cond === 'service_completed_successfully') continue;
        const target = scope.view.services.get(dep);
        if (!target || dep === s.name) continue;
        const repo = imageRepo(imageRef(target));
        const engine = repo ? own(SLOW_STARTERS, repo) : undefined;
        if (!repo || !engine) continue;
        const health = hasHealthcheck(target);
        if (health === 'disabled') continue;
        const port = { PostgreSQL: 5432, MySQL: 3306, MariaDB: 3306, Redis: 6379, Valkey: 6379, MongoDB: 27017, RabbitMQ: 5672, Elasticsearch: 9200, OpenSearch: 9200, Cassandra: 9042, ClickHouse: 9000, CockroachDB: 26257, 'SQL Server': 1433 }[engine] ?? 0;

        const fixes: FixInput[] = [];
        const edits: FileEdit[] = [];
        const unit = indentUnit(ctx, s.local);
        const pair = ownPair(s.local.node, 'depends_on');
        const value = pair?.value as Node | null | undefined;
        let depEdit: FileEdit | undefined;
        if (value && isSeq(value)) depEdit = value.flow ? flowListToMap(ctx, value, dep) : listToLongForm(ctx, value, dep, unit);
        else if (value && isMap(value)) depEdit = setCondition(ctx, value, dep, unit);
        if (depEdit) edits.push(depEdit);
        let hcEdit: FileEdit | undefined;
        const test = skeleton(repo);
        if (health === 'no' && test) {
          // The healthcheck goes into the file that defines the database service (this one if it can).
          const local = serviceNamed(ctx.model, dep);
          const where: { f: FileText; svc: ComposeService } | undefined = local
            ? { f: ctx, svc: local }
            : (() => {
                const file = [...scope.view.files].reverse().find((p) => ctx.project.compose(p)?.services.some((x) => x.name === dep && ownPair(x.node, 'image')));
                const text = file ? ctx.project.text(file) : undefined;
                const svc = file ? serviceNamed(ctx.project.compose(file), dep) : undefined;
                return file && text !== undefined && svc ? { f: { path: file, text, eol: detectEol(text) }, svc } : undefined;
              })();
          if (where) hcEdit = appendToBlock(where.f, where.svc.node, healthcheckLines(test, indentUnit(where.f, where.svc)));
        }
        if (depEdit && (health === 'yes' || hcEdit)) {
          if (hcEdit) edits.push(hcEdit);
          fixes.push({
            ...titled(FIX_TITLES, hcEdit ? 'healthyWithCheck' : 'healthy', { dep }),
            preferred: true,
            edits,
          });
        }
        report({ start: e.keyStart, end: e.keyEnd, messageId: 'started', data: { service: s.name, dep, engine, port }, fixes });
      }
    }
  },
});

