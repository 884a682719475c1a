/**
 * DGT205 compose-bind-type-mismatch: a host file mounted onto a directory of the image, or a host
 * directory onto a file of the image.
 */
import * as path from 'node:path';
import { composeRule } from './context';
import type { FixInput } from '../core/types';
import { child } from '../model/composeView';
import { normalizePosix } from '../parse/dockerfile';
import { composeScope, relatedMsg, titled } from './lib/composeKit';
import { bindMounts } from '../model/composeSpecs';
import { imageLayout, relativeSource } from '../model/composeBinds';

const FIX_TITLES: Record<string, string> = {
  inside: 'Mount the file inside the directory: {path}',
};

const RELATED: Record<string, string> = {
  image: 'The image of `{service}`.',
};

export const composeBindTypeMismatch = composeRule({
  id: 'DGT205',
  name: 'compose-bind-type-mismatch',
  kind: 'compose',
  severity: 'error',
  title: 'File mounted onto a directory, or a directory onto a file',
  fixTitles: FIX_TITLES,
  relatedMessages: RELATED,
  messages: {
    fileOntoDir:
      '`{source}` is a file, but `{target}` is a directory in the image ({why}): the container does not start (`Are you trying to mount a directory onto a file (or vice-versa)?`). Mount it inside the directory: `{fixed}`.',
    dirOntoFile:
      '`{source}` is a directory, but `{target}` is a file in the image ({why}): the container does not start (`not a directory: Are you trying to mount a directory onto a file (or vice-versa)?`). Mount the directory elsewhere, or mount the single file it should replace.',
  },
  docs: {
    what: 'Finds bind mounts whose host source is a file while the image has a directory at the target, or whose source is a directory while the image has a file there (a binary or config file the Dockerfile copies in).',
    why:
      'A bind mount replaces what the image has at the target, but only with the same kind of thing: runc refuses to mount a file over a directory or a directory over a file, and the container fails to start. A common case is `- .:/app` for live reload when the Dockerfile copies the compiled binary to `/app`.',
    errorText: [
      'Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: error mounting "/home/dev/api" to rootfs at "/app": mount /home/dev/api:/app (via /proc/self/fd/6), flags: 0x5000: not a directory: unknown: Are you trying to mount a directory onto a file (or vice-versa)? Check if the specified host path exists and is the expected type',
    ],
    bad: '# Dockerfile: COPY --from=build /out/app /app ; ENTRYPOINT ["/app"]\nservices:\n  api:\n    build: .\n    volumes:\n      - .:/app\n',
    good: 'services:\n  api:\n    build: .\n    volumes:\n      - .:/src\n',
    exampleLanguage: 'yaml',
    fixes: 'For a file mounted onto a directory, mounts it inside the directory under its own name.',
    notFlagged: ['Services that use a published image (what it has at the target is unknown), and targets the Dockerfile does not show as a file or a directory.'],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    for (const s of scope.services) {
      const mounts = bindMounts(child(s.merged, 'volumes')).filter((m) => m.path === ctx.path && m.target && m.target.startsWith('/'));
      if (!mounts.length) continue;
      const image = scope.image(s.name);
      if (!image || image.family === 'windows' || image.model.escapeDirective) continue;
      const layout = imageLayout(ctx.project, image);
      for (const m of mounts) {
        const abs = relativeSource(scope.view, m);
        if (!abs || m.sourceStart === undefined || m.sourceEnd === undefined) continue;
        const kind = ctx.project.exists(abs);
        const target = normalizePosix(m.target as string);
        const related = [relatedMsg(RELATED, 'image', { path: image.build.dockerfile, start: image.final.imageStart, end: image.final.imageEnd }, { service: s.name })];
        if (kind === 'file' && layout.dirs.has(target)) {
          const fixed = `${target === '/' ? '' : target}/${path.basename(abs)}`;
          const fixes: FixInput[] =
            m.targetStart !== undefined && m.targetEnd !== undefined
              ? [{ ...titled(FIX_TITLES, 'inside', { path: fixed }), preferred: true, edits: [{ path: ctx.path, start: m.targetStart, end: m.targetEnd, newText: fixed }] }]
              : [];
          report({ start: m.sourceStart, end: m.sourceEnd, messageId: 'fileOntoDir', data: { source: m.source, target, fixed, why: layout.dirs.get(target) as string }, fixes, related });
        } else if (kind === 'dir' && layout.files.has(target)) {
          report({ start: m.sourceStart, end: m.sourceEnd, messageId: 'dirOntoFile', data: { source: m.source, target, why: layout.files.get(target) as string }, related });
        }
      }
    }
  },
});

