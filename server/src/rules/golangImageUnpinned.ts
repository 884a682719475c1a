/**
 * DGT103 golang-image-unpinned: a golang builder without a Go version in its tag, in a project whose
 * go.mod names the Go it is written for.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import { idOf } from '../core/memo';
import { descendantsOf } from '../model/stageGraph';
import { stageReports } from '../model/stageValues';
import type { Stage } from '../parse/dockerfile';
import { compareVer, goEnv, goModVersion, GoVer, tagVersionFor } from '../model/goCommands';
import { golangRoots, moduleUses, tagSite } from './lib/goImageTag';

export const golangImageUnpinned = dockerfileRule({
  id: 'DGT103',
  name: 'golang-image-unpinned',
  kind: 'dockerfile',
  severity: 'info',
  title: 'golang image without a Go version',
  messages: {
    unpinned:
      '`{image}` builds with whatever Go is newest on the day of the build; {gomod} needs Go {required} or newer. Pin a version (at least `golang:{suggest}`) so that a new Go release cannot change or break the build unnoticed.',
  },
  fixTitles: { pin: 'Pin golang:{tag} (the go.mod minimum)' },
  docs: {
    what: 'Finds `FROM golang`, `golang:latest`, `golang:alpine`, `golang:bookworm` and other golang tags without a Go version, when the stage builds a module whose go.mod is in the project.',
    why:
      'An unpinned golang tag moves with every Go release: the same commit builds with a different compiler, standard library and default settings from one day to the next, and an old module may stop building. Pinning the Go version the module is written for makes the build reproducible; Dependabot or Renovate can then raise it on purpose.',
    errorText: ['go: go.mod requires go >= 1.22.3 (running go 1.21.13; GOTOOLCHAIN=local)'],
    bad: '# go.mod: go 1.22\nFROM golang:alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n',
    good: '# go.mod: go 1.22\nFROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Inserts the go.mod Go version (major.minor) into the tag, keeping the variant: `golang:alpine` → `golang:1.22-alpine`, `golang:latest` → `golang:1.22`, `golang` → `golang:1.22`. The fix is not applied by "fix all": the go line is a minimum, and when it is old, pinning it would downgrade the build — pick a newer version if you prefer.',
    notFlagged: [
      'Tags with a version (`golang:1.22`, `golang:1`), images pinned by digest, and tags that come from ARGs.',
      'Stages whose go.mod cannot be found through WORKDIR and COPY (the rule has no version to suggest).',
      'Stages where GOTOOLCHAIN picks the Go version (`export GOTOOLCHAIN=go${GO_VERSION}`): the image tag does not decide it.',
    ],
  },
  check(ctx, report) {
    const outer = report;
    for (const root of golangRoots(ctx)) {
      // Kept per root stage while it and the stages built FROM it are: an edit elsewhere replays these.
      const extra = descendantsOf(ctx.model, root)
        .map((s) => idOf(s))
        .join(',');
      for (const r of stageReports<Parameters<typeof outer>[0]>(ctx.project, 'DGT103', root, root, (add) => checkRoot(root, add), extra)) report(r);
    }

    function checkRoot(root: Stage, report: typeof outer): void {
      const site = tagSite(ctx, root);
      if (!site || site.tag.versionText !== undefined || site.arg || site.digest) return;
      let best: { required: GoVer; text: string; goModPath: string } | undefined;
      const uses = moduleUses(ctx, root);
      // GOTOOLCHAIN chooses the Go version itself (kind's images: GOTOOLCHAIN=go${GO_VERSION}): the tag does not matter.
      if (uses.some((u) => { const t = goEnv(ctx.model, u.cmd, 'GOTOOLCHAIN'); return t !== undefined && t !== '' && t !== 'local'; })) return;
      for (const use of uses) {
        const v = use.mod.go && goModVersion(use.mod.go.value);
        if (!v || !use.mod.go) continue;
        if (!best || compareVer(v, best.required) > 0) best = { required: v, text: use.mod.go.value, goModPath: use.goModPath };
      }
      if (!best) return;
      const version = tagVersionFor(best.text, 2);
      const newText = site.prefix + version + site.suffix;
      const suggest = site.suffix === '-' ? `${version}-${site.tag.suffix}` : version;
      const gomod = path.relative(path.dirname(ctx.path), best.goModPath).split(path.sep).join('/') || 'go.mod';
      report({
        start: site.reportStart,
        end: site.reportEnd,
        messageId: 'unpinned',
        data: { image: root.image, gomod, required: best.text, suggest },
        fixes: [{ titleId: 'pin', titleData: { tag: suggest }, edits: [{ path: ctx.path, start: site.editStart, end: site.editEnd, newText }] }],
      });
    }
  },
});
