/**
 * The language server in two bundles (server/src/lsp/main.ts): dist/server.js answers `initialize`
 * with vscode-languageserver alone and loads dist/serverEngine.js when `initialized` comes.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { DiagnosticSeverity, type InitializeResult, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SEVERITY } from '../../server/src/lsp/convert';
import { withTimeout } from '../support/lspClient';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIST = path.join(ROOT, 'dist');

/**
 * Starts dist/server.js over stdio in `cwd`, preloaded with a hook on the engine bundle's require:
 * `tell` writes ENGINE LOADED to stderr, `fail` throws instead of loading it.
 */
function startProbed(dir: string, cwd: string, onEngine: 'tell' | 'fail') {
  const probe = path.join(dir, 'probe.cjs');
  const act = onEngine === 'tell' ? "process.stderr.write('ENGINE LOADED\\n')" : "throw new Error('engine bundle unreadable (test)')";
  fs.writeFileSync(
    probe,
    `const Module = require('module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (String(request).endsWith('serverEngine.js')) ${act};
  return load.call(this, request, ...rest);
};
`,
  );
  const child = spawn(process.execPath, ['-r', probe, path.join(DIST, 'server.js'), '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const out = { child, stderr: '', conn: createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)) };
  child.stderr.setEncoding('utf8').on('data', (s: string) => (out.stderr += s));
  return out;
}

test('dist/server.js answers initialize before it loads the engine, and loads it when initialized comes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-startup-'));
  const work = path.join(dir, 'work');
  fs.mkdirSync(work);
  // A cgo build copied into scratch: DGT101 (at least) on the final stage.
  const dockerfile = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM scratch\nCOPY --from=0 /app /app\nENTRYPOINT ["/app"]\n';
  fs.writeFileSync(path.join(work, 'Dockerfile'), dockerfile);
  fs.writeFileSync(path.join(work, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
  fs.writeFileSync(path.join(work, 'main.go'), 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n');

  // The engine's require is told on stderr: when, and how often.
  const server = startProbed(dir, work, 'tell');
  const { child, conn } = server;
  const stderr = () => server.stderr;
  const published: PublishDiagnosticsParams[] = [];
  let onPublish: () => void = () => undefined;
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    onPublish();
  });
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  conn.listen();
  try {
    const rootUri = pathToFileURL(work).href;
    const init = await withTimeout(
      conn.sendRequest<InitializeResult>('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'work' }], capabilities: {} }),
      10_000,
      'the initialize response',
      stderr,
    );
    assert.equal(init.serverInfo?.name, 'docker-go-traps');
    assert.deepEqual((init.capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.dockerGoTraps']);
    assert.ok(!stderr().includes('ENGINE LOADED'), `the engine is not loaded before initialized: ${stderr()}`);

    const uri = pathToFileURL(path.join(work, 'Dockerfile')).href;
    const got = new Promise<void>((resolve) => {
      onPublish = () => {
        if (published.some((p) => p.uri === uri && p.diagnostics.length > 0)) resolve();
      };
    });
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: dockerfile } });
    await withTimeout(got, 20_000, 'diagnostics of the opened Dockerfile', stderr);
    const codes = published.filter((p) => p.uri === uri).flatMap((p) => p.diagnostics.map((d) => String(d.code)));
    assert.ok(codes.includes('DGT101'), codes.join(' '));
    assert.equal(stderr().split('ENGINE LOADED').length - 1, 1, `the engine is loaded once: ${stderr()}`);
  } finally {
    conn.dispose();
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the engine bundle carries no copy of vscode-languageserver, and the entry bundle none of the engine', () => {
  const engine = fs.readFileSync(path.join(DIST, 'serverEngine.js'), 'utf8');
  const entry = fs.readFileSync(path.join(DIST, 'server.js'), 'utf8');
  // esbuild heads each module it bundles with a `// path` comment (the build does not minify).
  const modules = (bundle: string) => bundle.split('\n').filter((l) => /^\/\/ (node_modules|server)\//.test(l));
  assert.ok(modules(engine).some((l) => l.startsWith('// server/src/engine/')), 'engine modules are in serverEngine.js');
  assert.deepEqual(
    modules(engine).filter((l) => /^\/\/ node_modules\/(vscode-languageserver|vscode-languageserver-protocol|vscode-jsonrpc)\//.test(l)),
    [],
  );
  assert.deepEqual(
    modules(entry).filter((l) => /^\/\/ (server\/src\/(engine|rules|parse)\/|node_modules\/(dockerfile-ast|yaml|web-tree-sitter)\/)/.test(l)),
    [],
  );
});

test('the severities the engine side writes are LSP DiagnosticSeverity values', () => {
  assert.deepEqual(SEVERITY, {
    error: DiagnosticSeverity.Error,
    warning: DiagnosticSeverity.Warning,
    info: DiagnosticSeverity.Information,
    hint: DiagnosticSeverity.Hint,
  });
});

test('a server whose engine cannot be loaded says why and exits, so that the client restarts it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-startup-'));
  const server = startProbed(dir, dir, 'fail');
  const { child, conn } = server;
  const stderr = () => server.stderr;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const logged: string[] = [];
  conn.onNotification('window/logMessage', (p: { message: string }) => logged.push(p.message));
  conn.onError(() => undefined);
  conn.listen();
  try {
    const rootUri = pathToFileURL(dir).href;
    await withTimeout(conn.sendRequest('initialize', { processId: process.pid, rootUri, capabilities: {} }), 10_000, 'the initialize response', stderr);
    await conn.sendNotification('initialized', {});
    const code = await withTimeout(exited, 10_000, 'the server to exit', stderr);
    assert.equal(code, 1);
    assert.match(stderr(), /the language server could not start: Error: engine bundle unreadable \(test\)/);
    assert.ok(logged.some((m) => m.includes('engine bundle unreadable')), `logged to the client: ${logged.join(' | ')}`);
  } finally {
    conn.dispose();
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
