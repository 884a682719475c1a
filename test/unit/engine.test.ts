/**
 * The engine around the rules: configuration files, editor settings, suppression comments, guarded
 * rules, the project model's relations and its incremental dependency tracking.
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { memoryProject } from '../support/memoryProject';
import { analyzeFile, RuleBreaker, STOPPED_RULE } from '../../server/src/engine/analyze';
import { initGoParser } from '../../server/src/parse/go';
import { memoByString } from '../../server/src/core/memo';
import { RULES } from '../../server/src/rules/registry';
import { RULE_SET } from '../../server/src/rules/registry';
import { containerizations } from '../../server/src/model/builds';

before(async () => {
  await initGoParser();
});

const DOCKERFILE = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app ./cmd/api\n\nFROM alpine:3.20\nCOPY --from=build /app /app\n';
const MAIN = 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe("127.0.0.1:8080", nil)\n}\n';
const COMPOSE = 'services:\n  api:\n    build: .\n    volumes:\n      - C:\\goapp:/app\n';

const ids = (fs: { ruleId: string }[]) => fs.map((f) => f.ruleId);

test('the model traces compose service → Dockerfile → final stage → go build → main package → go.mod', () => {
  const { project: p } = memoryProject({
    '/w/compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: build/Dockerfile\n    network_mode: host\n',
    '/w/build/Dockerfile': DOCKERFILE,
    '/w/cmd/api/main.go': MAIN,
    '/w/go.mod': 'module x\n\ngo 1.22\n',
  });
  const builds = p.builds();
  assert.equal(builds.length, 1);
  assert.equal(builds[0].dockerfile, '/w/build/Dockerfile');
  assert.equal(builds[0].context, '/w');
  assert.equal(builds[0].service?.name, 'api');
  assert.equal(builds[0].service?.networkMode, 'host');
  const c = containerizations(p);
  assert.deepEqual(c.map((x) => x.mainDir), ['/w/cmd/api']);
  assert.equal(c[0].final.image, 'alpine:3.20');
  assert.equal(p.nearestGoMod('/w/cmd/api'), '/w/go.mod');
});

test('an override file sets network_mode the way Compose merges it', () => {
  const { project: p } = memoryProject({
    '/w/docker-compose.yml': 'services:\n  api:\n    build: .\n',
    '/w/docker-compose.override.yml': 'services:\n  api:\n    network_mode: host\n',
    '/w/Dockerfile': DOCKERFILE,
    '/w/cmd/api/main.go': MAIN,
  });
  assert.equal(p.builds().find((b) => b.service)?.service?.networkMode, 'host');
  // Host networking: loopback is reachable (DGT305's graceful-shutdown advice still applies).
  assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/cmd/api/main.go')), ['DGT305'], 'host networking: loopback is reachable');
});

test('config file: kept per folder, and followed when one appears, changes or goes (language server)', () => {
  const { host, project: p } = memoryProject({ '/w/compose.yaml': COMPOSE, '/w/sub/compose.yaml': COMPOSE });
  const run = (f: string) => ids(analyzeFile(RULE_SET, p, f));
  assert.deepEqual([run('/w/compose.yaml'), run('/w/sub/compose.yaml')], [['DGT201'], ['DGT201']]);
  // A config file above both folders appears: both analyses depend on where they looked.
  host.files.set('/w/.docker-go-traps.yaml', 'rules:\n  DGT201: off\n');
  p.changed('/w/.docker-go-traps.yaml');
  assert.deepEqual(p.dependents('/w/.docker-go-traps.yaml').sort(), ['/w/compose.yaml', '/w/sub/compose.yaml']);
  assert.deepEqual([run('/w/compose.yaml'), run('/w/sub/compose.yaml')], [[], []]);
  // A nearer one in sub/ wins there only; an edit of it is seen; its removal restores the one above.
  host.files.set('/w/sub/.docker-go-traps.yml', 'rules:\n  DGT201: error\n');
  p.changed('/w/sub/.docker-go-traps.yml');
  assert.deepEqual([run('/w/compose.yaml'), run('/w/sub/compose.yaml')], [[], ['DGT201']]);
  assert.equal(analyzeFile(RULE_SET, p, '/w/sub/compose.yaml')[0].severity, 'error');
  p.setOverlay('/w/sub/.docker-go-traps.yml', 'rules:\n  DGT201: hint\n');
  assert.equal(analyzeFile(RULE_SET, p, '/w/sub/compose.yaml')[0].severity, 'hint');
  p.removeOverlay('/w/sub/.docker-go-traps.yml');
  host.files.delete('/w/sub/.docker-go-traps.yml');
  p.deleted('/w/sub/.docker-go-traps.yml');
  assert.deepEqual([run('/w/compose.yaml'), run('/w/sub/compose.yaml')], [[], []]);
});

test('config file: rules off or re-severitied, nearest ancestor wins; settings apply on top', () => {
  const files = {
    '/w/.docker-go-traps.yaml': 'rules:\n  DGT201: off\n',
    '/w/sub/.docker-go-traps.yml': 'rules:\n  compose-windows-host-path: error\n',
    '/w/compose.yaml': COMPOSE,
    '/w/sub/compose.yaml': COMPOSE,
  };
  const { project: p } = memoryProject(files);
  assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/compose.yaml')), []);
  const sub = analyzeFile(RULE_SET, p, '/w/sub/compose.yaml');
  assert.deepEqual(sub.map((f) => [f.ruleId, f.severity]), [['DGT201', 'error']]);
  const withSettings = analyzeFile(RULE_SET, p, '/w/sub/compose.yaml', { settings: { rules: { DGT201: 'hint' } } });
  assert.deepEqual(withSettings.map((f) => f.severity), ['hint']);
  assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/sub/compose.yaml', { settings: { rules: { DGT201: 'off' } } })), []);
});

test('suppression comments silence one line or the whole file, by id or name', () => {
  const { project: p } = memoryProject({
    '/w/compose.yaml': 'services:\n  api:\n    volumes:\n      # docker-go-traps ignore=DGT201 -- only run on my Windows box\n      - C:\\a:/a\n      - C:\\b:/b\n',
    '/w/b/compose.yaml': '# docker-go-traps ignore-file=compose-windows-host-path\nservices:\n  api:\n    volumes:\n      - C:\\a:/a\n',
  });
  const f = analyzeFile(RULE_SET, p, '/w/compose.yaml');
  assert.equal(f.length, 1);
  assert.equal(p.text('/w/compose.yaml')?.slice(f[0].start, f[0].end), 'C:\\b');
  assert.deepEqual(analyzeFile(RULE_SET, p, '/w/b/compose.yaml'), []);
});

test('a rule that throws costs only its own findings, and is logged', () => {
  const { project: p } = memoryProject({ '/w/compose.yaml': COMPOSE });
  const logs: string[] = [];
  p.log = (m) => logs.push(m);
  const rule = RULES.find((r) => r.id === 'DGT201') as { check: unknown };
  const original = rule.check;
  rule.check = () => {
    throw new Error('boom');
  };
  try {
    assert.deepEqual(analyzeFile(RULE_SET, p, '/w/compose.yaml'), []);
  } finally {
    rule.check = original;
  }
  assert.equal(logs.length, 1);
  assert.match(logs[0], /DGT201 failed.*boom/s);
  assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/compose.yaml')), ['DGT201']);
});

test('a rule over its budget on two analyses of a file in a row is stopped there, with one DGT001 finding; a run in time starts the count again', () => {
  const { project: p } = memoryProject({ '/w/compose.yaml': COMPOSE, '/w/b/compose.yaml': COMPOSE });
  const logs: string[] = [];
  p.log = (m) => logs.push(m);
  const rule = RULES.find((r) => r.id === 'DGT201') as unknown as { check: (...a: unknown[]) => void };
  const original = rule.check;
  let slow = true;
  let runs = 0;
  rule.check = (...a: unknown[]) => {
    runs++;
    if (slow) for (const until = performance.now() + 80; performance.now() < until; );
    original.apply(rule, a);
  };
  const breaker = new RuleBreaker();
  const opts = { breaker, budgetMs: 50 };
  try {
    assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/compose.yaml', opts)), ['DGT201'], 'one overrun: logged, findings kept');
    slow = false;
    assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/compose.yaml', opts)), ['DGT201'], 'in time');
    slow = true;
    assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/compose.yaml', opts)), ['DGT201'], 'the count started again: one overrun');
    assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/compose.yaml', opts)), ['DGT201'], 'the second in a row stops it; this run completed');
    assert.equal(logs.filter((l) => /stopped on that file/.test(l)).length, 1, logs.join('\n'));
    const before = runs;
    const stopped = analyzeFile(RULE_SET, p, '/w/compose.yaml', opts);
    assert.equal(runs, before, 'the stopped rule does not run');
    assert.deepEqual(ids(stopped), [STOPPED_RULE.id]);
    assert.deepEqual([stopped[0].start, stopped[0].end, stopped[0].severity], [0, 0, 'info']);
    assert.match(stopped[0].message, /^docker-go-traps stopped running DGT201 \(compose-windows-host-path\) on this file: it took \d+, \d+ ms on the last 2 analyses, over its 50 ms budget\./);
    const zh = analyzeFile(RULE_SET, p, '/w/compose.yaml', { ...opts, locale: 'zh-cn' });
    assert.match(zh[0].message, /^docker-go-traps 已在此文件上停止运行 DGT201（compose-windows-host-path）：最近 2 次分析分别耗时 \d+, \d+ ms，超出 50 ms 的预算/);
    assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/b/compose.yaml', opts)), ['DGT201'], 'another file: it still runs there');
    breaker.reset('/w/compose.yaml');
    slow = false;
    assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/compose.yaml', opts)), ['DGT201'], 'reset: it runs again');
    // Without a breaker (the CLI) a slow rule is logged each time and never stopped.
    slow = true;
    logs.length = 0;
    for (let k = 0; k < 3; k++) assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/compose.yaml', { budgetMs: 50 })), ['DGT201']);
    assert.equal(logs.filter((l) => /rule DGT201 took \d+ ms on \/w\/compose.yaml/.test(l)).length, 3, logs.join('\n'));
    assert.ok(!logs.some((l) => /stopped/.test(l)));
  } finally {
    rule.check = original;
  }
});

test('an analysis tells its guard each step: begin, the configuration, parsing, the model, the suppression comments, every rule it runs, end — also when a rule throws', () => {
  const { project: p } = memoryProject({ '/w/compose.yaml': COMPOSE });
  p.log = () => undefined;
  const calls: string[] = [];
  const guard = { begin: (f: string) => calls.push(`begin ${f}`), step: (s: string) => calls.push(s), end: () => calls.push('end') };
  const composeRules = RULES.filter((r) => r.kind === 'compose').map((r) => r.id);
  assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/compose.yaml', { guard })), ['DGT201']);
  assert.deepEqual(calls, ['begin /w/compose.yaml', 'config', 'parse', 'model', 'suppressions', ...composeRules, 'end']);

  // A rule that throws: the analysis goes on and still ends; a rule turned off is not a step.
  const rule = RULES.find((r) => r.id === 'DGT201') as { check: unknown };
  const original = rule.check;
  rule.check = () => {
    throw new Error('boom');
  };
  calls.length = 0;
  try {
    analyzeFile(RULE_SET, p, '/w/compose.yaml', { guard, settings: { rules: { DGT202: 'off' } } });
  } finally {
    rule.check = original;
  }
  assert.deepEqual(calls, ['begin /w/compose.yaml', 'config', 'parse', 'model', 'suppressions', ...composeRules.filter((r) => r !== 'DGT202'), 'end']);

  // Not a file the engine analyses: begin and end, nothing between.
  calls.length = 0;
  assert.deepEqual(analyzeFile(RULE_SET, p, '/w/README.md', { guard }), []);
  assert.deepEqual(calls, ['begin /w/README.md', 'end']);
});

test('a rule that did not finish on a file in an earlier server is not run there again, reset or not', () => {
  const { project: p } = memoryProject({ '/w/compose.yaml': COMPOSE, '/w/b/compose.yaml': COMPOSE });
  const breaker = new RuleBreaker();
  breaker.hung('/w/compose.yaml', 'DGT201', 10000);
  const rule = RULES.find((r) => r.id === 'DGT201') as unknown as { check: (...a: unknown[]) => void };
  const original = rule.check;
  let runs = 0;
  rule.check = (...a: unknown[]) => {
    runs++;
    original.apply(rule, a);
  };
  try {
    const found = analyzeFile(RULE_SET, p, '/w/compose.yaml', { breaker });
    assert.equal(runs, 0);
    assert.deepEqual(ids(found), [STOPPED_RULE.id]);
    assert.equal(
      found[0].message,
      'docker-go-traps stopped running DGT201 (compose-windows-host-path) on this file: it did not finish within 10000 ms, so the language server was stopped and restarted without it. Its findings in this file are not shown until the window is reloaded.',
    );
    assert.match(analyzeFile(RULE_SET, p, '/w/compose.yaml', { breaker, locale: 'zh-cn' })[0].message, /^docker-go-traps 已在此文件上停止运行 DGT201（compose-windows-host-path）：它在 10000 ms 内没有结束/);
    breaker.reset('/w/compose.yaml');
    breaker.reset();
    assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/compose.yaml', { breaker })), [STOPPED_RULE.id], 'a reset does not bring it back');
    assert.equal(runs, 0);
    assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/b/compose.yaml', { breaker })), ['DGT201'], 'another file: it runs');
    assert.equal(runs, 1);
  } finally {
    rule.check = original;
  }
});

test('dependency tracking: changing the Dockerfile re-checks main.go, and the finding follows', () => {
  const { host, project: p } = memoryProject({ '/w/Dockerfile': DOCKERFILE, '/w/cmd/api/main.go': MAIN, '/w/go.mod': 'module x\n' });
  assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/cmd/api/main.go')), ['DGT305', 'DGT301']);
  analyzeFile(RULE_SET, p, '/w/Dockerfile');
  assert.ok(p.dependents('/w/Dockerfile').includes('/w/cmd/api/main.go'), 'main.go depends on the Dockerfile');
  assert.ok(p.dependents('/w/cmd/api/main.go').includes('/w/Dockerfile'), 'the Dockerfile depends on main.go (cgo needs)');
  assert.ok(!p.dependents('/w/go.mod').includes('/w/unrelated.go'));

  // The Dockerfile stops building that package: the overlay (an editor buffer) wins over the disk.
  p.setOverlay('/w/Dockerfile', 'FROM nginx:1.27\n');
  assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/cmd/api/main.go')), []);
  p.removeOverlay('/w/Dockerfile');
  assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/cmd/api/main.go')), ['DGT305', 'DGT301']);

  // A change on disk, announced by a file event.
  host.files.set('/w/Dockerfile', DOCKERFILE.replace('./cmd/api', './cmd/other'));
  p.changed('/w/Dockerfile');
  assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/cmd/api/main.go')), []);
});

test('a Go file that no image builds is not parsed; once a Dockerfile builds it, it is', () => {
  const { project: p } = memoryProject({ '/w/Dockerfile': 'FROM alpine:3.20\n', '/w/cmd/api/main.go': MAIN, '/w/go.mod': 'module x\n' });
  const asked: string[] = [];
  const goFacts = p.goFacts.bind(p);
  p.goFacts = (f: string) => {
    asked.push(f);
    return goFacts(f);
  };
  assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/cmd/api/main.go')), []);
  assert.equal(asked.length, 0, 'not parsed: no rule can report on it');
  // The Dockerfile starts building it: the analysis depends on the Dockerfile, and parses now.
  assert.ok(p.dependents('/w/Dockerfile').includes('/w/cmd/api/main.go'));
  p.setOverlay('/w/Dockerfile', DOCKERFILE);
  assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/cmd/api/main.go')), ['DGT305', 'DGT301']);
  assert.ok(asked.includes('/w/cmd/api/main.go'));
});

test('a Go file the parser fails on is logged and gets no findings', () => {
  const { project: p } = memoryProject({ '/w/Dockerfile': DOCKERFILE, '/w/cmd/api/main.go': MAIN, '/w/go.mod': 'module x\n' });
  const logs: string[] = [];
  p.log = (m) => logs.push(m);
  p.goFacts = () => {
    throw new Error('parser broke');
  };
  assert.deepEqual(ids(analyzeFile(RULE_SET, p, '/w/cmd/api/main.go')), []);
  assert.equal(logs.filter((l) => l.includes('could not parse /w/cmd/api/main.go') && l.includes('parser broke')).length, 1, logs.join('\n'));
});

test('with dependency tracking off (the CLI without --fix), the findings are the same and nothing is recorded', () => {
  const files = { '/w/Dockerfile': DOCKERFILE, '/w/cmd/api/main.go': MAIN, '/w/go.mod': 'module x\n', '/w/compose.yaml': COMPOSE };
  const { project: tracked } = memoryProject(files);
  const { project: untracked } = memoryProject(files);
  untracked.trackDependencies = false;
  for (const f of Object.keys(files)) assert.deepEqual(analyzeFile(RULE_SET, untracked, f), analyzeFile(RULE_SET, tracked, f), f);
  assert.ok(tracked.dependents('/w/Dockerfile').includes('/w/cmd/api/main.go'));
  assert.deepEqual(untracked.dependents('/w/Dockerfile'), []);
});

test('parses are cached per text: analysing twice parses once', () => {
  const { project: p } = memoryProject({ '/w/Dockerfile': DOCKERFILE });
  const a = p.dockerfile('/w/Dockerfile');
  assert.equal(p.dockerfile('/w/Dockerfile'), a);
  p.setOverlay('/w/Dockerfile', DOCKERFILE + '\n');
  assert.notEqual(p.dockerfile('/w/Dockerfile'), a);
});

test('empty and half-typed files give no findings and no errors', () => {
  const files: Record<string, string> = {
    '/w/Dockerfile': '',
    '/w/a/Dockerfile': 'FROM',
    '/w/b/Dockerfile': 'FROM golang:1.22 AS\nRUN go build \\',
    '/w/compose.yaml': '',
    '/w/c/compose.yaml': 'services:\n  api:\n    volumes: [C:\\x',
    '/w/main.go': 'package main\nfunc main() { http.ListenAndServe("127.0.0.1:',
  };
  const { project: p } = memoryProject(files);
  const logs: string[] = [];
  p.log = (m) => logs.push(m);
  for (const f of Object.keys(files)) analyzeFile(RULE_SET, p, f);
  assert.deepEqual(logs, []);
});

test('the project model is built before the rules and timed on its own, once per change', () => {
  const { project: p } = memoryProject({ '/w/Dockerfile': DOCKERFILE, '/w/cmd/api/main.go': MAIN, '/w/go.mod': 'module example.com/app\n\ngo 1.22\n', '/w/compose.yaml': COMPOSE });
  const logs: string[] = [];
  p.log = (m) => logs.push(m);
  // A zero budget logs every time the model is built, and no rule is charged for it.
  analyzeFile(RULE_SET, p, '/w/Dockerfile', { modelBudgetMs: -1, budgetMs: 10_000 });
  assert.equal(logs.length, 1, logs.join('\n'));
  assert.match(logs[0], /^docker-go-traps: building the project model took \d+ ms \(first needed by \/w\/Dockerfile\)$/);
  // Cached: analysing other files does not build it again...
  analyzeFile(RULE_SET, p, '/w/cmd/api/main.go', { modelBudgetMs: -1 });
  analyzeFile(RULE_SET, p, '/w/compose.yaml', { modelBudgetMs: -1 });
  assert.equal(logs.length, 1);
  // ...until a file it depends on changes.
  p.setOverlay('/w/Dockerfile', DOCKERFILE.replace('alpine:3.20', 'alpine:3.21'));
  analyzeFile(RULE_SET, p, '/w/compose.yaml', { modelBudgetMs: -1 });
  assert.equal(logs.length, 2);
  // Building it outside the analysis's tracking leaves the dependencies to the rules that use it:
  // the compose file still depends on the Dockerfile (DGT202 and others read the build).
  assert.ok(p.dependents('/w/Dockerfile').includes('/w/compose.yaml'));
});

test('memoByString remembers answers (undefined ones too) and drops the oldest past its limit', () => {
  const asked: string[] = [];
  const f = memoByString(2, (k) => {
    asked.push(k);
    return k === 'none' ? undefined : k.length;
  });
  assert.deepEqual([f('a'), f('none'), f('a'), f('none')], [1, undefined, 1, undefined]);
  assert.deepEqual(asked, ['a', 'none']);
  f('ccc'); // the third answer: 'a', the oldest, goes
  assert.deepEqual([f('none'), f('ccc'), f('a')], [undefined, 3, 1]);
  assert.deepEqual(asked, ['a', 'none', 'ccc', 'a']);
});
