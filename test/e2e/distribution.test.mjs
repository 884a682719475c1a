#!/usr/bin/env node
// The ways the CLI reaches other people's repositories, each run as its user would run it, from a
// snapshot of this checkout (its files as they are, committed to a fresh git repository: no dist/,
// no node_modules, as a clone from GitHub):
//
// - the pre-commit hook through the real `pre-commit` (Debian's, 3.x: it runs `npm install` and
//   `npm pack` in the hook's clone and installs the tarball) with the README's configuration, on
//   commits of a project with the example's traps: one that touches no file the checks read, one
//   that does, and the same after `--fix`;
// - the install that pre-commit 4.6 and later runs instead (`npm install -g git+file://…`);
// - the GitHub Action: action.yml's wiring, and its check step's command run with a runner's
//   environment (GITHUB_WORKSPACE, GITHUB_OUTPUT, …) from the snapshot, which builds the CLI first.
//   The upload step (github/codeql-action/upload-sarif) runs only on GitHub.
//
//   node --test test/e2e/distribution.test.mjs   (part of `npm run test:e2e`; needs pre-commit —
//   scripts/e2e-setup.sh installs Debian's — and the npm registry, or npm's cache)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const YAML = require('yaml');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const TRAPS = ['DGT101', 'DGT124', 'DGT201', 'DGT301', 'DGT305'];
const GIT_ID = ['-c', 'user.name=docker-go-traps test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false'];

let tmp;
let snapshot;

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  return r;
}
const show = (r) => `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** A git repository holding `files` (a folder to copy, or a map of relative path to text), committed. */
function gitRepo(dir, files) {
  mkdirSync(dir, { recursive: true });
  if (typeof files === 'string') cpSync(files, dir, { recursive: true });
  else for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  execFileSync('git', ['init', '-q', dir]);
  commitAll(dir);
  return dir;
}
function commitAll(dir, message = 'snapshot') {
  execFileSync('git', ['-C', dir, 'add', '-A']);
  execFileSync('git', ['-C', dir, ...GIT_ID, 'commit', '-q', '--allow-empty', '-m', message]);
}

before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'dgt-distribution-'));
  // The checkout's files as they are (tracked and new, nothing git ignores), in a repository of their own.
  snapshot = path.join(tmp, 'docker-go-traps');
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  for (const f of listed.split('\0').filter(Boolean)) {
    const from = path.join(root, f);
    if (!existsSync(from) || statSync(from).isDirectory()) continue;
    mkdirSync(path.dirname(path.join(snapshot, f)), { recursive: true });
    cpSync(from, path.join(snapshot, f));
  }
  gitRepo(snapshot, {});
});

after(() => {
  if (process.env.DGT_KEEP) console.log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
});

// ---- pre-commit ----------------------------------------------------------------------------------

const preCommit = run('pre-commit', ['--version'], { timeout: 30_000 }).stdout?.trim();

/** The README's fenced ```yaml block that contains `needle`, parsed. */
function readmeYaml(needle) {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes(needle));
  assert.ok(block, `README.md has a yaml block with ${needle}`);
  return YAML.parse(block);
}

test("pre-commit with the README's configuration: a commit with the traps is refused, one that touches no checked file is not, the fixed one passes", { timeout: 600_000 }, () => {
  assert.ok(preCommit, 'pre-commit is not on the PATH: npm run e2e:setup installs it (Debian: apt-get install pre-commit)');
  const project = gitRepo(path.join(tmp, 'project-hook'), path.join(root, 'examples'));
  // The README's snippet, pointed at the snapshot instead of GitHub.
  const config = readmeYaml('id: docker-go-traps');
  assert.equal(config.repos[0].hooks[0].id, 'docker-go-traps');
  config.repos[0].repo = snapshot;
  config.repos[0].rev = execFileSync('git', ['-C', snapshot, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  writeFileSync(path.join(project, '.pre-commit-config.yaml'), YAML.stringify(config));
  commitAll(project, 'pre-commit configuration');
  // A store of its own: the hook's environment is installed here (once), not taken from an earlier run.
  const env = { ...process.env, PRE_COMMIT_HOME: path.join(tmp, 'pre-commit-home'), PRE_COMMIT_COLOR: 'never' };
  const installed = run('pre-commit', ['install'], { cwd: project, env });
  assert.equal(installed.status, 0, show(installed));
  const commit = (file, text, message) => {
    writeFileSync(path.join(project, file), text);
    execFileSync('git', ['-C', project, 'add', '-A']);
    return run('git', ['-C', project, ...GIT_ID, 'commit', '-m', message], { env });
  };

  const readme = commit('README.md', '# a service\n', 'a README');
  assert.equal(readme.status, 0, `${preCommit}: no file the checks read, the hook does not run\n${show(readme)}`);
  assert.match(readme.stdout + readme.stderr, /docker-go-traps\.+\(no files to check\)Skipped/);

  const touched = commit('main.go', readFileSync(path.join(project, 'main.go'), 'utf8') + '// touched\n', 'touch main.go');
  assert.equal(touched.status, 1, `${preCommit}: the example's traps refuse the commit\n${show(touched)}`);
  const said = touched.stdout + touched.stderr;
  assert.match(said, /docker-go-traps\.+Failed/);
  for (const rule of TRAPS) assert.ok(said.includes(` ${rule} `), `${rule} reported\n${said}`);

  // The same files after --fix: the commit goes through.
  const fix = run(process.execPath, [path.join(root, 'dist', 'cli.js'), 'check', '--fix', '.'], { cwd: project });
  assert.equal(fix.status, 0, show(fix));
  const fixed = commit('main.go', readFileSync(path.join(project, 'main.go'), 'utf8'), 'fixed');
  assert.equal(fixed.status, 0, show(fixed));
  assert.match(fixed.stdout + fixed.stderr, /docker-go-traps\.+Passed/);
});

test('the install of pre-commit 4.6 and later (npm install -g git+file://…) builds the package and installs only the bundles', { timeout: 600_000 }, () => {
  const prefix = path.join(tmp, 'global-prefix');
  const env = { ...process.env, NPM_CONFIG_PREFIX: prefix, npm_config_prefix: prefix };
  // The command of pre-commit's languages/node.py since 4.6.1.
  const install = run('npm', ['install', '--allow-git=root', '--install-links', '-g', `git+file://${snapshot}`], { env, cwd: tmp });
  assert.equal(install.status, 0, show(install));
  const installed = path.join(prefix, 'lib', 'node_modules', pkg.name);
  assert.deepEqual(readdirSync(installed).sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json'], 'the packed files, no node_modules');
  const check = run(path.join(prefix, 'bin', 'docker-go-traps'), ['check', path.join(root, 'examples'), '--format', 'json'], { cwd: tmp });
  assert.equal(check.status, 1, show(check));
  assert.deepEqual(JSON.parse(check.stdout).diagnostics.map((d) => d.rule).sort(), TRAPS);
});

// ---- the GitHub Action ---------------------------------------------------------------------------

const action = YAML.parse(readFileSync(path.join(root, 'action.yml'), 'utf8'));

test('action.yml: a composite action whose check step feeds the SARIF upload and the final verdict', () => {
  assert.equal(action.runs.using, 'composite');
  const [check, upload, verdict] = action.runs.steps;
  assert.equal(check.id, 'check');
  assert.equal(check.shell, 'bash');
  assert.equal(check.run, 'node "$GITHUB_ACTION_PATH/scripts/action.mjs"');
  // Every input the script reads comes from the input of the same name.
  const script = readFileSync(path.join(root, 'scripts', 'action.mjs'), 'utf8');
  const read = [...script.matchAll(/input\('([A-Z_]+)'/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(read)].sort(), Object.keys(check.env).map((k) => k.replace(/^INPUT_/, '')).sort(), 'the script reads what the step passes');
  for (const [name, value] of Object.entries(check.env)) {
    const input = name.replace(/^INPUT_/, '').toLowerCase().replace(/_/g, '-');
    assert.equal(value, `\${{ inputs.${input} }}`, name);
    assert.ok(input in action.inputs, `input ${input} is declared`);
  }
  assert.equal(upload.uses, 'github/codeql-action/upload-sarif@v3');
  assert.equal(upload.with.sarif_file, '${{ steps.check.outputs.sarif-file }}');
  assert.equal(upload.with.category, '${{ inputs.category }}');
  assert.match(upload.if, /inputs\.upload == 'true'/);
  assert.match(verdict.if, /steps\.check\.outputs\.exit-code == '1'/);
  assert.match(verdict.run, /exit 1/);
  for (const [name, output] of Object.entries(action.outputs)) assert.equal(output.value, `\${{ steps.check.outputs.${name} }}`);

  // The README's workflow: checkout, then this action, with the permission the upload needs.
  const workflow = readmeYaml('uses: docker-go-traps/docker-go-traps@');
  assert.equal(workflow.permissions['security-events'], 'write');
  const steps = Object.values(workflow.jobs)[0].steps;
  assert.match(steps[0].uses, /^actions\/checkout@/);
  assert.ok(steps.some((s) => /^docker-go-traps\/docker-go-traps@v\d/.test(s.uses ?? '')));
  for (const name of Object.keys(steps.find((s) => s.with && /docker-go-traps@/.test(s.uses)).with)) assert.ok(name in action.inputs, `README input ${name}`);
});

/** Runs the check step's command as the runner would: bash, the action's folder, the inputs as INPUT_*. */
function runCheckStep(workspace, inputs) {
  const runner = mkdtempSync(path.join(tmp, 'runner-'));
  const files = { GITHUB_OUTPUT: path.join(runner, 'output'), GITHUB_STEP_SUMMARY: path.join(runner, 'summary.md') };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const env = { ...process.env, ...files, GITHUB_ACTIONS: 'true', GITHUB_ACTION_PATH: snapshot, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runner };
  for (const [name, value] of Object.entries(action.inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = inputs[name] ?? value.default ?? '';
  const step = action.runs.steps[0];
  const r = run('bash', ['-c', step.run], { cwd: workspace, env });
  const outputs = Object.fromEntries(
    readFileSync(files.GITHUB_OUTPUT, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { ...r, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') };
}

test("the action's check step builds the CLI from its checkout, writes SARIF with repository paths, annotates and sets its outputs", { timeout: 600_000 }, () => {
  const workspace = path.join(tmp, 'workspace');
  cpSync(path.join(root, 'examples'), path.join(workspace, 'services', 'api'), { recursive: true });
  writeFileSync(path.join(workspace, 'README.md'), '# services\n');
  assert.ok(!existsSync(path.join(snapshot, 'dist')), 'the action checkout starts without dist/');

  const first = runCheckStep(workspace, { path: 'services/api' });
  assert.equal(first.status, 0, `the step succeeds when the check ran\n${show(first)}`);
  assert.ok(existsSync(path.join(snapshot, 'dist', 'cli.js')), 'built in the action checkout');
  assert.equal(first.outputs['exit-code'], '1', 'the example has errors');
  assert.equal(first.outputs.findings, '5');
  const sarif = JSON.parse(readFileSync(first.outputs['sarif-file'], 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  const results = sarif.runs[0].results;
  assert.deepEqual(results.map((r) => r.ruleId).sort(), TRAPS);
  for (const r of results) {
    const uri = r.locations[0].physicalLocation.artifactLocation.uri;
    assert.match(uri, /^services\/api\//, 'relative to the repository, as code scanning places it');
    assert.ok(existsSync(path.join(workspace, decodeURI(uri))), uri);
  }
  assert.match(first.stdout, /^::error file=services\/api\/main\.go,line=14,col=32,endLine=14,endColumn=\d+,title=DGT301::http\.ListenAndServe listens on 127\.0\.0\.1:8080/m);
  assert.match(first.stdout, /^::warning file=services\/api\/docker-compose\.yml,line=8,col=9,.*title=DGT201::/m);
  assert.match(first.stdout, /^::notice file=services\/api\/Dockerfile,line=8,.*title=DGT124::/m);
  assert.match(first.summary, /5 finding\(s\) in `services\/api`: 2 error\(s\), 1 warning\(s\), 2 info/);
  assert.match(first.summary, /\| services\/api\/main\.go \| 14 \| DGT301 \| error \|/);

  // A file given as the path; the threshold lowered; the messages in Chinese.
  const file = runCheckStep(workspace, { path: 'services/api/main.go', 'fail-on': 'info', locale: 'zh-cn' });
  assert.equal(file.status, 0, show(file));
  assert.deepEqual([file.outputs.findings, file.outputs['exit-code']], ['2', '1']);
  const fileResults = JSON.parse(readFileSync(file.outputs['sarif-file'], 'utf8')).runs[0].results;
  assert.deepEqual(fileResults.map((r) => r.locations[0].physicalLocation.artifactLocation.uri), ['services/api/main.go', 'services/api/main.go']);
  assert.match(fileResults.find((r) => r.ruleId === 'DGT301').message.text, /[\u4e00-\u9fff]/, 'zh-cn messages');

  // Nothing to find: exit-code 0, an empty SARIF run, and the job summary says so.
  const clean = path.join(tmp, 'clean');
  mkdirSync(clean);
  writeFileSync(path.join(clean, 'README.md'), '# nothing to ship\n');
  const none = runCheckStep(clean, {});
  assert.equal(none.status, 0, show(none));
  assert.deepEqual([none.outputs.findings, none.outputs['exit-code']], ['0', '0']);
  assert.deepEqual(JSON.parse(readFileSync(none.outputs['sarif-file'], 'utf8')).runs[0].results, []);
  assert.match(none.summary, /No findings in `\.`/);

  // A usage error fails the step itself, with an error annotation, and leaves no SARIF to upload.
  const bad = runCheckStep(workspace, { 'fail-on': 'everything' });
  assert.equal(bad.status, 2, show(bad));
  assert.match(bad.stdout, /^::error title=docker-go-traps::docker-go-traps check \. ended with exit status 2/m);
  assert.match(bad.stderr, /--fail-on must be error, warning or info/);
  assert.deepEqual(bad.outputs, {});
});
