/**
 * DGT111 go-mod-not-copied: a `go build` in a stage that never received go.mod, for a main package
 * that imports packages outside the standard library.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { normalizePosix } from '../parse/dockerfile';
import type { IgnorePattern } from '../parse/dockerignore';
import { compareVer, contextRelative, flagValue, goCommands, GoCmd, goEnv, goFilesIn, goModFor, GoVer, ignoreFileOf, isGolangRepo, isNonStdImport, inWorkTree, lineIndent, originOf, packageArgs, parseGolangTag, runBindMounts, runsMayCreateFiles } from '../model/goCommands';
import { buildsOfDockerfile } from '../model/buildContext';
import { shown } from './lib/gopathEra';
import { mainPackageFiles } from '../model/goModules';
import { rootOf } from '../model/stageGraph';
import { reportNew, stagesReports } from '../model/stageValues';
import type { ImageBuild } from '../project/project';
import type { Stage } from '../parse/dockerfile';

const GO116: GoVer = [1, 16, 0, Number.POSITIVE_INFINITY];
const BUILDING = new Set(['build', 'install', 'run', 'test', 'vet']);

export const goModNotCopied = dockerfileRule({
  id: 'DGT111',
  name: 'go-mod-not-copied',
  kind: 'dockerfile',
  severity: 'error',
  title: '`go build` without go.mod in the image',
  messages: {
    notCopied:
      'This `go {verb}` runs in {dir}, but no go.mod was copied there or above it ({gomod} stays outside the image), and {file} imports `{pkg}`. The build stops with `no required module provides package {pkg}; go.mod file not found in current directory or any parent directory` (older Go: `go: cannot find main module`). Copy go.mod and go.sum first.',
    outsideContext:
      'This `go {verb}` runs in {dir} without a go.mod, and {file} imports `{pkg}`: `no required module provides package {pkg}; go.mod file not found in current directory or any parent directory`. The module\'s {gomod} is outside the build context `{context}`, so no COPY can reach it: build from the module\'s folder.',
    noGoMod:
      'This `go {verb}` runs in {dir} without a go.mod, and {file} imports `{pkg}`: `no required module provides package {pkg}; go.mod file not found in current directory or any parent directory`. The project has no go.mod: run `go mod init` and `go mod tidy` in it and commit go.mod and go.sum.',
    notCopiedPackage:
      'This `go {verb}` builds the package `{target}` in {dir}, but no go.mod was copied there or above it ({gomod} stays outside the image). Naming a package (not .go files) needs a main module even when {file} imports only the standard library: the build stops with `go: go.mod file not found in current directory or any parent directory; see \'go help modules\'`. Copy go.mod first.',
    outsideContextPackage:
      'This `go {verb}` builds the package `{target}` in {dir} without a go.mod: naming a package (not .go files) needs a main module even when {file} imports only the standard library, so it stops with `go: go.mod file not found in current directory or any parent directory; see \'go help modules\'`. The module\'s {gomod} is outside the build context `{context}`: build from the module\'s folder.',
    noGoModPackage:
      'This `go {verb}` builds the package `{target}` in {dir}, and the project has no go.mod anywhere: naming a package (not .go files) needs a main module even when {file} imports only the standard library, so it stops with `go: go.mod file not found in current directory or any parent directory; see \'go help modules\'`. Run `go mod init` in the project and commit go.mod, or build the file: `go {verb} {file}`.',
  },
  fixTitles: { copyGoMod: 'Copy {gomod} before building', copyGoModSum: 'Copy {gomod} and go.sum before building' },
  relatedMessages: { goMod: "The module's go.mod." },
  docs: {
    what: 'Finds a `go build`/`go install`/`go run` in a golang stage that never received a go.mod (no COPY of go.mod, of `.`, or of a folder holding it), when the main package imports packages outside the standard library, or when the command names a package (`.`, `./cmd/api`) rather than .go files.',
    why:
      'Since Go 1.16 the go command works in module mode: without a go.mod it cannot resolve any third-party import. Copying only `*.go` files, or main.go, into the image is the classic cause; so is a build context that is a subfolder of the module.',
    errorText: [
      'main.go:5:2: no required module provides package github.com/gin-gonic/gin: go.mod file not found in current directory or any parent directory; see \'go help modules\'',
      "go: go.mod file not found in current directory or any parent directory; see 'go help modules'",
      'go: cannot find main module, but found .git/config in /src',
    ],
    bad: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY *.go ./\nRUN go build -o /out/app .\n',
    good: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY *.go ./\nRUN go build -o /out/app .\n',
    exampleLanguage: 'dockerfile',
    fixes: 'When go.mod sits in the folder that is copied to the build\'s directory, inserts `COPY go.mod go.sum ./` (go.sum only when it exists) before the RUN.',
    notFlagged: [
      'Main packages that import only the standard library, built by naming their .go files (`go build main.go` works without go.mod; `go build .` does not).',
      'Stages that may get go.mod another way: COPY --from, ADD of an archive or URL, RUN --mount=type=bind, git clone, curl, wget, `go mod init`, a go.work.',
      'go.mod excluded by .dockerignore (DGT112 reports that, on the cause), GO111MODULE=off, golang images before 1.16, and images other than golang.',
      'A COPY that names go.mod when the file is missing (that COPY fails first), and a missing go.mod outside a git work tree (a partial copy of a project tells nothing).',
    ],
  },
  check(ctx, report) {
    const { model, project, text, eol } = ctx;
    const done = new Set<number>();
    const outer = report;
    // A command the first build that gets far enough claims (reported or not); later builds skip it.
    type Claim = { key: number; r?: Parameters<typeof outer>[0] };
    for (const build of buildsOfDockerfile(ctx)) {
      // Kept per stage and build: an edit elsewhere in the file replays these.
      reportNew(stagesReports<Claim>(project, 'DGT111', build, model.stages, (stage, add) => checkStage(build, stage, add), eol), done, report);
    }

    function checkStage(build: ImageBuild, stage: Stage, add: (c: Claim) => void): void {
      const ignore = ignoreFileOf(project, build)?.patterns;
      const root = rootOf(model, stage);
      if (!isGolangRepo(root.repo)) return;
      const tag = parseGolangTag(root.tag);
      if (!tag || (tag.version && compareVer(tag.version, GO116) < 0)) return;
      for (const cmd of goCommands(stage)) {
        if (!BUILDING.has(cmd.verb) || cmd.cwd === undefined) continue;
        if (flagValue(cmd, 'modfile') !== undefined || runBindMounts(text, cmd.instruction)) continue;
        const mode = goEnv(model, cmd, 'GO111MODULE');
        if (mode !== undefined && mode !== 'on' && mode !== '') continue;
        if (/-modfile/.test(goEnv(model, cmd, 'GOFLAGS') ?? '')) continue;
        if (runsMayCreateFiles(model, cmd)) continue;
        const found = goModFor(project, build, model, stage, cmd.cwd, cmd.instruction.start, ignore);
        if (found.hostGoMod || found.unknown || found.origin?.excluded.length || found.origin?.missingNamed) continue;
        // A go.work anywhere above also makes a main module.
        let work = false;
        for (let d = cmd.cwd; ; d = path.posix.dirname(d)) {
          const o = originOf(project, build, model, stage, (d === '/' ? '' : d) + '/go.work', cmd.instruction.start, ignore);
          if (o.provider || o.unknown) work = true;
          if (work || d === '/') break;
        }
        if (work) continue;
        const main = mainPackageFiles(ctx, build, cmd);
        if (!main || !main.files.length) continue;
        let pkg: string | undefined;
        let file: string | undefined;
        for (const f of main.files) {
          const facts = project.goFacts(f);
          if (facts?.packageName !== 'main') continue;
          const imp = facts.imports.find((i) => isNonStdImport(i.path));
          if (imp) {
            pkg = imp.path;
            file = f;
            break;
          }
        }
        // Naming a package (`.`, `./cmd/api`, or nothing) needs a main module, whatever it imports.
        const args = packageArgs(cmd);
        const byPackage = !args.some((w) => w.value.endsWith('.go'));
        if ((!pkg || !file) && byPackage) file = main.files.find((f) => project.goFacts(f)?.packageName === 'main');
        if (!file) continue;
        const stdOnly = !pkg;
        const target = args[0]?.value ?? '.';
        const claim: Claim = { key: cmd.goWord.start };
        add(claim);
        const hostDir = path.dirname(file);
        const hostGoMod = project.nearestGoMod(hostDir);
        const inContext = hostGoMod !== undefined && contextRelative(build, hostGoMod) !== undefined;
        const base = !hostGoMod ? 'noGoMod' : inContext ? 'notCopied' : 'outsideContext';
        const messageId = stdOnly ? (`${base}Package` as const) : base;
        // These say a go.mod is absent: trust that only in a git work tree, not in a partial copy of a project.
        if (base !== 'notCopied' && !inWorkTree(project, build.context)) continue;
        const related: RelatedInput[] = hostGoMod ? [{ path: hostGoMod, start: 0, end: 0, messageId: 'goMod' }] : [];
        const fixes: FixInput[] = [];
        if (base === 'notCopied' && hostGoMod && path.dirname(hostGoMod) === hostDir && main.containerDir === cmd.cwd && cmd.instruction.workdir === cmd.cwd) {
          const rel = contextRelative(build, path.dirname(hostGoMod)) ?? '';
          const prefix = rel ? rel + '/' : '';
          const sum = project.exists(path.join(path.dirname(hostGoMod), 'go.sum')) === 'file' ? ` ${prefix}go.sum` : '';
          const { lineStart, indent } = lineIndent(text, cmd.instruction.start);
          fixes.push({
            titleId: sum ? 'copyGoModSum' : 'copyGoMod',
            titleData: { gomod: `${prefix}go.mod` },
            preferred: true,
            edits: [{ path: ctx.path, start: lineStart, end: lineStart, newText: `${indent}COPY ${prefix}go.mod${sum} ./${eol}` }],
          });
        }
        const verbWord = cmd.verbWord ?? cmd.goWord;
        claim.r = {
          start: cmd.goWord.start,
          end: verbWord.end,
          messageId,
          data: {
            verb: cmd.verb,
            dir: cmd.cwd,
            gomod: hostGoMod ? shown(ctx, hostGoMod) : '',
            file: path.basename(file),
            pkg: pkg ?? '',
            target,
            context: shown(ctx, build.context) || '.',
          },
          related,
          fixes,
        };
      }
    }
  },
});
