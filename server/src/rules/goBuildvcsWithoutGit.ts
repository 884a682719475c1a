/**
 * DGT132 go-buildvcs-git: `go build` stamps version control information (Go 1.18+) from a `.git`
 * that the build context brings into the image, but git cannot read it: the builder has no git
 * where Go insists on it (Go 1.18.0, `-buildvcs=true`), or the repository belongs to root while the
 * build runs as another user (git's "dubious ownership" check).
 */
import { dockerfileRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { goBuilds, normalizePosix, type GoBuildCommand, type Stage } from '../parse/dockerfile';
import { reportNew, stagesReports } from '../model/stageValues';
import { buildsOfDockerfile } from '../model/buildContext';
import { compareVer, goCommandAt, goCommands, goEnv, GoVer, ignoreFileOf, isGolangRepo, originOf, parseGolangTag, type Provider } from '../model/goCommands';
import { effectiveUser, isRootUser } from '../model/stages';
import { ownerChangedBetween } from '../model/ownership';
import { rootOf } from '../model/stageGraph';
import { textBefore, toolPresent } from './lib/buildTools';

const GO118: GoVer = [1, 18, 0, Number.POSITIVE_INFINITY];
const GO1181: GoVer = [1, 18, 1, 0];

export const goBuildvcsWithoutGit = dockerfileRule({
  id: 'DGT132',
  name: 'go-buildvcs-git',
  kind: 'dockerfile',
  severity: 'error',
  title: 'VCS stamping from a .git that git cannot read in the builder',
  messages: {
    noGit:
      'This `go {verb}` stamps version control information from the `.git` that `{copy}` brings into {dir}, {why}, but the `{builder}` builder has no git: the build stops with `error obtaining VCS status: exec: "git": executable file not found in $PATH` and `Use -buildvcs=false to disable VCS stamping.` Build with -buildvcs=false, keep `.git` out of the context (.dockerignore), or install git.',
    notOwner:
      'This `go {verb}` runs as `{user}` and stamps version control information from the `.git` that `{copy}` brings into {dir}, which belongs to root: git refuses to read a repository of another user (`fatal: detected dubious ownership in repository at \'{dir}\'`) and the build stops with `error obtaining VCS status: exit status 128`. Build with -buildvcs=false, keep `.git` out of the context (.dockerignore), or copy with --chown={user}.',
  },
  fixTitles: { buildvcs: 'Build with -buildvcs=false' },
  relatedMessages: { copiesGit: 'This copy brings the .git folder into the image.' },
  docs: {
    what: 'Finds a `go build`/`go install` (golang image, Go 1.18 or later, no `-buildvcs=false`) in a folder that receives a `.git` from the build context, when git cannot read it: the builder has no git and Go insists (Go 1.18.0, or `-buildvcs=true`), or the build runs as a non-root USER while the copied repository belongs to root.',
    why:
      'Since Go 1.18, `go build` runs `git status` to stamp the binary when the main module lies in a git repository. From Go 1.18.1 a missing git is skipped quietly, but Go 1.18.0 and `-buildvcs=true` stop the build. git itself refuses repositories owned by another user since 2.35.2 (CVE-2022-24765): COPY makes files root-owned, so a build as a non-root user fails.',
    errorText: [
      'error obtaining VCS status: exec: "git": executable file not found in $PATH\n\tUse -buildvcs=false to disable VCS stamping.',
      "fatal: detected dubious ownership in repository at '/src'",
      'error obtaining VCS status: exit status 128\n\tUse -buildvcs=false to disable VCS stamping.',
    ],
    bad: 'FROM golang:1.22 AS build\nRUN useradd -m builder\nUSER builder\nWORKDIR /home/builder/src\nCOPY . .\nRUN go build -o /home/builder/app .\n',
    good: 'FROM golang:1.22 AS build\nRUN useradd -m builder\nUSER builder\nWORKDIR /home/builder/src\nCOPY . .\nRUN go build -buildvcs=false -o /home/builder/app .\n',
    exampleLanguage: 'dockerfile',
    appliesTo: 'Dockerfiles whose build context holds a `.git` folder that .dockerignore does not exclude',
    fixes: 'Adds `-buildvcs=false` after the verb.',
    notFlagged: [
      'A `.git` excluded by .dockerignore (DGT113 reports a partly excluded one), `-buildvcs=false` on the command or in GOFLAGS, golang images before 1.18.',
      'A builder without git on Go 1.18.1 or later without `-buildvcs=true`: Go then builds without stamping, as designed.',
      'COPY --chown, a `chown -R` of the copied folder between the copy and the build, USER root or unset, a USER from a variable, and a `git config ... safe.directory` before the build.',
      'Sources bind-mounted into a container that builds at start-up (`go run` under compose with a bind mount): what owns the files there depends on the host.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (model.escapeDirective) return;
    const outer = report;
    // A go build the first build reports on is not reported again for the next build.
    type Found = { key: number; r: Parameters<typeof outer>[0] };
    const done = new Set<number>();
    for (const build of buildsOfDockerfile(ctx)) {
      // Kept per stage and build: an edit elsewhere in the file replays these.
      reportNew(stagesReports<Found>(ctx.project, 'DGT132', build, model.stages, (stage, add) => checkStage(build, stage, add), ctx.eol), done, report);
    }

    function checkStage(build: Parameters<typeof ignoreFileOf>[1], stage: Stage, add: (f: Found) => void): void {
      const ignore = ignoreFileOf(ctx.project, build)?.patterns;
      const root = rootOf(model, stage);
      if (!isGolangRepo(root.repo)) return;
      const tag = parseGolangTag(root.tag);
      if (!tag || (tag.version && compareVer(tag.version, GO118) < 0)) return;
      for (const gb of goBuilds(stage)) {
        if (gb.packages.some((w) => w.value.includes('@'))) continue;
        const cmd = goCommandAt(stage, gb.goWord.start);
        if (!cmd || cmd.cwd === undefined) continue;
        const flag = gb.flags.has('buildvcs') ? (gb.flags.get('buildvcs')?.value ?? 'true') : undefined;
        const goflags = goEnv(model, cmd, 'GOFLAGS') ?? '';
        const vcs = flag ?? /-buildvcs=(\w+)/.exec(goflags)?.[1] ?? 'auto';
        if (vcs === 'false' || goflags.includes('$')) continue;
        const git = gitFolder(build, gb, cmd.cwd, ignore);
        if (!git) continue;
        const present = toolPresent(model, stage, gb.command.start, 'git');
        let messageId: 'noGit' | 'notOwner' | undefined;
        let user = '';
        let why = '';
        if (present === false) {
          // A tag without a patch version (`1.18`) runs the newest 1.18.x, which skips a missing git.
          const exact1180 = tag.version !== undefined && tag.version[2] !== Number.POSITIVE_INFINITY && compareVer(tag.version, GO1181) < 0;
          if (vcs === 'true') why = 'as `-buildvcs=true` asks';
          else if (exact1180) why = 'which Go 1.18.0 does whenever it finds a repository';
          else continue;
          messageId = 'noGit';
        } else if (present === true) {
          const u = effectiveUser(model, stage, gb.instruction.start);
          if (!u || !u.user || isRootUser(u) || u.value.includes('$')) continue;
          if (git.provider.copy.flags.some((f) => f.name === 'chown')) continue;
          // `RUN chown -R app /src` after the copy gives the repository to the user who builds.
          if (ownerChangedBetween(model, stage, (git.dir === '/' ? '' : git.dir) + '/.git', git.provider.copy.start, gb.instruction.start)) continue;
          if (/safe\.directory/.test(textBefore(ctx, stage, gb.command.start))) continue;
          messageId = 'notOwner';
          user = u.user;
        } else continue;
        const verbWord = gb.command.words[gb.command.words.indexOf(gb.goWord) + 1] ?? gb.goWord;
        const copy = git.provider.copy;
        const copyText = ctx.text.slice(copy.start, copy.end).split(/\r?\n/)[0].trim();
        // A -buildvcs flag on the command is replaced (the last one wins); otherwise one is added after the verb.
        const own = gb.flags.has('buildvcs') ? gb.command.words.find((w) => /^--?buildvcs(=|$)/.test(w.value)) : undefined;
        const edit = own && /=/.test(own.value) ? { start: own.start, end: own.end, newText: '-buildvcs=false' } : own ? undefined : { start: verbWord.end, end: verbWord.end, newText: ' -buildvcs=false' };
        const fixes: FixInput[] = edit ? [{ titleId: 'buildvcs', preferred: true, edits: [{ path: ctx.path, ...edit }] }] : [];
        const related: RelatedInput[] = [{ path: ctx.path, start: copy.start, end: copy.end, messageId: 'copiesGit' }];
        add({
          key: gb.goWord.start,
          r: {
            start: gb.goWord.start,
            end: verbWord.end,
            messageId,
            data: { verb: gb.verb, copy: copyText, dir: git.dir, why, builder: root.image.split('@')[0], user },
            related,
            fixes,
          },
        });
      }
    }

    /** The folder at or above `cwd` that gets the context's `.git` through a folder copy. */
    function gitFolder(build: Parameters<typeof ignoreFileOf>[1], gb: GoBuildCommand, cwd: string, ignore: Parameters<typeof originOf>[6]): { dir: string; provider: Provider } | undefined {
      for (let d = normalizePosix(cwd); ; d = d.slice(0, Math.max(d.lastIndexOf('/'), 0)) || '/') {
        const o = originOf(ctx.project, build, model, gb.stage, (d === '/' ? '' : d) + '/.git/HEAD', gb.instruction.start, ignore);
        if (o.provider?.viaFolder) return { dir: d, provider: o.provider };
        if (o.provider || o.unknown || d === '/') return undefined;
      }
    }
  },
});
