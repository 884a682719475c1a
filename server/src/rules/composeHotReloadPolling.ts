/**
 * DGT240 compose-hot-reload-no-polling: a compose service runs a file watcher (air, CompileDaemon,
 * realize, reflex, gow, modd, nodemon, watchexec) over a bind mount of the sources, and the watcher
 * waits for inotify events. Docker Desktop for Windows delivers none for files on a Windows drive:
 * nothing is ever rebuilt. A warning where Docker runs on Windows (or WSL with the project on
 * /mnt/c), information where the host is unknown, nothing on Linux and macOS hosts.
 */
import * as path from 'node:path';
import { composeRule } from './context';
import type { ComposeContext } from './context';
import type { FileEdit, FixInput, RelatedInput, Severity } from '../core/types';
import { POLL_INTERVAL_MS, COMPOSE_WATCH_SOURCE, INOTIFY_SOURCE } from '../facts/devTools';
import { child } from '../model/composeView';
import { hostBuiltImage, serviceCommand, type CmdWord } from '../model/containerCommand';
import { pollingOf, sourceBinds, sourcePlace, watchedBinds, watchedDirs, watcherRun, type SourceBind, type WatcherRun } from '../model/hotReload';
import { pathIn } from '../model/fileTree';
import type { ImageFacts } from '../model/image';
import { composeScope, envFiles, serviceEnv, appendToBlock, indentUnit, ownPair, removeSeqItem, yamlValue, type ServiceRef } from './lib/composeKit';
import { insertArgAfter } from './lib/commandEdit';
import { parseAirToml } from '../parse/devConfig';
import { detectEol } from '../core/text';
import type { Node } from 'yaml';

void INOTIFY_SOURCE;
void COMPOSE_WATCH_SOURCE;

const FIX_TITLES = {
  airPoll: 'Set `poll = true` in [build] of {file}',
  airCreate: 'Create {file} with `poll = true`',
  flag: 'Add `{flag}` (poll for changes)',
  watch: 'Replace the bind mount with a `develop.watch` sync rule (docker compose watch)',
};

/** The severity for where Docker runs and where the files are; undefined: not a trap there. */
function severityFor(ctx: ComposeContext, place: ReturnType<typeof sourcePlace>): Severity | undefined {
  const mode = ctx.hostMode;
  if (mode === 'linux' || mode === 'mac') return undefined;
  if (place === 'linux' || place === 'unknown') return undefined;
  if (mode === 'windows') return 'warning';
  if (mode === 'wsl') return place === 'windows-drive' ? 'warning' : undefined;
  return 'info';
}

export const composeHotReloadPolling = composeRule({
  id: 'DGT240',
  name: 'compose-hot-reload-no-polling',
  kind: 'compose',
  severity: 'warning',
  title: 'File watcher without polling on a bind mount (no reload on Docker Desktop for Windows)',
  fixTitles: FIX_TITLES,
  messages: {
    airNoConfig:
      '`air` watches `{dir}`, a bind mount of `{source}`, and reads no configuration file there (no `{file}`), so it waits for inotify events: on Docker Desktop for Windows, saving a file on a Windows drive sends no inotify event into the container, so air never rebuilds and the server keeps running the old code. Create `{file}` with `poll = true` in its [build] table.',
    airPollOff:
      '`air` watches `{dir}`, a bind mount of `{source}`, and `{file}` says `poll = false`: on Docker Desktop for Windows, saving a file on a Windows drive sends no inotify event into the container, so air never rebuilds and the server keeps running the old code. Set `poll = true` in the [build] table of `{file}`.',
    airNoPoll:
      '`air` watches `{dir}`, a bind mount of `{source}`, and `{file}` does not set `poll`, so air waits for inotify events: on Docker Desktop for Windows, saving a file on a Windows drive sends no inotify event into the container, so air never rebuilds and the server keeps running the old code. Set `poll = true` in the [build] table of `{file}`.',
    flag:
      '`{tool}` watches `{dir}`, a bind mount of `{source}`, with inotify: on Docker Desktop for Windows, saving a file on a Windows drive sends no inotify event into the container, so {tool} never rebuilds and the server keeps running the old code. Add `{flag}` so that it polls.',
    noPolling:
      '`{tool}` watches `{dir}`, a bind mount of `{source}`, with inotify and has no polling mode: on Docker Desktop for Windows, saving a file on a Windows drive sends no inotify event into the container, so it never reruns. Sync the files with a `develop.watch` rule (`docker compose watch`, Compose 2.22 or later) instead of the bind mount, use a watcher that can poll (air, CompileDaemon), or keep the project in the WSL file system.',
  },
  relatedMessages: {
    started: '{tool} is started here.',
    mount: 'The sources come in through this bind mount.',
  },
  docs: {
    what:
      'Finds compose services whose container runs a file watcher — air, CompileDaemon, realize, reflex, gow, modd, nodemon or watchexec, from the compose `command`/`entrypoint` or the image\'s ENTRYPOINT/CMD — over a bind mount of the sources, while the watcher waits for inotify events: no polling flag, no `poll = true` in `.air.toml`, no `legacyWatch` in nodemon.json.',
    why:
      'The loop "save, rebuild, restart" in a container rests on inotify. On Docker Desktop for Windows the files of a bind mount from a Windows drive (`C:\\...`, or `/mnt/c/...` from WSL) reach the Linux VM over a file share that carries no file events: Docker\'s own guidance says Linux containers receive inotify events only for files in the Linux file system. The watcher starts, builds once, and then never sees a change: the server keeps running the first build, with no error anywhere. Files in the WSL 2 file system (`\\\\wsl$\\...`, `~/src` in the distribution) and on Linux and macOS hosts do produce events.',
    severity:
      'Warning when the editor knows that Docker runs on Windows (`dockerGoTraps.hostMode`, or `--host-mode windows`), and under WSL when the source is on a Windows drive (`/mnt/c/...`); information where the host is unknown (the command line without `--host-mode`); not reported on Linux and macOS hosts or for sources in a Linux file system.',
    errorText: ['(no error: the watcher logs its first build, then nothing; the server keeps running the old code)', 'watching .', 'building...', 'running...'],
    bad: 'services:\n  api:\n    build:\n      context: .\n      dockerfile: Dockerfile.dev   # RUN go install github.com/air-verse/air@latest\n    command: air\n    working_dir: /app\n    volumes:\n      - ./:/app\n',
    good: '# .air.toml, next to the compose file\n[build]\npoll = true\npoll_interval = 500\n',
    exampleLanguage: 'yaml',
    fixes:
      'air: sets `poll = true` in the [build] table of the `.air.toml` air reads (turns `poll = false` around, adds the key, or creates the file; air merges it over its defaults). CompileDaemon: adds `-polling`; nodemon: `--legacy-watch`; realize: `--legacy`; watchexec: `--poll=500ms` (watchexec 1.22 or later) — in the compose command or the Dockerfile\'s CMD, wherever the watcher is started. Where the image already holds the sources at the mount\'s target and has `stat`, `mkdir` and `rmdir`, also offers replacing the bind mount with a `develop.watch` sync rule (run with `docker compose watch` or `docker compose up --watch`): the files are copied into the container, where the watcher sees the writes. reflex, gow and modd cannot poll: the `develop.watch` rule is their only fix.',
    notFlagged: [
      'Watchers that poll: `-polling`, `--legacy-watch`/`-L`, `--poll`, `--build.poll true`, `poll = true` in the air configuration, `legacyWatch` in nodemon.json, `settings.legacy.force` in .realize.yaml, `CHOKIDAR_USEPOLLING` in the environment.',
      'Bind sources in a Linux file system (`/home/...`, `\\\\wsl$\\...`), named volumes, and editors that report a Linux or macOS host; under WSL, projects outside /mnt.',
      'Watchers whose folder or configuration cannot be read: an unknown working directory, a config path with variables, `$air_wd`, a config file the image brings in from somewhere we cannot see.',
      'A watcher whose command names a config file that is not there (`air -c .air.toml` without the file): it stops at start (`open .air.toml: no such file or directory`), whatever it would watch.',
    ],
  },
  check(ctx, report) {
    if (ctx.hostMode === 'linux' || ctx.hostMode === 'mac') return;
    const scope = composeScope(ctx);
    for (const s of scope.services) {
      const image = child(s.merged, 'build') ? scope.image(s.name) : hostBuiltImage(ctx.project, scope.view, s.merged);
      const cmd = serviceCommand(ctx.project, s.merged, image);
      if (!cmd) continue;
      const run = watcherRun(cmd);
      if (!run) continue;
      const binds = sourceBinds(scope.view, s.merged);
      if (!binds.length) continue;
      const env = new Map<string, string | undefined>();
      for (const [k, v] of image?.env ?? []) env.set(k, v.value);
      for (const [k, v] of serviceEnv(ctx.project, scope.view, s.merged)) env.set(k, v.value);
      const envOpen = envFiles(scope.view, s.merged).some((f) => ctx.project.text(f.file) === undefined);
      const polling = pollingOf(ctx.project, run, binds, image, env, envOpen);
      if (polling.kind !== 'off') continue;
      const dirs = watchedDirs(run, polling.air);
      if (!dirs) continue;
      const watched = watchedBinds(binds, dirs).filter((b) => b.host === undefined || ctx.project.exists(b.host) === 'dir');
      let severity: Severity | undefined;
      let bind: SourceBind | undefined;
      for (const b of watched) {
        const sev = severityFor(ctx, sourcePlace(scope.view, b.mount));
        if (sev && (!severity || (sev === 'warning' && severity !== 'warning'))) {
          severity = sev;
          bind = b;
        }
      }
      if (!severity || !bind) continue;
      // Report at the watcher when a compose file starts it, else at the bind mount; in that file only.
      const inCompose = cmd.from === 'compose';
      const at = inCompose ? { path: run.program.path, start: run.program.start, end: run.program.end } : bind.mount.sourceStart !== undefined ? { path: bind.mount.path, start: bind.mount.sourceStart, end: bind.mount.sourceEnd ?? bind.mount.sourceStart } : undefined;
      if (!at || at.path !== ctx.path) continue;
      const related: RelatedInput[] = [];
      if (!inCompose) related.push({ path: run.program.path, start: run.program.start, end: run.program.end, messageId: 'started', data: { tool: run.facts.tool } });
      else if (bind.mount.sourceStart !== undefined) related.push({ path: bind.mount.path, start: bind.mount.sourceStart, end: bind.mount.sourceEnd ?? bind.mount.sourceStart, messageId: 'mount' });
      const fixes: FixInput[] = [];
      const dir = dirs.find((d) => d === bind!.target || d.startsWith(bind!.target + '/') || bind!.target.startsWith(d + '/')) ?? dirs[0];
      const data: Record<string, string> = { tool: run.facts.tool, dir, source: bind.mount.source, flag: run.facts.addFlag?.flag ?? '', file: '' };
      let messageId: 'airNoConfig' | 'airPollOff' | 'airNoPoll' | 'flag' | 'noPolling';
      if (run.facts.tool === 'air') {
        const cfg = polling.config;
        data.file = cfg ? path.posix.relative(run.cwd ?? '/', cfg.containerPath) || cfg.containerPath : '.air.toml';
        messageId = !cfg || cfg.text === undefined ? 'airNoConfig' : polling.air?.poll?.value === false ? 'airPollOff' : 'airNoPoll';
        const fix = cfg ? airFix(ctx, cfg.host, cfg.text, data.file) : undefined;
        if (fix) fixes.push(fix);
      } else if (run.facts.noPolling) {
        messageId = 'noPolling';
      } else {
        messageId = 'flag';
        const fix = flagFix(ctx, run);
        if (fix) fixes.push(fix);
      }
      const watch = watchFix(ctx, s, bind, image);
      if (watch) fixes.push(watch);
      report({ ...at, messageId, data, fixes, related, severity });
    }
  },
});

/** `poll = true` in the [build] table of an air configuration (created when it is not there). */
function airFix(ctx: ComposeContext, host: string, text: string | undefined, shown: string): FixInput | undefined {
  if (text === undefined) {
    const eol = ctx.eol;
    const body = ['# air: poll for changes (file events from a bind mount on a Windows drive do not reach the container)', '[build]', 'poll = true', `poll_interval = ${POLL_INTERVAL_MS}`, ''].join(eol);
    return { titleId: 'airCreate', titleData: { file: shown }, preferred: true, edits: [{ path: host, start: 0, end: 0, newText: body, create: true }] };
  }
  const air = parseAirToml(text);
  const eol = detectEol(text);
  let edit: FileEdit;
  if (air.poll) {
    if (air.poll.value !== false) return undefined;
    edit = { path: host, start: air.poll.start, end: air.poll.end, newText: 'true' };
  } else if (air.build) {
    const at = air.build.headerEnd;
    const lead = at === text.length && !text.endsWith('\n') ? eol : '';
    edit = { path: host, start: at, end: at, newText: `${lead}${air.build.indent}poll = true${eol}` };
  } else {
    const sep = text.length && !text.endsWith('\n') ? eol : '';
    const gap = text.trim().length ? eol : '';
    edit = { path: host, start: text.length, end: text.length, newText: `${sep}${gap}[build]${eol}poll = true${eol}` };
  }
  return { titleId: 'airPoll', titleData: { file: shown }, preferred: true, edits: [edit] };
}

/** The watcher's polling flag, inserted after its name (or realize's subcommand). */
function flagFix(ctx: ComposeContext, run: WatcherRun): FixInput | undefined {
  const add = run.facts.addFlag;
  if (!add) return undefined;
  let after: CmdWord = run.program;
  if (add.after) {
    const sub = run.words.slice(run.argsAfter + 1).find((w) => add.after!.includes(w.value));
    if (!sub) return undefined;
    after = sub;
  }
  const edit = insertArgAfter(ctx.project, after, add.flag);
  if (!edit) return undefined;
  return { titleId: 'flag', titleData: { flag: add.flag }, preferred: true, edits: [edit] };
}

/**
 * The bind mount replaced by a `develop.watch` sync rule, when Compose Watch can do the job: the
 * service builds its image, the image already holds the sources at the target (copied from the same
 * folder) and has a shell's tools (stat, mkdir, rmdir), and the service has no `develop` of its own.
 */
function watchFix(ctx: ComposeContext, s: ServiceRef, bind: SourceBind, image: ImageFacts | undefined): FixInput | undefined {
  if (!image || bind.host === undefined || bind.mount.path !== ctx.path || bind.mount.readOnly) return undefined;
  if (!['debian', 'alpine', 'busybox'].includes(image.family) || image.shell.has !== 'yes') return undefined;
  if (ownPair(s.local.node, 'develop') || child(s.merged, 'develop')) return undefined;
  const origin = pathIn(ctx.project, image.build, image.model, image.final, bind.target);
  if (origin.kind !== 'context' || path.resolve(origin.host) !== path.resolve(bind.host)) return undefined;
  const item = bind.mount.node.node as Node | undefined;
  if (!item) return undefined;
  const remove = removeSeqItem(ctx, s.local.node, 'volumes', item);
  if (!remove) return undefined;
  const unit = indentUnit(ctx, s.local);
  const lines = ['develop:', `${unit}watch:`, `${unit}${unit}- action: sync`, `${unit}${unit}  path: ${yamlValue(bind.mount.source)}`, `${unit}${unit}  target: ${yamlValue(bind.target)}`];
  const add = appendToBlock(ctx, s.local.node, lines);
  if (!add) return undefined;
  if (add.start === remove.end) {
    // The mount is the service's last entry: one edit puts the rule in its place.
    const body = add.newText.replace(/^\r?\n/, '');
    const newText = ctx.text.slice(remove.start, remove.end).endsWith('\n') && !body.endsWith('\n') ? body + ctx.eol : body;
    return { titleId: 'watch', edits: [{ path: ctx.path, start: remove.start, end: remove.end, newText }] };
  }
  return { titleId: 'watch', edits: [remove, add] };
}
