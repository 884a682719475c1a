/**
 * DGT130 cgo-without-c-compiler: cgo is wanted (CGO_ENABLED=1, or left on for a program that
 * imports "C" or a cgo-only module) in a golang alpine builder that has no C compiler, or gcc
 * without the C library's headers.
 */
import * as path from 'node:path';
import { DockerfileContext, dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import type { ImageBuild } from '../project/project';
import { envFor, finalStage, goBuilds, goEnvWritten, outputReaches, stagesFeeding, GoBuildCommand } from '../parse/dockerfile';
import { buildsOfDockerfile } from '../model/buildContext';
import { composeBuildArgs, compareVer, isGolangRepo, parseGolangTag, GoVer } from '../model/goCommands';
import { chainOf, rootOf } from '../model/stageGraph';
import { insertBefore, packagesBefore, toolPresent } from './lib/buildTools';
import { mainDirsOf } from '../model/builds';

const GO120: GoVer = [1, 20, 0, Number.POSITIVE_INFINITY];

/** Packages that bring the C library's headers along with a compiler. */
const HEADERS = /^(musl-dev|libc-dev|build-base|alpine-sdk|g\+\+)$/;

/** Imports of the main package that make a plain build compile C code (cgo left on). */
const CGO_USERS = new Set(['net', 'net/http', 'os/user']);

interface Need {
  /** "main.go has import \"C\"", "main.go imports github.com/mattn/go-sqlite3". */
  reason: string;
  sqlite: boolean;
}

/** Why the main package built by `gb` needs cgo: `import "C"` or a cgo-only module among its imports. */
function cgoNeed(ctx: DockerfileContext, build: ImageBuild, gb: GoBuildCommand): Need | undefined {
  for (const dir of mainDirsOf(ctx.project, build, ctx.model, gb)) {
    for (const f of ctx.project.mainFiles(dir)) {
      const facts = ctx.project.goFacts(f);
      if (!facts) continue;
      if (facts.importsC) return { reason: `${path.basename(f)} has import "C"`, sqlite: false };
      const imp = facts.cgoImports[0];
      if (imp) return { reason: `${path.basename(f)} imports ${imp.path}`, sqlite: imp.path.startsWith('github.com/mattn/go-sqlite3') };
    }
  }
  return undefined;
}

/** Whether the main package imports something that is compiled with cgo when cgo is on (net, os/user, C). */
function usesCgoPackages(ctx: DockerfileContext, build: ImageBuild, gb: GoBuildCommand): boolean {
  for (const dir of mainDirsOf(ctx.project, build, ctx.model, gb)) {
    for (const f of ctx.project.mainFiles(dir)) {
      const facts = ctx.project.goFacts(f);
      if (facts && (facts.importsC || facts.cgoImports.length || facts.imports.some((i) => CGO_USERS.has(i.path)))) return true;
    }
  }
  return false;
}

/** An environment value of a go build, and whether a compose build argument may replace it. */
function envOf(ctx: DockerfileContext, builds: readonly ImageBuild[], gb: GoBuildCommand, name: string): { value: string | undefined; overridden: boolean } {
  const inline = gb.inlineEnv.get(name);
  const env = gb.instruction.env.get(name);
  const value = envFor(gb, name) ?? goEnvWritten(ctx.model, gb.stage, gb.instruction.start, name);
  const overridden = !inline && env?.via === 'ARG' && builds.some((b) => composeBuildArgs(ctx.project, b).has(name));
  return { value, overridden };
}

/** Whether the binary of `gb` runs only on images with musl: every final image it reaches is alpine, or it is its own stage's chain. */
function runsOnMusl(ctx: DockerfileContext, builds: readonly ImageBuild[], gb: GoBuildCommand): boolean {
  let reached = false;
  for (const b of builds) {
    const final = finalStage(ctx.model, b.target);
    if (!final || !stagesFeeding(ctx.model, final).has(gb.stage.index) || !outputReaches(ctx.model, gb, final)) continue;
    reached = true;
    if (final.family !== 'alpine' && !chainOf(ctx.model, final).includes(gb.stage)) return false;
  }
  return reached;
}

export const cgoWithoutCompiler = dockerfileRule({
  id: 'DGT130',
  name: 'cgo-without-c-compiler',
  kind: 'dockerfile',
  severity: 'error',
  title: 'cgo in a builder without a C compiler',
  messages: {
    explicit:
      'This `go {verb}` sets CGO_ENABLED=1, but the `{builder}` builder has no C compiler (the golang alpine images ship without gcc). The build stops with `cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH`. Install one before this RUN (`apk add --no-cache build-base`), or build with CGO_ENABLED=0 if nothing needs cgo.',
    oldGo:
      '{reason}, so this `go {verb}` compiles C code, but the `{builder}` builder has no C compiler: the build stops with `exec: "gcc": executable file not found in $PATH`. Install one before this RUN: `apk add --no-cache build-base`.',
    silentSqlite:
      '{reason}, which needs cgo, but the `{builder}` builder has no C compiler, so Go 1.20 and later turn cgo off without a word: the image builds and the program fails at its first query with `Binary was compiled with \'CGO_ENABLED=0\', go-sqlite3 requires cgo to work. This is a stub`. Install a C compiler before this RUN (`apk add --no-cache build-base`, and run on alpine), or switch to the pure-Go modernc.org/sqlite.',
    silentCgo:
      '{reason}, which needs cgo, but the `{builder}` builder has no C compiler, so Go 1.20 and later turn cgo off without a word and leave the cgo files out: the build fails with `build constraints exclude all Go files` or undefined names. Install a C compiler before this RUN: `apk add --no-cache build-base`.',
    noHeaders:
      'This `go {verb}` compiles cgo code with the gcc this stage installs, but without musl-dev the C library\'s headers are missing: the build stops with `fatal error: stdlib.h: No such file or directory`. Install musl-dev too (or build-base, which has both).',
  },
  fixTitles: { buildBase: 'Install a C compiler before this RUN: apk add --no-cache build-base', muslDev: 'Install the C headers before this RUN: apk add --no-cache musl-dev' },
  docs: {
    what: 'Finds a `go build`/`go install` in a golang alpine stage without a C compiler that sets CGO_ENABLED=1, or leaves cgo on for a main package that imports "C" or a cgo-only module (github.com/mattn/go-sqlite3, confluent-kafka-go, ...); and one whose stage installs gcc without musl-dev.',
    why:
      'The `golang:<version>-alpine` images have no gcc. With CGO_ENABLED=1 the build stops at once. With cgo left on, Go before 1.20 stops when it meets C code; Go 1.20 and later quietly turn cgo off when no C compiler is found, so go-sqlite3 compiles to a stub that fails only when the program runs. gcc alone is not enough on alpine: the headers of the C library come with musl-dev.',
    errorText: [
      'cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH',
      "Binary was compiled with 'CGO_ENABLED=0', go-sqlite3 requires cgo to work. This is a stub",
      '_cgo_export.c:3:10: fatal error: stdlib.h: No such file or directory',
    ],
    bad: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=1 go build -o /out/app .\n\nFROM alpine:3.20\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
    good: 'FROM golang:1.22-alpine AS build\nRUN apk add --no-cache build-base\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=1 go build -o /out/app .\n\nFROM alpine:3.20\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'Inserts `RUN apk add --no-cache build-base` before the build (preferred), when the binary runs on alpine: a cgo binary built on alpine needs musl at run time, so for scratch, distroless or Debian final images the message says what else to change instead. For gcc without headers, inserts `RUN apk add --no-cache musl-dev`.',
    notFlagged: [
      'CGO_ENABLED=0 (DGT304 checks programs that need cgo), a CGO_ENABLED from a build argument that a compose file passes, CC set to another compiler, and cross-compiles (GOOS other than linux, or GOARCH set).',
      'Builders that install a C compiler (gcc, build-base, alpine-sdk, clang) before the build, or install packages in ways the rule cannot read (a variable, yum, a script), and builders other than the golang images.',
      'A main package that needs cgo only through packages it imports indirectly (the rule reads the main package\'s own imports).',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (model.escapeDirective) return;
    const builds = buildsOfDockerfile(ctx);
    const done = new Set<number>();
    for (const build of builds) {
      for (const stage of model.stages) {
        const root = rootOf(model, stage);
        if (!isGolangRepo(root.repo) || root.family !== 'alpine') continue;
        const tag = parseGolangTag(root.tag);
        if (!tag) continue;
        for (const gb of goBuilds(stage)) {
          if (done.has(gb.goWord.start)) continue;
          if (gb.packages.some((w) => w.value.includes('@'))) continue; // go install tool@version: not this module
          const cgo = envOf(ctx, builds, gb, 'CGO_ENABLED');
          if (cgo.overridden || (cgo.value !== undefined && cgo.value !== '1')) continue;
          if (envOf(ctx, builds, gb, 'CC').value !== undefined) continue;
          const goos = envOf(ctx, builds, gb, 'GOOS').value;
          if ((goos !== undefined && goos !== 'linux') || envOf(ctx, builds, gb, 'GOARCH').value !== undefined) continue;
          if (/(^|[,\s])netgo([,\s]|$)/.test(gb.flags.get('tags')?.value ?? '')) continue;
          const gcc = toolPresent(model, stage, gb.command.start, 'gcc');
          if (gcc === undefined) continue;
          const verbWord = gb.command.words[gb.command.words.indexOf(gb.goWord) + 1] ?? gb.goWord;
          const at = { start: gb.goWord.start, end: verbWord.end };
          const data = { verb: gb.verb, builder: root.image.split('@')[0] };
          const newGo = !tag.version || compareVer(tag.version, GO120) >= 0;
          if (gcc) {
            // gcc is there: are the headers? Only when the packages are all known and plain.
            const pkgs = packagesBefore(model, stage, gb.command.start);
            if (pkgs.some((p) => HEADERS.test(p) || /-dev$/.test(p) || p.includes('$')) || !pkgs.includes('gcc')) continue;
            const cgoOn = cgo.value === '1' || (newGo && usesCgoPackages(ctx, build, gb)) || !!cgoNeed(ctx, build, gb);
            if (!cgoOn) continue;
            done.add(gb.goWord.start);
            report({ ...at, messageId: 'noHeaders', data, fixes: [{ titleId: 'muslDev', preferred: true, edits: [insertBefore(ctx, gb.instruction, 'RUN apk add --no-cache musl-dev')] }] });
            continue;
          }
          let messageId: 'explicit' | 'oldGo' | 'silentSqlite' | 'silentCgo';
          let reason = '';
          if (cgo.value === '1') messageId = 'explicit';
          else {
            const need = cgoNeed(ctx, build, gb);
            if (!need) continue;
            reason = need.reason;
            messageId = !newGo ? 'oldGo' : need.sqlite ? 'silentSqlite' : 'silentCgo';
          }
          done.add(gb.goWord.start);
          const fixes: FixInput[] = runsOnMusl(ctx, builds, gb) ? [{ titleId: 'buildBase', preferred: true, edits: [insertBefore(ctx, gb.instruction, 'RUN apk add --no-cache build-base')] }] : [];
          report({ ...at, messageId, data: { ...data, reason }, fixes });
        }
      }
    }
  },
});

