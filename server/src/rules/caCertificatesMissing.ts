/**
 * DGT160 ca-certificates-missing: a scratch (or busybox) final image without a CA bundle, for a Go
 * program that makes outbound TLS calls.
 */
import { dockerfileRule } from './context';
import type { Containerization } from '../project/project';
import type { FixInput, RelatedInput } from '../core/types';
import type { TlsFact } from '../parse/go';
import { mainPackageFacts } from '../model/goPackage';
import { caBundleFix, CA_FIX_TITLES } from './lib/imageFiles';
import { containerizationsLacking, lacksCaBundle } from '../model/imageContents';

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
  title: 'TLS client in a scratch image without CA certificates',
  fixTitles: CA_FIX_TITLES,
  messages: {
    missing:
      'The final image `{image}` has no CA certificates, but the Go program it runs makes TLS connections ({what}): every one fails with `x509: certificate signed by unknown authority`. Copy /etc/ssl/certs/ca-certificates.crt from the builder stage.',
  },
  relatedMessages: { tls: 'TLS connection: {what}.' },
  docs: {
    what: 'Finds a scratch or busybox final image that runs a Go main package making outbound TLS connections (an https:// URL with net/http, tls.Dial, gRPC TLS credentials, x509.SystemCertPool, a cloud/API SDK, a database DSN that verifies TLS) when no CA bundle is copied into the image.',
    why:
      'Go verifies server certificates against the system roots, which it reads from /etc/ssl/certs on Linux. scratch has no files at all and busybox has no CA bundle, so the first HTTPS call fails — usually in production, because local runs use the host\'s certificates. The golang builder images have the bundle (Debian: ca-certificates from buildpack-deps; alpine: `apk add ca-certificates` in the image), so one COPY fixes it.',
    errorText: ['x509: certificate signed by unknown authority', 'tls: failed to verify certificate: x509: certificate signed by unknown authority'],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    good:
      'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'Inserts `COPY --from=<builder> /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/` after the final FROM. When the builder is not a golang image and has no ca-certificates package, it also installs it there (`apk add --no-cache ca-certificates` on alpine, apt-get on Debian).',
    notFlagged: [
      'Images with a CA bundle: alpine, Debian, distroless (static included), golang; any COPY of /etc/ssl, a certs folder or a .crt/.pem file; ENV SSL_CERT_FILE or SSL_CERT_DIR.',
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
      const fix = builder ? caBundleFix(model, ctx.path, final, builder) : undefined;
      const fixes: FixInput[] = fix ? [{ ...fix, preferred: true }] : [];
      report({ start: final.imageStart, end: final.imageEnd, messageId: 'missing', data: { image: final.image, what: kinds.join(', ') }, fixes, related });
    }
  },
});
