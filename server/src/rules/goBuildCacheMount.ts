/**
 * DGT121 go-build-cache-mount: in a Dockerfile that already uses BuildKit syntax, a `go build`
 * without a cache mount for Go's build cache recompiles every package on every build.
 */
import { dockerfileRule } from './context';
import { envFor, goBuilds, normalizePosix } from '../parse/dockerfile';
import { effectiveUser, isRootUser, usesBuildKit } from '../model/stages';
import { afterFlags } from './lib/instructionText';
import { cacheMountTargets, covers, downloadOrderProblem, modCacheOf } from '../model/goModules';
import { rootOf } from '../model/stageGraph';
import { stagesReports } from '../model/stageValues';
import type { Stage } from '../parse/dockerfile';
import { chainInstructions } from '../model/stageGraph';

export const goBuildCacheMount = dockerfileRule({
  id: 'DGT121',
  name: 'go-build-cache-mount',
  kind: 'dockerfile',
  severity: 'info',
  title: 'go build without BuildKit cache mounts',
  fixTitles: { addMounts: 'Add BuildKit cache mounts: {mounts}' },
  messages: {
    missing:
      'This file already uses BuildKit, but `go {verb}` has no cache mount for Go\'s build cache ({cache}), so every build recompiles every package from scratch. Add `{mounts}` to this RUN.',
  },
  docs: {
    what: 'Finds `go build`/`go install` RUNs without a `--mount=type=cache` for Go\'s build cache, in Dockerfiles that already opt into BuildKit (a `# syntax=` directive or another `RUN --mount`).',
    why:
      'A Docker layer is all or nothing: once the source changes, `go build` starts with an empty build cache and recompiles the standard library and every dependency. A BuildKit cache mount keeps /root/.cache/go-build (and /go/pkg/mod, the downloaded modules) between builds, so only the changed packages compile: builds drop from minutes to seconds. The rule only speaks up in files that already use BuildKit features, so it never pushes a file onto a builder it does not use.',
    errorText: ['=> [build 5/5] RUN go build -o /app .   94.3s  (the whole module and its dependencies recompiled after a one-line change)'],
    bad: '# syntax=docker/dockerfile:1\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n',
    good: '# syntax=docker/dockerfile:1\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    CGO_ENABLED=0 go build -o /app .\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'Adds `--mount=type=cache,target=/root/.cache/go-build` (or the GOCACHE set in the file) to the RUN, and `--mount=type=cache,target=/go/pkg/mod` (GOMODCACHE/GOPATH-aware) when the module cache is not mounted yet and its download order is fine (otherwise DGT120 says what to fix first).',
    notFlagged: [
      'Files that use no BuildKit feature (no `# syntax=` directive, no `RUN --mount`).',
      'RUNs that already mount a cache over the build cache (or a parent folder such as /root/.cache).',
      'Builds that run as a non-root user without GOCACHE set (the cache lives under that user\'s home), and Windows stages.',
      'Builds with `-a`, which rebuild every package and read nothing from the build cache.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (!usesBuildKit(model)) return;
    const outer = report;
    // Kept per stage: an edit elsewhere in the file replays these.
    for (const r of stagesReports<Parameters<typeof report>[0]>(ctx.project, 'DGT121', 'stage', model.stages, (stage, r) => checkStage(stage, r), model.escape)) report(r);

    function checkStage(stage: Stage, report: (r: Parameters<typeof outer>[0]) => void): void {
      if (rootOf(model, stage).family === 'windows') return;
      const seen = new Set<number>();
      for (const gb of goBuilds(stage)) {
        const ins = gb.instruction;
        // `go build -a` rebuilds every package and reads nothing from the build cache.
        if (seen.has(ins.start) || gb.flags.has('a')) continue;
        const gocacheEnv = envFor(gb, 'GOCACHE');
        if (gocacheEnv !== undefined && (gocacheEnv.includes('$') || !gocacheEnv.startsWith('/'))) continue;
        if (gocacheEnv === undefined) {
          const user = effectiveUser(model, stage, ins.start);
          if (user && !isRootUser(user)) continue;
          if (chainInstructions(model, stage, ins.start).some((i) => i.keyword === 'ENV' && /\bHOME\b/.test(i.ast.getArgumentsContent() ?? ''))) continue;
        }
        const cache = normalizePosix(gocacheEnv ?? '/root/.cache/go-build');
        const targets = cacheMountTargets(ins);
        if (targets.some((t) => covers(t, cache))) continue;
        seen.add(ins.start);
        const modCache = modCacheOf(gb);
        const addMod = modCache !== undefined && !targets.some((t) => covers(t, modCache)) && !downloadOrderProblem(ctx, stage, gb);
        const mounts = [`--mount=type=cache,target=${cache}`];
        if (addMod) mounts.unshift(`--mount=type=cache,target=${modCache}`);
        const at = afterFlags(ctx.text, ins, model.escape);
        const verbWord = gb.command.words[gb.command.words.indexOf(gb.goWord) + 1];
        report({
          start: gb.goWord.start,
          end: verbWord ? verbWord.end : gb.goWord.end,
          messageId: 'missing',
          data: { verb: gb.verb, cache, mounts: mounts.join(' ') },
          fixes: [
            {
              titleId: 'addMounts',
              titleData: { mounts: mounts.join(' ') },
              preferred: true,
              edits: [{ path: ctx.path, start: at, end: at, newText: mounts.join(' ') + ' ' }],
            },
          ],
        });
      }
    }
  },
});
