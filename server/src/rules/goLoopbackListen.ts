/**
 * DGT301 go-loopback-listen: a containerized Go server that listens on 127.0.0.1 / localhost.
 */
import * as path from 'node:path';
import type { GoRule } from '../engine/context';
import type { Fix, RelatedLocation } from '../engine/types';
import type { StringLit } from '../parse/go';

const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})$/i;

/** Compose network modes in which the container shares another network namespace. */
function sharesNetwork(mode: string | undefined): boolean {
  return !!mode && (mode === 'host' || mode.startsWith('service:') || mode.startsWith('container:'));
}

function literal(lit: StringLit, value: string): string {
  return lit.quote === '`' ? '`' + value + '`' : JSON.stringify(value);
}

export const goLoopbackListen: GoRule = {
  id: 'DGT301',
  name: 'go-loopback-listen',
  kind: 'go',
  severity: 'error',
  title: 'Containerized server listens on loopback only',
  messages: {
    loopback:
      '{api} listens on {addr}, the container\'s own loopback: nothing outside the container can connect, and a published port answers `curl: (52) Empty reply from server` or `connection refused`. Listen on all interfaces: "{fixed}".',
  },
  docs: {
    what: 'Finds a Go main package, built into an image by a Dockerfile or compose service of the workspace, whose server listens on `127.0.0.1`, `localhost` or `[::1]`.',
    why:
      'Each container has its own network namespace with its own loopback interface. A server bound to `127.0.0.1` inside the container accepts only connections from inside that container; Docker\'s port publishing forwards to the container\'s external interface, where nothing listens. On a laptop the same code works, which is why this trap costs an afternoon.',
    errorText: ['curl: (52) Empty reply from server', 'curl: (7) Failed to connect to localhost port 8080: Connection refused', 'connection reset by peer'],
    bad: 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe("127.0.0.1:8080", nil)\n}\n',
    good: 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    exampleLanguage: 'go',
    fixes: 'Replaces the address with `":PORT"` (all interfaces, preferred) or `"0.0.0.0:PORT"` (all IPv4 interfaces).',
    notFlagged: [
      'A main package that no Dockerfile or compose service of the workspace builds: on the host, loopback is a sensible default.',
      'A compose service with `network_mode: host`, `service:...` or `container:...`: it shares a network namespace where loopback is reachable.',
      'Addresses computed at run time (this rule reads literals and package constants).',
    ],
  },
  check(ctx, report) {
    const { facts, project } = ctx;
    if (facts.packageName !== 'main' || !facts.listens.length) return;
    const uses = project.containerizationsOf(path.dirname(ctx.path)).filter((c) => !sharesNetwork(c.build.service?.networkMode));
    if (!uses.length) return;
    const related: RelatedLocation[] = uses.slice(0, 3).map((c) => ({
      path: c.build.dockerfile,
      start: c.goBuild.goWord.start,
      end: c.goBuild.command.end,
      message: c.build.service ? `Built into the image of compose service "${c.build.service.name}" here.` : 'Built into a container image here.',
    }));
    const done = new Set<number>();
    for (const site of facts.listens) {
      const lit = site.literal;
      const m = LOOPBACK.exec(lit.value);
      if (!m || done.has(lit.start)) continue;
      done.add(lit.start);
      const port = m[2] ?? '';
      const fixed = `:${port}`;
      const fixes: Fix[] = [
        { title: `Listen on all interfaces: "${fixed}"`, preferred: true, edits: [{ path: ctx.path, start: lit.start, end: lit.end, newText: literal(lit, fixed) }] },
        { title: `Listen on all IPv4 interfaces: "0.0.0.0:${port}"`, edits: [{ path: ctx.path, start: lit.start, end: lit.end, newText: literal(lit, `0.0.0.0:${port}`) }] },
      ];
      report({ start: lit.start, end: lit.end, messageId: 'loopback', data: { api: site.api, addr: lit.value, fixed }, fixes, related });
    }
  },
};
