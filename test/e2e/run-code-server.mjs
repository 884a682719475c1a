#!/usr/bin/env node
// Runs the end-to-end suite (test/e2e/suite) inside a real VS Code workbench served by
// code-server and driven by headless Chromium. See scripts/e2e-setup.sh for what it needs.
//
//   node test/e2e/run-code-server.mjs        (after `npm run build`; or just `npm run test:e2e`)
//
// Environment:
//   E2E_TIMEOUT_MS   time allowed for the whole suite (default 300000)
//   E2E_KEEP=1       keep the temporary folder (workspace, profile, logs) for inspection
//   CODE_SERVER_VERSION  which installed code-server to use (default 4.100.3)
//   E2E_CACHE_DIR    where scripts/e2e-setup.sh installed it (default .vscode-test/)
//   CHROMIUM         browser binary (default /usr/bin/chromium)
//   E2E_EXTENSION_DIR  extension folder to load instead of this checkout (e.g. an unpacked .vsix)
//   E2E_EXAMPLES_DIR   folder to copy as the workspace instead of examples/
//
// Exit code: the suite's (0 = all passed), or 1 when something around it failed.
// Screenshots and logs go to test-results/e2e/.
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { createServer } from 'node:net';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const version = process.env.CODE_SERVER_VERSION ?? '4.100.3';
const cacheDir = path.resolve(process.env.E2E_CACHE_DIR ?? path.join(root, '.vscode-test'));
const codeServerBin = path.join(cacheDir, `code-server-${version}`, 'node_modules', '.bin', 'code-server');
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const timeoutMs = Number(process.env.E2E_TIMEOUT_MS ?? 300_000);
const results = path.join(root, 'test-results', 'e2e');
const started = Date.now();

const say = (line) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`);

function fail(message) {
  console.error(`[e2e] ${message}`);
  process.exit(1);
}

/** Resolves once `check` returns a truthy value, polling every `everyMs`; rejects after `withinMs`. */
async function until(what, check, withinMs, everyMs = 100) {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${withinMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// --- preconditions -----------------------------------------------------------------
if (!existsSync(codeServerBin)) fail(`code-server ${version} is not installed: run \`npm run e2e:setup\` first.`);
if (!existsSync(browserPath)) fail(`${browserPath} not found: run \`npm run e2e:setup\` first.`);
const extensionDir = path.resolve(process.env.E2E_EXTENSION_DIR ?? root);
for (const f of ['dist/client.js', 'dist/server.js']) {
  if (!existsSync(path.join(extensionDir, f))) fail(`${f} is missing in ${extensionDir}: run \`npm run build\` first.`);
}
const examples = path.resolve(process.env.E2E_EXAMPLES_DIR ?? path.join(root, 'examples'));
if (!existsSync(examples) || readdirSync(examples).length === 0) fail(`${examples} is empty: nothing to open.`);

// --- the suite, bundled so that it needs nothing but `vscode` at run time ------------
const suiteEntry = path.join(root, 'out', 'test', 'e2e', 'suite', 'index.js');
await build({
  entryPoints: [path.join(root, 'test', 'e2e', 'suite', 'index.ts')],
  outfile: suiteEntry,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'warning',
});

// --- a throw-away world: workspace copied from examples/, profile, extensions dir ---
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dgt-e2e-'));
const workspace = path.join(tmp, 'workspace');
const ipcDir = path.join(tmp, 'ipc');
const userData = path.join(tmp, 'data');
cpSync(examples, workspace, { recursive: true });
mkdirSync(ipcDir);
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const port = await freePort();
const origin = `127.0.0.1:${port}`;
const serverLogPath = path.join(results, 'code-server.log');
const serverLog = createWriteStream(serverLogPath);
say(`code-server ${version} on http://${origin}, workspace ${workspace}`);
const codeServer = spawn(
  codeServerBin,
  [
    '--auth', 'none',
    '--bind-addr', origin,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userData,
    '--extensions-dir', path.join(tmp, 'extensions'),
    workspace,
  ],
  {
    cwd: tmp,
    // Its own process group, so the extension host and language server go down with it.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Read by the suite in the extension host (which code-server starts with this env).
    env: { ...process.env, DGT_E2E_IPC_DIR: ipcDir, DGT_E2E_WORKSPACE: workspace, DGT_E2E_RESULTS_DIR: results },
  },
);
codeServer.stdout.pipe(serverLog);
codeServer.stderr.pipe(serverLog);
let codeServerExited = false;
codeServer.on('exit', () => (codeServerExited = true));

let browser;
let exitCode = 1;
/** The suite's own count, repeated as the last line for CI log readers. */
let summary;
try {
  await until(
    'code-server to answer /healthz',
    async () => {
      if (codeServerExited) throw new Error(`code-server exited early; see ${serverLogPath}`);
      try {
        return (await fetch(`http://${origin}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    60_000,
    200,
  );
  say('code-server is up');

  browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => say(`page error: ${e.message}`));

  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = Array.isArray(args) ? args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') : String(args);
    // The workbench asks the (unreachable) extension gallery; that failure is expected here.
    if (/ENOTFOUND open-vsx\.org/.test(text)) return;
    const counts = /\[dgt-e2e\] (\d+ passed, \d+ failed(?:, \d+ skipped)?)$/m.exec(text);
    if (counts) summary = counts[1];
    for (const line of text.split('\n')) if (line.trim()) console.log(`  ${type === 'error' ? '!' : '|'} ${line}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));

  // Screenshot requests from the suite: it writes <n>.request.json, we answer <n>.done.json.
  const served = new Set();
  let shooting = false;
  const shots = setInterval(async () => {
    if (shooting) return;
    shooting = true;
    try {
      for (const name of readdirSync(ipcDir).filter((f) => f.endsWith('.request.json')).sort()) {
        if (served.has(name)) continue;
        served.add(name);
        const request = JSON.parse(readFileSync(path.join(ipcDir, name), 'utf8'));
        const answer = await screenshot(page, request);
        // Written aside and renamed, so the suite never reads half a file.
        const done = path.join(ipcDir, name.replace('.request.json', '.done.json'));
        writeFileSync(`${done}.tmp`, JSON.stringify(answer));
        renameSync(`${done}.tmp`, done);
      }
    } catch (e) {
      say(`screenshot failed: ${e.message}`);
    } finally {
      shooting = false;
    }
  }, 100);

  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${origin}${extensionDir}`],
    ['extensionTestsPath', `vscode-remote://${origin}${suiteEntry}`],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const url = `http://${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);
  say('workbench loading; the suite runs in the extension host');

  let timer;
  const timedOut = new Promise((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
  const outcome = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  clearInterval(shots);
  if (outcome === 'timeout') {
    say(`no result after ${timeoutMs} ms`);
    await page.screenshot({ path: path.join(results, 'timeout.png') }).catch(() => undefined);
    exitCode = 1;
  } else {
    exitCode = outcome;
  }
} catch (e) {
  say(`runner failed: ${e.stack ?? e}`);
  exitCode = 1;
} finally {
  await browser?.close().catch(() => undefined);
  await stopCodeServer();
  serverLog.end();
  collectLogs();
  if (exitCode === 0) {
    const problems = outputChannelProblems();
    for (const p of problems) say(`output channel: ${p}`);
    if (problems.length) exitCode = 1;
  }
  if (process.env.E2E_KEEP) say(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
say(`suite finished with exit code ${exitCode} (screenshots and logs in ${path.relative(root, results)}/)`);
// A plain closing line; a suite that never reported counts as one failure.
console.log(`e2e: ${summary ?? '0 passed, 1 failed'}`);
process.exit(exitCode);

// --- helpers -------------------------------------------------------------------------

/**
 * Takes the screenshot a test asked for. A request may name a CSS selector that has to
 * be on screen first (a squiggle, the quick-fix menu, a Problems row); the answer says
 * whether it appeared and how many match, so the test can also assert what a user sees.
 * It may also name an element to click first (to arrange the picture), and a key to press
 * and an element to click afterwards (a link in a hover).
 * Playwright's selector extensions work too, e.g. `.notification-toast:has-text("…")`.
 */
async function screenshot(page, { name, waitFor, press, click, clickBefore, timeoutMs: within = 10_000 }) {
  // A click that arranges the picture (a pane header to fold away).
  if (clickBefore) await page.locator(clickBefore).first().click({ timeout: within }).catch(() => say(`screenshot ${name}: nothing to click at ${clickBefore}`));
  let found = true;
  if (waitFor) {
    found = await page
      .waitForSelector(waitFor, { state: 'visible', timeout: within })
      .then(() => true)
      .catch(() => false);
  }
  // Let the element's fade-in finish (a hover comes in over 100 ms), and the frame that shows it be painted.
  if (waitFor && found) {
    await page
      .locator(waitFor)
      .first()
      .evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)))
      .catch(() => undefined);
  }
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const count = waitFor ? await page.locator(waitFor).count() : undefined;
  const file = path.join(results, `${name}.png`);
  await page.screenshot({ path: file });
  if (press) await page.keyboard.press(press);
  // A click after the picture (a link in a hover): the answer says whether there was something to click.
  let clicked;
  if (click) {
    clicked = await page
      .locator(click)
      .first()
      .click({ timeout: within })
      .then(() => true)
      .catch(() => false);
  }
  say(`screenshot ${path.relative(root, file)}${waitFor ? ` (${waitFor}: ${found ? `${count} shown` : 'NOT shown'})` : ''}${click ? ` then click ${click}: ${clicked ? 'done' : 'NOT found'}` : ''}`);
  return { file, found, count, clicked };
}

async function stopCodeServer() {
  if (codeServerExited) return;
  const group = -codeServer.pid;
  try {
    process.kill(group, 'SIGTERM');
  } catch {
    return;
  }
  try {
    await until('code-server to exit', () => codeServerExited, 10_000);
  } catch {
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/**
 * What is wrong with the extension's output channel as VS Code logged it (copied by collectLogs):
 * the suite restarts the server and crashes it, and neither should leave a misleading line there.
 */
function outputChannelProblems() {
  const dir = path.join(results, 'logs');
  const files = existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('Docker Go Traps.log')) : [];
  if (!files.length) return ['VS Code did not log the Docker Go Traps output channel'];
  const lines = files.flatMap((f) => readFileSync(path.join(dir, f), 'utf8').split(/\r?\n/));
  const problems = [];
  if (!lines.some((l) => l.includes('Restart requested.'))) problems.push('no "Restart requested." line: the restart test left no trace');
  if (!lines.some((l) => /docker-go-traps: DGT101 did not finish on .*within 3000 ms; stopping the language server/.test(l))) {
    problems.push('no line from the hang watch: the server that stopped itself did not say why in the output channel');
  }
  for (const l of lines) {
    if (/^\[Error\b.*exited with code 0\./.test(l)) problems.push(`a clean exit logged as an error: ${l}`);
    if (l.trim() === 'false') problems.push('a stray "false" line');
  }
  return problems;
}

/** Copies code-server's logs (extension host, our output channel) next to the screenshots. */
function collectLogs() {
  const logs = path.join(userData, 'logs');
  if (!existsSync(logs)) return;
  cpSync(logs, path.join(results, 'logs'), { recursive: true });
}
