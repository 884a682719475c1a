/**
 * The Dockerfile model is re-parsed incrementally while the user types (parseDockerfile with the
 * previous version's model): only the instructions an edit touches are parsed again. These tests
 * hold it to one promise: after any sequence of edits, the model is exactly the one a full parse of
 * the same text gives — every stage, instruction, offset, environment, working directory, shell
 * command, and what dockerfile-ast answers for each instruction's arguments, flags and properties.
 *
 * The texts are every Dockerfile of the fixtures and of ../shared/corpus; the edits are chains of
 * fast-check edits chosen to hit the places where a window could be cut wrongly: line continuations,
 * heredocs, comments, blank lines, parser directives, CRLF, lone CR, new and removed lines.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseDockerfile, DockerfileModel } from '../../server/src/parse/dockerfile';
import { LineIndex } from '../../server/src/core/text';
import { Project, MemoryHost } from '../../server/src/project/project';
import { analyzeFile } from '../../server/src/engine/analyze';
import { FIXTURES_DIR } from '../support/fixtures';
import { RULE_SET } from '../../server/src/rules/registry';

const CORPUS = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const RUNS = Number(process.env.DGT_FUZZ_RUNS ?? 40);
const SEED = Number(process.env.DGT_FUZZ_SEED ?? 11);

function walk(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (/(^|\.)(dockerfile|containerfile)(\.[\w-]+)?$/i.test(e.name) && !e.name.endsWith('.fixed')) out.push(full);
  }
  return out;
}

const texts = [...walk(FIXTURES_DIR), ...walk(CORPUS)]
  .map((f) => fs.readFileSync(f, 'utf8'))
  .filter((t) => !t.includes('\0'));

type Ast = { getRange(): unknown; getArgumentsContent(): string | null; getArguments(): { getValue(): string; getRange(): unknown }[] };

/** Everything a rule can read from a model, as plain data. */
function snapshot(m: DockerfileModel): unknown {
  const astOf = (a: Ast) => {
    const x = a as unknown as {
      getFlags?(): { getName(): string; getValue(): string | null; getRange(): unknown }[];
      getProperties?(): { getName(): string; getValue(): string | null; getValueRange(): unknown }[];
      getProperty?(): { getName(): string; getValue(): string | null; getValueRange(): unknown } | null;
    };
    const prop = (p: { getName(): string; getValue(): string | null; getValueRange(): unknown }) => [p.getName(), p.getValue(), p.getValueRange()];
    return {
      range: a.getRange(),
      content: a.getArgumentsContent(),
      args: a.getArguments().map((g) => [g.getValue(), g.getRange()]),
      flags: x.getFlags?.().map((f) => [f.getName(), f.getValue(), f.getRange()]),
      properties: x.getProperties?.().map(prop),
      property: x.getProperty ? (x.getProperty() ? prop(x.getProperty() as never) : null) : undefined,
    };
  };
  return {
    escape: m.escape,
    escapeDirective: m.escapeDirective,
    directives: m.ast.getDirectives().map((d) => [d.getName(), d.getValue(), d.getRange()]),
    initialArgs: m.ast.getInitialARGs().map((a) => astOf(a as unknown as Ast)),
    globalArgs: [...m.globalArgs],
    instructions: m.instructions.map((i) => [i.getKeyword(), i.getRange()]),
    // The fields of the Stage interface (a stage object may also hold its own caches).
    stages: m.stages.map((s) => ({
      index: s.index,
      name: s.name,
      fromStart: s.fromStart,
      imageRaw: s.imageRaw,
      image: s.image,
      imageStart: s.imageStart,
      imageEnd: s.imageEnd,
      repo: s.repo,
      tag: s.tag,
      tagStart: s.tagStart,
      tagEnd: s.tagEnd,
      platform: s.platform,
      parent: s.parent,
      family: s.family,
      end: s.end,
      from: astOf(s.from as unknown as Ast),
      copiesFrom: [...s.copiesFrom],
      instructions: s.instructions.map((i) => ({ ...i, ast: astOf(i.ast as unknown as Ast), env: [...i.env] })),
    })),
  };
}

const full = (t: string) => parseDockerfile(t, new LineIndex(t));
const incremental = (t: string, prev: DockerfileModel) => parseDockerfile(t, new LineIndex(t), prev);

/** Snippets typed into a Dockerfile, chosen for the places a window can be cut wrongly. */
const SNIPPETS = [
  '\\\n', ' \\', '\\', '\n', '\r\n', '\r', '\n\n', '#', '# comment\n', ' ', '\t', 'x', '"', "'", '$', '${A}', '[', ']',
  'RUN echo hi\n', 'RUN set -eux; \\\n    go build ./...\n', 'FROM alpine:3.20 AS run\n', 'FROM golang:1.22\n', 'ENV A=1 B=2\n',
  'ARG GO_VERSION=1.22\n', 'COPY --from=build /app /app\n', 'WORKDIR /src\n', 'RUN <<EOF\necho x\nEOF\n', '<<EOF', 'EOF\n',
  '# escape=`\n', '`', '`\n', '# syntax=docker/dockerfile:1\n', 'CMD ["/app"]\n', 'USER 65532\n', '中文', '😀',
  // Lines the rules that replay per-stage findings (DGT105, DGT106, DGT111, DGT120, DGT132, DGT136, ...) look at.
  'ENV GOOS=linux GOARCH=x86_64\n', 'RUN GOOS=windows GOARCH=s390x go build -o /app .\n', 'COPY . .\n', 'COPY go.mod go.sum ./\n',
  'RUN go mod download\n', 'USER app\n', 'RUN apk add --no-cache git\n', 'ENV GO111MODULE=off\n', 'CMD ["/app -port 8080"]\n',
];

// Where an edit lands, in millionths of the text (unbiased: fast-check would favour the ends).
const edit = fc.tuple(fc.noBias(fc.integer({ min: 0, max: 1_000_000 })), fc.nat({ max: 40 }), fc.constantFrom(...SNIPPETS), fc.boolean());

function apply(text: string, [at, del, snippet, insert]: [number, number, string, boolean]): string {
  const k = Math.floor((at / 1_000_001) * (text.length + 1));
  return text.slice(0, k) + (insert ? snippet : '') + text.slice(Math.min(text.length, k + (insert ? del % 3 : del)));
}

/** Runs chains of edits over `pool`, checks every step against a full parse, and shows each step to `count`. */
function checkChains(pool: string[], maxLength: number, seed: number, numRuns: number, count: (before: DockerfileModel, after: DockerfileModel) => void): void {
  fc.assert(
    fc.property(fc.nat({ max: pool.length - 1 }), fc.array(edit, { minLength: 1, maxLength }), (k, edits) => {
      let text = pool[k];
      let model = full(text);
      for (const e of edits) {
        text = apply(text, e);
        const next = incremental(text, model);
        count(model, next);
        model = next;
        assert.deepEqual(snapshot(model), snapshot(full(text)));
      }
    }),
    { seed, numRuns },
  );
}

test('an incrementally re-parsed Dockerfile equals a full parse after every edit of a chain', () => {
  assert.ok(texts.length > 50, `Dockerfiles found: ${texts.length}`);
  let steps = 0;
  let reused = 0;
  checkChains(texts, 8, SEED, RUNS * 10, (before, after) => {
    steps++;
    if (after.instructions.length > 1 && after.instructions.some((i) => before.instructions.includes(i))) reused++;
  });
  // The property must exercise the incremental path, not only its fallback to a full parse. Most
  // texts are short (the window then covers the whole file) and most snippets add lines (only the
  // instructions before the edit are kept), so a few percent of steps keep instructions.
  assert.ok(reused > steps / 50, `steps that reused instructions: ${reused} of ${steps}`);
});

test('on long Dockerfiles, an edit within a line keeps most instructions, and the model stays exact', () => {
  const long = texts.filter((t) => full(t).instructions.length >= 30);
  assert.ok(long.length >= 5, `long Dockerfiles: ${long.length}`);
  let steps = 0;
  let kept = 0;
  checkChains(long, 6, SEED + 1, RUNS * 3, (before, after) => {
    // Count the edits that leave the lines where they were (typing within a line).
    if (after.index.lineCount !== before.index.lineCount) return;
    steps++;
    if (after.instructions.filter((i) => before.instructions.includes(i)).length >= after.instructions.length / 2) kept++;
  });
  assert.ok(steps > 50 && kept > steps * 0.6, `edits within a line that kept at least half of the instructions: ${kept} of ${steps}`);
});

test('typing a line character by character, and deleting it again, keeps the model exact', () => {
  const base = 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n\nFROM alpine:3.20\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n';
  const typed = 'RUN apk add --no-cache tzdata \\\n    ca-certificates\nENV TZ=Asia/Shanghai\n';
  const at = base.indexOf('COPY --from');
  let model = full(base);
  for (let n = 1; n <= typed.length; n++) {
    const t = base.slice(0, at) + typed.slice(0, n) + base.slice(at);
    model = incremental(t, model);
    assert.deepEqual(snapshot(model), snapshot(full(t)), `after typing ${JSON.stringify(typed.slice(0, n))}`);
  }
  for (let n = typed.length - 1; n >= 0; n--) {
    const t = base.slice(0, at) + typed.slice(0, n) + base.slice(at);
    model = incremental(t, model);
    assert.deepEqual(snapshot(model), snapshot(full(t)), `after deleting back to ${JSON.stringify(typed.slice(0, n))}`);
  }
});

test('an edit inside one instruction of a long file reuses the other instructions', () => {
  const lines = ['FROM golang:1.22 AS build'];
  for (let i = 0; i < 200; i++) lines.push(`RUN echo step ${i}`);
  const text = lines.join('\n') + '\n';
  const before = full(text);
  const edited = text.replace('echo step 100', 'echo step one hundred');
  const after = incremental(edited, before);
  assert.deepEqual(snapshot(after), snapshot(full(edited)));
  const reused = after.instructions.filter((i, k) => i === before.instructions[k]).length;
  assert.equal(reused, before.instructions.length - 1, 'all but the edited instruction are the same objects (the one before it is parsed again and comes out the same)');
});

test('comment lines typed after the last instruction keep every instruction and every stage; text added to the last instruction does not', () => {
  const lines = ['FROM golang:1.22 AS build', 'RUN go build -o /app .', 'FROM alpine:3.20', 'COPY --from=build /app /app', 'CMD ["/app"]'];
  const text = lines.join('\n') + '\n';
  let prev = full(text);
  for (const typed of ['#', '# a', '# a comment\n', '# a comment\n\n# and another', '']) {
    const next = incremental(text + typed, prev);
    assert.deepEqual(snapshot(next), snapshot(full(text + typed)));
    assert.ok(next.instructions.every((i, k) => i === prev.instructions[k]), `instructions kept after typing ${JSON.stringify(typed)}`);
    assert.ok(next.stages.every((s, k) => s === prev.stages[k]), `stages kept after typing ${JSON.stringify(typed)}`);
    prev = next;
  }
  const extended = incremental(text.replace(/\n$/, ' --verbose\n'), prev);
  assert.deepEqual(snapshot(extended), snapshot(full(text.replace(/\n$/, ' --verbose\n'))));
  assert.notEqual(extended.instructions.at(-1), prev.instructions.at(-1));
  assert.notEqual(extended.stages.at(-1), prev.stages.at(-1));
  assert.equal(extended.stages[0], prev.stages[0]);
});

// Rules keep per-instruction values across versions too (RUN commands, COPY words), shifted to where
// the instruction now starts. Findings after a chain of edits in an open document must be the ones
// a fresh project computes for the final text.
test('findings after a chain of edits in an open document equal those of a fresh analysis', () => {
  const side = new Map([
    ['/w/go.mod', 'module example.com/app\n\ngo 1.22\n'],
    ['/w/main.go', 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe("127.0.0.1:8080", nil)\n}\n'],
    ['/w/.git/HEAD', 'ref: refs/heads/main\n'],
  ]);
  const plain = (fs: ReturnType<typeof analyzeFile>) => fs.map((f) => ({ ...f, fixes: JSON.stringify(f.fixes), related: JSON.stringify(f.related) }));
  let steps = 0;
  fc.assert(
    fc.property(fc.nat({ max: texts.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 5 }), (k, edits) => {
      const live = new Project(new MemoryHost(new Map(side)));
      let text = texts[k];
      live.setOverlay('/w/Dockerfile', text);
      analyzeFile(RULE_SET, live, '/w/Dockerfile');
      for (const e of edits) {
        text = apply(text, e);
        live.setOverlay('/w/Dockerfile', text);
        const got = analyzeFile(RULE_SET, live, '/w/Dockerfile');
        const fresh = new Project(new MemoryHost(new Map([...side, ['/w/Dockerfile', text]])));
        assert.deepEqual(plain(got), plain(analyzeFile(RULE_SET, fresh, '/w/Dockerfile')));
        steps++;
      }
    }),
    { seed: SEED + 2, numRuns: RUNS * 2 },
  );
  assert.ok(steps >= RUNS * 2);
});

/**
 * Files beside the Dockerfile that change while it is open: values kept per stage across edits (the
 * file tree, go.mod lookups, module fetches) must follow them as a fresh analysis would.
 */
const SIDE_CHANGES: { path: string; text: string | undefined }[] = [
  { path: '/w/go.mod', text: 'module example.com/app\n\ngo 1.25\n\nrequire github.com/acme/private v1.0.0\n' },
  { path: '/w/go.mod', text: 'module example.com/app\n\ngo 1.22\n' },
  { path: '/w/.dockerignore', text: '*.go\n.git\n' },
  { path: '/w/.dockerignore', text: undefined },
  { path: '/w/vendor/modules.txt', text: '# github.com/acme/private v1.0.0\n' },
  { path: '/w/vendor/modules.txt', text: undefined },
  { path: '/w/go.work', text: 'go 1.26\n\nuse .\n' },
  { path: '/w/go.work', text: undefined },
  { path: '/w/entrypoint.sh', text: '#!/bin/sh\r\nexec /app "$@"\r\n' },
  { path: '/w/entrypoint.sh', text: undefined },
  { path: '/w/main.go', text: undefined },
  { path: '/w/main.go', text: 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe("127.0.0.1:8080", nil)\n}\n' },
];

test('findings after edits of the Dockerfile and of the files beside it equal those of a fresh analysis', () => {
  const initial = new Map([
    ['/w/go.mod', 'module example.com/app\n\ngo 1.22\n'],
    ['/w/main.go', 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe("127.0.0.1:8080", nil)\n}\n'],
    ['/w/.git/HEAD', 'ref: refs/heads/main\n'],
  ]);
  const plain = (fs: ReturnType<typeof analyzeFile>) => fs.map((f) => ({ ...f, fixes: JSON.stringify(f.fixes), related: JSON.stringify(f.related) }));
  const step = fc.oneof(edit.map((e) => ({ e })), fc.nat({ max: SIDE_CHANGES.length - 1 }).map((c) => ({ c })));
  let sideSteps = 0;
  fc.assert(
    fc.property(fc.nat({ max: texts.length - 1 }), fc.array(step, { minLength: 1, maxLength: 6 }), (k, steps) => {
      const files = new Map(initial);
      const host = new MemoryHost(files);
      const live = new Project(host);
      live.scan('/w');
      let text = texts[k];
      live.setOverlay('/w/Dockerfile', text);
      analyzeFile(RULE_SET, live, '/w/Dockerfile');
      for (const s of steps) {
        if ('e' in s) {
          text = apply(text, s.e);
          live.setOverlay('/w/Dockerfile', text);
        } else {
          const { path: p, text: t } = SIDE_CHANGES[s.c];
          const existed = files.has(p);
          if (t === undefined) files.delete(p);
          else files.set(p, t);
          if (t === undefined && existed) live.deleted(p);
          else live.changed(p, true, existed && t !== undefined);
          if (t !== undefined && !existed) live.scan('/w');
          sideSteps++;
        }
        const got = analyzeFile(RULE_SET, live, '/w/Dockerfile');
        const freshHost = new MemoryHost(new Map([...files, ['/w/Dockerfile', text]]));
        const fresh = new Project(freshHost);
        fresh.scan('/w');
        assert.deepEqual(plain(got), plain(analyzeFile(RULE_SET, fresh, '/w/Dockerfile')));
      }
    }),
    { seed: SEED + 3, numRuns: RUNS * 2 },
  );
  assert.ok(sideSteps >= RUNS, `only ${sideSteps} changes of side files were tried`);
});

test('a carriage return without a line feed is blank space inside its line, as Docker reads it, and offsets hold', () => {
  // dockerfile-ast alone would start a new instruction at "COPY"; Docker reads lines up to "\n".
  const text = 'FROM golang:1.22 AS build\nRUN go build -o /app .\rCOPY . /src\nFROM alpine:3.20\nCOPY --from=build /app\r/app /usr/local/bin/app\n';
  const m = parseDockerfile(text, new LineIndex(text));
  assert.deepEqual(
    m.stages.map((s) => s.instructions.map((i) => [i.keyword, text.slice(i.start, i.end)])),
    [[['RUN', 'RUN go build -o /app .\rCOPY . /src']], [['COPY', 'COPY --from=build /app\r/app /usr/local/bin/app']]],
  );
  const copy = m.stages[1].instructions[0];
  assert.deepEqual(
    copy.ast.getArguments().map((a) => [a.getValue(), text.slice(m.index.offsetAt(a.getRange().start), m.index.offsetAt(a.getRange().end))]),
    [['/app', '/app'], ['/app', '/app'], ['/usr/local/bin/app', '/usr/local/bin/app']],
  );
});

/** A copy of dockerfile-ast loaded afresh, without the changes parse/dockerfile.ts makes to its classes. */
function unpatchedDockerfileAst(): typeof import('dockerfile-ast') {
  const root = path.dirname(require.resolve('dockerfile-ast/package.json')) + path.sep;
  const saved = new Map<string, NodeModule | undefined>();
  for (const k of Object.keys(require.cache)) if (k.startsWith(root)) saved.set(k, require.cache[k]), delete require.cache[k];
  try {
    return require('dockerfile-ast');
  } finally {
    for (const k of Object.keys(require.cache)) if (k.startsWith(root)) delete require.cache[k];
    for (const [k, v] of saved) require.cache[k] = v;
  }
}

test("the kept argument lists answer as dockerfile-ast's own: arguments, flags, ranges; frozen and the same list each time", () => {
  const plain = unpatchedDockerfileAst();
  const patched = require('dockerfile-ast') as typeof import('dockerfile-ast');
  const rawOf = (m: typeof plain) => (m.Instruction.prototype as unknown as { getRawArguments: unknown }).getRawArguments;
  assert.notEqual(rawOf(plain), rawOf(patched), 'the fresh copy is not patched');
  type Ins = {
    getKeyword(): string;
    getArguments(): readonly { getValue(): string; getRange(): unknown }[];
    getRawArguments?(): readonly { getValue(): string; getRange(): unknown }[];
    getFlags?(): readonly { getName(): string; getValue(): string | null; getRange(): unknown }[];
    getArgumentsContent(): string | null;
  };
  const view = (i: Ins) => ({
    keyword: i.getKeyword(),
    args: i.getArguments().map((a) => [a.getValue(), a.getRange()]),
    flags: i.getFlags?.().map((f) => [f.getName(), f.getValue(), f.getRange()]),
    content: i.getArgumentsContent(),
  });
  let modifiable = 0;
  let flagged = 0;
  for (const text of [...texts, 'COPY --from=build --chown=1:1 a b /c/\nRUN --mount=type=cache,target=/root/.cache go build ./...\n']) {
    const ours = patched.DockerfileParser.parse(text).getInstructions() as unknown as Ins[];
    const theirs = plain.DockerfileParser.parse(text).getInstructions() as unknown as Ins[];
    assert.equal(ours.length, theirs.length);
    ours.forEach((ins, k) => {
      // Asked in both orders: the flags first, or the arguments first (the flags are read from them).
      if (k % 2) ins.getFlags?.();
      const first = ins.getArguments();
      assert.deepEqual(view(ins), view(theirs[k]));
      assert.ok(Object.isFrozen(first) && ins.getArguments() === first);
      if ((ins as unknown) instanceof patched.ModifiableInstruction) {
        modifiable++;
        if (ins.getFlags?.().length) flagged++;
        assert.ok(Object.isFrozen(ins.getRawArguments?.()));
      }
    });
  }
  assert.ok(modifiable > 1000 && flagged > 100, `${modifiable} instructions with flags possible, ${flagged} with flags`);
});
