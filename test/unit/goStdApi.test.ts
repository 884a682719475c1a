/**
 * The table of standard-library additions per Go release (server/src/facts/goStdApi.ts), the token
 * scan of a file's standard-library uses (parse/goExtras.ts stdUses), and DGT102's use of both: a
 * golang image before Go 1.21 is an error only where the program's own code uses what came later.
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { STD_ADDITIONS } from '../../server/src/facts/goStdApi';
import { stdUses } from '../../server/src/parse/goExtras';
import { newerStdUse, stdNameAdded, stdPackageAdded } from '../../server/src/model/stdApi';
import { analyzeFile } from '../../server/src/engine/analyze';
import { RULE_SET } from '../../server/src/rules/registry';
import { initGoParser } from '../../server/src/parse/go';
import { memoryProject } from '../support/memoryProject';

before(async () => {
  await initGoParser();
});

test('the table: one entry per release in order, every name in one release only, well-known additions where the release notes put them', () => {
  const minors = STD_ADDITIONS.map((v) => v.minor);
  assert.deepEqual(minors, [...minors].sort((a, b) => a - b));
  assert.equal(new Set(minors).size, minors.length);
  const seen = new Map<string, number>();
  for (const v of STD_ADDITIONS) {
    for (const p of v.packages) {
      assert.ok(!seen.has(p), `${p} is new once`);
      seen.set(p, v.minor);
      assert.equal(v.names[p], undefined, `${p}: a new package's names are not listed again`);
    }
    for (const [p, list] of Object.entries(v.names)) {
      for (const n of list.split(' ')) {
        assert.match(n, /^[A-Z][A-Za-z0-9_]*$/, `${p}.${n} is an exported name`);
        assert.ok(!seen.has(`${p}.${n}`), `${p}.${n} is added once (again in 1.${v.minor})`);
        seen.set(`${p}.${n}`, v.minor);
      }
    }
  }
  const cases: [string, string | undefined, number | undefined][] = [
    ['io', 'ReadAll', 16],
    ['os', 'ReadFile', 16],
    ['os', 'WriteFile', 16],
    ['errors', 'Is', 13],
    ['errors', 'Join', 20],
    ['strings', 'Cut', 18],
    ['strings', 'ReplaceAll', 12],
    ['sync/atomic', 'Int64', 19],
    ['context', 'WithoutCancel', 21],
    ['os/signal', 'NotifyContext', 16],
    ['io', 'Reader', undefined],
    ['os', 'Getenv', undefined],
    ['os', 'Chmod', undefined],
    ['os', 'FileInfo', undefined],
  ];
  for (const [p, n, minor] of cases) assert.equal(stdNameAdded(p, n as string), minor, `${p}.${n}`);
  assert.equal(stdPackageAdded('slices'), 21);
  assert.equal(stdPackageAdded('log/slog'), 21);
  assert.equal(stdPackageAdded('embed'), 16);
  assert.equal(stdPackageAdded('io/fs'), 16);
  assert.equal(stdPackageAdded('net/netip'), 18);
  assert.equal(stdPackageAdded('time/tzdata'), 15);
  assert.equal(stdPackageAdded('math/rand/v2'), 22);
  assert.equal(stdPackageAdded('iter'), 23);
  assert.equal(stdPackageAdded('runtime/cgo'), undefined, 'runtime/cgo is older than its first exported name');
  assert.equal(stdPackageAdded('io'), undefined);
});

test('stdUses: standard-library imports and their qualified names; aliases, dot and blank imports, fields and build constraints', () => {
  const text = [
    'package main',
    '',
    'import (',
    '\tstdio "io"',
    '\t. "strings"',
    '\t_ "time/tzdata"',
    '\t"os"',
    '\t"example.com/x/io2"',
    ')',
    '',
    'func main() {',
    '\tb, _ := stdio.ReadAll(os.Stdin)',
    '\t_ = Cut',
    '\t_ = cfg.os.ReadFile',
    '\t_ = os.getenv',
    '\t_ = io2.ReadAll',
    '\t// os.ReadFile in a comment',
    '\t_ = "os.ReadFile in a string"',
    '\t_ = b',
    '}',
    '',
  ].join('\n');
  const u = stdUses(text);
  assert.deepEqual(
    u.imports.map((i) => [i.path, text.slice(i.start, i.end)]),
    [
      ['io', '"io"'],
      ['strings', '"strings"'],
      ['time/tzdata', '"time/tzdata"'],
      ['os', '"os"'],
    ],
  );
  assert.deepEqual(
    u.selectors.map((s) => [s.path, s.local, s.name, text.slice(s.start, s.end)]),
    [
      ['io', 'stdio', 'ReadAll', 'stdio.ReadAll'],
      ['os', 'os', 'Stdin', 'os.Stdin'],
    ],
  );
  assert.equal(u.constrained, false);
  assert.equal(stdUses('//go:build go1.21\n\npackage main\n').constrained, true);
  assert.equal(stdUses('// Copyright\n\n// +build linux\n\npackage main\n').constrained, true);
  assert.equal(stdUses('package main\n\n//go:build go1.21\n').constrained, false, 'a constraint after the package clause is a comment');
  assert.deepEqual(stdUses('package main\n\nimport "math/rand/v2"\n\nvar n = rand.N(10)\n').selectors.map((s) => `${s.path}.${s.name}`), ['math/rand/v2.N']);
});

test('newerStdUse: the first use in the program, within (image, go.mod]; packages the main package imports from its module too', () => {
  const { project } = memoryProject({
    '/w/go.mod': 'module example.com/w\n\ngo 1.22\n',
    '/w/main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/w/internal/a"\n)\n\nfunc main() { fmt.Println(a.Run()) }\n',
    '/w/internal/a/a.go': 'package a\n\nimport (\n\t"errors"\n\t"slices"\n)\n\nfunc Run() error { _ = slices.Max([]int{1}); return errors.Join(nil) }\n',
    '/w/internal/unused/u.go': 'package unused\n\nimport "maps"\n\nvar M = maps.Clone(map[string]int{})\n',
  });
  const first = newerStdUse(project, '/w', 19, 22);
  assert.equal(first?.path, '/w/internal/a/a.go');
  assert.deepEqual([first?.what, first?.kind, first?.minor], ['slices', 'package', 21], 'the import comes before the call');
  const join = newerStdUse(project, '/w', 19, 20);
  assert.deepEqual([join?.what, join?.kind, join?.importPath, join?.minor], ['errors.Join', 'name', 'errors', 20], 'slices (1.21) is newer than go.mod');
  assert.equal(newerStdUse(project, '/w', 21, 22), undefined, 'maps is in a package the program does not import');
  assert.equal(newerStdUse(project, '/w', 19, 19), undefined);

  // A module whose path has no dot, named like a package a later Go added: its packages are its own.
  const { project: own } = memoryProject({
    '/w/go.mod': 'module iter\n\ngo 1.23\n',
    '/w/iter.go': 'package iter\n\nfunc Run() {}\n',
    '/w/cmd/app/main.go': 'package main\n\nimport "iter"\n\nfunc main() { iter.Run() }\n',
  });
  assert.equal(newerStdUse(own, '/w/cmd/app', 19, 23), undefined);
});

test('DGT102: a golang image before 1.21 is an error with the program use as related location; without one, information', () => {
  const files = {
    '/w/go.mod': 'module example.com/w\n\ngo 1.21\n',
    '/w/Dockerfile': 'FROM golang:1.19-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/w .\n\nFROM alpine:3.20\nCOPY --from=build /out/w /w\nUSER 65532\nENTRYPOINT ["/w"]\n',
    '/w/main.go': 'package main\n\nimport "log/slog"\n\nfunc main() { slog.Info("up") }\n',
  };
  const found = analyzeFile(RULE_SET, memoryProject(files).project, '/w/Dockerfile').filter((f) => f.ruleId === 'DGT102');
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'error');
  assert.equal(found[0].messageId, 'advisoryNeeds');
  assert.match(found[0].message, /`log\/slog` came with Go 1\.21, so the build stops with `package log\/slog is not in GOROOT \(\/usr\/local\/go\/src\/log\/slog\)`/);
  const needs = found[0].related.find((r) => r.messageId === 'needs');
  assert.equal(needs?.path, '/w/main.go');
  assert.equal(files['/w/main.go'].slice(needs!.start, needs!.end), '"log/slog"');

  const plain = { ...files, '/w/main.go': 'package main\n\nimport "log"\n\nfunc main() { log.Print("up") }\n' };
  const info = analyzeFile(RULE_SET, memoryProject(plain).project, '/w/Dockerfile').filter((f) => f.ruleId === 'DGT102');
  assert.deepEqual(
    info.map((f) => [f.messageId, f.severity]),
    [['advisory', 'info']],
  );
});
