/**
 * Regular expressions matched in time linear in the input: a Thompson NFA run in lock step (the way
 * RE2 and Go's regexp match), never backtracking. For patterns built from text someone else wrote —
 * .dockerignore and .gitignore lines, COPY globs — which a backtracking engine can be made to try for
 * ever (`*a*a*a*a*a*a*a*a*b` against a long name, `**` + `/` twelve times against a deep path).
 *
 * The syntax is the subset of JavaScript's (without the `u` flag) that glob translations use:
 * literals and escapes (`\uXXXX` too), `.`, classes (`[a-z]`, `[^/]`, `\d`, `\w`, `\s` and their
 * negations), groups (`(...)`, `(?:...)`), alternation, the quantifiers `*`, `+` and `?` (a lazy `?`
 * after them is accepted: only whether there is a match is answered), `^` and `$`. Anything else (back
 * references, look-around, `{n,m}`) is a syntax error, as is an invalid class such as `[z-a]`.
 *
 * Cost: O(input length × pattern length) per test, in time, and O(pattern length) in memory.
 */

type Ranges = number[]; // [lo0, hi0, lo1, hi1, ...], inclusive

/** One NFA instruction. */
type Inst =
  | { op: 'char'; ranges: Ranges; negate: boolean; next: number }
  | { op: 'split'; a: number; b: number }
  | { op: 'jmp'; to: number }
  | { op: 'bol'; next: number }
  | { op: 'eol'; next: number }
  | { op: 'match' };

type Node =
  | { t: 'char'; ranges: Ranges; negate: boolean }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; item: Node; min: 0 | 1; max: 1 | typeof Infinity }
  | { t: 'bol' }
  | { t: 'eol' };

const LINE_TERMINATORS: Ranges = [0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029];
const DIGIT: Ranges = [0x30, 0x39];
const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
const SPACE: Ranges = [0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff];

/** `\d`, `\w`, `\s` and (upper case) their negations. */
const CLASS_ESCAPES: Record<string, Ranges> = { d: DIGIT, D: DIGIT, w: WORD, W: WORD, s: SPACE, S: SPACE };
const CONTROL_ESCAPES: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, f: 0x0c, v: 0x0b };

/** The largest pattern compiled (in characters); longer ones are a syntax error. */
export const MAX_PATTERN_LENGTH = 65_536;

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const n = this.alternation();
    if (this.i < this.src.length) throw this.error(`unexpected '${this.src[this.i]}'`);
    return n;
  }

  private error(why: string): SyntaxError {
    return new SyntaxError(`Invalid regular expression: /${this.src.length > 80 ? this.src.slice(0, 80) + '…' : this.src}/: ${why}`);
  }

  private alternation(): Node {
    const items = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      items.push(this.sequence());
    }
    return items.length === 1 ? items[0] : { t: 'alt', items };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      let atom = this.atom();
      const q = this.src[this.i];
      if (q === '*' || q === '+' || q === '?') {
        if (atom.t === 'bol' || atom.t === 'eol') throw this.error('nothing to repeat');
        this.i++;
        if (this.src[this.i] === '?') this.i++; // lazy: the same set of matches
        atom = { t: 'rep', item: atom, min: q === '+' ? 1 : 0, max: q === '?' ? 1 : Infinity };
        const after = this.src[this.i];
        if (after === '*' || after === '+' || after === '?') throw this.error('nothing to repeat');
      } else if (q === '{' && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.i, this.i + 24))) {
        throw this.error('counted repetition is not supported');
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0] : { t: 'cat', items };
  }

  private atom(): Node {
    const c = this.src[this.i++];
    switch (c) {
      case '^':
        return { t: 'bol' };
      case '$':
        return { t: 'eol' };
      case '.':
        return { t: 'char', ranges: LINE_TERMINATORS, negate: true };
      case '(': {
        if (this.src[this.i] === '?') {
          if (this.src[this.i + 1] !== ':') throw this.error('look-around is not supported');
          this.i += 2;
        }
        const inner = this.alternation();
        if (this.src[this.i] !== ')') throw this.error('unterminated group');
        this.i++;
        return inner;
      }
      case ')':
        throw this.error("unmatched ')'");
      case '*':
      case '+':
      case '?':
        throw this.error('nothing to repeat');
      case '[':
        return this.charClass();
      case '\\':
        return this.escape(false) as Node;
      default:
        return single(this.codeUnitAt(this.i - 1));
    }
  }

  private codeUnitAt(i: number): number {
    return this.src.charCodeAt(i);
  }

  /** After a backslash: a class escape or one character. In a class, returns the code unit for a single character. */
  private escape(inClass: boolean): Node | number {
    if (this.i >= this.src.length) throw this.error('\\ at end of pattern');
    const c = this.src[this.i++];
    const set = CLASS_ESCAPES[c];
    if (set) return { t: 'char', ranges: set, negate: c === c.toUpperCase() };
    let code: number;
    if (c === 'u') {
      const hex = this.src.slice(this.i, this.i + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw this.error('invalid \\u escape');
      this.i += 4;
      code = parseInt(hex, 16);
    } else if (/[0-9bBkpPxc]/.test(c)) throw this.error(`\\${c} is not supported`);
    else code = CONTROL_ESCAPES[c] ?? c.charCodeAt(0);
    return inClass ? code : single(code);
  }

  private charClass(): Node {
    let negate = false;
    if (this.src[this.i] === '^') {
      negate = true;
      this.i++;
    }
    const ranges: number[] = [];
    for (;;) {
      if (this.i >= this.src.length) throw this.error('unterminated character class');
      if (this.src[this.i] === ']') {
        this.i++;
        return { t: 'char', ranges, negate };
      }
      const lo = this.classAtom();
      if (typeof lo !== 'number') {
        ranges.push(...(lo.negate ? complement(lo.ranges) : lo.ranges));
        continue;
      }
      if (this.src[this.i] === '-' && this.i + 1 < this.src.length && this.src[this.i + 1] !== ']') {
        this.i++;
        const hi = this.classAtom();
        if (typeof hi !== 'number') throw this.error('invalid character class');
        if (hi < lo) throw this.error('range out of order in character class');
        ranges.push(lo, hi);
      } else ranges.push(lo, lo);
    }
  }

  private classAtom(): number | { ranges: Ranges; negate: boolean } {
    const c = this.src[this.i++];
    if (c !== '\\') return c.charCodeAt(0);
    const e = this.escape(true);
    return typeof e === 'number' ? e : (e as { ranges: Ranges; negate: boolean });
  }
}

function single(code: number): Node {
  return { t: 'char', ranges: [code, code], negate: false };
}

function complement(r: Ranges): Ranges {
  const sorted: [number, number][] = [];
  for (let k = 0; k < r.length; k += 2) sorted.push([r[k], r[k + 1]]);
  sorted.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push(next, lo - 1);
    next = Math.max(next, hi + 1);
  }
  if (next <= 0xffff) out.push(next, 0xffff);
  return out;
}

/** Compiles the tree into instructions (each node's code ends by falling through to the next). */
function compile(root: Node): Inst[] {
  const prog: Inst[] = [];
  const emit = (n: Node): void => {
    switch (n.t) {
      case 'char':
        prog.push({ op: 'char', ranges: n.ranges, negate: n.negate, next: prog.length + 1 });
        return;
      case 'bol':
        prog.push({ op: 'bol', next: prog.length + 1 });
        return;
      case 'eol':
        prog.push({ op: 'eol', next: prog.length + 1 });
        return;
      case 'cat':
        for (const item of n.items) emit(item);
        return;
      case 'alt': {
        // split L1, next-split; L1: a; jmp end; ...
        const jumps: Inst[] = [];
        for (let k = 0; k < n.items.length; k++) {
          if (k < n.items.length - 1) {
            const split: Inst = { op: 'split', a: prog.length + 1, b: -1 };
            prog.push(split);
            emit(n.items[k]);
            const j: Inst = { op: 'jmp', to: -1 };
            prog.push(j);
            jumps.push(j);
            (split as { b: number }).b = prog.length;
          } else emit(n.items[k]);
        }
        for (const j of jumps) (j as { to: number }).to = prog.length;
        return;
      }
      case 'rep': {
        if (n.min === 1) {
          // a+ : L: a; split L, next
          const start = prog.length;
          emit(n.item);
          prog.push({ op: 'split', a: start, b: prog.length + 1 });
          return;
        }
        if (n.max === 1) {
          // a? : split L1, next; L1: a
          const split: Inst = { op: 'split', a: prog.length + 1, b: -1 };
          prog.push(split);
          emit(n.item);
          (split as { b: number }).b = prog.length;
          return;
        }
        // a* : L: split L1, next; L1: a; jmp L
        const loop = prog.length;
        const split: Inst = { op: 'split', a: prog.length + 1, b: -1 };
        prog.push(split);
        emit(n.item);
        prog.push({ op: 'jmp', to: loop });
        (split as { b: number }).b = prog.length;
        return;
      }
    }
  };
  emit(root);
  prog.push({ op: 'match' });
  return prog;
}

function inRanges(ranges: Ranges, c: number): boolean {
  for (let k = 0; k < ranges.length; k += 2) if (c >= ranges[k] && c <= ranges[k + 1]) return true;
  return false;
}

/** Something that answers whether a string matches (RegExp has the same method). */
export interface Matcher {
  test(s: string): boolean;
}

/**
 * The working space of a match, shared by all patterns: a match neither calls out nor starts another
 * one, and a workspace's .dockerignore files make thousands of patterns, each of which would
 * otherwise hold four typed arrays of its own.
 */
interface Scratch {
  /** The threads waiting at a character instruction, and those that consumed one. */
  waiting: Int32Array;
  advanced: Int32Array;
  /** Per instruction: the step at which it was last added (so each is added once per step). */
  marks: Uint32Array;
  /** Counts up across all matches, so that marks never need clearing between them. */
  step: number;
  /** A split pushes two entries and pops one; each instruction is expanded once per step. */
  stack: Int32Array;
}

let scratch: Scratch = newScratch(64);

function newScratch(n: number): Scratch {
  return { waiting: new Int32Array(n), advanced: new Int32Array(n), marks: new Uint32Array(n), step: 0, stack: new Int32Array(2 * n + 2) };
}

/** The shared working space, grown to a program of `n` instructions. */
function scratchFor(n: number): Scratch {
  if (scratch.marks.length < n) scratch = newScratch(Math.max(n, 2 * scratch.marks.length));
  return scratch;
}

export class LinearRegExp implements Matcher {
  private readonly prog: Inst[];

  /** Throws a SyntaxError, like RegExp, on a pattern it cannot compile. */
  constructor(readonly source: string) {
    if (source.length > MAX_PATTERN_LENGTH) throw new SyntaxError(`Invalid regular expression: pattern longer than ${MAX_PATTERN_LENGTH} characters`);
    this.prog = compile(new Parser(source).parse());
  }

  test(s: string): boolean {
    return this.run(s, -1);
  }

  /**
   * Whether the pattern matches `s`, or a prefix of `s` that ends just before a `boundary` character
   * (for `^dir$` and `/`: `s` or one of its parent folders). One pass over `s`.
   */
  testPrefixes(s: string, boundary: string): boolean {
    return this.run(s, boundary.charCodeAt(0));
  }

  private run(s: string, boundary: number): boolean {
    const prog = this.prog;
    const sc = scratchFor(prog.length);
    const len = s.length;
    const anchored = prog[0].op === 'bol';
    let carried = 0;
    for (let pos = 0; pos <= len; pos++) {
      if (++sc.step === 0xffffffff) {
        sc.marks.fill(0);
        sc.step = 1;
      }
      const atBoundary = pos === len || (pos > 0 && s.charCodeAt(pos) === boundary);
      let waiting = 0;
      // The threads that consumed the previous character, then a new one starting here.
      for (let k = 0; k <= carried; k++) {
        const r = this.close(sc, k < carried ? sc.advanced[k] : 0, pos, len, atBoundary, waiting);
        if (r < 0) return true;
        waiting = r;
      }
      if (pos === len) return false;
      const c = s.charCodeAt(pos);
      carried = 0;
      for (let k = 0; k < waiting; k++) {
        const inst = prog[sc.waiting[k]] as Extract<Inst, { op: 'char' }>;
        if (inRanges(inst.ranges, c) !== inst.negate) sc.advanced[carried++] = inst.next;
      }
      if (!carried && anchored) return false;
    }
    return false;
  }

  /**
   * Follows the instructions that consume nothing from `pc`, adding the character instructions it
   * reaches to the waiting list (from index `waiting`). Returns the new length of the list, or -1 when
   * a match is reached.
   */
  private close(sc: Scratch, pc: number, pos: number, len: number, atBoundary: boolean, waiting: number): number {
    const prog = this.prog;
    const stack = sc.stack;
    const marks = sc.marks;
    const step = sc.step;
    let sp = 0;
    stack[sp++] = pc;
    while (sp > 0) {
      const p = stack[--sp];
      if (marks[p] === step) continue;
      marks[p] = step;
      const inst = prog[p];
      switch (inst.op) {
        case 'char':
          sc.waiting[waiting++] = p;
          break;
        case 'jmp':
          stack[sp++] = inst.to;
          break;
        case 'split':
          stack[sp++] = inst.b;
          stack[sp++] = inst.a;
          break;
        case 'bol':
          if (pos === 0) stack[sp++] = inst.next;
          break;
        case 'eol':
          // Before a boundary, `$` ends the prefix: only a match right after it counts.
          if (pos === len) stack[sp++] = inst.next;
          else if (atBoundary && prog[inst.next].op === 'match') return -1;
          break;
        case 'match':
          return -1;
      }
    }
    return waiting;
  }
}

/**
 * A matcher for `source`, or undefined when it is not a valid pattern (for example `[z-a]`): callers
 * treat an invalid pattern as matching nothing instead of failing.
 */
export function linearRegExp(source: string): LinearRegExp | undefined {
  try {
    return new LinearRegExp(source);
  } catch {
    return undefined;
  }
}

/** A matcher that matches nothing (for a pattern that could not be compiled). */
export const MATCHES_NOTHING: Matcher = { test: () => false };

/** {@link linearRegExp}, or a matcher that matches nothing when `source` is not a valid pattern. */
export function linearMatcher(source: string): Matcher {
  return linearRegExp(source) ?? MATCHES_NOTHING;
}
