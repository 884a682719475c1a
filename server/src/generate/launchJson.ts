/**
 * A configuration added to a VS Code `launch.json` without rewriting the rest of it: the file is
 * JSON with comments (and trailing commas), so it is not parsed and printed again; the new
 * configuration is inserted as text at the start of the `configurations` array, in the file's own
 * indentation and line endings.
 */
import { detectEol } from '../core/text';

export interface LaunchConfiguration {
  name: string;
  type: string;
  request: string;
  mode: string;
  debugAdapter: string;
  host: string;
  port: number;
  substitutePath: { from: string; to: string }[];
}

export type LaunchResult = { status: 'ok'; text: string } | { status: 'present' } | { status: 'unreadable' };

/** Offsets of the JSON tokens that matter here: strings, and the structural characters outside strings and comments. */
function tokens(text: string): { kind: 'string' | 'punct'; start: number; end: number; value: string }[] {
  const out: { kind: 'string' | 'punct'; start: number; end: number; value: string }[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      let value = '';
      try {
        value = JSON.parse(text.slice(i, j + 1)) as string;
      } catch {
        value = text.slice(i + 1, j);
      }
      out.push({ kind: 'string', start: i, end: j + 1, value });
      i = j + 1;
    } else if ('{}[]:,'.includes(c)) {
      out.push({ kind: 'punct', start: i, end: i + 1, value: c });
      i++;
    } else i++;
  }
  return out;
}

/** The configuration as JSON lines, indented for depth 2 of a file indented with `unit`. */
function render(config: LaunchConfiguration, unit: string, eol: string): string {
  const body = JSON.stringify(config, null, unit).split('\n');
  return body.map((l) => unit + unit + l).join(eol);
}

/** `existing` with `config` added, or a new launch.json; `present` when a configuration of that name is there. */
export function addLaunchConfiguration(existing: string | undefined, config: LaunchConfiguration): LaunchResult {
  if (existing === undefined || !existing.trim()) {
    const text = JSON.stringify({ version: '0.2.0', configurations: [config] }, null, 4) + '\n';
    return { status: 'ok', text };
  }
  const t = tokens(existing);
  if (t[0]?.value !== '{') return { status: 'unreadable' };
  const eol = detectEol(existing);
  const unit = /\n([ \t]+)"/.exec(existing)?.[1] ?? '    ';
  // The top-level "configurations" key: a string at depth 1 followed by ':'.
  let depth = 0;
  for (let k = 0; k < t.length; k++) {
    const tok = t[k];
    if (tok.kind === 'punct' && (tok.value === '{' || tok.value === '[')) depth++;
    else if (tok.kind === 'punct' && (tok.value === '}' || tok.value === ']')) depth--;
    else if (tok.kind === 'string' && depth === 1 && tok.value === 'configurations' && t[k + 1]?.value === ':') {
      const open = t[k + 2];
      if (open?.value !== '[') return { status: 'unreadable' };
      // A configuration of the same name already there.
      let d = 0;
      let empty = true;
      for (let j = k + 2; j < t.length; j++) {
        const x = t[j];
        if (x.kind === 'punct' && (x.value === '[' || x.value === '{')) d++;
        else if (x.kind === 'punct' && (x.value === ']' || x.value === '}')) {
          if (--d === 0) break;
        } else if (d === 2 && x.kind === 'string' && x.value === 'name' && t[j + 2]?.kind === 'string' && t[j + 2].value === config.name) return { status: 'present' };
        if (j > k + 2) empty = false;
      }
      const insert = eol + render(config, unit, eol) + (empty ? eol + unit : ',');
      return { status: 'ok', text: existing.slice(0, open.end) + insert + existing.slice(open.end) };
    }
  }
  // No configurations yet: the key goes first in the object.
  const brace = t[0];
  const block = `${eol}${unit}"configurations": [${eol}${render(config, unit, eol)}${eol}${unit}],`;
  return { status: 'ok', text: existing.slice(0, brace.end) + block + existing.slice(brace.end) };
}
