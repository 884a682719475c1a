/**
 * DGT209 compose-port-mismatch: the container side of a `ports` mapping is not a port the service's
 * Go program listens on (as written in the code, or set through PORT-style variables and flags).
 */
import { composeRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { child, scalarOf } from '../model/composeView';
import { programNamesPort, type ImageFacts, type GoAddress } from '../model/image';
import { entryScriptTexts } from '../model/entryScripts';
import type { ComposeView, MMap } from '../model/composeView';
import type { Project } from '../project/project';
import { composeScope, networkMode, relatedMsg, serviceEnv, sharesNetwork, titled, EnvVar } from './lib/composeKit';
import { portMappings } from '../model/composeSpecs';
import { flagValueIn, portOfAddress } from '../model/goMain';
import { commandText } from './lib/composeKit';

interface Listen {
  port: number;
  site: GoAddress;
  /** What set the port, when it is not the code's default. */
  via: { kind: 'env'; name: string; v: EnvVar | undefined; dockerfile: { path: string; start: number; end: number } | undefined } | { kind: 'flag'; name: string } | undefined;
}


/**
 * The ports the service's Go program listens on, or undefined when any listen address is not
 * known (computed, from a config file, from a variable we cannot see).
 */
function listenPorts(project: Project, view: ComposeView, svc: MMap, image: ImageFacts): Listen[] | undefined {
  const go = image.go;
  // A framework serving on an address of its own configuration: the listens found are not all.
  if (!go || !go.listens.length || go.otherServer) return undefined;
  const env = serviceEnv(project, view, svc);
  const cmd = commandText(svc, image);
  const out: Listen[] = [];
  for (const l of go.listens) {
    let port = l.port;
    let via: Listen['via'];
    const setVar = l.env.find((n) => env.has(n) || image.env.has(n));
    if (setVar) {
      const v = env.get(setVar);
      const d = image.env.get(setVar);
      port = portOfAddress(v ? v.value : d?.value);
      via = { kind: 'env', name: setVar, v, dockerfile: v ? undefined : d };
    }
    for (const f of l.flags) {
      const fv = flagValueIn(cmd, f);
      if (fv === undefined) continue;
      port = fv === null ? undefined : portOfAddress(fv);
      via = { kind: 'flag', name: f };
    }
    if (port === undefined) return undefined;
    out.push({ port, site: l, via });
  }
  return out;
}

function describe(l: Listen): string {
  if (l.via?.kind === 'env') return `${l.via.name}=${l.port}`;
  if (l.via?.kind === 'flag') return `-${l.via.name} ${l.port}`;
  return `:${l.port}`;
}

const FIX_TITLES: Record<string, string> = {
  map: 'Map container port {port}',
};

const RELATED: Record<string, string> = {
  listen: '{api} listens on {addr} here.',
  envPort: '{name} sets the listen port to {port}.',
  envPortDockerfile: 'ENV {name} sets the listen port to {port}.',
  expose: 'The Dockerfile documents port {port} (EXPOSE).',
};

export const composePortMismatch = composeRule({
  id: 'DGT209',
  name: 'compose-port-mismatch',
  kind: 'compose',
  severity: 'warning',
  title: 'Published container port that the Go service does not listen on',
  fixTitles: FIX_TITLES,
  relatedMessages: RELATED,
  messages: {
    mismatch:
      'The container side of `{mapping}` is port {target}, but the Go program of `{service}` listens on {listens}. Nothing answers behind the published port: `curl: (52) Empty reply from server` (Docker Desktop) or `connection refused`. Map the port it listens on ({fixed}).',
  },
  docs: {
    what: 'Finds `ports` mappings whose container port differs from every port the service\'s Go program listens on — from the listen address in the code, a PORT-style environment variable the code reads, or a command-line flag.',
    why:
      '`HOST:CONTAINER` forwards the host port to the container port; if the program listens elsewhere (the code says `:8080`, the mapping says `3000:3000`), Docker still accepts the connection on the host and then has nowhere to forward it. The symptom looks like a network problem and is usually hunted there. The EXPOSE line of the Dockerfile is documentation only and is shown alongside.',
    errorText: ['curl: (52) Empty reply from server', 'curl: (56) Recv failure: Connection reset by peer', 'curl: (7) Failed to connect to localhost port 3000: Connection refused'],
    bad: 'services:\n  api:\n    build: .          # main.go: http.ListenAndServe(":8080", nil)\n    ports:\n      - "3000:3000"\n',
    good: 'services:\n  api:\n    build: .\n    ports:\n      - "3000:8080"\n',
    exampleLanguage: 'yaml',
    fixes: 'Replaces the container port with the port the program listens on, when that is a single port.',
    notFlagged: [
      'Services whose image does not run a Go main package of the workspace, and Go programs whose listen address is not known (read from a config file, computed, or a go-micro, go-zero, Kitex, Dubbo, Dapr, GoFrame or Beego server that takes its address from its own flags, environment or config).',
      'Ports that the command line mentions (for example a debugger\'s `--listen=:2345`), or a script of the build context that the image\'s command runs, UDP mappings, ranges, and `network_mode: host` (see DGT210).',
      'A container port equal to the PORT variable the service sets while the code ignores PORT: DGT308 go-hardcoded-port reports that in the Go file.',
      'A container port that the service sets another variable to which the Go program names (`METRICS_PORT=9090` for a metrics server a package of the project starts), or that the main package names as a number: a listen outside the main package may use it.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    for (const s of scope.services) {
      if (sharesNetwork(networkMode(s.merged))) continue;
      const mappings = portMappings(child(s.merged, 'ports')).filter((m) => m.path === ctx.path && m.target !== undefined && m.protocol === 'tcp');
      if (!mappings.length) continue;
      const image = scope.image(s.name);
      if (!image?.go) continue;
      const listens = listenPorts(ctx.project, scope.view, s.merged, image);
      if (!listens?.length) continue;
      const ports = [...new Set(listens.map((l) => l.port))];
      // The command's words, and the scripts of the context the image's own command runs.
      const cmd = [commandText(s.merged, image), ...entryScriptTexts(ctx.project, image)].join(' ');
      const env = serviceEnv(ctx.project, scope.view, s.merged);
      const portEnv = env.get('PORT');
      for (const m of mappings) {
        const target = m.target as number;
        if (ports.includes(target) || new RegExp(`(^|\\D)${target}(\\D|$)`).test(cmd)) continue;
        // PORT is set to this very port but the code does not read it: the program is what is wrong
        // (DGT308 go-hardcoded-port says so in the Go file).
        if (portOfAddress(portEnv?.value ?? image.env.get('PORT')?.value) === target && !listens.some((l) => l.site.env.includes('PORT'))) continue;
        // The service sets a variable the program reads to this port (METRICS_PORT=9090 for the
        // metrics server a library of the project starts): a listen we do not see may use it.
        const go = image.go;
        const mentions = (name: string) => go.envNames.has(name) || go.files.some((f) => ctx.project.text(f)?.includes(`"${name}"`));
        if ([...env].some(([name, v]) => portOfAddress(v?.value) === target && mentions(name))) continue;
        if (programNamesPort(ctx.project, go, target)) continue;
        const related: RelatedInput[] = [];
        for (const l of listens) {
          const lit = l.site.portPart ?? l.site.hostPart;
          const at = lit?.start !== undefined && lit.end !== undefined ? { path: lit.path, start: lit.start, end: lit.end } : { path: l.site.path, start: l.site.start, end: l.site.end };
          related.push(relatedMsg(RELATED, 'listen', at, { api: l.site.api, addr: describe(l) }));
          if (l.via?.kind === 'env' && l.via.v) related.push(relatedMsg(RELATED, 'envPort', l.via.v, { name: l.via.name, port: l.port }));
          if (l.via?.kind === 'env' && l.via.dockerfile) related.push(relatedMsg(RELATED, 'envPortDockerfile', l.via.dockerfile, { name: l.via.name, port: l.port }));
        }
        for (const e of image.exposes) related.push(relatedMsg(RELATED, 'expose', e, { port: e.port }));
        const fixes: FixInput[] = [];
        if (ports.length === 1 && m.targetStart !== undefined && m.targetEnd !== undefined) {
          fixes.push({ ...titled(FIX_TITLES, 'map', { port: ports[0] }), preferred: true, edits: [{ path: ctx.path, start: m.targetStart, end: m.targetEnd, newText: String(ports[0]) }] });
        }
        const node = m.node.kind === 'scalar' ? m.node : scalarOf(child(m.node, 'target'));
        const start = m.targetStart ?? node?.node.range?.[0] ?? 0;
        const end = m.targetEnd ?? node?.node.range?.[1] ?? start;
        report({
          start,
          end,
          messageId: 'mismatch',
          data: { mapping: m.raw, target, service: s.name, listens: listens.map(describe).join(', '), fixed: ports.length === 1 ? `"${m.raw.replace(/\d+(?=(\/\w+)?$)/, String(ports[0]))}"` : ports.join(' or ') },
          fixes,
          related,
        });
      }
    }
  },
});
