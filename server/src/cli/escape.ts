/**
 * Text from the checked files (their names, and messages that quote them) printed to a terminal:
 * control characters (escape sequences that set the window title or move the cursor, line breaks
 * that would fake output lines), DEL, the C1 controls and the bidirectional overrides are shown as
 * `\u001b`-style escapes instead.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// eslint-disable-next-line no-control-regex
const ANY_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export function escapeForTerminal(s: string): string {
  return ANY_UNSAFE.test(s) ? s.replace(UNSAFE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) : s;
}
