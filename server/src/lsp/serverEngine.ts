/**
 * The engine side of the language server, bundled on its own as dist/serverEngine.js (beside
 * dist/server.js; out/server/src/lsp/serverEngine.js when unbundled). main.ts loads it when
 * `initialized` comes.
 */
export { startServer } from './server';
/**
 * The rule objects the server runs. Nothing in the product uses this export: tests that need a rule to
 * misbehave inside the real server (one that never returns: test/support/hangProbe.ts) reach it
 * from a preload.
 */
export { RULES } from '../rules/registry';
