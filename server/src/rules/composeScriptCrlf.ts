/**
 * DGT232 compose-script-crlf: a script that a compose service's `command:` or `entrypoint:` runs
 * (copied into its image from the build context, or bind-mounted) has CRLF line endings — the compose
 * side of DGT141.
 */
import { composeRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { isShellScript } from '../model/pid1';
import { composeScope } from './lib/composeKit';
import { composeEntryScript } from './lib/composeScripts';

export const composeScriptCrlf = composeRule({
  id: 'DGT232',
  name: 'compose-script-crlf',
  kind: 'compose',
  severity: 'error',
  title: 'Script with CRLF line endings run by a compose command',
  messages: {
    direct:
      '`{script}` has Windows (CRLF) line endings, so its first line `{shebang}` ends with a carriage return and names an interpreter that does not exist: `{service}` fails at once with `{error}`. Convert {script} to LF (in VS Code: click `CRLF` in the status bar, pick `LF`, save), or add `*.sh text eol=lf` to .gitattributes.',
    shell:
      '`{script}` has Windows (CRLF) line endings: the shell that `{service}` runs it with reads every line with a trailing carriage return and fails with errors such as `$\'\\r\': command not found` or `set: illegal option -`. Convert {script} to LF (in VS Code: click `CRLF` in the status bar, pick `LF`, save), or add `*.sh text eol=lf` to .gitattributes.',
  },
  fixTitles: { lf: 'Convert {script} to LF line endings' },
  relatedMessages: { crlf: 'This line ends with CRLF.' },
  docs: {
    what: 'Finds a shell script that a compose service runs through `command:` or `entrypoint:` (`sh ./start.sh`, `["/app/entrypoint.sh"]`) while the file in the workspace has CRLF line endings — the script the service\'s image copied from the build context, or the one a bind mount lays over the container path.',
    why:
      'Git on Windows (core.autocrlf=true) and Windows editors write CRLF line endings. The image build copies the working-tree file byte for byte, and a bind mount shows it as it is, so the kernel reads the shebang as `#!/bin/sh\\r` and reports the script as missing, although `ls` shows it right there; a shell running such a script chokes on the carriage returns. DGT141 finds the same for scripts the Dockerfile itself runs.',
    errorText: ['exec /app/start.sh: no such file or directory', '/bin/sh^M: bad interpreter: No such file or directory', "./start.sh: line 2: $'\\r': command not found"],
    bad: 'services:\n  api:\n    build: .\n    command: sh ./start.sh     # start.sh saved with CRLF line endings\n',
    good: '# .gitattributes: *.sh text eol=lf   (and start.sh converted to LF)\nservices:\n  api:\n    build: .\n    command: sh ./start.sh\n',
    exampleLanguage: 'yaml',
    fixes: 'Converts the script to LF (applied by `--fix` on the command line; in VS Code, a document keeps its own line ending, so use the status bar there).',
    notFlagged: [
      'Scripts with LF endings, scripts the image converts (`sed -i \'s/\\r$//\'`, `dos2unix`) or makes itself, and scripts neither the image nor a bind mount brings from the project.',
      'A file run directly whose first line is not a `#!` line naming a shell.',
      'Scripts the Dockerfile\'s own ENTRYPOINT or CMD runs: DGT141 script-crlf-line-endings reports those in the Dockerfile.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    const done = new Set<number>();
    for (const svc of scope.services) {
      const run = composeEntryScript(ctx, scope, svc);
      if (!run || done.has(run.word.start)) continue;
      const { text, host } = run;
      if (!text.includes('\r\n') || (!run.viaShell && !isShellScript(text))) continue;
      if (convertedInImage(run)) continue;
      const firstLine = text.slice(0, text.indexOf('\n') + 1);
      // Run directly, only the shebang line matters; `#!/bin/sh -e` passes "-e\r" to the shell, which then fails on the lines.
      const shebang = /^[\uFEFF ]?#!\s*(\S+)(?:\s+(\S+))?/.exec(firstLine.replace(/\r?\n$/, ''));
      const envProg = shebang && /\/env$/.test(shebang[1]) ? shebang[2] : undefined;
      let viaShell = run.viaShell;
      if (!viaShell) {
        if (!shebang || !firstLine.endsWith('\r\n')) continue;
        if (shebang[2] !== undefined && !envProg) viaShell = true;
      }
      done.add(run.word.start);
      const crlfAt = text.indexOf('\r\n');
      const related: RelatedInput[] = [{ path: host, start: text.lastIndexOf('\n', crlfAt) + 1, end: crlfAt, messageId: 'crlf' }];
      const fixes: FixInput[] = [{ titleId: 'lf', titleData: { script: run.word.value }, preferred: true, edits: [{ path: host, start: 0, end: text.length, newText: text.replace(/\r\n/g, '\n') }] }];
      const target = run.word.value;
      const error = envProg ? `${shebang?.[1]}: '${envProg}\\r': No such file or directory` : `exec ${target}: no such file or directory`;
      report({
        start: run.word.start,
        end: run.word.end,
        messageId: viaShell ? 'shell' : 'direct',
        data: { script: target, service: svc.name, shebang: firstLine.replace(/\r?\n$/, '').replace(/^[\uFEFF ]/, ''), error },
        fixes,
        related,
      });
    }
  },
});

/** Whether a RUN of the image converts its scripts (`sed -i 's/\r$//'`, `dos2unix`): then the copy in the image is LF. */
function convertedInImage(run: NonNullable<ReturnType<typeof composeEntryScript>>): boolean {
  const { model, final } = run.image;
  for (const s of [final, ...model.stages.filter((x) => x.index < final.index)]) {
    for (const ins of s.instructions) {
      for (const cmd of ins.commands) {
        const v = cmd.words.map((w) => w.value);
        const prog = (v[0] ?? '').split('/').pop();
        if (prog === 'dos2unix' || (prog === 'sed' && v.some((x) => x.includes('\\r')) && v.some((x) => x.startsWith('-i')))) return true;
      }
    }
  }
  return false;
}
