/**
 * DGT171 delve-binary-not-debuggable: the binary that `dlv exec` runs (in the image's ENTRYPOINT or
 * CMD, or a compose command for the image) is built with `-ldflags "-s -w"` (no DWARF: Delve finds
 * no debug info) or without `-gcflags="all=-N -l"` (optimised: variables "optimized away",
 * breakpoints that do not stop where they are set).
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import type { DockerfileContext } from './context';
import type { FileEdit, FixInput } from '../core/types';
import { DELVE } from '../facts/devTools';
import { serviceCommand, stageCommand, type ContainerCommand } from '../model/containerCommand';
import { delveRun } from '../model/delve';
import { buildsOfDockerfile } from '../model/buildContext';
import { buildService } from '../model/composeView';
import { imageFacts } from '../model/image';
import { pathIn, type PathOrigin } from '../model/fileTree';
import { containerPath } from '../model/instructions';
import { rootOf } from '../model/stageGraph';
import { envFor, finalStage, type GoBuildCommand, type Stage } from '../parse/dockerfile';
import type { Word } from '../parse/shell';
import type { ImageBuild } from '../project/project';

void DELVE;

/** The go build that wrote a path, following copies from other stages. */
function builtBy(origin: PathOrigin): GoBuildCommand | undefined {
  if (origin.kind === 'built') return origin.build;
  if (origin.kind === 'stage') return builtBy(origin.origin);
  return undefined;
}

function tokens(v: string): string[] {
  return v.replace(/^all=/, '').split(/\s+/).filter(Boolean);
}

/** `-N` and `-l` for every package (`all=-N -l`), in -gcflags or GOFLAGS. */
function unoptimized(gb: GoBuildCommand): boolean | undefined {
  const gc = gb.flags.get('gcflags');
  if (gb.flags.has('gcflags') && !gc) return undefined;
  const goflags = envFor(gb, 'GOFLAGS');
  if (goflags?.includes('$') || gc?.value.includes('$')) return undefined;
  const values = [gc?.value ?? '', ...(/-gcflags=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(goflags ?? '')?.slice(1) ?? [])].filter((v): v is string => !!v);
  return values.some((v) => {
    const t = tokens(v);
    return t.includes('-N') && t.includes('-l');
  });
}

/** The ldflags word(s) of a build, and whether they strip the DWARF (`-w`) or the symbol table (`-s`). */
function stripping(gb: GoBuildCommand): { flag: Word; value: Word; inline: boolean } | undefined {
  const v = gb.flags.get('ldflags');
  if (!v || !/(^|\s)-[sw](\s|$)/.test(v.value)) return undefined;
  const flag = gb.command.words.find((w) => /^--?ldflags(=|$)/.test(w.value));
  if (!flag) return undefined;
  return { flag, value: v, inline: flag.value.includes('=') };
}

export const delveBinaryNotDebuggable = dockerfileRule({
  id: 'DGT171',
  name: 'delve-binary-not-debuggable',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Binary run under Delve is stripped or optimised',
  fixTitles: { dropStrip: 'Keep the debug information: drop -s -w from -ldflags', noOpt: 'Build with -gcflags="all=-N -l"' },
  messages: {
    stripped:
      '`{binary}` runs under `dlv exec`, but `-ldflags` strips it (`{flags}`): without DWARF Delve prints `Warning: no debug info found, some functionality will be missing such as stack traces and variable evaluation.` and breakpoints set in the editor never bind. Build the debug binary without `-s -w`.',
    optimized:
      '`{binary}` runs under `dlv exec`, but this build optimises and inlines it (no `-gcflags="all=-N -l"`): breakpoints stop on other lines than the ones set, and variables show as `optimized away`. Build the debug binary with `-gcflags="all=-N -l"`.',
  },
  relatedMessages: { runs: 'dlv runs it here.' },
  docs: {
    what: 'Finds the `go build` of a binary that the image (or a compose command for it) runs with `dlv exec`, when the build strips the debug information (`-ldflags "-s -w"`) or leaves the compiler\'s optimisations on (no `-gcflags="all=-N -l"`).',
    why:
      'Release builds use `-s -w` to make the binary smaller and keep optimisations on: right for production, wrong for a debug image. `-w` drops the DWARF data Delve maps source lines and variables with, so nothing the editor sets binds; optimisation and inlining make the debugger stop on unexpected lines and hide variables. Delve\'s own advice is to build debug binaries with `-gcflags="all=-N -l"`. The debug image often copies its build line from the release one.',
    severity: 'Warning for a stripped binary; information for an optimised one.',
    errorText: ['Warning: no debug info found, some functionality will be missing such as stack traces and variable evaluation.', '(no error: breakpoints do not stop, or stop on other lines; variables are `optimized away`)'],
    bad: 'FROM golang:1.22\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.25.2\nWORKDIR /src\nCOPY . .\nRUN go build -ldflags="-s -w" -o /app .\nCMD ["dlv", "exec", "/app", "--headless", "--listen=:2345", "--accept-multiclient", "--continue"]\n',
    good: 'FROM golang:1.22\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.25.2\nWORKDIR /src\nCOPY . .\nRUN go build -gcflags="all=-N -l" -o /app .\nCMD ["dlv", "exec", "/app", "--headless", "--listen=:2345", "--accept-multiclient", "--continue"]\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Drops `-s` and `-w` from `-ldflags` (the flag goes when nothing else is left); adds `-gcflags="all=-N -l"` to a build that has no `-gcflags`.',
    notFlagged: [
      '`dlv debug` and `dlv test` (Delve builds those itself, without optimisations), and binaries the Dockerfile does not build (copied from the build context or another image).',
      'Builds through `make` or a script, and flags that come from variables.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const builds = buildsOfDockerfile(ctx);
    if (!builds.length) return;
    const done = new Set<number>();
    const runs: { stage: Stage; cmd: ContainerCommand; build: ImageBuild }[] = [];
    for (const stage of [...model.stages].reverse()) {
      if (rootOf(model, stage).family === 'windows') continue;
      const cmd = stageCommand(project, model, ctx.path, stage);
      if (cmd) runs.push({ stage, cmd, build: builds.find((b) => finalStage(model, b.target) === stage) ?? builds[0] });
    }
    for (const b of builds) {
      if (!b.service) continue;
      const merged = buildService(project, b.service);
      const image = imageFacts(project, b);
      const cmd = merged && image ? serviceCommand(project, merged, image) : undefined;
      if (cmd && cmd.from === 'compose') runs.push({ stage: image!.final, cmd, build: b });
    }
    for (const { stage, cmd, build } of runs) {
      const run = delveRun(cmd);
      if (!run || run.subcommand?.value !== 'exec' || !run.target || run.target.value.includes('$')) continue;
      const target = containerPath(run.target.value, cmd.workdir);
      if (!target) continue;
      const gb = builtBy(pathIn(project, build, model, stage, target));
      if (!gb || gb.via || done.has(gb.command.start)) continue;
      if (!model.stages.includes(gb.stage)) continue;
      done.add(gb.command.start);
      const binary = path.posix.basename(target);
      const strip = stripping(gb);
      if (strip) {
        const fix = dropStripEdit(ctx, strip);
        report({
          start: strip.flag.start,
          end: strip.inline ? strip.flag.end : strip.value.end,
          messageId: 'stripped',
          data: { binary, flags: strip.value.value },
          fixes: fix ? [{ titleId: 'dropStrip', preferred: true, edits: [fix] }] : [],
          related: [{ path: run.program.path, start: run.program.start, end: run.target.end, messageId: 'runs' }],
        });
        continue;
      }
      const unopt = unoptimized(gb);
      if (unopt !== false) continue;
      const verb = gb.command.words[gb.command.words.indexOf(gb.goWord) + 1];
      if (!verb) continue;
      const fixes: FixInput[] = [];
      if (!gb.flags.has('gcflags') && envFor(gb, 'GOFLAGS') === undefined) fixes.push({ titleId: 'noOpt', preferred: true, edits: [{ path: ctx.path, start: verb.end, end: verb.end, newText: ' -gcflags="all=-N -l"' }] });
      report({
        start: gb.goWord.start,
        end: verb.end,
        messageId: 'optimized',
        data: { binary },
        severity: 'info',
        fixes,
        related: [{ path: run.program.path, start: run.program.start, end: run.target.end, messageId: 'runs' }],
      });
    }
  },
});

/** The ldflags without `-s` and `-w` (the flag removed when nothing else is left). */
function dropStripEdit(ctx: DockerfileContext, s: { flag: Word; value: Word; inline: boolean }): FileEdit | undefined {
  const text = ctx.text;
  const wordText = text.slice(s.inline ? s.flag.start : s.value.start, s.inline ? s.flag.end : s.value.end);
  const m = s.inline ? /^(--?ldflags=)(["']?)([^"']*)\2$/.exec(wordText) : /^()(["']?)([^"']*)\2$/.exec(wordText);
  if (!m) return undefined;
  const [, prefix, q, inner] = m;
  const rest = inner.replace(/(^|\s+)-[sw](?=\s|$)/g, '').trim().replace(/\s+/g, ' ');
  if (!rest) {
    // Remove the flag (and its value), with the blank before it.
    const start = text[s.flag.start - 1] === ' ' ? s.flag.start - 1 : s.flag.start;
    return { path: ctx.path, start, end: s.inline ? s.flag.end : s.value.end, newText: '' };
  }
  const quote = q || (/\s/.test(rest) ? '"' : '');
  const newText = `${prefix}${quote}${rest}${quote}`;
  return { path: ctx.path, start: s.inline ? s.flag.start : s.value.start, end: s.inline ? s.flag.end : s.value.end, newText };
}
