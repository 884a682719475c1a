/**
 * DGT221 compose-build-context-missing: a service builds from a folder (or a Dockerfile) that is not
 * in the checkout. `docker compose build` and `up` stop before any container starts.
 */
import * as path from 'node:path';
import { composeRule } from './context';
import type { FixInput } from '../core/types';
import { composeScope } from './lib/composeKit';
import { child, scalarOf, type MScalar } from '../model/composeView';
import { caseCorrected } from '../model/composeBinds';
import { gitRootOf } from '../model/buildContext';

/** A context Compose fetches rather than reads from disk: a git or HTTP URL. */
function isRemote(v: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^git@/.test(v) || /^github\.com\//.test(v) || /\.git(#|$)/.test(v);
}

/** A relative path Compose resolves on the host (no variable, no absolute or Windows path). */
function relativePath(v: string): boolean {
  return !!v && !v.includes('$') && !v.startsWith('/') && !v.startsWith('~') && !/^[A-Za-z]:/.test(v) && !v.includes('\\');
}

export const composeBuildContextMissing = composeRule({
  id: 'DGT221',
  name: 'compose-build-context-missing',
  kind: 'compose',
  severity: 'error',
  title: 'Build context or Dockerfile that is not there',
  messages: {
    context:
      'The build context `{value}` does not exist: `docker compose build` and `up` stop with `unable to prepare context: path "{value}" not found` before any container starts.',
    outside:
      'The build context `{value}` lies outside this repository and is not there: on a fresh clone `docker compose build` and `up` stop with `unable to prepare context: path "{value}" not found`. Check that folder out next to this one (and say so in the README), or build from a folder of this repository.',
    dockerfile:
      'The Dockerfile `{value}` does not exist in the build context `{context}`: the build stops with `failed to read dockerfile: open {value}: no such file or directory`.',
    case:
      '`{value}` does not exist, but `{actual}` does: the names differ only in case. Docker Desktop on Windows and macOS ignores case; on Linux, in WSL and in CI the build stops (`unable to prepare context` / `failed to read dockerfile`). Use `{actual}`.',
  },
  fixTitles: { case: 'Use the name on disk: {path}' },
  docs: {
    what: 'Finds `build:` contexts and `dockerfile:` paths of compose services that do not exist in the checkout (a git work tree), including contexts outside the repository.',
    why:
      'Compose resolves the build context against the compose file\'s folder. A folder that was renamed, never committed, or lives in another repository (`../../auth-proxy`) stops every `docker compose up` on a fresh clone, for every service, before anything starts. Windows and macOS ignore letter case, so `./Backend` works there and fails on Linux and in CI.',
    errorText: ['unable to prepare context: path "./backend" not found', 'failed to solve: failed to read dockerfile: open Dockerfile.dev: no such file or directory'],
    bad: 'services:\n  api:\n    build: ./backend   # the folder is called server/\n',
    good: 'services:\n  api:\n    build: ./server\n',
    exampleLanguage: 'yaml',
    fixes: 'When only the letter case differs, replaces the path with the name on disk.',
    notFlagged: [
      'Workspaces that are not a git checkout (nothing at or above the compose file has `.git`): the folder may just not be part of what is open.',
      'Git and HTTP contexts, contexts with variables, absolute and Windows paths, and `dockerfile_inline`.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    const root = gitRootOf(ctx.project, scope.view.dir);
    if (!root) return;
    const done = new Set<number>();
    const flag = (s: MScalar, messageId: 'context' | 'outside' | 'dockerfile', base: string, data: Record<string, string>) => {
      if (s.path !== ctx.path || !s.exact || done.has(s.start)) return;
      done.add(s.start);
      const fixed = caseCorrected(ctx.project, base, s.value ?? '');
      if (fixed) {
        const fixes: FixInput[] = [{ titleId: 'case', titleData: { path: fixed }, preferred: true, edits: [{ path: ctx.path, start: s.start, end: s.end, newText: fixed }] }];
        report({ start: s.start, end: s.end, messageId: 'case', data: { ...data, actual: fixed }, fixes });
        return;
      }
      report({ start: s.start, end: s.end, messageId, data });
    };
    for (const svc of scope.services) {
      const build = child(svc.merged, 'build');
      const ctxNode = scalarOf(child(build, 'context'));
      const value = ctxNode?.value;
      if (!ctxNode || value === undefined || !relativePath(value) || isRemote(value)) continue;
      const abs = path.resolve(scope.view.dir, value);
      const kind = ctx.project.exists(abs);
      if (!kind) {
        const inside = abs === root || abs.startsWith(root + path.sep);
        flag(ctxNode, inside ? 'context' : 'outside', scope.view.dir, { value, context: value });
        continue;
      }
      if (kind !== 'dir') continue;
      const df = scalarOf(child(build, 'dockerfile'));
      if (!df?.value || !relativePath(df.value) || child(build, 'dockerfile_inline')) continue;
      const dfAbs = path.resolve(abs, df.value);
      if (ctx.project.exists(dfAbs) || !(dfAbs === root || dfAbs.startsWith(root + path.sep))) continue;
      flag(df, 'dockerfile', abs, { value: df.value, context: value });
    }
  },
});
