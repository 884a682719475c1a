/**
 * The layers of server/src (docs/architecture.md): every module imports only from its own floor or
 * the floors below it, so that no import runs back up. Rules stand on the container model: none
 * imports dockerfile-ast or another rule, and neither rules nor the model cast their way into a
 * parser's objects.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '..', '..', '..', 'server', 'src');

/** The floor of each part of server/src; a module may import from its own floor and those below. */
const FLOORS: [RegExp, number][] = [
  [/^core\//, 0],
  [/^facts\//, 0],
  [/^parse\//, 1],
  [/^l10n\//, 1],
  [/^(docs|version|threads)\.ts$/, 1],
  [/^project\//, 2],
  [/^model\//, 3],
  [/^rules\//, 4],
  [/^engine\//, 5],
  [/^(generate|lsp|cli|tools)\//, 6],
  [/^hangGuard\.ts$/, 6],
];

function floorOf(rel: string): number {
  for (const [re, floor] of FLOORS) if (re.test(rel)) return floor;
  throw new Error(`server/src/${rel} belongs to no floor: add its folder to FLOORS (and to docs/architecture.md)`);
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(full));
    else if (e.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

function importsOf(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'|require\('([^']+)'\)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

function resolveModule(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base + '.ts', path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  return undefined;
}

const FILES = sources(SRC);
const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');

test('no import in server/src runs up a floor', () => {
  const upward: string[] = [];
  for (const f of FILES) {
    const mine = floorOf(rel(f));
    for (const spec of importsOf(fs.readFileSync(f, 'utf8'))) {
      const target = resolveModule(f, spec);
      if (!target) continue;
      const theirs = floorOf(rel(target));
      if (theirs > mine) upward.push(`${rel(f)} (floor ${mine}) imports ${rel(target)} (floor ${theirs})`);
    }
  }
  assert.deepEqual(upward, []);
});

test('the floor check sees imports, so it can fail', () => {
  assert.deepEqual(importsOf("import type { A } from '../x';\nimport {\n  b,\n} from './y';\nexport { c } from '../z';\nimport 'side';"), ['../x', './y', '../z', 'side']);
  assert.equal(floorOf('engine/analyze.ts') > floorOf('rules/registry.ts'), true);
});

test('rules stand on the model: no rule imports dockerfile-ast or another rule, and the model does not import rules', () => {
  const bad: string[] = [];
  for (const f of FILES) {
    const r = rel(f);
    const specs = importsOf(fs.readFileSync(f, 'utf8'));
    if (r.startsWith('rules/') || r.startsWith('model/')) {
      for (const s of specs) if (s === 'dockerfile-ast') bad.push(`${r} imports dockerfile-ast`);
    }
    if (r.startsWith('model/')) {
      for (const s of specs) {
        const t = resolveModule(f, s);
        if (t && rel(t).startsWith('rules/')) bad.push(`${r} imports ${rel(t)}`);
      }
    }
    if (/^rules\/[^/]+\.ts$/.test(r) && r !== 'rules/registry.ts') {
      for (const s of specs) {
        const t = resolveModule(f, s);
        if (t && /^rules\/[^/]+\.ts$/.test(rel(t)) && rel(t) !== 'rules/context.ts') bad.push(`${r} imports the rule module ${rel(t)}`);
      }
    }
    if (r.startsWith('rules/lib/')) {
      for (const s of specs) {
        const t = resolveModule(f, s);
        if (t && /^rules\/[^/]+\.ts$/.test(rel(t)) && rel(t) !== 'rules/context.ts') bad.push(`${r} imports the rule module ${rel(t)}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});

test('neither rules nor the model cast their way into parser objects (`as unknown as`)', () => {
  const casts: string[] = [];
  for (const f of FILES) {
    const r = rel(f);
    if (!r.startsWith('rules/') && !r.startsWith('model/')) continue;
    fs.readFileSync(f, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.includes('as unknown as')) casts.push(`${r}:${i + 1}`);
      });
  }
  assert.deepEqual(casts, []);
});
