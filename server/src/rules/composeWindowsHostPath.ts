/**
 * DGT201 compose-windows-host-path: Windows host paths written with backslashes in compose files.
 * On a WSL host (the editor's `dockerGoTraps.hostMode`), drive paths with forward slashes too, since
 * Docker there reads neither: the fixes then suggest /mnt/<drive>/... or a relative path.
 */
import * as path from 'node:path';
import { ComposeContext, composeRule } from './context';
import type { FixInput, ReportInput } from '../core/types';
import { formatMessage } from '../core/types';
import { mapGet, isMap, isSeq, isScalar, scalarString, serviceBuild, Scalar, Node, ComposeService } from '../parse/compose';
import { composeScope } from './lib/composeKit';
import { projectDotenv, varRefs, type DotenvFile } from '../model/composeInterpolation';

const DRIVE = /^[A-Za-z]:\\/;
/** A drive path with either slash. */
const ANY_DRIVE = /^[A-Za-z]:[\\/]/;
const RELATIVE = /^\.{1,2}\\/;
const NAMED_PIPE = /^\\\\[.?]\\pipe\\/i;

/** A Windows path on the container side means a Windows container: its paths are Windows paths. */
function isWindowsContainerPath(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\');
}

function isBackslashHostPath(p: string): boolean {
  if (NAMED_PIPE.test(p)) return false;
  return (DRIVE.test(p) || RELATIVE.test(p)) && p.includes('\\');
}

/** Splits `SRC:DST[:MODE]`, allowing a drive letter in SRC. */
export function splitVolume(spec: string): { host: string; container: string } | undefined {
  const from = /^[A-Za-z]:[\\/]/.test(spec) ? 2 : 0;
  const colon = spec.indexOf(':', from);
  if (colon < 0) return undefined;
  const container = spec.slice(colon + 1).replace(/:(ro|rw|z|Z|cached|delegated|consistent|nocopy|[a-z,]+)$/, '');
  return { host: spec.slice(0, colon), container };
}

/** The compose file's folder as a Windows path ("c:/goapp"), when it lives on a Windows drive. */
export function windowsDirOf(composePath: string): string | undefined {
  const p = composePath.replace(/\\/g, '/');
  let m = /^\/mnt\/([a-z])(\/.*)?$/i.exec(path.posix.dirname(p));
  if (m) return `${m[1].toLowerCase()}:${m[2] ?? '/'}`.replace(/\/$/, '');
  m = /^\/?([a-z]):(\/.*)?$/i.exec(path.posix.dirname(p));
  if (m) return `${m[1].toLowerCase()}:${m[2] ?? '/'}`.replace(/\/$/, '');
  return undefined;
}

/** A path relative to the compose file's folder, when `winPath` lies inside it. */
export function relativeToCompose(composePath: string, winPath: string, anySlash = false): string | undefined {
  const dir = windowsDirOf(composePath);
  if (!dir || !(anySlash ? ANY_DRIVE : DRIVE).test(winPath)) return undefined;
  const target = winPath.replace(/\\/g, '/').replace(/\/+$/, '');
  const lowerTarget = target.toLowerCase();
  const lowerDir = dir.toLowerCase();
  if (lowerTarget === lowerDir) return '.';
  if (!lowerTarget.startsWith(lowerDir + '/')) return undefined;
  return './' + target.slice(dir.length + 1);
}

/** The path WSL mounts a Windows drive path at (default automount root): C:\\goapp → /mnt/c/goapp. */
export function wslPathOf(winPath: string): string | undefined {
  const m = /^([A-Za-z]):[\\/](.*)$/.exec(winPath);
  if (!m) return undefined;
  return `/mnt/${m[1].toLowerCase()}/${m[2].replace(/\\/g, '/')}`.replace(/\/+$/, '');
}

/** Renders a scalar's new value in the scalar's own quoting style. */
function render(node: Scalar, value: string): string {
  if (node.type === Scalar.QUOTE_DOUBLE) return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
  if (node.type === Scalar.QUOTE_SINGLE) return "'" + value.replace(/'/g, "''") + "'";
  return value;
}

interface Candidate {
  node: Scalar;
  /** The scalar's full value and the host path inside it. */
  value: string;
  host: string;
  hostAt: number;
  what: string;
}

/** Whether the rule speaks to a WSL host about this path (a drive path; `.\\x` paths get the usual advice). */
function wslAdvice(ctx: ComposeContext, host: string): boolean {
  return ctx.hostMode === 'wsl' && ANY_DRIVE.test(host);
}

function fixesFor(ctx: ComposeContext, c: Candidate): { start: number; end: number; fixes: FixInput[] } {
  const [s, e] = c.node.range ?? [0, 0];
  const quoteLen = c.node.type === Scalar.PLAIN ? 0 : 1;
  const hostStart = s + quoteLen + c.hostAt;
  const exact = ctx.text.slice(hostStart, hostStart + c.host.length) === c.host;
  const replacements: { titleId: string; host: string }[] = [];
  if (wslAdvice(ctx, c.host)) {
    // On WSL, `C:/...` fails like `C:\\...`: a relative path (portable) first, else the /mnt path.
    const rel = relativeToCompose(ctx.path, c.host, true);
    if (rel) replacements.push({ titleId: 'relative', host: rel });
    const wsl = wslPathOf(c.host);
    if (wsl) replacements.push({ titleId: 'wsl', host: wsl });
  } else {
    replacements.push({ titleId: 'slashes', host: c.host.replace(/\\/g, '/') });
    const rel = relativeToCompose(ctx.path, c.host);
    if (rel) replacements.push({ titleId: 'relative', host: rel });
  }
  const fixes: FixInput[] = replacements.map((r, k) => {
    const meta = { titleId: r.titleId, titleData: { path: r.host }, preferred: k === 0 };
    if (exact) return { ...meta, edits: [{ path: ctx.path, start: hostStart, end: hostStart + c.host.length, newText: r.host }] };
    const value = c.value.slice(0, c.hostAt) + r.host + c.value.slice(c.hostAt + c.host.length);
    return { ...meta, edits: [{ path: ctx.path, start: s, end: e, newText: render(c.node, value) }] };
  });
  return exact ? { start: hostStart, end: hostStart + c.host.length, fixes } : { start: s, end: e, fixes };
}

const FIX_TITLES: Record<string, string> = {
  slashes: 'Use forward slashes: {path}',
  relative: 'Use a path relative to the compose file: {path}',
  wsl: 'Use the WSL path: {path}',
  slashesQuoted: 'Use forward slashes: "{path}"',
};

/** Every host path of a service as written: volume sources (short and long syntax), build context, dockerfile, env_file. */
function hostPaths(svc: ComposeService): (Candidate & { container: string })[] {
  const out: (Candidate & { container: string })[] = [];
  const doc = svc.doc;
  const volumes = mapGet(doc, svc.node, 'volumes');
  for (const item of isSeq(volumes) ? (volumes.items as Node[]) : []) {
    if (isScalar(item)) {
      const v = scalarString(item);
      const parts = v !== undefined ? splitVolume(v) : undefined;
      if (v && parts) out.push({ node: item, value: v, host: parts.host, hostAt: 0, what: 'volume', container: parts.container });
    } else if (isMap(item)) {
      const type = scalarString(mapGet(doc, item, 'type'));
      const src = mapGet(doc, item, 'source');
      const v = scalarString(src);
      if ((!type || type === 'bind') && isScalar(src) && v) out.push({ node: src, value: v, host: v, hostAt: 0, what: 'bind source', container: scalarString(mapGet(doc, item, 'target')) ?? '' });
    }
  }
  const build = serviceBuild(svc);
  if (build?.contextNode) out.push({ node: build.contextNode, value: build.context, host: build.context, hostAt: 0, what: 'build context', container: '' });
  if (build?.dockerfileNode && build.dockerfile) out.push({ node: build.dockerfileNode, value: build.dockerfile, host: build.dockerfile, hostAt: 0, what: 'dockerfile path', container: '' });
  const envFile = mapGet(doc, svc.node, 'env_file');
  const envItems = isSeq(envFile) ? (envFile.items as Node[]) : envFile ? [envFile] : [];
  for (const item of envItems) {
    const node = isMap(item) ? mapGet(doc, item, 'path') : item;
    const v = scalarString(node);
    if (isScalar(node) && v) out.push({ node, value: v, host: v, hostAt: 0, what: 'env_file', container: '' });
  }
  return out;
}

function collect(svc: ComposeService, out: Candidate[], isFlagged: (p: string) => boolean): void {
  for (const c of hostPaths(svc)) if (isFlagged(c.host) && !isWindowsContainerPath(c.container)) out.push(c);
}

export const composeWindowsHostPath = composeRule({
  id: 'DGT201',
  name: 'compose-windows-host-path',
  kind: 'compose',
  severity: 'warning',
  title: 'Windows host path with backslashes',
  messages: {
    path:
      'The {what} `{host}` is a Windows path with backslashes. It works only with Docker Desktop on Windows; under WSL, Git Bash (MSYS path conversion), Linux CI and in double-quoted YAML it breaks. Use forward slashes ({fixed}) or a path relative to the compose file.',
    yamlEscape:
      'YAML reads the backslashes in this double-quoted path as escape sequences: `{error}`. Use forward slashes.',
    interpolated:
      'The {what} `{ref}` becomes `{host}` through `{name}` in {envFile} (line {line}): a Windows path with backslashes. It works only with Docker Desktop on Windows; under WSL, Git Bash (MSYS path conversion), Linux CI and for teammates on other machines it breaks. Write it with forward slashes in {envFile} ({fixed}).',
    wsl:
      'The {what} `{host}` is a Windows drive path, but Docker runs on a WSL host here, where Compose reads `C:` as a volume name and the rest as the target and mode (`invalid mode: /app`), with backslashes or forward slashes alike. Use the path WSL mounts the drive at ({fixed}) or a path relative to the compose file.',
  },
  fixTitles: FIX_TITLES,
  relatedMessages: { envValue: '`{name}` is set here.' },
  docs: {
    what: 'Finds Windows host paths written with backslashes in compose volumes (short and long syntax), build contexts, `dockerfile` paths and `env_file` entries, also when they come from a variable of the project\'s `.env` file (`${LOG_PATH}:/app/logs` with `LOG_PATH=C:\\Users\\Public\\Logs`).',
    why:
      'A path such as `C:\\goapp` only means something to Docker Desktop on Windows. The same compose file fails from WSL, in Git Bash (whose MSYS layer rewrites paths), on a teammate\'s Linux or Mac and in CI. Inside a double-quoted YAML string the backslashes are escape sequences, so the file does not even parse. Forward slashes (`C:/goapp`) work everywhere Docker Desktop runs, and a path relative to the compose file works on every machine.',
    errorText: [
      'Invalid escape sequence \\g (yaml: found unknown escape character / did not find expected hexadecimal number)',
      'Error response from daemon: invalid mode: /app',
      'invalid volume specification: \'C:\\goapp:/app\'',
    ],
    bad: 'services:\n  api:\n    build: .\n    volumes:\n      - C:\\goapp:/app\n',
    good: 'services:\n  api:\n    build: .\n    volumes:\n      - ./:/app        # or C:/goapp:/app\n',
    exampleLanguage: 'yaml',
    fixes:
      'Convert the backslashes to forward slashes (preferred), or, when the path lies inside the folder of the compose file, replace it with a relative path. A path that comes from `.env` is rewritten with forward slashes there. For a double-quoted path that YAML cannot parse, the fix rewrites it with forward slashes. When the editor knows that Docker runs on a WSL host (setting `dockerGoTraps.hostMode`), drive paths with forward slashes are flagged too, and the fixes offer a relative path (preferred) or the path WSL mounts the drive at (`/mnt/c/...`).',
    notFlagged: [
      'Windows-container mounts (the container side is a Windows path such as `C:\\data`): they only run on Windows hosts, where backslashes are native.',
      'Named pipes such as `\\\\.\\pipe\\docker_engine`.',
      'Paths that already use forward slashes (except on a WSL host, see above).',
      'Variables that `.env` does not set (they may come from the shell), and `.env` values in quotes that hold escapes.',
    ],
  },
  check(ctx, report) {
    const candidates: Candidate[] = [];
    const flagged = (p: string) => isBackslashHostPath(p) || (ctx.hostMode === 'wsl' && ANY_DRIVE.test(p) && !NAMED_PIPE.test(p));
    for (const svc of ctx.model.services) collect(svc, candidates, flagged);
    const done = new Set<number>();
    const errorsAt = ctx.model.errors.map((e) => e.start);
    for (const c of candidates) {
      // A scalar YAML could not read is reported once below, as the YAML error it is.
      const [s, e] = c.node.range ?? [0, 0];
      if (errorsAt.some((at) => at >= s && at < e)) continue;
      // A scalar shared through an anchor or merge key is reported once, where it is written.
      const at = c.node.range?.[0] ?? -1;
      if (done.has(at)) continue;
      done.add(at);
      const { start, end, fixes } = fixesFor(ctx, c);
      if (wslAdvice(ctx, c.host)) report({ start, end, messageId: 'wsl', data: { what: c.what, host: c.host, fixed: wslPathOf(c.host) ?? c.host }, fixes });
      else report({ start, end, messageId: 'path', data: { what: c.what, host: c.host, fixed: c.host.replace(/\\/g, '/') }, fixes });
    }
    const interpolated: Interpolated[] = [];
    for (const svc of ctx.model.services) collectInterpolated(svc, interpolated);
    if (interpolated.length) {
      const env = projectDotenv(ctx.project, composeScope(ctx).view.dir);
      if (env) for (const c of interpolated) reportInterpolated(ctx, env, c, done, flagged, report);
    }
    for (const err of ctx.model.errors) {
      if (err.code !== 'BAD_DQ_ESCAPE') continue;
      const r = quotedAround(ctx.text, err.start);
      if (!r || done.has(r.start)) continue;
      done.add(r.start);
      const finding = yamlEscapeFinding(ctx, r, err.message);
      if (finding) report(finding);
    }
  },
});

/** The double-quoted string around an offset, on the same line. */
function quotedAround(text: string, at: number): { start: number; end: number; inner: string } | undefined {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd < 0) lineEnd = text.length;
  const open = text.lastIndexOf('"', at);
  if (open < lineStart) return undefined;
  let close = -1;
  for (let i = open + 1; i < lineEnd; i++) {
    if (text[i] === '\\' && text[i + 1] === '"') {
      i++;
      continue;
    }
    if (text[i] === '"') {
      close = i;
      break;
    }
  }
  if (close < 0) return undefined;
  return { start: open, end: close + 1, inner: text.slice(open + 1, close) };
}

function yamlEscapeFinding(ctx: ComposeContext, r: { start: number; end: number; inner: string }, error: string): ReportInput<'yamlEscape'> | undefined {
  const inner = r.inner;
  // Only our business when the string is a Windows path; other escape errors are plain YAML errors.
  if (!/(^|[\s:=])([A-Za-z]:\\|\.{1,2}\\)/.test(inner) || inner.includes('\\"')) return undefined;
  // Single quotes would also parse, but keep the backslashes this rule warns about: forward slashes only.
  let fixed = inner.replace(/\\/g, '/');
  // On a WSL host a leading drive becomes its /mnt path.
  if (ctx.hostMode === 'wsl') fixed = fixed.replace(/^([A-Za-z]):\//, (_m, d: string) => `/mnt/${d.toLowerCase()}/`);
  const fixes: FixInput[] = [
    {
      titleId: 'slashesQuoted',
      titleData: { path: fixed },
      preferred: true,
      edits: [{ path: ctx.path, start: r.start, end: r.end, newText: '"' + fixed + '"' }],
    },
  ];
  return { start: r.start, end: r.end, messageId: 'yamlEscape', data: { error }, fixes };
}

// ---- host paths that come from .env -----------------------------------------------------------

interface Interpolated {
  node: Scalar;
  /** The host part of the value as written, with its variable references. */
  host: string;
  hostAt: number;
  what: string;
}

function collectInterpolated(svc: ComposeService, out: Interpolated[]): void {
  for (const c of hostPaths(svc)) {
    if (c.host.startsWith('$') && c.what !== 'dockerfile path' && c.what !== 'env_file' && !isWindowsContainerPath(c.container)) out.push(c);
  }
}

function reportInterpolated(
  ctx: ComposeContext,
  env: DotenvFile,
  c: Interpolated,
  done: Set<number>,
  flagged: (p: string) => boolean,
  report: (r: ReportInput<'interpolated'>) => void,
): void {
  const refs = varRefs(c.host);
  // Only the plain forms: `${NAME}` and `$NAME`, each taken from .env.
  if (!refs.length || refs.some((r) => r.op !== '')) return;
  const first = refs[0];
  if (first.start !== 0) return;
  const entry = env.entries.get(first.name);
  if (!entry || !entry.exact || entry.multiline) return;
  let host = '';
  let at = 0;
  for (const r of refs) {
    const v = env.entries.get(r.name);
    if (!v) return;
    host += c.host.slice(at, r.start) + v.value;
    at = r.end;
  }
  host += c.host.slice(at);
  // The variable itself must bring the Windows path (not a suffix written in the compose file).
  if (!flagged(host) || !flagged(entry.value + (entry.value.endsWith('\\') ? '' : '\\'))) return;
  const [s] = c.node.range ?? [0, 0];
  if (done.has(s)) return;
  done.add(s);
  const quoteLen = c.node.type === Scalar.PLAIN ? 0 : 1;
  const refStart = s + quoteLen + c.hostAt + first.start;
  const refText = c.host.slice(first.start, first.end);
  if (ctx.text.slice(refStart, refStart + refText.length) !== refText) return;
  const envText = ctx.project.text(env.path) ?? '';
  const line = envText.slice(0, entry.keyStart).split('\n').length;
  const envFile = path.basename(env.path);
  const wsl = ctx.hostMode === 'wsl' && ANY_DRIVE.test(entry.value);
  const fixed = wsl ? wslPathOf(entry.value) ?? entry.value.replace(/\\/g, '/') : entry.value.replace(/\\/g, '/');
  report({
    start: refStart,
    end: refStart + refText.length,
    messageId: 'interpolated',
    data: { what: c.what, ref: refText, name: first.name, host, envFile, line, fixed },
    fixes: [
      {
        titleId: wsl ? 'wsl' : 'slashes',
        titleData: { path: fixed },
        preferred: true,
        edits: [{ path: env.path, start: entry.valueStart, end: entry.valueEnd, newText: fixed }],
      },
    ],
    related: [{ path: env.path, start: entry.valueStart, end: entry.valueEnd, messageId: 'envValue', data: { name: first.name } }],
  });
}
