/**
 * DGT112 dockerignore-excludes-go-files: a .dockerignore pattern keeps go.mod, go.sum or the main
 * package's sources out of a `COPY . .`, so the go command in the image fails. Reported on the go
 * command (the engine analyses Dockerfiles), pointing at the pattern and fixing the .dockerignore.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import { excludedBy, IgnorePattern } from '../parse/dockerignore';
import { contextRelative, goCommands, goEnv, goModFor, ignoreFileOf, originOf, readsModule, flagValue, runsMayCreateFiles } from '../model/goCommands';
import { buildsOfDockerfile } from '../model/buildContext';
import { mainPackageFiles } from '../model/goModules';
import { unexcludeFixes } from './lib/ignoreFix';
import { shown } from './lib/gopathEra';
import { lineageOf } from '../model/stageGraph';

const NEEDS_SUM = new Set(['build', 'install', 'run', 'test', 'vet', 'list']);

export const dockerignoreExcludesGoFiles = dockerfileRule({
  id: 'DGT112',
  name: 'dockerignore-excludes-go-files',
  kind: 'dockerfile',
  severity: 'error',
  title: '.dockerignore keeps go.mod, go.sum or the main package out of the build',
  messages: {
    goMod:
      'This `go {verb}` finds no go.mod in {dir}: `{pattern}` in {ignore} keeps {file} out of the build context, so `COPY` skips it and the command stops with `go: go.mod file not found in current directory or any parent directory; see \'go help modules\'`.',
    goSum:
      'This `go {verb}` has go.mod but no go.sum: `{pattern}` in {ignore} keeps {file} out of the build context, so the build stops with `missing go.sum entry for module providing package ...; to add: go mod download ...`.',
    mainDir:
      'This `go {verb}` builds {dir}, but `{pattern}` in {ignore} keeps {file} out of the build context, so the package has no Go files in the image (`no Go files in {dir}`, or `stat {dir}: directory not found`).',
  },
  fixTitles: { remove: 'Remove `{pattern}` from .dockerignore', reinclude: 'Re-include {path} in .dockerignore (!{path})' },
  relatedMessages: { excludes: 'This pattern excludes {path} from the build context.' },
  docs: {
    what: 'Finds a `go build`/`go mod download`/... that fails because the build\'s .dockerignore (or `<Dockerfile>.dockerignore`) excludes go.mod, go.sum, or the sources of the main package it builds, from a folder COPY such as `COPY . .`.',
    why:
      'A .dockerignore pattern such as `*.mod`, `*.sum`, `cmd/` or `**/*.go` (often copied from another project, or meant for a different folder) silently drops files from every `COPY . .`. The build then fails far from the cause, with a message about go.mod or missing Go files.',
    errorText: [
      "go: go.mod file not found in current directory or any parent directory; see 'go help modules'",
      'missing go.sum entry for module providing package github.com/gin-gonic/gin (imported by example.com/api); to add: go get example.com/api',
      'no Go files in /src/cmd/api',
    ],
    bad: '# .dockerignore\n*.sum\n\n# Dockerfile\nFROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api ./cmd/api\n',
    good: '# .dockerignore\n.git\n\n# Dockerfile\nFROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api ./cmd/api\n',
    exampleLanguage: 'dockerfile',
    appliesTo: 'Dockerfiles (the finding sits on the go command and points at the .dockerignore line; the fix edits the .dockerignore)',
    fixes: 'Removes the excluding pattern from the .dockerignore, or — when the pattern is a catch-all (`*`, an allow-list) or another pattern would still exclude the file — appends a `!path` re-include.',
    notFlagged: [
      'Files named in a COPY of their own (`COPY go.sum ./`): that COPY fails first, with its own error.',
      'go.sum for a module without requirements, with a vendor folder, or when `go mod download`/`go mod tidy`/`-mod=mod` runs first and rewrites it.',
      'A .dockerignore that excludes `.git`, `vendor`, tests or docs.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    const done = new Set<number>();
    for (const build of buildsOfDockerfile(ctx)) {
      const ignoreFile = ignoreFileOf(project, build);
      if (!ignoreFile) continue;
      const ignoreShown = shown(ctx, ignoreFile.path);
      let causes = new Set<string>();
      const emit = (cmdStart: number, cmdEnd: number, messageId: 'goMod' | 'goSum' | 'mainDir', data: Record<string, string>, pattern: IgnorePattern, hostPath: string) => {
        const rel = contextRelative(build, hostPath);
        if (rel === undefined || causes.has(messageId + rel)) return;
        causes.add(messageId + rel);
        report({
          start: cmdStart,
          end: cmdEnd,
          messageId,
          data: { ...data, pattern: pattern.raw, ignore: ignoreShown, file: rel },
          related: [{ path: ignoreFile.path, start: pattern.start, end: pattern.end, messageId: 'excludes', data: { path: rel } }],
          fixes: unexcludeFixes(project, ignoreFile.path, ignoreFile.patterns, pattern, rel),
        });
      };
      for (const stage of model.stages) {
        const earlier: string[] = [];
        // One finding per cause and stage: the first go command that trips over it.
        causes = new Set<string>();
        for (const cmd of goCommands(stage)) {
          const sub = cmd.verb === 'mod' ? cmd.args.find((w) => !w.value.startsWith('-'))?.value ?? '' : '';
          const label = cmd.verb + (sub ? ' ' + sub : '');
          earlier.push(label);
          if (!readsModule(cmd) || cmd.cwd === undefined || done.has(cmd.goWord.start)) continue;
          if (runsMayCreateFiles(model, cmd)) continue;
          const end = (cmd.verb === 'mod' ? cmd.args.find((w) => w.value === sub) : cmd.verbWord)?.end ?? cmd.goWord.end;
          const data = { verb: label, dir: cmd.cwd };
          const found = goModFor(project, build, model, stage, cmd.cwd, cmd.instruction.start, ignoreFile.patterns);
          // 1. go.mod excluded from every folder copy that would have brought it.
          if (!found.hostGoMod && !found.unknown && found.origin?.excluded.length) {
            const ex = found.origin.excluded.find((e) => e.provider.viaFolder);
            if (ex && found.origin.excluded.every((e) => e.provider.viaFolder)) {
              done.add(cmd.goWord.start);
              emit(cmd.goWord.start, end, 'goMod', data, ex.pattern, ex.provider.host);
              continue;
            }
          }
          if (!found.hostGoMod || !found.containerDir) continue;
          // 2. go.sum excluded while go.mod has requirements.
          const mod = project.goMod(found.hostGoMod);
          const hostSum = path.join(path.dirname(found.hostGoMod), 'go.sum');
          const vendored = project.exists(path.join(path.dirname(found.hostGoMod), 'vendor', 'modules.txt')) === 'file';
          const repairs =
            earlier.slice(0, -1).some((l) => l === 'mod download' || l === 'mod tidy' || l === 'get') || flagValue(cmd, 'mod') === 'mod' || /-mod=mod/.test(goEnv(model, cmd, 'GOFLAGS') ?? '');
          const earlierStages = lineageOf(model, stage).slice(1).some((s) => goCommands(s).some((c) => c.verb === 'mod' && ['download', 'tidy'].includes(c.args[0]?.value ?? '')));
          if (NEEDS_SUM.has(cmd.verb) && mod?.requires.length && !vendored && !repairs && !earlierStages && project.exists(hostSum) === 'file') {
            const sumPath = (found.containerDir === '/' ? '' : found.containerDir) + '/go.sum';
            const o = originOf(project, build, model, stage, sumPath, cmd.instruction.start, ignoreFile.patterns);
            const ex = o.excluded[0];
            if (!o.provider && !o.unknown && ex && o.excluded.every((e) => e.provider.viaFolder)) {
              done.add(cmd.goWord.start);
              emit(cmd.goWord.start, end, 'goSum', data, ex.pattern, ex.provider.host);
              continue;
            }
          }
          // 3. The main package's sources excluded.
          if (cmd.verb !== 'build' && cmd.verb !== 'install' && cmd.verb !== 'run') continue;
          const main = mainPackageFiles(ctx, build, cmd, ignoreFile.patterns);
          if (!main || main.files.length) continue; // files arrive: nothing excluded that matters
          const all = mainPackageFiles(ctx, build, cmd);
          const goSources = (all?.files ?? []).filter((f) => project.goFacts(f)?.packageName === 'main');
          if (!goSources.length) continue;
          const pats = goSources.map((f) => {
            const rel = contextRelative(build, f);
            return rel === undefined ? undefined : excludedBy(ignoreFile.patterns, rel);
          });
          if (pats.some((p) => !p)) continue;
          done.add(cmd.goWord.start);
          const pattern = pats[0] as IgnorePattern;
          // Re-including the folder (or the file) brings the package back.
          const target = pattern.re.test(contextRelative(build, path.dirname(goSources[0])) ?? '') ? path.dirname(goSources[0]) : goSources[0];
          emit(cmd.goWord.start, end, 'mainDir', { ...data, dir: main.containerDir }, pattern, target);
        }
      }
    }
  },
});
