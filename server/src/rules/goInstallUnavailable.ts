/**
 * DGT156 go-install-unavailable: `go install <tool>@<version>` (or `go run`) that the go command of
 * the stage cannot do: the module moved to another path (it then refuses the old one), or the
 * release needs a newer Go than the golang image runs with GOTOOLCHAIN=local.
 */
import { dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import type { Word } from '../parse/shell';
import { compareVer, goCommands, GoCmd, goEnv, GoVer, packageArgs, parseGolangTag, runningText, stageGoVersion, tagVersionFor } from '../model/goCommands';
import { rootOf } from '../model/stageGraph';
import { movedPackagePath } from '../facts/goTools';
import { mustMeet, tooNewFor, toolchainLocal } from '../model/toolInstall';

const INF = Number.POSITIVE_INFINITY;
/** `go install pkg@version` exists since Go 1.16. */
const GO116: GoVer = [1, 16, 0, INF];

/** The package words of a `go install` (all of them) or a `go run` (the first: the rest are the program's). */
function installedPackages(cmd: GoCmd): Word[] {
  if (cmd.verb === 'install') return packageArgs(cmd);
  if (cmd.verb === 'run') return packageArgs(cmd).slice(0, 1);
  return [];
}

export const goInstallUnavailable = dockerfileRule({
  id: 'DGT156',
  name: 'go-install-unavailable',
  kind: 'dockerfile',
  severity: 'error',
  title: '`go install` of a tool version the go command cannot build',
  messages: {
    moved:
      '`go {verb} {pkg}@{version}` stops the build: from {since} on, the module {from} declares its path as {to}, and the go command refuses the old path with `module declares its path as: {to} but was required as: {from}`. Use {fixed}@{version}.',
    movedNoReleases:
      '`go {verb} {pkg}@{version}` stops the build: the module {from} declares its path as {to}, and the go command refuses the old path with `module declares its path as: {to} but was required as: {from}`. Use {fixed}@{version}.',
    movedBack:
      '`go {verb} {pkg}@{version}` stops the build: {version} came out before the module moved to {to} (in {since}), its go.mod declares {from}, and the go command stops with `module declares its path as: {from} but was required as: {to}`. Use {fixed}@{version}, or a release from {since} on.',
    movedPin:
      '`go {verb} {pkg}@{version}` stops the build: from {since} on, the module {from} declares its path as {to}, and the go command refuses the old path with `module declares its path as: {to} but was required as: {from}`. Use {fixed}@{version} with Go {required} or newer; for Go {goMinor}, as here, install {pinPkg}@{pin}, the newest release that builds with it.',
    movedNoReleasesPin:
      '`go {verb} {pkg}@{version}` stops the build: the module {from} declares its path as {to}, and the go command refuses the old path with `module declares its path as: {to} but was required as: {from}`. Use {fixed}@{version} with Go {required} or newer; for Go {goMinor}, as here, install {pinPkg}@{pin}, the newest release that builds with it.',
    movedBackPin:
      '`go {verb} {pkg}@{version}` stops the build: {version} came out before the module moved to {to} (in {since}), its go.mod declares {from}, and the go command stops with `module declares its path as: {from} but was required as: {to}`. A release from {since} on, or {fixed}@{version} with Go {required} or newer; for Go {goMinor}, as here, install {pinPkg}@{pin}, the newest release that builds with it.',
    tooNew:
      '`go {verb} {pkg}@{version}` needs Go {required}: the go.mod of {module} {release} says `go {required}`, and `{image}` runs Go {running} with GOTOOLCHAIN=local, so the build stops with `go: {pkg}@{version}: {module}@{release} requires go >= {required} (running go {running}; GOTOOLCHAIN=local)`. Use golang:{needImage} or newer.',
    tooNewPin:
      '`go {verb} {pkg}@{version}` needs Go {required}: the go.mod of {module} {release} says `go {required}`, and `{image}` runs Go {running} with GOTOOLCHAIN=local, so the build stops with `go: {pkg}@{version}: {module}@{release} requires go >= {required} (running go {running}; GOTOOLCHAIN=local)`. Install {pinPkg}@{pin}, the newest release that builds with Go {goMinor}, or use golang:{needImage} or newer.',
    latestTooNew:
      '`go {verb} {pkg}@latest` needs Go {required} or newer: the newest release of {module} on {asOf}, {release}, says `go {required}` in its go.mod (a later release needs at least as new a Go), and `{image}` runs Go {running} with GOTOOLCHAIN=local, so the build stops with `go: {pkg}@latest: {module}@{release} requires go >= {required} (running go {running}; GOTOOLCHAIN=local)`. Use golang:{needImage} or newer.',
    latestTooNewPin:
      '`go {verb} {pkg}@latest` needs Go {required} or newer: the newest release of {module} on {asOf}, {release}, says `go {required}` in its go.mod (a later release needs at least as new a Go), and `{image}` runs Go {running} with GOTOOLCHAIN=local, so the build stops with `go: {pkg}@latest: {module}@{release} requires go >= {required} (running go {running}; GOTOOLCHAIN=local)`. Install {pinPkg}@{pin}, the newest release that builds with Go {goMinor}, or use golang:{needImage} or newer.',
  },
  fixTitles: { usePath: 'Install {pkg}@{version}', pin: 'Install {pkg}@{version} (builds with Go {go})' },
  docs: {
    what: 'Finds `go install <package>@<version>` (and `go run <package>@<version>`) in a RUN of a golang-image stage that cannot succeed: the package\'s module has moved to another path (air: github.com/cosmtrek/air → github.com/air-verse/air; Delve: github.com/derekparker/delve → github.com/go-delve/delve; golint: github.com/golang/lint → golang.org/x/lint; sqlc: github.com/kyleconroy/sqlc → github.com/sqlc-dev/sqlc) and the version asked for declares the other path, or the release asked for (`@latest`: the newest one) says `go 1.N` in its go.mod and the image runs an older Go with GOTOOLCHAIN=local.',
    why:
      'Dev images install their watcher and debugger with `go install tool@latest`, and the same line works for months, until the tool moves or raises its Go line. A module that moved keeps its old repository address (GitHub redirects it), so the go command downloads the new code, reads a go.mod that declares the new path and stops. A release whose go.mod asks for a newer Go cannot be built by an older toolchain: the official golang images set GOTOOLCHAIN=local (from the 1.21 images on), so the go command refuses it instead of downloading a newer Go. Both failures come from a release made after the Dockerfile was written: the image built yesterday and not today.',
    errorText: [
      'go: github.com/cosmtrek/air@latest: version constraints conflict:\n\tgithub.com/cosmtrek/air@v1.52.3: parsing go.mod:\n\tmodule declares its path as: github.com/air-verse/air\n\t        but was required as: github.com/cosmtrek/air',
      'go: github.com/air-verse/air@latest: github.com/air-verse/air@v1.63.0 requires go >= 1.25 (running go 1.24.7; GOTOOLCHAIN=local)',
    ],
    bad: 'FROM golang:1.23-alpine AS dev\nRUN go install github.com/cosmtrek/air@latest\nRUN go install github.com/go-delve/delve/cmd/dlv@latest\nWORKDIR /src\nCMD ["air"]\n',
    good: 'FROM golang:1.23-alpine AS dev\nRUN go install github.com/air-verse/air@v1.61.7\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.25.2\nWORKDIR /src\nCMD ["air"]\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'For a module that moved: the package under the path that version declares, with the same version (or, when that release needs a newer Go than the image runs, the newest release the image builds). For a release too new for the image: the newest release of the tool that the image\'s Go builds (under the module path that release declares), when the table has one; otherwise the message names the golang image to use.',
    notFlagged: [
      'Versions written with a variable, pseudo-versions and branch names (for tools that did not move), and releases the table does not list.',
      'Stages whose image is not the official golang image (their Go is unknown), golang images before Go 1.16, and GO111MODULE=off.',
      'A release too new for the image when the image runs Go before 1.21.2 (no GOTOOLCHAIN=local: such a Go may still build the tool), when the golang tag is unpinned (the newest Go), or when GOTOOLCHAIN lets the go command fetch a newer Go (`auto`, `path`, a new enough `goX.Y.Z`).',
      'Go commands run by `make` or a script (only the RUN line\'s own go commands are read), and `go get`: see DGT107.',
    ],
  },
  check(ctx, report) {
    const { model, text } = ctx;
    for (const stage of model.stages) {
      const go = stageGoVersion(model, stage);
      if (go === undefined || (go !== 'latest' && compareVer(go, GO116) < 0)) continue;
      for (const cmd of goCommands(stage)) {
        const words = installedPackages(cmd);
        if (!words.length || goEnv(model, cmd, 'GO111MODULE') === 'off') continue;
        // Whether GOTOOLCHAIN=local holds for this command: the image sets it, nothing overrides it.
        const local = go !== 'latest' ? toolchainLocal(model, cmd, go) : undefined;
        for (const w of words) {
          const at = w.value.indexOf('@');
          if (at <= 0 || w.value.includes('$')) continue;
          const pkg = w.value.slice(0, at);
          const version = w.value.slice(at + 1);
          // An edit replaces the word's text, which must be the value as written (no quotes).
          const editable = text.slice(w.start, w.end) === w.value;
          const replaceWith = (titleData: Record<string, string>, newText: string): FixInput[] =>
            editable ? [{ titleId: titleData.go ? 'pin' : 'usePath', titleData, preferred: true, edits: [{ path: ctx.path, start: w.start, end: w.end, newText }] }] : [];
          const data = { verb: cmd.verb, pkg, version };

          const moved = movedTo(pkg, version);
          if (moved) {
            // The fix lands on a release the image can build: under the other path, the same
            // version if its Go suffices, else the newest release that does.
            // An image without GOTOOLCHAIN=local cannot fetch a newer Go either: there the go line
            // must be met for the fix to be sure.
            const fixedPkg = moved.fixed;
            const tooNew = go !== 'latest' ? tooNewFor(fixedPkg, version, go, local ?? mustMeet) : undefined;
            if (tooNew?.pin && tooNew.pinPkg) {
              const { pin, pinPkg, goMinor, releases } = tooNew;
              report({
                start: w.start,
                end: w.end,
                messageId: `${moved.messageId}Pin`,
                data: { ...data, ...moved.data, required: releases.go, pinPkg, pin: pin.last, goMinor },
                fixes: replaceWith({ pkg: pinPkg, version: pin.last, go: goMinor }, `${pinPkg}@${pin.last}`),
              });
            } else {
              report({ start: w.start, end: w.end, messageId: moved.messageId, data: { ...data, ...moved.data }, fixes: tooNew ? [] : replaceWith({ pkg: fixedPkg, version }, `${fixedPkg}@${version}`) });
            }
            continue;
          }

          if (go === 'latest' || !local) continue;
          const tooNew = tooNewFor(pkg, version, go, local);
          if (!tooNew) continue;
          const root = rootOf(model, stage);
          const tag = parseGolangTag(root.tag);
          if (!tag?.versionText) continue;
          const { releases, pin, pinPkg, goMinor, tool } = tooNew;
          const isLatest = version === 'latest';
          report({
            start: w.start,
            end: w.end,
            messageId: isLatest ? (pin ? 'latestTooNewPin' : 'latestTooNew') : pin ? 'tooNewPin' : 'tooNew',
            data: {
              ...data,
              module: releases.module ?? tool.module,
              release: isLatest ? releases.last : version,
              required: releases.go,
              asOf: tool.asOf,
              image: `${root.repo}:${root.tag}`,
              running: runningText(tag.versionText, tag.parts),
              needImage: tagVersionFor(releases.go, 2),
              ...(pin && pinPkg ? { pinPkg, pin: pin.last, goMinor } : {}),
            },
            fixes: pin && pinPkg ? replaceWith({ pkg: pinPkg, version: pin.last, go: goMinor }, `${pinPkg}@${pin.last}`) : [],
          });
        }
      }
    }
  },
});

/** A package of a moved module asked for under the path its version does not declare: the message and its data. */
function movedTo(pkg: string, version: string): { messageId: 'moved' | 'movedNoReleases' | 'movedBack'; data: Record<string, string>; fixed: string } | undefined {
  const found = movedPackagePath(pkg, version);
  if (!found) return undefined;
  const { moved: m, underOld, fixed } = found;
  const messageId = !underOld ? 'movedBack' : m.since === undefined ? 'movedNoReleases' : 'moved';
  return { messageId, data: { from: m.from, to: m.to, since: m.since ?? '', fixed }, fixed };
}
