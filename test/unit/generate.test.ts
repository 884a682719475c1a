/**
 * "Generate Dockerfile for this Go module": for modules of several shapes, the generated Dockerfile,
 * .dockerignore and compose.yaml, put next to the module and analysed by the engine with every
 * rule, produce no findings. (Findings in the module's own Go code are the user's; the loopback case
 * checks that the generator says so instead of hiding it.) Plus the small pieces: image tags, the
 * host mode detection and the WSL path of a drive path.
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Project, MemoryHost } from '../../server/src/project/project';
import { analyzeFile } from '../../server/src/engine/analyze';
import { initGoParser } from '../../server/src/parse/go';
import { fileKind } from '../../server/src/project/files';
import { generateForModule, golangTag, debianFor, GenerateResult } from '../../server/src/generate/goDockerfile';
import { detectHostMode, resolveHostMode } from '../../server/src/project/hostMode';
import { wslPathOf } from '../../server/src/rules/composeWindowsHostPath';
import { RULE_SET } from '../../server/src/rules/registry';

before(async () => {
  await initGoParser();
});

const server = (addr = '":8080"', extra = '', imports: string[] = []) =>
  `package main\n\nimport (\n${['net/http', ...imports].map((i) => `\t"${i}"\n`).join('')})\n\nfunc main() {\n${extra}\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {})\n\t_ = http.ListenAndServe(${addr}, nil)\n}\n`;

interface Case {
  name: string;
  files: Record<string, string>;
  main?: string;
  /** Checks on the generated files. */
  expect: (r: Extract<GenerateResult, { status: 'ok' }>, text: (name: string) => string) => void;
  /** Findings allowed in the module's own files (rule ids by file), with the reason. */
  allowed?: Record<string, string[]>;
}

const CASES: Case[] = [
  {
    name: 'a plain HTTP server in the module root',
    files: { '/m/go.mod': 'module example.com/hello\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n', '/m/go.sum': 'github.com/google/uuid v1.6.0 h1:x=\n', '/m/main.go': server() },
    expect: (r, t) => {
      assert.match(t('Dockerfile'), /^FROM golang:1\.22-bookworm AS build$/m);
      assert.match(t('Dockerfile'), /^COPY go\.mod go\.sum \.\/$/m);
      assert.match(t('Dockerfile'), /^FROM scratch$/m);
      assert.doesNotMatch(t('Dockerfile'), /zoneinfo|ca-certificates/, 'nothing the program does not need');
      assert.match(t('Dockerfile'), /-o \/out\/hello \.$/m);
      assert.match(t('Dockerfile'), /^ENTRYPOINT \["\/hello"\]$/m);
      assert.match(t('compose.yaml'), /^ {2}hello:$/m);
    },
  },
  {
    name: 'cmd/api with time zones and TLS, go.mod with a patch version, no go.sum',
    files: {
      '/m/go.mod': 'module example.com/svc\n\ngo 1.23.2\n',
      '/m/cmd/api/main.go': server('":9000"', '\tloc, _ := time.LoadLocation("Asia/Shanghai")\n\t_ = loc\n\t_, _ = http.Get("https://api.example.com/v1")\n', ['time']),
    },
    expect: (r, t) => {
      assert.match(t('Dockerfile'), /^FROM golang:1\.23\.2-bookworm AS build$/m);
      assert.match(t('Dockerfile'), /^COPY go\.mod \.\/$/m, 'no go.sum to copy');
      assert.match(t('Dockerfile'), /^COPY --from=build \/usr\/share\/zoneinfo \/usr\/share\/zoneinfo$/m);
      assert.match(t('Dockerfile'), /^COPY --from=build \/etc\/ssl\/certs\/ca-certificates\.crt \/etc\/ssl\/certs\/$/m);
      assert.match(t('Dockerfile'), /\.\/cmd\/api$/m);
      assert.match(t('Dockerfile'), /^EXPOSE 9000$/m);
      assert.match(t('compose.yaml'), /"9000:9000"/);
      assert.match(t('compose.yaml'), /TZ: UTC/);
    },
  },
  {
    name: 'cgo through go-sqlite3',
    files: {
      '/m/go.mod': 'module example.com/store\n\ngo 1.21\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n',
      '/m/go.sum': 'github.com/mattn/go-sqlite3 v1.14.22 h1:x=\n',
      '/m/main.go': server('":8080"', '\t_, _ = sql.Open("sqlite3", "file:data.db")\n', ['database/sql', 'github.com/mattn/go-sqlite3']).replace('\t"github.com/mattn/go-sqlite3"', '\t_ "github.com/mattn/go-sqlite3"'),
    },
    expect: (r, t) => {
      assert.match(t('Dockerfile'), /CGO_ENABLED=1 GOOS=linux go build/);
      assert.match(t('Dockerfile'), /^FROM gcr\.io\/distroless\/base-debian12:nonroot$/m);
      assert.ok(r.notes.some((n) => n.includes('go-sqlite3')), r.notes.join('\n'));
    },
  },
  {
    name: 'import "C" in an internal package',
    files: {
      '/m/go.mod': 'module example.com/c\n\ngo 1.22\n',
      '/m/main.go': server(),
      '/m/internal/native/native.go': 'package native\n\n// int two() { return 2; }\nimport "C"\n\nfunc Two() int { return int(C.two()) }\n',
    },
    expect: (r, t) => assert.match(t('Dockerfile'), /CGO_ENABLED=1/),
  },
  {
    name: 'a vendored module',
    files: {
      '/m/go.mod': 'module example.com/v\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n',
      '/m/go.sum': 'github.com/google/uuid v1.6.0 h1:x=\n',
      '/m/vendor/modules.txt': '# github.com/google/uuid v1.6.0\n## explicit\ngithub.com/google/uuid\n',
      '/m/main.go': server(),
    },
    expect: (r, t) => {
      assert.doesNotMatch(t('Dockerfile'), /go mod download|pkg\/mod/);
      assert.doesNotMatch(t('.dockerignore'), /^vendor$/m, 'vendor/ stays in the context');
    },
  },
  {
    name: 'an older Go (1.18) builds on bullseye',
    files: { '/m/go.mod': 'module example.com/old\n\ngo 1.18\n', '/m/main.go': server() },
    expect: (r, t) => assert.match(t('Dockerfile'), /^FROM golang:1\.18-bullseye AS build$/m),
  },
  {
    name: 'a server on loopback: the Dockerfile is fine, and the note points at DGT301',
    files: { '/m/go.mod': 'module example.com/lo\n\ngo 1.22\n', '/m/main.go': server('"127.0.0.1:8080"') },
    expect: (r) => assert.ok(r.notes.some((n) => n.includes('DGT301')), r.notes.join('\n')),
    allowed: { 'main.go': ['DGT301'] },
  },
];

for (const c of CASES) {
  test(`generated files pass every check: ${c.name}`, () => {
    const host = new MemoryHost(new Map(Object.entries(c.files)));
    const project = new Project(host);
    project.scan('/m');
    const r = generateForModule(project, '/m', { compose: true, main: c.main });
    assert.equal(r.status, 'ok', JSON.stringify(r));
    if (r.status !== 'ok') return;
    assert.deepEqual(r.files.map((f) => path.basename(f.path)), ['Dockerfile', '.dockerignore', 'compose.yaml']);
    const text = (name: string) => r.files.find((f) => path.basename(f.path) === name)!.text;
    c.expect(r, text);

    // Write them into the module and analyse the whole project, as the editor would after the command.
    for (const f of r.files) host.files.set(f.path, f.text);
    const checked = new Project(host);
    const failures: string[] = [];
    checked.log = (m) => {
      if (/failed|could not parse/.test(m)) failures.push(m);
    };
    const findings: string[] = [];
    for (const f of checked.scan('/m')) {
      const kind = fileKind(f);
      if (kind !== 'dockerfile' && kind !== 'compose' && kind !== 'go') continue;
      // The sample programs stop without a graceful shutdown: DGT305 speaks about their code, which
      // is the user's business, not the generator's.
      const allowed = [...(c.allowed?.[path.basename(f)] ?? []), ...(kind === 'go' ? ['DGT305'] : [])];
      for (const x of analyzeFile(RULE_SET, checked, f)) {
        if (!allowed.includes(x.ruleId)) findings.push(`${path.relative('/m', f)} ${x.ruleId} ${x.messageId}: ${x.message}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(findings, [], `the generated files should pass every check:\n${text('Dockerfile')}\n${text('compose.yaml')}`);
  });
}

test('several main packages: the generator asks; an unknown module folder is an error', () => {
  const host = new MemoryHost(new Map(Object.entries({ '/m/go.mod': 'module x\n\ngo 1.22\n', '/m/cmd/a/main.go': server(), '/m/cmd/b/main.go': server('":9"') })));
  const project = new Project(host);
  project.scan('/m');
  const r = generateForModule(project, '/m');
  assert.equal(r.status, 'chooseMain');
  const picked = generateForModule(project, '/m', { main: '/m/cmd/b' });
  assert.equal(picked.status, 'ok');
  assert.equal(generateForModule(project, '/nowhere').status, 'error');
  const noMain = new Project(new MemoryHost(new Map([['/e/go.mod', 'module e\n']])));
  noMain.scan('/e');
  assert.equal(generateForModule(noMain, '/e').status, 'error');
});

test('golang image tags from go.mod versions, and the Debian release they are built on', () => {
  assert.equal(golangTag('1.22', '1.22'), '1.22');
  assert.equal(golangTag('1.22.3', '1.22'), '1.22.3');
  assert.equal(golangTag('go1.23.1', '1.22'), '1.23.1');
  assert.equal(golangTag('1.21rc2', '1.22'), '1.21');
  assert.equal(golangTag(undefined, '1.22'), '1.22');
  assert.equal(debianFor('1.22').variant, '-bookworm');
  assert.equal(debianFor('1.19').variant, '-bullseye');
  assert.equal(debianFor('1.19').distroless, 'gcr.io/distroless/base-debian11:nonroot');
});

test('host mode: auto detects Windows, macOS, WSL (env or /proc/version) and Linux; explicit values win', () => {
  const env = (platform: NodeJS.Platform, vars: Record<string, string> = {}, proc = 'Linux version 6.1.0 (debian)') => ({ platform, env: vars, procVersion: () => proc });
  assert.equal(detectHostMode(env('win32')), 'windows');
  assert.equal(detectHostMode(env('darwin')), 'mac');
  assert.equal(detectHostMode(env('linux', { WSL_DISTRO_NAME: 'Ubuntu' })), 'wsl');
  assert.equal(detectHostMode(env('linux', {}, 'Linux version 5.15.153.1-microsoft-standard-WSL2')), 'wsl');
  assert.equal(detectHostMode(env('linux')), 'linux');
  assert.equal(resolveHostMode('wsl', env('win32')), 'wsl');
  assert.equal(resolveHostMode('auto', env('darwin')), 'mac');
  assert.equal(resolveHostMode('nonsense', env('linux')), 'linux');
});

test('WSL paths of drive paths', () => {
  assert.equal(wslPathOf('C:\\goapp'), '/mnt/c/goapp');
  assert.equal(wslPathOf('D:/data/x/'), '/mnt/d/data/x');
  assert.equal(wslPathOf('c:\\'), '/mnt/c');
  assert.equal(wslPathOf('./x'), undefined);
});
