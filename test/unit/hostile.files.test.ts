/**
 * Hostile input: files and folders someone else laid out. `--fix` writes only inside the checked
 * folders, each file whole or not at all; nothing outside the checked folders (and the git checkout
 * that holds them) is read, walked or quoted; what a scan does not check is told, never counted as
 * clean; a file swapped for a FIFO does not block; names and messages reach the terminal escaped; a
 * configuration file above the checkout turns nothing off. Bounds: each CLI run is killed after
 * 60 s; engine calls run in a worker terminated after 30 s.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliBounded, inWorker, ROOT } from '../support/bounded';
import { Boundary } from '../../server/src/project/boundary';
import { MemoryHost, Project, ScanSkip } from '../../server/src/project/project';

const CLI_MS = 60_000;
const WORKER_MS = 30_000;
const IS_ROOT = process.getuid?.() === 0;

function tree(files: Record<string, string>, base = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-files-'))): string {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(base, rel)), { recursive: true });
    fs.writeFileSync(path.join(base, rel), text);
  }
  return base;
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out[path.relative(dir, full)] = fs.readFileSync(full).toString('base64');
    }
  };
  walk(dir);
  return out;
}

const CRLF_ENV = 'A=1\r\nK="a\r\nb"\r\n';

test('--fix changes no file outside the checked folder: build context, env_file, an env_file linked outside, a Dockerfile linked outside (60 s bound)', () => {
  const top = tree({
    'outside/app.env': CRLF_ENV,
    'outside/secret.env': CRLF_ENV,
    'outside/Dockerfile': 'FROM alpine:3.20\r\nRUN apk add curl\r\n',
    'ws/compose.yaml': 'services:\n  a:\n    build:\n      context: ../outside\n    env_file: ../outside/app.env\n  b:\n    image: alpine:3.20\n    env_file: link.env\n',
  });
  try {
    fs.symlinkSync('../outside/secret.env', path.join(top, 'ws', 'link.env'));
    fs.mkdirSync(path.join(top, 'ws', 'svc'));
    fs.symlinkSync('../../outside/Dockerfile', path.join(top, 'ws', 'svc', 'Dockerfile'));
    const before = snapshot(path.join(top, 'outside'));
    const r = runCliBounded(['check', 'ws', '--fix', '--fail-on', 'info'], { cwd: top, timeoutMs: CLI_MS });
    assert.ok(!r.timedOut);
    const r2 = runCliBounded(['check', 'ws/svc/Dockerfile', '--fix'], { cwd: top, timeoutMs: CLI_MS });
    assert.ok(!r2.timedOut);
    assert.match(r2.stderr, /not checked: .*Dockerfile: it is a symbolic link to a file outside the checked folders/);
    assert.deepEqual(snapshot(path.join(top, 'outside')), before, `outside files unchanged\n${r.stderr}\n${r2.stderr}`);
    assert.doesNotMatch(r.stdout + r.stderr, /no problems/);
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
});

test('what may be written: inside the checked folders after resolving links; a path out through .. or a link is not', () => {
  const top = tree({ 'ws/a.txt': 'x', 'outside/b.txt': 'y' });
  try {
    fs.symlinkSync('../outside/b.txt', path.join(top, 'ws', 'link.txt'));
    fs.symlinkSync('../outside', path.join(top, 'ws', 'dirlink'));
    const b = new Boundary([path.join(top, 'ws')], false);
    assert.equal(b.mayWrite(path.join(top, 'ws', 'a.txt')), true);
    assert.equal(b.mayWrite(path.join(top, 'ws', 'new.txt')), true);
    assert.equal(b.mayWrite(path.join(top, 'ws', '..', 'outside', 'b.txt')), false);
    assert.equal(b.mayWrite(path.join(top, 'ws', 'link.txt')), false);
    assert.equal(b.mayWrite(path.join(top, 'ws', 'dirlink', 'b.txt')), false);
    assert.equal(b.mayRead(path.join(top, 'ws', 'link.txt')), false);
    assert.equal(b.mayRead(path.join(top, 'outside', 'b.txt')), false);
    // An untitled document of the editor (a path under a NUL-named root) and its neighbours.
    assert.equal(b.isOutside(path.join(path.sep, '\0docker-go-traps-virtual', 'untitled%3AUntitled-1', 'go.mod'), true), false);
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
});

const FIXABLE_GO = (pad: number) => 'package main\n\nimport "net/http"\n\n// ' + 'x'.repeat(pad) + '\nfunc main() {\n\thttp.ListenAndServe("127.0.0.1:8080", nil)\n}\n';
const FIXABLE = {
  'go.mod': 'module example.com/app\n\ngo 1.22\n',
  Dockerfile: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api .\nFROM alpine:3.20\nCOPY --from=build /out/api /usr/local/bin/api\nENTRYPOINT ["api"]\n',
};

test('--fix on a full disk leaves every file whole, names the ones not written, and exits 2 (tmpfs; 60 s bound)', { skip: !IS_ROOT || process.platform !== 'linux' ? 'needs root on Linux to mount a small tmpfs' : false }, (t) => {
  const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', mnt]).status === 0;
  if (!mounted) {
    fs.rmSync(mnt, { recursive: true, force: true });
    return t.skip('mounting a tmpfs was refused');
  }
  try {
    tree({ ...FIXABLE, 'main.go': FIXABLE_GO(60_000) }, mnt);
    const before = snapshot(mnt);
    const r = runCliBounded(['check', mnt, '--fix'], { timeoutMs: CLI_MS });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--fix could not write .*main\.go/);
    assert.match(r.stderr, /not written \(left as they were\): .*main\.go/);
    assert.deepEqual(snapshot(mnt), before, 'every file as it was, and no temporary file left');
  } finally {
    spawnSync('umount', [mnt]);
    fs.rmSync(mnt, { recursive: true, force: true });
  }
});

test('--fix with one file that cannot be written changes none of them and says which (60 s bound)', (t) => {
  const dir = tree({ ...FIXABLE, 'main.go': FIXABLE_GO(10) });
  const locked = path.join(dir, 'main.go');
  try {
    if (IS_ROOT) {
      if (spawnSync('chattr', ['+i', locked]).status !== 0) return t.skip('chattr +i is not available');
    } else fs.chmodSync(locked, 0o444);
    const before = snapshot(dir);
    const r = runCliBounded(['check', dir, '--fix'], { timeoutMs: CLI_MS });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /written: none; not written \(left as they were\): .*Dockerfile.*main\.go/);
    assert.deepEqual(snapshot(dir), before);
  } finally {
    if (IS_ROOT) spawnSync('chattr', ['-i', locked]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix keeps each file\'s mode and BOM, and leaves no temporary file (60 s bound)', () => {
  const dir = tree({ ...FIXABLE, 'main.go': '\uFEFF' + FIXABLE_GO(10) });
  try {
    fs.chmodSync(path.join(dir, 'main.go'), 0o640);
    const r = runCliBounded(['check', dir, '--fix'], { timeoutMs: CLI_MS });
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const text = fs.readFileSync(path.join(dir, 'main.go'), 'utf8');
    assert.ok(text.startsWith('\uFEFF'), 'BOM kept');
    assert.doesNotMatch(text, /127\.0\.0\.1/, 'fixed');
    assert.equal(fs.statSync(path.join(dir, 'main.go')).mode & 0o777, 0o640);
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.includes('docker-go-traps')), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('nothing outside the checked folder is read or quoted: build.context /, a CRLF script and a go.mod outside, a bind source up to /etc (60 s bound)', () => {
  const top = tree({
    'outside/go.mod': 'module secret.example/internal-name\n\ngo 1.22\n',
    'outside/main.go': 'package main\n\nfunc main() {}\n',
    'outside/run.sh': '#!/bin/sh\r\necho TOP-SECRET-LINE\r\n',
    'outside/Dockerfile': 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCOPY run.sh /run.sh\nENTRYPOINT ["/run.sh"]\n',
    'ws/compose.yaml':
      'services:\n  root:\n    build: /\n  out:\n    build: ../outside\n  bind:\n    image: alpine:3.20\n    volumes:\n      - ../../../../../../../etc/SHADOW:/s\n',
  });
  try {
    for (const format of ['text', 'json', 'sarif']) {
      const r = runCliBounded(['check', 'ws', '--format', format, '--fail-on', 'info'], { cwd: top, timeoutMs: CLI_MS });
      assert.ok(!r.timedOut);
      const all = r.stdout + r.stderr;
      assert.doesNotMatch(all, /TOP-SECRET-LINE|secret\.example|internal-name/, format);
      assert.doesNotMatch(all, /\/etc\/shadow/, `${format}: nothing about what is in /etc`);
      assert.match(all, /outside the checked folders/, format);
    }
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
});

test('a .docker-go-traps.yaml above the checkout turns nothing off (60 s bound)', () => {
  const top = tree({
    '.docker-go-traps.yaml': 'rules:\n  DGT101: off\n  DGT301: off\n',
    'repo/.git/HEAD': 'ref: refs/heads/main\n',
    'repo/go.mod': 'module example.com/app\n\ngo 1.22\n',
    'repo/main.go': FIXABLE_GO(1),
    'repo/Dockerfile': 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=0 /app /app\nENTRYPOINT ["/app"]\n',
  });
  try {
    const r = runCliBounded(['check', 'repo', '--format', 'json'], { cwd: top, timeoutMs: CLI_MS });
    const rules = (JSON.parse(r.stdout) as { diagnostics: { rule: string }[] }).diagnostics.map((d) => d.rule);
    assert.ok(rules.includes('DGT101') && rules.includes('DGT301'), rules.join(', '));
    // Inside the checkout it still applies.
    fs.copyFileSync(path.join(top, '.docker-go-traps.yaml'), path.join(top, 'repo', '.docker-go-traps.yaml'));
    const r2 = runCliBounded(['check', 'repo', '--format', 'json'], { cwd: top, timeoutMs: CLI_MS });
    const rules2 = (JSON.parse(r2.stdout) as { diagnostics: { rule: string }[] }).diagnostics.map((d) => d.rule);
    assert.ok(!rules2.includes('DGT101') && !rules2.includes('DGT301'), rules2.join(', '));
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
});

test('what a folder scan does not check is told and counted: a linked Dockerfile, a FIFO, a name that is not UTF-8, a path over PATH_MAX (60 s bound)', { skip: process.platform !== 'linux' }, () => {
  const dir = tree({ 'outside/Dockerfile': 'FROM alpine:3.20\n', 'ws/ok/Dockerfile': 'FROM alpine:3.20\n' });
  const ws = path.join(dir, 'ws');
  try {
    fs.mkdirSync(path.join(ws, 'link'));
    fs.symlinkSync('../../outside/Dockerfile', path.join(ws, 'link', 'Dockerfile'));
    fs.mkdirSync(path.join(ws, 'fifo'));
    spawnSync('mkfifo', [path.join(ws, 'fifo', 'Dockerfile')]);
    const bad = Buffer.concat([Buffer.from(ws + '/bad-'), Buffer.from([0xff, 0xfe])]);
    fs.mkdirSync(bad);
    fs.writeFileSync(Buffer.concat([bad, Buffer.from('/Dockerfile')]), 'FROM alpine:3.20\n');
    const seg = 'd'.repeat(250);
    // Made one level at a time from inside (relative to the current folder): the full path is too long to name.
    const deep = spawnSync(process.execPath, ['-e', `const fs = require('fs'); for (let i = 0; i < 18; i++) { fs.mkdirSync('${seg}'); process.chdir('${seg}'); } fs.writeFileSync('Dockerfile', 'FROM alpine:3.20\\n');`], { cwd: ws });
    assert.equal(deep.status, 0, String(deep.stderr));
    const r = runCliBounded(['check', ws, '--format', 'json'], { timeoutMs: CLI_MS });
    assert.ok(!r.timedOut);
    const json = JSON.parse(r.stdout) as { files: number; notChecked: number; diagnostics: { file: string; rule: string; message: string }[] };
    assert.equal(json.files, 1, 'only ok/Dockerfile was checked');
    assert.equal(json.notChecked, 4, r.stderr);
    const told = json.diagnostics.filter((d) => d.rule === 'DGT000').map((d) => d.message);
    assert.equal(told.length, 4);
    assert.ok(told.some((m) => /symbolic link/.test(m)), told.join('\n'));
    assert.ok(told.some((m) => /not a regular file/.test(m)));
    assert.ok(told.some((m) => /not valid UTF-8/.test(m)));
    assert.ok(told.some((m) => /longer than the system allows/.test(m)));
    assert.equal((r.stderr.match(/not checked:/g) ?? []).length, 4, r.stderr);
  } finally {
    spawnSync('rm', ['-rf', dir]);
  }
});

test('an unreadable file and an unreadable folder are told, not counted as clean (60 s bound)', { skip: IS_ROOT ? 'root reads every file' : process.platform === 'win32' }, () => {
  const dir = tree({ 'a/Dockerfile': 'FROM alpine:3.20\n', 'b/sub/Dockerfile': 'FROM alpine:3.20\n' });
  try {
    fs.chmodSync(path.join(dir, 'a', 'Dockerfile'), 0);
    fs.chmodSync(path.join(dir, 'b', 'sub'), 0);
    const r = runCliBounded(['check', dir, '--format', 'json'], { timeoutMs: CLI_MS });
    const msgs = (JSON.parse(r.stdout) as { diagnostics: { rule: string; message: string }[] }).diagnostics.filter((d) => d.rule === 'DGT000').map((d) => d.message);
    assert.equal(msgs.length, 2, msgs.join('\n'));
    assert.ok(msgs.every((m) => /permission denied/.test(m)));
  } finally {
    fs.chmodSync(path.join(dir, 'b', 'sub'), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file and a folder the disk refuses to read (EACCES, as for a user who is not root) are told, not taken as missing (worker, 30 s bound)', async () => {
  const dir = tree({ 'a/Dockerfile': 'FROM alpine:3.20\n', 'b/sub/Dockerfile': 'FROM alpine:3.20\n' });
  const file = path.join(dir, 'a', 'Dockerfile');
  const folder = path.join(dir, 'b', 'sub');
  try {
    const { value } = await inWorker<{ read: unknown; skips: ScanSkip[] }>(
      `() => {
        const fs = require('node:fs');
        const deny = () => { const e = new Error('EACCES: permission denied'); e.code = 'EACCES'; throw e; };
        const open = fs.openSync;
        fs.openSync = function (p, ...rest) { if (String(p) === ${JSON.stringify(file)}) deny(); return open.call(fs, p, ...rest); };
        const readdir = fs.readdirSync;
        fs.readdirSync = function (p, ...rest) { if (String(p) === ${JSON.stringify(folder)}) deny(); return readdir.call(fs, p, ...rest); };
        const { DiskHost, Project } = engine('project/project');
        const skips = [];
        new Project(new DiskHost()).scan(${JSON.stringify(dir)}, undefined, (s) => skips.push(s));
        return { read: new DiskHost().read(${JSON.stringify(file)}), skips };
      }`,
      WORKER_MS,
    );
    assert.deepEqual(value.read, { skipped: 'the file could not be read (permission denied)' });
    assert.deepEqual(value.skips, [{ path: folder, why: 'the folder could not be read (permission denied)', folder: true }]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an internal failure (a rule that throws) makes the CLI say its results are incomplete and exit 2 (60 s bound)', () => {
  const dir = tree({ Dockerfile: 'FROM golang:1.22\nRUN go build -o /app .\n' });
  try {
    // The unbundled CLI (out/), with a preload that makes DGT101 throw.
    const probe = path.join(dir, 'throw.cjs');
    fs.writeFileSync(probe, `const m = require(${JSON.stringify(path.join(ROOT, 'out', 'server', 'src', 'rules', 'registry'))});\nm.RULES.find((r) => r.id === 'DGT101').check = () => { throw new Error('boom'); };\n`);
    const r = spawnSync(process.execPath, ['-r', probe, path.join(ROOT, 'out', 'server', 'src', 'cli', 'main.js'), 'check', dir], { encoding: 'utf8', timeout: CLI_MS });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /rule DGT101 failed/);
    assert.match(r.stderr, /internal error: 1 step\(s\) of the analysis failed/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the scan says where it stopped when it reaches its limit of entries', () => {
  const files = new Map<string, string>();
  for (let i = 0; i < 30; i++) files.set(`/w/d${i}/Dockerfile`, 'FROM alpine\n');
  const p = new Project(new MemoryHost(files));
  const skips: ScanSkip[] = [];
  p.scan('/w', 10, (s) => skips.push(s));
  assert.ok(skips.length > 0 && skips.every((s) => s.folder && /stopped after 10 entries/.test(s.why)), JSON.stringify(skips));
});

test('a file swapped for a FIFO between the check and the read does not block (worker, 30 s bound)', { skip: process.platform === 'win32' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-fifo-'));
  const fifo = path.join(dir, 'Dockerfile');
  spawnSync('mkfifo', [fifo]);
  try {
    const { value } = await inWorker<unknown>(
      `() => {
        const fs = require('node:fs');
        const real = fs.statSync;
        // The path was a regular file when it was looked at: the swap happens right after.
        fs.statSync = function (p, o) {
          const st = real.call(fs, p, o);
          return p === ${JSON.stringify(fifo)} && st ? Object.assign(Object.create(Object.getPrototypeOf(st)), st, { isFile: () => true, isFIFO: () => false }) : st;
        };
        const { DiskHost } = engine('project/project');
        return new DiskHost().read(${JSON.stringify(fifo)});
      }`,
      WORKER_MS,
    ).catch((e: Error) => {
      // Unblock a reader stuck on the FIFO, so that the test fails instead of hanging at exit.
      try {
        fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
      } catch {
        // no reader
      }
      throw e;
    });
    assert.deepEqual(value, { skipped: 'it is not a regular file' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('text output escapes control characters of file names and messages: no terminal escape, no fake line (60 s bound)', { skip: process.platform === 'win32' }, () => {
  const name = 'evil\x1b]0;pwned\x07\nDockerfile:1:1 error DGT999 fake';
  const dir = tree({ [`${name}/compose.yaml`]: 'services:\n  api:\n    image: alpine:3.20\n    volumes:\n      - C:\\goapp:/app\n' });
  try {
    const r = runCliBounded(['check', dir], { timeoutMs: CLI_MS });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /\x1b|\x07/);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1, r.stdout);
    assert.match(lines[0], /^evil\\u001b\]0;pwned\\u0007\\u000aDockerfile:1:1 error DGT999 fake\/compose\.yaml:5:9 warning DGT201 /);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('names that every JavaScript object has (constructor, toString, __proto__) are read as names: no rule fails, no message quotes JavaScript (60 s bound)', () => {
  const top = tree({
    'go.mod': 'module example.com/constructor\n\ngo 1.22\n',
    Dockerfile: [
      'ARG constructor=1',
      'FROM golang:1.22-alpine AS toString',
      'ENV hasOwnProperty=1 valueOf=2 __proto__=3 GOARCH=constructor',
      'WORKDIR /src',
      'COPY . .',
      'RUN GOOS=toString CGO_ENABLED=0 go build -o /app ./cmd && adduser --constructor x',
      'FROM constructor AS __proto__',
      'COPY --from=toString /app /app',
      'USER constructor',
      'ENTRYPOINT ["/app"]',
      '',
    ].join('\n'),
    'compose.yaml': [
      'services:',
      '  constructor:',
      '    build: { context: ., target: __proto__, args: { constructor: x } }',
      '    command: ["constructor", "-c", "x"]',
      '    environment: { toString: a, DB_URL: "constructor://localhost/db", OTHER: "toString://localhost:1" }',
      '    depends_on: { valueOf: { condition: service_started } }',
      '    volumes: ["toString:/data", "./constructor:/__proto__"]',
      '  valueOf:',
      '    image: bitnami/constructor:1',
      '    volumes: ["./data:/bitnami/constructor"]',
      '  toString:',
      '    image: constructor',
      '    entrypoint: ["dlv", "--constructor", "--listen=:2345"]',
      'volumes: { toString: {} }',
      '',
    ].join('\n'),
    'cmd/main.go': 'package main\n\nimport (\n\t"database/sql"\n\t"net/http"\n\t"os"\n)\n\nfunc main() {\n\tvar x T\n\tx.toString()\n\tconstructor.New()\n\tdb, _ := sql.Open("constructor", os.Getenv("toString"))\n\t_ = db\n\thttp.ListenAndServe(":8080", nil)\n}\n',
  });
  try {
    const r = runCliBounded(['check', '.', '--format', 'json'], { cwd: top, timeoutMs: CLI_MS });
    assert.ok(!r.timedOut);
    assert.doesNotMatch(r.stderr, /failed|internal error/, r.stderr);
    assert.doesNotMatch(r.stdout, /native code|function \w*\(/, r.stdout);
    assert.ok(JSON.parse(r.stdout).diagnostics.length > 0);
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
});
