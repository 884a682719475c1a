/**
 * DGT101 cgo-binary-in-static-image: a `go build` with cgo in effect whose output ends up in an image
 * without the C library it was linked against (alpine, busybox, scratch, distroless/static).
 */
import { dockerfileRule } from './context';
import type { RelatedInput } from '../core/types';
import { finalStage, stagesFeeding, goBuilds, envFor, outputReaches, installedPackages, packageInstall, packageName, stageChainFromRoot, GoBuildCommand, DockerfileModel, Stage } from '../parse/dockerfile';
import { buildsOfDockerfile } from '../model/buildContext';
import { rootOf } from '../model/stageGraph';
import { cgoLinked } from '../model/cgoLinking';

const NO_GLIBC = new Set(['alpine', 'busybox', 'scratch', 'distroless-static']);

/** Whether the builder can compile cgo code: golang Debian images can; golang alpine only with gcc installed. */
function hasCToolchain(model: DockerfileModel, gb: GoBuildCommand): 'glibc' | 'musl' | undefined {
  const root = rootOf(model, gb.stage);
  if (root.repo !== 'golang' && !root.repo.endsWith('/golang')) return undefined;
  if (root.family === 'alpine') {
    const pkgs = installedPackages(model, gb.stage, gb.instruction.start);
    return pkgs.has('gcc') || pkgs.has('build-base') ? 'musl' : undefined;
  }
  return root.family === 'debian' ? 'glibc' : undefined;
}


/** alpine packages that give a glibc-linked binary glibc's loader name on musl (and, gcompat, some glibc-only symbols). */
const GLIBC_COMPAT = new Set(['libc6-compat', 'gcompat']);

/** Where the image's stages install a glibc compatibility package, if they do. */
function compatPackage(model: DockerfileModel, stage: Stage): { name: string; start: number; end: number } | undefined {
  for (const s of stageChainFromRoot(model, stage)) {
    for (const ins of s.instructions) {
      for (const cmd of ins.commands) {
        for (const w of packageInstall(cmd)?.packages ?? []) {
          const name = packageName(w.value);
          if (GLIBC_COMPAT.has(name)) return { name, start: w.start, end: w.end };
        }
      }
    }
  }
  return undefined;
}

export const cgoStaticImage = dockerfileRule({
  id: 'DGT101',
  name: 'cgo-binary-in-static-image',
  kind: 'dockerfile',
  severity: 'error',
  title: 'cgo-linked binary in an image without its C library',
  messages: {
    cgo:
      'This `go {verb}` runs with cgo enabled (the {builder} builder has a C compiler), so the binary is linked against {libc} dynamically, but the final image `{final}` has no {libc}. The container then dies with `exec /app: no such file or directory` (alpine: `not found`). Set CGO_ENABLED=0.',
    explicit:
      'This `go {verb}` sets CGO_ENABLED=1, so the binary is linked against {libc} dynamically, but the final image `{final}` has no {libc}: `exec /app: no such file or directory`. Link statically (-ldflags \'-linkmode external -extldflags "-static"\') or run on an image with {libc}.',
    compat:
      'This `go {verb}` links the binary against glibc dynamically, and the final image `{final}` has musl libc with `{compat}`, which gives the binary glibc\'s loader name, not glibc. It starts while it needs nothing musl lacks; a symbol only glibc has (often from a C library built for glibc) stops it at start with `Error relocating /app: <symbol>: symbol not found`. Build with CGO_ENABLED=0 if the program does not need cgo, or run it on a glibc image (gcr.io/distroless/base-debian12, debian:bookworm-slim).',
    needsCgo:
      'This `go {verb}` produces a binary linked against {libc} dynamically, which the final image `{final}` does not have (`exec /app: no such file or directory`). CGO_ENABLED=0 is not an option: {reason}. Run on an image with {libc} (gcr.io/distroless/base-debian12, debian:bookworm-slim), build on golang:<ver>-alpine with `apk add gcc musl-dev` and run on alpine, link statically, or switch to a pure-Go library (modernc.org/sqlite instead of go-sqlite3).',
  },
  fixTitles: { cgoOff: 'Build with CGO_ENABLED=0' },
  relatedMessages: { finalImage: 'The final image {image} has no {libc}.', compat: '`{compat}` gives glibc\'s loader name to binaries linked against glibc, not glibc itself.' },
  docs: {
    what: 'Finds a `go build` that runs with cgo enabled and whose binary is copied into an alpine, busybox, scratch or distroless/static final image.',
    why:
      'The Debian-based `golang:<version>` images have gcc, so `go build` enables cgo and links the binary against glibc (the `net` and `os/user` packages alone are enough). alpine uses musl, and scratch and distroless/static have no C library at all, so the kernel cannot find the binary\'s dynamic loader and reports the binary itself as missing. The `golang:*-alpine` images have no gcc, so cgo is off there unless you `apk add gcc`.',
    errorText: ['exec /app: no such file or directory', '/bin/sh: ./app: not found', 'exec user process caused: no such file or directory'],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM alpine:3.20\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM alpine:3.20\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Inserts `CGO_ENABLED=0` in front of the `go build` command. No fix is offered when the module needs cgo (`import "C"`, or a cgo module such as github.com/mattn/go-sqlite3 in go.mod): the message names the alternatives instead.',
    notFlagged: [
      'CGO_ENABLED=0 set by ENV, by an ARG default, inline, with `export` or `env` in the same RUN, or with `go env -w`.',
      'Static linking (`-extldflags "-static"`) or `-tags netgo,osusergo`.',
      'golang:*-alpine builders without gcc (cgo is off), and an alpine builder with gcc feeding an alpine image (both musl).',
      'Builders that are not golang images (their toolchain is unknown), GOOS other than linux, and Windows images.',
      'As an error, an alpine final image that installs `libc6-compat` or `gcompat`: the binary then finds a loader, and runs unless it needs a symbol musl lacks; that is information.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (!model.stages.length) return;
    const builds = buildsOfDockerfile(ctx, { leaves: true });
    const seen = new Set<string>();
    for (const build of builds) {
      const final = finalStage(model, build.target);
      if (!final || !NO_GLIBC.has(final.family)) continue;
      for (const idx of [...stagesFeeding(model, final)].sort((a, b) => a - b)) {
        for (const gb of goBuilds(model.stages[idx])) {
          const key = `${gb.goWord.start}`;
          if (seen.has(key) || !outputReaches(model, gb, final)) continue;
          const libc = hasCToolchain(model, gb);
          if (!libc) continue;
          if (libc === 'musl' && (final.family === 'alpine')) continue;
          const goos = envFor(gb, 'GOOS');
          if (goos && goos !== 'linux') continue;
          const linked = cgoLinked(ctx.project, build, model, gb);
          if (!linked) continue;
          seen.add(key);
          const verbWord = gb.command.words[gb.command.words.indexOf(gb.goWord) + 1];
          const related: RelatedInput[] = [
            {
              path: ctx.path,
              start: final.imageStart,
              end: final.imageEnd,
              messageId: 'finalImage',
              data: { image: final.image, libc: libc === 'glibc' ? 'glibc' : 'musl libc' },
            },
          ];
          const data = {
            verb: gb.verb,
            builder: rootOf(model, gb.stage).image,
            libc: libc === 'glibc' ? 'glibc' : 'musl libc',
            final: final.image,
          };
          const start = gb.goWord.start;
          const end = verbWord ? verbWord.end : gb.goWord.end;
          const fixes = [
            {
              titleId: 'cgoOff' as const,
              preferred: true,
              edits: [{ path: ctx.path, start: gb.goWord.start, end: gb.goWord.start, newText: 'CGO_ENABLED=0 ' }],
            },
          ];
          const compat = libc === 'glibc' && final.family === 'alpine' ? compatPackage(model, final) : undefined;
          if (compat) {
            related.push({ path: ctx.path, start: compat.start, end: compat.end, messageId: 'compat', data: { compat: compat.name } });
            report({ start, end, messageId: 'compat', severity: 'info', data: { ...data, compat: compat.name }, related, fixes: linked.how === 'default' ? fixes : [] });
            continue;
          }
          if (linked.how === 'explicit') {
            report({ start, end, messageId: 'explicit', data, related });
            continue;
          }
          if (linked.how === 'needs') {
            report({ start, end, messageId: 'needsCgo', data: { ...data, reason: linked.reason }, related });
            continue;
          }
          report({
            start,
            end,
            messageId: 'cgo',
            data,
            related,
            fixes,
          });
        }
      }
    }
  },
});
