/**
 * The real-world sweep as a gate: every file of ../shared/corpus through the CLI's engine, in
 * process, with zero crashes (rule or parser failures logged by the engine, internal errors,
 * exceptions). The findings themselves are reviewed in docs/accuracy.md, not asserted here.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { sweep, DEFAULT_CORPUS } from '../../server/src/tools/corpus';

test('corpus sweep: every file of ../shared/corpus is analysed without a crash', async (t) => {
  if (!fs.existsSync(DEFAULT_CORPUS)) {
    t.skip(`the corpus is not at ${DEFAULT_CORPUS}; skipping the sweep (it runs wherever ../shared/corpus exists)`);
    return;
  }
  const r = await sweep(DEFAULT_CORPUS);
  assert.deepEqual(r.crashes, [], `${r.crashes.length} crash(es) on the corpus`);
  assert.ok(r.files > 400, `only ${r.files} files analysed`);
  assert.equal(r.files, r.byKind.dockerfile + r.byKind.compose + r.byKind.go);
  t.diagnostic(`${r.files} files, ${r.findings.length} findings, ${(r.wallMs / 1000).toFixed(1)} s`);
});
