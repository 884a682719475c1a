/**
 * What the server's engine side (server.ts and what it loads) needs of vscode-languageserver at run
 * time. main.ts hands these over, so that the engine's bundle (dist/serverEngine.js) has no second
 * copy of the library: server.ts and convert.ts import only its types.
 */
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MarkupKind,
  WatchKind,
} from 'vscode-languageserver/node';

export const PROTOCOL = {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MarkupKind,
  WatchKind,
};
export type Protocol = typeof PROTOCOL;
