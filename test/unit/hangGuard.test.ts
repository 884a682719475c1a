/**
 * The language server's watch for analyses that never finish (server/src/hangGuard.ts): its
 * pieces, the watch in a process of its own (it kills the process it watches), and the real server
 * with a rule made to loop forever by a preload: the server stops itself and leaves a record, and the
 * next server does not run that rule on that file.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { hangLimitFromEnv, hangRecordDir, hangRecordFile, readHangRecords, removeOldHangRecords, HANG_LIMIT_MS } from '../../server/src/hangGuard';
import { LspClient } from '../support/lspClient';
import { hangDirs, writeHangProbe } from '../support/hangProbe';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const GUARD_MODULE = path.join(ROOT, 'out', 'server', 'src', 'hangGuard.js');
const REGISTRY_MODULE = path.join(ROOT, 'out', 'server', 'src', 'rules', 'registry.js');

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

test('the limit comes from DOCKER_GO_TRAPS_HANG_MS: ms, 0 or "off" to turn the watch off, the default otherwise', () => {
  assert.equal(hangLimitFromEnv(undefined), HANG_LIMIT_MS);
  assert.equal(hangLimitFromEnv(''), HANG_LIMIT_MS);
  assert.equal(hangLimitFromEnv('2500'), 2500);
  assert.equal(hangLimitFromEnv('0'), 0);
  assert.equal(hangLimitFromEnv('off'), 0);
  assert.equal(hangLimitFromEnv('OFF'), 0);
  assert.equal(hangLimitFromEnv('soon'), HANG_LIMIT_MS);
  assert.equal(hangLimitFromEnv('-5'), HANG_LIMIT_MS);
});

test('one record file per client process and workspace; broken lines are skipped; old records are removed', () => {
  const dir = tempDir('dgt-hang-');
  try {
    const a = hangRecordFile(1234, ['file:///w/a'], dir);
    assert.equal(path.dirname(a), dir);
    assert.match(path.basename(a), /^hung-1234-[0-9a-f]{12}\.jsonl$/);
    assert.equal(hangRecordFile(1234, ['file:///w/a'], dir), a, 'the same for the same client and folders');
    assert.notEqual(hangRecordFile(1234, ['file:///w/b'], dir), a, 'another workspace');
    assert.notEqual(hangRecordFile(4321, ['file:///w/a'], dir), a, 'another client');
    assert.match(path.basename(hangRecordFile(null, [], dir)), new RegExp(`^hung-${process.ppid}-`), 'no processId: the parent process');
    assert.equal(path.dirname(hangRecordFile(1, [])), hangRecordDir(), 'by default in the records folder');
    assert.equal(path.dirname(hangRecordDir()), os.tmpdir());
    if (process.getuid) assert.equal(path.basename(hangRecordDir()), `docker-go-traps-${process.getuid()}`, 'one folder per user in a shared /tmp');

    assert.deepEqual(readHangRecords(a), [], 'no file, no records');
    fs.writeFileSync(
      a,
      [
        JSON.stringify({ path: '/w/a/Dockerfile', step: 'DGT101', limitMs: 10000, at: '2026-12-04T00:00:00.000Z' }),
        '{"path": "/w/a/Dock', // cut short when the process was killed
        JSON.stringify({ path: '/w/a/compose.yaml', step: 'model', limitMs: 500 }),
        JSON.stringify({ path: 7, step: 'DGT101', limitMs: 1 }),
        '',
      ].join('\n'),
    );
    assert.deepEqual(readHangRecords(a), [
      { path: '/w/a/Dockerfile', step: 'DGT101', limitMs: 10000, at: '2026-12-04T00:00:00.000Z' },
      { path: '/w/a/compose.yaml', step: 'model', limitMs: 500, at: undefined },
    ]);

    const old = path.join(dir, 'hung-1-000000000000.jsonl');
    const other = path.join(dir, 'notes.txt');
    fs.writeFileSync(old, '{}\n');
    fs.writeFileSync(other, 'not ours\n');
    const longAgo = new Date(Date.now() - 31 * 24 * 3600_000);
    fs.utimesSync(old, longAgo, longAgo);
    fs.utimesSync(other, longAgo, longAgo);
    removeOldHangRecords(a);
    assert.ok(!fs.existsSync(old), 'a record older than 30 days is removed');
    assert.ok(fs.existsSync(a), 'a recent one is kept');
    assert.ok(fs.existsSync(other), 'other files are left alone');
    removeOldHangRecords(path.join(dir, 'missing', 'x.jsonl')); // no folder: nothing to do, no error
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs `body` (JavaScript, with `guard` started at a limit of `limitMs`) in a process of its own. */
function runGuarded(limitMs: number, body: string, options: { stateIsLink?: boolean } = {}) {
  const dir = tempDir('dgt-hang-');
  const record = path.join(dir, 'state', 'hung.jsonl');
  const elsewhere = path.join(dir, 'elsewhere');
  if (options.stateIsLink) {
    fs.mkdirSync(elsewhere);
    fs.symlinkSync(elsewhere, path.join(dir, 'state'));
  }
  const script = `const { startHangGuard } = require(${JSON.stringify(GUARD_MODULE)});
const { RULE_SET } = require(${JSON.stringify(REGISTRY_MODULE)});
const guard = startHangGuard({ limitMs: ${limitMs}, steps: RULE_SET.steps, recordFile: ${JSON.stringify(record)}, then: 'stopping without {step} (test).', log: (m) => process.stderr.write(m + '\\n') });
const busy = (ms) => { const end = Date.now() + ms; while (Date.now() < end); };
${body}`;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  const ms = Date.now() - t0;
  const records = readHangRecords(record);
  const linkedTo = options.stateIsLink ? fs.readdirSync(elsewhere) : [];
  fs.rmSync(dir, { recursive: true, force: true });
  return { ...r, ms, records, linkedTo };
}

test('the watch kills a process whose analysis step makes no progress for the limit, and records the file and the step', () => {
  const r = runGuarded(300, `guard.begin('/w/app/Dockerfile'); guard.step('model'); busy(50); guard.step('DGT102'); for (;;) {}`);
  assert.equal(r.signal, 'SIGKILL', `killed by the watch, not by the test's timeout (${r.ms} ms): ${r.stderr}`);
  assert.ok(r.ms < 10_000, `${r.ms} ms`);
  assert.deepEqual(
    r.records.map((x) => ({ path: x.path, step: x.step, limitMs: x.limitMs })),
    [{ path: '/w/app/Dockerfile', step: 'DGT102', limitMs: 300 }],
  );
  assert.equal(r.stderr, 'docker-go-traps: DGT102 did not finish on /w/app/Dockerfile within 300 ms; stopping without DGT102 (test).\n');
});

test('the record is written only into a real folder, not through a link (e.g. one someone else made in a shared /tmp)', { skip: process.platform === 'win32' }, () => {
  const r = runGuarded(300, `guard.begin('/w/app/Dockerfile'); guard.step('DGT101'); for (;;) {}`, { stateIsLink: true });
  assert.equal(r.signal, 'SIGKILL', r.stderr);
  assert.deepEqual(r.linkedTo, [], 'nothing written where the link points');
  assert.match(r.stderr, /DGT101 did not finish on \/w\/app\/Dockerfile/);
});

test('reading and parsing the file (before any step) and building the model get six limits: slow, not stuck', () => {
  // 900 ms of parsing and 900 ms of model at a 200 ms limit (1,200 ms for these steps): left alone.
  const slow = runGuarded(200, `guard.begin('/w/compose.yaml'); busy(900); guard.step('model'); busy(900); guard.step('DGT101'); guard.end(); process.stdout.write('DONE');`);
  assert.equal(slow.signal, null, slow.stderr);
  assert.equal(slow.stdout, 'DONE');
  // Stuck in either: stopped, with the longer limit in the record and the message.
  const parse = runGuarded(200, `guard.begin('/w/compose.yaml'); for (;;) {}`);
  assert.equal(parse.signal, 'SIGKILL', parse.stderr);
  assert.deepEqual(parse.records.map((x) => [x.step, x.limitMs]), [['parse', 1200]]);
  assert.match(parse.stderr, /parse did not finish on \/w\/compose.yaml within 1200 ms/);
  const model = runGuarded(200, `guard.begin('/w/compose.yaml'); guard.step('model'); for (;;) {}`);
  assert.equal(model.signal, 'SIGKILL', model.stderr);
  assert.deepEqual(model.records.map((x) => [x.step, x.limitMs]), [['model', 1200]]);
});

test('the watch leaves alone an analysis that takes longer than the limit but keeps moving, and an idle process', () => {
  // Ten analyses of ten steps of 60 ms: every step is within the 300 ms limit, each analysis takes
  // 600 ms and all of them 6 s; then 1 s idle, and an analysis that ends normally.
  const r = runGuarded(
    300,
    `for (let a = 0; a < 10; a++) {
  guard.begin('/w/Dockerfile');
  for (let i = 0; i < 10; i++) { guard.step(i % 2 ? 'DGT101' : 'DGT102'); busy(60); }
  guard.end();
}
setTimeout(() => { guard.begin('/w/Dockerfile'); guard.step('DGT101'); guard.end(); process.stdout.write('DONE'); }, 1000);`,
  );
  assert.equal(r.signal, null, r.stderr);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'DONE');
  assert.deepEqual(r.records, []);
  assert.equal(r.stderr, '');
});

test('a limit of 0 starts no watch', () => {
  const r = runGuarded(0, `process.stdout.write(String(guard)); guard === undefined || process.exit(3);`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'undefined');
});

test('the real server stops itself when a rule never returns; the next one does not run that rule on that file', { timeout: 60_000 }, async () => {
  const dir = tempDir('dgt-hang-lsp-');
  const work = path.join(dir, 'work');
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp);
  const probe = writeHangProbe(path.join(dir, 'probe.cjs'), 'serverEngine.js');
  // A cgo build copied into scratch: DGT101 on both Dockerfiles, unless it hangs.
  const dockerfile = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM scratch\nCOPY --from=0 /app /app\nENTRYPOINT ["/app"]\n';
  const hanging = dockerfile + '# HANG-ME\n';
  for (const [rel, text] of Object.entries({
    'go.mod': 'module example.com/app\n\ngo 1.22\n',
    'main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
    Dockerfile: hanging,
    'other/Dockerfile': dockerfile,
  })) {
    fs.mkdirSync(path.dirname(path.join(work, rel)), { recursive: true });
    fs.writeFileSync(path.join(work, rel), text);
  }
  // A 2 s limit: the rules' first, cold runs on a busy machine stay well within it.
  const env = { NODE_OPTIONS: `--require ${JSON.stringify(probe)}`, TMPDIR: tmp, TMP: tmp, TEMP: tmp, DOCKER_GO_TRAPS_HANG_MS: '2000' };
  const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));
  let first: LspClient | undefined;
  let second: LspClient | undefined;
  try {
    first = await LspClient.start({ root: work, serverModule: SERVER, env });
    const other = await first.open('other/Dockerfile', 'dockerfile', dockerfile);
    assert.ok(codes((await first.diagnosticsForVersion(other)).diagnostics).includes('DGT101'), 'the rule works where it does not hang');
    await first.open('Dockerfile', 'dockerfile', hanging);
    const status = await first.exit(20_000);
    assert.deepEqual(status, { code: null, signal: 'SIGKILL' });
    const file = path.join(work, 'Dockerfile');
    assert.ok(first.stderrText().includes(`docker-go-traps: DGT101 did not finish on ${file} within 2000 ms; stopping the language server`), first.stderrText());
    const recordDir = path.join(tmp, path.basename(hangRecordDir()));
    assert.equal(fs.statSync(recordDir).mode & 0o777, 0o700, 'a folder only this user can read');
    const records = fs.readdirSync(recordDir).flatMap((n) => readHangRecords(path.join(recordDir, n)));
    assert.deepEqual(
      records.map((r) => ({ path: r.path, step: r.step, limitMs: r.limitMs })),
      [{ path: file, step: 'DGT101', limitMs: 2000 }],
    );

    // The client starts a new server (same client process, same workspace).
    second = await LspClient.start({ root: work, serverModule: SERVER, env });
    let doc = await second.open('Dockerfile', 'dockerfile', hanging);
    let ds = (await second.diagnosticsForVersion(doc)).diagnostics;
    assert.ok(!codes(ds).includes('DGT101'), 'DGT101 does not run on that file');
    const d = ds.find((x) => x.code === 'DGT001');
    assert.ok(d, JSON.stringify(ds));
    assert.equal(
      d.message,
      'docker-go-traps stopped running DGT101 (cgo-binary-in-static-image) on this file: it did not finish within 2000 ms, so the language server was stopped and restarted without it. Its findings in this file are not shown until the window is reloaded.',
    );
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.ok(ds.some((x) => x.code !== 'DGT001'), `the other rules still run: ${codes(ds)}`);
    assert.ok(second.log.some((l) => l.includes(`DGT101 did not finish on ${file} within 2000 ms (an earlier server`)), second.log.join('\n'));
    // Closing and reopening does not bring it back (it would hang again); other files keep it.
    await second.close(doc.uri);
    const reopened = second.mark();
    doc = await second.open('Dockerfile', 'dockerfile', hanging);
    ds = (await second.diagnosticsForVersion(doc, reopened)).diagnostics;
    assert.ok(codes(ds).includes('DGT001') && !codes(ds).includes('DGT101'), codes(ds).join(', '));
    const other2 = await second.open('other/Dockerfile', 'dockerfile', dockerfile);
    assert.ok(codes((await second.diagnosticsForVersion(other2)).diagnostics).includes('DGT101'));
    assert.deepEqual(await second.shutdown(), { code: 0, signal: null });
  } finally {
    first?.kill();
    second?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('with DOCKER_GO_TRAPS_HANG_MS set, the CLI stops a check in which a rule never returns, naming file and rule on stderr', { timeout: 60_000 }, () => {
  const { dir, work, tmp } = hangDirs('dgt-hang-cli-');
  try {
    fs.writeFileSync(path.join(work, 'Dockerfile'), 'FROM golang:1.22\nRUN go build -o /app .\n\nFROM scratch\nCOPY --from=0 /app /app\n# HANG-ME\n');
    // The unbundled CLI (out/), so that a preload can reach the rule objects.
    const probe = writeHangProbe(path.join(dir, 'probe.cjs'), 'rules/registry');
    const cli = path.join(ROOT, 'out', 'server', 'src', 'cli', 'main.js');
    const env = { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp, DOCKER_GO_TRAPS_HANG_MS: '300' };
    const r = spawnSync(process.execPath, ['-r', probe, cli, 'check', work, '--format', 'json'], { env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.signal, 'SIGKILL', `killed by the watch, not by the test's timeout: ${r.stderr}`);
    assert.equal(r.stdout, '', 'no report');
    assert.equal(
      r.stderr,
      `docker-go-traps: DGT101 did not finish on ${path.join(work, 'Dockerfile')} within 300 ms; stopping the check. Please report this with the file.\n`,
    );
    assert.deepEqual(fs.readdirSync(tmp), [], 'the CLI leaves no record behind');

    // The same file without the marker: the check runs to the end, with the watch on.
    fs.writeFileSync(path.join(work, 'Dockerfile'), 'FROM golang:1.22\nRUN go build -o /app .\n\nFROM scratch\nCOPY --from=0 /app /app\n');
    const ok = spawnSync(process.execPath, ['-r', probe, cli, 'check', work, '--format', 'json'], { env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(ok.signal, null, ok.stderr);
    assert.equal(ok.status, 1, ok.stderr);
    assert.ok((JSON.parse(ok.stdout) as { diagnostics: { rule: string }[] }).diagnostics.some((f) => f.rule === 'DGT101'), ok.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
