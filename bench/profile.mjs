// Where the CLI's time goes on the corpus: runs dist/cli.js (which runs dist/cliMain.js) under `node --cpu-prof` and summarises
// the profile by self time and by inclusive time of the engine's main steps and of each rule.
//
//   node bench/profile.mjs [dir]      (also: node bench/run.mjs --only profile)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from './lib/proc.mjs';
import { ms } from './lib/stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(here);
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** Engine steps whose inclusive time is reported (function names in the bundle). */
const STEPS = [
  'runCli', 'initGoParser', 'scan', 'analyzeFile', 'loadConfig', 'builds', 'computeBuilds', 'containerizations', 'computeMains',
  'mainDirsOf', 'mainDirsBelow', 'mainFiles', 'hostPathOf', 'goFacts', 'parseGo', 'dockerfile', 'parseDockerfile', 'compose',
  'parseCompose', 'goMod', 'parseGoMod', 'findSuppressions', 'readFileSync', 'statSync', 'readdirSync',
];

export function summarise(profile, bundleSource) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const lines = bundleSource.split('\n');
  // A rule's `check` method: the nearest `id: "DGTnnn"` above its line in the bundle names the rule.
  const ruleAt = new Map();
  const ruleOf = (cf) => {
    if (cf.functionName !== 'check' || !cf.url.endsWith('cliMain.js')) return undefined;
    if (!ruleAt.has(cf.lineNumber)) {
      let id;
      for (let l = cf.lineNumber; l >= 0 && l > cf.lineNumber - 400 && !id; l--) id = /\bid: "(DGT\d+)"/.exec(lines[l] ?? '')?.[1];
      ruleAt.set(cf.lineNumber, id ?? 'check?');
    }
    return ruleAt.get(cf.lineNumber);
  };
  const self = new Map();
  const incl = new Map();
  const rules = new Map();
  let total = 0;
  profile.samples.forEach((id, k) => {
    const dt = (profile.timeDeltas[k] ?? 0) / 1000;
    total += dt;
    const leaf = byId.get(id);
    const cf = leaf.callFrame;
    const key = `${cf.functionName || '(anonymous)'} ${path.basename(cf.url || '(native)')}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    const seen = new Set();
    const seenRules = new Set();
    for (let n = leaf; n; n = byId.get(parent.get(n.id))) {
      const name = n.callFrame.functionName;
      if (STEPS.includes(name) && !seen.has(name)) {
        seen.add(name);
        incl.set(name, (incl.get(name) ?? 0) + dt);
      }
      const r = ruleOf(n.callFrame);
      if (r && !seenRules.has(r)) {
        seenRules.add(r);
        rules.set(r, (rules.get(r) ?? 0) + dt);
      }
    }
  });
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { totalMs: total, self: top(self, 25), steps: top(incl, STEPS.length), rules: top(rules, 100) };
}

export async function profileCorpus({ corpus, log = (s) => process.stdout.write(s + '\n') }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-prof-'));
  const r = await runNode(CLI, ['check', corpus, '--format', 'json', '--fail-on', 'info'], { cwd: ROOT, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] });
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written: ${r.stderr.slice(-1000)}`);
  const s = summarise(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), fs.readFileSync(path.join(ROOT, 'dist', 'cliMain.js'), 'utf8'));
  log(`## CPU profile of \`node --cpu-prof dist/cli.js check ${corpus} --format json\` (profile: ${path.join(dir, file)})`);
  log(`  sampled ${ms(s.totalMs)} (wall ${ms(r.wallMs)})`);
  log('  inclusive time of engine steps:');
  for (const [k, v] of s.steps) log(`    ${k.padEnd(20)} ${ms(v).padStart(9)}  ${((100 * v) / s.totalMs).toFixed(1)}%`);
  log('  inclusive time per rule (check):');
  for (const [k, v] of s.rules) log(`    ${k.padEnd(20)} ${ms(v).padStart(9)}  ${((100 * v) / s.totalMs).toFixed(1)}%`);
  log('  top self time:');
  for (const [k, v] of s.self) log(`    ${ms(v).padStart(9)}  ${k}`);
  return { ...s, profile: path.join(dir, file), wallMs: r.wallMs };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const corpus = path.resolve(process.argv[2] ?? path.join(ROOT, '..', 'shared', 'corpus'));
  profileCorpus({ corpus }).catch((e) => {
    process.stderr.write(String(e?.stack ?? e) + '\n');
    process.exitCode = 1;
  });
}
