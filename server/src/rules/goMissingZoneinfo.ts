/**
 * DGT303 go-missing-zoneinfo: time.LoadLocation("Asia/Shanghai") in a Go main whose image has no
 * zoneinfo (scratch, busybox, alpine or ubuntu without tzdata), and no embedded zone database.
 */
import { goRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { addImports } from './lib/goImports';
import { BUILT_HERE_MESSAGES, builtHere, containerizedMain } from '../model/goMain';
import { timetzdataFix, zoneinfoImageFix, ZONE_FIX_TITLES } from './lib/imageFiles';
import { failingLoads } from '../model/timeZones';

export const goMissingZoneinfo = goRule({
  id: 'DGT303',
  name: 'go-missing-zoneinfo',
  kind: 'go',
  severity: 'error',
  title: 'time.LoadLocation in an image without zoneinfo',
  fixTitles: ZONE_FIX_TITLES,
  messages: {
    missing:
      'time.LoadLocation("{zone}") fails in the image {image}: it has no zone database (/usr/share/zoneinfo), so the program gets `unknown time zone {zone}`. Embed the database with `import _ "time/tzdata"` (about 450 KB), or add zoneinfo to the image.',
  },
  relatedMessages: { ...BUILT_HERE_MESSAGES, noZoneinfo: 'The image {image} has no /usr/share/zoneinfo.' },
  docs: {
    what: 'Finds `time.LoadLocation` calls with a named zone (a literal, a constant, or the value the container gives an environment variable) in a Go main package whose image has no zone database: scratch, busybox, and alpine or ubuntu without `tzdata`.',
    why:
      'Go reads time zones from /usr/share/zoneinfo (or $ZONEINFO, or the Go installation\'s zoneinfo.zip). On a developer machine and in the golang builder image they exist; in a scratch, busybox, alpine or ubuntu image they do not, so LoadLocation returns an error at run time — often in a scheduled job or a report that runs long after the deploy. Importing time/tzdata embeds the database in the binary and works on every base image.',
    errorText: ['unknown time zone Asia/Shanghai', 'panic: unknown time zone Europe/Berlin'],
    bad: 'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n\tloc, err := time.LoadLocation("Asia/Shanghai")\n\tfmt.Println(loc, err)\n}\n',
    good: 'package main\n\nimport (\n\t"fmt"\n\t"time"\n\t_ "time/tzdata"\n)\n\nfunc main() {\n\tloc, err := time.LoadLocation("Asia/Shanghai")\n\tfmt.Println(loc, err)\n}\n',
    exampleLanguage: 'go',
    fixes:
      'Preferred: adds `import _ "time/tzdata"` to this file, placed as gofmt would (in the standard-library group of the import block, sorted; a single import becomes a block; a file without imports gets a declaration after the package clause). Alternatives edit the Dockerfile: `RUN apk add --no-cache tzdata` on alpine, `COPY --from=<builder> /usr/share/zoneinfo /usr/share/zoneinfo` on scratch and busybox (installing tzdata in an alpine builder first), and `-tags timetzdata` on the `go build`.',
    notFlagged: [
      '"UTC", "Local" and "" (Go needs no files for them), zone names computed at run time, and an environment variable the container leaves unset (os.Getenv gives "", which is UTC).',
      'Images with zoneinfo: Debian, distroless, golang; alpine/ubuntu with tzdata installed; a COPY of zoneinfo; ENV ZONEINFO; `-tags timetzdata`; an existing `import _ "time/tzdata"` in the package.',
      'Main packages no Dockerfile of the workspace builds, tests and generated files.',
    ],
  },
  check(ctx, report) {
    const main = containerizedMain(ctx);
    if (!main) return;
    const seen = new Set<number>();
    for (const c of main.uses) {
      const loads = failingLoads(ctx.project, c, main.pkg).filter((l) => l.tz.path === ctx.path);
      if (!loads.length) continue;
      const model = ctx.project.dockerfile(c.build.dockerfile);
      if (!model) continue;
      for (const { tz, zone } of loads) {
        if (seen.has(tz.start)) continue;
        seen.add(tz.start);
        const fixes: FixInput[] = [];
        const imp = addImports(ctx.text, ctx.facts, [{ path: 'time/tzdata', name: '_' }], ctx.eol);
        if (imp && imp.length && !ctx.facts.hasErrors) {
          fixes.push({ titleId: 'importTzdata', preferred: true, edits: imp.map((e) => ({ ...e, path: ctx.path })) });
        }
        const image = zoneinfoImageFix(model, c.build.dockerfile, c.final, c.goBuild.stage);
        if (image) fixes.push({ ...image, preferred: fixes.length === 0 });
        const tags = timetzdataFix(model, c.build.dockerfile, c.goBuild);
        if (tags) fixes.push({ ...tags, preferred: fixes.length === 0 });
        const related: RelatedInput[] = [
          { path: c.build.dockerfile, start: c.final.imageStart, end: c.final.imageEnd, messageId: 'noZoneinfo', data: { image: c.final.image } },
          ...builtHere([c]),
        ];
        report({ start: tz.start, end: tz.calleeEnd, messageId: 'missing', data: { zone, image: c.final.image }, fixes, related });
      }
    }
  },
});
