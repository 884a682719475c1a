/**
 * DGT301 go-loopback-listen: a containerized Go server that listens on 127.0.0.1 / localhost.
 *
 * Reads the listen facts of the whole main package: literals, package constants (in any file of
 * the package), concatenations, fmt.Sprintf, os.Getenv and flag defaults. The finding sits on the
 * literal that holds the host, in whichever file of the package that literal lives.
 */
import { goRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { renderLiteral } from '../parse/go';
import { BUILT_HERE_MESSAGES, builtHere, containerizedMain, LOOPBACK_HOST, overridden, sharesNetwork } from '../model/goMain';

export const goLoopbackListen = goRule({
  id: 'DGT301',
  name: 'go-loopback-listen',
  kind: 'go',
  severity: 'error',
  title: 'Containerized server listens on loopback only',
  fixTitles: { allInterfaces: 'Listen on all interfaces: "{addr}"', allIPv4: 'Listen on all IPv4 interfaces: "{addr}"' },
  messages: {
    loopback:
      '{api} listens on {addr}, the container\'s own loopback: nothing outside the container can connect, and a published port answers `curl: (52) Empty reply from server` or `connection refused`. Listen on all interfaces: "{fixed}".',
    loopbackDefault:
      '{api} listens on {addr} unless {override} is set, and no Dockerfile or compose file of the workspace sets it: the server is then reachable only from inside the container (`curl: (52) Empty reply from server`). Make the default listen on all interfaces: "{fixed}".',
  },
  relatedMessages: { ...BUILT_HERE_MESSAGES, listens: '{api} listens on this address.' },
  docs: {
    what: 'Finds a Go main package, built into an image by a Dockerfile or compose service of the workspace, whose server listens on `127.0.0.1`, `localhost` or `[::1]`.',
    why:
      'Each container has its own network namespace with its own loopback interface. A server bound to `127.0.0.1` inside the container accepts only connections from inside that container; Docker\'s port publishing forwards to the container\'s external interface, where nothing listens. On a laptop the same code works, which is why this trap costs an afternoon.',
    errorText: ['curl: (52) Empty reply from server', 'curl: (7) Failed to connect to localhost port 8080: Connection refused', 'connection reset by peer'],
    bad: 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe("127.0.0.1:8080", nil)\n}\n',
    good: 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    exampleLanguage: 'go',
    fixes: 'Edits the literal that holds the host: `"127.0.0.1:8080"` becomes `":8080"` (all interfaces, preferred) or `"0.0.0.0:8080"`; `"localhost:"+port` becomes `":"+port`; a literal that is only the host becomes `"0.0.0.0"`.',
    appliesTo:
      'net/http (`ListenAndServe`, `http.Server{Addr}`), `net.Listen`/`net.ListenTCP`/`tls.Listen` (gRPC included), gin `Run`, echo `Start`, fiber `Listen`, iris `Listen`/`Run`, hertz `WithHostPorts`, kratos `Address`; with the address written as a literal, a package constant of any file of the package, a concatenation, `fmt.Sprintf`, `net.JoinHostPort`, `os.Getenv` with a default (`if port == ""`, `cmp.Or`, getEnv-style helpers) or a flag default.',
    notFlagged: [
      'A main package that no Dockerfile or compose service of the workspace builds: on the host, loopback is a sensible default.',
      'A compose service with `network_mode: host`, `service:...` or `container:...`: it shares a network namespace where loopback is reachable.',
      'A loopback default of an environment variable or flag that the Dockerfile (ENV, ENTRYPOINT/CMD) or the compose service (environment, env_file, command) sets.',
      'Tests, generated files, files built only for other operating systems, and addresses computed from configuration at run time.',
      'A loopback side port (a listen started in a goroutine, or on 6060, the pprof convention) while the program listens elsewhere on all interfaces or on an address from configuration: a debug or admin endpoint kept private on purpose.',
    ],
  },
  check(ctx, report) {
    const main = containerizedMain(ctx);
    if (!main) return;
    const uses = main.uses.filter((c) => !sharesNetwork(c.build.service?.networkMode));
    if (!uses.length) return;
    const related = builtHere(uses);
    const done = new Set<number>();
    for (const site of main.pkg.listens) {
      const hl = site.hostLit;
      if (!hl || hl.path !== ctx.path || site.host === undefined || !LOOPBACK_HOST.test(site.host) || done.has(hl.lit.start)) continue;
      if (overridden(ctx.project, uses, hl.env, hl.flags)) continue;
      // A side port kept on loopback on purpose (a pprof or admin endpoint started in a goroutine)
      // while the service itself listens elsewhere, on all interfaces or on an address we cannot see.
      const sidePort = site.async || site.port === 6060;
      if (sidePort && main.pkg.listens.some((l) => l !== site && (l.host === undefined || !LOOPBACK_HOST.test(l.host)))) continue;
      done.add(hl.lit.start);
      const lit = hl.lit;
      const hostOnly = hl.from === 0 && hl.to === lit.value.length;
      const rest = site.text.slice(hl.to - hl.from);
      const variants = hostOnly ? ['0.0.0.0'] : ['', '0.0.0.0'];
      const fixes: FixInput[] = [];
      for (const host of variants) {
        const newText = renderLiteral(lit, lit.value.slice(0, hl.from) + host + lit.value.slice(hl.to));
        if (newText === undefined) continue;
        fixes.push({
          titleId: host ? 'allIPv4' : 'allInterfaces',
          titleData: { addr: host + rest },
          preferred: fixes.length === 0,
          edits: [{ path: ctx.path, start: lit.start, end: lit.end, newText }],
        });
      }
      const more: RelatedInput[] = [];
      if (site.path !== ctx.path || lit.start < site.start || lit.end > site.end) {
        more.push({ path: site.path ?? ctx.path, start: site.start, end: site.calleeEnd, messageId: 'listens', data: { api: site.api } });
      }
      const fixed = (hostOnly ? '0.0.0.0' : '') + rest;
      const override = [...hl.env.map((e) => `$${e}`), ...hl.flags.map((f) => `-${f}`)].join(' or ');
      report({
        start: lit.start,
        end: lit.end,
        messageId: override ? 'loopbackDefault' : 'loopback',
        data: { api: site.api, addr: site.text, fixed, override },
        fixes,
        related: [...more, ...related],
      });
    }
  },
});
