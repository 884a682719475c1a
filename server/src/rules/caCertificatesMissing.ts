/**
 * DGT160 ca-certificates-missing: a final image without a CA bundle (scratch, busybox, or a Debian or
 * Ubuntu image that installs nothing), for a Go program that makes outbound TLS calls.
 *
 * The Debian case as users met it: a Go binary on debian:bookworm-slim failing every HTTPS call
 * with `tls: failed to verify certificate: x509: certificate signed by unknown authority`
 * (louislam/uptime-kuma#7187, vladopajic/go-test-coverage#306); the images leave the package out by
 * design (debuerreotype/docker-debian-artifacts#15).
 */
import { dockerfileRule } from './context';
import type { Containerization } from '../project/project';
import type { FixInput, RelatedInput } from '../core/types';
import type { TlsFact } from '../parse/go';
import { mainPackageFacts } from '../model/goPackage';
import { caBundleFix, caPackageFix, CA_FIX_TITLES } from './lib/imageFiles';
import { containerizationsLacking, lacksCaBundle } from '../model/imageContents';
import { baseOf } from '../model/stageGraph';

const WHAT: Record<TlsFact['kind'], string> = {
  https: 'HTTPS requests',
  'tls-dial': 'tls.Dial',
  'grpc-tls': 'gRPC over TLS',
  'system-roots': 'x509.SystemCertPool',
  sdk: 'a cloud/API SDK',
  database: 'a TLS database connection',
};

function describe(t: TlsFact): string {
  if (t.kind === 'https') return `${t.api}("${t.detail}...")`;
  if (t.kind === 'sdk') return t.detail;
  return t.api;
}

export const caCertificatesMissing = dockerfileRule({
  id: 'DGT160',
  name: 'ca-certificates-missing',
  kind: 'dockerfile',
  severity: 'error',
  title: 'TLS client in an image without CA certificates',
  fixTitles: CA_FIX_TITLES,
  messages: {
    missing:
      'The final image `{image}` has no CA certificates, but the Go program it runs makes TLS connections ({what}): every one fails with `x509: certificate signed by unknown authority`. Copy /etc/ssl/certs/ca-certificates.crt from the builder stage.',
    missingPackage:
      'The final image `{image}` has no CA certificates (Debian and Ubuntu images come without the ca-certificates package, and this one installs nothing), but the Go program it runs makes TLS connections ({what}): every one fails with `x509: certificate signed by unknown authority`. Install ca-certificates in the image.',
  },
  relatedMessages: { tls: 'TLS connection: {what}.' },
  docs: {
    what: 'Finds a final image without a CA bundle — scratch, busybox, or a Debian or Ubuntu image whose RUNs install nothing — that runs a Go main package making outbound TLS connections (an https:// URL with net/http, tls.Dial, gRPC TLS credentials, x509.SystemCertPool, a cloud/API SDK, a database DSN that verifies TLS) when no CA bundle is copied into the image.',
    why:
      'Go verifies server certificates against the system roots, which it reads from /etc/ssl/certs on Linux. scratch has no files at all, busybox has no CA bundle, and the debian and ubuntu images leave out the ca-certificates package (their root file systems list no such package), so the first HTTPS call fails — usually in production, because local runs use the host\'s certificates. The golang builder images have the bundle (Debian: ca-certificates from buildpack-deps; alpine: `apk add ca-certificates` in the image), so one COPY fixes a scratch or busybox image; a Debian or Ubuntu image installs the package.',
    errorText: ['x509: certificate signed by unknown authority', 'tls: failed to verify certificate: x509: certificate signed by unknown authority'],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    good:
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'scratch and busybox: inserts `COPY --from=<builder> /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/` after the final FROM; when the builder is not a golang image and has no ca-certificates package, it also installs it there (`apk add --no-cache ca-certificates` on alpine, apt-get on Debian). Debian and Ubuntu: inserts `RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*` after the final FROM (no fix when a stage the final one builds on switched to a user other than root: apt-get would fail there).',
    notFlagged: [
      'Images with a CA bundle: alpine 3.7 and later, distroless (static included), golang; any COPY of /etc/ssl, a certs folder or a .crt/.pem file; ENV SSL_CERT_FILE or SSL_CERT_DIR; an image that installs ca-certificates.',
      'Debian and Ubuntu images with a RUN that may install something (a package manager, a script, anything but user, folder, link and permission commands): ca-certificates comes with many packages (it is a Recommends of curl, wget and openssl). Images built on other images than debian and ubuntu themselves.',
      'Programs that embed roots (`import _ "golang.org/x/crypto/x509roots/fallback"`), and TLS configs with their own RootCAs or InsecureSkipVerify.',
      'TLS use outside the main package (only its own files are read), plain HTTP, and Windows images or files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const byFinal = containerizationsLacking(project, ctx.path, model, lacksCaBundle);
    if (!byFinal) return;
    for (const [idx, cs] of byFinal) {
      const final = model.stages[idx];
      if (!final || lacksCaBundle(model, final) !== true) continue;
      const uses: { c: Containerization; tls: TlsFact[] }[] = [];
      for (const c of cs) {
        const pkg = mainPackageFacts(project, c.mainDir);
        if (!pkg || pkg.imports.some((i) => i.path === 'golang.org/x/crypto/x509roots/fallback')) continue;
        if (pkg.tls.length) uses.push({ c, tls: pkg.tls });
      }
      if (!uses.length) continue;
      const all = uses.flatMap((u) => u.tls);
      const kinds = [...new Set(all.map((t) => WHAT[t.kind]))];
      const related: RelatedInput[] = all.slice(0, 3).map((t) => ({ path: t.path ?? '', start: t.start, end: t.end, messageId: 'tls', data: { what: describe(t) } }));
      const builder = model.stages[uses[0].c.goBuild.stage.index];
      const apt = baseOf(model, final)?.packageTool === 'apt';
      const fix = apt ? caPackageFix(model, ctx.path, final) : builder ? caBundleFix(model, ctx.path, final, builder) : undefined;
      const fixes: FixInput[] = fix ? [{ ...fix, preferred: true }] : [];
      report({ start: final.imageStart, end: final.imageEnd, messageId: apt ? 'missingPackage' : 'missing', data: { image: final.image, what: kinds.join(', ') }, fixes, related });
    }
  },
});
