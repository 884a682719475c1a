/**
 * DGT215 compose-log-rotation: `logging.driver: json-file` without `max-size`.
 */
import { composeRule } from './context';
import type { FixInput } from '../core/types';
import { child, entry, scalarOf } from '../model/composeView';
import { isMap } from '../parse/compose';
import type { YAMLMap } from 'yaml';
import { appendToBlock, composeScope, indentUnit, ownPair, titled } from './lib/composeKit';

const FIX_TITLES: Record<string, string> = {
  rotate: 'Rotate the logs: max-size 10m, max-file 3',
};

export const composeLogRotation = composeRule({
  id: 'DGT215',
  name: 'compose-log-rotation',
  kind: 'compose',
  severity: 'info',
  title: 'json-file logging without `max-size`',
  fixTitles: FIX_TITLES,
  messages: {
    noMaxSize:
      'The json-file log driver keeps every line the container writes, with no size limit unless `max-size` is set: a chatty Go service fills the disk (on Docker Desktop, the VM\'s virtual disk) until writes fail with `no space left on device`. Add `options: max-size` (and `max-file`), or use the `local` driver, which rotates by default.',
  },
  docs: {
    what: 'Finds services whose `logging` selects the `json-file` driver without a `max-size` option.',
    why:
      'Docker\'s json-file driver writes container output to a file under /var/lib/docker/containers that grows without bound unless `max-size` is given. Go services that log every request (gin\'s default logger, for example) fill the host disk in days; on Docker Desktop the disk is the VM\'s, which also grows and does not shrink by itself.',
    errorText: ['write /var/lib/docker/containers/<id>/<id>-json.log: no space left on device', 'Error response from daemon: no space left on device'],
    bad: 'services:\n  api:\n    build: .\n    logging:\n      driver: json-file\n',
    good: 'services:\n  api:\n    build: .\n    logging:\n      driver: json-file\n      options:\n        max-size: "10m"\n        max-file: "3"\n',
    exampleLanguage: 'yaml',
    fixes: 'Adds `max-size: "10m"` and `max-file: "3"` to the logging options.',
    notFlagged: [
      'Services without a `logging` section: the daemon\'s default driver and options (daemon.json) apply, which this rule cannot see.',
      'Other drivers (`local` rotates by default; `journald`, `syslog`, `fluentd`, ... manage their own storage).',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    const done = new Set<number>();
    for (const s of scope.services) {
      const logging = child(s.merged, 'logging');
      if (logging?.kind !== 'map') continue;
      const driver = scalarOf(child(logging, 'driver'));
      if (!driver || driver.value !== 'json-file' || driver.path !== ctx.path || done.has(driver.start)) continue;
      const options = child(logging, 'options');
      if (entry(options, 'max-size')) continue;
      done.add(driver.start);
      const fixes: FixInput[] = [];
      // The logging map that holds this driver, as written in this file.
      const holder = logging.path === ctx.path && logging.node && isMap(logging.node) ? (logging.node as YAMLMap) : undefined;
      if (holder && holder.items.some((p) => p.value === driver.node)) {
        const optPair = ownPair(holder, 'options');
        const optNode = optPair?.value;
        let edit;
        const unit = indentUnit(ctx, s.local);
        if (!optPair) edit = appendToBlock(ctx, holder, ['options:', `${unit}max-size: "10m"`, `${unit}max-file: "3"`]);
        else if (isMap(optNode) && !optNode.flow) {
          const lines = ['max-size: "10m"'];
          if (!optNode.items.some((p) => String((p.key as { value?: unknown })?.value) === 'max-file')) lines.push('max-file: "3"');
          edit = appendToBlock(ctx, optNode, lines);
        }
        if (edit) fixes.push({ ...titled(FIX_TITLES, 'rotate'), preferred: true, edits: [edit] });
      }
      report({ start: driver.start, end: driver.end, messageId: 'noMaxSize', fixes });
    }
  },
});
