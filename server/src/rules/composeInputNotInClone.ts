/**
 * DGT234 compose-input-not-in-clone: a file a compose service needs from the host — an `env_file`, a
 * file it bind-mounts, its build context — that this copy of the project has but a fresh clone does
 * not: git ignores it (and no template of it is committed), or it lies outside the repository.
 */
import * as path from 'node:path';
import { composeRule, type ComposeContext } from './context';
import type { RelatedInput } from '../core/types';
import { child, scalarOf } from '../model/composeView';
import { bindMounts } from '../model/composeSpecs';
import { relativeSource } from '../model/composeBinds';
import { gitIgnoring, gitRootOf } from '../model/buildContext';
import { mayBeMadeOnHost } from '../model/hostScripts';
import { gitTracks } from '../model/gitIndex';
import { composeScope, envFiles } from './lib/composeKit';

/** Whether a template of the file is committed beside it (`.env.example`, `config.example.yaml`). */
function hasTemplate(ctx: ComposeContext, host: string): boolean {
  const dir = path.dirname(host);
  const name = path.basename(host);
  const ext = path.extname(name);
  const stem = ext && name !== ext ? name.slice(0, -ext.length) : name;
  const names = new Set(ctx.project.readDir(dir).map((n) => n.toLowerCase()));
  return ['example', 'sample', 'dist', 'template', 'tpl', 'default', 'defaults', 'local', 'dev', 'demo'].some(
    (w) =>
      names.has(`${name}.${w}`.toLowerCase()) ||
      (ext && names.has(`${stem}.${w}${ext}`.toLowerCase())) ||
      (ext && names.has(`${stem}-${w}${ext}`.toLowerCase())) ||
      names.has(`${w}${name}`.toLowerCase()) ||
      names.has(`${w}.${name.replace(/^\./, '')}`.toLowerCase()) ||
      // A dotfile's template without the dot: `env.template` beside `.env`.
      (name.startsWith('.') && names.has(`${name.slice(1)}.${w}`.toLowerCase())),
  );
}

type Verdict = { kind: 'ignored'; pattern: string; file: string; start: number; end: number } | { kind: 'outside' } | undefined;

/** Why a fresh clone of the compose file's repository lacks `host`, if it does. */
function lackedInClone(ctx: ComposeContext, gitRoot: string, host: string, isDir: boolean): Verdict {
  const rel = path.relative(gitRoot, host);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { kind: 'outside' };
  const ignoring = gitIgnoring(ctx.project, gitRoot, host, isDir);
  if (!ignoring || gitTracks(ctx.project, gitRoot, host) || hasTemplate(ctx, host) || mayBeMadeOnHost(ctx.project, gitRoot, rel.split(path.sep).join('/'))) return undefined;
  return { kind: 'ignored', pattern: ignoring.raw, file: ignoring.file, start: ignoring.start, end: ignoring.end };
}

export const composeInputNotInClone = composeRule({
  id: 'DGT234',
  name: 'compose-input-not-in-clone',
  kind: 'compose',
  severity: 'warning',
  title: 'Compose input that a fresh clone does not have',
  relatedMessages: { ignores: 'This pattern makes git ignore {path}.' },
  messages: {
    envFile:
      '`{file}` is ignored by git (`{pattern}`) and no template of it is committed: this copy of the project has it, a fresh clone does not, and `docker compose up` stops there with `env file {abs} not found: stat {abs}: no such file or directory`. Commit a template with placeholder values (`{file}.example`) and say how to make the real one, or mark it optional (`required: false`, Compose 2.24 and later).',
    envFileAbsent:
      '`{file}` is not in the repository and no template of it is committed: `docker compose up` stops with `env file {abs} not found: stat {abs}: no such file or directory` before any container starts, on every fresh clone. Commit a template with placeholder values (`{file}.example`) and say how to make the real one, or mark it optional (`required: false`, Compose 2.24 and later).',
    bindFile:
      '`{source}` is ignored by git (`{pattern}`) and no template of it is committed: a fresh clone does not have it, so Docker creates a folder in its place and the container fails with `error mounting "{abs}" to rootfs at "{target}": ... not a directory: Are you trying to mount a directory onto a file (or vice-versa)?`. Commit a template with placeholder values and say how to make the real file.',
    outside:
      '`{source}` lies outside the repository: this machine has it, a fresh clone of the project does not, and `docker compose up` fails on every other machine ({error}). Keep what the services need inside the repository.',
  },
  docs: {
    what: 'Finds what a compose service reads from the host — an `env_file`, a bind-mounted file, a build context — that a fresh clone of the repository does not have: git ignores it and no template of it (`.env.example`, `config.example.yaml`) is committed beside it, it lies outside the repository (`../secrets/.env`), or (for an env_file) it is not in the project at all.',
    why:
      'Compose runs on whatever the working tree holds, so a `.env` or a `config.yaml` that git ignores makes the project start on the machine where it was written and nowhere else. On a fresh clone the env file is simply missing, and a missing bind source is worse: Docker creates a folder where the file should be, and the container fails with an error about directories. A template beside it at least says what to create.',
    errorText: [
      'env file /home/dev/app/.env not found: stat /home/dev/app/.env: no such file or directory',
      'error mounting "/home/dev/app/config.yaml" to rootfs at "/app/config.yaml": mount src=/home/dev/app/config.yaml, dst=/app/config.yaml: not a directory: Are you trying to mount a directory onto a file (or vice-versa)? Check if the specified host path exists and is the expected type',
      'unable to prepare context: path "../shared" not found',
    ],
    bad: '# .gitignore: .env, config.yaml\nservices:\n  api:\n    build: .\n    env_file: .env\n    volumes:\n      - ./config.yaml:/app/config.yaml:ro\n',
    good: '# .env.example and config.example.yaml are committed; the README says to copy them\nservices:\n  api:\n    build: .\n    env_file:\n      - path: .env\n        required: false\n    volumes:\n      - ./config.yaml:/app/config.yaml:ro\n',
    exampleLanguage: 'yaml',
    notFlagged: [
      'Files with a committed template beside them (`.env.example`, `.env.sample`, `config.example.yaml` ...), build outputs, and names a Makefile, a script, a package.json or a CI workflow of the repository mentions (something makes them) — other than to read them: a Makefile\'s `include` or `$(wildcard ...)`, a shell\'s `source`, `.` or `[ -f ... ]`, `--env-file` and `$(cat ...)` make nothing.',
      'Optional env files (`required: false`), bind-mounted folders (Docker creates an empty one, which is usually what a data folder wants), and compose files outside a git work tree.',
      'Paths missing here too: DGT204 compose-bind-source-missing and DGT221 compose-build-context-missing report those.',
      'A build context that holds the whole repository (`..` from its root): every clone has a folder around it.',
    ],
  },
  check(ctx, report) {
    const gitRoot = gitRootOf(ctx.project, path.dirname(ctx.path));
    if (!gitRoot || gitIgnoring(ctx.project, gitRoot, ctx.path, false)) return;
    const scope = composeScope(ctx);
    for (const svc of scope.services) {
      for (const ef of envFiles(scope.view, svc.merged)) {
        const node = ef.node;
        if (!ef.required || node.kind !== 'scalar' || node.path !== ctx.path || !node.exact) continue;
        if (ctx.project.exists(ef.file) === undefined) {
          // Not here either: in a git work tree, a file of the repository that nothing makes and no template describes.
          const rel = path.relative(gitRoot, ef.file);
          if (rel.startsWith('..') || path.isAbsolute(rel) || gitTracks(ctx.project, gitRoot, ef.file) || hasTemplate(ctx, ef.file) || mayBeMadeOnHost(ctx.project, gitRoot, rel.split(path.sep).join('/'))) continue;
          report({ start: node.start, end: node.end, messageId: 'envFileAbsent', data: { file: node.value ?? '', abs: ef.file } });
          continue;
        }
        if (ctx.project.exists(ef.file) !== 'file') continue;
        const v = lackedInClone(ctx, gitRoot, ef.file, false);
        if (!v) continue;
        if (v.kind === 'outside') {
          report({ start: node.start, end: node.end, messageId: 'outside', data: { source: node.value ?? '', error: `env file ${ef.file} not found` } });
          continue;
        }
        const related: RelatedInput[] = [{ path: v.file, start: v.start, end: v.end, messageId: 'ignores', data: { path: path.relative(gitRoot, ef.file).split(path.sep).join('/') } }];
        report({ start: node.start, end: node.end, messageId: 'envFile', data: { file: node.value ?? '', pattern: v.pattern, abs: ef.file }, related });
      }
      for (const m of bindMounts(child(svc.merged, 'volumes'))) {
        if (m.path !== ctx.path || m.sourceStart === undefined || m.sourceEnd === undefined) continue;
        const host = relativeSource(scope.view, m);
        if (!host || ctx.project.exists(host) !== 'file') continue;
        const v = lackedInClone(ctx, gitRoot, host, false);
        if (!v) continue;
        if (v.kind === 'outside') {
          report({ start: m.sourceStart, end: m.sourceEnd, messageId: 'outside', data: { source: m.source, error: 'a folder is created in its place' } });
          continue;
        }
        report({
          start: m.sourceStart,
          end: m.sourceEnd,
          messageId: 'bindFile',
          data: { source: m.source, pattern: v.pattern, abs: host, target: m.target ?? '' },
          related: [{ path: v.file, start: v.start, end: v.end, messageId: 'ignores', data: { path: path.relative(gitRoot, host).split(path.sep).join('/') } }],
        });
      }
      const build = child(svc.merged, 'build');
      const ctxNode = build?.kind === 'map' ? scalarOf(child(build, 'context')) : scalarOf(build);
      if (ctxNode?.value && ctxNode.path === ctx.path && ctxNode.exact && !/^[a-z]+:\/\//i.test(ctxNode.value) && !ctxNode.value.includes('$')) {
        const dir = path.resolve(scope.view.dir, ctxNode.value.replace(/\\/g, '/'));
        // A folder that holds the clone (`..` from its root) is there wherever it is cloned.
        const up = path.relative(dir, gitRoot);
        const holdsClone = !up.startsWith('..') && !path.isAbsolute(up);
        if (!holdsClone && ctx.project.exists(dir) === 'dir' && lackedInClone(ctx, gitRoot, dir, true)?.kind === 'outside') {
          report({ start: ctxNode.start, end: ctxNode.end, messageId: 'outside', data: { source: ctxNode.value, error: `unable to prepare context: path "${ctxNode.value}" not found` } });
        }
      }
    }
  },
});
