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

/** Reads the nearest config file above `file`. Invalid entries are ignored, never fatal. */
export function loadConfig(project: Project, file: string): RuleSettings {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    for (const name of CONFIG_NAMES) {
      const p = path.join(d, name);
      const text = project.text(p);
      if (text === undefined) continue;
      return parseConfig(text);
    }
    if (path.dirname(d) === d) return { rules: {} };
  }
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
  const re = new RegExp(`^\\s*${marker === '#' ? '#' : '//'}\\s*docker-go-traps\\s+(ignore-file|ignore)\\b(?:\\s*=\\s*([\\w\\-, ]+?))?\\s*(?:--.*)?$`);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (!line.includes('docker-go-traps')) {
      if (pending && line.trim() && !line.trimStart().startsWith(marker)) {
        result.lines.set(i, pending);
        pending = undefined;
      }
      continue;
    }
    const m = re.exec(line);
    if (!m) continue;
    const ids = new Set((m[2] ?? '*').split(',').map((s) => s.trim()).filter(Boolean));
    if (!ids.size) ids.add('*');
    if (m[1] === 'ignore-file') for (const id of ids) result.file.add(id);
    else {
      pending = pending ?? new Set();
      for (const id of ids) pending.add(id);
    }
  }
  return result;
}

export function isSuppressed(s: Suppressions, line: number, id: string, name: string): boolean {
  const has = (set: Set<string> | undefined) => !!set && (set.has('*') || set.has(id) || set.has(name));
  return has(s.file) || has(s.lines.get(line));
}
