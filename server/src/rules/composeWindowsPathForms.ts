/**
 * DGT202 compose-windows-path-forms: the Windows path forms DGT201 does not cover — backslashes in
 * relative paths that do not start with `.\` (`docker\Dockerfile`, `./data\db`) and in keys DGT201
 * does not read (secrets, configs, include, extends, additional_contexts, ...); paths that Git Bash
 * (MSYS) rewrote (`C:/Program Files/Git/app`); and Git Bash drive paths (`/c/Users/...`).
 */
import { ComposeContext, composeRule } from './context';
import type { FixInput, HostMode } from '../core/types';
import { Scalar } from '../parse/compose';
import { composeScope, titled } from './lib/composeKit';
import { isWindowsContainerPath, isWindowsService, pathCandidates, PathCandidate } from '../model/composePaths';

/** What DGT201 reports: a drive or `.\`/`..\` path with backslashes, in its keys, outside Windows containers. */
function coveredByDgt201(c: PathCandidate): boolean {
  return c.dgt201 && (/^[A-Za-z]:\\/.test(c.value) || /^\.{1,2}\\/.test(c.value)) && !isWindowsContainerPath(c.target);
}

const NAMED_PIPE = /^\\\\[.?]\\pipe\\/i;
/** The root of Git for Windows / MSYS2 as a Windows path: what MSYS puts in front of a Linux path. */
const MSYS_ROOT = /^[A-Za-z]:[\\/](?:Program Files(?: \(x86\))?[\\/]Git|msys64|msys32|msys2)(?=[\\/]|$)/i;
/** `/c/Users/...`: the Git Bash (MSYS) spelling of a Windows drive path. */
const GITBASH_DRIVE = /^\/([A-Za-z])\/(Users|Program Files|Program Files \(x86\)|ProgramData|Windows|Documents and Settings)(?=\/|$)/;

function hostModeOf(ctx: ComposeContext): HostMode | undefined {
  if (ctx.hostMode) return ctx.hostMode;
  const p = ctx.path.replace(/\\/g, '/');
  if (/^\/mnt\/[a-z]\//i.test(p)) return 'wsl';
  if (/^[A-Za-z]:\//.test(p)) return 'windows';
  return undefined;
}

/** Renders a scalar's whole value again in its own quoting style. */
function render(node: Scalar, value: string): string {
  if (node.type === Scalar.QUOTE_DOUBLE) return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
  if (node.type === Scalar.QUOTE_SINGLE) return "'" + value.replace(/'/g, "''") + "'";
  return value;
}

/** A fix replacing the path inside its scalar (exactly when the text spells it out, else re-rendering the scalar). */
function replacePath(ctx: ComposeContext, c: PathCandidate, replacement: string, title: Pick<FixInput, 'titleId' | 'titleData'>, preferred: boolean): FixInput | undefined {
  const s = c.scalar;
  if (s.exact) return { ...title, preferred, edits: [{ path: ctx.path, start: s.start + c.at, end: s.start + c.at + c.value.length, newText: replacement }] };
  const r = s.node.range;
  if (!r || s.node.type === Scalar.BLOCK_FOLDED || s.node.type === Scalar.BLOCK_LITERAL || s.value === undefined) return undefined;
  const value = s.value.slice(0, c.at) + replacement + s.value.slice(c.at + c.value.length);
  return { ...title, preferred, edits: [{ path: ctx.path, start: r[0], end: r[1], newText: render(s.node, value) }] };
}

function span(c: PathCandidate): { start: number; end: number } {
  const s = c.scalar;
  if (s.exact) return { start: s.start + c.at, end: s.start + c.at + c.value.length };
  const r = s.node.range ?? [s.start, s.end];
  return { start: r[0], end: r[1] };
}

const FIX_TITLES: Record<string, string> = {
  slashes: 'Use forward slashes: {path}',
  restore: 'Restore the Linux path: {path}',
  windows: 'Use the Windows form: {path}',
};

export const composeWindowsPathForms = composeRule({
  id: 'DGT202',
  name: 'compose-windows-path-forms',
  kind: 'compose',
  severity: 'warning',
  title: 'Windows path forms that break outside Docker Desktop for Windows',
  fixTitles: FIX_TITLES,
  messages: {
    backslash:
      'The {what} `{path}` uses backslashes. Only Docker Desktop on Windows reads them as separators; under WSL, in Git Bash, on Linux and macOS and in CI the backslash is part of a file name (`{fixed}` is not found, or a new directory named after the whole string appears). Use forward slashes: `{fixed}`.',
    msys:
      'The {what} `{path}` is a Linux path that Git Bash (MSYS) rewrote into a Windows path under its install folder before Compose saw it; the container has no such path. It was `{fixed}`. When running docker from Git Bash, set MSYS_NO_PATHCONV=1 (or write `//app`).',
    gitbash:
      'The {what} `{path}` is the Git Bash (MSYS) spelling of `{windows}`. Git Bash translates it on its own command line, but nothing translates it inside a compose file: Docker Desktop looks for `{path}` in its Linux VM, does not find it and mounts a new, empty directory. Write {suggestion}.',
  },
  docs: {
    what: 'Finds Windows path forms in compose files that DGT201 does not cover: backslashes in relative paths that do not start with `.\\` (`docker\\Dockerfile`, `./data\\db`) and in keys such as `secrets`, `configs`, `include`, `extends`, `additional_contexts` and `label_file`; paths that Git Bash rewrote (`C:/Program Files/Git/app`); and Git Bash drive paths such as `/c/Users/me/app`.',
    why:
      'A compose file is read by Docker Desktop on Windows, by Compose inside WSL, by teammates on macOS and Linux and by CI. Backslashes work only in the first case. Git Bash (MSYS) rewrites anything that looks like a Linux path on its command line — `/app` becomes `C:/Program Files/Git/app` — and such rewritten paths end up in compose files generated or copied from a Git Bash session. `/c/Users/...` is how Git Bash names `C:\\Users\\...`; Docker never sees that translation when the path is in a file.',
    errorText: [
      'unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat /home/dev/app/docker\\Dockerfile: no such file or directory',
      'Error response from daemon: invalid volume specification: \'/run/desktop/mnt/host/c/Program Files/Git/app\'',
      'mkdir C:\\Program Files\\Git\\etc\\localtime;C: Access is denied.',
    ],
    bad: 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker\\Dockerfile\n    working_dir: C:/Program Files/Git/app\n    volumes:\n      - /c/Users/dev/data:/data\n',
    good: 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n    working_dir: /app\n    volumes:\n      - C:/Users/dev/data:/data     # or /mnt/c/Users/dev/data under WSL\n',
    exampleLanguage: 'yaml',
    fixes:
      'Backslashes become forward slashes; a rewritten path gets back its Linux form (`/app`); `/c/Users/...` becomes `C:/Users/...` (preferred when the workspace is on a Windows drive). In a WSL workspace there is no automatic fix: the message names `/mnt/c/...`, which works but is slow (DGT203).',
    notFlagged: [
      '`C:\\...` and `.\\...` paths in volumes, build contexts, `dockerfile` and `env_file`: DGT201 reports those.',
      'Windows containers (Windows images, `platform: windows`, Windows container paths), and named pipes such as `\\\\.\\pipe\\docker_engine`.',
      'Paths with variables, and `/c/...` paths that do not continue with a Windows folder (Users, Program Files, Windows, ...).',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    const mode = hostModeOf(ctx);
    const errorsAt = ctx.model.errors.map((e) => e.start);
    const done = new Set<string>();
    const windowsServices = new Set([...scope.view.services].filter(([, s]) => isWindowsService(s)).map(([n]) => n));
    const allWindows = scope.view.services.size > 0 && windowsServices.size === scope.view.services.size;
    for (const c of pathCandidates(scope.view)) {
      const s = c.scalar;
      if (s.path !== ctx.path || !c.value || c.value.includes('$')) continue;
      if (c.service ? windowsServices.has(c.service) : allWindows) continue;
      const r = s.node.range;
      if (r && errorsAt.some((at) => at >= r[0] && at < r[1])) continue;
      const key = `${s.start}:${c.at}`;
      if (done.has(key)) continue;
      const { start, end } = span(c);
      const msys = MSYS_ROOT.exec(c.value);
      if (msys && !isWindowsContainerPath(c.target) && (c.side === 'container' || !c.value.includes('\\'))) {
        done.add(key);
        const original = c.value.slice(msys[0].length).replace(/\\/g, '/') || '/';
        const fix = replacePath(ctx, c, original, titled(FIX_TITLES, 'restore', { path: original }), true);
        report({ start, end, messageId: 'msys', data: { what: c.what, path: c.value, fixed: original }, fixes: fix ? [fix] : [] });
        continue;
      }
      if (c.side !== 'host') continue;
      const gb = GITBASH_DRIVE.exec(c.value);
      if (gb) {
        done.add(key);
        const drive = gb[1].toLowerCase();
        const rest = c.value.slice(2);
        const win = `${drive.toUpperCase()}:${rest}`;
        const wsl = `/mnt/${drive}${rest}`;
        // Under WSL the working form is /mnt/<drive>/..., which DGT203 then rightly calls slow: no
        // automatic fix there. Elsewhere the Windows form is the one Docker Desktop understands.
        const fixes: FixInput[] = [];
        const winFix = mode === 'wsl' ? undefined : replacePath(ctx, c, win, titled(FIX_TITLES, 'windows', { path: win }), mode === 'windows');
        if (winFix) fixes.push(winFix);
        const suggestion =
          mode === 'wsl'
            ? `\`${wsl}\` (slow from WSL2: better keep the data in the WSL file system)`
            : mode === 'windows'
              ? `\`${win}\``
              : `\`${win}\` (Docker Desktop from Windows) or \`${wsl}\` (WSL)`;
        report({ start, end, messageId: 'gitbash', data: { what: c.what, path: c.value, windows: win.replace(/\//g, '\\'), suggestion }, fixes });
        continue;
      }
      if (!c.value.includes('\\') || NAMED_PIPE.test(c.value) || c.value.startsWith('\\\\') || coveredByDgt201(c)) continue;
      if (isWindowsContainerPath(c.target)) continue;
      done.add(key);
      const fixed = c.value.replace(/\\/g, '/');
      const fix = replacePath(ctx, c, fixed, titled(FIX_TITLES, 'slashes', { path: fixed }), true);
      report({ start, end, messageId: 'backslash', data: { what: c.what, path: c.value, fixed }, fixes: fix ? [fix] : [] });
    }
  },
});
