/**
 * Entry point of the standalone language server: `docker-go-traps-language-server --stdio`
 * (or --node-ipc, as the VS Code client starts it).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { VERSION } from '../version';
import { lowerHelperThreadPriority } from '../threads';

if (process.argv.includes('--version')) process.stdout.write(VERSION + '\n');
else {
  // The first workspace scan competes with V8's background compiler on a 2-core machine as the CLI's does.
  lowerHelperThreadPriority();
  startServer(createConnection(ProposedFeatures.all));
}
