// A minimal LSP client for the benchmarks: spawns a server over stdio (with the rusage preload),
// answers the editor-side requests, and timestamps every publishDiagnostics on arrival.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { RUSAGE, rusageFile, readRusage, procRss } from './proc.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');

export class BenchClient {
  /**
   * @param {string[]} command node script and its arguments, e.g. [dist/server.js, '--stdio']
   * @param {string} root workspace folder
   */
  static async start(command, root, { settings = { enable: true, rules: {} } } = {}) {
    const usage = rusageFile();
    const t0 = performance.now();
    // DGT_BENCH_SERVER_NODE_ARGS: extra node flags for the servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
    const extra = (process.env.DGT_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, ['--require', RUSAGE, ...extra, ...command], {
      cwd: root,
      env: { ...process.env, DGT_RUSAGE_OUT: usage },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
    child.stdin.on('error', () => undefined);
    const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
    const c = new BenchClient(child, conn, root, usage, () => stderr);
    conn.onRequest('workspace/configuration', (p) => p.items.map(() => settings));
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('client/unregisterCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onNotification('textDocument/publishDiagnostics', (p) => c.onPublish(p));
    conn.onNotification('window/logMessage', (p) => c.log.push(p.message));
    conn.listen();
    const rootUri = pathToFileURL(root).href;
    const init = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
      capabilities: {
        // As VS Code declares them: servers may register file watchers (docker-go-traps then caches
        // which paths exist, kept current by the created/deleted events).
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
        },
      },
    });
    c.initializeMs = performance.now() - t0;
    c.initializeResult = init;
    await conn.sendNotification('initialized', {});
    return c;
  }

  constructor(child, conn, root, usageFile, stderr) {
    this.child = child;
    this.conn = conn;
    this.root = root;
    this.usageFile = usageFile;
    this.stderr = stderr;
    this.log = [];
    this.published = [];
    this.waiters = [];
    this.versions = new Map();
    this.texts = new Map();
  }

  onPublish(p) {
    const at = performance.now();
    this.published.push({ at, p });
    for (const w of [...this.waiters]) {
      if (w.uri === p.uri && w.test(p)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve({ at, p });
      }
    }
  }

  /** Resolves with the next publishDiagnostics for `uri` that passes `test` (arrival time included). */
  next(uri, test = () => true, timeoutMs = 120_000) {
    return new Promise((resolve, reject) => {
      const w = { uri, test, resolve };
      this.waiters.push(w);
      setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms\n${this.stderr().slice(-2000)}`));
        }
      }, timeoutMs).unref();
    });
  }

  uri(rel) {
    return pathToFileURL(path.join(this.root, rel)).href;
  }

  /** Opens a document; resolves with the time until its first diagnostics. */
  async open(rel, languageId, text) {
    const uri = this.uri(rel);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    const got = this.next(uri);
    const t0 = performance.now();
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const { at, p } = await got;
    return { uri, ms: at - t0, diagnostics: p.diagnostics };
  }

  /**
   * Sends a full-text change; resolves with the time until the diagnostics for it arrive (the
   * version when the server reports one, otherwise the next publication after the change).
   */
  async change(uri, text) {
    const version = this.versions.get(uri) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    const got = this.next(uri, (p) => p.version === undefined || p.version === null || p.version === version);
    const t0 = performance.now();
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    const { at, p } = await got;
    return { ms: at - t0, diagnostics: p.diagnostics };
  }

  rss() {
    return procRss(this.child.pid);
  }

  /** shutdown + exit; resolves with the server's own rusage line (CPU, peak RSS). */
  async stop() {
    const exited = new Promise((r) => this.child.once('exit', r));
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // fall through to kill
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.conn.dispose();
    return readRusage(this.usageFile)[0] ?? {};
  }
}
