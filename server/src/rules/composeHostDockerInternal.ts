/**
 * DGT242 compose-host-docker-internal: a service's environment or command uses
 * `host.docker.internal`, and the service does not map it (`extra_hosts:
 * ["host.docker.internal:host-gateway"]`). Docker Desktop resolves the name by itself; Docker Engine
 * on Linux — a Linux laptop, a server, a CI runner — does not.
 */
import { composeRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { HOST_GATEWAY_SOURCE } from '../facts/devTools';
import { child, scalarOf } from '../model/composeView';
import { composeScope, networkMode } from './lib/composeKit';
import { addHostGatewayEdit, desktopOnlyFile, hostDockerInternalAt, hostGatewaySeverity, mapsHostDockerInternal, sharedNetwork } from './lib/hostGateway';
import type { MNode } from '../model/composeView';

void HOST_GATEWAY_SOURCE;

interface Use {
  key: string;
  path: string;
  start: number;
  end: number;
}

/** The places a service's own file writes `host.docker.internal` as a host: environment values, command, entrypoint. */
function usesOf(svc: ReturnType<typeof composeScope>['services'][number]): Use[] {
  const out: Use[] = [];
  const env = child(svc.merged, 'environment');
  if (env?.kind === 'map') {
    for (const [key, e] of env.entries) {
      const v = scalarOf(e.value);
      if (!v?.value || !v.exact) continue;
      const at = hostDockerInternalAt(v.value);
      if (at >= 0) out.push({ key, path: v.path, start: v.start + at, end: v.start + at + 'host.docker.internal'.length });
    }
  }
  for (const key of ['command', 'entrypoint']) {
    const node: MNode | undefined = child(svc.merged, key);
    const items = node?.kind === 'seq' ? node.items : node ? [node] : [];
    for (const it of items) {
      const v = scalarOf(it);
      if (!v?.value || !v.exact) continue;
      const at = hostDockerInternalAt(v.value);
      if (at >= 0) out.push({ key, path: v.path, start: v.start + at, end: v.start + at + 'host.docker.internal'.length });
    }
  }
  return out;
}

export const composeHostDockerInternal = composeRule({
  id: 'DGT242',
  name: 'compose-host-docker-internal',
  kind: 'compose',
  severity: 'warning',
  title: '`host.docker.internal` without `extra_hosts` (not resolved on Linux)',
  fixTitles: { map: 'Add extra_hosts: ["host.docker.internal:host-gateway"]' },
  messages: {
    unmapped:
      '`{key}` reaches the host as `host.docker.internal`, which Docker Desktop resolves by itself but Docker Engine on Linux (a Linux machine, a server, a CI runner) does not: there the connection fails with `dial tcp: lookup host.docker.internal ... no such host`. Map it for service "{service}": `extra_hosts: ["host.docker.internal:host-gateway"]` (Docker 20.10 or later).',
  },
  relatedMessages: { also: '`host.docker.internal` is used here too.' },
  docs: {
    what: 'Finds compose services whose environment values, `command` or `entrypoint` use `host.docker.internal` as a host name (in a URL, DSN or `host:port`) while the service has no `extra_hosts` entry for it.',
    why:
      '`host.docker.internal` is how a container reaches a database or an API running on the developer\'s machine. Docker Desktop (Windows, macOS) adds the name to every container; Docker Engine on Linux does not, so the same compose file breaks for a teammate on Linux and on a CI runner, with a DNS error. `extra_hosts: ["host.docker.internal:host-gateway"]` makes the engine add it (the host\'s gateway address), and Docker Desktop keeps working with it.',
    severity: 'Warning when the editor knows that Docker runs on Linux (`dockerGoTraps.hostMode`, `--host-mode linux`); information elsewhere, where it works on your machine but not on Linux machines and CI.',
    errorText: ['dial tcp: lookup host.docker.internal on 127.0.0.11:53: no such host', 'getaddrinfo ENOTFOUND host.docker.internal'],
    bad: 'services:\n  api:\n    build: .\n    environment:\n      DATABASE_URL: postgres://app:app@host.docker.internal:5432/app\n',
    good: 'services:\n  api:\n    build: .\n    environment:\n      DATABASE_URL: postgres://app:app@host.docker.internal:5432/app\n    extra_hosts:\n      - "host.docker.internal:host-gateway"\n',
    exampleLanguage: 'yaml',
    fixes: 'Adds `"host.docker.internal:host-gateway"` to the service\'s `extra_hosts` (creating the key when needed).',
    notFlagged: [
      'Services that map the name in `extra_hosts` (to `host-gateway` or an address), and `network_mode: host`, `service:...`, `container:...`.',
      'Compose files named for Docker Desktop\'s hosts (`docker-compose.darwin.yml`, `compose.mac.yaml`, `docker-compose.windows.yml`): written for a host that resolves the name.',
      'Values in env_file files, mentions in prose (a value with blanks and no address syntax), and the name in Go code (DGT316).',
    ],
  },
  check(ctx, report) {
    if (desktopOnlyFile(ctx.path)) return;
    const scope = composeScope(ctx);
    for (const s of scope.services) {
      if (mapsHostDockerInternal(s.merged) || sharedNetwork(networkMode(s.merged))) continue;
      const uses = usesOf(s).filter((u) => u.path === ctx.path);
      if (!uses.length) continue;
      const [first, ...others] = uses;
      const fixes: FixInput[] = [];
      const e = addHostGatewayEdit(ctx.project, ctx.path, s.local);
      if (e) fixes.push({ titleId: 'map', preferred: true, edits: [e] });
      const related: RelatedInput[] = others.slice(0, 5).map((u) => ({ path: u.path, start: u.start, end: u.end, messageId: 'also' }));
      report({ start: first.start, end: first.end, messageId: 'unmapped', data: { key: first.key, service: s.name }, fixes, related, severity: hostGatewaySeverity(ctx.hostMode) });
    }
  },
});
