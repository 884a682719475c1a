/**
 * DGT210 compose-ports-host-network: `ports` on a service with `network_mode: host`.
 */
import { composeRule } from './context';
import type { FixInput, FileEdit } from '../core/types';
import { entry } from '../model/composeView';
import type { ComposeService, Node } from '../parse/compose';
import { isMap, mapGet } from '../parse/compose';
import type { ComposeContext } from './context';
import { composeScope, lineStartOf, ownPair, titled, wholeLines } from './lib/composeKit';
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
};

export const composePortsHostNetwork = composeRule({
  id: 'DGT210',
  name: 'compose-ports-host-network',
  kind: 'compose',
  severity: 'warning',
  title: '`ports` with `network_mode: host`',
  fixTitles: FIX_TITLES,
  messages: {
    ports:
      'This service uses `network_mode: host`, so its `ports` are ignored (Docker warns `Published ports are discarded when using host network mode`). On Docker Desktop (Windows, macOS) host networking means the Linux VM\'s network, so the service is not reachable from the host either. Remove `network_mode: host` to publish the ports, or remove `ports`.',
  },
  docs: {
    what: 'Finds services that publish `ports` while using `network_mode: host`.',
    why:
      'With host networking the container shares the host\'s network stack: there is nothing to publish, and Docker drops the `ports` with a warning. On Linux the service is still reachable on the host\'s ports; on Docker Desktop for Windows and macOS the "host" is the Linux VM, so `localhost:8080` on your machine reaches nothing (host networking there is an opt-in beta feature). Usually the intent was the published ports.',
    errorText: ['WARNING: Published ports are discarded when using host network mode', 'curl: (7) Failed to connect to localhost port 8080: Connection refused'],
    bad: 'services:\n  api:\n    build: .\n    network_mode: host\n    ports:\n      - "8080:8080"\n',
    good: 'services:\n  api:\n    build: .\n    ports:\n      - "8080:8080"\n',
    exampleLanguage: 'yaml',
    fixes: 'Removes `network_mode: host` (preferred), or removes `ports`.',
    notFlagged: ['Other network modes (`bridge`, `service:...`, `container:...`, named networks).'],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    for (const s of scope.services) {
      const nm = entry(s.merged, 'network_mode');
      const ports = entry(s.merged, 'ports');
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
