/**
 * DGT309 go-dials-localhost-image: a Go program that only a Dockerfile runs (no compose service of
 * the workspace) dials a database, cache or broker on localhost, in its code or in a config file
 * the image copies in. With `docker run` that is the container itself; the server is on the host or
 * in another container. An info: a Kubernetes pod may well have it on localhost (a sidecar).
 */
import { goRule } from './context';
import type { Containerization } from '../project/project';
import type { RelatedInput } from '../core/types';
import { containerizedMain, LOOPBACK_HOST, overridden } from '../model/goMain';
import { containerizationsOf } from '../model/builds';
import { configFindings, configLines, defaultPort, KIND_NAMES } from './lib/localhostDials';

const ADVICE =
  'run with `docker run`, the server is on the host or in another container. Read the address from an environment variable and pass the database container\'s name on a shared network, or `host.docker.internal` for one on the host (on Linux add `--add-host=host.docker.internal:host-gateway`, or `extra_hosts: ["host.docker.internal:host-gateway"]` in compose).';

export const goDialsLocalhostImage = goRule({
  id: 'DGT309',
  name: 'go-dials-localhost-image',
  kind: 'go',
  severity: 'info',
  title: 'Program of an image dials localhost for a database or cache',
  messages: {
    dial: '{api} connects to the {what} at {target}, but inside the container localhost is the container itself (`dial tcp {ip}:{port}: connect: connection refused`): ' + ADVICE,
    config:
      '{api} reads `{config}`, which the image has from the build context, and it points the {what} at `{value}` (`{key}`), but inside the container localhost is the container itself (`dial tcp {ip}:{port}: connect: connection refused`): ' + ADVICE,
  },
  relatedMessages: { connects: '{api} connects here.', configLine: 'The {what} address ({key}).' },
  docs: {
    what: 'Finds database, cache and broker connections to `localhost`, `127.0.0.1` or `::1` — in the code, as the default of an environment variable the Dockerfile does not set, or in a config file (ini, yaml, json, toml, .env) the program reads and the image copies in — in a Go program that a Dockerfile of the workspace builds and no compose service runs.',
    why:
      'The same program works with `go run` next to a local database and fails in the container, where localhost is the container itself. With `docker run` the database is on the host or in another container: it is reached by the container\'s name on a user-defined network, or as `host.docker.internal` — which Docker Desktop resolves on Windows and macOS, and which Linux needs to be told about (`--add-host=host.docker.internal:host-gateway`). An info only: in a Kubernetes pod a sidecar (Cloud SQL proxy, a service mesh) may serve that very address.',
    errorText: ['dial tcp 127.0.0.1:3306: connect: connection refused', 'dial tcp [::1]:6379: connect: connection refused'],
    bad: 'package main\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/go-sql-driver/mysql"\n)\n\nfunc main() {\n\tdb, _ := sql.Open("mysql", "app:secret@tcp(127.0.0.1:3306)/app")\n\t_ = db.Ping()\n}\n',
    good: 'package main\n\nimport (\n\t"cmp"\n\t"database/sql"\n\t"os"\n\n\t_ "github.com/go-sql-driver/mysql"\n)\n\nfunc main() {\n\t// docker run -e DB_ADDR=host.docker.internal:3306 --add-host=host.docker.internal:host-gateway app\n\taddr := cmp.Or(os.Getenv("DB_ADDR"), "127.0.0.1:3306")\n\tdb, _ := sql.Open("mysql", "app:secret@tcp("+addr+")/app")\n\t_ = db.Ping()\n}\n',
    exampleLanguage: 'go',
    notFlagged: [
      'Programs a compose service of the workspace runs: DGT307 go-dials-localhost says it there, with the service that provides the port.',
      'Addresses an environment variable or flag can change that the Dockerfile sets, config files found through a variable or flag, HTTP and gRPC clients, tests and generated files.',
    ],
  },
  check(ctx, report) {
    const { project } = ctx;
    // A program some compose service runs is DGT307's.
    const imageOnly = (c: Containerization) => !containerizationsOf(project, c.mainDir).some((x) => x.build.service);
    for (const f of configFindings(project, ctx.path, ctx.text, imageOnly)) {
      const a = f.address;
      report({
        start: f.start,
        end: f.end,
        messageId: 'config',
        data: { api: f.api, config: f.shown, what: a.what, value: a.value, key: a.key, ip: a.host === 'localhost' ? '127.0.0.1' : a.host, port: a.port ?? defaultPort(a.what) ?? '<port>' },
        related: configLines(f),
      });
    }
    const main = containerizedMain(ctx);
    if (!main || main.uses.some((c) => c.build.service)) return;
    const done = new Set<number>();
    for (const d of main.pkg.dials) {
      const hl = d.hostLit;
      if (d.kind === 'grpc' || !hl || hl.path !== ctx.path || d.host === undefined || !LOOPBACK_HOST.test(d.host) || done.has(hl.lit.start)) continue;
      if (overridden(project, main.uses, hl.env, hl.flags)) continue;
      done.add(hl.lit.start);
      const ip = d.host === 'localhost' ? '127.0.0.1' : d.host === '::1' ? '[::1]' : d.host;
      const related: RelatedInput[] = [];
      if (d.path !== ctx.path || hl.lit.start < d.start || hl.lit.end > d.end) related.push({ path: d.path ?? ctx.path, start: d.start, end: d.end, messageId: 'connects', data: { api: d.api } });
      report({ start: hl.lit.start, end: hl.lit.end, messageId: 'dial', data: { api: d.api, what: KIND_NAMES[d.kind], target: d.text, ip, port: d.port ?? '?' }, related });
    }
  },
});
