/**
 * DGT204 compose-bind-source-missing: a relative bind source that does not exist in the workspace.
 * Docker then creates an empty directory in its place.
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import { composeRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import { child, type MMap } from '../model/composeView';
import { commandText, composeScope, envFiles, imageRef, titled } from './lib/composeKit';
import { databaseImage } from '../facts/databaseImages';
import { bindMounts } from '../model/composeSpecs';
import { caseCorrected, relativeSource } from '../model/composeBinds';
import { gitRootOf } from '../model/buildContext';
import { projectDirsAbove } from '../model/composePaths';

/** Dot-named folders people mount (`~/.ssh`, `./.cache`) and folder suffixes (`initdb.d`, `conf.d`). */
const FOLDER_NAME = /^\.(git|ssh|cache|config|aws|kube|docker|npm|m2|gradle|local|vscode|idea|terraform|azure|gnupg)$|\.d$/i;

/** A name that says "file": an extension, or a dotfile such as `.env` (not `initdb.d` or `.ssh`). */
function looksLikeFile(name: string, target: string | undefined): boolean {
  if (FOLDER_NAME.test(name) || (target !== undefined && (target.endsWith('/') || /\.d\/?$/.test(target)))) return false;
  return /^\.[^.]/.test(name) || /[^.]\.[A-Za-z0-9]{1,10}$/.test(name);
}

/** Names of templates people copy a config file from: config.yaml.example, config.example.yaml, example.config.yaml, ... */
function templateNames(name: string): string[] {
  const ext = path.extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  const out: string[] = [];
  for (const t of ['example', 'sample', 'dist', 'template', 'tmpl', 'default', 'tpl']) {
    out.push(`${name}.${t}`, `${name}-${t}`, `${name}_${t}`, `${t}.${name}`);
    if (ext) out.push(`${stem}.${t}${ext}`, `${stem}-${t}${ext}`, `${stem}_${t}${ext}`);
  }
  return out;
}

const FIX_TITLES: Record<string, string> = {
  case: 'Use the name on disk: {path}',
};

/**
 * Whether the service's program reads no config file at `target`: an official image whose server
 * reads one only when its command names it (facts/databaseImages.ts), with a command that does not,
 * never reads the directory Docker makes there in place of a missing file.
 */
function readsNoConfigFile(svc: MMap, target: string): boolean {
  const ref = imageRef(svc);
  if (!ref || !databaseImage(ref)?.image.configOnlyWhenNamed) return false;
  return !commandText(svc, undefined).includes(target);
}

/**
 * Whether `source` reads as written from the folder `dir` above the compose file's folder: it goes
 * through the compose file's own folder as seen from there (`./dev/prometheus.yml` in
 * dev/docker-compose.full.yml), and exists from there.
 */
function writtenFrom(project: Project, dir: string, composeDir: string, source: string): boolean {
  const own = path.relative(dir, composeDir).split(path.sep).join('/');
  const rel = path.posix.normalize(source.replace(/\\/g, '/'));
  if (!rel.startsWith(own + '/')) return false;
  const abs = path.resolve(dir, rel);
  return abs.startsWith(dir + path.sep) && project.exists(abs) !== undefined;
}

export const composeBindSourceMissing = composeRule({
  id: 'DGT204',
  name: 'compose-bind-source-missing',
  kind: 'compose',
  severity: 'warning',
  title: 'Bind source that does not exist (Docker creates a directory)',
  fixTitles: FIX_TITLES,
  messages: {
    missing:
      '`{source}` does not exist in the workspace. Docker does not fail: it creates an empty directory named `{name}` and mounts that, so the program finds a directory where it expects a file (`read {target}: is a directory`), or the container does not start: `Are you trying to mount a directory onto a file (or vice-versa)?`. Create the file before `docker compose up`.',
    template:
      '`{source}` does not exist, but `{template}` does: copy it to `{name}` first. Otherwise Docker creates an empty directory named `{name}` and mounts that (`read {target}: is a directory`, or `Are you trying to mount a directory onto a file (or vice-versa)?`).',
    case:
      '`{source}` does not exist, but `{actual}` does: the names differ only in case. Docker Desktop on Windows and macOS ignores case; on Linux, in WSL and in CI Docker creates a new, empty `{name}` instead and mounts that. Use `{actual}`.',
  },
  docs: {
    what: 'Finds relative bind-mount sources that do not exist: a config file the project expects you to create from a template, a name whose case differs from the file on disk, or a file missing from a git checkout.',
    why:
      'When the source of a bind mount does not exist, Docker creates it — as a directory. A missing `./config.yaml` becomes an empty folder `config.yaml/` on the host and in the container; the program fails with "is a directory", or, when the image has a file at the target, the container does not even start. Windows and macOS file systems ignore case, so `./Config.yaml` works there and breaks on Linux and in WSL.',
    errorText: [
      'error mounting "/home/dev/app/config.yaml" to rootfs at "/app/config.yaml": mount /home/dev/app/config.yaml:/app/config.yaml (via /proc/self/fd/6), flags: 0x5000: not a directory: unknown: Are you trying to mount a directory onto a file (or vice-versa)? Check if the specified host path exists and is the expected type',
      'read /app/config.yaml: is a directory',
    ],
    bad: 'services:\n  api:\n    build: .\n    volumes:\n      - ./config.yaml:/app/config.yaml   # only config.yaml.example is in the repository\n',
    good: 'services:\n  api:\n    build: .\n    volumes:\n      - ./config.yaml:/app/config.yaml   # after: cp config.yaml.example config.yaml\n',
    exampleLanguage: 'yaml',
    fixes: 'When only the case differs, replaces the name with the one on disk.',
    notFlagged: [
      'Missing directories (`./data:/var/lib/postgresql/data`): Docker creating them is usually what the project wants.',
      'Missing files in a workspace that is not a git checkout (no `.git` at or above the compose file), unless a template or a differently-cased file shows the mistake: the file may simply not be part of what is open.',
      'Absolute, home (`~`), variable and Windows sources.',
      'A config file mounted into the official redis image that its command does not name: redis-server reads no other, so the directory Docker makes there is never read.',
      'A file that is also a required `env_file` of the same service: Compose stops with `env file ... not found` before it makes any container.',
      'A source written from a folder above the compose file that holds another compose file — it names the compose file\'s own folder from there (`./dev/prometheus.yml` in dev/docker-compose.full.yml) and exists from there: Compose resolves the relative paths of every file from the first file\'s folder (`docker compose -f docker-compose.yml -f dev/docker-compose.full.yml up`).',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    const done = new Set<number>();
    let checkout: boolean | undefined;
    let above: string[] | undefined;
    for (const s of scope.services) {
      for (const m of bindMounts(child(s.merged, 'volumes'))) {
        if (m.path !== ctx.path || m.sourceStart === undefined || m.sourceEnd === undefined || done.has(m.sourceStart)) continue;
        const abs = relativeSource(scope.view, m);
        if (!abs || abs === scope.view.dir || ctx.project.exists(abs)) continue;
        // A file passed after another compose file resolves its paths from that file's folder: a
        // source that names this file's own folder from there (`./dev/x` in dev/) was written so.
        if ((above ??= projectDirsAbove(ctx.project, scope.view.dir)).some((d) => writtenFrom(ctx.project, d, scope.view.dir, m.source))) continue;
        const dir = path.dirname(abs);
        const name = path.basename(abs);
        const siblings = ctx.project.exists(dir) === 'dir' ? ctx.project.readDir(dir) : [];
        const data = { source: m.source, name, target: m.target ?? '' };
        const fixed = caseCorrected(ctx.project, scope.view.dir, m.source);
        if (fixed) {
          done.add(m.sourceStart);
          const fixes: FixInput[] = [{ ...titled(FIX_TITLES, 'case', { path: fixed }), preferred: true, edits: [{ path: ctx.path, start: m.sourceStart, end: m.sourceEnd, newText: fixed }] }];
          report({ start: m.sourceStart, end: m.sourceEnd, messageId: 'case', data: { ...data, actual: fixed }, fixes });
          continue;
        }
        if (!looksLikeFile(name, m.target)) continue;
        // The same file as a required env_file of the service: Compose stops with `env file ... not
        // found` before it makes any container, so no folder appears in its place.
        if (envFiles(scope.view, s.merged).some((e) => e.required && e.file === abs)) continue;
        if (m.target && readsNoConfigFile(s.merged, m.target)) continue;
        const templates = templateNames(name);
        const template = siblings.find((n) => templates.includes(n));
        if (template) {
          done.add(m.sourceStart);
          const related: RelatedInput[] = [];
          report({ start: m.sourceStart, end: m.sourceEnd, messageId: 'template', data: { ...data, template }, related });
          continue;
        }
        if (checkout === undefined) checkout = !!gitRootOf(ctx.project, scope.view.dir);
        if (!checkout) continue;
        done.add(m.sourceStart);
        report({ start: m.sourceStart, end: m.sourceEnd, messageId: 'missing', data });
      }
    }
  },
});
