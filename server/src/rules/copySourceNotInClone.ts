/**
 * DGT153 copy-source-not-in-clone: a COPY/ADD source that this copy of the project has but a fresh
 * clone does not — git ignores it and nothing of the repository makes it — or that lies outside the
 * build context (`COPY ../shared/config.yaml .`). The image builds on its author's machine only.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import type { RelatedInput } from '../core/types';
import { copySpec, expandWithDefaults } from '../model/instructions';
import { buildsOfDockerfile, gitIgnoring, gitRootOf, goreleaserDockers, lookupExact, otherCandidateContexts, sourceSegments } from '../model/buildContext';
import type { ImageBuild } from '../project/project';
import { composeBuildArgs } from '../model/goCommands';
import { hostBuildsOf, madeOnHost, mayBeMadeOnHost } from '../model/hostScripts';
import { gitTracks } from '../model/gitIndex';

const NOT_FOUND = 'failed to compute cache key: failed to calculate checksum of ref ...: "/{path}": not found';

export const copySourceNotInClone = dockerfileRule({
  id: 'DGT153',
  name: 'copy-source-not-in-clone',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'COPY source that a fresh clone does not have',
  messages: {
    ignored: `\`{src}\` is ignored by git (\`{pattern}\` in {ignoreFile}): it is in this copy of the project, but a fresh clone — a CI runner, a teammate, a server — does not have it, and the build stops with \`${NOT_FOUND}\`. Commit it (an example with placeholder values if it holds secrets), or make it in the Dockerfile.`,
    ignoredMissing: `\`{src}\` is not in the project and git ignores it (\`{pattern}\` in {ignoreFile}), and nothing of the repository makes it (no Makefile, script, package.json or CI workflow mentions it, other than to read it): every fresh clone stops with \`${NOT_FOUND}\`. Commit it (an example with placeholder values if it holds secrets), make it in the Dockerfile, or drop the COPY.`,
    outside:
      '`{src}` points outside the build context `{context}`: the builder sees nothing above it. The classic builder stops with `Forbidden path outside the build context: {src}`; BuildKit reads it as `/{path}` inside the context and stops with `"/{path}": not found`. Move the file into the context, or build from a folder that holds it (compose `build.context`, `docker build -f`).',
  },
  relatedMessages: { ignores: 'This pattern makes git ignore {path}.' },
  docs: {
    what: 'Finds a COPY or ADD source from the build context that git ignores — present in this copy or not — when no Makefile, script, package.json or CI workflow of the repository mentions it (other than to read it: a Makefile\'s `include`, a shell\'s `source` or `[ -f ... ]`) and it is no build output folder, and a source that climbs out of the build context with `..`.',
    why:
      'Everything in the working tree goes into the build context, ignored or not, so a config file, a certificate or a prebuilt binary that git ignores makes the image build fine on the machine where it was written. The first clone elsewhere — CI, a colleague, the deploy server — lacks it, and the build fails there with an error that names the file but not the reason. `COPY ../x` does not reach above the context: nothing above the folder the build was given is sent to the builder; the classic builder refuses the path, and BuildKit reads it as `x` at the context\'s root.',
    errorText: [
      'failed to compute cache key: failed to calculate checksum of ref 4a3f...::x9z1...: "/config.yaml": not found',
      'COPY failed: forbidden path outside the build context: ../shared/config.yaml ()',
    ],
    bad: '# .gitignore: config.yaml\nFROM alpine:3.20\nCOPY config.yaml /etc/app/config.yaml\nCOPY ../shared/ca.pem /etc/ssl/certs/\n',
    good: '# config.example.yaml is committed; the real values come at run time (env, secret, bind mount)\nFROM alpine:3.20\nCOPY config.example.yaml /etc/app/config.yaml\n',
    exampleLanguage: 'dockerfile',
    notFlagged: [
      'Files a fresh clone gets some other way before the build: build outputs (dist, bin, vendor ...) and built artefacts (a file without an extension, an .exe, an archive), and names a Makefile, a script, a package.json, a CI workflow or a goreleaser configuration of the repository mentions other than to read them.',
      'Dockerfiles outside a git work tree, sources with variables or globs, whole-context copies (`COPY . .`), and a source `..` leads back into the context.',
      'Sources missing from this copy that git does not ignore: DGT140 copy-source-not-found reports those.',
      'For a Dockerfile no compose file builds, sources that a folder above its own has, read as a build from there reads them (`docker build -f internal/Dockerfile .` reads `COPY ../go.mod` as the go.mod at the repository root).',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const gitRoot = gitRootOf(project, path.dirname(ctx.path));
    // A Dockerfile that git itself would ignore is committed by force: the ignore rules say nothing here.
    if (!gitRoot || gitIgnoring(project, gitRoot, ctx.path, false)) return;
    const reported = new Set<number>();
    // A Dockerfile no compose file builds may be built from a folder above its own (`docker build -f
    // sub/Dockerfile .`): a source a clone has there, from such a folder, is no trap.
    const inOtherContext = (build: ImageBuild, segs: readonly string[]): boolean =>
      otherCandidateContexts(project, build).some((c) => {
        if (lookupExact(project, c, segs).kind === 'missing') return false;
        const host = path.join(c, ...segs);
        return !gitIgnoring(project, gitRoot, host, project.exists(host) === 'dir') || gitTracks(project, gitRoot, host);
      });
    for (const build of buildsOfDockerfile(ctx)) {
      // Where the context is certain: compose names it, or the Dockerfile's own folder.
      if (!build.service && build.context !== path.dirname(ctx.path)) continue;
      const hostBuilds = hostBuildsOf(project, gitRoot, ctx.path);
      const releaser = goreleaserDockers(project, gitRoot);
      const passed = composeBuildArgs(project, build);
      for (const stage of model.stages) {
        for (const ins of stage.instructions) {
          const spec = copySpec(model, ins);
          if (!spec || spec.from !== undefined || spec.heredoc || spec.flags.has('parents')) continue;
          for (const written of spec.sources) {
            if (reported.has(written.start) || written.opaque) continue;
            let value = written.value;
            if (value.includes('$')) {
              const expanded = expandWithDefaults(ins, value, passed);
              if (!expanded) continue;
              value = expanded.value;
            }
            if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('git@') || value.includes('\\') || /[*?[]/.test(value)) continue;
            const segs = sourceSegments(value);
            if (!segs) {
              // `..` climbs out: BuildKit keeps it inside the context (`../x` is `/x`).
              const inside = path.posix.normalize('/' + value).slice(1);
              if (!inside || !path.posix.normalize(value).startsWith('../')) continue;
              const found = lookupExact(project, build.context, inside.split('/').filter(Boolean));
              if (found.kind !== 'missing' || inOtherContext(build, inside.split('/').filter(Boolean))) continue;
              reported.add(written.start);
              report({ start: written.start, end: written.end, messageId: 'outside', data: { src: written.value, context: contextName(build.context, ctx.path), path: inside } });
              continue;
            }
            if (!segs.length) continue;
            const found = lookupExact(project, build.context, segs);
            if (found.kind === 'missing') {
              // Missing here too: DGT140 leaves ignored paths alone (build outputs); one nothing makes is a trap.
              const host = path.join(build.context, ...segs);
              const isDir = value.endsWith('/') || !/\.[A-Za-z0-9]+$/.test(segs[segs.length - 1]);
              const ignoring = gitIgnoring(project, gitRoot, host, isDir);
              if (!ignoring || gitTracks(project, gitRoot, host) || releaser || madeOnHost(hostBuilds, value) || mayBeMadeOnHost(project, gitRoot, value) || inOtherContext(build, segs)) continue;
              reported.add(written.start);
              const rel = path.relative(gitRoot, host).split(path.sep).join('/');
              report({
                start: written.start,
                end: written.end,
                messageId: 'ignoredMissing',
                data: { src: written.value, pattern: ignoring.raw, ignoreFile: path.relative(gitRoot, ignoring.file).split(path.sep).join('/'), path: segs.join('/') },
                related: [{ path: ignoring.file, start: ignoring.start, end: ignoring.end, messageId: 'ignores', data: { path: rel } }],
              });
              continue;
            }
            if (found.kind !== 'exact') continue;
            const ignoring = gitIgnoring(project, gitRoot, found.host, found.dir);
            if (!ignoring || gitTracks(project, gitRoot, found.host) || releaser || madeOnHost(hostBuilds, value) || mayBeMadeOnHost(project, gitRoot, value)) continue;
            reported.add(written.start);
            const rel = path.relative(gitRoot, found.host).split(path.sep).join('/');
            const related: RelatedInput[] = [{ path: ignoring.file, start: ignoring.start, end: ignoring.end, messageId: 'ignores', data: { path: rel } }];
            report({
              start: written.start,
              end: written.end,
              messageId: 'ignored',
              data: { src: written.value, pattern: ignoring.raw, ignoreFile: path.relative(gitRoot, ignoring.file).split(path.sep).join('/'), path: segs.join('/') },
              related,
            });
          }
        }
      }
    }
  },
});

function contextName(context: string, dockerfile: string): string {
  const rel = path.relative(path.dirname(dockerfile), context).split(path.sep).join('/');
  return rel || '.';
}
