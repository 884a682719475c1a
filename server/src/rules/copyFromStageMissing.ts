/**
 * DGT148 copy-from-stage-missing: a `COPY --from=<stage>` of a path that stage never makes — the
 * build wrote `-o main` and the COPY asks for `/app/first`, or for a config file that no step of the
 * stage creates and that the build context does not give it.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import { finalStage, goBuildOutput, normalizePosix, stageNamedBefore, type Stage } from '../parse/dockerfile';
import { buildsOfDockerfile } from '../model/buildContext';
import { copySpec } from '../model/instructions';
import { feedingStages } from '../model/stageGraph';
import { pathIn } from '../model/fileTree';
import { goBuildsOf } from '../model/buildScripts';

const NOT_FOUND = 'failed to compute cache key: failed to calculate checksum of ref ...: "{path}": not found';

export const copyFromStageMissing = dockerfileRule({
  id: 'DGT148',
  name: 'copy-from-stage-missing',
  kind: 'dockerfile',
  severity: 'error',
  title: 'COPY --from a path the stage never makes',
  messages: {
    missing: `\`{path}\` is not in the \`{stage}\` stage: nothing there writes it (no COPY, no go build, no RUN that makes it), so the build stops with \`${NOT_FOUND}\`.`,
    missingBuilt: `\`{path}\` is not in the \`{stage}\` stage: its go build writes \`{built}\`, so the build stops with \`${NOT_FOUND}\`. Copy \`{built}\`.`,
  },
  fixTitles: { useBuilt: 'Copy `{built}`' },
  relatedMessages: { builds: 'This go build writes {built}.' },
  docs: {
    what: 'Finds a `COPY --from=<stage>` whose source path the stage never has: no COPY or ADD puts it there, no `go build -o` (or `go test -c`) writes it, no RUN visibly makes it, and the base image does not have it.',
    why:
      'A multi-stage build fails only when it reaches the copy, after the builder stage has downloaded modules and compiled — minutes into the build. The usual causes: the binary was renamed in one place (`go build -o main` and `COPY --from=build /app/api`), the build writes into another folder than the COPY reads (`WORKDIR /build` in the builder, `/app/...` in the copy), or a configuration file is copied from a stage that never received it.',
    errorText: [
      'failed to compute cache key: failed to calculate checksum of ref 4a3f...::x9z1...: "/app/first": not found',
      'COPY failed: stat app/first: file does not exist',
    ],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o main .\n\nFROM alpine:3.20\nCOPY --from=build /app/server /usr/local/bin/server\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=0 go build -o main .\n\nFROM alpine:3.20\nCOPY --from=build /app/main /usr/local/bin/server\n',
    exampleLanguage: 'dockerfile',
    fixes: 'When the stage has one go build output in the folder the COPY reads from (or one in all), the fix copies that path instead.',
    notFlagged: [
      'Paths a RUN we cannot see through may make (a script, `make`, `npm run build`, a package install into system folders, a redirection), paths under the base image\'s system folders, and copies from images or named contexts.',
      'Sources with globs or variables without a value, and stages the built target does not need (BuildKit skips them).',
      'Files the build context would bring, unless it is a git checkout that lacks them (a partial copy of a project tells nothing); for a Dockerfile no compose file builds, also files a folder above its own would bring (`docker build -f sub/Dockerfile .`).',
      'The folder a go build writes into and the folders above it (`go build -o ./bin/app` makes bin).',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const done = new Set<number>();
    for (const build of buildsOfDockerfile(ctx)) {
      const final = finalStage(model, build.target);
      if (!final || final.family === 'windows') continue;
      for (const idx of [...feedingStages(model, final)].sort((a, b) => a - b)) {
        const stage = model.stages[idx];
        for (const ins of stage.instructions) {
          const spec = copySpec(model, ins);
          if (!spec?.from || spec.heredoc || ins.flags.some((f) => f.name === 'parents' || f.name === 'exclude')) continue;
          const src = stageNamedBefore(model, spec.from, ins.start);
          if (!src || src.family === 'windows') continue;
          for (const w of spec.sources) {
            if (done.has(w.start) || w.opaque || /[$*?[]/.test(w.value)) continue;
            // A --from source is a path from the root of that stage, whatever its WORKDIR.
            const inSource = normalizePosix('/' + w.value);
            if (inSource === '/') continue;
            if (pathIn(project, build, model, src, inSource).kind !== 'absent') continue;
            done.add(w.start);
            // The go builds of the source stage and where they write: one in the same folder (or one at all) is the likely meant.
            const outputs = goBuildsOf(project, build, model, src)
              .concat(...lineageParents(model, src).map((s) => goBuildsOf(project, build, model, s)))
              .map((gb) => ({ gb, out: goBuildOutput(gb) }))
              .filter((o): o is { gb: (typeof o)['gb']; out: string } => !!o.out && !o.out.endsWith('/'));
            const near = outputs.filter((o) => path.posix.dirname(o.out) === path.posix.dirname(inSource));
            const pick = near.length === 1 ? near[0] : outputs.length === 1 ? outputs[0] : undefined;
            const stageName = src.name ?? String(src.index);
            if (!pick) {
              report({ start: w.start, end: w.end, messageId: 'missing', data: { path: inSource, stage: stageName } });
              continue;
            }
            const fixes: FixInput[] = [];
            if (!w.json || !/["\\]/.test(pick.out)) fixes.push({ titleId: 'useBuilt', titleData: { built: pick.out }, preferred: true, edits: [{ path: ctx.path, start: w.start, end: w.end, newText: pick.out }] });
            report({
              start: w.start,
              end: w.end,
              messageId: 'missingBuilt',
              data: { path: inSource, stage: stageName, built: pick.out },
              fixes,
              related: pick.gb.via ? [] : [{ path: ctx.path, start: pick.gb.goWord.start, end: pick.gb.command.end, messageId: 'builds', data: { built: pick.out } }],
            });
          }
        }
      }
    }
  },
});

/** The stage a `--from` names, among those before the instruction (by name or index). */

/** The stages `stage` builds on (FROM <stage>), nearest first, without `stage` itself. */
function lineageParents(model: { stages: readonly Stage[] }, stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s = stage.parent !== undefined ? model.stages[stage.parent] : undefined; s; s = s.parent !== undefined ? model.stages[s.parent] : undefined) out.push(s);
  return out;
}
