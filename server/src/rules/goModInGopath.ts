/**
 * DGT110 go-mod-in-gopath: the module copied into the golang image's default folder /go, which is
 * GOPATH — so go.mod lands at $GOPATH/go.mod, which the go command refuses.
 */
import { dockerfileRule } from './context';
import { copyArgs, goBuildOutput, goBuilds, normalizePosix } from '../parse/dockerfile';
import { compareVer, copyMayProvide, goCommands, goEnv, GoVer, ignoreFileOf, isGolangRepo, lineIndent, originOf, parseGolangTag, readsModule } from '../model/goCommands';
import { buildsOfDockerfile } from '../model/buildContext';
import { descendantsOf } from '../model/stageGraph';

const GO117: GoVer = [1, 17, 0, Number.POSITIVE_INFINITY];

export const goModInGopath = dockerfileRule({
  id: 'DGT110',
  name: 'go-mod-in-gopath',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'go.mod copied into GOPATH (/go)',
  messages: {
    gopath:
      'This COPY puts go.mod into {gopath}, the golang image\'s default folder and its GOPATH, because no WORKDIR was set. Go {running} refuses a module there: `go: $GOPATH/go.mod exists but should not`. Set a WORKDIR first, e.g. `WORKDIR /src`.',
    warning:
      'This COPY puts go.mod into {gopath}, the golang image\'s default folder and its GOPATH, because no WORKDIR was set. Every go command then prints `go: warning: ignoring go.mod in $GOPATH {gopath}` (Go 1.13–1.16 stopped with `$GOPATH/go.mod exists but should not`), and the project\'s folders mix with GOPATH\'s own (pkg/mod, bin). Set a WORKDIR first, e.g. `WORKDIR /src`.',
  },
  fixTitles: { workdir: 'Set WORKDIR /src before the COPY' },
  docs: {
    what: 'Finds a COPY/ADD that brings go.mod into /go (the working directory and GOPATH of the golang images) when no WORKDIR was set, followed by go commands there.',
    why:
      'The golang images start in /go, which is also $GOPATH. `COPY . .` without a WORKDIR therefore creates /go/go.mod. Go 1.13 to 1.16 refuse a module rooted at GOPATH for every command, including `go mod download`; later versions print a warning on every command and build anyway, with the project\'s folders mixed into GOPATH\'s (pkg/mod, bin).',
    errorText: ['go: $GOPATH/go.mod exists but should not', 'go: warning: ignoring go.mod in $GOPATH /go'],
    bad: 'FROM golang:1.22-alpine AS build\nCOPY . .\nRUN go build -o /out/app .\n',
    good: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Inserts `WORKDIR /src` before the COPY (with the file\'s line ending). "Fix all" applies it only when no build output depends on the old working directory (a relative `-o` or no `-o` would move from /go to /src, and a later `COPY --from` would miss it).',
    notFlagged: [
      'Copies to an explicit folder (`COPY . /app`) or after a WORKDIR, and stages whose GOPATH is changed with ENV — before the copy, or after it and before the go commands (`ENV GOPATH=""` makes it $HOME/go).',
      'Windows stages and files with an `# escape=` directive (GOPATH is C:\\go there).',
    ],
  },
  check(ctx, report) {
    const { model, project, text, eol } = ctx;
    if (model.escapeDirective) return;
    const done = new Set<number>();
    for (const build of buildsOfDockerfile(ctx)) {
      const ignore = ignoreFileOf(project, build)?.patterns;
      for (const root of model.stages) {
        if (root.parent !== undefined || !isGolangRepo(root.repo) || root.family === 'windows') continue;
        for (const stage of descendantsOf(model, root)) {
          for (const ins of stage.instructions) {
            if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || done.has(stage.index)) continue;
            const gopath = ins.env.get('GOPATH')?.value ?? '/go';
            if (!gopath.startsWith('/') || gopath.includes('$') || gopath.includes(':')) continue;
            const goMod = normalizePosix(gopath) + '/go.mod';
            // Only a copy whose destination holds GOPATH/go.mod can be the one that provides it.
            if (!copyMayProvide(ins, goMod)) continue;
            const origin = originOf(project, build, model, stage, goMod, ins.end, ignore);
            if (origin.provider?.copy !== ins) continue;
            // Some go command later runs in GOPATH or below it, while it is still GOPATH there
            // (`ENV GOPATH=""` after the copy makes it $HOME/go).
            const later = descendantsOf(model, stage).flatMap((s) => goCommands(s)).filter((c) => (c.stage !== stage || c.instruction.start > ins.start) && readsModule(c));
            const inGopath = (c: (typeof later)[number]) => {
              const now = goEnv(model, c, 'GOPATH') ?? '/go';
              return now.startsWith('/') && !now.includes('$') && normalizePosix(now) === normalizePosix(gopath);
            };
            if (!later.some((c) => c.cwd !== undefined && (c.cwd === gopath || c.cwd.startsWith(gopath + '/')) && inGopath(c))) continue;
            done.add(stage.index);
            const args = copyArgs(ins);
            const destRaw = args[args.length - 1] ?? '';
            const raw = ctx.text.slice(ins.argsStart, ins.argsEnd);
            const destAt = raw.lastIndexOf(destRaw);
            const start = destAt >= 0 ? ins.argsStart + destAt : ins.argsStart;
            const end = destAt >= 0 ? start + destRaw.length : ins.argsEnd;
            // The fix is safe for --fix only when no build output lives relative to the old folder.
            const relative = descendantsOf(model, stage)
              .flatMap((s) => goBuilds(s))
              .some((gb) => gb.instruction.start > ins.start && gb.verb === 'build' && (goBuildOutput(gb) ?? gopath + '/').startsWith(gopath + '/') && !gb.flags.get('o')?.value.startsWith('/'));
            const { lineStart, indent } = lineIndent(text, ins.start);
            const fixes = destRaw.startsWith('/')
              ? []
              : [{ titleId: 'workdir', preferred: !relative, edits: [{ path: ctx.path, start: lineStart, end: lineStart, newText: `${indent}WORKDIR /src${eol}` }] }];
            const tag = parseGolangTag(root.tag);
            const old = tag?.version !== undefined && compareVer(tag.version, GO117) < 0;
            report({ start, end, messageId: old ? 'gopath' : 'warning', data: { gopath, running: tag?.versionText ?? '' }, fixes });
          }
        }
      }
    }
  },
});
