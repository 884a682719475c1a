/**
 * Argument-level views of COPY/ADD, ENTRYPOINT/CMD and RUN with exact offsets, for rules that point
 * at one source path or one command word. dockerfile-ast splits shell-form arguments on white space
 * only, so any argument with quotes or an escaped space is marked opaque and left alone.
 */
import type { DockerfileModel, DInstruction, Stage } from '../../parse/dockerfile';
import { chainRoot, normalizePosix, perInstruction, shiftSpans, stageChainFromRoot, ShiftCache } from '../../parse/dockerfile';
import { splitShell, SimpleCommand, splitAssignments, Word } from '../../parse/shell';

export interface ArgWord {
  /** The argument's value (JSON strings decoded). */
  value: string;
  /** Offsets of the value itself (inside the quotes of a JSON string when it has no escapes). */
  start: number;
  end: number;
  /** Written as a JSON string. */
  json: boolean;
  /** The value cannot be trusted (quotes or escapes in shell form, escapes in JSON form). */
  opaque: boolean;
}

interface AstFlag {
  getName(): string;
  getValue(): string | null;
}

interface AstArg {
  getValue(): string;
  getRange(): { start: { line: number; character: number }; end: { line: number; character: number } };
}

interface JsonCapable {
  getOpeningBracket?(): AstArg | null;
  getJSONStrings?(): AstArg[];
  getFlags?(): AstFlag[];
  getArguments(): AstArg[];
}

/** Flags of an instruction (`--from`, `--chmod`, `--mount` ...), lowercased names. */
export function flagsOf(ins: DInstruction): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const ast = ins.ast as unknown as JsonCapable;
  for (const f of ast.getFlags?.() ?? []) {
    const name = f.getName().toLowerCase();
    // Several --mount flags may exist: keep them all, joined by a newline.
    const prev = out.get(name);
    const v = f.getValue() ?? undefined;
    out.set(name, prev !== undefined && v !== undefined ? prev + '\n' + v : v);
  }
  return out;
}

/** The arguments of a JSON-capable instruction, in exec (JSON) form or shell form. */
export function argWords(model: DockerfileModel, ins: DInstruction): ArgWords {
  return perInstruction(argWordsCache, ins.ast, ins.argsStart, () => computeArgWords(model, ins), shiftArgWords);
}

type ArgWords = { form: 'json' | 'shell'; words: ArgWord[] };

// Per instruction, kept across versions (the words depend on the instruction's text and the escape
// character, which an incremental parse never changes under a kept instruction).
const argWordsCache: ShiftCache<ArgWords> = new WeakMap();

function shiftArgWords(a: ArgWords, by: number): ArgWords {
  return { form: a.form, words: shiftSpans(a.words, by) };
}

function computeArgWords(model: DockerfileModel, ins: DInstruction): ArgWords {
  const ast = ins.ast as unknown as JsonCapable;
  const off = (p: { line: number; character: number }) => model.index.offsetAt(p);
  const text = model.text;
  const bracket = ast.getOpeningBracket?.();
  const strings = ast.getJSONStrings?.() ?? [];
  if (bracket && strings.length) {
    const words: ArgWord[] = [];
    for (const s of strings) {
      const start = off(s.getRange().start);
      const end = off(s.getRange().end);
      const raw = text.slice(start, end);
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        words.push({ value: raw, start, end, json: true, opaque: true });
        continue;
      }
      const plain = JSON.stringify(value) === raw;
      words.push({ value, start: plain ? start + 1 : start, end: plain ? end - 1 : end, json: true, opaque: !plain });
    }
    return { form: 'json', words };
  }
  // dockerfile-ast leaves flags (--chown=..., --from=...) out of the arguments.
  const args = ast.getArguments();
  // An escaped blank (`a\ b`) is split by the parser into two arguments: mark everything opaque.
  const region = text.slice(ins.argsStart, ins.argsEnd);
  const escapedBlank = new RegExp(`${escapeRe(model.escape)}[ \\t]`).test(region);
  // Quotes may hold blanks the parser split on, so one quoted argument makes them all suspect.
  const quoted = args.some((a) => /["']/.test(text.slice(off(a.getRange().start), off(a.getRange().end))));
  const words = args.map((a) => {
    const start = off(a.getRange().start);
    const end = off(a.getRange().end);
    const raw = text.slice(start, end);
    const opaque = escapedBlank || quoted || raw.includes(model.escape);
    return { value: a.getValue(), start, end, json: false, opaque };
  });
  return { form: 'shell', words };
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface CopySpec {
  ins: DInstruction;
  keyword: 'COPY' | 'ADD';
  /** The --from value, when copying from a stage, an image or a named context. */
  from: string | undefined;
  flags: Map<string, string | undefined>;
  sources: ArgWord[];
  dest: ArgWord | undefined;
  /** COPY <<EOF ... (an inline file). */
  heredoc: boolean;
}

// Per instruction model: the parser keeps a COPY's model across versions while its text, offset and
// context stay the same, so the spec holds for as long as the model does.
const copySpecs = new WeakMap<DInstruction, CopySpec>();

/** COPY/ADD arguments with offsets; undefined for other instructions. Do not modify it. */
export function copySpec(model: DockerfileModel, ins: DInstruction): CopySpec | undefined {
  if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return undefined;
  let spec = copySpecs.get(ins);
  if (!spec) copySpecs.set(ins, (spec = computeCopySpec(model, ins)));
  return spec;
}

function computeCopySpec(model: DockerfileModel, ins: DInstruction): CopySpec {
  const flags = flagsOf(ins);
  const { words } = argWords(model, ins);
  const heredoc = words.some((w) => w.value.startsWith('<<'));
  const dest = words.length >= 2 ? words[words.length - 1] : undefined;
  return {
    ins,
    keyword: ins.keyword as CopySpec['keyword'],
    from: flags.get('from'),
    flags,
    sources: words.length >= 2 ? words.slice(0, -1) : [],
    dest,
    heredoc,
  };
}

/** The stages from the root image down to `stage` (FROM <stage> chains). */
export function chainOf(model: DockerfileModel, stage: Stage): Stage[] {
  return stageChainFromRoot(model, stage);
}

/** The root (non-stage) ancestor of a stage: the image it really starts from. */
export function rootOf(model: DockerfileModel, stage: Stage): Stage {
  return chainRoot(model, stage);
}

/** All instructions of the chain, in order (the parent's before the child's). */
export function chainInstructions(model: DockerfileModel, stage: Stage): DInstruction[] {
  return chainOf(model, stage).flatMap((s) => s.instructions);
}

export interface RunConfig {
  entrypoint: DInstruction | undefined;
  cmd: DInstruction | undefined;
  /** A CMD that comes after the ENTRYPOINT in the chain (so it is passed to it). */
  cmdAfterEntrypoint: boolean;
}

/**
 * The ENTRYPOINT and CMD in effect for a stage, following Docker's rule that setting ENTRYPOINT
 * resets an inherited CMD. Only what the Dockerfile says: the base image's own are unknown.
 */
export function runConfig(model: DockerfileModel, stage: Stage): RunConfig {
  let entrypoint: DInstruction | undefined;
  let cmd: DInstruction | undefined;
  let cmdAfter = false;
  for (const ins of chainInstructions(model, stage)) {
    if (ins.keyword === 'ENTRYPOINT') {
      entrypoint = ins;
      cmd = undefined;
      cmdAfter = false;
    } else if (ins.keyword === 'CMD') {
      cmd = ins;
      cmdAfter = !!entrypoint;
    }
  }
  return { entrypoint, cmd, cmdAfterEntrypoint: cmdAfter };
}

/** The working directory in effect at the end of a stage (what ENTRYPOINT/CMD run in). */
export function finalWorkdir(stage: Stage): string | undefined {
  const last = stage.instructions[stage.instructions.length - 1];
  return last ? last.workdir : undefined;
}

/** Shell commands of a shell-form ENTRYPOINT/CMD (RUN has them on the instruction already). */
export function shellCommands(model: DockerfileModel, ins: DInstruction): SimpleCommand[] {
  if (ins.keyword === 'RUN') return ins.commands;
  return splitShell(model.text, ins.argsStart, ins.argsEnd, model.escape);
}

/** The program word of a simple command: after `VAR=x` assignments and an `exec`. */
export function programOf(cmd: SimpleCommand): { word: Word | undefined; exec: boolean; index: number } {
  const { rest } = splitAssignments(cmd);
  let k = cmd.words.length - rest.length;
  let exec = false;
  if (cmd.words[k]?.value === 'exec') {
    exec = true;
    k++;
    while (cmd.words[k]?.value.startsWith('-')) k++; // exec -a name ... is rare; flags are skipped
  }
  return { word: cmd.words[k], exec, index: k };
}

/** The directories of the default PATH of Linux images. */
export const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** POSIX path join + normalisation for container paths. */
export function containerPath(p: string, workdir: string | undefined): string | undefined {
  if (p.startsWith('/')) return normalizePosix(p);
  if (workdir === undefined) return undefined;
  return normalizePosix(workdir + '/' + p);
}

