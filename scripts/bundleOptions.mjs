// The esbuild settings the product's bundles are made with (scripts/build.mjs), shared with the
// bundles the benchmarks make to compare against them (bench/run.mjs's read-and-parse floor,
// bench/sameRules.mjs's cut-down CLI), so that all of them are built alike.
import { builtinsAsEsm } from './builtinsAsEsm.mjs';

/** esbuild options for a CommonJS bundle for Node, from the project at `root`, with `plugins` after the project's own. */
export function bundleOptions(root, plugins = []) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    logLevel: 'warning',
    // The wasm files are found next to the bundle at run time; require.resolve is the fallback for unbundled runs.
    logOverride: { 'require-resolve-not-external': 'silent' },
    // web-tree-sitter's ESM entry needs import.meta.url; its CommonJS entry works in a CJS bundle.
    alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
    absWorkingDir: root,
    plugins: [builtinsAsEsm, ...plugins],
  };
}
