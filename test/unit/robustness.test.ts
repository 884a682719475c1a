/**
 * Robustness: the engine must survive whatever an editor or a repository hands it.
 *
 * Property tests (fast-check, fixed seeds) mutate the fixture projects (test/fixtures/**) and the
 * real projects of ../shared/corpus (read at test time, never copied): truncations, character and
 * line edits, unicode (CJK, emoji, RTL, lone surrogates), CRLF/LF/BOM flips, raw byte flips and
 * deep nesting, delivered either as files on disk (bytes) or as open documents (overlays, the
 * language server's path). In every run, for every rule registered in RULES:
 *   - no exception, and nothing in project.log (a rule failure, a parse failure or a rule over
 *     its time budget);
 *   - every finding, related location and fix edit lies inside its document and does not split a
 *     surrogate pair;
 *   - every quick fix applies cleanly (its edits do not overlap) and, applied and re-analysed,
 *     removes its finding;
 *   - applying all preferred fixes settles: after at most five passes, nothing is left to fix, so
 *     a second application changes nothing.
 * Hostile files then check that time and memory stay bounded and that a skipped file gets exactly
 * one DGT000 info diagnostic saying why.
 *
 * DGT_FUZZ_RUNS=<n> sets the number of runs per property (default 40); DGT_FUZZ_SEED=<n> the seed;
 * DGT_FUZZ_VERBOSE=1 prints the time of every hostile case. The unmutated fixtures, as written and
 * with CRLF and BOM, are the fixture harness's job (rules.fixtures.test.ts).
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { Project, MemoryHost, MAX_FILE_BYTES } from '../../server/src/project/project';
import { analyzeFile, SKIPPED_RULE } from '../../server/src/engine/analyze';
import { initGoParser } from '../../server/src/parse/go';
import { fileKind } from '../../server/src/project/files';
import { collectEdits, editedText, preferredFix } from '../../server/src/engine/fix';
import type { Finding, FileEdit } from '../../server/src/core/types';
import { RULES } from '../../server/src/rules/registry';
import { loadCases, ruleFixtureDirs } from '../support/fixtures';
import { LspClient } from '../support/lspClient';
import { RULE_SET } from '../../server/src/rules/registry';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
const SERVER = path.join(ROOT, 'dist', 'server.js');

const RUNS = Math.max(1, Number(process.env.DGT_FUZZ_RUNS) || 40);
const SEED = Number(process.env.DGT_FUZZ_SEED) || 20250107;
/** DGT_FUZZ_VERBOSE=1 prints the time of every hostile case. */
const VERBOSE = !!process.env.DGT_FUZZ_VERBOSE;
/** Per-rule budget passed to the engine: generous, so it catches hangs and not a busy machine. */
const BUDGET_MS = 5000;
/** Wall-time bound for the analysis of one file (not a timing test: it catches hangs). */
const HOSTILE_MS = 5000;
/** Fixes checked one by one per run (each needs a fresh project). */
const MAX_FIXES_PER_RUN = 8;

const ANALYSED = new Set(['dockerfile', 'compose', 'go']);

before(async () => {
  await initGoParser();
});

// ---- samples: small projects to mutate ---------------------------------------------------------

interface Sample {
  label: string;
  root: string;
  /** Absolute (virtual) path → content. */
  files: Map<string, string | Uint8Array>;
  /** Files worth mutating: the ones the engine reads. */
  targets: string[];
}

function isTarget(p: string): boolean {
  return fileKind(p) !== undefined;
}

function fixtureSamples(): Sample[] {
  const out: Sample[] = [];
  for (const dir of ruleFixtureDirs()) {
    for (const c of loadCases(dir)) {
      const files = new Map<string, string | Uint8Array>();
      for (const [rel, text] of c.files) files.set(path.posix.join(c.root, rel), text);
      const extra = (c as { extraFiles?: Map<string, string> }).extraFiles;
      for (const [rel, text] of extra ?? []) files.set(path.posix.join(c.root, rel), text);
      const targets = [...files.keys()].filter(isTarget);
      if (targets.length) out.push({ label: `fixture ${dir}/${c.name}`, root: c.root, files, targets });
    }
  }
  return out;
}

function walkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walkFiles(full));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

/** One sample per corpus repository folder, mounted at /corpus/<owner__repo>. */
function corpusSamples(): Sample[] {
  if (!fs.existsSync(CORPUS)) return [];
  const out: Sample[] = [];
  for (const e of fs.readdirSync(CORPUS, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const root = path.posix.join('/corpus', e.name);
    const files = new Map<string, string | Uint8Array>();
    for (const f of walkFiles(path.join(CORPUS, e.name))) {
      const rel = path.relative(path.join(CORPUS, e.name), f).split(path.sep).join('/');
      files.set(path.posix.join(root, rel), new Uint8Array(fs.readFileSync(f)));
    }
    const targets = [...files.keys()].filter(isTarget);
    if (targets.length) out.push({ label: `corpus ${e.name}`, root, files, targets });
  }
  return out;
}

// ---- mutations ---------------------------------------------------------------------------------

type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'char'; at: number; how: 'insert' | 'delete' | 'replace'; s: string }
  | { op: 'line'; how: 'delete' | 'duplicate' | 'swap' | 'indent' | 'dedent' | 'join'; a: number; b: number }
  | { op: 'unicode'; at: number; s: string }
  | { op: 'eol'; how: 'crlf' | 'lf' | 'mixed' | 'cr'; seed: number }
  | { op: 'bom' }
  | { op: 'nest'; at: number; open: string; close: string; depth: number; closed: boolean };

/** Characters and snippets that matter to the three parsers. */
const SYNTAX = [
  '\n', '\r', '\r\n', '\t', ' ', '\\', '\\\n', '`', '"', "'", '$', '${', '$(', '{', '}', '[', ']', '(', ')', ':', ': ', '-', '- ', '#', '//', '/*',
  '&', '&&', '|', ';', '*', '&a ', '*a', '<<: *a', '<<EOF\n', 'EOF\n', '>', '=', '/', '\0', '\u00a0', '---\n', '...\n', '!!binary ', '? ',
  'FROM ', 'FROM scratch\n', 'AS ', 'RUN ', 'RUN go build -o /app .\n', 'CGO_ENABLED=1 ', 'COPY . .\n', 'COPY --from=', 'WORKDIR /src\n',
  'USER ', 'ENV ', 'ARG ', 'ONBUILD ', '# escape=`\n', '# syntax=docker/dockerfile:1\n', 'services:\n', 'build: .\n', 'volumes:\n',
  'C:\\app:/app', '.\\data:/data', 'package main\n', 'import "C"\n', 'func main() {', '"127.0.0.1:8080"', 'http.ListenAndServe(',
];

const UNICODE = [
  '中文注释', '你好，世界', '注释：构建', '🐳', '🚀🔥', '👨‍👩‍👧', '\u202Eעברית\u202C', 'مرحبا', '\uD800', '\uDFFF', '\uDBFF\uDBFF', '\uFEFF',
  '\u2028', '\u2029', 'e\u0301', '\u200B', '\u200D', 'Ａ：', '𝔘𝔫𝔦', '\u0085', '\u000B', '\u000C',
];

const NESTS: [string, string][] = [
  ['[', ']'], ['{', '}'], ['(', ')'], ['${a:-', '}'], ['$(', ')'], ['- ', ''], ['"', '"'], ['{a: ', '}'], ['func(){', '}'], ['\\\n', ''],
];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('char' as const),
    at: fc.nat(),
    how: fc.constantFrom('insert' as const, 'delete' as const, 'replace' as const),
    s: fc.oneof(fc.constantFrom(...SYNTAX), fc.string({ maxLength: 3 })),
  }),
  fc.record({
    op: fc.constant('line' as const),
    how: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const, 'indent' as const, 'dedent' as const, 'join' as const),
    a: fc.nat(),
    b: fc.nat(),
  }),
  fc.record({ op: fc.constant('unicode' as const), at: fc.nat(), s: fc.constantFrom(...UNICODE) }),
  fc.record({ op: fc.constant('eol' as const), how: fc.constantFrom('crlf' as const, 'lf' as const, 'mixed' as const, 'cr' as const), seed: fc.nat() }),
  fc.record({ op: fc.constant('bom' as const) }),
  fc.record({
    op: fc.constant('nest' as const),
    at: fc.nat(),
    open: fc.constant(''),
    close: fc.constant(''),
    depth: fc.integer({ min: 1, max: 400 }),
    closed: fc.boolean(),
  }).chain((m) => fc.constantFrom(...NESTS).map(([open, close]) => ({ ...m, open, close }))),
);

function mutate(text: string, m: Mutation): string {
  const pos = (at: number) => (text.length ? at % (text.length + 1) : 0);
  switch (m.op) {
    case 'truncate':
      return text.slice(0, pos(m.at));
    case 'char': {
      const i = pos(m.at);
      if (m.how === 'insert') return text.slice(0, i) + m.s + text.slice(i);
      if (m.how === 'delete') return text.slice(0, i) + text.slice(i + 1);
      return text.slice(0, i) + m.s + text.slice(i + 1);
    }
    case 'unicode': {
      const i = pos(m.at);
      return text.slice(0, i) + m.s + text.slice(i);
    }
    case 'line': {
      const lines = text.split('\n');
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      if (m.how === 'delete') lines.splice(a, 1);
      else if (m.how === 'duplicate') lines.splice(a, 0, lines[a]);
      else if (m.how === 'swap') [lines[a], lines[b]] = [lines[b], lines[a]];
      else if (m.how === 'indent') lines[a] = (b % 2 ? '\t' : '  ') + lines[a];
      else if (m.how === 'dedent') lines[a] = lines[a].replace(/^[ \t]/, '');
      else if (a + 1 < lines.length) lines.splice(a, 2, lines[a].replace(/\r$/, '') + ' ' + lines[a + 1]);
      return lines.join('\n');
    }
    case 'eol':
      if (m.how === 'crlf') return text.replace(/\r?\n/g, '\r\n');
      if (m.how === 'lf') return text.replace(/\r\n/g, '\n');
      if (m.how === 'cr') return text.replace(/\r?\n/g, (nl, at: number) => ((at + m.seed) % 3 === 0 ? '\r' : nl));
      return text.replace(/\r?\n/g, (nl, at: number) => ((at + m.seed) % 2 === 0 ? (nl === '\n' ? '\r\n' : '\n') : nl));
    case 'bom':
      return text.startsWith('\uFEFF') ? text.slice(1) : '\uFEFF' + text;
    case 'nest': {
      const i = pos(m.at);
      const inner = m.open.repeat(m.depth) + 'x' + (m.closed ? m.close.repeat(m.depth) : '');
      return text.slice(0, i) + inner + text.slice(i);
    }
  }
}

/** How the mutated file reaches the engine. */
type Delivery = { how: 'disk' } | { how: 'editor' } | { how: 'bytes'; at: number; byte: number };

const deliveryArb: fc.Arbitrary<Delivery> = fc.oneof(
  fc.constant({ how: 'disk' as const }),
  fc.constant({ how: 'editor' as const }),
  fc.record({ how: fc.constant('bytes' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
);

// ---- a world: one project state to analyse -----------------------------------------------------

interface World {
  project: Project;
  logs: string[];
  analysed: string[];
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

function textOf(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : decoder.decode(content);
}

/** Mounts the sample's files, then `disk` over them as files and `editor` as open documents. */
function makeWorld(sample: Sample, disk: Map<string, string | Uint8Array>, editor: Map<string, string>): World {
  const host = new MemoryHost(new Map([...sample.files, ...disk]));
  const project = new Project(host);
  const logs: string[] = [];
  project.log = (m) => logs.push(m);
  project.scan(sample.root);
  for (const [p, text] of editor) project.setOverlay(p, text);
  const analysed = [...project.files].filter((p) => ANALYSED.has(fileKind(p) ?? '')).sort();
  return { project, logs, analysed };
}

function analyzeWorld(w: World, only?: string[]): Finding[] {
  return (only ?? w.analysed).flatMap((p) => analyzeFile(RULE_SET, w.project, p, { budgetMs: BUDGET_MS }));
}

function assertQuiet(w: World, what: () => string): void {
  if (w.logs.length) assert.fail(`the engine logged:\n  ${w.logs.map((l) => l.slice(0, 1500)).join('\n  ')}\n${what()}`);
}

function splitsPair(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const hi = text.charCodeAt(at - 1);
  const lo = text.charCodeAt(at);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

function assertSpan(w: World, file: string, start: number, end: number, what: string): void {
  const text = w.project.text(file);
  assert.ok(text !== undefined, `${what}: ${file} cannot be read`);
  assert.ok(Number.isInteger(start) && Number.isInteger(end), `${what}: offsets ${start}-${end} are not integers`);
  assert.ok(start >= 0 && start <= end && end <= text.length, `${what}: ${start}-${end} lies outside ${file} (length ${text.length})`);
  assert.ok(!splitsPair(text, start) && !splitsPair(text, end), `${what}: ${start}-${end} splits a surrogate pair`);
}

function assertInside(w: World, f: Finding): void {
  const what = `${f.ruleId} ${f.messageId} on ${f.path}`;
  if (f.ruleId === SKIPPED_RULE.id) {
    assert.deepEqual([f.start, f.end], [0, 0], `${what}: a skipped file's diagnostic sits at the top`);
    return;
  }
  assertSpan(w, f.path, f.start, f.end, what);
  for (const r of f.related) {
    // A related location may name a file that exists but is not analysable (binary, too large), at 0-0.
    const skippedFile = w.project.exists(r.path) === 'file' && w.project.text(r.path) === undefined;
    if (skippedFile) assert.deepEqual([r.start, r.end], [0, 0], `${what}, related "${r.message}" points into skipped ${r.path}`);
    else assertSpan(w, r.path, r.start, r.end, `${what}, related "${r.message}"`);
  }
  for (const fix of f.fixes) {
    for (const e of fix.edits) {
      // A file the fix creates is not there yet: its edit is the whole new text, at 0-0.
      if (e.create) assert.ok(w.project.exists(e.path) === undefined && e.start === 0 && e.end === 0, `${what}, fix "${fix.title}" creates ${e.path}, which exists or has offsets`);
      else assertSpan(w, e.path, e.start, e.end, `${what}, fix "${fix.title}"`);
    }
  }
}

function byPath(edits: readonly FileEdit[]): Map<string, FileEdit[]> {
  const out = new Map<string, FileEdit[]>();
  for (const e of edits) out.set(e.path, [...(out.get(e.path) ?? []), e]);
  return out;
}

/** Where an offset lands after edits (an insertion at a start pushes it; at an end it does not). */
function mapOffset(o: number, edits: readonly FileEdit[], side: 'start' | 'end'): number {
  let delta = 0;
  for (const e of edits) {
    const grow = e.newText.length - (e.end - e.start);
    if (e.end < o || (e.end === o && (e.start < o || side === 'start'))) delta += grow;
    else if (e.start < o && o < e.end) return e.start + delta + (side === 'end' ? e.newText.length : 0);
  }
  return o + delta;
}

/** The texts of the world after edits, as open documents on top of `editor`. */
function applied(w: World, edits: Map<string, FileEdit[]>, editor: Map<string, string>): Map<string, string> {
  const next = new Map(editor);
  for (const [p, list] of edits) {
    const text = editedText(w.project.text(p), list); // throws on overlapping edits
    assert.ok(text !== undefined, `a fix edits ${p}, which cannot be read`);
    next.set(p, text);
  }
  return next;
}

/**
 * The whole check of one project state: no logs, every range inside, each fix applies and removes
 * its finding, and the preferred fixes settle.
 */
function checkWorld(sample: Sample, disk: Map<string, string | Uint8Array>, editor: Map<string, string>, what: () => string): void {
  const w = makeWorld(sample, disk, editor);
  const findings = analyzeWorld(w);
  assertQuiet(w, what);
  for (const f of findings) assertInside(w, f);

  let checked = 0;
  for (const f of findings) {
    for (const fix of f.fixes) {
      if (checked++ >= MAX_FIXES_PER_RUN) break;
      const edits = byPath(fix.edits);
      let next: Map<string, string>;
      try {
        next = applied(w, edits, editor);
      } catch (e) {
        assert.fail(`fix "${fix.title}" of ${f.ruleId} on ${f.path} does not apply: ${(e as Error).message}\n${what()}`);
      }
      const w2 = makeWorld(sample, disk, next);
      const after = analyzeWorld(w2, [f.path]);
      assertQuiet(w2, what);
      const own = [...(edits.get(f.path) ?? [])].sort((a, b) => a.start - b.start);
      const ms = mapOffset(f.start, own, 'start');
      const me = Math.max(ms, mapOffset(f.end, own, 'end'));
      // Still there: the same finding at the mapped range, or overlapping it with the same message or
      // the same flagged text (a fix that rewrites a block may leave other findings inside it).
      const covered = w.project.text(f.path)?.slice(f.start, f.end);
      const nowText = w2.project.text(f.path) ?? '';
      const left = after.find(
        (g) =>
          g.ruleId === f.ruleId &&
          g.messageId === f.messageId &&
          ((g.start === ms && g.end === me) || (g.start < me && ms < g.end && (g.message === f.message || nowText.slice(g.start, g.end) === covered))),
      );
      assert.ok(!left, `fix "${fix.title}" of ${f.ruleId} ${f.messageId} at ${f.path}:${f.start}-${f.end} left its finding at ${left?.start}-${left?.end}\n${what()}`);
    }
  }

  // Fix all (preferred fixes), as --fix and source.fixAll do: it must settle, after which a second
  // application has nothing to change.
  if (!findings.some((f) => preferredFix(f))) return;
  let state = editor;
  for (let pass = 0; pass <= 5; pass++) {
    const ws = pass === 0 ? w : makeWorld(sample, disk, state);
    const fixes = (pass === 0 ? findings : analyzeWorld(ws)).map(preferredFix).filter((x) => x !== undefined);
    assertQuiet(ws, what);
    if (!fixes.length) return;
    assert.ok(pass < 5, `preferred fixes did not settle after 5 passes (still: ${fixes.map((x) => x.title).join('; ')})\n${what()}`);
    state = applied(ws, collectEdits(fixes), state);
  }
}

/** Runs one mutation scenario on a sample. */
function runScenario(sample: Sample, targetIndex: number, mutations: Mutation[], delivery: Delivery): void {
  const target = sample.targets[targetIndex % sample.targets.length];
  let text = textOf(sample.files.get(target) as string | Uint8Array);
  for (const m of mutations) text = mutate(text, m);
  const disk = new Map<string, string | Uint8Array>();
  const editor = new Map<string, string>();
  if (delivery.how === 'editor') editor.set(target, text);
  else if (delivery.how === 'disk') disk.set(target, text);
  else {
    const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
    if (bytes.length) bytes[delivery.at % bytes.length] = delivery.byte;
    disk.set(target, bytes);
  }
  const what = () => `  sample: ${sample.label}\n  target: ${target}\n  delivery: ${JSON.stringify(delivery)}\n  mutations: ${JSON.stringify(mutations)}`;
  checkWorld(sample, disk, editor, what);
}

function property(samples: Sample[], runs: number, seed: number): void {
  fc.assert(
    fc.property(
      fc.nat({ max: samples.length - 1 }),
      fc.nat(),
      fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
      deliveryArb,
      (s, t, muts, delivery) => runScenario(samples[s], t, muts, delivery),
    ),
    { seed, numRuns: runs, includeErrorInReport: true },
  );
}

// ---- property tests ------------------------------------------------------------------------------

test('every registered rule is of a kind the engine analyses, so the properties below exercise it', () => {
  assert.ok(RULES.length > 0);
  const kinds = new Set(RULES.map((r) => r.kind));
  for (const k of kinds) assert.ok(ANALYSED.has(k), `rule kind ${k} is analysed`);
});

test('mutated fixture projects: no exception, ranges inside, fixes apply, remove their finding and settle', () => {
  const samples = fixtureSamples();
  assert.ok(samples.length > 0, 'no fixture cases found');
  property(samples, RUNS, SEED);
});

test('mutated corpus projects: no exception, ranges inside, fixes apply, remove their finding and settle', (t) => {
  const samples = corpusSamples();
  if (!samples.length) {
    t.skip(`the corpus is not at ${CORPUS}`);
    return;
  }
  property(samples, RUNS, SEED + 1);
});

// ---- hostile files -------------------------------------------------------------------------------

/** A small deterministic PRNG for hostile bytes (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GO_MAIN = 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe("127.0.0.1:8080", nil)\n}\n';
const DOCKERFILE = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n';
const COMPOSE = 'services:\n  api:\n    build: .\n    ports:\n      - "8080:8080"\n';

interface HostileResult {
  findings: Map<string, Finding[]>;
  /** The slowest file's analysis, in ms (the first one pays for the project model). */
  ms: number;
  logs: string[];
}

/**
 * Mounts a small project (a Dockerfile, a compose file and a Go main, so that the project model
 * links them) with one hostile file among them, on disk or as an open document, and analyses every
 * file, timing it.
 */
function hostile(name: string, content: string | Uint8Array, as: 'disk' | 'editor' = 'disk', extra: Record<string, string> = {}): HostileResult {
  const root = '/hostile';
  const files = new Map<string, string | Uint8Array>([
    [`${root}/Dockerfile`, DOCKERFILE],
    [`${root}/compose.yaml`, COMPOSE],
    [`${root}/main.go`, GO_MAIN],
    [`${root}/go.mod`, 'module example.com/app\n\ngo 1.22\n'],
  ]);
  for (const [k, v] of Object.entries(extra)) files.set(`${root}/${k}`, v);
  const target = `${root}/${name}`;
  if (as === 'disk') files.set(target, content);
  else files.delete(target);
  const project = new Project(new MemoryHost(files));
  const logs: string[] = [];
  project.log = (m) => logs.push(m.slice(0, 1500));
  project.scan(root);
  let slowest = 0;
  // The open-document case counts setOverlay into the first file's time.
  let t1 = performance.now();
  if (as === 'editor') project.setOverlay(target, typeof content === 'string' ? content : decoder.decode(content));
  const findings = new Map<string, Finding[]>();
  for (const p of [...project.files].filter((f) => ANALYSED.has(fileKind(f) ?? '')).sort()) {
    if (findings.size) t1 = performance.now();
    findings.set(path.posix.basename(p), analyzeFile(RULE_SET, project, p, { budgetMs: BUDGET_MS }));
    slowest = Math.max(slowest, performance.now() - t1);
  }
  return { findings, ms: slowest, logs };
}

function assertBounded(r: HostileResult, what: string, rssBefore: number): void {
  if (VERBOSE) console.error(`  ${what}: slowest file ${r.ms.toFixed(0)} ms, rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
  assert.deepEqual(r.logs, [], `${what}: the engine logged`);
  assert.ok(r.ms < HOSTILE_MS, `${what}: took ${r.ms.toFixed(0)} ms (bound ${HOSTILE_MS} ms)`);
  const grown = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  assert.ok(grown < 512, `${what}: resident memory grew by ${grown.toFixed(0)} MB`);
}

function assertSkipped(r: HostileResult, name: string, why: RegExp, what: string): void {
  const fs_ = r.findings.get(name) ?? [];
  assert.equal(fs_.length, 1, `${what}: expected exactly one diagnostic on ${name}, got ${fs_.map((f) => f.ruleId).join(', ')}`);
  assert.equal(fs_[0].ruleId, SKIPPED_RULE.id);
  assert.equal(fs_[0].severity, 'info');
  assert.match(fs_[0].message, why, what);
}

function binaryBytes(n: number, seed: number, withNul: boolean): Uint8Array {
  const rnd = prng(seed);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = withNul ? Math.floor(rnd() * 256) : 0x80 + Math.floor(rnd() * 0x80);
  if (withNul) b[7] = 0;
  return b;
}

test('hostile: a binary file named Dockerfile is skipped with one info diagnostic, on disk and open', () => {
  const rss = process.memoryUsage().rss;
  for (const [what, r, why] of [
    ['random bytes with NULs, on disk', hostile('Dockerfile', binaryBytes(64 * 1024, 1, true)), /binary/],
    ['random high bytes (no NUL), on disk', hostile('Dockerfile', binaryBytes(64 * 1024, 2, false)), /not valid UTF-8/],
    ['binary text with NULs, open in an editor', hostile('Dockerfile', binaryBytes(64 * 1024, 3, true), 'editor'), /binary/],
  ] as const) {
    assertBounded(r, what, rss);
    assertSkipped(r, 'Dockerfile', why, what);
    // The rest of the project is still analysed.
    assert.ok(r.findings.has('main.go') && r.findings.has('compose.yaml'), what);
  }
});

function bigCompose(bytes: number): string {
  const parts = ['# 中文注释: a generated compose file\nservices:\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const s = `  svc${i}:\n    build: ./s${i}\n    image: example/s${i}:1.0\n    ports: ["${8000 + (i % 1000)}:8080"]\n    volumes:\n      - ./data:/data\n    environment:\n      - KEY=value ${i}\n`;
    parts.push(s);
    size += s.length;
  }
  return parts.join('');
}

test('hostile: a 10 MB compose file is skipped with one info diagnostic, on disk and as an open document', () => {
  const text = bigCompose(10 * 1024 * 1024);
  const rss = process.memoryUsage().rss;
  for (const as of ['disk', 'editor'] as const) {
    const r = hostile('compose.yaml', text, as);
    const what = `10 MB compose file (${as === 'disk' ? 'on disk' : 'open in an editor'})`;
    assertBounded(r, what, rss);
    assertSkipped(r, 'compose.yaml', /larger than 2 MB/, what);
  }
  // Just over the limit in UTF-8 bytes while under it in UTF-16 units (CJK text is 3 bytes a unit).
  const cjk = '# ' + '中'.repeat(Math.ceil(MAX_FILE_BYTES / 3) + 10) + '\n' + COMPOSE;
  assert.ok(cjk.length < MAX_FILE_BYTES && Buffer.byteLength(cjk) > MAX_FILE_BYTES);
  for (const as of ['disk', 'editor'] as const) {
    const r = hostile('compose.yaml', cjk, as);
    assertBounded(r, `CJK compose over 2 MB in UTF-8 (${as})`, rss);
    assertSkipped(r, 'compose.yaml', /larger than 2 MB/, `CJK compose (${as})`);
  }
});

test('hostile: YAML alias bombs stay bounded', () => {
  const rss = process.memoryUsage().rss;
  // Billion laughs: nine levels of nine aliases each.
  let laughs = 'x-lol: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i < 10; i++) laughs += `x-l${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  laughs += 'services:\n  api:\n    build: .\n    volumes: *a9\n    environment: *a9\n    command: *a9\n';
  // Merge-key bomb: twelve levels, each merging the previous map ten times.
  let merges = 'x-m0: &m0 {image: "a"}\n';
  for (let i = 1; i < 12; i++) merges += `x-m${i}: &m${i}\n  <<: [${Array(10).fill(`*m${i - 1}`).join(', ')}]\n`;
  merges += 'services:\n  api:\n    <<: *m11\n    build: .\n    volumes:\n      - C:\\app:/app\n';
  // Many aliases to one anchor (each resolution walks the document).
  const many = 'x-v: &v "./data:/data"\nservices:\n  api:\n    build: .\n    volumes: [' + Array(20000).fill('*v').join(', ') + ']\n';
  // An alias chain and an alias to itself.
  let chain = 'x0: &c0 {build: .}\n';
  for (let i = 1; i < 2000; i++) chain += `x${i}: &c${i} *c${i - 1}\n`;
  chain += 'services:\n  api: *c1999\n  self: &s\n    <<: *s\n';
  const bombs = [['billion laughs', laughs], ['merge-key bomb', merges], ['20,000 aliases', many], ['alias chain', chain]] as const;
  bombs.forEach(([what, yaml], k) => {
    const as = k % 2 ? 'editor' : 'disk';
    const r = hostile('compose.yaml', yaml, as);
    assertBounded(r, `${what} (${as})`, rss);
    for (const f of r.findings.get('compose.yaml') ?? []) assert.notEqual(f.ruleId, SKIPPED_RULE.id);
  });
});

test('hostile: 10,000-level nesting (YAML flow and block, Dockerfile, Go) stays bounded', () => {
  const rss = process.memoryUsage().rss;
  const N = 10_000;
  const cases: [string, string, string][] = [
    ['compose flow sequences', 'compose.yaml', 'services:\n  api:\n    build: .\n    volumes: ' + '['.repeat(N) + ']'.repeat(N) + '\n'],
    ['compose flow maps', 'compose.yaml', 'services:\n  api: ' + '{a: '.repeat(N) + '1' + '}'.repeat(N) + '\n'],
    ['compose unclosed flow', 'compose.yaml', 'services:\n  api:\n    build: .\n    volumes: ' + '[{'.repeat(N) + '\n'],
    ['compose block sequences', 'compose.yaml', 'services:\n  api:\n    build: .\n    volumes:\n      ' + '- '.repeat(N) + 'x\n'],
    ['compose block maps (2,000 levels)', 'compose.yaml', 'services:\n' + Array.from({ length: 2000 }, (_, i) => ' '.repeat(i + 2) + `k${i}:\n`).join('')],
    ['Dockerfile variables', 'Dockerfile', 'FROM golang:1.22 AS b\nARG X=' + '${a:-'.repeat(N) + '}'.repeat(N) + '\nRUN go build -o /app .\nFROM ' + '${b:-'.repeat(N) + 'alpine' + '}'.repeat(N) + '\nCOPY --from=b /app /app\n'],
    ['Dockerfile command substitution', 'Dockerfile', 'FROM golang:1.22 AS b\nRUN echo ' + '$('.repeat(N) + ')'.repeat(N) + ' && go build -o /app .\nFROM alpine\nCOPY --from=b /app /app\n'],
    ['Dockerfile exec form', 'Dockerfile', 'FROM alpine\nCMD ' + '['.repeat(N) + ']'.repeat(N) + '\nRUN ["' + '\\"'.repeat(N) + '"]\n'],
    ['Dockerfile continuations', 'Dockerfile', 'FROM golang:1.22 AS b\nRUN go build \\\n' + '  \\\n'.repeat(N) + '  -o /app .\nFROM alpine\nCOPY --from=b /app /app\n'],
    ['Go parentheses and blocks', 'main.go', 'package main\n\nimport "net/http"\n\nfunc main() {\n\tx := ' + '('.repeat(N) + '1' + ')'.repeat(N) + '\n\t_ = x\n\t' + '{'.repeat(N) + '}'.repeat(N) + '\n\thttp.ListenAndServe("127.0.0.1:8080", nil)\n}\n'],
    ['Go nested calls', 'main.go', 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe("127.0.0.1:8080", ' + 'f('.repeat(N) + ')'.repeat(N) + ')\n}\n'],
    ['Go composite literals', 'main.go', 'package main\n\nvar x = ' + '[]any{'.repeat(N) + '}'.repeat(N) + '\n\nfunc main() {}\n'],
    ['Go unclosed', 'main.go', 'package main\n\nfunc main() {\n' + '\tif x {\n'.repeat(N)],
  ];
  // Delivery does not matter to the parsers here: alternate files on disk and open documents.
  cases.forEach(([what, name, text], k) => {
    const as = k % 2 ? 'editor' : 'disk';
    assertBounded(hostile(name, text, as), `${what} (${as})`, rss);
  });
});

test('hostile: invalid UTF-8 and UTF-16 files are skipped with one info diagnostic', () => {
  const rss = process.memoryUsage().rss;
  const utf16 = (s: string, be: boolean, bom: boolean) => {
    const b = Buffer.from((bom ? '\uFEFF' : '') + s, 'utf16le');
    if (be) b.swap16();
    return new Uint8Array(b);
  };
  const bad = (s: string, insert: number[]) => {
    const b = Buffer.from(s, 'utf8');
    const at = Math.floor(b.length / 2);
    return new Uint8Array(Buffer.concat([b.subarray(0, at), Buffer.from(insert), b.subarray(at)]));
  };
  for (const [name, good] of [['Dockerfile', DOCKERFILE], ['compose.yaml', COMPOSE], ['main.go', GO_MAIN]] as const) {
    for (const [what, bytes, why] of [
      ['UTF-16 LE with BOM', utf16(good, false, true), /UTF-16/],
      ['UTF-16 BE with BOM', utf16(good, true, true), /UTF-16/],
      ['UTF-16 LE without BOM', utf16(good, false, false), /binary/],
      ['a lone continuation byte', bad(good, [0x80]), /not valid UTF-8/],
      ['a truncated sequence', bad(good, [0xe4, 0xb8]), /not valid UTF-8/],
      ['an overlong encoding', bad(good, [0xc0, 0xaf]), /not valid UTF-8/],
      ['an encoded surrogate', bad(good, [0xed, 0xa0, 0x80]), /not valid UTF-8/],
      ['Latin-1 text', bad(good, [0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a]), /not valid UTF-8/],
    ] as const) {
      const r = hostile(name, bytes);
      assertBounded(r, `${name}: ${what}`, rss);
      assertSkipped(r, name, why, `${name}: ${what}`);
    }
  }
});

test('hostile: a 5,000-line Dockerfile and a 20,000-line Go file stay bounded', () => {
  const rss = process.memoryUsage().rss;
  const stages: string[] = [];
  for (let i = 0, lines = 0; lines < 5000; i++, lines += 15) {
    stages.push(
      `# 阶段 ${i}: build 🐳\nFROM golang:1.22 AS b${i}\nWORKDIR /src\nCOPY . .\nARG V${i}=1\nENV GOFLAGS=-mod=mod\n` +
        `RUN go mod download && \\\n    go build -o /out/app${i} . && \\\n    echo done\n` +
        `FROM alpine:3.20 AS r${i}\nRUN apk add --no-cache ca-certificates\nCOPY --from=b${i} /out/app${i} /app\nUSER nobody\nEXPOSE 8080\nENTRYPOINT ["/app"]\n`,
    );
  }
  const dockerfile = stages.join('');
  const funcs: string[] = ['package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\n'];
  for (let i = 0, lines = 7; lines < 20000; i++, lines += 9) {
    funcs.push(`// handler${i} 处理请求\nfunc handler${i}(w http.ResponseWriter, r *http.Request) {\n\tif r.Method != "GET" {\n\t\thttp.Error(w, "no", 405)\n\t\treturn\n\t}\n\tfmt.Fprintf(w, "hello %d", ${i})\n}\n\n`);
  }
  funcs.push('func main() {\n\thttp.ListenAndServe("127.0.0.1:8080", nil)\n}\n');
  const go = funcs.join('');
  assert.ok(dockerfile.split('\n').length >= 5000 && go.split('\n').length >= 20000);
  assertBounded(hostile('Dockerfile', dockerfile, 'disk'), '5,000-line Dockerfile (disk)', rss);
  assertBounded(hostile('Dockerfile', dockerfile, 'editor'), '5,000-line Dockerfile (editor)', rss);
  const r2 = hostile('main.go', go, 'editor');
  assertBounded(r2, '20,000-line Go file (editor)', rss);
  assert.ok((r2.findings.get('main.go') ?? []).every((f) => f.ruleId !== SKIPPED_RULE.id));
});

test('hostile: the language server skips a 10 MB open document with one info diagnostic and keeps serving', async (t) => {
  if (!fs.existsSync(SERVER)) {
    t.skip(`${SERVER} is not built (npm test builds it)`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dgt-robust-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  fs.writeFileSync(path.join(dir, 'main.go'), GO_MAIN);
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
  const client = await LspClient.start({ root: dir, serverModule: SERVER });
  try {
    const big = await client.open('compose.yaml', 'dockercompose', bigCompose(10 * 1024 * 1024));
    const t0 = performance.now();
    const d1 = await client.diagnosticsForVersion(big);
    assert.ok(performance.now() - t0 < 10_000);
    assert.deepEqual(d1.diagnostics.map((d) => d.code), [SKIPPED_RULE.id]);
    assert.match(d1.diagnostics[0].message, /larger than 2 MB/);
    // The Dockerfile beside it is analysed without parsing the huge compose file.
    const df = await client.open('Dockerfile', 'dockerfile', DOCKERFILE);
    const d2 = await client.diagnosticsForVersion(df);
    assert.ok(d2.diagnostics.every((d) => d.code !== SKIPPED_RULE.id));
    // Shrinking the document brings the analysis back.
    const small = await client.change(big.uri, COMPOSE.replace('build: .', 'build: .\n    volumes:\n      - C:\\app:/app'));
    const d3 = await client.diagnosticsForVersion(small);
    assert.ok(d3.diagnostics.every((d) => d.code !== SKIPPED_RULE.id));
    const status = await client.shutdown();
    assert.equal(status.code, 0);
  } finally {
    client.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
