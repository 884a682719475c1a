// Entry point of the VS Code extension: starts the Docker Go Traps language server
// (dist/server.js, over node IPC) and wires up the commands and the status bar.
// All linting happens in the server; the client only connects VS Code to it.
//
// Activation stays small: the language client library (vscode-languageclient, most of the
// client's code) lives in dist/serverClient.js and is loaded right after activate() returns.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { registerContainerMap } from './containerMap';
import { DIAGNOSTIC_SOURCE } from './selectors';
import { ServerState, TrapsStatusBar } from './statusBar';
import type { ServerClient } from './serverClient';

export const COMMAND_RESTART = 'dockerGoTraps.restartServer';
export const COMMAND_SHOW_OUTPUT = 'dockerGoTraps.showOutput';

/** What activate() returns; the end-to-end tests read it, nobody else needs to. */
export interface DockerGoTrapsApi {
  readonly serverState: ServerState;
  /** Number of docker-go-traps diagnostics VS Code currently holds. */
  readonly findings: number;
  readonly source: string;
  /** How long activation took, measured by the extension itself (see docs/benchmarks.md). */
  readonly activation: ActivationTimes;
  /** Shows a container of the map with its lines expanded (by service or Dockerfile name). */
  revealContainer(name: string): Promise<boolean>;
}

export interface ActivationTimes {
  /**
   * From the first line of dist/client.js running to activate() returning: module evaluation,
   * whatever VS Code does before it calls activate(), and activate() itself.
   */
  sinceBundleStartMs: number | undefined;
  /** The activate() call alone. */
  activateMs: number;
}

// Set by the first line of dist/client.js (an esbuild banner); absent when run unbundled.
declare const __dgtBundleStart: number | undefined;

let current: Promise<ServerClient> | undefined;

/** dist/serverClient.js beside dist/client.js (or out/client/src/serverClient.js when unbundled). */
function loadServerClient(): typeof import('./serverClient') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, 'serverClient.js')) as typeof import('./serverClient');
}

export async function activate(context: vscode.ExtensionContext): Promise<DockerGoTrapsApi> {
  const activateStart = performance.now();
  const output = vscode.window.createOutputChannel('Docker Go Traps');
  const status = new TrapsStatusBar(COMMAND_SHOW_OUTPUT);
  context.subscriptions.push(output, status);
  const log = (line: string) => output.appendLine(`[client ${new Date().toLocaleTimeString()}] ${line}`);

  // The language client is created, and the server started, on the next turn of the event loop:
  // activation does not wait for either (VS Code counts the whole activate() promise).
  let server: ServerClient | undefined;
  const ready = new Promise<ServerClient>((resolve, reject) => {
    setImmediate(() => {
      try {
        server = loadServerClient().startServerClient(context, {
          output,
          log,
          onState: (state, gaveUp) => status.setState(state, gaveUp),
          restartCommand: COMMAND_RESTART,
          showOutputCommand: COMMAND_SHOW_OUTPUT,
        });
        resolve(server);
      } catch (error) {
        log(`Starting the language client failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        status.setState('stopped');
        reject(error);
      }
    });
  });
  ready.catch(() => undefined);
  current = ready;
  const languageClient = async (): Promise<LanguageClient> => (await ready).client;

  let restarting: Promise<void> | undefined;
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMAND_RESTART, async () => {
      restarting ??= ready
        .then((s) => s.restart())
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
  registerCommands(context, languageClient, log);
  const containerMap = registerContainerMap(context, languageClient, log);
  status.setState('starting');

  const end = performance.now();
  const activation: ActivationTimes = {
    sinceBundleStartMs: typeof __dgtBundleStart === 'number' ? end - __dgtBundleStart : undefined,
    activateMs: end - activateStart,
  };
  log(`Activated in ${activation.activateMs.toFixed(1)} ms${activation.sinceBundleStartMs !== undefined ? ` (${activation.sinceBundleStartMs.toFixed(1)} ms since the extension's code started to run)` : ''}.`);

  return {
    activation,
    get serverState(): ServerState {
      return server ? server.state() : 'starting';
    },
    get findings() {
      return status.total;
    },
    source: DIAGNOSTIC_SOURCE,
    revealContainer: (name: string) => containerMap.reveal(name),
  };
}

export async function deactivate(): Promise<void> {
  const c = current;
  current = undefined;
  if (c) await c.then((s) => s.client.dispose()).catch(() => undefined);
}
