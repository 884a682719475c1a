/**
 * DGT161 zoneinfo-missing: the image sets TZ (Dockerfile ENV or the compose service's environment)
 * for a Go program, but has no zone database: Go silently falls back to UTC.
 *
 * time.LoadLocation calls that fail in the image are reported on the Go side (DGT303, with the same
 * four fixes); this rule then stays quiet, so one problem never yields two findings.
 */
import { dockerfileRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { runtimeSettings } from '../model/goMain';
import { mainPackageFacts } from '../model/goPackage';
import { timetzdataFix, tzdataImportFix, zoneinfoImageFix, ZONE_FIX_TITLES } from './lib/imageFiles';
import { buildEmbedsTzdata, containerizationsLacking, lacksZoneinfo, mainFileOf } from '../model/imageContents';
import { failingLoads, tzIsUtc } from '../model/timeZones';
import { lineageOf } from '../model/stageGraph';

export const zoneinfoMissing = dockerfileRule({
  id: 'DGT161',
  name: 'zoneinfo-missing',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'TZ set, but the image has no zoneinfo',
  fixTitles: ZONE_FIX_TITLES,
  messages: {
    tz:
      'TZ={zone}, but the image `{image}` has no zone database (/usr/share/zoneinfo) and the Go program does not embed one: Go cannot load the zone and silently uses UTC for time.Local (time.LoadLocation would fail with `unknown time zone {zone}`). Add zoneinfo to the image, build with -tags timetzdata, or import _ "time/tzdata".',
  },
  relatedMessages: { tzSet: 'Compose service "{service}" sets TZ={value}.', noZoneinfo: 'The image {image} has no /usr/share/zoneinfo.' },
  docs: {
    what: 'Finds a scratch, busybox, alpine, golang:*-alpine or ubuntu final image without tzdata that runs a Go program of the workspace with TZ set to a named zone (ENV TZ in the Dockerfile, or the compose service\'s environment) and no zoneinfo: no tzdata package, no COPY of /usr/share/zoneinfo, no ENV ZONEINFO, no `-tags timetzdata`, no `import _ "time/tzdata"`.',
    why:
      'Setting TZ=Asia/Shanghai is how most teams get local times in logs and reports. Go reads the zone from /usr/share/zoneinfo; when it is missing, Go does not fail — time.Local quietly becomes UTC, and every timestamp is off by hours. Any `time.LoadLocation` with a zone name fails outright with `unknown time zone`.',
    errorText: ['unknown time zone Asia/Shanghai', '2024/05/01 02:00:00 (UTC, although TZ=Asia/Shanghai is set)'],
    bad: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM alpine:3.20\nENV TZ=Asia/Shanghai\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    good: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM alpine:3.20\nRUN apk add --no-cache tzdata\nENV TZ=Asia/Shanghai\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'Four ways, the first preferred: install tzdata (`RUN apk add --no-cache tzdata` on alpine, apt-get on ubuntu; not when a stage the image builds on switched to a user other than root, where the install would fail) or, on scratch/busybox, `COPY --from=<builder> /usr/share/zoneinfo /usr/share/zoneinfo` (installing tzdata in an alpine builder first); `-tags timetzdata` on the `go build`; `import _ "time/tzdata"` in the Go main (an edit of the Go file).',
    notFlagged: [
      'TZ unset, UTC, Etc/UTC or GMT; images with zoneinfo (Debian, distroless, the Debian golang images) and unknown base images. (The golang:*-alpine images carry $GOROOT/lib/time/zoneinfo.zip, which time.LoadLocation falls back to but time.Local does not read.)',
      'A time.LoadLocation call that fails in the image: DGT303 reports it on the Go side, with the same fixes.',
      'Images that run no Go program built in this Dockerfile, Windows images and files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const lacksForLocal = (m: typeof model, f: (typeof model.stages)[number]) => lacksZoneinfo(m, f, true);
    const byFinal = containerizationsLacking(project, ctx.path, model, lacksForLocal);
    if (!byFinal) return;
    for (const [idx, cs] of byFinal) {
      const final = model.stages[idx];
      if (!final || lacksForLocal(model, final) !== true) continue;
      const lacking = cs.filter((c) => {
        const pkg = mainPackageFacts(project, c.mainDir);
        return pkg && !pkg.tzdataImported && !buildEmbedsTzdata(c.goBuild);
      });
      if (!lacking.length) continue;
      // LoadLocation failures are the Go rule's (DGT303) findings.
      if (lacking.some((c) => {
        const pkg = mainPackageFacts(project, c.mainDir);
        return !!pkg && failingLoads(project, c, pkg).length > 0;
      })) continue;
      // TZ from the Dockerfile (the final stage chain), else from the compose service.
      const chain = lineageOf(model, final);
      const lastIns = chain.map((s) => s.instructions[s.instructions.length - 1]).find((x) => x);
      const env = lastIns?.env.get('TZ');
      let zone: string | undefined;
      let range = { start: final.imageStart, end: final.imageEnd };
      const related: RelatedInput[] = [];
      if (env && env.via === 'ENV') {
        zone = env.value;
        if (env.end > env.start) range = { start: env.start, end: env.end };
      } else {
        for (const c of lacking) {
          const rt = runtimeSettings(project, c);
          const v = rt.env.get('TZ');
          if (v !== undefined && c.build.service) {
            zone = v;
            related.push({ path: c.build.service.composePath, start: c.build.service.keyStart, end: c.build.service.keyEnd, messageId: 'tzSet', data: { service: c.build.service.name, value: v } });
            break;
          }
        }
      }
      if (zone === undefined || zone.includes('$') || tzIsUtc(zone)) continue;
      const c = lacking[0];
      const fixes: FixInput[] = [];
      const builder = model.stages[c.goBuild.stage.index];
      const image = builder ? zoneinfoImageFix(model, ctx.path, final, builder) : undefined;
      if (image) fixes.push(image);
      const tags = timetzdataFix(model, ctx.path, c.goBuild);
      if (tags) fixes.push(tags);
      const goFile = mainFileOf(project, c);
      const imp = goFile ? tzdataImportFix(project, goFile) : undefined;
      if (imp) fixes.push(imp);
      if (fixes.length) fixes[0] = { ...fixes[0], preferred: true };
      related.push({ path: ctx.path, start: final.imageStart, end: final.imageEnd, messageId: 'noZoneinfo', data: { image: final.image } });
      report({ ...range, messageId: 'tz', data: { zone, image: final.image }, fixes, related });
    }
  },
});
