/**
 * The language server as an editor sees it: dist/server.js in a child process, spoken to over
 * JSON-RPC on stdio, on a fresh copy of examples/. Every test starts its own server and folder.
 * Waits are driven by the server's notifications; timeouts only turn a hang into a failure.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';
import { LspClient, OpenDocument, applyTextEdits, isCodeAction, rangeOfText } from '../support/lspClient';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const EXAMPLES = path.join(ROOT, 'examples');
const SOURCE = 'docker-go-traps';
const FIX_ALL = 'source.fixAll.dockerGoTraps';
const TEST_TIMEOUT_MS = 30_000;

const ERROR = 1;
const WARNING = 2;

interface Case {
  rule: string;
  file: string;
  languageId: string;
  severity: number;
  /** The text the diagnostic's range covers (it occurs once in the file). */
  flagged: string;
  /** The preferred fix, as a replacement of one unique snippet of the file. */
  before: string;
  after: string;
}

const CASES: Case[] = [
  {
    rule: 'DGT201',
    file: 'docker-compose.yml',
    languageId: 'dockercompose',
    severity: WARNING,
    flagged: 'C:\\goapp',
    before: '      - C:\\goapp:/app\n',
    after: '      - C:/goapp:/app\n',
  },
  {
    rule: 'DGT101',
    file: 'Dockerfile',
    languageId: 'dockerfile',
    severity: ERROR,
    flagged: 'go build',
    before: 'RUN go build -o /out/api .\n',
    after: 'RUN CGO_ENABLED=0 go build -o /out/api .\n',
  },
  {
    rule: 'DGT301',
    file: 'main.go',
    languageId: 'go',
    severity: ERROR,
    flagged: '"127.0.0.1:8080"',
    before: 'http.ListenAndServe("127.0.0.1:8080", nil)',
    after: 'http.ListenAndServe(":8080", nil)',
  },
];

const caseOf = (rule: string): Case => CASES.find((c) => c.rule === rule)!;

/** The one occurrence of `before` replaced by `after`. */
function replaceOnce(text: string, before: string, after: string): string {
  const at = text.indexOf(before);
  assert.ok(at >= 0 && text.indexOf(before, at + 1) < 0, `${JSON.stringify(before)} should occur exactly once`);
  return text.slice(0, at) + after + text.slice(at + before.length);
}

const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));

/**
 * Runs `body` against a server started on a fresh copy of examples/ (optionally rewritten by
 * `prepare`). A passing body ends with shutdown + exit, and the exit status is checked; a failing
 * one kills the server. The folder is always removed.
 */
async function withServer(
  body: (client: LspClient, dir: string) => Promise<void>,
  prepare?: (dir: string) => void,
  // The examples also run as root (DGT124) and have no graceful shutdown (DGT305), both infos. These
  // protocol tests are about the three headline rules, so the editor settings turn those two off —
  // which also exercises per-rule settings on every test.
  settings: unknown = { enable: true, rules: { DGT124: 'off', DGT305: 'off' } },
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-lsp-'));
  let client: LspClient | undefined;
  try {
    fs.cpSync(EXAMPLES, dir, { recursive: true });
    prepare?.(dir);
    client = await LspClient.start({ root: dir, serverModule: SERVER, settings });
    await body(client, dir);
    const status = await client.shutdown();
    assert.deepEqual(status, { code: 0, signal: null }, 'the server should exit with status 0 after shutdown + exit');
  } finally {
    client?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Opens a file of the folder with its text from disk. */
function openFile(client: LspClient, dir: string, file: string, languageId: string): Promise<OpenDocument> {
  return client.open(file, languageId, fs.readFileSync(path.join(dir, file), 'utf8'));
}

/** Opens a file and returns the diagnostics published for its first version. */
async function openAndWait(client: LspClient, dir: string, c: Case): Promise<{ doc: OpenDocument; published: PublishDiagnosticsParams }> {
  const doc = await openFile(client, dir, c.file, c.languageId);
  const published = await client.diagnosticsForVersion(doc);
  return { doc, published };
}

/** The single diagnostic of a publication, after checking it is the expected rule's. */
function single(published: PublishDiagnosticsParams, rule: string): Diagnostic {
  assert.deepEqual(codes(published), [rule], `diagnostics of ${path.basename(published.uri)}`);
  return published.diagnostics[0];
}

function actionsNamed(actions: CodeAction[], title: string): CodeAction[] {
  return actions.filter((a) => a.title === title);
}

async function codeActionsFor(client: LspClient, doc: OpenDocument, d: Diagnostic, only?: string[]): Promise<CodeAction[]> {
  const result = await client.codeActions(doc.uri, d.range, [d], only);
  assert.ok(Array.isArray(result), 'textDocument/codeAction should answer with an array');
  assert.ok(result.every(isCodeAction), 'the server should answer with CodeAction literals, not bare commands');
  return result as CodeAction[];
}

// ---- diagnostics ---------------------------------------------------------------------------------

test('opening the examples publishes DGT201, DGT101 and DGT301 with exact ranges, docs links and related locations', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer(async (client, dir) => {
    assert.equal(client.initializeResult?.serverInfo?.name, SOURCE);
    const sync = client.initializeResult?.capabilities.textDocumentSync;
    assert.ok(sync && typeof sync === 'object' && sync.openClose, 'the server should want open/close notifications');

    const dockerfileText = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    const dockerfileUri = client.uriOf('Dockerfile');
    for (const c of CASES) {
      const { doc, published } = await openAndWait(client, dir, c);
      const d = single(published, c.rule);
      assert.equal(d.source, SOURCE);
      assert.equal(d.severity, c.severity, `severity of ${c.rule}`);
      assert.deepEqual(d.range, rangeOfText(doc.text, c.flagged), `range of ${c.rule} should cover ${c.flagged}`);
      assert.match(d.codeDescription?.href ?? '', new RegExp(`^https?://\\S+${c.rule}-[a-z0-9-]+\\.md$`), `docs link of ${c.rule}`);
      assert.ok(d.message.length > 20, `message of ${c.rule}`);
    }

    // DGT301 says where main.go is built into an image.
    const goDoc = client.documents.get(client.uriOf('main.go'))!;
    const go = await client.diagnosticsForVersion(goDoc);
    const related = single(go, 'DGT301').relatedInformation ?? [];
    assert.equal(related.length, 1, 'DGT301 should point at the one Dockerfile that builds main.go');
    assert.equal(related[0].location.uri, dockerfileUri);
    assert.deepEqual(related[0].location.range, rangeOfText(dockerfileText, 'go build -o /out/api .'));
    assert.match(related[0].message, /compose service "api"/);

    // DGT101 points at the final image it reasons about.
    const df = await client.diagnosticsForVersion(client.documents.get(dockerfileUri)!);
    const dfRelated = single(df, 'DGT101').relatedInformation ?? [];
    assert.deepEqual(
      dfRelated.map((r) => [r.location.uri, r.location.range]),
      [[dockerfileUri, rangeOfText(dockerfileText, 'alpine:3.20')]],
    );
  });
});

// ---- quick fixes -----------------------------------------------------------------------------------

for (const c of CASES) {
  test(`${c.rule}: code actions offer a preferred fix, ignore comments and docs; the fix clears the diagnostic`, { timeout: TEST_TIMEOUT_MS }, async () => {
    await withServer(async (client, dir) => {
      const { doc, published } = await openAndWait(client, dir, c);
      const d = single(published, c.rule);
      const actions = await codeActionsFor(client, doc, d);

      const preferred = actions.filter((a) => a.isPreferred);
      assert.equal(preferred.length, 1, `exactly one preferred action, got: ${actions.map((a) => a.title).join(' | ')}`);
      const fix = preferred[0];
      assert.equal(fix.kind, 'quickfix');
      assert.deepEqual(fix.diagnostics, [d]);
      assert.deepEqual(Object.keys(fix.edit?.changes ?? {}), [doc.uri], 'the fix should only touch the flagged file');

      for (const title of [`Ignore ${c.rule} for this line`, `Ignore ${c.rule} for this file`]) {
        const found = actionsNamed(actions, title);
        assert.equal(found.length, 1, `one "${title}" action`);
        assert.equal(found[0].kind, 'quickfix');
        assert.ok(found[0].edit?.changes?.[doc.uri]?.length, `"${title}" should carry an edit`);
      }
      const docs = actions.filter((a) => a.title.startsWith(`Show documentation for ${c.rule}`));
      assert.equal(docs.length, 1, 'one "Show documentation" action');
      assert.equal(docs[0].command?.command, 'vscode.open');
      assert.deepEqual(docs[0].command?.arguments, [d.codeDescription?.href]);

      // Apply the preferred fix as an editor would, then tell the server.
      const expected = replaceOnce(doc.text, c.before, c.after);
      const fixed = applyTextEdits(doc.text, fix.edit!.changes![doc.uri]);
      assert.equal(fixed, expected);
      const since = client.mark();
      await client.change(doc.uri, fixed);
      const after = await client.diagnosticsForVersion(doc, since);
      assert.ok(!codes(after).includes(c.rule), `${c.rule} should be gone after the fix, got ${codes(after).join(', ')}`);
    });
  });
}

// ---- cross-file re-checks ------------------------------------------------------------------------

test('editing the Dockerfile re-checks main.go: DGT301 goes when no image builds it and comes back when one does', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer(async (client, dir) => {
    const go = await openAndWait(client, dir, caseOf('DGT301'));
    single(go.published, 'DGT301');
    const { doc: dockerfile } = await openAndWait(client, dir, caseOf('DGT101'));
    const original = dockerfile.text;

    let since = client.mark();
    await client.change(dockerfile.uri, 'FROM nginx:1.27\n');
    const cleared = await client.waitForDiagnostics(go.doc.uri, (p) => !codes(p).includes('DGT301'), 'main.go republished without DGT301', since);
    assert.equal(cleared.version, go.doc.version, 'main.go itself did not change');
    assert.deepEqual(codes(await client.diagnosticsForVersion(dockerfile, since)), []);

    since = client.mark();
    await client.change(dockerfile.uri, original);
    const back = await client.waitForDiagnostics(go.doc.uri, (p) => codes(p).includes('DGT301'), 'main.go republished with DGT301', since);
    const d = single(back, 'DGT301');
    assert.deepEqual(d.range, rangeOfText(go.doc.text, '"127.0.0.1:8080"'));
    assert.equal(d.relatedInformation?.[0]?.location.uri, dockerfile.uri);
  });
});

test('a re-check that finds the same diagnostics sends nothing, so an open quick-fix menu stays open', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer(async (client, dir) => {
    const go = await openAndWait(client, dir, caseOf('DGT301'));
    single(go.published, 'DGT301');
    const { doc: dockerfile } = await openAndWait(client, dir, caseOf('DGT101'));

    // A comment in the Dockerfile: main.go is checked again (it depends on the Dockerfile), with the same result.
    const since = client.mark();
    const commented = await client.change(dockerfile.uri, dockerfile.text + '# a note\n');
    await client.diagnosticsForVersion(commented, since);
    // Then a change that does matter to main.go: the next publication for main.go must be that one.
    await client.change(dockerfile.uri, 'FROM nginx:1.27\n');
    await client.waitForDiagnostics(go.doc.uri, (p) => !codes(p).includes('DGT301'), 'main.go republished without DGT301', since);
    const forGo = client.published.slice(since).filter((p) => p.uri === go.doc.uri);
    assert.deepEqual(forGo.map(codes), [[]], 'main.go: one publication, the changed one');
  });
});

// ---- ignore comments -------------------------------------------------------------------------------

test('"Ignore DGT301 for this line" inserts an indented comment above the line and the diagnostic disappears', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer(async (client, dir) => {
    const { doc, published } = await openAndWait(client, dir, caseOf('DGT301'));
    const d = single(published, 'DGT301');
    const [ignore] = actionsNamed(await codeActionsFor(client, doc, d), 'Ignore DGT301 for this line');
    assert.ok(ignore, 'an "Ignore DGT301 for this line" action');
    const line = d.range.start.line;
    assert.deepEqual(ignore.edit?.changes?.[doc.uri], [
      { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: '\t// docker-go-traps ignore=DGT301\n' },
    ]);

    const edited = applyTextEdits(doc.text, ignore.edit!.changes![doc.uri]);
    assert.equal(edited, replaceOnce(doc.text, '\tlog.Fatal(', '\t// docker-go-traps ignore=DGT301\n\tlog.Fatal('));
    const since = client.mark();
    await client.applyWorkspaceEdit(ignore.edit!);
    assert.equal(doc.version, 2);
    assert.deepEqual(codes(await client.diagnosticsForVersion(doc, since)), []);
  });
});

test('"Ignore DGT101 for this file" inserts a # comment at the top of the Dockerfile and the diagnostic disappears', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer(async (client, dir) => {
    const { doc, published } = await openAndWait(client, dir, caseOf('DGT101'));
    const d = single(published, 'DGT101');
    const [ignore] = actionsNamed(await codeActionsFor(client, doc, d), 'Ignore DGT101 for this file');
    assert.ok(ignore, 'an "Ignore DGT101 for this file" action');
    assert.deepEqual(ignore.edit?.changes?.[doc.uri], [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# docker-go-traps ignore-file=DGT101\n' },
    ]);
    const since = client.mark();
    await client.applyWorkspaceEdit(ignore.edit!);
    assert.ok(doc.text.startsWith('# docker-go-traps ignore-file=DGT101\nFROM golang:1.21 AS build\n'));
    assert.deepEqual(codes(await client.diagnosticsForVersion(doc, since)), []);
  });
});

// ---- fix all ---------------------------------------------------------------------------------------

test('source.fixAll.dockerGoTraps on the Dockerfile returns one edit inserting CGO_ENABLED=0', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer(async (client, dir) => {
    const { doc, published } = await openAndWait(client, dir, caseOf('DGT101'));
    single(published, 'DGT101');
    const whole: Range = { start: { line: 0, character: 0 }, end: { line: doc.text.split('\n').length, character: 0 } };

    const fixAll = (await client.codeActions(doc.uri, whole, [], [FIX_ALL])) ?? [];
    assert.equal(fixAll.length, 1, `one action for only=[${FIX_ALL}], got ${JSON.stringify(fixAll.map((a) => a.title))}`);
    const action = fixAll[0] as CodeAction;
    assert.equal(action.kind, FIX_ALL);
    const goAt = rangeOfText(doc.text, 'go build').start;
    assert.deepEqual(action.edit?.changes, { [doc.uri]: [{ range: { start: goAt, end: goAt }, newText: 'CGO_ENABLED=0 ' }] });
    assert.equal(applyTextEdits(doc.text, action.edit!.changes![doc.uri]), replaceOnce(doc.text, caseOf('DGT101').before, caseOf('DGT101').after));

    // The parent kind asks for it too; a quick-fix request does not.
    const viaParent = (await client.codeActions(doc.uri, whole, [], ['source.fixAll'])) ?? [];
    assert.deepEqual(viaParent, fixAll);
    const quickOnly = (await client.codeActions(doc.uri, whole, [], ['quickfix'])) ?? [];
    assert.deepEqual(quickOnly, []);

    const since = client.mark();
    await client.applyWorkspaceEdit(action.edit!);
    assert.deepEqual(codes(await client.diagnosticsForVersion(doc, since)), []);
    const again = (await client.codeActions(doc.uri, whole, [], [FIX_ALL])) ?? [];
    assert.deepEqual(again, [], 'nothing left to fix');
  });
});

// ---- positions: CRLF and characters outside the BMP --------------------------------------------------

test('CRLF files with CJK and emoji before the finding get UTF-16 positions, CRLF edits and working fixes', { timeout: TEST_TIMEOUT_MS }, async () => {
  const listenLine = '\tlog.Fatal(http.ListenAndServe(/* 端口 🚀 */ "127.0.0.1:8080", nil))';
  const toCrlf = (dir: string) => {
    for (const f of ['Dockerfile', 'docker-compose.yml', 'go.mod', 'main.go']) {
      const p = path.join(dir, f);
      let text = fs.readFileSync(p, 'utf8');
      if (f === 'main.go') text = replaceOnce(text, '\tlog.Fatal(http.ListenAndServe("127.0.0.1:8080", nil))', listenLine);
      fs.writeFileSync(p, text.replace(/\n/g, '\r\n'));
    }
  };
  await withServer(async (client, dir) => {
    const { doc, published } = await openAndWait(client, dir, caseOf('DGT301'));
    assert.ok(doc.text.includes('\r\n') && !/[^\r]\n/.test(doc.text), 'main.go should be all CRLF');
    const d = single(published, 'DGT301');

    // "\tlog.Fatal(http.ListenAndServe(" is 31 code units; "/* 端口 🚀 */ " is 12 (🚀 is a surrogate
    // pair). Counting code points would give 42, counting UTF-8 bytes 49.
    const line = doc.text.split('\r\n').indexOf(listenLine);
    assert.equal(line, 13);
    assert.deepEqual(d.range, { start: { line, character: 43 }, end: { line, character: 59 } });
    assert.deepEqual(d.range, rangeOfText(doc.text, '"127.0.0.1:8080"'));

    // The related location in the CRLF Dockerfile ends before the "\r".
    const dockerfileText = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    assert.deepEqual(d.relatedInformation?.map((r) => r.location.range), [{ start: { line: 5, character: 4 }, end: { line: 5, character: 26 } }]);
    assert.deepEqual(d.relatedInformation?.[0].location.range, rangeOfText(dockerfileText, 'go build -o /out/api .'));

    const actions = await codeActionsFor(client, doc, d);
    const [ignoreLine] = actionsNamed(actions, 'Ignore DGT301 for this line');
    const [ignoreFile] = actionsNamed(actions, 'Ignore DGT301 for this file');
    assert.equal(ignoreLine?.edit?.changes?.[doc.uri]?.[0]?.newText, '\t// docker-go-traps ignore=DGT301\r\n', 'ignore comments use the file\'s CRLF');
    assert.equal(ignoreFile?.edit?.changes?.[doc.uri]?.[0]?.newText, '// docker-go-traps ignore-file=DGT301\r\n');

    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.edit?.changes, 'a preferred fix');
    const fixed = applyTextEdits(doc.text, fix.edit.changes[doc.uri]);
    assert.equal(fixed, replaceOnce(doc.text, '"127.0.0.1:8080"', '":8080"'));
    assert.ok(fixed.includes('/* 端口 🚀 */ ":8080", nil))\r\n'));
    const since = client.mark();
    await client.change(doc.uri, fixed);
    assert.deepEqual(codes(await client.diagnosticsForVersion(doc, since)), []);

    // The Dockerfile's own finding, on a CRLF file, is on the same columns as with LF.
    const df = await openAndWait(client, dir, caseOf('DGT101'));
    assert.deepEqual(single(df.published, 'DGT101').range, { start: { line: 5, character: 4 }, end: { line: 5, character: 12 } });
  }, toCrlf);
});

// ---- settings ------------------------------------------------------------------------------------

test('settings: per-rule severities apply, and hover shows the rule docs as soon as the file is open', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer(
    async (client, dir) => {
      const { doc, published } = await openAndWait(client, dir, caseOf('DGT301'));
      const d = single(published, 'DGT301');
      assert.equal(d.severity, WARNING, 'dockerGoTraps.rules sets DGT301 to warning');
      const hover = await client.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', {
        textDocument: { uri: doc.uri },
        position: d.range.start,
      });
      assert.ok(hover, 'a hover on the flagged literal');
      assert.match(hover.contents.value, /DGT301 go-loopback-listen/);
      assert.match(hover.contents.value, /Empty reply from server/);
      // Hover answers from the findings last published for the version it is asked about: after an
      // edit that fixes the finding, the same place has no hover.
      const fixed = await client.change(doc.uri, doc.text.replace('127.0.0.1:', ':'));
      assert.ok(!(await client.diagnosticsForVersion(fixed)).diagnostics.some((x) => x.code === 'DGT301'));
      const after = await client.request('textDocument/hover', { textDocument: { uri: doc.uri }, position: d.range.start });
      assert.equal(after, null);
    },
    undefined,
    { enable: true, rules: { DGT301: 'warning', DGT124: 'off', DGT305: 'off' } },
  );
});

test('settings: enable=false publishes nothing, offers no fix-all and no hover', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer(
    async (client, dir) => {
      const { doc, published } = await openAndWait(client, dir, caseOf('DGT101'));
      assert.deepEqual(published.diagnostics, []);
      const all = await client.codeActions(doc.uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], [FIX_ALL]);
      assert.deepEqual(all, []);
      const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
      const hover = await client.request('textDocument/hover', { textDocument: { uri: doc.uri }, position: rangeOfText(text, 'go build').start });
      assert.equal(hover, null);
    },
    undefined,
    { enable: false, rules: {} },
  );
});
