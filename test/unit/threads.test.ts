/**
 * The CLI and the language server, as users run them (the bundles in dist/), give Node's helper
 * threads the lowest scheduling priority on Linux and keep their own (server/src/threads.ts);
 * `--version` changes nothing.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const linuxOnly = { skip: process.platform !== 'linux' };

interface Nice {
  pid: string;
  before: Record<string, number>;
  after: Record<string, number>;
}

/** Runs `args` with a preload that notes every thread's nice value before the bundle runs and again at exit. */
function niceOf(args: string[], input?: string): { nice: Nice; status: number | null; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-threads-'));
  try {
    const probe = path.join(dir, 'probe.cjs');
    fs.writeFileSync(
      probe,
      `const fs = require('fs');
const nice = () => Object.fromEntries(fs.readdirSync('/proc/self/task').map((t) => [t, Number(fs.readFileSync('/proc/self/task/' + t + '/stat', 'utf8').replace(/^.*\\) /s, '').split(' ')[16])]));
const before = nice();
process.on('exit', () => process.stderr.write('NICE ' + JSON.stringify({ pid: String(process.pid), before, after: nice() }) + '\\n'));
`,
    );
    const r = spawnSync(process.execPath, ['-r', probe, ...args], { cwd: ROOT, encoding: 'utf8', input: input ?? '', timeout: 60_000 });
    const line = r.stderr.split('\n').find((l) => l.startsWith('NICE '));
    assert.ok(line, r.stderr);
    return { nice: JSON.parse(line.slice(5)) as Nice, status: r.status, stderr: r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function assertLowered({ pid, before, after }: Nice): void {
  const helpers = Object.keys(before).filter((t) => t !== pid);
  assert.ok(helpers.length >= 2, `threads before the bundle ran: ${JSON.stringify(before)}`);
  assert.equal(after[pid], before[pid], 'the analysing (main) thread keeps its priority');
  for (const t of helpers) if (t in after) assert.equal(after[t], 19, `helper thread ${t}: ${JSON.stringify(after)}`);
}

test('on Linux the CLI gives its helper threads the lowest priority and keeps its own', linuxOnly, () => {
  const r = niceOf([path.join(ROOT, 'dist', 'cli.js'), 'check', path.join(ROOT, 'examples'), '--format', 'json']);
  assert.equal(r.status, 1, r.stderr);
  assertLowered(r.nice);
});

test('on Linux the language server gives its helper threads the lowest priority and keeps its own', linuxOnly, () => {
  // stdin ends at once: the server starts, sees its input close, and exits.
  const r = niceOf([path.join(ROOT, 'dist', 'server.js'), '--stdio']);
  assertLowered(r.nice);
});

test('--version of the language server leaves every thread as it was', linuxOnly, () => {
  const r = niceOf([path.join(ROOT, 'dist', 'server.js'), '--version']);
  assert.equal(r.status, 0, r.stderr);
  for (const [t, n] of Object.entries(r.nice.before)) if (t in r.nice.after) assert.equal(r.nice.after[t], n, JSON.stringify(r.nice));
});
