/**
 * DGT306 go-logs-to-file: a containerized main that sends its logs to a file instead of
 * stdout/stderr, so `docker logs` shows nothing.
 */
import { goRule } from './context';
import * as path from 'node:path';
import type { Containerization, Project } from '../project/project';
import { BUILT_HERE_MESSAGES, builtHere, containerizedMain, overridden, persistentPaths } from '../model/goMain';

/** The log file lies on a volume (compose `volumes:` or a Dockerfile VOLUME) in every image: a deliberate design. */
function onVolume(project: Project, uses: readonly Containerization[], file: string): boolean {
  return uses.every((c) => {
    const { mounts, workdir } = persistentPaths(project, c);
    const abs = file.startsWith('/') ? path.posix.normalize(file) : workdir ? path.posix.join(workdir, file) : undefined;
    return !!abs && mounts.some((m) => abs === m || abs.startsWith(m === '' ? '/' : m + '/'));
  });
}

export const goLogsToFile = goRule({
  id: 'DGT306',
  name: 'go-logs-to-file',
  kind: 'go',
  severity: 'info',
  title: 'Containerized program logs to a file',
  messages: {
    logFile:
      '{sink} sends the logs to the file {file} inside the container: `docker logs` and `docker compose logs` stay empty, the file grows in the container\'s writable layer and is lost with the container. Log to stdout/stderr (or add os.Stdout with io.MultiWriter) and let Docker collect the output.',
  },
  relatedMessages: { ...BUILT_HERE_MESSAGES },
  docs: {
    what: 'Finds a Go main package, built into an image by the workspace, whose logger writes only to a file: `log.SetOutput`/`log.New`/logrus/zerolog/slog/zapcore on a file from `os.OpenFile`/`os.Create` with a log-like name, a lumberjack logger, or a zap config whose OutputPaths are all files.',
    why:
      'Docker collects what a container writes to stdout and stderr: `docker logs`, `docker compose logs`, log drivers and every log shipper read that stream. A file inside the container is invisible to all of them, fills the writable layer (and the disk) without rotation by Docker, and disappears when the container is replaced — exactly when its contents would be needed.',
    errorText: ['$ docker logs api\n(no output)'],
    bad: 'package main\n\nimport (\n\t"log"\n\t"os"\n)\n\nfunc main() {\n\tf, _ := os.OpenFile("app.log", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)\n\tlog.SetOutput(f)\n\tlog.Println("started")\n}\n',
    good: 'package main\n\nimport "log"\n\nfunc main() {\n\t// The standard logger writes to stderr: docker logs shows it.\n\tlog.Println("started")\n}\n',
    exampleLanguage: 'go',
    notFlagged: [
      'Loggers that also write to os.Stdout or os.Stderr (io.MultiWriter), /dev/stdout and /dev/stderr, and file paths computed at run time.',
      'A log file given by a flag or an environment variable that the Dockerfile or compose service sets, and a log file on a volume (compose `volumes:` or a Dockerfile VOLUME): logs collected on purpose.',
      'Main packages no Dockerfile of the workspace builds, tests and generated files.',
    ],
  },
  check(ctx, report) {
    const main = containerizedMain(ctx);
    if (!main) return;
    const seen = new Set<number>();
    for (const l of main.pkg.logFiles) {
      if (l.path !== ctx.path || seen.has(l.start)) continue;
      if (overridden(ctx.project, main.uses, l.env, l.flags) || onVolume(ctx.project, main.uses, l.file)) continue;
      seen.add(l.start);
      const sinkEnd = ctx.text.startsWith(l.sink, l.start) ? l.start + l.sink.length : l.end;
      report({ start: l.start, end: sinkEnd, messageId: 'logFile', data: { sink: l.sink, file: l.file }, related: builtHere(main.uses) });
    }
  },
});
