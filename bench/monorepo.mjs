// The synthetic monorepo: 10,000 files, 2,000 of them Dockerfiles, compose files and Go mains,
// the rest noise (libraries, docs, web code, configs, scripts, test data). Deterministic: the same
// arguments give the same bytes. Some services carry the traps the rules look for, as in real life.
//
//   node bench/monorepo.mjs <dir>     writes the tree (the folder must not exist or be empty)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVICES = 700;
export const COMPOSE_FILES = 600; // 599 per-service files and one at the root

function dockerfile(i) {
  const variant = i % 7;
  const builder = `golang:1.${21 + (i % 3)}${variant === 3 ? '-alpine' : ''}`;
  const runtime = ['alpine:3.20', 'gcr.io/distroless/static-debian12', 'scratch', 'debian:bookworm-slim', 'alpine:3.19', 'gcr.io/distroless/base-debian12', 'busybox:1.36'][variant];
  const cgo = i % 5 === 0 ? '' : 'CGO_ENABLED=0 ';
  return `# syntax=docker/dockerfile:1
# Service ${i}: builds cmd/server into a small image.
FROM ${builder} AS build
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN ${cgo}go build -trimpath -ldflags "-s -w -X main.version=\${VERSION}" -o /out/server ./cmd/server

FROM ${runtime}
COPY --from=build /out/server /usr/local/bin/server
EXPOSE 8080
${variant === 2 ? '' : 'USER 65532:65532\n'}ENTRYPOINT ["/usr/local/bin/server"]
`;
}

function compose(i) {
  const winPath = i % 11 === 0 ? '      - C:\\data\\svc:/data\n' : '      - ./data:/data\n';
  return `services:
  svc${i}:
    build: .
    image: example/svc${i}:dev
    ports:
      - "${10000 + i}:8080"
    environment:
      - LOG_LEVEL=info
    volumes:
${winPath}    restart: unless-stopped
  cache${i}:
    image: redis:7-alpine
`;
}

function rootCompose() {
  let s = 'services:\n';
  for (let i = 0; i < 100; i++) s += `  svc${i}:\n    build:\n      context: ./services/svc-${pad(i)}\n      dockerfile: Dockerfile\n    ports:\n      - "${20000 + i}:8080"\n`;
  return s;
}

function mainGo(i) {
  const addr = i % 13 === 0 ? '"127.0.0.1:8080"' : '":8080"';
  return `package main

import (
	"log"
	"net/http"

	"example.com/svc${i}/internal/handler"
)

var version = "dev"

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", handler.Hello)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })
	log.Printf("svc${i} %s listening", version)
	log.Fatal(http.ListenAndServe(${addr}, mux))
}
`;
}

const goMod = (i) => `module example.com/svc${i}\n\ngo 1.${21 + (i % 3)}\n`;
const handlerGo = (i) => `package handler\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\n// Hello answers every request of service ${i}.\nfunc Hello(w http.ResponseWriter, r *http.Request) {\n\tfmt.Fprintf(w, "hello from svc${i}: %s\\n", r.URL.Path)\n}\n`;
const storeGo = (i) => `package store\n\nimport "sync"\n\n// Store is service ${i}'s in-memory store.\ntype Store struct {\n\tmu sync.Mutex\n\titems map[string]string\n}\n\nfunc (s *Store) Get(k string) (string, bool) {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tv, ok := s.items[k]\n\treturn v, ok\n}\n`;
const pad = (i) => String(i).padStart(4, '0');

/** Writes the monorepo; returns counts by category. */
export function generate(root) {
  fs.mkdirSync(root, { recursive: true });
  if (fs.readdirSync(root).length) throw new Error(`${root} is not empty`);
  const counts = { dockerfile: 0, compose: 0, goMain: 0, noise: 0 };
  const write = (rel, text, cat) => {
    const f = path.join(root, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
    counts[cat]++;
  };
  write('docker-compose.yml', rootCompose(), 'compose');
  write('README.md', '# A synthetic monorepo for docker-go-traps benchmarks\n', 'noise');
  for (let i = 0; i < SERVICES; i++) {
    const d = `services/svc-${pad(i)}`;
    write(`${d}/Dockerfile`, dockerfile(i), 'dockerfile');
    if (i < COMPOSE_FILES - 1) write(`${d}/docker-compose.yml`, compose(i), 'compose');
    write(`${d}/cmd/server/main.go`, mainGo(i), 'goMain');
    write(`${d}/go.mod`, goMod(i), 'noise');
    write(`${d}/internal/handler/handler.go`, handlerGo(i), 'noise');
    write(`${d}/internal/store/store.go`, storeGo(i), 'noise');
    write(`${d}/README.md`, `# svc${i}\n\nServes HTTP on :8080. 服务 ${i} 的说明。\n`, 'noise');
    write(`${d}/.dockerignore`, '.git\n*.md\ndata/\n', 'noise');
    write(`${d}/web/src/index.ts`, `export const name = 'svc${i}';\nexport function greet(who: string): string {\n  return \`hello \${who}\`;\n}\n`, 'noise');
    write(`${d}/web/src/api.ts`, `export async function get(path: string): Promise<Response> {\n  return fetch('/api' + path);\n}\n`, 'noise');
    write(`${d}/config/config.json`, JSON.stringify({ service: `svc${i}`, port: 8080, debug: i % 2 === 0 }, null, 2) + '\n', 'noise');
    write(`${d}/scripts/run.sh`, `#!/bin/sh\nset -eu\nexec docker compose up --build svc${i}\n`, 'noise');
    write(`${d}/docs/notes.txt`, `Notes for svc${i}.\n`, 'noise');
    write(`${d}/testdata/sample.json`, `{"id": ${i}, "items": [1, 2, 3]}\n`, 'noise');
    if (i < 299) write(`${d}/Makefile`, `build:\n\tgo build ./...\n`, 'noise');
  }
  return { ...counts, total: counts.dockerfile + counts.compose + counts.goMain + counts.noise };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node bench/monorepo.mjs <dir>\n');
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(generate(path.resolve(dir))) + '\n');
}
