/**
 * The Dockerfile model: stages, their base images and families, and per instruction the facts the
 * rules need, all with offsets into the file. Parsing is dockerfile-ast's; this layer adds offsets,
 * variable resolution for FROM, environment tracking and shell words for RUN.
 */
import { DockerfileParser, Instruction, From, Copy, Env, Arg, Dockerfile, Property, JSONInstruction, ModifiableInstruction } from 'dockerfile-ast';
import { LineIndex, Range } from '../core/text';
import { baseImage } from '../facts/baseImages';
import { linearMatcher } from '../core/linearRegExp';
import { splitShell, SimpleCommand, splitAssignments, Word, NO_WORDS } from './shell';

/**
 * dockerfile-ast splits an instruction's text into arguments again on every call of getArguments()
 * — and of what is built on it: argument ranges, flags, FROM's image and stage name — and its own
 * parse, this model and the rules ask many times per instruction. An instruction's text never
 * changes, so the split is kept per instruction, and so is the list without the flags that
 * ModifiableInstruction.getArguments() makes (it shifted the flags off a copy of the split at each
 * call). Both lists are frozen: every caller reads them, none may change them.
 */
const SPLIT = Symbol('arguments');
const UNFLAGGED = Symbol('arguments without flags');
type Arguments = readonly { getValue(): string }[];
type Splitter = { getRawArguments(): Arguments; [SPLIT]?: Arguments };
type Flagged = Splitter & { getFlags(): readonly unknown[]; getArguments(): Arguments; [UNFLAGGED]?: Arguments };
const splitArguments = (Instruction.prototype as unknown as Splitter).getRawArguments;
(Instruction.prototype as unknown as Splitter).getRawArguments = function (this: Splitter) {
  return (this[SPLIT] ??= Object.freeze(flatValues(splitArguments.call(this) as { getValue(): string }[])));
};
const readFlags = (ModifiableInstruction.prototype as unknown as Flagged).getFlags;
/** The instruction whose flags dockerfile-ast is reading (it asks for the arguments while it does). */
let flagging: object | undefined;
(ModifiableInstruction.prototype as unknown as Flagged).getFlags = function (this: Flagged & { flags?: unknown[] }) {
  if (this.flags === undefined) {
    const outer = flagging;
    flagging = this;
    try {
      readFlags.call(this);
    } finally {
      flagging = outer;
    }
  }
  return this.flags as unknown[];
};
(ModifiableInstruction.prototype as unknown as Flagged).getArguments = function (this: Flagged) {
  const kept = this[UNFLAGGED];
  if (kept) return kept;
  const split = this.getRawArguments();
  // Reading the flags walks the whole split before any flag is known (as dockerfile-ast does).
  if (flagging === this) return split;
  const flags = this.getFlags().length;
  return (this[UNFLAGGED] = flags ? Object.freeze(split.slice(flags)) : split);
};

/**
 * dockerfile-ast builds an argument's value a character at a time, and V8 keeps a string built that
 * way as a chain of one node per character (32 bytes each) until something reads a character of
 * it: reading one turns the chain into one flat string in place. Kept splits hold every argument of
 * the workspace's Dockerfiles, so they are flattened once here (docs/benchmarks.md).
 */
function flatValues<T extends { getValue(): string }>(args: T[]): T[] {
  for (const a of args) a.getValue().charCodeAt(0);
  return args;
}

export type ImageFamily =
  | 'scratch'
  | 'alpine'
  | 'busybox'
  | 'distroless-static'
  | 'distroless'
  | 'debian'
  | 'windows'
  | 'unknown';

export interface EnvValue {
  value: string;
  /** Where it was set; absent for values inherited from a parent stage. */
  start: number;
  end: number;
  /** ENV or ARG of the Dockerfile, or set by the base image (GOPATH=/go in golang images: `image`, at offset 0). */
  via: 'ENV' | 'ARG' | 'image';
}

/**
 * The variables in effect at an instruction. Each ENV or ARG adds a layer on top of the environment
 * before it instead of copying it (a copy per ENV is quadratic in a long Dockerfile); lookups walk
 * at most {@link Environment.MAX_DEPTH} layers before a layer is flattened into a plain map.
 * Iteration order is that of a Map copied and updated at every ENV.
 */
export class Environment implements ReadonlyMap<string, EnvValue> {
  static readonly MAX_DEPTH = 8;
  static readonly EMPTY = new Environment(undefined, new Map(), 0);
  private flat: Map<string, EnvValue> | undefined;

  private constructor(
    private readonly parent: Environment | undefined,
    private readonly own: Map<string, EnvValue>,
    private readonly depth: number,
  ) {}

  /** This environment with `entries` set (later ones win); itself when there are none. */
  with(entries: [string, EnvValue][]): Environment {
    if (!entries.length) return this;
    if (this.depth + 1 >= Environment.MAX_DEPTH) {
      const flat = new Map(this.materialize());
      for (const [k, v] of entries) flat.set(k, v);
      return new Environment(undefined, flat, 0);
    }
    return new Environment(this, new Map(entries), this.depth + 1);
  }

  get(name: string): EnvValue | undefined {
    for (let e: Environment | undefined = this; e; e = e.parent) {
      const v = e.own.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }
  get size(): number {
    return this.materialize().size;
  }
  entries(): MapIterator<[string, EnvValue]> {
    return this.materialize().entries();
  }
  keys(): MapIterator<string> {
    return this.materialize().keys();
  }
  values(): MapIterator<EnvValue> {
    return this.materialize().values();
  }
  forEach(fn: (value: EnvValue, key: string, map: ReadonlyMap<string, EnvValue>) => void): void {
    for (const [k, v] of this.materialize()) fn(v, k, this);
  }
  [Symbol.iterator](): MapIterator<[string, EnvValue]> {
    return this.entries();
  }

  /** All variables as one map, built once (the layers in between are not flattened on the way). */
  private materialize(): Map<string, EnvValue> {
    if (this.flat) return this.flat;
    if (!this.parent) return (this.flat = this.own);
    const layers: Map<string, EnvValue>[] = [];
    let base: Environment = this;
    while (!base.flat && base.parent) {
      layers.push(base.own);
      base = base.parent;
    }
    const flat = new Map(base.flat ?? base.own);
    for (let k = layers.length - 1; k >= 0; k--) for (const [name, v] of layers[k]) flat.set(name, v);
    return (this.flat = flat);
  }
}

export interface DInstruction {
  keyword: string;
  start: number;
  end: number;
  /** Offsets of the arguments (after the keyword). */
  argsStart: number;
  argsEnd: number;
  ast: Instruction;
  /** Environment in effect for this instruction (ENV and ARG defaults of the stage and its parents). */
  env: Environment;
  /** Working directory in effect (container path); undefined when unknown (variables). */
  workdir: string | undefined;
  /** Shell commands of a shell-form RUN (empty otherwise). */
  commands: SimpleCommand[];
  /** For ONBUILD: the trigger keyword. */
  onbuild: boolean;
  /** The flags of a COPY/ADD/RUN/FROM/HEALTHCHECK (`--from=build`, `--mount=...`), in order. Do not modify. */
  readonly flags: readonly InstructionFlag[];
}

export interface Stage {
  index: number;
  name: string | undefined;
  from: From;
  fromStart: number;
  /** The image as written, and with ARG defaults substituted. */
  imageRaw: string;
  image: string;
  imageStart: number;
  imageEnd: number;
  /** Repository path without registry/tag, lowercased, e.g. "golang", "gcr.io/distroless/static-debian12". */
  repo: string;
  tag: string | undefined;
  readonly tagStart: number | undefined;
  readonly tagEnd: number | undefined;
  platform: string | undefined;
  /** Index of the earlier stage this one builds on. */
  parent: number | undefined;
  family: ImageFamily;
  instructions: DInstruction[];
  /** Stages this one copies from (COPY --from=<stage>). */
  copiesFrom: Set<number>;
  end: number;
}

/** The parts of dockerfile-ast's `Dockerfile` that hold for the whole file. */
export type DockerfileHeader = Pick<Dockerfile, 'getInitialARGs' | 'getDirectives' | 'getEscapeCharacter'>;

export interface DockerfileModel {
  ast: DockerfileHeader;
  /** Every instruction of the file in order, including ARGs before the first FROM. */
  instructions: Instruction[];
  text: string;
  index: LineIndex;
  escape: string;
  /** True when the file has an explicit `# escape=` directive. */
  escapeDirective: boolean;
  stages: Stage[];
  /** ARGs before the first FROM, with defaults. */
  globalArgs: Map<string, string>;
}

/** The model made for a dockerfile-ast instruction, with what it was made from (see parseDockerfile). */
interface CarriedModel {
  at: number;
  /** The environment and working directory in effect before the instruction. */
  env: Environment;
  workdir: string | undefined;
  /** ARG: the global default of its variable (a global ARG may change while the instruction does not). */
  argDefault: string | undefined;
  model: DInstruction;
}

const carriedModels = new WeakMap<Instruction, CarriedModel>();

/**
 * Parses a Dockerfile. Given the model of the previous version of the same file, only the
 * instructions an edit touches are parsed again (see {@link reparse}); the result is the same as a
 * full parse.
 */
export function parseDockerfile(text: string, index = new LineIndex(text), previous?: DockerfileModel): DockerfileModel {
  const again = previous && reparse(previous, text, index);
  let ast: DockerfileHeader;
  let instructions: Instruction[];
  if (again) {
    ({ ast, instructions } = again);
  } else {
    // dockerfile-ast takes a carriage return without a line feed for a line break; Docker reads lines
    // up to "\n" only, where such a character is blank space inside the line, and so does LineIndex,
    // which turns dockerfile-ast's positions into offsets. A space in its place keeps every offset.
    const full = DockerfileParser.parse(hasLoneCr(text) ? text.replace(LONE_CR_ALL, ' ') : text);
    ast = full;
    instructions = full.getInstructions();
  }
  const escape = ast.getEscapeCharacter();
  const escapeDirective = ast.getDirectives().some((d) => d.getName().toLowerCase() === 'escape');
  const off = (p: { line: number; character: number }) => index.offsetAt(p);
  // A variable set by ENV or ARG, located at its value, or at its name when it has no value.
  const setAt = (p: Property, value: string, via: EnvValue['via']): [string, EnvValue] => {
    const r = p.getValueRange() ?? p.getNameRange();
    return [p.getName(), { value, start: off(r.start), end: off(r.end), via }];
  };

  const globalArgs = new Map<string, string>();
  for (const arg of ast.getInitialARGs()) {
    const p = arg.getProperty();
    if (p) globalArgs.set(p.getName(), p.getValue() ?? '');
  }

  const stages: Stage[] = [];
  let current: Stage | undefined;
  let env = Environment.EMPTY;
  let workdir: string | undefined;

  for (const ins of instructions) {
    const { keyword, range, argsRange, properties } = factsOf(ins);
    const start = off(range.start);
    // An instruction the incremental parse kept (before the edit, or after it), at the same offset,
    // after the same environment and working directory: its model is the previous version's, and so
    // the environments after it are the same objects too.
    const argDefault = keyword === 'ARG' && properties[0] ? globalArgs.get(properties[0].getName()) : undefined;
    const carried = current && keyword !== 'FROM' ? carriedModels.get(ins) : undefined;
    if (current && carried && carried.at === start && carried.env === env && carried.workdir === workdir && carried.argDefault === argDefault) {
      env = carried.model.env;
      workdir = carried.model.workdir;
      addInstruction(carried.model, current, stages);
      continue;
    }
    const inEnv = env;
    const inWorkdir = workdir;
    const end = off(range.end);
    const argsStart = argsRange ? off(argsRange.start) : end;
    const argsEnd = argsRange ? off(argsRange.end) : end;

    if (keyword === 'FROM') {
      if (current) current.end = start;
      const from = ins as From;
      current = makeStage(from, stages, globalArgs, off, text);
      stages.push(current);
      if (current.parent !== undefined) {
        const parent = stages[current.parent];
        const last = parent.instructions[parent.instructions.length - 1];
        env = last?.env ?? Environment.EMPTY;
        workdir = last ? last.workdir : defaultWorkdir(parent);
        current.family = parent.family;
      } else {
        env = imageEnvironment(current);
        workdir = defaultWorkdir(current);
      }
      continue;
    }
    if (!current) continue; // instructions before any FROM (only ARG is legal there)

    if (keyword === 'ENV') {
      env = env.with(properties.map((p) => setAt(p, p.getValue() ?? '', 'ENV')));
    } else if (keyword === 'ARG') {
      const p = properties[0];
      if (p) {
        const name = p.getName();
        const value = p.getValue() ?? globalArgs.get(name);
        if (value !== undefined && !env.has(name)) env = env.with([setAt(p, value, 'ARG')]);
      }
    } else if (keyword === 'WORKDIR') {
      const arg = ins.getArgumentsContent()?.trim() ?? '';
      workdir = resolveWorkdir(workdir, arg, env);
    }

    let commands: SimpleCommand[] = [];
    if (keyword === 'RUN') commands = perInstruction(commandsCache, ins, argsStart, () => runCommands(ins, text, argsStart, argsEnd, escape), shiftCommands);

    const d = new InstructionModel(keyword, start, end, argsStart, argsEnd, ins, env, workdir, commands, index);
    carriedModels.set(ins, { at: start, env: inEnv, workdir: inWorkdir, argDefault, model: d });
    addInstruction(d, current, stages);
  }
  if (current) current.end = text.length;
  if (again && previous) keepUnchangedStages(stages, previous.stages, previous.text.length, text.length);
  return { ast, instructions, text, index, escape, escapeDirective, stages, globalArgs };
}

/**
 * An instruction's model. A class rather than an object literal: V8 keeps an object literal that
 * has a getter in dictionary mode (a hash table per object, and slow property reads), and every
 * rule reads these objects (docs/benchmarks.md).
 */
class InstructionModel implements DInstruction {
  readonly onbuild: boolean;
  readonly #index: LineIndex;
  constructor(
    readonly keyword: string,
    readonly start: number,
    readonly end: number,
    readonly argsStart: number,
    readonly argsEnd: number,
    readonly ast: Instruction,
    readonly env: Environment,
    readonly workdir: string | undefined,
    readonly commands: SimpleCommand[],
    index: LineIndex,
  ) {
    this.onbuild = keyword === 'ONBUILD';
    this.#index = index;
  }
  get flags(): readonly InstructionFlag[] {
    return flagsAt(this.#index, this.ast, this.start);
  }
}

/**
 * Puts the previous version's Stage object in place of a stage that came out the same: the same
 * FROM instruction at the same offset, the same instruction models, the same end, parent and
 * stages it copies from. Values computed per stage (go commands, go builds, a rule's per-stage
 * facts) then hold across an edit elsewhere in the file: an edit in one stage recomputes that
 * stage, not all of them.
 */
function keepUnchangedStages(stages: Stage[], old: readonly Stage[], oldLength: number, newLength: number): void {
  for (let i = 0; i < stages.length && i < old.length; i++) {
    const s = stages[i];
    const o = old[i];
    // The last stage runs to the end of the file: text added or removed after its last instruction
    // (a comment typed at the end) moves its end and nothing else. Its end is only ever a bound for
    // the stage's instructions, so the old object is kept with the new end.
    const sameEnd = o.end === s.end || (i === stages.length - 1 && i === old.length - 1 && o.end === oldLength && s.end === newLength);
    if (o.from !== s.from || o.fromStart !== s.fromStart || !sameEnd || o.parent !== s.parent || o.image !== s.image || o.family !== s.family || o.name !== s.name) continue;
    if (o.instructions.length !== s.instructions.length || o.instructions.some((ins, k) => ins !== s.instructions[k])) continue;
    if (o.copiesFrom.size !== s.copiesFrom.size || [...s.copiesFrom].some((c) => !o.copiesFrom.has(c))) continue;
    // A stage it builds on or copies from that changed may change what its values mean.
    if (o.parent !== undefined && stages[o.parent] !== old[o.parent]) continue;
    if ([...o.copiesFrom].some((c) => stages[c] !== old[c])) continue;
    o.end = s.end;
    stages[i] = o;
  }
}

/**
 * A per-instruction value with offsets into the file, kept across versions: a dockerfile-ast
 * instruction that the incremental parse kept has the same text, so its value is the same up to
 * where the instruction now starts. `at` is the offset the value was computed for.
 */
export type ShiftCache<T> = WeakMap<Instruction, { at: number; value: T }>;

export function perInstruction<T>(cache: ShiftCache<T>, ins: Instruction, at: number, compute: () => T, shift: (value: T, by: number) => T): T {
  const hit = cache.get(ins);
  if (hit?.at === at) return hit.value;
  const value = hit ? shift(hit.value, at - hit.at) : compute();
  cache.set(ins, { at, value });
  return value;
}

const commandsCache: ShiftCache<SimpleCommand[]> = new WeakMap();

/** Copies of spans moved by `by` (for {@link perInstruction}'s shift). */
export function shiftSpans<T extends { start: number; end: number }>(spans: readonly T[], by: number): T[] {
  return spans.map((x) => ({ ...x, start: x.start + by, end: x.end + by }));
}

function shiftCommands(commands: SimpleCommand[], by: number): SimpleCommand[] {
  return shiftSpans(commands, by).map((c) => ({ ...c, words: shiftSpans(c.words, by) }));
}

interface InstructionFacts {
  keyword: string;
  range: Range;
  argsRange: Range | null;
  /** ENV: its properties; ARG: its one property (if any); otherwise none. */
  properties: Property[];
}

const factsCache = new WeakMap<Instruction, InstructionFacts>();

/**
 * What the model reads from a dockerfile-ast instruction, once per instruction (dockerfile-ast
 * recomputes the arguments for every call): line/character positions and offset-free values, so
 * they hold for an instruction the incremental parse keeps.
 */
function factsOf(ins: Instruction): InstructionFacts {
  let f = factsCache.get(ins);
  if (!f) {
    const keyword = ins.getKeyword().toUpperCase();
    const property = keyword === 'ARG' ? (ins as Arg).getProperty() : null;
    const properties = keyword === 'ENV' ? (ins as Env).getProperties() : property ? [property] : [];
    factsCache.set(ins, (f = { keyword, range: ins.getRange(), argsRange: ins.getArgumentsRange(), properties }));
  }
  return f;
}

/**
 * Re-parses only the instructions an edit touches. The edit is the span between the longest common
 * prefix and suffix of the old and new text. The window re-parsed runs from the start of the
 * instruction before the edit to the start of the first unchanged instruction after it (to the end
 * of the file when the edit adds or removes lines, as every later instruction then moves). It is
 * parsed as a document of its own in which the lines before it are blank, so dockerfile-ast gives
 * its instructions the same lines and columns as in the whole file; the instructions outside the
 * window are the previous version's objects, unchanged in text and position.
 *
 * Returns undefined (parse the whole file) when the window cannot be cut cleanly: an edit before
 * the first instruction (parser directives), a heredoc in the window, a window whose last line
 * continues onto the next, or a lone carriage return (a line break for dockerfile-ast, not for
 * {@link LineIndex}).
 */
function reparse(prev: DockerfileModel, text: string, index: LineIndex): { ast: DockerfileHeader; instructions: Instruction[] } | undefined {
  const old = prev.text;
  const list = prev.instructions;
  if (!list.length) return undefined;
  if (old === text) return { ast: prev.ast, instructions: list };
  const p = commonPrefix(old, text);
  const s = commonSuffix(old, text, Math.min(old.length, text.length) - p);
  const oldEnd = old.length - s;
  const newEnd = text.length - s;
  if (hasLoneCr(text) || hasLoneCr(old)) return undefined;

  const first = list[0].getRange().start.line;
  const changedFrom = prev.index.lineOf(p);
  if (p <= prev.index.lineStart(first) || changedFrom < first) return undefined; // the header may change
  const changedTo = prev.index.lineOf(oldEnd);
  const delta = index.lineCount - prev.index.lineCount;

  // k0: the instruction before the first one that reaches the edit (an edit can extend it); the
  // instructions are in line order, so a binary search finds it.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].getRange().end.line < changedFrom) lo = mid + 1;
    else hi = mid;
  }
  const k0 = Math.max(0, lo - 1);
  // k1: the first instruction wholly after the edit, reusable only if nothing moved.
  let k1 = list.length;
  if (delta === 0) {
    k1 = k0;
    while (k1 < list.length && list[k1].getRange().start.line <= changedTo) k1++;
  }
  const a = list[k0].getRange().start.line;
  const from = index.lineStart(a);
  const to = k1 < list.length ? index.lineStart(list[k1].getRange().start.line) : text.length;
  if (from > p || to < newEnd) return undefined;
  const window = text.slice(from, to);
  if (window.includes('<<')) return undefined;
  if (k1 < list.length && continues(window, prev.escape)) return undefined;

  const padded = text.slice(0, index.lineStart(first)) + '\n'.repeat(a - first) + window;
  const parsed = DockerfileParser.parse(padded);
  if (parsed.getEscapeCharacter() !== prev.escape) return undefined;
  const fresh = parsed.getInstructions();
  keepSameInstructions(fresh, list, k0, k1, old, text, prev.index, index);
  const instructions = [...list.slice(0, k0), ...fresh, ...list.slice(k1)];
  // As dockerfile-ast collects them: the ARGs among the instructions before the first FROM.
  const initial: Arg[] = [];
  for (const ins of instructions) {
    if (ins.getKeyword() === 'FROM') break;
    if (ins instanceof Arg) initial.push(ins);
  }
  // The padded text starts with the file's own header, so its directives are the file's.
  const directives = parsed.getDirectives();
  const escape = prev.escape;
  return { ast: { getInitialARGs: () => initial, getDirectives: () => directives, getEscapeCharacter: () => escape }, instructions };
}

/**
 * Puts the previous parse's instruction in place of a re-parsed one that came out over the same
 * range with the same text (the instruction before an edit is parsed again in case the edit extends
 * it; usually it does not). Its model and the stage it is in then carry over as they are.
 */
function keepSameInstructions(fresh: Instruction[], list: readonly Instruction[], k0: number, k1: number, oldText: string, text: string, oldIndex: LineIndex, index: LineIndex): void {
  let k = k0;
  for (let j = 0; j < fresh.length; j++) {
    const r = fresh[j].getRange();
    const start = index.offsetAt(r.start);
    while (k < k1 && oldIndex.offsetAt(list[k].getRange().start) < start) k++;
    if (k >= k1) return;
    const o = list[k].getRange();
    if (oldIndex.offsetAt(o.start) !== start) continue;
    // The same lines and columns too: an edit that adds a line break and removes a character
    // elsewhere moves lines but not offsets.
    if (o.start.line !== r.start.line || o.start.character !== r.start.character || o.end.line !== r.end.line || o.end.character !== r.end.character) continue;
    const end = index.offsetAt(r.end);
    if (oldIndex.offsetAt(o.end) === end && fresh[j].getKeyword() === list[k].getKeyword() && oldText.slice(start, end) === text.slice(start, end)) fresh[j] = list[k];
  }
}

// The scans over the whole text are functions of their own: a hot loop inlined in reparse() gets it
// compiled on the spot (on-stack replacement) before the code after the loop has run, and the
// optimized code is thrown away again at the first edit (measured: six times in the first 55 edits).

/** Length of the longest common prefix of two texts. */
function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let k = 0;
  // Whole chunks first: comparing two slices is one native comparison, where the loop below runs
  // in the interpreter for the first edits after the server starts.
  while (k + CHUNK <= max && a.slice(k, k + CHUNK) === b.slice(k, k + CHUNK)) k += CHUNK;
  while (k < max && a.charCodeAt(k) === b.charCodeAt(k)) k++;
  return k;
}

/** Length of the longest common suffix of two texts, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let k = 0;
  while (k + CHUNK <= max && a.slice(a.length - k - CHUNK, a.length - k) === b.slice(b.length - k - CHUNK, b.length - k)) k += CHUNK;
  while (k < max && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}

const CHUNK = 1024;

const LONE_CR = /\r(?!\n)/;
const LONE_CR_ALL = /\r(?!\n)/g;

/** Whether a text has a carriage return not followed by a line feed (LF files skip the regex). */
function hasLoneCr(text: string): boolean {
  return text.includes('\r') && LONE_CR.test(text);
}

/** Whether the last line of `window` that is not blank or a comment ends with the escape character. */
function continues(window: string, escape: string): boolean {
  const lines = window.split('\n');
  for (let k = lines.length - 1; k >= 0; k--) {
    const line = lines[k].replace(/[ \t\r]+$/, '');
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    return line.endsWith(escape);
  }
  return false;
}

/** The `--from` value of a COPY/ADD ('' when none), per dockerfile-ast instruction. */
const fromRefs = new WeakMap<Instruction, string>();

/** Adds an instruction to the current (last) stage, noting the stage a COPY --from reads. */
function addInstruction(d: DInstruction, current: Stage, stages: Stage[]): void {
  current.instructions.push(d);
  if (d.keyword === 'COPY' || d.keyword === 'ADD') {
    let ref = fromRefs.get(d.ast);
    if (ref === undefined) fromRefs.set(d.ast, (ref = flagValue(d, 'from') ?? ''));
    if (ref) {
      const idx = findStage(stages, ref, stages.length - 1);
      if (idx !== undefined) current.copiesFrom.add(idx);
    }
  }
}

function runCommands(ins: Instruction, text: string, argsStart: number, argsEnd: number, escape: string): SimpleCommand[] {
  let s = argsStart;
  // Skip RUN flags such as --mount=... and --network=...
  for (;;) {
    while (s < argsEnd && (text[s] === ' ' || text[s] === '\t')) s++;
    if (text.startsWith('--', s)) {
      while (s < argsEnd && !/\s/.test(text[s])) s++;
    } else if (text[s] === escape && /^[ \t]*\r?\n/.test(text.slice(s + 1, s + 4))) {
      s = text.indexOf('\n', s) + 1;
    } else break;
  }
  if (text[s] === '[') return []; // exec form: no shell
  if (text.startsWith('<<', s)) {
    // Heredoc: the body is a script; the first line holds the delimiter.
    const nl = text.indexOf('\n', s);
    if (nl === -1 || nl >= argsEnd) return [];
    const bodyEnd = text.lastIndexOf('\n', argsEnd - 1);
    return splitShell(text, nl + 1, bodyEnd > nl ? bodyEnd : argsEnd, '\\');
  }
  void ins;
  return splitShell(text, s, argsEnd, escape);
}

/** What a stage takes from its FROM instruction alone (dockerfile-ast splits the arguments again for each). */
interface FromFacts {
  imageStart: number;
  imageEnd: number;
  name: string | undefined;
  platform: string | undefined;
}

const fromFactsCache: ShiftCache<FromFacts> = new WeakMap();

function fromFacts(from: From, off: (p: { line: number; character: number }) => number): FromFacts {
  const imageRange = from.getImageRange();
  const imageStart = imageRange ? off(imageRange.start) : off(from.getRange().end);
  return {
    imageStart,
    imageEnd: imageRange ? off(imageRange.end) : imageStart,
    name: from.getBuildStage() ?? undefined,
    platform: from.getPlatformFlag()?.getValue() ?? undefined,
  };
}

const shiftFromFacts = (f: FromFacts, by: number): FromFacts => ({ ...f, imageStart: f.imageStart + by, imageEnd: f.imageEnd + by });

function makeStage(
  from: From,
  stages: Stage[],
  globalArgs: Map<string, string>,
  off: (p: { line: number; character: number }) => number,
  text: string,
): Stage {
  const fromStart = off(from.getRange().start);
  const { imageStart, imageEnd, name, platform } = perInstruction(fromFactsCache, from, fromStart, () => fromFacts(from, off), shiftFromFacts);
  const imageRaw = text.slice(imageStart, imageEnd);
  const image = substitute(imageRaw, globalArgs);
  const parent = findStage(stages, image);
  const { repo, tag, family } = imagePartsOf(image);
  return new StageModel(stages.length, name, from, fromStart, imageRaw, image, imageStart, imageEnd, repo, tag, platform, parent, parent !== undefined ? stages[parent].family : family, text.length, off);
}

/**
 * A stage as the parse makes it: a class rather than an object literal with getters, as every edit
 * makes every stage of the file anew (and keeps the old ones where they came out the same).
 */
class StageModel implements Stage {
  instructions: DInstruction[] = [];
  copiesFrom = new Set<number>();
  /** Tag offsets: only when the tag is written literally in the file, found when a rule first asks (few do). */
  private tagOffsets: { start: number; end: number } | null | undefined;
  constructor(
    public index: number,
    public name: string | undefined,
    public from: From,
    public fromStart: number,
    public imageRaw: string,
    public image: string,
    public imageStart: number,
    public imageEnd: number,
    public repo: string,
    public tag: string | undefined,
    public platform: string | undefined,
    public parent: number | undefined,
    public family: ImageFamily,
    public end: number,
    private readonly off: (p: { line: number; character: number }) => number,
  ) {}
  private tagAt(): { start: number; end: number } | null {
    if (this.tagOffsets === undefined) {
      const r = this.tag !== undefined && !this.imageRaw.includes('$') ? this.from.getImageTagRange() : null;
      this.tagOffsets = r ? { start: this.off(r.start), end: this.off(r.end) } : null;
    }
    return this.tagOffsets;
  }
  get tagStart(): number | undefined {
    return this.tagAt()?.start;
  }
  get tagEnd(): number | undefined {
    return this.tagAt()?.end;
  }
}

/** An image reference's repository, tag and family, kept by reference: every edit makes every stage anew. */
const imageParts = new Map<string, { repo: string; tag: string | undefined; family: ImageFamily }>();

function imagePartsOf(image: string): { repo: string; tag: string | undefined; family: ImageFamily } {
  let parts = imageParts.get(image);
  if (!parts) {
    const { repo, tag } = splitImage(image);
    parts = { repo, tag, family: imageFamily(repo, tag) };
    if (imageParts.size >= 1024) imageParts.clear();
    imageParts.set(image, parts);
  }
  return parts;
}

/** Stage indexes by lower-cased name, per stage list (lists only grow, while they are parsed). */
const stageNames = new WeakMap<Stage[], { covered: number; byName: Map<string, number[]> }>();

/**
 * The stage a FROM or COPY --from names, among the first `limit` stages (the last one so named,
 * else a stage number). Looked up by name, not by a scan of the stages before: a chain of thousands
 * of stages would make the parse quadratic.
 */
function findStage(stages: Stage[], ref: string, limit = stages.length): number | undefined {
  let index = stageNames.get(stages);
  if (!index) stageNames.set(stages, (index = { covered: 0, byName: new Map() }));
  for (; index.covered < stages.length; index.covered++) {
    const name = stages[index.covered].name?.toLowerCase();
    if (name === undefined) continue;
    const list = index.byName.get(name);
    if (list) list.push(index.covered);
    else index.byName.set(name, [index.covered]);
  }
  const list = index.byName.get(ref.toLowerCase());
  if (list) for (let k = list.length - 1; k >= 0; k--) if (list[k] < limit) return list[k];
  if (/^\d+$/.test(ref) && Number(ref) < limit) return Number(ref);
  return undefined;
}

/**
 * The stage a `COPY --from` or `FROM` at offset `before` names: the last stage so named that starts
 * before it, else the stage of that number among them.
 */
export function stageNamedBefore(model: DockerfileModel, ref: string, before: number): Stage | undefined {
  const stages = model.stages as Stage[];
  // Stages are in text order: count those that start before the offset.
  let lo = 0;
  let hi = stages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (stages[mid].fromStart < before) lo = mid + 1;
    else hi = mid;
  }
  const i = findStage(stages, ref, lo);
  return i === undefined ? undefined : stages[i];
}

/** Substitutes $VAR and ${VAR} (with :- defaults) from ARG defaults; unknown variables stay. */
export function substitute(s: string, vars: Map<string, string>): string {
  if (!s.includes('$')) return s;
  return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+]([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a, def, b) => {
    const name = a ?? b;
    const v = vars.get(name);
    if (v !== undefined && v !== '') return v;
    if (def !== undefined && m.includes(':-')) return def;
    return m;
  });
}

export function splitImage(image: string): { repo: string; tag: string | undefined } {
  let ref = image.split('@')[0];
  let tag: string | undefined;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) {
    tag = ref.slice(colon + 1);
    ref = ref.slice(0, colon);
  }
  let repo = ref.toLowerCase();
  if (repo.startsWith('docker.io/')) repo = repo.slice('docker.io/'.length);
  if (repo.startsWith('library/')) repo = repo.slice('library/'.length);
  return { repo, tag };
}

export function imageFamily(repo: string, tag: string | undefined): ImageFamily {
  const t = (tag ?? '').toLowerCase();
  const last = repo.split('/').pop() ?? repo;
  if (repo === 'scratch') return 'scratch';
  if (/servercore|nanoserver|windows/.test(repo) || /servercore|nanoserver|windowsservercore|ltsc20\d\d|1809|20h2/.test(t)) {
    return 'windows';
  }
  if (repo.includes('distroless') || repo.startsWith('cgr.dev/chainguard/')) {
    if (/(^|\/)static/.test(repo) || last === 'static') return 'distroless-static';
    return 'distroless';
  }
  if (last === 'busybox') return 'busybox';
  if (last === 'alpine' || /(^|-)alpine/.test(t)) return 'alpine';
  if (['debian', 'ubuntu', 'golang', 'buildpack-deps', 'centos', 'fedora', 'rockylinux', 'almalinux'].includes(last)) return 'debian';
  if (/bookworm|bullseye|buster|trixie|jammy|noble|focal|slim/.test(t)) return 'debian';
  return 'unknown';
}

const imageEnvironments = new Map<string, Environment>();

/**
 * The environment a base image sets (facts/baseImages.ts), as the first layer of a root stage's
 * environment: `WORKDIR $GOPATH/src/app` then resolves in a golang stage. One object per image, so
 * that an incremental parse sees the same environment again.
 */
function imageEnvironment(stage: Stage): Environment {
  if (stage.image.includes('$')) return Environment.EMPTY;
  const key = stage.repo + ':' + (stage.tag ?? '');
  let env = imageEnvironments.get(key);
  if (!env) {
    const vars = Object.entries(baseImage(stage.repo, stage.tag)?.env ?? {});
    env = vars.length ? Environment.EMPTY.with(vars.map(([name, value]): [string, EnvValue] => [name, { value, start: 0, end: 0, via: 'image' }])) : Environment.EMPTY;
    if (imageEnvironments.size >= 256) imageEnvironments.clear();
    imageEnvironments.set(key, env);
  }
  return env;
}

function defaultWorkdir(stage: Stage): string | undefined {
  if (stage.repo === 'golang' && stage.family !== 'windows') return '/go';
  if (stage.family === 'windows') return undefined;
  return '/';
}

function resolveWorkdir(prev: string | undefined, arg: string, env: ReadonlyMap<string, EnvValue>): string | undefined {
  let p = arg.replace(/^["']|["']$/g, '');
  if (p.includes('$')) {
    const vars = new Map([...env].map(([k, v]) => [k, v.value]));
    p = substitute(p, vars);
    if (p.includes('$')) return undefined;
  }
  if (!p) return prev;
  if (!p.startsWith('/')) {
    if (prev === undefined) return undefined;
    p = prev.replace(/\/$/, '') + '/' + p;
  }
  return normalizePosix(p);
}

/** What {@link normalizePosix} would change in an absolute path: `//`, `.` or `..` segments, a trailing `/`. */
const NOT_NORMAL = /\/\/|\/\.\.?(?:\/|$)|.\/$/;

export function normalizePosix(p: string): string {
  // Most paths are normal already: no split and join for them.
  if (p.charCodeAt(0) === 47 && !NOT_NORMAL.test(p)) return p;
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

/** The stage that becomes the image: the named target, else the last one. */
export function finalStage(model: DockerfileModel, target?: string): Stage | undefined {
  if (target) {
    const idx = findStage(model.stages, target);
    return idx === undefined ? undefined : model.stages[idx];
  }
  return model.stages[model.stages.length - 1];
}

/** Stages whose content can reach `stage`: itself, its parent chain, and what they copy from, transitively. */
export function stagesFeeding(model: DockerfileModel, stage: Stage): Set<number> {
  // Depth first, parent before copies (the order callers see), with a stack of its own: a chain of
  // thousands of stages would overflow the call stack.
  const seen = new Set<number>();
  const stack = [stage.index];
  while (stack.length) {
    const i = stack.pop() as number;
    if (seen.has(i)) continue;
    seen.add(i);
    const s = model.stages[i];
    const copied = [...s.copiesFrom];
    for (let k = copied.length - 1; k >= 0; k--) if (!seen.has(copied[k])) stack.push(copied[k]);
    if (s.parent !== undefined && !seen.has(s.parent)) stack.push(s.parent);
  }
  return seen;
}

export interface GoBuildCommand {
  stage: Stage;
  instruction: DInstruction;
  command: SimpleCommand;
  /** Word "go" of `go build`. */
  goWord: Word;
  verb: 'build' | 'install';
  /** Inline assignments before the command and `export`/`env` settings earlier in the same RUN. */
  inlineEnv: Map<string, Word>;
  flags: Map<string, Word | undefined>;
  packages: Word[];
  /** The directory it runs in (WORKDIR, `cd` before it, make's directory); undefined when unknown. */
  cwd: string | undefined;
  /** Set when the command comes from a Makefile or build script the RUN starts (see {@link GoRun.via}). */
  via?: GoRun['via'];
}

const GO_FLAGS_WITH_VALUE = new Set([
  'o', 'p', 'tags', 'ldflags', 'gcflags', 'asmflags', 'mod', 'modfile', 'pkgdir', 'buildmode', 'compiler',
  'gccgoflags', 'installsuffix', 'overlay', 'pgo', 'C', 'coverpkg', 'covermode', 'toolexec', 'exec',
]);

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/**
 * A simple command that runs the go tool, directly or through `env VAR=value go ...`: its words from
 * the go tool on, and the variables set for it (exported earlier in the RUN, prefixed, or via env).
 */
function goInvocation(assignments: ReadonlyMap<string, Word>, rest: readonly Word[], exported: ReadonlyMap<string, Word>): { words: Word[]; inline: Map<string, Word> } | undefined {
  let k = 0;
  if (rest[0]?.value === 'env') for (k = 1; k < rest.length && ASSIGNMENT.test(rest[k].value); ) k++;
  const tool = rest[k]?.value;
  if (tool === undefined || (tool !== 'go' && !tool.endsWith('/go'))) return undefined;
  const inline = new Map(exported);
  for (const [name, w] of assignments) inline.set(name, w);
  for (let j = 1; j < k; j++) inline.set((ASSIGNMENT.exec(rest[j].value) as RegExpExecArray)[1], rest[j]);
  return { words: rest.slice(k), inline };
}

/** A value computed once per stage (models are immutable, so it holds while the stage lives). */
export function perStage<T>(cache: WeakMap<Stage, T>, stage: Stage, compute: (stage: Stage) => T): T {
  let found = cache.get(stage);
  if (found === undefined) cache.set(stage, (found = compute(stage)));
  return found;
}

/** A run of the go tool in a RUN instruction. */
export interface GoRun {
  instruction: DInstruction;
  command: SimpleCommand;
  /** The command's words from the go tool on (`go`, the verb, its arguments). */
  words: Word[];
  /** Inline assignments, `env X=Y` and earlier `export X=Y` of the same RUN. */
  inline: Map<string, Word>;
  /** The directory it runs in (WORKDIR, then `cd` earlier in the RUN); undefined when unknown. */
  cwd: string | undefined;
  /**
   * For a go command that a RUN starts through `make` or a build script of the context: that file
   * (a host path) and the offsets of the command in it. The words' values come from the file, their
   * offsets are those of the `make`/script command in the Dockerfile, so that findings land there.
   */
  via?: { file: string; start: number; end: number };
}

const goRunsCache = new WeakMap<Stage, readonly GoRun[]>();

/** Every run of the go tool in the stage's shell-form RUN instructions. */
export function goRuns(stage: Stage): readonly GoRun[] {
  return perStage(goRunsCache, stage, computeGoRuns);
}

function computeGoRuns(stage: Stage): GoRun[] {
  const out: GoRun[] = [];
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'RUN') continue;
    for (const r of goCommandsIn(ins.commands, ins.workdir)) out.push({ instruction: ins, command: r.command, words: r.words, inline: r.inline, cwd: r.cwd });
  }
  return out;
}

/** The directory after `cd <target>` from `cwd` (undefined when it cannot be told). */
export function changeDir(cwd: string | undefined, target: string | undefined): string | undefined {
  if (target === undefined || target.includes('$') || target === '-' || target.startsWith('~')) return undefined;
  if (target.startsWith('/')) return normalizePosix(target);
  return cwd === undefined ? undefined : normalizePosix(cwd + '/' + target);
}

/**
 * The runs of the go tool in a list of shell commands (a RUN, a Makefile recipe, a build script),
 * following `export NAME=value` and `cd` from `cwd` on.
 */
export function goCommandsIn(
  commands: readonly SimpleCommand[],
  cwd: string | undefined,
  exportedBefore?: ReadonlyMap<string, Word>,
): { command: SimpleCommand; words: Word[]; inline: Map<string, Word>; cwd: string | undefined }[] {
  const out: { command: SimpleCommand; words: Word[]; inline: Map<string, Word>; cwd: string | undefined }[] = [];
  let exported: Map<string, Word> | undefined = exportedBefore?.size ? new Map(exportedBefore) : undefined; // most RUNs export nothing
  for (const cmd of commands) {
    const { assignments, rest } = splitAssignments(cmd);
    if (rest[0]?.value === 'export') {
      for (const w of rest.slice(1)) {
        const m = ASSIGNMENT.exec(w.value);
        if (m) (exported ??= new Map()).set(m[1], w);
      }
      continue;
    }
    if (rest[0]?.value === 'cd') {
      cwd = changeDir(cwd, rest[1]?.value);
      continue;
    }
    const go = goInvocation(assignments, rest, exported ?? NO_WORDS);
    if (go) out.push({ command: cmd, words: go.words, inline: go.inline, cwd });
  }
  return out;
}

const goBuildsCache = new WeakMap<Stage, readonly GoBuildCommand[]>();

/** The `go build` / `go install` commands of a stage's RUN instructions. */
export function goBuilds(stage: Stage): readonly GoBuildCommand[] {
  return perStage(goBuildsCache, stage, computeGoBuilds);
}

function computeGoBuilds(stage: Stage): GoBuildCommand[] {
  return goBuildsOfRuns(stage, goRuns(stage));
}

/** The `go build` / `go install` commands among runs of the go tool of a stage. */
export function goBuildsOfRuns(stage: Stage, runs: readonly GoRun[]): GoBuildCommand[] {
  const out: GoBuildCommand[] = [];
  for (const { instruction, command, words, inline, via, cwd } of runs) {
    const verb = words[1]?.value;
    if (verb !== 'build' && verb !== 'install') continue;
    const flags = new Map<string, Word | undefined>();
    const packages: Word[] = [];
    for (let k = 2; k < words.length; k++) {
      const w = words[k].value;
      const m = /^--?([A-Za-z]+)(=(.*))?$/.exec(w);
      if (m) {
        if (m[2] !== undefined) flags.set(m[1], { ...words[k], value: m[3] });
        else if (GO_FLAGS_WITH_VALUE.has(m[1])) flags.set(m[1], words[++k]);
        else flags.set(m[1], undefined);
      } else packages.push(words[k]);
    }
    out.push({ stage, instruction, command, goWord: words[0], verb, inlineEnv: inline, flags, packages, cwd, ...(via ? { via } : {}) });
  }
  return out;
}

/** The value of an environment variable for a go command: inline, exported, then ENV/ARG. */
export function envFor(build: GoBuildCommand, name: string): string | undefined {
  const w = build.inlineEnv.get(name);
  if (w) return w.value.slice(w.value.indexOf('=') + 1);
  return build.instruction.env.get(name)?.value;
}

/**
 * A stage and the stages it is built FROM (`FROM <stage>`), the stage itself first. A parent is always
 * an earlier stage of the file, so the walk ends.
 */
export function stageChain(model: DockerfileModel, stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s; s = s.parent !== undefined ? model.stages[s.parent] : undefined) out.push(s);
  return out;
}

const roots = new WeakMap<Stage, Stage>();

/**
 * The stage at the root of `stage`'s chain (whose FROM names an image), found once per stage: rules
 * ask it for every stage, and walking the chain each time made a chain of thousands quadratic.
 */
export function chainRoot(model: DockerfileModel, stage: Stage): Stage {
  const walked: Stage[] = [];
  let cur = stage;
  let root: Stage | undefined;
  for (;;) {
    root = roots.get(cur);
    if (root) break;
    walked.push(cur);
    if (cur.parent === undefined) {
      root = cur;
      break;
    }
    cur = model.stages[cur.parent];
  }
  for (const s of walked) roots.set(s, root);
  return root;
}

const children = new WeakMap<DockerfileModel, number[][]>();

/** `stage` and every later stage that builds on it (`FROM <stage>`), transitively, in file order. */
export function stageDescendants(model: DockerfileModel, stage: Stage): Stage[] {
  let kids = children.get(model);
  if (!kids) {
    kids = model.stages.map(() => []);
    for (const s of model.stages) if (s.parent !== undefined && s.parent !== s.index) kids[s.parent].push(s.index);
    children.set(model, kids);
  }
  const out: number[] = [];
  const stack = [stage.index];
  const seen = new Set<number>();
  while (stack.length) {
    const i = stack.pop() as number;
    if (seen.has(i)) continue;
    seen.add(i);
    out.push(i);
    for (const k of kids[i]) if (k > stage.index) stack.push(k);
  }
  return out.sort((a, b) => a - b).map((i) => model.stages[i]);
}

/** The same chain, root image first. */
export function stageChainFromRoot(model: DockerfileModel, stage: Stage): Stage[] {
  return stageChain(model, stage).reverse();
}

/** The `go env -w` commands of a stage, with where they start: found once per stage (models are immutable). */
const goEnvWrites = new WeakMap<Stage, { start: number; words: string[] }[]>();

function goEnvWritesOf(s: Stage): { start: number; words: string[] }[] {
  let out = goEnvWrites.get(s);
  if (!out) {
    out = [];
    for (const ins of s.instructions) {
      for (const cmd of ins.commands) {
        const w = cmd.words;
        if (w[0]?.value === 'go' && w[1]?.value === 'env' && w.some((x) => x.value === '-w')) out.push({ start: ins.start, words: w.map((x) => x.value) });
      }
    }
    goEnvWrites.set(s, out);
  }
  return out;
}

/**
 * True when some earlier RUN of the stage chain ran `go env -w NAME=value`. Asked for every `go
 * build`: each stage is searched once, not once per build (a 2 MB Dockerfile of builds was quadratic).
 */
export function goEnvWritten(model: DockerfileModel, stage: Stage, before: number, name: string): string | undefined {
  const chain = stageChainFromRoot(model, stage);
  let value: string | undefined;
  for (const s of chain) {
    for (const ins of goEnvWritesOf(s)) {
      if (s === stage && ins.start >= before) break;
      for (const x of ins.words) if (x.startsWith(name + '=')) value = x.slice(name.length + 1);
    }
  }
  return value;
}

const copies = new WeakMap<Stage, DInstruction[]>();

/** The COPY and ADD instructions of a stage, in order: found once per stage. Do not modify the result. */
export function copyInstructions(s: Stage): readonly DInstruction[] {
  let out = copies.get(s);
  if (!out) copies.set(s, (out = s.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')));
  return out;
}

/** How many of `list` (in order of their start) start before `offset`. */
export function countBefore(list: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Packages installed with apk/apt in the stage chain before `before`. */
export function installedPackages(model: DockerfileModel, stage: Stage, before: number): Set<string> {
  const pkgs = new Set<string>();
  const chain = stageChainFromRoot(model, stage);
  for (const s of chain) {
    for (const ins of s.instructions) {
      if (s === stage && ins.start >= before) break;
      for (const cmd of ins.commands) for (const w of packageInstall(cmd)?.packages ?? []) pkgs.add(packageName(w.value));
    }
  }
  return pkgs;
}

/** A package name without a version or release constraint (`tzdata=2024a-r0`, `curl>8`). */
export function packageName(word: string): string {
  return word.replace(/[=<>~].*$/, '');
}

/** Options of package tools that take the next word as their value (`apk add --virtual .deps ...`). */
const PACKAGE_OPTION_VALUES = new Set(['-X', '--repository', '-p', '--root', '--arch', '-t', '--virtual', '-o', '--option', '--target-release', '--setopt', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '-c', '--config']);

/**
 * A command that installs packages: `apk [options] add [options] <pkg>...`, `apt-get|apt install`,
 * `yum|dnf|microdnf install`, also after `sudo`. The package words, without options and their values.
 */
export function packageInstall(cmd: SimpleCommand): { tool: 'apk' | 'apt' | 'yum' | 'dnf' | 'microdnf'; packages: Word[] } | undefined {
  const { rest } = splitAssignments(cmd);
  let k = rest[0]?.value === 'sudo' ? 1 : 0;
  const program = rest[k]?.value.replace(/^.*\//, '');
  const tool = program === 'apk' ? 'apk' : program === 'apt-get' || program === 'apt' ? 'apt' : program === 'yum' || program === 'dnf' || program === 'microdnf' ? program : undefined;
  if (!tool) return undefined;
  const verb = tool === 'apk' ? 'add' : 'install';
  const packages: Word[] = [];
  let seenVerb = false;
  for (k++; k < rest.length; k++) {
    const v = rest[k].value;
    if (v.startsWith('-')) {
      if (PACKAGE_OPTION_VALUES.has(v)) k++;
      continue;
    }
    if (!seenVerb) {
      if (v !== verb) return undefined;
      seenVerb = true;
      continue;
    }
    packages.push(rest[k]);
  }
  return seenVerb ? { tool, packages } : undefined;
}

/**
 * Where a `go build`/`go install` writes its binary, as a container path. A path ending in "/" stands
 * for "some file in this folder" (the name depends on the package); undefined when it depends on
 * variables we cannot resolve.
 */
export function goBuildOutput(gb: GoBuildCommand): string | undefined {
  const wd = gb.cwd;
  const pkg = gb.packages.find((w) => !w.value.endsWith('.go'))?.value;
  // A pattern with `...` (`./cmd/...`, `github.com/rubenv/sql-migrate/...@v1.6.1`) stands for every
  // main package it matches: the binaries' names are theirs, not the pattern's.
  const name = pkg && pkg !== '.' && !pkg.replace(/@.*$/, '').includes('...') ? binaryName(pkg) : undefined;
  if (gb.verb === 'install') {
    const gobin = envFor(gb, 'GOBIN');
    const gopath = (envFor(gb, 'GOPATH') ?? '/go').split(':')[0];
    const dir = gobin ?? (gopath ? gopath + '/bin' : undefined);
    if (!dir || dir.includes('$')) return undefined;
    if (!gobin && (envFor(gb, 'GOOS') || envFor(gb, 'GOARCH'))) return normalizePosix(dir) + '/'; // may land in bin/GOOS_GOARCH/
    return normalizePosix(dir) + '/' + (name ?? '');
  }
  const o = gb.flags.get('o')?.value;
  if (o !== undefined) {
    if (o.includes('$')) return undefined;
    if (o.startsWith('/')) return o.endsWith('/') ? normalizePosix(o) + '/' : normalizePosix(o);
    if (!wd) return undefined;
    const full = normalizePosix(wd + '/' + o);
    return o.endsWith('/') ? full + '/' : full;
  }
  if (!wd) return undefined;
  return normalizePosix(wd) + '/' + (name ?? '');
}

function binaryName(pkg: string): string | undefined {
  const p = pkg.replace(/@.*$/, '').replace(/\/+$/, '');
  const parts = p.split('/').filter((x) => x && x !== '.');
  let last = parts.pop();
  if (last && /^v\d+$/.test(last) && parts.length) last = parts.pop();
  return last && last !== '..' ? last : undefined;
}

/** Whether a COPY --from source (a container path, maybe a glob) can carry `output` along. */
export function copySourceCovers(source: string, output: string | undefined): boolean {
  if (output === undefined || source.includes('$')) return true;
  const src = normalizePosix(source.startsWith('/') ? source : '/' + source);
  if (/[*?[]/.test(src)) {
    const re = linearMatcher('^' + src.replace(/[.+^${}()|\\[\]]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '(/.*)?$');
    return re.test(output.replace(/\/$/, '/x'));
  }
  if (output.endsWith('/')) {
    const dir = output.slice(0, -1) || '/';
    return src === dir || src.startsWith(dir === '/' ? '/' : dir + '/') || dir.startsWith(src === '/' ? '/' : src + '/');
  }
  return src === output || output.startsWith(src === '/' ? '/' : src + '/');
}

/**
 * Whether the output of `gb` can end up in `final`: the build ran in the final stage's own chain, or
 * a COPY --from in that chain (directly, or through one intermediate stage) copies a path covering it.
 */
export function outputReaches(model: DockerfileModel, gb: GoBuildCommand, final: Stage): boolean {
  const output = goBuildOutput(gb);
  const chainOf = (s: Stage) => stageChain(model, s);
  const inChain = (s: Stage, target: Stage) => chainOf(s).includes(target);
  const copiesOf = (s: Stage) =>
    chainOf(s).flatMap((x) =>
      x.instructions
        .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
        .map((i) => {
          const from = flagValue(i, 'from');
          const args = copyArgs(i);
          return { from: from ? findStage(model.stages, from) : undefined, sources: args.slice(0, -1) };
        })
        .filter((c) => c.from !== undefined),
    );
  if (inChain(final, gb.stage)) return true;
  for (const c of copiesOf(final)) {
    const src = model.stages[c.from as number];
    if (inChain(src, gb.stage) && c.sources.some((s) => copySourceCovers(s, output))) return true;
    // One intermediate hop: a stage that copied the binary from the builder and is copied from here.
    if (!inChain(src, gb.stage) && copiesOf(src).some((cc) => inChain(model.stages[cc.from as number], gb.stage) && cc.sources.some((s) => copySourceCovers(s, output)))) {
      return true;
    }
  }
  return false;
}

const copyArgsCache = new WeakMap<Instruction, readonly string[]>();

/**
 * The arguments of a COPY/ADD without flags, for both the shell and the JSON form. Cached per
 * dockerfile-ast instruction (immutable, and kept across versions by the incremental parse): rules
 * ask for them once per path they trace.
 */
export function copyArgs(i: DInstruction): readonly string[] {
  let args = copyArgsCache.get(i.ast);
  if (!args) {
    args = computeCopyArgs(i);
    copyArgsCache.set(i.ast, args);
  }
  return args;
}

function computeCopyArgs(i: DInstruction): string[] {
  const args = i.ast.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith('--'));
  const content = i.ast.getArgumentsContent() ?? '';
  const json = content.slice(content.indexOf('[')).trim();
  if (args[0]?.startsWith('[') && json.startsWith('[')) {
    try {
      const parsed = JSON.parse(json) as unknown;
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed as string[];
    } catch {
      return [];
    }
  }
  return args;
}

// ---- typed views of dockerfile-ast's instructions -------------------------------------------------
// Everything above the parse layer reads instructions through these, never through dockerfile-ast.

/** A flag of an instruction (`--from=build`, `--chown=app`, `--mount=...`). */
export interface InstructionFlag {
  /** Lower-cased name, without the dashes. */
  name: string;
  /** The value; undefined for a flag without `=`. */
  value: string | undefined;
  /** Offsets of the whole flag, `--` included. */
  start: number;
  end: number;
  /** Offsets of the value, when it has one. */
  valueStart: number | undefined;
  valueEnd: number | undefined;
}

const flagsCache: ShiftCache<readonly InstructionFlag[]> = new WeakMap();

/** The flags of an instruction that starts at `at` (cached per dockerfile-ast instruction). */
function flagsAt(index: LineIndex, ast: Instruction, at: number): readonly InstructionFlag[] {
  if (!(ast instanceof ModifiableInstruction)) return NO_FLAGS;
  return perInstruction(flagsCache, ast, at, () => computeFlags(index, ast), shiftFlags);
}

const NO_FLAGS: readonly InstructionFlag[] = [];

function computeFlags(index: LineIndex, ast: ModifiableInstruction): InstructionFlag[] {
  return ast.getFlags().map((f) => {
    const r = f.getRange();
    const vr = f.getValueRange();
    return {
      name: f.getName().toLowerCase(),
      value: f.getValue() ?? undefined,
      start: index.offsetAt(r.start),
      end: index.offsetAt(r.end),
      valueStart: vr ? index.offsetAt(vr.start) : undefined,
      valueEnd: vr ? index.offsetAt(vr.end) : undefined,
    };
  });
}

function shiftFlags(flags: readonly InstructionFlag[], by: number): InstructionFlag[] {
  return flags.map((f) => ({
    ...f,
    start: f.start + by,
    end: f.end + by,
    valueStart: f.valueStart === undefined ? undefined : f.valueStart + by,
    valueEnd: f.valueEnd === undefined ? undefined : f.valueEnd + by,
  }));
}

/** The value of one flag (the last one of that name), or undefined when absent or without a value. */
export function flagValue(ins: DInstruction, name: string): string | undefined {
  let value: string | undefined;
  for (const f of ins.flags) if (f.name === name) value = f.value;
  return value;
}

/** A string of an exec-form (JSON) instruction, as dockerfile-ast sees it. */
export interface ExecString {
  /** The string as written, quotes included. */
  raw: string;
  /** Offsets of the raw string. */
  start: number;
  end: number;
}

/** The strings of an exec-form instruction (`CMD ["a", "b"]`); undefined in shell form or for other instructions. */
export function execStrings(model: Pick<DockerfileModel, 'index' | 'text'>, ins: DInstruction): ExecString[] | undefined {
  const ast = ins.ast;
  if (!(ast instanceof JSONInstruction)) return undefined;
  if (!ast.getOpeningBracket()) return undefined;
  const strings = ast.getJSONStrings();
  if (!strings.length) return undefined;
  return strings.map((js) => {
    const r = js.getRange();
    const start = model.index.offsetAt(r.start);
    const end = model.index.offsetAt(r.end);
    return { raw: model.text.slice(start, end), start, end };
  });
}

/** A variable an ENV or ARG instruction sets (or, for ARG, declares). */
export interface VariableSetting {
  name: string;
  /** The value with quotes and escapes resolved; undefined for `ARG NAME` without a default. */
  value: string | undefined;
  nameStart: number;
  nameEnd: number;
  /** Offsets of the value as written (quotes included), when there is one. */
  valueStart: number | undefined;
  valueEnd: number | undefined;
}

/** The arguments of an ARG that declares several (`ARG A B=1`), from its words. */
function multiArgSettings(model: Pick<DockerfileModel, 'index'>, ast: Arg): VariableSetting[] {
  const out: VariableSetting[] = [];
  for (const a of ast.getArguments()) {
    const r = a.getRange();
    const start = model.index.offsetAt(r.start);
    const end = model.index.offsetAt(r.end);
    const v = a.getValue();
    const eq = v.indexOf('=');
    const name = eq < 0 ? v : v.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return [];
    out.push({ name, value: eq < 0 ? undefined : v.slice(eq + 1), nameStart: start, nameEnd: start + name.length, valueStart: eq < 0 ? undefined : start + eq + 1, valueEnd: eq < 0 ? undefined : end });
  }
  return out;
}

/** The variables an ENV or ARG sets, in order; none for other instructions. */
export function variableSettings(model: Pick<DockerfileModel, 'index'>, ins: DInstruction | Instruction): VariableSetting[] {
  const ast = 'ast' in ins ? ins.ast : ins;
  // `ARG TARGETOS TARGETARCH` declares two arguments (dockerfile-ast reads it as one with a value).
  if (ast instanceof Arg && !ast.getProperty() && ast.getArguments().length > 1) return multiArgSettings(model, ast);
  const props = ast instanceof Env ? ast.getProperties() : ast instanceof Arg ? [ast.getProperty()].filter((p): p is Property => !!p) : [];
  return props.map((p) => {
    const nr = p.getNameRange();
    const vr = p.getValueRange();
    return {
      name: p.getName(),
      value: p.getValue() ?? undefined,
      nameStart: model.index.offsetAt(nr.start),
      nameEnd: model.index.offsetAt(nr.end),
      valueStart: vr ? model.index.offsetAt(vr.start) : undefined,
      valueEnd: vr ? model.index.offsetAt(vr.end) : undefined,
    };
  });
}

/** The global ARGs (before the first FROM) as variable settings. */
export function globalArgSettings(model: DockerfileModel): VariableSetting[] {
  return model.ast.getInitialARGs().flatMap((a) => variableSettings(model, a));
}

/** Offsets of a stage's FROM instruction and of the name after `AS` (when it has one). */
export interface FromSpan {
  start: number;
  end: number;
  nameStart: number | undefined;
  nameEnd: number | undefined;
}

const fromSpans = new WeakMap<From, { index: LineIndex; span: FromSpan }>();

/** Where a stage's FROM instruction and its stage name are (for navigation and hovers). */
export function fromSpan(model: Pick<DockerfileModel, 'index'>, stage: Stage): FromSpan {
  const hit = fromSpans.get(stage.from);
  if (hit && hit.index === model.index) return hit.span;
  const r = stage.from.getRange();
  const nr = stage.from.getBuildStageRange();
  const span: FromSpan = {
    start: model.index.offsetAt(r.start),
    end: model.index.offsetAt(r.end),
    nameStart: nr ? model.index.offsetAt(nr.start) : undefined,
    nameEnd: nr ? model.index.offsetAt(nr.end) : undefined,
  };
  fromSpans.set(stage.from, { index: model.index, span });
  return span;
}
