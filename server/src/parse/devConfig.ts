/**
 * The configuration files of the file watchers a development container runs, as far as polling
 * is concerned: air's `.air.toml` (`poll` in `[build]`), realize's `.realize.yaml`
 * (`settings.legacy.force`) and nodemon's `nodemon.json` (`legacyWatch`). Pure functions of the text.
 */
import { parseDocument, isMap, isScalar } from 'yaml';

export interface AirConfig {
  /** `poll` of `[build]` (or `build.poll` at the top): its value and the offsets of the value. */
  poll: { value: boolean | undefined; start: number; end: number } | undefined;
  /** The `[build]` table header: where its line ends (after the line break), and the indentation of its first key. */
  build: { headerEnd: number; indent: string } | undefined;
  /** Top-level `root` (the folder air watches), when a plain string. */
  root: string | undefined;
  /** Something the small reader does not follow (an inline `build = {...}` table, a multi-line string): unknown. */
  unsure: boolean;
}

/** Reads the few keys of an air TOML file that say whether it polls. */
export function parseAirToml(text: string): AirConfig {
  const out: AirConfig = { poll: undefined, build: undefined, root: undefined, unsure: false };
  let table = '';
  let i = 0;
  while (i <= text.length) {
    const nl = text.indexOf('\n', i);
    const lineEnd = nl < 0 ? text.length : nl;
    const next = nl < 0 ? text.length + 1 : nl + 1;
    const raw = text.slice(i, lineEnd).replace(/\r$/, '');
    const line = raw.replace(/^\s+/, '');
    const lead = raw.length - line.length;
    if (line.includes('"""') || line.includes("'''")) out.unsure = true;
    const header = /^\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$/.exec(line);
    if (header) {
      table = header[1];
      if (table === 'build' && !out.build) {
        out.build = { headerEnd: Math.min(next, text.length), indent: '' };
        // The indentation of the table's first key, for a key inserted at its top.
        const rest = text.slice(out.build.headerEnd);
        const first = /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*([ \t]*)[A-Za-z_"]/.exec(rest);
        out.build.indent = first ? first[1] : '';
      }
    } else if (/^\[\[/.test(line)) {
      table = '\0array';
    } else {
      const kv = /^([A-Za-z0-9_.-]+|"[^"]*")\s*=\s*(.*)$/.exec(line);
      if (kv) {
        const key = kv[1].replace(/^"|"$/g, '');
        const full = table ? `${table}.${key}` : key;
        const valueText = kv[2].replace(/\s+#.*$/, '').trimEnd();
        const valueStart = i + lead + line.indexOf(kv[2]);
        if (full === 'build.poll') {
          const v = valueText === 'true' ? true : valueText === 'false' ? false : undefined;
          out.poll = { value: v, start: valueStart, end: valueStart + valueText.length };
          if (v === undefined) out.unsure = true;
        } else if (full === 'build' && valueText.startsWith('{')) {
          out.unsure = true;
        } else if (full === 'root') {
          const m = /^"([^"\\]*)"$|^'([^']*)'$/.exec(valueText);
          if (m) out.root = m[1] ?? m[2];
          else out.unsure = true;
        }
      }
    }
    i = next;
  }
  return out;
}

/** realize's `settings.legacy.force` (the polling watcher); undefined when absent or unreadable. */
export function realizePolls(text: string): boolean | undefined {
  try {
    const doc = parseDocument(text);
    if (doc.errors.length) return undefined;
    const settings = doc.get('settings', true);
    if (!isMap(settings)) return false;
    const legacy = settings.get('legacy', true);
    if (!isMap(legacy)) return false;
    const force = legacy.get('force', true);
    return isScalar(force) ? force.value === true : false;
  } catch {
    return undefined;
  }
}

/** nodemon.json's `legacyWatch`; undefined when the file is not JSON. */
export function nodemonPolls(text: string): boolean | undefined {
  try {
    const v = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    if (!v || typeof v !== 'object') return undefined;
    return (v as { legacyWatch?: unknown }).legacyWatch === true;
  } catch {
    return undefined;
  }
}
