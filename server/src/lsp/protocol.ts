/**
 * What the server's engine side (server.ts and what it loads) needs of vscode-languageserver at run
 * time. main.ts hands the library over, so that the engine's bundle (dist/serverEngine.js) has no
 * second copy of it: server.ts and convert.ts import only its types.
 */
import * as lsp from 'vscode-languageserver/node';

export type Protocol = Pick<
  typeof lsp,
  | 'CodeActionKind'
  | 'DidChangeConfigurationNotification'
  | 'DidChangeWatchedFilesNotification'
  | 'FileChangeType'
  | 'LSPErrorCodes'
  | 'MarkupKind'
  | 'ResponseError'
  | 'WatchKind'
>;
export const PROTOCOL: Protocol = lsp;
