/**
 * Hostile input and the hang watch (server/src/hangGuard.ts): a step that never finishes is recorded
 * under the name of the step that really ran, and a restarted server does not walk into it again —
 * for the steps that are not rules too (reading the suppression comments, the configuration,
 * building the project model), where it used to record "model" and hang again at every restart.
 * Bounds: the CLI is killed by its own watch within 300 ms of no progress (the child process by the
 * test after 30 s); the server tests have 60 s.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { hangRecordDir, hangRecordFile } from '../../server/src/hangGuard';
import { LspClient } from '../support/lspClient';
import { hangDirs } from '../support/hangProbe';
import { ROOT, SERVER } from '../support/bounded';


/** A preload that makes one exported function of the unbundled engine loop for ever on a text containing HANG-ME. */
function writeStepProbe(file: string, module: string, fn: string): string {
  fs.writeFileSync(
    file,
    `const m = require(${JSON.stringify(path.join(ROOT, 'out', 'server', 'src', module))});
const real = m.${fn};
m.${fn} = function (...args) {
  if (args.some((a) => typeof a === 'string' && a.includes('HANG-ME'))) for (;;);
  return real.apply(this, args);
};
`,
  );
  return file;
}

test('a hang while reading the suppression comments is recorded as that step, not as the project model (CLI with its watch; 30 s bound)', () => {
  const { dir, work, tmp } = hangDirs('dgt-hang-step-');
  try {
    fs.writeFileSync(path.join(work, 'Dockerfile'), 'FROM golang:1.22\n# docker-go-traps ignore=DGT101 -- HANG-ME\nRUN go build -o /app .\n');
    const probe = writeStepProbe(path.join(dir, 'probe.cjs'), 'project/config', 'findSuppressions');
    const cli = path.join(ROOT, 'out', 'server', 'src', 'cli', 'main.js');
    const env = { ...process.env, TMPDIR: tmp, DOCKER_GO_TRAPS_HANG_MS: '300' };
    const r = spawnSync(process.execPath, ['-r', probe, cli, 'check', work], { env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.signal, 'SIGKILL', `killed by the watch, not by the test's timeout: ${r.stderr}`);
    assert.ok(r.stderr.startsWith(`docker-go-traps: suppressions did not finish on ${path.join(work, 'Dockerfile')} within 300 ms`), r.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

for (const step of ['suppressions', 'parse', 'config', 'model']) {
  test(`a restarted server does not analyse a file on which "${step}" did not finish, and says so on the file (60 s bound)`, { timeout: 60_000 }, async () => {
    const { dir, work, tmp } = hangDirs('dgt-hang-restart-');
    const dockerfile = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM scratch\nCOPY --from=0 /app /app\nENTRYPOINT ["/app"]\n';
    fs.writeFileSync(path.join(work, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
    fs.writeFileSync(path.join(work, 'main.go'), 'package main\n\nfunc main() {}\n');
    fs.writeFileSync(path.join(work, 'Dockerfile'), dockerfile);
    fs.mkdirSync(path.join(work, 'other'));
    fs.writeFileSync(path.join(work, 'other', 'Dockerfile'), dockerfile);
    // The record an earlier server's watch left (same client process, same workspace).
    const recordDir = path.join(tmp, path.basename(hangRecordDir()));
    fs.mkdirSync(recordDir, { mode: 0o700 });
    const file = path.join(work, 'Dockerfile');
    const record = hangRecordFile(process.pid, [new URL(`file://${work}`).href], recordDir);
    fs.writeFileSync(record, JSON.stringify({ path: file, step, limitMs: 60000, at: '2026-01-01T00:00:00.000Z' }) + '\n');
    let client: LspClient | undefined;
    try {
      client = await LspClient.start({ root: work, serverModule: SERVER, env: { TMPDIR: tmp, DOCKER_GO_TRAPS_HANG_MS: '10000' } });
      const doc = await client.open('Dockerfile', 'dockerfile', dockerfile);
      const ds: Diagnostic[] = (await client.diagnosticsForVersion(doc)).diagnostics;
      assert.deepEqual(ds.map((d) => d.code), ['DGT001'], 'no rule runs on that file');
      assert.match(ds[0].message, /^docker-go-traps does not analyse this file: .* did not finish on it within 60000 ms/);
      const other = await client.open('other/Dockerfile', 'dockerfile', dockerfile);
      const codes = (await client.diagnosticsForVersion(other)).diagnostics.map((d) => String(d.code));
      assert.ok(codes.includes('DGT101'), `other files are analysed: ${codes}`);
      assert.ok(client.log.some((l) => l.includes(`${step} did not finish on ${file}`)), client.log.join('\n'));
      assert.deepEqual(await client.shutdown(), { code: 0, signal: null });
    } finally {
      client?.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
