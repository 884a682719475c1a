/**
 * DGT131 go-local-module-outside-context: the go command needs a local module folder — a
 * `replace ... => ../x` of go.mod, or a `use` of a go.work copied into the image — that the image
 * does not have: outside the build context, or not copied before the command.
 */
import * as path from 'node:path';
import { dockerfileRule, type DockerfileContext } from './context';
import type { FileEdit, FixInput, RelatedInput } from '../core/types';
import type { ImageBuild } from '../project/project';
import { normalizePosix, type Stage } from '../parse/dockerfile';
import type { GoMod, GoModReplace } from '../parse/gomod';
import { buildsOfDockerfile, candidateContexts } from '../model/buildContext';
import { contextRelative, goCommands, GoCmd, goModFor, ignoreFileOf, inWorkTree, originOf, readsModule, runBindMounts, runsMayCreateFiles } from '../model/goCommands';
import { lineageOf } from '../model/stageGraph';
import { reportNew, stagesReports } from '../model/stageValues';
import { shown } from './lib/gopathEra';
import { buildEnv } from './lib/moduleFetch';
import { insertBefore } from './lib/buildTools';
import { buildEntryEdit } from './lib/composeBuild';
import { isScalar } from '../parse/compose';

type MessageId = 'replaceOutside' | 'replaceNotCopied' | 'workOutside' | 'workMemberNotCopied';

interface Problem {
  messageId: MessageId;
  /** The folder as written in go.mod or go.work. */
  dir: string;
  hostDir: string;
  /** Where the go command looks for it in the image. */
  target: string;
  module: string;
  version: string;
  /** The go.mod or go.work line that names it. */
  file: string;
  start: number;
  end: number;
}

function hostJoin(dir: string, rel: string): string {
  return path.resolve(dir, rel.replace(/\\/g, '/'));
}

function containerJoin(dir: string, rel: string): string {
  return normalizePosix((dir === '/' ? '' : dir) + '/' + rel.replace(/\\/g, '/'));
}

/** A required module replaced by a local folder (the replacement of a version nobody requires is never read). */
function requiredLocalReplaces(mod: GoMod): { r: GoModReplace; version: string }[] {
  const out: { r: GoModReplace; version: string }[] = [];
  for (const r of mod.replaces) {
    if (!r.local) continue;
    const req = mod.requires.find((q) => q.path === r.oldPath && (r.oldVersion === undefined || q.version === r.oldVersion));
    if (req) out.push({ r, version: req.version });
  }
  return out;
}

function problemsOf(ctx: DockerfileContext, build: ImageBuild, cmd: GoCmd): Problem[] | undefined {
  const { model, project } = ctx;
  const stage = cmd.stage;
  const before = cmd.instruction.start;
  const ignore = ignoreFileOf(project, build)?.patterns;
  const cwd = cmd.cwd as string;
  const gowork = buildEnv(ctx, build, cmd, 'GOWORK');
  if (gowork.unknown || (gowork.value !== undefined && gowork.value !== 'off' && gowork.value !== '')) return undefined;
  const out: Problem[] = [];
  const missing = (target: string) => {
    const o = originOf(project, build, model, stage, target + '/go.mod', before, ignore);
    return !o.provider && !o.unknown && !o.excluded.length;
  };
  // Workspace mode: a go.work in the command's folder or above it, unless GOWORK=off.
  if (gowork.value !== 'off') {
    for (let d = cwd; ; d = path.posix.dirname(d)) {
      const o = originOf(project, build, model, stage, (d === '/' ? '' : d) + '/go.work', before, ignore);
      if (o.unknown) return undefined;
      if (o.provider) {
        const work = project.goWork(o.provider.host);
        if (!work) return undefined;
        const hostWorkDir = path.dirname(o.provider.host);
        for (const use of work.uses) {
          const hostDir = hostJoin(hostWorkDir, use.value);
          const target = containerJoin(d, use.value);
          if (project.exists(path.join(hostDir, 'go.mod')) !== 'file' || !missing(target)) continue;
          const outside = contextRelative(build, hostDir) === undefined;
          out.push({ messageId: outside ? 'workOutside' : 'workMemberNotCopied', dir: use.value, hostDir, target, module: '', version: '', file: o.provider.host, start: use.start, end: use.end });
        }
        return out;
      }
      if (d === '/') break;
    }
  }
  const found = goModFor(project, build, model, stage, cwd, before, ignore);
  if (!found.hostGoMod || found.containerDir === undefined) return undefined;
  const mod = project.goMod(found.hostGoMod);
  if (!mod) return undefined;
  for (const { r, version } of requiredLocalReplaces(mod)) {
    if (path.isAbsolute(r.newPath) || /^[A-Za-z]:[\\/]/.test(r.newPath)) continue;
    const hostDir = hostJoin(path.dirname(found.hostGoMod), r.newPath);
    const target = containerJoin(found.containerDir, r.newPath);
    if (project.exists(path.join(hostDir, 'go.mod')) !== 'file' || !missing(target)) continue;
    const outside = contextRelative(build, hostDir) === undefined;
    out.push({ messageId: outside ? 'replaceOutside' : 'replaceNotCopied', dir: r.newPath, hostDir, target, module: r.oldPath, version, file: found.hostGoMod, start: r.start, end: r.end });
  }
  return out;
}

/** A name for an additional build context: the folder's name, lower-case, with only the characters BuildKit accepts. */
function contextName(hostDir: string): string {
  return path.basename(hostDir).toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[-_.]+/, '') || 'module';
}

/** `additional_contexts` for every compose service that builds the file, and a COPY --from of it before the command. */
function additionalContextFix(ctx: DockerfileContext, cmd: GoCmd, p: Problem): FixInput[] {
  const builds = buildsOfDockerfile(ctx);
  if (!builds.length || builds.some((b) => !b.service)) return [];
  const name = contextName(p.hostDir);
  const edits: FileEdit[] = [];
  for (const b of builds) {
    const service = b.service as NonNullable<ImageBuild['service']>;
    let rel = path.relative(path.dirname(service.composePath), p.hostDir).split(path.sep).join('/');
    if (!rel.startsWith('.')) rel = './' + rel;
    const edit = buildEntryEdit(ctx.project, service, 'additional_contexts', `${name}: ${rel}`, (n) => isScalar(n) && n.value === name);
    if (!edit) return [];
    if (!edits.some((e) => e.path === edit.path && e.start === edit.start)) edits.push(edit);
  }
  edits.unshift(insertBefore(ctx, cmd.instruction, `COPY --from=${name} . ${p.target}`));
  return [{ titleId: 'additionalContext', titleData: { name, dir: p.dir }, preferred: true, edits }];
}

export const goLocalModuleOutsideContext = dockerfileRule({
  id: 'DGT131',
  name: 'go-local-module-outside-context',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Local module folder missing from the image',
  messages: {
    replaceOutside:
      '{file} replaces `{module}` with `{dir}`, a folder outside the build context `{context}`: no COPY can bring it into the image, and this `go {verb}` stops with `go: {module}@{version} (replaced by {dir}): reading {dir}/go.mod: open {target}/go.mod: no such file or directory` (before Go 1.17: `replacement directory {dir} does not exist`). Pass the folder as an additional build context, or build from a context that holds both (compose `context:` the common parent, `dockerfile:` pointing back).',
    replaceNotCopied:
      '{file} replaces `{module}` with `{dir}`, but nothing copies that folder to {target} before this `go {verb}`, which stops with `go: {module}@{version} (replaced by {dir}): reading {dir}/go.mod: open {target}/go.mod: no such file or directory`. Copy it first: `COPY {src} {target}`.',
    workOutside:
      'The go.work copied into the image uses `{dir}`, a folder outside the build context `{context}`, so this `go {verb}` stops with `go: cannot load module {dir} listed in go.work file: open {dir}/go.mod: no such file or directory`. If the image needs only this module, build with GOWORK=off (or keep go.work out with .dockerignore); otherwise build from a context that holds the whole workspace.',
    workMemberNotCopied:
      'The go.work copied into the image uses `{dir}`, but nothing copies that folder to {target} before this `go {verb}`, which stops with `go: cannot load module {dir} listed in go.work file: open {dir}/go.mod: no such file or directory`. Copy the workspace\'s modules first, or build with GOWORK=off.',
  },
  fixTitles: {
    copyFolder: 'Copy {src} to {target} before this RUN',
    additionalContext: 'Pass {dir} as the additional build context "{name}" and copy it in',
    goworkOff: 'Build with GOWORK=off',
  },
  relatedMessages: { replace: 'The replace directive that names {dir}.', use: 'The go.work use directive that names {dir}.' },
  docs: {
    what: 'Finds the first go command of a stage that reads a module whose go.mod replaces a required module with a local folder (`replace example.com/x => ../x`), or that runs under a go.work copied into the image, when that folder is outside the build context or not copied before the command.',
    why:
      'Local replacements and workspaces work on the developer\'s machine because the sibling folders are there. A build only has its context: a compose `build: ./services/api` cannot see `../lib`, and a `COPY go.mod go.sum ./` followed by `go mod download` runs before `COPY . .` has brought the replaced folder in. A go.work copied by `COPY . .` makes the go command look for every module of the workspace.',
    errorText: [
      'go: example.com/lib@v0.0.0-00010101000000-000000000000 (replaced by ../lib): reading ../lib/go.mod: open /lib/go.mod: no such file or directory',
      'main.go:4:2: example.com/lib@v0.0.0: replacement directory ../lib does not exist',
      'go: cannot load module ../shared listed in go.work file: open ../shared/go.mod: no such file or directory',
    ],
    bad: '# go.mod: replace example.com/lib => ./lib\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\n',
    good: '# go.mod: replace example.com/lib => ./lib\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nCOPY lib /src/lib\nRUN go mod download\nCOPY . .\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'A replaced folder inside the context: inserts `COPY <folder> <where the go command looks>` before the RUN. Outside the context, for builds from compose files: adds the folder as `additional_contexts` of every service that builds the Dockerfile and inserts `COPY --from=<name> . <target>` before the RUN (BuildKit). A go.work that should not be in the image: inserts `GOWORK=off` before the go command.',
    notFlagged: [
      'Replacements with a module path (`=> github.com/fork/x v1.2.3`), replacements of modules go.mod does not require, absolute paths, and folders that have no go.mod on disk either (a partial copy of a project tells nothing).',
      'Folders a COPY --from, an ADD of an archive or URL, a bind mount, or a RUN that clones or creates files may provide; folders .dockerignore excludes (DGT112 looks at those).',
      'GOWORK set to a path or a variable, and go commands that do not read the module.',
      'A Dockerfile that no compose file builds, in a subfolder of its repository or outside a git work tree: it may be built from a parent folder (`docker build -f sub/Dockerfile .`), with another go.mod.',
    ],
  },
  check(ctx, report) {
    const { model, text } = ctx;
    if (model.escapeDirective) return;
    const done = new Set<string>();
    const outer = report;
    type Found = { key: string; r: Parameters<typeof outer>[0] };
    for (const build of buildsOfDockerfile(ctx)) {
      // Without a compose file the context is a guess (`docker build -f sub/Dockerfile .` is common):
      // the rule speaks only when the Dockerfile's folder is the one candidate.
      // Outside a git work tree (a copy of part of a project) the folders around it tell nothing either.
      if (!build.service && (!inWorkTree(ctx.project, build.context) || candidateContexts(ctx.project, build).length > 1)) continue;
      // Kept per stage and build: an edit elsewhere in the file replays these.
      reportNew(stagesReports<Found>(ctx.project, 'DGT131', build, model.stages, (stage, add) => checkStage(build, stage, add), ctx.eol), done, report);
    }

    /** The first go command of the stage that reads the module, unless a stage it builds on has one already. */
    function checkStage(build: ImageBuild, stage: Stage, add: (f: Found) => void): void {
      if (lineageOf(model, stage).some((s) => s !== stage && goCommands(s).some((c) => readsModule(c) && c.cwd !== undefined))) return;
      for (const cmd of goCommands(stage)) {
        if (!readsModule(cmd) || cmd.cwd === undefined) continue;
        if (runBindMounts(text, cmd.instruction) || runsMayCreateFiles(model, cmd)) break;
        for (const p of problemsOf(ctx, build, cmd) ?? []) {
          const key = `${cmd.goWord.start}\0${p.hostDir}`;
          const src = contextRelative(build, p.hostDir) ?? p.dir;
          const fixes: FixInput[] = [];
          if (p.messageId === 'replaceNotCopied') {
            fixes.push({ titleId: 'copyFolder', titleData: { src, target: p.target }, preferred: true, edits: [insertBefore(ctx, cmd.instruction, `COPY ${src} ${p.target}`)] });
          } else if (p.messageId === 'replaceOutside') {
            fixes.push(...additionalContextFix(ctx, cmd, p));
          } else {
            fixes.push({ titleId: 'goworkOff', edits: [{ path: ctx.path, start: cmd.goWord.start, end: cmd.goWord.start, newText: 'GOWORK=off ' }] });
          }
          const related: RelatedInput[] = [{ path: p.file, start: p.start, end: p.end, messageId: p.messageId.startsWith('work') ? 'use' : 'replace', data: { dir: p.dir } }];
          const verbWord = cmd.verbWord ?? cmd.goWord;
          add({
            key,
            r: {
              start: cmd.goWord.start,
              end: verbWord.end,
              messageId: p.messageId,
              data: { file: shown(ctx, p.file), module: p.module, version: p.version, dir: p.dir, target: p.target, src, verb: cmd.verb, context: shown(ctx, build.context) || '.' },
              related,
              fixes,
            },
          });
        }
        break;
      }
    }
  },
});
