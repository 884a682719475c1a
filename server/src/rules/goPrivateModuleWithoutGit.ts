/**
 * DGT128 go-private-module-without-git: the go command fetches modules straight from their
 * repositories (GOPRIVATE/GONOPROXY, GOPROXY=direct, or Go before 1.13) in a builder without git.
 */
import { dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import { baseOf, rootOf } from '../model/stageGraph';
import { fetchDetails, FETCH_RELATED, firstDirectFetches } from './lib/moduleFetch';
import { insertBefore, toolPresent } from './lib/buildTools';

const APK_GIT = 'RUN apk add --no-cache git openssh-client';
const APT_GIT = 'RUN apt-get update && apt-get install -y --no-install-recommends git openssh-client && rm -rf /var/lib/apt/lists/*';

export const goPrivateModuleWithoutGit = dockerfileRule({
  id: 'DGT128',
  name: 'go-private-module-without-git',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Modules fetched from their repositories in a builder without git',
  messages: {
    noGit:
      '{gomod} requires `{module}`, and `{setting}` makes this `go {verb}` fetch it straight from its repository with git, but the `{builder}` builder has no git: the build stops with `go: {module}@{version}: git init --bare in /go/pkg/mod/cache/vcs/…: exec: "git": executable file not found in $PATH`. Install git before this RUN: `apk add --no-cache git openssh-client`.',
    noGitOldGo:
      '{gomod} requires `{module}`, and Go before 1.13 (the `{builder}` builder) has no module proxy: this `go {verb}` fetches every module from its repository with git, which the image does not have. The build stops with `go: {module}@{version}: git init --bare in /go/pkg/mod/cache/vcs/…: exec: "git": executable file not found in $PATH`. Install git before this RUN (`apk add --no-cache git`), or move to a current Go.',
  },
  fixTitles: { installGit: 'Install git before this RUN' },
  relatedMessages: FETCH_RELATED,
  docs: {
    what: 'Finds the first `go mod download`/`go build`/... of a stage that must fetch modules from their repositories — modules matched by GOPRIVATE or GONOPROXY, every module with GOPROXY=direct, or with Go before 1.13 — when the builder has no git (the golang alpine images, alpine, debian without git installed).',
    why:
      'Through the module proxy the go command downloads zip files over HTTPS; past it, it clones repositories, and for that it runs git. The golang alpine images do not include git on purpose, so a private module that works on the developer\'s machine stops the image build. The settings are read where the go command sees them: inline, `export`, ENV, ARG defaults and the build args a compose file passes, and `go env -w`.',
    errorText: [
      'go: gitlab.example.com/acme/utils@v0.0.1: git init --bare in /go/pkg/mod/cache/vcs/4057063b…: exec: "git": executable file not found in $PATH',
      'go: missing Git command. See https://golang.org/s/gogetcmd',
    ],
    bad: '# go.mod: require gitlab.example.com/acme/utils v0.0.1\nFROM golang:1.22-alpine AS build\nENV GOPRIVATE=gitlab.example.com\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n',
    good: '# go.mod: require gitlab.example.com/acme/utils v0.0.1\nFROM golang:1.22-alpine AS build\nRUN apk add --no-cache git openssh-client\nENV GOPRIVATE=gitlab.example.com\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Inserts `RUN apk add --no-cache git openssh-client` before the go command (apt-get on Debian-based builders). Credentials are another matter: DGT129 checks that they reach the build.',
    notFlagged: [
      'Builders with git (the Debian golang images, or git installed earlier in the stage), builders the facts table does not know, and packages installed in ways the rule cannot read.',
      'Vendored modules (`-mod=vendor`, or a vendor folder next to a go.mod of Go 1.14 or later), GOPROXY=off, GOPRIVATE/GOPROXY values from variables or from build args without a value, and modules the patterns do not match.',
      'Modules replaced by a local folder, and go commands that do not read the module (`go install tool@version`, `go version`).',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (model.escapeDirective) return;
    for (const { cmd, fetch } of firstDirectFetches(ctx)) {
      if (toolPresent(model, cmd.stage, cmd.command.start, 'git') !== false) continue;
      const root = rootOf(model, cmd.stage);
      const base = baseOf(model, cmd.stage);
      const { module: m, gomod, related } = fetchDetails(ctx, fetch);
      const fixes: FixInput[] = [];
      if (base?.packageTool === 'apk') fixes.push({ titleId: 'installGit', preferred: true, edits: [insertBefore(ctx, cmd.instruction, APK_GIT)] });
      else if (base?.packageTool === 'apt' && !base.reposGone) fixes.push({ titleId: 'installGit', preferred: true, edits: [insertBefore(ctx, cmd.instruction, APT_GIT)] });
      const verbWord = cmd.verbWord ?? cmd.goWord;
      report({
        start: cmd.goWord.start,
        end: verbWord.end,
        messageId: fetch.via === 'goDefault' ? 'noGitOldGo' : 'noGit',
        data: { gomod, module: m.path, version: m.version, setting: fetch.setting, verb: cmd.verb, builder: root.image.split('@')[0] },
        related,
        fixes,
      });
    }
  },
});
