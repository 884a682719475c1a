// An esbuild plugin: `import * as path from 'node:path'` (and fs, os, perf_hooks) in this project's code is bundled
// as an ES module with one export per property of the built-in module. esbuild's CommonJS interop
// would otherwise copy the module into an object with a getter per property, so that every
// `path.join(…)` first calls a getter; with the exports esbuild calls the function directly.
// The same for the libraries the analysis calls most often through their exports (yaml's isMap,
// isScalar…, dockerfile-ast's classes in `instanceof` tests): their exports are read once, when the
// bundle loads, instead of through a getter at every use.
// Used through scripts/bundleOptions.mjs by scripts/build.mjs and by the benchmarks' bundles.
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const NAMESPACE = 'dgt-builtin-esm';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const BUILTINS = /^node:(path|fs|os|perf_hooks)$/;
const LIBRARIES = /^(yaml|dockerfile-ast)$/;

export const builtinsAsEsm = {
  name: 'builtins-as-esm',
  setup(b) {
    // Libraries keep esbuild's interop; the module below requires the real one.
    const skip = (args) => args.namespace === NAMESPACE || args.importer.includes('node_modules');
    b.onResolve({ filter: BUILTINS }, (args) => (skip(args) ? undefined : { path: args.path, namespace: NAMESPACE }));
    // A library by the file it resolves to from the importer: two copies of it in different
    // node_modules folders (bench/ has its own) stay two modules.
    b.onResolve({ filter: LIBRARIES }, (args) => {
      if (skip(args)) return undefined;
      const file = createRequire(args.resolveDir + '/').resolve(args.path);
      return { path: path.relative(process.cwd(), file), namespace: NAMESPACE, pluginData: { file } };
    });
    b.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
      const builtin = BUILTINS.test(args.path);
      const file = builtin ? args.path : args.pluginData.file;
      const mod = require(file);
      // Built-ins: data properties only (an accessor — fs.promises, or a constant a later Node
      // deprecates with a warning on access — would be read when the bundle loads). The libraries'
      // accessors are TypeScript's re-exports of their classes, safe to read once.
      const names = Object.keys(mod).filter((n) => IDENTIFIER.test(n) && n !== 'default' && (!builtin || 'value' in (Object.getOwnPropertyDescriptor(mod, n) ?? {})));
      const lines = [`const m = require(${JSON.stringify(file)});`, ...names.map((n) => `export const ${n} = m.${n};`), 'export default m;'];
      return { contents: lines.join('\n') + '\n', loader: 'js', resolveDir: builtin ? process.cwd() : path.dirname(file) };
    });
  },
};
