/**
 * DGT243 compose-script-crlf: a compose `command` or `entrypoint` runs a shell script that has CRLF
 * line endings in the working tree — as Git for Windows checks it out by default — and the container
 * gets that very file (through a bind mount, or copied from the build context).
 */
import * as path from 'node:path';
import { composeRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { AUTOCRLF_SOURCE } from '../facts/devTools';
import { child } from '../model/composeView';
import { commandProgram, serviceCommand, cwdAt, type CmdWord } from '../model/containerCommand';
import { hostPathThroughBinds, sourceBinds } from '../model/hotReload';
import { pathIn } from '../model/fileTree';
import { containerPath } from '../model/instructions';
import { chainInstructions } from '../model/stageGraph';
import type { ImageFacts } from '../model/image';
import { composeScope } from './lib/composeKit';
import { crlfVerdict, firstCrlfLine, gitattributesFix, GITATTRIBUTES_FIX_TITLES } from './lib/crlfScripts';

void AUTOCRLF_SOURCE;

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/** The word naming a script a simple command runs: the program itself, or a shell's script argument. */
function scriptWord(words: CmdWord[]): { word: CmdWord; viaShell: boolean } | undefined {
  const p = commandProgram(words);
  if (!p || p.word.value.includes('$')) return undefined;
  const base = path.posix.basename(p.word.value);
  if (SHELLS.has(base)) {
    const rest = words.slice(p.index + 1);
    const k = rest.findIndex((w) => !w.value.startsWith('-'));
    if (k < 0 || rest.slice(0, k).some((w) => /^-[a-z]*c/.test(w.value)) || rest[k].value.includes('$')) return undefined;
    return { word: rest[k], viaShell: true };
  }
  // A program named without a slash is looked up on PATH, not in the working directory.
  if (!p.word.value.includes('/')) return undefined;
  return { word: p.word, viaShell: false };
}

/** The image converts scripts itself (`sed -i 's/\r$//'`, `dos2unix`). */
function convertsInImage(image: ImageFacts): boolean {
  return chainInstructions(image.model, image.final).some((ins) => {
    if (ins.keyword !== 'RUN') return false;
    const t = image.model.text.slice(ins.argsStart, ins.argsEnd);
    return /dos2unix/.test(t) || (/\bsed\b/.test(t) && t.includes('\\r'));
  });
}

export const composeScriptCrlf = composeRule({
  id: 'DGT243',
  name: 'compose-script-crlf',
  kind: 'compose',
  severity: 'error',
  title: 'Compose command runs a script with CRLF line endings',
  fixTitles: { lf: 'Convert {script} to LF line endings', ...GITATTRIBUTES_FIX_TITLES },
  messages: {
    direct:
      '`{script}` has Windows (CRLF) line endings, so its first line `{shebang}` ends with a carriage return and names an interpreter that does not exist: the container fails with `{error}`. Git for Windows checks scripts out like this unless .gitattributes says `*.sh text eol=lf`. Convert {script} to LF (in VS Code: click `CRLF` in the status bar, pick `LF`, save).',
    shell:
      '`{script}` has Windows (CRLF) line endings: the shell reads every line with a trailing carriage return and fails with errors such as `$\'\\r\': command not found` or `set: illegal option -`. Git for Windows checks scripts out like this unless .gitattributes says `*.sh text eol=lf`. Convert {script} to LF (in VS Code: click `CRLF` in the status bar, pick `LF`, save).',
  },
  relatedMessages: { crlf: 'This line ends with CRLF.', mount: 'The container gets the file through this bind mount.' },
  docs: {
    what: 'Finds compose `command` and `entrypoint` values that run a script (`./start.sh`, `sh scripts/migrate.sh`) whose file in the working tree has CRLF line endings, when the container gets that file through a bind mount or from the build context.',
    why:
      'Git for Windows installs with `core.autocrlf=true`: text files, scripts included, are checked out with CRLF unless `.gitattributes` says otherwise. A bind mount hands the file to Linux as it is, so the kernel reads the shebang as `#!/bin/sh\\r` and reports the script itself as missing, and shells choke on every line. It works on the Mac and Linux machines of the team and fails on the Windows ones, or the other way round after a commit from Windows. DGT141 finds the same for the Dockerfile\'s own ENTRYPOINT, CMD and RUN.',
    errorText: ['exec ./start.sh: no such file or directory', "/usr/bin/env: 'bash\\r': No such file or directory", "./start.sh: line 2: $'\\r': command not found"],
    bad: 'services:\n  api:\n    build: .\n    working_dir: /app\n    volumes:\n      - ./:/app\n    command: ./scripts/dev.sh   # saved with CRLF\n',
    good: '# .gitattributes\n*.sh text eol=lf\n\n# docker-compose.yml: unchanged; scripts/dev.sh converted to LF\n',
    exampleLanguage: 'yaml',
    fixes:
      'Converts the script to LF (preferred; with `--fix` on the command line. In VS Code, a document keeps its own line ending, so use the status bar there). In a git checkout, also offers converting it and adding `*.sh text eol=lf` to the repository\'s .gitattributes, creating the file when there is none.',
    notFlagged: [
      'Scripts with LF endings; programs named without a slash (looked up on PATH); scripts whose file cannot be found through a bind mount or the build context; images that convert scripts themselves (`sed -i \'s/\\r$//\'`, `dos2unix`).',
      'Commands of the image\'s own ENTRYPOINT and CMD: DGT141 finds those in the Dockerfile.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    const done = new Set<string>();
    for (const s of scope.services) {
      const image = child(s.merged, 'build') ? scope.image(s.name) : undefined;
      const cmd = serviceCommand(ctx.project, s.merged, image);
      if (!cmd || cmd.from !== 'compose') continue;
      const binds = sourceBinds(scope.view, s.merged);
      for (let k = 0; k < cmd.commands.length; k++) {
        const use = scriptWord(cmd.commands[k]);
        if (!use || use.word.path !== ctx.path || !use.word.exact) continue;
        const cwd = cwdAt(cmd, k);
        const target = containerPath(use.word.value, cwd);
        if (!target) continue;
        let host: string | undefined;
        const related: RelatedInput[] = [];
        const through = hostPathThroughBinds(binds, target);
        if (through) {
          host = through.host;
          const m = through.bind.mount;
          if (m.sourceStart !== undefined) related.push({ path: m.path, start: m.sourceStart, end: m.sourceEnd ?? m.sourceStart, messageId: 'mount' });
        } else if (image && !convertsInImage(image)) {
          const origin = pathIn(ctx.project, image.build, image.model, image.final, target);
          if (origin.kind === 'context') host = origin.host;
        }
        if (!host || done.has(host) || ctx.project.exists(host) !== 'file') continue;
        const text = ctx.project.text(host);
        const verdict = text === undefined ? undefined : crlfVerdict(text, host, use.viaShell);
        if (text === undefined || !verdict) continue;
        done.add(host);
        const shown = path.relative(scope.view.dir, host).split(path.sep).join('/');
        const lf = text.replace(/\r\n/g, '\n');
        const fixes: FixInput[] = [{ titleId: 'lf', titleData: { script: shown }, preferred: true, edits: [{ path: host, start: 0, end: text.length, newText: lf }] }];
        const attrs = gitattributesFix(ctx.project, scope.view.dir, host, text, lf, shown, ctx.eol);
        if (attrs) fixes.push(attrs);
        related.push({ path: host, ...firstCrlfLine(text), messageId: 'crlf' });
        const error = verdict.envProgram ? `${verdict.interpreter}: '${verdict.envProgram}\\r': No such file or directory` : `exec ${use.word.value}: no such file or directory`;
        report({ start: use.word.start, end: use.word.end, messageId: verdict.viaShell ? 'shell' : 'direct', data: { script: shown, shebang: verdict.shebangLine, error }, fixes, related });
      }
    }
  },
});
