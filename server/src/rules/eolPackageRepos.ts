/**
 * DGT134 eol-package-repos: `apt-get update`/`yum install` on a base image whose release's package
 * repositories have left the mirrors (Debian jessie, stretch, buster; CentOS Linux 7 and 8), so the
 * build stops at that RUN.
 */
import { dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import { officialDebianSuite, type ReposGone } from '../facts/baseImages';
import { baseOf, chainInstructions, rootOf } from '../model/stageGraph';
import { insertBefore, packageCommand, textBefore } from './lib/buildTools';

/** Subcommands that read the repositories. */
const READS_REPOS = new Set(['update', 'install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'makecache', 'groupinstall', 'reinstall', 'build-dep', 'source']);

/** Set-ups that point the package sources elsewhere (the archive, a mirror, a sources file of their own). */
const SOURCES_CHANGED = /archive\.debian\.org|vault\.centos\.org|old-releases|sources\.list|\/etc\/apt\/|yum\.repos\.d|mirrorlist|baseurl|Check-Valid-Until|extended-lts|freexian/i;

const APT_ARCHIVE_FIX =
  'RUN sed -i -e \'s|//deb.debian.org|//archive.debian.org|g\' -e \'s|//security.debian.org|//archive.debian.org|g\' -e \'/-updates/d\' /etc/apt/sources.list' +
  ' && echo \'Acquire::Check-Valid-Until "false";\' > /etc/apt/apt.conf.d/99archive';
const VAULT_FIX = "RUN sed -i -e 's|^mirrorlist=|#mirrorlist=|g' -e 's|^#baseurl=http://mirror.centos.org|baseurl=http://vault.centos.org|g' /etc/yum.repos.d/CentOS-*.repo";

export const eolPackageRepos = dockerfileRule({
  id: 'DGT134',
  name: 'eol-package-repos',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Package install on a release whose repositories are gone',
  messages: {
    gone:
      '`{image}` is {release}, whose package repositories left the mirrors on {since} ({what}). This `{command}` stops the build with `{error}`. Build on a supported release (a current tag of the image), or point the package sources at {archive} before this RUN.',
  },
  fixTitles: { archive: 'Point the package sources at {archive} before this RUN' },
  docs: {
    what: 'Finds `apt-get update`/`apt-get install` (and `yum`/`dnf`) in a stage whose base image is a release whose package repositories have left the mirrors: Debian 8 (jessie), 9 (stretch) and 10 (buster), including the `golang` tags built on them (`golang:1.10`, `golang:1.15`, `golang:1.16-stretch`) and official images with such a suite in the tag (`node:14-buster`); CentOS Linux 7 and 8.',
    why:
      'A Dockerfile that built for years stops building on the day its release leaves the mirrors: the package index is not there any more and every `apt-get update` fails with 404. Old golang tags are the common case, because they are pinned to a Go version and so to the Debian release that Go version was built on. The dates and sources of each release are kept in one table (server/src/facts/baseImages.ts).',
    errorText: [
      "E: The repository 'http://deb.debian.org/debian stretch Release' does not have a Release file.",
      'W: Failed to fetch http://deb.debian.org/debian/dists/jessie-updates/main/binary-amd64/Packages  404  Not Found',
      'Could not resolve host: mirrorlist.centos.org; Unknown error',
      "Error: Failed to download metadata for repo 'appstream': Cannot prepare internal mirrorlist: No URLs in mirrorlist",
    ],
    bad: 'FROM golang:1.16-stretch\nRUN apt-get update && apt-get install -y git make openssh-client\n',
    good: 'FROM golang:1.22-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends make openssh-client \\\n && rm -rf /var/lib/apt/lists/*\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'Inserts a RUN before the failing one that points the package sources at the archive (Debian: archive.debian.org, dropping the `-updates` suite and the index expiry check; CentOS: vault.centos.org). Not preferred: the archive gets no security updates, and moving to a supported release is the real fix.',
    notFlagged: [
      'Stages whose sources were changed before the command: a RUN that mentions archive.debian.org, vault.centos.org, sources.list, /etc/apt/, yum.repos.d, mirrorlist or baseurl, or a COPY into /etc/apt or /etc/yum.repos.d.',
      'Ubuntu LTS releases (14.04, 16.04, 18.04 stay on archive.ubuntu.com during Extended Security Maintenance), alpine (old branches stay on the CDN), images the facts table does not know, and images chosen by a build argument.',
      'Windows stages and files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (model.escapeDirective) return;
    for (const stage of model.stages) {
      const root = rootOf(model, stage);
      if (root.family === 'windows' || root.image.includes('$')) continue;
      const base = baseOf(model, stage);
      const gone: ReposGone | undefined = base ? base.reposGone : officialDebianSuite(root.repo, root.tag)?.reposGone;
      if (!gone) continue;
      // The first command of the chain that reads the repositories: the build stops there. It is
      // reported in the stage that has it (a stage built FROM this one fails at the same place).
      const first = firstRepoCommand(model, stage, gone);
      if (!first || first.ins.start < stage.fromStart) continue;
      if (SOURCES_CHANGED.test(textBefore(ctx, stage, first.at))) continue;
      const fix: FixInput = {
        titleId: 'archive',
        titleData: { archive: gone.archive },
        edits: [insertBefore(ctx, first.ins, gone.tool === 'apt' ? APT_ARCHIVE_FIX : VAULT_FIX)],
      };
      report({
        start: first.start,
        end: first.end,
        messageId: 'gone',
        data: { image: root.image.split('@')[0], release: gone.release, since: gone.since, what: gone.what, command: ctx.text.slice(first.start, first.end), error: gone.error, archive: gone.archive },
        fixes: [fix],
      });
    }
  },
});

function firstRepoCommand(model: Parameters<typeof chainInstructions>[0], stage: Parameters<typeof chainInstructions>[1], gone: ReposGone) {
  for (const ins of chainInstructions(model, stage)) {
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      // Sources of its own copied in: the repositories may be anywhere.
      if (/\/etc\/(apt|yum\.repos\.d)\b|sources\.list|\.repo\b/.test(ins.ast.getArgumentsContent() ?? '')) return undefined;
      continue;
    }
    if (ins.keyword !== 'RUN') continue;
    for (const c of ins.commands) {
      const pc = packageCommand(c);
      if (!pc || !READS_REPOS.has(pc.sub.value)) continue;
      const matches = gone.tool === 'apt' ? pc.tool === 'apt' : pc.tool === 'yum' || pc.tool === 'dnf';
      if (!matches) continue;
      return { ins, at: c.start, start: pc.toolWord.start, end: pc.sub.end };
    }
  }
  return undefined;
}
