/**
 * DGT142 shell-form-signals: the final stage starts its Go binary through a shell-form ENTRYPOINT or
 * CMD in a way that leaves /bin/sh as PID 1, so `docker stop`'s SIGTERM never reaches the server.
 */
import { dockerfileRule, type DockerfileContext } from './context';
import type { FixInput, ReportInput } from '../core/types';
import { finalStage, DockerfileModel, Stage, DInstruction, execStrings } from '../parse/dockerfile';
import type { Word } from '../parse/shell';
import { argWords, containerPath, finalWorkdir, programOf, runConfig, shellCommands } from '../model/instructions';
import { firstOrigin, pathIn } from '../model/fileTree';
import { buildsOfDockerfile } from '../model/buildContext';
import { rootOf } from '../model/stageGraph';
import { reportNew, stageReports } from '../model/stageValues';
import type { ImageBuild } from '../project/project';
import { execForm, goBinaries, goLaunchInScript, isGoBinary, isShellScript, placement, scriptWordOf, searchPath, serverCommandIndex, SHELL_SYNTAX } from '../model/pid1';

type ShellKind = 'dash' | 'ash' | 'bash' | 'none' | 'unknown';

/**
 * Which /bin/sh the final image has. It matters: bash and busybox ash exec the last simple command
 * of `sh -c` in place, dash (Debian, Ubuntu) keeps itself as the parent. Seen on Debian 12 with
 * `<shell> -c 'sleep 2'` started in the background: under dash 0.5.12-2 the sleep is a child of the
 * dash process; under bash 5.2 and BusyBox 1.35 ash the process started is the sleep itself.
 */
function shellOf(model: DockerfileModel, stage: Stage): ShellKind {
  const root = rootOf(model, stage);
  const last = root.repo.split('/').pop() ?? root.repo;
  const tag = (root.tag ?? '').toLowerCase();
  switch (root.family) {
    case 'alpine':
    case 'busybox':
      return 'ash';
    case 'scratch':
    case 'distroless-static':
      return 'none';
    case 'distroless':
      return /debug/.test(tag) ? 'ash' : root.repo.startsWith('cgr.dev/') ? 'unknown' : 'none';
    case 'debian':
      if (['centos', 'fedora', 'rockylinux', 'almalinux'].includes(last)) return 'bash';
      return 'dash';
    default:
      return 'unknown';
  }
}

export const shellFormSignals = dockerfileRule({
  id: 'DGT142',
  name: 'shell-form-signals',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Shell-form ENTRYPOINT/CMD keeps /bin/sh as PID 1',
  messages: {
    dash:
      '`{keyword}` in shell form starts `/bin/sh -c` as PID 1 and the Go binary `{bin}` as its child ({image} has dash, which does not exec the command in place). `docker stop` sends SIGTERM to the shell, which does not pass it on: the server\'s graceful shutdown never runs, and after 10 s Docker kills it (`exited with code 137`). Use the exec form: `{keyword} {execForm}`.',
    dashExec:
      '`{keyword}` in shell form starts `/bin/sh -c` as PID 1 and the Go binary `{bin}` as its child ({image} has dash, which does not exec the command in place). `docker stop` sends SIGTERM to the shell, which does not pass it on: the server\'s graceful shutdown never runs, and after 10 s Docker kills it (`exited with code 137`). Start it with `exec {bin}` so that the shell replaces itself with the server.',
    notLast:
      '`{bin}` runs {how}, so `/bin/sh` stays PID 1 with the Go binary as its child. `docker stop` sends SIGTERM to the shell, which does not pass it on: the server\'s graceful shutdown never runs, and after 10 s Docker kills it (`exited with code 137`). Run it as the last command, started with `exec`, and let it write to stdout instead of a pipe.',
    script:
      '`{script}` starts the Go binary `{bin}` without `exec`, so the shell that runs the script stays PID 1 with the server as its child (a shell never hands its place to the last command of a script file). `docker stop` sends SIGTERM to the shell, which does not pass it on: the server\'s graceful shutdown never runs, and after 10 s Docker kills it (`exited with code 137`). Start it with `exec {bin}` in the script.',
    scriptNotLast:
      '`{script}` runs the Go binary `{bin}` {how}, so the shell that runs the script stays PID 1 with the server as its child. `docker stop` sends SIGTERM to the shell, which does not pass it on: the server\'s graceful shutdown never runs, and after 10 s Docker kills it (`exited with code 137`). Make it the script\'s last command, started with `exec`, writing to stdout instead of a pipe.',
  },
  fixTitles: {
    execForm: 'Use the exec form: {keyword} {execForm}',
    execPrefix: 'Start {bin} with exec',
  },
  relatedMessages: { finalImage: 'The final image starts from {image}.', scriptLine: 'The script starts {bin} here.' },
  docs: {
    what: 'Finds a shell-form ENTRYPOINT or CMD in the final stage that leaves `/bin/sh` as PID 1 with the Go binary (built by this Dockerfile: by a go build in a RUN, or by the Makefile target or build script a RUN starts) as its child, and an entry script (`ENTRYPOINT ["/entrypoint.sh"]`, `CMD ["sh", "./start.sh"]`) copied from the build context that starts the Go binary without `exec`.',
    why:
      '`docker stop`, Kubernetes and compose send SIGTERM to PID 1. In shell form Docker runs `/bin/sh -c "<command>"`. Debian and Ubuntu\'s dash stays PID 1 and does not forward the signal, so `signal.Notify` in the Go server never fires, in-flight requests are cut off and every stop takes the full 10 s grace period before SIGKILL. bash and busybox ash exec the last simple command in place, so on alpine only pipelines, background jobs and commands followed by others keep the shell in front.',
    errorText: ['exited with code 137', 'Gracefully stopping... (press Ctrl+C again to force)'],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM debian:bookworm-slim\nCOPY --from=build /app /app\nCMD /app --port 8080\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM debian:bookworm-slim\nCOPY --from=build /app /app\nCMD ["/app", "--port", "8080"]\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'A plain word list becomes the exec form (`CMD ["/app", "--port", "8080"]`). A command that needs the shell (`&&`, variables) gets `exec ` in front of the Go binary, so the shell replaces itself with it; so does the line of an entry script that starts the binary as its last command (the fix edits the script).',
    notFlagged: [
      'Exec form, and shell form whose Go binary is started with `exec`. Of several Go binaries in one command list or entry script, the last is the server and the one judged (`./app migrate && ./app`, or `./app migrate` then `exec ./app` in a script): those before it finish before it starts.',
      'On alpine, busybox and bash-based images: a simple command or the last command of a `&&`/`;` list (the shell execs it in place).',
      'A shell-form CMD under an ENTRYPOINT (a different problem), a CMD when the base image may bring its own ENTRYPOINT (unknown bases), and commands that do not start a binary built by a `go build` of this Dockerfile.',
      'Windows stages and files with an `# escape=` directive (cmd.exe is not /bin/sh), and images without any shell (scratch, distroless): DGT122 shell-form-without-shell covers those.',
      'Entry scripts that start the binary with `exec`, end with `exec "$@"`, handle signals themselves (`trap`, `wait`), or run behind an init (tini, dumb-init); scripts the image does not get from the build context.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    // The stages that run: each build's final stage, and any stage that sets its own ENTRYPOINT or
    // CMD (a `--target` for someone, even when no compose file of the workspace names it).
    const runnable = new Set<Stage>();
    const builds = buildsOfDockerfile(ctx);
    for (const build of builds) {
      const f = finalStage(model, build.target);
      if (f) runnable.add(f);
    }
    for (const s of model.stages) if (s.instructions.some((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD')) runnable.add(s);
    const stages = [...runnable].sort((a, b) => a.index - b.index).filter((s) => s.family !== 'windows');
    // What each stage would report is kept with the stage (and, for entry scripts, the build whose
    // context holds the script), so an edit elsewhere replays it; `done` then keeps one finding per
    // ENTRYPOINT/CMD that several stages inherit, in the order the two checks run.
    const done = new Set<number>();
    for (const final of stages) {
      const build = builds.find((b) => finalStage(model, b.target) === final) ?? builds[0];
      if (!build) continue;
      reportNew(stageReports<Found>(ctx.project, 'DGT142', build, final, (add) => checkShellForm(ctx, build, final, add), model.escape), done, report);
    }
    for (const final of stages) {
      if (shellOf(model, final) === 'none') continue;
      const build = builds.find((b) => finalStage(model, b.target) === final) ?? builds[0];
      if (!build) continue;
      reportNew(stageReports<Found>(ctx.project, 'DGT142.script', build, final, (add) => checkEntryScript(ctx, build, final, add), model.escape), done, report);
    }
  },
});

/** A finding and the ENTRYPOINT/CMD it is about (its offset), which stages built on one another share. */
interface Found {
  key: number;
  r: ReportInput<'dash' | 'dashExec' | 'notLast' | 'script' | 'scriptNotLast', 'execForm' | 'execPrefix', 'finalImage' | 'scriptLine'>;
}

/** A shell-form ENTRYPOINT/CMD of `final` whose shell keeps the Go binary from being PID 1. */
function checkShellForm(ctx: DockerfileContext, build: ImageBuild, final: Stage, add: (f: Found) => void): void {
  const { model } = ctx;
  const shell = shellOf(model, final);
  if (shell === 'none') return; // no shell at all: DGT122 shell-form-without-shell says so
  const rc = runConfig(model, final);
  let ins: DInstruction | undefined;
  if (rc.entrypoint) ins = isShellForm(model, rc.entrypoint) ? rc.entrypoint : undefined;
  else if (rc.cmd && shell !== 'unknown' && isShellForm(model, rc.cmd)) ins = rc.cmd;
  if (!ins) return;
  const bins = goBinaries(ctx.project, build, model, final);
  if (!bins.files.size && !bins.dirs.size) return;
  const cmds = shellCommands(model, ins);
  const workdir = finalWorkdir(final);
  const dirs = searchPath(model, final);
  const goCommands = cmds.flatMap((c, idx) => {
    const w = programOf(c).word;
    return w && isGoBinary(w.value, workdir, dirs, bins) ? [idx] : [];
  });
  const k = serverCommandIndex(ctx.text, cmds, goCommands, ins.argsEnd);
  if (k === undefined) return;
  const cmd = cmds[k];
  const prog = programOf(cmd);
  if (prog.exec) return;
  const word = prog.word as Word;
  const { piped, background, stuck, after } = placement(ctx.text, cmds, k, ins.argsEnd);
  const syntax = SHELL_SYNTAX.test(ctx.text.slice(ins.argsStart, ins.argsEnd));
  const keyword = ins.keyword;
  const image = rootOf(model, final).image.split('@')[0];
  const simple = cmds.length === 1 && !after && !syntax ? execForm(cmd) : undefined;
  if (!stuck && shell !== 'dash') return; // ash and bash exec the last simple command in place
  if (stuck && syntax) return; // loops, subshells, traps: too clever to judge
  const fixes: Found['r']['fixes'] = [];
  let messageId: 'dash' | 'dashExec' | 'notLast' = 'notLast';
  if (!stuck) {
    // Exec form changes meaning when a CMD follows a shell-form ENTRYPOINT (it becomes arguments).
    const canExecForm = !!simple && !(keyword === 'ENTRYPOINT' && rc.cmdAfterEntrypoint);
    messageId = canExecForm ? 'dash' : 'dashExec';
    if (canExecForm) {
      fixes.push({
        titleId: 'execForm',
        titleData: { keyword, execForm: simple as string },
        preferred: true,
        edits: [{ path: ctx.path, start: ins.argsStart, end: ins.argsEnd, newText: simple as string }],
      });
    }
    fixes.push({
      titleId: 'execPrefix',
      titleData: { bin: word.value },
      preferred: !canExecForm,
      edits: [{ path: ctx.path, start: word.start, end: word.start, newText: 'exec ' }],
    });
  }
  const how = piped ? 'in a pipeline' : background ? 'in the background (`&`)' : 'before other commands';
  add({
    key: ins.start,
    r: {
      start: word.start,
      end: word.end,
      messageId,
      data: { keyword, bin: word.value, image, how, execForm: simple ?? '' },
      fixes,
      related: [{ path: ctx.path, start: rootOf(model, final).imageStart, end: rootOf(model, final).imageEnd, messageId: 'finalImage', data: { image } }],
    },
  });
}

/** An entry script from the build context that starts the Go binary without exec. */
function checkEntryScript(ctx: DockerfileContext, build: ImageBuild, final: Stage, add: (f: Found) => void): void {
  const { model, project } = ctx;
  const rc = runConfig(model, final);
  const ins = rc.entrypoint ?? rc.cmd;
  if (!ins) return;
  const { form, words } = argWords(model, ins);
  // A shell-form script line is run by `/bin/sh -c`, which dash keeps as a parent of its own.
  if (form === 'shell' && (shellCommands(model, ins).length !== 1 || (shellOf(model, final) !== 'ash' && shellOf(model, final) !== 'bash'))) return;
  const pick = scriptWordOf(words);
  if (!pick) return;
  const word = words[pick.index];
  const workdir = finalWorkdir(final);
  const dirs = searchPath(model, final);
  const bins = goBinaries(ctx.project, build, model, final, true);
  if (!bins.files.size && !bins.dirs.size) return;
  // The binary itself is DGT142's shell-form case (or fine in exec form).
  if (isGoBinary(word.value, workdir, dirs, bins)) return;
  const containerPaths = word.value.includes('/') || pick.viaShell ? [containerPath(word.value, workdir)] : dirs.map((d) => d + '/' + word.value);
  for (const p of containerPaths) {
    if (!p) continue;
    // The script itself, or a folder of a stage that got it from the context (`COPY --from=build /src/ ./`).
    const origin = firstOrigin(pathIn(project, build, model, final, p));
    if (origin.kind !== 'context') continue;
    const text = project.text(origin.host);
    if (text === undefined || (!pick.viaShell && !isShellScript(text))) return;
    const launch = goLaunchInScript(text, workdir, dirs, bins);
    if (!launch) return;
    const script = word.value;
    const fixes: Found['r']['fixes'] = launch.notLast ? [] : [{ titleId: 'execPrefix', titleData: { bin: launch.bin }, preferred: true, edits: [{ path: origin.host, start: launch.start, end: launch.start, newText: 'exec ' }] }];
    add({
      key: ins.start,
      r: {
        start: word.start,
        end: word.end,
        messageId: launch.notLast ? 'scriptNotLast' : 'script',
        data: { script, bin: launch.bin, how: launch.how },
        fixes,
        related: [{ path: origin.host, start: launch.start, end: launch.end, messageId: 'scriptLine', data: { bin: launch.bin } }],
      },
    });
    return;
  }
}

function isShellForm(model: DockerfileModel, ins: DInstruction): boolean {
  return !execStrings(model, ins);
}
