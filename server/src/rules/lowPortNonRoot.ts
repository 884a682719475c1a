/**
 * DGT126 low-port-non-root: the final image runs the Go service as a non-root USER while the
 * service listens on a known port below 1024. A hint only: Docker Engine 20.10+ lets any user bind
 * such ports inside a container; Kubernetes, older runtimes and rootless setups may not.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import type { RelatedInput } from '../core/types';
import { imageFacts } from '../model/image';
import { serviceNamed, mapGet } from '../parse/compose';
import { buildsOfDockerfile } from '../model/buildContext';
import { effectiveUser, isRootUser } from '../model/stages';

function suggested(port: number): number {
  return port === 80 ? 8080 : port === 443 ? 8443 : port + 8000;
}

export const lowPortNonRoot = dockerfileRule({
  id: 'DGT126',
  name: 'low-port-non-root',
  kind: 'dockerfile',
  severity: 'hint',
  title: 'Non-root image serving on a port below 1024',
  relatedMessages: {
    listen: '{api} listens on port {port} here.',
    expose: 'The image exposes port {port} here.',
  },
  messages: {
    lowPort:
      'The image runs as `{user}` (not root) and the Go service listens on port {port} ({api} in {file}). Docker Engine 20.10+ allows this (it sets net.ipv4.ip_unprivileged_port_start=0 in containers), but Kubernetes, older runtimes and rootless setups do not, and the server then fails with `listen tcp :{port}: bind: permission denied`. Consider a port of 1024 or above, e.g. {suggested}, and publish it as {port} if needed.',
  },
  docs: {
    what: 'Finds a final image that runs a Go service as a non-root USER while the service listens on a known port below 1024.',
    why:
      'Binding a port below 1024 needs root or CAP_NET_BIND_SERVICE. Docker Engine 20.10 and later set the sysctl `net.ipv4.ip_unprivileged_port_start=0` in every container, so the image works with `docker run`; on Kubernetes (where the sysctl is not set by default), with older engines and with some rootless runtimes the same image crashes at start. This is a hint only: with a current Docker alone nothing fails.',
    errorText: ['listen tcp :80: bind: permission denied'],
    bad: 'FROM alpine:3.20\nCOPY --from=build /app /app\nUSER 10001\nENTRYPOINT ["/app"]   # main.go: http.ListenAndServe(":80", nil)\n',
    good: 'FROM alpine:3.20\nCOPY --from=build /app /app\nUSER 10001\nEXPOSE 8080\nENTRYPOINT ["/app"]   # main.go: http.ListenAndServe(":8080", nil)\n',
    exampleLanguage: 'dockerfile',
    fixes: 'None: the port is the program\'s choice. The message suggests a port of 1024 or above (80 → 8080, 443 → 8443); publish it as the old port (`-p 80:8080`) if clients expect that.',
    notFlagged: [
      'Images that run as root, USER values with variables, and compose services that set `user:`.',
      'Listen addresses whose port is not known, or that an environment variable or flag may change and the Dockerfile or compose file sets.',
      'Windows images and files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const done = new Set<number>();
    for (const build of buildsOfDockerfile(ctx)) {
      const image = imageFacts(project, build);
      if (!image?.go || image.final.family === 'windows' || image.root.family === 'windows') continue;
      const user = effectiveUser(model, image.final);
      if (!user || !user.value || user.value.includes('$') || isRootUser(user) || done.has(user.start)) continue;
      if (build.service) {
        const svc = serviceNamed(project.compose(build.service.composePath), build.service?.name);
        if (!svc || mapGet(svc.doc, svc.node, 'user') !== undefined) continue;
      }
      const env = new Set(image.env.keys());
      const site = image.go.listens.find((l) => {
        if (l.port === undefined || l.port <= 0 || l.port >= 1024) return false;
        if (l.flags.length) return false; // a flag may change it; too open to judge
        return !l.env.some((e) => env.has(e) || build.service !== undefined);
      });
      if (!site || site.port === undefined) continue;
      done.add(user.start);
      const related: RelatedInput[] = [
        { path: site.path, start: site.start, end: site.end, messageId: 'listen', data: { api: site.api, port: site.port } },
      ];
      const exposed = image.exposes.find((e) => e.port === site.port && e.path === ctx.path);
      if (exposed) related.push({ path: exposed.path, start: exposed.start, end: exposed.end, messageId: 'expose', data: { port: site.port } });
      report({
        start: user.start,
        end: user.end,
        messageId: 'lowPort',
        data: { user: user.value, port: site.port, api: site.api, file: path.basename(site.path), suggested: suggested(site.port) },
        fixes: [],
        related,
      });
    }
  },
});
