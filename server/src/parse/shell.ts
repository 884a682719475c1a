/**
 * A small shell-word splitter for RUN instructions. It keeps the offset of every word in the
 * Dockerfile, so findings inside a multi-line RUN point at the exact word. It understands quotes,
 * the Dockerfile escape character before a line break (a continuation), comment lines inside a
 * continuation (Docker drops them), and splits commands at `&&`, `||`, `;`, `|` and line breaks
 * that are not continued. It is not a shell: anything clever ($(...), functions) simply yields words.
 */

export interface Word {
  /** The word with quotes removed. */
  value: string;
  /** Offsets of the raw word in the file. */
  start: number;
  end: number;
  /** True when any part of the word was quoted. */
  quoted: boolean;
}

export interface SimpleCommand {
  words: Word[];
  /** Offset where the command starts (its first word), for insertions. */
  start: number;
  end: number;
}

const OPERATOR_CHARS = new Set(['&', '|', ';', '(', ')']);

/**
 * Splits `text.slice(start, end)` into simple commands.
 * @param escape the Dockerfile escape character ("\\" or "`")
 */
export function splitShell(text: string, start: number, end: number, escape = '\\'): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: Word[] = [];
  let i = start;
  let lineStart = true;

  const endCommand = () => {
    if (words.length) commands.push({ words, start: words[0].start, end: words[words.length - 1].end });
    words = [];
  };

  while (i < end) {
    const c = text[i];
    // Line continuation: escape char followed by optional spaces and a line break.
    if (c === escape && isContinuation(text, i + 1, end)) {
      i = skipLineBreak(text, i + 1, end);
      lineStart = true;
      continue;
    }
    if (c === '\n' || c === '\r') {
      i++;
      if (c === '\n') {
        endCommand();
        lineStart = true;
      }
      continue;
    }
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#' && (lineStart || words.length === 0 || isSpace(text[i - 1]))) {
      // A comment runs to the end of the line.
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    lineStart = false;
    if (OPERATOR_CHARS.has(c)) {
      endCommand();
      i++;
      while (i < end && OPERATOR_CHARS.has(text[i])) i++;
      continue;
    }
    const word = readWord(text, i, end, escape);
    words.push(word);
    i = word.end; // after an unclosed quote scanning would go one past `end`: the loop ends either way
  }
  endCommand();
  return commands;
}

/**
 * The word that starts at `start` (a character that is not a blank, an operator or a comment): its
 * value with quotes and escapes removed, and its offsets. The value is taken from the text a run of
 * literal characters at a time (quotes and escaping backslashes end a run), not built a character at
 * a time.
 */
export function readWord(text: string, start: number, end: number, escape: string): Word {
  let i = start;
  let value = '';
  let run = i;
  let quoted = false;
  while (i < end) {
    const ch = text[i];
    // `2>&1`, `>&2`, `<&3`: the `&` of a redirection belongs to it, it is no background operator.
    const dup = ch === '&' && i > start && (text[i - 1] === '>' || text[i - 1] === '<');
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || (OPERATOR_CHARS.has(ch) && !dup)) break;
    if (ch === escape && isContinuation(text, i + 1, end)) break;
    if (ch === "'") {
      quoted = true;
      value += text.slice(run, i);
      let close = i + 1;
      while (close < end && text[close] !== "'") close++;
      value += text.slice(i + 1, close);
      i = run = close + 1;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      value += text.slice(run, i);
      i++;
      run = i;
      while (i < end && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < end && '"\\$`'.includes(text[i + 1])) {
          value += text.slice(run, i);
          run = i + 1; // the escaped character starts the next run
          i++;
        }
        i++;
      }
      value += text.slice(run, i);
      i = run = i + 1;
      continue;
    }
    if (ch === '\\' && i + 1 < end && text[i + 1] !== '\n' && text[i + 1] !== '\r') {
      value += text.slice(run, i);
      run = i + 1;
      i += 2;
      continue;
    }
    i++;
  }
  value = ownCopy(value + text.slice(run, Math.max(run, Math.min(i, end))));
  return { value, start, end: Math.min(i, end), quoted };
}

/**
 * `s` without a reference to the text it was sliced from. V8 keeps a slice of 13 or more characters
 * (or a concatenation of slices) as a view of the whole text; a word kept in a model carried to later
 * versions of a file in the language server would keep each version's text alive. Flattening a
 * concatenation copies the characters; shorter strings are copies already.
 */
function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

function isContinuation(text: string, i: number, end: number): boolean {
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i >= end || text[i] === '\n' || text[i] === '\r';
}

function skipLineBreak(text: string, i: number, end: number): number {
  while (i < end && text[i] !== '\n') i++;
  return i + 1;
}

export interface Assignments {
  readonly assignments: ReadonlyMap<string, Word>;
  readonly rest: readonly Word[];
}

const assignmentsCache = new WeakMap<SimpleCommand, Assignments>();
/** An empty map of variables to words, shared (never modify it). */
export const NO_WORDS: ReadonlyMap<string, Word> = new Map();

/**
 * `NAME=value` words at the head of a command, then the command proper. Computed once per command
 * (many rules ask, and a command the incremental parse keeps is the same object in the next
 * version): never modify the result.
 */
export function splitAssignments(cmd: SimpleCommand): Assignments {
  let hit = assignmentsCache.get(cmd);
  if (hit) return hit;
  let assignments: Map<string, Word> | undefined;
  let k = 0;
  for (; k < cmd.words.length; k++) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(cmd.words[k].value);
    if (!m) break;
    (assignments ??= new Map()).set(m[1], cmd.words[k]);
  }
  hit = { assignments: assignments ?? NO_WORDS, rest: k ? cmd.words.slice(k) : cmd.words };
  assignmentsCache.set(cmd, hit);
  return hit;
}
