/**
 * DGT151 binary-arch-mismatch: a `go build` compiles for one CPU and the image it ends up in is built
 * for another — a literal `GOARCH=arm64` into `FROM --platform=linux/amd64`, or a builder pinned to
 * `--platform=linux/amd64` without GOARCH feeding an arm64 image.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import type { FileEdit, FixInput, RelatedInput, ReportInput } from '../core/types';
import type { Project } from '../project/project';
import type { DockerfileModel, Stage } from '../parse/dockerfile';
import { detectEol } from '../core/text';
import { goreleaserUsesOf } from '../model/goreleaser';
import { copySpec } from '../model/instructions';
import { finalStage, goBuilds, outputReaches, stagesFeeding } from '../parse/dockerfile';
import { goArchOfPlatform } from '../facts/goPlatforms';
import { valueOffsets } from '../model/goCommands';
import { buildsOfDockerfile } from '../model/buildContext';
import { composePlatform, goVarOf, isBuildPlatform, platformOf } from '../model/platforms';
import { startedProgram } from '../model/entry';
import { runConfig } from '../model/instructions';
import { rootOf } from '../model/stageGraph';
import { copySourceRange, hostBinariesOf, hostGoVarEdit } from '../model/hostBinaries';
import { viaName } from '../model/buildScripts';

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
    host:
      'This copies `{exe}`, which {script} builds on the host with `{setting}` before `docker build`, but the image is built for `{platform}` ({where}): the binary cannot run there, and the container dies at once with `exec {exe}: exec format error`. Build it with GOARCH={want}, or build it in the Dockerfile with `GOARCH=$TARGETARCH`.',
    releaser:
      'goreleaser ({config}) builds this image with `--platform={platform}`, but its `dockers` entry puts in the binary built for {goarch} ({setting}): the container dies at once with `exec {exe}: exec format error`. Set `goarch: {want}` in that entry.',
    hostMulti:
      'This copies `{exe}`, which {script} builds once on the host with `{setting}`, while `docker build` makes images for `{platforms}`: the `{other}` image gets the same {goarch} binary and dies at once with `exec {exe}: exec format error`. Build the binary in the Dockerfile (`FROM --platform=$BUILDPLATFORM`, `GOOS=$TARGETOS GOARCH=$TARGETARCH`), or one binary per platform.',
  },
  fixTitles: { setGoarch: 'Build with GOARCH={want}', setHostGoarch: 'Build with GOARCH={want} in {script}', setReleaserGoarch: 'Set goarch: {want} in {config}' },
  relatedMessages: { platform: 'The image is built for {platform} here.', hostBuild: 'The binary is built here.', releaserEntry: 'The goreleaser entry that builds this image.' },
  docs: {
    what: 'Finds a `go build` whose binary ends up in an image built for another CPU: a literal GOARCH (inline, ENV, an ARG default, `go env -w`) that differs from the literal `--platform` of the final stage or the `platform:` of the compose service that builds it, and a builder pinned to one literal platform without GOARCH feeding an image pinned to another. Also a binary that a Makefile target or script builds on the host with a literal GOARCH and then copies in with `docker build`, when the image is built for another CPU — by its FROM, by compose, or by the `--platform` of that `docker build` (with several platforms, all but one get the wrong binary). And a goreleaser `dockers` entry whose `build_flag_templates` build the image for one CPU (`--platform=linux/arm64`) while its `goarch` (amd64 when not set) picks the binary of another.',
    why:
      'Go cross-compiles exactly as told: `GOARCH=amd64` gives an x86-64 binary whatever the image. Docker copies it into an arm64 image without complaint — copying bytes needs no CPU — and only the container fails, with an error that reads like a broken file. It happens after a copy-paste from a tutorial written on another machine, or when a deploy target moves to ARM (Graviton, Ampere, Apple silicon).',
    errorText: ['exec /app: exec format error', 'exec /usr/local/bin/server: exec format error', 'standard_init_linux.go:228: exec user process caused: exec format error'],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOARCH=amd64 go build -o /app .\n\nFROM --platform=linux/arm64 gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    good: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Sets GOARCH to the image\'s architecture — in the inline assignment, the ENV or ARG that sets it, or a new `GOARCH=<arch>` before `go` when none does; for a host build, the value the script writes. None for a multi-platform build: one binary cannot serve them all.',
    notFlagged: [
      'GOARCH from variables (`$TARGETARCH`: DGT152 cross-build-arch looks at how those are declared), and images without a literal platform (built for whatever machine builds them).',
      'go builds that a RUN starts through make or a script (their environment is not read), binaries that do not reach the final image, and Windows images (DGT104 binary-os-mismatch compares operating systems).',
      'Host builds without a literal GOARCH (they build for the machine that runs them, like the image), and images with no literal platform anywhere.',
      'goreleaser images whose Dockerfile compiles its own program and copies that in (`COPY --from=build`) instead of the binary goreleaser puts into the context.',
    ],
  },
  check(ctx, report) {
    const { model, text } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const done = new Set<number>();
    for (const build of buildsOfDockerfile(ctx, { leaves: true })) {
      const final = finalStage(model, build.target);
      if (!final || rootOf(model, final).family === 'windows') continue;
      // The platform the image is built for: the final stage's literal --platform, else the compose service's.
      const own = platformOf(model, final);
      const fromCompose = own ? undefined : composePlatform(ctx.project, build);
      const platform = own ?? fromCompose;
      const want = goArchOfPlatform(platform);
      if (!platform || !want) continue;
      const where = own ? 'its FROM --platform' : `compose service "${build.service?.name}"`;
      const exe = startedExe(model, final);
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
    for (const r of releaserFindings(ctx.project, ctx.path, model)) report(r);
    // Binaries a host script builds before `docker build`.
    for (const build of buildsOfDockerfile(ctx, { leaves: true })) {
      const final = finalStage(model, build.target);
      if (!final || rootOf(model, final).family === 'windows') continue;
      for (const bin of hostBinariesOf(ctx.project, build, model, final)) {
        const goarch = bin.go.goarch?.value.toLowerCase();
        if (!goarch || !bin.go.goarch) continue;
        const own = platformOf(model, final);
        const composed = own ? undefined : composePlatform(ctx.project, build);
        const platforms = own ? [own] : composed ? [composed] : (bin.docker.platforms ?? []);
        const where = own ? 'its FROM --platform' : composed ? `compose service "${build.service?.name}"` : `\`docker build --platform\` in ${path.basename(bin.docker.file)}`;
        const wrong = platforms.filter((p) => goArchOfPlatform(p) && goArchOfPlatform(p) !== goarch);
        if (!wrong.length || platforms.some((p) => !goArchOfPlatform(p))) continue;
        const at = copySourceRange(model, bin, build.context);
        if (done.has(at.start)) continue;
        done.add(at.start);
        const script = viaName(ctx.project, bin.go);
        const related: RelatedInput[] = [{ path: bin.go.file, start: bin.go.start, end: bin.go.end, messageId: 'hostBuild' }];
        if (platforms.length > 1) {
          report({ ...at, messageId: 'hostMulti', data: { exe: bin.exe, script, setting: bin.go.goarch.setting, platforms: platforms.join(','), other: wrong[0], goarch }, related });
          continue;
        }
        const want = goArchOfPlatform(wrong[0]) as string;
        const edit = hostGoVarEdit(ctx.project, bin.go, 'GOARCH', want);
        report({
          ...at,
          messageId: 'host',
          data: { exe: bin.exe, script, setting: bin.go.goarch.setting, platform: wrong[0], where, want },
          related,
          fixes: edit ? [{ titleId: 'setHostGoarch', titleData: { want, script: path.basename(bin.go.file) }, preferred: true, edits: [edit] }] : [],
        });
      }
    }
  },
});

/** goreleaser `dockers` entries that build the image for one CPU and put in the binary of another. */
function releaserFindings(project: Project, dockerfile: string, model: DockerfileModel): ReportInput<'releaser', 'setReleaserGoarch', 'releaserEntry'>[] {
  const out: ReportInput<'releaser', 'setReleaserGoarch', 'releaserEntry'>[] = [];
  const final = finalStage(model, undefined);
  if (!final) return out;
  // One finding per COPY and platform: a versioned and a `latest` entry often build the same image.
  const done = new Set<string>();
  for (const use of goreleaserUsesOf(project, dockerfile)) {
    const d = use.docker;
    if (d.kind !== 'dockers' || d.skip || !d.platform || d.platform.value.includes('{{')) continue;
    const want = goArchOfPlatform(d.platform.value);
    const goarch = d.goarch?.value ?? 'amd64';
    if (!want || goarch.includes('{{') || goarch === want) continue;
    const config = path.basename(use.configPath);
    const text = project.text(use.configPath);
    // The COPY of the binary from the context goreleaser prepares (its name: a build's `binary`,
    // else the project name; or the whole context). An image that compiles its own program and
    // copies that in (`COPY --from=build`) does not take goreleaser's binary: nothing to compare.
    const names = new Set([...use.config.binaries, use.config.projectName].filter((n): n is string => !!n));
    let at: { start: number; end: number } | undefined;
    for (const ins of final.instructions) {
      const spec = copySpec(model, ins);
      const src = spec && spec.from === undefined ? spec.sources.find((w) => names.has(path.posix.basename(w.value)) || /^(\.|\.\/|\*|\/)$/.test(w.value)) : undefined;
      if (src) {
        at = { start: src.start, end: src.end };
        break;
      }
    }
    if (!at || done.has(`${at.start}\0${d.platform.value}`)) continue;
    done.add(`${at.start}\0${d.platform.value}`);
    const exe = startedExe(model, final);
    let edit: FileEdit | undefined;
    if (text !== undefined && d.goarch && text.slice(d.goarch.start, d.goarch.end) === d.goarch.value) edit = { path: use.configPath, start: d.goarch.start, end: d.goarch.end, newText: want };
    else if (text !== undefined && !d.goarch) {
      const lineStart = text.lastIndexOf('\n', d.start - 1) + 1;
      const indent = text.slice(lineStart, d.start).replace(/[^\s]/g, ' ');
      edit = { path: use.configPath, start: d.start, end: d.start, newText: `goarch: ${want}${detectEol(text)}${indent}` };
    }
    out.push({
      ...at,
      messageId: 'releaser',
      data: { config, platform: d.platform.value, goarch, setting: d.goarch ? `goarch: ${goarch}` : 'goarch not set: amd64', exe, want },
      related: [{ path: use.configPath, start: d.start, end: d.end, messageId: 'releaserEntry' }],
      fixes: edit ? [{ titleId: 'setReleaserGoarch', titleData: { want, config }, preferred: true, edits: [edit] }] : [],
    });
  }
  return out;
}

/** The program the image starts, as its ENTRYPOINT (else CMD) names it, for messages; `/app` when that cannot be read. */
function startedExe(model: DockerfileModel, final: Stage): string {
  const rc = runConfig(model, final);
  const entry = rc.entrypoint ?? rc.cmd;
  return (entry && startedProgram(model, entry)?.word.value) || '/app';
}
