// The commands that talk to the server with requests of its own: "Generate Dockerfile for this Go
// module", "Debug Go in a container" and "Scan Workspace". The server does the work (it has the
// project model and the Go facts); the client only asks the user, shows and writes files.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const COMMAND_GENERATE = 'dockerGoTraps.generateDockerfile';
export const COMMAND_SCAN = 'dockerGoTraps.scanWorkspace';
export const COMMAND_DEBUG = 'dockerGoTraps.debugInContainer';
const GENERATE_REQUEST = 'dockerGoTraps/generateDockerfile';
const DEBUG_REQUEST = 'dockerGoTraps/debugInContainer';
/** Proposed files are shown read-only under this scheme before anything is written. */
export const PREVIEW_SCHEME = 'docker-go-traps-preview';
const SCAN_REQUEST = 'dockerGoTraps/scanWorkspace';

// The shapes of the server's answers (server/src/lsp/server.ts).
type GenerateResponse =
  | { status: 'error'; message: string }
  | { status: 'chooseModule'; modules: string[] }
  | { status: 'chooseMain'; moduleUri: string; mains: { uri: string; rel: string; listens: boolean }[] }
  | { status: 'ok'; moduleUri: string; mainUri: string; files: { uri: string; name: string; text: string; exists: boolean }[]; notes: string[] };

export interface ScanResult {
  files: number;
  findings: number;
  byFile: Record<string, number>;
  message: string;
}

/**
 * Arguments of the generate command, all optional; without them it asks. The explorer's context
 * menu passes the go.mod's Uri; tests pass an object so that nothing waits for a person.
 */
export interface GenerateArgs {
  /** A file or folder in the module. Default: the active editor's file, else the workspace folder. */
  uri?: string | vscode.Uri;
  /** Folder of the main package, when the module has several. */
  main?: string;
  /** Write compose.yaml too (undefined: ask). */
  compose?: boolean;
  /** Existing files: ask (default), overwrite ("yes") or keep ("no"). */
  overwrite?: 'ask' | 'yes' | 'no';
}

export interface GenerateOutcome {
  written: string[];
  kept: string[];
  notes: string[];
}

type DebugResponse =
  | { status: 'error'; message: string }
  | { status: 'chooseService'; targets: { service: string | undefined; composeUri: string | undefined; dockerfileUri: string }[] }
  | { status: 'ok'; files: { uri: string; name: string; text: string; exists: boolean }[]; notes: string[]; launch: { name: string }; up: string; port: number };

/** Arguments of "Debug Go in a container", all optional; tests pass them so that nothing waits for a person. */
export interface DebugArgs {
  /** The compose file, Dockerfile or Go file of the program. Default: the active editor's file. */
  uri?: string | vscode.Uri;
  /** The compose service, when the file has several. */
  service?: string;
  /** Ask before writing (default); false writes after showing the files. */
  confirm?: boolean;
}

export interface DebugOutcome {
  written: string[];
  notes: string[];
  /** The name of the launch configuration to start. */
  launch: string;
  up: string;
}

type Send = <R>(method: string, params?: unknown) => Promise<R>;

/** Read-only documents holding the proposed files, by URI. */
class Previews implements vscode.TextDocumentContentProvider {
  private texts = new Map<string, string>();
  private changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
  /** A preview URI for `target` holding `text`: the same path, so that the editor picks the language. */
  put(target: vscode.Uri, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: target.path });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }
}

export function registerCommands(context: vscode.ExtensionContext, client: () => Promise<LanguageClient>, log: (line: string) => void): void {
  const send: Send = async (method, params) => (await client()).sendRequest(method, params);
  const previews = new Previews();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
    vscode.commands.registerCommand(COMMAND_DEBUG, (arg?: DebugArgs | vscode.Uri) =>
      debugInContainer(send, previews, arg instanceof vscode.Uri ? { uri: arg } : (arg ?? {}), log).catch((error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        log(`Debug Go in a container failed: ${text}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Docker Go Traps: could not set up debugging: {0}', text));
        return undefined;
      }),
    ),
    vscode.commands.registerCommand(COMMAND_GENERATE, (arg?: GenerateArgs | vscode.Uri) =>
      generate(send, arg instanceof vscode.Uri ? { uri: arg } : (arg ?? {}), log).catch((error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        log(`Generate Dockerfile failed: ${text}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Docker Go Traps: could not generate the Dockerfile: {0}', text));
        return undefined;
      }),
    ),
    vscode.commands.registerCommand(COMMAND_SCAN, () =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Docker Go Traps: checking the workspace…') },
        async () => {
          const result = await send<ScanResult>(SCAN_REQUEST, {});
          log(result.message);
          void vscode.window.showInformationMessage(result.message);
          // Opens (never toggles) the Problems panel.
          if (result.findings > 0) await vscode.commands.executeCommand('workbench.panel.markers.view.focus');
          return result;
        },
      ),
    ),
  );
}

function startUri(arg: { uri?: string | vscode.Uri }): string | undefined {
  if (arg.uri) return typeof arg.uri === 'string' ? arg.uri : arg.uri.toString();
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file') return active.toString();
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.length === 1 ? folders[0].uri.toString() : undefined;
}

async function generate(send: Send, arg: GenerateArgs, log: (line: string) => void): Promise<GenerateOutcome | undefined> {
  let uri = startUri(arg);
  if (!uri) {
    const folder = await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Which folder holds the Go module?') });
    if (!folder) return undefined;
    uri = folder.uri.toString();
  }
  let main = arg.main;
  for (let round = 0; round < 3; round++) {
    const r: GenerateResponse = await send<GenerateResponse>(GENERATE_REQUEST, { uri, main, compose: true });
    if (r.status === 'error') {
      void vscode.window.showWarningMessage(r.message);
      return undefined;
    }
    if (r.status === 'chooseModule') {
      const picked: { uri: string } | undefined = await vscode.window.showQuickPick(
        r.modules.map((m: string) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(m)), uri: m })),
        { placeHolder: vscode.l10n.t('This folder holds several Go modules: which one?') },
      );
      if (!picked) return undefined;
      uri = picked.uri;
      continue;
    }
    if (r.status === 'chooseMain') {
      const picked: { uri: string } | undefined = await vscode.window.showQuickPick(
        r.mains.map((m: { uri: string; rel: string; listens: boolean }) => ({ label: m.rel, description: m.listens ? vscode.l10n.t('starts a server') : undefined, uri: m.uri })),
        { placeHolder: vscode.l10n.t('The module has several main packages: which one goes into the image?') },
      );
      if (!picked) return undefined;
      main = picked.uri;
      continue;
    }
    return write(r, arg, log);
  }
  return undefined;
}

async function write(r: Extract<GenerateResponse, { status: 'ok' }>, arg: GenerateArgs, log: (line: string) => void): Promise<GenerateOutcome | undefined> {
  let files = r.files;
  if (arg.compose === undefined) {
    const items = files.map((f) => ({
      label: f.name,
      description: f.exists ? vscode.l10n.t('exists: will be overwritten') : undefined,
      picked: f.name !== 'compose.yaml',
      file: f,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      placeHolder: vscode.l10n.t('Files to write (compose.yaml is optional)'),
    });
    if (!picked || picked.length === 0) return undefined;
    files = picked.map((p) => p.file);
  } else if (!arg.compose) files = files.filter((f) => f.name !== 'compose.yaml');

  const existing = files.filter((f) => f.exists);
  const kept: string[] = [];
  const overwrite = arg.overwrite ?? 'ask';
  if (existing.length && overwrite !== 'yes') {
    let replace = false;
    if (overwrite === 'ask') {
      const answer = vscode.l10n.t('Overwrite');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('{0} already exist(s). Overwrite?', existing.map((f) => f.name).join(', ')),
        { modal: true },
        answer,
      );
      replace = choice === answer;
    }
    if (!replace) {
      kept.push(...existing.map((f) => f.uri));
      files = files.filter((f) => !f.exists);
    }
  }

  const written: string[] = [];
  for (const f of files) {
    await vscode.workspace.fs.writeFile(vscode.Uri.parse(f.uri), new TextEncoder().encode(f.text));
    written.push(f.uri);
  }
  for (const note of r.notes) log(`Generate Dockerfile: ${note}`);
  const dockerfile = files.find((f) => f.name === 'Dockerfile');
  if (dockerfile) await vscode.window.showTextDocument(vscode.Uri.parse(dockerfile.uri), { preview: false });
  if (written.length) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Docker Go Traps wrote {0}. {1}', files.map((f) => f.name).join(', '), r.notes.join(' ')),
    );
  }
  return { written, kept, notes: r.notes };
}

async function debugInContainer(send: Send, previews: Previews, arg: DebugArgs, log: (line: string) => void): Promise<DebugOutcome | undefined> {
  const uri = startUri(arg);
  if (!uri) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open the compose file, the Dockerfile or a Go file of the program to debug.'));
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(uri))?.uri.toString();
  let service = arg.service;
  for (let round = 0; round < 2; round++) {
    const r = await send<DebugResponse>(DEBUG_REQUEST, { uri, service, workspaceFolder: folder });
    if (r.status === 'error') {
      void vscode.window.showWarningMessage(r.message);
      return undefined;
    }
    if (r.status === 'chooseService') {
      const picked = await vscode.window.showQuickPick(
        r.targets.map((t) => ({
          label: t.service ?? vscode.workspace.asRelativePath(vscode.Uri.parse(t.dockerfileUri)),
          description: vscode.workspace.asRelativePath(vscode.Uri.parse(t.composeUri ?? t.dockerfileUri)),
          service: t.service ?? t.dockerfileUri.split('/').pop(),
        })),
        { placeHolder: vscode.l10n.t('Which service should run under the debugger?') },
      );
      if (!picked) return undefined;
      service = picked.service;
      continue;
    }
    // Show what would be written: every file in a read-only preview, the Dockerfile in front.
    const shown = [...r.files].sort((a, b) => (a.name.startsWith('Dockerfile') ? 1 : 0) - (b.name.startsWith('Dockerfile') ? 1 : 0));
    for (const f of shown) {
      const preview = previews.put(vscode.Uri.parse(f.uri), f.text);
      await vscode.window.showTextDocument(preview, { preview: false, preserveFocus: f !== shown[shown.length - 1] });
    }
    if (arg.confirm !== false) {
      const answer = vscode.l10n.t('Write');
      const choice = await vscode.window.showInformationMessage(
        vscode.l10n.t('Write {0}?', r.files.map((f) => f.name + (f.exists ? vscode.l10n.t(' (updated)') : '')).join(', ')),
        { modal: true, detail: r.notes.join('\n') },
        answer,
      );
      if (choice !== answer) return undefined;
    }
    const written: string[] = [];
    for (const f of r.files) {
      await vscode.workspace.fs.writeFile(vscode.Uri.parse(f.uri), new TextEncoder().encode(f.text));
      written.push(f.uri);
    }
    for (const note of r.notes) log(`Debug Go in a container: ${note}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Docker Go Traps wrote {0}. {1}', r.files.map((f) => f.name).join(', '), r.notes[r.notes.length - 1] ?? ''));
    return { written, notes: r.notes, launch: r.launch.name, up: r.up };
  }
  return undefined;
}
