/**
 * DGT122 shell-form-without-shell: shell-form RUN, ENTRYPOINT or CMD in a stage built on scratch or
 * distroless, which have no /bin/sh.
 */
import { DockerfileContext, dockerfileRule } from './context';
import type { FixInput, ReportInput } from '../core/types';
import { healthcheckOf } from '../model/instructions';
import { toolNamed } from '../model/tools';
import { finalStage, type DInstruction, type Stage } from '../parse/dockerfile';
import { afterFlags, jsonStrings, rawTokens } from './lib/instructionText';
import { chainProvides, distrolessWithoutEntrypoint, setsShell, shellless, SHELL_FILES } from '../model/stages';
import { chainOf, rootOf } from '../model/stageGraph';
import { buildsOfDockerfile } from '../model/buildContext';
import { buildService, child, type MNode } from '../model/composeView';
import { chainInstructions } from '../model/stageGraph';

const STAT = '`exec: "/bin/sh": stat /bin/sh: no such file or directory`';

/** A word that means the same in exec form: no quotes, variables, globs, operators or escapes. */
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** The exec form of a shell-form command, when it is a plain word list. */
function execForm(ctx: DockerfileContext, ins: DInstruction): string | undefined {
  return execWords(ctx, ins.argsStart, ins.argsEnd);
}

/** The exec form of the shell-form command at start..end, when it is a plain word list. */
function execWords(ctx: DockerfileContext, start: number, end: number): string | undefined {
  const toks = rawTokens(ctx.text, start, end, ctx.model.escape);
  if (!toks.length || toks.some((t) => !PLAIN_WORD.test(t.raw) || t.gluedContinuation)) return undefined;
  // Comments inside a continuation would be lost: only offer the fix when every line is a word line.
  const body = ctx.text.slice(start, end);
  if (/\n[ \t]*#/.test(body)) return undefined;
  return '[' + toks.map((t) => JSON.stringify(t.raw)).join(', ') + ']';
}

function isShellForm(ctx: DockerfileContext, ins: DInstruction): boolean | undefined {
  const at = ins.keyword === 'RUN' ? afterFlags(ctx.text, ins, ctx.model.escape) : ins.argsStart;
  if (at >= ins.argsEnd) return undefined; // nothing typed yet
  if (ctx.text[at] !== '[') return true;
  // A JSON array is the exec form; a broken one is probably being typed: stay quiet.
  return jsonStrings(ctx.text, at, ins.argsEnd, ctx.model.escape) ? false : undefined;
}

export const shellFormWithoutShell = dockerfileRule({
  id: 'DGT122',
  name: 'shell-form-without-shell',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Shell-form RUN, ENTRYPOINT, CMD or HEALTHCHECK in an image without a shell',
  fixTitles: { execForm: 'Use the exec form: {keyword} {exec}' },
  messages: {
    run:
      '`{image}` has no shell, so this shell-form RUN fails the build with ' + STAT + '. Do this step in the builder stage and COPY the result in (`COPY --chmod=755`, `COPY --chown=65532:65532` set modes and owners without a shell).',
    entrypoint:
      '`{image}` has no shell, so this shell-form ENTRYPOINT runs `/bin/sh -c ...` and the container cannot start: ' + STAT + '. Use the exec form: `ENTRYPOINT {exec}`.',
    cmd:
      '`{image}` has no shell, so this shell-form CMD runs `/bin/sh -c ...` and the container cannot start: ' + STAT + '. Use the exec form: `CMD {exec}`.',
    healthcheck:
      '`{image}` has no shell, so this shell-form HEALTHCHECK runs `/bin/sh -c ...` and fails every time with ' + STAT + ': the container stays `unhealthy`, and services that wait for it (`condition: service_healthy`) never start. Use the exec form with a program the image has: `HEALTHCHECK CMD {exec}`.',
  },
  docs: {
    what: 'Finds shell-form `RUN`, `ENTRYPOINT`, `CMD` and `HEALTHCHECK CMD` instructions in stages built on `scratch` or distroless (`gcr.io/distroless/*` without `:debug`, `cgr.dev/chainguard/static`), images that have no `/bin/sh`.',
    why:
      'The shell form `RUN chmod +x /app` or `ENTRYPOINT /app --port 8080` is run as `/bin/sh -c "..."`. scratch is empty and distroless ships no shell, so the build step fails, or the image builds and then every `docker run` fails before your Go binary starts. A shell-form `HEALTHCHECK CMD` fails the same way on every check, so the container is never healthy. The exec form (`["/app", "--port", "8080"]`) runs the binary directly.',
    errorText: [
      'runc run failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory',
      'docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown.',
    ],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\nRUN chmod +x /app\nENTRYPOINT /app --port 8080\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build --chmod=755 /app /app\nENTRYPOINT ["/app", "--port", "8080"]\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Rewrites a shell-form ENTRYPOINT, CMD or HEALTHCHECK in exec form when it is a plain list of words (no quotes, variables, globs, redirections or `&&`) — for a HEALTHCHECK only when its program is not a tool the image lacks (curl, wget: DGT149 healthcheck-tool-missing). A RUN gets no fix: the step belongs in the builder stage.',
    notFlagged: [
      'Exec-form `RUN ["/busybox/sh", "-c", "..."]`, `ENTRYPOINT ["/app"]` and `CMD ["/app"]`.',
      'distroless `:debug` tags (they carry busybox), and Chainguard images other than `static`.',
      'Stages that copy a shell in (`COPY --from=busybox /bin/busybox /bin/sh`), copy whole folders or root file systems over `/bin`, unpack an archive with ADD, or set `SHELL`.',
      'A shell-form CMD under an ENTRYPOINT (it becomes the entry point\'s arguments), and CMD in distroless images that have their own ENTRYPOINT (java, python, nodejs).',
      'An ENTRYPOINT or CMD overridden later in the same stage, a half-typed `[` exec form, and files with an `# escape=` directive.',
      'An ENTRYPOINT or CMD that never runs: every compose service that builds the image sets its own `entrypoint:` (which also clears the image\'s CMD), or, for CMD, its own `command:` (compose splits a string value into words itself, without a shell).',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (model.escapeDirective) return; // Windows-style files: no Linux user or shell advice
    for (const stage of model.stages) {
      const root = rootOf(model, stage);
      const kind = shellless(root);
      if (!kind) continue;
      const image = root.image;
      const lastOf = (kw: string) => [...stage.instructions].reverse().find((i) => i.keyword === kw);
      for (const ins of stage.instructions) {
        if (ins.keyword === 'HEALTHCHECK') {
          if (lastOf(ins.keyword) === ins) checkHealthcheck(ctx, report, stage, ins, image);
          continue;
        }
        if (ins.keyword !== 'RUN' && ins.keyword !== 'ENTRYPOINT' && ins.keyword !== 'CMD') continue;
        if (ins.keyword !== 'RUN' && lastOf(ins.keyword) !== ins) continue;
        if (isShellForm(ctx, ins) !== true) continue;
        if (setsShell(model, stage, ins.start) || chainProvides(model, stage, ins.start, SHELL_FILES)) continue;
        if (ins.keyword === 'RUN') {
          const at = afterFlags(ctx.text, ins, ctx.model.escape);
          report({ start: at, end: firstLineEnd(ctx, at, ins.argsEnd), messageId: 'run', data: { image } });
          continue;
        }
        if (ins.keyword === 'CMD') {
          if (hasEntrypoint(model, stage)) continue;
          if (kind === 'distroless' && !distrolessWithoutEntrypoint(root)) continue;
        }
        if (replacedByCompose(ctx, stage, ins.keyword)) continue;
        const exec = execForm(ctx, ins);
        const fixes: FixInput[] = exec
          ? [
              {
                titleId: 'execForm',
                titleData: { keyword: ins.keyword, exec },
                preferred: true,
                edits: [{ path: ctx.path, start: ins.argsStart, end: ins.argsEnd, newText: exec }],
              },
            ]
          : [];
        report({ start: ins.argsStart, end: firstLineEnd(ctx, ins.argsStart, ins.argsEnd), messageId: ins.keyword === 'CMD' ? 'cmd' : 'entrypoint', data: { image, exec: exec ?? '["/app", "arg"]' }, fixes });
      }
    }
  },
});

/** A compose `entrypoint:`/`command:` value that sets something (not empty). */
function sets(node: MNode | undefined): boolean {
  if (!node) return false;
  if (node.kind === 'seq') return node.items.length > 0;
  return node.kind === 'scalar' && !!node.value?.trim();
}

/**
 * Whether the image's ENTRYPOINT or CMD of `stage` never runs in this project: every build whose
 * image holds the stage is a compose service that sets its own `entrypoint:` (which also clears the
 * image's CMD) or, for CMD, its own `command:`. A Dockerfile that no compose file builds is run as
 * it is.
 */
function replacedByCompose(ctx: DockerfileContext, stage: Stage, keyword: string): boolean {
  const builds = buildsOfDockerfile(ctx).filter((b) => {
    const final = finalStage(ctx.model, b.target);
    return final !== undefined && chainOf(ctx.model, final).includes(stage);
  });
  return (
    builds.length > 0 &&
    builds.every((b) => {
      const svc = buildService(ctx.project, b.service);
      return !!svc && (sets(child(svc, 'entrypoint')) || (keyword === 'CMD' && sets(child(svc, 'command'))));
    })
  );
}

/** A shell-form HEALTHCHECK CMD in a stage without a shell. */
function checkHealthcheck(ctx: DockerfileContext, report: (r: ReportInput<'healthcheck'>) => void, stage: Stage, ins: DInstruction, image: string): void {
  const hc = healthcheckOf(ctx.model, ins);
  if (!hc || hc.none || hc.form !== 'shell' || hc.cmdStart >= hc.cmdEnd) return;
  if (setsShell(ctx.model, stage, ins.start) || chainProvides(ctx.model, stage, ins.start, SHELL_FILES)) return;
  const exec = execWords(ctx, hc.cmdStart, hc.cmdEnd);
  // curl or wget in exec form would still fail (DGT149): no fix then.
  const first = hc.commands[0]?.words[0]?.value;
  const fixes: FixInput[] =
    exec && first !== undefined && !toolNamed(first)
      ? [{ titleId: 'execForm', titleData: { keyword: 'HEALTHCHECK CMD', exec }, preferred: true, edits: [{ path: ctx.path, start: hc.cmdStart, end: hc.cmdEnd, newText: exec }] }]
      : [];
  report({ start: hc.cmdStart, end: firstLineEnd(ctx, hc.cmdStart, hc.cmdEnd), messageId: 'healthcheck', data: { image, exec: exec ?? '["/app", "-healthcheck"]' }, fixes });
}

/** The end of the command's first line (without a trailing continuation), so a finding stays on one line. */
function firstLineEnd(ctx: DockerfileContext, at: number, argsEnd: number): number {
  let end = Math.min(ctx.index.lineContentEnd(ctx.index.lineOf(at)), argsEnd);
  while (end > at && (/\s/.test(ctx.text[end - 1]) || ctx.text[end - 1] === ctx.model.escape)) end--;
  return end;
}

function hasEntrypoint(model: DockerfileContext['model'], stage: Stage): boolean {
  return chainInstructions(model, stage).some((i) => i.keyword === 'ENTRYPOINT');
}
