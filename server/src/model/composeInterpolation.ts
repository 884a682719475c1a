/**
 * Compose's variable interpolation: the `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}` and `${VAR:+alternative}` references in a compose value, and the
 * values the project's `.env` file gives them (Compose reads `.env` of the project folder, the folder
 * of the first compose file). `$$` is a literal dollar.
 *
 * Everything is read through the project, so `.env` becomes a dependency of the analysis that asks.
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import { parseDotenv, type DotenvEntry } from '../parse/dotenv';
import { isMap, isScalar, isSeq, type Document } from 'yaml';

export interface VarRef {
  name: string;
  /** Offsets of the whole reference (`${NAME:-x}`) inside the string. */
  start: number;
  end: number;
  /** The operator after the name: '' (none), ':-', '-', ':?', '?', ':+', '+'. */
  op: string;
  /** The text after the operator (default, error or alternative), as written. */
  arg: string;
}

/** The variable references of a compose value, in order; `$$` escapes are skipped. */
export function varRefs(s: string): VarRef[] {
  const out: VarRef[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '$') continue;
    if (s[i + 1] === '$') {
      i++;
      continue;
    }
    if (s[i + 1] === '{') {
      const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}/.exec(s.slice(i));
      if (!m) continue;
      out.push({ name: m[1], start: i, end: i + m[0].length, op: m[2] ?? '', arg: m[3] ?? '' });
      i += m[0].length - 1;
      continue;
    }
    const m = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(i));
    if (!m) continue;
    out.push({ name: m[1], start: i, end: i + m[0].length, op: '', arg: '' });
    i += m[0].length - 1;
  }
  return out;
}

/** Whether a reference gives Compose a value of its own when the variable is unset (a default or an alternative). */
export function hasFallback(r: VarRef): boolean {
  return r.op === ':-' || r.op === '-' || r.op === ':+' || r.op === '+';
}

export interface DotenvFile {
  path: string;
  entries: Map<string, DotenvEntry>;
}

/** The `.env` file Compose reads for interpolation in `dir` (the project folder), when there is one. */
export function projectDotenv(project: Project, dir: string): DotenvFile | undefined {
  const file = path.join(dir, '.env');
  if (project.exists(file) !== 'file') return undefined;
  const text = project.text(file);
  if (text === undefined) return undefined;
  const entries = new Map<string, DotenvEntry>();
  for (const e of parseDotenv(text)) entries.set(e.key, e);
  return { path: file, entries };
}

/** Names of the templates people copy `.env` from. */
export const DOTENV_TEMPLATES = ['.env.example', '.env.sample', '.env.template', '.env.dist', '.env.tmpl', '.env.default', '.env.defaults', 'example.env', 'sample.env', 'env.example', 'env.sample', '.env-example', '.env_example', '.env-sample'];

/** The first template of `.env` in `dir`, with its entries. */
export function dotenvTemplate(project: Project, dir: string): DotenvFile | undefined {
  const names = new Map(project.readDir(dir).map((n) => [n.toLowerCase(), n] as const));
  for (const t of DOTENV_TEMPLATES) {
    const real = names.get(t);
    if (!real) continue;
    const file = path.join(dir, real);
    const text = project.text(file);
    if (text === undefined) continue;
    const entries = new Map<string, DotenvEntry>();
    for (const e of parseDotenv(text)) entries.set(e.key, e);
    return { path: file, entries };
  }
  return undefined;
}

/**
 * `s` with its references replaced from `env` (Compose's rules for the operators); undefined when a
 * variable without a fallback is not in `env`, or a reference is not understood.
 */
export function interpolate(s: string, env: ReadonlyMap<string, { value: string }>): string | undefined {
  let out = '';
  let at = 0;
  for (const r of varRefs(s)) {
    out += s.slice(at, r.start).replace(/\$\$/g, '$');
    at = r.end;
    const v = env.get(r.name)?.value;
    const set = v !== undefined;
    const nonEmpty = set && v !== '';
    switch (r.op) {
      case '':
      case ':?':
      case '?':
        if (!set) return undefined;
        out += v;
        break;
      case ':-':
        out += nonEmpty ? v : r.arg;
        break;
      case '-':
        out += set ? v : r.arg;
        break;
      case ':+':
        out += nonEmpty ? r.arg : '';
        break;
      case '+':
        out += set ? r.arg : '';
        break;
      default:
        return undefined;
    }
  }
  if (/\$\{/.test(s.slice(at).replace(/\$\$/g, ''))) return undefined;
  return out + s.slice(at).replace(/\$\$/g, '$');
}

export interface PlacedRef extends VarRef {
  /** Offsets of the reference in the file, when the scalar's source text holds it verbatim. */
  fileStart: number;
  fileEnd: number;
}

/**
 * Every variable reference in the values of a parsed compose file (keys are not interpolated), in
 * file order, with its offsets in the file. Aliases are not followed: each reference is counted where
 * it is written.
 */
export function fileRefs(docs: readonly Document[], text: string): PlacedRef[] {
  const out: PlacedRef[] = [];
  const stack: unknown[] = [];
  for (const d of docs) stack.push(d.contents);
  let steps = 0;
  while (stack.length && steps++ < 200_000) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (isMap(n)) {
      for (const p of n.items) stack.push(p.value);
      continue;
    }
    if (isSeq(n)) {
      for (const it of n.items) stack.push(it);
      continue;
    }
    if (!isScalar(n) || typeof n.value !== 'string' || !n.value.includes('$')) continue;
    const r = n.range;
    if (!r) continue;
    const raw = text.slice(r[0], r[1]);
    let from = 0;
    for (const ref of varRefs(n.value)) {
      const refText = n.value.slice(ref.start, ref.end);
      const at = raw.indexOf(refText, from);
      if (at < 0) continue;
      from = at + refText.length;
      out.push({ ...ref, fileStart: r[0] + at, fileEnd: r[0] + at + refText.length });
    }
  }
  return out.sort((a, b) => a.fileStart - b.fileStart);
}
