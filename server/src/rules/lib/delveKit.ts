/**
 * What the Delve rules share (DGT170 for a Dockerfile's ENTRYPOINT/CMD, DGT241 for a compose
 * command): the messages about a dlv command line, and the edits that repair it — the flags that make
 * the server reachable, `--continue --accept-multiclient`, a port published on the host's loopback,
 * dlv copied into the image from the stage that installs it.
 */
import * as path from 'node:path';
import type { FileEdit } from '../../core/types';
import type { Project } from '../../project/project';
import { detectEol } from '../../core/text';
import { DELVE_PORT } from '../../facts/devTools';
import type { DelveRun, Unreachable } from '../../model/delve';
import { servedPort } from '../../model/delve';
import type { ComposeService } from '../../parse/compose';
import { mapGet, isSeq } from '../../parse/compose';
import type { Node } from 'yaml';
import { appendToBlock, appendToFlow, indentUnit, ownPair } from './composeKit';
import { insertArgAfter, replaceWord } from './commandEdit';

/** The messages about a dlv command line, for both rules (the same `{placeholders}`). */
export const DELVE_MESSAGES = {
  notHeadless:
    '`dlv {sub}` runs without `--headless`: it starts its own terminal client inside the container, and with no terminal there it stops at once (`Stdin is not a terminal, use \'-r\' to specify redirects ...`); no debugger can attach. Add `--headless --listen=:{port}`.',
  noListen:
    '`dlv {sub}` has no `--listen`, so it listens on a random port of the container\'s loopback (`127.0.0.1:0`), which nothing outside the container can reach. Listen on all interfaces: `--listen=:{port}`, and publish that port.',
  loopback:
    '`dlv` listens on `{listen}`, the container\'s own loopback: a debugger on the host (VS Code, `dlv connect`) gets `connection refused` or a reset connection through the published port. Listen on all interfaces: `--listen=:{port}`.',
  continueNeedsMulti: '`--continue` without `--accept-multiclient`: dlv refuses to start (`Error: --continue requires --accept-multiclient`) and the container exits at once. Add `--accept-multiclient`.',
  waitsHealth:
    '`dlv {sub}` without `--continue` holds the program before its first instruction until a debugger attaches and continues it, but the container has a healthcheck: it stays `unhealthy` until someone attaches, and services that wait for it never start. Add `--continue --accept-multiclient`: the program starts at once, and a debugger can attach (and detach) at any time.',
  noMulticlient:
    '`dlv {sub} --headless` without `--accept-multiclient` serves one debugger session: when the debugger disconnects, dlv stops and kills the program, and the container exits. Add `--accept-multiclient` to keep it running between sessions (with `--continue`, the program also starts without waiting for a debugger).',
  notInImage:
    '`{program}` is not in the image {image}: no instruction of its stages installs Delve (`go install github.com/go-delve/delve/cmd/dlv@<version>`, `apk add delve`) or copies it in, so the container stops with `exec: "{program}": executable file not found in $PATH`.',
};

/** Compose only: services that wait for this one to be healthy. */
export const WAITS_DEPENDS_MESSAGE = {
  waitsDepends:
    '`dlv {sub}` without `--continue` holds the program before its first instruction until a debugger attaches and continues it, but {services} wait for this service to be healthy: they never start until someone attaches. Add `--continue --accept-multiclient`: the program starts at once, and a debugger can attach (and detach) at any time.',
};

export const DELVE_FIX_TITLES = {
  reach: 'Serve the debugger on :{port} (headless, all interfaces)',
  start: 'Start the program at once: add --continue --accept-multiclient',
  multi: 'Add --accept-multiclient',
  copyDlv: 'Copy dlv from stage {stage}',
};

/** The placeholder values of a message about `run`. */
export function delveData(run: DelveRun, port: number | undefined): Record<string, string | number> {
  return { sub: run.subcommand?.value ?? '', port: port ?? DELVE_PORT, listen: run.listen?.flag.value ?? '' };
}

/** Where a finding about `run` goes: the word the message is about. */
export function delveAt(run: DelveRun, problem: Unreachable | 'waits' | 'noMulticlient' | 'notInImage'): { path: string; start: number; end: number } {
  const w =
    problem === 'loopback' ? (run.listen?.flag.valueWord ?? run.program) : problem === 'continueNeedsMulti' ? (run.flags.get('--continue')?.word ?? run.program) : problem === 'notHeadless' ? (run.subcommand ?? run.program) : run.program;
  return { path: w.path, start: w.start, end: w.end };
}

/** The edits that make the server reachable: `--headless`, an all-interfaces `--listen`, `--accept-multiclient` for `--continue`. */
export function reachEdits(project: Project, run: DelveRun): { edits: FileEdit[]; port: number } | undefined {
  const port = servedPort(run, DELVE_PORT);
  if (port === undefined) return undefined;
  const add: string[] = [];
  const edits: FileEdit[] = [];
  if (!run.headless) add.push('--headless');
  if (!run.listen) add.push(`--listen=:${port}`);
  else if (run.listen.host !== '' || run.listen.port !== port) {
    const f = run.listen.flag;
    if (!f.valueWord) return undefined;
    const value = f.valueWord === f.word ? `${f.word.value.slice(0, f.word.value.indexOf('=') + 1)}:${port}` : `:${port}`;
    const e = replaceWord(project, f.valueWord, value);
    if (!e) return undefined;
    edits.push(e);
  }
  if (!run.dap && run.cont && !run.acceptMulti) add.push('--accept-multiclient');
  if (add.length) {
    const e = insertArgAfter(project, run.program, add);
    if (!e) return undefined;
    edits.push(e);
  }
  return edits.length ? { edits, port } : undefined;
}

/** `--continue --accept-multiclient` (what is missing of the two). */
export function startEdit(project: Project, run: DelveRun): FileEdit | undefined {
  const add = [...(run.cont ? [] : ['--continue']), ...(run.acceptMulti ? [] : ['--accept-multiclient'])];
  return add.length ? insertArgAfter(project, run.program, add) : undefined;
}

export function multiEdit(project: Project, run: DelveRun): FileEdit | undefined {
  return insertArgAfter(project, run.program, ['--accept-multiclient']);
}

/**
 * Publishes `port` on the host's loopback in a compose service's own `ports` (the Delve API has no
 * authentication: it must not listen on every interface of the host). Undefined when the service's
 * `ports` come through a merge key or cannot be edited.
 */
export function publishEdit(project: Project, composePath: string, svc: ComposeService, port: number): FileEdit | undefined {
  const text = project.text(composePath);
  if (text === undefined) return undefined;
  const file = { path: composePath, text, eol: detectEol(text) };
  const item = `"127.0.0.1:${port}:${port}"`;
  const pair = ownPair(svc.node, 'ports');
  if (!pair) {
    if (mapGet(svc.doc, svc.node, 'ports') !== undefined) return undefined;
    const unit = indentUnit(file, svc);
    return appendToBlock(file, svc.node, ['ports:', `${unit}- ${item}`]);
  }
  const seq = pair.value as Node | null;
  if (!seq || !isSeq(seq)) return undefined;
  if (seq.flow) return appendToFlow(file, seq, item);
  return appendToBlock(file, seq, [`- ${item}`]);
}

/** A COPY of dlv from the stage that installs it, on the line before `before` (the ENTRYPOINT or CMD). */
export function copyDelveEdit(text: string, dockerfile: string, before: { start: number }, from: { name: string | undefined; index: number }, src: string, dest: string): FileEdit {
  const eol = detectEol(text);
  const ls = text.lastIndexOf('\n', before.start - 1) + 1;
  const stage = from.name ?? String(from.index);
  return { path: dockerfile, start: ls, end: ls, newText: `COPY --from=${stage} ${src} ${dest}${eol}` };
}

/** Where a copied dlv goes: the path the command names, or /usr/local/bin/dlv for a bare `dlv`. */
export function delveDest(program: string): string {
  return program.startsWith('/') ? program : path.posix.join('/usr/local/bin', program);
}
