/**
 * DGT307 go-dials-localhost: a Go main run by a compose service dials a database, cache or broker
 * on localhost — inside the container that is the container itself. Names the compose service that
 * provides the port when the compose file has one.
 */
import { goRule } from './context';
import type { Containerization, Project } from '../project/project';
import type { FixInput, RelatedInput } from '../core/types';
import { mapGet, isMap, isSeq, scalarString, Node } from '../parse/compose';
import { splitImage } from '../parse/dockerfile';
import { renderLiteral, DialKind } from '../parse/go';
import { containerizedMain, LOOPBACK_HOST, overridden, sharesNetwork } from '../model/goMain';

const KIND_NAMES: Record<DialKind, string> = {
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  sql: 'database',
  redis: 'Redis',
  mongo: 'MongoDB',
  amqp: 'RabbitMQ',
  nats: 'NATS',
  kafka: 'Kafka',
  grpc: 'gRPC',
};

/** Default ports of well-known images. */
const IMAGE_PORTS: [RegExp, number][] = [
  [/(^|\/)(postgres|postgis|postgresql|timescaledb(-ha)?|pgvector|supabase-postgres)$/, 5432],
  [/(^|\/)(mysql|mariadb|percona(-server)?|mysql-server)$/, 3306],
  [/(^|\/)(redis|valkey|keydb|redis-stack(-server)?|dragonfly)$/, 6379],
  [/(^|\/)(mongo|mongodb(-community-server)?)$/, 27017],
  [/(^|\/)rabbitmq$/, 5672],
  [/(^|\/)nats$/, 4222],
  [/(^|\/)(cp-kafka|kafka)$/, 9092],
];

interface Provider {
  name: string;
  keyStart: number;
  keyEnd: number;
  composePath: string;
}

function containerPorts(node: Node | undefined): number[] {
  const out: number[] = [];
  if (!isSeq(node)) return out;
  for (const item of node.items) {
    if (isMap(item)) {
      const t = scalarString(item.get('target', true) as Node | undefined);
      if (t && /^\d+$/.test(t)) out.push(Number(t));
      continue;
    }
    const s = scalarString(item as Node);
    if (!s) continue;
    const m = /(\d+)(?:-\d+)?(?:\/\w+)?$/.exec(s);
    if (m) out.push(Number(m[1]));
  }
  return out;
}

/** Compose services of the same file (other than the program's own) that serve `port`. */
function providers(project: Project, c: Containerization, port: number): Provider[] {
  const s = c.build.service;
  if (!s) return [];
  const model = project.compose(s.composePath);
  const out: Provider[] = [];
  for (const svc of model?.services ?? []) {
    if (svc.name === s.name) continue;
    const image = scalarString(mapGet(svc.doc, svc.node, 'image'));
    const repo = image ? splitImage(image).repo : undefined;
    const byImage = repo !== undefined && IMAGE_PORTS.some(([re, p]) => p === port && re.test(repo));
    const declared = [...containerPorts(mapGet(svc.doc, svc.node, 'ports')), ...containerPorts(mapGet(svc.doc, svc.node, 'expose'))];
    if (byImage || declared.includes(port)) out.push({ name: svc.name, keyStart: svc.keyStart, keyEnd: svc.keyEnd, composePath: s.composePath });
  }
  return out;
}

export const goDialsLocalhost = goRule({
  id: 'DGT307',
  name: 'go-dials-localhost',
  kind: 'go',
  severity: 'warning',
  title: 'Containerized program dials localhost for a database or cache',
  fixTitles: { useService: 'Connect to the compose service "{service}"' },
  messages: {
    service:
      '{api} connects to the {what} at {target}, but inside the container localhost is the container itself: the connection fails with `dial tcp {ip}:{port}: connect: connection refused`. The compose service "{service}" provides port {port}: use its name as the host ({fixed}).',
    services:
      '{api} connects to the {what} at {target}, but inside the container localhost is the container itself (`dial tcp {ip}:{port}: connect: connection refused`). Use the name of the compose service that runs it ({services}) as the host.',
    noService:
      '{api} connects to the {what} at {target}, but inside the container localhost is the container itself (`dial tcp {ip}:{port}: connect: connection refused`). Use the compose service name of the {what}, or host.docker.internal for one running on the host machine, ideally from an environment variable.',
  },
  relatedMessages: { provides: 'Compose service "{service}" provides port {port}.', connects: '{api} connects here.' },
  docs: {
    what: 'Finds database, cache and broker connections to `localhost`, `127.0.0.1` or `::1` (sql.Open, gorm, pgx, go-redis, redigo, mongo ApplyURI, amqp, nats, kafka) in a Go main package that a compose service of the workspace runs.',
    why:
      'Compose puts every service in its own container on a shared network, where services reach each other by service name. localhost inside the program\'s container is that container, where no database listens. The same code works with `go run` on the laptop, so the failure shows up only after `docker compose up`.',
    errorText: ['dial tcp 127.0.0.1:5432: connect: connection refused', 'dial tcp [::1]:6379: connect: connection refused', 'server selection error: ... connection refused'],
    bad: 'package main\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/lib/pq"\n)\n\nfunc main() {\n\tdb, _ := sql.Open("postgres", "postgres://app:secret@localhost:5432/app?sslmode=disable")\n\t_ = db.Ping()\n}\n',
    good: 'package main\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/lib/pq"\n)\n\nfunc main() {\n\tdb, _ := sql.Open("postgres", "postgres://app:secret@db:5432/app?sslmode=disable")\n\t_ = db.Ping()\n}\n',
    exampleLanguage: 'go',
    fixes: 'A code action (not applied by "fix all" or `--fix`: the service name resolves only on the compose network, so `go run` on the host would break): when exactly one other service of the compose file provides the port (by a well-known image such as postgres, mysql, redis, mongo, rabbitmq, nats, kafka, or by its `ports`/`expose`), replaces the host in the literal with that service\'s name.',
    notFlagged: [
      'Programs that no compose service runs (a Kubernetes pod shares localhost with its sidecars, such as the Cloud SQL proxy), and services with `network_mode: host`, `service:...` or `container:...`.',
      'A localhost default of an environment variable or flag that the compose service or Dockerfile sets.',
      'HTTP and gRPC clients (a localhost sidecar such as Dapr is common), tests and generated files.',
    ],
  },
  check(ctx, report) {
    const main = containerizedMain(ctx);
    if (!main) return;
    const uses = main.uses.filter((c) => c.build.service && !sharesNetwork(c.build.service.networkMode));
    if (!uses.length) return;
    const done = new Set<number>();
    for (const d of main.pkg.dials) {
      const hl = d.hostLit;
      if (d.kind === 'grpc' || !hl || hl.path !== ctx.path || d.host === undefined || !LOOPBACK_HOST.test(d.host) || done.has(hl.lit.start)) continue;
      if (overridden(ctx.project, uses, hl.env, hl.flags)) continue;
      done.add(hl.lit.start);
      const port = d.port;
      const found = port === undefined ? [] : providers(ctx.project, uses[0], port);
      const ip = d.host === 'localhost' ? '127.0.0.1' : d.host === '::1' ? '[::1]' : d.host;
      const data = { api: d.api, what: KIND_NAMES[d.kind], target: d.text, ip, port: port ?? '?', service: '', services: found.map((p) => `"${p.name}"`).join(', '), fixed: '' };
      const related: RelatedInput[] = found.slice(0, 3).map((p) => ({ path: p.composePath, start: p.keyStart, end: p.keyEnd, messageId: 'provides', data: { service: p.name, port: port ?? '' } }));
      if (d.path !== ctx.path || hl.lit.start < d.start || hl.lit.end > d.end) related.unshift({ path: d.path ?? ctx.path, start: d.start, end: d.end, messageId: 'connects', data: { api: d.api } });
      const fixes: FixInput[] = [];
      const messageId = found.length === 1 ? 'service' : found.length > 1 ? 'services' : 'noService';
      if (found.length === 1) {
        const name = found[0].name;
        const newValue = hl.lit.value.slice(0, hl.from) + name + hl.lit.value.slice(hl.to);
        const newText = renderLiteral(hl.lit, newValue);
        data.service = name;
        data.fixed = d.text.replace(hl.lit.value.slice(hl.from, hl.to), name);
        if (newText) fixes.push({ titleId: 'useService', titleData: { service: name }, edits: [{ path: ctx.path, start: hl.lit.start, end: hl.lit.end, newText }] });
      }
      report({ start: hl.lit.start, end: hl.lit.end, messageId, data, fixes, related });
    }
  },
});
