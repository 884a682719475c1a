/**
 * DGT210 compose-ports-host-network: `ports` on a service with `network_mode: host`; and, where
 * Docker runs on Docker Desktop (Windows, macOS), `network_mode: host` on a Go server with no
 * `ports` at all: it listens inside Docker's VM, out of reach of the machine it runs on.
 */
import { composeRule } from './context';
import type { FixInput, FileEdit } from '../core/types';
import { entry } from '../model/composeView';
import type { ComposeService, Node } from '../parse/compose';
import { isMap, mapGet } from '../parse/compose';
import type { ComposeContext } from './context';
import { composeScope, indentUnit, lineStartOf, ownPair, titled, wholeLines } from './lib/composeKit';
import type { YAMLMap, Pair } from 'yaml';

/** Removes a pair of a block map that sits on its own lines. */
function removePair(text: string, path: string, map: YAMLMap, key: string): FileEdit | undefined {
  const pair = ownPair(map, key) as Pair<Node, Node | null> | undefined;
  if (!pair || map.flow) return undefined;
  const k = pair.key?.range;
  if (!k) return undefined;
  const end = pair.value?.range?.[1] ?? k[1];
  if (text.slice(lineStartOf(text, k[0]), k[0]).trim()) return undefined;
  const lines = wholeLines(text, k[0], end);
  // Whatever follows on the last line must be a comment or nothing.
  const tail = text.slice(end, lines.end).trim();
  if (tail && !tail.startsWith('#')) return undefined;
  return { path, start: lines.start, end: lines.end, newText: '' };
}

/**
 * Removes a key of a service; when it is the service's only key, removes the service entry (an
 * empty service would be null), unless it is the file's only service.
 */
function removeOwnKey(ctx: ComposeContext, svc: ComposeService, key: string): FileEdit | undefined {
  if (svc.node.items.length > 1) return removePair(ctx.text, ctx.path, svc.node, key);
  if (!ownPair(svc.node, key)) return undefined;
  const services = mapGet(svc.doc, svc.doc.contents as YAMLMap, 'services');
  if (!isMap(services) || services.items.length < 2) return undefined;
  return removePair(ctx.text, ctx.path, services, svc.name);
}

const FIX_TITLES: Record<string, string> = {
  dropMode: 'Remove `network_mode: host` (publish the ports)',
  dropPorts: 'Remove the ignored `ports`',
  publish: 'Replace `network_mode: host` with `ports: ["{port}:{port}"]`',
};

/** `network_mode: host` replaced by a `ports` block publishing `port`, in one edit (the pair's lines). */
function publishInstead(ctx: ComposeContext, svc: ComposeService, port: number): FileEdit | undefined {
  const pair = ownPair(svc.node, 'network_mode') as Pair<Node, Node | null> | undefined;
  const k = pair?.key?.range;
  if (!pair || !k || svc.node.flow) return undefined;
  const end = pair.value?.range?.[1] ?? k[1];
  const ls = lineStartOf(ctx.text, k[0]);
  const indent = ctx.text.slice(ls, k[0]);
  if (indent.trim()) return undefined;
  const lines = wholeLines(ctx.text, k[0], end);
  const tail = ctx.text.slice(end, lines.end).trim();
  if (tail && !tail.startsWith('#')) return undefined;
  const unit = indentUnit(ctx, svc);
  const last = ctx.text.slice(lines.start, lines.end).endsWith('\n') ? ctx.eol : '';
  return { path: ctx.path, start: lines.start, end: lines.end, newText: `${indent}ports:${ctx.eol}${indent}${unit}- "${port}:${port}"${last}` };
}

export const composePortsHostNetwork = composeRule({
  id: 'DGT210',
  name: 'compose-ports-host-network',
  kind: 'compose',
  severity: 'warning',
  title: '`ports` with `network_mode: host`',
  fixTitles: FIX_TITLES,
  messages: {
    desktop:
      'This service uses `network_mode: host`: on Docker Desktop the "host" is Docker\'s Linux VM, not your machine, so the Go server listening on port {port} cannot be reached from it (`localhost:{port}` refuses the connection), unless host networking is turned on in Docker Desktop (Settings › Resources › Network, version 4.34 and later). Publish the port instead: remove `network_mode: host` and add `ports: ["{port}:{port}"]`.',
    ports:
      'This service uses `network_mode: host`, so its `ports` are ignored (Docker warns `Published ports are discarded when using host network mode`). On Docker Desktop (Windows, macOS) host networking means the Linux VM\'s network, so the service is not reachable from the host either. Remove `network_mode: host` to publish the ports, or remove `ports`.',
  },
  docs: {
    what: 'Finds services that publish `ports` while using `network_mode: host`; and, when Docker runs on Docker Desktop (Windows or macOS), services with `network_mode: host` and no `ports` whose Go program listens on a port.',
    why:
      'With host networking the container shares the host\'s network stack: there is nothing to publish, and Docker drops the `ports` with a warning. On Linux the service is still reachable on the host\'s ports; on Docker Desktop for Windows and macOS the "host" is the Linux VM, so `localhost:8080` on your machine reaches nothing (host networking there is an opt-in beta feature). Usually the intent was the published ports.',
    errorText: ['WARNING: Published ports are discarded when using host network mode', 'curl: (7) Failed to connect to localhost port 8080: Connection refused'],
    bad: 'services:\n  api:\n    build: .\n    network_mode: host\n    ports:\n      - "8080:8080"\n',
    good: 'services:\n  api:\n    build: .\n    ports:\n      - "8080:8080"\n',
    exampleLanguage: 'yaml',
    fixes: 'Removes `network_mode: host` (preferred), or removes `ports`. For a service without `ports` on Docker Desktop, replaces `network_mode: host` with `ports` publishing the port the Go program listens on.',
    notFlagged: [
      'Other network modes (`bridge`, `service:...`, `container:...`, named networks).',
      'A service with `network_mode: host` and no `ports` on a Linux, WSL or unknown host, or whose program\'s listen port is not known (not a Go program the workspace builds, or a port from a variable).',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    const desktop = ctx.hostMode === 'windows' || ctx.hostMode === 'mac';
    for (const s of scope.services) {
      const nm = entry(s.merged, 'network_mode');
      const ports = entry(s.merged, 'ports');
      if (desktop && nm && !ports && nm.path === ctx.path && nm.value?.kind === 'scalar' && nm.value.value === 'host') {
        const image = entry(s.merged, 'build') ? scope.image(s.name) : undefined;
        const listen = image?.go?.listens.find((l) => l.port !== undefined && l.port > 0);
        if (listen?.port !== undefined) {
          const fixes: FixInput[] = [];
          const e = publishInstead(ctx, s.local, listen.port);
          if (e) fixes.push({ ...titled(FIX_TITLES, 'publish', { port: listen.port }), preferred: true, edits: [e] });
          report({ start: nm.keyStart, end: nm.keyEnd, messageId: 'desktop', data: { port: listen.port }, fixes });
        }
        continue;
      }
      if (!nm || !ports || nm.value?.kind !== 'scalar' || nm.value.value !== 'host') continue;
      if (ports.value?.kind !== 'seq' || !ports.value.items.length) continue;
      // Report once, in the file that sets network_mode (where the preferred fix is): at `ports`
      // when that file writes them too, else at network_mode.
      if (nm.path !== ctx.path) continue;
      const at = ports.path === ctx.path ? ports : nm;
      const fixes: FixInput[] = [];
      const dropMode = removeOwnKey(ctx, s.local, 'network_mode');
      if (dropMode) fixes.push({ ...titled(FIX_TITLES, 'dropMode'), preferred: true, edits: [dropMode] });
      const dropPorts = ports.path === ctx.path ? removeOwnKey(ctx, s.local, 'ports') : undefined;
      if (dropPorts) fixes.push({ ...titled(FIX_TITLES, 'dropPorts'), edits: [dropPorts] });
      report({ start: at.keyStart, end: at.keyEnd, messageId: 'ports', fixes });
    }
  },
});
