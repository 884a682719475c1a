/**
 * "Debug Go in a container": from a compose service (or a Dockerfile) that builds a Go program,
 * proposes the three files that let VS Code's Go extension — or `dlv connect` — debug it where it
 * runs:
 *
 * - `Dockerfile.debug` beside the Dockerfile: the Dockerfile as it is, plus two stages. The first
 *   builds on the stage that compiles the program, installs Delve at a version that supports the
 *   project's Go, and builds the same package again with `-gcflags="all=-N -l"`; the second, the
 *   `debug` target, builds on the image's final stage (its files, user and environment stay), puts
 *   dlv and the debug binary in, and starts the binary under `dlv exec --headless --listen=:2345
 *   --accept-multiclient --continue`.
 * - a compose overlay (`compose.debug.yaml` for `compose.yaml`, `docker-compose.debug.yml` for
 *   `docker-compose.yml`) that builds that target for the service and publishes the debug port on
 *   the host's loopback; for a Dockerfile no compose file builds, a compose file of its own.
 * - `.vscode/launch.json` with a remote attach configuration (`"mode": "remote"`, the port, and
 *   `substitutePath` from the workspace folder to where the sources are in the build stage),
 *   added to the file's configurations when there is one.
 *
 * No `cap_add` or `security_opt`: `dlv exec` traces its own child process, which Docker's default
 * seccomp profile allows (facts/devTools.ts PTRACE_SOURCE). Pure: reads through the project and
 * returns texts; the caller shows and writes them.
 */
import * as path from 'node:path';
import type { Containerization, Project } from '../project/project';
import { containerizations } from '../model/builds';
import { composeView, child, scalarOf, type MMap } from '../model/composeView';
import { portMappings } from '../model/composeSpecs';
import { startedProgram, goBinaries } from '../model/entry';
import { argWords, containerPath, finalWorkdir, runConfig } from '../model/instructions';
import { pathIn } from '../model/fileTree';
import { rootOf } from '../model/stageGraph';
import { detectEol } from '../core/text';
import { parseGoVersion } from '../parse/gomod';
import { finalStage, type DInstruction, type DockerfileModel, type Stage } from '../parse/dockerfile';
import { DELVE_PACKAGES, DELVE_PORT, DELVE_RELEASES, delveFor } from '../facts/devTools';
import { goDockerignoreLines, DOCKERIGNORE_HEADER } from '../facts/dockerignore';
import { ui, type Locale } from '../l10n';
import type { GeneratedFile } from './goDockerfile';
import { addLaunchConfiguration, type LaunchConfiguration } from './launchJson';

export interface DebugOptions {
  /** The compose service to debug, when several could be meant. */
  service?: string;
  /** The workspace folder: launch.json goes to its `.vscode`, and paths in it are relative to it. */
  workspaceFolder?: string;
  locale?: Locale;
}

export interface DebugTarget {
  /** The compose service, or undefined for a Dockerfile no compose file builds. */
  service: string | undefined;
  composePath: string | undefined;
  dockerfile: string;
}

export type DebugResult =
  | { status: 'error'; message: string }
  | { status: 'chooseService'; targets: DebugTarget[] }
  | { status: 'ok'; target: DebugTarget; files: GeneratedFile[]; notes: string[]; launch: LaunchConfiguration; up: string; port: number };

const BUILD_STAGE = 'dgt-build';
const APP_STAGE = 'dgt-app';
const DEBUG_BUILD_STAGE = 'debug-build';
const DEBUG_TARGET = 'debug';
const DEBUG_DIR = '/tmp/dgt-debug';

function key(c: Containerization): string {
  return `${c.build.service?.composePath ?? ''}\0${c.build.service?.name ?? ''}\0${c.build.dockerfile}\0${c.build.target ?? ''}`;
}

/** The builds the start path points at: a compose file's services, a Dockerfile's builds, a main package's images. */
function candidates(project: Project, start: string): Containerization[] {
  const all = containerizations(project);
  const isDir = project.exists(start) === 'dir';
  const name = path.basename(start).toLowerCase();
  let picked: Containerization[];
  if (!isDir && /\.(ya?ml)$/.test(name)) {
    const files = composeView(project, start).files;
    picked = all.filter((c) => c.build.service && files.includes(c.build.service.composePath));
  } else if (!isDir && name.endsWith('.go')) {
    picked = all.filter((c) => c.mainDir === path.dirname(start));
  } else if (!isDir) {
    picked = all.filter((c) => c.build.dockerfile === start);
  } else {
    picked = all.filter((c) => c.mainDir === start || c.mainDir.startsWith(start + path.sep) || c.build.dockerfile.startsWith(start + path.sep));
  }
  // A service of compose wins over the same Dockerfile built alone.
  const composed = picked.filter((c) => c.build.service);
  const list = composed.length ? composed : picked;
  const seen = new Map<string, Containerization>();
  for (const c of list) if (!seen.has(key(c))) seen.set(key(c), c);
  return [...seen.values()];
}

function target(c: Containerization): DebugTarget {
  return { service: c.build.service?.name, composePath: c.build.service?.composePath, dockerfile: c.build.dockerfile };
}

const posix = (p: string) => p.split(path.sep).join('/');

/** `compose.yaml` → `compose.debug.yaml`, `docker-compose.yml` → `docker-compose.debug.yml`. */
function overlayName(composePath: string): string {
  const base = path.basename(composePath);
  const m = /^(.*?)(\.ya?ml)$/i.exec(base);
  return path.join(path.dirname(composePath), m ? `${m[1]}.debug${m[2]}` : `${base}.debug.yaml`);
}

/** A host port for the debugger that no service of the compose project publishes yet. */
function freePort(services: Map<string, MMap> | undefined): number {
  const used = new Set<number>();
  for (const s of services?.values() ?? []) for (const p of portMappings(child(s, 'ports'))) if (p.published !== undefined) used.add(p.published);
  let port = DELVE_PORT;
  while (used.has(port)) port++;
  return port;
}

function json(list: readonly string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(', ')}]`;
}

/** The words of an exec-form instruction, or undefined for a shell form. */
function execWords(model: DockerfileModel, ins: DInstruction): string[] | undefined {
  const { form, words } = argWords(model, ins);
  return form === 'json' && !words.some((w) => w.opaque) ? words.map((w) => w.value) : undefined;
}

export function generateDebug(project: Project, start: string, options: DebugOptions = {}): DebugResult {
  const locale = options.locale;
  let list = candidates(project, start);
  if (options.service) list = list.filter((c) => c.build.service?.name === options.service || (!c.build.service && options.service === path.basename(c.build.dockerfile)));
  if (!list.length) return { status: 'error', message: ui('dbgNothing', locale, { path: start }) };
  if (list.length > 1) return { status: 'chooseService', targets: list.map(target) };
  const c = list[0];
  const model = project.dockerfile(c.build.dockerfile);
  const text = project.text(c.build.dockerfile);
  if (!model || text === undefined) return { status: 'error', message: ui('dbgNothing', locale, { path: start }) };
  if (model.escapeDirective || rootOf(model, c.final).family === 'windows') return { status: 'error', message: ui('dbgWindows', locale, { dockerfile: c.build.dockerfile }) };
  const final = finalStage(model, c.build.target) ?? c.final;
  const gb = c.goBuild;
  if (gb.via) return { status: 'error', message: ui('dbgViaScript', locale, { dockerfile: c.build.dockerfile }) };
  const notes: string[] = [];

  // Where the image has the binary, and what the container passes it.
  const rc = runConfig(model, final);
  const entryIns = rc.entrypoint ?? rc.cmd;
  const workdir = finalWorkdir(final) ?? '/';
  let binary: string | undefined;
  let args: string[] = [];
  let cmd: string[] | undefined;
  const builtHere = (p: string) => {
    const o = pathIn(project, c.build, model, final, p);
    const built = o.kind === 'built' ? o.build : o.kind === 'stage' && o.origin.kind === 'built' ? o.origin.build : undefined;
    return !!built && built.stage.index === gb.stage.index && built.command.start === gb.command.start;
  };
  if (entryIns) {
    const started = startedProgram(model, entryIns);
    const p = started ? containerPath(started.word.value, workdir) : undefined;
    const words = execWords(model, entryIns);
    if (p && builtHere(p) && words) {
      binary = p;
      args = words.slice(1);
      if (rc.entrypoint && rc.cmd && rc.cmdAfterEntrypoint) cmd = execWords(model, rc.cmd);
    }
  }
  if (!binary) {
    const bins = goBinaries(project, c.build, model, final).filter(builtHere);
    if (bins.length !== 1) return { status: 'error', message: ui('dbgNoBinary', locale, { dockerfile: c.build.dockerfile }) };
    binary = bins[0];
    if (entryIns) notes.push(ui('dbgEntryReplaced', locale, { binary }));
  }

  // What compose sets instead of the image's ENTRYPOINT/CMD.
  const view = c.build.service ? composeView(project, c.build.service.composePath) : undefined;
  const svc = c.build.service ? view?.services.get(c.build.service.name) : undefined;
  const words = (node: ReturnType<typeof child>): string[] | undefined => (node?.kind === 'seq' ? node.items.map((i) => scalarOf(i)?.value ?? '') : node ? scalarOf(node)?.value?.split(/\s+/).filter(Boolean) : undefined);
  const composeEntry = words(child(svc, 'entrypoint'));
  const composeCmd = words(child(svc, 'command'));
  let overrideEntrypoint: string[] | undefined;
  let overrideCommand: string[] | undefined;
  const isBinary = (w: string | undefined) => !!w && (containerPath(w, workdir) === binary || path.posix.basename(w) === path.posix.basename(binary as string));
  if (composeEntry) {
    if (!isBinary(composeEntry[0])) return { status: 'error', message: ui('dbgCommand', locale, { service: c.build.service?.name ?? '', key: 'entrypoint' }) };
    args = composeEntry.slice(1);
    overrideEntrypoint = [];
    overrideCommand = composeCmd;
  } else if (composeCmd && !rc.entrypoint) {
    if (!isBinary(composeCmd[0])) return { status: 'error', message: ui('dbgCommand', locale, { service: c.build.service?.name ?? '', key: 'command' }) };
    overrideCommand = composeCmd.slice(1);
  }

  // Delve: a release that supports the Go of the build stage (its golang tag, else go.mod).
  const buildRoot = rootOf(model, gb.stage);
  const goMod = project.nearestGoMod(c.mainDir);
  const modGo = goMod ? project.goMod(goMod)?.go?.value : undefined;
  const goVersion = (buildRoot.repo === 'golang' && buildRoot.tag && parseGoVersion(buildRoot.tag)) || (modGo ? parseGoVersion(modGo) : undefined);
  let delve = goVersion ? delveFor(goVersion[1]) : undefined;
  if (!delve) {
    delve = DELVE_RELEASES[0];
    notes.push(ui('dbgDelveGuess', locale, { version: delve.version }));
  } else notes.push(ui('dbgDelve', locale, { version: delve.version, go: `1.${goVersion?.[1]}` }));

  const port = freePort(view?.services);
  const eol = detectEol(text);

  // The Dockerfile, with names for the two stages the debug stages build on.
  const stageName = (s: Stage, fallback: string) => s.name ?? fallback;
  const names = new Map<Stage, string>([[gb.stage, stageName(gb.stage, BUILD_STAGE)]]);
  if (!names.has(final)) names.set(final, stageName(final, APP_STAGE));
  let copy = text;
  for (const [s, n] of [...names.entries()].sort((a, b) => b[0].imageEnd - a[0].imageEnd)) {
    if (!s.name) copy = copy.slice(0, s.imageEnd) + ` AS ${n}` + copy.slice(s.imageEnd);
  }
  const buildName = names.get(gb.stage) as string;
  const appName = names.get(final) as string;

  // The debug build: the same go build, without optimisations, in the stage that ran it.
  const env = [...gb.inlineEnv.entries()].filter(([k]) => /^(CGO_ENABLED|GOOS|GOARCH|GOARM|GOAMD64|GOEXPERIMENT|GOFLAGS|GOPRIVATE|GONOSUMDB)$/.test(k)).map(([, w]) => w.value);
  const keep: string[] = [];
  for (const [flag, v] of gb.flags) {
    if (flag === 'tags' && v) keep.push(`-tags=${JSON.stringify(v.value).slice(1, -1)}`);
    if (flag === 'mod' && v) keep.push(`-mod=${v.value}`);
  }
  const pkgs = gb.packages.map((w) => w.value);
  const bin = path.posix.basename(binary);
  const L: string[] = [];
  L.push('');
  L.push('# ---- Debug image (Docker Go Traps: Debug Go in a container) ----');
  L.push(`# Target "${DEBUG_TARGET}": the image above with the program built without optimisations and started under`);
  L.push(`# Delve ${delve.version}, which listens on port ${DELVE_PORT} for a debugger and starts the program at once.`);
  L.push(`FROM ${buildName} AS ${DEBUG_BUILD_STAGE}`);
  L.push(`RUN CGO_ENABLED=0 GOBIN=${DEBUG_DIR} go install ${DELVE_PACKAGES[0]}@${delve.version}`);
  if (gb.cwd && gb.cwd !== finalWorkdir(gb.stage)) L.push(`WORKDIR ${gb.cwd}`);
  L.push(`RUN ${[...env, 'go', 'build', '-gcflags="all=-N -l"', ...keep, '-o', `${DEBUG_DIR}/${bin}`, ...pkgs].join(' ')}`);
  L.push('');
  L.push(`FROM ${appName} AS ${DEBUG_TARGET}`);
  L.push(`COPY --from=${DEBUG_BUILD_STAGE} ${DEBUG_DIR}/dlv /dlv`);
  L.push(`COPY --from=${DEBUG_BUILD_STAGE} ${DEBUG_DIR}/${bin} ${binary}`);
  L.push(`EXPOSE ${DELVE_PORT}`);
  L.push(`ENTRYPOINT ${json(['/dlv', 'exec', binary, '--headless', `--listen=:${DELVE_PORT}`, '--api-version=2', '--accept-multiclient', '--continue', '--', ...args])}`);
  if (cmd) L.push(`CMD ${json(cmd)}`);
  const debugDockerfile = path.join(path.dirname(c.build.dockerfile), 'Dockerfile.debug');
  const dockerfileText = copy.replace(/(\r?\n)*$/, '') + eol + L.join(eol) + eol;
  const files: GeneratedFile[] = [file(project, debugDockerfile, dockerfileText)];
  // The ignore file of the Dockerfile applies to its copy too; without any, one of its own.
  const specific = c.build.dockerfile + '.dockerignore';
  const ignoreText = project.exists(specific) === 'file' ? project.text(specific) : project.exists(path.join(c.build.context, '.dockerignore')) === 'file' ? undefined : [DOCKERIGNORE_HEADER, ...goDockerignoreLines(project.exists(path.join(c.build.context, 'vendor')) === 'dir').filter((l) => l !== 'Dockerfile*'), ''].join('\n');
  if (ignoreText !== undefined) files.push(file(project, debugDockerfile + '.dockerignore', ignoreText));

  // The compose overlay (or a compose file of its own).
  const composeBase = c.build.service?.composePath;
  const composeFile = composeBase ? overlayName(composeBase) : path.join(c.build.context, 'compose.debug.yaml');
  const composeDir = path.dirname(composeFile);
  const serviceName = c.build.service?.name ?? `${bin.toLowerCase().replace(/[^a-z0-9_-]/g, '-') || 'app'}-debug`;
  const contextRel = posix(path.relative(composeDir, c.build.context)) || '.';
  const dockerfileRel = posix(path.relative(c.build.context, debugDockerfile));
  const allFiles = composeBase ? [...(view?.files ?? [composeBase]), composeFile] : [composeFile];
  const up = `docker compose ${allFiles.map((f) => `-f ${posix(path.relative(composeDir, f))}`).join(' ')} up --build`;
  const C: string[] = [];
  C.push(`# Debug ${composeBase ? 'overlay' : 'service'} for "${serviceName}" (Docker Go Traps: Debug Go in a container).`);
  C.push(`#   ${up}`);
  C.push(`# Then attach the debugger: VS Code, "Docker: attach to ${serviceName}" (Run and Debug), or dlv connect 127.0.0.1:${port}.`);
  C.push(`# Needs no cap_add or security_opt: dlv exec traces its own child, which Docker's default seccomp profile allows.`);
  C.push('services:');
  C.push(`  ${serviceName}:`);
  C.push('    build:');
  C.push(`      context: ${contextRel}`);
  C.push(`      dockerfile: ${dockerfileRel}`);
  C.push(`      target: ${DEBUG_TARGET}`);
  if (overrideEntrypoint) C.push(`    entrypoint: ${json(overrideEntrypoint)}`);
  if (overrideCommand) C.push(`    command: ${json(overrideCommand)}`);
  C.push('    ports:');
  C.push('      # The Delve API has no authentication: published on the host\'s loopback only.');
  C.push(`      - "127.0.0.1:${port}:${DELVE_PORT}"`);
  C.push('');
  files.push(file(project, composeFile, C.join('\n')));

  // launch.json: where the sources are in the image, for breakpoints set in the editor.
  const folder = options.workspaceFolder ?? composeDir;
  let sourceDir = gb.cwd;
  let hostDir: string | undefined;
  if (sourceDir) {
    const o = pathIn(project, c.build, model, gb.stage, sourceDir);
    if (o.kind === 'context') hostDir = o.host;
  }
  if (!hostDir || !sourceDir) {
    hostDir = c.mainDir;
    sourceDir = undefined;
  }
  const relHost = posix(path.relative(folder, hostDir));
  const launch: LaunchConfiguration = {
    name: `Docker: attach to ${serviceName}`,
    type: 'go',
    request: 'attach',
    mode: 'remote',
    debugAdapter: 'dlv-dap',
    host: '127.0.0.1',
    port,
    substitutePath: sourceDir ? [{ from: relHost ? `\${workspaceFolder}/${relHost}` : '${workspaceFolder}', to: sourceDir }] : [],
  };
  if (!sourceDir) notes.push(ui('dbgNoSourceMap', locale, {}));
  const launchPath = path.join(folder, '.vscode', 'launch.json');
  const existing = project.host.stat(launchPath) === 'file' ? project.host.read(launchPath) : undefined;
  const existingText = existing && 'text' in existing ? existing.text : undefined;
  const merged = addLaunchConfiguration(existingText, launch);
  if (merged.status === 'ok') files.push({ path: launchPath, text: merged.text, exists: existingText !== undefined });
  else notes.push(ui(merged.status === 'present' ? 'dbgLaunchPresent' : 'dbgLaunchUnreadable', locale, { name: launch.name }));
  notes.push(ui('dbgRun', locale, { up, name: launch.name, port }));
  return { status: 'ok', target: target(c), files, notes, launch, up, port };
}

function file(project: Project, p: string, text: string): GeneratedFile {
  return { path: p, text, exists: project.exists(p) === 'file' || project.host.stat(p) === 'file' };
}
