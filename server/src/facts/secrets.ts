/**
 * What a secret looks like in configuration: variable names that hold credentials (the name ends in
 * PASSWORD, TOKEN, SECRET, API_KEY ...), the password inside a connection string, and values that
 * are obviously not real credentials (placeholders, switches, paths to secret files).
 */
import { memoByString } from '../core/memo';

/** Name endings that hold a credential. Matched on the name's words (split at `_`, `-`, `.` and camelCase). */
const SECRET_ENDINGS: string[][] = [
  ['PASSWORD'], ['PASSWD'], ['PASS'], ['PASSPHRASE'], ['PWD'],
  ['TOKEN'], ['SECRET'], ['APIKEY'], ['API', 'KEY'], ['PRIVATE', 'KEY'], ['ACCESS', 'KEY'], ['SECRET', 'KEY'],
  ['SIGNING', 'KEY'], ['ENCRYPTION', 'KEY'], ['MASTER', 'KEY'], ['CLIENT', 'KEY'], ['AUTH', 'KEY'],
  ['CREDENTIALS'], ['CREDENTIAL'],
];

/** Splits a variable name into upper-case words. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_\-.]+/)
    .filter(Boolean)
    .map((w) => w.toUpperCase());
}

/** The credential a name holds, if it does: the name must END in a secret word. */
// Every analysis asks about every ENV and ARG name of the file; the answers are kept per name.
export const secretKind: (name: string) => string | undefined = memoByString(10_000, computeSecretKind);

function computeSecretKind(name: string): string | undefined {
  const words = nameWords(name);
  if (!words.length) return undefined;
  if (words.length === 1 && words[0] === 'PWD') return undefined; // the shell's working directory
  for (const ending of SECRET_ENDINGS) {
    if (ending.length > words.length) continue;
    const tail = words.slice(words.length - ending.length);
    if (!tail.every((w, k) => w === ending[k])) continue;
    const last = ending[ending.length - 1];
    if (last === 'KEY') return 'key';
    if (last === 'TOKEN') return 'token';
    if (last === 'SECRET') return 'secret';
    if (last.startsWith('CREDENTIAL')) return 'credential';
    return 'password';
  }
  return undefined;
}

/**
 * The password inside a connection string: `scheme://user:password@host` or the Go MySQL driver's
 * `user:password@tcp(host)/db`. Offsets are relative to the value.
 */
export function urlPassword(value: string): { start: number; end: number } | undefined {
  const url = /^([a-z][a-z0-9+.-]*:\/\/)([^:@/\s]*):([^@\s]+)@/i.exec(value);
  if (url) {
    const start = url[1].length + url[2].length + 1;
    return { start, end: start + url[3].length };
  }
  const driver = /^([^:@/\s]+):([^@\s]+)@(?:tcp|unix)\(/.exec(value);
  if (driver) return { start: driver[1].length + 1, end: driver[1].length + 1 + driver[2].length };
  return undefined;
}

const PLACEHOLDER =
  /^(?:x+|random[-_ ]?(?:string|secret|password|key|token)?|\*+|\.+|-+|_+|changeme|change[-_ ]?me|change[-_ ]?it|replace[-_ ]?me|placeholder|todo|tbd|none|null|nil|undefined|empty|secret|password|passwd|pass|token|key|apikey|api[-_]key|example|dummy|fake|test|testing|sample|redacted|unset|default|true|false|yes|no|on|off|0|1|your[-_ ].*|your[A-Z_].*|.*[-_ ]here|<.*>|\{\{.*\}\}|\{[^{}]*\}|\[.*\]|%.*%)$/i;

/** Values that are obviously not real credentials: placeholders, switches, references to files. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (!v) return true;
  if (PLACEHOLDER.test(v)) return true;
  if (v.startsWith('/') || v.startsWith('./') || v.startsWith('file:')) return true; // a path to a secret file
  return false;
}

