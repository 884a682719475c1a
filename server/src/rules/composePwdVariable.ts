/**
 * DGT219 compose-pwd-variable: `$PWD` in a host path of a compose file. cmd.exe and PowerShell set no
 * PWD, so older Compose substitutes an empty string there; a path relative to the compose file means
 * the same on every machine.
 */
import { composeRule } from './context';
import type { FixInput } from '../core/types';
import { composeScope } from './lib/composeKit';
import { pathCandidates } from '../model/composePaths';
import { COMPOSE_SETS_PWD_SINCE } from '../facts/compose';

const PWD = /^\$(\{PWD\}|PWD)(?=\/|\\|$)/;

export const composePwdVariable = composeRule({
  id: 'DGT219',
  name: 'compose-pwd-variable',
  kind: 'compose',
  severity: 'info',
  title: '`$PWD` in a compose path',
  messages: {
    pwd:
      '`{ref}` in this {what} comes from the shell that runs Compose. cmd.exe and PowerShell set no PWD: Compose before ' +
      COMPOSE_SETS_PWD_SINCE +
      ' warns `The "PWD" variable is not set. Defaulting to a blank string.` and uses `{blank}`, a folder of the Docker VM, so the files go nowhere you can see (a missing file becomes an empty folder); newer Compose takes the folder it is started in, which is not the compose file\'s folder when you run it with `-f`. Use `{fixed}`: relative paths are resolved against the compose file\'s folder on every machine.',
  },
  fixTitles: { relative: 'Use a path relative to the compose file: {path}' },
  docs: {
    what: 'Finds `$PWD` and `${PWD}` at the start of host paths in compose files: volume sources, build contexts, `dockerfile` paths, `env_file` entries.',
    why:
      '`$PWD` is a variable of Unix shells. On Windows, cmd.exe and PowerShell do not set it, so Compose before v2.35.0 replaces it with an empty string: `$PWD/media:/app/media` mounts `/media` of the Docker Desktop VM, and a missing `/config.yaml` there becomes an empty folder. Compose v2.35.0 and later set PWD to the folder Compose is started in, which still differs from the compose file\'s folder when the file is named with `-f` from elsewhere. A relative path (`./media`) is resolved against the compose file\'s folder everywhere.',
    errorText: ['The "PWD" variable is not set. Defaulting to a blank string.', 'read /app/config.yaml: is a directory'],
    bad: 'services:\n  api:\n    build: .\n    volumes:\n      - $PWD/media:/app/media\n',
    good: 'services:\n  api:\n    build: .\n    volumes:\n      - ./media:/app/media\n',
    exampleLanguage: 'yaml',
    fixes: 'Replaces `$PWD` (or `${PWD}`) with `.`.',
    notFlagged: ['`$PWD` elsewhere than at the start of a host path (in `environment`, `command`, container paths).', 'Values whose text is not written out verbatim (escaped double-quoted YAML).'],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    const done = new Set<number>();
    for (const c of pathCandidates(scope.view)) {
      if (c.side !== 'host' || c.scalar.path !== ctx.path || !c.scalar.exact) continue;
      const m = PWD.exec(c.value);
      if (!m) continue;
      const start = c.scalar.start + c.at;
      if (done.has(start)) continue;
      done.add(start);
      const rest = c.value.slice(m[0].length).replace(/\\/g, '/');
      const fixed = rest ? '.' + rest : '.';
      const fixes: FixInput[] = [{ titleId: 'relative', titleData: { path: fixed }, preferred: true, edits: [{ path: ctx.path, start, end: start + m[0].length, newText: '.' }] }];
      report({ start, end: start + m[0].length, messageId: 'pwd', data: { ref: m[0], what: c.what, blank: rest || '/', fixed }, fixes });
    }
  },
});
