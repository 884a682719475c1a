/**
 * Configuration and suppression. A `.docker-go-traps.yaml` (or `.yml`) in the file's folder or the
 * nearest ancestor turns rules off or changes their severity; editor settings apply on top. Inline
 * comments suppress findings on the next line, or in the whole file.
 */
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Project } from './project';
import type { SeveritySetting, FileKind } from '../core/types';

export interface RuleSettings {
  /** Rule id or name → severity or "off". */
  rules: Record<string, SeveritySetting>;
}

const VALID = new Set(['off', 'error', 'warning', 'info', 'hint']);
export const CONFIG_NAMES = ['.docker-go-traps.yaml', '.docker-go-traps.yml'];

/**
 * Reads the nearest config file above `file`, up to the top of what may be read (the git checkout or
 * the checked folder: a config file further up, outside the repository, turns nothing off).
 * Invalid entries are ignored, never fatal.
 */
export function loadConfig(project: Project, file: string): RuleSettings {
  return configOf(project, path.dirname(file));
}

/** No config file: every rule as it is. Shared; never modified. */
const NO_SETTINGS: RuleSettings = Object.freeze({ rules: Object.freeze({}) as Record<string, SeveritySetting> });

/**
 * The settings that hold in folder `dir`, kept per folder as a workspace value: every file of a
 * folder, and every folder below it, asks the same question, and the answer changes only when a
 * config file it looked for appears, changes or goes.
 */
function configOf(project: Project, dir: string): RuleSettings {
  return project.workspaceValue(project.valueKey('config', dir), () => {
    if (project.boundary && !project.boundary.contains(dir)) return NO_SETTINGS;
    for (const name of CONFIG_NAMES) {
      const text = project.text(path.join(dir, name));
      if (text !== undefined) return parseConfig(text);
    }
    const up = path.dirname(dir);
    return up === dir ? NO_SETTINGS : configOf(project, up);
  });
}

/**
 * The valid entries of editor settings (`dockerGoTraps.rules`): an entry whose value is not a
 * severity or `off` is left out (the rule keeps its own severity) and told to `warn`.
 */
export function validRuleSettings(rules: unknown, warn: (key: string, value: unknown) => void): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  if (!rules || typeof rules !== 'object') return out;
  for (const [k, v] of Object.entries(rules as Record<string, unknown>)) {
    const s = typeof v === 'string' ? v.toLowerCase() : v === false ? 'off' : undefined;
    if (s !== undefined && VALID.has(s)) out[k] = s as SeveritySetting;
    else warn(k, v);
  }
  return out;
}

export function parseConfig(text: string): RuleSettings {
  const rules: Record<string, SeveritySetting> = {};
  try {
    const data = parseYaml(text, { maxAliasCount: 100 }) as unknown;
    const r = data && typeof data === 'object' ? (data as Record<string, unknown>).rules : undefined;
    if (r && typeof r === 'object') {
      for (const [k, v] of Object.entries(r as Record<string, unknown>)) {
        const s = v === false ? 'off' : String(v).toLowerCase();
        if (VALID.has(s)) rules[k] = s as SeveritySetting;
      }
    }
  } catch {
    // A broken config file must not stop analysis.
  }
  return { rules };
}

export interface Suppressions {
  /** Line number (0-based) → rule ids/names suppressed on that line ("*" for all). */
  lines: Map<number, Set<string>>;
  file: Set<string>;
}

/**
 * Finds `docker-go-traps ignore=<id>[,<id>] [-- reason]` comments. A comment applies to the next
 * line that is not itself a comment; `ignore-file=...` (or bare `ignore-file`) applies to the file.
 */
export function findSuppressions(text: string, kind: FileKind): Suppressions {
  const result: Suppressions = { lines: new Map(), file: new Set() };
  if (!text.includes('docker-go-traps')) return result; // the usual case: no comment to look at
  const marker = kind === 'go' ? '//' : '#';
  const lines = text.split('\n');
  let pending: Set<string> | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (!line.includes('docker-go-traps')) {
      if (pending && line.trim() && !line.trimStart().startsWith(marker)) {
        result.lines.set(i, pending);
        pending = undefined;
      }
      continue;
    }
    const m = suppressionComment(line, marker);
    if (!m) continue;
    const ids = new Set((m.ids ?? '*').split(',').map((s) => s.trim()).filter(Boolean));
    if (!ids.size) ids.add('*');
    if (m.file) for (const id of ids) result.file.add(id);
    else {
      pending = pending ?? new Set();
      for (const id of ids) pending.add(id);
    }
  }
  return result;
}

/**
 * Reads one suppression comment: `<marker> docker-go-traps ignore[-file][=<ids>] [-- reason]`, with
 * any white space between the parts. Undefined when the line is not one. `ids` is the text of the
 * list (word characters, `-`, `,` and spaces, up to the first `--` or the end), undefined when
 * there is no `=`. Read in one pass: a line is someone else's text, and the regular expression
 * this replaces took minutes on `ignore=` followed by thousands of spaces.
 */
export function suppressionComment(line: string, marker: string): { file: boolean; ids: string | undefined } | undefined {
  let s = line.trimStart();
  if (!s.startsWith(marker)) return undefined;
  s = s.slice(marker.length).trimStart();
  if (!s.startsWith('docker-go-traps')) return undefined;
  s = s.slice('docker-go-traps'.length);
  const afterName = s.trimStart();
  if (afterName.length === s.length) return undefined; // no space after the name
  s = afterName;
  let file: boolean;
  if (s.startsWith('ignore-file') && !isWordChar(s.charCodeAt(11))) {
    file = true;
    s = s.slice(11);
  } else if (s.startsWith('ignore') && !isWordChar(s.charCodeAt(6))) {
    file = false;
    s = s.slice(6);
  } else return undefined;
  // The rest is nothing or a reason (`-- ...`), or `=` and the list first.
  if (restIsReason(s, 0)) return { file, ids: undefined };
  s = s.trimStart();
  if (!s.startsWith('=')) return undefined;
  s = s.slice(1).trimStart();
  // The list is the shortest run of list characters (at least one) after which only a reason is left.
  let run = 0;
  while (run < s.length && isListChar(s.charCodeAt(run))) run++;
  const ends = reasonStarts(s);
  for (let k = 1; k <= run; k++) if (ends[k]) return { file, ids: s.slice(0, k) };
  return undefined;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isListChar(c: number): boolean {
  return isWordChar(c) || c === 45 /* - */ || c === 44 /* , */ || c === 32;
}

/** Whether `s` from `at` is white space and then nothing or `--` and anything on the same line. */
function restIsReason(s: string, at: number): boolean {
  const t = s.slice(at).trimStart();
  return t === '' || (t.startsWith('--') && !LINE_BREAK.test(t));
}

const LINE_BREAK = /[\r\u2028\u2029]/;

/** For every position of `s` (and its end), whether {@link restIsReason} holds there: one pass from the end. */
function reasonStarts(s: string): boolean[] {
  const out = new Array<boolean>(s.length + 1);
  out[s.length] = true;
  // From a position, skip white space; then the end must follow, or `--` and no line break.
  let nextNonSpace = s.length;
  let lastBreak = -1;
  for (let k = 0; k < s.length; k++) if (LINE_BREAK.test(s[k])) lastBreak = k;
  for (let k = s.length - 1; k >= 0; k--) {
    if (!/\s/.test(s[k])) nextNonSpace = k;
    out[k] = nextNonSpace === s.length || (s.startsWith('--', nextNonSpace) && nextNonSpace > lastBreak);
  }
  return out;
}

export function isSuppressed(s: Suppressions, line: number, id: string, name: string): boolean {
  const has = (set: Set<string> | undefined) => !!set && (set.has('*') || set.has(id) || set.has(name));
  return has(s.file) || has(s.lines.get(line));
}
