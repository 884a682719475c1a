/**
 * DGT211 compose-localhost-service-address: an environment value of a service points at localhost
 * on a port that another service of the same compose project provides.
 */
import { composeRule } from './context';
import type { FixInput, FileEdit, RelatedInput } from '../core/types';
import { child, scalarOf } from '../model/composeView';
import type { MMap } from '../model/composeView';
import { composeScope, ComposeScope, imageRef, imageRepo, networkMode, relatedMsg, titled } from './lib/composeKit';
import { serviceNamed } from '../parse/compose';
import { exposePorts, portMappings } from '../model/composeSpecs';
import { own } from '../core/table';

const LOOPBACK = '(localhost|127\\.0\\.0\\.1|\\[::1\\])';
const HAS_LOOPBACK = new RegExp(LOOPBACK, 'i');

/** Default ports of URL schemes that name a backend protocol (not HTTP: browsers use those URLs too). */
const SCHEME_PORTS: Record<string, number> = {
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  redis: 6379,
  rediss: 6379,
  mongodb: 27017,
  amqp: 5672,
  amqps: 5671,
  nats: 4222,
  memcached: 11211,
  clickhouse: 9000,
  'tcp': 0,
  grpc: 0,
};

/** Ports the official images of well-known servers listen on. */
const IMAGE_PORTS: Record<string, number[]> = {
  postgres: [5432], postgis: [5432], timescaledb: [5432], 'timescaledb-ha': [5432], pgvector: [5432],
  mysql: [3306], mariadb: [3306], 'percona-server': [3306], 'mysql-server': [3306],
  redis: [6379], valkey: [6379], keydb: [6379], 'redis-stack-server': [6379], dragonfly: [6379],
  mongo: [27017], rabbitmq: [5672], nats: [4222], memcached: [11211],
  kafka: [9092], 'cp-kafka': [9092], zookeeper: [2181], 'cp-zookeeper': [2181],
  etcd: [2379], 'clickhouse-server': [9000, 8123], cassandra: [9042], 'mssql-server': [1433],
  elasticsearch: [9200], opensearch: [9200], consul: [8500], minio: [9000], influxdb: [8086],
};

/** Prefixes of `*_HOST` variables and the default port of what they name. */
const HOST_PREFIX_PORTS: [RegExp, number][] = [
  [/POSTGRES|(^|_)PG|PSQL/, 5432],
  [/MYSQL|MARIADB/, 3306],
  [/REDIS|VALKEY/, 6379],
  [/MONGO/, 27017],
  [/RABBIT|AMQP/, 5672],
  [/NATS/, 4222],
  [/KAFKA/, 9092],
  [/MEMCACHE/, 11211],
];

/** Variables read by browsers (front-end build tools), where localhost is the user's machine. */
const BROWSER_VARS = /^(NEXT_PUBLIC_|VITE_|REACT_APP_|NUXT_PUBLIC_|PUBLIC_|GATSBY_|EXPO_PUBLIC_|VUE_APP_)/;
/** Variables that name where the service itself listens, not what it dials (`LISTEN_ADDR`, `BIND_ADDRESS`). */
const LISTEN_VARS = /(^|_)(LISTEN|LISTENING|BIND)(_|$)|(LISTEN|BIND)ADDR/i;

interface Target {
  /** Indices into the value: the host, and the port when written. */
  hostFrom: number;
  hostTo: number;
  portFrom: number | undefined;
  portTo: number | undefined;
  port: number;
  host: string;
}

function targetsIn(value: string): Target[] {
  // Every pattern below needs a loopback address; most values have none.
  if (!HAS_LOOPBACK.test(value)) return [];
  const out: Target[] = [];
  const taken: [number, number][] = [];
  const add = (t: Target) => {
    if (taken.some(([a, b]) => t.hostFrom < b && a < t.hostTo)) return;
    taken.push([t.hostFrom, t.hostTo]);
    out.push(t);
  };
  const url = new RegExp(`([a-z][a-z0-9+.-]*)://(?:[^@/\\s]*@)?${LOOPBACK}(?::(\\d{1,5}))?`, 'gi');
  for (let m = url.exec(value); m; m = url.exec(value)) {
    const scheme = m[1].toLowerCase();
    const hostFrom = m.index + m[0].length - m[2].length - (m[3] !== undefined ? m[3].length + 1 : 0);
    const hostTo = hostFrom + m[2].length;
    // Other hosts of a multi-host URL (mongodb://a,b) and HTTP URLs are left alone.
    const schemePort = own(SCHEME_PORTS, scheme);
    if (schemePort === undefined) {
      taken.push([hostFrom, hostTo]);
      continue;
    }
    const port = m[3] !== undefined ? Number(m[3]) : schemePort;
    if (!port) continue;
    add({ hostFrom, hostTo, portFrom: m[3] !== undefined ? hostTo + 1 : undefined, portTo: m[3] !== undefined ? hostTo + 1 + m[3].length : undefined, port, host: m[2] });
  }
  const mysql = new RegExp(`tcp\\(${LOOPBACK}(?::(\\d{1,5}))?\\)`, 'gi');
  for (let m = mysql.exec(value); m; m = mysql.exec(value)) {
    const hostFrom = m.index + 4;
    const hostTo = hostFrom + m[1].length;
    add({ hostFrom, hostTo, portFrom: m[2] ? hostTo + 1 : undefined, portTo: m[2] ? hostTo + 1 + m[2].length : undefined, port: m[2] ? Number(m[2]) : 3306, host: m[1] });
  }
  const kw = new RegExp(`(?:^|\\s)host=${LOOPBACK}(?=\\s|$)`, 'gi');
  for (let m = kw.exec(value); m; m = kw.exec(value)) {
    const hostFrom = m.index + m[0].length - m[1].length;
    const pm = /(?:^|\s)port=(\d{1,5})(?=\s|$)/.exec(value);
    add({ hostFrom, hostTo: hostFrom + m[1].length, portFrom: undefined, portTo: undefined, port: pm ? Number(pm[1]) : 5432, host: m[1] });
  }
  const plain = new RegExp(`(^|[\\s,;=])${LOOPBACK}:(\\d{1,5})(?=$|[\\s,;/])`, 'gi');
  for (let m = plain.exec(value); m; m = plain.exec(value)) {
    const hostFrom = m.index + m[1].length;
    const hostTo = hostFrom + m[2].length;
    add({ hostFrom, hostTo, portFrom: hostTo + 1, portTo: hostTo + 1 + m[3].length, port: Number(m[3]), host: m[2] });
  }
  return out;
}

interface Provider {
  name: string;
  /** The port to use inside the compose network (differs when the value used a published port). */
  port: number;
}

/** Ports a service answers on inside the compose network, and its published ports mapped to them. */
function servedPorts(scope: ComposeScope, name: string, svc: MMap): { inside: Set<number>; published: Map<number, number> } {
  const inside = new Set<number>();
  const published = new Map<number, number>();
  for (const m of portMappings(child(svc, 'ports'))) {
    if (m.target !== undefined) inside.add(m.target);
    if (m.published !== undefined && m.target !== undefined) published.set(m.published, m.target);
  }
  for (const e of exposePorts(child(svc, 'expose'))) inside.add(e.port);
  const repo = imageRepo(imageRef(svc));
  for (const p of (repo && own(IMAGE_PORTS, repo)) || []) inside.add(p);
  const hasBuild = !!child(svc, 'build');
  if (hasBuild) {
    const image = scope.image(name);
    for (const e of image?.exposes ?? []) inside.add(e.port);
    for (const l of image?.go?.listens ?? []) if (l.port !== undefined && !l.env.length && !l.flags.length) inside.add(l.port);
  }
  return { inside, published };
}

const FIX_TITLES: Record<string, string> = {
  serviceName: 'Use the service name: {address}',
};

const RELATED: Record<string, string> = {
  provider: 'The `{service}` service serves port {port}.',
};

export const composeLocalhostServiceAddress = composeRule({
  id: 'DGT211',
  name: 'compose-localhost-service-address',
  kind: 'compose',
  severity: 'error',
  title: 'Service address on localhost instead of the service name',
  fixTitles: FIX_TITLES,
  relatedMessages: RELATED,
  messages: {
    localhost:
      '`{key}` points at {host}:{port}, but inside the `{service}` container localhost is the container itself; port {port} is served by the `{provider}` service. The connection fails with `dial tcp 127.0.0.1:{port}: connect: connection refused`. Use the service name: `{fixed}`.',
    published:
      '`{key}` points at {host}:{port}, but inside the `{service}` container localhost is the container itself; {port} is the host port the `{provider}` service publishes, and inside the compose network it serves port {cport}. The connection fails with `dial tcp 127.0.0.1:{port}: connect: connection refused`. Use the service name and the container port: `{fixed}`.',
    several:
      '`{key}` points at {host}:{port}, but inside the `{service}` container localhost is the container itself; port {port} is served by the services {providers}. The connection fails with `dial tcp 127.0.0.1:{port}: connect: connection refused`. Use the name of the service you mean.',
  },
  docs: {
    what: 'Finds environment values (connection URLs, DSNs, `host:port` addresses, `*_HOST` variables) that point at `localhost` or `127.0.0.1` on a port that another service of the same compose project provides.',
    why:
      'Every compose service runs in its own container with its own network namespace: `localhost` inside the `api` container is `api` itself, not the `db` container next to it. Compose puts all services on one network where each is reachable by its service name, on its container port (not the published host port). The address that worked while the program ran on the host has to change to `db:5432` in the container.',
    errorText: ['dial tcp 127.0.0.1:5432: connect: connection refused', 'dial tcp [::1]:6379: connect: connection refused', 'Error 2003: Can\'t connect to MySQL server on \'127.0.0.1:3306\''],
    bad: 'services:\n  api:\n    build: .\n    environment:\n      DATABASE_URL: postgres://app:${DB_PASSWORD}@localhost:5432/app\n  db:\n    image: postgres:16\n',
    good: 'services:\n  api:\n    build: .\n    environment:\n      DATABASE_URL: postgres://app:${DB_PASSWORD}@db:5432/app\n  db:\n    image: postgres:16\n',
    exampleLanguage: 'yaml',
    fixes: 'Replaces `localhost` with the service name (and a published host port with the container port), when exactly one service provides the port.',
    notFlagged: [
      'HTTP and WebSocket URLs, and variables read by browsers (`NEXT_PUBLIC_*`, `VITE_*`, `REACT_APP_*`, ...): a browser\'s localhost is the user\'s machine.',
      'Services with `network_mode: host`, `service:...` or `container:...`, services another one joins with `network_mode: service:<name>` (a sidecar shares their localhost), and ports that no other service of the project provides.',
      'Variables that say where the service itself listens (`LISTEN_ADDR`, `BIND_ADDRESS`): localhost there keeps a port private to the container, a choice, not a wrong address.',
      'Values in env_file files; dial targets in Go code (DGT307 go-dials-localhost reports those).',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    // The ports every service serves, worked out when a value first names a loopback address.
    let servedCache: Map<string, { inside: Set<number>; published: Map<number, number> }> | undefined;
    const servedPortsOfAll = () => {
      if (!servedCache) {
        servedCache = new Map();
        for (const [name, svc] of scope.view.services) servedCache.set(name, servedPorts(scope, name, svc));
      }
      return servedCache;
    };
    // Services a sidecar joins (`network_mode: service:<name>`): the sidecar answers on their localhost.
    let joinedNames: Set<string> | undefined;
    const joinedBySidecar = (name: string): boolean => {
      if (!joinedNames) {
        joinedNames = new Set();
        for (const [, o] of scope.view.services) {
          const mode = networkMode(o);
          if (mode?.startsWith('service:')) joinedNames.add(mode.slice('service:'.length));
        }
      }
      return joinedNames.has(name);
    };
    for (const s of scope.services) {
      if (networkMode(s.merged)) continue;
      const env = child(s.merged, 'environment');
      if (env?.kind !== 'map') continue;
      for (const [key, e] of env.entries) {
        const v = scalarOf(e.value);
        if (!v || v.path !== ctx.path || v.value === undefined || BROWSER_VARS.test(key) || LISTEN_VARS.test(key)) continue;
        let targets = targetsIn(v.value);
        // `DB_HOST: localhost` with the port in a sibling variable (or the default of the database).
        if (!targets.length && /(^|_)(HOST|HOSTNAME)$/i.test(key) && new RegExp(`^${LOOPBACK}$`, 'i').test(v.value)) {
          const prefix = key.replace(/(^|_)(HOST|HOSTNAME)$/i, '');
          const portVar = scalarOf(env.entries.get(`${prefix}${prefix ? '_' : ''}PORT`)?.value)?.value;
          const def = HOST_PREFIX_PORTS.find(([re]) => re.test(key.toUpperCase()))?.[1];
          const port = portVar && /^\d{1,5}$/.test(portVar) ? Number(portVar) : def;
          if (port) targets = [{ hostFrom: 0, hostTo: v.value.length, portFrom: undefined, portTo: undefined, port, host: v.value }];
        }
        if (!targets.length) continue;
        const served = servedPortsOfAll();
        const own = served.get(s.name);
        for (const t of targets) {
          if (own?.inside.has(t.port) || joinedBySidecar(s.name)) continue;
          const providers: Provider[] = [];
          for (const [name, sp] of served) {
            if (name === s.name) continue;
            const other = scope.view.services.get(name);
            if (!other || networkMode(other) === 'host') continue;
            if (sp.inside.has(t.port)) providers.push({ name, port: t.port });
            else if (sp.published.has(t.port)) providers.push({ name, port: sp.published.get(t.port) as number });
          }
          if (!providers.length) continue;
          const hostStart = v.exact ? v.start + t.hostFrom : v.node.range?.[0] ?? v.start;
          const end = v.exact ? v.start + (t.portTo ?? t.hostTo) : v.node.range?.[1] ?? v.end;
          const related: RelatedInput[] = providers.map((p) => relatedMsg(RELATED, 'provider', providerLocation(ctx.path, scope, p), { service: p.name, port: p.port }));
          if (providers.length > 1) {
            report({ start: hostStart, end, messageId: 'several', data: { key, host: t.host, port: t.port, service: s.name, providers: providers.map((p) => `\`${p.name}\``).join(', ') }, related });
            continue;
          }
          const p = providers[0];
          const fixed = t.portFrom !== undefined || p.port !== t.port ? `${p.name}:${p.port}` : p.name;
          const fixes: FixInput[] = [];
          // When the port is not written next to the host (a sibling *_PORT, a scheme default) and
          // must change too, there is no single edit to offer.
          if (v.exact && (t.portFrom !== undefined || p.port === t.port)) {
            const edit: FileEdit = { path: ctx.path, start: hostStart, end: v.start + (t.portTo ?? t.hostTo), newText: fixed };
            fixes.push({ ...titled(FIX_TITLES, 'serviceName', { address: fixed }), preferred: true, edits: [edit] });
          }
          const messageId = p.port === t.port ? 'localhost' : 'published';
          report({ start: hostStart, end, messageId, data: { key, host: t.host, port: t.port, service: s.name, provider: p.name, cport: p.port, fixed }, fixes, related });
        }
      }
    }
  },
});

/** Where a providing service is defined (its key in the last file of the view that has it). */
function providerLocation(fallback: string, scope: ComposeScope, p: Provider): { path: string; start: number; end: number } {
  for (const f of [...scope.view.files].reverse()) {
    const svc = serviceNamed(scope.ctx.project.compose(f), p.name);
    if (svc) return { path: f, start: svc.keyStart, end: svc.keyEnd };
  }
  return { path: fallback, start: 0, end: 0 };
}

