/**
 * DGT220 compose-home-bind-source: a bind source under someone's home folder (`/home/alice/...`,
 * `/Users/alice/...`). It exists only on the machine the file was written on;
 * everywhere else Docker creates an empty folder and mounts it.
 */
import * as path from 'node:path';
import { composeRule } from './context';
import type { FixInput } from '../core/types';
import { composeScope } from './lib/composeKit';
import { isWindowsContainerPath, pathCandidates } from '../model/composePaths';

/** Home folders of Linux and macOS. */
const HOME = /^(\/home\/|\/Users\/)([^/$]+)(?=\/|$)/;
/** Folders under /Users that every Mac has. */
const SHARED = new Set(['shared', 'guest']);

/** The home folder the workspace itself lives in ("/home/alice", "/Users/alice"). */
function ownHome(file: string): string | undefined {
  return /^(\/home\/[^/]+|\/Users\/[^/]+)(?=\/)/.exec(file.replace(/\\/g, '/'))?.[1];
}

export const composeHomeBindSource = composeRule({
  id: 'DGT220',
  name: 'compose-home-bind-source',
  kind: 'compose',
  severity: 'warning',
  title: "Bind source in someone's home folder",
  messages: {
    home:
      '`{source}` is in the home folder of `{user}`: it exists only on the machine this file was written on. Anywhere else Docker does not fail: it creates `{source}` as an empty folder owned by root (with Docker Desktop, inside its VM, where you never see it) and mounts it over `{target}`, so whatever the image has there is hidden and what the service writes is not where you look. Use a path relative to the compose file, or a named volume.',
  },
  fixTitles: { relative: 'Use a path relative to the compose file: {path}' },
  docs: {
    what: 'Finds bind-mount sources under a user\'s home folder (`/home/alice/...`, `/Users/alice/...`) in compose files that do not themselves live in that home folder.',
    why:
      'A path such as `/home/alice/app/config:/app/config` only exists on Alice\'s machine. On a teammate\'s laptop, on a server and in CI, Docker creates the missing source as an empty root-owned folder (Docker Desktop creates it inside its VM) and mounts it: the configuration the image ships is hidden behind an empty folder, uploads and logs land in a folder nobody looks at, and nothing reports an error.',
    errorText: ['open /app/config/config.yaml: no such file or directory', 'mkdir /home/alice: read-only file system'],
    bad: 'services:\n  api:\n    build: .\n    volumes:\n      - /home/alice/api/config:/app/config\n',
    good: 'services:\n  api:\n    build: .\n    volumes:\n      - ./config:/app/config\n',
    exampleLanguage: 'yaml',
    fixes: 'When the end of the path names a folder or file that exists next to the compose file (`/home/alice/api/config` and `./config`), replaces the source with that relative path.',
    notFlagged: [
      'Compose files inside the same home folder (the machine the path belongs to).',
      'Shared folders every Mac has (`/Users/Shared`), `~` and `$HOME` paths (they follow the user), and Windows paths (`C:\\Users\\...`: DGT201 speaks about those).',
      'Windows-container mounts.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    const mine = ownHome(ctx.path);
    const done = new Set<number>();
    for (const c of pathCandidates(scope.view)) {
      if ((c.what !== 'volume source' && c.what !== 'bind source') || c.scalar.path !== ctx.path || !c.scalar.exact) continue;
      if (isWindowsContainerPath(c.target)) continue;
      const m = HOME.exec(c.value);
      if (!m || SHARED.has(m[2].toLowerCase())) continue;
      if (mine === m[1] + m[2]) continue;
      const start = c.scalar.start + c.at;
      if (done.has(start)) continue;
      done.add(start);
      const end = start + c.value.length;
      const fixes: FixInput[] = [];
      const rest = c.value.slice(m[0].length).split('/').filter(Boolean);
      for (let k = 0; k < rest.length; k++) {
        const rel = rest.slice(k).join('/');
        if (ctx.project.exists(path.join(scope.view.dir, rel))) {
          fixes.push({ titleId: 'relative', titleData: { path: './' + rel }, preferred: true, edits: [{ path: ctx.path, start, end, newText: './' + rel }] });
          break;
        }
      }
      report({ start, end, messageId: 'home', data: { source: c.value, user: m[2], target: c.target ?? '' }, fixes });
    }
  },
});
