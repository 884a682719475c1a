// The GitHub Action's check step (action.yml): builds the CLI from the action's own checkout when it
// is not built yet, runs `docker-go-traps check --format sarif` on INPUT_PATH, writes the SARIF with
// paths relative to the repository (as code scanning needs them), prints the findings as workflow
// annotations, lists them in the job summary, and sets the outputs `sarif-file`, `findings` and
// `exit-code`. It exits 0 when the check ran — whatever it found — so that the upload step still
// runs; the action's last step fails the job on `exit-code` 1. Any other outcome (a usage error, an
// internal error, an analysis step that hung) fails this step.
//
// Environment: INPUT_PATH, INPUT_FAIL_ON, INPUT_HOST_MODE, INPUT_LOCALE, INPUT_SARIF_FILE (action.yml
// sets them from the inputs); GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP
// (set by the runner; each is optional here, so the script also runs outside Actions).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const actionRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = process.env;
const input = (name, fallback = '') => (env[`INPUT_${name}`] ?? '').trim() || fallback;

function fail(message, code = 2) {
  console.log(`::error title=docker-go-traps::${escapeData(message)}`);
  process.exit(code);
}

/** Workflow commands: data and property values are escaped as the runner decodes them. */
function escapeData(s) {
  return String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s) {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function setOutput(name, value) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
  else console.log(`output ${name}=${value}`);
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 20) fail(`docker-go-traps needs Node 20 or later; this runner has ${process.version}. Add actions/setup-node (node-version: 20) before this action.`);

// 1. The CLI: dist/ is not in git, so the action's checkout builds it once (its own devDependencies,
//    without their install scripts, then the same build as `npm pack`).
const cli = path.join(actionRoot, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.log('::group::Building docker-go-traps');
  const npm = (args) => spawnSync('npm', args, { cwd: actionRoot, stdio: 'inherit', shell: process.platform === 'win32' });
  const install = npm(['ci', '--ignore-scripts', '--no-audit', '--no-fund']);
  if (install.status !== 0) fail(`npm ci in ${actionRoot} failed (${install.error?.message ?? `exit status ${install.status}`})`);
  const build = spawnSync(process.execPath, [path.join(actionRoot, 'scripts', 'build.mjs'), '--minify'], { cwd: actionRoot, stdio: 'inherit' });
  if (build.status !== 0 || !existsSync(cli)) fail(`the build in ${actionRoot} failed (exit status ${build.status})`);
  console.log('::endgroup::');
}

// 2. The check, from the workspace, so that a file argument is reported relative to it.
const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
const target = input('PATH', '.');
const failOn = input('FAIL_ON', 'error');
const args = [cli, 'check', target, '--format', 'sarif', '--fail-on', failOn, '--locale', input('LOCALE', 'en')];
if (input('HOST_MODE')) args.push('--host-mode', input('HOST_MODE'));
const run = spawnSync(process.execPath, args, {
  cwd: workspace,
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
  // A step of an analysis that makes no progress for a minute stops the check with the file and the
  // rule named, instead of holding the job until its timeout.
  env: { ...env, DOCKER_GO_TRAPS_HANG_MS: env.DOCKER_GO_TRAPS_HANG_MS ?? '60000' },
});
if (run.stderr) process.stderr.write(run.stderr);
if (run.status !== 0 && run.status !== 1) {
  fail(`docker-go-traps check ${target} ended with ${run.status === null ? `signal ${run.signal}` : `exit status ${run.status}`}; its messages are above`, run.status || 2);
}
let sarif;
try {
  sarif = JSON.parse(run.stdout);
} catch (e) {
  fail(`docker-go-traps check did not write SARIF: ${e.message}`);
}

// 3. Paths relative to the repository: the CLI reports a folder's files relative to that folder.
const abs = path.resolve(workspace, target);
const prefix = statSync(abs).isDirectory() ? path.relative(workspace, abs).split(path.sep).join('/') : '';
if (prefix.startsWith('..') || path.isAbsolute(prefix)) {
  console.log(`::warning title=docker-go-traps::${escapeData(`${target} is outside the workspace (${workspace}); code scanning cannot place its findings`)}`);
}
const results = sarif.runs.flatMap((r) => r.results);
for (const result of results) {
  for (const loc of result.locations ?? []) {
    const art = loc.physicalLocation?.artifactLocation;
    if (art && prefix && !prefix.startsWith('..')) art.uri = `${encodeURI(prefix)}/${art.uri}`;
  }
}

const sarifFile = path.resolve(workspace, input('SARIF_FILE') || path.join(env.RUNNER_TEMP || os.tmpdir(), 'docker-go-traps.sarif'));
mkdirSync(path.dirname(sarifFile), { recursive: true });
writeFileSync(sarifFile, JSON.stringify(sarif, null, 2) + '\n');

// 4. Annotations and the job summary.
const COMMAND = { error: 'error', warning: 'warning', note: 'notice' };
const rows = results.map((r) => {
  const loc = r.locations?.[0]?.physicalLocation;
  return { rule: r.ruleId, level: r.level, message: r.message.text, file: decodeURI(loc?.artifactLocation?.uri ?? ''), region: loc?.region ?? {} };
});
for (const r of rows) {
  const props = [
    `file=${escapeProperty(r.file)}`,
    `line=${r.region.startLine}`,
    `col=${r.region.startColumn}`,
    `endLine=${r.region.endLine}`,
    `endColumn=${r.region.endColumn}`,
    `title=${escapeProperty(r.rule)}`,
  ];
  console.log(`::${COMMAND[r.level] ?? 'notice'} ${props.join(',')}::${escapeData(r.message)}`);
}
if (env.GITHUB_STEP_SUMMARY) {
  const count = (level) => rows.filter((r) => r.level === level).length;
  const cell = (s) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [
    '### Docker Go Traps',
    '',
    rows.length
      ? `${rows.length} finding(s) in \`${target}\`: ${count('error')} error(s), ${count('warning')} warning(s), ${count('note')} info; the job fails on ${failOn} and above.`
      : `No findings in \`${target}\`.`,
  ];
  if (rows.length) {
    lines.push('', '| file | line | rule | severity | message |', '| --- | ---: | --- | --- | --- |');
    const severity = { error: 'error', warning: 'warning', note: 'info' };
    for (const r of rows.slice(0, 200)) lines.push(`| ${cell(r.file)} | ${r.region.startLine} | ${r.rule} | ${severity[r.level] ?? r.level} | ${cell(r.message)} |`);
    if (rows.length > 200) lines.push('', `…and ${rows.length - 200} more in the SARIF file.`);
  }
  appendFileSync(env.GITHUB_STEP_SUMMARY, lines.join('\n') + '\n');
}

setOutput('sarif-file', sarifFile);
setOutput('findings', String(rows.length));
setOutput('exit-code', String(run.status));
console.log(`docker-go-traps: ${rows.length} finding(s); SARIF in ${sarifFile}`);
