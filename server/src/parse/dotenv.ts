/**
 * A reader for `.env` / `env_file` files that follows Compose's own parser (compose-go's dotenv):
 * `KEY=VALUE` or `KEY: VALUE` lines, an optional `export ` prefix, `#` comments, single- and
 * double-quoted values that may span lines, unquoted values cut at ` #` and trimmed at the end
 * (which removes a trailing "\r"). Every entry keeps its offsets in the file.
 */

export interface DotenvEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  /** The value as Compose reads it (escapes of double-quoted values decoded). */
  value: string;
  /** Offsets of the raw value text (inside the quotes for quoted values). */
  valueStart: number;
  valueEnd: number;
  quote: '"' | "'" | undefined;
  /** True when a quoted value spans several lines. */
  multiline: boolean;
  /** True when the raw value text is exactly `value`. */
  exact: boolean;
}

const KEY = /^[A-Za-z0-9_.\-[\]]+/;

export function parseDotenv(text: string): DotenvEntry[] {
  const out: DotenvEntry[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    // Skip white space, including line breaks.
    while (i < n && /\s/.test(text[i])) i++;
    if (i >= n) break;
    const lineEnd = text.indexOf('\n', i) < 0 ? n : text.indexOf('\n', i);
    if (text[i] === '#') {
      i = lineEnd + 1;
      continue;
    }
    let s = i;
    if (text.startsWith('export ', s) || text.startsWith('export\t', s)) {
      s += 7;
      while (s < lineEnd && (text[s] === ' ' || text[s] === '\t')) s++;
    }
    const km = KEY.exec(text.slice(s, lineEnd));
    if (!km) {
      i = lineEnd + 1;
      continue;
    }
    const keyStart = s;
    const keyEnd = s + km[0].length;
    let j = keyEnd;
    while (j < lineEnd && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] !== '=' && text[j] !== ':') {
      // A bare KEY takes its value from the environment; anything else is not an entry.
      i = lineEnd + 1;
      continue;
    }
    j++;
    while (j < lineEnd && (text[j] === ' ' || text[j] === '\t')) j++;
    const q = text[j];
    if (q === '"' || q === "'") {
      let k = j + 1;
      let raw = '';
      for (; k < n; k++) {
        const c = text[k];
        if (c === '\\' && k + 1 < n) {
          raw += c + text[k + 1];
          k++;
          continue;
        }
        if (c === q) break;
        raw += c;
      }
      if (k >= n) {
        // Unterminated: Compose reports an error; nothing more to read.
        break;
      }
      const value = q === '"' ? raw.replace(/\\([nr"\\$])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c)) : raw;
      out.push({
        key: km[0],
        keyStart,
        keyEnd,
        value,
        valueStart: j + 1,
        valueEnd: k,
        quote: q,
        multiline: raw.includes('\n'),
        exact: value === raw,
      });
      const nl = text.indexOf('\n', k);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    let rawEnd = lineEnd;
    const hash = text.slice(j, lineEnd).search(/\s#/);
    if (hash >= 0) rawEnd = j + hash;
    let valueEnd = rawEnd;
    while (valueEnd > j && /\s/.test(text[valueEnd - 1])) valueEnd--;
    out.push({ key: km[0], keyStart, keyEnd, value: text.slice(j, valueEnd), valueStart: j, valueEnd, quote: undefined, multiline: false, exact: true });
    i = lineEnd + 1;
  }
  return out;
}
