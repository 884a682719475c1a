/**
 * Entry point of the standalone language server: `docker-go-traps-language-server --stdio`
 * (or --node-ipc, as the VS Code client starts it).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { VERSION } from '../version';

if (process.argv.includes('--version')) process.stdout.write(VERSION + '\n');
else startServer(createConnection(ProposedFeatures.all));
