/**
 * DGT152 cross-build-arch: a Dockerfile that builds on the build machine's platform
 * (`FROM --platform=$BUILDPLATFORM`) or reads BuildKit's platform arguments, in a way that gives the
 * binary the wrong CPU as soon as the target differs from the build machine — a builder without
 * GOARCH, `ARG TARGETARCH=amd64` (a default wins over the value BuildKit passes), `$TARGETARCH` in a
 * stage that never declares it.
 */
import { dockerfileRule, type DockerfileContext } from './context';
import type { FixInput, ReportInput } from '../core/types';
import { finalStage, goBuilds, outputReaches, stagesFeeding, variableSettings, type DInstruction, type GoBuildCommand, type Stage } from '../parse/dockerfile';
import { PLATFORM_ARGS } from '../facts/goPlatforms';
import { buildsOfDockerfile } from '../model/buildContext';
import { goVarOf, isBuildPlatform, platformOf } from '../model/platforms';
import { chainInstructions, rootOf } from '../model/stageGraph';
import { afterFrom } from '../model/imageContents';
import { insertLinesBefore } from './lib/instructionText';
import { argWords, healthcheckIn, runConfig } from '../model/instructions';
import { buildService, child, scalarOf } from '../model/composeView';
import { commandProgram, serviceCommand } from '../model/containerCommand';
import { imageFacts } from '../model/image';

type Msg = 'noGoarch' | 'argDefault' | 'undeclared' | 'finalOnBuildPlatform';

/** Platform arguments a value names (`$TARGETARCH`, `${TARGETOS}`). */
function platformRefs(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/\$\{?([A-Z]+)\}?/g)) if ((PLATFORM_ARGS as readonly string[]).includes(m[1])) out.push(m[1]);
  return out;
}

/** The ARG instructions of a stage's chain before `before` that declare `name`, latest last. */
function argDeclarations(ctx: DockerfileContext, stage: Stage, before: number, name: string): { ins: DInstruction; value: string | undefined; nameEnd: number; valueEnd: number | undefined }[] {
  const out = [];
  for (const ins of chainInstructions(ctx.model, stage, before)) {
    if (ins.keyword !== 'ARG') continue;
    for (const v of variableSettings(ctx.model, ins)) if (v.name === name) out.push({ ins, value: v.value, nameEnd: v.nameEnd, valueEnd: v.valueEnd });
  }
  return out;
}

export const crossBuildArch = dockerfileRule({
  id: 'DGT152',
  name: 'cross-build-arch',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Cross-platform build that compiles for the wrong CPU',
  messages: {
    noGoarch:
      'This builder runs on the build machine\'s platform (`--platform=$BUILDPLATFORM`) and this `go {verb}` sets no GOARCH, so it compiles for the machine that builds, not for the image: `docker buildx build --platform linux/arm64` on an amd64 machine (or an amd64 image built on an Apple silicon Mac) puts a binary for the wrong CPU into the image, and the container dies with `exec {exe}: exec format error`. Declare `ARG TARGETOS TARGETARCH` in the stage and build with `GOOS=$TARGETOS GOARCH=$TARGETARCH`.',
    argDefault:
      '`ARG {name}={value}` gives BuildKit\'s platform argument a default, and a default wins over the value BuildKit passes: every build of this stage compiles for `{value}`, so building for another platform (`--platform linux/arm64`, or on an Apple silicon Mac) puts a binary for the wrong CPU into the image: `exec {exe}: exec format error`. Declare it without a default: `ARG {name}`.',
    finalOnBuildPlatform:
      'The image\'s own stage runs on the build machine\'s platform (`--platform=$BUILDPLATFORM`), while its program is cross-compiled for the target (`{goarch}`): building for another platform (`docker buildx build --platform linux/arm64` on an amd64 machine, or an amd64 image on an Apple silicon Mac) gives an image whose program is for the target and whose `{base}` programs — the shell, the tools a script or health check runs — are for the build machine: `exec /bin/sh: exec format error`. Build the final stage on the target platform: drop `--platform=$BUILDPLATFORM` from its FROM.',
    undeclared:
      '`${name}` is empty here: the platform arguments BuildKit sets are global, and a stage sees one only after `ARG {name}`. {variable} is then empty, and go compiles for the machine that runs this builder (`--platform=$BUILDPLATFORM`), not for the image: `exec {exe}: exec format error` as soon as the two differ. Add `ARG {name}` to the stage.',
  },
  fixTitles: {
    crossCompile: 'Build for the target: ARG TARGETOS TARGETARCH and {env}',
    dropDefault: 'Declare it without a default: ARG {name}',
    declare: 'Declare it in the stage: ARG {names}',
    targetPlatform: 'Build the final stage on the target platform: drop --platform={platform}',
  },
  docs: {
    what: 'Finds the cross-compilation pattern gone wrong: a builder stage on `--platform=$BUILDPLATFORM` whose `go build` sets no GOARCH; `ARG TARGETARCH=amd64` (or TARGETOS, TARGETPLATFORM) with a default in a stage whose go build reads it; `$TARGETARCH`/`$TARGETOS` in a go build of a `$BUILDPLATFORM` stage that never declares `ARG TARGETARCH`; and a final stage on `--platform=$BUILDPLATFORM`, from an image with programs of its own (alpine, debian), that takes a binary cross-compiled with `GOARCH=$TARGETARCH`.',
    why:
      'A builder on `$BUILDPLATFORM` runs natively on the machine that builds — fast, no emulation — and must be told the target: `GOARCH=$TARGETARCH`. Left out, the binary is for the build machine, which is right only as long as the build machine and the server share a CPU: building on an Apple silicon Mac for an amd64 server, or a multi-platform `buildx` build, ships an image that cannot start. A default on `ARG TARGETARCH` pins the same mistake in place (BuildKit\'s value only fills an ARG without a default), and an undeclared `$TARGETARCH` is empty inside the stage.',
    errorText: ['exec /app: exec format error', 'exec /usr/local/bin/server: exec format error'],
    bad: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETARCH=amd64\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOARCH=$TARGETARCH go build -o /app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    good: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETOS TARGETARCH\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'For a builder without GOARCH: `ARG TARGETOS TARGETARCH` after its FROM (the names it lacks) and `GOOS=$TARGETOS GOARCH=$TARGETARCH` before `go` (only GOARCH when GOOS is set already). For a default: the ARG without it. For an undeclared argument: `ARG <name>` before the RUN. For a final stage on the build platform: its `--platform=$BUILDPLATFORM` removed.',
    notFlagged: [
      'Builders that do not run on `$BUILDPLATFORM` (they run on the target platform, emulated if need be, so the default GOARCH is right), and builders without GOARCH whose final stage is on `$BUILDPLATFORM` too (nothing is cross-built). A final stage on `$BUILDPLATFORM` from scratch or distroless/static (no programs of their own), or whose binaries are not cross-compiled.',
      'go builds run through make, a script or `xx-go` (the tonistiigi/xx helpers set the target themselves), and GOARCH set literally (DGT151 binary-arch-mismatch compares it with the image\'s platform).',
      'A default on an ARG that no go build reads, `ARG TARGETOS=linux` (the images this is about are Linux images), and files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const done = new Set<number>();
    const argsDone = new Set<number>();
    // xx-go and xx-* helpers set GOOS/GOARCH for the target themselves.
    if (model.stages.some((s) => s.instructions.some((i) => i.commands.some((c) => c.words.some((w) => /^xx-/.test(w.value)))) || /tonistiigi\/xx/.test(s.image))) return;
    for (const build of buildsOfDockerfile(ctx)) {
      const final = finalStage(model, build.target);
      if (!final || rootOf(model, final).family === 'windows') continue;
      if (isBuildPlatform(platformOf(model, final))) {
        checkFinalOnBuildPlatform(ctx, report, final, done);
        continue;
      }
      const exe = '/app';
      for (const idx of [...stagesFeeding(model, final)].sort((a, b) => a - b)) {
        for (const gb of goBuilds(model.stages[idx])) {
          if (done.has(gb.goWord.start) || gb.via || !outputReaches(model, gb, final)) continue;
          checkBuild(ctx, report, gb, exe, done, argsDone);
        }
      }
    }
  },
});

function checkBuild(ctx: DockerfileContext, report: (r: ReportInput<Msg>) => void, gb: GoBuildCommand, exe: string, done: Set<number>, argsDone: Set<number>): void {
  const { model } = ctx;
  const onBuildPlatform = isBuildPlatform(platformOf(model, gb.stage));
  const goarch = goVarOf(model, gb, 'GOARCH');
  const goos = goVarOf(model, gb, 'GOOS');
  // A default on a platform argument the build reads (through GOARCH or GOOS).
  for (const set of [goarch, goos]) {
    if (!set) continue;
    for (const name of platformRefs(set.via === 'inline' ? set.word.value : set.value)) {
      const decls = argDeclarations(ctx, gb.stage, gb.instruction.start, name);
      const last = decls[decls.length - 1];
      if (last?.value !== undefined && last.valueEnd !== undefined && name.startsWith('TARGET')) {
        // `ARG TARGETOS=linux` changes nothing for the Linux images this is about.
        if (argsDone.has(last.nameEnd) || (name === 'TARGETOS' && last.value === 'linux')) continue;
        argsDone.add(last.nameEnd);
        done.add(gb.goWord.start);
        report({
          start: last.nameEnd,
          end: last.valueEnd,
          messageId: 'argDefault',
          data: { name, value: last.value, exe },
          fixes: [{ titleId: 'dropDefault', titleData: { name }, preferred: true, edits: [{ path: ctx.path, start: last.nameEnd, end: last.valueEnd, newText: '' }] }],
        });
        continue;
      }
      if (!last && onBuildPlatform && set.via === 'inline' && name.startsWith('TARGET')) {
        done.add(gb.goWord.start);
        const raw = set.word.value;
        const at = ctx.text.indexOf('$', set.word.start);
        const refEnd = at >= 0 && at < set.word.end ? at + (/^\$\{/.test(ctx.text.slice(at)) ? name.length + 3 : name.length + 1) : set.word.end;
        const names = [...new Set([goarch, goos].flatMap((s) => (s?.via === 'inline' ? platformRefs(s.word.value) : [])).filter((n) => !argDeclarations(ctx, gb.stage, gb.instruction.start, n).length))];
        report({
          start: at >= 0 && at < set.word.end ? at : set.word.start,
          end: refEnd,
          messageId: 'undeclared',
          data: { name, variable: raw.slice(0, raw.indexOf('=')), exe },
          fixes: [{ titleId: 'declare', titleData: { names: names.join(' ') }, preferred: true, edits: [insertLinesBefore(ctx, gb.instruction, [`ARG ${names.join(' ')}`])] }],
        });
        return;
      }
    }
  }
  if (goarch || !onBuildPlatform) return;
  // A builder on $BUILDPLATFORM without GOARCH.
  done.add(gb.goWord.start);
  const verbWord = gb.command.words[gb.command.words.indexOf(gb.goWord) + 1];
  const needed = goos ? ['TARGETARCH'] : ['TARGETOS', 'TARGETARCH'];
  const missing = needed.filter((n) => !argDeclarations(ctx, gb.stage, gb.instruction.start, n).length);
  const env = goos ? 'GOARCH=$TARGETARCH' : 'GOOS=$TARGETOS GOARCH=$TARGETARCH';
  const edits = [{ path: ctx.path, start: gb.goWord.start, end: gb.goWord.start, newText: env + ' ' }];
  if (missing.length) {
    const at = afterFrom(model, gb.stage);
    edits.unshift({ path: ctx.path, start: at, end: at, newText: `${ctx.eol}ARG ${missing.join(' ')}` });
  }
  const fixes: FixInput[] = [{ titleId: 'crossCompile', titleData: { env }, preferred: true, edits }];
  report({ start: gb.goWord.start, end: verbWord ? verbWord.end : gb.goWord.end, messageId: 'noGoarch', data: { verb: gb.verb, exe }, fixes });
}

/** Base images without programs of their own: what runs is only the copied binary. */
const NO_PROGRAMS = new Set(['scratch', 'distroless-static']);

/**
 * A final stage on `--platform=$BUILDPLATFORM` (its own FROM says so) from an image with programs,
 * taking a binary that a builder cross-compiles with `GOARCH=$TARGETARCH`: for another target the
 * image mixes the two platforms.
 */
function checkFinalOnBuildPlatform(ctx: DockerfileContext, report: (r: ReportInput<Msg>) => void, final: Stage, done: Set<number>): void {
  const { model } = ctx;
  if (done.has(final.fromStart) || !isBuildPlatform(final.platform) || NO_PROGRAMS.has(rootOf(model, final).family) || rootOf(model, final).family === 'unknown') return;
  let cross: GoBuildCommand | undefined;
  for (const idx of [...stagesFeeding(model, final)].sort((a, b) => a - b)) {
    for (const gb of goBuilds(model.stages[idx])) {
      if (gb.via || gb.stage === final || !outputReaches(model, gb, final)) continue;
      const goarch = goVarOf(model, gb, 'GOARCH');
      const value = goarch ? (goarch.via === 'inline' ? goarch.word.value : goarch.value) : '';
      if (platformRefs(value).some((n) => n === 'TARGETARCH' || n === 'TARGETPLATFORM')) cross ??= gb;
    }
  }
  if (!cross) return;
  // The program alone starts fine (it is built for the target); the base's programs are what breaks.
  const severity = runsBasePrograms(ctx, final) ? undefined : ('info' as const);
  // The flag as written in the FROM line: `--platform=$BUILDPLATFORM ` up to the image.
  const head = ctx.text.slice(final.fromStart, final.imageStart);
  const m = /--platform=(\S+)\s+/i.exec(head);
  if (!m) return;
  done.add(final.fromStart);
  const start = final.fromStart + m.index;
  const goarch = goVarOf(model, cross, 'GOARCH');
  report({
    start,
    end: start + m[0].trimEnd().length,
    messageId: 'finalOnBuildPlatform',
    severity,
    data: { goarch: `GOARCH=${goarch?.via === 'inline' ? goarch.word.value.slice(goarch.word.value.indexOf('=') + 1) : (goarch?.value ?? '$TARGETARCH')}`, base: final.image },
    fixes: [{ titleId: 'targetPlatform', titleData: { platform: m[1] }, preferred: true, edits: [{ path: ctx.path, start, end: start + m[0].length, newText: '' }] }],
  });
}

const SHELLS = /^(\/usr)?(\/bin\/)?(sh|bash|ash|dash|zsh)$/;

/** Whether a program word is a shell or a shell script (the base image's programs run then). */
function viaShell(word: string | undefined): boolean {
  return word !== undefined && (SHELLS.test(word) || /\.(sh|bash)$/.test(word));
}

/**
 * Whether the image, as built or as a compose service of it runs it, starts programs of its base
 * image: a shell-form ENTRYPOINT or CMD, a shell or script as the program, or a health check.
 */
function runsBasePrograms(ctx: DockerfileContext, final: Stage): boolean {
  const { model, project } = ctx;
  const health = healthcheckIn(model, final);
  if (health && !health.none) return true;
  const rc = runConfig(model, final);
  const entry = rc.entrypoint ?? rc.cmd;
  if (entry) {
    const { form, words } = argWords(model, entry);
    if (form !== 'json' || viaShell(words[0]?.value)) return true;
  }
  for (const build of buildsOfDockerfile(ctx)) {
    if (!build.service) continue;
    const merged = buildService(project, build.service);
    if (!merged) continue;
    const hc = child(merged, 'healthcheck');
    if (hc && !/^\s*true\s*$/i.test(String(scalarOf(child(hc, 'disable'))?.value ?? ''))) return true;
    if (!child(merged, 'command') && !child(merged, 'entrypoint')) continue;
    const run = serviceCommand(project, merged, imageFacts(project, build));
    if (run && (run.commands.length > 1 || viaShell(commandProgram(run.commands[0] ?? [])?.word.value))) return true;
  }
  return false;
}
