/**
 * DGT151 binary-arch-mismatch: a `go build` compiles for one CPU and the image it ends up in is built
 * for another — a literal `GOARCH=arm64` into `FROM --platform=linux/amd64`, or a builder pinned to
 * `--platform=linux/amd64` without GOARCH feeding an arm64 image.
 */
import { dockerfileRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { finalStage, goBuilds, outputReaches, stagesFeeding } from '../parse/dockerfile';
import { goArchOfPlatform } from '../facts/goPlatforms';
import { valueOffsets } from '../model/goCommands';
import { buildsOfDockerfile } from '../model/buildContext';
import { composePlatform, goVarOf, isBuildPlatform, platformOf } from '../model/platforms';
import { startedProgram } from '../model/entry';
import { runConfig } from '../model/instructions';
import { rootOf } from '../model/stageGraph';

export const binaryArchMismatch = dockerfileRule({
  id: 'DGT151',
  name: 'binary-arch-mismatch',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Go binary built for another CPU than the image',
  messages: {
    goarch:
      'This `go {verb}` builds for {goarch} (`{setting}`), but the image it goes into is built for `{platform}` ({where}): the binary cannot run there, and the container dies at once with `exec {exe}: exec format error`. Build with GOARCH={want}, or declare `ARG TARGETARCH` and build with `GOARCH=$TARGETARCH`.',
    builder:
      'This `go {verb}` sets no GOARCH, so it builds for the CPU of its stage, pinned to `{builderPlatform}`; the image it goes into is built for `{platform}` ({where}): the container dies at once with `exec {exe}: exec format error`. Build with GOARCH={want}, or declare `ARG TARGETARCH` and build with `GOARCH=$TARGETARCH`.',
  },
  fixTitles: { setGoarch: 'Build with GOARCH={want}' },
  relatedMessages: { platform: 'The image is built for {platform} here.' },
  docs: {
    what: 'Finds a `go build` whose binary ends up in an image built for another CPU: a literal GOARCH (inline, ENV, an ARG default, `go env -w`) that differs from the literal `--platform` of the final stage or the `platform:` of the compose service that builds it, and a builder pinned to one literal platform without GOARCH feeding an image pinned to another.',
    why:
      'Go cross-compiles exactly as told: `GOARCH=amd64` gives an x86-64 binary whatever the image. Docker copies it into an arm64 image without complaint — copying bytes needs no CPU — and only the container fails, with an error that reads like a broken file. It happens after a copy-paste from a tutorial written on another machine, or when a deploy target moves to ARM (Graviton, Ampere, Apple silicon).',
    errorText: ['exec /app: exec format error', 'exec /usr/local/bin/server: exec format error', 'standard_init_linux.go:228: exec user process caused: exec format error'],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOARCH=amd64 go build -o /app .\n\nFROM --platform=linux/arm64 gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    good: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Sets GOARCH to the image\'s architecture — in the inline assignment, the ENV or ARG that sets it, or a new `GOARCH=<arch>` before `go` when none does.',
    notFlagged: [
      'GOARCH from variables (`$TARGETARCH`: DGT152 cross-build-arch looks at how those are declared), and images without a literal platform (built for whatever machine builds them).',
      'go builds run through make or a script (their environment is not read), binaries that do not reach the final image, and Windows images (DGT104 binary-os-mismatch compares operating systems).',
    ],
  },
  check(ctx, report) {
    const { model, text } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const done = new Set<number>();
    for (const build of buildsOfDockerfile(ctx)) {
      const final = finalStage(model, build.target);
      if (!final || rootOf(model, final).family === 'windows') continue;
      // The platform the image is built for: the final stage's literal --platform, else the compose service's.
      const own = platformOf(model, final);
      const fromCompose = own ? undefined : composePlatform(ctx.project, build);
      const platform = own ?? fromCompose;
      const want = goArchOfPlatform(platform);
      if (!platform || !want) continue;
      const where = own ? 'its FROM --platform' : `compose service "${build.service?.name}"`;
      const rc = runConfig(model, final);
      const entry = rc.entrypoint ?? rc.cmd;
      const exe = (entry && startedProgram(model, entry)?.word.value) || '/app';
      for (const idx of [...stagesFeeding(model, final)].sort((a, b) => a - b)) {
        for (const gb of goBuilds(model.stages[idx])) {
          if (done.has(gb.goWord.start) || gb.via || !outputReaches(model, gb, final)) continue;
          const verbWord = gb.command.words[gb.command.words.indexOf(gb.goWord) + 1];
          const start = gb.goWord.start;
          const end = verbWord ? verbWord.end : gb.goWord.end;
          const set = goVarOf(model, gb, 'GOARCH');
          const related: RelatedInput[] = own
            ? [{ path: ctx.path, start: rootOf(model, final).fromStart, end: rootOf(model, final).imageStart, messageId: 'platform', data: { platform } }]
            : [];
          if (set) {
            if (set.value.includes('$') || !set.value || set.value === want) continue;
            done.add(gb.goWord.start);
            const fixes: FixInput[] = [];
            if (set.via === 'inline') {
              const at = valueOffsets(text, set.word);
              fixes.push({ titleId: 'setGoarch', titleData: { want }, preferred: true, edits: [{ path: ctx.path, start: at.start, end: at.end, newText: want }] });
            } else if (set.via !== 'go env -w' && set.end > set.start) {
              const raw = text.slice(set.start, set.end);
              const at = raw.indexOf(set.value);
              if (at >= 0) fixes.push({ titleId: 'setGoarch', titleData: { want }, preferred: true, edits: [{ path: ctx.path, start: set.start + at, end: set.start + at + set.value.length, newText: want }] });
            }
            const setting = set.via === 'inline' ? `GOARCH=${set.value}` : set.via === 'go env -w' ? `go env -w GOARCH=${set.value}` : `${set.via} GOARCH=${set.value}`;
            report({ start, end, messageId: 'goarch', data: { verb: gb.verb, goarch: set.value, setting, platform, where, want, exe }, fixes, related });
            continue;
          }
          // No GOARCH: the builder's own CPU, when a literal platform pins it.
          const builderPlatform = platformOf(model, gb.stage);
          const builderArch = goArchOfPlatform(builderPlatform);
          if (!builderPlatform || isBuildPlatform(builderPlatform) || !builderArch || builderArch === want) continue;
          done.add(gb.goWord.start);
          report({
            start,
            end,
            messageId: 'builder',
            data: { verb: gb.verb, builderPlatform, platform, where, want, exe },
            fixes: [{ titleId: 'setGoarch', titleData: { want }, preferred: true, edits: [{ path: ctx.path, start: gb.goWord.start, end: gb.goWord.start, newText: `GOARCH=${want} ` }] }],
            related,
          });
        }
      }
    }
  },
});
