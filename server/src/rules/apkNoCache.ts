/**
 * DGT145 apk-add-without-no-cache: `apk add` in a stage that ends up in an image, without
 * `--no-cache`, so the package index stays in the layer.
 */
import { dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import { finalStage, DInstruction, Stage } from '../parse/dockerfile';
import { splitAssignments, SimpleCommand, Word } from '../parse/shell';
import { flagsOf } from '../model/instructions';
import { buildsOfDockerfile } from '../model/buildContext';
import { chainOf } from '../model/stageGraph';

/** `apk <flags> <subcommand>`: the subcommand word and its index, skipping global options. */
function apkSubcommand(cmd: SimpleCommand): { apk: Word; sub: Word; index: number } | undefined {
  const { rest } = splitAssignments(cmd);
  let words = rest;
  if (words[0]?.value === 'sudo') words = words.slice(1);
  const apk = words[0];
  if (!apk || !/(^|\/)apk$/.test(apk.value)) return undefined;
  for (let k = 1; k < words.length; k++) {
    const v = words[k].value;
    if (!v.startsWith('-')) return { apk, sub: words[k], index: cmd.words.indexOf(words[k]) };
    // Global options that take a separate value.
    if (/^(-X|--repository|-p|--root|--arch|--keys-dir|--repositories-file|--cache-dir|--cache-max-age|--timeout)$/.test(v)) k++;
  }
  return undefined;
}

/** The RUN keeps no index: a cache mount on the apk cache, or an `rm` of /var/cache/apk. */
function cacheHandled(ins: DInstruction): boolean {
  const mounts = flagsOf(ins).get('mount') ?? '';
  if (/type=cache/.test(mounts) && /target=(\/var\/cache\/apk|\/etc\/apk\/cache)\b/.test(mounts)) return true;
  for (const cmd of ins.commands) {
    const v = cmd.words.map((w) => w.value);
    if (/(^|\/)rm$/.test(v[0] ?? '') && v.some((x) => /^\/var\/cache\/apk(\/|$)/.test(x) || x === '/etc/apk/cache/*')) return true;
  }
  return false;
}

export const apkNoCache = dockerfileRule({
  id: 'DGT145',
  name: 'apk-add-without-no-cache',
  kind: 'dockerfile',
  severity: 'info',
  title: '`apk add` without --no-cache',
  fixTitles: {
    noCache: 'Use `apk add --no-cache`',
    dropUpdate: 'Drop `apk update` and use `apk add --no-cache`',
  },
  messages: {
    noCache:
      '`apk add` without `--no-cache` leaves the package index (a few MB of APKINDEX files in /var/cache/apk) in this layer of the image. Use `apk add --no-cache`, which fetches the index on the fly and keeps nothing.',
    withUpdate:
      '`apk update` and `apk add` without `--no-cache` leave the package index (a few MB of APKINDEX files in /var/cache/apk) in this layer of the image. Drop `apk update` and use `apk add --no-cache`, which fetches a fresh index on the fly and keeps nothing.',
  },
  docs: {
    what: 'Finds `apk add` without `--no-cache` in an alpine-based stage that ends up in an image.',
    why:
      '`apk update` and `apk add` store the repository indexes under /var/cache/apk. Deleting them in a later RUN does not shrink the image, because the earlier layer still holds them. `--no-cache` fetches the index for this one command and stores nothing, which also makes `apk update` unnecessary.',
    errorText: ['$ docker history myapp\n... 2.9MB  RUN /bin/sh -c apk add ca-certificates tzdata'],
    bad: 'FROM alpine:3.20\nRUN apk update && apk add ca-certificates tzdata\n',
    good: 'FROM alpine:3.20\nRUN apk add --no-cache ca-certificates tzdata\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Inserts `--no-cache` after `add`; when the same RUN starts with `apk update &&`, removes that command as well.',
    notFlagged: [
      '`apk add --no-cache` (the option may come before or after `add`).',
      'A RUN that removes /var/cache/apk itself (`rm -rf /var/cache/apk/*`) or mounts a BuildKit cache on it (`--mount=type=cache,target=/var/cache/apk`).',
      'Builder stages that no image is built from: their layers are thrown away.',
      'Windows stages and files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const inImage = new Set<Stage>();
    for (const b of buildsOfDockerfile(ctx)) {
      const f = finalStage(model, b.target);
      if (f) for (const s of chainOf(model, f)) inImage.add(s);
    }
    for (const stage of model.stages) {
      if (!inImage.has(stage) || stage.family === 'windows') continue;
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'RUN' || cacheHandled(ins)) continue;
        const apks = ins.commands.map((c) => ({ c, a: apkSubcommand(c) }));
        // An `apk update` followed by `&&` at the start of a chain can simply go.
        const update = apks.find((x) => x.a?.sub.value === 'update');
        const otherUsers = apks.some((x) => x.a && !['add', 'update', 'del'].includes(x.a.sub.value) && !x.c.words.some((w) => w.value === '--no-cache'));
        for (const { c, a } of apks) {
          if (!a || a.sub.value !== 'add') continue;
          if (c.words.some((w) => w.value === '--no-cache')) continue;
          const fixes: FixInput[] = [];
          const insert = { path: ctx.path, start: a.sub.end, end: a.sub.end, newText: ' --no-cache' };
          let messageId: 'noCache' | 'withUpdate' = 'noCache';
          if (update && update.c.start < c.start) {
            messageId = 'withUpdate';
            const k = ins.commands.indexOf(update.c);
            const next = ins.commands[k + 1];
            const gap = next ? ctx.text.slice(update.c.end, next.start) : '';
            if (!otherUsers && next && /^\s*&&[\s\\]*$/.test(gap.replace(/\r?\n/g, '\n'))) {
              fixes.push({ titleId: 'dropUpdate', preferred: true, edits: [{ path: ctx.path, start: update.c.start, end: next.start, newText: '' }, insert] });
            }
          } else {
            fixes.push({ titleId: 'noCache', preferred: true, edits: [insert] });
          }
          report({ start: a.apk.start, end: a.sub.end, messageId, fixes });
        }
      }
    }
  },
});
