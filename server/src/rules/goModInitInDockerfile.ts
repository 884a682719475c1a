/**
 * DGT109 go-mod-init-in-dockerfile: `RUN go mod init` papering over a go.mod that does not reach the
 * build (wrong context, WORKDIR or .dockerignore), or over a project that never committed one.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import type { RelatedInput } from '../core/types';
import { goCommands, goModFor, ignoreFileOf } from '../model/goCommands';
import { buildsOfDockerfile } from '../model/buildContext';
import { shown } from './lib/gopathEra';
import { lineageOf } from '../model/stageGraph';

/** Earlier RUNs of the chain that fetch sources (then the module is not the project's own). */
function fetchesSources(words: string[]): boolean {
  const first = words[0]?.replace(/^.*\//, '');
  return ['git', 'wget', 'curl', 'svn', 'hg', 'tar', 'unzip'].includes(first ?? '');
}

export const goModInitInDockerfile = dockerfileRule({
  id: 'DGT109',
  name: 'go-mod-init-in-dockerfile',
  kind: 'dockerfile',
  severity: 'warning',
  title: '`go mod init` in a Dockerfile',
  messages: {
    notReached:
      '`go mod init` makes a new, empty go.mod in {dir}, but the project has {gomod}: its module path, Go version and pinned requirements are lost, and `go mod tidy` picks whatever versions are newest today. The real go.mod does not reach {dir}: check the WORKDIR and COPY (`COPY go.mod go.sum ./`).',
    excluded:
      '`go mod init` makes a new, empty go.mod in {dir} because .dockerignore excludes {gomod} (`{pattern}`): its module path, Go version and pinned requirements are lost. Stop excluding it instead.',
    outside:
      '`go mod init` makes a new, empty go.mod in {dir} because {gomod} is outside the build context `{context}`: its module path, Go version and pinned requirements are lost. Build from the module\'s folder (context `{moduleDir}`) instead.',
    noGoMod:
      '`go mod init` in a Dockerfile makes a throwaway module on every build: no go.sum, no pinned versions, and `go mod tidy` picks whatever is newest today. Run `go mod init` and `go mod tidy` once in the project, commit go.mod and go.sum, and copy them.',
  },
  relatedMessages: { excluded: 'This pattern keeps go.mod out of the build context.', goMod: "The project's go.mod." },
  docs: {
    what: 'Finds `RUN go mod init` in a stage that builds the project\'s own sources (copied from the build context).',
    why:
      '`go mod init` in a Dockerfile is nearly always a workaround for `go: go.mod file not found`. The real cause is that the project\'s go.mod does not reach the build — a build context that is one folder too deep, a WORKDIR that differs from the COPY destination, or a .dockerignore that excludes it — or that the project never committed one. The generated module has a different path, no pinned versions and no go.sum, so builds are not reproducible.',
    errorText: ['go: go.mod file not found in current directory or any parent directory; see \'go help modules\''],
    bad: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY *.go ./\nRUN go mod init app && go mod tidy\nRUN go build -o /out/app .\n',
    good: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /out/app .\n',
    exampleLanguage: 'dockerfile',
    notFlagged: [
      'Stages that fetch their sources (git clone, curl, wget, tar) before `go mod init`: the module is someone else\'s.',
      'Stages that copy nothing from the build context.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    const done = new Set<number>();
    for (const build of buildsOfDockerfile(ctx)) {
      const ignoreFile = ignoreFileOf(project, build);
      for (const stage of model.stages) {
        for (const cmd of goCommands(stage)) {
          if (cmd.verb !== 'mod' || cmd.args[0]?.value !== 'init' || done.has(cmd.goWord.start)) continue;
          const chain = lineageOf(model, stage);
          const before = (s: typeof stage, start: number) => s !== stage || start < cmd.instruction.start;
          const copiesContext = chain.some((s) =>
            s.instructions.some((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && before(s, i.start) && !/--from[= ]/i.test(ctx.text.slice(i.argsStart, i.argsEnd))),
          );
          if (!copiesContext) continue;
          const fetched = chain.some((s) =>
            s.instructions.some((i) => i.keyword === 'RUN' && i.start <= cmd.instruction.start && i.commands.some((c) => (i !== cmd.instruction || c.start < cmd.command.start) && fetchesSources(c.words.map((w) => w.value)))),
          );
          if (fetched) continue;
          const dir = cmd.cwd ?? '.';
          let messageId: 'outside' | 'notReached' | 'excluded' | 'noGoMod';
          let gomod: string | undefined;
          let pattern = '';
          let related: RelatedInput[] = [];
          const found = cmd.cwd !== undefined ? goModFor(project, build, model, stage, cmd.cwd, cmd.instruction.start, ignoreFile?.patterns) : undefined;
          if (found?.hostGoMod || found?.unknown) continue; // go.mod is there already (then init fails loudly) or we cannot tell
          const ex = found?.origin?.excluded[0];
          const atContext = path.join(build.context, 'go.mod');
          const above = project.nearestGoMod(path.dirname(build.context));
          if (ex && ignoreFile) {
            messageId = 'excluded';
            gomod = ex.provider.host;
            pattern = ex.pattern.raw;
            related = [{ path: ignoreFile.path, start: ex.pattern.start, end: ex.pattern.end, messageId: 'excluded' }];
          } else if (project.exists(atContext) === 'file') {
            messageId = 'notReached';
            gomod = atContext;
          } else if (above) {
            messageId = 'outside';
            gomod = above;
          } else {
            messageId = 'noGoMod';
          }
          if (gomod && !related.length) related = [{ path: gomod, start: 0, end: 0, messageId: 'goMod' }];
          done.add(cmd.goWord.start);
          const initWord = cmd.args[0];
          report({
            start: cmd.goWord.start,
            end: initWord.end,
            messageId,
            data: {
              dir,
              gomod: gomod ? shown(ctx, gomod) : '',
              pattern,
              context: shown(ctx, build.context) || '.',
              moduleDir: gomod ? shown(ctx, path.dirname(gomod)) || '.' : '',
            },
            related,
          });
        }
      }
    }
  },
});
