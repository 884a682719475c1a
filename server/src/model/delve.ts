/**
 * A Delve command line (`dlv exec /app --headless --listen=:2345 ...`) as a container runs it: the
 * subcommand, its target, the flags that decide whether a debugger outside the container can reach
 * it (`--headless`, `--listen`), whether the program starts before one does (`--continue`,
 * `--accept-multiclient`), and what a repair of its reachability has to add. Words keep their
 * offsets (model/containerCommand.ts), so rules can point at them and insert flags.
 */
import * as path from 'node:path';
import { DELVE, DELVE_PACKAGES } from '../facts/devTools';
import { commandProgram, type CmdWord, type ContainerCommand } from './containerCommand';
import { goRuns, type DInstruction, type DockerfileModel, type Stage } from '../parse/dockerfile';
import { baseOf, chainInstructions, rootOf } from './stageGraph';
import { DEFAULT_PATH } from './instructions';
import { mayProvide } from './stages';
import { own } from '../core/table';

export interface DelveFlag {
  /** The word holding the flag (`--listen=:2345`, or `--listen` with the value in the next word). */
  word: CmdWord;
  /** The word holding the value (the same word for `--flag=value`). */
  valueWord: CmdWord | undefined;
  value: string | undefined;
}

export interface DelveRun {
  /** The simple command and the index of `dlv` in it. */
  words: CmdWord[];
  program: CmdWord;
  index: number;
  /** exec, debug, attach, test, dap ... (undefined: none given). */
  subcommand: CmdWord | undefined;
  /** The binary of `dlv exec`, the package of `dlv debug`, the pid of `dlv attach`. */
  target: CmdWord | undefined;
  flags: Map<string, DelveFlag>;
  /** Words after `--` (the program's own arguments). */
  programArgs: CmdWord[];
  dap: boolean;
  headless: boolean;
  acceptMulti: boolean;
  cont: boolean;
  /** The listen address, its host and port (undefined: not given, so 127.0.0.1:0). */
  listen: { flag: DelveFlag; host: string; port: number | undefined } | undefined;
}

const LONG_ALIASES: Record<string, string> = { '-l': '--listen', '-r': '--redirect', '-o': '--output' };

function boolFlag(f: DelveFlag | undefined): boolean {
  if (!f) return false;
  return f.value === undefined || !/^(false|0)$/i.test(f.value);
}

/** The first `dlv` command of a container's commands. */
export function delveRun(cmd: ContainerCommand): DelveRun | undefined {
  for (const words of cmd.commands) {
    const p = commandProgram(words);
    if (!p || path.posix.basename(p.word.value) !== 'dlv') continue;
    return parseDelve(words, p.index);
  }
  return undefined;
}

export function parseDelve(words: CmdWord[], index: number): DelveRun {
  const flags = new Map<string, DelveFlag>();
  const positional: CmdWord[] = [];
  let programArgs: CmdWord[] = [];
  for (let k = index + 1; k < words.length; k++) {
    const w = words[k];
    if (w.value === '--') {
      programArgs = words.slice(k + 1);
      break;
    }
    if (w.value.startsWith('-') && w.value.length > 1) {
      const eq = w.value.indexOf('=');
      const raw = eq > 0 ? w.value.slice(0, eq) : w.value;
      const name = own(LONG_ALIASES, raw) ?? raw;
      if (eq > 0) flags.set(name, { word: w, valueWord: w, value: w.value.slice(eq + 1) });
      else if (DELVE.valueFlags.includes(raw) || DELVE.valueFlags.includes(name)) {
        const v = words[k + 1];
        flags.set(name, { word: w, valueWord: v, value: v?.value });
        k++;
      } else flags.set(name, { word: w, valueWord: undefined, value: undefined });
      continue;
    }
    positional.push(w);
  }
  const subcommand = positional[0];
  const dap = subcommand?.value === DELVE.dapCommand;
  const listenFlag = flags.get('--listen');
  let listen: DelveRun['listen'];
  if (listenFlag?.value !== undefined) {
    const v = listenFlag.value;
    const m = /^(\[[^\]]*\]|[^:]*):(\d*)$/.exec(v);
    listen = { flag: listenFlag, host: m ? m[1].replace(/^\[|\]$/g, '') : v, port: m && m[2] ? Number(m[2]) : undefined };
    if (v.startsWith('unix:')) listen = { flag: listenFlag, host: 'unix', port: undefined };
  }
  return {
    words,
    program: words[index],
    index,
    subcommand,
    target: positional[1],
    flags,
    programArgs,
    dap,
    headless: dap || boolFlag(flags.get('--headless')),
    acceptMulti: boolFlag(flags.get('--accept-multiclient')),
    cont: boolFlag(flags.get('--continue')),
    listen,
  };
}

/** A subcommand that starts (or attaches to) a program, so that a headless server has something to debug. */
export function startsTarget(run: DelveRun): boolean {
  return !!run.subcommand && DELVE.targetCommands.includes(run.subcommand.value);
}

/** Loopback hosts: reachable from inside the container only. */
export function isLoopback(host: string): boolean {
  return /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|::1)$/i.test(host);
}

/** What keeps a debugger outside the container from attaching, most important first. */
export type Unreachable = 'notHeadless' | 'noListen' | 'loopback' | 'continueNeedsMulti';

export function unreachable(run: DelveRun): Unreachable | undefined {
  if (!run.dap && !startsTarget(run)) return undefined;
  if (!run.headless) return 'notHeadless';
  if (!run.listen) return 'noListen';
  if (run.listen.host !== 'unix' && isLoopback(run.listen.host)) return 'loopback';
  if (!run.dap && run.cont && !run.acceptMulti) return 'continueNeedsMulti';
  return undefined;
}

/** The port the server listens on, once reachable (a loopback address keeps its port). */
export function servedPort(run: DelveRun, fallback: number): number | undefined {
  if (!run.listen) return fallback;
  if (run.listen.host === 'unix') return undefined;
  return run.listen.port === undefined || run.listen.port === 0 ? (isLoopback(run.listen.host) || !run.listen.host ? fallback : undefined) : run.listen.port;
}

// ---- Delve in the image -------------------------------------------------------------------------

/** Where another stage of the Dockerfile installs dlv with `go install`: the stage and the binary's path there. */
export interface DelveInstall {
  stage: Stage;
  /** The container path of the installed binary ($GOBIN or $GOPATH/bin). */
  path: string;
  /** The binary is static (CGO_ENABLED=0 for the install), so it runs on any Linux image. */
  static: boolean;
  at: DInstruction;
}

export type DelveInImage = { has: 'yes' | 'unknown' } | { has: 'no'; install: DelveInstall | undefined };

const MENTIONS_DELVE = /(^|[^A-Za-z0-9_-])(dlv|delve)([^A-Za-z0-9_-]|$)/i;

/**
 * Whether the image of `final` has dlv: its base image is one the table knows (none ships Delve),
 * and nothing of its chain installs, downloads or copies it in. Unknown when a COPY of a folder or
 * an instruction we cannot read may bring it.
 */
export function delveInImage(model: DockerfileModel, final: Stage, programPath: string | undefined): DelveInImage {
  const root = rootOf(model, final);
  if (root.image.includes('$') || MENTIONS_DELVE.test(root.image)) return { has: 'unknown' };
  if (!baseOf(model, final)) return { has: 'unknown' };
  const candidates = [...DEFAULT_PATH, '/go/bin'].map((d) => `${d}/dlv`);
  if (programPath?.startsWith('/')) candidates.push(programPath);
  for (const ins of chainInstructions(model, final)) {
    if (ins.keyword === 'RUN' || ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const text = model.text.slice(ins.argsStart, ins.argsEnd);
      if (MENTIONS_DELVE.test(text) || ins.flags.some((f) => MENTIONS_DELVE.test(f.value ?? ''))) return { has: 'yes' };
    }
    if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && candidates.some((c) => mayProvide(ins, c))) return { has: 'unknown' };
  }
  return { has: 'no', install: delveInstall(model, final) };
}

/** A `go install` of dlv in a stage outside the final chain. */
function delveInstall(model: DockerfileModel, final: Stage): DelveInstall | undefined {
  const chain = new Set(chainInstructions(model, final).map((i) => i.start));
  for (const stage of model.stages) {
    for (const run of goRuns(stage)) {
      if (chain.has(run.instruction.start)) continue;
      const [, verb, ...rest] = run.words.map((w) => w.value);
      if (verb !== 'install' && verb !== 'get') continue;
      if (!rest.some((a) => DELVE_PACKAGES.some((p) => a.split('@')[0] === p))) continue;
      const env = (name: string) => {
        const w = run.inline.get(name);
        return w ? w.value.slice(w.value.indexOf('=') + 1) : run.instruction.env.get(name)?.value;
      };
      const gobin = env('GOBIN');
      const gopath = env('GOPATH');
      if ((gobin && gobin.includes('$')) || (!gobin && (!gopath || gopath.includes('$') || gopath.includes(':')))) return undefined;
      const dir = gobin || `${gopath}/bin`;
      return { stage, path: `${dir.replace(/\/+$/, '')}/dlv`, static: env('CGO_ENABLED') === '0', at: run.instruction };
    }
  }
  return undefined;
}
