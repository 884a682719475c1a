/**
 * .dockerignore matching as Docker does it (moby/patternmatcher, and its ignorefile reader): a line
 * whose first character is `#` is a comment; a pattern is trimmed, a leading `!` re-includes, the
 * pattern is cleaned like Go's filepath.Clean (`.` and `..` elements resolved, one leading `/`
 * dropped); `*` and `?` stay inside one path segment, `[...]` is a class (`^` negates), `**` spans
 * segments; the last matching pattern wins, and a pattern that matches a folder excludes
 * everything below it. Backslashes are read as path separators (as the Windows client does).
 *
 * Patterns come from files someone else wrote, so they are matched in linear time
 * (engine/linearRegExp.ts), never by a backtracking engine. A pattern Docker rejects (an
 * unterminated or reversed class, a lone `!`) makes `docker build` fail; here it matches nothing.
 */
import { LinearRegExp, Matcher, MATCHES_NOTHING } from '../core/linearRegExp';

export interface IgnorePattern {
  raw: string;
  negate: boolean;
  /** Whether a context-relative path (or one of its parent folders) matches the pattern. */
  re: Matcher;
  /** Docker rejects the pattern (the build fails); it matches nothing here. */
  invalid?: boolean;
  start: number;
  end: number;
}

export function parseDockerignore(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  let pos = 0;
  let first = true;
  for (const line of text.split('\n')) {
    const start = pos;
    pos += line.length + 1;
    let p = line.replace(/\r$/, '');
    if (first && p.charCodeAt(0) === 0xfeff) p = p.slice(1);
    first = false;
    // A comment only when # is the very first character (Docker does not trim before this test).
    if (p.startsWith('#')) continue;
    const end = start + line.replace(/\r$/, '').length;
    p = p.trim();
    if (!p) continue;
    const negate = p.startsWith('!');
    if (negate) p = p.slice(1).trim();
    const lone = !p; // a `!` alone: Docker rejects it
    p = clean(p.replace(/\\/g, '/'));
    if (p.length > 1 && p.startsWith('/')) p = p.slice(1);
    const matcher = lone ? undefined : compilePattern(p);
    out.push({ raw: line.trim(), negate, re: matcher ?? MATCHES_NOTHING, invalid: matcher ? undefined : true, start, end });
  }
  return out;
}

/** Go's path.Clean: one slash between elements, `.` removed, `..` resolved (kept at the start of a relative path). */
export function clean(p: string): string {
  if (!p) return '.';
  const rooted = p.startsWith('/');
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
    } else parts.push(seg);
  }
  const body = parts.join('/');
  return rooted ? '/' + body : body || '.';
}

const PLAIN = /^[^*?[]*$/;

/**
 * The matcher of one cleaned pattern, following patternmatcher's translation to a regular expression
 * (including its quirk: a pattern that is `**` and then plain text matches every path ending in that
 * text). Undefined for a pattern Docker rejects.
 */
function compilePattern(p: string): Matcher | undefined {
  let re = '^';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const atStart = i === 0;
        i++;
        const slash = p[i + 1] === '/';
        if (slash) i++;
        if (i + 1 >= p.length) re += '.*';
        else if (atStart && !slash && PLAIN.test(p.slice(i + 1))) re += '.*';
        else re += '(?:.*/)?';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const cls = classAt(p, i);
      if (!cls) return undefined;
      re += cls.re;
      i = cls.end - 1;
    } else re += escapeChar(c);
  }
  const m = new LinearRegExp(re + '$');
  return { test: (path: string) => m.testPrefixes(path, '/') };
}

/**
 * A `[...]` class of Go's filepath.Match at `i`, as a regular-expression class, and the index after
 * it. Undefined when filepath.Match (or the regular expression Docker builds) rejects it: no closing
 * `]`, an empty class, a `-` or `]` where a character must be, a range whose ends are reversed.
 */
function classAt(p: string, i: number): { re: string; end: number } | undefined {
  let k = i + 1;
  let negate = false;
  if (p[k] === '^') {
    negate = true;
    k++;
  }
  const parts: string[] = [];
  for (let n = 0; ; n++) {
    if (k >= p.length) return undefined;
    if (p[k] === ']' && n > 0) return { re: (negate ? '[^' : '[') + parts.join('') + ']', end: k + 1 };
    const lo = p.codePointAt(k) as number;
    if (lo === 0x2d /* - */ || lo === 0x5d /* ] */) return undefined;
    k += lo > 0xffff ? 2 : 1;
    let hi = lo;
    if (p[k] === '-') {
      k++;
      if (k >= p.length) return undefined;
      hi = p.codePointAt(k) as number;
      if (hi === 0x2d || hi === 0x5d) return undefined;
      k += hi > 0xffff ? 2 : 1;
      if (hi < lo) return undefined;
    }
    // A class is matched one UTF-16 unit at a time: one with characters beyond the first plane
    // (emoji and the like, which no real pattern puts in a class) is left out as invalid.
    if (hi > 0xffff) return undefined;
    parts.push(lo === hi ? classChar(lo) : classChar(lo) + '-' + classChar(hi));
  }
}

function classChar(code: number): string {
  return '\\u' + code.toString(16).padStart(4, '0');
}

function escapeChar(c: string): string {
  return /[.+*?^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}

/** The pattern that decides `relPath` (context-relative, forward slashes), when it is excluded. */
export function excludedBy(patterns: IgnorePattern[], relPath: string): IgnorePattern | undefined {
  const p = clean(relPath.replace(/\\/g, '/'));
  if (p === '.') return undefined; // the context itself is never excluded
  let decided: IgnorePattern | undefined;
  for (const pat of patterns) if (pat.re.test(p)) decided = pat.negate ? undefined : pat;
  return decided;
}
