/**
 * Argument-level views of COPY/ADD, ENTRYPOINT/CMD and RUN with exact offsets, for rules that point
 * at one source path or one command word. dockerfile-ast splits shell-form arguments on white space
 * only, so any argument with quotes or an escaped space is marked opaque and left alone.
 */
import type { DockerfileModel, DInstruction, Stage } from '../parse/dockerfile';
import { execStrings, normalizePosix, perInstruction, shiftSpans, stageChainFromRoot, ShiftCache } from '../parse/dockerfile';
import { splitShell, SimpleCommand, splitAssignments, Word } from '../parse/shell';
import { chainInstructions, chainOf, rootOf } from './stageGraph';
import { jsonStrings, rawTokens } from '../parse/instructionText';
import { escapeRegExp } from '../core/text';

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

/** Flags of an instruction (`--from`, `--chmod`, `--mount` ...), lowercased names. */
export function flagsOf(ins: DInstruction): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const f of ins.flags) {
    const name = f.name;
    // Several --mount flags may exist: keep them all, joined by a newline.
    const prev = out.get(name);
    const v = f.value;
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
  const off = (p: { line: number; character: number }) => model.index.offsetAt(p);
  const text = model.text;
  const strings = execStrings(model, ins);
  if (strings) {
    const words: ArgWord[] = [];
    for (const { start, end, raw } of strings) {
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        words.push({ value: raw, start, end, json: true, opaque: true });
        continue;
      }
      const plain = JSON.stringify(value) === raw;
      words.push({ value, start: plain ? start + 1 : start, end: plain ? end - 1 : end, json: true, opaque: !plain || TEMPLATE_FIELD.test(value) });
    }
    return { form: 'json', words };
  }
  // dockerfile-ast leaves flags (--chown=..., --from=...) out of the arguments.
  const args = ins.ast.getArguments();
  // An escaped blank (`a\ b`) is split by the parser into two arguments: mark everything opaque.
  const region = text.slice(ins.argsStart, ins.argsEnd);
  const escapedBlank = new RegExp(`${escapeRegExp(model.escape)}[ \\t]`).test(region);
  // An argument quoted as a whole (`"cert.pem"`) is read without its quotes; any other quote may
  // hold blanks the parser split on, so it makes every argument suspect.
  const raws = args.map((a) => text.slice(off(a.getRange().start), off(a.getRange().end)));
  const split = raws.some((raw) => /["']/.test(raw) && !WHOLE_QUOTED.test(raw));
  const words = args.map((a, k) => {
    const start = off(a.getRange().start);
    const end = off(a.getRange().end);
    const raw = raws[k];
    const whole = WHOLE_QUOTED.exec(raw);
    if (whole && !escapedBlank && !split) return { value: whole[2], start: start + 1, end: end - 1, json: false, opaque: false };
    const opaque = escapedBlank || split || raw.includes(model.escape) || TEMPLATE_FIELD.test(raw);
    return { value: a.getValue(), start, end, json: false, opaque };
  });
  return { form: 'shell', words };
}

/**
 * A field of a template the Dockerfile is made from (`apps/{{SERVICE_NAME}}/go.mod`, `{{ .Name }}`):
 * the file is rendered before it is built, so the word names nothing as written.
 */
const TEMPLATE_FIELD = /\{\{[^{}\n]*\}\}/;

/** A word quoted as a whole, with nothing inside that the quotes would change: `"cert.pem"`, `'a.go'`. */
const WHOLE_QUOTED = /^(["'])([^"'\\`$\s]*)\1$/;

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
  // Each stage's value from its parent's, found once per stage: a chain of thousands of stages
  // built FROM one another would otherwise be walked from its root for every stage.
  const pending: Stage[] = [];
  let s: Stage | undefined = stage;
  let inherited: RunConfig = { entrypoint: undefined, cmd: undefined, cmdAfterEntrypoint: false };
  for (; s; s = s.parent !== undefined && s.parent !== s.index ? model.stages[s.parent] : undefined) {
    const known = runConfigs.get(s);
    if (known) {
      inherited = known;
      break;
    }
    pending.push(s);
  }
  for (let k = pending.length - 1; k >= 0; k--) {
    let { entrypoint, cmd, cmdAfterEntrypoint: cmdAfter } = inherited;
    for (const ins of pending[k].instructions) {
      if (ins.keyword === 'ENTRYPOINT') {
        entrypoint = ins;
        cmd = undefined;
        cmdAfter = false;
      } else if (ins.keyword === 'CMD') {
        cmd = ins;
        cmdAfter = !!entrypoint;
      }
    }
    inherited = { entrypoint, cmd, cmdAfterEntrypoint: cmdAfter };
    runConfigs.set(pending[k], inherited);
  }
  return inherited;
}

const runConfigs = new WeakMap<Stage, RunConfig>();

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


/**
 * `s` with `$NAME`, `${NAME}` and `${NAME:-default}` replaced by the values in effect for the
 * instruction (ENV, ARG defaults, the base image's environment), and the ARGs whose defaults it used;
 * undefined when a variable is unset, or is one of `overridden` (build arguments the caller passes,
 * such as compose `build.args`), or the text uses any other form of expansion.
 */
export function expandWithDefaults(ins: DInstruction, s: string, overridden: ReadonlySet<string>): { value: string; args: { name: string; start: number; end: number }[] } | undefined {
  const args: { name: string; start: number; end: number }[] = [];
  let failed = false;
  const value = s.replace(/\$\{([A-Za-z_]\w*)(:-([^}$]*))?\}|\$([A-Za-z_]\w*)|\$\{[^}]*\}|\$/g, (m, braced: string | undefined, _d: string | undefined, def: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare;
    if (!name || overridden.has(name)) {
      failed = true;
      return m;
    }
    const v = ins.env.get(name);
    if (v === undefined || (v.value === '' && def === undefined)) {
      if (def !== undefined && v === undefined) return def;
      failed = true;
      return m;
    }
    if (v.value === '' && def !== undefined) return def;
    if (v.via === 'ARG' && v.end > v.start) args.push({ name, start: v.start, end: v.end });
    return v.value;
  });
  return failed || value.includes('$') ? undefined : { value, args };
}

export interface HealthcheckSpec {
  ins: DInstruction;
  /** `HEALTHCHECK NONE`: the check (also one the base image sets) is off. */
  none: boolean;
  /** Offsets of the command after `CMD`. */
  cmdStart: number;
  cmdEnd: number;
  /** Exec form (a JSON array: run directly) or shell form (run with `/bin/sh -c`). */
  form: 'json' | 'shell';
  /** Exec form: the strings of the array. */
  words: ArgWord[];
  /** Shell form: its simple commands. */
  commands: SimpleCommand[];
}

const healthcheckCache: ShiftCache<HealthcheckSpec | null> = new WeakMap();

/** A HEALTHCHECK's command with offsets; undefined for other instructions and one still being typed. */
export function healthcheckOf(model: DockerfileModel, ins: DInstruction): HealthcheckSpec | undefined {
  if (ins.keyword !== 'HEALTHCHECK') return undefined;
  const spec = perInstruction(healthcheckCache, ins.ast, ins.argsStart, () => computeHealthcheck(model, ins), (h, by) => (h ? shiftHealthcheck(h, by) : h));
  // The cache keeps the first instruction model it saw; an unchanged instruction has the same text.
  return spec ? { ...spec, ins } : undefined;
}

function shiftHealthcheck(h: HealthcheckSpec, by: number): HealthcheckSpec {
  return {
    ...h,
    cmdStart: h.cmdStart + by,
    cmdEnd: h.cmdEnd + by,
    words: shiftSpans(h.words, by),
    commands: h.commands.map((c) => ({ ...c, start: c.start + by, end: c.end + by, words: shiftSpans(c.words, by) })),
  };
}

function computeHealthcheck(model: DockerfileModel, ins: DInstruction): HealthcheckSpec | null {
  const toks = rawTokens(model.text, ins.argsStart, ins.argsEnd, model.escape);
  const k = toks.findIndex((t) => !t.raw.startsWith('--'));
  const sub = toks[k];
  if (!sub) return null;
  const base = { ins, cmdStart: ins.argsEnd, cmdEnd: ins.argsEnd, form: 'shell' as const, words: [], commands: [] };
  if (sub.raw.toUpperCase() === 'NONE') return { ...base, none: true };
  if (sub.raw.toUpperCase() !== 'CMD' || !toks[k + 1]) return null;
  const cmdStart = toks[k + 1].start;
  const strings = model.text[cmdStart] === '[' ? jsonStrings(model.text, cmdStart, ins.argsEnd, model.escape) : undefined;
  if (strings) {
    const words: ArgWord[] = strings.map((s) => {
      const plain = JSON.stringify(s.value) === model.text.slice(s.start, s.end);
      return { value: s.value, start: plain ? s.start + 1 : s.start, end: plain ? s.end - 1 : s.end, json: true, opaque: !plain };
    });
    return { ...base, none: false, cmdStart, cmdEnd: ins.argsEnd, form: 'json', words };
  }
  // A `[` that is no valid JSON array is run in shell form, as Docker does; a half-typed one is left alone.
  if (model.text[cmdStart] === '[') return null;
  return { ...base, none: false, cmdStart, cmdEnd: ins.argsEnd, form: 'shell', commands: splitShell(model.text, cmdStart, ins.argsEnd, model.escape) };
}

/** The HEALTHCHECK in effect at the end of a stage (its chain's last), if the Dockerfile sets one. */
export function healthcheckIn(model: DockerfileModel, stage: Stage): HealthcheckSpec | undefined {
  let found: DInstruction | undefined;
  for (const ins of chainInstructions(model, stage)) if (ins.keyword === 'HEALTHCHECK') found = ins;
  return found ? healthcheckOf(model, found) : undefined;
}
