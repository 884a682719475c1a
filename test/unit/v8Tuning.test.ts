/**
 * The V8 setting the command-line checker runs with (server/src/cli/v8Tuning.ts): a flag this V8
 * knows, set by the launcher before the bundle is compiled, so that the build's code cache, made
 * with it, is used whatever the budget Node was started with.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { CLI_V8_FLAGS } from '../../server/src/cli/v8Tuning';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

test('the CLI V8 flags are flags this V8 knows (an unknown one would print an error at every run)', () => {
  // On the command line (Node refuses an unknown V8 flag there) and at run time, as the launcher sets them.
  const env = { ...process.env, FLAGS: CLI_V8_FLAGS };
  const r = spawnSync(process.execPath, [...CLI_V8_FLAGS.split(' '), '-e', "require('v8').setFlagsFromString(process.env.FLAGS)"], { encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
});

test('the launcher sets them before it compiles the bundle: the code cache is used whatever budget Node starts with', () => {
  for (const budget of ['--interrupt-budget=1000', '--interrupt-budget=67584']) {
    const r = spawnSync(process.execPath, [budget, CLI, 'check', path.join(ROOT, 'examples'), '--format', 'json'], {
      cwd: ROOT,
      env: { ...process.env, DOCKER_GO_TRAPS_CODE_CACHE: 'report' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.match(r.stderr, /code cache used/, `with ${budget}: ${r.stderr}`);
  }
});
