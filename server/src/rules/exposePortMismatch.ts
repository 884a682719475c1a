/**
 * DGT150 expose-port-mismatch: the final image EXPOSEs a port its Go program does not listen on (the
 * code says `:8080`, the Dockerfile `EXPOSE 3000`) — the Dockerfile counterpart of DGT209.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { imageFacts, programNamesPort, type GoAddress, type ImageFacts } from '../model/image';
import { entryScriptTexts } from '../model/entryScripts';
import { composeCommandText, composeService, flagValueIn, portOfAddress, runtimeSettings } from '../model/goMain';
import { finalStagesOf } from '../model/stages';
import { rootOf } from '../model/stageGraph';
import type { Project } from '../project/project';

interface Listen {
  port: number;
  site: GoAddress;
  /** The ENV or flag of the Dockerfile that sets it, when not the code's default. */
  via: string | undefined;
}

/**
 * The ports the image's Go program listens on when the image runs as built: the code's defaults,
 * with the Dockerfile's ENV and ENTRYPOINT/CMD flags applied. Undefined when a port is not known, or
 * a compose service of the build sets a variable or flag that changes one (DGT209's question then).
 */
function imagePorts(project: Project, image: ImageFacts): Listen[] | undefined {
  const go = image.go;
  // A framework serving on an address of its own configuration: the listens found are not all.
  if (!go?.listens.length || go.otherServer) return undefined;
  const rt = runtimeSettings(project, { build: image.build, final: image.final });
  const svc = composeService(project, image);
  const composeArgs = svc ? composeCommandText(svc) : '';
  const dockerArgs = [image.entrypoint?.text ?? '', image.cmd?.text ?? ''].join(' ');
  const out: Listen[] = [];
  for (const l of go.listens) {
    let port = l.port;
    let via: string | undefined;
    for (const name of l.env) {
      if (rt.envFrom.get(name) === 'compose' || (rt.envOpen && !image.env.has(name))) return undefined;
      const set = image.env.get(name);
      if (set) {
        port = portOfAddress(set.value);
        via = `ENV ${name}=${set.value}`;
      }
    }
    for (const f of l.flags) {
      if (flagValueIn(composeArgs, f) !== undefined) return undefined; // compose passes it
      const fv = flagValueIn(dockerArgs, f);
      if (fv === undefined) continue;
      port = fv === null ? undefined : portOfAddress(fv);
      via = `-${f} ${fv ?? ''}`.trim();
    }
    if (port === undefined) return undefined;
    out.push({ port, site: l, via });
  }
  return out;
}

export const exposePortMismatch = dockerfileRule({
  id: 'DGT150',
  name: 'expose-port-mismatch',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'EXPOSE names a port the Go program does not listen on',
  messages: {
    mismatch:
      '`EXPOSE {port}` says the container serves port {port}, but its Go program listens on {listens}. `docker run -P`, Docker Desktop\'s port links and proxies that route by the exposed port (Traefik takes a container\'s only exposed port) then reach a port nothing answers on: `curl: (56) Recv failure: Connection reset by peer` or `Bad Gateway`. Expose the port it listens on ({fixed}).',
  },
  fixTitles: { expose: 'Expose port {port}' },
  relatedMessages: { listen: '{api} listens on {addr} here.' },
  docs: {
    what: 'Finds an `EXPOSE` port of the final image that is none of the ports its Go program listens on — the listen address in the code, with the Dockerfile\'s `ENV` (PORT-style variables the code reads) and ENTRYPOINT/CMD flags applied.',
    why:
      'EXPOSE changes nothing by itself, but tools read it: `docker run -P` publishes the exposed ports, Docker Desktop links them, Traefik routes to a container\'s only exposed port, and people read the Dockerfile to write `-p 3000:3000`. When the code listens on :8080 and the Dockerfile says 3000, every one of them points at a port where nothing answers, and the fault is looked for in the network.',
    errorText: ['curl: (56) Recv failure: Connection reset by peer', 'curl: (52) Empty reply from server', 'Bad Gateway'],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nEXPOSE 3000\nENTRYPOINT ["/app"]   # main.go: http.ListenAndServe(":8080", nil)\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nEXPOSE 8080\nENTRYPOINT ["/app"]\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Replaces the exposed port with the port the program listens on, when that is a single port not exposed already.',
    notFlagged: [
      'Images whose Go program\'s listen addresses are not all known (read from a config file, computed, started in another package, or a go-micro, go-zero, Kitex, Dubbo, Dapr, GoFrame or Beego server that takes its address from its own flags, environment or config), ports the main package names as a number (a default it hands to a server another package starts), and ports a variable or flag sets that a compose service of the image passes (DGT209 compares the compose mapping then).',
      'Ports the ENTRYPOINT or CMD mentions (a debugger\'s `--listen=:2345`), or a script of the build context it runs mentions, UDP ports, and ports given by variables.',
      'Windows images and files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const done = new Set<number>();
    for (const { stage, builds } of finalStagesOf(ctx)) {
      if (rootOf(model, stage).family === 'windows') continue;
      const images = builds.map((b) => imageFacts(project, b));
      const first = images[0];
      if (!first?.go || images.some((i) => !i?.go)) continue;
      const perBuild = images.map((i) => imagePorts(project, i as ImageFacts));
      if (perBuild.some((p) => !p?.length)) continue;
      const listens = perBuild[0] as Listen[];
      const ports = [...new Set(listens.map((l) => l.port))];
      // Every build of the image must agree on the ports.
      if (perBuild.some((p) => [...new Set((p as Listen[]).map((l) => l.port))].sort().join() !== [...ports].sort().join())) continue;
      // The entry command's words, and the scripts of the context it runs (a debugger's port there).
      const args = [first.entrypoint?.text ?? '', first.cmd?.text ?? '', ...entryScriptTexts(project, first)].join(' ');
      const exposed = first.exposes.filter((e) => e.path === ctx.path && e.protocol === 'tcp');
      for (const e of exposed) {
        if (ports.includes(e.port) || done.has(e.start) || new RegExp(`(^|\\D)${e.port}(\\D|$)`).test(args)) continue;
        if (images.some((i) => i?.go && programNamesPort(project, i.go, e.port))) continue;
        done.add(e.start);
        const related: RelatedInput[] = [];
        for (const l of listens) {
          const lit = l.site.portPart ?? l.site.hostPart;
          const at = lit?.start !== undefined && lit.end !== undefined ? { path: lit.path, start: lit.start, end: lit.end } : { path: l.site.path, start: l.site.start, end: l.site.end };
          related.push({ ...at, messageId: 'listen', data: { api: l.site.api, addr: l.via ?? `:${l.port}` } });
        }
        const fixes: FixInput[] = [];
        const raw = ctx.text.slice(e.start, e.end);
        if (ports.length === 1 && !first.exposes.some((x) => x.port === ports[0]) && /^\d+(\/tcp)?$/i.test(raw)) {
          fixes.push({ titleId: 'expose', titleData: { port: ports[0] }, preferred: true, edits: [{ path: ctx.path, start: e.start, end: e.start + String(e.port).length, newText: String(ports[0]) }] });
        }
        const describe = (l: Listen) => (l.via ? `${l.port} (${l.via})` : `:${l.port} (${path.basename(l.site.path)})`);
        report({
          start: e.start,
          end: e.end,
          messageId: 'mismatch',
          data: { port: e.port, listens: listens.map(describe).join(', '), fixed: ports.length === 1 ? `EXPOSE ${ports[0]}` : ports.map((p) => `EXPOSE ${p}`).join(' or ') },
          fixes,
          related,
        });
      }
    }
  },
});
