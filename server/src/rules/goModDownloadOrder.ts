/**
 * DGT120 go-mod-download-order: the module source is copied before the dependencies are
 * downloaded, so every source change downloads every module again.
 */
import * as path from 'node:path';
import { DockerfileContext, dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import type { ImageBuild } from '../project/project';
import { copyArgs, envFor, goBuilds, normalizePosix, DInstruction, GoBuildCommand, Stage } from '../parse/dockerfile';
import { flagsOf, fromFlag } from '../model/stages';
import { buildsOfDockerfile } from '../model/buildContext';
import { afterFlags, insertLinesBefore, rawTokens } from './lib/instructionText';
import { downloadOrderProblem, type DownloadOrderProblem } from '../model/goModules';
import { rootOf } from '../model/stageGraph';
import { chainInstructions } from '../model/stageGraph';
import { reportNew, stagesReports } from '../model/stageValues';

export const goModDownloadOrder = dockerfileRule({
  id: 'DGT120',
  name: 'go-mod-download-order',
  kind: 'dockerfile',
  severity: 'info',
  title: 'Module source copied before the dependencies are downloaded',
  fixTitles: { copyGoMod: 'Copy {files} first and run go mod download', downloadFirst: 'Run go mod download before copying the source' },
  messages: {
    none:
      'This COPY brings in the whole module before the modules it requires ({requires} in go.mod) are downloaded, and no `go mod download` runs before it, so any source change re-downloads every module in `go build` (`go: downloading ...` on each build). Copy go.mod and go.sum first and run `go mod download`, so that layer stays cached until go.mod changes.',
    after:
      'This COPY brings in the whole module before `go mod download` runs, so any source change invalidates the download layer and every build downloads all the modules it requires ({requires} in go.mod) again (`go: downloading ...`). Copy go.mod and go.sum first and run `go mod download` before this COPY.',
  },
  docs: {
    what: 'Finds a `COPY . .` (or a copy of the module\'s folder) that comes before the module\'s dependencies are downloaded, in a stage that runs `go build`, when go.mod has requirements.',
    why:
      'Docker reuses a layer only while everything before it is unchanged. When the whole source tree is copied before `go mod download` (or there is no download step, so `go build` downloads), editing one .go file invalidates the download too, and every build fetches every module again: minutes per build on CI and on slow or proxied networks (GOPROXY=https://goproxy.cn users know this well). Copying go.mod and go.sum alone first keeps the download layer cached until the dependencies change. This is about speed, not correctness, hence the info severity.',
    errorText: ['go: downloading github.com/gin-gonic/gin v1.10.0  (again on every build after any source change)'],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN CGO_ENABLED=0 go build -o /app .\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'Inserts `COPY go.mod go.sum ./` (go.sum only when it exists; go.mod alone when it is already copied) and `RUN go mod download` above the COPY, with its indentation and its --chown/--chmod flags. No fix when the COPY\'s destination is not the working directory.',
    notFlagged: [
      'go.mod without `require` lines: there is nothing to download.',
      'A `go mod download` (or any other `go` command, or any RUN after an early `COPY go.mod`) before the source copy.',
      'A `--mount=type=cache` on /go/pkg/mod for the build, modules copied in from another stage, a vendor/ folder or `-mod=vendor` (or a GOFLAGS/-mod set from a build argument, which may be it), go.work workspaces.',
      '`go install pkg@version`, builds that copy no whole module (bind mounts), Windows stages.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    const outer = report;
    // A COPY in a stage that several stages build on is reported once, for the first go build.
    type Found = { key: number; r: Parameters<typeof outer>[0] };
    const seen = new Set<number>();
    const builds = buildsOfDockerfile(ctx);
    // Kept per stage and set of builds: an edit elsewhere in the file replays these.
    reportNew(stagesReports<Found>(ctx.project, 'DGT120', builds, model.stages, (stage, add) => checkStage(stage, add), ctx.eol), seen, report);

    function checkStage(stage: Stage, add: (f: Found) => void): void {
      for (const gb of goBuilds(stage)) {
        const p = downloadOrderProblem(ctx, stage, gb);
        if (!p) continue;
        add({
          key: p.copy.start,
          r: {
            start: afterFlags(ctx.text, p.copy, model.escape),
            end: p.copy.argsEnd,
            messageId: p.kind,
            data: { requires: p.requires },
            fixes: fixFor(ctx, p),
          },
        });
      }
    }
  },
});

function fixFor(ctx: DockerfileContext, p: DownloadOrderProblem): FixInput[] {
  const args = copyArgs(p.copy);
  const dest = args[args.length - 1];
  const wd = p.copy.workdir;
  const here = dest === '.' || dest === './' || (wd !== undefined && dest.startsWith('/') && normalizePosix(dest) === wd);
  if (!here) return [];
  const prefix = p.source === '.' || p.source === './' ? '' : p.source.replace(/^\.\//, '').replace(/\/*$/, '/');
  // dockerfile-ast's argument range starts after the flags: read them between keyword and arguments.
  const flags = rawTokens(ctx.text, p.copy.start + p.copy.keyword.length, p.copy.argsStart, ctx.model.escape)
    .filter((t) => /^--(chown|chmod|link)\b/.test(t.raw))
    .map((t) => t.raw + ' ')
    .join('');
  const hasSum = ctx.project.exists(path.join(p.moduleDir, 'go.sum')) === 'file';
  const files = hasSum ? 'go.mod, go.sum' : 'go.mod';
  const lines: string[] = [];
  if (!p.goModCopied) lines.push(`COPY ${flags}${prefix}go.mod ${hasSum ? prefix + 'go.sum ' : ''}./`);
  lines.push('RUN go mod download');
  return [
    {
      titleId: p.goModCopied ? 'downloadFirst' : 'copyGoMod',
      titleData: { files },
      preferred: true,
      edits: [insertLinesBefore(ctx, p.copy, lines)],
    },
  ];
}
