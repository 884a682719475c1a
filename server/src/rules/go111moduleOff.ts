/**
 * DGT106 go111module-off: GO111MODULE=off (GOPATH mode) for go commands that build a module with a
 * go.mod.
 */
import { dockerfileRule } from './context';
import type { RelatedInput } from '../core/types';
import { goCommands, goEnv, goModFor, ignoreFileOf, readsModule } from '../model/goCommands';
import { buildsOfDockerfile } from '../model/buildContext';
import { reportNew, stagesReports } from '../model/stageValues';
import type { Stage } from '../parse/dockerfile';
import type { ImageBuild } from '../project/project';
import { firstNonStdImport, settingSite, shown } from './lib/gopathEra';

export const go111moduleOff = dockerfileRule({
  id: 'DGT106',
  name: 'go111module-off',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'GO111MODULE=off for a module with a go.mod',
  messages: {
    imports:
      'GO111MODULE=off switches the go command to GOPATH mode, which ignores {gomod}: `{pkg}` is then looked up in GOPATH only and the build fails with `cannot find package "{pkg}" in any of: /usr/local/go/src/{pkg} (from $GOROOT), /go/src/{pkg} (from $GOPATH)`. Remove the setting (module mode is the default since Go 1.16).',
    ignored:
      'GO111MODULE=off switches the go command to GOPATH mode, which ignores {gomod}: its Go version, requirements and replace directives do not apply, and any import outside the standard library fails with `cannot find package ... in any of: ... (from $GOPATH)`. Remove the setting (module mode is the default since Go 1.16).',
  },
  fixTitles: { moduleMode: 'Use module mode (GO111MODULE=on)' },
  relatedMessages: { goMod: 'The go.mod that GOPATH mode ignores.' },
  docs: {
    what: 'Finds GO111MODULE=off (ENV, ARG, inline, `export`, `go env -w`) in effect for go commands that build a module whose go.mod the image has.',
    why:
      'GOPATH mode predates modules: it ignores go.mod and looks for every import under $GOPATH/src. Old Dockerfiles copied from GOPATH-era tutorials keep the setting, and the build then fails on the first third-party import, or silently builds with whatever happens to be in GOPATH.',
    errorText: [
      'cannot find package "github.com/gin-gonic/gin" in any of: /usr/local/go/src/github.com/gin-gonic/gin (from $GOROOT) /go/src/github.com/gin-gonic/gin (from $GOPATH)',
    ],
    bad: 'FROM golang:1.22-alpine AS build\nENV GO111MODULE=off\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n',
    good: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Offers to switch the value to `on` (module mode). It is not applied by "fix all": a GOPATH-mode build that vendors through $GOPATH may need its layout changed too.',
    notFlagged: ['GO111MODULE=off for go commands whose folder has no go.mod from the build context (GOPATH-style sources fetched in the Dockerfile).', 'GO111MODULE=on or auto, and values from variables.'],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    const outer = report;
    // A setting several commands or builds read is reported once.
    type Found = { key: number; r: Parameters<typeof outer>[0] };
    const done = new Set<number>();
    for (const build of buildsOfDockerfile(ctx)) {
      // Kept per stage and build: an edit elsewhere in the file replays these.
      reportNew(stagesReports<Found>(project, 'DGT106', build, model.stages, (stage, add) => checkStage(build, stage, add), ctx.eol), done, report);
    }

    function checkStage(build: ImageBuild, stage: Stage, add: (f: Found) => void): void {
      const ignore = ignoreFileOf(project, build)?.patterns;
      const seen = new Set<number>();
      for (const cmd of goCommands(stage)) {
        if (!readsModule(cmd) || cmd.cwd === undefined) continue;
        if (goEnv(model, cmd, 'GO111MODULE') !== 'off') continue;
        const site = settingSite(ctx, cmd, 'GO111MODULE', 'off');
        if (!site || seen.has(site.start)) continue;
        const found = goModFor(project, build, model, stage, cmd.cwd, cmd.instruction.start, ignore);
        if (!found.hostGoMod) continue;
        seen.add(site.start);
        const pkg = firstNonStdImport(ctx, build, model, stage, cmd.cwd, stage.end);
        const related: RelatedInput[] = [{ path: found.hostGoMod, start: 0, end: 0, messageId: 'goMod' }];
        add({
          key: site.start,
          r: {
            start: site.start,
            end: site.end,
            messageId: pkg ? 'imports' : 'ignored',
            data: { gomod: shown(ctx, found.hostGoMod), pkg: pkg ?? '' },
            related,
            fixes: [{ titleId: 'moduleMode', edits: [{ path: ctx.path, start: site.start, end: site.end, newText: 'on' }] }],
          },
        });
      }
    }
  },
});
