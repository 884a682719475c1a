/**
 * DGT302 go-windows-path: a containerized Go main that passes a hard-coded Windows path
 * ("C:\\data\\app.db", `D:\logs`, "C:/data") to os, filepath or io/ioutil.
 */
import { goRule } from './context';
import type { RelatedInput } from '../core/types';
import { BUILT_HERE_MESSAGES, builtHere, containerizedMain } from '../model/goMain';

export const goWindowsPath = goRule({
  id: 'DGT302',
  name: 'go-windows-path',
  kind: 'go',
  severity: 'warning',
  title: 'Hard-coded Windows path in a containerized Go program',
  messages: {
    windowsPath:
      '{api} gets the Windows path {value}, but this program runs in a Linux container, which has no {kind} {drive}; the call fails with `{op} {value}: no such file or directory`. Read the path from an environment variable or a flag, or use a path relative to the working directory (and mount the folder as a volume).',
  },
  relatedMessages: { ...BUILT_HERE_MESSAGES, usesPath: '{api} uses this path.' },
  docs: {
    what: 'Finds string literals holding a Windows path (`"C:\\\\data\\\\app.db"`, `` `D:\\logs` ``, `"C:/data"`, `\\\\server\\share`) passed to `os`, `path/filepath` or `io/ioutil` functions — directly, or through a constant, variable or concatenation — in a Go main package that the workspace builds into a Linux image.',
    why:
      'Code written and tried on a Windows machine often carries absolute paths of that machine. In the Linux container they name nothing: `C:\\data` is a relative file name with a colon and backslashes, `filepath.Join` keeps the backslashes, and the program fails at its first file access, often only on a rarely used code path.',
    errorText: ['open C:\\data\\app.db: no such file or directory', 'mkdir D:\\logs: no such file or directory', 'stat C:/config/app.yaml: no such file or directory'],
    bad: 'package main\n\nimport "os"\n\nfunc main() {\n\tdata, err := os.ReadFile("C:\\\\config\\\\app.yaml")\n\t_, _ = data, err\n}\n',
    good: 'package main\n\nimport "os"\n\nfunc main() {\n\tpath := os.Getenv("CONFIG_FILE")\n\tif path == "" {\n\t\tpath = "config/app.yaml"\n\t}\n\tdata, err := os.ReadFile(path)\n\t_, _ = data, err\n}\n',
    exampleLanguage: 'go',
    fixes: 'No automatic fix: the right path depends on where the file lives in the image or volume. The message suggests an environment variable, a flag, or a path relative to the working directory.',
    notFlagged: [
      'Calls inside `if runtime.GOOS == "windows"` or a `switch runtime.GOOS`, files built only for Windows (`_windows.go`, `//go:build windows`), tests and generated files.',
      'Main packages that no Dockerfile or compose service of the workspace builds (a Windows tool may well use Windows paths), and paths computed at run time.',
    ],
  },
  check(ctx, report) {
    const main = containerizedMain(ctx);
    if (!main) return;
    const related = builtHere(main.uses);
    for (const w of main.pkg.windowsPaths) {
      if (w.literalPath !== ctx.path) continue;
      const value = w.literal.value;
      const isDrive = /^[A-Za-z]:/.test(value);
      const drive = isDrive ? value.slice(0, 2) : value.split('\\').slice(0, 4).join('\\');
      const fn = w.api.split('.').pop() ?? '';
      const op = /^Mkdir/.test(fn) ? 'mkdir' : /^(Stat|Lstat)$/.test(fn) ? 'stat' : /^Remove/.test(fn) ? 'remove' : /^Chdir$/.test(fn) ? 'chdir' : 'open';
      const more: RelatedInput[] = w.path !== ctx.path || w.literal.start < w.start || w.literal.end > w.end ? [{ path: w.path ?? ctx.path, start: w.start, end: w.end, messageId: 'usesPath', data: { api: w.api } }] : [];
      report({ start: w.literal.start, end: w.literal.end, messageId: 'windowsPath', data: { api: w.api, value, drive, kind: isDrive ? 'drive' : 'share', op }, related: [...more, ...related] });
    }
  },
});
