/**
 * Hot reload in a development container: which file watcher a service's container runs (air,
 * CompileDaemon, reflex ...), the folders it watches, whether it polls (a flag, an environment
 * variable, its configuration file) and which bind mounts bring the watched files in from the host —
 * and whether those files sit on a Windows drive, where Docker Desktop delivers no inotify events.
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import type { ComposeView, MMap } from './composeView';
import { child } from './composeView';
import { bindMounts, type BindMount } from './composeSpecs';
import { relativeSource } from './composeBinds';
import type { ImageFacts } from './image';
import { pathIn } from './fileTree';
import { commandProgram, cwdAt, type CmdWord, type ContainerCommand } from './containerCommand';
import { watcherByModule, watcherByProgram, type WatcherFacts } from '../facts/devTools';
import { parseAirToml, realizePolls, nodemonPolls, type AirConfig } from '../parse/devConfig';
import { normalizePosix } from '../parse/dockerfile';

export interface WatcherRun {
  facts: WatcherFacts;
  /** The simple command that starts it, and the index of that command in the container's commands. */
  words: CmdWord[];
  commandIndex: number;
  /** The word that names the watcher (the program, or the module of `go run`). */
  program: CmdWord;
  /** Index in `words` of the last word before the watcher's own arguments. */
  argsAfter: number;
  /** The folder it runs in, when known. */
  cwd: string | undefined;
}

/** The file watcher a container runs, if any. */
export function watcherRun(cmd: ContainerCommand): WatcherRun | undefined {
  for (let k = 0; k < cmd.commands.length; k++) {
    const words = cmd.commands[k];
    const p = commandProgram(words);
    if (!p) continue;
    const name = path.posix.basename(p.word.value);
    let facts = watcherByProgram(name);
    let at = p.index;
    if (!facts && name === 'go') {
      const verb = words[p.index + 1]?.value;
      const arg = words[p.index + 2];
      if (verb === 'run' && arg) facts = watcherByModule(arg.value);
      else if (verb === 'tool' && arg) facts = watcherByProgram(path.posix.basename(arg.value));
      if (facts) at = p.index + 2;
    }
    if (facts) return { facts, words, commandIndex: k, program: words[at], argsAfter: at, cwd: cwdAt(cmd, k) };
  }
  return undefined;
}

function args(run: WatcherRun): CmdWord[] {
  return run.words.slice(run.argsAfter + 1);
}

/** The value of a flag among the watcher's arguments (`-c x`, `-c=x`, `--build.poll true`). */
export function flagValues(run: WatcherRun, names: readonly string[]): string[] {
  const a = args(run);
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const v = a[i].value;
    const eq = v.indexOf('=');
    const name = eq > 0 ? v.slice(0, eq) : v;
    if (!names.includes(name)) continue;
    if (eq > 0) out.push(v.slice(eq + 1));
    else if (a[i + 1] && !a[i + 1].value.startsWith('-')) out.push(a[i + 1].value);
  }
  return out;
}

/** What the watcher's arguments say about polling: on, off, or nothing. */
function pollFlag(run: WatcherRun): 'on' | 'off' | undefined {
  const a = args(run);
  const f = run.facts;
  for (let i = 0; i < a.length; i++) {
    const v = a[i].value;
    if (v === '--') break;
    const eq = v.indexOf('=');
    const name = eq > 0 ? v.slice(0, eq) : v;
    if (!f.pollFlags.includes(name)) continue;
    const value = eq > 0 ? v.slice(eq + 1) : f.tool === 'air' ? a[i + 1]?.value : undefined;
    if (value === undefined) return f.tool === 'air' ? undefined : 'on';
    return /^(false|0|off|no)$/i.test(value) ? 'off' : 'on';
  }
  return undefined;
}

/** A bind mount with the host folder it brings in (for relative sources). */
export interface SourceBind {
  mount: BindMount;
  target: string;
  /** The host path of the source, for sources relative to the project; undefined for absolute ones. */
  host: string | undefined;
}

export function sourceBinds(view: ComposeView, svc: MMap): SourceBind[] {
  const out: SourceBind[] = [];
  for (const m of bindMounts(child(svc, 'volumes'))) {
    if (!m.target || !m.target.startsWith('/') || m.target.includes('$')) continue;
    let host = relativeSource(view, m);
    if (host === undefined && /^\$\{?PWD\}?(\/|$)/.test(m.source)) host = path.resolve(view.dir, '.' + m.source.replace(/^\$\{?PWD\}?/, ''));
    out.push({ mount: m, target: normalizePosix(m.target), host });
  }
  return out;
}

/** The host file a container path comes from through the binds (longest target first). */
export function hostPathThroughBinds(binds: SourceBind[], containerPath: string): { host: string | undefined; bind: SourceBind } | undefined {
  let best: SourceBind | undefined;
  for (const b of binds) {
    if (containerPath === b.target || containerPath.startsWith(b.target === '/' ? '/' : b.target + '/')) {
      if (!best || b.target.length > best.target.length) best = b;
    }
  }
  if (!best) return undefined;
  const rel = containerPath === best.target ? '' : containerPath.slice(best.target === '/' ? 1 : best.target.length + 1);
  return { host: best.host === undefined ? undefined : path.join(best.host, ...rel.split('/').filter(Boolean)), bind: best };
}

/** The folders the watcher watches, as container paths; undefined when they cannot be known. */
export function watchedDirs(run: WatcherRun, air: AirConfig | undefined): string[] | undefined {
  if (run.cwd === undefined) return undefined;
  const cwd = run.cwd;
  const given = run.facts.watchFlags.length ? flagValues(run, run.facts.watchFlags) : [];
  if (air?.root !== undefined) given.push(air.root);
  const dirs = given.length ? given : ['.'];
  const out: string[] = [];
  for (const d of dirs) {
    if (d.includes('$') || d.startsWith('~')) return undefined;
    out.push(normalizePosix(d.startsWith('/') ? d : path.posix.join(cwd, d)));
  }
  return out;
}

/** Binds whose files the watcher watches: a bind at, above or below a watched folder. */
export function watchedBinds(binds: SourceBind[], dirs: string[]): SourceBind[] {
  return binds.filter((b) =>
    dirs.some((d) => b.target === d || d.startsWith(b.target === '/' ? '/' : b.target + '/') || b.target.startsWith(d === '/' ? '/' : d + '/')),
  );
}

/** A configuration file of the watcher: where it is on the host, and its text (undefined: not there). */
export interface WatcherConfig {
  host: string;
  containerPath: string;
  text: string | undefined;
}

export type Polling =
  | { kind: 'on' }
  | { kind: 'unknown' }
  /** It does not poll. `config`: the file that would say so (absent when `text` is undefined). */
  | { kind: 'off'; config: WatcherConfig | undefined; air: AirConfig | undefined };

/**
 * Whether the watcher polls. `env` holds the variables the container gets (undefined values: set,
 * value unknown); `envOpen` says an env_file or similar may set anything.
 */
export function pollingOf(project: Project, run: WatcherRun, binds: SourceBind[], image: ImageFacts | undefined, env: ReadonlyMap<string, string | undefined>, envOpen: boolean): Polling {
  const f = run.facts;
  const flag = pollFlag(run);
  if (flag === 'on') return { kind: 'on' };
  for (const name of f.env ?? []) {
    if (env.has(name)) {
      const v = env.get(name);
      if (v === undefined || !/^(false|0)$/i.test(v)) return { kind: 'on' };
    }
  }
  if (f.noPolling) return { kind: 'off', config: undefined, air: undefined };
  if (f.env?.length && envOpen) return { kind: 'unknown' };
  if (!f.config) return flag === 'off' || flag === undefined ? { kind: 'off', config: undefined, air: undefined } : { kind: 'unknown' };
  if (run.cwd === undefined) return { kind: 'unknown' };
  // air's working directory for its config can be moved with $air_wd.
  if (f.tool === 'air' && (env.has('air_wd') || envOpen)) return { kind: 'unknown' };
  const named = f.config.flag ? flagValues(run, f.config.flag) : [];
  if (named.some((n) => n.includes('$'))) return { kind: 'unknown' };
  const candidates = named.length ? [named[named.length - 1]] : f.config.files;
  let first: WatcherConfig | undefined;
  for (const c of candidates) {
    const containerPath = normalizePosix(c.startsWith('/') ? c : path.posix.join(run.cwd, c));
    const found = configFile(project, binds, image, containerPath);
    if (found === 'unknown') return { kind: 'unknown' };
    if (!found) continue;
    first ??= found;
    if (found.text === undefined) continue;
    if (f.config.format === 'air-toml') {
      const air = parseAirToml(found.text);
      if (air.unsure) return { kind: 'unknown' };
      if (flag === undefined && air.poll?.value === true) return { kind: 'on' };
      return { kind: 'off', config: found, air };
    }
    const polls = f.config.format === 'realize-yaml' ? realizePolls(found.text) : nodemonPolls(found.text);
    if (polls === undefined) return { kind: 'unknown' };
    return polls ? { kind: 'on' } : { kind: 'off', config: found, air: undefined };
  }
  // A config file named on the command line that is not there: the watcher stops at start (air:
  // `open .air.toml: no such file or directory`), so how it would watch is not the question.
  if (named.length && first?.text === undefined) return { kind: 'unknown' };
  // nodemon also reads "nodemonConfig" of package.json.
  if (f.tool === 'nodemon') {
    const pkg = configFile(project, binds, image, normalizePosix(path.posix.join(run.cwd, 'package.json')));
    if (pkg === 'unknown' || (pkg && pkg.text?.includes('nodemonConfig'))) return { kind: 'unknown' };
  }
  // No file: the defaults, which do not poll. A file only a bind can bring is made on the host.
  return { kind: 'off', config: named.length ? undefined : first, air: undefined };
}

/**
 * A file the container sees at `containerPath`: through a bind mount (on the host), else in the
 * image (from the build context). 'unknown' when neither can be told; undefined when neither has it
 * and nothing could put it there.
 */
function configFile(project: Project, binds: SourceBind[], image: ImageFacts | undefined, containerPath: string): WatcherConfig | 'unknown' | undefined {
  const through = hostPathThroughBinds(binds, containerPath);
  if (through) {
    if (!through.host) return 'unknown';
    const kind = project.exists(through.host);
    if (kind === 'dir') return 'unknown';
    return { host: through.host, containerPath, text: kind === 'file' ? project.text(through.host) : undefined };
  }
  if (!image) return 'unknown';
  const origin = pathIn(project, image.build, image.model, image.final, containerPath);
  if (origin.kind === 'absent') return undefined;
  if (origin.kind === 'context') return project.exists(origin.host) === 'file' ? { host: origin.host, containerPath, text: project.text(origin.host) } : 'unknown';
  return 'unknown';
}

/** Where the files of a bind source are: on a Windows drive, in a Linux file system, or wherever the project is. */
export type SourcePlace = 'windows-drive' | 'linux' | 'project' | 'home' | 'unknown';

export function sourcePlace(view: ComposeView, m: BindMount): SourcePlace {
  const s = m.source;
  if (/^[A-Za-z]:[\\/]/.test(s)) return 'windows-drive';
  if (/^(\\\\|\/\/)wsl(\.localhost|\$)[\\/]/i.test(s)) return 'linux';
  if (/^\\\\/.test(s)) return 'windows-drive'; // a network share: no events either
  if (/^\/mnt\/[a-z](\/|$)/.test(s) || /^\/[a-zA-Z](\/|$)/.test(s)) return 'windows-drive';
  if (s.startsWith('~')) return 'home';
  if (/^\$\{?PWD\}?(\/|$)/.test(s) || s.startsWith('.')) return projectPlace(view.dir);
  if (s.includes('$')) return 'unknown';
  if (s.startsWith('/')) return 'linux';
  return 'unknown';
}

/** Where the project folder itself is, from its path. */
function projectPlace(dir: string): SourcePlace {
  if (/^[A-Za-z]:[\\/]/.test(dir)) return 'windows-drive';
  if (/^(\\\\|\/\/)wsl(\.localhost|\$)[\\/]/i.test(dir)) return 'linux';
  if (/^\/mnt\/[a-z](\/|$)/.test(dir)) return 'windows-drive';
  return 'project';
}
