/**
 * The compose side of the project model: override files merged the way Compose merges them, with
 * the file and offsets of every value kept; and the facts of the image a service builds.
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { Project, MemoryHost } from '../../server/src/project/project';
import { memoryProject } from '../support/memoryProject';
import { initGoParser } from '../../server/src/parse/go';
import { composeView, composeFilesFor, child, scalarOf, stringAt, MMap, splitVolumeSpec } from '../../server/src/model/composeView';
import { serviceImage } from '../../server/src/model/image';

before(async () => {
  await initGoParser();
});

function project(files: Record<string, string>): Project {
  const p = new Project(new MemoryHost(new Map(Object.entries(files).map(([k, v]) => [`/w/${k}`, v]))));
  p.scan('/w');
  return p;
}

function env(svc: MMap | undefined): Record<string, string | undefined> {
  const e = child(svc, 'environment');
  const out: Record<string, string | undefined> = {};
  if (e?.kind === 'map') for (const [k, v] of e.entries) out[k] = scalarOf(v.value)?.value;
  return out;
}

test('an override merges over the base file: maps by key, lists appended, scalars replaced, origins kept', () => {
  const base = [
    'services:',
    '  api:',
    '    build: .',
    '    environment:',
    '      - A=1',
    '      - B=2',
    '    ports: ["8080:8080"]',
    '    volumes:',
    '      - ./src:/src',
    '      - ./data:/data',
    '    command: ["serve", "--debug"]',
    '  db:',
    '    image: postgres:16',
    '',
  ].join('\n');
  const override = [
    'services:',
    '  api:',
    '    build:',
    '      target: dev',
    '    environment:',
    '      B: "3"',
    '      C: "4"',
    '    ports: ["9090:9090"]',
    '    volumes:',
    '      - ./other:/data',
    '    command: ["serve"]',
    '  db: !reset',
    '',
  ].join('\n');
  const p = project({ 'compose.yaml': base, 'compose.override.yaml': override });
  assert.deepEqual(composeFilesFor(p, '/w/compose.yaml'), ['/w/compose.yaml', '/w/compose.override.yaml']);
  assert.deepEqual(composeFilesFor(p, '/w/compose.override.yaml'), ['/w/compose.yaml', '/w/compose.override.yaml']);
  const view = composeView(p, '/w/compose.override.yaml');
  const api = view.services.get('api');
  assert.deepEqual(env(api), { A: '1', B: '3', C: '4' });
  // The value of B comes from the override, at its offsets there.
  const b = scalarOf(child(api, 'environment', 'B'));
  assert.equal(b?.path, '/w/compose.override.yaml');
  assert.equal(override.slice(b!.start, b!.end), '3');
  // The value of A (list form in the base) points at the `1` of `- A=1`.
  const a = scalarOf(child(api, 'environment', 'A'));
  assert.equal(a?.path, '/w/compose.yaml');
  assert.equal(base.slice(a!.start, a!.end), '1');
  const ports = child(api, 'ports');
  assert.deepEqual(ports?.kind === 'seq' ? ports.items.map((i) => scalarOf(i)?.value) : [], ['8080:8080', '9090:9090']);
  const vols = child(api, 'volumes');
  assert.deepEqual(vols?.kind === 'seq' ? vols.items.map((i) => scalarOf(i)?.value) : [], ['./src:/src', './other:/data'], 'volumes merge by target');
  const cmd = child(api, 'command');
  assert.deepEqual(cmd?.kind === 'seq' ? cmd.items.map((i) => scalarOf(i)?.value) : [], ['serve'], 'command is replaced');
  // `build: .` became {context: .} and took the override's target.
  assert.equal(stringAt(api, 'build', 'context'), '.');
  assert.equal(stringAt(api, 'build', 'target'), 'dev');
  assert.ok(!view.services.has('db'), '!reset removes the service');
});

test('an environment file such as docker-compose.prod.yml is an overlay of the base only when its services are partial', () => {
  const p = project({
    'docker-compose.yml': 'services:\n  api:\n    build: .\n',
    'docker-compose.prod.yml': 'services:\n  api:\n    mem_limit: 512m\n',
    'docker-compose.other.yml': 'services:\n  tool:\n    image: busybox:1.36\n',
  });
  assert.deepEqual(composeFilesFor(p, '/w/docker-compose.prod.yml'), ['/w/docker-compose.yml', '/w/docker-compose.prod.yml']);
  assert.deepEqual(composeFilesFor(p, '/w/docker-compose.other.yml'), ['/w/docker-compose.other.yml']);
  assert.deepEqual(composeFilesFor(p, '/w/docker-compose.yml'), ['/w/docker-compose.yml']);
});

test('anchors, merge keys and aliases resolve into the merged view, with the anchor\'s offsets', () => {
  const text = 'x-env: &env\n  TZ: Asia/Shanghai\nservices:\n  api:\n    image: a\n    environment:\n      <<: *env\n      LOG: debug\n';
  const p = project({ 'compose.yaml': text });
  const api = composeView(p, '/w/compose.yaml').services.get('api');
  const tz = scalarOf(child(api, 'environment', 'TZ'));
  assert.equal(tz?.value, 'Asia/Shanghai');
  assert.equal(text.slice(tz!.start, tz!.end), 'Asia/Shanghai');
});

test('volume specs split with drive letters and modes', () => {
  assert.deepEqual(splitVolumeSpec('C:\\goapp:/app:ro'), { source: 'C:\\goapp', target: '/app', mode: 'ro', sourceAt: 0, targetAt: 9 });
  assert.deepEqual(splitVolumeSpec('./data:/data'), { source: './data', target: '/data', mode: undefined, sourceAt: 0, targetAt: 7 });
  assert.deepEqual(splitVolumeSpec('/anonymous'), { source: undefined, target: '/anonymous', mode: undefined, sourceAt: 0, targetAt: 0 });
});

test('a service\'s image: base family, zoneinfo, certificates, shell, EXPOSE, ENV and the Go program it runs', () => {
  const p = project({
    'compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      target: runtime\n',
    Dockerfile: [
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/api .',
      'FROM alpine:3.20 AS runtime',
      'RUN apk add --no-cache tzdata',
      'ENV GOMEMLIMIT=400MiB TZ=Asia/Shanghai',
      'COPY --from=build /out/api /api',
      'USER 65532',
      'EXPOSE 8080/tcp 9090',
      'ENTRYPOINT ["/api"]',
      'FROM scratch AS other',
      '',
    ].join('\n'),
    'go.mod': 'module example.com/api\n\ngo 1.22\n',
    'main.go': 'package main\n\nimport (\n\t"net/http"\n\t"runtime/debug"\n\t_ "time/tzdata"\n)\n\nfunc main() {\n\tdebug.SetMemoryLimit(1 << 28)\n\thttp.ListenAndServe(":8080", nil)\n}\n',
  });
  const view = composeView(p, '/w/compose.yaml');
  const img = serviceImage(p, view, 'api');
  assert.ok(img);
  assert.equal(img.final.name, 'runtime');
  assert.equal(img.family, 'alpine');
  assert.equal(img.zoneinfo.has, 'yes');
  assert.equal(img.caCertificates.has, 'yes');
  assert.equal(img.shell.has, 'yes');
  assert.equal(img.user?.value, '65532');
  assert.deepEqual(img.exposes.map((e) => [e.port, e.protocol]), [[8080, 'tcp'], [9090, 'tcp']]);
  assert.equal(img.env.get('GOMEMLIMIT')?.value, '400MiB');
  assert.equal(img.env.get('TZ')?.value, 'Asia/Shanghai');
  assert.deepEqual(img.mainDirs, ['/w']);
  assert.deepEqual(img.go?.listens.map((l) => l.port), [8080]);
  assert.ok(img.go?.tzdata, 'time/tzdata is imported');
  assert.ok(img.go?.setMemoryLimit, 'debug.SetMemoryLimit is called');
  assert.equal(img.go?.goVersion?.value, '1.22');
});

test('image facts are read through the project: a change to main.go is seen by the next analysis', () => {
  const { host, project: p } = memoryProject({
    '/w/compose.yaml': 'services:\n  api:\n    build: .\n',
    '/w/Dockerfile': 'FROM golang:1.22 AS b\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=b /app /app\n',
    '/w/go.mod': 'module m\n\ngo 1.22\n',
    '/w/main.go': 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
  });
  const first = p.track('/w/compose.yaml', () => serviceImage(p, composeView(p, '/w/compose.yaml'), 'api'));
  assert.deepEqual(first?.go?.listens.map((l) => l.port), [8080]);
  assert.ok(p.dependents('/w/main.go').includes('/w/compose.yaml'), 'compose.yaml depends on main.go');
  assert.ok(p.dependents('/w/Dockerfile').includes('/w/compose.yaml'), 'compose.yaml depends on the Dockerfile');
  host.files.set('/w/main.go', 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":9090", nil) }\n');
  p.changed('/w/main.go');
  const second = serviceImage(p, composeView(p, '/w/compose.yaml'), 'api');
  assert.deepEqual(second?.go?.listens.map((l) => l.port), [9090]);
  assert.equal(second?.zoneinfo.has, 'no');
  assert.equal(second?.shell.has, 'no');
});
