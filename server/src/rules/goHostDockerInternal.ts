/**
 * DGT316 go-host-docker-internal: a Go main that a compose service runs reaches the host as
 * `host.docker.internal` (a DSN, a URL, a `host:port` literal), and no service that runs it maps the
 * name (`extra_hosts: ["host.docker.internal:host-gateway"]`): Docker Engine on Linux cannot resolve it.
 */
import { goRule } from './context';
import type { FileEdit, FixInput, RelatedInput } from '../core/types';
import { memoByString } from '../core/memo';
import { goTokens } from '../parse/goExtras';
import { containerizedMain, overridden } from '../model/goMain';
import { buildService } from '../model/composeView';
import { addHostGatewayEdit, desktopOnlyFile, hostDockerInternalAt, hostGatewaySeverity, mapsHostDockerInternal, sharedNetwork } from './lib/hostGateway';

/** String literals that use `host.docker.internal` as a host, with the offsets of the name (when the literal spells it). */
const literals = memoByString(200, (text: string): { start: number; end: number; litStart: number; litEnd: number }[] => {
  if (!text.includes('host.docker.internal')) return [];
  const out: { start: number; end: number; litStart: number; litEnd: number }[] = [];
  for (const t of goTokens(text)) {
    if (t.kind !== 'string' || t.value === undefined) continue;
    const at = hostDockerInternalAt(t.value);
    if (at < 0) continue;
    const inner = t.text.slice(1, -1);
    if (inner !== t.value) continue; // escapes: the offsets would not match
    out.push({ start: t.start + 1 + at, end: t.start + 1 + at + 'host.docker.internal'.length, litStart: t.start, litEnd: t.end });
  }
  return out;
});

export const goHostDockerInternal = goRule({
  id: 'DGT316',
  name: 'go-host-docker-internal',
  kind: 'go',
  severity: 'warning',
  title: 'Go code reaches `host.docker.internal`, which its compose service does not map',
  fixTitles: { map: 'Add extra_hosts: ["host.docker.internal:host-gateway"] to service "{service}"' },
  messages: {
    unmapped:
      'The program reaches the host as `host.docker.internal`, and compose service "{service}" runs it without mapping that name: Docker Desktop resolves it by itself, Docker Engine on Linux (a Linux machine, a server, a CI runner) does not, so there the connection fails with `dial tcp: lookup host.docker.internal ... no such host`. Add `extra_hosts: ["host.docker.internal:host-gateway"]` to the service (Docker 20.10 or later), or read the address from the environment.',
  },
  relatedMessages: { service: 'Compose service "{service}" runs this program.', also: '`host.docker.internal` is used here too.' },
  docs: {
    what: 'Finds string literals in a Go main package that use `host.docker.internal` as a host (in a DSN, a URL, a `host:port`), when a compose service runs the program and no service that runs it maps the name in `extra_hosts`.',
    why:
      'Docker Desktop adds `host.docker.internal` to every container; Docker Engine on Linux does not, so code that works on a Windows or macOS laptop fails for a teammate on Linux and on CI, with a DNS error. The compose service can map the name to the host\'s gateway (`host-gateway`), which keeps Docker Desktop working too; better still, the address comes from the environment.',
    severity: 'Warning when the editor knows that Docker runs on Linux (`dockerGoTraps.hostMode`, `--host-mode linux`); information elsewhere.',
    errorText: ['dial tcp: lookup host.docker.internal on 127.0.0.11:53: no such host', 'failed to connect to `host=host.docker.internal user=app database=app`: hostname resolving error'],
    bad: 'package main\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/lib/pq"\n)\n\nfunc main() {\n\tdb, _ := sql.Open("postgres", "postgres://app:app@host.docker.internal:5432/app")\n\t_ = db.Ping()\n}\n',
    good: 'package main\n\nimport (\n\t"database/sql"\n\t"os"\n\n\t_ "github.com/lib/pq"\n)\n\nfunc main() {\n\tdb, _ := sql.Open("postgres", os.Getenv("DATABASE_URL"))\n\t_ = db.Ping()\n}\n',
    exampleLanguage: 'go',
    fixes: 'Adds `"host.docker.internal:host-gateway"` to the `extra_hosts` of the compose service that runs the program.',
    notFlagged: [
      'Programs no compose service runs (with `docker run` the mapping is `--add-host`, which the files do not show), services that map the name, services of compose files named for Docker Desktop\'s hosts (`docker-compose.darwin.yml`), and `network_mode: host`, `service:...`, `container:...`.',
      'A default that an environment variable the service sets replaces, comments, prose in strings (blanks and no address syntax), tests and generated files.',
    ],
  },
  check(ctx, report) {
    if (!ctx.text.includes('host.docker.internal')) return;
    const main = containerizedMain(ctx);
    if (!main) return;
    const found = literals(ctx.text);
    if (!found.length) return;
    // The services that run the program and do not map the name.
    const services: { composePath: string; name: string }[] = [];
    for (const c of main.uses) {
      const s = c.build.service;
      if (!s || sharedNetwork(s.networkMode) || desktopOnlyFile(s.composePath) || services.some((x) => x.composePath === s.composePath && x.name === s.name)) continue;
      const merged = buildService(ctx.project, s);
      if (!merged || mapsHostDockerInternal(merged)) continue;
      services.push({ composePath: s.composePath, name: s.name });
    }
    if (!services.length) return;
    const uses = main.uses.filter((c) => services.some((s) => c.build.service?.name === s.name && c.build.service.composePath === s.composePath));
    // A default the environment replaces: the dial's host comes from a variable the service sets.
    const replaced = new Set<number>();
    for (const d of main.pkg.dials) {
      const hl = d.hostLit;
      if (hl && hl.path === ctx.path && overridden(ctx.project, uses, hl.env, hl.flags)) replaced.add(hl.lit.start);
    }
    const shown = found.filter((l) => !replaced.has(l.litStart));
    if (!shown.length) return;
    const [first, ...others] = shown;
    const edits: FileEdit[] = [];
    for (const s of services) {
      const svc = ctx.project.compose(s.composePath)?.services.find((x) => x.name === s.name);
      const e = svc ? addHostGatewayEdit(ctx.project, s.composePath, svc) : undefined;
      if (e) edits.push(e);
    }
    const fixes: FixInput[] = edits.length === services.length ? [{ titleId: 'map', titleData: { service: services.map((s) => s.name).join('", "') }, preferred: true, edits }] : [];
    const related: RelatedInput[] = [];
    for (const s of services.slice(0, 3)) {
      const svc = ctx.project.compose(s.composePath)?.services.find((x) => x.name === s.name);
      if (svc) related.push({ path: s.composePath, start: svc.keyStart, end: svc.keyEnd, messageId: 'service', data: { service: s.name } });
    }
    for (const o of others.slice(0, 3)) related.push({ path: ctx.path, start: o.start, end: o.end, messageId: 'also' });
    report({ start: first.start, end: first.end, messageId: 'unmapped', data: { service: services.map((s) => s.name).join('", "') }, fixes, related, severity: hostGatewaySeverity(ctx.hostMode) });
  },
});
