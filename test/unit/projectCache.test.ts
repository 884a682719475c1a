/**
 * The project model's shortcuts must not change an answer: the package clause read without a
 * parse agrees with the parser, and cached stats and folder listings follow every change the
 * project is told about.
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { containerizations, containerizationsOf } from '../../server/src/model/builds';
import { programsOfPackage } from '../../server/src/model/programFiles';
import { Project, MemoryHost, packageClause } from '../../server/src/project/project';
import { memoryProject } from '../support/memoryProject';
import { Boundary } from '../../server/src/project/boundary';
import { ignoreFileOf } from '../../server/src/model/goCommands';
import { initGoParser, parseGo } from '../../server/src/parse/go';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');

before(async () => {
  await initGoParser();
});

function goFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...goFiles(full));
    else if (e.name.endsWith('.go')) out.push(full);
  }
  return out;
}

test('packageClause reads plain package clauses and leaves anything else to the parser', () => {
  const cases: [string, string | undefined][] = [
    ['package main\n', 'main'],
    ['\uFEFFpackage main\r\n', 'main'],
    ['// Copyright\n// 版权所有\n\n/* block\n comment */\npackage  api // the API\n', 'api'],
    ['//go:build ignore\n\npackage main\n', 'main'],
    ['package main;', 'main'],
    ['package 主要\n', '主要'],
    ['package mainly\n', 'mainly'],
    ['/* unterminated\npackage main\n', undefined],
    ['// no newline', undefined],
    ['import "fmt"\npackage main\n', undefined],
    ['package\nmain\n', undefined],
    ['', undefined],
  ];
  for (const [text, want] of cases) assert.equal(packageClause(text), want, JSON.stringify(text));
});

test('packageClause agrees with the parser on every fixture and corpus Go file, and on mutations of them', () => {
  const texts = [...goFiles(path.join(ROOT, 'test', 'fixtures')), ...goFiles(CORPUS)].map((f) => fs.readFileSync(f, 'utf8'));
  assert.ok(texts.length > 0);
  // Where the file parses cleanly; a broken file has no second opinion (the parser may even take a
  // later, half-typed clause), and the first clause is what Go reads.
  const agrees = (t: string) => {
    const quick = packageClause(t);
    const facts = parseGo(t);
    if (quick !== undefined && !facts.hasErrors) assert.equal(quick, facts.packageName, JSON.stringify(t.slice(0, 200)));
  };
  for (const t of texts) agrees(t);
  const edits = fc.constantFrom('', ' ', '\n', '//', '/*', '*/', 'package', 'main', ';', '\uFEFF', '中', '"', '`', '\t', 'x');
  fc.assert(
    fc.property(fc.nat({ max: texts.length - 1 }), fc.array(fc.tuple(fc.nat({ max: 300 }), edits, fc.nat({ max: 3 })), { maxLength: 4 }), (k, muts) => {
      let t = texts[k];
      for (const [at, s, del] of muts) t = t.slice(0, at) + s + t.slice(at + del);
      agrees(t);
    }),
    { seed: 7, numRuns: 300 },
  );
});

test('with cacheFileSystem, stats and listings follow changes: new files and folders, deletions, open documents', () => {
  const host = new MemoryHost(new Map([['/w/Dockerfile', 'FROM alpine\n'], ['/w/cmd/api/main.go', 'package main\n']]));
  const p = new Project(host);
  p.cacheFileSystem = true;
  assert.equal(p.exists('/w/cmd'), 'dir');
  assert.equal(p.exists('/w/new'), undefined);
  assert.equal(p.exists('/w/new/x.go'), undefined);
  assert.deepEqual(p.readDir('/w'), ['Dockerfile', 'cmd']);

  // Cached: a change the project is not told about is not seen...
  host.files.set('/w/new/x.go', 'package main\n');
  assert.equal(p.exists('/w/new'), undefined);
  // ...and is seen once it is: the file, its new folder, and the listings above it.
  p.changed('/w/new/x.go');
  assert.equal(p.exists('/w/new/x.go'), 'file');
  assert.equal(p.exists('/w/new'), 'dir');
  assert.deepEqual(p.readDir('/w'), ['Dockerfile', 'cmd', 'new']);
  assert.deepEqual(p.mainFiles('/w/new'), ['/w/new/x.go']);

  // A folder deleted with everything in it, announced for the folder only.
  assert.equal(p.exists('/w/cmd/api/main.go'), 'file');
  host.files.delete('/w/cmd/api/main.go');
  assert.equal(p.exists('/w/cmd/api/main.go'), 'file');
  p.deleted('/w/cmd');
  assert.equal(p.exists('/w/cmd/api/main.go'), undefined);
  assert.equal(p.exists('/w/cmd/api'), undefined);
  assert.deepEqual(p.readDir('/w'), ['Dockerfile', 'new']);

  // Open documents are seen at once, and stay visible in listings.
  p.setOverlay('/w/other/main.go', 'package main\n');
  assert.equal(p.exists('/w/other/main.go'), 'file');
  assert.deepEqual(p.readDir('/w/other'), ['main.go']);
  assert.deepEqual(p.mainFiles('/w/other'), ['/w/other/main.go']);
});

test('a deleted file, or a deleted folder, takes its parses with it; a file that comes back is parsed afresh', () => {
  const host = new MemoryHost(
    new Map([
      ['/w/Dockerfile', 'FROM golang:1.22\nCOPY . .\nRUN go build -o /app ./cmd/api\n'],
      ['/w/compose.yaml', 'services:\n  api:\n    build: .\n'],
      ['/w/cmd/api/main.go', 'package main\n\nfunc main() {}\n'],
      ['/w/go.mod', 'module x\n\ngo 1.22\n'],
    ]),
  );
  const p = new Project(host);
  p.scan('/w');
  const dockerfile = p.dockerfile('/w/Dockerfile');
  assert.ok(dockerfile && p.compose('/w/compose.yaml') && p.goFacts('/w/cmd/api/main.go') && p.goMod('/w/go.mod'));
  assert.equal(p.parseCount, 4);
  assert.equal(p.dockerfile('/w/Dockerfile'), dockerfile, 'kept while the file is there');

  host.files.delete('/w/compose.yaml');
  p.deleted('/w/compose.yaml');
  assert.equal(p.parseCount, 3);
  // A folder deleted with everything in it, announced for the folder only.
  host.files.delete('/w/cmd/api/main.go');
  p.deleted('/w/cmd');
  assert.equal(p.parseCount, 2);
  assert.equal(p.goFacts('/w/cmd/api/main.go'), undefined);

  // Deleted and written again with the same text: a new parse, not the one from before.
  const text = host.files.get('/w/Dockerfile') as string;
  host.files.delete('/w/Dockerfile');
  p.deleted('/w/Dockerfile');
  assert.equal(p.parseCount, 1);
  host.files.set('/w/Dockerfile', text);
  p.changed('/w/Dockerfile');
  const again = p.dockerfile('/w/Dockerfile');
  assert.ok(again && again !== dockerfile);
  assert.deepEqual(
    again.stages.map((s) => s.image),
    dockerfile.stages.map((s) => s.image),
  );
});

test('without cacheFileSystem (the language server), the file system is asked every time', () => {
  const host = new MemoryHost(new Map([['/w/Dockerfile', 'FROM alpine\n']]));
  const p = new Project(host);
  assert.equal(p.exists('/w/a.go'), undefined);
  host.files.set('/w/a.go', 'package main\n');
  assert.equal(p.exists('/w/a.go'), 'file');
  assert.deepEqual(p.readDir('/w'), ['Dockerfile', 'a.go']);
});

test('mainFiles gives what the parser says, without parsing plain files', () => {
  const host = new MemoryHost(
    new Map([
      ['/w/a.go', '// header\npackage main\n\nfunc main() {}\n'],
      ['/w/b.go', 'package lib\n'],
      ['/w/c_test.go', 'package main\n'],
      ['/w/d.go', '/* never closed\npackage main\n'],
    ]),
  );
  const p = new Project(host);
  const byParser = ['/w/a.go', '/w/b.go', '/w/d.go'].filter((f) => parseGo(host.files.get(f) as string).packageName === 'main');
  assert.deepEqual(p.mainFiles('/w'), byParser);
  assert.ok(p.mainFiles('/w').includes('/w/a.go') && !p.mainFiles('/w').includes('/w/b.go'));
});

test('mainFiles is kept where listings are cached, and follows new files, edits and deletions; elsewhere it asks every time', () => {
  const files = (): Map<string, string> => new Map([['/w/a.go', 'package main\n'], ['/w/lib.go', 'package lib\n']]);
  // Cached (a client that reports created and deleted files): changes arrive as events.
  const host = new MemoryHost(files());
  const p = new Project(host);
  p.cacheBelow(['/w']);
  assert.deepEqual(p.mainFiles('/w'), ['/w/a.go']);
  assert.equal(p.mainFiles('/w'), p.mainFiles('/w'), 'the same list while nothing changes');
  host.files.set('/w/b.go', 'package main\n');
  p.changed('/w/b.go');
  assert.deepEqual(p.mainFiles('/w'), ['/w/a.go', '/w/b.go']);
  host.files.set('/w/a.go', 'package lib\n');
  p.changed('/w/a.go');
  assert.deepEqual(p.mainFiles('/w'), ['/w/b.go']);
  p.setOverlay('/w/lib.go', 'package main\n');
  assert.deepEqual(p.mainFiles('/w'), ['/w/b.go', '/w/lib.go']);
  host.files.delete('/w/b.go');
  p.deleted('/w/b.go');
  assert.deepEqual(p.mainFiles('/w'), ['/w/lib.go']);
  // Not cached (no events): a file that appears on disk is seen at once.
  const bare = new MemoryHost(files());
  const q = new Project(bare);
  assert.deepEqual(q.mainFiles('/w'), ['/w/a.go']);
  bare.files.set('/w/b.go', 'package main\n');
  assert.deepEqual(q.mainFiles('/w'), ['/w/a.go', '/w/b.go']);
});

test('editing a Dockerfile keeps the list of builds; adding one, or editing a compose file, recomputes it', () => {
  const { project: p } = memoryProject({
    '/w/Dockerfile': 'FROM alpine\n',
    '/w/compose.yaml': 'services:\n  api:\n    build: ./api\n',
    '/w/api/Dockerfile': 'FROM golang:1.22\n',
  });
  p.setOverlay('/w/Dockerfile', 'FROM alpine\n');
  const first = p.builds();
  assert.deepEqual(first.map((b) => [b.dockerfile, b.service?.name]), [['/w/api/Dockerfile', 'api'], ['/w/Dockerfile', undefined]]);
  // Typing in the open Dockerfile: same builds, not recomputed.
  p.setOverlay('/w/Dockerfile', 'FROM alpine:3.20\n');
  assert.equal(p.builds(), first);
  // The same edit reported from disk.
  p.changed('/w/api/Dockerfile', true, true);
  assert.equal(p.builds(), first);
  // A compose edit changes which services build what.
  p.setOverlay('/w/compose.yaml', 'services:\n  api:\n    build: ./api\n  web:\n    build: .\n');
  const second = p.builds();
  assert.notEqual(second, first);
  assert.deepEqual(second.map((b) => [b.dockerfile, b.service?.name]), [['/w/api/Dockerfile', 'api'], ['/w/Dockerfile', 'web']]);
  // A new Dockerfile is a new build.
  p.setOverlay('/w/tools/Dockerfile', 'FROM busybox\n');
  assert.deepEqual(p.builds().map((b) => b.dockerfile), ['/w/api/Dockerfile', '/w/Dockerfile', '/w/tools/Dockerfile']);
  // The builds of one Dockerfile follow the list: two services building the same file, then one.
  p.setOverlay('/w/compose.yaml', 'services:\n  web:\n    build: .\n  worker:\n    build: .\n');
  assert.deepEqual(p.buildsFor('/w/Dockerfile').map((b) => b.service?.name), ['web', 'worker']);
  assert.deepEqual(p.buildsFor('/w/api/Dockerfile').map((b) => b.service?.name), [undefined]);
  p.setOverlay('/w/compose.yaml', 'services:\n  web:\n    build: .\n');
  assert.deepEqual(p.buildsFor('/w/Dockerfile').map((b) => b.service?.name), ['web']);
  assert.deepEqual(p.buildsFor('/w/nowhere/Dockerfile'), []);
  for (const f of ['/w/Dockerfile', '/w/api/Dockerfile', '/w/tools/Dockerfile']) assert.deepEqual(p.buildsFor(f), p.builds().filter((b) => b.dockerfile === f));
});

test('an edit re-traces only the builds that read the changed file; the others keep their containerizations', () => {
  const dockerfile = (dir: string) => `FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app ./cmd/${dir}\n\nFROM alpine:3.20\nCOPY --from=build /app /app\n`;
  const { host, project: p } = memoryProject({
    '/w/a/Dockerfile': dockerfile('a'),
    '/w/a/go.mod': 'module example.com/a\n\ngo 1.22\n',
    '/w/a/cmd/a/main.go': 'package main\n\nfunc main() {}\n',
    '/w/b/Dockerfile': dockerfile('b'),
    '/w/b/go.mod': 'module example.com/b\n\ngo 1.22\n',
    '/w/b/cmd/b/main.go': 'package main\n\nfunc main() {}\n',
  });
  const of = (dir: string) => containerizations(p).filter((c) => c.build.dockerfile === `/w/${dir}/Dockerfile`);
  // Opening a file may change what exists for the project (an editor can open a file that is not
  // on disk): everything is traced again. Typing in it after that is an edit.
  p.setOverlay('/w/a/Dockerfile', dockerfile('a'));
  const [a0] = of('a');
  const [b0] = of('b');
  assert.deepEqual([a0?.mainDir, b0?.mainDir], ['/w/a/cmd/a', '/w/b/cmd/b']);

  // Editing a's Dockerfile: a is traced again (to its new main package), b keeps its entry.
  host.files.set('/w/a/cmd/tool/main.go', 'package main\n\nfunc main() {}\n');
  p.changed('/w/a/cmd/tool/main.go');
  p.setOverlay('/w/a/Dockerfile', dockerfile('a').replace('./cmd/a', './cmd/tool'));
  assert.deepEqual(of('a').map((c) => c.mainDir), ['/w/a/cmd/tool']);
  assert.equal(of('b')[0], b0);

  // A change in b's main package on disk (it stops being main) reaches b, not a.
  const [a1] = of('a');
  // The containerizations of a folder follow the list (an index made once per value of it).
  assert.deepEqual(containerizationsOf(p, '/w/b/cmd/b').map((c) => c.build.dockerfile), ['/w/b/Dockerfile']);
  host.files.set('/w/b/cmd/b/main.go', 'package lib\n');
  p.changed('/w/b/cmd/b/main.go', true, true);
  assert.deepEqual(of('b'), []);
  assert.equal(of('a')[0], a1);
  assert.deepEqual(containerizationsOf(p, '/w/b/cmd/b'), []);
  assert.deepEqual(containerizationsOf(p, '/w/a/cmd/tool'), [a1]);
  for (const d of ['/w/a/cmd/a', '/w/a/cmd/tool', '/w/b/cmd/b', '/w/nowhere']) assert.deepEqual(containerizationsOf(p, d), containerizations(p).filter((c) => c.mainDir === d));
});

test('the programs of a main package are found without tracing the imports of every other program; a library package gets every program that imports it', () => {
  const dockerfile = (dir: string) => `FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app ./cmd/${dir}\n\nFROM alpine:3.20\nCOPY --from=build /app /app\n`;
  const main = 'package main\n\nimport "example.com/m/internal/lib"\n\nfunc main() { lib.Run() }\n';
  const { project: p } = memoryProject({
    '/w/go.mod': 'module example.com/m\n\ngo 1.22\n',
    '/w/a.Dockerfile': dockerfile('a'),
    '/w/b.Dockerfile': dockerfile('b'),
    '/w/cmd/a/main.go': main,
    '/w/cmd/b/main.go': main,
    '/w/internal/lib/lib.go': 'package lib\n\nfunc Run() {}\n',
  });
  const traced = () => ['/w/cmd/a', '/w/cmd/b'].filter((d) => p.hasWorkspaceValue('model.programPackages\0' + d));
  assert.deepEqual(programsOfPackage(p, '/w/cmd/a').map((c) => c.build.dockerfile), ['/w/a.Dockerfile']);
  assert.deepEqual(traced(), [], 'no program was traced for its own main folder');
  assert.deepEqual(programsOfPackage(p, '/w/internal/lib').map((c) => c.build.dockerfile).sort(), ['/w/a.Dockerfile', '/w/b.Dockerfile']);
  assert.deepEqual(traced(), ['/w/cmd/a', '/w/cmd/b']);
  assert.deepEqual(programsOfPackage(p, '/w/cmd/b').map((c) => c.build.dockerfile), ['/w/b.Dockerfile']);
  assert.deepEqual(programsOfPackage(p, '/w/nowhere'), []);
});

test('a workspace value is shared until a file it read changes, or a Dockerfile or compose file comes or goes', () => {
  const { host, project: p } = memoryProject({
    '/w/Dockerfile': 'FROM myorg/api\n',
    '/w/compose.yaml': 'services:\n  api:\n    image: myorg/api\n    build: .\n',
    '/w/other/compose.yaml': 'services:\n  db:\n    image: postgres:16\n',
  });
  p.setOverlay('/w/Dockerfile', 'FROM myorg/api\n'); // opened (which may change what exists: see above)
  let runs = 0;
  const images = () =>
    p.workspaceValue('test.images', () => {
      runs++;
      return [...p.files].filter((f) => f.endsWith('compose.yaml')).sort().map((f) => p.text(f)?.includes('myorg/api') ?? false);
    });
  const first = images();
  assert.deepEqual(first, [true, false]);
  // Asked again, and after edits of a file it did not read (the Dockerfile): the same object.
  p.setOverlay('/w/Dockerfile', 'FROM myorg/api:1\n');
  p.changed('/w/Dockerfile', true, true);
  assert.equal(images(), first);
  assert.equal(runs, 1);
  // An analysis that uses it depends on what it read.
  p.track('/w/Dockerfile', () => images());
  assert.deepEqual(p.dependents('/w/other/compose.yaml'), ['/w/Dockerfile']);
  // An edit (on disk) of a file it read: computed again.
  host.files.set('/w/other/compose.yaml', 'services:\n  db:\n    image: myorg/api\n');
  p.changed('/w/other/compose.yaml', true, true);
  assert.deepEqual(images(), [true, true]);
  assert.equal(runs, 2);
  // A new compose file: computed again, with it.
  p.setOverlay('/w/third/compose.yaml', 'services: {}\n');
  assert.deepEqual(images(), [true, true, false]);
  assert.equal(runs, 3);
  // A deleted one.
  host.files.delete('/w/third/compose.yaml');
  p.removeOverlay('/w/third/compose.yaml');
  p.deleted('/w/third/compose.yaml');
  assert.deepEqual(images(), [true, true]);
  assert.equal(runs, 4);
});

test('a workspace value that listed a folder holds while a file there is edited, and not when one comes or goes', () => {
  const { project: p } = memoryProject({
    '/w/Dockerfile': 'FROM golang:1.22\nCOPY . .\n',
    '/w/main.go': 'package main\n',
  });
  let runs = 0;
  const names = () =>
    p.workspaceValue('test.names', () => {
      runs++;
      return p.readDir('/w').join(',');
    });
  assert.equal(names(), 'Dockerfile,main.go');
  // Opening a document (it may be new to the folder) and then typing in it.
  p.setOverlay('/w/Dockerfile', 'FROM golang:1.22\nCOPY . .\n');
  assert.equal(names(), 'Dockerfile,main.go');
  assert.equal(runs, 2);
  p.setOverlay('/w/Dockerfile', 'FROM golang:1.22\nCOPY . .\n# typed\n');
  p.setOverlay('/w/Dockerfile', 'FROM golang:1.23\nCOPY . .\n');
  assert.equal(names(), 'Dockerfile,main.go');
  assert.equal(runs, 2, 'edits of a file leave the listing of its folder as it was');
  // A value that read the edited file is computed again.
  const text = () => p.workspaceValue('test.text', () => p.text('/w/Dockerfile'));
  assert.match(text() ?? '', /1\.23/);
  p.setOverlay('/w/Dockerfile', 'FROM golang:1.24\nCOPY . .\n');
  assert.match(text() ?? '', /1\.24/);
  // A new file in the folder.
  p.setOverlay('/w/util.go', 'package main\n');
  assert.equal(names(), 'Dockerfile,main.go,util.go');
  assert.equal(runs, 3);
});

test('workspace values that no recent analysis used are dropped once there are many', () => {
  const p = new Project(new MemoryHost(new Map([['/w/Dockerfile', 'FROM alpine\n']])));
  p.scan('/w');
  let computed = 0;
  const value = (k: number) =>
    p.workspaceValue(`test.${k}`, () => {
      computed++;
      return k;
    });
  // One analysis asks for 20,001 values: all are kept (they are recent).
  p.track('/w/Dockerfile', () => {
    for (let k = 0; k <= 20_000; k++) value(k);
  });
  assert.equal(computed, 20_001);
  p.track('/w/Dockerfile', () => value(7));
  assert.equal(computed, 20_001, 'a recent value is not computed again');
  // 64 more analyses that use only value 0: the others are dropped; asked again, they are computed again.
  for (let n = 0; n < 64; n++) p.track('/w/Dockerfile', () => value(0));
  assert.equal(computed, 20_001);
  p.track('/w/Dockerfile', () => {
    value(0);
    value(1);
  });
  assert.equal(computed, 20_002, 'value 1 was dropped and computed again; value 0 was kept');
});

test('with cacheFileSystem, folders a scan listed answer existence and reads without asking the disk, and follow changes', () => {
  class CountingHost extends MemoryHost {
    readonly listsAll = true;
    stats = 0;
    reads = 0;
    stat(p: string) {
      this.stats++;
      return super.stat(p);
    }
    read(p: string) {
      this.reads++;
      return super.read(p);
    }
  }
  const host = new CountingHost(new Map([['/w/app/Dockerfile', 'FROM alpine\n'], ['/w/app/go.mod', 'module x\n']]));
  const p = new Project(host);
  p.cacheFileSystem = true;
  p.scan('/w');
  assert.equal(p.exists('/w/app/go.mod'), 'file');
  assert.equal(p.exists('/w/app'), 'dir');
  assert.equal(p.exists('/w/app/.dockerignore'), undefined);
  assert.equal(p.text('/w/app/.docker-go-traps.yaml'), undefined);
  assert.equal(p.exists('/w/app/sub/deeper'), undefined);
  assert.deepEqual([host.stats, host.reads], [0, 0], 'all answered from the listings of the scan');
  // A file created on disk and reported: seen.
  host.files.set('/w/app/.dockerignore', 'vendor\n');
  p.changed('/w/app/.dockerignore');
  assert.equal(p.exists('/w/app/.dockerignore'), 'file');
  assert.equal(p.text('/w/app/.dockerignore'), 'vendor\n');
  // A deleted one: gone.
  host.files.delete('/w/app/go.mod');
  p.deleted('/w/app/go.mod');
  assert.equal(p.exists('/w/app/go.mod'), undefined);
  assert.equal(p.text('/w/app/go.mod'), undefined);
  // A host whose listings may leave names out is asked.
  const partial = new MemoryHost(new Map([['/v/Dockerfile', 'FROM alpine\n']]));
  const q = new Project(partial);
  q.cacheFileSystem = true;
  q.scan('/v');
  partial.files.set('/v/go.mod', 'module y\n'); // not reported: a listing-based answer would miss it
  assert.equal(q.exists('/v/go.mod'), 'file');
});

test('the language server (cache roots) asks the disk about a path it has not asked about, whatever the scan listed', () => {
  // Its client reports a created file a moment after it appears (the Generate Dockerfile command
  // writes files and reads them back at once): a listing from the scan must not answer for it.
  const host = new MemoryHost(new Map([['/w/Dockerfile', 'FROM alpine\n']]));
  const p = new Project(host);
  p.cacheBelow(['/w']);
  p.scan('/w');
  assert.equal(p.readDir('/w').includes('gen'), false);
  host.files.set('/w/gen/go.mod', 'module gen\n'); // on disk, not reported yet
  assert.equal(p.exists('/w/gen'), 'dir');
  assert.equal(p.exists('/w/gen/go.mod'), 'file');
  assert.equal(p.text('/w/gen/go.mod'), 'module gen\n');
});

test('a kept value of one build tells every analysis that uses it of the paths outside the checked folders it asked about', () => {
  const host = new MemoryHost(new Map([['/w/Dockerfile', 'FROM alpine:3.20\n'], ['/outside/.dockerignore', 'secrets\n']]));
  const p = new Project(host);
  p.boundary = new Boundary(['/w'], false);
  p.scan('/w');
  // An analysis (a rule) collects what it asked about outside; the engine then holds back its findings.
  const asked = (fn: () => unknown): string[] => {
    const seen = new Set<string>();
    p.outsideSeen = seen;
    try {
      fn();
    } finally {
      p.outsideSeen = undefined;
    }
    return [...seen];
  };
  const build = { dockerfile: '/w/Dockerfile', context: '/outside', target: undefined, service: undefined };
  assert.deepEqual(asked(() => ignoreFileOf(p, build)), ['/outside/.dockerignore'], 'computed');
  assert.deepEqual(asked(() => ignoreFileOf(p, build)), ['/outside/.dockerignore'], 'kept, and told again');
  // Computed where no analysis listened (building the model): still told to the analyses after.
  const other = { ...build, target: 'x' };
  ignoreFileOf(p, other);
  assert.deepEqual(asked(() => ignoreFileOf(p, other)), ['/outside/.dockerignore']);
  // A workspace value of the whole workspace is told to the analysis that computes it only.
  assert.deepEqual(asked(() => p.workspaceValue('whole', () => p.exists('/outside/x'))), ['/outside/x']);
  assert.deepEqual(asked(() => p.workspaceValue('whole', () => p.exists('/outside/x'))), []);
});
