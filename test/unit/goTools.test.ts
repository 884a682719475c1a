/**
 * The table of Go tool releases (server/src/facts/goTools.ts) and its lookups. DGT156 tells users
 * that a release after the table's newest "needs at least as new a Go": the tables must bear that
 * out (go lines never go down), and their runs must be in order, without overlaps.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { GO_TOOLS, MOVED_MODULES, compareReleases, releaseNumbers, releasesOf, toolOfPackage, movedModuleOf } from '../../server/src/facts/goTools';
import { goModVersion, compareVer } from '../../server/src/model/goCommands';

test('every tool: runs in release order, no overlaps, go lines that never go down (odd tags aside)', () => {
  for (const tool of GO_TOOLS) {
    let prev: { last: string; go: string } | undefined;
    for (const r of tool.releases) {
      assert.ok(releaseNumbers(r.first) && releaseNumbers(r.last), `${tool.module}: ${r.first}..${r.last} are releases`);
      assert.ok(compareReleases(r.first, r.last) <= 0, `${tool.module}: ${r.first} <= ${r.last}`);
      assert.ok(goModVersion(r.go), `${tool.module} ${r.first}: go line ${r.go} parses`);
      if (prev) assert.ok(compareReleases(prev.last, r.first) < 0, `${tool.module}: ${prev.last} before ${r.first}`);
      if (prev && !r.odd) assert.ok(compareVer(goModVersion(prev.go)!, goModVersion(r.go)!) <= 0, `${tool.module}: go ${prev.go} then ${r.go} at ${r.first}`);
      if (!r.odd) prev = r;
    }
    assert.ok(!tool.releases[tool.releases.length - 1].odd, `${tool.module}: the newest run is a real release line`);
    assert.match(tool.asOf, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(tool.source.length > 20, `${tool.module} names its source`);
  }
  for (const m of MOVED_MODULES) {
    assert.ok(m.source.length > 20, `${m.from} names its source`);
    if (m.since) assert.ok(releaseNumbers(m.since));
    if (m.fromSince) assert.ok(m.since && compareReleases(m.fromSince, m.since) < 0);
  }
});

test('toolOfPackage: the longest module path wins, nested modules are not the tool', () => {
  assert.equal(toolOfPackage('github.com/golangci/golangci-lint/v2/cmd/golangci-lint')?.tool.module, 'github.com/golangci/golangci-lint/v2');
  assert.equal(toolOfPackage('github.com/golangci/golangci-lint/cmd/golangci-lint')?.tool.module, 'github.com/golangci/golangci-lint');
  assert.equal(toolOfPackage('golang.org/x/tools/gopls'), undefined);
  assert.equal(toolOfPackage('golang.org/x/tools/gopls/internal/x'), undefined);
  const goimports = toolOfPackage('golang.org/x/tools/cmd/goimports');
  assert.equal(goimports?.tool.module, 'golang.org/x/tools');
  assert.equal(goimports?.rest, '/cmd/goimports');
  // An older path of the same tool (air's releases before the move).
  const air = toolOfPackage('github.com/cosmtrek/air');
  assert.equal(air?.tool.module, 'github.com/air-verse/air');
  assert.equal(air?.modulePath, 'github.com/cosmtrek/air');
  assert.equal(toolOfPackage('github.com/air-verse/airplane'), undefined);
  assert.equal(toolOfPackage('google.golang.org/grpc'), undefined);
});

test('releasesOf: finds the run of a release; not pre-releases, pseudo-versions or branches', () => {
  const air = GO_TOOLS.find((t) => t.module === 'github.com/air-verse/air')!;
  assert.equal(releasesOf(air, 'v1.61.7')?.go, '1.23');
  assert.equal(releasesOf(air, 'v1.61.2')?.odd, true);
  assert.equal(releasesOf(air, 'v1.49.0')?.module, 'github.com/cosmtrek/air');
  assert.equal(releasesOf(air, 'v1.39.0'), undefined);
  assert.equal(releasesOf(air, 'v1.99.0'), undefined);
  for (const v of ['latest', 'master', 'v1.62.0-rc1', 'v0.0.0-20240101000000-abcdefabcdef', '1.62.0']) assert.equal(releasesOf(air, v), undefined, v);
});

test('movedModuleOf: both paths, not a longer name that merely starts the same', () => {
  assert.equal(movedModuleOf('github.com/derekparker/delve/cmd/dlv')?.underOld, true);
  assert.equal(movedModuleOf('github.com/go-delve/delve/cmd/dlv')?.underOld, false);
  assert.equal(movedModuleOf('github.com/derekparker/delve/cmd/dlv')?.rest, '/cmd/dlv');
  assert.equal(movedModuleOf('github.com/cosmtrek/airflow'), undefined);
});
