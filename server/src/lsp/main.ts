/**
 * Entry point of the standalone language server: `docker-go-traps-language-server --stdio`
 * (or --node-ipc, as the VS Code client starts it).
 *
 * This file is bundled with vscode-languageserver alone (dist/server.js). It answers `initialize`
 * from capabilities.ts, and loads the engine — parsers, rules, project model, in a bundle of its own
 * (dist/serverEngine.js, four fifths of the code) — when `initialized` comes. LSP lets the client send
 * nothing else in between, so every later message finds the engine's handlers in place. The editor
 * hears sooner that the server is ready, and the first diagnostics come about when they would anyway
 * (the Go grammar's set-up starts at `initialized`); docs/benchmarks.md, "What the numbers rest on".
 *
 * Like the CLI, the server gives Node's helper threads the lowest scheduling priority on Linux
 * (server/src/threads.ts). On two cores V8's background compiler otherwise takes turns with the
 * analysis just when a file is first edited, the editor's client and the server's own helpers
 * competing for the cores. What it gains on edits and on the first diagnostics of a large workspace,
 * and that it costs no memory: docs/benchmarks.md, "What the numbers rest on".
 */
import * as path from 'node:path';
import { createConnection, ErrorCodes, InitializeParams, LSPErrorCodes, ProposedFeatures, ResponseError, TextDocuments } from 'vscode-languageserver/node';
import { watchFraming } from './framing';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initializeResult } from './capabilities';
import { PROTOCOL } from './protocol';
import { VERSION } from '../version';
import { lowerHelperThreadPriority } from '../threads';

if (process.argv.includes('--version')) process.stdout.write(VERSION + '\n');
else {
  lowerHelperThreadPriority();
  // A malformed message on stdin would leave the connection waiting for ever, deaf to the client:
  // say what was wrong and exit, so that the client starts the server again (and tells the user).
  if (process.argv.includes('--stdio')) {
    watchFraming(process.stdin, (why) => {
      process.stderr.write(`docker-go-traps: the language server received a malformed message (${why}); it exits so that the client can start it again.\n`);
      process.exit(1);
    });
  }
  /** Requests the LSP forbids (any after `shutdown`, a second `initialize`) are sent here and answered with an error. */
  const REFUSED = '$/dockerGoTraps/refused';
  let initializeSeen = false;
  let shutdownSeen = false;
  const connection = createConnection(ProposedFeatures.all, {
    messageStrategy: {
      handleMessage(message, next) {
        const m = message as { id?: number | string; method?: string };
        if (m.id !== undefined && typeof m.method === 'string') {
          if (shutdownSeen || (m.method === 'initialize' && initializeSeen)) {
            next({ jsonrpc: '2.0', id: m.id, method: REFUSED, params: { method: m.method, afterShutdown: shutdownSeen } } as typeof message);
            return;
          }
          if (m.method === 'initialize') initializeSeen = true;
          if (m.method === 'shutdown') shutdownSeen = true;
        }
        next(message);
      },
    },
    connectionStrategy: {
      // A request the client cancelled while it was still queued (the editor asks for code actions
      // and hovers as the cursor moves, and cancels the ones it no longer needs) is answered at once
      // instead of being run. vscode-jsonrpc runs it by default.
      cancelUndispatched: (message) => ({
        jsonrpc: '2.0',
        id: (message as { id?: number | string }).id ?? null,
        error: { code: LSPErrorCodes.RequestCancelled, message: 'The request was cancelled before it was handled.' },
      }),
    },
  });
  const documents = new TextDocuments(TextDocument);
  let params: InitializeParams | undefined;
  let started = false;
  connection.onInitialize((p) => {
    params = p;
    return initializeResult();
  });
  connection.onInitialized(() => {
    if (!params || started) return;
    started = true;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { startServer } = require(path.join(__dirname, 'serverEngine.js')) as typeof import('./serverEngine');
      startServer(connection, params, documents, PROTOCOL);
    } catch (e) {
      // Without its engine the server would answer nothing, and the editor would not know. Exit, so
      // that the client's crash handling restarts it and, if it keeps failing, tells the user.
      const message = `docker-go-traps: the language server could not start: ${(e as Error)?.stack ?? e}`;
      process.stderr.write(message + '\n');
      connection.console.error(message);
      setTimeout(() => process.exit(1), 200);
    }
  });
  connection.onRequest(REFUSED, (p: { method: string; afterShutdown: boolean }) =>
    p.afterShutdown
      ? new ResponseError(ErrorCodes.InvalidRequest, `The server is shut down: ${p.method} is not handled after shutdown.`)
      : new ResponseError(ErrorCodes.InvalidRequest, 'initialize may only be sent once.'),
  );
  documents.listen(connection);
  connection.listen();
}
