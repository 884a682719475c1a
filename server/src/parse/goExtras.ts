/**
 * A few Go facts that parse/go.ts does not record, read from the source text with a small lexer
 * that skips comments and string literals: calls of runtime/debug.SetMemoryLimit and
 * runtime.GOMAXPROCS, and the environment variables a file names in os.Getenv / os.LookupEnv /
 * os.Setenv, and a health-check mode of the program (a `-healthcheck` flag, an `os.Args[1] ==
 * "healthcheck"` test, a cobra command). A pure function of the text (cached by text); callers read
 * the text through the project.
 */

import { memoByString } from '../core/memo';
import { defaultImportName } from './go';

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
  /** How the program is asked to check its own health (`-healthcheck`, `healthcheck`), when it has such a mode. */
  healthMode: { arg: string; start: number; end: number } | undefined;
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

/** Identifier start: `A-Z a-z _` or any code unit above ASCII (as the lexer has always read them). */
function identStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Tokens of Go source, without comments. Enough for call patterns; not a full Go lexer. */
export function goTokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n && out.length < MAX_TOKENS) {
    const c = text.charCodeAt(i);
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if (c === 47 /* / */ && next === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === 47 && next === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const start = i;
      let value = '';
      let from = ++i; // start of the run of plain characters not yet added to value
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === c || d === 10) break;
        if (d === 92 /* \ */ && i + 1 < n) {
          const e = text[i + 1];
          value += text.slice(from, i) + (e === 'n' ? '\n' : e === 't' ? '\t' : e);
          i += 2;
          from = i;
          continue;
        }
        i++;
      }
      value += text.slice(from, i);
      if (text.charCodeAt(i) === c) i++;
      out.push({ kind: 'string', text: text.slice(start, i), value, start, end: i });
      continue;
    }
    if (c === 96 /* ` */) {
      const close = text.indexOf('`', i + 1);
      const end = close < 0 ? n : close + 1;
      out.push({ kind: 'string', text: text.slice(i, end), value: text.slice(i + 1, close < 0 ? n : close), start: i, end });
      i = end;
      continue;
    }
    if (identStart(c)) {
      const start = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (!identStart(d) && !isDigit(d)) break;
        i++;
      }
      out.push({ kind: 'ident', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (isDigit(c)) {
      const start = i;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (!isDigit(d) && !(d >= 65 && d <= 90) && !(d >= 97 && d <= 122) && d !== 95 && d !== 46) break;
        i++;
      }
      out.push({ kind: 'number', text: text.slice(start, i), start, end: i });
      continue;
    }
    // ASCII white space as /\s/ reads it (code units above ASCII were taken as identifiers above).
    if (c === 32 || (c >= 9 && c <= 13)) {
      i++;
      continue;
    }
    out.push({ kind: 'punct', text: text[i], start: i, end: i + 1 });
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

/** A standard-library import of a file: its path, and the offsets of the quoted path. */
export interface StdImport {
  path: string;
  start: number;
  end: number;
}

/** `pkg.Name` where `pkg` is the file's name for a standard-library import: from the package name to the end of `Name`. */
export interface StdSelector {
  path: string;
  /** The file's name for the package (`io`, or an alias). */
  local: string;
  name: string;
  start: number;
  end: number;
}

export interface StdUses {
  imports: StdImport[];
  selectors: StdSelector[];
  /** The file has a build constraint (`//go:build`, `// +build`): whether a given Go compiles it is not read here. */
  constrained: boolean;
}

/** Before the package clause: a `//go:build` or `// +build` line. */
const CONSTRAINT = /^[ \t]*\/\/(go:build|[ \t]*\+build)[ \t]/m;

/**
 * The standard-library imports of a Go file and its qualified uses of them (`io.ReadAll`, exported
 * names only; not after a dot, so `x.io.ReadAll` is a field). A name the file declares for itself
 * over the package's (a variable `errors`) is not told apart; dot and blank imports give no names.
 */
export const stdUses: (text: string) => StdUses = memoByString(200, (text: string): StdUses => {
  const pkgAt = text.search(/^package\b/m);
  const constrained = CONSTRAINT.test(pkgAt < 0 ? text : text.slice(0, pkgAt));
  const tokens = goTokens(text);
  const imports: StdImport[] = [];
  const names = new Map<string, string>();
  const std = (p: string) => !p.split('/')[0].includes('.');
  const spec = (k: number) => {
    const t = tokens[k];
    if (t.kind !== 'string' || t.value === undefined || !std(t.value)) return;
    imports.push({ path: t.value, start: t.start, end: t.end });
    const prev = tokens[k - 1];
    if (prev?.kind === 'ident' && prev.text !== 'import') {
      if (prev.text !== '_') names.set(prev.text, t.value);
    } else if (prev?.text !== '.') names.set(defaultImportName(t.value), t.value);
  };
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k].kind !== 'ident' || tokens[k].text !== 'import') continue;
    if (tokens[k + 1]?.text === '(') {
      let j = k + 2;
      for (; j < tokens.length && tokens[j].text !== ')'; j++) spec(j);
      k = j;
    } else if (tokens[k + 1]?.kind === 'string') spec(k + 1);
    else if (tokens[k + 2]?.kind === 'string') spec(k + 2);
  }
  const selectors: StdSelector[] = [];
  if (names.size) {
    for (let k = 0; k + 2 < tokens.length; k++) {
      const a = tokens[k];
      if (a.kind !== 'ident' || tokens[k + 1].text !== '.' || tokens[k - 1]?.text === '.') continue;
      const p = names.get(a.text);
      const b = tokens[k + 2];
      if (p === undefined || b.kind !== 'ident' || !/^[A-Z]/.test(b.text)) continue;
      selectors.push({ path: p, local: a.text, name: b.text, start: a.start, end: b.end });
    }
  }
  return { imports, selectors, constrained };
});

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
  const extras: GoExtras = { setMemoryLimit: [], gomaxprocs: [], envNames: new Set(), healthMode: undefined };
  // Each pattern names a function: a file that does not mention one is not lexed for it.
  const env = ENV_FUNCS.some((fn) => text.includes(fn));
  const memory = text.includes('SetMemoryLimit');
  const procs = text.includes('GOMAXPROCS');
  const health = /health/i.test(text);
  if (env || memory || procs || health) {
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
    if (health) extras.healthMode = healthModeOf(tokens);
  }
  return extras;
}

/** Names a health-check mode goes by. */
const HEALTH_NAME = /^(health|healthcheck|health-check|health_check|healthz|check-health)$/i;

/**
 * The argument that runs the program's own health check: a boolean flag of the standard flag
 * package (`-healthcheck`) or of pflag (`--healthcheck`), a first argument the code compares
 * (`os.Args[1] == "healthcheck"`), or a cobra command (`Use: "healthcheck"`).
 */
function healthModeOf(tokens: Token[]): GoExtras['healthMode'] {
  const flagNames = importNames(tokens, 'flag', 'flag');
  const argsTest = tokens.some((t, k) => t.text === 'os' && tokens[k + 1]?.text === '.' && tokens[k + 2]?.text === 'Args' && tokens[k + 3]?.text === '[' && tokens[k + 4]?.text === '1');
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const at = (s: Token, arg: string) => ({ arg, start: s.start, end: s.end });
    if (t.kind === 'ident' && /^Bool(Var)?P?$/.test(t.text) && tokens[k - 1]?.text === '.' && tokens[k + 1]?.text === '(') {
      // The name is the first argument, or the second after `&v,` (BoolVar).
      let n = k + 2;
      if (/Var/.test(t.text)) {
        while (n < tokens.length && tokens[n].text !== ',' && tokens[n].text !== ')') n++;
        n++;
      }
      const name = tokens[n];
      if (name?.kind !== 'string' || !HEALTH_NAME.test(name.value ?? '')) continue;
      const recv = tokens[k - 2];
      if (recv?.kind === 'ident' && flagNames.has(recv.text) && tokens[k - 3]?.text !== '.') return at(name, '-' + name.value);
      if (recv?.text === ')' && /^(Flags|PersistentFlags)$/.test(tokens[k - 4]?.text ?? '')) return at(name, '--' + name.value);
      continue;
    }
    if (t.kind === 'string' && HEALTH_NAME.test((t.value ?? '').replace(/^-{1,2}/, ''))) {
      const prev = tokens[k - 1];
      const prev2 = tokens[k - 2];
      // os.Args[1] == "healthcheck", case "healthcheck": (in a file that tests os.Args[1]), Use: "healthcheck".
      if (argsTest && prev?.text === '=' && prev2?.text === '=') return at(t, t.value as string);
      if (argsTest && prev?.text === 'case') return at(t, t.value as string);
      if (prev?.text === ':' && prev2?.text === 'Use' && !(t.value ?? '').startsWith('-')) return at(t, t.value as string);
    }
  }
  return undefined;
}
