/**
 * "Generate Dockerfile for this Go module": from go.mod and the Go facts the engine already has,
 * writes a Dockerfile, a .dockerignore and (optionally) a compose.yaml that pass every check of
 * this project. Pure: it reads through the project and returns texts; the caller writes them.
 *
 * What it looks at:
 * - go.mod: the Go version (`toolchain` wins over `go`), for the builder's tag; go.sum and vendor/.
 * - main packages: the module folder itself and cmd/* (one level), `package main` files only.
 * - cgo: `import "C"` or a cgo-only module (go-sqlite3, ...) anywhere in the module → a Debian
 *   builder with CGO_ENABLED=1 and a glibc runtime (distroless base); otherwise a static binary on
 *   scratch.
 * - time zones (time.LoadLocation of a real zone, `time.Local`) → zoneinfo in the image;
 *   TLS (https:// calls, TLS dials, cloud SDKs) → CA certificates in the image.
 * - the listen port of the chosen main package, for EXPOSE and the compose port mapping.
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import { cgoModule, parseGoVersion } from '../parse/gomod';
import type { GoFacts } from '../parse/go';
import { SKIPPED_DIRS } from '../project/files';
import { mainPackageFacts } from '../model/goPackage';
import { ui, Locale } from '../l10n';
import { DOCKERIGNORE_HEADER, goDockerignoreLines } from '../facts/dockerignore';

export interface GeneratedFile {
  /** Absolute path. */
  path: string;
  text: string;
  /** The file is there already (the editor asks before overwriting it). */
  exists: boolean;
}

export interface MainChoice {
  dir: string;
  /** Relative to the module folder, with forward slashes: "." or "cmd/api". */
  rel: string;
  /** The package starts a server (a listen call was found). */
  listens: boolean;
}

export type GenerateResult =
  | { status: 'error'; message: string }
  | { status: 'chooseMain'; moduleDir: string; mains: MainChoice[] }
  | { status: 'ok'; moduleDir: string; main: string; files: GeneratedFile[]; notes: string[] };

export interface GenerateOptions {
  /** Folder of the main package to build (absolute); needed when the module has several. */
  main?: string;
  /** Also write compose.yaml. */
  compose?: boolean;
  locale?: Locale;
  /** Default Go version when go.mod has no `go` line. */
  fallbackGo?: string;
}

/** The go.mod folder that governs `start` (a file or folder): the nearest at or above it. */
export function moduleDirFor(project: Project, start: string): string | undefined {
  const dir = project.exists(start) === 'dir' ? start : path.dirname(start);
  const mod = project.nearestGoMod(dir);
  return mod ? path.dirname(mod) : undefined;
}

/** Main packages of a module: its own folder and cmd/<name>. */
export function findMains(project: Project, moduleDir: string): MainChoice[] {
  const out: MainChoice[] = [];
  const consider = (dir: string) => {
    const files = project.mainFiles(dir);
    if (!files.length) return;
    const pkg = mainPackageFacts(project, dir);
    const listens = !!pkg?.listens.length || files.some((f) => (project.goFacts(f)?.listens.length ?? 0) > 0);
    out.push({ dir, rel: path.relative(moduleDir, dir).split(path.sep).join('/') || '.', listens });
  };
  consider(moduleDir);
  const cmd = path.join(moduleDir, 'cmd');
  if (project.exists(cmd) === 'dir') {
    for (const name of project.readDir(cmd)) {
      const d = path.join(cmd, name);
      if (project.exists(d) === 'dir') consider(d);
    }
  }
  return out;
}

/** Non-test Go files of a module, skipping nested modules, vendor, testdata and dot folders. */
function moduleGoFiles(project: Project, moduleDir: string, budget = 4000): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of project.readDir(dir)) {
      if (budget-- <= 0) return;
      const full = path.join(dir, name);
      if (name.endsWith('.go')) {
        if (!name.endsWith('_test.go') && project.exists(full) === 'file') out.push(full);
        continue;
      }
      if (SKIPPED_DIRS.has(name) || name.startsWith('.') || name.startsWith('_') || name === 'testdata') continue;
      if (project.exists(full) !== 'dir') continue;
      if (project.exists(path.join(full, 'go.mod')) === 'file') continue; // another module
      walk(full);
    }
  };
  walk(moduleDir);
  return out;
}

interface Needs {
  cgo: string | undefined;
  tz: string | undefined;
  tls: string | undefined;
}

function detectNeeds(project: Project, moduleDir: string, mainDir: string): Needs {
  const needs: Needs = { cgo: undefined, tz: undefined, tls: undefined };
  const modPath = path.join(moduleDir, 'go.mod');
  const mod = project.goMod(modPath);
  const cgoReq = mod && cgoModule(mod);
  if (cgoReq) needs.cgo = `go.mod requires ${cgoReq.path}`;
  const rel = (f: string) => path.relative(moduleDir, f).split(path.sep).join('/');
  const pkg = mainPackageFacts(project, mainDir);
  if (pkg) {
    const tz = pkg.timeZones.find((t) => t.needsZoneinfo);
    if (tz) needs.tz = `time.LoadLocation(${tz.zone ? JSON.stringify(tz.zone) : '…'}) in ${rel(tz.path ?? mainDir)}`;
    const tls = pkg.tls[0];
    if (tls) needs.tls = `${tls.api} (${tls.detail}) in ${rel(tls.path ?? mainDir)}`;
  }
  // The rest of the module: any package can need cgo, zoneinfo or certificates.
  for (const f of moduleGoFiles(project, moduleDir)) {
    const facts: GoFacts | undefined = project.goFacts(f);
    if (!facts) continue;
    if (!needs.cgo && facts.importsC) needs.cgo = `${rel(f)} has import "C"`;
    if (!needs.cgo && facts.cgoImports.length) needs.cgo = `${rel(f)} imports ${facts.cgoImports[0].path}`;
    if (!needs.tz) {
      const tz = facts.timeZones.find((t) => t.needsZoneinfo);
      if (tz) needs.tz = `time.LoadLocation(${tz.zone ? JSON.stringify(tz.zone) : '…'}) in ${rel(f)}`;
      else if (facts.usesTimeLocal && !facts.tzdataImported) needs.tz = `time.Local in ${rel(f)}`;
    }
    if (!needs.tls && facts.tls.length) needs.tls = `${facts.tls[0].api} (${facts.tls[0].detail}) in ${rel(f)}`;
    if (needs.cgo && needs.tz && needs.tls) break;
  }
  if (needs.tz && [...(pkg?.files ?? [])].some((f) => f.facts.tzdataImported)) needs.tz = undefined; // embedded time/tzdata
  return needs;
}

/** The golang image tag for a go.mod version: "1.22.3" → "1.22.3", "1.22" → "1.22", "go1.23.1" → "1.23.1". */
export function golangTag(version: string | undefined, fallback: string): string {
  const v = version?.replace(/^go/, '').trim();
  const p = v ? parseGoVersion(v) : undefined;
  if (!p) return fallback;
  // "1.21rc2" and other pre-releases: the release of the same minor version.
  if (!/^\d+\.\d+(\.\d+)?$/.test(v as string)) return `${p[0]}.${p[1]}`;
  // Before Go 1.21, go.mod said "1.N" and meant any 1.N.x; from 1.21 on, "1.N.0" is a real release.
  return v as string;
}

/**
 * The Debian release a golang tag is built on, and the distroless base image with the same glibc
 * (for cgo). bookworm images exist from Go 1.20 on, bullseye ones from 1.16 on.
 */
export function debianFor(tag: string): { variant: string; distroless: string } {
  const p = parseGoVersion(tag);
  if (p && (p[0] > 1 || p[1] >= 20)) return { variant: '-bookworm', distroless: 'gcr.io/distroless/base-debian12:nonroot' };
  if (p && p[1] >= 16) return { variant: '-bullseye', distroless: 'gcr.io/distroless/base-debian11:nonroot' };
  return { variant: '', distroless: 'gcr.io/distroless/base-debian11:nonroot' };
}

function binaryName(moduleDir: string, main: MainChoice, modulePath: string | undefined): string {
  const raw = main.rel === '.' ? (modulePath?.split('/').pop() ?? path.basename(moduleDir)) : path.posix.basename(main.rel);
  const name = raw.replace(/^v\d+$/, '').replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[-.]+/, '');
  return name || 'app';
}

/** The port the chosen main package listens on, and how it was found. */
function listenPort(project: Project, mainDir: string): { port: number | undefined; how: string; loopback?: { file: string; addr: string } } {
  const pkg = mainPackageFacts(project, mainDir);
  for (const l of pkg?.listens ?? []) {
    const file = path.basename(l.path ?? mainDir);
    const loopback = l.host !== undefined && /^(127\.|localhost$|::1$)/i.test(l.host) ? { file, addr: l.text } : undefined;
    if (l.port !== undefined) {
      const how = l.env.length ? `${l.api} in ${file}, default of ${l.env.join(', ')}` : `${l.api} in ${file}`;
      return { port: l.port, how, loopback };
    }
  }
  return { port: undefined, how: '' };
}

export function generateForModule(project: Project, moduleDir: string, options: GenerateOptions = {}): GenerateResult {
  const locale = options.locale;
  const modPath = path.join(moduleDir, 'go.mod');
  const mod = project.goMod(modPath);
  if (!mod) return { status: 'error', message: ui('genNoModule', locale, { folder: moduleDir }) };
  const mains = findMains(project, moduleDir);
  if (!mains.length) return { status: 'error', message: ui('genNoMain', locale, { module: moduleDir }) };
  let main = options.main ? mains.find((m) => m.dir === path.resolve(options.main as string)) : undefined;
  if (!main) {
    if (mains.length > 1) return { status: 'chooseMain', moduleDir, mains };
    main = mains[0];
  }
  const notes: string[] = [];
  const version = mod.toolchain?.value ?? mod.go?.value;
  const fallbackGo = options.fallbackGo ?? '1.22';
  const tag = golangTag(version, fallbackGo);
  notes.push(version ? ui('genGoVersion', locale, { version: version.replace(/^go/, ''), tag }) : ui('genGoVersionMissing', locale, { tag }));

  const needs = detectNeeds(project, moduleDir, main.dir);
  notes.push(needs.cgo ? ui('genCgo', locale, { reason: needs.cgo }) : ui('genNoCgo', locale));
  if (needs.tz) notes.push(ui('genTz', locale, { reason: needs.tz }));
  if (needs.tls) notes.push(ui('genTls', locale, { reason: needs.tls }));
  const listen = listenPort(project, main.dir);
  const port = listen.port ?? 8080;
  notes.push(listen.port !== undefined ? ui('genPort', locale, { port, how: listen.how }) : ui('genPortUnknown', locale, { port }));
  if (listen.loopback) notes.push(ui('genLoopback', locale, { file: listen.loopback.file, addr: listen.loopback.addr }));
  const others = mains.filter((m) => m !== main).map((m) => m.rel);
  if (others.length) notes.push(ui('genOtherMains', locale, { mains: others.join(', ') }));

  const hasSum = project.exists(path.join(moduleDir, 'go.sum')) === 'file';
  const vendored = project.exists(path.join(moduleDir, 'vendor', 'modules.txt')) === 'file';
  const bin = binaryName(moduleDir, main, mod.module?.value);
  const pkgArg = main.rel === '.' ? '.' : `./${main.rel}`;

  const dockerfile = renderDockerfile({ tag, cgo: !!needs.cgo, tz: !!needs.tz, tls: !!needs.tls, hasSum, vendored, bin, pkgArg, port, module: mod.module?.value });
  const files: GeneratedFile[] = [
    file(project, path.join(moduleDir, 'Dockerfile'), dockerfile),
    file(project, path.join(moduleDir, '.dockerignore'), renderDockerignore(vendored)),
  ];
  if (options.compose) files.push(file(project, path.join(moduleDir, 'compose.yaml'), renderCompose(bin, port, !!needs.tz)));
  return { status: 'ok', moduleDir, main: main.dir, files, notes };
}

function file(project: Project, p: string, text: string): GeneratedFile {
  // Asked of the disk itself, not of the project's cached answers: the question is whether writing
  // the file replaces one, and a file the editor created a moment ago may not be reported yet.
  return { path: p, text, exists: project.exists(p) === 'file' || project.host.stat(p) === 'file' };
}

interface DockerfileInput {
  tag: string;
  cgo: boolean;
  tz: boolean;
  tls: boolean;
  hasSum: boolean;
  vendored: boolean;
  bin: string;
  pkgArg: string;
  port: number;
  module: string | undefined;
}

const MOD_CACHE = '--mount=type=cache,target=/go/pkg/mod';
const BUILD_CACHE = '--mount=type=cache,target=/root/.cache/go-build';

export function renderDockerfile(i: DockerfileInput): string {
  const L: string[] = [];
  L.push('# syntax=docker/dockerfile:1');
  L.push(`# Generated by Docker Go Traps for ${i.module ?? 'this module'}. Build: docker build -t ${i.bin} .`);
  L.push('');
  const debian = debianFor(i.tag);
  // Debian-based golang images carry ca-certificates and tzdata, which the final stage copies.
  L.push(`FROM golang:${i.tag}${debian.variant} AS build`);
  L.push('WORKDIR /src');
  if (i.vendored) {
    L.push('# Dependencies come from vendor/, so the whole module is copied at once.');
    L.push('COPY . .');
  } else {
    L.push('# Dependencies first: this layer stays cached until go.mod or go.sum change.');
    L.push(i.hasSum ? 'COPY go.mod go.sum ./' : 'COPY go.mod ./');
    L.push(`RUN ${MOD_CACHE} \\`);
    L.push('    go mod download');
    L.push('COPY . .');
  }
  const env = i.cgo ? 'CGO_ENABLED=1 GOOS=linux' : 'CGO_ENABLED=0 GOOS=linux';
  L.push(
    i.cgo
      ? '# cgo is needed, so the binary links against glibc: the final image must have it too.'
      : '# CGO_ENABLED=0: a static binary that needs no C library in the final image.',
  );
  L.push(`RUN ${i.vendored ? '' : MOD_CACHE + ' \\\n    '}${BUILD_CACHE} \\`);
  L.push(`    ${env} go build -trimpath -ldflags="-s -w" -o /out/${i.bin} ${i.pkgArg}`);
  L.push('');
  if (i.cgo) {
    L.push('# distroless base: glibc, CA certificates and tzdata, no shell; :nonroot runs as uid 65532.');
    L.push(`FROM ${debian.distroless}`);
  } else {
    L.push('# scratch: nothing but what is copied below.');
    L.push('FROM scratch');
    if (i.tls) {
      L.push('# CA certificates, for the TLS connections the program makes.');
      L.push('COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/');
    }
    if (i.tz) {
      L.push('# Time zone data, for the time zones the program loads.');
      L.push('COPY --from=build /usr/share/zoneinfo /usr/share/zoneinfo');
    }
  }
  L.push(`COPY --from=build /out/${i.bin} /${i.bin}`);
  L.push(i.cgo ? '# Numeric, so that runAsNonRoot can verify it (65532 is "nonroot").' : '# scratch has no /etc/passwd: a numeric user and group, not root.');
  L.push('USER 65532:65532');
  L.push('# The program must listen on all interfaces (":' + i.port + '"), not 127.0.0.1, to be reachable.');
  L.push(`EXPOSE ${i.port}`);
  L.push(`ENTRYPOINT ["/${i.bin}"]`);
  L.push('');
  return L.join('\n');
}

export function renderDockerignore(vendored: boolean): string {
  return [DOCKERIGNORE_HEADER, ...goDockerignoreLines(vendored), ''].join('\n');
}

export function renderCompose(bin: string, port: number, tz: boolean): string {
  const service = bin.toLowerCase().replace(/[^a-z0-9_-]/g, '-').replace(/^[-_]+/, '') || 'app';
  return [
    '# Generated by Docker Go Traps. Start: docker compose up --build',
    'services:',
    `  ${service}:`,
    '    build: .',
    '    ports:',
    '      # Quoted: YAML 1.1 reads some unquoted HOST:CONTAINER pairs as base-60 numbers.',
    `      - "${port}:${port}"`,
    '    environment:',
    ...(tz ? ['      TZ: UTC'] : []),
    '      # About 90 % of the memory limit, so that the Go GC works harder before the kernel kills the container.',
    '      GOMEMLIMIT: 460MiB',
    '    deploy:',
    '      resources:',
    '        limits:',
    '          memory: 512M',
    '    restart: unless-stopped',
    '',
  ].join('\n');
}
