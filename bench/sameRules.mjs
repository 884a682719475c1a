// The corpus run against an earlier build, doing the same work: the current CLI is built with only
// the rules the earlier commit had (its docs/rules/DGTnnn-*.md), so that what is compared is the code
// under the rules (parse layer, project model, engine, the rules' own changes), not the rules added
// since. The full current CLI is run beside them.
//
//   node bench/sameRules.mjs --baseline <earlier build's dist/cli.js> --rules-of <commit> [--rounds 10] [--corpus DIR]
//
// An earlier build: `git worktree add /tmp/old <commit> && cd /tmp/old && npm ci && node scripts/build.mjs`.
// The three CLIs are run in turn, `--rounds` times (interleaved, so that the machine's drift touches
// all three alike); reported are the medians and, per round, the difference to the baseline.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { runNode } from './lib/proc.mjs';
import { median, percentile, sec } from './lib/stats.mjs';
import { bundleOptions } from '../scripts/bundleOptions.mjs';
import { nameBuild } from '../scripts/buildLine.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(here);
const require = createRequire(import.meta.url);

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const BASELINE = arg('baseline');
const COMMIT = arg('rules-of');
const ROUNDS = Number(arg('rounds', '10'));
const CORPUS = path.resolve(arg('corpus', path.join(ROOT, '..', 'shared', 'corpus')));
if (!BASELINE || !COMMIT) {
  process.stderr.write('usage: node bench/sameRules.mjs --baseline <dist/cli.js of an earlier build> --rules-of <its commit> [--rounds N] [--corpus DIR]\n');
  process.exit(2);
}

/** The rule ids of `commit`: one documentation page per rule, named after its id. */
function rulesOf(commit) {
  const names = execFileSync('git', ['ls-tree', '--name-only', `${commit}:docs/rules`], { cwd: ROOT, encoding: 'utf8' }).split('\n');
  return [...new Set(names.map((n) => /^(DGT\d{3})-/.exec(n)?.[1]).filter(Boolean))].sort();
}

/**
 * The current CLI (launcher and bundle, as scripts/build.mjs makes them) with its registry cut down to
 * `ids`, and its code cache made the same way, by one run over the rule fixtures and the example.
 */
async function restrictedCli(ids) {
  const { build } = require('esbuild');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-same-rules-'));
  const registry = path.join(ROOT, 'server', 'src', 'rules', 'registry.ts');
  const keepOnly = {
    name: 'keep-only-rules',
    setup(b) {
      b.onLoad({ filter: /[\\/]rules[\\/]registry\.ts$/ }, (a) => {
        if (path.resolve(a.path) !== registry) return undefined;
        const source = fs.readFileSync(a.path, 'utf8');
        const line = 'export const RULE_SET = new RuleSet(RULES);';
        if (!source.includes(line)) throw new Error(`${registry} no longer ends its rule list with "${line}"`);
        const kept = `export const RULE_SET = new RuleSet(RULES.filter((r) => ${JSON.stringify(ids)}.includes(r.id)));`;
        return { contents: source.replace(line, kept), loader: 'ts' };
      });
    },
  };
  const common = bundleOptions(ROOT, [keepOnly]);
  await build({ ...common, entryPoints: ['server/src/cli/launch.ts'], outfile: path.join(out, 'cli.js') });
  await build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: path.join(out, 'cliMain.js') });
  nameBuild(path.join(out, 'cliMain.js'));
  for (const w of ['tree-sitter-go.wasm', 'web-tree-sitter.wasm']) fs.copyFileSync(path.join(ROOT, 'dist', w), path.join(out, w));
  const training = ['test/fixtures', 'examples'].map((d) => path.join(ROOT, d));
  await runNode(path.join(out, 'cli.js'), ['check', ...training, '--format', 'json'], { cwd: ROOT, env: { DOCKER_GO_TRAPS_CODE_CACHE: 'write' } });
  if (!fs.existsSync(path.join(out, 'cliMain.cache'))) throw new Error('the code cache of the cut-down CLI was not made');
  return path.join(out, 'cli.js');
}

const ids = rulesOf(COMMIT);
const current = rulesOf('HEAD');
const clis = {
  baseline: path.resolve(BASELINE),
  'same rules': await restrictedCli(ids),
  current: path.join(ROOT, 'dist', 'cli.js'),
};
const log = (s = '') => process.stdout.write(s + '\n');
log(`# the corpus run against ${COMMIT}, with the same rules — ${new Date().toISOString()}`);
log(`rules of ${COMMIT}: ${ids.length} (of them still here: ${ids.filter((id) => current.includes(id)).length}); now: ${current.length}`);

const walls = Object.fromEntries(Object.keys(clis).map((k) => [k, []]));
const counts = {};
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, cli] of Object.entries(clis)) {
    const res = await runNode(cli, ['check', CORPUS, '--format', 'json'], { cwd: ROOT });
    if (res.code !== 0 && res.code !== 1) throw new Error(`${name} failed (exit ${res.code}): ${res.stderr.slice(-2000)}`);
    walls[name].push(res.wallMs);
    if (!counts[name]) {
      const report = JSON.parse(res.stdout);
      counts[name] = { files: report.files, findings: report.diagnostics.length };
    }
  }
}
for (const [name, xs] of Object.entries(walls)) {
  log(`  ${name.padEnd(11)} ${sec(median(xs))} median (quartiles ${sec(percentile(xs, 25))}–${sec(percentile(xs, 75))}); ${counts[name].files} files, ${counts[name].findings} findings`);
}
for (const name of ['same rules', 'current']) {
  const diffs = walls[name].map((w, i) => w - walls.baseline[i]);
  const rel = median(walls[name]) / median(walls.baseline) - 1;
  log(`  ${name} − baseline, per round: median ${median(diffs).toFixed(0)} ms (quartiles ${percentile(diffs, 25).toFixed(0)} to ${percentile(diffs, 75).toFixed(0)} ms; ${diffs.filter((d) => d < 0).length} of ${diffs.length} rounds faster); medians ${rel >= 0 ? '+' : ''}${(rel * 100).toFixed(1)} %`);
}
