/**
 * The CLI as users run it: the bundled dist/cli.js in a child process, on a copy of examples/.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ZH_CN } from '../../server/src/l10n/zh-cn';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLES = path.join(ROOT, 'examples');

function copyExamples(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-cli-'));
  fs.cpSync(EXAMPLES, dir, { recursive: true });
  return dir;
}

function run(args: string[], cwd = ROOT): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('text output lists the three headline traps with file:line:col severity rule message', () => {
  const dir = copyExamples();
  try {
    const r = run(['check', dir]);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    // The three headline traps, plus two infos the examples also deserve (root user, no graceful shutdown).
    assert.deepEqual(
      lines.map((l) => l.split(' ').slice(0, 3).join(' ')),
      ['Dockerfile:6:5 error DGT101', 'Dockerfile:8:6 info DGT124', 'docker-compose.yml:8:9 warning DGT201', 'main.go:14:12 info DGT305', 'main.go:14:32 error DGT301'],
    );
    assert.match(lines[0], /exec \/app: no such file or directory/);
    assert.match(lines[4], /Empty reply from server/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('json output follows the documented shape, with paths relative to the folder given', () => {
  const dir = copyExamples();
  try {
    const r = run(['check', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout);
    assert.equal(json.version, 1);
    assert.equal(json.tool.name, 'docker-go-traps');
    assert.equal(json.tool.version, JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    assert.equal(json.files, 3);
    assert.deepEqual(
      json.diagnostics.map((d: Record<string, unknown>) => [d.file, d.line, d.column, d.endLine, d.endColumn, d.rule, d.severity, d.fixable]),
      [
        ['Dockerfile', 6, 5, 6, 13, 'DGT101', 'error', true],
        ['Dockerfile', 8, 6, 8, 17, 'DGT124', 'info', true],
        ['docker-compose.yml', 8, 9, 8, 17, 'DGT201', 'warning', true],
        ['main.go', 14, 12, 14, 31, 'DGT305', 'info', true],
        ['main.go', 14, 32, 14, 48, 'DGT301', 'error', true],
      ],
    );
    for (const d of json.diagnostics) assert.equal(typeof d.message, 'string');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sarif output is SARIF 2.1.0 with rules, levels and regions', () => {
  const dir = copyExamples();
  try {
    const r = run(['check', dir, '--format=sarif']);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    assert.equal(sarif.runs.length, 1);
    const run0 = sarif.runs[0];
    assert.equal(run0.tool.driver.name, 'docker-go-traps');
    const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
    assert.ok(ruleIds.includes('DGT101') && ruleIds.includes('DGT201') && ruleIds.includes('DGT301'));
    for (const rule of run0.tool.driver.rules) {
      assert.ok(rule.shortDescription.text && rule.helpUri && ['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    assert.equal(run0.results.length, 5);
    for (const res of run0.results) {
      assert.equal(run0.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      const loc = res.locations[0].physicalLocation;
      assert.ok(!path.isAbsolute(loc.artifactLocation.uri));
      for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(Number.isInteger(loc.region[k]) && loc.region[k] >= 1);
    }
    const compose = run0.results.find((x: { ruleId: string }) => x.ruleId === 'DGT201');
    assert.equal(compose.level, 'warning');
    assert.deepEqual(compose.locations[0].physicalLocation.region, { startLine: 8, startColumn: 9, endLine: 8, endColumn: 17 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('sarif lists DGT000 among its rules, so that a skipped file\'s result points at a rule', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-cli-'));
  try {
    // A Dockerfile saved as UTF-16 LE with a BOM, as some Windows editors do.
    fs.writeFileSync(path.join(dir, 'Dockerfile'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('FROM golang:1.22\n', 'utf16le')]));
    const sarif = JSON.parse(run(['check', dir, '--format', 'sarif']).stdout);
    const run0 = sarif.runs[0];
    assert.equal(run0.results.length, 1);
    const res = run0.results[0];
    assert.equal(res.ruleId, 'DGT000');
    assert.equal(res.level, 'note');
    const rule = run0.tool.driver.rules[res.ruleIndex];
    assert.equal(rule.id, 'DGT000');
    assert.equal(rule.name, 'file-skipped');
    assert.match(rule.helpUri, /DGT000-file-skipped\.md$/);
    assert.ok(!run0.tool.driver.rules.some((r: { id: string }) => r.id === 'DGT001'), 'DGT001 never comes from the CLI');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('exit codes: 0 when clean, 1 at or above --fail-on, 2 for usage errors', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-cli-'));
  try {
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  api:\n    image: golang:1.22\n    volumes:\n      - C:\\goapp:/app\n');
    // Only a warning: clean for the default --fail-on error, a failure for --fail-on warning.
    assert.equal(run(['check', dir]).code, 0);
    assert.equal(run(['check', dir, '--fail-on', 'warning']).code, 1);
    assert.equal(run(['check', dir, '--fail-on', 'info']).code, 1);
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  api:\n    image: golang:1.22\n');
    const clean = run(['check', dir, '--fail-on', 'info']);
    assert.equal(clean.code, 0);
    assert.equal(clean.stdout, '');
    assert.equal(run(['check', dir, '--format', 'xml']).code, 2);
    assert.equal(run(['check', dir, '--fail-on', 'hint']).code, 2);
    assert.equal(run(['check', path.join(dir, 'missing')]).code, 2);
    assert.equal(run(['lint', dir]).code, 2);
    assert.equal(run([]).code, 2);
    assert.equal(run(['--help']).code, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--locale zh-cn: the same findings with Simplified Chinese messages, and SARIF rule texts from the catalogue', () => {
  const dir = copyExamples();
  try {
    const en = run(['check', dir]);
    const zh = run(['check', dir, '--locale', 'zh-cn']);
    assert.equal(zh.code, en.code, zh.stderr);
    const head = (line: string) => line.split(' ').slice(0, 3).join(' ');
    const enLines = en.stdout.trim().split('\n');
    const zhLines = zh.stdout.trim().split('\n');
    assert.deepEqual(zhLines.map(head), enLines.map(head));
    zhLines.forEach((line, k) => {
      assert.match(line, /[\u4e00-\u9fff]/, `not Chinese: ${line}`);
      assert.notEqual(line, enLines[k]);
    });
    assert.match(zhLines[0], /exec \/app: no such file or directory/, 'the error text the user would see stays verbatim');
    assert.equal(run(['check', dir, '--locale=en']).stdout, en.stdout);

    const sarif = JSON.parse(run(['check', dir, '--format', 'sarif', '--locale', 'zh-cn']).stdout);
    const dgt101 = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'DGT101');
    assert.equal(dgt101.shortDescription.text, ZH_CN.rules.DGT101?.title);
    assert.ok(dgt101.help.text.includes(`${ZH_CN.docLabels.withoutIt}: `), dgt101.help.text);
    const bad = run(['check', dir, '--locale', 'fr']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--locale must be en or zh-cn \(got fr\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--host-mode tunes the advice on Windows host paths; without it the advice fits every host', () => {
  const dgt201 = (args: string[]) => run(['check', EXAMPLES, ...args]).stdout.split('\n').find((l) => l.includes(' DGT201 ')) ?? '';
  const neutral = dgt201([]);
  assert.match(neutral, /works only with Docker Desktop on Windows/);
  const wsl = dgt201(['--host-mode', 'wsl']);
  assert.match(wsl, /Docker runs on a WSL host/);
  assert.match(wsl, /\/mnt\/c\/goapp/);
  assert.equal(dgt201(['--host-mode=windows']), neutral, 'on Windows the backslash advice holds');
  const bad = run(['check', EXAMPLES, '--host-mode', 'bsd']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--host-mode must be auto, windows, wsl, linux, mac \(got bsd\)/);
});

test('--fix applies the preferred fixes, keeps CRLF and BOM, and a second run changes nothing', () => {
  const dir = copyExamples();
  try {
    const files = ['Dockerfile', 'docker-compose.yml', 'main.go'];
    // Make them Windows files: CRLF everywhere, a BOM on two of them.
    for (const f of files) {
      const p = path.join(dir, f);
      const text = fs.readFileSync(p, 'utf8').replace(/\n/g, '\r\n');
      fs.writeFileSync(p, (f === 'main.go' ? '' : '\uFEFF') + text);
    }
    const r = run(['check', dir, '--fix', '--fail-on', 'info']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '', 'every finding of the examples has a preferred fix');
    const after = Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    for (const f of files) {
      assert.ok(!/[^\r]\n/.test(after[f]), `${f} lost its CRLF line endings`);
      assert.equal(after[f].startsWith('\uFEFF'), f !== 'main.go', `${f}: BOM changed`);
    }
    assert.match(after['Dockerfile'], /RUN CGO_ENABLED=0 go build -o \/out\/api \.\r\n/);
    assert.match(after['docker-compose.yml'], /      - C:\/goapp:\/app\r\n/);
    assert.match(after['main.go'], /srv := &http\.Server\{Addr: ":8080"\}/);
    assert.match(after['Dockerfile'], /\r\nRUN adduser -D -H -u 10001 app\r\nUSER app\r\nENTRYPOINT/);
    assert.match(after['main.go'], /signal\.NotifyContext/);
    // Nothing else changed: undo the fixes and compare with the originals.
    const original = (f: string) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8').replace(/\n/g, '\r\n');
    assert.equal(
      after['Dockerfile'].replace('\uFEFF', '').replace('CGO_ENABLED=0 go build', 'go build').replace('RUN adduser -D -H -u 10001 app\r\nUSER app\r\n', ''),
      original('Dockerfile'),
    );
    assert.equal(after['docker-compose.yml'].replace('\uFEFF', '').replace('C:/goapp', 'C:\\goapp'), original('docker-compose.yml'));

    const again = run(['check', dir, '--fix', '--fail-on', 'info']);
    assert.equal(again.code, 0);
    for (const f of files) assert.equal(fs.readFileSync(path.join(dir, f), 'utf8'), after[f], `${f} changed on the second --fix`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix creates the file a fix asks for (a .dockerignore), in the Dockerfile\'s line endings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-cli-create-'));
  try {
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM golang:1.22-alpine\r\nWORKDIR /app\r\nCOPY . .\r\nRUN go build -o /out/app .\r\n');
    const r = run(['check', dir, '--fix', '--fail-on', 'info', '--format', 'json']);
    const left = (JSON.parse(r.stdout) as { diagnostics: { rule: string }[] }).diagnostics.map((d) => d.rule);
    assert.ok(!left.includes('DGT135'), r.stdout);
    const created = fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8');
    assert.match(created, /^# Generated by Docker Go Traps/);
    assert.match(created, /\r\n\.git\r\n/);
    assert.ok(!/[^\r]\n/.test(created), 'CRLF like the Dockerfile');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a directory scan skips node_modules, .git, vendor and testdata', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-cli-'));
  try {
    for (const skip of ['node_modules/x', '.git/y', 'vendor/z', 'internal/cli/testdata/migrate', 'ok']) {
      fs.mkdirSync(path.join(dir, skip), { recursive: true });
      fs.writeFileSync(path.join(dir, skip, 'compose.yaml'), 'services:\n  a:\n    image: golang\n    volumes:\n      - C:\\x:/x\n');
    }
    const r = run(['check', dir, '--format', 'json']);
    const json = JSON.parse(r.stdout);
    assert.equal(json.files, 1);
    assert.deepEqual(json.diagnostics.map((d: { file: string }) => d.file), ['ok/compose.yaml']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('hostile files get one clear info diagnostic, never a crash', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-cli-'));
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3, 0xff]));
    fs.writeFileSync(path.join(dir, 'compose.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('services:\n', 'utf16le')]));
    fs.writeFileSync(path.join(dir, 'docker-compose.yml'), Buffer.from([0x73, 0x3a, 0x20, 0xc3, 0x28, 0x0a]));
    const r = run(['check', dir, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(
      json.diagnostics.map((d: { file: string; rule: string; severity: string; message: string }) => [d.file, d.rule, d.severity, /binary|UTF-16|UTF-8/.test(d.message)]),
      [
        ['Dockerfile', 'DGT000', 'info', true],
        ['compose.yaml', 'DGT000', 'info', true],
        ['docker-compose.yml', 'DGT000', 'info', true],
      ],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
