/**
 * DGT147 entrypoint-not-in-image: ENTRYPOINT or CMD start a program the final image does not have —
 * the build wrote /out/server, the COPY put it at /usr/local/bin/server, the ENTRYPOINT says
 * /app/server; a relative path against the WORKDIR; `go run src/main.go` where nothing brought src/.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import { normalizePosix, type DInstruction, type Stage } from '../parse/dockerfile';
import { finalWorkdir, runConfig, DEFAULT_PATH } from '../model/instructions';
import { goBinaries, startedProgram } from '../model/entry';
import { finalStagesOf } from '../model/stages';
import { baseOf, chainInstructions, rootOf } from '../model/stageGraph';
import { pathIn } from '../model/fileTree';
import { composeMountTargets } from '../model/goMain';
import type { ImageBuild, Project } from '../project/project';
import type { DockerfileModel } from '../parse/dockerfile';

export const entrypointNotInImage = dockerfileRule({
  id: 'DGT147',
  name: 'entrypoint-not-in-image',
  kind: 'dockerfile',
  severity: 'error',
  title: 'ENTRYPOINT or CMD starts a file the image does not have',
  messages: {
    missing: '`{program}` is not in the image `{image}`: nothing puts it there (no COPY, no go build, no RUN that makes it), so the container stops at once with `exec {program}: no such file or directory`.{hint}',
    notOnPath: '`{program}` is not on the PATH of the image `{image}` ({dirs}): the container stops at once with `exec: "{program}": executable file not found in $PATH`.{hint}',
    goRunFile: '`go run {file}` runs `{path}`, which is not in the image: nothing copies it there, so the container stops with `stat {file}: no such file or directory`.',
  },
  fixTitles: { useBinary: 'Start `{binary}`' },
  docs: {
    what: 'Finds an ENTRYPOINT or CMD (exec or shell form) whose program is a path the final image does not have — nothing copies it there, no go build writes it, no RUN makes it, the base image lacks it — a program name that is on no folder of the PATH of a scratch or distroless image, and `go run <file>` of a file nothing copied in. Besides the last stage and the targets compose and the repository\'s scripts name, the named stages that nothing builds on or copies from and that set their own ENTRYPOINT or CMD are checked: images someone builds with `--target`.',
    why:
      'The build succeeds and the image is pushed; only the container fails, at once, with a message that reads like a missing file although the path is simply wrong: the binary went to /usr/local/bin/server and the ENTRYPOINT says /app/server, the WORKDIR of the final stage is not the builder\'s, or a rename reached the build but not the ENTRYPOINT. In compose the service then restarts in a loop.',
    errorText: [
      'exec /app/server: no such file or directory',
      'exec: "server": executable file not found in $PATH: unknown',
      'OCI runtime create failed: runc create failed: unable to start container process: exec: "./main": stat ./main: no such file or directory: unknown',
    ],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/server /usr/local/bin/server\nENTRYPOINT ["/app/server"]\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/server /usr/local/bin/server\nENTRYPOINT ["/usr/local/bin/server"]\n',
    exampleLanguage: 'dockerfile',
    fixes: 'When the image has exactly one Go binary (built in its chain, or copied in from a build stage), the fix starts that path.',
    notFlagged: [
      'Programs the image may have without us seeing it: anything under the base image\'s system folders (/usr, /bin ...) of a base other than scratch or distroless, and what a script, `make`, a package install, an ADD of an archive or a COPY from an image may put there.',
      'Programs named without a slash on a base other than scratch and distroless (the PATH of such an image holds its own tools), variables, and stages without ENTRYPOINT or CMD.',
      'A Dockerfile built without compose or outside a git checkout, where the file would come from the build context (the context may be another folder, or this copy of the project partial).',
      'Paths a compose service of the image mounts something over (a bind mount of the sources, a volume), and WebAssembly images.',
      'Windows images and files with an `# escape=` directive.',
      'The Delve debugger (`dlv`): DGT170 delve-command finds a dlv the image does not have.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const done = new Set<number>();
    for (const { stage: final, builds } of finalStagesOf(ctx, { leaves: true })) {
      if (rootOf(model, final).family === 'windows') continue;
      const rc = runConfig(model, final);
      const ins = rc.entrypoint ?? rc.cmd;
      if (!ins || done.has(ins.start)) continue;
      const started = startedProgram(model, ins);
      if (!started || started.word.value.includes('$') || started.word.value === '') continue;
      const workdir = finalWorkdir(final) ?? (final.parent === undefined ? '/' : undefined);
      const program = started.word.value;
      const base = baseOf(model, final);
      const image = final.image;
      // Every build of the image must lack it: a compose build may bring what a standalone one cannot see.
      // A WebAssembly image runs on a wasm runtime, which finds its entry point its own way; a
      // Windows path in a Linux stage is DGT127's finding.
      // A program with blanks in its name is most often a whole command line in one string: DGT136's finding.
      if (/\.wasm$/i.test(program) || /wasi|wasm/i.test(final.platform ?? '') || program.includes('\\') || /^[A-Za-z]:/.test(program) || /\s/.test(program)) continue;
      // Delve is DGT170's: it knows where dlv is installed and copies it in.
      if (path.posix.basename(program) === 'dlv') continue;
      const verdict = (build: ImageBuild): { kind: 'missing' | 'notOnPath' | 'goRunFile'; path: string } | undefined => {
        // What compose mounts over the image (a bind mount of the sources, a volume) may hold it.
        const mounts = composeMountTargets(project, build);
        const absent = (p: string) => !mounts.some((m) => p === m || p.startsWith(m + '/')) && pathIn(project, build, model, final, p).kind === 'absent';
        if (started.goFile) {
          const f = started.goFile.value;
          if (f.includes('$') || started.goFile.opaque || workdir === undefined) return undefined;
          const p = normalizePosix(f.startsWith('/') ? f : workdir + '/' + f);
          return absent(p) ? { kind: 'goRunFile', path: p } : undefined;
        }
        if (program.includes('/')) {
          if (!program.startsWith('/') && workdir === undefined) return undefined;
          const p = normalizePosix(program.startsWith('/') ? program : workdir + '/' + program);
          return absent(p) ? { kind: 'missing', path: p } : undefined;
        }
        // A bare name: looked up on PATH, which only scratch and distroless images leave empty.
        if (!base || (base.shell !== null && base.family !== 'scratch')) return undefined;
        const dirs = pathDirs(final, model);
        if (!dirs) return undefined;
        return dirs.every((d) => absent(normalizePosix(d + '/' + program))) ? { kind: 'notOnPath', path: program } : undefined;
      };
      const verdicts = builds.map(verdict);
      const first = verdicts[0];
      if (!first || verdicts.some((v) => !v || v.kind !== first.kind || v.path !== first.path)) continue;
      done.add(ins.start);
      const binaries = goBinaries(project, builds[0], model, final);
      const fixes: FixInput[] = [];
      let hint = '';
      if (first.kind !== 'goRunFile' && binaries.length === 1 && !started.word.opaque) {
        hint = ` The image has the Go binary \`${binaries[0]}\`.`;
        if (started.word.json || !/[\s"'\\$]/.test(binaries[0])) fixes.push({ titleId: 'useBinary', titleData: { binary: binaries[0] }, preferred: true, edits: [{ path: ctx.path, start: started.word.start, end: started.word.end, newText: binaries[0] }] });
      }
      if (first.kind === 'goRunFile' && started.goFile) {
        report({ start: started.goFile.start, end: started.goFile.end, messageId: 'goRunFile', data: { file: started.goFile.value, path: first.path } });
      } else if (first.kind === 'notOnPath') {
        report({ start: started.word.start, end: started.word.end, messageId: 'notOnPath', data: { program, image, dirs: (pathDirs(final, model) ?? []).join(':'), hint }, fixes });
      } else {
        report({ start: started.word.start, end: started.word.end, messageId: 'missing', data: { program, image, hint }, fixes });
      }
    }
  },
});

/** The PATH folders of the final stage: its ENV PATH without variables, else the default. */
function pathDirs(final: Stage, model: DockerfileModel): string[] | undefined {
  const last = chainInstructions(model, final).pop();
  const env = last?.env.get('PATH')?.value;
  if (env === undefined) return DEFAULT_PATH;
  if (env.includes('$')) return undefined;
  return env.split(':').filter((d) => d.startsWith('/'));
}
