/**
 * DGT217 compose-obsolete-version: a top-level `version:` in a compose file.
 */
import { composeRule } from './context';
import { isMap, isScalar, scalarString } from '../parse/compose';
import type { Node } from '../parse/compose';
import { lineStartOf, titled, wholeLines } from './lib/composeKit';

const FIX_TITLES: Record<string, string> = {
  remove: 'Remove the obsolete `version` line',
};

export const composeObsoleteVersion = composeRule({
  id: 'DGT217',
  name: 'compose-obsolete-version',
  kind: 'compose',
  severity: 'hint',
  title: 'Obsolete top-level `version`',
  fixTitles: FIX_TITLES,
  messages: {
    version:
      'The top-level `version: {value}` is obsolete: Docker Compose v2 ignores it and warns `the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion`. Remove the line.',
  },
  docs: {
    what: 'Finds the top-level `version:` key of a compose file.',
    why:
      'The Compose Specification, which Docker Compose v2 implements, has no file versions: `version` is read, ignored and answered with a warning on every `docker compose` command. It also misleads readers into thinking that features are gated by it (they are not: `depends_on` conditions, `deploy.resources` and the rest work whatever it says). Only the retired docker-compose v1 (Python) needed it.',
    errorText: ['WARN[0000] /app/docker-compose.yml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion'],
    bad: 'version: "3.8"\nservices:\n  api:\n    build: .\n',
    good: 'services:\n  api:\n    build: .\n',
    exampleLanguage: 'yaml',
    fixes: 'Removes the `version` line.',
    notFlagged: ['`version` keys below the top level (for example inside an `x-` extension or a service label).'],
  },
  check(ctx, report) {
    for (const doc of ctx.model.docs) {
      const root = doc.contents as Node | null;
      if (!isMap(root)) continue;
      for (const pair of root.items) {
        if (!isScalar(pair.key) || pair.key.value !== 'version') continue;
        const kr = pair.key.range;
        if (!kr) continue;
        const value = isScalar(pair.value) ? scalarString(pair.value) ?? '' : '';
        const vr = (pair.value as Node | null)?.range;
        const end = vr ? vr[1] : kr[1];
        const lines = wholeLines(ctx.text, kr[0], end);
        const onOwnLines = !ctx.text.slice(lineStartOf(ctx.text, kr[0]), kr[0]).trim() && !root.flow;
        // A blank line that separated `version` from what follows goes too, when nothing precedes it.
        let removeEnd = lines.end;
        const before = ctx.text.slice(0, lines.start);
        const blank = /^[ \t]*\r?\n/.exec(ctx.text.slice(lines.end));
        if (blank && !before.trim()) removeEnd += blank[0].length;
        const trailing = ctx.text.slice(end, lines.end).replace(/\r?\n$/, '').trim();
        const fixable = onOwnLines && (trailing === '' || trailing.startsWith('#'));
        // The value is the smallest span that is not at column 0 (where no marker comment can point).
        const [start, stop] = vr && vr[1] > vr[0] ? [vr[0], vr[1]] : [kr[0], kr[1]];
        report({
          start,
          end: stop,
          messageId: 'version',
          data: { value: value ? JSON.stringify(value) : '' },
          fixes: fixable ? [{ ...titled(FIX_TITLES, 'remove'), preferred: true, edits: [{ path: ctx.path, start: lines.start, end: removeEnd, newText: '' }] }] : [],
        });
      }
    }
  },
});
