/**
 * A minimal LSP client for protocol tests: it starts the bundled language server as a child process
 * over stdio, plays the editor's side of the handshake (configuration, capability registration),
 * records every publishDiagnostics notification, and lets a test wait for one that satisfies a
 * predicate. Nothing here sleeps: every wait resolves on a message and fails after a timeout.
 */
import { spawn, ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  CodeActionParams,
  Command,
  Diagnostic,
  InitializeParams,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Rejects with a descriptive error when `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string, detail?: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}${detail ? '\n' + detail() : ''}`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

// ---- text helpers (LSP positions count UTF-16 code units, which is what JS string indices are) ----

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The offset of an LSP position; a character past the line's content lands at the end of the content. */
export function offsetOf(text: string, pos: Position): number {
  const starts = lineStarts(text);
  if (pos.line >= starts.length) return text.length;
  const start = starts[pos.line];
  let contentEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] - 1 : text.length;
  if (contentEnd > start && text[contentEnd - 1] === '\r') contentEnd--;
  return Math.min(start + pos.character, contentEnd);
}

export function positionOf(text: string, offset: number): Position {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { line, character: offset - lineStart };
}

/** The range of the one occurrence of `needle` in `text` (throws when it is missing or ambiguous). */
export function rangeOfText(text: string, needle: string): Range {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${JSON.stringify(needle)} does not occur in the text`);
  if (text.indexOf(needle, at + 1) >= 0) throw new Error(`${JSON.stringify(needle)} occurs more than once in the text`);
  return { start: positionOf(text, at), end: positionOf(text, at + needle.length) };
}

/**
 * Applies LSP text edits the way an editor does: all ranges refer to the original text, edits must
 * not overlap, and inserts at the same position keep their order in the array.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const resolved = edits
    .map((e, order) => ({ start: offsetOf(text, e.range.start), end: offsetOf(text, e.range.end), newText: e.newText, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  let out = '';
  let at = 0;
  for (const e of resolved) {
    if (e.end < e.start) throw new Error(`edit with an inverted range at offset ${e.start}`);
    if (e.start < at) throw new Error(`overlapping edits at offset ${e.start}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** A code action literal, as opposed to a bare Command (whose `command` is a string). */
export function isCodeAction(a: CodeAction | Command): a is CodeAction {
  return typeof a.command !== 'string';
}

// ---- the client --------------------------------------------------------------------------------

interface Waiter {
  uri: string;
  since: number;
  test: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
  reject: (e: Error) => void;
}

export interface OpenDocument {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

export interface ClientOptions {
  /** The folder given as rootUri and the one workspace folder. */
  root: string;
  /** Absolute path of the bundled server (dist/server.js). */
  serverModule: string;
  /** Answer for each item of a workspace/configuration request. */
  settings?: unknown;
  /** The editor's display language, sent as `locale` in initialize (e.g. "zh-cn"). */
  locale?: string;
  /**
   * Declare `workspace.didChangeWatchedFiles.dynamicRegistration`, as VS Code does (default true).
   * The server then registers a watcher for files created and deleted in the workspace and caches
   * what exists; a test that changes the disk must send the matching `didChangeWatchedFiles`.
   */
  watchFiles?: boolean;
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
  /** Sent as `initializationOptions` in initialize (the VS Code client sends `{ containerMap: true }`). */
  initializationOptions?: unknown;
}

export class LspClient {
  readonly rootUri: string;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly documents = new Map<string, OpenDocument>();
  readonly log: string[] = [];
  /** Capabilities the server registered (client/registerCapability). */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** The server's answer to `initialize`. */
  initializeResult: InitializeResult | undefined;
  private readonly waiters = new Set<Waiter>();
  private stderr = '';
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitPromise: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly options: ClientOptions,
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    this.rootUri = pathToFileURL(options.root).href;
    this.exitPromise = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = { code, signal };
        this.failWaiters(new Error(`the language server exited (code ${code}, signal ${signal})\n${this.transcript()}`));
        resolve(this.exited);
      });
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (this.stderr += chunk));
    // A write after the server died must fail the test through the waiters, not crash the runner.
    child.stdin?.on('error', () => undefined);

    const settings = options.settings ?? { enable: true, rules: {} };
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
    connection.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onNotification('window/logMessage', (p: { type: number; message: string }) => this.log.push(`[${p.type}] ${p.message}`));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => this.onPublish(p));
    connection.onError(([e]) => this.log.push(`[connection error] ${e.message}`));
    connection.listen();
  }

  /** Spawns the server and completes initialize/initialized. */
  static async start(options: ClientOptions): Promise<LspClient> {
    const child = spawn(process.execPath, [options.serverModule, '--stdio'], {
      cwd: path.dirname(options.serverModule),
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ? { ...process.env, ...options.env } : process.env,
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(options, child, connection);
    try {
      const params: InitializeParams = {
        processId: process.pid,
        clientInfo: { name: 'docker-go-traps protocol test' },
        ...(options.locale ? { locale: options.locale } : {}),
        ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
        rootUri: client.rootUri,
        workspaceFolders: [{ uri: client.rootUri, name: path.basename(options.root) }],
        capabilities: {
          workspace: {
            configuration: true,
            workspaceFolders: true,
            didChangeConfiguration: { dynamicRegistration: true },
            didChangeWatchedFiles: { dynamicRegistration: options.watchFiles !== false },
          },
          textDocument: {
            synchronization: { dynamicRegistration: false },
            publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
            codeAction: {
              codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
              isPreferredSupport: true,
              dataSupport: true,
            },
          },
        },
      };
      const result = await client.request<InitializeResult>('initialize', params);
      client.initializeResult = result;
      await connection.sendNotification('initialized', {});
      return client;
    } catch (e) {
      client.kill();
      throw e;
    }
  }

  uriOf(file: string): string {
    return pathToFileURL(path.join(this.options.root, file)).href;
  }

  async request<R>(method: string, params: unknown, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<R> {
    if (this.exited) throw new Error(`the language server has exited; cannot send ${method}\n${this.transcript()}`);
    return withTimeout(this.connection.sendRequest<R>(method, params), timeoutMs, `the response to ${method}`, () => this.transcript());
  }

  async open(file: string, languageId: string, text: string): Promise<OpenDocument> {
    const doc: OpenDocument = { uri: this.uriOf(file), languageId, version: 1, text };
    this.documents.set(doc.uri, doc);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId, version: doc.version, text } });
    return doc;
  }

  /** Replaces the whole text of an open document (a full-content change event) and bumps its version. */
  async change(uri: string, text: string): Promise<OpenDocument> {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    doc.version++;
    doc.text = text;
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: doc.version }, contentChanges: [{ text }] });
    return doc;
  }

  /** Closes an open document (didClose). */
  async close(uri: string): Promise<void> {
    if (!this.documents.delete(uri)) throw new Error(`${uri} is not open`);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Applies a WorkspaceEdit's `changes` to the open documents, as an editor would, and syncs them. */
  async applyWorkspaceEdit(edit: WorkspaceEdit): Promise<void> {
    if (!edit.changes) throw new Error('the WorkspaceEdit has no `changes`');
    for (const [uri, edits] of Object.entries(edit.changes)) {
      const doc = this.documents.get(uri);
      if (!doc) throw new Error(`the edit touches ${uri}, which is not open`);
      await this.change(uri, applyTextEdits(doc.text, edits));
    }
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<(CodeAction | Command)[] | null> {
    const params: CodeActionParams = { textDocument: { uri }, range, context: only ? { diagnostics, only } : { diagnostics } };
    return this.request('textDocument/codeAction', params);
  }

  /** How many publishDiagnostics notifications have arrived so far: pass it as `since` to ignore older ones. */
  mark(): number {
    return this.published.length;
  }

  /**
   * Resolves with the first publishDiagnostics for `uri`, received at or after index `since`, that
   * satisfies `test`.
   */
  waitForDiagnostics(
    uri: string,
    test: (p: PublishDiagnosticsParams) => boolean,
    what: string,
    since = 0,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<PublishDiagnosticsParams> {
    for (let i = since; i < this.published.length; i++) {
      const p = this.published[i];
      if (p.uri === uri && test(p)) return Promise.resolve(p);
    }
    if (this.exited) return Promise.reject(new Error(`the language server has exited before ${what}\n${this.transcript()}`));
    let waiter: Waiter | undefined;
    const found = new Promise<PublishDiagnosticsParams>((resolve, reject) => {
      waiter = { uri, since, test, resolve, reject };
      this.waiters.add(waiter);
    });
    return withTimeout(found, timeoutMs, what, () => this.transcript(uri)).finally(() => this.waiters.delete(waiter!));
  }

  /** The first diagnostics published for the document's current version. */
  diagnosticsForVersion(doc: OpenDocument, since = 0): Promise<PublishDiagnosticsParams> {
    const version = doc.version;
    return this.waitForDiagnostics(doc.uri, (p) => p.version === version, `diagnostics for ${doc.uri} version ${version}`, since);
  }

  private onPublish(p: PublishDiagnosticsParams): void {
    this.published.push(p);
    for (const w of [...this.waiters]) {
      if (this.published.length - 1 >= w.since && w.uri === p.uri && w.test(p)) {
        this.waiters.delete(w);
        w.resolve(p);
      }
    }
  }

  private failWaiters(e: Error): void {
    for (const w of this.waiters) w.reject(e);
    this.waiters.clear();
  }

  /** What the server said, for failure messages. */
  transcript(uri?: string): string {
    const pubs = this.published
      .filter((p) => !uri || p.uri === uri)
      .slice(-6)
      .map((p) => `  ${path.basename(p.uri)} v${p.version}: ${p.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`).join(', ') || '(none)'}`);
    return [
      `recent publishDiagnostics${uri ? ' for ' + path.basename(uri) : ''}:`,
      ...(pubs.length ? pubs : ['  (none)']),
      this.log.length ? 'server log:\n  ' + this.log.slice(-10).join('\n  ') : '',
      this.stderr ? 'server stderr:\n' + this.stderr.slice(-2000) : '',
    ]
      .filter(Boolean)
      .join('\n');
  }

  /** Orderly end: shutdown, exit, and the process's exit status. */
  async shutdown(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    await this.request('shutdown', null, timeoutMs);
    await this.connection.sendNotification('exit');
    const status = await withTimeout(this.exitPromise, timeoutMs, 'the server to exit after `exit`', () => this.transcript());
    this.connection.dispose();
    return status;
  }

  /** The server's exit status, when it ends by itself (e.g. killed by its own watch). */
  exit(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return withTimeout(this.exitPromise, timeoutMs, 'the server to exit', () => this.transcript());
  }

  /** What the server wrote to stderr so far. */
  stderrText(): string {
    return this.stderr;
  }

  /** Ends the server without ceremony (after a failure); safe to call more than once. */
  kill(): void {
    this.connection.dispose();
    if (!this.exited && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
