#!/usr/bin/env node
// A second real LSP client: headless Neovim (0.7+, from Debian: apt-get install neovim) starts
// the stdio server (`node dist/server.js --stdio`, i.e. docker-go-traps-language-server),
// opens the example project and reads the diagnostics it publishes, asks for code actions and
// applies one quick fix. The Lua side is test/e2e/neovim/check.lua.
//
//   node --test test/e2e/neovim.test.mjs        (after `npm run build`; part of `npm run test:e2e`)
//
// Skipped, with a message saying so, when nvim is not installed. NVIM names another binary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const nvim = process.env.NVIM_BIN ?? 'nvim';
const server = path.join(root, 'dist', 'server.js');
const TIMEOUT_MS = 20_000;

function nvimVersion() {
  const r = spawnSync(nvim, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  const m = /NVIM v(\d+)\.(\d+)\.(\d+)/.exec(r.stdout);
  return m ? m.slice(1).map(Number) : undefined;
}

const version = nvimVersion();
const skip =
  !version
    ? `nvim not found (${nvim}): install Neovim 0.7 or later (Debian: apt-get install neovim; scripts/e2e-setup.sh does) to run the second-client test`
    : version[0] === 0 && version[1] < 7
      ? `nvim ${version.join('.')} is too old: the test needs Neovim 0.7 or later (built-in LSP client with vim.diagnostic)`
      : !existsSync(server)
        ? `${server} is missing: run npm run build first`
        : false;

/** Runs check.lua in headless Neovim and returns its report. */
function runNeovim(dir, files, fix, fixCode) {
  const out = path.join(dir, '..', 'nvim-report.json');
  return new Promise((resolve, reject) => {
    const child = spawn(nvim, ['--headless', '--clean', '-c', `luafile ${path.join(root, 'test', 'e2e', 'neovim', 'check.lua')}`], {
      cwd: dir,
      env: {
        ...process.env,
        DGT_NODE: process.execPath,
        DGT_SERVER: server,
        DGT_ROOT: dir,
        DGT_FILES: files.join(','),
        DGT_FIX: fix,
        DGT_FIX_CODE: fixCode,
        DGT_OUT: out,
        DGT_TIMEOUT_MS: String(TIMEOUT_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nvim did not finish within ${TIMEOUT_MS * 3} ms\n${output}`));
    }, TIMEOUT_MS * 3);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!existsSync(out)) return reject(new Error(`nvim exited with ${code} and wrote no report\n${output}`));
      const report = JSON.parse(readFileSync(out, 'utf8'));
      if (code !== 0 || report.error) return reject(new Error(`nvim exited with ${code}: ${report.error}\n${JSON.stringify(report.log)}\n${output}`));
      resolve(report);
    });
  });
}

test('Neovim\'s built-in LSP client gets the example project\'s diagnostics and quick fixes from the stdio server', { skip, timeout: TIMEOUT_MS * 4 }, async () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dgt-nvim-'));
  const dir = path.join(tmp, 'examples');
  try {
    cpSync(path.join(root, 'examples'), dir, { recursive: true });
    const report = await runNeovim(dir, ['Dockerfile', 'docker-compose.yml', 'main.go'], 'main.go', 'DGT301');
    console.log(`# Neovim ${report.nvim}: ${report.log.join('; ')}`);
    const codes = (f) => (report.files[f]?.diagnostics ?? []).map((d) => d.code);
    assert.ok(codes('Dockerfile').includes('DGT101'), `Dockerfile: ${JSON.stringify(report.files.Dockerfile)}`);
    assert.ok(codes('docker-compose.yml').includes('DGT201'), `compose: ${JSON.stringify(report.files['docker-compose.yml'])}`);
    assert.ok(codes('main.go').includes('DGT301'), `main.go: ${JSON.stringify(report.files['main.go'])}`);

    // Positions arrive as Neovim reads them (0-based lines; UTF-16 columns here match bytes: ASCII lines).
    const dgt201 = report.files['docker-compose.yml'].diagnostics.find((d) => d.code === 'DGT201');
    const composeLines = readFileSync(path.join(root, 'examples', 'docker-compose.yml'), 'utf8').split('\n');
    assert.equal(composeLines[dgt201.line].slice(dgt201.col, dgt201.end_col), 'C:\\goapp');

    // Code actions: the fix, the ignore comments and the docs link, as in VS Code.
    const titles = report.files['main.go'].actions.map((a) => a.title);
    assert.ok(titles.includes('Ignore DGT301 for this line') && titles.includes('Ignore DGT301 for this file'), titles.join(' | '));
    assert.ok(report.files['main.go'].actions.some((a) => a.preferred), titles.join(' | '));
    assert.equal(report.files['main.go'].fixed, true, `the quick fix cleared DGT301: ${report.files['main.go'].fix_applied}`);
    assert.match(report.files['main.go'].text_after_fix, /ListenAndServe\(":8080"/);
    assert.equal(report.server_exited, true, 'the server exits when Neovim stops it');
  } finally {
    if (!process.env.DGT_KEEP) rmSync(tmp, { recursive: true, force: true });
  }
});
