/**
 * A few Go facts that parse/go.ts does not record, read from the source text with a small lexer
 * that skips comments and string literals: calls of runtime/debug.SetMemoryLimit and
 * runtime.GOMAXPROCS, and the environment variables a file names in os.Getenv / os.LookupEnv /
 * os.Setenv. A pure function of the text (cached by text); callers read the text through the project.
 */

import { memoByString } from '../core/memo';

export interface GoCallSite {
  start: number;
  end: number;
}

export interface GoExtras {
  /** `debug.SetMemoryLimit(` calls (with the file's name for runtime/debug). */
  setMemoryLimit: GoCallSite[];
  /** `runtime.GOMAXPROCS(` calls. */
  gomaxprocs: GoCallSite[];
  /** Environment variable names read or set with a literal name. */
  envNames: Set<string>;
}

interface Token {
  kind: 'ident' | 'string' | 'punct' | 'number';
  text: string;
  /** For strings: the value (common escapes decoded). */
  value?: string;
  start: number;
  end: number;
}

const MAX_TOKENS = 400_000;

/** Tokens of Go source, without comments. Enough for call patterns; not a full Go lexer. */
export function goTokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n && out.length < MAX_TOKENS) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      let value = '';
      i++;
      while (i < n && text[i] !== c && text[i] !== '\n') {
        if (text[i] === '\\' && i + 1 < n) {
          const e = text[i + 1];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        value += text[i++];
      }
      if (text[i] === c) i++;
      out.push({ kind: 'string', text: text.slice(start, i), value, start, end: i });
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      const end = close < 0 ? n : close + 1;
      out.push({ kind: 'string', text: text.slice(i, end), value: text.slice(i + 1, close < 0 ? n : close), start: i, end });
      i = end;
      continue;
    }
    if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_\u0080-\uffff]/.test(text[i])) i++;
      out.push({ kind: 'ident', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (/[0-9]/.test(c)) {
      const start = i;
      while (i < n && /[0-9A-Za-z_.]/.test(text[i])) i++;
      out.push({ kind: 'number', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    out.push({ kind: 'punct', text: c, start: i, end: i + 1 });
    i++;
  }
  return out;
}

/** Local names under which a file imports `importPath` (the default name, or its alias). */
function importNames(tokens: Token[], importPath: string, defaultName: string): Set<string> {
  const names = new Set<string>();
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind !== 'string' || t.value !== importPath) continue;
    const prev = tokens[k - 1];
    if (prev?.kind === 'ident' && prev.text !== 'import') names.add(prev.text);
    else if (prev?.kind === 'punct' && prev.text === '.') continue;
    else names.add(defaultName);
  }
  return names;
}

function callsOf(tokens: Token[], receivers: Set<string>, fn: string): GoCallSite[] {
  const out: GoCallSite[] = [];
  for (let k = 0; k + 3 < tokens.length; k++) {
    const [a, dot, b, paren] = [tokens[k], tokens[k + 1], tokens[k + 2], tokens[k + 3]];
    if (a.kind === 'ident' && receivers.has(a.text) && dot.text === '.' && b.text === fn && paren.text === '(') {
      // Not a method of something else: the receiver must not itself follow a dot.
      if (tokens[k - 1]?.text === '.') continue;
      out.push({ start: a.start, end: paren.end });
    }
  }
  return out;
}

const ENV_FUNCS = ['Getenv', 'LookupEnv', 'Setenv'];

export const goExtras: (text: string) => GoExtras = memoByString(500, computeExtras);

function computeExtras(text: string): GoExtras {
  const extras: GoExtras = { setMemoryLimit: [], gomaxprocs: [], envNames: new Set() };
  // Each pattern names a function: a file that does not mention one is not lexed for it.
  const env = ENV_FUNCS.some((fn) => text.includes(fn));
  const memory = text.includes('SetMemoryLimit');
  const procs = text.includes('GOMAXPROCS');
  if (env || memory || procs) {
    const tokens = goTokens(text);
    if (env) {
      const osNames = importNames(tokens, 'os', 'os');
      for (let k = 0; k + 4 < tokens.length; k++) {
        const a = tokens[k];
        const arg = tokens[k + 4];
        if (a.kind === 'ident' && osNames.has(a.text) && tokens[k + 1].text === '.' && ENV_FUNCS.includes(tokens[k + 2].text) && tokens[k + 3].text === '(' && arg.kind === 'string' && arg.value) {
          extras.envNames.add(arg.value);
        }
      }
    }
    if (memory) extras.setMemoryLimit = callsOf(tokens, importNames(tokens, 'runtime/debug', 'debug'), 'SetMemoryLimit');
    if (procs) extras.gomaxprocs = callsOf(tokens, importNames(tokens, 'runtime', 'runtime'), 'GOMAXPROCS');
  }
  return extras;
}
