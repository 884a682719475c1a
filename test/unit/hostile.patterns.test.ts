/**
 * Hostile input: patterns and comments someone else wrote. A suppression comment, a .dockerignore
 * line, a .gitignore line or a COPY glob is text from the repository under check; none may make the
 * checker run for ever or make rules fail. Each case has a bound: the CLI runs in a child process
 * killed after 60 s (the inputs took minutes or for ever before), engine functions in a worker
 * terminated after 30 s.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { runCliBounded, inWorker, CliRun } from '../support/bounded';
import { LinearRegExp, linearRegExp } from '../../server/src/core/linearRegExp';
import { suppressionComment, findSuppressions } from '../../server/src/project/config';
import { parseDockerignore, excludedBy } from '../../server/src/parse/dockerignore';

/** Bound on one CLI run: a hang or a blow-up, not a slow machine (each run here takes about a second). */
const CLI_MS = 60_000;
/** Bound on one engine call in a worker. */
const WORKER_MS = 30_000;
const SEED = 20250107;

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-hostile-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Checks a workspace of `files` with the CLI (60 s bound), expects it to finish with 0 or 1, and removes it. */
function checkWorkspace(files: Record<string, string>): CliRun {
  const dir = workspace(files);
  try {
    const r = runCliBounded(['check', dir, '--format', 'json'], { timeoutMs: CLI_MS });
    assert.ok(!r.timedOut, `killed after ${r.ms} ms`);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return r;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const GO_MOD = 'module example.com/app\n\ngo 1.22\n';
const MAIN_GO = 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n';

test('a suppression comment with thousands of spaces before its end is read in linear time: Dockerfile, compose and Go (CLI, 60 s bound)', () => {
  const comment = (marker: string) => `${marker} docker-go-traps ignore=${' '.repeat(6000)}!`;
  const r = checkWorkspace({
    'go.mod': GO_MOD,
    'main.go': comment('//') + '\n' + MAIN_GO,
    Dockerfile: `FROM golang:1.22\n${comment('#')}\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n`,
    'compose.yaml': `services:\n  ${comment('#')}\n  api:\n    build: .\n`,
  });
  assert.equal(JSON.parse(r.stdout).files, 3);
});

/** The regular expression the suppression comments were read with: the reference for their meaning. */
function referenceSuppression(line: string, marker: string): { file: boolean; ids: string | undefined } | undefined {
  const re = new RegExp(`^\\s*${marker === '#' ? '#' : '//'}\\s*docker-go-traps\\s+(ignore-file|ignore)\\b(?:\\s*=\\s*([\\w\\-, ]+?))?\\s*(?:--.*)?$`);
  const m = re.exec(line);
  return m ? { file: m[1] === 'ignore-file', ids: m[2] } : undefined;
}

test('a suppression comment means what it meant: the one-pass reader agrees with the former regular expression on generated lines', () => {
  const pieces = ['#', '//', ' ', '  ', '\t', 'docker-go-traps', 'ignore', 'ignore-file', '=', ' =', '= ', 'DGT101', 'a', '_', '-', '--', ',', ' -- reason', 'x', '!', '\u00a0', '\r', '\u2028', 'é'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 14 }), fc.constantFrom('#', '//'), (parts, marker) => {
      const line = parts.join('');
      assert.deepEqual(suppressionComment(line, marker), referenceSuppression(line, marker), JSON.stringify(line));
    }),
    { seed: SEED, numRuns: 4000 },
  );
  // The common shapes, spelled out.
  assert.deepEqual(suppressionComment('# docker-go-traps ignore=DGT101,DGT102 -- we ship glibc', '#'), { file: false, ids: 'DGT101,DGT102' });
  assert.deepEqual(suppressionComment('  // docker-go-traps ignore-file', '//'), { file: true, ids: undefined });
  assert.deepEqual(suppressionComment('# docker-go-traps ignore=' + ' '.repeat(6000) + '!', '#'), undefined);
  const s = findSuppressions('# docker-go-traps ignore=a-b, c --why\nRUN x\n', 'dockerfile');
  assert.deepEqual([...(s.lines.get(1) ?? [])], ['a-b', 'c']);
});

test('.dockerignore: `*a*a*a*a*a*a*a*a*a*a*b` against a 200-character folder name with a COPY of a file in it (CLI, 60 s bound)', () => {
  const name = 'a'.repeat(200);
  const r = checkWorkspace({
    '.dockerignore': '*a*a*a*a*a*a*a*a*a*a*b\n',
    [`${name}/app.conf`]: 'x\n',
    Dockerfile: `FROM alpine:3.20\nCOPY ${name}/app.conf /etc/app.conf\n`,
  });
  assert.doesNotMatch(r.stderr, /failed/);
});

test('.dockerignore: `**/` twelve times and `zz` against a 60-level path (CLI, 60 s bound)', () => {
  const deep = Array.from({ length: 60 }, () => 'd').join('/');
  checkWorkspace({
    '.dockerignore': '**/'.repeat(12) + 'zz\n',
    [`${deep}/app.conf`]: 'x\n',
    Dockerfile: `FROM alpine:3.20\nCOPY ${deep}/app.conf /etc/app.conf\n`,
  });
});

test('.gitignore and COPY globs someone else wrote are matched in linear time too (CLI, 60 s bound)', () => {
  const name = 'a'.repeat(200);
  const deep = Array.from({ length: 60 }, () => 'd').join('/');
  const r = checkWorkspace({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': '*a*a*a*a*a*a*a*a*a*a*b\n' + '**/'.repeat(12) + 'zz\n',
    [`${name}/app.conf`]: 'x\n',
    [`${deep}/run.sh`]: '#!/bin/sh\r\necho hi\r\n',
    Dockerfile: `FROM alpine:3.20\nCOPY *a*a*a*a*a*a*a*a*a*a*b /etc/\nCOPY ${name}/app.conf /etc/app.conf\nCOPY ${deep}/run.sh /run.sh\nCOPY --from=busybox *a*a*a*a*a*a*a*a*a*a*b/x /x\nENTRYPOINT ["/run.sh"]\n`,
  });
  assert.doesNotMatch(r.stderr, /failed/);
});

test('a Makefile line of thousands of `$(wildcard ` and `.env` mentions is read in bounded time; a mention only read still leaves the finding (CLI, 60 s bound)', () => {
  // Within the 256 KB read of a build file: 110 KB and 100 KB lines.
  const long = '$(wildcard '.repeat(10_000) + ' .env';
  const r = checkWorkspace({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': '.env\n',
    Makefile: `x := ${long}\ninclude ${' .env'.repeat(20_000)}\n`,
    'compose.yaml': 'services:\n  api:\n    image: alpine:3.20\n    env_file: .env\n',
  });
  assert.doesNotMatch(r.stderr, /failed/);
  // The first line mentions .env inside $(wildcard ...) only; on the include line the mentions past
  // the first are read with only the last 400 characters before them, which do not show the include:
  // something may make it.
  assert.deepEqual(JSON.parse(r.stdout).diagnostics.filter((d: { rule: string }) => d.rule === 'DGT234'), []);
  const only = checkWorkspace({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': '.env\n',
    Makefile: `x := ${long}\n`,
    'compose.yaml': 'services:\n  api:\n    image: alpine:3.20\n    env_file: .env\n',
  });
  assert.deepEqual(JSON.parse(only.stdout).diagnostics.map((d: { rule: string }) => d.rule).filter((id: string) => id === 'DGT234'), ['DGT234']);
});

test('.dockerignore: an invalid class (`[z-a]`) costs no rule its findings (CLI, 60 s bound)', () => {
  const files = {
    'go.mod': GO_MOD,
    'main.go': MAIN_GO.replace('":8080"', '"127.0.0.1:8080"'),
    Dockerfile: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api .\nFROM alpine:3.20\nCOPY --from=build /out/api /usr/local/bin/api\nENTRYPOINT ["api"]\n',
  };
  const clean = workspace({ ...files, '.dockerignore': '*.md\n' });
  const broken = workspace({ ...files, '.dockerignore': '*.md\n[z-a]\n' });
  try {
    const a = runCliBounded(['check', clean, '--format', 'json', '--fail-on', 'info'], { timeoutMs: CLI_MS });
    const b = runCliBounded(['check', broken, '--format', 'json', '--fail-on', 'info'], { timeoutMs: CLI_MS });
    assert.ok(!b.timedOut);
    assert.doesNotMatch(b.stderr, /failed/, 'no rule throws');
    const rules = (s: string) => (JSON.parse(s) as { diagnostics: { rule: string; line: number }[] }).diagnostics.map((d) => `${d.rule}@${d.line}`);
    assert.ok(rules(a.stdout).length >= 3, a.stdout);
    assert.deepEqual(rules(b.stdout), rules(a.stdout));
  } finally {
    fs.rmSync(clean, { recursive: true, force: true });
    fs.rmSync(broken, { recursive: true, force: true });
  }
});

test('.dockerignore follows Docker: comments, cleaning, classes, `**`, parents, re-includes; invalid patterns match nothing', () => {
  const excluded = (ignore: string, rel: string) => excludedBy(parseDockerignore(ignore), rel)?.raw;
  assert.equal(excluded('*.go\n', 'main.go'), '*.go');
  assert.equal(excluded('*.go\n', 'cmd/main.go'), undefined, '* stays in one segment');
  assert.equal(excluded('**/*.go\n', 'cmd/a/main.go'), '**/*.go');
  assert.equal(excluded('**/*.go\n', 'main.go'), '**/*.go');
  assert.equal(excluded('vendor\n', 'vendor/x/y.go'), 'vendor', 'a matched folder takes what is below it');
  assert.equal(excluded('*.md\n!README.md\n', 'README.md'), undefined);
  assert.equal(excluded('*.md\n!README.md\n', 'CHANGES.md'), '*.md');
  assert.equal(excluded('# main.go\n', 'main.go'), undefined, 'a comment');
  assert.equal(excluded(' # x\n', '# x'), '# x', 'not a comment: # is not the first character');
  assert.equal(excluded('./bin/../cmd\n', 'cmd/main.go'), './bin/../cmd', 'cleaned like filepath.Clean');
  assert.equal(excluded('/cmd\n', 'cmd/main.go'), '/cmd');
  assert.equal(excluded('../cmd\n', 'cmd/main.go'), undefined, 'a leading .. stays: it names nothing in the context');
  assert.equal(excluded('[^a]b\n', 'cb'), '[^a]b');
  assert.equal(excluded('[^a]b\n', 'ab'), undefined);
  assert.equal(excluded('[!a]b\n', 'ab'), '[!a]b', '! does not negate a class in Go');
  assert.equal(excluded('[!a]b\n', 'cb'), undefined);
  assert.equal(excluded('[a-c]x\n', 'bx'), '[a-c]x');
  assert.equal(excluded('**foo\n', 'x/barfoo'), '**foo', 'patternmatcher: ** then plain text matches any path ending in it');
  assert.equal(excluded('a**b\n', 'ax/b'), 'a**b');
  assert.equal(excluded('foo/**\n', 'foo'), undefined);
  assert.equal(excluded('foo/**\n', 'foo/x'), 'foo/**');
  assert.equal(excluded('*\n', 'a/b'), '*');
  assert.equal(excluded('*\n', '.'), undefined, 'never the context itself');
  assert.equal(excluded('a\\b\n', 'a/b'), 'a\\b', 'a backslash is a separator');
  for (const bad of ['[z-a]', '[abc', '[]a]', '[a-]', '!', 'x[-a]']) {
    const [p] = parseDockerignore(bad + '\n');
    assert.ok(p.invalid, bad);
    assert.equal(p.re.test('z'), false, bad);
    assert.equal(p.re.test(bad), false, bad);
  }
});

test('linear matching: `**` and stars against long names and deep paths finish in a worker within 30 s', async () => {
  const { value, ms } = await inWorker<boolean[]>(
    `() => {
      const { parseDockerignore, excludedBy } = engine('parse/dockerignore');
      const { LinearRegExp } = engine('core/linearRegExp');
      const out = [];
      const deep = Array.from({ length: 2000 }, () => 'd').join('/');
      out.push(!!excludedBy(parseDockerignore('**/'.repeat(200) + 'zz\\n'), deep));
      out.push(!!excludedBy(parseDockerignore('*a'.repeat(300) + '*b\\n'), 'a'.repeat(4000)));
      out.push(new LinearRegExp('^(?:a*)*b$').test('a'.repeat(100000)));
      out.push(new LinearRegExp('^(?:a|a)*(?:a|aa)+$').test('a'.repeat(100000) + '!'));
      out.push(new LinearRegExp('(?:.*a){20}'.replace('{20}', '*') + 'x').test('a'.repeat(100000)));
      return out;
    }`,
    WORKER_MS,
  );
  assert.deepEqual(value, [false, false, false, false, false]);
  assert.ok(ms < WORKER_MS, `${ms} ms`);
});

/** Generated patterns over a small alphabet, in the syntax the glob translations produce. */
const atom: fc.Arbitrary<string> = fc.constantFrom('a', 'b', '/', '.', '[ab]', '[^/]', '[^a]', '\\/', '[a-b]', '\\d', '\\D', '\\W', '[\\w/]', '[^\\S]', '\\u0061');
const regexTree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('node'), fc.constantFrom('*', '+', '?', '*?')).map(([n, q]) => `(?:${n})${q}`),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => a + b),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `(?:${a}|${b})`),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `(${a})${b}`),
  ),
})).node;

test('the linear matcher answers as RegExp does, and testPrefixes as RegExp on every parent folder', () => {
  fc.assert(
    fc.property(regexTree, fc.boolean(), fc.boolean(), fc.array(fc.stringMatching(/^[ab/.1]{0,12}$/), { minLength: 1, maxLength: 8 }), (body, start, end, inputs) => {
      const source = (start ? '^' : '') + body + (end ? '$' : '');
      const native = new RegExp(source);
      const linear = new LinearRegExp(source);
      for (const s of inputs) {
        assert.equal(linear.test(s), native.test(s), `${source} on ${JSON.stringify(s)}`);
        const prefixes = [s, ...[...s].flatMap((c, i) => (c === '/' && i > 0 ? [s.slice(0, i)] : []))];
        assert.equal(linear.testPrefixes(s, '/'), prefixes.some((p) => native.test(p)), `prefixes: ${source} on ${JSON.stringify(s)}`);
      }
    }),
    { seed: SEED, numRuns: 3000 },
  );
  for (const bad of ['[z-a]', '(a', 'a)', '*a', 'a**', '(?=a)', 'a{2}', '\\1', '[a']) assert.equal(linearRegExp(bad), undefined, bad);
});

test('linear matchers of different sizes used in turn answer as RegExp does (they share their working space)', () => {
  fc.assert(
    fc.property(fc.array(regexTree, { minLength: 2, maxLength: 6 }), fc.array(fc.stringMatching(/^[ab/.1]{0,12}$/), { minLength: 1, maxLength: 8 }), (bodies, inputs) => {
      // Longer programs come later, so that the shared space grows between two uses of a matcher.
      const pairs = bodies.map((b, i) => ({ source: b + '.*'.repeat(i * 8), native: new RegExp(b + '.*'.repeat(i * 8)) })).map((p) => ({ ...p, linear: new LinearRegExp(p.source) }));
      for (const s of inputs) for (const p of [...pairs, ...pairs.slice().reverse()]) assert.equal(p.linear.test(s), p.native.test(s), `${p.source} on ${JSON.stringify(s)}`);
    }),
    { seed: SEED + 1, numRuns: 500 },
  );
});
