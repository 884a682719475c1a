/**
 * DGT142 shell-form-signals: the final stage starts its Go binary through a shell-form ENTRYPOINT or
 * CMD in a way that leaves /bin/sh as PID 1, so `docker stop`'s SIGTERM never reaches the server.
 */
import { dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import { finalStage, DockerfileModel, Stage, DInstruction, execStrings } from '../parse/dockerfile';
import type { Word } from '../parse/shell';
import { finalWorkdir, programOf, runConfig, shellCommands } from '../model/instructions';
import { buildsOfDockerfile } from '../model/buildContext';
import { rootOf } from '../model/stageGraph';
import { execForm, goBinaries, isGoBinary, placement, searchPath, SHELL_SYNTAX } from '../model/pid1';

type ShellKind = 'dash' | 'ash' | 'bash' | 'none' | 'unknown';

/**
 * Which /bin/sh the final image has. It matters: bash and busybox ash exec the last simple command
 * of `sh -c` in place, dash (Debian, Ubuntu) keeps itself as the parent.
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
  },
  fixTitles: {
    execForm: 'Use the exec form: {keyword} {execForm}',
    execPrefix: 'Start {bin} with exec',
  },
  relatedMessages: { finalImage: 'The final image starts from {image}.' },
  docs: {
    what: 'Finds a shell-form ENTRYPOINT or CMD in the final stage that leaves `/bin/sh` as PID 1 with the Go binary (built by this Dockerfile) as its child.',
    why:
      '`docker stop`, Kubernetes and compose send SIGTERM to PID 1. In shell form Docker runs `/bin/sh -c "<command>"`. Debian and Ubuntu\'s dash stays PID 1 and does not forward the signal, so `signal.Notify` in the Go server never fires, in-flight requests are cut off and every stop takes the full 10 s grace period before SIGKILL. bash and busybox ash exec the last simple command in place, so on alpine only pipelines, background jobs and commands followed by others keep the shell in front.',
    errorText: ['exited with code 137', 'Gracefully stopping... (press Ctrl+C again to force)'],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM debian:bookworm-slim\nCOPY --from=build /app /app\nCMD /app --port 8080\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM debian:bookworm-slim\nCOPY --from=build /app /app\nCMD ["/app", "--port", "8080"]\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'A plain word list becomes the exec form (`CMD ["/app", "--port", "8080"]`). A command that needs the shell (`&&`, variables) gets `exec ` in front of the Go binary, so the shell replaces itself with it.',
    notFlagged: [
      'Exec form, and shell form whose Go binary is started with `exec`.',
      'On alpine, busybox and bash-based images: a simple command or the last command of a `&&`/`;` list (the shell execs it in place).',
      'A shell-form CMD under an ENTRYPOINT (a different problem), a CMD when the base image may bring its own ENTRYPOINT (unknown bases), and commands that do not start a binary built by a `go build` of this Dockerfile.',
      'Windows stages and files with an `# escape=` directive (cmd.exe is not /bin/sh), and images without any shell (scratch, distroless): DGT122 shell-form-without-shell covers those.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const done = new Set<number>();
    // The stages that run: each build's final stage, and any stage that sets its own ENTRYPOINT or
    // CMD (a `--target` for someone, even when no compose file of the workspace names it).
    const runnable = new Set<Stage>();
    for (const build of buildsOfDockerfile(ctx)) {
      const f = finalStage(model, build.target);
      if (f) runnable.add(f);
    }
    for (const s of model.stages) if (s.instructions.some((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD')) runnable.add(s);
    for (const final of [...runnable].sort((a, b) => a.index - b.index)) {
      if (final.family === 'windows') continue;
      const shell = shellOf(model, final);
      if (shell === 'none') continue; // no shell at all: DGT122 shell-form-without-shell says so
      const rc = runConfig(model, final);
      let ins: DInstruction | undefined;
      if (rc.entrypoint) ins = isShellForm(model, rc.entrypoint) ? rc.entrypoint : undefined;
      else if (rc.cmd && shell !== 'unknown' && isShellForm(model, rc.cmd)) ins = rc.cmd;
      if (!ins || done.has(ins.start)) continue;
      const bins = goBinaries(model, final);
      if (!bins.files.size && !bins.dirs.size) continue;
      const cmds = shellCommands(model, ins);
      const workdir = finalWorkdir(final);
      const k = cmds.findIndex((c) => {
        const w = programOf(c).word;
        return !!w && isGoBinary(w.value, workdir, searchPath(model, final), bins);
      });
      if (k < 0) continue;
      const cmd = cmds[k];
      const prog = programOf(cmd);
      if (prog.exec) continue;
      const word = prog.word as Word;
      const { piped, background, stuck, after } = placement(ctx.text, cmds, k, ins.argsEnd);
      const syntax = SHELL_SYNTAX.test(ctx.text.slice(ins.argsStart, ins.argsEnd));
      const keyword = ins.keyword;
      const image = rootOf(model, final).image.split('@')[0];
      const simple = cmds.length === 1 && !after && !syntax ? execForm(cmd) : undefined;
      if (!stuck && shell !== 'dash') continue; // ash and bash exec the last simple command in place
      if (stuck && syntax) continue; // loops, subshells, traps: too clever to judge
      done.add(ins.start);
      const fixes: FixInput[] = [];
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
      report({
        start: word.start,
        end: word.end,
        messageId,
        data: { keyword, bin: word.value, image, how, execForm: simple ?? '' },
        fixes,
        related: [{ path: ctx.path, start: rootOf(model, final).imageStart, end: rootOf(model, final).imageEnd, messageId: 'finalImage', data: { image } }],
      });
    }
  },
});

function isShellForm(model: DockerfileModel, ins: DInstruction): boolean {
  return !execStrings(model, ins);
}
