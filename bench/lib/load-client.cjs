// Loads dist/client.js in plain Node, as VS Code's extension host would, and prints how long the
// require took (reading, compiling and running the bundle) as JSON. `vscode` is provided by the
// extension host; here a stand-in answers every property with another stand-in, which is enough for
// the bundle's top-level code (it only reads names from the API at load time).
const Module = require('node:module');
const path = require('node:path');

function standIn() {
  const fn = function () {
    return standIn();
  };
  return new Proxy(fn, {
    get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : standIn()),
    apply: () => standIn(),
    construct: () => standIn(),
  });
}

const original = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return standIn();
  return original.call(this, request, parent, isMain);
};

const file = path.resolve(process.argv[2]);
const t0 = performance.now();
const exported = require(file);
const loadMs = performance.now() - t0;
process.stdout.write(JSON.stringify({ loadMs, exports: Object.keys(exported).sort() }) + '\n');
