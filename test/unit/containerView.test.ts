/**
 * model/containerView.ts and model/navigation.ts on in-memory projects: what is unknown stays
 * unknown, host names are read only where an address puts them, and the map stops at its limit.
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { initGoParser } from '../../server/src/parse/go';
import { containersAt, workspaceContainers } from '../../server/src/model/containerView';
import { definitionAt, hostMentions } from '../../server/src/model/navigation';
import { memoryProject } from '../support/memoryProject';

before(async () => {
  await initGoParser();
});

test('hostMentions: hosts of URLs, host:port pairs and host= settings, never a user name or a password', () => {
  const hosts = (v: string) => hostMentions(v).map((m) => [m.host, v.slice(m.from, m.to)]);
  assert.deepEqual(hosts('postgres://app:secret@db:5432/app'), [['db', 'db']]);
  assert.deepEqual(hosts('http://api:8080/health'), [['api', 'api']]);
  assert.deepEqual(hosts('mongodb://mongo1:27017,mongo2:27017/app?replicaSet=rs0'), [['mongo1', 'mongo1'], ['mongo2', 'mongo2']]);
  assert.deepEqual(hosts('root:1234@tcp(mysql:3306)/shop'), [['mysql', 'mysql']]);
  assert.deepEqual(hosts('host=db port=5432 user=app'), [['db', 'db']]);
  assert.deepEqual(hosts('cache:6379'), [['cache', 'cache']]);
  assert.deepEqual(hosts('redis://:pw@cache:6379/0'), [['cache', 'cache']]);
  assert.deepEqual(hosts('debug'), []);
  assert.deepEqual(hosts('C:\\data'), []);
  assert.deepEqual(hosts('${DB_HOST}:5432'), []);
  assert.deepEqual(hosts('user:5432@'), [], 'digits before @ are a password, not a port');
});

test('a base image chosen by a build argument, and one the table does not know, stay unknown', () => {
  const { project } = memoryProject({
    '/w/compose.yaml': 'services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n',
    '/w/a/Dockerfile': 'ARG BASE\nFROM ${BASE}\nCOPY app /app\n',
    '/w/b/Dockerfile': 'FROM example.com/team/runtime:7\nCOPY app /app\n',
  });
  const { items } = workspaceContainers(project);
  assert.deepEqual(items.map((i) => i.service?.name), ['a', 'b']);
  for (const i of items) {
    assert.equal(i.base?.known, false);
    assert.equal(i.base?.libc, undefined);
    assert.equal(i.base?.shell.has, 'unknown');
    assert.equal(i.base?.certificates.has, 'unknown');
    assert.equal(i.base?.zoneinfo.has, 'unknown');
    assert.equal(i.base?.user.source, 'unknown');
    assert.equal(i.go, 'none');
  }
});

test('the map stops at its limit and says so', () => {
  const files: Record<string, string> = {};
  for (let k = 0; k < 12; k++) files[`/w/s${k}/Dockerfile`] = 'FROM alpine:3.20\n';
  const { project } = memoryProject(files);
  const all = workspaceContainers(project);
  assert.equal(all.items.length, 12);
  assert.equal(all.truncated, false);
  const some = workspaceContainers(project, 5);
  assert.equal(some.items.length, 5);
  assert.equal(some.truncated, true);
});

test('a service named in a value that is no address, and a name no service has, lead nowhere', () => {
  const compose = 'services:\n  api:\n    image: x\n    environment:\n      GREETING: db\n      URL: http://web:80\n      DB_HOST: db\n  db:\n    image: postgres:16\n';
  const { project } = memoryProject({ '/w/compose.yaml': compose });
  const def = (needle: string, delta: number) => definitionAt(project, '/w/compose.yaml', 'compose', compose.indexOf(needle) + delta);
  assert.equal(def('GREETING: db', 11), undefined, 'GREETING is no host variable');
  assert.equal(def('web:80', 1), undefined, 'no service web');
  assert.deepEqual(def('DB_HOST: db', 10)?.targets, [{ path: '/w/compose.yaml', start: compose.indexOf('db:\n'), end: compose.indexOf('db:\n') + 2 }]);
  // A key that is not a service's: no container.
  assert.equal(containersAt(project, '/w/compose.yaml', 'compose', compose.indexOf('environment')), undefined);
});

test('a Dockerfile that ends in a Windows stage shows its Linux image too, and a stage a Makefile builds with --target', () => {
  const { project } = memoryProject({
    '/w/.git/HEAD': 'ref: refs/heads/main\n',
    '/w/win/Dockerfile':
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api .\n\nFROM alpine:3.20 AS final-linux\nCOPY --from=build /out/api /api\n\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY --from=build /out/api /api.exe\n',
    '/w/mk/Dockerfile': 'FROM golang:1.22 AS build\nRUN go build -o /api .\n\nFROM alpine:3.20 AS prod\nCOPY --from=build /api /api\n\nFROM build AS dev\n',
    '/w/mk/Makefile': 'image:\n\tdocker build --target prod -t api .\n',
  });
  const { items } = workspaceContainers(project);
  const shown = items.map((i) => `${i.dockerfile?.path.replace('/w/', '')}#${i.dockerfile?.target ?? 'last'}`).sort();
  assert.deepEqual(shown, ['mk/Dockerfile#last', 'mk/Dockerfile#prod', 'win/Dockerfile#final-linux', 'win/Dockerfile#last']);
});
