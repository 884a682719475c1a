// The read-and-parse floor: what any tool must spend to look at the same files the CLI analyses.
// It walks the folder as the CLI does (same file kinds, same skipped folders, same 2 MB limit and
// UTF-8 decoding), reads every Dockerfile, compose file and Go file, and parses it, with no rules
// and no project model. Bundled by bench/run.mjs with the same esbuild settings as dist/cli.js.
//
//   node floor.cjs <dir> raw     parse with the libraries only: dockerfile-ast, yaml, tree-sitter-go
//   node floor.cjs <dir> model   parse with this project's parse layer (parseDockerfile, parseCompose, parseGo)
//   node floor.cjs <dir> raw as-cli    as raw, run as the CLI runs itself: Node's helper threads at the
//                                      lowest priority (server/src/threads.ts) and the CLI's V8 setting
//                                      (server/src/cli/v8Tuning.ts), the same treatment for both
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { Parser, Language } from 'web-tree-sitter';
import { fileKind, SKIPPED_DIRS, MAX_FILE_BYTES } from '../server/src/project/files';
import { decodeText, LineIndex } from '../server/src/core/text';
import { lowerHelperThreadPriority } from '../server/src/threads';
import { tuneV8ForShortRun } from '../server/src/cli/v8Tuning';
// The project's parse layer is loaded in `model` mode only: parse/dockerfile.ts changes
// dockerfile-ast's classes when it loads (it keeps their argument lists), and the raw floor is the
// libraries as they come.
let layer;

const [dir, mode = 'raw', treatment] = process.argv.slice(2);
if (treatment === 'as-cli') {
  lowerHelperThreadPriority();
  tuneV8ForShortRun();
}
const t0 = performance.now();

function walk(root) {
  const out = [];
  const stack = [root];
  while (stack.length) {
    const d = stack.pop();
    let entries;
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) stack.push(full);
      } else if (e.isFile()) {
        const k = fileKind(full);
        if (k === 'dockerfile' || k === 'compose' || k === 'go') out.push({ file: full, kind: k });
      }
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}

let goParser;
async function initRaw() {
  const wasmDir = __dirname;
  await Parser.init({ locateFile: () => path.join(wasmDir, 'web-tree-sitter.wasm') });
  const lang = await Language.load(fs.readFileSync(path.join(wasmDir, 'tree-sitter-go.wasm')));
  goParser = new Parser();
  goParser.setLanguage(lang);
}

const parsers = {
  raw: {
    dockerfile: (t) => DockerfileParser.parse(t).getInstructions().length,
    compose: (t) => parseAllDocuments(t, { prettyErrors: false, strict: false, uniqueKeys: false }),
    go: (t) => {
      const tree = goParser.parse(t);
      const n = tree?.rootNode.childCount;
      tree?.delete();
      return n;
    },
  },
  model: {
    dockerfile: (t) => layer.parseDockerfile(t, new LineIndex(t)),
    compose: (t) => layer.parseCompose(t),
    go: (t) => layer.parseGo(t),
  },
};

async function main() {
  if (mode === 'raw') await initRaw();
  else {
    const [dockerfile, compose, go] = await Promise.all([import('../server/src/parse/dockerfile'), import('../server/src/parse/compose'), import('../server/src/parse/go')]);
    layer = { parseDockerfile: dockerfile.parseDockerfile, parseCompose: compose.parseCompose, parseGo: go.parseGo };
    await go.initGoParser();
  }
  const tInit = performance.now();
  const files = walk(path.resolve(dir));
  let bytes = 0;
  let parsed = 0;
  let skipped = 0;
  const byKind = { dockerfile: 0, compose: 0, go: 0 };
  const kindMs = { dockerfile: 0, compose: 0, go: 0 };
  for (const { file, kind } of files) {
    let buf;
    try {
      if (fs.statSync(file).size > MAX_FILE_BYTES) {
        skipped++;
        continue;
      }
      buf = fs.readFileSync(file);
    } catch {
      continue;
    }
    bytes += buf.length;
    const r = decodeText(buf);
    if ('skipped' in r) {
      skipped++;
      continue;
    }
    const text = r.text;
    const tk = performance.now();
    parsers[mode][kind](text);
    kindMs[kind] += performance.now() - tk;
    byKind[kind]++;
    parsed++;
  }
  const t1 = performance.now();
  process.stdout.write(
    JSON.stringify({ mode, files: files.length, parsed, skipped, bytes, byKind, initMs: tInit - t0, workMs: t1 - tInit, kindMs }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exitCode = 2;
});
