/**
 * DGT307 go-dials-localhost: a Go main run by a compose service dials a database, cache or broker
 * on localhost — inside the container that is the container itself. Names the compose service that
 * provides the port when the compose file has one.
 */
import { goRule, type GoContext } from './context';
import type { Containerization, Project } from '../project/project';
import type { FileEdit, FixInput, RelatedInput, ReportInput } from '../core/types';
import { detectEol } from '../core/text';
import { mapGet, scalarString } from '../parse/compose';
import { splitImage } from '../parse/dockerfile';
import { renderLiteral, type DialFact } from '../parse/go';
import { composeService, containerizedMain, LOOPBACK_HOST, overridden, sharesNetwork } from '../model/goMain';
import { addEnvVar } from './lib/composeKit';
import { configFindings, configLines, containerPorts, defaultPort, IMAGE_PORTS, KIND_NAMES, providers } from './lib/localhostDials';

export const goDialsLocalhost = goRule({
  id: 'DGT307',
  name: 'go-dials-localhost',
  kind: 'go',
  severity: 'warning',
  title: 'Containerized program dials localhost for a database or cache',
  fixTitles: {
    useService: 'Connect to the compose service "{service}"',
    setEnv: 'Set {env}={value} for the compose service "{service}"',
    usePort: 'Connect to {service} on port {port}',
  },
  messages: {
    service:
      '{api} connects to the {what} at {target}, but inside the container localhost is the container itself: the connection fails with `dial tcp {ip}:{port}: connect: connection refused`. The compose service "{service}" provides port {port}: use its name as the host ({fixed}).',
    services:
      '{api} connects to the {what} at {target}, but inside the container localhost is the container itself (`dial tcp {ip}:{port}: connect: connection refused`). Use the name of the compose service that runs it ({services}) as the host.',
    noService:
      '{api} connects to the {what} at {target}, but inside the container localhost is the container itself (`dial tcp {ip}:{port}: connect: connection refused`). Use the compose service name of the {what}, or host.docker.internal for one running on the host machine, ideally from an environment variable.',
    envDefault:
      '{api} connects to the {what} at {target}: `{env}` is not set for the container of "{own}", so the code\'s default applies, and inside the container localhost is the container itself (`dial tcp {ip}:{port}: connect: connection refused`). The compose service "{service}" provides port {port}: set `{env}: {value}` in the environment of "{own}".',
    envDefaultNoService:
      '{api} connects to the {what} at {target}: `{env}` is not set for the container of "{own}", so the code\'s default applies, and inside the container localhost is the container itself (`dial tcp {ip}:{port}: connect: connection refused`). Set `{env}` in the environment of "{own}" to the compose service name of the {what}, or to host.docker.internal for one on the host machine.',
    config:
      '{api} reads `{config}`, which the image has from the build context, and it points the {what} at `{value}` (`{key}`): inside the container localhost is the container itself, so the program fails with `dial tcp {ip}:{port}: connect: connection refused`. The compose service "{service}" provides port {port}: use its name as the host there, or let an environment variable set the address.',
    configNoService:
      '{api} reads `{config}`, which the image has from the build context, and it points the {what} at `{value}` (`{key}`): inside the container localhost is the container itself, so the program fails with `dial tcp {ip}:{port}: connect: connection refused`. Use the compose service name of the {what} there (or host.docker.internal for one on the host machine), or let an environment variable set the address.',
    wrongPort:
      '{api} connects to {target}, but the compose service "{service}" runs {image}, which listens on port {expected} inside the compose network: the connection fails with `dial tcp: connect: connection refused`. A `ports:` mapping such as "{port}:{expected}" changes only the port on the host; between containers use {service}:{expected}.',
  },
  relatedMessages: {
    provides: 'Compose service "{service}" provides port {port}.',
    connects: '{api} connects here.',
    configLine: 'The {what} address ({key}).',
    runs: 'Compose service "{service}" runs {image}, which listens on {port}.',
  },
  docs: {
    what: 'Finds database, cache and broker connections to `localhost`, `127.0.0.1` or `::1` (sql.Open, gorm, pgx, go-redis, redigo, mongo ApplyURI, amqp, nats, kafka) in a Go main package that a compose service of the workspace runs — also as the default of an environment variable the service does not set, and in the config files (ini, yaml, json, toml, .env) the program reads and the image copies in; and connections to another compose service on a port its image does not listen on (`redis:6380` for a redis service on 6379).',
    why:
      'Compose puts every service in its own container on a shared network, where services reach each other by service name. localhost inside the program\'s container is that container, where no database listens. The same code works with `go run` on the laptop, so the failure shows up only after `docker compose up`.',
    errorText: ['dial tcp 127.0.0.1:5432: connect: connection refused', 'dial tcp [::1]:6379: connect: connection refused', 'server selection error: ... connection refused'],
    bad: 'package main\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/lib/pq"\n)\n\nfunc main() {\n\tdb, _ := sql.Open("postgres", "postgres://app:secret@localhost:5432/app?sslmode=disable")\n\t_ = db.Ping()\n}\n',
    good: 'package main\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/lib/pq"\n)\n\nfunc main() {\n\tdb, _ := sql.Open("postgres", "postgres://app:secret@db:5432/app?sslmode=disable")\n\t_ = db.Ping()\n}\n',
    exampleLanguage: 'go',
    fixes: 'When the address is the default of an environment variable and exactly one other service of the compose file provides the port (by a well-known image such as postgres, mysql, redis, mongo, rabbitmq, nats, kafka, or by its `ports`/`expose`), sets the variable in the service\'s environment (applied by "fix all": `go run` keeps its default). A code action that is not applied by "fix all" or `--fix` (the service name resolves only on the compose network, so `go run` on the host would break) replaces the host in the literal with that service\'s name. A wrong port of another service becomes the port its image listens on. Config files get no fix: the message says what to change.',
    notFlagged: [
      'Programs that no compose service runs (a Kubernetes pod shares localhost with its sidecars, such as the Cloud SQL proxy), and services with `network_mode: host`, `service:...` or `container:...`.',
      'A localhost default of an environment variable or flag that the compose service or Dockerfile sets.',
      'HTTP and gRPC clients (a localhost sidecar such as Dapr is common), tests and generated files.',
      'Config files the program finds through a variable or flag (`-env prod`, `APP_ENV`), that a compose mount replaces, or whose address the service\'s environment may set (an env_file, a variable such as `MYSQL_HOST` or `DB_DSN`); addresses whose key names the program\'s own listen address.',
      'A port of another service that the service declares (`ports`, `expose`) or mentions in its definition (a `--port` flag, an environment setting), and images whose port is not known.',
      'Programs that only a Dockerfile runs: DGT309 go-dials-localhost-image.',
    ],
  },
  check(ctx, report) {
    const { project } = ctx;
    const composeRun = (c: Containerization) => !!c.build.service && !sharesNetwork(c.build.service.networkMode);
    // Addresses in the config files this Go file names (any package of the program).
    for (const f of configFindings(project, ctx.path, ctx.text, composeRun)) {
      const a = f.address;
      const port = a.port ?? defaultPort(a.what);
      const found = port === undefined ? [] : providers(project, f.c, port);
      const related: RelatedInput[] = [...configLines(f), ...found.slice(0, 3).map((p) => ({ path: p.composePath, start: p.keyStart, end: p.keyEnd, messageId: 'provides', data: { service: p.name, port: port ?? '' } }))];
      report({
        start: f.start,
        end: f.end,
        messageId: found.length === 1 ? 'config' : 'configNoService',
        data: { api: f.api, config: f.shown, what: a.what, value: a.value, key: a.key, ip: a.host === 'localhost' ? '127.0.0.1' : a.host, port: port ?? '<port>', service: found[0]?.name ?? '' },
        related,
      });
    }
    const main = containerizedMain(ctx);
    if (!main) return;
    const uses = main.uses.filter(composeRun);
    if (!uses.length) return;
    const done = new Set<number>();
    for (const d of main.pkg.dials) {
      wrongPort(ctx, report, d, uses[0], done);
      const hl = d.hostLit;
      if (d.kind === 'grpc' || !hl || hl.path !== ctx.path || d.host === undefined || !LOOPBACK_HOST.test(d.host) || done.has(hl.lit.start)) continue;
      if (overridden(project, uses, hl.env, hl.flags)) continue;
      done.add(hl.lit.start);
      const port = d.port;
      const found = port === undefined ? [] : providers(project, uses[0], port);
      const ip = d.host === 'localhost' ? '127.0.0.1' : d.host === '::1' ? '[::1]' : d.host;
      const env = hl.env.length === 1 && !hl.flags.length ? hl.env[0] : undefined;
      const svc = uses[0].build.service?.name ?? '';
      const data = { api: d.api, what: KIND_NAMES[d.kind], target: d.text, ip, port: port ?? '?', service: '', services: found.map((p) => `"${p.name}"`).join(', '), fixed: '', env: env ?? '', own: svc, value: '' };
      const related: RelatedInput[] = found.slice(0, 3).map((p) => ({ path: p.composePath, start: p.keyStart, end: p.keyEnd, messageId: 'provides', data: { service: p.name, port: port ?? '' } }));
      if (d.path !== ctx.path || hl.lit.start < d.start || hl.lit.end > d.end) related.unshift({ path: d.path ?? ctx.path, start: d.start, end: d.end, messageId: 'connects', data: { api: d.api } });
      const fixes: FixInput[] = [];
      let messageId: 'service' | 'services' | 'noService' | 'envDefault' | 'envDefaultNoService' = found.length === 1 ? 'service' : found.length > 1 ? 'services' : 'noService';
      if (env) messageId = found.length === 1 ? 'envDefault' : 'envDefaultNoService';
      if (found.length === 1) {
        const name = found[0].name;
        const newValue = hl.lit.value.slice(0, hl.from) + name + hl.lit.value.slice(hl.to);
        const newText = renderLiteral(hl.lit, newValue);
        data.service = name;
        data.fixed = d.text.replace(hl.lit.value.slice(hl.from, hl.to), name);
        data.value = newValue;
        // The variable's value in the service's environment: the code keeps working with `go run`.
        const envEdit = env ? envFix(project, uses[0], env, newValue) : undefined;
        if (envEdit) fixes.push({ titleId: 'setEnv', titleData: { env: env as string, value: newValue, service: svc }, preferred: true, edits: [envEdit] });
        if (newText) fixes.push({ titleId: 'useService', titleData: { service: name }, edits: [{ path: ctx.path, start: hl.lit.start, end: hl.lit.end, newText }] });
      }
      report({ start: hl.lit.start, end: hl.lit.end, messageId, data, fixes, related });
    }
  },
});

/** An edit setting `name: value` in the environment of the compose service of `c`. */
function envFix(project: Project, c: Containerization, name: string, value: string): FileEdit | undefined {
  const svc = composeService(project, c);
  const s = c.build.service;
  const text = s ? project.text(s.composePath) : undefined;
  if (!svc || !s || text === undefined) return undefined;
  return addEnvVar({ path: s.composePath, text, eol: detectEol(text) }, svc, name, value);
}

/** A dial of another compose service on a port that service's image does not listen on (`redis:6380` for redis:7 on 6379). */
function wrongPort(ctx: GoContext, report: (r: ReportInput<'wrongPort'>) => void, d: DialFact, c: Containerization, done: Set<number>): void {
  const pl = d.portLit;
  if (d.kind === 'grpc' || !pl || (pl.path ?? d.path ?? ctx.path) !== ctx.path || d.host === undefined || d.port === undefined || d.env.length || d.flags.length || done.has(pl.lit.start)) return;
  const s = c.build.service;
  const model = s ? ctx.project.compose(s.composePath) : undefined;
  const target = model?.services.find((x) => x.name === d.host && x.name !== s?.name);
  if (!s || !model || !target) return;
  const image = scalarString(mapGet(target.doc, target.node, 'image'));
  const repo = image && !image.includes('$') ? splitImage(image).repo : undefined;
  const expected = repo ? IMAGE_PORTS.find(([re]) => re.test(repo))?.[1] : undefined;
  if (expected === undefined || expected === d.port) return;
  // The service may listen elsewhere: a port it declares, or any mention of the port in its definition (a --port flag, an env setting).
  const declared = [...containerPorts(mapGet(target.doc, target.node, 'ports')), ...containerPorts(mapGet(target.doc, target.node, 'expose'))];
  const r = target.node.range;
  const body = r ? (ctx.project.text(s.composePath) ?? '').slice(r[0], r[2] ?? r[1]) : '';
  if (declared.includes(d.port) || new RegExp(`(^|\\D)${d.port}(\\D|$)`).test(body.replace(/["']?\d+:\d+["']?/g, ''))) return;
  done.add(pl.lit.start);
  const newText = renderLiteral(pl.lit, pl.lit.value.slice(0, pl.from) + String(expected) + pl.lit.value.slice(pl.to));
  const at = pl.lit.start + 1 + pl.from;
  const exact = ctx.text.slice(at, at + pl.to - pl.from) === pl.lit.value.slice(pl.from, pl.to);
  report({
    start: exact ? at : pl.lit.start,
    end: exact ? at + pl.to - pl.from : pl.lit.end,
    messageId: 'wrongPort',
    data: { api: d.api, target: d.text, service: target.name, image: image as string, expected, port: d.port },
    fixes: newText ? [{ titleId: 'usePort', titleData: { service: target.name, port: expected }, preferred: true, edits: [{ path: ctx.path, start: pl.lit.start, end: pl.lit.end, newText }] }] : [],
    related: [{ path: s.composePath, start: target.keyStart, end: target.keyEnd, messageId: 'runs', data: { service: target.name, image: image as string, port: expected } }],
  });
}
