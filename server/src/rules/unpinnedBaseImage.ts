/**
 * DGT144 unpinned-base-image: FROM an image by `:latest` or without any tag. golang images are left
 * to DGT103 golang-image-unpinned, which knows the go.mod version to pin to.
 */
import { DockerfileContext, dockerfileRule } from './context';
import { fileKind } from '../project/files';
import { serviceBuild, serviceString } from '../parse/compose';
import { splitImage, Stage } from '../parse/dockerfile';

/** Images that compose services of the workspace build themselves (FROM them means "the local one"). */
/** Repositories that compose services of the workspace build themselves (`image:` beside `build:`). */
function locallyBuilt(ctx: DockerfileContext): ReadonlySet<string> {
  const { project } = ctx;
  return project.workspaceValue('DGT144.locallyBuilt', () => {
    const out = new Set<string>();
    for (const f of project.files) {
      if (fileKind(f) !== 'compose') continue;
      for (const svc of project.compose(f)?.services ?? []) {
        const image = serviceString(svc, 'image');
        if (image && serviceBuild(svc)) out.add(splitImage(image).repo);
      }
    }
    return out;
  });
}

function isGolang(stage: Stage): boolean {
  return stage.repo === 'golang' || stage.repo.endsWith('/golang');
}

/**
 * Images that publish no version tags at all: distroless images that name their Debian release
 * (`gcr.io/distroless/static-debian12`) and Chainguard's free images only have `latest`-style tags,
 * so "pin a tag" has nothing to offer, and following them is how they get security fixes.
 */
function noVersionTags(stage: Stage): boolean {
  if (stage.repo.startsWith('cgr.dev/chainguard/')) return true;
  return /^gcr\.io\/distroless\/[a-z0-9-]+-debian\d+$/.test(stage.repo);
}

export const unpinnedBaseImage = dockerfileRule({
  id: 'DGT144',
  name: 'unpinned-base-image',
  kind: 'dockerfile',
  severity: 'hint',
  title: 'Base image not pinned to a version',
  messages: {
    latest:
      '`{image}` follows `latest`: each build may pull a different image (a new OS release with other packages, libraries and defaults), so a build that passed yesterday can fail or behave differently today. Pin a version tag or a digest.',
    untagged:
      '`{image}` has no tag, which means `:latest`: each build may pull a different image (a new OS release with other packages, libraries and defaults), so a build that passed yesterday can fail or behave differently today. Pin a version tag or a digest.',
  },
  docs: {
    what: 'Finds FROM lines whose image has no tag or the `latest` tag (and no digest).',
    why:
      '`latest` moves. A rebuild months later silently picks up a new alpine with a different musl and package names, a new Debian release, or a distroless image built on another Debian. Pinning makes builds repeatable and upgrades deliberate. Other linters report this as well, so the default severity is only a hint.',
    errorText: ['ERROR: unable to select packages: ... (no such package)', 'E: Unable to locate package ...'],
    bad: 'FROM golang:1.22 AS build\n...\nFROM alpine:latest\n',
    good: 'FROM golang:1.22 AS build\n...\nFROM alpine:3.20\n',
    exampleLanguage: 'dockerfile',
    fixes: 'None: the right version is not knowable from the workspace.',
    notFlagged: [
      '`scratch`, references to earlier stages, images with a digest (`@sha256:...`), and images given by variables (`FROM ${BASE}`).',
      'golang images: DGT103 golang-image-unpinned reports them with the go.mod version to pin to.',
      'Images that publish no version tags: distroless images named after their Debian release (`gcr.io/distroless/static-debian12`) and Chainguard images.',
      'Images that a compose service of the workspace builds itself (`image:` next to `build:`).',
      'Other moving tags such as `alpine:3` or `debian:stable`: they name a release line on purpose.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (!model.stages.length) return;
    let local: ReadonlySet<string> | undefined;
    for (const stage of model.stages) {
      if (stage.parent !== undefined || stage.repo === 'scratch' || isGolang(stage) || noVersionTags(stage)) continue;
      if (stage.imageRaw.includes('$') || stage.image.includes('@') || !stage.repo) continue;
      const tag = stage.tag;
      if (tag !== undefined && tag !== 'latest') continue;
      if (tag === 'latest' && (stage.tagStart === undefined || stage.tagEnd === undefined)) continue;
      local ??= locallyBuilt(ctx);
      if (local.has(stage.repo)) continue;
      if (tag === 'latest') {
        report({ start: stage.tagStart as number, end: stage.tagEnd as number, messageId: 'latest', data: { image: stage.image } });
      } else {
        report({ start: stage.imageStart, end: stage.imageEnd, messageId: 'untagged', data: { image: stage.image } });
      }
    }
  },
});
