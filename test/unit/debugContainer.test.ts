/**
 * "Debug Go in a container": the files the generator proposes, put into the project and analysed
 * with every rule, add no finding (a clean project stays clean; a project with findings keeps
 * exactly its own); the compose overlay and launch.json parse and say what the README says they
 * say; compose commands and entrypoints are carried over; launch.json is merged as text.
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Project, MemoryHost } from '../../server/src/project/project';
import { analyzeFile } from '../../server/src/engine/analyze';
import { initGoParser } from '../../server/src/parse/go';
import { fileKind } from '../../server/src/project/files';
import { generateDebug, type DebugResult } from '../../server/src/generate/debugContainer';
import { addLaunchConfiguration, type LaunchConfiguration } from '../../server/src/generate/launchJson';
import { delveFor, DELVE_RELEASES } from '../../server/src/facts/devTools';
import { RULE_SET } from '../../server/src/rules/registry';

before(async () => {
  await initGoParser();
});

const MAIN = 'package main\n\nimport (\n\t"context"\n\t"net/http"\n\t"os/signal"\n\t"syscall"\n)\n\nfunc main() {\n\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)\n\tdefer stop()\n\tsrv := &http.Server{Addr: ":8080"}\n\tgo func() { _ = srv.ListenAndServe() }()\n\t<-ctx.Done()\n\t_ = srv.Shutdown(context.Background())\n}\n';

const DOCKERFILE =
  'FROM golang:1.22.5 AS build\nWORKDIR /src\nCOPY go.mod ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\n\nFROM alpine:3.20\nCOPY --from=build /out/api /usr/local/bin/api\nCOPY templates /srv/templates\nUSER 65532\nEXPOSE 8080\nENTRYPOINT ["/usr/local/bin/api"]\nCMD ["serve"]\n';

function project(files: Record<string, string>): { host: MemoryHost; project: Project } {
  const host = new MemoryHost(new Map(Object.entries(files)));
  const p = new Project(host);
  p.scan('/w');
  return { host, project: p };
}

/** Every finding of the project, as `file rule message` lines. */
function findings(p: Project): string[] {
  return p
    .scan('/w')
    .filter((f) => ['dockerfile', 'compose', 'go'].includes(fileKind(f) ?? ''))
    .flatMap((f) => analyzeFile(RULE_SET, p, f).map((x) => `${path.posix.relative('/w', f)} ${x.ruleId} ${x.messageId}`))
    .sort();
}

function ok(r: DebugResult): Extract<DebugResult, { status: 'ok' }> {
  assert.equal(r.status, 'ok', JSON.stringify(r));
  return r as Extract<DebugResult, { status: 'ok' }>;
}

/** The generated files written into the project; the project as it then is. */
function written(files: Record<string, string>, start: string, service?: string): { r: Extract<DebugResult, { status: 'ok' }>; after: Project; text: (rel: string) => string } {
  const { project: before } = project(files);
  const r = ok(generateDebug(before, start, { service, workspaceFolder: '/w' }));
  const all = { ...files };
  for (const f of r.files) all[f.path] = f.text;
  const { project: after } = project(all);
  return { r, after, text: (rel) => all[path.posix.join('/w', rel)] };
}

const BASE = {
  '/w/go.mod': 'module example.com/shop\n\ngo 1.22\n',
  '/w/cmd/api/main.go': MAIN,
  '/w/templates/index.html': '<html></html>\n',
  '/w/Dockerfile': DOCKERFILE,
  '/w/.dockerignore': '.git\n',
  '/w/compose.yaml': 'services:\n  api:\n    build: .\n    ports:\n      - "8080:8080"\n',
};

test('a compose service: Dockerfile.debug, compose.debug.yaml and launch.json, and the project stays clean', () => {
  assert.deepEqual(findings(project(BASE).project), [], 'the project starts clean');
  const { r, after, text } = written(BASE, '/w/compose.yaml');
  assert.deepEqual(findings(after), [], 'the generated files pass every check');
  assert.deepEqual(r.files.map((f) => path.posix.relative('/w', f.path)).sort(), ['.vscode/launch.json', 'Dockerfile.debug', 'compose.debug.yaml']);
  const df = text('Dockerfile.debug');
  assert.ok(df.startsWith(DOCKERFILE.replace('FROM alpine:3.20', 'FROM alpine:3.20 AS dgt-app').trimEnd()), 'the Dockerfile as it is, its final stage named');
  assert.match(df, /^FROM build AS debug-build$/m);
  assert.match(df, new RegExp(`^RUN CGO_ENABLED=0 GOBIN=/tmp/dgt-debug go install github\\.com/go-delve/delve/cmd/dlv@${delveFor(22)?.version}$`, 'm'));
  assert.match(df, /^RUN CGO_ENABLED=0 go build -gcflags="all=-N -l" -o \/tmp\/dgt-debug\/api \.\/cmd\/api$/m);
  assert.match(df, /^FROM dgt-app AS debug$/m, 'built on the final stage: its files (templates), user and environment stay');
  assert.match(df, /^COPY --from=debug-build \/tmp\/dgt-debug\/api \/usr\/local\/bin\/api$/m);
  assert.match(df, /^ENTRYPOINT \["\/dlv", "exec", "\/usr\/local\/bin\/api", "--headless", "--listen=:2345", "--api-version=2", "--accept-multiclient", "--continue", "--"\]$/m);
  assert.match(df, /^CMD \["serve"\]$/m, 'the image\'s CMD is passed on to the program');
  const overlay = parseYaml(text('compose.debug.yaml')) as { services: Record<string, { build: Record<string, string>; ports: string[]; cap_add?: unknown }> };
  assert.deepEqual(overlay.services.api.build, { context: '.', dockerfile: 'Dockerfile.debug', target: 'debug' });
  assert.deepEqual(overlay.services.api.ports, ['127.0.0.1:2345:2345']);
  assert.equal(overlay.services.api.cap_add, undefined, 'dlv exec needs no capability');
  const launch = JSON.parse(text('.vscode/launch.json')) as { configurations: LaunchConfiguration[] };
  assert.deepEqual(launch.configurations, [
    { name: 'Docker: attach to api', type: 'go', request: 'attach', mode: 'remote', debugAdapter: 'dlv-dap', host: '127.0.0.1', port: 2345, substitutePath: [{ from: '${workspaceFolder}', to: '/src' }] },
  ]);
  assert.equal(r.up, 'docker compose -f compose.yaml -f compose.debug.yaml up --build');
});

test('findings the Dockerfile has are the only ones its debug copy has', () => {
  const files = { ...BASE, '/w/Dockerfile': DOCKERFILE.replace('CGO_ENABLED=0 go build', 'go build').replace('USER 65532\n', '') };
  const own = findings(project(files).project);
  assert.ok(own.some((f) => f.includes('DGT101')), own.join('\n'));
  const { after } = written(files, '/w/Dockerfile');
  const now = findings(after);
  assert.deepEqual(now.filter((f) => !f.startsWith('Dockerfile.debug ')), own, 'the other files keep their findings');
  const ownKinds = new Set(own.filter((f) => f.startsWith('Dockerfile ')).map((f) => f.replace(/^Dockerfile /, '')));
  const debugKinds = now.filter((f) => f.startsWith('Dockerfile.debug ')).map((f) => f.replace(/^Dockerfile\.debug /, ''));
  assert.ok(debugKinds.includes('DGT101 cgo'), 'the debug build mirrors the cgo build it copies');
  assert.deepEqual(debugKinds.filter((k) => !ownKinds.has(k)), [], 'nothing the Dockerfile does not have already');
});

test('compose command and entrypoint: the overlay passes the arguments on to the program', () => {
  const noEntry = { ...BASE, '/w/Dockerfile': DOCKERFILE.replace('ENTRYPOINT ["/usr/local/bin/api"]\nCMD ["serve"]\n', 'CMD ["/usr/local/bin/api"]\n'), '/w/compose.yaml': 'services:\n  api:\n    build: .\n    command: ["/usr/local/bin/api", "serve", "--debug"]\n    ports:\n      - "8080:8080"\n' };
  const a = written(noEntry, '/w/compose.yaml');
  assert.match(a.text('compose.debug.yaml'), /^ {4}command: \["serve", "--debug"\]$/m);
  assert.deepEqual(findings(a.after), []);
  const other = { ...noEntry, '/w/compose.yaml': 'services:\n  api:\n    build: .\n    command: ["sh", "-c", "sleep 1"]\n' };
  const r = generateDebug(project(other).project, '/w/compose.yaml', { workspaceFolder: '/w' });
  assert.equal(r.status, 'error');
});

test('a compose file with several Go services asks which one; a Dockerfile no compose file builds gets a compose file of its own', () => {
  const two = { ...BASE, '/w/compose.yaml': 'services:\n  api:\n    build: .\n    ports:\n      - "8080:8080"\n  worker:\n    build: .\n    ports:\n      - "127.0.0.1:2345:9000"\n' };
  const { project: p } = project(two);
  const ask = generateDebug(p, '/w/compose.yaml');
  assert.equal(ask.status, 'chooseService');
  assert.deepEqual(ask.status === 'chooseService' && ask.targets.map((t) => t.service), ['api', 'worker']);
  const picked = ok(generateDebug(p, '/w/compose.yaml', { service: 'api', workspaceFolder: '/w' }));
  assert.equal(picked.port, 2346, 'a host port no service publishes');
  const alone = { ...BASE };
  delete (alone as Record<string, string>)['/w/compose.yaml'];
  const w = written(alone, '/w/Dockerfile');
  const compose = parseYaml(w.text('compose.debug.yaml')) as { services: Record<string, { build: Record<string, string>; ports: string[] }> };
  assert.deepEqual(Object.keys(compose.services), ['api-debug']);
  assert.deepEqual(compose.services['api-debug'].ports, ['127.0.0.1:2345:2345']);
  assert.deepEqual(findings(w.after), []);
});

test('launch.json: added as text to the configurations, comments and trailing commas kept; never twice', () => {
  const config: LaunchConfiguration = { name: 'Docker: attach to api', type: 'go', request: 'attach', mode: 'remote', debugAdapter: 'dlv-dap', host: '127.0.0.1', port: 2345, substitutePath: [] };
  const existing = '{\r\n\t// Use IntelliSense to learn about possible attributes.\r\n\t"version": "0.2.0",\r\n\t"configurations": [\r\n\t\t{ "name": "Launch", "type": "go", "request": "launch", "program": "${workspaceFolder}" },\r\n\t],\r\n}\r\n';
  const r = addLaunchConfiguration(existing, config);
  assert.equal(r.status, 'ok');
  const text = r.status === 'ok' ? r.text : '';
  assert.ok(text.includes('// Use IntelliSense'), 'comments stay');
  assert.ok(text.includes('\r\n\t\t{\r\n\t\t\t"name": "Docker: attach to api",'), 'the file\'s indentation and line endings');
  const parsed = JSON.parse(text.replace(/\/\/.*$/gm, '').replace(/,(\s*[\]}])/g, '$1')) as { configurations: { name: string }[] };
  assert.deepEqual(parsed.configurations.map((c) => c.name), ['Docker: attach to api', 'Launch']);
  assert.equal(addLaunchConfiguration(text, config).status, 'present');
  const empty = addLaunchConfiguration('{ "version": "0.2.0", "configurations": [] }', config);
  assert.equal(empty.status === 'ok' && (JSON.parse(empty.text) as { configurations: unknown[] }).configurations.length, 1);
  const none = addLaunchConfiguration('{\n  "version": "0.2.0"\n}\n', config);
  assert.equal(none.status === 'ok' && (JSON.parse(none.text.replace(/,(\s*[\]}])/g, '$1')) as { configurations: unknown[] }).configurations.length, 1);
  assert.equal(addLaunchConfiguration('[]', config).status, 'unreadable');
});

test('Delve releases: every Go from 1.18 on gets one that debugs it and builds with it', () => {
  for (let minor = 18; minor <= 27; minor++) {
    const d = delveFor(minor);
    assert.ok(d, `Go 1.${minor}`);
    assert.ok(minor >= d.minGo && minor <= d.maxGo && minor >= d.buildGo, `Go 1.${minor}: ${d.version}`);
  }
  assert.equal(delveFor(40), undefined);
  assert.ok(DELVE_RELEASES.every((r, k) => k === 0 || r.date < DELVE_RELEASES[k - 1].date), 'newest first');
});
