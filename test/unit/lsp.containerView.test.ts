/**
 * The container model made visible, over JSON-RPC like the other protocol tests: hovers on a
 * compose service key, on the FROM of the stage that becomes an image and on a Go listen call show
 * the whole chain (in English and in Chinese); definition and references follow services and stages
 * across files; `dockerGoTraps/containerMap` lists every container with its parts and the findings
 * last published in its files. Positions and targets are asserted exactly.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Hover, Location, MarkupContent, Position, Range } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../support/lspClient';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const TEST_TIMEOUT_MS = 60_000;

/** A small shop: an api built from build/Dockerfile (target run) with a database and a cache. */
const COMPOSE = `services:
  api:
    build:
      context: .
      dockerfile: build/Dockerfile
      target: run
    ports:
      - "8080:8080"
    environment:
      DATABASE_URL: postgres://app:secret@db:5432/app?sslmode=disable
      CACHE_ADDR: cache:6379
      LOG_LEVEL: debug
    volumes:
      - ./config:/etc/api:ro
      - data:/var/lib/api
    depends_on:
      - db
  db:
    image: postgres:16
    volumes:
      - pg:/var/lib/postgresql/data
  cache:
    image: redis:7
volumes:
  data:
  pg:
`;

const DOCKERFILE = `FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -o /out/api ./cmd/api

FROM gcr.io/distroless/static-debian12 AS run
COPY --from=build /out/api /api
USER nonroot
ENTRYPOINT ["/api"]
`;

const MAIN = `package main

import (
\t"database/sql"
\t"log"
\t"net/http"
)

func main() {
\tdb, err := sql.Open("postgres", "postgres://app:secret@db:5432/app")
\tif err != nil {
\t\tlog.Fatal(err)
\t}
\tdefer db.Close()
\tlog.Fatal(http.ListenAndServe(":8080", nil))
}
`;

const FILES: Record<string, string> = {
  'compose.yaml': COMPOSE,
  'build/Dockerfile': DOCKERFILE,
  'go.mod': 'module example.com/shop\n\ngo 1.22\n',
  'config/api.yaml': 'level: info\n',
  'cmd/api/main.go': MAIN,
};

async function withShop(options: { locale?: string; files?: Record<string, string>; showsMap?: boolean }, body: (client: LspClient, dir: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-map-'));
  let client: LspClient | undefined;
  try {
    for (const [rel, text] of Object.entries({ ...FILES, ...options.files })) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    client = await LspClient.start({ root: dir, serverModule: SERVER, locale: options.locale, initializationOptions: options.showsMap === false ? undefined : { containerMap: true } });
    await body(client, dir);
    assert.deepEqual(await client.shutdown(), { code: 0, signal: null });
  } finally {
    client?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The position `delta` characters into the `occurrence`-th (0-based) occurrence of `needle`. */
function at(text: string, needle: string, delta = 0, occurrence = 0): Position {
  let i = -1;
  for (let k = 0; k <= occurrence; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${occurrence + 1} times`);
  }
  return positionOf(text, i + delta);
}

/** The range of that occurrence of `needle`. */
function span(text: string, needle: string, occurrence = 0): Range {
  const start = at(text, needle, 0, occurrence);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

async function hover(client: LspClient, uri: string, position: Position): Promise<{ md: string; range: Range | undefined } | null> {
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  return h ? { md: (h.contents as MarkupContent).value, range: h.range } : null;
}

const definition = (client: LspClient, uri: string, position: Position) => client.request<Location[] | null>('textDocument/definition', { textDocument: { uri }, position });
const references = (client: LspClient, uri: string, position: Position, includeDeclaration = true) =>
  client.request<Location[] | null>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration } });

/** `file:…#L<line>,<col>` of a position (1-based), as the hover links. */
const link = (uri: string, p: Position) => `${uri}#L${p.line + 1},${p.character + 1}`;

const sortLocations = (ls: Location[]) => [...ls].sort((a, b) => a.uri.localeCompare(b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);

test('hover on a compose service key: the whole chain, each item linked to its file and line', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withShop({}, async (client) => {
    const compose = await client.open('compose.yaml', 'dockercompose', COMPOSE);
    await client.diagnosticsForVersion(compose);
    const h = await hover(client, compose.uri, at(COMPOSE, 'api:', 1));
    assert.ok(h, 'a hover on the key');
    assert.deepEqual(h.range, span(COMPOSE, 'api'));
    const df = client.uriOf('build/Dockerfile');
    const main = client.uriOf('cmd/api/main.go');
    const expected = [
      '**Container of compose service `api`**',
      '',
      `- **Service** [\`api\`](${link(compose.uri, at(COMPOSE, 'api'))}) (in compose.yaml)`,
      `- **Dockerfile** [build/Dockerfile](${df}#L1,1) · [\`run\`](${link(df, at(DOCKERFILE, 'FROM gcr'))}) (becomes the image · FROM gcr.io/distroless/static-debian12)` +
        ` · **fed by** [\`build\`](${df}#L1,1) (FROM golang:1.22)`,
      `- **Base image** [\`gcr.io/distroless/static-debian12\`](${link(df, at(DOCKERFILE, 'gcr.io'))}) · **libc** none · **shell** [none](${link(df, at(DOCKERFILE, 'gcr.io'))})` +
        ` · **user** [nonroot](${link(df, at(DOCKERFILE, 'nonroot'))}) (USER) · **CA certificates** [yes](${link(df, at(DOCKERFILE, 'gcr.io'))}) · **zoneinfo** [yes](${link(df, at(DOCKERFILE, 'gcr.io'))})`,
      `- **Go main** [cmd/api/main.go](${link(main, at(MAIN, 'func main'))}) · built by [\`go build -o /out/api ./cmd/api\`](${link(df, at(DOCKERFILE, 'go build'))}) (stage build)` +
        ` · **build environment** [\`GOOS=linux\`](${link(df, at(DOCKERFILE, 'GOOS'))}) · GOARCH not set · [\`CGO_ENABLED=0\`](${link(df, at(DOCKERFILE, 'CGO_ENABLED'))})`,
      `- **Listens** [\`:8080\`](${link(main, at(MAIN, 'http.ListenAndServe'))}) (http.ListenAndServe)`,
      `- **Ports** [\`8080:8080\`](${link(compose.uri, at(COMPOSE, '8080:8080'))}) (published)`,
      `- **Mounted over it** [\`./config → /etc/api\`](${link(compose.uri, at(COMPOSE, './config'))}) (bind mount · read-only) · [\`data → /var/lib/api\`](${link(compose.uri, at(COMPOSE, 'data:/var'))}) (volume)`,
    ].join('\n');
    assert.equal(h.md, expected);

    // A service that builds nothing: its image, facts from the table where it knows them.
    const db = await hover(client, compose.uri, at(COMPOSE, 'db:\n', 0));
    assert.ok(db);
    assert.match(db.md, /^\*\*Container of compose service `db`\*\*/);
    assert.ok(db.md.includes(`- **Image** [\`postgres:16\`](${link(compose.uri, at(COMPOSE, 'postgres:16'))}) (not built in this workspace)`), db.md);
    assert.ok(db.md.includes(' · **libc** unknown · **shell** unknown · **user** unknown · **CA certificates** unknown · **zoneinfo** unknown'), `an image the table does not know: unknown, not guessed\n${db.md}`);
    assert.ok(db.md.includes('- **Ports** none published'));
    assert.ok(!db.md.includes('**Go main**'));

    // Other keys of the file have no container hover.
    assert.equal(await hover(client, compose.uri, at(COMPOSE, 'ports:', 1)), null);
    assert.equal(await hover(client, compose.uri, at(COMPOSE, 'volumes:\n  data', 2)), null);
  });
});

test('hover in Chinese: the same chain with zh-cn labels', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withShop({ locale: 'zh-cn' }, async (client) => {
    const compose = await client.open('compose.yaml', 'dockercompose', COMPOSE);
    await client.diagnosticsForVersion(compose);
    const h = await hover(client, compose.uri, at(COMPOSE, 'api:', 0));
    assert.ok(h);
    const lines = h.md.split('\n');
    assert.equal(lines[0], '**compose 服务 `api` 的容器**');
    assert.ok(lines.some((l) => l.startsWith('- **基础镜像** [`gcr.io/distroless/static-debian12`]') && l.includes(' · **libc** 无 · **shell** [无]') && l.includes('**用户** [nonroot]')), h.md);
    assert.ok(lines.some((l) => l.startsWith('- **Go main 包** ') && l.includes(' · **构建环境变量** ') && l.includes('GOARCH 未设置')), h.md);
    assert.ok(lines.some((l) => l.startsWith('- **挂载到容器上** ') && l.includes('(bind 挂载 · 只读)')), h.md);
    assert.ok(lines.some((l) => l.startsWith('- **端口** ') && l.endsWith('(已发布)')), h.md);
  });
});

test('hover on the FROM of the stage that becomes the image, and on a Go listen call (after the finding there)', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withShop({}, async (client) => {
    const df = await client.open('build/Dockerfile', 'dockerfile', DOCKERFILE);
    await client.diagnosticsForVersion(df);
    const final = await hover(client, df.uri, at(DOCKERFILE, 'distroless', 2));
    assert.ok(final);
    assert.deepEqual(final.range, { start: at(DOCKERFILE, 'FROM gcr'), end: at(DOCKERFILE, '\nCOPY --from') });
    assert.match(final.md, /^\*\*Container of compose service `api`\*\*\n/);
    // The builder stage does not become an image: no chain there.
    const builder = await hover(client, df.uri, at(DOCKERFILE, 'AS build', 4));
    assert.ok(!builder || !builder.md.includes('Container of'), builder?.md);

    const main = await client.open('cmd/api/main.go', 'go', MAIN);
    const published = await client.diagnosticsForVersion(main);
    const d305 = published.diagnostics.find((d) => d.code === 'DGT305');
    assert.ok(d305, 'DGT305 on the listen call');
    const h = await hover(client, main.uri, at(MAIN, 'ListenAndServe', 3));
    assert.ok(h);
    const docs = h.md.indexOf('### DGT305');
    const chain = h.md.indexOf('**Container of compose service `api`**');
    assert.ok(docs === 0 && chain > docs, `the finding's docs first, then the chain:\n${h.md}`);
    assert.deepEqual(h.range, d305.range, 'the range of the finding');
    // On the address literal: no chain (only a listen call's callee shows it).
    const lit = await hover(client, main.uri, at(MAIN, '":8080"', 2));
    assert.ok(!lit || !lit.md.includes('Container of'), lit?.md);
    // Elsewhere in main.go: nothing.
    assert.equal(await hover(client, main.uri, at(MAIN, 'defer', 1)), null);
  });
});

test('definition: build.target and build.dockerfile to the stage, addresses and DSNs to the service, go build to the main file', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withShop({}, async (client) => {
    const compose = await client.open('compose.yaml', 'dockercompose', COMPOSE);
    const df = client.uriOf('build/Dockerfile');
    const main = client.uriOf('cmd/api/main.go');
    const key = (name: string) => ({ uri: compose.uri, range: span(COMPOSE, `${name}:\n`, 0) }) satisfies Location;
    const keyRange = (name: string): Location => {
      const l = key(name);
      return { uri: l.uri, range: { start: l.range.start, end: { line: l.range.start.line, character: l.range.start.character + name.length } } };
    };

    assert.deepEqual(await definition(client, compose.uri, at(COMPOSE, 'target: run', 9)), [{ uri: df, range: span(DOCKERFILE, 'run') }]);
    assert.deepEqual(await definition(client, compose.uri, at(COMPOSE, 'build/Dockerfile', 3)), [
      { uri: df, range: { start: at(DOCKERFILE, 'FROM gcr'), end: at(DOCKERFILE, '\nCOPY --from') } },
    ]);
    assert.deepEqual(await definition(client, compose.uri, at(COMPOSE, '@db:', 1)), [keyRange('db')]);
    assert.deepEqual(await definition(client, compose.uri, at(COMPOSE, 'cache:6379', 5)), [keyRange('cache')]);
    // depends_on to a service of the same file: Docker DX answers that; so does a plain value.
    assert.equal(await definition(client, compose.uri, at(COMPOSE, '- db', 2)), null);
    assert.equal(await definition(client, compose.uri, at(COMPOSE, 'debug', 1)), null);
    assert.equal(await definition(client, compose.uri, at(COMPOSE, 'postgres:16', 1)), null);

    const dockerfile = await client.open('build/Dockerfile', 'dockerfile', DOCKERFILE);
    assert.deepEqual(await definition(client, dockerfile.uri, at(DOCKERFILE, './cmd/api', 4)), [{ uri: main, range: span(MAIN, 'func main() ') }]);
    // COPY --from and FROM <stage> inside the file: Docker DX answers those.
    assert.equal(await definition(client, dockerfile.uri, at(DOCKERFILE, '--from=build', 9)), null);
    assert.equal(await definition(client, dockerfile.uri, at(DOCKERFILE, '-o /out/api', 5)), null);

    const go = await client.open('cmd/api/main.go', 'go', MAIN);
    assert.deepEqual(await definition(client, go.uri, at(MAIN, '@db:', 1)), [keyRange('db')]);
    assert.equal(await definition(client, go.uri, at(MAIN, 'secret', 1)), null);
    assert.equal(await definition(client, go.uri, at(MAIN, '"postgres",', 2)), null);
  });
});

test('definition across compose files: depends_on in an override file to the service of the base file', { timeout: TEST_TIMEOUT_MS }, async () => {
  const override = 'services:\n  cache:\n    depends_on:\n      - db\n';
  await withShop({ files: { 'compose.override.yaml': override } }, async (client) => {
    const doc = await client.open('compose.override.yaml', 'dockercompose', override);
    const compose = client.uriOf('compose.yaml');
    const db = at(COMPOSE, 'db:\n');
    assert.deepEqual(await definition(client, doc.uri, at(override, '- db', 3)), [{ uri: compose, range: { start: db, end: { line: db.line, character: db.character + 2 } } }]);
    // And the override's service key counts among the references of the base file's service.
    const refs = await references(client, doc.uri, at(override, 'cache:', 1));
    assert.deepEqual(
      sortLocations(refs ?? []).map((l) => [path.basename(l.uri), l.range.start.line]),
      [['compose.override.yaml', 1], ['compose.yaml', 10], ['compose.yaml', 21]],
    );
  });
});

test('references: of a service (depends_on, environment addresses, Go DSNs) and of a stage (COPY --from, FROM, compose target)', { timeout: TEST_TIMEOUT_MS }, async () => {
  const dockerfile = DOCKERFILE.replace('FROM gcr.io/distroless/static-debian12 AS run', 'FROM build AS test\nRUN go vet ./...\n\nFROM gcr.io/distroless/static-debian12 AS run');
  await withShop({ files: { 'build/Dockerfile': dockerfile } }, async (client) => {
    const compose = await client.open('compose.yaml', 'dockercompose', COMPOSE);
    const main = client.uriOf('cmd/api/main.go');
    const df = client.uriOf('build/Dockerfile');
    const dbKey = { uri: compose.uri, range: { start: at(COMPOSE, 'db:\n'), end: { ...at(COMPOSE, 'db:\n'), character: at(COMPOSE, 'db:\n').character + 2 } } };
    const expected = sortLocations([
      dbKey,
      { uri: compose.uri, range: { start: at(COMPOSE, '@db:', 1), end: at(COMPOSE, '@db:', 3) } },
      { uri: compose.uri, range: { start: at(COMPOSE, '- db', 2), end: at(COMPOSE, '- db', 4) } },
      { uri: main, range: { start: at(MAIN, '@db:', 1), end: at(MAIN, '@db:', 3) } },
    ]);
    assert.deepEqual(sortLocations((await references(client, compose.uri, at(COMPOSE, 'db:\n', 1))) ?? []), expected);
    // From a use, and without the declaration.
    assert.deepEqual(
      sortLocations((await references(client, compose.uri, at(COMPOSE, '@db:', 2), false)) ?? []),
      expected.filter((l) => !(l.uri === dbKey.uri && l.range.start.line === dbKey.range.start.line)),
    );

    const doc = await client.open('build/Dockerfile', 'dockerfile', dockerfile);
    const build = sortLocations((await references(client, doc.uri, at(dockerfile, 'AS build', 4))) ?? []);
    assert.deepEqual(build, sortLocations([
      { uri: df, range: span(dockerfile, 'build', 0) },
      { uri: df, range: { start: at(dockerfile, 'FROM build', 5), end: at(dockerfile, 'FROM build', 10) } },
      { uri: df, range: { start: at(dockerfile, '--from=build', 7), end: at(dockerfile, '--from=build', 12) } },
    ]));
    // From a COPY --from use: the same set.
    assert.deepEqual(sortLocations((await references(client, doc.uri, at(dockerfile, '--from=build', 9))) ?? []), build);
    // The stage compose builds: the compose target counts.
    const run = [
      { uri: df, range: span(dockerfile, 'run') },
      { uri: compose.uri, range: { start: at(COMPOSE, 'target: run', 8), end: at(COMPOSE, 'target: run', 11) } },
    ];
    assert.deepEqual(sortLocations((await references(client, doc.uri, at(dockerfile, 'AS run', 4))) ?? []), sortLocations(run));
    assert.deepEqual(sortLocations((await references(client, compose.uri, at(COMPOSE, 'target: run', 9))) ?? []), sortLocations(run));
    // Nothing to say elsewhere.
    assert.equal(await references(client, doc.uri, at(dockerfile, 'WORKDIR', 2)), null);
    assert.equal(await references(client, compose.uri, at(COMPOSE, 'LOG_LEVEL', 2)), null);
  });
});

interface MapEntry {
  id: string;
  kind: string;
  name: string;
  findings: number;
  location: Location | undefined;
  stages: { name: string | undefined; final: boolean; from: string }[];
  base: { image: string; libc: string | null; shell: string; user: string | null; userSource: string; certificates: string; zoneinfo: string } | undefined;
  go: string;
  mains: { uri: string; command: string; env: Record<string, string | null> }[];
  listens: { text: string; api: string; location: Location }[];
  ports: { kind: string; text: string }[];
  mounts: { kind: string; source: string | undefined; target: string | undefined; readOnly: boolean }[];
  node: { label: string; description?: string; children?: { label: string; description?: string }[] };
}

test('containerMap: every service with its stages, base image, Go main, ports, mounts and the findings published in its files', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withShop({ files: { 'tools/Dockerfile': 'FROM alpine:3.20\nRUN apk add --no-cache curl\n' } }, async (client) => {
    // Before anything is open: the containers are there, with no findings yet.
    const before = await client.request<{ version: number; entries: MapEntry[]; truncated: boolean }>('dockerGoTraps/containerMap', {});
    assert.equal(before.version, 1);
    assert.deepEqual(before.entries.map((e) => [e.kind, e.name, e.findings]), [['service', 'api', 0], ['service', 'db', 0], ['service', 'cache', 0], ['dockerfile', 'tools/Dockerfile', 0]]);

    const changed = new Promise<void>((resolve) => client.connection.onNotification('dockerGoTraps/containerMapChanged', () => resolve()));
    const docs = [
      await client.open('compose.yaml', 'dockercompose', COMPOSE),
      await client.open('build/Dockerfile', 'dockerfile', DOCKERFILE),
      await client.open('cmd/api/main.go', 'go', MAIN),
    ];
    const published = new Map<string, { line: number; code: string }[]>();
    for (const d of docs) published.set(d.uri, (await client.diagnosticsForVersion(d)).diagnostics.map((x) => ({ line: x.range.start.line, code: String(x.code) })));
    await changed;
    const map = await client.request<{ entries: MapEntry[]; truncated: boolean }>('dockerGoTraps/containerMap', {});
    assert.equal(map.truncated, false);
    const [api, db, cache, tools] = map.entries;
    // api: the compose lines of its service (2–17), the Dockerfile and main.go.
    const expectedApi =
      published.get(docs[0].uri)!.filter((d) => d.line >= 1 && d.line <= 16).length + published.get(docs[1].uri)!.length + published.get(docs[2].uri)!.length;
    assert.ok(expectedApi >= 2, JSON.stringify([...published]));
    assert.equal(api.findings, expectedApi);
    assert.equal(db.findings, published.get(docs[0].uri)!.filter((d) => d.line >= 17 && d.line <= 20).length);
    assert.equal(db.findings, 1, 'DGT226 on the database service');
    assert.equal(cache.findings, 0);
    assert.equal(tools.findings, 0, 'a file that was not analysed has no findings to count');

    assert.deepEqual(api.location, { uri: docs[0].uri, range: span(COMPOSE, 'api') });
    assert.deepEqual(api.stages.map((s) => [s.name, s.final, s.from]), [['build', false, 'golang:1.22'], ['run', true, 'gcr.io/distroless/static-debian12']]);
    assert.deepEqual(api.base, {
      image: 'gcr.io/distroless/static-debian12',
      known: true,
      libc: 'none',
      libcVersion: null,
      shell: 'no',
      user: 'nonroot',
      userSource: 'USER',
      certificates: 'yes',
      zoneinfo: 'yes',
      location: { uri: docs[1].uri, range: span(DOCKERFILE, 'gcr.io/distroless/static-debian12') },
    });
    assert.equal(api.go, 'known');
    assert.deepEqual(api.mains.map((m) => [m.uri, m.command, m.env]), [[docs[2].uri, 'go build -o /out/api ./cmd/api', { GOOS: 'linux', GOARCH: null, CGO_ENABLED: '0' }]]);
    assert.deepEqual(api.listens.map((l) => [l.text, l.api, l.location.range]), [[':8080', 'http.ListenAndServe', span(MAIN, 'http.ListenAndServe')]]);
    assert.deepEqual(api.ports.map((p) => [p.kind, p.text]), [['published', '8080:8080']]);
    assert.deepEqual(api.mounts.map((m) => [m.kind, m.source, m.target, m.readOnly]), [['bind', './config', '/etc/api', true], ['volume', 'data', '/var/lib/api', false]]);
    assert.deepEqual(api.node.children?.map((c) => c.label), ['Service', 'Dockerfile', 'Base image', 'Go main', 'Listens', 'Ports', 'Mounted over it']);
    assert.equal(api.node.description, `gcr.io/distroless/static-debian12 · ${expectedApi} findings`);

    assert.equal(db.base?.image, 'postgres:16');
    assert.equal(db.base?.libc, null, 'unknown, not guessed');
    assert.deepEqual(db.mounts.map((m) => [m.kind, m.source, m.target]), [['volume', 'pg', '/var/lib/postgresql/data']]);
    assert.equal(db.go, 'unknown');
    assert.deepEqual(db.mains, []);

    assert.deepEqual(tools.stages.map((s) => [s.name, s.final, s.from]), [[undefined, true, 'alpine:3.20']]);
    assert.equal(tools.base?.libc, 'musl');
    assert.equal(tools.go, 'none');
    assert.deepEqual(tools.ports, []);

    // An edit is followed by a notification, and the map follows the edit.
    const again = new Promise<void>((resolve) => client.connection.onNotification('dockerGoTraps/containerMapChanged', () => resolve()));
    const edited = await client.change(docs[0].uri, COMPOSE.replace('"8080:8080"', '"9090:8080"'));
    await client.diagnosticsForVersion(edited);
    await again;
    const after = await client.request<{ entries: MapEntry[] }>('dockerGoTraps/containerMap', {});
    assert.deepEqual(after.entries[0].ports.map((p) => p.text), ['9090:8080']);
  });
});

test('a client that does not say it shows the map gets no containerMapChanged, and can still ask for the map', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withShop({ showsMap: false }, async (client) => {
    let told = 0;
    client.connection.onNotification('dockerGoTraps/containerMapChanged', () => told++);
    const compose = await client.open('compose.yaml', 'dockercompose', COMPOSE);
    await client.diagnosticsForVersion(compose);
    const edited = await client.change(compose.uri, COMPOSE.replace('"8080:8080"', '"9090:8080"'));
    await client.diagnosticsForVersion(edited);
    // Messages arrive in order: a notification sent with the analysis comes before this answer.
    const map = await client.request<{ entries: MapEntry[] }>('dockerGoTraps/containerMap', {});
    assert.deepEqual(map.entries[0].ports.map((p) => p.text), ['9090:8080']);
    assert.equal(told, 0);
  });
});

test('half-typed and broken files: hover, definition, references and the map answer without failing', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withShop({}, async (client) => {
    const compose = await client.open('compose.yaml', 'dockercompose', COMPOSE);
    const df = await client.open('build/Dockerfile', 'dockerfile', DOCKERFILE);
    const main = await client.open('cmd/api/main.go', 'go', MAIN);
    const broken: [typeof compose, string][] = [
      [compose, 'services:\n  api:\n    build:\n      context: .\n      target: [\n    ports: {{\n  db: *nope\n'],
      [compose, 'services:\n  api:\n    build:\n      dockerfile: build/Dockerfile\n      target: ru'],
      [compose, '\t: : :\n- - [\n'],
      [df, 'FROM \nFROM golang:1.22 AS\nCOPY --from= /x /y\nRUN go build ./cmd/a'],
      [df, 'FROM gcr.io/distroless/static-debian12 AS run\nCOPY --from=build'],
      [main, 'package main\n\nfunc main() {\n\thttp.ListenAndServe(":80'],
      [main, ''],
    ];
    for (const [doc, text] of broken) {
      const changed = await client.change(doc.uri, text);
      await client.diagnosticsForVersion(changed);
      for (let offset = 0; offset <= text.length; offset += Math.max(1, Math.floor(text.length / 23))) {
        const position = positionOf(text, offset);
        const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc.uri }, position });
        assert.ok(h === null || typeof (h.contents as MarkupContent).value === 'string');
        const d = await definition(client, doc.uri, position);
        assert.ok(d === null || Array.isArray(d));
        const r = await references(client, doc.uri, position);
        assert.ok(r === null || Array.isArray(r));
      }
      const map = await client.request<{ entries: MapEntry[] }>('dockerGoTraps/containerMap', {});
      assert.ok(Array.isArray(map.entries));
    }
    assert.deepEqual(client.log.filter((l) => /docker-go-traps: .* failed/.test(l)), [], 'no question to the model failed');
    // A position past the end of the file, and a document that is not open.
    assert.equal(await definition(client, main.uri, { line: 999, character: 999 }), null);
    assert.equal(await hover(client, client.uriOf('nowhere/compose.yaml'), { line: 0, character: 0 }), null);
    assert.equal(await references(client, client.uriOf('nowhere/compose.yaml'), { line: 0, character: 0 }), null);
    // The server is still fine: the truncated target resolves again once typed out.
    const fixed = await client.change(compose.uri, COMPOSE);
    await client.diagnosticsForVersion(fixed);
    const dfText = 'FROM gcr.io/distroless/static-debian12 AS run\nCOPY --from=build';
    assert.deepEqual(await definition(client, compose.uri, at(COMPOSE, 'target: run', 9)), [{ uri: df.uri, range: span(dfText, 'run') }]);
  });
});

test('a Dockerfile outside the workspace folders is not read: the hover says so instead of "not found", and quotes nothing of it', { timeout: TEST_TIMEOUT_MS }, async () => {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-map-out-'));
  let client: LspClient | undefined;
  try {
    const compose = 'services:\n  api:\n    build:\n      context: ../other\n';
    fs.mkdirSync(path.join(top, 'ws'));
    fs.mkdirSync(path.join(top, 'other'));
    fs.writeFileSync(path.join(top, 'ws', 'compose.yaml'), compose);
    fs.writeFileSync(path.join(top, 'other', 'Dockerfile'), 'FROM alpine:3.20 AS secret-stage\n');
    client = await LspClient.start({ root: path.join(top, 'ws'), serverModule: SERVER });
    const doc = await client.open('compose.yaml', 'dockercompose', compose);
    await client.diagnosticsForVersion(doc);
    const h = await hover(client, doc.uri, at(compose, 'api', 1));
    assert.ok(h);
    assert.ok(h.md.includes('- **Dockerfile** ../other/Dockerfile (outside the workspace folders: not read)') || /- \*\*Dockerfile\*\* \S*other\/Dockerfile \(outside the workspace folders: not read\)/.test(h.md), h.md);
    assert.ok(!h.md.includes('alpine') && !h.md.includes('secret-stage'), h.md);
    assert.equal(await definition(client, doc.uri, at(compose, '../other', 3)), null);
    assert.deepEqual(await client.shutdown(), { code: 0, signal: null });
  } finally {
    client?.kill();
    fs.rmSync(top, { recursive: true, force: true });
  }
});

test('the server announces definition and references', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withShop({}, async (client) => {
    const caps = client.initializeResult?.capabilities;
    assert.equal(caps?.definitionProvider, true);
    assert.equal(caps?.referencesProvider, true);
    assert.equal(caps?.hoverProvider, true);
  });
});
