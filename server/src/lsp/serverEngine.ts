/**
 * The engine side of the language server, bundled on its own as dist/serverEngine.js (beside
 * dist/server.js; out/server/src/lsp/serverEngine.js when unbundled). main.ts loads it when
 * `initialized` comes.
 */
export { startServer } from './server';
