/** Offsets to LSP positions (UTF-16), line endings, BOM handling, edits, decoding. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { LineIndex, detectEol, applyEdits, decodeText, parserText } from '../../server/src/core/text';
import { findSuppressions, isSuppressed, parseConfig } from '../../server/src/project/config';
import { splitShell, readWord, Word } from '../../server/src/parse/shell';
import { normalizePosix } from '../../server/src/parse/dockerfile';
import fc from 'fast-check';
import { isDockerfileName, isComposeName, fileKind } from '../../server/src/project/files';

test('positions count UTF-16 code units: CJK is one unit, an emoji two', () => {
  const text = '# 中文 😀 x\nFROM a';
  const idx = new LineIndex(text);
  assert.deepEqual(idx.positionAt(text.indexOf('x')), { line: 0, character: 8 });
  assert.deepEqual(idx.positionAt(text.indexOf('FROM')), { line: 1, character: 0 });
  assert.equal(idx.offsetAt({ line: 0, character: 8 }), text.indexOf('x'));
});

test('CRLF: the \\r belongs to the line break, never to a position', () => {
  const text = 'a\r\nbc\r\n';
  const idx = new LineIndex(text);
  assert.equal(idx.lineCount, 3);
  assert.deepEqual(idx.positionAt(1), { line: 0, character: 1 });
  assert.deepEqual(idx.positionAt(2), { line: 0, character: 1 }, 'between \\r and \\n snaps to the line end');
  assert.deepEqual(idx.positionAt(3), { line: 1, character: 0 });
  assert.equal(idx.lineContentEnd(1), 5);
  assert.equal(idx.offsetAt({ line: 1, character: 99 }), 5, 'clamped to the content end');
  assert.equal(idx.offsetAt({ line: 9, character: 0 }), text.length);
});

test('a BOM kept in the text counts as one character of line 0; parsers see a space instead', () => {
  const text = '\uFEFFFROM a';
  assert.equal(parserText(text), ' FROM a');
  assert.equal(parserText(text).length, text.length);
  assert.deepEqual(new LineIndex(text).positionAt(1), { line: 0, character: 1 });
});

test('line ending detection follows the majority', () => {
  assert.equal(detectEol('a\nb\n'), '\n');
  assert.equal(detectEol('a\r\nb\r\nc\n'), '\r\n');
  assert.equal(detectEol('no newline'), '\n');
});

test('applyEdits applies in any order and rejects overlaps', () => {
  assert.equal(applyEdits('hello world', [{ start: 6, end: 11, newText: 'there' }, { start: 0, end: 0, newText: '> ' }]), '> hello there');
  assert.throws(() => applyEdits('abc', [{ start: 0, end: 2, newText: '' }, { start: 1, end: 3, newText: '' }]));
});

test('decodeText strips a BOM and refuses binary, UTF-16 and invalid UTF-8', () => {
  assert.deepEqual(decodeText(Buffer.from('\uFEFFFROM a', 'utf8')), { text: 'FROM a', bom: true });
  assert.deepEqual(decodeText(Buffer.from('FROM a', 'utf8')), { text: 'FROM a', bom: false });
  assert.ok('skipped' in decodeText(Buffer.from([0x46, 0, 0x52])));
  assert.ok('skipped' in decodeText(Buffer.from([0xff, 0xfe, 0x46, 0])));
  assert.ok('skipped' in decodeText(Buffer.from([0x46, 0xc3, 0x28])));
});

test('suppression comments: next code line, several ids, reasons, file level, comment syntax per kind', () => {
  const docker = ['# docker-go-traps ignore=DGT101,cgo-binary-in-static-image -- we ship glibc', '# another comment', 'RUN go build', 'RUN go build'].join('\n');
  const s = findSuppressions(docker, 'dockerfile');
  assert.ok(isSuppressed(s, 2, 'DGT101', 'x'));
  assert.ok(!isSuppressed(s, 3, 'DGT101', 'x'));
  assert.ok(!isSuppressed(s, 2, 'DGT201', 'other'));
  const file = findSuppressions('x: 1\r\n# docker-go-traps ignore-file=compose-windows-host-path\r\n', 'compose');
  assert.ok(isSuppressed(file, 40, 'DGT201', 'compose-windows-host-path'));
  const go = findSuppressions('// docker-go-traps ignore=DGT301\nhttp.ListenAndServe()\n# docker-go-traps ignore=DGT301\n', 'go');
  assert.ok(isSuppressed(go, 1, 'DGT301', 'n'));
  assert.equal(go.lines.size, 1, 'a # comment is not a Go suppression');
  const all = findSuppressions('# docker-go-traps ignore-file\n', 'dockerfile');
  assert.ok(isSuppressed(all, 5, 'DGT999', 'anything'));
});

test('config files: severities and off, tolerant of junk', () => {
  assert.deepEqual(parseConfig('rules:\n  DGT101: off\n  compose-windows-host-path: error\n  DGT301: loud\n').rules, {
    DGT101: 'off',
    'compose-windows-host-path': 'error',
  });
  assert.deepEqual(parseConfig(': : [').rules, {});
  assert.deepEqual(parseConfig('a: &a [*a]').rules, {});
});

test('shell splitting keeps offsets across continuations, comments and quotes', () => {
  const text = 'RUN echo "a b" && \\\n  # note\n  CGO_ENABLED=0 go build -o \'/x y\' .';
  const cmds = splitShell(text, 4, text.length, '\\');
  assert.equal(cmds.length, 2);
  assert.deepEqual(cmds[0].words.map((w) => w.value), ['echo', 'a b']);
  const words = cmds[1].words;
  assert.deepEqual(words.map((w) => w.value), ['CGO_ENABLED=0', 'go', 'build', '-o', '/x y', '.']);
  assert.equal(text.slice(words[1].start, words[1].end), 'go');
  assert.equal(text.slice(words[4].start, words[4].end), "'/x y'");
  const ticks = 'RUN a `\r\n  b';
  assert.deepEqual(splitShell(ticks, 4, ticks.length, '`')[0].words.map((w) => w.value), ['a', 'b']);
});

/**
 * The word reader as it was written first, a character at a time: the reference for the one that
 * takes runs of literal characters from the text (same value, offsets and quoting).
 */
function readWordByCharacter(text: string, start: number, end: number, escape: string): Word {
  const continuation = (j: number) => {
    while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
    return j >= end || text[j] === '\n' || text[j] === '\r';
  };
  let i = start;
  let value = '';
  let quoted = false;
  while (i < end) {
    const ch = text[i];
    const redirection = ch === '&' && i > start && (text[i - 1] === '>' || text[i - 1] === '<');
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ('&|;()'.includes(ch) && !redirection)) break;
    if (ch === escape && continuation(i + 1)) break;
    if (ch === "'") {
      quoted = true;
      i++;
      while (i < end && text[i] !== "'") value += text[i++];
      i++;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      i++;
      while (i < end && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < end && '"\\$`'.includes(text[i + 1])) i++;
        value += text[i++];
      }
      i++;
      continue;
    }
    if (ch === '\\' && i + 1 < end && text[i + 1] !== '\n' && text[i + 1] !== '\r') {
      value += text[i + 1];
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  return { value, start, end: Math.min(i, end), quoted };
}

test('a shell word read a run at a time is the word read a character at a time: every word of the corpus Dockerfiles, and generated text', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const corpus = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
  const texts: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (isDockerfileName(e.name)) texts.push(fs.readFileSync(f, 'utf8'));
    }
  };
  if (fs.existsSync(corpus)) walk(corpus);
  let words = 0;
  for (const t of texts) {
    for (const esc of ['\\', '`']) {
      for (const cmd of splitShell(t, 0, t.length, esc)) {
        for (const w of cmd.words) {
          assert.deepEqual(w, readWordByCharacter(t, w.start, t.length, esc));
          words++;
        }
      }
    }
  }
  assert.ok(texts.length === 0 || words > 50_000, `words compared: ${words}`);
  const piece = fc.constantFrom('a', 'go', ' ', '\t', '\n', '\r\n', '\\', '\\\n', '`', '`\n', "'", '"', '\\"', '\\$', '$', '#', '&&', '|', ';', '(', ')', '=', '2>&1', '>&', '<', 'CGO_ENABLED=0', '/long/path/to/the/binary', '中文', '😀');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), fc.nat(), fc.nat(), fc.constantFrom('\\', '`'), (parts, a, b, esc) => {
      const t = parts.join('');
      const start = t.length ? a % t.length : 0;
      const end = start + (t.length - start ? b % (t.length - start + 1) : 0);
      assert.deepEqual(readWord(t, start, end, esc), readWordByCharacter(t, start, end, esc));
    }),
    { numRuns: 10_000, seed: 11 },
  );
});

test('file names: Dockerfile variants but not Dockerfile.cs; compose names', () => {
  for (const n of ['Dockerfile', 'dockerfile', 'Dockerfile.dev', 'api.Dockerfile', 'Containerfile', 'Dockerfile-build', 'Dockerfile_test', 'dockerfile-dev.arm64']) assert.ok(isDockerfileName(n), n);
  for (const n of ['Dockerfile.cs', 'Dockerfile.md', 'Dockerfile.go', 'Dockerfiles', 'my.dockerfile.txt', 'Dockerfile-notes.md', 'Dockerfile_backup.txt', 'Dockerfile-']) assert.ok(!isDockerfileName(n), n);
  for (const n of ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml', 'docker-compose.prod.yml', 'compose.override.yaml']) assert.ok(isComposeName(n), n);
  for (const n of ['composer.yml', 'docker-compose.json', 'my-compose.yml']) assert.ok(!isComposeName(n), n);
  assert.equal(fileKind('/x/go.mod'), 'gomod');
  assert.equal(fileKind('/x/.dockerignore'), 'dockerignore');
});

test('normalizePosix: the fast path for normal paths gives what resolving every segment gives', () => {
  // The definition: the path resolved from the root, as POSIX does it (no trailing slash, ".." stops at "/").
  const reference = (p: string): string => path.posix.resolve('/', p);
  const seg = fc.constantFrom('', '.', '..', '...', '.a', 'a.', '..b', 'go', 'src', 'go.mod', 'a b', '应用');
  const anyPath = fc.tuple(fc.boolean(), fc.array(seg, { maxLength: 6 }), fc.boolean()).map(([abs, segs, trail]) => (abs ? '/' : '') + segs.join('/') + (trail ? '/' : ''));
  fc.assert(fc.property(anyPath, (p) => normalizePosix(p) === reference(p)), { numRuns: 3000, seed: 7 });
  for (const p of ['/', '//', '/go', '/go/', '/go/.', '/go/..', '/go/./x', '/a/.b', '/a/..b', 'go', '', '.', '/a//b']) assert.equal(normalizePosix(p), reference(p), p);
});
