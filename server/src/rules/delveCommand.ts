/**
 * DGT170 delve-command: an ENTRYPOINT or CMD that starts the program under Delve in a way no
 * debugger outside the container can use — no `--headless`, no `--listen` or a loopback one,
 * `--continue` without `--accept-multiclient` — or that holds a program with a HEALTHCHECK until a
 * debugger attaches, serves one session only, or names a dlv the image does not have.
 */
import { dockerfileRule } from './context';
import type { FileEdit, FixInput, RelatedInput, ReportInput } from '../core/types';
import { DELVE_PORT } from '../facts/devTools';
import { stageCommand } from '../model/containerCommand';
import { delveInImage, delveRun, unreachable, startsTarget, type DelveRun } from '../model/delve';
import { buildsOfDockerfile } from '../model/buildContext';
import { chainInstructions, rootOf } from '../model/stageGraph';
import { buildService, child } from '../model/composeView';
import { portMappings } from '../model/composeSpecs';
import { sharesNetwork } from '../model/goMain';
import { finalStage, type Stage } from '../parse/dockerfile';
import { runConfig } from '../model/instructions';
import { copyDelveEdit, delveAt, delveData, delveDest, DELVE_FIX_TITLES, DELVE_MESSAGES, multiEdit, publishEdit, reachEdits, startEdit } from './lib/delveKit';
import type { DockerfileContext } from './context';

export const delveCommand = dockerfileRule({
  id: 'DGT170',
  name: 'delve-command',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Delve in the image: no debugger can attach, or the program never starts',
  fixTitles: DELVE_FIX_TITLES,
  messages: {
    ...DELVE_MESSAGES,
    notInImageCopy:
      '`{program}` is not in the image {image}: stage {stage} installs Delve, but nothing copies it into this one, so the container stops with `exec: "{program}": executable file not found in $PATH`. Copy it: `COPY --from={stage} {src} {dest}`.',
  },
  relatedMessages: { installed: 'dlv is installed here, in stage {stage}.', health: 'The healthcheck.' },
  docs: {
    what:
      'Finds ENTRYPOINT and CMD instructions that run the program under Delve (`dlv exec`, `dlv debug`, `dlv dap` ...) in a way that defeats the purpose: no `--headless` (dlv then wants a terminal and exits), no `--listen` (a random port on the container\'s loopback) or a loopback `--listen`, `--continue` without `--accept-multiclient` (dlv refuses to start), no `--continue` in an image with a HEALTHCHECK (the program waits for a debugger and the container never gets healthy), no `--accept-multiclient` (the container exits when the debugger disconnects), and a `dlv` the image does not have.',
    why:
      'A debug image is built to be attached to from outside: VS Code\'s Go extension or `dlv connect` on the host, through a published port. Every one of these flags decides whether that works, and the failures are quiet or confusing: a container that exits with a message about terminals, a port that refuses connections although it is published, a service that never answers because its program is paused before `main`. Delve\'s own FAQ has a section on containers because it comes up so often.',
    severity: 'Error when no debugger can attach or dlv does not start; warning when a healthcheck waits for a program that waits for a debugger; information when the server serves one session only.',
    errorText: [
      "Stdin is not a terminal, use '-r' to specify redirects for the target process or --allow-non-terminal-interactive=true if you really want to specify a redirect for Delve",
      'Error: --continue requires --accept-multiclient',
      'exec: "dlv": executable file not found in $PATH',
      'Failed to attach to remote debugger: connect ECONNREFUSED 127.0.0.1:2345',
    ],
    bad: 'FROM golang:1.22\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.25.2\nWORKDIR /src\nCOPY . .\nRUN go build -gcflags="all=-N -l" -o /app .\nCMD ["dlv", "exec", "/app", "--listen=127.0.0.1:2345"]\n',
    good: 'FROM golang:1.22\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.25.2\nWORKDIR /src\nCOPY . .\nRUN go build -gcflags="all=-N -l" -o /app .\nCMD ["dlv", "exec", "/app", "--headless", "--listen=:2345", "--api-version=2", "--accept-multiclient", "--continue"]\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'Adds what makes the server reachable (`--headless`, `--listen=:2345` or the loopback address turned into `:<port>`, `--accept-multiclient` next to `--continue`) and, for a compose service that builds the image, publishes the port on the host\'s loopback (`"127.0.0.1:2345:2345"`: the Delve API has no authentication); adds `--continue --accept-multiclient`, or `--accept-multiclient`; copies dlv from the stage that installs it with `go install` (when that build is static, CGO_ENABLED=0).',
    notFlagged: [
      '`dlv connect`, `dlv version` and other subcommands that start no program; `dlv dap` for the flags it does not take (`--headless`, `--continue`).',
      'A missing dlv when the base image is not one the table knows, or a COPY of a folder, a download or a package install may bring it.',
      'No `--continue` in an image without a HEALTHCHECK: a debug image that waits for its debugger is a choice (compose services that wait for it are DGT241\'s finding).',
      'Windows images and files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const done = new Set<number>();
    // Later stages first: a stage that builds on another sees the instructions of both.
    for (const stage of [...model.stages].reverse()) {
      if (rootOf(model, stage).family === 'windows') continue;
      const cmd = stageCommand(project, model, ctx.path, stage);
      const run = cmd ? delveRun(cmd) : undefined;
      if (!run || run.program.path !== ctx.path || done.has(run.program.start)) continue;
      if (!run.dap && !startsTarget(run)) continue;
      done.add(run.program.start);
      const problem = unreachable(run);
      if (problem) {
        const reach = reachEdits(project, run);
        const port = reach?.port ?? DELVE_PORT;
        const fixes: FixInput[] = [];
        if (reach) fixes.push({ titleId: 'reach', titleData: { port }, preferred: true, edits: [...reach.edits, ...publishEdits(ctx, stage, port)] });
        report({ ...delveAt(run, problem), messageId: problem, data: delveData(run, port), fixes });
      }
      if (!run.dap) {
        const health = healthcheckOf(model, stage);
        if (!run.cont && health) {
          const e = startEdit(project, run);
          report({
            ...delveAt(run, 'waits'),
            messageId: 'waitsHealth',
            data: delveData(run, undefined),
            severity: 'warning',
            fixes: e ? [{ titleId: 'start', preferred: true, edits: [e] }] : [],
            related: [{ path: ctx.path, start: health.start, end: health.end, messageId: 'health' }],
          });
        } else if (!run.cont && !run.acceptMulti && run.headless) {
          const e = multiEdit(project, run);
          report({ ...delveAt(run, 'noMulticlient'), messageId: 'noMulticlient', data: delveData(run, undefined), severity: 'info', fixes: e ? [{ titleId: 'multi', edits: [e] }] : [] });
        }
      }
      const missing = notInImage(ctx, stage, run);
      if (missing) report(missing);
    }
  },
});

function healthcheckOf(model: DockerfileContext['model'], stage: Stage): { start: number; end: number } | undefined {
  let found: { start: number; end: number } | undefined;
  for (const ins of chainInstructions(model, stage)) {
    if (ins.keyword !== 'HEALTHCHECK') continue;
    const args = model.text.slice(ins.argsStart, ins.argsEnd).trim();
    found = /^NONE$/i.test(args) ? undefined : { start: ins.start, end: ins.end };
  }
  return found;
}

/** The port published for the compose services that build this stage and do not publish it yet. */
function publishEdits(ctx: DockerfileContext, stage: Stage, port: number): FileEdit[] {
  const out: FileEdit[] = [];
  const seen = new Set<string>();
  for (const b of buildsOfDockerfile(ctx)) {
    const s = b.service;
    if (!s || finalStage(ctx.model, b.target) !== stage || seen.has(s.composePath + '\0' + s.name)) continue;
    seen.add(s.composePath + '\0' + s.name);
    const merged = buildService(ctx.project, s);
    if (!merged || sharesNetwork(s.networkMode) || child(merged, 'entrypoint') || child(merged, 'command')) continue;
    if (portMappings(child(merged, 'ports')).some((p) => p.target === port)) continue;
    const svc = ctx.project.compose(s.composePath)?.services.find((x) => x.name === s.name);
    const e = svc ? publishEdit(ctx.project, s.composePath, svc, port) : undefined;
    if (e) out.push(e);
  }
  return out;
}

function notInImage(ctx: DockerfileContext, stage: Stage, run: DelveRun): ReportInput<'notInImage' | 'notInImageCopy'> | undefined {
  const { model } = ctx;
  const program = run.program.value;
  if (program.includes('$')) return undefined;
  const found = delveInImage(model, stage, program);
  if (found.has !== 'no') return undefined;
  const image = rootOf(model, stage).image;
  const install = found.install;
  const dest = delveDest(program);
  const rc = runConfig(model, stage);
  const at = rc.entrypoint ?? rc.cmd;
  const fixes: FixInput[] = [];
  const related: RelatedInput[] = [];
  if (install) {
    const stageName = install.stage.name ?? String(install.stage.index);
    related.push({ path: ctx.path, start: install.at.start, end: install.at.end, messageId: 'installed', data: { stage: stageName } });
    const finalFamily = rootOf(model, stage).family;
    const sameFamily = rootOf(model, install.stage).family === finalFamily && finalFamily === 'alpine';
    if (at && (install.static || sameFamily) && at.start > install.stage.end) {
      fixes.push({ titleId: 'copyDlv', titleData: { stage: stageName }, preferred: true, edits: [copyDelveEdit(model.text, ctx.path, at, install.stage, install.path, dest)] });
    }
    return { ...delveAt(run, 'notInImage'), messageId: 'notInImageCopy', data: { program, image, stage: stageName, src: install.path, dest }, fixes, related };
  }
  return { ...delveAt(run, 'notInImage'), messageId: 'notInImage', data: { program, image } };
}
