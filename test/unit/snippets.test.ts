/**
 * Every snippet the extension contributes, expanded with its defaults, passes all of our own checks:
 * Dockerfile snippets in a small Go module (go.mod, go.sum, the expanded Go main snippet), the
 * compose and .dockerignore snippets next to the scratch Dockerfile, the Go main next to it too.
 * A finding is allowed only when it is listed in ALLOWED with the reason it is right.
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Project, MemoryHost } from '../../server/src/project/project';
import { analyzeFile } from '../../server/src/engine/analyze';
import { initGoParser } from '../../server/src/parse/go';
import { fileKind } from '../../server/src/project/files';
import { expandSnippet, readSnippets, SnippetEntry } from '../support/snippets';
import { RULE_SET } from '../../server/src/rules/registry';
import { goDockerignoreLines } from '../../server/src/facts/dockerignore';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

/** Snippet name → rule id → why that finding is right for the snippet as written. */
const ALLOWED: Record<string, Record<string, string>> = {};

before(async () => {
  await initGoParser();
});

/** A contributed path, resolving a `%key%` from package.nls.json. */
function contributedPath(p: string): string {
  const m = /^%(.+)%$/.exec(p);
  return path.join(ROOT, m ? nls[m[1]] : p);
}

const contributions = (pkg.contributes.snippets as { language: string; path: string }[]).map((s) => ({ language: s.language, file: contributedPath(s.path) }));
const files = [...new Set(contributions.map((c) => c.file))];

function snippetsOf(base: string): SnippetEntry[] {
  return readSnippets(path.join(ROOT, 'snippets', base));
}

const GO_MAIN = expandSnippet(snippetsOf('go.json')[0].body);
const SCRATCH = expandSnippet(snippetsOf('dockerfile.json').find((s) => s.prefix.includes('go-scratch'))!.body);
const GO_MOD = 'module example.com/app\n\ngo 1.22\n\nrequire github.com/redis/go-redis/v9 v9.5.1\n';
const GO_SUM = 'github.com/redis/go-redis/v9 v9.5.1 h1:0000000000000000000000000000000000000000000=\n';

function analyseAll(files: Record<string, string>): string[] {
  const host = new MemoryHost(new Map(Object.entries(files)));
  const project = new Project(host);
  const failures: string[] = [];
  project.log = (m) => {
    if (/failed|could not parse/.test(m)) failures.push(m);
  };
  const found = project.scan('/w');
  const out: string[] = [];
  for (const f of found) {
    const kind = fileKind(f);
    if (kind !== 'dockerfile' && kind !== 'compose' && kind !== 'go') continue;
    for (const x of analyzeFile(RULE_SET, project, f)) out.push(`${path.basename(f)} ${x.ruleId} ${x.messageId}: ${x.message}`);
  }
  assert.deepEqual(failures, [], 'no rule fails on the snippet');
  return out;
}

test('the snippet files are the ones package.json contributes, for the right languages', () => {
  assert.deepEqual(
    files.map((f) => path.basename(f)).sort(),
    ['compose.json', 'dockerfile.json', 'dockerignore.json', 'go.json'],
  );
  const langs = (base: string) => contributions.filter((c) => path.basename(c.file) === base).map((c) => c.language).sort();
  assert.deepEqual(langs('dockerfile.json'), ['dockerfile']);
  assert.deepEqual(langs('compose.json'), ['dockercompose', 'yaml']);
  assert.deepEqual(langs('dockerignore.json'), ['ignore']);
  assert.deepEqual(langs('go.json'), ['go']);
});

test('every snippet is discoverable: a go- prefix and a docker prefix, and a description', () => {
  for (const f of files) {
    for (const s of readSnippets(f)) {
      assert.ok(s.prefix.some((p) => p.startsWith('go-')), `${s.name}: a prefix starting with go-`);
      assert.ok(s.prefix.some((p) => p.startsWith('docker')), `${s.name}: a prefix starting with docker`);
      assert.ok(s.description.length > 30, `${s.name}: a description`);
    }
  }
});

test('the issue\'s snippets are all there', () => {
  const prefixes = files.flatMap((f) => readSnippets(f).flatMap((s) => s.prefix));
  for (const p of ['go-scratch', 'go-distroless', 'go-alpine', 'go-nanoserver', 'go-cross', 'go-compose', 'go-dockerignore', 'go-main-server']) {
    assert.ok(prefixes.includes(p), `snippet ${p}`);
  }
});

for (const s of snippetsOf('dockerfile.json')) {
  test(`Dockerfile snippet "${s.name}", expanded, passes every check`, () => {
    const text = expandSnippet(s.body);
    assert.ok(!/\$\{?\d/.test(text), 'no placeholder left');
    const found = analyseAll({ '/w/Dockerfile': text, '/w/go.mod': GO_MOD, '/w/go.sum': GO_SUM, '/w/main.go': GO_MAIN });
    assertOnlyAllowed(s.name, found);
  });
}

for (const s of snippetsOf('compose.json')) {
  test(`compose snippet "${s.name}", expanded, passes every check`, () => {
    const text = expandSnippet(s.body);
    const found = analyseAll({ '/w/compose.yaml': text, '/w/Dockerfile': SCRATCH, '/w/go.mod': GO_MOD, '/w/go.sum': GO_SUM, '/w/main.go': GO_MAIN });
    assertOnlyAllowed(s.name, found);
  });
}

for (const s of snippetsOf('dockerignore.json')) {
  test(`.dockerignore snippet "${s.name}", expanded, keeps the build working and passes every check`, () => {
    const text = expandSnippet(s.body);
    for (const needed of ['go.mod', 'go.sum', 'main.go']) assert.ok(!text.split('\n').includes(needed), `${needed} is not ignored`);
    const found = analyseAll({ '/w/.dockerignore': text, '/w/Dockerfile': SCRATCH, '/w/go.mod': GO_MOD, '/w/go.sum': GO_SUM, '/w/main.go': GO_MAIN });
    assertOnlyAllowed(s.name, found);
  });
}

test('the .dockerignore snippet has the lines the generator writes and the DGT135 fix creates', () => {
  const [s] = snippetsOf('dockerignore.json');
  // The snippet keeps vendor/ in the context: it cannot know whether the module vendors its dependencies.
  assert.deepEqual(expandSnippet(s.body).split('\n').filter((l) => l !== ''), goDockerignoreLines(true));
});

for (const s of snippetsOf('go.json')) {
  test(`Go snippet "${s.name}", expanded, passes every check in a containerized module`, () => {
    const text = expandSnippet(s.body);
    assert.match(text, /os\.Getenv\("PORT"\)/);
    assert.match(text, /signal\.NotifyContext/);
    assert.match(text, /\.Shutdown\(/);
    const found = analyseAll({ '/w/main.go': text, '/w/Dockerfile': SCRATCH, '/w/go.mod': GO_MOD, '/w/go.sum': GO_SUM });
    assertOnlyAllowed(s.name, found);
  });
}

function assertOnlyAllowed(name: string, found: string[]): void {
  const allowed = ALLOWED[name] ?? {};
  const unexpected = found.filter((f) => !(f.split(' ')[1] in allowed));
  assert.deepEqual(unexpected, [], `snippet "${name}" has findings; fix the snippet, or list them in ALLOWED with the reason`);
}

test('the expander handles defaults, mirrors, choices, nesting and escapes', () => {
  assert.equal(expandSnippet(['a ${1:x} $1 ${1} ${2|p,q|} \\$HOME ${3:o${4:k}} $0']), 'a x x x p $HOME ok ');
});
