/**
 * Hostile input to the language server: malformed message frames from the client, requests the LSP
 * forbids, settings with a severity that does not exist, and a fix to a file outside the workspace.
 * Bounds: a server that should exit must do so within 15 s (it otherwise stayed up, deaf, until its
 * input closed); every test is killed after 60 s.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lspClient';
import { SERVER } from '../support/bounded';

const EXIT_MS = 15_000;

function frame(body: object): string {
  const json = JSON.stringify(body);
  return `Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`;
}

/** The server over raw stdio: what it writes, parsed into messages, and how it ends. */
function rawServer() {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = Buffer.alloc(0);
  let stderr = '';
  const messages: { id?: number; result?: unknown; error?: { code: number; message: string }; method?: string }[] = [];
  child.stdout.on('data', (d: Buffer) => {
    out = Buffer.concat([out, d]);
    for (;;) {
      const end = out.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(out.subarray(0, end).toString('latin1'))?.[1]);
      if (out.length < end + 4 + len) return;
      messages.push(JSON.parse(out.subarray(end + 4, end + 4 + len).toString('utf8')));
      out = out.subarray(end + 4 + len);
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    messages,
    stderr: () => stderr,
    send: (s: string) => child.stdin.write(s),
    exitWithin: (ms: number) => Promise.race([exited, new Promise<'alive'>((r) => setTimeout(() => r('alive'), ms).unref())]),
    response: async (id: number, ms = 10_000) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const m = messages.find((x) => x.id === id && x.method === undefined);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no response to ${id} within ${ms} ms; stderr: ${stderr}`);
    },
  };
}

const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } };

for (const [name, bytes] of [
  ['Content-Length: abc', 'Content-Length: abc\r\n\r\n{}'],
  ['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'],
  ['LF-only headers', 'Content-Length: 2\n\n{}'],
  ['a length shorter than the body', 'Content-Length: 10\r\n\r\n' + JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'shutdown' }) + frame({ jsonrpc: '2.0', id: 3, method: 'shutdown' })],
] as const) {
  test(`a malformed message header (${name}): the server says so and exits non-zero within 15 s, so the client restarts it`, { timeout: 60_000 }, async () => {
    const s = rawServer();
    try {
      s.send(frame(INIT));
      await s.response(1);
      s.send(bytes);
      const code = await s.exitWithin(EXIT_MS);
      assert.notEqual(code, 'alive', `still running after ${EXIT_MS} ms; stderr: ${s.stderr()}`);
      assert.notEqual(code, 0);
      assert.match(s.stderr(), /received a malformed message/);
    } finally {
      s.child.kill('SIGKILL');
    }
  });
}

test('requests after shutdown and a second initialize are answered with InvalidRequest; exit still ends the server (60 s bound)', { timeout: 60_000 }, async () => {
  const s = rawServer();
  try {
    s.send(frame(INIT));
    await s.response(1);
    s.send(frame({ jsonrpc: '2.0', id: 2, method: 'initialize', params: INIT.params }));
    assert.equal((await s.response(2)).error?.code, -32600, 'a second initialize');
    s.send(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
    s.send(frame({ jsonrpc: '2.0', id: 3, method: 'shutdown' }));
    assert.equal((await s.response(3)).error, undefined);
    s.send(frame({ jsonrpc: '2.0', id: 4, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x/Dockerfile' }, position: { line: 0, character: 0 } } }));
    assert.equal((await s.response(4)).error?.code, -32600, 'a request after shutdown');
    s.send(frame({ jsonrpc: '2.0', id: 5, method: 'dockerGoTraps/scanWorkspace' }));
    assert.equal((await s.response(5)).error?.code, -32600);
    s.send(frame({ jsonrpc: '2.0', method: 'exit' }));
    assert.equal(await s.exitWithin(EXIT_MS), 0);
  } finally {
    s.child.kill('SIGKILL');
  }
});

test('a severity in the settings that does not exist: the rule keeps its default severity, and the log says so (60 s bound)', { timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-sev-'));
  let client: LspClient | undefined;
  try {
    client = await LspClient.start({ root: dir, serverModule: SERVER, settings: { enable: true, rules: { DGT101: 'loud', DGT124: 3 } } });
    const doc = await client.open('Dockerfile', 'dockerfile', 'FROM golang:1.22\nRUN go build -o /app .\nFROM scratch\nCOPY --from=0 /app /app\nENTRYPOINT ["/app"]\n');
    const ds = (await client.diagnosticsForVersion(doc)).diagnostics;
    const d = ds.find((x) => x.code === 'DGT101');
    assert.ok(d, JSON.stringify(ds));
    assert.equal(d.severity, 1, 'DGT101 keeps its own severity, error');
    for (const x of ds) assert.ok(x.severity !== undefined && x.severity >= 1 && x.severity <= 4, JSON.stringify(x));
    assert.ok(client.log.some((l) => l.includes('"DGT101" has no valid severity')), client.log.join('\n'));
  } finally {
    client?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a quick fix that would change a file outside the workspace folders is not offered (60 s bound)', { timeout: 60_000 }, async () => {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-outfix-'));
  const ws = path.join(top, 'ws');
  fs.mkdirSync(ws);
  fs.mkdirSync(path.join(top, 'outside'));
  fs.writeFileSync(path.join(top, 'outside', 'app.env'), 'K="a\r\nb"\r\n');
  fs.symlinkSync('../outside/app.env', path.join(ws, 'app.env'));
  let client: LspClient | undefined;
  try {
    client = await LspClient.start({ root: ws, serverModule: SERVER });
    const compose = 'services:\n  api:\n    image: alpine:3.20\n    env_file: app.env\n';
    const doc = await client.open('compose.yaml', 'dockercompose', compose);
    const ds = (await client.diagnosticsForVersion(doc)).diagnostics;
    const actions = [];
    for (const d of ds) actions.push(...((await client.codeActions(doc.uri, d.range, [d])) ?? []));
    const outsideUri = pathToFileURL(path.join(ws, 'app.env')).href;
    for (const a of actions) {
      const changes = (a as { edit?: { changes?: Record<string, unknown> } }).edit?.changes ?? {};
      assert.ok(!(outsideUri in changes) && !(pathToFileURL(path.join(top, 'outside', 'app.env')).href in changes), JSON.stringify(a));
    }
    assert.equal(fs.readFileSync(path.join(top, 'outside', 'app.env'), 'utf8'), 'K="a\r\nb"\r\n');
  } finally {
    client?.kill();
    fs.rmSync(top, { recursive: true, force: true });
  }
});
