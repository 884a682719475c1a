/**
 * What a compose service's container runs, word by word, wherever each word is written: the
 * compose file's `entrypoint` and `command` (a string Compose splits like a shell, or a list), or the
 * image's ENTRYPOINT and CMD (exec form, or shell form run by /bin/sh -c); a `sh -c "<script>"` is
 * split into its simple commands. Each word keeps its file, offsets and syntax, so that a rule can
 * point at it and a fix can insert an argument after it. Also where the container starts (its
 * working directory) and, for a command of a script, the folder a `cd` before it moved to.
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import type { MMap, MNode, MScalar } from './composeView';
import { child, scalarOf } from './composeView';
import type { ImageFacts } from './image';
import { readWord, splitShell, type SimpleCommand } from '../parse/shell';
import { argWords, finalWorkdir, runConfig, shellCommands } from './instructions';
import { baseOf } from './stageGraph';
import { baseImage, type BaseImage } from '../facts/baseImages';
import { normalizePosix, type DInstruction, type DockerfileModel, type Stage } from '../parse/dockerfile';
import type { ComposeView } from './composeView';
import { imageFacts } from './image';
import { hostBuildsTagging } from './hostScripts';
import { gitRootOf } from './buildContext';
import { stageValue } from './stageValues';

/** How a word is written, which says how an argument is inserted after it. */
export type WordSyntax =
  /** A word of a shell-like string (Dockerfile shell form, a compose string, a `sh -c` script). */
  | 'shell'
  /** A JSON string of a Dockerfile exec form. */
  | 'json'
  /** An item of a YAML flow sequence (`[a, b]`). */
  | 'yaml-flow'
  /** An item of a YAML block sequence (`- a`). */
  | 'yaml-block';

export interface CmdWord {
  value: string;
  path: string;
  /** Offsets of the word's value (inside quotes when the item is quoted and spells the value). */
  start: number;
  end: number;
  /** The offsets spell the value exactly (no quotes or escapes in between). */
  exact: boolean;
  syntax: WordSyntax;
  /** The end of the whole item (after its closing quote), for JSON and YAML items. */
  itemEnd: number;
}

export interface ContainerCommand {
  /** The container's argv: entrypoint words, then command words (a shell form: its script's words). */
  argv: CmdWord[];
  /** Its simple commands: the argv itself, or the commands of the script a shell runs. */
  commands: CmdWord[][];
  /** Where the program the container starts is written. */
  from: 'compose' | 'image';
  /** The working directory the container starts in, when known. */
  workdir: string | undefined;
  /** The compose key or Dockerfile instruction the program word comes from. */
  origin: { path: string; start: number; end: number; key: 'entrypoint' | 'command' | 'ENTRYPOINT' | 'CMD' };
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', '/bin/sh', '/bin/bash', '/bin/ash', '/bin/dash', '/usr/bin/sh', '/usr/bin/bash']);

function isDashC(v: string | undefined): boolean {
  return !!v && /^-[a-z]*c[a-z]*$/.test(v);
}

/** Words of a compose `command:`/`entrypoint:` value. */
function composeWords(project: Project, node: MNode | undefined): CmdWord[] | undefined {
  if (!node) return undefined;
  if (node.kind === 'seq') {
    const flow = !!node.node?.flow;
    const out: CmdWord[] = [];
    for (const it of node.items) {
      if (it.kind !== 'scalar' || it.value === undefined) return undefined;
      const r = it.node.range;
      out.push({ value: it.value, path: it.path, start: it.start, end: it.end, exact: it.exact, syntax: flow ? 'yaml-flow' : 'yaml-block', itemEnd: r ? r[1] : it.end });
    }
    return out;
  }
  const s = scalarOf(node);
  if (!s || s.value === undefined) return undefined;
  return splitComposeString(project, s);
}

/** A compose string, split the way Compose splits it (like a shell, without running one). */
function splitComposeString(project: Project, s: MScalar): CmdWord[] {
  const text = s.exact ? project.text(s.path) : undefined;
  const src = text ?? s.value ?? '';
  const from = text !== undefined ? s.start : 0;
  const to = text !== undefined ? s.end : src.length;
  const out: CmdWord[] = [];
  let i = from;
  while (i < to) {
    while (i < to && (src[i] === ' ' || src[i] === '\t' || src[i] === '\n' || src[i] === '\r')) i++;
    if (i >= to) break;
    const w = readWord(src, i, to, '\\');
    if (w.end <= i) break;
    const exact = text !== undefined && !w.quoted && src.slice(w.start, w.end) === w.value;
    out.push({ value: w.value, path: s.path, start: text !== undefined ? w.start : s.start, end: text !== undefined ? w.end : s.end, exact, syntax: 'shell', itemEnd: text !== undefined ? w.end : s.end });
    i = w.end;
  }
  return out;
}

/** Words of a Dockerfile ENTRYPOINT/CMD: exec form as is; shell form as the commands of its script. */
function imageWords(image: { model: DockerfileModel; build: { dockerfile: string } }, ins: DInstruction): { argv: CmdWord[]; script: CmdWord[][] | undefined } {
  const { model, build } = image;
  const { form, words } = argWords(model, ins);
  if (form === 'json') {
    return {
      argv: words.map((w) => ({ value: w.value, path: build.dockerfile, start: w.start, end: w.end, exact: !w.opaque, syntax: 'json' as const, itemEnd: w.opaque ? w.end : w.end + 1 })),
      script: undefined,
    };
  }
  const cmds = shellCommands(model, ins).map((c) => fromSimple(c, build.dockerfile, model.text));
  return { argv: cmds.flat(), script: cmds };
}

/**
 * What a container of a Dockerfile stage runs by itself (its ENTRYPOINT and CMD), without compose.
 * Kept with the stage: an edit elsewhere in the file does not work it out again. Do not modify the result.
 */
export function stageCommand(project: Project, model: DockerfileModel, dockerfile: string, stage: Stage): ContainerCommand | undefined {
  return stageValue(project, 'stageCommand', stage, stage, () => computeStageCommand(project, model, dockerfile, stage), dockerfile);
}

function computeStageCommand(project: Project, model: DockerfileModel, dockerfile: string, stage: Stage): ContainerCommand | undefined {
  const rc = runConfig(model, stage);
  const img = { model, build: { dockerfile } };
  const w = finalWorkdir(stage);
  const base = baseOf(model, stage);
  const workdir = w !== undefined ? (w.includes('$') ? undefined : w) : base ? (base.workdir ?? '/') : undefined;
  let argv: CmdWord[];
  let script: CmdWord[][] | undefined;
  let ins: DInstruction;
  if (rc.entrypoint) {
    ins = rc.entrypoint;
    const e = imageWords(img, rc.entrypoint);
    argv = e.argv;
    script = e.script;
    if (!e.script && rc.cmd && rc.cmdAfterEntrypoint) {
      const c = imageWords(img, rc.cmd);
      if (c.script) return undefined;
      argv = [...argv, ...c.argv];
    }
  } else if (rc.cmd) {
    ins = rc.cmd;
    const c = imageWords(img, rc.cmd);
    argv = c.argv;
    script = c.script;
  } else return undefined;
  if (!argv.length) return undefined;
  const commands = script ?? scriptCommands(project, argv) ?? [argv];
  return { argv, commands, from: 'image', workdir, origin: { path: dockerfile, start: ins.argsStart, end: ins.argsEnd, key: ins.keyword as 'ENTRYPOINT' | 'CMD' } };
}

function fromSimple(c: SimpleCommand, file: string, text: string): CmdWord[] {
  return c.words.map((w) => ({ value: w.value, path: file, start: w.start, end: w.end, exact: !w.quoted && text.slice(w.start, w.end) === w.value, syntax: 'shell' as const, itemEnd: w.end }));
}

/** The commands of `sh -c "<script>"` when the script's text can be read where it is written. */
function scriptCommands(project: Project, argv: CmdWord[]): CmdWord[][] | undefined {
  const [sh, flag, script, ...rest] = argv;
  if (!sh || !SHELLS.has(sh.value) || !isDashC(flag?.value) || !script || rest.length > 1) return undefined;
  const text = project.text(script.path);
  if (text === undefined) return undefined;
  let start = script.start;
  let end = script.end;
  if (script.syntax === 'shell') {
    // A word of a compose string: its raw text holds the quotes.
    const raw = text.slice(start, end);
    const q = raw[0];
    if ((q !== '"' && q !== "'") || raw[raw.length - 1] !== q || raw.length < 2 || raw.slice(1, -1).includes(q)) return undefined;
    start++;
    end--;
  } else if (!script.exact) return undefined;
  return splitShell(text, start, end, '\\').map((c) => fromSimple(c, script.path, text));
}

/**
 * The image of a service that names an image (`image: api_dev`) which a Makefile or script of the
 * repository builds (`docker build -t api_dev -f docker/dev.Dockerfile .`): one Dockerfile only.
 */
export function hostBuiltImage(project: Project, view: ComposeView, svc: MMap): ImageFacts | undefined {
  const ref = scalarOf(child(svc, 'image'))?.value;
  if (!ref || ref.includes('$') || child(svc, 'build')) return undefined;
  const root = gitRootOf(project, view.dir);
  if (!root) return undefined;
  const builds = hostBuildsTagging(project, root, ref);
  const files = new Set(builds.map((b) => b.dockerfile));
  if (files.size !== 1 || project.exists(builds[0].dockerfile) !== 'file') return undefined;
  return imageFacts(project, { dockerfile: builds[0].dockerfile, context: builds[0].context, target: undefined, service: undefined });
}

/** The facts of an image a compose service names (`golang:1.22`), when the base-image table knows it. */
export function namedImageFacts(ref: string | undefined): BaseImage | undefined {
  if (!ref || ref.includes('$')) return undefined;
  const noDigest = ref.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = (colon > slash ? noDigest.slice(0, colon) : noDigest).toLowerCase().replace(/^docker\.io\//, '');
  const tag = colon > slash ? noDigest.slice(colon + 1) : undefined;
  return baseImage(repo, tag);
}

/**
 * What the container of a compose service runs. `image` is the service's image when it builds one
 * from a Dockerfile of the workspace. Undefined when nothing says what it runs.
 */
export function serviceCommand(project: Project, svc: MMap, image: ImageFacts | undefined): ContainerCommand | undefined {
  const entrypointNode = child(svc, 'entrypoint');
  const commandNode = child(svc, 'command');
  const ep = composeWords(project, entrypointNode);
  const cmd = composeWords(project, commandNode);
  const rc = image ? runConfig(image.model, image.final) : undefined;
  const workdir = workdirOf(svc, image);
  let argv: CmdWord[] = [];
  let script: CmdWord[][] | undefined;
  let from: ContainerCommand['from'] = 'compose';
  let origin: ContainerCommand['origin'] | undefined;
  const at = (node: MNode | undefined, key: 'entrypoint' | 'command') => {
    const s = node?.kind === 'seq' ? node.items[0] : node;
    const sc = scalarOf(s);
    return sc ? { path: sc.path, start: sc.start, end: sc.end, key } : undefined;
  };
  if (ep && ep.length) {
    // Compose's entrypoint replaces the image's, and drops its CMD.
    argv = [...ep, ...(cmd ?? [])];
    origin = at(entrypointNode, 'entrypoint');
  } else if (rc?.entrypoint && image) {
    const w = imageWords(image, rc.entrypoint);
    from = 'image';
    origin = { path: image.build.dockerfile, start: rc.entrypoint.argsStart, end: rc.entrypoint.argsEnd, key: 'ENTRYPOINT' };
    if (w.script) {
      // A shell-form ENTRYPOINT ignores CMD and compose's command.
      argv = w.argv;
      script = w.script;
    } else {
      let rest: CmdWord[] = cmd ?? [];
      if (!cmd && rc.cmd && rc.cmdAfterEntrypoint) {
        const c = imageWords(image, rc.cmd);
        // A shell-form CMD after an exec-form ENTRYPOINT passes `/bin/sh -c ...` as arguments.
        if (c.script) return undefined;
        rest = c.argv;
      }
      argv = [...w.argv, ...rest];
    }
  } else if (cmd && cmd.length) {
    argv = cmd;
    origin = at(commandNode, 'command');
  } else if (rc?.cmd && image) {
    const w = imageWords(image, rc.cmd);
    from = 'image';
    origin = { path: image.build.dockerfile, start: rc.cmd.argsStart, end: rc.cmd.argsEnd, key: 'CMD' };
    argv = w.argv;
    script = w.script;
  } else return undefined;
  if (!argv.length || !origin) return undefined;
  const commands = script ?? scriptCommands(project, argv) ?? [argv];
  return { argv, commands, from, workdir, origin };
}

/** The folder the container starts in: compose's `working_dir`, the image's WORKDIR, the base image's. */
function workdirOf(svc: MMap, image: ImageFacts | undefined): string | undefined {
  const wd = scalarOf(child(svc, 'working_dir'))?.value;
  if (wd !== undefined) return wd.startsWith('/') && !wd.includes('$') ? normalizePosix(wd) : undefined;
  if (image) {
    const w = finalWorkdir(image.final);
    if (w !== undefined) return w.includes('$') ? undefined : w;
    const base = baseOf(image.model, image.final);
    if (!base) return undefined;
    return base.workdir ?? '/';
  }
  const named = namedImageFacts(scalarOf(child(svc, 'image'))?.value);
  return named ? (named.workdir ?? '/') : undefined;
}

/** A simple command's program word (after `VAR=x` and `exec`), with its index. */
export function commandProgram(words: CmdWord[]): { word: CmdWord; index: number } | undefined {
  let k = 0;
  while (k < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k].value)) k++;
  if (words[k]?.value === 'exec') k++;
  // Init wrappers start the real program: `tini -- air`, `dumb-init air`.
  const w = words[k];
  if (w && /(^|\/)(tini|dumb-init)$/.test(w.value)) {
    k++;
    while (words[k]?.value.startsWith('-')) k++;
  }
  return words[k] ? { word: words[k], index: k } : undefined;
}

/** The folder a command of a script runs in: the container's, changed by the `cd`s before it. */
export function cwdAt(cmd: ContainerCommand, k: number): string | undefined {
  let cwd = cmd.workdir;
  for (const c of cmd.commands.slice(0, k)) {
    const p = commandProgram(c);
    if (p?.word.value !== 'cd') continue;
    const dir = c[p.index + 1]?.value;
    if (dir === undefined || dir.includes('$') || dir.startsWith('~') || dir === '-') return undefined;
    if (dir.startsWith('/')) cwd = normalizePosix(dir);
    else cwd = cwd === undefined ? undefined : normalizePosix(path.posix.join(cwd, dir));
  }
  return cwd;
}
