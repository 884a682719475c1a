// The scale part of `npm run bench`: how time and memory grow with the number of files, stages,
// Go files and services, and with the size of one file (the hostile-input cases of
// test/unit/hostile.scale.test.ts, measured instead of bounded).
//
//   node bench/run.mjs --only scale [--scale-cli PATH] [--scale-server PATH] [--scale-timeout S]
//
// --scale-cli / --scale-server run another build (e.g. one of an earlier commit, built with
// `node scripts/build.mjs --outdir=…`) to measure before and after. A case over --scale-timeout
// (default 300 s) is stopped and reported as such.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runNode } from './lib/proc.mjs';
import { BenchClient } from './lib/lsp.mjs';
import { sec, mb } from './lib/stats.mjs';

function put(dir, rel, text) {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}

const GO_MOD = 'module example.com/app\n\ngo 1.22\n';
const MAIN_GO = 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n';
const DOCKERFILE = 'FROM golang:1.22 AS b\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=b /app /app\nENTRYPOINT ["/app"]\n';

/** Empty Dockerfiles, compose files and Go files, a third each, 30 to a folder. */
export function emptyFiles(dir, n) {
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    put(dir, `d${Math.floor(i / 30)}/${k === 0 ? `f${i}.go` : k === 1 ? `Dockerfile.${i}` : `compose.${i}.yaml`}`, '');
  }
}

export function stageChain(dir, n, parents) {
  let t = 'FROM golang:1.22 AS s0\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n';
  for (let i = 1; i < n; i++) t += `FROM ${parents ? `s${i - 1}` : 'alpine:3.20'} AS s${i}\nCOPY --from=s${i - 1} /app /app${parents ? i : ''}\n`;
  put(dir, 'Dockerfile', t);
  put(dir, 'go.mod', GO_MOD);
  put(dir, 'main.go', 'package main\n\nfunc main() {}\n');
}

export function goPackage(dir, n) {
  put(dir, 'go.mod', GO_MOD);
  put(dir, 'Dockerfile', DOCKERFILE);
  put(dir, 'main.go', MAIN_GO);
  for (let i = 0; i < n; i++) put(dir, `f${i}.go`, `package main\n\nimport "fmt"\n\nfunc f${i}() {\n\tfmt.Println("${i}")\n}\n`);
}

export function services(dir, n) {
  let t = 'services:\n';
  for (let i = 0; i < n; i++) t += `  s${i}:\n    build: .\n    ports: ["${8000 + (i % 1000)}:8080"]\n    environment: {URL: "http://s${(i + 1) % n}:8080"}\n`;
  put(dir, 'compose.yaml', t);
  put(dir, 'Dockerfile', DOCKERFILE);
  put(dir, 'go.mod', GO_MOD);
  put(dir, 'main.go', MAIN_GO);
}

export function bigDockerfile(dir, bytes) {
  let t = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n';
  for (let i = 0; t.length < bytes; i++) t += `RUN echo ${i} && apk add curl${i} && go build -o /app${i} ./cmd/x${i}\n`;
  put(dir, 'Dockerfile', t + 'FROM alpine:3.20\nCOPY --from=build /app /app\n');
}

const CLI_CASES = [
  ['15,000 empty files', (d) => emptyFiles(d, 15_000), []],
  ['15,000 empty files, --fix', (d) => emptyFiles(d, 15_000), ['--fix']],
  ['8,000 stages (FROM image AS sN, COPY --from=sN-1)', (d) => stageChain(d, 8_000, false), []],
  ['20,000 stages (FROM image AS sN, COPY --from=sN-1)', (d) => stageChain(d, 20_000, false), []],
  ['20,000 stages (FROM sN-1)', (d) => stageChain(d, 20_000, true), []],
  ['Go main package of 1,000 files', (d) => goPackage(d, 1_000), []],
  ['Go main package of 3,000 files', (d) => goPackage(d, 3_000), []],
  ['compose file of 3,000 services', (d) => services(d, 3_000), []],
  ['compose file of 9,000 services', (d) => services(d, 9_000), []],
  ['2 MB Dockerfile of go builds', (d) => bigDockerfile(d, 2_000_000), []],
];

const SERVER_CASES = [
  ['scanWorkspace, 15,000 files', (d) => emptyFiles(d, 15_000)],
  ['scanWorkspace, 75,000 files', (d) => emptyFiles(d, 75_000)],
];

export async function benchScale({ cli, server, serverNodeArgs, timeoutS, log }) {
  const out = {};
  log(`## Scale (CLI ${cli}; server ${server})`);
  for (const [label, make, args] of CLI_CASES) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-scale-'));
    try {
      make(dir);
      const r = await runNode(cli, ['check', dir, '--format', 'json', ...args], { timeoutMs: timeoutS * 1000 });
      if (r.timedOut) {
        out[label] = { timedOut: timeoutS };
        log(`  ${label.padEnd(52)} stopped after ${timeoutS} s`);
        continue;
      }
      const internal = /Maximum call stack|could not build the project model|heap out of memory/.test(r.stderr);
      out[label] = { wallMs: r.wallMs, peakRssMB: r.maxRssMB, code: r.code, internalError: internal };
      log(`  ${label.padEnd(52)} ${sec(r.wallMs)}  peak RSS ${mb(r.maxRssMB)}  exit ${r.code}${internal ? '  (internal error: ' + /(Maximum call stack size exceeded|could not build the project model|heap out of memory)/.exec(r.stderr)?.[1] + ')' : ''}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  for (const [label, make] of SERVER_CASES) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-scale-'));
    let c;
    try {
      make(dir);
      c = await BenchClient.start([...serverNodeArgs, server, '--stdio'], dir);
      let peak = 0;
      const timer = setInterval(() => (peak = Math.max(peak, c.rss().peakMB || 0)), 250);
      const t0 = performance.now();
      let files;
      let error;
      try {
        files = (await Promise.race([c.conn.sendRequest('dockerGoTraps/scanWorkspace'), new Promise((_, reject) => setTimeout(() => reject(new Error(`stopped after ${timeoutS} s`)), timeoutS * 1000))])).files;
      } catch (e) {
        error = String(e?.message ?? e).split('\n')[0];
      }
      const wallMs = performance.now() - t0;
      clearInterval(timer);
      peak = Math.max(peak, c.rss().peakMB || 0);
      out[label] = { wallMs, peakRssMB: peak, files, error };
      log(`  ${label.padEnd(52)} ${sec(wallMs)}  peak RSS ${mb(peak)}${error ? `  (${error})` : `  ${files} files`}`);
    } finally {
      if (c) await Promise.race([c.stop(), new Promise((r) => setTimeout(r, 10_000))]).catch(() => undefined);
      c?.child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
