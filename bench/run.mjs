// `npm run bench`: the measurements of docs/benchmarks.md, in one harness. Not part of `npm test`.
//
//   node bench/run.mjs [--only corpus,monorepo,edit,startup,profile,scale] [--runs N] [--edits N] [--edit-rounds N]
//                      [--corpus DIR] [--json FILE] [--scale-cli PATH] [--scale-server PATH] [--scale-timeout S]
//
// Needs dist/ (npm run bench builds it first). The peer language server (docker-langserver) comes
// from bench/node_modules (`npm ci --prefix bench`); without it the comparisons are skipped.
// Every spawned process is measured the same way: wall time from here, CPU time and peak RSS from
// the process itself (lib/rusage.cjs). Results go to stdout and, as JSON, to --json.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { runNode, machine } from './lib/proc.mjs';
import { BenchClient } from './lib/lsp.mjs';
import { summary, median, ms, sec, mb } from './lib/stats.mjs';
import { generate } from './monorepo.mjs';
import { profileCorpus } from './profile.mjs';
import { benchScale } from './scale.mjs';
import { bundleOptions } from '../scripts/bundleOptions.mjs';
import { nameBuild } from '../scripts/buildLine.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(here);
const require = createRequire(import.meta.url);
const CLI = path.join(ROOT, 'dist', 'cli.js');
const SERVER = path.join(ROOT, 'dist', 'server.js');
// Our server is started as the VS Code client starts it: with the Node options of client/src/serverNodeArgs.json.
const SERVER_NODE_ARGS = JSON.parse(fs.readFileSync(path.join(ROOT, 'client', 'src', 'serverNodeArgs.json'), 'utf8'));
const OURS = [...SERVER_NODE_ARGS, SERVER, '--stdio'];
const CLIENT = path.join(ROOT, 'dist', 'client.js');
const PEER = path.join(here, 'node_modules', 'dockerfile-language-server-nodejs', 'bin', 'docker-langserver');
const DCLINT = path.join(here, 'node_modules', 'dclint', 'bin', 'dclint.cjs');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const ONLY = new Set((arg('only', 'startup,corpus,edit,monorepo,profile,scale') ?? '').split(','));
const RUNS = Number(arg('runs', '5'));
const EDITS = Number(arg('edits', '50'));
const EDIT_ROUNDS = Number(arg('edit-rounds', '3'));
const CORPUS = path.resolve(arg('corpus', path.join(ROOT, '..', 'shared', 'corpus')));
const JSON_OUT = arg('json', path.join(os.tmpdir(), `dgt-bench-${Date.now()}.json`));

const results = { machine: machine(), commands: process.argv.slice(1).join(' '), serverNodeArgs: SERVER_NODE_ARGS };
const log = (s = '') => process.stdout.write(s + '\n');

function tmpdir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Bundles the floor with the CLI's esbuild settings and puts the wasm files beside it. Like the CLI
 * (dist/cli.js → dist/cliMain.js), it is a launcher that runs the floor's bundle through
 * server/src/cli/codeCache.ts, and its code cache is made the same way, by one run over the rule
 * fixtures: both start from V8's code cache, or (DOCKER_GO_TRAPS_CODE_CACHE=off) both compile.
 */
async function bundleFloor() {
  const { build } = require('esbuild');
  const out = tmpdir('dgt-floor-');
  const common = bundleOptions(ROOT);
  const main = path.join(out, 'floorMain.js');
  await build({ ...common, entryPoints: [path.join(here, 'floor.mjs')], outfile: main });
  nameBuild(main);
  await build({
    ...common,
    stdin: { contents: "import { runBundle } from './server/src/cli/codeCache';\nrunBundle(require('node:path').join(__dirname, 'floorMain.js'));\n", resolveDir: ROOT, loader: 'ts' },
    outfile: path.join(out, 'floor.cjs'),
  });
  for (const w of ['tree-sitter-go.wasm', 'web-tree-sitter.wasm']) fs.copyFileSync(path.join(ROOT, 'dist', w), path.join(out, w));
  const train = await runNode(path.join(out, 'floor.cjs'), [path.join(ROOT, 'test', 'fixtures'), 'raw'], { cwd: ROOT, env: { DOCKER_GO_TRAPS_CODE_CACHE: 'write' } });
  if (train.code !== 0 || !fs.existsSync(path.join(out, 'floorMain.cache'))) throw new Error(`the floor's code cache was not made: ${train.stderr}`);
  return path.join(out, 'floor.cjs');
}

const cpu = (r) => (r.userMs ?? NaN) + (r.systemMs ?? NaN);

// ---- (a) corpus: CLI vs the read-and-parse floor -------------------------------------------------

async function benchCorpus() {
  log(`## Corpus scan: ${CORPUS}`);
  if (!fs.existsSync(CORPUS)) {
    log('  (skipped: no corpus)');
    return;
  }
  const floor = await bundleFloor();
  const rows = { cli: [], cliCompiling: [], floorRaw: [], floorRawCompiling: [], floorRawAsCli: [], floorModel: [] };
  let info = {};
  const off = { DOCKER_GO_TRAPS_CODE_CACHE: 'off' };
  for (let k = 0; k < RUNS; k++) {
    for (const [key, env] of [['cli', {}], ['cliCompiling', off]]) {
      const cli = await runNode(CLI, ['check', CORPUS, '--format', 'json', '--fail-on', 'info'], { cwd: ROOT, env });
      if (cli.code !== 0 && cli.code !== 1) throw new Error(`the CLI failed (${cli.code}): ${cli.stderr.slice(-2000)}`);
      const json = JSON.parse(cli.stdout);
      info = { files: json.files, findings: json.diagnostics.length, crashes: (cli.stderr.match(/ failed on /g) ?? []).length };
      rows[key].push(cli);
    }
    for (const [key, mode, treatment, env] of [['floorRaw', 'raw'], ['floorRawCompiling', 'raw', undefined, off], ['floorRawAsCli', 'raw', 'as-cli'], ['floorModel', 'model']]) {
      const f = await runNode(floor, [CORPUS, mode, ...(treatment ? [treatment] : [])], { cwd: ROOT, env });
      if (f.code !== 0) throw new Error(`the floor failed: ${f.stderr}`);
      rows[key].push({ ...f, inner: JSON.parse(f.stdout) });
    }
  }
  const s = (xs, get) => median(xs.map(get));
  const out = {};
  for (const [key, xs] of Object.entries(rows)) out[key] = { wallMs: s(xs, (r) => r.wallMs), cpuMs: s(xs, cpu), maxRssMB: s(xs, (r) => r.maxRssMB) };
  out.floorRaw.files = rows.floorRaw[0].inner.parsed;
  out.floorRaw.kindMs = rows.floorRaw[0].inner.kindMs;
  out.floorModel.kindMs = rows.floorModel[0].inner.kindMs;
  out.cli = { ...out.cli, ...info };
  out.ratioWall = out.cli.wallMs / out.floorRaw.wallMs;
  out.ratioCpu = out.cli.cpuMs / out.floorRaw.cpuMs;
  out.ratioWallAsCli = out.cli.wallMs / out.floorRawAsCli.wallMs;
  out.ratioCpuAsCli = out.cli.cpuMs / out.floorRawAsCli.cpuMs;
  out.ratioWallCompiling = out.cliCompiling.wallMs / out.floorRawCompiling.wallMs;
  results.corpus = out;
  log(`  files analysed: ${info.files}, findings: ${info.findings}, crashes: ${info.crashes} (median of ${RUNS} runs each)`);
  log(`  CLI (dist/cli.js check --format json):      wall ${sec(out.cli.wallMs)}, CPU ${sec(out.cli.cpuMs)}, peak RSS ${mb(out.cli.maxRssMB)}`);
  log(`  CLI without its code cache (compiling):     wall ${sec(out.cliCompiling.wallMs)}, CPU ${sec(out.cliCompiling.cpuMs)}`);
  log(`  floor, libraries only (raw):                wall ${sec(out.floorRaw.wallMs)}, CPU ${sec(out.floorRaw.cpuMs)}, peak RSS ${mb(out.floorRaw.maxRssMB)}`);
  log(`  floor, raw, without its code cache:         wall ${sec(out.floorRawCompiling.wallMs)}, CPU ${sec(out.floorRawCompiling.cpuMs)}`);
  log(`  floor, raw, run as the CLI runs (helper threads lowered, its V8 setting): wall ${sec(out.floorRawAsCli.wallMs)}, CPU ${sec(out.floorRawAsCli.cpuMs)}`);
  log(`  floor, this project's parse layer (model):  wall ${sec(out.floorModel.wallMs)}, CPU ${sec(out.floorModel.cpuMs)}, peak RSS ${mb(out.floorModel.maxRssMB)}`);
  log(`  CLI / raw floor: ${out.ratioWall.toFixed(2)}x wall, ${out.ratioCpu.toFixed(2)}x CPU; / the floor run as the CLI runs: ${out.ratioWallAsCli.toFixed(2)}x wall, ${out.ratioCpuAsCli.toFixed(2)}x CPU; both compiling: ${out.ratioWallCompiling.toFixed(2)}x wall`);
  // The peer compose linter, once, for comparison: does it get through the whole corpus?
  if (fs.existsSync(DCLINT)) {
    const d = await runNode(DCLINT, ['-r', CORPUS, '-f', 'json', '--color', 'false'], { cwd: ROOT });
    const aborted = /^\s*at /m.test(d.stderr) ? d.stderr.split('\n').find((l) => l.trim()) : undefined;
    out.dclint = { code: d.code, wallMs: d.wallMs, aborted };
    log(`  dclint -r (compose files only): exit ${d.code} after ${sec(d.wallMs)}${aborted ? `, aborted the whole run: ${aborted}` : ''}`);
  }
}

// ---- (b) synthetic monorepo: CLI and language server cold scan, memory, single-file edit --------

function editedDockerfile(text, k) {
  return text.replace(/^# Service (\d+):.*$/m, (_m, i) => `# Service ${i}: edit ${k}`);
}

async function benchMonorepo() {
  const root = tmpdir('dgt-monorepo-');
  const counts = generate(root);
  log(`## Synthetic monorepo: ${counts.total} files (${counts.dockerfile} Dockerfiles, ${counts.compose} compose files, ${counts.goMain} Go mains, ${counts.noise} noise) in ${root}`);
  const out = { counts };
  const cliRuns = [];
  for (let k = 0; k < Math.min(RUNS, 3); k++) cliRuns.push(await runNode(CLI, ['check', root, '--format', 'json', '--fail-on', 'info'], { cwd: root }));
  const json = JSON.parse(cliRuns[0].stdout);
  out.cli = { files: json.files, findings: json.diagnostics.length, wallMs: median(cliRuns.map((r) => r.wallMs)), cpuMs: median(cliRuns.map(cpu)), maxRssMB: median(cliRuns.map((r) => r.maxRssMB)) };
  log(`  CLI, whole monorepo: ${out.cli.files} files analysed, ${out.cli.findings} findings; wall ${sec(out.cli.wallMs)}, CPU ${sec(out.cli.cpuMs)}, peak RSS ${mb(out.cli.maxRssMB)}`);

  const c = await BenchClient.start(OURS, root);
  const rel = 'services/svc-0350/Dockerfile';
  const text = fs.readFileSync(path.join(root, rel), 'utf8');
  const first = await c.open(rel, 'dockerfile', text);
  const afterOpen = c.rss();
  const edits = [];
  for (let k = 0; k < Math.max(5, Math.floor(EDITS / 2)); k++) edits.push((await c.change(first.uri, editedDockerfile(text, k))).ms);
  const goRel = 'services/svc-0350/cmd/server/main.go';
  const goText = fs.readFileSync(path.join(root, goRel), 'utf8');
  const goOpen = await c.open(goRel, 'go', goText);
  const goEdits = [];
  for (let k = 0; k < Math.max(5, Math.floor(EDITS / 2)); k++) goEdits.push((await c.change(goOpen.uri, goText.replace('var version = "dev"', `var version = "dev${k}"`))).ms);
  const afterEdits = c.rss();
  const usage = await c.stop();
  out.server = {
    initializeMs: c.initializeMs,
    firstDiagnosticsMs: first.ms,
    firstDiagnostics: first.diagnostics.length,
    rssAfterOpenMB: afterOpen.rssMB,
    rssAfterEditsMB: afterEdits.rssMB,
    peakRssMB: Math.max(afterEdits.peakMB, usage.maxRssMB ?? 0),
    cpuMs: cpu(usage),
    dockerfileEdit: summary(edits),
    goOpenMs: goOpen.ms,
    goEdit: summary(goEdits),
  };
  const s = out.server;
  log(`  language server: initialize ${ms(s.initializeMs)}; first diagnostics of ${rel} after open ${ms(s.firstDiagnosticsMs)} (workspace scan + project model)`);
  log(`  language server: Dockerfile edit median ${ms(s.dockerfileEdit.median)} (p90 ${ms(s.dockerfileEdit.p90)}, n=${s.dockerfileEdit.n}); main.go edit median ${ms(s.goEdit.median)} (p90 ${ms(s.goEdit.p90)})`);
  log(`  language server RSS: ${mb(s.rssAfterOpenMB)} after the first analysis, ${mb(s.rssAfterEditsMB)} after the edits, peak ${mb(s.peakRssMB)}`);
  results.monorepo = out;
  fs.rmSync(root, { recursive: true, force: true });
}

// ---- (c) edit latency on a 1,000-line Dockerfile: ours vs docker-langserver ---------------------

export function thousandLineDockerfile() {
  const lines = [
    '# syntax=docker/dockerfile:1',
    'ARG GO_VERSION=1.22',
    'FROM golang:${GO_VERSION} AS build',
    'WORKDIR /src',
    'COPY go.mod ./',
    'RUN go mod download',
    'COPY . .',
    'RUN go build -o /out/app .',
  ];
  for (let i = 0; lines.length < 985; i++) {
    lines.push(
      `# step ${i}: 安装依赖 and configure`,
      `ENV STEP_${i}=value-${i}`,
      `LABEL com.example.step${i}="step ${i}"`,
      'RUN set -eux; \\',
      `    apt-get update; \\`,
      `    apt-get install -y --no-install-recommends ca-certificates tzdata pkg${i}; \\`,
      '    rm -rf /var/lib/apt/lists/*',
      `COPY config/${i}.yaml /etc/app/${i}.yaml`,
    );
  }
  lines.push('FROM alpine:3.20', 'RUN apk add --no-cache ca-certificates', 'COPY --from=build /out/app /usr/local/bin/app');
  while (lines.length < 999) lines.push(`# padding ${lines.length}`);
  lines.push('ENTRYPOINT ["/usr/local/bin/app"]');
  return lines.join('\n') + '\n';
}

/** The edits of the two edit cases: replace line 500 (the synthetic file), or append a comment line (the corpus file). */
const EDIT_KINDS = {
  line500: (lines, k) => {
    const copy = [...lines];
    copy[500] = `ENV EDITED=${k}`;
    return copy.join('\n');
  },
  append: (lines, k) => [...lines.slice(0, lines.length - 1), `# edited ${k}`, lines[lines.length - 1]].join('\n'),
};

async function editLatency(command, label, root, text, edit = EDIT_KINDS.line500) {
  const c = await BenchClient.start(command, root);
  const rel = 'Dockerfile';
  const first = await c.open(rel, 'dockerfile', text);
  const lines = text.split('\n');
  const times = [];
  for (let k = 0; k < EDITS + 5; k++) {
    const r = await c.change(first.uri, edit(lines, k));
    if (k >= 5) times.push(r.ms);
  }
  const usage = await c.stop();
  const s = summary(times);
  log(`  ${label.padEnd(18)} open→diagnostics ${ms(first.ms)}; edit→diagnostics median ${ms(s.median)} (p90 ${ms(s.p90)}, min ${ms(s.min)}, n=${s.n}); diagnostics ${first.diagnostics.length}; server CPU ${sec(cpu(usage))}`);
  return { openMs: first.ms, diagnostics: first.diagnostics.length, edit: s, cpuMs: cpu(usage) };
}

/**
 * The corpus's files named `Dockerfile`, in path order, concatenated as they are (line endings
 * kept) until past 1,000 lines: real Dockerfiles with 59 stages and many kinds of instruction, where
 * the synthetic file repeats one pattern.
 */
export function corpusDockerfile(corpus) {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === 'Dockerfile') files.push(path.relative(corpus, full).split(path.sep).join('/'));
    }
  };
  walk(corpus);
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let text = '';
  for (const f of files) {
    text += fs.readFileSync(path.join(corpus, f), 'utf8');
    if (text.split('\n').length > 1000) break;
  }
  return text;
}

async function benchEdit() {
  await benchEditOf('synthetic', thousandLineDockerfile(), EDIT_KINDS.line500, 'line 501 replaced');
  if (fs.existsSync(CORPUS)) await benchEditOf('corpus', corpusDockerfile(CORPUS), EDIT_KINDS.append, 'a comment line appended');
  else log('  (corpus edit case skipped: no corpus)');
}

async function benchEditOf(name, text, edit, how) {
  const root = tmpdir('dgt-edit-');
  fs.writeFileSync(path.join(root, 'Dockerfile'), text);
  fs.writeFileSync(path.join(root, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
  fs.writeFileSync(path.join(root, 'main.go'), 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n');
  fs.writeFileSync(path.join(root, 'compose.yaml'), 'services:\n  app:\n    build: .\n    ports:\n      - "8080:8080"\n');
  const stages = text.split('\n').filter((l) => /^\s*FROM\s/i.test(l)).length;
  log(`## Edit latency (${name}): full-text edit (${how}) → publishDiagnostics on a ${text.split('\n').length - 1}-line Dockerfile with ${stages} stages (per server start: warm-up 5, then ${EDITS} edits; ${EDIT_ROUNDS} rounds, the two servers alternating)`);
  const out = { lines: text.split('\n').length - 1, stages, rounds: EDIT_ROUNDS };
  const hasPeer = fs.existsSync(PEER);
  const runs = { ours: [], peer: [] };
  for (let r = 0; r < EDIT_ROUNDS; r++) {
    // Each round starts each server afresh; which goes first alternates, so that neither always runs
    // on the machine as the other left it (this machine's speed moves with its neighbours).
    const order = r % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours'];
    for (const who of order) {
      if (who === 'ours') runs.ours.push(await editLatency(OURS, `docker-go-traps #${r + 1}`, root, text, edit));
      else if (hasPeer) runs.peer.push(await editLatency([PEER, '--stdio'], `docker-langserver #${r + 1}`, root, text, edit));
    }
  }
  // Pooled over the rounds: the median of every measured edit.
  const pooled = (rs) => ({ rounds: rs, edit: summary(rs.flatMap((x) => x.edit.samples)), openMs: median(rs.map((x) => x.openMs)), cpuMs: median(rs.map((x) => x.cpuMs)) });
  out.ours = pooled(runs.ours);
  log(`  docker-go-traps, all rounds:   edit→diagnostics median ${ms(out.ours.edit.median)} (p90 ${ms(out.ours.edit.p90)}, n=${out.ours.edit.n})`);
  if (hasPeer) {
    out.peer = pooled(runs.peer);
    log(`  docker-langserver, all rounds: edit→diagnostics median ${ms(out.peer.edit.median)} (p90 ${ms(out.peer.edit.p90)}, n=${out.peer.edit.n})`);
    out.ratio = out.ours.edit.median / out.peer.edit.median;
    out.roundRatios = runs.ours.map((o, k) => o.edit.median / runs.peer[k].edit.median);
    log(`  ours / docker-langserver: ${out.ratio.toFixed(2)}x (median of all edits); per round ${out.roundRatios.map((x) => x.toFixed(2) + 'x').join(', ')}`);
  } else log('  docker-langserver: not installed (npm ci --prefix bench); comparison skipped');
  (results.edit ??= {})[name] = out;
  fs.rmSync(root, { recursive: true, force: true });
}

// ---- (d) start-up: spawn → initialize response --------------------------------------------------

async function benchStartup() {
  const root = tmpdir('dgt-startup-');
  fs.writeFileSync(path.join(root, 'Dockerfile'), 'FROM alpine\n');
  const n = Math.max(RUNS * 2, 10);
  log(`## Start-up: spawn → initialize response (${n} runs each)`);
  const out = {};
  const servers = [['docker-go-traps', OURS]];
  if (fs.existsSync(PEER)) servers.push(['docker-langserver', [PEER, '--stdio']]);
  const nodeOnly = [];
  for (let k = 0; k < n; k++) nodeOnly.push((await runNode('-e', ['0'])).wallMs);
  out.nodeBaseline = summary(nodeOnly);
  log(`  ${'node -e 0'.padEnd(18)} median ${ms(out.nodeBaseline.median)} (process start and exit, for reference)`);
  for (const [label, cmd] of servers) {
    const times = [];
    const firstDiagnostics = [];
    for (let k = 0; k < n; k++) {
      // Also spawn → the first diagnostics of a Dockerfile opened right after `initialized`: our
      // server answers `initialize` before it loads its engine (server/src/lsp/main.ts).
      const t0 = performance.now();
      const c = await BenchClient.start(cmd, root);
      times.push(c.initializeMs);
      await c.open('Dockerfile', 'dockerfile', 'FROM alpine\n');
      firstDiagnostics.push(performance.now() - t0);
      await c.stop();
    }
    out[label] = summary(times);
    out[`${label} first diagnostics`] = summary(firstDiagnostics);
    log(`  ${label.padEnd(18)} median ${ms(out[label].median)} (p90 ${ms(out[label].p90)}, min ${ms(out[label].min)}); spawn → first diagnostics of an opened Dockerfile: median ${ms(out[`${label} first diagnostics`].median)}`);
  }
  // Extension code loading: require() of the client bundle in plain Node with a stand-in `vscode`
  // (bench/lib/load-client.cjs); the activate() call itself is measured in VS Code by the e2e suite
  // (test-results/e2e/activation.json). dist/serverClient.js loads after activation.
  for (const [label, file] of [['client.js', CLIENT], ['serverClient.js', path.join(path.dirname(CLIENT), 'serverClient.js')]]) {
    const loads = [];
    for (let k = 0; k < n; k++) {
      const r = await runNode(path.join(here, 'lib', 'load-client.cjs'), [file]);
      if (r.code !== 0) throw new Error(`loading ${file} failed: ${r.stderr}`);
      loads.push(JSON.parse(r.stdout).loadMs);
    }
    out[`load ${label}`] = summary(loads);
    log(`  require(dist/${label})`.padEnd(21) + ` median ${ms(out[`load ${label}`].median)} (p90 ${ms(out[`load ${label}`].p90)})${label === 'client.js' ? ' — the extension code VS Code loads before activate()' : ' — loaded after activation'}`);
  }
  results.startup = out;
  fs.rmSync(root, { recursive: true, force: true });
}

async function main() {
  for (const f of [CLI, SERVER]) if (!fs.existsSync(f)) throw new Error(`${f} is missing: run npm run build (npm run bench does)`);
  const m = results.machine;
  log(`# docker-go-traps benchmarks — ${m.date}`);
  log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memGB} GB, ${m.os}, node ${m.node}; load average at start: ${m.loadavg}`);
  log(`docker-go-traps' server started as the VS Code client starts it: node ${[...SERVER_NODE_ARGS, 'dist/server.js', '--stdio'].join(' ')}`);
  log();
  if (ONLY.has('startup')) await benchStartup();
  if (ONLY.has('corpus')) await benchCorpus();
  if (ONLY.has('edit')) await benchEdit();
  if (ONLY.has('monorepo')) await benchMonorepo();
  if (ONLY.has('profile')) results.profile = await profileCorpus({ corpus: CORPUS, log });
  if (ONLY.has('scale')) {
    results.scale = await benchScale({
      cli: path.resolve(arg('scale-cli', CLI)),
      server: path.resolve(arg('scale-server', SERVER)),
      serverNodeArgs: SERVER_NODE_ARGS,
      timeoutS: Number(arg('scale-timeout', '300')),
      log,
    });
  }
  results.loadavgAtEnd = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  log();
  log(`load average at end: ${results.loadavgAtEnd}`);
  fs.writeFileSync(JSON_OUT, JSON.stringify(results, null, 2) + '\n');
  log(`results: ${JSON_OUT}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exitCode = 1;
  });
}
