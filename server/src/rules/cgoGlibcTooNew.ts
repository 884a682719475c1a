/**
 * DGT154 cgo-glibc-too-new: a `go build` with cgo in effect on a golang image whose glibc is 2.34 or
 * newer, whose binary ends up in a final image with an older glibc (Debian bullseye and before,
 * Ubuntu 20.04 and before, distroless base-debian11, UBI 8).
 *
 * glibc 2.34 moved the thread functions (pthread_create and the rest) into libc itself under the
 * symbol version GLIBC_2.34, and `__libc_start_main` got a new version there too: every dynamically
 * linked program built against 2.34 or newer asks for GLIBC_2.34, which an older glibc does not have
 * (glibc 2.34 release notes, NEWS: "all functionality formerly implemented in libpthread ... is now
 * in libc"). The glibc of each image comes from the base-image table (facts/baseImages.ts, sourced
 * there). Between two glibc versions on the same side of 2.34 the outcome depends on the symbols the
 * C code uses, so the rule stays silent there.
 */
import { dockerfileRule } from './context';
import type { RelatedInput } from '../core/types';
import { finalStage, stagesFeeding, goBuilds, envFor, outputReaches } from '../parse/dockerfile';
import { olderGlibc } from '../facts/baseImages';
import { buildsOfDockerfile } from '../model/buildContext';
import { baseOf, rootOf } from '../model/stageGraph';
import { cgoLinked } from '../model/cgoLinking';

/** The glibc release whose symbol versions every dynamically linked program built against it needs. */
const THREADS_IN_LIBC = '2.34';



export const cgoGlibcTooNew = dockerfileRule({
  id: 'DGT154',
  name: 'cgo-glibc-too-new',
  kind: 'dockerfile',
  severity: 'error',
  title: 'cgo binary built against a newer glibc than the final image has',
  messages: {
    cgo:
      'This `go {verb}` runs with cgo enabled on `{builder}` (glibc {built}), so the binary is linked against glibc and asks for GLIBC_2.34, but the final image `{final}` has glibc {runtime}: the container stops at once with `{error}`. Set CGO_ENABLED=0 (the program needs no C code), or build on a golang image with a Debian release no newer than the final image\'s.',
    explicit:
      'This `go {verb}` sets CGO_ENABLED=1 on `{builder}` (glibc {built}), so the binary asks for GLIBC_2.34, but the final image `{final}` has glibc {runtime}: the container stops at once with `{error}`. Build on a golang image with a Debian release no newer than the final image\'s, or run on an image with glibc 2.34 or newer (debian:bookworm-slim, gcr.io/distroless/base-debian12, ubuntu:22.04).',
    needsCgo:
      'This `go {verb}` links the binary against the glibc of `{builder}` ({built}), so it asks for GLIBC_2.34, but the final image `{final}` has glibc {runtime}: the container stops at once with `{error}`. CGO_ENABLED=0 is not an option: {reason}. Build on a golang image with a Debian release no newer than the final image\'s, or run on an image with glibc 2.34 or newer (debian:bookworm-slim, gcr.io/distroless/base-debian12, ubuntu:22.04).',
  },
  fixTitles: { cgoOff: 'Build with CGO_ENABLED=0' },
  relatedMessages: { finalImage: 'The final image {image} has glibc {runtime}.' },
  docs: {
    what: 'Finds a `go build` that runs with cgo enabled on a golang image with glibc 2.34 or newer (Debian bookworm or trixie: `golang:1.19` and later, `golang:latest`) and whose binary is copied into a final image with an older glibc: Debian bullseye or older, Ubuntu 20.04 or older, gcr.io/distroless/base-debian11 or cc-debian11, Red Hat UBI 8, CentOS 7 and 8.',
    why:
      'The Debian-based golang images have gcc, so `go build` enables cgo, and a program that uses `net` or `os/user` (or C code) is linked against the builder\'s glibc. glibc 2.34 moved the thread functions into libc under the symbol version GLIBC_2.34, so every program linked against glibc 2.34 or newer needs it, and an older glibc in the final image cannot load the binary. The build succeeds; the container exits at start.',
    errorText: ["/app: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by /app)", "/app: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.32' not found (required by /app)"],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM debian:bullseye-slim\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM debian:bullseye-slim\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Inserts `CGO_ENABLED=0` in front of the `go build` command. No fix is offered when the program needs cgo (`import "C"`, or a cgo module such as github.com/mattn/go-sqlite3 in go.mod) or sets CGO_ENABLED=1: the message names the alternatives (a builder on an older Debian release, such as `golang:<version>-bullseye`, or a newer final image).',
    notFlagged: [
      'A final image with glibc 2.34 or newer, a builder with glibc older than 2.34 (`golang:<version>-bullseye`), and two versions on the same side of 2.34: what the binary needs then depends on the symbols its C code uses.',
      'CGO_ENABLED=0 (ENV, ARG default, inline, `export`, `go env -w`), static linking (`-extldflags "-static"`, `-tags netgo,osusergo`), programs that reach no cgo package (net, os/user, import "C"), and cross builds (GOARCH set).',
      'Final images without glibc (alpine, busybox, scratch, distroless/static): DGT101 cgo-binary-in-static-image reports those. Builders that are not golang images, images the base-image table does not know, and Windows images.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (!model.stages.length) return;
    const seen = new Set<number>();
    for (const build of buildsOfDockerfile(ctx, { leaves: true })) {
      const final = finalStage(model, build.target);
      if (!final) continue;
      const runtime = baseOf(model, final);
      if (runtime?.libc !== 'glibc' || olderGlibc(runtime.libcVersion, THREADS_IN_LIBC) !== true) continue;
      for (const idx of [...stagesFeeding(model, final)].sort((a, b) => a - b)) {
        for (const gb of goBuilds(model.stages[idx])) {
          if (seen.has(gb.goWord.start) || !outputReaches(model, gb, final)) continue;
          const root = rootOf(model, gb.stage);
          if (root.repo !== 'golang' && !root.repo.endsWith('/golang')) continue;
          const builder = baseOf(model, gb.stage);
          if (builder?.libc !== 'glibc' || olderGlibc(builder.libcVersion, THREADS_IN_LIBC) !== false) continue;
          const goos = envFor(gb, 'GOOS');
          if ((goos && goos !== 'linux') || envFor(gb, 'GOARCH') !== undefined) continue;
          const linked = cgoLinked(ctx.project, build, model, gb);
          if (!linked) continue;
          seen.add(gb.goWord.start);
          const verbWord = gb.command.words[gb.command.words.indexOf(gb.goWord) + 1];
          const start = gb.goWord.start;
          const end = verbWord ? verbWord.end : gb.goWord.end;
          const runtimeGlibc = runtime.libcVersion as string;
          const related: RelatedInput[] = [
            { path: ctx.path, start: final.imageStart, end: final.imageEnd, messageId: 'finalImage', data: { image: final.image, runtime: runtimeGlibc } },
          ];
          const data = {
            verb: gb.verb,
            builder: root.image,
            built: builder.libcVersion as string,
            final: final.image,
            runtime: runtimeGlibc,
            error: "version 'GLIBC_2.34' not found",
          };
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
            fixes: [{ titleId: 'cgoOff', preferred: true, edits: [{ path: ctx.path, start, end: start, newText: 'CGO_ENABLED=0 ' }] }],
          });
        }
      }
    }
  },
});
