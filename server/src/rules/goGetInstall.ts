/**
 * DGT107 go-get-install: `go get <tool>` used to build and install a program, which module-mode Go
 * (1.18 and later) no longer does.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import type { FixInput, FileEdit } from '../core/types';
import { copyArgs, DockerfileModel } from '../parse/dockerfile';
import { compareVer, goCommands, GoCmd, goEnv, goModFor, GoVer, ignoreFileOf, packageArgs, runsMayCreateFiles, stageGoVersion } from '../model/goCommands';
import { buildsOfDockerfile } from '../model/buildContext';
import { descendantsOf } from '../model/stageGraph';
import { installableInstead } from '../model/toolInstall';

const GO118: GoVer = [1, 18, 0, Number.POSITIVE_INFINITY];
/** `go get` flags that `go install` does not accept. */
const GET_ONLY_FLAGS = /^--?(u|u=patch|t|insecure|fix|m|f)$/;

function binaryName(pkg: string): string | undefined {
  const parts = pkg.replace(/@.*$/, '').split('/').filter(Boolean);
  let last = parts.pop();
  if (last && /^v\d+$/.test(last) && parts.length) last = parts.pop();
  return last;
}

/**
 * Whether a later instruction runs the program `go get` was meant to install, by its bare name (found
 * through PATH, where `go install` puts it) or from a bin folder, or copies it out of a bin folder.
 */
function usedLater(model: DockerfileModel, cmd: GoCmd, name: string): boolean {
  if (!name) return false;
  const installed = (w: string) => w === name || w.endsWith('/bin/' + name);
  const family = descendantsOf(model, cmd.stage);
  for (const s of model.stages) {
    for (const ins of s.instructions) {
      const later = family.includes(s) && (s !== cmd.stage || ins.start > cmd.instruction.start);
      if (later && ins.keyword === 'RUN') {
        // A later `go build -o <name>` makes the name the project's own binary.
        if (ins.commands.some((c) => c.words.some((w, k) => w.value === '-o' && c.words[k + 1] && path.posix.basename(c.words[k + 1].value) === name))) return false;
        if (ins.commands.some((c) => c.words[0] && installed(c.words[0].value))) return true;
      }
      if (later && (ins.keyword === 'ENTRYPOINT' || ins.keyword === 'CMD')) {
        const content = (ins.ast.getArgumentsContent() ?? '').trim();
        let first: string | undefined;
        try {
          first = content.startsWith('[') ? (JSON.parse(content) as string[])[0] : content.split(/\s+/)[0];
        } catch {
          first = undefined;
        }
        if (typeof first === 'string' && installed(first)) return true;
      }
      if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && s.index > cmd.stage.index) {
        const args = copyArgs(ins).slice(0, -1);
        if (args.some((a) => a.endsWith('/bin/' + name))) return true;
      }
    }
  }
  return false;
}

export const goGetInstall = dockerfileRule({
  id: 'DGT107',
  name: 'go-get-install',
  kind: 'dockerfile',
  severity: 'error',
  title: '`go get` used to install a program',
  messages: {
    outside:
      '`go get {pkg}` no longer builds or installs anything in Go 1.18 and later, and here it runs outside a module: the build stops with `go: go.mod file not found in current directory or any parent directory. \'go get\' is no longer supported outside a module. To build and install a command, use \'go install\' with a version, like this: go install example.com/cmd@latest`. Use `go install {install}`.',
    inside:
      '`go get {pkg}` only adds a requirement to go.mod in Go 1.18 and later; it does not build or install `{name}`, so the later use of it fails with `{name}: not found`. Use `go install {install}`.',
  },
  fixTitles: { install: 'Use go install {pkg}' },
  docs: {
    what: 'Finds `go get <remote package>` in a golang 1.18+ stage that is meant to install a program: it runs outside a module (no go.mod in its folder), or the program is run or copied later.',
    why:
      'Before modules, `go get` downloaded, built and installed a program; GOPATH-era Dockerfiles and READMEs still say so. Since Go 1.17 that use is deprecated (`go: go get: installing executables with \'go get\' in module mode is deprecated`), and since Go 1.18 `go get` only manages go.mod requirements. `go install pkg@version` builds and installs a program without touching any go.mod.',
    errorText: [
      "go: go.mod file not found in current directory or any parent directory. 'go get' is no longer supported outside a module. To build and install a command, use 'go install' with a version, like this:  go install example.com/cmd@latest",
      "go: go get: installing executables with 'go get' in module mode is deprecated.",
      '/bin/sh: reflex: not found',
    ],
    bad: 'FROM golang:1.22-alpine AS dev\nRUN go get github.com/cespare/reflex\nWORKDIR /src\nCOPY . .\nCMD ["reflex", "-s", "go", "run", "."]\n',
    good: 'FROM golang:1.22-alpine AS dev\nRUN go install github.com/cespare/reflex@latest\nWORKDIR /src\nCOPY . .\nCMD ["reflex", "-s", "go", "run", "."]\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Rewrites `go get pkg` to `go install pkg@latest` (a version already written, `pkg@v1.2.3`, is kept) and drops the flags `go install` does not have (`-u`, `-t`, `-insecure`). For a tool whose module moved, or whose release needs a newer Go than the image runs (see DGT156), it installs the path that version declares, or the newest release the image builds. Offered when there is one package argument.',
    notFlagged: [
      '`go get` in golang images before 1.18, in images other than golang (their Go version is unknown), and with GO111MODULE=off or auto.',
      '`go get -d ...`, `go get ./...` and `go get` without arguments: managing a module\'s requirements is what `go get` is for.',
      '`go get pkg` inside a module when the program is not used later (it may be adding a requirement on purpose).',
    ],
  },
  check(ctx, report) {
    const { model, project, text } = ctx;
    const done = new Set<number>();
    for (const build of buildsOfDockerfile(ctx)) {
      const ignore = ignoreFileOf(project, build)?.patterns;
      for (const stage of model.stages) {
        const go = stageGoVersion(model, stage);
        if (go === undefined || (go !== 'latest' && compareVer(go, GO118) < 0)) continue;
        for (const cmd of goCommands(stage)) {
          if (cmd.verb !== 'get' || done.has(cmd.goWord.start)) continue;
          if (cmd.args.some((w) => /^--?d$/.test(w.value))) continue;
          const mode = goEnv(model, cmd, 'GO111MODULE');
          if (mode === 'off' || mode === 'auto' || mode?.includes('$')) continue; // GOPATH-mode go get (auto outside a module)
          const pkgs = packageArgs(cmd);
          const remote = pkgs.filter((w) => /^[^/.]*\.[^/]*\//.test(w.value) && !w.value.includes('$'));
          if (!remote.length || remote.length !== pkgs.length) continue;
          let inside = true;
          if (cmd.cwd !== undefined) {
            const found = goModFor(project, build, model, stage, cmd.cwd, cmd.instruction.start, ignore);
            inside = !!found.hostGoMod || found.unknown || runsMayCreateFiles(model, cmd);
          }
          const first = remote[0].value;
          const name = binaryName(first) ?? first;
          if (inside && !remote.some((w) => usedLater(model, cmd, binaryName(w.value) ?? ''))) continue;
          if (!inside && cmd.cwd === undefined) continue;
          done.add(cmd.goWord.start);
          const at = first.indexOf('@');
          const version = at >= 0 ? first.slice(at) : '@latest';
          const pkg = at >= 0 ? first.slice(0, at) : first;
          const fixes: FixInput[] = [];
          // What installs in this image: the path the version declares if the module moved, a
          // release the image's Go builds if the one asked for needs a newer Go (see DGT156).
          const instead = installableInstead(pkg, version.slice(1), go);
          const installed = instead ?? pkg + version;
          if (remote.length === 1 && cmd.verbWord && (!instead || text.slice(remote[0].start, remote[0].end) === first)) {
            const edits: FileEdit[] = [{ path: ctx.path, start: cmd.verbWord.start, end: cmd.verbWord.end, newText: 'install' }];
            if (instead) edits.push({ path: ctx.path, start: remote[0].start, end: remote[0].end, newText: instead });
            else if (at < 0) edits.push({ path: ctx.path, start: remote[0].end, end: remote[0].end, newText: '@latest' });
            for (const w of cmd.args) {
              if (!GET_ONLY_FLAGS.test(w.value)) continue;
              let end = w.end;
              while (text[end] === ' ' || text[end] === '\t') end++;
              edits.push({ path: ctx.path, start: w.start, end, newText: '' });
            }
            fixes.push({ titleId: 'install', titleData: { pkg: installed }, preferred: true, edits });
          }
          report({
            start: cmd.goWord.start,
            end: cmd.verbWord?.end ?? cmd.goWord.end,
            messageId: inside ? 'inside' : 'outside',
            data: { pkg, version, name, install: installed },
            fixes,
          });
        }
      }
    }
  },
});
