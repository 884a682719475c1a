/**
 * Table-driven engine tests: every fixture case of every rule, in three variants (as written with
 * LF, with CRLF line endings, with a UTF-8 BOM on every file). Each case states its complete set of
 * findings; goldens pin every quick fix; each fix must remove its finding, change nothing else and
 * be idempotent.
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Project, MemoryHost } from '../../server/src/project/project';
import { analyzeFile } from '../../server/src/engine/analyze';
import { initGoParser } from '../../server/src/parse/go';
import { fileKind } from '../../server/src/project/files';
import { LineIndex } from '../../server/src/core/text';
import { collectEdits, editedText, preferredFix } from '../../server/src/engine/fix';
import type { Finding, Fix } from '../../server/src/core/types';
import { formatMessage } from '../../server/src/core/types';
import { RULES } from '../../server/src/rules/registry';
import { loadCases, ruleFixtureDirs, FixtureCase } from '../support/fixtures';
import { RULE_SET } from '../../server/src/rules/registry';

type Variant = 'LF' | 'CRLF' | 'BOM';
const VARIANTS: Variant[] = ['LF', 'CRLF', 'BOM'];

before(async () => {
  await initGoParser();
});

function transform(text: string, v: Variant, pinned = false): string {
  return v === 'CRLF' && !pinned ? text.replace(/\r?\n/g, '\r\n') : text;
}

function mount(c: FixtureCase, v: Variant): { host: MemoryHost; project: Project; paths: string[] } {
  const host = new MemoryHost();
  for (const [rel, text] of c.files) {
    const t = transform(text, v, c.pinnedEol.has(rel));
    host.files.set(path.posix.join(c.root, rel), v === 'BOM' ? '\uFEFF' + t : t);
  }
  for (const [rel, text] of c.extraFiles) host.files.set(path.posix.join(c.root, rel), text);
  for (const [rel, bytes] of c.binaryFiles) host.files.set(path.posix.join(c.root, rel), bytes);
  const project = new Project(host);
  // A failing rule or parser fails the case. Slow-rule notices do not: timings belong to benchmarks,
  // and on a busy CI machine any fixed bound would make this test flaky.
  project.log = (m) => {
    if (!/ took \d+ ms on /.test(m)) throw new Error(`engine logged: ${m}`);
  };
  const paths = project.scan(c.root).filter((p) => ['dockerfile', 'compose', 'go'].includes(fileKind(p) ?? ''));
  return { host, project, paths };
}

/** Where Docker runs for the case being analysed (fixture.json "hostMode"); set per test. */
let hostMode: FixtureCase['hostMode'];

function analyzeAll(project: Project, paths: string[]): Finding[] {
  return paths.flatMap((p) => analyzeFile(RULE_SET, project, p, { hostMode }));
}

function describe(project: Project, f: Finding, root: string): string {
  const idx = new LineIndex(project.text(f.path) ?? '');
  const s = idx.positionAt(f.start);
  const e = idx.positionAt(f.end);
  const endCol = e.line === s.line ? e.character : Number.POSITIVE_INFINITY;
  return `${path.posix.relative(root, f.path)}:${s.line}:${s.character}-${endCol} ${f.ruleId} ${f.messageId}`;
}

/** Applies fixes to the host's files, in memory. */
function applyToHost(host: MemoryHost, project: Project, fixes: Fix[]): void {
  for (const [p, edits] of collectEdits(fixes)) {
    const next = editedText(project.text(p), edits);
    assert.ok(next !== undefined, `fix edits unreadable file ${p}`);
    const bom = ((host.files.get(p) as string | undefined) ?? '').startsWith('\uFEFF');
    host.files.set(p, (bom ? '\uFEFF' : '') + next);
    project.changed(p);
  }
}

/** Files of the project that a fix created (not in the case as written). */
function createdFiles(host: MemoryHost, c: FixtureCase, known: Set<string>): string[] {
  return [...host.files.keys()].filter((p) => p.startsWith(c.root + '/') && !known.has(p)).sort();
}

function fixAllPreferred(host: MemoryHost, project: Project, paths: string[]): void {
  for (let pass = 0; pass < 5; pass++) {
    const fixes = analyzeAll(project, paths).map(preferredFix).filter((f): f is Fix => !!f);
    if (!fixes.length) return;
    applyToHost(host, project, fixes);
  }
  assert.fail('preferred fixes did not settle after 5 passes');
}

/** What a finding is, independent of where it sits: for "nothing else changed" comparisons. */
function identity(project: Project, f: Finding): string {
  return `${f.path} ${f.ruleId} ${f.messageId} ${(project.text(f.path) ?? '').slice(f.start, f.end)}`;
}

/**
 * Everything a finding shows can be translated (server/src/l10n): each fix names its title template
 * (`titleId` in the rule's `fixTitles`) and each related location its message template (`messageId`
 * in `relatedMessages`), and the English text is exactly that template filled with the data.
 */
function assertTranslatable(f: Finding): void {
  const rule = RULES.find((r) => r.id === f.ruleId);
  if (!rule) return;
  for (const fix of f.fixes) {
    const where = `${f.ruleId} fix "${fix.title}"`;
    assert.ok(fix.titleId !== undefined, `${where} has no titleId: add its template to the rule's fixTitles and set titleId/titleData`);
    const template: string | undefined = rule.fixTitles?.[fix.titleId];
    assert.ok(template !== undefined, `${where}: titleId ${fix.titleId} is not in the rule's fixTitles`);
    assert.equal(formatMessage(template, fix.titleData), fix.title, `${where}: fixTitles.${fix.titleId} with titleData does not give the title`);
  }
  for (const r of f.related) {
    const where = `${f.ruleId} related location "${r.message}"`;
    assert.ok(r.messageId !== undefined, `${where} has no messageId: add its template to the rule's relatedMessages and set messageId/data`);
    const template: string | undefined = rule.relatedMessages?.[r.messageId];
    assert.ok(template !== undefined, `${where}: messageId ${r.messageId} is not in the rule's relatedMessages`);
    assert.equal(formatMessage(template, r.data), r.message, `${where}: relatedMessages.${r.messageId} with data does not give the message`);
  }
}

const dirs = ruleFixtureDirs();

test('every rule has a fixture folder, and every fixture folder a rule', () => {
  const expected = RULES.map((r) => `${r.id}-${r.name}`).sort();
  assert.deepEqual(dirs, expected);
});

for (const dir of dirs) {
  const ruleId = dir.split('-')[0];
  const cases = loadCases(dir);
  test(`${dir}: has positive and negative cases`, () => {
    assert.ok(cases.some((c) => c.expectations.some((e) => e.ruleId === ruleId)), 'no case expects a finding');
    assert.ok(cases.some((c) => !c.expectations.some((e) => e.ruleId === ruleId)), 'no negative case');
  });
  for (const c of cases) {
    for (const v of VARIANTS) {
      test(`${dir}/${c.name} [${v}]`, () => {
        hostMode = c.hostMode;
        const { host, project, paths } = mount(c, v);
        const findings = analyzeAll(project, paths);
        const actual = findings.map((f) => describe(project, f, c.root)).sort();
        const expected = c.expectations
          .map((e) => {
            const f = findings.find((x) => x.ruleId === e.ruleId && path.posix.relative(c.root, x.path) === e.file);
            const msg = e.messageId ?? f?.messageId ?? '?';
            return `${e.file}:${e.line}:${e.startCol}-${e.endCol} ${e.ruleId} ${msg}`;
          })
          .sort();
        assert.deepEqual(actual, expected, 'findings differ from the markers');
        // A marker may state the finding's severity (after its message id).
        for (const e of c.expectations) {
          if (!e.severity) continue;
          const f = findings.find((x) => x.ruleId === e.ruleId && path.posix.relative(c.root, x.path) === e.file && describe(project, x, c.root).startsWith(`${e.file}:${e.line}:${e.startCol}-`));
          assert.equal(f?.severity, e.severity, `severity of ${e.file}:${e.line}:${e.startCol} ${e.ruleId}`);
        }
        for (const f of findings) assertTranslatable(f);

        // Goldens: all preferred fixes together. Every file of the case is watched, not only the
        // analysed ones: a fix may edit a script or a .dockerignore.
        const fixedFiles = new Set<string>();
        const watched = [...new Set([...paths, ...[...c.files.keys(), ...c.extraFiles.keys()].map((rel) => path.posix.join(c.root, rel))])];
        const before = new Map(watched.map((p) => [p, project.text(p) ?? '']));
        const mounted = new Set(host.files.keys());
        fixAllPreferred(host, project, paths);
        // A fix may create a file (a .dockerignore): it has a golden like any file a fix changes.
        watched.push(...createdFiles(host, c, mounted));
        for (const p of watched) {
          const rel = path.posix.relative(c.root, p);
          const golden = c.goldens.get(rel + '.fixed');
          const now = project.text(p) ?? '';
          if (golden !== undefined) {
            fixedFiles.add(rel);
            assert.equal(now, transform(golden, v, c.pinnedEol.has(rel) || c.extraFiles.has(rel)), `${rel}: preferred fixes differ from ${rel}.fixed`);
          } else assert.equal(now, before.get(p), `${rel}: a fix changed it but there is no ${rel}.fixed golden`);
        }
        // Idempotent: once fixed, fixing again changes nothing.
        const settled = new Map(watched.map((p) => [p, project.text(p)]));
        fixAllPreferred(host, project, paths);
        for (const p of watched) assert.equal(project.text(p), settled.get(p), 'a second --fix changed the file');
        const leftAfterFix = analyzeAll(project, paths).filter((f) => f.fixes.some((x) => x.preferred));
        assert.deepEqual(leftAfterFix.map((f) => describe(project, f, c.root)), [], 'fixable findings remain after fixing');
      });

      test(`${dir}/${c.name} [${v}]: each fix removes its finding and nothing else`, () => {
        hostMode = c.hostMode;
        const probe = mount(c, v);
        const findings = analyzeAll(probe.project, probe.paths);
        findings.forEach((f, fi) => {
          f.fixes.forEach((fix, k) => {
            const { host, project, paths } = mount(c, v);
            const original = analyzeAll(project, paths);
            const target = original[fi];
            applyToHost(host, project, [target.fixes[k]]);
            const after = analyzeAll(project, paths).map((x) => identity(project, x)).sort();
            const expectedAfter = original.filter((x) => x !== target).map((x) => identity(probe.project, x)).sort();
            assert.deepEqual(after, expectedAfter, `fix "${fix.title}" of ${describe(probe.project, f, c.root)} changed other findings or left its own`);
            // A first fix that is not preferred may have a .fix1.fixed golden too (checked when present).
            const optional = k === 0 && !fix.preferred;
            if (k > 0 || optional) {
              // Each file the fix edits has a golden (usually just the finding's own file).
              for (const p of new Set(fix.edits.map((e) => e.path))) {
                const rel = path.posix.relative(c.root, p);
                const golden = c.goldens.get(`${rel}.fix${k + 1}.fixed`);
                if (optional && golden === undefined) continue;
                assert.ok(golden !== undefined, `missing golden ${rel}.fix${k + 1}.fixed for "${fix.title}"`);
                assert.equal(project.text(p), transform(golden, v, c.pinnedEol.has(rel) || c.extraFiles.has(rel)), `fix "${fix.title}" differs from its golden`);
              }
            }
          });
        });
      });
    }
  }
}
