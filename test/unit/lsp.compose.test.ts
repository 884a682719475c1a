/**
 * Cross-file re-checks through the language server: a compose project whose service builds a Go
 * program. Editing the Go file (the port it listens on) must re-publish the compose file's
 * diagnostics — DGT209 appears when the published container port no longer matches and goes
 * when it matches again — while the compose file itself does not change.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient, rangeOfText } from '../support/lspClient';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const TEST_TIMEOUT_MS = 30_000;

const FILES: Record<string, string> = {
  'compose.yaml': ['services:', '  api:', '    build: .', '    ports:', '      - "8080:8080"', ''].join('\n'),
  Dockerfile: [
    'FROM golang:1.22 AS build',
    'WORKDIR /src',
    'COPY go.mod ./',
    'RUN go mod download',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /out/api .',
    '',
    'FROM alpine:3.20',
    'COPY --from=build /out/api /usr/local/bin/api',
    'USER 65532:65532',
    'EXPOSE 8080',
    'ENTRYPOINT ["/usr/local/bin/api"]',
    '',
  ].join('\n'),
  'go.mod': 'module example.com/api\n\ngo 1.22\n',
  'main.go': [
    'package main',
    '',
    'import (',
    '\t"context"',
    '\t"log"',
    '\t"net/http"',
    '\t"os/signal"',
    '\t"syscall"',
    ')',
    '',
    'func main() {',
    '\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)',
    '\tdefer stop()',
    '\tsrv := &http.Server{Addr: ":8080"}',
    '\tgo func() {',
    '\t\tif err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {',
    '\t\t\tlog.Fatal(err)',
    '\t\t}',
    '\t}()',
    '\t<-ctx.Done()',
    '\tsrv.Shutdown(context.Background())',
    '}',
    '',
  ].join('\n'),
};

const has = (p: PublishDiagnosticsParams, code: string): boolean => p.diagnostics.some((d) => String(d.code) === code);

test('editing the Go listen port re-checks the compose file: DGT209 appears with the Go and EXPOSE locations, and goes again', { timeout: TEST_TIMEOUT_MS }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-lsp-compose-'));
  let client: LspClient | undefined;
  try {
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
    client = await LspClient.start({ root: dir, serverModule: SERVER, settings: { enable: true, rules: {} } });

    const compose = await client.open('compose.yaml', 'dockercompose', FILES['compose.yaml']);
    const first = await client.diagnosticsForVersion(compose);
    assert.ok(!has(first, 'DGT209'), `no port mismatch while main.go listens on :8080, got ${first.diagnostics.map((d) => d.code).join(', ')}`);
    const goDoc = await client.open('main.go', 'go', FILES['main.go']);
    await client.diagnosticsForVersion(goDoc);

    // The program moves to :9090: the compose file's mapping to 8080 is now wrong.
    const moved = FILES['main.go'].replace('Addr: ":8080"', 'Addr: ":9090"');
    let since = client.mark();
    await client.change(goDoc.uri, moved);
    const broken = await client.waitForDiagnostics(compose.uri, (p) => has(p, 'DGT209'), 'compose.yaml republished with DGT209', since);
    assert.equal(broken.version, compose.version, 'compose.yaml itself did not change');
    const d = broken.diagnostics.find((x) => String(x.code) === 'DGT209')!;
    // The container side of `- "8080:8080"`.
    assert.deepEqual(d.range, { start: { line: 4, character: 14 }, end: { line: 4, character: 18 } });
    assert.match(d.message, /listens on :9090/);
    const related = d.relatedInformation ?? [];
    const goRelated = related.find((r) => r.location.uri === goDoc.uri);
    assert.ok(goRelated, 'a related location in main.go');
    assert.deepEqual(goRelated.location.range, rangeOfText(moved, '9090'));
    const exposeRelated = related.find((r) => r.location.uri === client!.uriOf('Dockerfile'));
    assert.ok(exposeRelated, 'a related location at the Dockerfile EXPOSE');
    assert.deepEqual(exposeRelated.location.range, rangeOfText(FILES.Dockerfile, '8080'));

    // Back to :8080: the finding goes.
    since = client.mark();
    await client.change(goDoc.uri, FILES['main.go']);
    const fixed = await client.waitForDiagnostics(compose.uri, (p) => !has(p, 'DGT209'), 'compose.yaml republished without DGT209', since);
    assert.equal(fixed.version, compose.version);

    const status = await client.shutdown();
    assert.deepEqual(status, { code: 0, signal: null });
  } finally {
    client?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
