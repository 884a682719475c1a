/**
 * Unit tests for the helpers behind DGT140-DGT145 whose edge cases the fixtures only touch: the
 * .gitignore matcher, exact-case lookups, secret names and connection-string passwords; and the
 * reading of host build scripts behind DGT104 and DGT151 (the GOOS and GOARCH their go builds get),
 * and the Bitnami image table behind DGT233.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Project, MemoryHost } from '../../server/src/project/project';
import { gitIgnored, lookupExact, candidateContexts, expandGlob } from '../../server/src/model/buildContext';
import { secretKind, isPlaceholder, urlPassword } from '../../server/src/facts/secrets';
import { hostGoBuildsIn, makeVarCertain, type HostGoEnv } from '../../server/src/model/hostGoBuilds';
import { bitnamiImage } from '../../server/src/facts/bitnamiImages';
import { hostDockerBuilds } from '../../server/src/model/hostScripts';
import { baseImage } from '../../server/src/facts/baseImages';

function project(files: Record<string, string>): Project {
  return new Project(new MemoryHost(new Map(Object.entries(files))));
}

test('gitIgnored: anchored and unanchored patterns, folders, negation and nested .gitignore files', () => {
  const p = project({
    '/r/.git/HEAD': 'ref: refs/heads/main\n',
    '/r/.git/info/exclude': 'local-only.txt\n',
    '/r/.gitignore': '# outputs\n/bin/\n*.exe\ndist\n!keep.exe\nbuild/**/tmp\n',
    '/r/svc/.gitignore': 'generated.go\n!/dist\n',
  });
  const ig = (rel: string, dir = false) => gitIgnored(p, '/r', '/r/' + rel, dir);
  assert.equal(ig('bin/app'), true, '/bin/ ignores what is below it');
  assert.equal(ig('svc/bin/app'), false, '/bin/ is anchored to the root');
  assert.equal(ig('bin', false), false, 'a dir-only pattern does not match a file named bin');
  assert.equal(ig('tools/x.exe'), true);
  assert.equal(ig('keep.exe'), false, 'negated');
  assert.equal(ig('web/dist/app.js'), true, 'unanchored name matches at any depth');
  assert.equal(ig('svc/dist/app.js'), false, 'a deeper .gitignore re-includes the folder');
  assert.equal(ig('bin/keep.exe'), true, 'nothing below an ignored folder comes back');
  assert.equal(ig('svc/generated.go'), true);
  assert.equal(ig('generated.go'), false, 'nested .gitignore applies only below its folder');
  assert.equal(ig('build/a/b/tmp/x'), true, '** spans folders');
  assert.equal(ig('local-only.txt'), true, '.git/info/exclude');
  assert.equal(ig('main.go'), false);
});

test('lookupExact answers by folder listing, so a case-insensitive disk cannot hide a wrong case', () => {
  const p = project({ '/c/cmd/API/main.go': 'package main\n', '/c/Readme.md': '', '/c/README.md': '' });
  assert.deepEqual(lookupExact(p, '/c', ['cmd', 'API', 'main.go']).kind, 'exact');
  const l = lookupExact(p, '/c', ['Cmd', 'api', 'Main.go']);
  assert.equal(l.kind, 'case');
  assert.deepEqual(l.kind === 'case' && l.corrected, ['cmd', 'API', 'main.go']);
  assert.equal(lookupExact(p, '/c', ['readme.md']).kind, 'ambiguous');
  assert.equal(lookupExact(p, '/c', ['cmd', 'API', 'main.go', 'x']).kind, 'missing', 'a file is no folder');
  assert.deepEqual(expandGlob(p, '/c', ['cmd', '*', '*.go']), ['/c/cmd/API/main.go']);
  assert.deepEqual(expandGlob(p, '/c', ['*.txt']), []);
});

test('candidateContexts: compose states the context; a standalone Dockerfile may use any parent up to the repository root', () => {
  const p = project({ '/r/.git/HEAD': '', '/r/a/b/Dockerfile': 'FROM alpine:3.20\n' });
  const standalone = { dockerfile: '/r/a/b/Dockerfile', context: '/r/a/b', target: undefined, service: undefined };
  assert.deepEqual(candidateContexts(p, standalone), ['/r/a/b', '/r/a', '/r']);
  const compose = { ...standalone, context: '/r/a', service: { composePath: '/r/compose.yaml', name: 'api', keyStart: 0, keyEnd: 0, networkMode: undefined } };
  assert.deepEqual(candidateContexts(p, compose), ['/r/a']);
});

test('secretKind: the secret word must end the name', () => {
  for (const n of ['DB_PASSWORD', 'MYSQL_ROOT_PASSWD', 'SMTP_PASS', 'GITHUB_TOKEN', 'JWT_SECRET', 'API_KEY', 'stripeApiKey', 'AWS_SECRET_ACCESS_KEY', 'SSH_PRIVATE_KEY', 'GCP_CREDENTIALS', 'DB_PWD', 'token']) {
    assert.ok(secretKind(n), n);
  }
  for (const n of ['TOKEN_URL', 'PASSWORD_FILE', 'PASSWORD_MIN_LENGTH', 'SECRET_NAME', 'HSM_TOKEN_LABEL', 'AWS_ACCESS_KEY_ID', 'GPG_KEY', 'PWD', 'PWDPATH', 'BYPASS4NETNS_VERSION', 'KEY', 'PASSWORD_HASH_COST']) {
    assert.equal(secretKind(n), undefined, n);
  }
});

test('isPlaceholder and urlPassword', () => {
  for (const v of ['', 'changeme', 'CHANGE_ME', 'xxx', '***', '<your-token>', 'your_api_key_here', 'true', '0', '/run/secrets/db', '{{ .Token }}', '{add your key here}']) assert.ok(isPlaceholder(v), v);
  for (const v of ['hunter2', 's3cr3t', 'ghp_abc123']) assert.equal(isPlaceholder(v), false, v);
  const v = 'postgres://app:hunter2@db:5432/app';
  const pw = urlPassword(v);
  assert.ok(pw);
  assert.equal(v.slice(pw.start, pw.end), 'hunter2');
  const dsn = 'root:secret@tcp(mysql:3306)/app';
  const pw2 = urlPassword(dsn);
  assert.ok(pw2);
  assert.equal(dsn.slice(pw2.start, pw2.end), 'secret');
  assert.equal(urlPassword('postgres://app@db/app'), undefined);
  assert.equal(urlPassword('user:pass@example.com'), undefined, 'no scheme and no driver syntax: not a connection string');
});

test('hostGoBuildsIn: what each kind of host script sets for the go builds it runs', () => {
  const read = (lang: 'sh' | 'bat' | 'ps1' | 'make', lines: string[]) => {
    const env: HostGoEnv = new Map();
    let at = 0;
    const out = [];
    for (const l of lines) {
      out.push(...hostGoBuildsIn(env, l, l, at, '/r', '/r/build', lang));
      at += l.length + 1;
    }
    return out.map((b) => ({ output: b.output, goos: b.goos?.value, goarch: b.goarch?.value, start: b.goarch?.start, windowsHost: b.windowsHost }));
  };
  // Batch files: `set` (any case, quoted), only for later lines.
  assert.deepEqual(read('bat', ['go build -o a .', 'SET "GOOS=linux"', 'set goarch=arm64', 'go build -o bin\\b .']), [
    { output: '/r/a', goos: undefined, goarch: undefined, start: undefined, windowsHost: true },
    { output: '/r/bin/b', goos: 'linux', goarch: 'arm64', start: 'go build -o a .\nSET "GOOS=linux"\nset goarch='.length, windowsHost: true },
  ]);
  // PowerShell's $env: and go env -w.
  assert.deepEqual(read('ps1', ['$env:GOOS = "linux"', 'go env -w GOARCH=amd64', 'go build -o out/x ./cmd/x']).map((b) => [b.goos, b.goarch]), [['linux', 'amd64']]);
  // Shell: export, inline assignments win over it, `env` prefix; a value we cannot read drops the build.
  assert.deepEqual(read('sh', ['export GOOS=linux GOARCH=amd64', 'GOARCH=arm64 go build -o x .', 'env GOOS=darwin go build -o=y .', 'GOARCH=$ARCH go build -o z .', 'go build .']).map((b) => [b.output, b.goos, b.goarch]), [
    ['/r/x', 'linux', 'arm64'],
    ['/r/y', 'darwin', 'amd64'],
  ]);
  // `set` means nothing to sh, and sh's inline assignments nothing to cmd.exe.
  assert.deepEqual(read('sh', ['set GOOS=windows', 'go build -o x .']).map((b) => b.goos), [undefined]);
  assert.deepEqual(read('bat', ['GOOS=linux go build -o x .']), []);
});

test('makeVarCertain: one definition outside conditionals', () => {
  assert.equal(makeVarCertain('GOARCH := amd64\nbuild:\n\tGOARCH=$(GOARCH) go build\n', 'GOARCH'), true);
  assert.equal(makeVarCertain('GOARCH ?= amd64\n', 'GOARCH'), true);
  assert.equal(makeVarCertain('ifeq ($(ARCH),arm)\nGOARCH = arm64\nendif\n', 'GOARCH'), false);
  assert.equal(makeVarCertain('GOARCH = amd64\nGOARCH = arm64\n', 'GOARCH'), false);
  assert.equal(makeVarCertain('GOARCH += x\n', 'GOARCH'), false);
  assert.equal(makeVarCertain('build:\n\tgo build\n', 'GOARCH'), false);
});

test('Bitnami images: uid 1001 and the data folder, by any registry or the legacy namespace; root images are not listed', () => {
  assert.equal(bitnamiImage('bitnami/postgresql:16')?.persistence, '/bitnami/postgresql');
  assert.equal(bitnamiImage('docker.io/bitnamilegacy/redis:7.2@sha256:00')?.persistence, '/bitnami/redis');
  assert.equal(bitnamiImage('public.ecr.aws/bitnami/mongodb')?.uid, 1001);
  assert.equal(bitnamiImage('bitnami/golang:1.22'), undefined);
  assert.equal(bitnamiImage('postgres:16'), undefined);
  assert.equal(bitnamiImage('${DB_IMAGE}'), undefined);
  assert.equal(baseImage('bitnami/nginx', '1.27')?.user?.uid, 1001);
  assert.equal(baseImage('bitnami/postgresql', '16')?.user?.uid, 1001);
  assert.equal(baseImage('bitnami/golang', '1.22'), undefined);
  assert.equal(baseImage('bitnami/minideb', 'bookworm'), undefined);
});

test('hostDockerBuilds: scripts in a subfolder, run from the repository root or changing to it themselves', () => {
  const p = project({
    '/r/.git/HEAD': 'ref: refs/heads/main\n',
    '/r/Dockerfile': 'FROM alpine:3.20\nCOPY bin/app /app\nENTRYPOINT ["/app"]\n',
    '/r/scripts/build.sh': '#!/bin/sh\nGOOS=linux GOARCH=amd64 go build -o bin/app .\ndocker build --platform linux/arm64 -t app .\n',
    '/r/scripts/release.sh': '#!/bin/sh\ncd "$(dirname "$0")/.."\nGOOS=linux go build -o bin/app .\ndocker build -t app .\n',
    '/r/tools/build.bat': '@echo off\r\ncd /d %~dp0..\r\nset GOOS=linux\r\ngo build -o bin\\app .\r\ndocker build -t app .\r\n',
    '/r/web/Dockerfile': 'FROM nginx\n',
    '/r/web/build.sh': '#!/bin/sh\ndocker build -t web .\n',
  });
  const builds = hostDockerBuilds(p, '/r').map((b) => ({ file: b.file, dockerfile: b.dockerfile, context: b.context, outputs: b.goBuilds.map((g) => g.output) }));
  assert.deepEqual(
    builds.sort((a, b) => (a.file < b.file ? -1 : 1)),
    [
      { file: '/r/scripts/build.sh', dockerfile: '/r/Dockerfile', context: '/r', outputs: ['/r/bin/app'] },
      { file: '/r/scripts/release.sh', dockerfile: '/r/Dockerfile', context: '/r', outputs: ['/r/bin/app'] },
      { file: '/r/tools/build.bat', dockerfile: '/r/Dockerfile', context: '/r', outputs: ['/r/bin/app'] },
      // A Dockerfile beside the script: taken against the script's folder, as written.
      { file: '/r/web/build.sh', dockerfile: '/r/web/Dockerfile', context: '/r/web', outputs: [] },
    ],
  );
});
