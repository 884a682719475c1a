/**
 * DGT102 go-version-mismatch: a golang builder image older than the Go version go.mod asks for.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import { idOf } from '../core/memo';
import { descendantsOf } from '../model/stageGraph';
import { stageReports } from '../model/stageValues';
import type { Stage } from '../parse/dockerfile';
import type { RelatedInput } from '../core/types';
import { compareVer, goEnv, goModVersion, GoVer, runningText, tagVersionFor, toolchainAllows } from '../model/goCommands';
import { golangRoots, lineNumber, moduleUses, ModuleUse, tagSite, workspaceUses } from './lib/goImageTag';
import { containerizations } from '../model/builds';
import { newerStdUse, type NewerStdUse } from '../model/stdApi';

const GO121: GoVer = [1, 21, 0, Number.POSITIVE_INFINITY];

export const goVersionMismatch = dockerfileRule({
  id: 'DGT102',
  name: 'go-version-mismatch',
  kind: 'dockerfile',
  severity: 'error',
  title: 'golang image older than the Go version go.mod requires',
  messages: {
    local:
      'The `{image}` image runs Go {running}, but {gomod} says `go {required}`. The golang images set GOTOOLCHAIN=local, so the build stops with `go: go.mod requires go >= {required} (running go {running}; GOTOOLCHAIN=local)`. Use golang:{fixed}{viaArg}{digestNote}.',
    parse:
      'The `{image}` image runs Go {running}, which cannot read {gomod}: its `go {required}` line has three parts, a format older Go rejects with `go: errors parsing go.mod: go.mod:{line}: invalid go version \'{required}\': must match format 1.23`. Use golang:{fixed}{viaArg}{digestNote}.',
    toolchain:
      'The `{image}` image runs Go {running}, which cannot read {gomod}: Go before 1.21 does not know its `toolchain` line and stops with `go: errors parsing go.mod: go.mod:{line}: unknown directive: toolchain`. Use golang:{fixed}{viaArg}{digestNote}.',
    localWork:
      'The `{image}` image runs Go {running}, but {gomod}, the workspace this build copies in, says `go {required}`. The golang images set GOTOOLCHAIN=local, so the build stops with `go: go.work requires go >= {required} (running go {running}; GOTOOLCHAIN=local)`. Use golang:{fixed}{viaArg}{digestNote}, or build with GOWORK=off if the image needs only one module.',
    toolchainWork:
      'The `{image}` image runs Go {running}, which cannot read {gomod}, the workspace this build copies in: Go before 1.21 does not know its `toolchain` line and stops with `go: errors parsing go.work: go.work:{line}: unknown directive: toolchain`. Use golang:{fixed}{viaArg}{digestNote}.',
    advisory:
      'The `{image}` image runs Go {running}, but {gomod} says `go {required}`. Before Go 1.21 that line was only advisory: the module is compiled with older language rules and standard library, and newer code fails with `note: module requires Go {required}`. Use golang:{fixed}{viaArg}{digestNote}.',
    advisoryNeeds:
      'The `{image}` image runs Go {running}, but {gomod} says `go {required}`, and the program needs the newer Go: `{what}` came with Go {added}, so the build stops with `{errorText}`. Use golang:{fixed}{viaArg}{digestNote}.',
  },
  fixTitles: { useTag: 'Use golang:{tag}', setArg: 'Set the default of ARG {name} to {version}' },
  relatedMessages: {
    requires: '{gomod} asks for Go {version}.',
    argDefault: 'The image version comes from the default of ARG {name}.',
    needs: '`{what}` came with Go {added}: Go {running} does not have it.',
  },
  docs: {
    severity:
      'Error where the build stops (Go 1.21 and later, a go line older Go cannot parse, a toolchain line, and a Go before 1.21 whose program uses a standard-library package or name that came later); information for a Go before 1.21 with a newer two-part go line and nothing found that needs it: the build goes on, and fails only if the code or a dependency needs the newer Go.',
    what: 'Finds a `FROM golang:<version>` (with any suffix, also behind a registry mirror, as Docker Hub\'s copy for one architecture such as `amd64/golang`, or from an ARG default) whose Go is older than the `go` line of the go.mod that the stage builds, or of the go.work it copies in; and a Go before 1.21 that meets a `toolchain` line it cannot parse. For a Go before 1.21 it reads the program the stage builds (its main package and the packages of its own module that it imports) for a standard-library package or package-level name that a later Go release added, up to the go.mod version (`slices`, `log/slog`, `io.ReadAll`, `errors.Join`; from the Go repository\'s own API lists), and points at the first one.',
    why:
      'Since Go 1.21 the `go` line of go.mod is a minimum, and the official golang images set `GOTOOLCHAIN=local`, so an older image refuses to build the module instead of downloading a newer toolchain. Older images (before 1.21) either cannot parse a three-part `go 1.22.3` line or a `toolchain` line, or build the module with rules it was not written for. `go env -w GOTOOLCHAIN=...` does not change that: the image\'s environment variable wins over the go env file (`warning: go env -w GOTOOLCHAIN=go1.22.3 does not override conflicting OS environment variable`). The go.mod is the one the stage\'s go commands read, followed through WORKDIR and COPY, also when `make` or a build script runs them; for a Dockerfile no compose file builds, from its own folder, or else from the first folder above it (up to the repository root) that gives the go command a go.mod.',
    errorText: [
      'go: go.mod requires go >= 1.22.3 (running go 1.21.13; GOTOOLCHAIN=local)',
      "go: errors parsing go.mod: go.mod:3: invalid go version '1.22.3': must match format 1.23",
      'go: errors parsing go.mod: go.mod:5: unknown directive: toolchain',
      'go: go.work requires go >= 1.23.0 (running go 1.22.12; GOTOOLCHAIN=local)',
      'main.go:6:2: package slices is not in GOROOT (/usr/local/go/src/slices)',
      './main.go:12:14: undefined: io.ReadAll',
    ],
    bad: '# go.mod: go 1.22.3\nFROM golang:1.21-alpine3.20 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n',
    good: '# go.mod: go 1.22.3\nFROM golang:1.22-alpine3.20 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Raises the version in the tag to the go.mod version, at the precision the tag used (`1.21` → `1.22`, `1.21.5` → `1.22.3`) and keeping the suffix (`-alpine3.20`, `-bookworm`). When the tag comes from an ARG default (`ARG GO_VERSION=1.21` + `FROM golang:${GO_VERSION}`), the fix edits the ARG default.',
    notFlagged: [
      'A minor-version tag that covers the go.mod version: `golang:1.22` runs the newest 1.22.x, so it satisfies `go 1.22.3`.',
      'GOTOOLCHAIN=auto (or `go1.22.3+auto`, `path`, or a `goX.Y.Z` at least the go.mod version) set by ENV, ARG, inline or `export` for the go commands (or by `go env -w` in an image that does not set GOTOOLCHAIN itself).',
      'A `toolchain` line newer than the image when the `go` line is satisfied: with GOTOOLCHAIN=local it is only a suggestion.',
      'Unpinned tags (`golang:alpine`, `golang:latest`, `golang:1`), tags from build args a compose file overrides, and go.mod files the stage does not copy (cloned sources, `go install pkg@version`).',
      'A go.work the stage does not copy, or with GOWORK set (to `off`, a path or a variable); the `go` line of a go.work for Go before 1.21 (it was not enforced).',
      'As an error, a Go before 1.21 whose program needs the newer Go only through methods, struct fields, language changes (generics, `min`/`max`), files with a build constraint, other modules (a `replace` to a folder) or dependencies: these are not read, and the mismatch is information. Go 1.12 and older images are information too.',
    ],
  },
  check(ctx, report) {
    const { project, model } = ctx;
    const outer = report;
    for (const root of golangRoots(ctx)) {
      // Kept per root stage while it and the stages built FROM it are: an edit elsewhere replays these.
      const extra = descendantsOf(model, root)
        .map((s) => idOf(s))
        .join(',');
      for (const r of stageReports<Parameters<typeof outer>[0]>(project, 'DGT102', root, root, (add) => checkRoot(root, add), extra)) report(r);
    }

    /**
     * The first standard-library package or name that the programs this root's stages build (with
     * the go.mod at `goMod`) use and that came after the image's Go, up to the go.mod's version.
     */
    function newerStdUseOf(root: Stage, image: GoVer, required: GoVer, goMod: string): NewerStdUse | undefined {
      // Go 1.12 and older report a missing package in words of their own; their builds are left at the advisory note.
      if (image[0] !== 1 || required[0] !== 1 || image[1] < 13) return undefined;
      const stages = new Set(descendantsOf(model, root).map((s) => s.index));
      const dirs = new Set<string>();
      for (const c of containerizations(project)) {
        if (c.build.dockerfile === ctx.path && stages.has(c.goBuild.stage.index) && project.nearestGoMod(c.mainDir) === goMod) dirs.add(c.mainDir);
      }
      for (const dir of dirs) {
        const found = newerStdUse(project, dir, image[1], required[1]);
        if (found) return found;
      }
      return undefined;
    }

    function checkRoot(root: Stage, report: typeof outer): void {
      const site = tagSite(ctx, root);
      if (!site || !site.tag.version || !site.tag.versionText) return;
      const image = root.image.split('@')[0];
      const imageVer = site.tag.version;
      const old = compareVer(imageVer, GO121) < 0;
      type MessageId = 'toolchain' | 'local' | 'parse' | 'advisory' | 'localWork' | 'toolchainWork';
      let worst: { use: ModuleUse; required: GoVer; requiredText: string; messageId: MessageId; line: number; relStart: number; relEnd: number } | undefined;
      const uses = moduleUses(ctx, root, site.arg?.name, true);
      for (const use of [...uses, ...workspaceUses(ctx, uses)]) {
        const goLine = use.mod.go;
        if (!goLine) continue;
        const required = goModVersion(goLine.value);
        if (!required) continue;
        const modText = project.text(use.goModPath) ?? '';
        const work = use.goModPath.endsWith('go.work');
        let messageId: MessageId | undefined;
        let relStart = goLine.start;
        let relEnd = goLine.end;
        let reqVer = required;
        let reqText = goLine.value;
        if (compareVer(imageVer, required) < 0) {
          if (toolchainAllows(goEnv(ctx.model, use.cmd, 'GOTOOLCHAIN'), required)) continue;
          if (!old) messageId = work ? 'localWork' : 'local';
          else if (work) continue;
          else if (/^\d+\.\d+\.\d+/.test(goLine.value)) messageId = 'parse';
          else if (use.mod.toolchain) {
            // Not advisory then: Go before 1.21 cannot read the go.mod at all.
            messageId = 'toolchain';
            relStart = use.mod.toolchain.start;
            relEnd = use.mod.toolchain.end;
          } else messageId = 'advisory';
        } else if (old && use.mod.toolchain) {
          messageId = work ? 'toolchainWork' : 'toolchain';
          relStart = use.mod.toolchain.start;
          relEnd = use.mod.toolchain.end;
          reqVer = compareVer(required, GO121) > 0 ? required : GO121;
          reqText = compareVer(required, GO121) > 0 ? goLine.value : '1.21';
        }
        if (!messageId) continue;
        if (!worst || compareVer(reqVer, worst.required) > 0) {
          worst = { use, required: reqVer, requiredText: reqText, messageId, line: lineNumber(modText, relStart), relStart, relEnd };
        }
      }
      if (!worst) return;
      const fixedVersion = tagVersionFor(worst.requiredText, site.tag.parts);
      const fixedTag = fixedVersion + site.tag.suffix;
      const gomodRel = path.relative(path.dirname(ctx.path), worst.use.goModPath).split(path.sep).join('/') || 'go.mod';
      const related: RelatedInput[] = [
        { path: worst.use.goModPath, start: worst.relStart, end: worst.relEnd, messageId: 'requires', data: { gomod: gomodRel, version: worst.requiredText } },
      ];
      if (site.arg) related.push({ path: ctx.path, start: site.arg.start, end: site.arg.end, messageId: 'argDefault', data: { name: site.arg.name } });
      const running = runningText(site.tag.versionText, site.tag.parts);
      // Before Go 1.21 the build goes on; it fails only where the code needs the newer Go, which is
      // certain when the program's own code uses a standard-library package or name the image lacks.
      const needs = worst.messageId === 'advisory' ? newerStdUseOf(root, imageVer, worst.required, worst.use.goModPath) : undefined;
      if (needs) related.push({ path: needs.path, start: needs.start, end: needs.end, messageId: 'needs', data: { what: needs.what, added: `1.${needs.minor}`, running } });
      report({
        start: site.reportStart,
        end: site.reportEnd,
        messageId: needs ? 'advisoryNeeds' : worst.messageId,
        severity: worst.messageId === 'advisory' && !needs ? 'info' : undefined,
        data: {
          image,
          running,
          gomod: gomodRel,
          required: worst.requiredText,
          line: worst.line,
          fixed: fixedTag,
          viaArg: site.arg ? ` (ARG ${site.arg.name})` : '',
          digestNote: site.digest ? ' with its own digest' : '',
          ...(needs ? { what: needs.what, added: `1.${needs.minor}`, errorText: missingStdText(needs, imageVer) } : {}),
        },
        related,
        fixes: site.digest
          ? []
          : [
              {
                titleId: site.arg ? 'setArg' : 'useTag',
                titleData: site.arg ? { name: site.arg.name, version: fixedVersion } : { tag: fixedTag },
                preferred: true,
                edits: [{ path: ctx.path, start: site.editStart, end: site.editEnd, newText: fixedVersion }],
              },
            ],
      });
    }
  },
});

/**
 * What the go command or the compiler of the image's Go says about a missing package or name: an
 * unknown package is `not in GOROOT` from Go 1.14 to 1.20 (cmd/go/internal/modload, golang/go@1de31310
 * and @1b896bff), and a `malformed module path` in Go 1.13; an unknown name is `undefined`.
 */
function missingStdText(use: NewerStdUse, image: GoVer): string {
  if (use.kind === 'name') return `undefined: ${use.what}`;
  if (image[1] <= 13) return `malformed module path "${use.importPath}": missing dot in first path element`;
  return `package ${use.importPath} is not in GOROOT (/usr/local/go/src/${use.importPath})`;
}
