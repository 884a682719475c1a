/**
 * The `go build` commands that a host script or Makefile runs before its `docker build`: the binary
 * each writes (`-o`), and the GOOS and GOARCH it builds for, as the script sets them — inline
 * (`GOOS=linux go build`), exported (`export GOARCH=arm64`), through a batch file's `set GOOS=linux`,
 * PowerShell's `$env:GOOS = "linux"`, `go env -w`, or a Makefile variable defined once outside any
 * conditional. A value that depends on something we do not read (a variable of the caller, a
 * `$(shell ...)`, a definition in an `ifeq`) is left out, and so is the build.
 *
 * A build in a Windows batch file or PowerShell script that sets no GOOS builds for Windows: Go's
 * default GOOS is the host's.
 *
 * Data and string reading only: this module imports nothing of the project, so that the host script
 * reader can use it.
 */
import * as path from 'node:path';
import { escapeRegExp } from '../core/text';

/** What sets a GOOS or GOARCH for a host build. */
export interface HostGoVar {
  value: string;
  /** How the script says it, for messages: `GOARCH=amd64`, `set GOOS=windows`. */
  setting: string;
  /** Offsets of the value in the script, when it is written there literally (for a fix). */
  start?: number;
  end?: number;
}

export interface HostGoBuild {
  /** The script or Makefile, and the offsets of the line that runs the build. */
  file: string;
  start: number;
  end: number;
  /** The binary it writes (host path). */
  output: string;
  goos: HostGoVar | undefined;
  goarch: HostGoVar | undefined;
  /** The script runs on Windows (a .bat, .cmd or .ps1): without GOOS the binary is a Windows one. */
  windowsHost: boolean;
  /** The script's language, for a fix that adds a line. */
  lang: 'sh' | 'bat' | 'ps1' | 'make';
}

/** The variables a script has set so far (upper-case names for batch files and PowerShell). */
export type HostGoEnv = Map<string, HostGoVar | null>;

const GO_VARS = new Set(['GOOS', 'GOARCH']);

/** Where `name=value` (or PowerShell's `$env:name = "value"`) is written in `raw`, at `base`. */
function literalAt(raw: string, base: number, name: string, value: string, ps: boolean): { start: number; end: number } | undefined {
  const re = ps ? new RegExp(`\\$env:${escapeRegExp(name)}\\s*=\\s*["']?(${escapeRegExp(value)})`, 'i') : new RegExp(`(?:^|[\\s"'(])${escapeRegExp(name)}=["']?(${escapeRegExp(value)})(?=["'\\s;&|)]|$)`, 'i');
  const m = re.exec(raw);
  if (!m) return undefined;
  const at = m.index + m[0].length - m[1].length;
  return { start: base + at, end: base + at + value.length };
}

function setVar(env: HostGoEnv, name: string, value: string, setting: string, raw: string, base: number, ps = false): void {
  const key = name.toUpperCase();
  if (!GO_VARS.has(key)) return;
  const v = value.trim().replace(/^(["'])(.*)\1$/, '$2');
  if (!v || /[$%`(]/.test(v)) {
    env.set(key, null);
    return;
  }
  env.set(key, { value: v, setting, ...literalAt(raw, base, name, v, ps) });
}

/** Splits a command line into words (quotes kept out, no expansion). */
function words(s: string): string[] {
  return (s.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^(["'])(.*)\1$/, '$2'));
}

/**
 * Reads one line of a host script (for a Makefile: a recipe line after expansion) and returns the
 * go builds it runs, updating `env` with what it sets. `raw` is the line as written and `base` its
 * offset in the file; `cwd` the folder it runs in ('' when unknown).
 */
export function hostGoBuildsIn(env: HostGoEnv, line: string, raw: string, base: number, cwd: string, file: string, lang: HostGoBuild['lang']): HostGoBuild[] {
  const out: HostGoBuild[] = [];
  const windowsHost = lang === 'bat' || lang === 'ps1';
  for (let seg of line.split(/\s*(?:&&|\|\||;|\|)\s*/)) {
    seg = seg.trim().replace(/^@/, '');
    if (!seg) continue;
    const bat = /^set\s+"?([A-Za-z_]\w*)=([^"]*)"?\s*$/i.exec(seg);
    if (bat && lang === 'bat') {
      setVar(env, bat[1], bat[2], `set ${bat[1].toUpperCase()}=${bat[2]}`, raw, base);
      continue;
    }
    const ps = /^\$env:([A-Za-z_]\w*)\s*=\s*(.*)$/i.exec(seg);
    if (ps && lang === 'ps1') {
      setVar(env, ps[1], ps[2], `$env:${ps[1].toUpperCase()} = ${ps[2].trim()}`, raw, base, true);
      continue;
    }
    let w = words(seg);
    if (w[0] === 'export' && lang !== 'bat' && lang !== 'ps1') {
      for (const a of w.slice(1)) {
        const eq = a.indexOf('=');
        if (eq > 0) setVar(env, a.slice(0, eq), a.slice(eq + 1), `export ${a}`, raw, base);
      }
      continue;
    }
    const inline: HostGoEnv = new Map();
    if (w[0] === 'env') w = w.slice(1);
    while (w.length && /^[A-Za-z_]\w*=/.test(w[0]) && lang !== 'bat' && lang !== 'ps1') {
      const eq = w[0].indexOf('=');
      setVar(inline, w[0].slice(0, eq), w[0].slice(eq + 1), w[0], raw, base);
      w = w.slice(1);
    }
    const go = w[0]?.replace(/\.exe$/i, '');
    if (go !== 'go' && !/[\\/]go$/.test(go ?? '')) continue;
    if (w[1] === 'env' && w[2] === '-w') {
      for (const a of w.slice(3)) {
        const eq = a.indexOf('=');
        if (eq > 0) setVar(env, a.slice(0, eq), a.slice(eq + 1), `go env -w ${a}`, raw, base);
      }
      continue;
    }
    if (w[1] !== 'build') continue;
    let output: string | undefined;
    for (let k = 2; k < w.length; k++) {
      if (w[k] === '-o') output = w[k + 1];
      else if (w[k].startsWith('-o=')) output = w[k].slice(3);
    }
    if (!output || !cwd || /[$%`]/.test(output)) continue;
    const pick = (name: string): HostGoVar | undefined | null => (inline.has(name) ? inline.get(name) : env.get(name));
    const goos = pick('GOOS');
    const goarch = pick('GOARCH');
    // A value we cannot read: the build's target is not known.
    if (goos === null || goarch === null) continue;
    out.push({
      file,
      start: base,
      end: base + raw.length,
      output: path.resolve(cwd, windowsHost ? output.replace(/\\/g, '/') : output),
      goos,
      goarch,
      windowsHost,
      lang,
    });
  }
  return out;
}

/**
 * Whether a Makefile defines `name` exactly once, outside any conditional: only then is the value
 * the parsed Makefile gives the one make uses.
 */
export function makeVarCertain(text: string, name: string): boolean {
  let depth = 0;
  let defs = 0;
  const def = new RegExp(`^(?:(?:export|override)\\s+)*${name}\\s*(?:::=|:=|\\?=|\\+=|!=|=)`);
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('\t')) continue;
    const t = line.trim();
    if (/^(ifeq|ifneq|ifdef|ifndef)\b/.test(t)) depth++;
    else if (/^endif\b/.test(t)) depth = Math.max(0, depth - 1);
    else if (def.test(t)) {
      if (depth > 0 || /\+=|!=/.test(t.slice(0, t.indexOf('=') + 1))) return false;
      defs++;
    }
  }
  return defs === 1;
}
