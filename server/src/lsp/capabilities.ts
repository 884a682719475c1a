/**
 * The answer to `initialize`. Kept apart from server.ts so that the entry point can answer before it
 * loads the engine (see main.ts): this module needs only vscode-languageserver.
 */
import { CodeActionKind, InitializeResult, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { VERSION } from '../version';
import { FIX_ALL_KIND } from './names';

export function initializeResult(): InitializeResult {
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      hoverProvider: true,
      // Across files only, where Docker DX's servers do not answer (model/navigation.ts).
      definitionProvider: true,
      referencesProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'docker-go-traps', version: VERSION },
  };
}
