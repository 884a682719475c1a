/**
 * DGT206 compose-host-timezone-mount: `/etc/localtime` or `/etc/timezone` bind-mounted from the
 * host to give the container the host's time zone.
 */
import { composeRule } from './context';
import type { FixInput, FileEdit } from '../core/types';
import { child } from '../model/composeView';
import { isMap, isSeq } from '../parse/compose';
import type { Node } from '../parse/compose';
import { addEnvVar, composeScope, ownPair, removeSeqItem, serviceEnv, titled } from './lib/composeKit';
import { bindMounts } from '../model/composeSpecs';

const TZ_FILES = new Set(['/etc/localtime', '/etc/timezone']);

function namedZone(v: string | undefined): boolean {
  return !!v && !v.includes('$') && /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(v);
}

const FIX_TITLES: Record<string, string> = {
  remove: 'Remove the {file} mount (TZ is set)',
  setZone: 'Set TZ: {zone} instead of mounting {file}',
  setFromEnv: 'Set TZ from .env (default UTC) instead of mounting {file}',
};

export const composeHostTimezoneMount = composeRule({
  id: 'DGT206',
  name: 'compose-host-timezone-mount',
  kind: 'compose',
  severity: 'info',
  title: 'Host time zone passed by mounting /etc/localtime or /etc/timezone',
  fixTitles: FIX_TITLES,
  messages: {
    mount:
      'Mounting `{source}` passes the host\'s time zone only on a Linux host. On Docker Desktop (Windows, macOS) the file is the Linux VM\'s, which is UTC, or is missing (`The path {source} is not shared from the host and is not known to Docker`, or Docker creates a directory: `Are you trying to mount a directory onto a file (or vice-versa)?`), and from Git Bash the path is rewritten (`mkdir C:\\Program Files\\Git\\etc\\localtime;C: Access is denied`). Set `TZ` in `environment` instead.',
  },
  docs: {
    what: 'Finds bind mounts of the host\'s `/etc/localtime` or `/etc/timezone` into a container.',
    why:
      'The mount copies the host\'s zone into the container, which works on a Linux host only. Docker Desktop runs containers in a Linux VM whose /etc/localtime is UTC (and which has no /etc/timezone), macOS refuses the path unless it is shared, and Git Bash rewrites `/etc/localtime` into a Windows path. A `TZ` variable says the zone explicitly and works the same on every machine (the image needs zoneinfo, or the Go binary `time/tzdata`).',
    errorText: [
      'Error response from daemon: mkdir C:\\Program Files\\Git\\etc\\localtime;C: Access is denied.',
      'The path /etc/localtime is not shared from OS X and is not known to Docker.',
      'not a directory: unknown: Are you trying to mount a directory onto a file (or vice-versa)? Check if the specified host path exists and is the expected type',
    ],
    bad: 'services:\n  api:\n    build: .\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n',
    good: 'services:\n  api:\n    build: .\n    environment:\n      TZ: Asia/Shanghai\n',
    exampleLanguage: 'yaml',
    fixes:
      'Removes the mount. When the service already has `TZ`, that is all; when another service of the project sets a zone, the fix also sets the same `TZ` here; otherwise an alternative fix sets `TZ: ${TZ:-UTC}`, to be filled from `.env`.',
    notFlagged: ['Mounts of other files, and `/etc/localtime` mounted from a file of the project (`./localtime:/etc/localtime`).'],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    // A zone some service of the project already names, for the fix.
    let projectZone: string | undefined;
    for (const [, svc] of scope.view.services) {
      const tz = serviceEnv(ctx.project, scope.view, svc).get('TZ');
      if (namedZone(tz?.value)) {
        projectZone = tz?.value;
        break;
      }
    }
    for (const s of scope.services) {
      const env = serviceEnv(ctx.project, scope.view, s.merged);
      const image = scope.image(s.name);
      const hasTz = env.has('TZ') || !!image?.env.has('TZ');
      // A Go image without zoneinfo cannot use a TZ name: the fix would only trade one trap for another.
      const zoneless = !!image?.go && image.zoneinfo.has === 'no' && !image.go.tzdata;
      for (const m of bindMounts(child(s.merged, 'volumes'))) {
        const src = m.source.replace(/\/+$/, '');
        if (m.path !== ctx.path || !TZ_FILES.has(src) || m.sourceStart === undefined || m.sourceEnd === undefined) continue;
        const fixes: FixInput[] = [];
        const item = (m.syntax === 'short' ? m.sourceNode.node : m.node.node) as Node | undefined;
        const vols = ownPair(s.local.node, 'volumes');
        const remove: FileEdit | undefined = item && vols && isSeq(vols.value) && isMap(s.local.node) ? removeSeqItem(ctx, s.local.node, 'volumes', item) : undefined;
        if (remove) {
          if (hasTz) fixes.push({ ...titled(FIX_TITLES, 'remove', { file: src }), preferred: true, edits: [remove] });
          else if (projectZone && !zoneless) {
            const add = addEnvVar(ctx, s.local, 'TZ', projectZone);
            if (add) fixes.push({ ...titled(FIX_TITLES, 'setZone', { zone: projectZone, file: src }), preferred: true, edits: [remove, add] });
          } else if (!zoneless) {
            const add = addEnvVar(ctx, s.local, 'TZ', '${TZ:-UTC}');
            if (add) fixes.push({ ...titled(FIX_TITLES, 'setFromEnv', { file: src }), edits: [remove, add] });
          }
        }
        report({ start: m.sourceStart, end: m.sourceEnd, messageId: 'mount', data: { source: src }, fixes });
      }
    }
  },
});
