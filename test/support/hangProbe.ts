/**
 * A preload (`node --require`, or NODE_OPTIONS) that makes DGT101 loop forever on any file whose
 * text contains HANG-ME: how the tests of the hang watch (server/src/hangGuard.ts) get a rule
 * that never returns inside the real server or CLI. It patches the rule objects when the module that
 * exports them loads: `serverEngine.js` (the bundled server) or `rules/registry` (the unbundled CLI).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const HANG_MARKER = 'HANG-ME';

/** Writes the preload to `file` (a .cjs path) and returns `file`. */
export function writeHangProbe(file: string, module: 'serverEngine.js' | 'rules/registry'): string {
  fs.writeFileSync(
    file,
    `const Module = require('module');
const load = Module._load;
Module._load = function (request, ...rest) {
  const m = load.call(this, request, ...rest);
  if (String(request).endsWith(${JSON.stringify(module)}) && m.RULES && !m.hangProbe) {
    m.hangProbe = true;
    const rule = m.RULES.find((r) => r.id === 'DGT101');
    const check = rule.check;
    rule.check = function (ctx, report) {
      if (ctx.text.includes(${JSON.stringify(HANG_MARKER)})) for (;;);
      return check.call(this, ctx, report);
    };
  }
  return m;
};
`,
  );
  return file;
}

/** A temporary folder with `work/` (the files to check) and `tmp/` (the temp folder given to the process). */
export function hangDirs(prefix: string): { dir: string; work: string; tmp: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const work = path.join(dir, 'work');
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(work);
  fs.mkdirSync(tmp);
  return { dir, work, tmp };
}
