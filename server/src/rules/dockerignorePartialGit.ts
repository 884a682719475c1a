/**
 * DGT113 dockerignore-partial-git: .dockerignore lets a `.git` folder into the image but leaves out
 * part of it (objects, refs or HEAD), so Go's VCS stamping runs git on a broken repository.
 */
import { dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import { excludedBy, IgnorePattern } from '../parse/dockerignore';
import { compareVer, goCommands, goEnv, GoVer, ignoreFileOf, isGolangRepo, originOf, parseGolangTag, flagValue } from '../model/goCommands';
import { buildsOfDockerfile } from '../model/buildContext';
import { appendLine } from './lib/ignoreFix';
import { shown } from './lib/gopathEra';
import { rootOf } from '../model/stageGraph';

const GO118: GoVer = [1, 18, 0, Number.POSITIVE_INFINITY];
/** Files git needs to open a repository at all. */
const CRITICAL = ['.git/HEAD', '.git/objects/pack/pack-0000.pack', '.git/objects/00/0000000000000000000000000000000000000', '.git/refs/heads/main'];
/** Files whose presence makes a `.git` folder exist in the image. */
const ANY = [...CRITICAL, '.git/config', '.git/index', '.git/description', '.git/packed-refs', '.git/logs/HEAD', '.git/info/exclude', '.git/hooks/pre-commit.sample', '.git/FETCH_HEAD', '.git/ORIG_HEAD'];

export const dockerignorePartialGit = dockerfileRule({
  id: 'DGT113',
  name: 'dockerignore-partial-git',
  kind: 'dockerfile',
  severity: 'error',
  title: '.dockerignore copies a broken .git into a Go build',
  messages: {
    partial:
      'This `go {verb}` stamps version control information (Go 1.18+), and {dir} has a `.git` folder, but `{pattern}` in {ignore} leaves {missing} out of it. git cannot read the repository and the build stops with `error obtaining VCS status: exit status 128 ... Use -buildvcs=false to disable VCS stamping.` Pass -buildvcs=false, or exclude `.git` completely.',
  },
  fixTitles: { buildvcs: 'Build with -buildvcs=false', excludeGit: 'Exclude .git completely in .dockerignore' },
  relatedMessages: { partialGit: 'This pattern leaves part of .git out of the build context.' },
  docs: {
    what: 'Finds a `go build`/`go install` with VCS stamping (Go 1.18 or later, no `-buildvcs=false`) in a folder that gets a `.git` from the build context, when the .dockerignore excludes part of `.git` (objects, refs or HEAD) but not all of it.',
    why:
      'Since Go 1.18, `go build` stamps the binary with the commit when it finds a `.git` folder, by running `git status`. A .dockerignore that trims `.git` to make the context smaller (`.git/objects`, or `.git` plus `!.git/HEAD`) leaves a repository git cannot open, and the build fails. Excluding `.git` entirely is fine: Go then finds no repository and skips stamping.',
    errorText: ['error obtaining VCS status: exit status 128 Use -buildvcs=false to disable VCS stamping.'],
    bad: '# .dockerignore\n.git/objects\n\n# Dockerfile\nFROM golang:1.22-alpine AS build\nRUN apk add --no-cache git\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n',
    good: '# .dockerignore\n.git\n\n# Dockerfile\nFROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n',
    exampleLanguage: 'dockerfile',
    appliesTo: 'Dockerfiles (the finding sits on the go command and points at the .dockerignore line)',
    fixes: 'Adds `-buildvcs=false` to the go command (preferred), or appends `.git` to the .dockerignore so the whole folder stays out.',
    notFlagged: [
      'A .dockerignore that excludes `.git` completely (the common, correct case), or not at all.',
      '`-buildvcs=false` on the command or in GOFLAGS, golang images before 1.18, and images other than golang.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    const done = new Set<number>();
    for (const build of buildsOfDockerfile(ctx)) {
      const ignoreFile = ignoreFileOf(project, build);
      if (!ignoreFile) continue;
      const patterns = ignoreFile.patterns;
      // Which .git files reach the context: some must, and some critical one must not.
      const kept = ANY.filter((f) => !excludedBy(patterns, f));
      const lost = CRITICAL.map((f) => ({ f, p: excludedBy(patterns, f) })).filter((x): x is { f: string; p: IgnorePattern } => !!x.p);
      if (!kept.length || !lost.length) continue;
      if (project.exists(build.context + '/.git') !== 'dir') continue;
      for (const stage of model.stages) {
        const root = rootOf(model, stage);
        if (!isGolangRepo(root.repo)) continue;
        const tag = parseGolangTag(root.tag);
        if (!tag || (tag.version && compareVer(tag.version, GO118) < 0)) continue;
        for (const cmd of goCommands(stage)) {
          if ((cmd.verb !== 'build' && cmd.verb !== 'install') || cmd.cwd === undefined || done.has(cmd.goWord.start)) continue;
          if (cmd.args.some((w) => !w.value.startsWith('-') && w.value.includes('@'))) continue;
          const vcs = flagValue(cmd, 'buildvcs');
          if (vcs === 'false' || /-buildvcs=false/.test(goEnv(model, cmd, 'GOFLAGS') ?? '')) continue;
          // A .git from the context in the command's folder or above it (go looks upwards).
          let gitDir: string | undefined;
          for (let d = cmd.cwd; ; d = d.slice(0, Math.max(d.lastIndexOf('/'), 0)) || '/') {
            const o = originOf(project, build, model, stage, (d === '/' ? '' : d) + '/.git/' + kept[0].slice(5), cmd.instruction.start, patterns);
            if (o.provider?.viaFolder) {
              gitDir = d;
              break;
            }
            if (d === '/') break;
          }
          if (!gitDir) continue;
          done.add(cmd.goWord.start);
          const text = project.text(ignoreFile.path) ?? '';
          const verbWord = cmd.verbWord ?? cmd.goWord;
          const fixes: FixInput[] = [
            { titleId: 'buildvcs', preferred: true, edits: [{ path: ctx.path, start: verbWord.end, end: verbWord.end, newText: ' -buildvcs=false' }] },
            { titleId: 'excludeGit', edits: [{ path: ignoreFile.path, ...appendLine(text, '.git') }] },
          ];
          const pattern = lost[0].p;
          report({
            start: cmd.goWord.start,
            end: verbWord.end,
            messageId: 'partial',
            data: { verb: cmd.verb, dir: gitDir, pattern: pattern.raw, ignore: shown(ctx, ignoreFile.path), missing: lost[0].f.split('/').slice(0, 2).join('/') },
            related: [{ path: ignoreFile.path, start: pattern.start, end: pattern.end, messageId: 'partialGit' }],
            fixes,
          });
        }
      }
    }
  },
});
