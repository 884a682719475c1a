/**
 * Unit tests for the helpers behind the rules about containers that build but do not run as they
 * should (DGT149–DGT153, DGT231–DGT233, DGT307, DGT309): edge cases the fixtures only touch.
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { splitShell } from '../../server/src/parse/shell';
import { goExtras } from '../../server/src/parse/goExtras';
import { curlAsWget } from '../../server/src/model/health';
import { isShellScript, goLaunchInScript } from '../../server/src/model/pid1';
import { analyzeFile } from '../../server/src/engine/analyze';
import { RULE_SET } from '../../server/src/rules/registry';
import { initGoParser } from '../../server/src/parse/go';
import { memoryProject } from '../support/memoryProject';

before(async () => {
  await initGoParser();
});

test('splitShell: the & of a redirection (2>&1, >&2) is no background operator', () => {
  const text = 'api 2>&1 | tee log';
  const cmds = splitShell(text, 0, text.length);
  assert.deepEqual(
    cmds.map((c) => c.words.map((w) => w.value)),
    [['api', '2>&1'], ['tee', 'log']],
  );
  const bg = 'api & echo started >&2';
  assert.deepEqual(
    splitShell(bg, 0, bg.length).map((c) => c.words.map((w) => w.value)),
    [['api'], ['echo', 'started', '>&2']],
  );
});

test('DGT142 says a piped binary runs in a pipeline, not in the background', () => {
  const { project } = memoryProject({
    '/w/go.mod': 'module example.com/app\n\ngo 1.22\n',
    '/w/main.go': 'package main\n\nfunc main() {}\n',
    '/w/Dockerfile': 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/api .\n\nFROM alpine:3.20\nCOPY --from=build /bin/api /bin/api\nUSER 65532:65532\nENTRYPOINT /bin/api 2>&1 | tee -a /tmp/api.log\n',
  });
  const f = analyzeFile(RULE_SET, project, '/w/Dockerfile').find((x) => x.ruleId === 'DGT142');
  assert.ok(f, 'DGT142 reports the pipeline');
  assert.match(f.message, /runs in a pipeline/);
  assert.doesNotMatch(f.message, /background/);
});

test('curlAsWget: only checks busybox wget can do the same way', () => {
  assert.equal(curlAsWget(['-f', 'http://localhost:8080/health']), 'http://localhost:8080/health');
  assert.equal(curlAsWget(['-fsSL', '-o', '/dev/null', 'http://127.0.0.1/']), 'http://127.0.0.1/');
  assert.equal(curlAsWget(['--fail', '--silent', 'https://localhost/']), 'https://localhost/');
  assert.equal(curlAsWget(['-X', 'POST', 'http://localhost/']), undefined, 'another method');
  assert.equal(curlAsWget(['-H', 'Host: x', 'http://localhost/']), undefined, 'a header');
  assert.equal(curlAsWget(['http://localhost:$PORT/']), undefined, 'a variable');
  assert.equal(curlAsWget(['-f']), undefined, 'no URL');
  assert.equal(curlAsWget(['http://a/', 'http://b/']), undefined, 'two URLs');
});

test('goExtras.healthMode: flags, first arguments and cobra commands', () => {
  const mode = (src: string) => goExtras(src).healthMode?.arg;
  assert.equal(mode('package main\nimport "flag"\nvar hc = flag.Bool("healthcheck", false, "")\n'), '-healthcheck');
  assert.equal(mode('package main\nimport f "flag"\nfunc main() { var h bool; f.BoolVar(&h, "health", false, "") }\n'), '-health');
  assert.equal(mode('package main\nimport "os"\nfunc main() { if len(os.Args) > 1 && os.Args[1] == "healthcheck" { os.Exit(0) } }\n'), 'healthcheck');
  assert.equal(mode('package cmd\nvar c = &cobra.Command{Use: "healthcheck"}\n'), 'healthcheck');
  assert.equal(mode('package cmd\nfunc init() { root.PersistentFlags().Bool("health-check", false, "") }\n'), '--health-check');
  assert.equal(mode('package main\nimport "net/http"\nfunc main() { http.HandleFunc("/healthz", nil) }\n'), undefined, 'a route is no mode');
  assert.equal(mode('package main\nimport "flag"\nvar v = flag.Bool("verbose", false, "health")\n'), undefined);
});

test('isShellScript and goLaunchInScript', () => {
  assert.equal(isShellScript('#!/bin/sh\nexec app\n'), true);
  assert.equal(isShellScript('#!/usr/bin/env bash\r\nexec app\r\n'), true);
  assert.equal(isShellScript('\uFEFF#!/bin/sh\n'), true);
  assert.equal(isShellScript('#!/usr/bin/env python3\n'), false);
  assert.equal(isShellScript('ELF...'), false);
  const bins = { files: new Set(['/app/server']), dirs: new Set<string>() };
  const dirs = ['/usr/local/bin', '/usr/bin', '/bin'];
  assert.equal(goLaunchInScript('#!/bin/sh\nexec /app/server\n', '/app', dirs, bins), undefined, 'exec');
  const last = goLaunchInScript('#!/bin/sh\nset -e\n./server --port 8080\n', '/app', dirs, bins);
  assert.equal(last?.bin, './server');
  assert.equal(last?.notLast, false);
  const cd = goLaunchInScript('#!/bin/sh\ncd /app\n./server\necho stopped\n', '/', dirs, bins);
  assert.equal(cd?.notLast, true, 'followed by another command');
  assert.equal(cd?.how, 'before other commands');
  assert.equal(goLaunchInScript('#!/bin/sh\ncd $HOME\n./server\n', '/app', dirs, bins), undefined, 'a folder we cannot follow');
  assert.equal(goLaunchInScript('#!/bin/sh\ntrap "kill 0" TERM\n/app/server &\nwait\n', '/app', dirs, bins), undefined, 'forwards signals itself');
});

test('loopbackAddresses: server addresses by port or key, not the program\'s own listen address', async () => {
  const { loopbackAddresses } = await import('../../server/src/model/configFiles');
  const ini = '[server]\nHttpPort = 8000\nAddr = 127.0.0.1:8000\n\n[database]\nType = mysql\nHost = 127.0.0.1:3306\n\n[redis]\nHost = 127.0.0.1:6379\n';
  assert.deepEqual(
    loopbackAddresses(ini).map((a) => `${a.key} ${a.what}`),
    ['database.Host MySQL', 'redis.Host Redis'],
  );
  const yaml = 'mysql:\n  dsn: root:secret@tcp(localhost:3306)/app\nhttp:\n  addr: localhost:8080\ncache:\n  addr: localhost\n';
  assert.deepEqual(loopbackAddresses(yaml).map((a) => `${a.key} ${a.what} ${yaml.slice(a.start, a.end)}`), ['mysql.dsn MySQL localhost']);
  assert.deepEqual(loopbackAddresses('DB_HOST=127.0.0.1\nAPP_URL=http://localhost:3000\n').map((a) => a.key), ['DB_HOST']);
});

test('importPathsOf reads the import lines without parsing', async () => {
  const { importPathsOf } = await import('../../server/src/model/goPackage');
  const src = 'package main\n// import "not/this"\nimport (\n\t"fmt"\n\tx "example.com/app/pkg/a" // a comment\n\t_ "example.com/app/b"\n)\nimport "os"\n\nfunc main() { s := "import \\"later\\"" }\n';
  assert.deepEqual(importPathsOf(src), ['fmt', 'example.com/app/pkg/a', 'example.com/app/b', 'os']);
});

test('gitIgnoring names the line that ignores a path; gitTracks reads the index', async () => {
  const { gitIgnoring } = await import('../../server/src/model/buildContext');
  const { project } = memoryProject({ '/w/.git/HEAD': 'ref: refs/heads/main\n', '/w/.gitignore': '# local\n.env\n/data\n!keep.env\n', '/w/svc/.gitignore': 'secrets/\n' });
  const at = gitIgnoring(project, '/w', '/w/svc/.env', false);
  assert.equal(at?.raw, '.env');
  assert.equal(at?.file, '/w/.gitignore');
  assert.equal(gitIgnoring(project, '/w', '/w/keep.env', false), undefined, 'negated');
  assert.equal(gitIgnoring(project, '/w', '/w/svc/data', true), undefined, '/data is anchored');
  assert.equal(gitIgnoring(project, '/w', '/w/svc/secrets/key.pem', false)?.file, '/w/svc/.gitignore');
});
