// Runs the end-to-end suite in desktop VS Code through @vscode/test-electron.
//
//   npm run compile && npm run build && node out/test/e2e/run-electron.js
//
// test-electron downloads VS Code unless VSCODE_EXECUTABLE names an installed one
// (e.g. /usr/share/code/code, or "Visual Studio Code.app/Contents/MacOS/Electron").
// Where no download is possible (as on the project's CI) the same suite runs in
// code-server instead: see test/e2e/run-code-server.mjs.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

async function main(): Promise<number> {
  // Compiled to out/test/e2e/run-electron.js; the suite sits next to it.
  const root = path.resolve(__dirname, '..', '..', '..');
  const extensionTestsPath = path.join(__dirname, 'suite', 'index.js');

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'dgt-e2e-'));
  const workspace = path.join(tmp, 'workspace');
  try {
    cpSync(path.join(root, 'examples'), workspace, { recursive: true });
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      // VSCODE_VERSION=1.82.0 tests the oldest VS Code that package.json allows; default: stable.
      version: process.env.VSCODE_VERSION || undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${path.join(tmp, 'data')}`,
      ],
    });
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
