/**
 * DGT105 invalid-goos-goarch: a GOOS or GOARCH value that Go does not know (`x86_64`, `aarch64`,
 * `win`, `macos`), or a pair it does not build for, set by ENV, ARG, inline, `export`, `env` or
 * `go env -w`.
 */
import { dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import { globalArgSettings, variableSettings, type Stage, type VariableSetting } from '../parse/dockerfile';
import { stagesReports } from '../model/stageValues';
import { splitAssignments, Word } from '../parse/shell';
import { GOARCH_VALUES, GOOS_VALUES, suggestArch, suggestOs, validPair } from '../facts/goPlatforms';
import { valueOffsets } from '../model/goCommands';

type Name = 'GOOS' | 'GOARCH';

interface Setting {
  name: Name;
  value: string;
  /** Offsets of the value text itself (inside any quotes). */
  start: number;
  end: number;
  /** Settings made together (one ENV instruction, one command): used for the pair check. */
  group: number;
}

function isLiteral(v: string): boolean {
  return v !== '' && !/[$`{}]/.test(v);
}

export const invalidGoosGoarch = dockerfileRule({
  id: 'DGT105',
  name: 'invalid-goos-goarch',
  kind: 'dockerfile',
  severity: 'error',
  title: 'GOOS/GOARCH value that Go does not know',
  messages: {
    arch: '`GOARCH={value}` is not an architecture Go knows, so every go build stops with `go: unsupported GOOS/GOARCH pair {os}/{value}`. Go calls it `{suggest}`.',
    archUnknown: '`GOARCH={value}` is not an architecture Go knows, so every go build stops with `go: unsupported GOOS/GOARCH pair {os}/{value}`. Go\'s names: amd64, arm64, arm, 386, ppc64le, s390x, riscv64, ...',
    os: '`GOOS={value}` is not an operating system Go knows, so every go build stops with `go: unsupported GOOS/GOARCH pair {value}/{arch}`. Go calls it `{suggest}`.',
    osUnknown: '`GOOS={value}` is not an operating system Go knows, so every go build stops with `go: unsupported GOOS/GOARCH pair {value}/{arch}`. Go\'s names: linux, windows, darwin, freebsd, ...',
    pair: '`{os}/{arch}` is not a platform Go builds for (`go tool dist list`): `go: unsupported GOOS/GOARCH pair {os}/{arch}`.',
  },
  fixTitles: { rename: 'Use {name}={value}' },
  docs: {
    what: 'Finds GOOS and GOARCH values that are not in `go tool dist list` — usually the names other tools use (`x86_64`, `aarch64`, `arm64v8`, `win`, `macos`) — and GOOS/GOARCH pairs that Go does not build for.',
    why:
      'Docker, uname and Linux distributions call the architectures x86_64 and aarch64; Go calls them amd64 and arm64. A value Go does not know stops every build in the stage, far from the line that set it.',
    errorText: ['go: unsupported GOOS/GOARCH pair linux/x86_64', 'cmd/go: unsupported GOOS/GOARCH pair linux/aarch64'],
    bad: 'FROM golang:1.22-alpine AS build\nENV GOOS=linux GOARCH=x86_64\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n',
    good: 'FROM golang:1.22-alpine AS build\nENV GOOS=linux GOARCH=amd64\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Replaces a known alias with Go\'s name: x86_64/x64/amd → amd64, aarch64/arm64v8/armv8 → arm64, i386/i686 → 386, armv7/armhf → arm, win → windows, macos/osx → darwin, and wrong letter case (Linux → linux).',
    notFlagged: [
      'Values from variables (`GOARCH=$TARGETARCH`, `${GOARCH:-amd64}`) — the BuildKit cross-compile pattern is correct as written.',
      'An empty value (`GOARCH=`), which means "the machine\'s own".',
      'Docker platforms (`--platform=linux/x86_64`): Docker itself normalises those names.',
    ],
  },
  check(ctx, report) {
    const { model, text } = ctx;
    const outer = report;
    type Report = Parameters<typeof outer>[0];

    const fromProperty = (p: VariableSetting, g: number, into: Setting[]) => {
      const name = p.name;
      if (name !== 'GOOS' && name !== 'GOARCH') return;
      const value = p.value ?? '';
      if (p.valueStart === undefined || p.valueEnd === undefined || !isLiteral(value)) return;
      const s = p.valueStart;
      const e = p.valueEnd;
      const at = text.slice(s, e).indexOf(value);
      if (at < 0) return;
      into.push({ name, value, start: s + at, end: s + at + value.length, group: g });
    };
    const fromWord = (w: Word, g: number, into: Setting[]) => {
      const m = /^(GOOS|GOARCH)=(.*)$/s.exec(w.value);
      if (!m || !isLiteral(m[2])) return;
      const { start, end } = valueOffsets(text, w);
      if (text.slice(start, end) !== m[2]) return;
      into.push({ name: m[1] as Name, value: m[2], start, end, group: g });
    };

    // A setting pairs only with one made together (the same instruction or command), never across
    // stages: each stage's findings are kept with the stage, and an edit elsewhere replays them.
    const globals: Setting[] = [];
    let group = 0;
    for (const p of globalArgSettings(model)) fromProperty(p, ++group, globals);
    judge(globals, report);
    for (const r of stagesReports<Report>(ctx.project, 'DGT105', 'stage', model.stages, (stage, add) => judge(stageSettings(stage), add), model.escape)) report(r);

    function stageSettings(stage: Stage): Setting[] {
      const settings: Setting[] = [];
      let g = 0;
      for (const ins of stage.instructions) {
        if (ins.keyword === 'ENV') {
          g++;
          for (const p of variableSettings(model, ins)) fromProperty(p, g, settings);
        } else if (ins.keyword === 'ARG') {
          for (const p of variableSettings(model, ins)) fromProperty(p, ++g, settings);
        } else if (ins.keyword === 'RUN') {
          for (const cmd of ins.commands) {
            g++;
            const { assignments, rest } = splitAssignments(cmd);
            if (assignments.size) for (const w of assignments.values()) fromWord(w, g, settings);
            const head = rest[0]?.value;
            if (head === 'export' || head === 'env') for (const w of rest.slice(1)) fromWord(w, g, settings);
            else if (head === 'go' && rest[1]?.value === 'env' && rest.some((w) => w.value === '-w')) for (const w of rest.slice(2)) fromWord(w, g, settings);
          }
        }
      }
      return settings;
    }

    function judge(settings: Setting[], add: (r: Report) => void): void {
      const reported = new Set<Setting>();
      for (const s of settings) {
        const known = s.name === 'GOOS' ? GOOS_VALUES.has(s.value) : GOARCH_VALUES.has(s.value);
        if (known) continue;
        const partner = settings.find((o) => o.group === s.group && o.name !== s.name);
        const suggestion = s.name === 'GOOS' ? suggestOs(s.value) : suggestArch(s.value);
        const fixes: FixInput[] = suggestion
          ? [{ titleId: 'rename', titleData: { name: s.name, value: suggestion }, preferred: true, edits: [{ path: ctx.path, start: s.start, end: s.end, newText: suggestion }] }]
          : [];
        reported.add(s);
        if (s.name === 'GOOS') {
          const arch = partner && isLiteral(partner.value) ? partner.value : 'amd64';
          add({ start: s.start, end: s.end, messageId: suggestion ? 'os' : 'osUnknown', data: { value: s.value, arch, suggest: suggestion ?? '' }, fixes });
        } else {
          const os = partner && isLiteral(partner.value) ? partner.value : 'linux';
          add({ start: s.start, end: s.end, messageId: suggestion ? 'arch' : 'archUnknown', data: { value: s.value, os, suggest: suggestion ?? '' }, fixes });
        }
      }
      // Both known, but not together (windows/s390x, darwin/386): reported on GOARCH.
      for (const s of settings) {
        if (s.name !== 'GOARCH' || reported.has(s) || !GOARCH_VALUES.has(s.value)) continue;
        const os = settings.find((o) => o.group === s.group && o.name === 'GOOS');
        if (!os || !GOOS_VALUES.has(os.value) || validPair(os.value, s.value)) continue;
        add({ start: s.start, end: s.end, messageId: 'pair', data: { os: os.value, arch: s.value } });
      }
    }
  },
});
