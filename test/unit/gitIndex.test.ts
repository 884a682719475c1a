/**
 * The `.git/index` reader (server/src/rules/lib/gitIndex.ts): versions 2, 3 (extended flags) and 4
 * (prefix-compressed paths), long names, and input that is truncated or corrupt (never a throw).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseGitIndex, gitModeOf } from '../../server/src/model/gitIndex';
import { MemoryHost, Project } from '../../server/src/project/project';
import { buildGitIndex, IndexEntry } from '../support/gitIndex';

const ENTRIES: IndexEntry[] = [
  { path: 'Dockerfile', mode: 0o100644 },
  { path: 'docker/entrypoint.sh', mode: 0o100755 },
  { path: 'docker/healthcheck.sh', mode: 0o100644 },
  { path: 'scripts/run-me.sh', mode: 0o100644 },
  { path: 'link', mode: 0o120000 },
  { path: '中文/启动.sh', mode: 0o100755 },
];

function modes(bytes: Uint8Array): Record<string, string> | undefined {
  const idx = parseGitIndex(bytes);
  return idx && Object.fromEntries([...idx.modes].map(([p, m]) => [p, m.toString(8)]));
}

const EXPECTED = {
  Dockerfile: '100644',
  'docker/entrypoint.sh': '100755',
  'docker/healthcheck.sh': '100644',
  'scripts/run-me.sh': '100644',
  link: '120000',
  '中文/启动.sh': '100755',
};

test('git index v2: several entries with their modes', () => {
  const bytes = buildGitIndex(ENTRIES, 2);
  assert.equal(parseGitIndex(bytes)?.version, 2);
  assert.deepEqual(modes(bytes), EXPECTED);
});

test('git index v3: entries with extended flags', () => {
  const bytes = buildGitIndex(
    ENTRIES.map((e, i) => ({ ...e, extended: i % 2 === 1 })),
    3,
  );
  assert.equal(parseGitIndex(bytes)?.version, 3);
  assert.deepEqual(modes(bytes), EXPECTED);
});

test('git index v4: prefix-compressed paths', () => {
  const bytes = buildGitIndex(ENTRIES, 4);
  assert.equal(parseGitIndex(bytes)?.version, 4);
  assert.deepEqual(modes(bytes), EXPECTED);
});

test('git index: a path of 0xFFF bytes or more (name length saturated)', () => {
  const long = 'd/' + 'x'.repeat(5000) + '.sh';
  for (const v of [2, 4]) assert.equal(parseGitIndex(buildGitIndex([{ path: long, mode: 0o100755 }, { path: 'z.sh', mode: 0o100644 }], v))?.modes.get(long), 0o100755);
});

test('git index: conflict stages prefer stage 0, else the first stage', () => {
  const bytes = buildGitIndex([{ path: 'a.sh', mode: 0o100644, stage: 2 }], 2);
  assert.equal(parseGitIndex(bytes)?.modes.get('a.sh'), 0o100644);
});

test('git index: corrupt or truncated input gives undefined, never a throw', () => {
  const good = buildGitIndex(ENTRIES, 2);
  assert.equal(parseGitIndex(new Uint8Array(0)), undefined);
  assert.equal(parseGitIndex(Buffer.from('DIRC')), undefined);
  assert.equal(parseGitIndex(Buffer.from('not an index at all, just text')), undefined);
  // Unsupported versions.
  for (const v of [1, 5, 0xffffffff]) {
    const b = Buffer.from(good);
    b.writeUInt32BE(v, 4);
    assert.equal(parseGitIndex(b), undefined, `version ${v}`);
  }
  // An entry count the file cannot hold.
  const huge = Buffer.from(good);
  huge.writeUInt32BE(0x7fffffff, 8);
  assert.equal(parseGitIndex(huge), undefined);
  // Every truncation of every version, and single-byte corruption: no throw.
  for (const v of [2, 3, 4]) {
    const b = buildGitIndex(ENTRIES.map((e) => ({ ...e, extended: true })), v);
    for (let n = 0; n < b.length; n++) assert.doesNotThrow(() => parseGitIndex(b.subarray(0, n)));
    for (let n = 12; n < b.length - 20; n++) {
      const c = Buffer.from(b);
      c[n] ^= 0xff;
      assert.doesNotThrow(() => parseGitIndex(c));
    }
  }
  // Cut inside the entries (before the checksum): undefined.
  assert.equal(parseGitIndex(good.subarray(0, 100)), undefined);
  // Extended flags in a version 2 index are corrupt.
  const v2ext = Buffer.from(buildGitIndex([{ path: 'a.sh', mode: 0o100644, extended: true }], 3));
  v2ext.writeUInt32BE(2, 4);
  assert.equal(parseGitIndex(v2ext), undefined);
});

test('gitModeOf: reads through the project, follows a .git file, ignores untracked files', () => {
  const host = new MemoryHost();
  host.files.set('/repo/.git/index', buildGitIndex([{ path: 'run.sh', mode: 0o100644 }], 2));
  host.files.set('/repo/run.sh', '#!/bin/sh\n');
  host.files.set('/repo/new.sh', '#!/bin/sh\n');
  host.files.set('/wt/.git', 'gitdir: ../repo/.git/worktrees/wt\n');
  host.files.set('/repo/.git/worktrees/wt/index', buildGitIndex([{ path: 'run.sh', mode: 0o100755 }], 4));
  const project = new Project(host);
  assert.equal(gitModeOf(project, '/repo', '/repo/run.sh'), 0o100644);
  assert.equal(gitModeOf(project, '/repo', '/repo/new.sh'), undefined);
  assert.equal(gitModeOf(project, '/wt', '/wt/run.sh'), 0o100755);
  assert.equal(gitModeOf(project, '/nogit', '/nogit/run.sh'), undefined);
});
