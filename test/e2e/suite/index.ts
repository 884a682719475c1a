// End-to-end suite: runs inside a real VS Code extension host with the extension under
// development loaded, against a copy of examples/ opened as the workspace folder.
//
// It exports run(), the contract of @vscode/test-electron, so the same file runs in
// desktop VS Code (test/e2e/run-electron.ts) and in code-server (test/e2e/run-code-server.mjs).
// Mocha runs the tests; each test is an async function whose waits are on VS Code events with
// a timeout, never fixed sleeps.
import Mocha from 'mocha';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import serverNodeArgs from '../../../client/src/serverNodeArgs.json';
import { writeHangProbe } from '../../support/hangProbe';
import { hangRecordDir } from '../../../server/src/hangGuard';
import type { LaunchConfiguration } from '../../../server/src/generate/launchJson';

const SOURCE = 'docker-go-traps';
const EXTENSION_ID = 'docker-go-traps.docker-go-traps';
const RULE_ID = /^DGT\d{3}$/;
const WAIT_MS = 30_000;
const TEST_MS = 90_000;
/** A pause longer than VS Code's delay before it computes the light bulb at a new cursor position. */
const SETTLE_MS = 600;

interface Api {
  readonly serverState: 'starting' | 'running' | 'stopped';
  readonly findings: number;
  readonly activation: { sinceBundleStartMs: number | undefined; activateMs: number };
  revealContainer(name: string): Promise<boolean>;
}

// --- a very small test harness ---------------------------------------------------

interface TestOptions {
  /** Skip when no finding has arrived yet: it would only time out the same way. */
  needsFindings?: boolean;
}
const tests: { name: string; fn: () => Promise<void>; options: TestOptions }[] = [];
function test(name: string, fn: () => Promise<void>, options: TestOptions = {}): void {
  tests.push({ name, fn, options });
}
/** Set once the server has delivered any planted finding. */
let findingsSeen = false;

function log(line: string): void {
  // The extension host forwards console output to the runner (codeAutomationLog).
  console.log(`[dgt-e2e] ${line}`);
}

export async function run(): Promise<void> {
  // Mocha runs the tests (the usual shape of a VS Code extension test suite); each test keeps its
  // own event-driven waits, and mocha's timeout is only the last line of defence.
  const mocha = new Mocha({ ui: 'bdd', timeout: TEST_MS, color: false, reporter: 'dot' });
  log(`VS Code ${vscode.version}, ${tests.length} tests`);
  for (const t of tests) {
    mocha.suite.addTest(
      new Mocha.Test(t.name, async function (this: Mocha.Context) {
        if (t.options.needsFindings && !findingsSeen) {
          log(`skip   ${t.name} (the server delivered no findings)`);
          this.skip();
        }
        await t.fn();
      }),
    );
  }
  mocha.suite.afterEach(async function (this: Mocha.Context) {
    const current = this.currentTest;
    if (current?.state === 'failed') await screenshot(`failed-${slug(current.title)}`);
  });
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test: Mocha.Test) => {
      passed++;
      log(`ok     ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on('pending', () => skipped++);
    runner.on('fail', (test: Mocha.Test, error: Error) => {
      failed++;
      log(`FAILED ${test.title}\n${error.stack ?? error.message}`);
    });
  });
  log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  if (failed + skipped > 0) throw new Error(`${failed} of ${tests.length} end-to-end tests failed, ${skipped} skipped`);
}

// --- helpers ----------------------------------------------------------------------

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

/** Polls `check` (for state that has no event, such as the client's state). */
async function until<T>(what: string, check: () => T | undefined | false, ms = WAIT_MS): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return folder.uri;
}

function fileUri(name: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), name);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

function describe(ds: readonly vscode.Diagnostic[]): string {
  if (ds.length === 0) return '(none)';
  return ds
    .map((d) => `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${d.message}`)
    .join('\n    ');
}

/**
 * Resolves with our diagnostics for `uri` once `ok` accepts them: checked now and on
 * every change of that file's diagnostics, until the timeout.
 */
function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  ok: (ds: vscode.Diagnostic[]) => boolean,
  ms = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    const check = (): void => {
      const ds = ours(uri);
      if (!ok(ds)) return;
      finish();
      resolve(ds);
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${ms} ms waiting for ${what} in ${path.basename(uri.fsPath)}; have:\n    ${describe(ours(uri))}`));
    }, ms);
    function finish(): void {
      subscription.dispose();
      clearTimeout(timer);
    }
    check();
  });
}

/** Resolves once the diagnostics of `uri` have not changed for `quietMs` (or after WAIT_MS). */
function settled(uri: vscode.Uri, quietMs: number): Promise<void> {
  return new Promise((resolve) => {
    const key = uri.toString();
    let quiet = setTimeout(done, quietMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === key)) return;
      clearTimeout(quiet);
      quiet = setTimeout(done, quietMs);
    });
    const limit = setTimeout(done, WAIT_MS);
    function done(): void {
      subscription.dispose();
      clearTimeout(quiet);
      clearTimeout(limit);
      resolve();
    }
  });
}

/** Resolves on the next publication of diagnostics for `uri` that `ok` accepts. */
function nextDiagnostics(uri: vscode.Uri, what: string, ok: (ds: vscode.Diagnostic[]) => boolean = () => true) {
  return new Promise<vscode.Diagnostic[]>((resolve, reject) => {
    const key = uri.toString();
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === key)) return;
      const ds = ours(uri);
      if (!ok(ds)) return;
      subscription.dispose();
      clearTimeout(timer);
      resolve(ds);
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}; have:\n    ${describe(ours(uri))}`));
    }, WAIT_MS);
  });
}

async function open(name: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(fileUri(name));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

function assertWellFormed(ds: readonly vscode.Diagnostic[]): void {
  for (const d of ds) {
    const code = codeOf(d);
    assert.match(code, RULE_ID, `rule id of "${d.message}"`);
    assert.ok(typeof d.code === 'object' && d.code !== null, `${code} carries a documentation link`);
    const target = (d.code as { target: vscode.Uri }).target;
    assert.match(target.scheme, /^https?$/, `${code} docs link is a web URL`);
    assert.ok(d.message.trim().length > 0, `${code} has a message`);
  }
}

async function setSetting(key: string, value: unknown): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0];
  await vscode.workspace
    .getConfiguration('dockerGoTraps', folder.uri)
    .update(key, value, vscode.ConfigurationTarget.WorkspaceFolder);
}

// --- screenshots (only when driven by run-code-server.mjs) ---------------------------

let shotCount = 0;
function ipcDir(): string | undefined {
  const fromEnv = process.env.DGT_E2E_IPC_DIR;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  // The runner puts it next to the workspace copy, in case the env did not reach us.
  const folder = vscode.workspace.workspaceFolders?.[0];
  const sibling = folder && path.join(path.dirname(folder.uri.fsPath), 'ipc');
  return sibling && fs.existsSync(sibling) ? sibling : undefined;
}

interface Shot {
  /** Whether `waitFor` became visible. */
  found: boolean;
  /** How many elements match `waitFor`. */
  count?: number;
  /** Whether `click` found something to click. */
  clicked?: boolean;
}

/**
 * Asks the runner for a screenshot, optionally once `waitFor` (a CSS selector) is
 * visible. Resolves with what the runner saw; undefined when no runner listens
 * (a desktop run through run-electron).
 */
async function screenshot(name: string, waitFor?: string, press?: string, click?: string, clickBefore?: string): Promise<Shot | undefined> {
  const dir = ipcDir();
  if (!dir) return undefined;
  const id = `${String(++shotCount).padStart(2, '0')}-${name}`;
  const request = path.join(dir, `${id}.request.json`);
  fs.writeFileSync(`${request}.tmp`, JSON.stringify({ name: id, waitFor, press, click, clickBefore }));
  fs.renameSync(`${request}.tmp`, request);
  const done = path.join(dir, `${id}.done.json`);
  try {
    await until(`screenshot ${id}`, () => fs.existsSync(done), 30_000);
  } catch {
    return undefined;
  }
  return JSON.parse(fs.readFileSync(done, 'utf8')) as Shot;
}

const SQUIGGLES = '.view-overlays .squiggly-error, .view-overlays .squiggly-warning, .view-overlays .squiggly-info';

// --- the tests ----------------------------------------------------------------------
// They share one workspace and run in order: the quick fixes, which edit the files,
// come last.

/** The traps planted in examples/: file, rule id, and text on the line the finding is on. */
const PLANTED = {
  dockerfile: { file: 'Dockerfile', code: 'DGT101', line: 'go build' },
  compose: { file: 'docker-compose.yml', code: 'DGT201', line: 'C:\\goapp' },
  main: { file: 'main.go', code: 'DGT301', line: '127.0.0.1' },
} as const;
type Planted = (typeof PLANTED)[keyof typeof PLANTED];

let api: Api;

/** Opens the file and waits until the planted finding is reported on its line. */
async function expectPlanted(p: Planted): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor; finding: vscode.Diagnostic }> {
  const { doc, editor } = await open(p.file);
  const hit = (d: vscode.Diagnostic) => codeOf(d) === p.code && doc.lineAt(d.range.start.line).text.includes(p.line);
  const ds = await waitForDiagnostics(doc.uri, `${p.code} on the line with ${p.line}`, (all) => all.some(hit));
  findingsSeen = true;
  return { doc, editor, finding: ds.find(hit)! };
}

test('activates and starts the language server', async () => {
  const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded`);
  api = await extension.activate();
  // Activation times as the extension measured them: recorded for docs/benchmarks.md (this is a
  // benchmark record, not a timed assertion). activate() does not wait for the server.
  const { activateMs, sinceBundleStartMs } = api.activation;
  assert.ok(Number.isFinite(activateMs) && activateMs >= 0, `activateMs: ${activateMs}`);
  assert.ok(sinceBundleStartMs === undefined || sinceBundleStartMs >= activateMs, `sinceBundleStartMs: ${sinceBundleStartMs}`);
  const results = process.env.DGT_E2E_RESULTS_DIR;
  if (results && fs.existsSync(results)) {
    const record = { vscode: vscode.version, appHost: vscode.env.appHost, activateMs, sinceBundleStartMs, serverStateAtActivation: api.serverState, date: new Date().toISOString() };
    fs.writeFileSync(path.join(results, 'activation.json'), JSON.stringify(record, null, 2) + '\n');
  }
  await until('the server to run', () => api.serverState === 'running');
  const commands = await vscode.commands.getCommands(true);
  for (const c of ['dockerGoTraps.restartServer', 'dockerGoTraps.showOutput', 'dockerGoTraps.generateDockerfile', 'dockerGoTraps.debugInContainer', 'dockerGoTraps.scanWorkspace']) {
    assert.ok(commands.includes(c), `command ${c} is registered`);
  }
});

test('the server runs with the Node options the client gives it', async () => {
  if (process.platform !== 'linux') {
    log('skipped: reading the server\'s command line needs /proc');
    return;
  }
  const pid = await until('the server process', () => serverPid());
  const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  const script = args.findIndex((a) => a.endsWith('server.js'));
  log(`server command line: ${args.slice(1, script + 1).join(' ')}`);
  for (const a of serverNodeArgs) assert.ok(args.indexOf(a) > 0 && args.indexOf(a) < script, `${a} is given to node before the script: ${args.join(' ')}`);
});

for (const p of Object.values(PLANTED)) {
  test(`${p.file}: ${p.code} is reported`, async () => {
    const { doc, finding } = await expectPlanted(p);
    const all = ours(doc.uri);
    log(`${p.file}:\n    ${describe(all)}`);
    assertWellFormed(all);
    assert.ok(doc.getText(finding.range).length > 0, 'the range covers text');
    const shot = await screenshot(`${slug(p.file)}-squiggles`, SQUIGGLES);
    if (shot) assert.ok(shot.found, 'squiggles are drawn in the editor');
  });
}

test('the Problems panel lists the findings', async () => {
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  const shot = await screenshot('problems-panel', '.markers-panel .monaco-list-row');
  if (shot) assert.ok(shot.found, 'rows in the Problems panel');
  await vscode.commands.executeCommand('workbench.action.closePanel');
}, { needsFindings: true });

test('the status bar counts the findings', async () => {
  const total = () =>
    vscode.languages.getDiagnostics().reduce((n, [, ds]) => n + ds.filter((d) => d.source === SOURCE).length, 0);
  await until('the status bar count to match', () => api.findings === total() && api.findings > 0);
}, { needsFindings: true });

// --- the container model, shown: map, hover, navigation ------------------------------

interface MapAnswer {
  entries: {
    name: string;
    findings: number;
    base?: { image: string; libc: string | null };
    listens: { text: string }[];
    ports: { text: string }[];
    mounts: { source?: string; target?: string }[];
    node: { children?: { label: string }[] };
  }[];
}

test('the container map shows the compose service with its image, Go main, ports, mounts and findings', async () => {
  const files = [PLANTED.dockerfile, PLANTED.compose, PLANTED.main];
  for (const p of files) await expectPlanted(p);
  for (const p of files) await settled(fileUri(p.file), SETTLE_MS);
  const map = await vscode.commands.executeCommand<MapAnswer>('dockerGoTraps.showContainerMap');
  assert.ok(map, 'the command hands back the map');
  log(`container map: ${map.entries.map((e) => `${e.name} (${e.findings})`).join(', ')}`);
  assert.deepEqual(map.entries.map((e) => e.name), ['api']);
  const entry = map.entries[0];
  assert.equal(entry.base?.image, 'alpine:3.20');
  assert.equal(entry.base?.libc, 'musl');
  assert.deepEqual(entry.listens.map((l) => l.text), ['127.0.0.1:8080']);
  assert.deepEqual(entry.ports.map((p) => p.text), ['8080:8080', '8080/tcp']);
  assert.deepEqual(entry.mounts.map((m) => [m.source, m.target]), [['C:\\goapp', '/app']]);
  // The findings of the Dockerfile and main.go, and those of the compose file from the service's key on.
  const compose = await vscode.workspace.openTextDocument(fileUri(PLANTED.compose.file));
  const keyLine = compose.getText().split('\n').findIndex((l) => l.startsWith('  api:'));
  const total = ours(fileUri(PLANTED.dockerfile.file)).length + ours(fileUri(PLANTED.main.file)).length + ours(compose.uri).filter((d) => d.range.start.line >= keyLine).length;
  assert.equal(entry.findings, total);
  assert.ok(await api.revealContainer('api'), 'the map has the service');
  await open(PLANTED.compose.file);
  // The file tree folded away, so that the map has the side bar (and unfolded after the picture).
  const folder = '[id="workbench.view.explorer"] .pane-header:has-text("workspace") .title';
  const shot = await screenshot('container-map', '[id="workbench.view.explorer"] .monaco-list-row:has-text("Base image")', undefined, folder, folder);
  if (shot) assert.ok(shot.found, 'the map shows the service and its base image');
}, { needsFindings: true });

test('hover over a compose service shows the chain, and its links open the file at the line', async () => {
  const { doc, editor } = await open(PLANTED.compose.file);
  const key = new vscode.Position(doc.getText().split('\n').findIndex((l) => l.startsWith('  api:')), 3);
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, key)) ?? [];
  const md = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).find((v) => v.includes('Container of compose service'));
  assert.ok(md, `a container hover: ${JSON.stringify(hovers.map((h) => h.contents))}`);
  log(`hover:\n${md}`);
  assert.match(md, /^\*\*Container of compose service `api`\*\*/);
  assert.match(md, /- \*\*Base image\*\* \[`alpine:3\.20`\]\(file:[^)]*Dockerfile#L8,6\)/);
  assert.match(md, /- \*\*Listens\*\* \[`127\.0\.0\.1:8080`\]\(file:[^)]*main\.go#L14,12\)/);
  assert.match(md, /- \*\*Mounted over it\*\* \[`C:\\goapp → \/app`\]/);

  // As a user sees it: the hover opens on the key; its link to the image's stage opens the Dockerfile there.
  editor.selection = new vscode.Selection(key, key);
  await vscode.commands.executeCommand('editor.action.showHover');
  const opened = new Promise<vscode.TextEditor>((resolve) => {
    const sub = vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e && path.basename(e.document.uri.fsPath) === 'Dockerfile') {
        sub.dispose();
        resolve(e);
      }
    });
  });
  const shot = await screenshot('compose-service-hover', '.monaco-hover:has-text("Container of compose service")', undefined, '.monaco-hover a:has-text("#1")');
  if (shot) {
    assert.ok(shot.found, 'the hover is shown');
    assert.ok(shot.clicked, 'the stage link is there');
    const df = await Promise.race([opened, new Promise<undefined>((r) => setTimeout(() => r(undefined), WAIT_MS))]);
    assert.ok(df, 'the link opened the Dockerfile');
    await until('the cursor at the FROM of the stage that becomes the image', () => df.selection.active.line === 7);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}, { needsFindings: true });

test('go to definition on build.target jumps to the stage in the Dockerfile', async () => {
  const dir = path.join(workspaceRoot().fsPath, 'shop');
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  const compose = 'services:\n  web:\n    build:\n      context: .\n      dockerfile: build/Dockerfile\n      target: run\n    ports:\n      - "9000:9000"\n';
  const dockerfile = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/web ./cmd/web\n\nFROM gcr.io/distroless/static-debian12 AS run\nCOPY --from=build /out/web /web\nENTRYPOINT ["/web"]\n';
  write('go.mod', 'module example.com/shop\n\ngo 1.22\n');
  write('build/Dockerfile', dockerfile);
  write('cmd/web/main.go', 'package main\n\nimport "net/http"\n\nfunc main() {\n\t_ = http.ListenAndServe(":9000", nil)\n}\n');
  write('compose.yaml', compose);
  try {
    const { doc, editor } = await open('shop/compose.yaml');
    const target = new vscode.Position(5, 15);
    // The server hears of the new files from the file watcher: ask until it knows the build.
    let locations: (vscode.Location | vscode.LocationLink)[] = [];
    const deadline = Date.now() + WAIT_MS;
    while (Date.now() < deadline) {
      locations = (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, target)) ?? [];
      if (locations.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const uriOf = (l: vscode.Location | vscode.LocationLink) => ('targetUri' in l ? l.targetUri : l.uri);
    const rangeOf = (l: vscode.Location | vscode.LocationLink) => ('targetUri' in l ? (l.targetSelectionRange ?? l.targetRange) : l.range);
    assert.equal(locations.length, 1, `one definition: ${JSON.stringify(locations)}`);
    assert.equal(uriOf(locations[0]).fsPath, path.join(dir, 'build', 'Dockerfile'));
    assert.ok(rangeOf(locations[0]).isEqual(new vscode.Range(5, 42, 5, 45)), `the stage name: ${JSON.stringify(rangeOf(locations[0]))}`);

    // As a user does it: F12 on the target.
    editor.selection = new vscode.Selection(target, target);
    const opened = new Promise<vscode.TextEditor>((resolve) => {
      const sub = vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && e.document.uri.fsPath === path.join(dir, 'build', 'Dockerfile')) {
          sub.dispose();
          resolve(e);
        }
      });
    });
    await vscode.commands.executeCommand('editor.action.revealDefinition');
    const df = await Promise.race([opened, new Promise<undefined>((r) => setTimeout(() => r(undefined), WAIT_MS))]);
    assert.ok(df, 'the Dockerfile opened');
    await until(`the cursor on the stage name (${JSON.stringify(df.selection)})`, () => df.selection.active.isEqual(new vscode.Position(5, 42)));
    await screenshot('definition-build-target');
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, { needsFindings: true });

test('settings: a rule can be turned off and its severity changed', async () => {
  const { doc, finding } = await expectPlanted(PLANTED.dockerfile);
  const code = codeOf(finding);
  const sameFinding = (d: vscode.Diagnostic) => codeOf(d) === code && d.range.isEqual(finding.range);
  try {
    await setSetting('rules', { [code]: 'off' });
    await waitForDiagnostics(doc.uri, `${code} to be turned off`, (d) => !d.some((x) => codeOf(x) === code));

    const other = finding.severity === vscode.DiagnosticSeverity.Error ? 'hint' : 'error';
    const wanted = other === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Hint;
    await setSetting('rules', { [code]: other });
    await waitForDiagnostics(doc.uri, `${code} as ${other}`, (d) => d.some((x) => sameFinding(x) && x.severity === wanted));
  } finally {
    await setSetting('rules', undefined);
  }
  await waitForDiagnostics(doc.uri, `${code} back at its default severity`, (d) =>
    d.some((x) => sameFinding(x) && x.severity === finding.severity),
  );
}, { needsFindings: true });

test('settings: dockerGoTraps.enable = false silences the folder', async () => {
  const { doc } = await expectPlanted(PLANTED.dockerfile);
  const count = ours(doc.uri).length;
  try {
    await setSetting('enable', false);
    await waitForDiagnostics(doc.uri, 'no findings while disabled', (d) => d.length === 0);
  } finally {
    await setSetting('enable', undefined);
  }
  await waitForDiagnostics(doc.uri, 'the findings to come back', (d) => d.length === count);
}, { needsFindings: true });

test('an untitled Dockerfile is checked too', async () => {
  const text = fs.readFileSync(fileUri(PLANTED.dockerfile.file).fsPath, 'utf8');
  const doc = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: text });
  await vscode.window.showTextDocument(doc);
  const ds = await waitForDiagnostics(doc.uri, `${PLANTED.dockerfile.code} in the untitled document`, (d) =>
    d.some((x) => codeOf(x) === PLANTED.dockerfile.code),
  );
  assertWellFormed(ds);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}, { needsFindings: true });

test('Docker Go Traps: Restart Server brings the server back', async () => {
  const { doc } = await expectPlanted(PLANTED.dockerfile);
  const republished = nextDiagnostics(doc.uri, 'findings after the restart', (d) => d.length > 0);
  await vscode.commands.executeCommand('dockerGoTraps.restartServer');
  await until('the server to run again', () => api.serverState === 'running');
  await republished;
  await vscode.commands.executeCommand('dockerGoTraps.showOutput');
  await screenshot('output-channel', '.output-view, .panel .monaco-editor');
}, { needsFindings: true });

/** Labels of the completion items offered at the end of an untitled document of `language` holding `typed`. */
async function completionLabels(language: string, typed: string): Promise<string[]> {
  const doc = await vscode.workspace.openTextDocument({ language, content: typed });
  await vscode.window.showTextDocument(doc);
  try {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(0, typed.length),
    );
    return list.items
      .filter((i) => i.kind === vscode.CompletionItemKind.Snippet)
      .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  } finally {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

/** Snippet prefixes by language, read from the snippet files package.json contributes. */
function contributedSnippets(): Map<string, string[]> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const byLanguage = new Map<string, string[]>();
  for (const c of ext.packageJSON.contributes.snippets as { language: string; path: string }[]) {
    // dockercompose exists only with the Docker extension installed; yaml carries the same file.
    if (c.language === 'dockercompose') continue;
    const data = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, c.path), 'utf8')) as Record<string, { prefix: string | string[] }>;
    const prefixes = Object.values(data).flatMap((s) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]));
    byLanguage.set(c.language, [...(byLanguage.get(c.language) ?? []), ...prefixes]);
  }
  return byLanguage;
}

test('snippets are listed by the completion provider for "go-" and "docker", in every language', async () => {
  const byLanguage = contributedSnippets();
  assert.deepEqual([...byLanguage.keys()].sort(), ['dockerfile', 'go', 'ignore', 'yaml']);
  for (const [language, prefixes] of byLanguage) {
    for (const typed of ['go-', 'docker']) {
      const wanted = prefixes.filter((p) => p.startsWith(typed));
      assert.ok(wanted.length > 0, `${language} has snippets starting with ${typed}`);
      const labels = await completionLabels(language, typed);
      log(`${language} "${typed}": ${labels.join(', ')}`);
      for (const prefix of wanted) assert.ok(labels.includes(prefix), `${language}: snippet ${prefix} for "${typed}" (got ${labels.join(', ')})`);
    }
  }
  assert.ok(byLanguage.get('dockerfile')!.includes('go-nanoserver') && byLanguage.get('dockerfile')!.includes('go-cross'));
});

test('settings: hostMode "wsl" turns DGT201\'s advice to /mnt/c paths', async () => {
  const { doc, finding } = await expectPlanted(PLANTED.compose);
  const isWsl = (d: vscode.Diagnostic) => codeOf(d) === 'DGT201' && d.message.includes('/mnt/c/goapp');
  try {
    await setSetting('hostMode', 'wsl');
    const ds = await waitForDiagnostics(doc.uri, 'the WSL advice of DGT201', (all) => all.some(isWsl));
    const wsl = ds.find(isWsl)!;
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, wsl.range)) ?? [];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Use the WSL path: /mnt/c/goapp'), titles.join(' | '));
    assert.ok(!titles.some((t) => t.includes('C:/goapp')), `no C:/ advice on WSL: ${titles.join(' | ')}`);
  } finally {
    await setSetting('hostMode', undefined);
  }
  await waitForDiagnostics(doc.uri, 'the default advice again', (all) =>
    all.some((d) => codeOf(d) === 'DGT201' && d.range.isEqual(finding.range) && !isWsl(d)),
  );
}, { needsFindings: true });

interface ScanResult {
  files: number;
  findings: number;
  byFile: Record<string, number>;
}

test('Scan Workspace publishes the findings of files that were never opened', async () => {
  // A compose file that no editor has shown: before the scan nothing reports on it.
  const compose = vscode.Uri.joinPath(workspaceRoot(), 'scan', 'docker-compose.yml');
  fs.mkdirSync(path.dirname(compose.fsPath), { recursive: true });
  fs.writeFileSync(compose.fsPath, 'services:\n  web:\n    image: nginx:1.27\n    volumes:\n      - D:\\site:/usr/share/nginx/html:ro\n');
  assert.equal(ours(compose).length, 0, 'no findings for a file that is not open');
  const result = await vscode.commands.executeCommand<ScanResult>('dockerGoTraps.scanWorkspace');
  log(`scan: ${result.files} files, ${result.findings} findings`);
  assert.ok(result.files >= 4 && result.findings >= 4, JSON.stringify(result));
  const ds = await waitForDiagnostics(compose, 'DGT201 in the never-opened compose file', (d) => d.some((x) => codeOf(x) === 'DGT201'));
  assertWellFormed(ds);
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === compose.toString()), 'the file was not opened');
  for (const p of Object.values(PLANTED)) {
    await waitForDiagnostics(fileUri(p.file), `${p.code} in ${p.file}`, (d) => d.some((x) => codeOf(x) === p.code));
  }
  // The command has opened the Problems panel.
  const shot = await screenshot('problems-after-scan', '.markers-panel .monaco-list-row');
  if (shot) assert.ok(shot.found, 'the Problems panel lists the scanned files');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  // Deleting the file removes its findings.
  fs.rmSync(compose.fsPath);
  await waitForDiagnostics(compose, 'the findings of the deleted file to go', (d) => d.length === 0);
  fs.rmSync(path.dirname(compose.fsPath), { recursive: true, force: true });
}, { needsFindings: true });

interface GenerateOutcome {
  written: string[];
  kept: string[];
  notes: string[];
}

test('Generate Dockerfile writes Dockerfile, .dockerignore and compose.yaml that pass every check, and keeps existing files when told', async () => {
  const dir = vscode.Uri.joinPath(workspaceRoot(), 'gen');
  fs.mkdirSync(path.join(dir.fsPath, 'cmd', 'api'), { recursive: true });
  fs.writeFileSync(path.join(dir.fsPath, 'go.mod'), 'module example.com/gen\n\ngo 1.22\n');
  fs.writeFileSync(
    path.join(dir.fsPath, 'cmd', 'api', 'main.go'),
    [
      'package main',
      '',
      'import (',
      '\t"context"',
      '\t"net/http"',
      '\t"os"',
      '\t"os/signal"',
      '\t"syscall"',
      '\t"time"',
      ')',
      '',
      'func main() {',
      '\tloc, _ := time.LoadLocation("Asia/Shanghai")',
      '\t_ = loc',
      '\tsrv := &http.Server{Addr: ":9090"}',
      '\tctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)',
      '\tdefer stop()',
      '\tgo func() { _ = srv.ListenAndServe() }()',
      '\t<-ctx.Done()',
      '\t_ = srv.Shutdown(context.Background())',
      '}',
      '',
    ].join('\n'),
  );
  const outcome = await vscode.commands.executeCommand<GenerateOutcome>('dockerGoTraps.generateDockerfile', {
    uri: dir.toString(),
    compose: true,
    overwrite: 'yes',
  });
  assert.ok(outcome, 'the command reports what it wrote');
  const names = outcome.written.map((u) => path.basename(vscode.Uri.parse(u).fsPath)).sort();
  assert.deepEqual(names, ['.dockerignore', 'Dockerfile', 'compose.yaml']);
  log(`generator notes:\n    ${outcome.notes.join('\n    ')}`);
  const dockerfile = fs.readFileSync(path.join(dir.fsPath, 'Dockerfile'), 'utf8');
  assert.match(dockerfile, /^FROM golang:1\.22-bookworm AS build$/m);
  assert.match(dockerfile, /\.\/cmd\/api$/m);
  assert.match(dockerfile, /zoneinfo/);
  assert.match(dockerfile, /^EXPOSE 9090$/m);
  // The Dockerfile is opened; every generated file comes out clean.
  const editor = await until('the generated Dockerfile to be shown', () =>
    vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === path.join(dir.fsPath, 'Dockerfile')),
  );
  const result = await vscode.commands.executeCommand<ScanResult>('dockerGoTraps.scanWorkspace');
  for (const f of ['Dockerfile', 'compose.yaml', path.join('cmd', 'api', 'main.go')]) {
    const uri = vscode.Uri.file(path.join(dir.fsPath, f));
    const count = Object.entries(result.byFile).find(([u]) => vscode.Uri.parse(u).fsPath === uri.fsPath)?.[1] ?? 0;
    assert.equal(count, 0, `${f} has no findings: ${describe(ours(uri))}`);
  }
  assert.equal(ours(editor.document.uri).length, 0, 'no squiggles in the generated Dockerfile');
  await screenshot('generated-dockerfile');

  // Run again without overwriting: the edited Dockerfile stays as it is.
  fs.writeFileSync(path.join(dir.fsPath, 'Dockerfile'), dockerfile + '# edited\n');
  const again = await vscode.commands.executeCommand<GenerateOutcome>('dockerGoTraps.generateDockerfile', {
    uri: dir.toString(),
    compose: false,
    overwrite: 'no',
  });
  assert.equal(again.written.length, 0, 'nothing written');
  assert.equal(again.kept.length, 2, 'Dockerfile and .dockerignore kept');
  assert.match(fs.readFileSync(path.join(dir.fsPath, 'Dockerfile'), 'utf8'), /# edited\n$/);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

interface DebugOutcome {
  written: string[];
  notes: string[];
  launch: string;
  up: string;
}

test('Debug Go in a container shows, then writes Dockerfile.debug, a compose overlay and launch.json; they pass every check and VS Code resolves the attach configuration', async () => {
  const dir = vscode.Uri.joinPath(workspaceRoot(), 'dbg');
  fs.mkdirSync(dir.fsPath, { recursive: true });
  const write = (name: string, lines: string[]) => fs.writeFileSync(path.join(dir.fsPath, name), lines.join('\n') + '\n');
  write('go.mod', ['module example.com/dbg', '', 'go 1.22']);
  write('main.go', ['package main', '', 'import "fmt"', '', 'func main() { fmt.Println("debug me") }']);
  // The release image: a static binary on distroless, as the examples' own Dockerfile becomes once fixed.
  const release = 'FROM golang:1.22.5 AS build|WORKDIR /src|COPY . .|RUN CGO_ENABLED=0 go build -o /out/api .||FROM gcr.io/distroless/static-debian12:nonroot|COPY --from=build /out/api /api|ENTRYPOINT ["/api"]';
  write('Dockerfile', release.split('|'));
  write('compose.yaml', ['services:', '  api:', '    build: .']);
  write('.dockerignore', ['.git', '*.debug.yaml']);
  const compose = vscode.Uri.joinPath(dir, 'compose.yaml');
  const outcome = await vscode.commands.executeCommand<DebugOutcome>('dockerGoTraps.debugInContainer', { uri: compose.toString(), confirm: false });
  assert.ok(outcome, 'the command reports what it wrote');
  log(`debug notes:\n    ${outcome.notes.join('\n    ')}`);
  const names = outcome.written.map((u) => path.relative(workspaceRoot().fsPath, vscode.Uri.parse(u).fsPath).split(path.sep).join('/')).sort();
  assert.deepEqual(names, ['.vscode/launch.json', 'dbg/Dockerfile.debug', 'dbg/compose.debug.yaml']);
  // Shown before they were written: read-only previews of each file.
  const previews = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'docker-go-traps-preview').map((d) => path.basename(d.uri.path)).sort();
  assert.deepEqual(previews, ['Dockerfile.debug', 'compose.debug.yaml', 'launch.json']);
  await screenshot('debug-preview');
  const dockerfile = fs.readFileSync(path.join(dir.fsPath, 'Dockerfile.debug'), 'utf8');
  assert.match(dockerfile, /^FROM build AS debug-build$/m);
  assert.match(dockerfile, /go install github\.com\/go-delve\/delve\/cmd\/dlv@v\d+\.\d+\.\d+$/m);
  assert.match(dockerfile, /-gcflags="all=-N -l"/);
  assert.match(dockerfile, /^ENTRYPOINT \["\/dlv", "exec", "\/api", "--headless", "--listen=:2345", "--api-version=2", "--accept-multiclient", "--continue", "--"\]$/m);
  assert.match(fs.readFileSync(path.join(dir.fsPath, 'compose.debug.yaml'), 'utf8'), /- "127\.0\.0\.1:2345:2345"/);
  // Every written file comes out clean.
  const result = await vscode.commands.executeCommand<ScanResult>('dockerGoTraps.scanWorkspace');
  for (const f of ['Dockerfile.debug', 'compose.debug.yaml', 'Dockerfile', 'compose.yaml', 'main.go']) {
    const uri = vscode.Uri.file(path.join(dir.fsPath, f));
    const count = Object.entries(result.byFile).find(([u]) => vscode.Uri.parse(u).fsPath === uri.fsPath)?.[1] ?? 0;
    assert.equal(count, 0, `${f} has no findings: ${describe(ours(uri))}`);
  }
  // The launch configuration as VS Code reads it from .vscode/launch.json.
  const configs = await until('VS Code to read the new launch configuration', () =>
    vscode.workspace.getConfiguration('launch', workspaceRoot()).get<LaunchConfiguration[]>('configurations')?.find((c) => c.name === outcome.launch),
  );
  assert.deepEqual(
    { type: configs.type, request: configs.request, mode: configs.mode, debugAdapter: configs.debugAdapter, host: configs.host, port: configs.port, substitutePath: configs.substitutePath },
    { type: 'go', request: 'attach', mode: 'remote', debugAdapter: 'dlv-dap', host: '127.0.0.1', port: 2345, substitutePath: [{ from: '${workspaceFolder}/dbg', to: '/src' }] },
  );
  assert.equal(outcome.up, 'docker compose -f compose.yaml -f compose.debug.yaml up --build');
  // Run again: the configuration is not added twice.
  await vscode.commands.executeCommand<DebugOutcome>('dockerGoTraps.debugInContainer', { uri: compose.toString(), confirm: false });
  const all = vscode.workspace.getConfiguration('launch', workspaceRoot()).get<LaunchConfiguration[]>('configurations') ?? [];
  assert.equal(all.filter((c) => c.name === outcome.launch).length, 1, 'one attach configuration');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  // Its "wrote" messages would hide the notifications the next tests look for.
  await vscode.commands.executeCommand('notifications.clearAll');
});

/** Process id of the language server this extension host started (Linux: read from /proc). */
function serverPid(): number | undefined {
  const marker = `--clientProcessId=${process.pid}`;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const args = cmdline.split('\0');
    if (args.includes(marker) && args.some((a) => a.endsWith('server.js'))) return Number(entry);
  }
  return undefined;
}

test('a crashed server is restarted, and the user is told only once', async () => {
  if (process.platform !== 'linux') {
    log('skipped: finding the server process needs /proc');
    return;
  }
  const { doc } = await expectPlanted(PLANTED.dockerfile);
  // VS Code shows at most three toasts in any 800 ms and puts the rest only in the notification
  // centre: let the window of the previous tests' messages pass, so the toast asked about is shown.
  await new Promise((r) => setTimeout(r, 1000));
  for (let crash = 1; crash <= 2; crash++) {
    const pid = await until('the server process', () => serverPid());
    const republished = nextDiagnostics(doc.uri, `findings after crash ${crash}`, (d) => d.length > 0);
    process.kill(pid, 'SIGKILL');
    const next = await until('a new server process', () => {
      const p = serverPid();
      return p !== undefined && p !== pid ? p : undefined;
    });
    log(`crash ${crash}: server ${pid} killed, ${next} took over`);
    await republished;
    await until('the server to run again', () => api.serverState === 'running');
  }
  const shot = await screenshot('crash-notification', '.notification-toast:has-text("stopped unexpectedly")');
  if (shot) assert.equal(shot.count, 1, 'one notification for two crashes');
}, { needsFindings: true });

test('a server that keeps crashing is left stopped until restarted by hand', async () => {
  if (process.platform !== 'linux') {
    log('skipped: finding the server process needs /proc');
    return;
  }
  const { doc } = await expectPlanted(PLANTED.dockerfile);
  // The client restarts up to four crashes in three minutes; the previous test used two.
  for (let crash = 3; api.serverState === 'running' || serverPid() !== undefined; crash++) {
    assert.ok(crash <= 8, 'the client stops restarting after a few crashes');
    const pid = await until('the server process', () => serverPid());
    process.kill(pid, 'SIGKILL');
    await until('the crash to be handled', () => {
      const p = serverPid();
      return (p !== undefined && p !== pid) || api.serverState === 'stopped';
    });
    if (api.serverState !== 'stopped') await until('the server to run again', () => api.serverState === 'running');
  }
  assert.equal(api.serverState, 'stopped');
  assert.equal(ours(doc.uri).length, 0, 'a stopped server leaves no stale findings');
  const shot = await screenshot('gave-up-notification', '.notification-toast:has-text("keeps crashing")');
  if (shot) assert.equal(shot.count, 1, 'one notification that the server was stopped');

  const republished = nextDiagnostics(doc.uri, 'findings after the manual restart', (d) => d.length > 0);
  await vscode.commands.executeCommand('dockerGoTraps.restartServer');
  await until('the server to run again', () => api.serverState === 'running');
  await republished;
  await vscode.commands.executeCommand('notifications.clearAll');
}, { needsFindings: true });

/**
 * Traps of containers that build but do not run: each is a small project written into the workspace
 * by its test (a folder of its own, so the planted examples stay as they are). The finding's hover
 * shows the rule's page, and its preferred quick fix — in the file of the finding, or in the
 * Dockerfile for a compose finding — removes it.
 */
const GO_MOD = 'module example.com/app\n\ngo 1.22\n';
const RUNTIME_TRAPS: { code: string; dir: string; file: string; line: string; files: Record<string, string>; fixedFile: string; fixed: (text: string) => boolean }[] = [
  {
    code: 'DGT147',
    dir: 'traps-entrypoint',
    file: 'Dockerfile',
    line: 'ENTRYPOINT',
    files: {
      'go.mod': GO_MOD,
      'main.go': 'package main\n\nfunc main() {}\n',
      Dockerfile:
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/server /usr/local/bin/server\nENTRYPOINT ["/app/server"]\n',
    },
    fixedFile: 'Dockerfile',
    fixed: (text) => text.includes('ENTRYPOINT ["/usr/local/bin/server"]'),
  },
  {
    code: 'DGT149',
    dir: 'traps-healthcheck',
    file: 'Dockerfile',
    line: 'HEALTHCHECK',
    files: {
      'go.mod': GO_MOD,
      'main.go': 'package main\n\nfunc main() {}\n',
      Dockerfile:
        'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api .\n\nFROM alpine:3.20\nCOPY --from=build /out/api /usr/local/bin/api\nUSER 65532:65532\nHEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1\nENTRYPOINT ["/usr/local/bin/api"]\n',
    },
    fixedFile: 'Dockerfile',
    fixed: (text) => text.includes('HEALTHCHECK CMD wget -qO- http://localhost:8080/health || exit 1'),
  },
  {
    code: 'DGT233',
    dir: 'traps-volume',
    file: 'compose.yaml',
    line: 'appdata:/data',
    files: {
      'go.mod': GO_MOD,
      'main.go': 'package main\n\nimport "os"\n\nfunc main() { _ = os.WriteFile("/data/state.json", nil, 0o644) }\n',
      Dockerfile:
        'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
      'compose.yaml': 'services:\n  api:\n    build: .\n    volumes:\n      - appdata:/data\nvolumes:\n  appdata:\n',
    },
    fixedFile: 'Dockerfile',
    fixed: (text) => text.includes('COPY --from=build --chown=65532:65532 /volumes/data /data'),
  },
];

for (const t of RUNTIME_TRAPS) {
  test(`${t.code}: the hover shows the rule's docs and the preferred quick fix removes the finding`, async () => {
    for (const [name, text] of Object.entries(t.files)) {
      await vscode.workspace.fs.writeFile(fileUri(`${t.dir}/${name}`), Buffer.from(text, 'utf8'));
    }
    const { doc, editor } = await open(`${t.dir}/${t.file}`);
    const hit = (d: vscode.Diagnostic) => codeOf(d) === t.code && doc.lineAt(d.range.start.line).text.includes(t.line);
    const finding = (await waitForDiagnostics(doc.uri, `${t.code} on the line with ${t.line}`, (all) => all.some(hit))).find(hit)!;

    // The hover on the finding is the rule's page: its id, name and title, and why it matters.
    editor.selection = new vscode.Selection(finding.range.start, finding.range.end);
    editor.revealRange(finding.range);
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, finding.range.start)) ?? [];
    const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(markdown, new RegExp(`${t.code} [a-z0-9-]+: `), `the hover names ${t.code}:\n${markdown}`);
    assert.ok(markdown.includes('Why'), `the hover has the rule's "Why" section:\n${markdown}`);
    await vscode.commands.executeCommand('editor.action.showHover');
    // `:visible`: the editors opened before keep hidden hover widgets of their own.
    const shot = await screenshot(`${slug(t.code)}-hover`, '.monaco-hover:visible');
    if (shot) assert.ok(shot.found, 'the hover is on screen');

    await settled(doc.uri, SETTLE_MS);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, finding.range)) ?? [];
    log(`code actions for ${t.code}: ${actions.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`).join(' | ')}`);
    const preferred = actions.filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && a.isPreferred);
    assert.equal(preferred.length, 1, `exactly one preferred quick fix for ${t.code}`);
    const gone = waitForDiagnostics(doc.uri, `${t.code} to go away`, (d) => !d.some((x) => codeOf(x) === t.code));
    assert.ok(preferred[0].edit && (await vscode.workspace.applyEdit(preferred[0].edit)), 'the edit applies');
    await gone;
    const fixedDoc = await vscode.workspace.openTextDocument(fileUri(`${t.dir}/${t.fixedFile}`));
    assert.ok(t.fixed(fixedDoc.getText()), `${t.fixedFile} reads as fixed:\n${fixedDoc.getText()}`);
    await vscode.workspace.saveAll(false);
  }, { needsFindings: true });
}

/** What each planted trap's preferred quick fix must leave in the file. */
const FIXED: Record<string, (text: string) => boolean> = {
  DGT101: (text) => /CGO_ENABLED=0 go build/.test(text),
  DGT201: (text) => !text.includes('C:\\goapp') && text.includes('C:/goapp'),
  DGT301: (text) => !text.includes('"127.0.0.1:8080"'),
};

for (const p of [PLANTED.main, PLANTED.dockerfile, PLANTED.compose]) {
  test(`${p.file}: the preferred quick fix removes ${p.code}`, async () => {
    const { doc, editor, finding } = await expectPlanted(p);

    // What the user sees first: the light-bulb menu on the finding. As a user gets there: the cursor
    // goes to the finding, the editor asks for its light bulb (after a short delay) and the server's
    // re-checks of the files the previous test saved settle; then the quick-fix key is pressed. A
    // request that the light bulb's request or a diagnostics update overtakes is cancelled, and VS
    // Code then says "No code actions available" (seen in 2 of 7 CI runs of 2026-12-04).
    editor.selection = new vscode.Selection(finding.range.start, finding.range.end);
    editor.revealRange(finding.range);
    await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, finding.range);
    await settled(doc.uri, SETTLE_MS);
    await vscode.commands.executeCommand('editor.action.quickFix');
    const menu = await screenshot(`${slug(p.file)}-quick-fix-menu`, '.action-widget', 'Escape');
    if (menu) assert.ok(menu.found, 'the quick-fix menu opens');

    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, finding.range)) ??
      [];
    log(`code actions for ${p.code}: ${actions.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''} [${a.kind?.value}]`).join(' | ')}`);
    // The command does not hand back CodeAction.diagnostics; asking for exactly this
    // finding's range is what ties the actions to it.
    const preferred = actions.filter((a) => a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind) && a.isPreferred);
    assert.equal(preferred.length, 1, `exactly one preferred quick fix for ${p.code}`);
    const fix = preferred[0];
    assert.ok(fix.edit || fix.command, 'the fix carries an edit or a command');

    const gone = waitForDiagnostics(doc.uri, `${p.code} to go away`, (d) => !d.some((x) => codeOf(x) === p.code));
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    await gone;
    assert.ok(FIXED[p.code](doc.getText()), `the file reads as fixed:\n${doc.getText()}`);
    await doc.save();
    await screenshot(`${slug(p.file)}-fixed`);
  }, { needsFindings: true });
}

test('a rule that never finishes: the server stops itself, is restarted once, and leaves that rule out on that file', async () => {
  // A preload makes DGT101 loop forever on a file that contains HANG-ME, in the servers started from
  // now on (the client starts them with this extension host's environment). The watch limit is 3 s:
  // a cold rule on a busy CI machine stays well within it.
  // The last test: vscode-languageclient keeps the environment it first started a server with and
  // lays it over process.env at every later start, so the preload cannot be taken back.
  // Beside the workspace copy, in the runner's temporary folder (removed when the run ends).
  const scratch = fs.mkdtempSync(path.join(path.dirname(workspaceRoot().fsPath), 'hang-probe-'));
  const probe = writeHangProbe(path.join(scratch, 'probe.cjs'), 'serverEngine.js');
  const records = () => {
    const dir = hangRecordDir();
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.startsWith(`hung-${process.pid}-`)).map((n) => path.join(dir, n)) : [];
  };
  // Quoted (and its backslashes escaped) as NODE_OPTIONS wants a path with spaces or a Windows path.
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(probe)}`.trim();
  process.env.DOCKER_GO_TRAPS_HANG_MS = '3000';
  try {
    await vscode.commands.executeCommand('dockerGoTraps.restartServer');
    await until('the server to run again', () => api.serverState === 'running');
    const first = process.platform === 'linux' ? serverPid() : undefined; // /proc: Linux only

    const cgoIntoScratch = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n';
    for (const [dir, text] of [['hang', cgoIntoScratch + '# HANG-ME\n'], ['nohang', cgoIntoScratch]]) {
      fs.mkdirSync(fileUri(dir).fsPath, { recursive: true });
      fs.writeFileSync(path.join(fileUri(dir).fsPath, 'Dockerfile'), text);
    }
    const { doc } = await open('hang/Dockerfile');
    const ds = await waitForDiagnostics(doc.uri, 'DGT001 from the restarted server', (all) => all.some((d) => codeOf(d) === 'DGT001'));
    const d = ds.find((x) => codeOf(x) === 'DGT001')!;
    assert.equal(
      d.message,
      'docker-go-traps stopped running DGT101 (cgo-binary-in-static-image) on this file: it did not finish within 3000 ms, so the language server was stopped and restarted without it. Its findings in this file are not shown until the window is reloaded.',
    );
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
    assert.ok(!ds.some((x) => codeOf(x) === 'DGT101'), describe(ds));
    if (first !== undefined) assert.notEqual(serverPid(), first, 'a new server process');
    assert.equal(api.serverState, 'running');
    // The crash was the session's first since the earlier tests' notification: no new one (told once).
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('hang-restarted');
    // The rule still runs on a file without the marker.
    const other = await open('nohang/Dockerfile');
    await waitForDiagnostics(other.doc.uri, 'DGT101 where the rule does not hang', (all) => all.some((x) => codeOf(x) === 'DGT101'));
    const written = records().flatMap((f) => fs.readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { path: string; step: string }));
    assert.deepEqual(written.map((r) => [path.basename(path.dirname(r.path)), r.step]), [['hang', 'DGT101']]);
  } finally {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of records()) fs.rmSync(f, { force: true });
  }
}, { needsFindings: true });
