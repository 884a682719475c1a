/**
 * DGT136 exec-form-one-string: an exec-form CMD or ENTRYPOINT whose program is written with its
 * arguments in one JSON string (`CMD ["./app -f conf.yaml"]`), or an argument that holds a flag and
 * its value together (`["./app", "-f conf.yaml"]`). Docker does not split exec-form strings.
 */
import { dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import { execStrings, type Stage } from '../parse/dockerfile';
import { stagesReports } from '../model/stageValues';
import { baseOf, chainInstructions } from '../model/stageGraph';

const SHELL_CHARS = /[$|&;<>`'"(){}*?\\]/;
const PROGRAM = /^[\w./+-]+$/;

function decode(raw: string): string | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

export const execFormOneString = dockerfileRule({
  id: 'DGT136',
  name: 'exec-form-one-string',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Exec-form CMD/ENTRYPOINT with a whole command line in one string',
  messages: {
    program:
      'In exec form Docker does not split strings: this {keyword} runs a program named `{value}`, spaces included, and the container does not start (`exec: "{value}": {error}`). Give each word its own string: {split}.',
    shellLine:
      'In exec form Docker does not split strings or run a shell: this {keyword} runs a program named `{value}`, and the container does not start (`exec: "{value}": {error}`). Give each word its own string, or use the shell form for shell syntax.',
    flag:
      'In exec form Docker does not split strings: `{value}` reaches the program as one argument, flag and value together, so Go\'s flag package stops with `flag provided but not defined: {value}` (pflag/cobra take the value with a leading space). Give the flag and its value their own strings: {split}.',
  },
  fixTitles: { split: 'Split into {split}' },
  docs: {
    what: 'Finds exec-form (JSON) CMD and ENTRYPOINT instructions whose first string holds a program with its arguments (`["./app -f conf.yaml"]`), and arguments that hold a flag with its value (`"-f conf.yaml"`).',
    why:
      'The exec form is an argument vector: Docker passes each JSON string to the program as it is, without a shell to split it at spaces. `CMD ["./bluebell -f ./conf/config.yaml"]` asks the kernel for a file called `./bluebell -f ./conf/config.yaml`, so the container fails to start with a `stat` or `executable file not found` error that seems to say the binary is missing although it is there.',
    errorText: [
      'exec: "./bluebell -f ./conf/config.yaml": stat ./bluebell -f ./conf/config.yaml: no such file or directory: unknown',
      'exec: "app serve": executable file not found in $PATH: unknown',
      'flag provided but not defined: -f ./conf/config.yaml',
    ],
    bad: 'FROM alpine:3.20\nCOPY bluebell /app/bluebell\nWORKDIR /app\nCMD ["./bluebell -f ./conf/config.yaml"]\n',
    good: 'FROM alpine:3.20\nCOPY bluebell /app/bluebell\nWORKDIR /app\nCMD ["./bluebell", "-f", "./conf/config.yaml"]\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Splits the string at its spaces into one string per word, when it holds no quotes, variables or shell syntax.',
    notFlagged: [
      'Windows stages and files with an `# escape=` directive (Windows paths may hold spaces), and paths with backslashes.',
      'Strings that are not flags after the program (`["echo", "hello world"]`, `["sh", "-c", "a && b"]`), and `--flag=value with spaces`.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (model.escapeDirective) return;
    const outer = report;
    // Kept per stage: an edit elsewhere in the file replays these.
    for (const r of stagesReports<Parameters<typeof outer>[0]>(ctx.project, 'DGT136', 'stage', model.stages, (stage, add) => {
      if (stage.family !== 'windows') checkStage(stage, add);
    }))
      report(r);

    function checkStage(stage: Stage, report: (r: Parameters<typeof outer>[0]) => void): void {
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'CMD' && ins.keyword !== 'ENTRYPOINT') continue;
        const strings = execStrings(model, ins);
        if (!strings?.length) continue;
        const values = strings.map((s) => decode(s.raw));
        strings.forEach((s, k) => {
          const value = values[k];
          if (value === undefined || value.includes('\\') || !/\S\s+\S/.test(value.trim())) return;
          const words = value.trim().split(/\s+/);
          // A program with its arguments in the first string.
          // (A CMD is the program only when no ENTRYPOINT comes before it, the base image's included.)
          const first = k === 0 && (ins.keyword === 'ENTRYPOINT' || (!chainInstructions(model, stage).some((i) => i.keyword === 'ENTRYPOINT') && !!baseOf(model, stage)));
          if (first) {
            if (!PROGRAM.test(words[0]) || words[0].startsWith('-') || /^[A-Za-z]:/.test(value)) return;
            // `/opt/My App/run` is a path with a space, not a command line.
            if (/^\/.*\/[^/\s]* [^-\s][^/\s]*\//.test(value)) return;
            const error = words[0].includes('/') ? `stat ${value}: no such file or directory` : 'executable file not found in $PATH';
            if (SHELL_CHARS.test(value)) {
              report({ start: s.start, end: s.end, messageId: 'shellLine', data: { keyword: ins.keyword, value, error } });
              return;
            }
            const split = words.map((w) => JSON.stringify(w)).join(', ');
            const fixes: FixInput[] = [{ titleId: 'split', titleData: { split }, preferred: true, edits: [{ path: ctx.path, start: s.start, end: s.end, newText: split }] }];
            report({ start: s.start, end: s.end, messageId: 'program', data: { keyword: ins.keyword, value, error, split: `[${strings.map((x, j) => (j === k ? split : x.raw)).join(', ')}]` }, fixes });
            return;
          }
          // A flag and its value in one argument.
          if (k > 0 && words.length === 2 && /^-{1,2}[A-Za-z][\w.-]*$/.test(words[0]) && !words[1].startsWith('-') && !SHELL_CHARS.test(value)) {
            const prev = values[k - 1];
            if (prev === '-c' || prev === '-ec') return; // a script for a shell
            const split = words.map((w) => JSON.stringify(w)).join(', ');
            const fixes: FixInput[] = [{ titleId: 'split', titleData: { split }, preferred: true, edits: [{ path: ctx.path, start: s.start, end: s.end, newText: split }] }];
            report({ start: s.start, end: s.end, messageId: 'flag', data: { value, split }, fixes });
          }
        });
      }
    }
  },
});
