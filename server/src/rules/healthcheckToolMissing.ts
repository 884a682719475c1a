/**
 * DGT149 healthcheck-tool-missing: a HEALTHCHECK calls curl, wget or a shell that the image does not
 * have — curl in scratch, distroless or alpine, wget in debian-slim — so every check fails and the
 * container never becomes healthy.
 */
import { dockerfileRule, type DockerfileContext } from './context';
import type { FixInput, RelatedInput, ReportInput } from '../core/types';
import type { Stage } from '../parse/dockerfile';
import { healthcheckIn, programOf, type HealthcheckSpec } from '../model/instructions';
import { baseOf, descendantsOf, rootOf } from '../model/stageGraph';
import { effectiveUser, finalStagesOf, isRootUser, shellless } from '../model/stages';
import { toolIn, toolNamed } from '../model/tools';
import { curlAsWget, goHealthMode, goProgramPath, installCommand, notFoundError } from '../model/health';
import type { Tool } from '../facts/baseImages';
import { insertLinesBefore } from './lib/instructionText';

const CONSEQUENCE = 'the container stays `unhealthy`, and services that wait for it (`depends_on: condition: service_healthy`) never start';

export const healthcheckToolMissing = dockerfileRule({
  id: 'DGT149',
  name: 'healthcheck-tool-missing',
  kind: 'dockerfile',
  severity: 'error',
  title: 'HEALTHCHECK calls a program the image does not have',
  messages: {
    busybox: '`{image}` has no `{tool}`, so this health check fails every time with `{error}`: ' + CONSEQUENCE + '. The image has busybox `wget`: `{wget}`.',
    install: '`{image}` has no `{tool}`, so this health check fails every time with `{error}`: ' + CONSEQUENCE + '. Install it in the image (`{install}`), or let the Go program check its own health.',
    noTools:
      '`{image}` holds no programs but the ones you copy in, so this health check fails every time with `{error}`: ' + CONSEQUENCE + '. Let the Go program check its own health: `HEALTHCHECK CMD ["{binary}", "-healthcheck"]` with a `-healthcheck` flag (the rule\'s page has the Go code).',
    other: '`{image}` has no `{tool}`, so this health check fails every time with `{error}`: ' + CONSEQUENCE + '. Call a program the image has, or let the Go program check its own health.',
    healthMode: '`{image}` has no `{tool}`, so this health check fails every time with `{error}`: ' + CONSEQUENCE + '. The Go program has its own health check: `HEALTHCHECK CMD {exec}`.',
  },
  fixTitles: {
    useWget: 'Use busybox wget: {wget}',
    installTool: 'Install {tool} in the image: RUN {install}',
    useHealthMode: 'Let the program check itself: HEALTHCHECK CMD {exec}',
  },
  relatedMessages: { finalImage: 'The image starts from {image}.', healthMode: 'The program\'s health check mode ({arg}).' },
  docs: {
    what: 'Finds a HEALTHCHECK whose command calls `curl`, `wget`, `bash`, `sh` or `nc` in an image that lacks it: scratch and distroless have no programs at all, alpine and busybox have busybox `wget` but no `curl`, debian and ubuntu images have neither `curl` nor `wget` unless a RUN installs them.',
    why:
      'Docker runs the check inside the container every interval. A missing program fails it exactly like a dead server, so the container is reported `unhealthy` forever: `docker compose up --wait` times out, services with `depends_on: condition: service_healthy` never start, and Swarm or ECS replace the task again and again. The image builds and the server itself runs fine, so the cause is found late.',
    errorText: [
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown',
      '/bin/sh: curl: not found',
      '/bin/sh: 1: curl: not found',
      'dependency failed to start: container app-api-1 is unhealthy',
    ],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nHEALTHCHECK CMD ["curl", "-f", "http://localhost:8080/healthz"]\nENTRYPOINT ["/app"]\n',
    good:
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n# main.go: a -healthcheck flag that GETs http://localhost:8080/healthz and exits 0 or 1:\n#   if *healthcheck {\n#     resp, err := http.Get("http://localhost:8080/healthz")\n#     if err != nil || resp.StatusCode != http.StatusOK { os.Exit(1) }\n#     os.Exit(0)\n#   }\nHEALTHCHECK CMD ["/app", "-healthcheck"]\nENTRYPOINT ["/app"]\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'Where the image has busybox (alpine, busybox, distroless `:debug`), a plain `curl -f URL` becomes `wget -qO- URL`. Where a package tool is at hand (alpine, debian, ubuntu), a second fix installs the program in a RUN before the health check (before the USER that drops root). For scratch and distroless the program has to check itself: when its sources have a health-check mode (a `-healthcheck` flag, an `os.Args[1] == "healthcheck"` test, a cobra command), the fix calls the Go binary with it in exec form; otherwise the message says what to add (the "Go main for a container" snippet has such a flag).',
    notFlagged: [
      'Programs the image gets from a package install, a COPY (busybox, a static curl), or a RUN we cannot see through (a script, `make`, an archive), and base images the table does not know.',
      'Shell-form health checks in images without a shell (scratch, distroless): DGT122 shell-form-without-shell reports those.',
      'Health checks that call the Go program or another program by path, `HEALTHCHECK NONE`, Windows stages and files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const done = new Set<number>();
    for (const stage of runnableStages(ctx)) {
      if (rootOf(model, stage).family === 'windows') continue;
      const hc = healthcheckIn(model, stage);
      if (!hc || hc.none || done.has(hc.ins.start)) continue;
      const base = baseOf(model, stage);
      if (!base || base.os !== 'linux') continue;
      const call = calledTool(hc);
      if (!call) continue;
      // A shell-form check in an image without a shell: DGT122's finding.
      if (hc.form === 'shell' && shellless(rootOf(model, stage))) continue;
      if (toolIn(model, stage, call.tool).has !== 'no') continue;
      done.add(hc.ins.start);
      reportMissing(ctx, report, stage, hc, call);
    }
  },
});

type Report = (r: ReportInput<'busybox' | 'install' | 'other' | 'noTools' | 'healthMode'>) => void;

/** Final stages of the Dockerfile's builds, and stages that set a HEALTHCHECK and that nothing builds on. */
function runnableStages(ctx: DockerfileContext): Stage[] {
  const out = new Set<Stage>(finalStagesOf(ctx).map((f) => f.stage));
  for (const s of ctx.model.stages) {
    if (s.instructions.some((i) => i.keyword === 'HEALTHCHECK') && descendantsOf(ctx.model, s).length === 1) out.add(s);
  }
  return [...out].sort((a, b) => a.index - b.index);
}

/** The program the check calls that the tool table knows, with the word that names it and its arguments. */
function calledTool(hc: HealthcheckSpec): { tool: Tool; start: number; end: number; args: string[]; argsEnd: number } | undefined {
  if (hc.form === 'json') {
    const [first, ...rest] = hc.words;
    const tool = first && !first.opaque ? toolNamed(first.value) : undefined;
    if (!first || !tool || (first.value.includes('/') && !/^\/(usr\/)?(local\/)?s?bin\/[^/]+$/.test(first.value))) return undefined;
    return { tool, start: first.start, end: first.end, args: rest.map((w) => w.value), argsEnd: rest.length ? rest[rest.length - 1].end : first.end };
  }
  for (const cmd of hc.commands) {
    const prog = programOf(cmd);
    const word = prog.word;
    const tool = word && !word.quoted ? toolNamed(word.value) : undefined;
    if (!word || !tool) continue;
    if (word.value.includes('/') && !/^\/(usr\/)?(local\/)?s?bin\/[^/]+$/.test(word.value)) return undefined;
    const rest = cmd.words.slice(prog.index + 1);
    if (rest.some((w) => w.quoted && /[$`]/.test(w.value))) return undefined;
    return { tool, start: word.start, end: word.end, args: rest.map((w) => w.value), argsEnd: rest.length ? rest[rest.length - 1].end : word.end };
  }
  return undefined;
}

function reportMissing(ctx: DockerfileContext, report: Report, stage: Stage, hc: HealthcheckSpec, call: NonNullable<ReturnType<typeof calledTool>>): void {
  const { model, project } = ctx;
  const base = baseOf(model, stage);
  if (!base) return;
  const root = rootOf(model, stage);
  const image = root.image.split('@')[0];
  const error = notFoundError(call.tool, hc.form, base.shellKind);
  const related: RelatedInput[] = [{ path: ctx.path, start: root.imageStart, end: root.imageEnd, messageId: 'finalImage', data: { image } }];
  const fixes: FixInput[] = [];
  const builds = finalStagesOf(ctx).find((f) => f.stage === stage)?.builds ?? [];
  const build = builds[0];
  // The program's own health check, in exec form.
  const binary = build ? goProgramPath(project, build, model, stage) : undefined;
  const mode = build && binary ? goHealthMode(project, build, model, stage) : undefined;
  const exec = mode && binary ? JSON.stringify([binary, mode.arg]).replace(/","/g, '", "') : undefined;
  if (mode) related.push({ path: mode.path, start: mode.start, end: mode.end, messageId: 'healthMode', data: { arg: mode.arg } });
  // busybox wget for a plain curl.
  const url = call.tool === 'curl' ? curlAsWget(call.args) : undefined;
  const busybox = url !== undefined && toolIn(model, stage, 'wget').has === 'yes';
  const wget = url ? `wget -qO- ${url}` : '';
  if (busybox) {
    const newText = hc.form === 'json' ? JSON.stringify(['wget', '-qO-', url]).replace(/","/g, '", "').slice(1, -1) : wget;
    const start = hc.form === 'json' ? hc.words[0].start - 1 : call.start;
    const end = hc.form === 'json' ? call.argsEnd + 1 : call.argsEnd;
    fixes.push({ titleId: 'useWget', titleData: { wget }, preferred: true, edits: [{ path: ctx.path, start, end, newText }] });
  }
  if (exec) {
    fixes.push({ titleId: 'useHealthMode', titleData: { exec }, preferred: !fixes.length, edits: [{ path: ctx.path, start: hc.cmdStart, end: hc.cmdEnd, newText: exec }] });
  }
  // Installing the program: in a RUN before the check, run as root.
  const install = installCommand(base, call.tool);
  if (install) {
    const user = effectiveUser(model, stage, hc.ins.start);
    const before = !user || isRootUser(user) ? hc.ins : stage.instructions.includes(user.ins) && !effectiveUserIsNonRoot(model, stage, user.ins.start) ? user.ins : undefined;
    if (before) fixes.push({ titleId: 'installTool', titleData: { tool: call.tool, install }, preferred: !fixes.length, edits: [insertLinesBefore(ctx, before, [`RUN ${install}`])] });
  }
  const data = { image, tool: call.tool, error, wget, install: install ?? '', binary: binary ?? '/app', exec: exec ?? '' };
  const empty = base.family === 'scratch' || base.family === 'distroless' || base.family === 'distroless-static';
  const messageId = busybox ? 'busybox' : exec ? 'healthMode' : install ? 'install' : empty && !base.shell ? 'noTools' : 'other';
  report({ start: call.start, end: call.end, messageId, data, fixes, related });
}

/** Whether the user in effect before `before` (the USER a fix would insert above) is already non-root. */
function effectiveUserIsNonRoot(model: DockerfileContext['model'], stage: Stage, before: number): boolean {
  const u = effectiveUser(model, stage, before);
  return !!u && !isRootUser(u);
}
