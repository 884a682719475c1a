/**
 * DGT223 compose-command-not-pid1: a compose `command:` or `entrypoint:` starts the Go binary through
 * `sh -c "..."` in a way that leaves the shell as PID 1, so `docker compose stop`'s SIGTERM never
 * reaches the server. Judged by the image's shell, as DGT142 judges shell-form CMD.
 */
import { composeRule, type ComposeContext } from './context';
import type { FixInput, ReportInput } from '../core/types';
import type { BaseImage } from '../facts/baseImages';
import { namedImageFacts } from '../model/containerCommand';
import { composeScope, imageRef, type ComposeScope, type ServiceRef } from './lib/composeKit';
import { composeEntryScript, splitComposeWords } from './lib/composeScripts';
import { child, scalarOf, type MNode, type MScalar } from '../model/composeView';
import { finalWorkdir, programOf } from '../model/instructions';
import { baseOf, rootOf } from '../model/stageGraph';
import { goBinaries, goLaunchInScript, isGoBinary, isShellScript, placement, searchPath, serverCommandIndex, SHELL_SYNTAX } from '../model/pid1';
import { splitShell, type SimpleCommand } from '../parse/shell';
import { DEFAULT_PATH } from '../model/instructions';
import { own } from '../core/table';

const SHELLS: Record<string, 'sh' | 'bash' | 'ash'> = { sh: 'sh', '/bin/sh': 'sh', '/usr/bin/sh': 'sh', bash: 'bash', '/bin/bash': 'bash', '/usr/bin/bash': 'bash', ash: 'ash', '/bin/ash': 'ash' };

/** The script of `sh -c "<script>"` with its offsets in the file, and the shell that runs it. */
interface ShellScript {
  shell: 'sh' | 'bash' | 'ash';
  start: number;
  end: number;
}

function isDashC(flag: string | undefined): boolean {
  return !!flag && /^-[a-z]*c$/.test(flag);
}

function scriptOf(text: string, node: MNode | undefined, file: string): ShellScript | undefined {
  if (!node) return undefined;
  if (node.kind === 'seq') {
    const [sh, flag, script, ...rest] = node.items;
    const shell = sh?.kind === 'scalar' ? own(SHELLS, sh.value ?? '') : undefined;
    if (!shell || flag?.kind !== 'scalar' || !isDashC(flag.value) || script?.kind !== 'scalar' || rest.length) return undefined;
    if (script.path !== file || !script.exact) return undefined;
    return { shell, start: script.start, end: script.end };
  }
  const s: MScalar | undefined = scalarOf(node);
  if (!s || s.path !== file || !s.exact || !s.value) return undefined;
  // `sh -c "cd /app && ./main"`: Compose splits the string like a shell into three words.
  const words = splitComposeWords(text, s, 4);
  if (words?.length !== 3) return undefined;
  const shell = own(SHELLS, words[0].value);
  if (!shell || !isDashC(words[1].value)) return undefined;
  const raw = text.slice(words[2].start, words[2].end);
  const q = raw[0];
  if ((q !== '"' && q !== "'") || raw[raw.length - 1] !== q || raw.length < 2 || raw.slice(1, -1).includes(q) || raw.includes('\\')) return undefined;
  return { shell, start: words[2].start + 1, end: words[2].end - 1 };
}

/** `go build -o <out>` commands of the script: the binaries it makes before it starts one. */
function scriptBuilds(cmds: SimpleCommand[], upTo: number): Set<string> {
  const out = new Set<string>();
  for (const c of cmds.slice(0, upTo)) {
    const w = c.words.map((x) => x.value);
    const go = w.indexOf('go');
    if (go < 0 || w[go + 1] !== 'build') continue;
    const o = w.indexOf('-o', go);
    if (o > 0 && w[o + 1]) out.add(w[o + 1].replace(/^\.\//, ''));
  }
  return out;
}

export const composeCommandNotPid1 = composeRule({
  id: 'DGT223',
  name: 'compose-command-not-pid1',
  kind: 'compose',
  severity: 'warning',
  title: 'Compose `sh -c` command keeps the shell as PID 1',
  messages: {
    dash:
      '`{key}` runs `{shell} -c`, and /bin/sh of {image} is dash, which starts `{bin}` as its child instead of replacing itself with it: the shell stays PID 1. `docker compose stop` sends SIGTERM to the shell, which does not pass it on: the server\'s graceful shutdown never runs, and after 10 s Docker kills it (`exited with code 137`). Start it with `exec {bin}`.',
    script:
      '`{key}` runs `{script}`, which starts the Go binary `{bin}` without `exec`, so the shell that runs the script stays PID 1 with the server as its child (a shell never hands its place to the last command of a script file). `docker compose stop` sends SIGTERM to the shell, which does not pass it on: the server\'s graceful shutdown never runs, and after 10 s Docker kills it (`exited with code 137`). Start it with `exec {bin}` in the script.',
    scriptNotLast:
      '`{key}` runs `{script}`, which starts the Go binary `{bin}` {how}, so the shell that runs the script stays PID 1 with the server as its child. `docker compose stop` sends SIGTERM to the shell, which does not pass it on: the server\'s graceful shutdown never runs, and after 10 s Docker kills it (`exited with code 137`). Make it the script\'s last command, started with `exec`, writing to stdout instead of a pipe.',
    notLast:
      '`{bin}` runs {how} in this `{shell} -c` script, so the shell stays PID 1 with the Go binary as its child. `docker compose stop` sends SIGTERM to the shell, which does not pass it on: the server\'s graceful shutdown never runs, and after 10 s Docker kills it (`exited with code 137`). Run it as the last command, started with `exec`, and let it write to stdout instead of a pipe.',
  },
  fixTitles: { execPrefix: 'Start {bin} with exec' },
  relatedMessages: { scriptLine: 'The script starts {bin} here.' },
  docs: {
    what: 'Finds compose `command:` and `entrypoint:` overrides of the form `sh -c "... && ./server"` that leave the shell as PID 1 in front of the Go binary: the binary is built by the service\'s Dockerfile (or by a `go build -o` earlier in the same script). Also an entry script that compose runs (`command: sh ./start.sh`, `entrypoint: ["/app/start.sh"]`; the image has it from the build context, or a bind mount brings it) and that starts the Go binary without `exec`.',
    why:
      '`docker compose stop` and `down` send SIGTERM to PID 1 only. Debian and Ubuntu images (golang, debian, ubuntu) have dash as /bin/sh, which forks the last command of `sh -c` instead of exec\'ing it, so the shell is PID 1 and does not forward the signal: `signal.Notify` never fires, connections are cut and every stop waits the full 10 s before SIGKILL. busybox sh (alpine) and bash exec a lone or last simple command in place, so there only pipelines, background jobs and commands followed by others keep the shell in front.',
    errorText: ['exited with code 137', 'Gracefully stopping... (press Ctrl+C again to force)'],
    bad: 'services:\n  api:\n    build: .          # FROM golang:1.22 (Debian: /bin/sh is dash)\n    command: sh -c "./migrate && ./server"\n',
    good: 'services:\n  api:\n    build: .\n    command: sh -c "./migrate && exec ./server"\n',
    exampleLanguage: 'yaml',
    fixes: 'Puts `exec ` in front of the Go binary, so that the shell replaces itself with it — in the compose file, or in the entry script when the script starts it as its last command.',
    notFlagged: [
      'A binary started with `exec`, and on busybox (alpine) and bash images a lone or last simple command (the shell execs it in place). Of several Go binaries in one script, the last is the server: those before it (`./migrate up && ./server`) finish before it starts.',
      '`command:` when the image has an ENTRYPOINT (the command becomes its arguments), images the base-image table does not know, and scripts with loops, subshells or traps.',
      'Programs that are not Go binaries built by the service\'s Dockerfile or by `go build -o` in the same script; `go run` (a different problem: the go tool stays the parent).',
      'Entry scripts that exec the binary (or `exec "$@"`), handle signals themselves (`trap`, `wait`), run behind an init (tini, dumb-init), or that neither the image nor a bind mount brings from the project.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    const done = new Set<number>();
    for (const svc of scope.services) {
      const entrypoint = child(svc.merged, 'entrypoint');
      const command = child(svc.merged, 'command');
      const key = entrypoint ? 'entrypoint' : 'command';
      const script = scriptOf(ctx.text, entrypoint ?? command, ctx.path);
      if (!script) {
        checkEntryScript(ctx, scope, svc, report, done);
        continue;
      }
      if (done.has(script.start)) continue;
      const image = child(svc.merged, 'build') ? scope.image(svc.name) : undefined;
      let base: BaseImage | undefined;
      let imageName: string;
      let bins = { files: new Set<string>(), dirs: new Set<string>() };
      let workdir = scalarOf(child(svc.merged, 'working_dir'))?.value;
      let dirs = DEFAULT_PATH;
      if (image) {
        if (image.family === 'windows' || image.model.escapeDirective) continue;
        if (key === 'command' && image.entrypoint) continue;
        base = baseOf(image.model, image.final);
        imageName = rootOf(image.model, image.final).image.split('@')[0];
        bins = goBinaries(ctx.project, image.build, image.model, image.final);
        workdir ??= finalWorkdir(image.final);
        dirs = searchPath(image.model, image.final);
      } else {
        if (child(svc.merged, 'build')) continue;
        const ref = imageRef(svc.merged);
        base = namedImageFacts(ref);
        if (!base || base.os !== 'linux' || base.family === 'distroless') continue;
        imageName = (ref ?? '').split('@')[0];
      }
      // An unknown base may bring its own ENTRYPOINT (distroless :debug has /busybox/sh).
      if (key === 'command' && (!base || base.family === 'distroless')) continue;
      const cmds = splitShell(ctx.text, script.start, script.end, '\\');
      if (!cmds.length) continue;
      const text = ctx.text.slice(script.start, script.end);
      const goCommands = cmds.flatMap((c, idx) => {
        const w = programOf(c).word;
        if (!w) return [];
        return isGoBinary(w.value, workdir, dirs, bins) || scriptBuilds(cmds, idx).has(w.value.replace(/^\.\//, '')) ? [idx] : [];
      });
      const k = serverCommandIndex(ctx.text, cmds, goCommands, script.end);
      if (k === undefined) continue;
      const prog = programOf(cmds[k]);
      if (prog.exec || !prog.word) continue;
      const { piped, background, stuck } = placement(ctx.text, cmds, k, script.end);
      const syntax = SHELL_SYNTAX.test(text);
      if (syntax) continue; // loops, subshells, traps: too clever to judge
      const shellKind = script.shell === 'bash' ? 'bash' : script.shell === 'ash' ? 'busybox' : base?.shellKind;
      if (!stuck && shellKind !== 'dash') continue; // busybox and bash exec the last simple command in place
      if (!stuck && !base) continue;
      done.add(script.start);
      const word = prog.word;
      const fixes: FixInput[] = [];
      if (!stuck) fixes.push({ titleId: 'execPrefix', titleData: { bin: word.value }, preferred: true, edits: [{ path: ctx.path, start: word.start, end: word.start, newText: 'exec ' }] });
      const how = piped ? 'in a pipeline' : background ? 'in the background (`&`)' : 'before other commands';
      report({
        start: word.start,
        end: word.end,
        messageId: stuck ? 'notLast' : 'dash',
        data: { key, shell: script.shell, image: imageName, bin: word.value, how },
        fixes,
      });
    }
  },
});

/** An entry script compose runs that starts the service's Go binary without exec. */
function checkEntryScript(ctx: ComposeContext, scope: ComposeScope, svc: ServiceRef, report: (r: ReportInput<'script' | 'scriptNotLast'>) => void, done: Set<number>): void {
  const run = composeEntryScript(ctx, scope, svc);
  if (!run || done.has(run.word.start)) return;
  const { image, word, host, text, workdir } = run;
  if (!baseOf(image.model, image.final)?.shell) return; // no shell to run the script at all
  const bins = goBinaries(ctx.project, image.build, image.model, image.final, true);
  const dirs = searchPath(image.model, image.final);
  if (isGoBinary(word.value, workdir, dirs, bins)) return;
  if (!run.viaShell && !isShellScript(text)) return;
  const launch = goLaunchInScript(text, workdir, dirs, bins);
  if (!launch) return;
  done.add(word.start);
  const fixes: FixInput[] = launch.notLast ? [] : [{ titleId: 'execPrefix', titleData: { bin: launch.bin }, preferred: true, edits: [{ path: host, start: launch.start, end: launch.start, newText: 'exec ' }] }];
  report({
    start: word.start,
    end: word.end,
    messageId: launch.notLast ? 'scriptNotLast' : 'script',
    data: { key: run.key, script: word.value, bin: launch.bin, how: launch.how },
    fixes,
    related: [{ path: host, start: launch.start, end: launch.end, messageId: 'scriptLine', data: { bin: launch.bin } }],
  });
}
