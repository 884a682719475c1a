/**
 * DGT140 copy-source-not-found: a COPY/ADD source from the build context that the builder will not
 * find: missing, spelled with a different letter case than the file on disk, or excluded by
 * .dockerignore.
 */
import * as path from 'node:path';
import { DockerfileContext, dockerfileRule } from './context';
import type { ImageBuild } from '../project/project';
import type { FixInput, RelatedInput } from '../core/types';
import { detectEol } from '../core/text';
import { finalStage, stagesFeeding } from '../parse/dockerfile';
import type { IgnorePattern } from '../parse/dockerignore';
import { copySpec, ArgWord, CopySpec } from '../model/instructions';
import { goBuildsFindGoFiles } from '../model/builds';
import { buildsOfDockerfile, candidateContexts, excludingPattern, expandGlob, folderHoldingAll, gitIgnored, gitRootOf, goreleaserDockers, anyGlob, ignoreFilePath, lookupExact, sourceSegments } from '../model/buildContext';
import { expandWithDefaults } from '../model/instructions';
import { composeBuildArgs } from '../model/goCommands';
import { builtByGoOnHost, ciBuildsAfterMaking, hostBuildsOf, madeOnHost } from '../model/hostScripts';

const NOT_FOUND = 'failed to compute cache key: failed to calculate checksum of ref ...: "/{path}": not found';

type Verdict =
  | { kind: 'ok' }
  | { kind: 'case'; corrected: string }
  | { kind: 'excluded'; pattern: IgnorePattern; ignoreFile: string; rel: string }
  | { kind: 'missing' }
  | { kind: 'unknown' };

/** How one source fares in one candidate context. */
function judge(ctx: DockerfileContext, context: string, ignoreFileIn: (context: string) => string | undefined, src: ArgWord): Verdict {
  const { project } = ctx;
  const segs = sourceSegments(src.value);
  if (!segs) return { kind: 'unknown' };
  if (!segs.length) return { kind: 'ok' }; // "." or "/": the whole context
  const ignoreFile = ignoreFileIn(context);
  if (anyGlob(segs)) {
    if (segs.some((s) => s.includes('**'))) return { kind: 'unknown' };
    const hits = expandGlob(project, context, segs);
    if (hits.some((h) => !excludingPattern(project, ignoreFile, context, h, project.exists(h) === 'dir'))) return { kind: 'ok' };
    // A glob that matches nothing stops no build: BuildKit copies what matches (nothing), and the
    // classic builder fails only when no source of the COPY matches anything (`COPY go.mod go.sum* ./`).
    return { kind: 'unknown' };
  }
  const found = lookupExact(project, context, segs);
  if (found.kind === 'ambiguous') return { kind: 'unknown' };
  if (found.kind === 'missing') return { kind: 'missing' };
  if (found.kind === 'case') {
    const lead = src.value.startsWith('./') ? './' : src.value.startsWith('/') ? '/' : '';
    const trail = src.value.endsWith('/') && found.corrected.length ? '/' : '';
    return { kind: 'case', corrected: lead + found.corrected.join('/') + trail };
  }
  const pattern = excludingPattern(project, ignoreFile, context, found.host, found.dir);
  if (pattern && ignoreFile) {
    return { kind: 'excluded', pattern, ignoreFile, rel: path.relative(context, found.host).split(path.sep).join('/') };
  }
  return { kind: 'ok' };
}

/** Which "missing" message fits the build: a compose context, the Dockerfile's folder, or any parent. */
function missingMessage(build: ImageBuild, contexts: readonly string[]): { messageId: 'missing' | 'missingAnyParent' | 'missingCompose'; data: Record<string, string> } {
  if (build.service) {
    const rel = path.relative(path.dirname(build.service.composePath), build.context).split(path.sep).join('/') || '.';
    return { messageId: 'missingCompose', data: { context: rel, service: build.service.name } };
  }
  return contexts.length > 1 ? { messageId: 'missingAnyParent', data: {} } : { messageId: 'missing', data: {} };
}

/** A go.mod beside a missing go.sum that requires nothing: Go writes no go.sum for it. */
function goSumNeverExists(ctx: DockerfileContext, context: string, src: ArgWord): boolean {
  const segs = sourceSegments(src.value);
  if (!segs || segs[segs.length - 1] !== 'go.sum') return false;
  const mod = ctx.project.goMod(path.join(context, ...segs.slice(0, -1), 'go.mod'));
  return !!mod && mod.module !== undefined && mod.requires.length === 0;
}

/** Removes one source word from a COPY, with the blank before it. */
function removeSourceFix(ctx: DockerfileContext, spec: CopySpec, src: ArgWord): FixInput | undefined {
  if (spec.sources.length < 2 || src.json || src.opaque) return undefined;
  let start = src.start;
  while (start > 0 && (ctx.text[start - 1] === ' ' || ctx.text[start - 1] === '\t')) start--;
  if (start === src.start) return undefined;
  return { titleId: 'goSum', preferred: true, edits: [{ path: ctx.path, start, end: src.end, newText: '' }] };
}

export const copySourceNotFound = dockerfileRule({
  id: 'DGT140',
  name: 'copy-source-not-found',
  kind: 'dockerfile',
  severity: 'error',
  title: 'COPY source missing from the build context',
  fixTitles: {
    case: 'Write `{path}`',
    excluded: 'Add `!{path}` to {file}',
    goSum: 'Copy go.mod without go.sum',
  },
  messages: {
    missing: `\`{src}\` does not exist in the build context (the Dockerfile's folder), so the build stops with \`${NOT_FOUND}\`.`,
    missingAnyParent: `\`{src}\` does not exist in the Dockerfile's folder, nor in any parent folder up to the repository root that \`docker build -f\` could use as the context, so the build stops with \`${NOT_FOUND}\`.`,
    missingCompose: `\`{src}\` does not exist in the build context \`{context}\` of compose service "{service}", so the build stops with \`${NOT_FOUND}\`.`,
    goSum: `\`{src}\` does not exist: go.mod requires no modules, so Go writes no go.sum. The build stops with \`${NOT_FOUND}\`. Copy go.mod alone.`,
    case: `\`{src}\` is not in the build context, but \`{actual}\` is: Windows and macOS file systems ignore letter case, the builder does not. The build stops with \`${NOT_FOUND}\`. Write \`{actual}\`.`,
    excluded: `\`{src}\` is excluded from the build context by \`{pattern}\` in {ignoreFile}, so the builder never sees it and stops with \`${NOT_FOUND}\`.`,
  },
  relatedMessages: { excludes: 'This pattern excludes {path}.', argDefault: 'The path comes from the default of ARG {name}.' },
  docs: {
    what: 'Finds a COPY or ADD source from the build context that does not exist there, exists only with a different letter case, or is excluded by `.dockerignore`.',
    why:
      'On Windows and macOS, `COPY Main.go .` works in every editor and terminal because the file system ignores case, but the builder looks the name up case-sensitively in the context it received and fails. A `.dockerignore` pattern (often `*` with an allow-list, or `*.sum`) silently removes files before the builder sees them. And a module that requires nothing has no go.sum, so the usual `COPY go.mod go.sum ./` fails on a fresh project.',
    errorText: [
      'failed to compute cache key: failed to calculate checksum of ref 4a3f...::x9z1...: "/Main.go": not found',
      'COPY failed: file not found in build context or excluded by .dockerignore: stat Main.go: file does not exist',
    ],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\n# the file on disk is main.go\nCOPY go.mod Main.go ./\nRUN go build -o /app .\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY go.mod main.go ./\nRUN go build -o /app .\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'A case mismatch: writes the name exactly as on disk. An excluded source: appends a `!path` exception to the `.dockerignore` that excludes it. A missing go.sum of a module without requirements: removes go.sum from the COPY.',
    notFlagged: [
      'Sources with variables that have no value here (an ARG without a default, or one the compose build passes), URLs, heredocs, `--from` copies, and globs (BuildKit copies what a glob matches, nothing when it matches nothing: `COPY go.mod go.sum* ./` is a common way to copy a go.sum that may not exist). A source built from ENV values, ARG defaults or the base image\'s environment is checked with those values.',
      'A missing source when the folder is not a git work tree (a partial copy of a project tells nothing), when git ignores the path (a build output made before `docker build`), when a goreleaser configuration builds the images (with its own `dockers` section, or through a shared template it `includes:` and names Dockerfiles for), or when a Makefile target or a build script of the repository (`.sh`, `.bat`, `.cmd`, `.ps1`) makes files and then runs `docker build` for this Dockerfile, or a CI pipeline of the repository (Cloud Build, GitLab CI, GitHub Actions, CircleCI, Drone, Jenkins) runs `make` or a go build before a step that names this Dockerfile. The context such a `docker build` line names counts as a possible context too.',
      'A Dockerfile no compose file builds: a source is only called missing when it is missing relative to the Dockerfile\'s folder and to every parent folder up to the repository root, since `docker build -f` may use any of them as the context; and nothing is, when the Dockerfile\'s own go build finds no Go file in any of them (a template built with each service\'s folder as the context), or when none of its two or more missing sources is in any of them while another folder of the repository has them all (it is built from there, or from a copy of it a script makes).',
      'Stages the built target does not need (BuildKit skips them), Windows stages and files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const reported = new Set<number>();
    for (const build of buildsOfDockerfile(ctx)) {
      const final = finalStage(model, build.target);
      if (!final) continue;
      const gitRoot = gitRootOf(project, candidateContexts(project, build)[0]);
      // A Makefile or script of the repository that runs `docker build` for this Dockerfile: its
      // context counts too, and files it makes first are not missing.
      const hostBuilds = !build.service && gitRoot !== undefined ? hostBuildsOf(project, gitRoot, ctx.path) : [];
      const contexts = [...new Set([...candidateContexts(project, build), ...hostBuilds.map((b) => b.context)])];
      // A Dockerfile whose go build finds no Go file in any of those folders is built from
      // another one (a template for each service's folder): which paths it has is not known.
      if (!build.service && !hostBuilds.length && !contexts.some((c) => goBuildsFindGoFiles(project, build, c))) continue;
      const primary = contexts[0];
      const releaser = !build.service && gitRoot !== undefined && goreleaserDockers(project, gitRoot);
      // The .dockerignore of each context, looked up once per build rather than per source.
      const ignoreFiles = new Map<string, string | undefined>();
      const ignoreFileIn = (c: string): string | undefined => {
        if (!ignoreFiles.has(c)) ignoreFiles.set(c, ignoreFilePath(project, ctx.path, c));
        return ignoreFiles.get(c);
      };
      let passed: Set<string> | undefined;
      const passedArgs = () => (passed ??= composeBuildArgs(project, build));
      // Sources missing everywhere, reported after the walk below: a standalone Dockerfile none of
      // whose sources its candidate contexts have, while another folder has them all, is built from there.
      const missing: { segs: readonly string[]; report: () => void }[] = [];
      let anyFound = false;
      for (const idx of [...stagesFeeding(model, final)].sort((a, b) => a - b)) {
        const stage = model.stages[idx];
        if (stage.family === 'windows') continue;
        for (const ins of stage.instructions) {
          const spec = copySpec(model, ins);
          if (!spec || spec.from !== undefined || spec.heredoc) continue;
          for (const written of spec.sources) {
            if (reported.has(written.start) || written.opaque) continue;
            // A source built from variables is checked with their values: ENV, ARG defaults (when
            // no compose build passes that argument), the base image's environment.
            let src = written;
            let fromArgs: { name: string; start: number; end: number }[] = [];
            if (written.value.includes('$')) {
              const expanded = expandWithDefaults(ins, written.value, passedArgs());
              if (!expanded) continue;
              src = { ...written, value: expanded.value };
              fromArgs = expanded.args;
            }
            const viaVariables = src !== written;
            if (/^[a-z][a-z0-9+.-]*:\/\//i.test(src.value) || src.value.startsWith('git@')) continue;
            if (src.value.includes('\\')) continue; // Windows-style paths are another rule's business
            const verdicts = contexts.map((c) => judge(ctx, c, ignoreFileIn, src));
            if (verdicts.some((v) => v.kind === 'ok')) anyFound = true;
            if (verdicts.some((v) => v.kind === 'ok' || v.kind === 'unknown')) continue;
            const shown = (sourceSegments(src.value) ?? []).join('/');
            const first = verdicts[0];
            const argRelated: RelatedInput[] = fromArgs.map((a) => ({ path: ctx.path, start: a.start, end: a.end, messageId: 'argDefault', data: { name: a.name } }));
            if (first.kind === 'case') {
              if (viaVariables) continue; // the fix would have to edit the variable's value
              reported.add(src.start);
              report({
                start: src.start,
                end: src.end,
                messageId: 'case',
                data: { src: src.value, path: shown, actual: first.corrected },
                fixes: [{ titleId: 'case', titleData: { path: first.corrected }, preferred: true, edits: [{ path: ctx.path, start: src.start, end: src.end, newText: first.corrected }] }],
              });
            } else if (first.kind === 'excluded') {
              reported.add(src.start);
              const ignoreText = project.text(first.ignoreFile) ?? '';
              const eol = detectEol(ignoreText);
              const sep = ignoreText.length && !ignoreText.endsWith('\n') ? eol : '';
              const related: RelatedInput[] = [
                { path: first.ignoreFile, start: first.pattern.start, end: first.pattern.end, messageId: 'excludes', data: { path: first.rel } },
                ...argRelated,
              ];
              report({
                start: src.start,
                end: src.end,
                messageId: 'excluded',
                data: { src: src.value, path: shown, pattern: first.pattern.raw, ignoreFile: path.basename(first.ignoreFile) },
                related,
                fixes: [
                  {
                    titleId: 'excluded',
                    titleData: { path: first.rel, file: path.basename(first.ignoreFile) },
                    preferred: true,
                    edits: [{ path: first.ignoreFile, start: ignoreText.length, end: ignoreText.length, newText: `${sep}!${first.rel}${eol}` }],
                  },
                ],
              });
            } else if (verdicts.every((v) => v.kind === 'missing')) {
              // Missing everywhere: only trusted inside a git work tree, for paths git does not ignore.
              if (!gitRoot || releaser || madeOnHost(hostBuilds, src.value) || builtByGoOnHost(project, gitRoot, src.value) || ciBuildsAfterMaking(project, gitRoot, ctx.path)) continue;
              const segs = sourceSegments(src.value) ?? [];
              // A path that is not there may be a file or a folder: ignored as either (`dist/`), a clone lacks it by design.
              if (contexts.some((c) => gitIgnored(project, gitRoot, path.join(c, ...segs), true) || gitIgnored(project, gitRoot, path.join(c, ...segs), false))) continue;
              reported.add(src.start);
              if (!viaVariables && goSumNeverExists(ctx, primary, src)) {
                const fix = removeSourceFix(ctx, spec, src);
                report({ start: src.start, end: src.end, messageId: 'goSum', data: { src: src.value, path: shown }, fixes: fix ? [fix] : [] });
              } else {
                const m = missingMessage(build, contexts);
                missing.push({ segs, report: () => report({ start: src.start, end: src.end, messageId: m.messageId, data: { src: src.value, path: shown, ...m.data }, related: argRelated }) });
              }
            }
          }
        }
      }
      const distinct = new Map(missing.map((m) => [m.segs.join('/'), m.segs]));
      const elsewhere = !build.service && !hostBuilds.length && !anyFound && distinct.size >= 2 && gitRoot !== undefined && folderHoldingAll(project, gitRoot, [...distinct.values()], contexts) !== undefined;
      if (!elsewhere) for (const m of missing) m.report();
    }
  },
});
