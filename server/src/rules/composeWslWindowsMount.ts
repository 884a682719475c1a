/**
 * DGT203 compose-wsl-windows-mount: a bind mount from the Windows drive as WSL sees it (`/mnt/c/...`).
 */
import { composeRule } from './context';
import { child } from '../model/composeView';
import { composeScope } from './lib/composeKit';
import { bindMounts } from '../model/composeSpecs';

const WINDOWS_DRIVE = /^\/mnt\/([a-z])(\/|$)/;

export const composeWslWindowsMount = composeRule({
  id: 'DGT203',
  name: 'compose-wsl-windows-mount',
  kind: 'compose',
  severity: 'info',
  title: 'Bind mount from the Windows drive under WSL (/mnt/c)',
  messages: {
    mnt:
      '`{source}` is on the Windows drive {drive}: as seen from WSL2. Files there go through the 9P file server, which is many times slower than the Linux file system (`go build`, `go mod download` and databases crawl), and file-change events do not reach the container, so hot reload (air, CompileDaemon, nodemon) never fires. Keep the project and its data in the WSL file system (for example ~/src) and mount it from there.',
  },
  docs: {
    what: 'Finds bind mounts whose source is on a Windows drive as mounted in WSL (`/mnt/c/...`, `/mnt/d/...`).',
    why:
      'Under WSL2, `/mnt/c` is the Windows drive served over the 9P protocol. A container that bind-mounts it reads and writes every file across that bridge: builds and databases are slow, and inotify events for changes made from Windows are not delivered, so file watchers inside the container (air, CompileDaemon, nodemon, webpack) see nothing. Docker\'s and Microsoft\'s guidance is to keep the files in the Linux file system of the distribution.',
    errorText: ['(no error: hot reload never triggers, and builds and queries are many times slower)'],
    bad: 'services:\n  api:\n    build: .\n    volumes:\n      - /mnt/c/Users/dev/goapp:/app\n',
    good: 'services:\n  api:\n    build: .\n    volumes:\n      - ~/src/goapp:/app    # the project lives in the WSL file system\n',
    exampleLanguage: 'yaml',
    notFlagged: ['Relative bind sources (their speed depends on where the project is, which the workspace path already shows).', 'Editors that report a Linux or macOS host (`dockerGoTraps.hostMode`).'],
  },
  check(ctx, report) {
    if (ctx.hostMode === 'linux' || ctx.hostMode === 'mac') return;
    const scope = composeScope(ctx);
    const done = new Set<number>();
    for (const s of scope.services) {
      for (const m of bindMounts(child(s.merged, 'volumes'))) {
        const d = WINDOWS_DRIVE.exec(m.source);
        if (m.path !== ctx.path || !d || m.sourceStart === undefined || m.sourceEnd === undefined || done.has(m.sourceStart)) continue;
        done.add(m.sourceStart);
        report({ start: m.sourceStart, end: m.sourceEnd, messageId: 'mnt', data: { source: m.source, drive: d[1].toUpperCase() } });
      }
    }
  },
});
