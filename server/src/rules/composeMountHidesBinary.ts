/**
 * DGT230 compose-mount-hides-binary: a bind mount of a compose service lays a host folder over the
 * path where the image's build put the program the container starts (`.:/app` over `WORKDIR /app`
 * where the build wrote /app/server): the container sees the host folder, which has no such file.
 */
import * as path from 'node:path';
import { composeRule } from './context';
import { child } from '../model/composeView';
import { bindMounts } from '../model/composeSpecs';
import { relativeSource } from '../model/composeBinds';
import { finalWorkdir, runConfig } from '../model/instructions';
import { normalizePosix } from '../parse/dockerfile';
import { startedProgram } from '../model/entry';
import { pathIn, type PathOrigin } from '../model/fileTree';
import { composeScope, relatedMsg } from './lib/composeKit';

function builtInImage(origin: PathOrigin): boolean {
  return origin.kind === 'built' || (origin.kind === 'stage' && builtInImage(origin.origin));
}

const RELATED = { starts: 'The image starts {program}, which its build writes there.' };

export const composeMountHidesBinary = composeRule({
  id: 'DGT230',
  name: 'compose-mount-hides-binary',
  kind: 'compose',
  severity: 'error',
  title: 'A bind mount hides the program the image built',
  relatedMessages: RELATED,
  messages: {
    hides:
      'This bind mount lays `{source}` over `{target}`, where the image of `{service}` built the program it starts, `{program}`; the host folder has no such file, so the container stops at once with `exec {program}: no such file or directory`. Mount the sources elsewhere (or only the files the program reads), or run the program from a folder the mount does not cover.',
  },
  docs: {
    what: 'Finds a bind mount of a compose service whose target covers the program the service\'s image starts, when the image\'s own build wrote that program there and the host folder does not have it: the classic `.:/app` development mount over `WORKDIR /app` where `go build -o /app/server` ran.',
    why:
      'A bind mount replaces everything below its target with the host folder. The binary the Dockerfile built into /app is still in the image, but the container cannot see it: it sees the sources on the host. The image works with `docker run`, and fails only under compose, with an error that points at the binary rather than at the mount.',
    errorText: ['exec /app/server: no such file or directory', 'Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app/server": stat /app/server: no such file or directory: unknown'],
    bad: '# Dockerfile: WORKDIR /app, RUN go build -o /app/server ., ENTRYPOINT ["/app/server"]\nservices:\n  api:\n    build: .\n    volumes:\n      - .:/app\n',
    good: '# Mount only what the program reads at run time\nservices:\n  api:\n    build: .\n    volumes:\n      - ./config:/app/config:ro\n',
    exampleLanguage: 'yaml',
    notFlagged: [
      'Mounts over programs the image does not build (a tool from a package, a binary copied from the build context), a host folder that has a file of that name (a binary built on the host), and services whose compose file overrides `entrypoint` or `command`.',
      'Development setups that run `go run` or a live-reload tool: the mount is what they read.',
      'Named volumes and tmpfs: Docker copies the image\'s files into a new named volume (keeping stale files later is another matter).',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    for (const s of scope.services) {
      const image = scope.image(s.name);
      if (!image || child(s.merged, 'entrypoint') || child(s.merged, 'command')) continue;
      const { model, final, build } = image;
      const rc = runConfig(model, final);
      const ins = rc.entrypoint ?? rc.cmd;
      if (!ins) continue;
      const started = startedProgram(model, ins);
      if (!started || started.goFile || started.word.opaque || started.word.value.includes('$') || !started.word.value.includes('/')) continue;
      const workdir = finalWorkdir(final);
      const program = started.word.value;
      if (!program.startsWith('/') && workdir === undefined) continue;
      const abs = normalizePosix(program.startsWith('/') ? program : workdir + '/' + program);
      let origin: PathOrigin | undefined;
      for (const m of bindMounts(child(s.merged, 'volumes'))) {
        if (m.path !== ctx.path || !m.target || m.targetStart === undefined || m.targetEnd === undefined) continue;
        const target = normalizePosix(m.target);
        if (!(abs === target || abs.startsWith(target === '/' ? '/' : target + '/'))) continue;
        const host = relativeSource(scope.view, m);
        if (!host || ctx.project.exists(host) !== 'dir') continue;
        if (ctx.project.exists(path.join(host, ...abs.slice(target.length).split('/').filter(Boolean)))) continue;
        origin ??= pathIn(ctx.project, build, model, final, abs);
        if (!builtInImage(origin)) break;
        report({
          start: m.targetStart,
          end: m.targetEnd,
          messageId: 'hides',
          data: { source: m.source, target: m.target, service: s.name, program: abs },
          related: [relatedMsg(RELATED, 'starts', { path: build.dockerfile, start: started.word.start, end: started.word.end }, { program: abs })],
        });
      }
    }
  },
});
