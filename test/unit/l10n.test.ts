/**
 * Localisation of the server: the Chinese catalogue covers every rule (title, messages with the same
 * placeholders, fix titles, docs), the engine formats findings in the locale, and anything missing
 * falls back to English.
 */
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { RULES } from '../../server/src/rules/registry';
import { analyzeFile } from '../../server/src/engine/analyze';
import { allDocumentedRules } from '../../server/src/tools/genDocs';
import { initGoParser } from '../../server/src/parse/go';
import { Project, MemoryHost } from '../../server/src/project/project';
import { memoryProject } from '../support/memoryProject';
import { ZH_CN } from '../../server/src/l10n/zh-cn';
import { missingTranslations, resolveLocale, localizeRule, UI_EN, placeholders, docLabels, formatFinding, localizeData } from '../../server/src/l10n';
import { renderRuleDoc } from '../../server/src/docs';
import { RULE_SET } from '../../server/src/rules/registry';

before(async () => {
  await initGoParser();
});

test('every rule has a Simplified Chinese translation (server/src/l10n/zh-cn.ts)', () => {
  const report: string[] = [];
  for (const rule of allDocumentedRules()) {
    const missing = missingTranslations(rule, 'zh-cn');
    if (missing.length) report.push(`  ${rule.id} (${rule.name}, ${rule.kind === 'go' ? 'Go' : rule.kind} rule):\n${missing.map((m) => `    - ${m}`).join('\n')}`);
  }
  assert.equal(
    report.length,
    0,
    `These rules lack Chinese text. Add an entry under \`rules\` in server/src/l10n/zh-cn.ts for each, keyed by the rule id, ` +
      `with the same message ids and {placeholders} as the rule, e.g.\n` +
      `    DGT999: { title: '…', messages: { someId: '…{name}…' }, fixTitles: { … }, related: { … }, docs: { what: '…', why: '…', fixes: '…', notFlagged: ['…'] } },\n` +
      `Keep error texts in backticks untranslated. Then run \`npm run gen\`.\n${report.join('\n')}`,
  );
});

test('the catalogue has no entries for rules or messages that do not exist', () => {
  const known = new Map(allDocumentedRules().map((r) => [r.id, r]));
  for (const [id, t] of Object.entries(ZH_CN.rules)) {
    const rule = known.get(id);
    assert.ok(rule, `zh-cn.ts has ${id}, which is no rule`);
    for (const m of Object.keys(t.messages ?? {})) assert.ok(m in rule.messages, `zh-cn.ts ${id}.messages.${m}: the rule has no such message`);
    for (const m of Object.keys(t.fixTitles ?? {})) assert.ok(m in (rule.fixTitles ?? {}), `zh-cn.ts ${id}.fixTitles.${m}: the rule has no such fix title`);
    for (const m of Object.keys(t.related ?? {})) assert.ok(m in (rule.relatedMessages ?? {}), `zh-cn.ts ${id}.related.${m}: the rule has no such related message`);
  }
  for (const [k, v] of Object.entries(ZH_CN.ui)) {
    assert.ok(k in UI_EN, `ui.${k}`);
    assert.deepEqual(placeholders(v as string), placeholders(UI_EN[k as keyof typeof UI_EN]), `ui.${k} placeholders`);
  }
  for (const k of Object.keys(UI_EN)) assert.ok(k in ZH_CN.ui, `ui.${k} is translated`);
});

test('locale tags: zh-cn, zh-CN, zh-hans, zh-sg and zh choose Chinese; others English', () => {
  for (const t of ['zh-cn', 'zh-CN', 'zh-Hans', 'zh-hans-cn', 'zh', 'zh_CN', 'zh-sg']) assert.equal(resolveLocale(t), 'zh-cn', t);
  for (const t of ['en', 'en-US', 'de', 'zh-tw', 'zh-hk', '', undefined]) assert.equal(resolveLocale(t), 'en', String(t));
});

test('findings come in Chinese for locale zh-cn, with translated placeholder values and fix titles; English otherwise', () => {
  const host = new MemoryHost(new Map([['/w/docker-compose.yml', 'services:\n  api:\n    build: .\n    volumes:\n      - C:\\goapp:/app\n']]));
  const project = new Project(host);
  project.scan('/w');
  const [en] = analyzeFile(RULE_SET, project, '/w/docker-compose.yml');
  const [zh] = analyzeFile(RULE_SET, project, '/w/docker-compose.yml', { locale: 'zh-cn' });
  assert.equal(en.ruleId, 'DGT201');
  assert.match(en.message, /^The volume `C:\\goapp` is a Windows path/);
  assert.match(zh.message, /^卷 `C:\\goapp` 是带反斜杠的 Windows 路径/);
  assert.equal(zh.fixes[0].title, '使用正斜杠：C:/goapp');
  assert.deepEqual(zh.fixes.map((f) => f.edits), en.fixes.map((f) => f.edits), 'same edits');
});

test('a message without translation falls back to English, and so do docs fields', () => {
  const rule = { ...RULES[0], id: 'DGT999', messages: { x: 'English {a}' } };
  assert.equal(formatFinding(rule, 'x', { a: 1 }, 'zh-cn'), 'English 1');
  const doc = renderRuleDoc(localizeRule(rule, 'zh-cn'), { labels: docLabels('zh-cn') });
  assert.ok(doc.includes(rule.docs.what), 'English docs text');
  assert.ok(doc.includes('## 为什么'), 'Chinese headings');
});

test('hover docs in Chinese keep the exact error texts and examples', () => {
  const rule = RULES.find((r) => r.id === 'DGT101')!;
  const doc = renderRuleDoc(localizeRule(rule, 'zh-cn'), { heading: 3, labels: docLabels('zh-cn') });
  assert.ok(doc.includes('exec /app: no such file or directory'));
  assert.ok(doc.includes(rule.docs.bad.trim()));
  assert.ok(doc.includes('找出启用了 cgo'));
});

test('related-location messages that name their template are translated too', () => {
  const { project } = memoryProject({
    '/w/Dockerfile': 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM alpine:3.20\nCOPY --from=build /app /app\nUSER 65532\nENTRYPOINT ["/app"]\n',
    '/w/go.mod': 'module x\n\ngo 1.22\n',
    // net: a package that uses cgo, so that the cgo build links against glibc.
    '/w/main.go': 'package main\n\nimport "net"\n\nfunc main() { _, _ = net.LookupHost("db") }\n',
  });
  const en = analyzeFile(RULE_SET, project, '/w/Dockerfile').find((f) => f.ruleId === 'DGT101');
  const zh = analyzeFile(RULE_SET, project, '/w/Dockerfile', { locale: 'zh-cn' }).find((f) => f.ruleId === 'DGT101');
  assert.equal(en?.related[0].message, 'The final image alpine:3.20 has no glibc.');
  assert.equal(zh?.related[0].message, '最终镜像 alpine:3.20 中没有 glibc。');
  assert.equal(zh?.fixes[0].title, '使用 CGO_ENABLED=0 构建');
});

test('a placeholder value that lists several translated items is translated item by item', () => {
  const { project } = memoryProject({
    '/w/Dockerfile': 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    '/w/go.mod': 'module x\n\ngo 1.22\n',
    '/w/main.go':
      'package main\n\nimport (\n\t"crypto/tls"\n\t"net/http"\n)\n\nfunc main() {\n\t_, _ = http.Get("https://example.com/")\n\t_, _ = tls.Dial("tcp", "example.com:443", nil)\n}\n',
  });
  const en = analyzeFile(RULE_SET, project, '/w/Dockerfile').find((f) => f.ruleId === 'DGT160');
  const zh = analyzeFile(RULE_SET, project, '/w/Dockerfile', { locale: 'zh-cn' }).find((f) => f.ruleId === 'DGT160');
  assert.match(en?.message ?? '', /makes TLS connections \(HTTPS requests, tls\.Dial\)/);
  assert.match(zh?.message ?? '', /会发起 TLS 连接（HTTPS 请求、tls\.Dial）/);
  // A single item, and a list with an item the catalogue does not have (left as the rule wrote it).
  const rule = RULES.find((r) => r.id === 'DGT160')!;
  assert.deepEqual(localizeData(rule, { what: 'gRPC over TLS' }, 'zh-cn'), { what: '基于 TLS 的 gRPC' });
  assert.deepEqual(localizeData(rule, { what: 'HTTPS requests, something else' }, 'zh-cn'), { what: 'HTTPS requests, something else' });
  assert.deepEqual(localizeData(rule, { what: 'toString, constructor' }, 'zh-cn'), { what: 'toString, constructor' });
});

test('every fix title and related-location template of every rule has Chinese text with the same placeholders', () => {
  const problems: string[] = [];
  const cjk = /[\u4e00-\u9fff]/;
  for (const rule of RULES) {
    const t = ZH_CN.rules[rule.id];
    const tables: [string, Record<string, string> | undefined, Record<string, string> | undefined][] = [
      ['fixTitles', rule.fixTitles, t?.fixTitles],
      ['related', rule.relatedMessages, t?.related],
    ];
    for (const [what, en, zh] of tables) {
      for (const [id, template] of Object.entries(en ?? {})) {
        const tr = zh?.[id];
        if (tr === undefined) problems.push(`${rule.id} ${what}.${id}: no zh-cn text for ${JSON.stringify(template)}`);
        else if (placeholders(tr).join() !== placeholders(template).join())
          problems.push(`${rule.id} ${what}.${id}: placeholders {${placeholders(tr).join('}, {')}} differ from the English {${placeholders(template).join('}, {')}}`);
        // Pure code such as `EXPOSE {port}` may stay as it is; anything with English words needs Chinese.
        else if (!cjk.test(tr) && /[a-z]/.test(template.replace(/\{\w+\}|`[^`]*`/g, '')))
          problems.push(`${rule.id} ${what}.${id}: ${JSON.stringify(tr)} is not Chinese`);
      }
    }
  }
  assert.deepEqual(problems, [], 'server/src/l10n/zh-cn.ts (or zh-cn-goToolchain.ts) lacks or mistranslates these');
});

test('related locations shared by the Go rules ("built into a container image here") are translated', () => {
  const host = new MemoryHost(
    new Map([
      ['/w/Dockerfile', 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n'],
      ['/w/go.mod', 'module x\n\ngo 1.22\n'],
      [
        '/w/main.go',
        'package main\n\nimport (\n\t"net/http"\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n\nfunc main() {\n\tsignal.Notify(make(chan os.Signal, 1), syscall.SIGTERM)\n\thttp.ListenAndServe("127.0.0.1:8080", nil)\n}\n',
      ],
    ]),
  );
  const project = new Project(host);
  project.scan('/w');
  const en = analyzeFile(RULE_SET, project, '/w/main.go').find((f) => f.ruleId === 'DGT301');
  const zh = analyzeFile(RULE_SET, project, '/w/main.go', { locale: 'zh-cn' }).find((f) => f.ruleId === 'DGT301');
  assert.deepEqual(en?.related.map((r) => r.message), ['Built into a container image here.']);
  assert.deepEqual(zh?.related.map((r) => r.message), ['在这里被构建进容器镜像。']);
  assert.equal(zh?.fixes[0].title, '监听所有网络接口：":8080"');
});
