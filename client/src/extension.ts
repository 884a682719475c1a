// Entry point of the VS Code extension: starts the Docker Go Traps language server
// (dist/server.js, over node IPC) and wires up the commands and the status bar.
// All linting happens in the server; the client only connects VS Code to it.
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { CrashPolicy } from './crashPolicy';
import { registerCommands } from './commands';
import { CONFIG_SECTION, DIAGNOSTIC_SOURCE, WATCHED_FILES, documentSelector } from './selectors';
import { ServerState, TrapsStatusBar } from './statusBar';

export const COMMAND_RESTART = 'dockerGoTraps.restartServer';
export const COMMAND_SHOW_OUTPUT = 'dockerGoTraps.showOutput';

/** What activate() returns; the end-to-end tests read it, nobody else needs to. */
export interface DockerGoTrapsApi {
  readonly serverState: ServerState;
  /** Number of docker-go-traps diagnostics VS Code currently holds. */
  readonly findings: number;
  readonly source: string;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<DockerGoTrapsApi> {
  const output = vscode.window.createOutputChannel('Docker Go Traps');
  const status = new TrapsStatusBar(COMMAND_SHOW_OUTPUT);
  context.subscriptions.push(output, status);

  const log = (line: string) => output.appendLine(`[client ${new Date().toLocaleTimeString()}] ${line}`);
  const crashPolicy = new CrashPolicy(log, {
    maxRestarts: 4,
    windowMs: 3 * 60_000,
    restartCommand: COMMAND_RESTART,
    showOutputCommand: COMMAND_SHOW_OUTPUT,
  });

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };

  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
  context.subscriptions.push(watcher);

  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    // Settings need nothing here: the server registers for didChangeConfiguration itself
    // and reads the values per resource with workspace/configuration.
    synchronize: { fileEvents: watcher },
    diagnosticCollectionName: DIAGNOSTIC_SOURCE,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: crashPolicy,
    initializationFailedHandler: (error) => {
      log(`The server failed to initialize: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    },
  };

  // The id doubles as the settings prefix for `dockerGoTraps.trace.server`.
  const languageClient = new LanguageClient(CONFIG_SECTION, 'Docker Go Traps', serverOptions, clientOptions);
  client = languageClient;

  const stateName = (s: State): ServerState =>
    s === State.Running ? 'running' : s === State.Starting ? 'starting' : 'stopped';
  context.subscriptions.push(
    languageClient.onDidChangeState((e) => {
      const next = stateName(e.newState);
      log(`Server ${next}.`);
      status.setState(next, next === 'stopped' && crashPolicy.gaveUp);
    }),
  );

  let restarting: Promise<void> | undefined;
  const restart = async (): Promise<void> => {
    crashPolicy.reset();
    log('Restart requested.');
    // Neither stop() nor restart() may be called while the client is starting.
    if (languageClient.state === State.Starting) await languageClient.start().catch(() => undefined);
    if (languageClient.state === State.Running) await languageClient.restart();
    else await languageClient.start();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMAND_RESTART, async () => {
      restarting ??= restart()
        .catch((error: unknown) => {
          const text = error instanceof Error ? error.message : String(error);
          log(`Restart failed: ${text}`);
          void vscode.window.showErrorMessage(vscode.l10n.t('Docker Go Traps: could not restart the server: {0}', text));
        })
        .finally(() => (restarting = undefined));
      await restarting;
    }),
    vscode.commands.registerCommand(COMMAND_SHOW_OUTPUT, () => output.show(true)),
  );
  registerCommands(context, () => languageClient, log);

  status.setState('starting');
  try {
    await languageClient.start();
  } catch (error) {
    // Already logged by the client; the status bar shows "stopped" and the restart
    // command stays available. Activation itself must not fail.
    log(`Starting the server failed: ${error instanceof Error ? error.message : String(error)}`);
    status.setState('stopped');
  }

  return {
    get serverState() {
      return stateName(languageClient.state);
    },
    get findings() {
      return status.total;
    },
    source: DIAGNOSTIC_SOURCE,
  };
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.dispose().catch(() => undefined);
}
