/**
 * Entry point of the standalone language server: `docker-go-traps-language-server --stdio`
 * (or --node-ipc, as the VS Code client starts it).
 *
 * Unlike the CLI, the server leaves Node's helper threads at their priority (server/src/threads.ts):
 * measured on the synthetic monorepo, lowering them did not make the first diagnostics reliably
 * faster and raised the server's peak memory by 2–4 MB, close to its 150 MB target.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { VERSION } from '../version';

if (process.argv.includes('--version')) process.stdout.write(VERSION + '\n');
else startServer(createConnection(ProposedFeatures.all));
