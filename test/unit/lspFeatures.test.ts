/**
 * The language server's own requests and settings, over JSON-RPC like the other protocol tests:
 * the client's locale picks the message catalogue; the host mode setting tunes DGT201's fixes;
 * `dockerGoTraps/scanWorkspace` publishes diagnostics of files that are not open and keeps them
 * current; `dockerGoTraps/generateDockerfile` proposes files for a Go module; and
 * `dockerGoTraps/debugInContainer` proposes the files that debug a compose service with Delve.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LspClient, isCodeAction, rangeOfText } from '../support/lspClient';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const EXAMPLES = path.join(ROOT, 'examples');
const TEST_TIMEOUT_MS = 30_000;

async function withServer(
  options: { locale?: string; settings?: unknown; files?: Record<string, string>; examples?: boolean; watchFiles?: boolean; env?: Record<string, string> },
  body: (client: LspClient, dir: string) => Promise<void>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-lsp6-'));
  let client: LspClient | undefined;
  try {
    if (options.examples !== false) fs.cpSync(EXAMPLES, dir, { recursive: true });
    for (const [rel, text] of Object.entries(options.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    client = await LspClient.start({ root: dir, serverModule: SERVER, settings: options.settings ?? { enable: true, rules: {} }, locale: options.locale, watchFiles: options.watchFiles, env: options.env });
    await body(client, dir);
    assert.deepEqual(await client.shutdown(), { code: 0, signal: null });
  } finally {
    client?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));

async function actionsFor(client: LspClient, uri: string, d: Diagnostic): Promise<CodeAction[]> {
  const r = await client.codeActions(uri, d.range, [d]);
  assert.ok(Array.isArray(r) && r.every(isCodeAction));
  return r as CodeAction[];
}

test('locale zh-cn: messages, fix titles, ignore/docs actions and hover docs are in Chinese', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer({ locale: 'zh-cn' }, async (client, dir) => {
    const text = fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8');
    const doc = await client.open('docker-compose.yml', 'dockercompose', text);
    const published = await client.diagnosticsForVersion(doc);
    const d = published.diagnostics.find((x) => x.code === 'DGT201');
    assert.ok(d, `DGT201 in ${codes(published.diagnostics)}`);
    assert.match(d.message, /^卷 `C:\\goapp` 是带反斜杠的 Windows 路径/);
    const titles = (await actionsFor(client, doc.uri, d)).map((a) => a.title);
    assert.ok(titles.includes('使用正斜杠：C:/goapp'), titles.join(' | '));
    assert.ok(titles.includes('在此行忽略 DGT201') && titles.includes('在此文件中忽略 DGT201'), titles.join(' | '));
    assert.ok(titles.some((t) => t.startsWith('查看 DGT201')), titles.join(' | '));
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: d.range.start });
    const md = (hover?.contents as MarkupContent).value;
    assert.match(md, /#### 为什么/);
    assert.match(md, /invalid volume specification/, 'error texts stay verbatim');
  });
});

test('an unknown locale falls back to English', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer({ locale: 'fr' }, async (client, dir) => {
    const doc = await client.open('docker-compose.yml', 'dockercompose', fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8'));
    const d = (await client.diagnosticsForVersion(doc)).diagnostics.find((x) => x.code === 'DGT201');
    assert.match(d?.message ?? '', /^The volume `C:\\goapp` is a Windows path/);
  });
});

test('hostMode "wsl": DGT201 suggests /mnt/c/... instead of C:/..., and flags forward-slash drive paths too', { timeout: TEST_TIMEOUT_MS }, async () => {
  const compose = 'services:\n  api:\n    build: .\n    volumes:\n      - C:\\goapp:/app\n      - D:/data:/data\n';
  await withServer({ settings: { enable: true, rules: {}, hostMode: 'wsl' }, files: { 'docker-compose.yml': compose } }, async (client) => {
    const doc = await client.open('docker-compose.yml', 'dockercompose', compose);
    const ds = (await client.diagnosticsForVersion(doc)).diagnostics.filter((x) => x.code === 'DGT201');
    assert.equal(ds.length, 2, 'both drive paths are flagged on a WSL host');
    const [back, fwd] = ds;
    assert.deepEqual(back.range, rangeOfText(compose, 'C:\\goapp'));
    assert.match(back.message, /WSL/);
    const titles = (await actionsFor(client, doc.uri, back)).filter((a) => a.edit).map((a) => a.title);
    assert.ok(titles.includes('Use the WSL path: /mnt/c/goapp'), titles.join(' | '));
    assert.ok(!titles.some((t) => t.includes('C:/goapp')), 'no C:/ advice on WSL');
    const preferred = (await actionsFor(client, doc.uri, fwd)).find((a) => a.isPreferred);
    assert.equal(preferred?.title, 'Use the WSL path: /mnt/d/data');
  });
});

test('hostMode "windows" keeps forward-slash drive paths quiet and prefers C:/...', { timeout: TEST_TIMEOUT_MS }, async () => {
  const compose = 'services:\n  api:\n    build: .\n    volumes:\n      - C:\\goapp:/app\n      - D:/data:/data\n';
  await withServer({ settings: { enable: true, rules: {}, hostMode: 'windows' }, files: { 'docker-compose.yml': compose } }, async (client) => {
    const doc = await client.open('docker-compose.yml', 'dockercompose', compose);
    const ds = (await client.diagnosticsForVersion(doc)).diagnostics.filter((x) => x.code === 'DGT201');
    assert.equal(ds.length, 1);
    const preferred = (await actionsFor(client, doc.uri, ds[0])).find((a) => a.isPreferred);
    assert.equal(preferred?.title, 'Use forward slashes: C:/goapp');
  });
});

test('scanWorkspace publishes diagnostics of files that are not open, and keeps them current on disk changes', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer({}, async (client, dir) => {
    const since = client.mark();
    const result = await client.request<{ files: number; findings: number; byFile: Record<string, number>; message: string }>('dockerGoTraps/scanWorkspace', {});
    assert.ok(result.files >= 3, `files checked: ${result.files}`);
    assert.match(result.message, /^Checked \d+ files: \d+ findings\.$/);
    const uri = (f: string) => pathToFileURL(path.join(dir, f)).href;
    for (const [file, code] of [['Dockerfile', 'DGT101'], ['docker-compose.yml', 'DGT201'], ['main.go', 'DGT301']]) {
      const p = await client.waitForDiagnostics(uri(file), (x) => codes(x.diagnostics).includes(code), `${code} in ${file} without opening it`, since);
      assert.equal(p.version, undefined, 'no document version for a file that is not open');
      assert.ok((result.byFile[uri(file)] ?? 0) >= 1, `${file} counted`);
    }
    // The compose file changes on disk: its diagnostics follow.
    const composePath = path.join(dir, 'docker-compose.yml');
    fs.writeFileSync(composePath, fs.readFileSync(composePath, 'utf8').replace('C:\\goapp', './'));
    const mark = client.mark();
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uri('docker-compose.yml'), type: 2 }],
    });
    await client.waitForDiagnostics(uri('docker-compose.yml'), (x) => !codes(x.diagnostics).includes('DGT201'), 'DGT201 gone after the fix on disk', mark);
    // Closing an opened file keeps its (disk) diagnostics instead of clearing them.
    const dockerfile = await client.open('Dockerfile', 'dockerfile', fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'));
    await client.diagnosticsForVersion(dockerfile);
    const beforeClose = client.mark();
    await client.connection.sendNotification('textDocument/didClose', {
      textDocument: { uri: dockerfile.uri },
    });
    await client.waitForDiagnostics(dockerfile.uri, (x) => codes(x.diagnostics).includes('DGT101') && x.version === undefined, 'DGT101 from disk after close', beforeClose);
  });
});

/** JSON-RPC messages framed as on the wire, in one buffer: written at once, the server reads them together. */
function framed(messages: object[]): Buffer {
  return Buffer.concat(
    messages.flatMap((m) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
      return [Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body];
    }),
  );
}

/** The JSON-RPC messages in what the server wrote to stdout (Content-Length framed). */
function framedMessages(raw: Buffer): { id?: unknown; result?: unknown; error?: { code: number; message: string } }[] {
  const out = [];
  let at = 0;
  for (;;) {
    const head = raw.indexOf('\r\n\r\n', at);
    if (head < 0) break;
    const length = Number(/Content-Length: (\d+)/i.exec(raw.subarray(at, head).toString('ascii'))?.[1]);
    if (!(length >= 0) || head + 4 + length > raw.length) break;
    out.push(JSON.parse(raw.subarray(head + 4, head + 4 + length).toString('utf8')));
    at = head + 4 + length;
  }
  return out;
}

test('a request the client cancels before the server gets to it is answered "cancelled" at once, not run; the next one is answered', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer({}, async (client, dir) => {
    const text = fs.readFileSync(path.join(dir, 'docker-compose.yml'), 'utf8');
    const doc = await client.open('docker-compose.yml', 'dockercompose', text);
    const d = (await client.diagnosticsForVersion(doc)).diagnostics.find((x) => x.code === 'DGT201');
    assert.ok(d);
    // What the editor does as the cursor moves: a hover, cancelled, then another. One write, so that
    // the server reads all three messages before it handles any.
    let raw = Buffer.alloc(0);
    client.child.stdout!.on('data', (chunk: Buffer) => (raw = Buffer.concat([raw, chunk])));
    const hover = { textDocument: { uri: doc.uri }, position: d.range.start };
    client.child.stdin!.write(
      framed([
        { id: 'stale-hover', method: 'textDocument/hover', params: hover },
        { method: '$/cancelRequest', params: { id: 'stale-hover' } },
        { id: 'current-hover', method: 'textDocument/hover', params: hover },
      ]),
    );
    const deadline = Date.now() + 10_000;
    const answers = () => framedMessages(raw).filter((m) => m.id === 'stale-hover' || m.id === 'current-hover');
    while (answers().length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const [first, second] = answers();
    assert.equal(first?.id, 'stale-hover', JSON.stringify(answers()));
    assert.deepEqual(first.error, { code: -32800, message: 'The request was cancelled before it was handled.' });
    assert.equal(first.result, undefined);
    assert.equal(second?.id, 'current-hover');
    assert.match(JSON.stringify(second.result), /DGT201 compose-windows-host-path/);
  });
});

test('edits that arrive together are analysed once, for the newest version: no diagnostics for the stale ones', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer({ examples: false }, async (client) => {
    const text = 'services:\n  api:\n    image: alpine:3.20\n    volumes:\n      - C:\\goapp:/app\n';
    const doc = await client.open('compose.yaml', 'dockercompose', text);
    await client.diagnosticsForVersion(doc);
    const since = client.mark();
    // Ten keystrokes typed while the server was busy: they reach it in one read.
    const edits = [];
    for (let v = 2; v <= 11; v++) {
      edits.push({ method: 'textDocument/didChange', params: { textDocument: { uri: doc.uri, version: v }, contentChanges: [{ text: text + '#'.repeat(v) + '\n' }] } });
    }
    const burst = framed(edits);
    assert.ok(burst.length <= 4096, 'one atomic pipe write');
    client.child.stdin!.write(burst);
    const last = await client.waitForDiagnostics(doc.uri, (p) => p.version === 11, 'the diagnostics of version 11', since);
    assert.ok(codes(last.diagnostics).includes('DGT201'));
    const versions = client.published.slice(since).filter((p) => p.uri === doc.uri).map((p) => p.version);
    assert.deepEqual(versions, [11], 'only the newest version was analysed and published');
    // A single edit afterwards is analysed as before.
    client.documents.set(doc.uri, { ...doc, version: 11, text: text + '#'.repeat(11) + '\n' });
    const next = await client.change(doc.uri, text);
    assert.equal(next.version, 12);
    assert.ok(codes((await client.diagnosticsForVersion(next)).diagnostics).includes('DGT201'));
  });
});

test('a workspace scan the client cancels stops at its next pause and answers "cancelled"', { timeout: TEST_TIMEOUT_MS }, async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 400; i++) files[`svc-${String(i).padStart(3, '0')}/compose.yaml`] = 'services:\n  api:\n    image: alpine:3.20\n    volumes:\n      - C:\\goapp:/app\n';
  await withServer({ examples: false, files }, async (client) => {
    const source = new CancellationTokenSource();
    const since = client.mark();
    const scan = client.connection.sendRequest('dockerGoTraps/scanWorkspace', {}, source.token);
    // Cancelled as soon as the first file's diagnostics arrive.
    await client.waitForDiagnostics(pathToFileURL(path.join(client.options.root, 'svc-000', 'compose.yaml')).href, () => true, 'the first scanned file', since);
    source.cancel();
    await assert.rejects(scan, (e: { code?: number }) => e.code === -32800);
    const published = new Set(client.published.slice(since).map((p) => p.uri));
    assert.ok(published.size >= 1 && published.size < 400, `${published.size} of 400 files published before the scan stopped`);
    // The server goes on serving.
    const doc = await client.open('svc-399/compose.yaml', 'dockercompose', files['svc-399/compose.yaml']);
    assert.ok(codes((await client.diagnosticsForVersion(doc)).diagnostics).includes('DGT201'));
  });
});

test('generateDockerfile proposes Dockerfile, .dockerignore and compose.yaml for a module, and asks which main when there are several', { timeout: TEST_TIMEOUT_MS }, async () => {
  const main = (body: string) => `package main\n\nimport (\n\t"net/http"\n\t"time"\n)\n\nfunc main() {\n${body}\n}\n`;
  const files = {
    'svc/go.mod': 'module example.com/svc\n\ngo 1.22.3\n',
    'svc/cmd/api/main.go': main('\t_, _ = time.LoadLocation("Asia/Shanghai")\n\t_, _ = http.Get("https://example.com")\n\t_ = http.ListenAndServe(":9090", nil)'),
    'svc/cmd/worker/main.go': main('\t_ = time.Now()\n\t_ = http.DefaultClient'),
  };
  await withServer({ examples: false, files }, async (client, dir) => {
    const moduleUri = pathToFileURL(path.join(dir, 'svc')).href;
    const first = await client.request<{ status: string; mains: { uri: string; rel: string; listens: boolean }[] }>('dockerGoTraps/generateDockerfile', { uri: moduleUri, compose: true });
    assert.equal(first.status, 'chooseMain');
    assert.deepEqual(first.mains.map((m) => [m.rel, m.listens]), [['cmd/api', true], ['cmd/worker', false]]);
    const api = first.mains[0].uri;
    const r = await client.request<{ status: string; files: { name: string; text: string; exists: boolean }[]; notes: string[] }>('dockerGoTraps/generateDockerfile', { uri: moduleUri, main: api, compose: true });
    assert.equal(r.status, 'ok');
    assert.deepEqual(r.files.map((f) => [f.name, f.exists]), [['Dockerfile', false], ['.dockerignore', false], ['compose.yaml', false]]);
    const dockerfile = r.files[0].text;
    assert.match(dockerfile, /^FROM golang:1\.22\.3-bookworm AS build$/m);
    assert.match(dockerfile, /CGO_ENABLED=0 GOOS=linux go build .* -o \/out\/api \.\/cmd\/api$/m);
    assert.match(dockerfile, /COPY --from=build \/usr\/share\/zoneinfo/);
    assert.match(dockerfile, /ca-certificates\.crt/);
    assert.match(dockerfile, /^EXPOSE 9090$/m);
    assert.match(r.files[2].text, /- "9090:9090"/);
    assert.ok(r.notes.some((n) => n.includes('cmd/worker')), r.notes.join('\n'));
    // From a file inside the module, with the main named: the same answer.
    const again = await client.request<{ status: string }>('dockerGoTraps/generateDockerfile', { uri: pathToFileURL(path.join(dir, 'svc', 'go.mod')).href, main: api });
    assert.equal(again.status, 'ok');
    const none = await client.request<{ status: string; message: string }>('dockerGoTraps/generateDockerfile', { uri: pathToFileURL(path.join(path.sep, 'nonexistent-dgt-folder')).href });
    assert.equal(none.status, 'error');
  });
});

test('debugInContainer proposes Dockerfile.debug, the compose overlay and launch.json for a compose service, as any LSP client can ask', { timeout: TEST_TIMEOUT_MS }, async () => {
  const files = {
    'go.mod': 'module example.com/api\n\ngo 1.22\n',
    'main.go': 'package main\n\nfunc main() {}\n',
    'Dockerfile': 'FROM golang:1.22.5 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT ["/api"]\n',
    'compose.yaml': 'services:\n  api:\n    build: .\n  worker:\n    build: .\n',
    '.vscode/launch.json': '{\n  // existing\n  "version": "0.2.0",\n  "configurations": []\n}\n',
  };
  await withServer({ examples: false, files }, async (client, dir) => {
    const uri = pathToFileURL(path.join(dir, 'compose.yaml')).href;
    type Answer = { status: string; targets?: { service: string }[]; files?: { name: string; text: string; exists: boolean }[]; notes?: string[]; launch?: { name: string; mode: string; port: number; substitutePath: { from: string; to: string }[] }; up?: string };
    const ask = await client.request<Answer>('dockerGoTraps/debugInContainer', { uri });
    assert.equal(ask.status, 'chooseService');
    assert.deepEqual(ask.targets?.map((t) => t.service), ['api', 'worker']);
    const r = await client.request<Answer>('dockerGoTraps/debugInContainer', { uri, service: 'api', workspaceFolder: pathToFileURL(dir).href });
    assert.equal(r.status, 'ok');
    assert.deepEqual(r.files?.map((f) => [f.name, f.exists]), [['Dockerfile.debug', false], ['Dockerfile.debug.dockerignore', false], ['compose.debug.yaml', false], ['.vscode/launch.json', true]]);
    assert.match(r.files?.[0].text ?? '', /^ENTRYPOINT \["\/dlv", "exec", "\/api", "--headless", "--listen=:2345"/m);
    assert.match(r.files?.[3].text ?? '', /\/\/ existing[\s\S]*"name": "Docker: attach to api"/);
    assert.deepEqual([r.launch?.mode, r.launch?.port, r.launch?.substitutePath], ['remote', 2345, [{ from: '${workspaceFolder}', to: '/src' }]]);
    assert.equal(r.up, 'docker compose -f compose.yaml -f compose.debug.yaml up --build');
    const none = await client.request<Answer>('dockerGoTraps/debugInContainer', { uri: pathToFileURL(path.join(dir, '.vscode', 'launch.json')).href });
    assert.equal(none.status, 'error');
  });
});

// What exists on disk (COPY sources, build contexts) is asked on every analysis. A client that can
// watch files gets a watcher for creations and deletions, and the server answers from a cache that
// those events keep current; a client that cannot is asked nothing and the disk is read every time.
const copyFiles = {
  '.git/HEAD': 'ref: refs/heads/main\n', // DGT140 speaks only inside a repository
  'go.mod': 'module example.com/app\n\ngo 1.22\n',
  'main.go': 'package main\n\nfunc main() {}\n',
  Dockerfile: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM alpine:3.20\nCOPY --from=build /app /app\nCOPY config.yaml /etc/api/config.yaml\nENTRYPOINT ["/app"]\n',
};

test('with a file watcher, what exists is cached and follows created/deleted events', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer({ examples: false, files: copyFiles }, async (client, dir) => {
    const text = copyFiles.Dockerfile;
    let doc = await client.open('Dockerfile', 'dockerfile', text);
    assert.deepEqual(codes((await client.diagnosticsForVersion(doc)).diagnostics).filter((c) => c === 'DGT140'), ['DGT140']);
    const watch = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(watch?.registerOptions, { watchers: [{ globPattern: '**/*', kind: 1 | 4 }] });

    // One analysis after the registration fills the cache.
    doc = await client.change(doc.uri, text + '# cached\n');
    assert.ok(codes((await client.diagnosticsForVersion(doc)).diagnostics).includes('DGT140'));
    // The file appears on disk; until the client says so, the cached answer stands.
    fs.writeFileSync(path.join(dir, 'config.yaml'), 'port: 8080\n');
    doc = await client.change(doc.uri, text + '# edited\n');
    assert.ok(codes((await client.diagnosticsForVersion(doc)).diagnostics).includes('DGT140'), 'answered from the cache');
    const mark = client.mark();
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'config.yaml')).href, type: 1 }] });
    await client.waitForDiagnostics(doc.uri, (x) => !codes(x.diagnostics).includes('DGT140'), 'DGT140 gone once the creation is reported', mark);

    // And deleted again.
    fs.rmSync(path.join(dir, 'config.yaml'));
    const mark2 = client.mark();
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'config.yaml')).href, type: 3 }] });
    await client.waitForDiagnostics(doc.uri, (x) => codes(x.diagnostics).includes('DGT140'), 'DGT140 back once the deletion is reported', mark2);
  });
});

test('without a file watcher, the server asks the disk on every analysis', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withServer({ examples: false, files: copyFiles, watchFiles: false }, async (client, dir) => {
    const text = copyFiles.Dockerfile;
    let doc = await client.open('Dockerfile', 'dockerfile', text);
    assert.ok(codes((await client.diagnosticsForVersion(doc)).diagnostics).includes('DGT140'));
    assert.equal(client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'), undefined);
    fs.writeFileSync(path.join(dir, 'config.yaml'), 'port: 8080\n');
    doc = await client.change(doc.uri, text + '# edited\n');
    assert.ok(!codes((await client.diagnosticsForVersion(doc)).diagnostics).includes('DGT140'), 'seen at the next edit');
  });
});

test('a rule over its time budget on two analyses in a row stops on that file, says so once, and runs again after reopening or new settings', { timeout: TEST_TIMEOUT_MS }, async () => {
  // A budget of 0 ms: every rule goes over it on every analysis.
  await withServer({ examples: false, env: { DOCKER_GO_TRAPS_RULE_BUDGET_MS: '0' } }, async (client) => {
    const text = 'services:\n  api:\n    image: alpine:3.20\n    volumes:\n      - C:\\goapp:/app\n';
    let doc = await client.open('compose.yaml', 'dockercompose', text);
    assert.ok(codes((await client.diagnosticsForVersion(doc)).diagnostics).includes('DGT201'), 'first overrun: findings shown');
    doc = await client.change(doc.uri, text + '# 1\n');
    assert.ok(codes((await client.diagnosticsForVersion(doc)).diagnostics).includes('DGT201'), 'second overrun: this run completed');
    assert.equal(client.log.filter((l) => /rule DGT201 went over its 0 ms budget on 2 analyses of .*compose\.yaml in a row; it is stopped on that file/.test(l)).length, 1, client.log.join('\n'));
    doc = await client.change(doc.uri, text + '# 2\n');
    const stopped = (await client.diagnosticsForVersion(doc)).diagnostics;
    assert.ok(!codes(stopped).includes('DGT201'), 'DGT201 no longer runs here');
    const d = stopped.find((x) => x.code === 'DGT001' && /running DGT201 \(compose-windows-host-path\)/.test(x.message));
    assert.ok(d, JSON.stringify(stopped));
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.equal(d.severity, 3);
    assert.match(d.codeDescription?.href ?? '', /docs\/rules\/DGT001-rule-stopped\.md$/);
    // It cannot be suppressed, so no ignore actions; its docs are one click away, and on hover.
    const titles = (await actionsFor(client, doc.uri, d)).map((a) => a.title);
    assert.deepEqual(titles, ['Show documentation for DGT001 (rule-stopped)']);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position: d.range.start });
    assert.match((hover?.contents as MarkupContent).value, /^### DGT001 rule-stopped: A check stopped on this file for being too slow/);
    // Reopened: it runs again (the reopened document is version 1 again: wait for a new publication).
    await client.close(doc.uri);
    const reopened = client.mark();
    doc = await client.open('compose.yaml', 'dockercompose', text);
    assert.ok(codes((await client.diagnosticsForVersion(doc, reopened)).diagnostics).includes('DGT201'), 'runs again after reopening');
    doc = await client.change(doc.uri, text + '# 3\n');
    await client.diagnosticsForVersion(doc);
    doc = await client.change(doc.uri, text + '# 4\n');
    assert.ok(!codes((await client.diagnosticsForVersion(doc)).diagnostics).includes('DGT201'), 'stopped again');
    // New settings: it runs again.
    const mark = client.mark();
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForDiagnostics(doc.uri, (x) => codes(x.diagnostics).includes('DGT201'), 'DGT201 back after a settings change', mark);
  });
});
