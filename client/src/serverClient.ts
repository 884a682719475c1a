// The connection to the language server: vscode-languageclient, the crash policy and restart.
// Bundled on its own (dist/serverClient.js) and loaded by extension.ts right after activation, so
// that activating the extension does not wait for the language client library to load.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, RevealOutputChannelOn, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { CrashPolicy } from './crashPolicy';
import { SERVER_NODE_ARGS } from './serverArgs';
import { CONFIG_SECTION, DIAGNOSTIC_SOURCE, WATCHED_FILES, documentSelector } from './selectors';
import type { ServerState } from './statusBar';

export interface ServerClient {
  readonly client: LanguageClient;
  state(): ServerState;
  /** Restarts the server (or starts it when stopped), forgetting earlier crashes. */
  restart(): Promise<void>;
}

export interface ServerClientHooks {
  output: vscode.OutputChannel;
  log(line: string): void;
  /** Called on every state change; `gaveUp` when the crash policy left the server stopped. */
  onState(state: ServerState, gaveUp: boolean): void;
  restartCommand: string;
  showOutputCommand: string;
}

/**
 * vscode-languageclient (9.0) as it is, but for two lines it writes to the output channel: every exit
 * of the server process is logged as an error, the clean one after a stop or restart (code 0) too, and
 * after a crash it hands the "do not notify" flag of the crash policy's message over as the message's
 * data, which prints a stray `false`.
 */
class TrapsLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
    if (message === 'Server process exited with code 0.') super.info(message, data, false);
    else super.error(message, data, showNotification);
  }

  override info(message: string, data?: unknown, showNotification?: boolean): void {
    super.info(message, typeof data === 'boolean' ? undefined : data, showNotification);
  }
}

const stateName = (s: State): ServerState => (s === State.Running ? 'running' : s === State.Starting ? 'starting' : 'stopped');

/** Creates the language client and starts the server (not awaited: the caller gets it at once). */
export function startServerClient(context: vscode.ExtensionContext, hooks: ServerClientHooks): ServerClient {
  const { output, log } = hooks;
  const crashPolicy = new CrashPolicy(log, {
    maxRestarts: 4,
    windowMs: 3 * 60_000,
    restartCommand: hooks.restartCommand,
    showOutputCommand: hooks.showOutputCommand,
  });

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_ARGS, '--nolazy', '--inspect=6009'] } },
  };

  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
  context.subscriptions.push(watcher);

  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    // Settings need nothing here: the server registers for didChangeConfiguration itself
    // and reads the values per resource with workspace/configuration.
    synchronize: { fileEvents: watcher },
    diagnosticCollectionName: DIAGNOSTIC_SOURCE,
    // The container map view asks for the map again when the server says it changed.
    initializationOptions: { containerMap: true },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: crashPolicy,
    initializationFailedHandler: (error) => {
      log(`The server failed to initialize: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    },
  };

  // The id doubles as the settings prefix for `dockerGoTraps.trace.server`.
  const client = new TrapsLanguageClient(CONFIG_SECTION, 'Docker Go Traps', serverOptions, clientOptions);
  context.subscriptions.push(
    client.onDidChangeState((e) => {
      const next = stateName(e.newState);
      log(`Server ${next}.`);
      hooks.onState(next, next === 'stopped' && crashPolicy.gaveUp);
    }),
  );

  client.start().catch((error: unknown) => {
    // Already logged by the client; the status bar shows "stopped" and the restart
    // command stays available.
    log(`Starting the server failed: ${error instanceof Error ? error.message : String(error)}`);
    hooks.onState('stopped', false);
  });

  return {
    client,
    state: () => stateName(client.state),
    async restart() {
      crashPolicy.reset();
      log('Restart requested.');
      // Neither stop() nor restart() may be called while the client is starting.
      if (client.state === State.Starting) await client.start().catch(() => undefined);
      if (client.state === State.Running) await client.restart();
      else await client.start();
    },
  };
}
