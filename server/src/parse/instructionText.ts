/**
 * Raw text of Dockerfile instructions: the words of an instruction's arguments as written (with
 * offsets), the first argument after the flags, and JSON (exec-form) arrays with the offsets of each
 * string. Pure functions of the text.
 */
import type { DInstruction } from './dockerfile';

export interface RawToken {
  /** The token exactly as written (quotes and escapes kept). */
  raw: string;
  start: number;
  end: number;
  /** True when the token is directly followed by the escape character and a line break (no space between). */
  gluedContinuation: boolean;
  /** Offset just past that escape character, when gluedContinuation is true. */
  continuationEnd: number;
}

/** Whether `text[i]` starts "spaces, then a line break" (or the end of the range). */
function restOfLineBlank(text: string, i: number, end: number): boolean {
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i >= end || text[i] === '\n' || text[i] === '\r';
}

/** Skips a continuation's line break and the comment or blank lines Docker drops after it. */
function skipContinuation(text: string, i: number, end: number): number {
  while (i < end && text[i] !== '\n') i++;
  i++;
  for (;;) {
    let j = i;
    while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j < end && text[j] === '#') {
      while (j < end && text[j] !== '\n') j++;
      i = j + 1;
      continue;
    }
    if (j < end && (text[j] === '\r' || text[j] === '\n') && j > i) {
      // A blank line inside a continuation is dropped too.
      while (j < end && text[j] !== '\n') j++;
      i = j + 1;
      continue;
    }
    return i;
  }
}

/**
 * Splits an instruction's argument text into whitespace-separated tokens as written. The escape
 * character before a line break joins lines; quotes keep spaces inside one token. It does not
 * unescape anything: rules that care look at `raw`.
 */
export function rawTokens(text: string, start: number, end: number, escape: string): RawToken[] {
  const out: RawToken[] = [];
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === escape && restOfLineBlank(text, i + 1, end)) {
      i = skipContinuation(text, i + 1, end);
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    const s = i;
    let quote: string | undefined;
    let glued = false;
    let contEnd = 0;
    while (i < end) {
      const ch = text[i];
      if (quote) {
        if (ch === escape && i + 1 < end && text[i + 1] !== '\n' && text[i + 1] !== '\r') {
          i += 2;
          continue;
        }
        if (ch === quote) quote = undefined;
        if (ch === '\n') break;
        i++;
        continue;
      }
      if (ch === escape && restOfLineBlank(text, i + 1, end)) {
        glued = true;
        contEnd = i + 1;
        break;
      }
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') break;
      if (ch === escape && i + 1 < end) {
        i += 2;
        continue;
      }
      if (ch === '"' || ch === "'") quote = ch;
      i++;
    }
    out.push({ raw: text.slice(s, i), start: s, end: i, gluedContinuation: glued, continuationEnd: contEnd });
  }
  return out;
}

/** Offset of the first argument after `--flag` words (RUN --mount=..., COPY --from=...). */
export function afterFlags(text: string, ins: DInstruction, escape: string): number {
  const toks = rawTokens(text, ins.argsStart, ins.argsEnd, escape);
  for (const t of toks) if (!t.raw.startsWith('--')) return t.start;
  return ins.argsEnd;
}

export interface JsonString {
  value: string;
  /** Offsets of the string literal, quotes included. */
  start: number;
  end: number;
}

/**
 * The strings of an exec-form (JSON array) argument starting at `start`, or undefined when the text
 * is not a valid JSON array of strings (Docker then runs it in shell form).
 */
export function jsonStrings(text: string, start: number, end: number, escape: string): JsonString[] | undefined {
  let i = start;
  const skipWs = () => {
    for (;;) {
      while (i < end && /[ \t\r\n]/.test(text[i])) i++;
      if (text[i] === escape && escape !== '"' && restOfLineBlank(text, i + 1, end)) {
        i = skipContinuation(text, i + 1, end);
        continue;
      }
      return;
    }
  };
  skipWs();
  if (text[i] !== '[') return undefined;
  i++;
  const out: JsonString[] = [];
  skipWs();
  if (text[i] === ']') {
    i++;
    skipWs();
    return i >= end ? out : undefined;
  }
  for (;;) {
    skipWs();
    if (text[i] !== '"') return undefined;
    const s = i;
    i++;
    while (i < end && text[i] !== '"') {
      if (text[i] === '\n') return undefined;
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= end) return undefined;
    i++;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(s, i));
    } catch {
      return undefined;
    }
    if (typeof value !== 'string') return undefined;
    out.push({ value, start: s, end: i });
    skipWs();
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === ']') {
      i++;
      skipWs();
      return i >= end ? out : undefined;
    }
    return undefined;
  }
}
