/**
 * The script a compose service's `command:` or `entrypoint:` runs (`sh ./start.sh`,
 * `["/app/start.sh"]`), and the host file behind it: what a bind mount of the service lays over its
 * path, else what the service's image copied there from the build context. Used by DGT223 (scripts
 * that keep the shell as PID 1).
 */
import * as path from 'node:path';
import type { ComposeContext } from '../context';
import type { ImageFacts } from '../../model/image';
import { bindMounts } from '../../model/composeSpecs';
import { relativeSource } from '../../model/composeBinds';
import { child, scalarOf, type MNode, type MScalar } from '../../model/composeView';
import { pathIn } from '../../model/fileTree';
import { containerPath, finalWorkdir } from '../../model/instructions';
import { scriptWordOf } from '../../model/pid1';
import { normalizePosix } from '../../parse/dockerfile';
import { readWord, type Word } from '../../parse/shell';
import type { ComposeScope, ServiceRef } from './composeKit';

/** A command string split into words as Compose splits it (like a shell, without one); at most `max` words. */
export function splitComposeWords(text: string, s: MScalar, max: number): Word[] | undefined {
  const words: Word[] = [];
  let i = s.start;
  while (i < s.end && words.length < max) {
    while (i < s.end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= s.end) break;
    const w = readWord(text, i, s.end, '\\');
    if (w.end <= i) return undefined;
    words.push(w);
    i = w.end;
  }
  return words;
}

/** The words of a compose `command:`/`entrypoint:` (a list, or a string), with offsets in this file. */
export function commandWords(text: string, node: MNode | undefined, file: string): { value: string; start: number; end: number; quoted: boolean }[] | undefined {
  if (!node) return undefined;
  if (node.kind === 'seq') {
    const items = node.items.map(scalarOf);
    if (items.some((i) => !i || i.value === undefined || i.path !== file || !i.exact)) return undefined;
    return (items as MScalar[]).map((i) => ({ value: i.value as string, start: i.start, end: i.end, quoted: false }));
  }
  const s = scalarOf(node);
  if (!s || s.path !== file || !s.exact || !s.value) return undefined;
  return splitComposeWords(text, s, Number.POSITIVE_INFINITY);
}

export interface ComposeScript {
  key: 'entrypoint' | 'command';
  /** The word naming the script, offsets into the compose file. */
  word: { value: string; start: number; end: number };
  /** Run through a shell (`sh ./start.sh`) rather than executed itself. */
  viaShell: boolean;
  /** The host file and its text. */
  host: string;
  text: string;
  image: ImageFacts;
  /** The working directory of the container. */
  workdir: string | undefined;
}

/** The script the service's own `entrypoint:` (or `command:`, when the image has no ENTRYPOINT) runs, when it is a file of the project. */
export function composeEntryScript(ctx: ComposeContext, scope: ComposeScope, svc: ServiceRef): ComposeScript | undefined {
  const entrypoint = child(svc.merged, 'entrypoint');
  const key = entrypoint ? 'entrypoint' : 'command';
  const words = commandWords(ctx.text, entrypoint ?? child(svc.merged, 'command'), ctx.path);
  const pick = words ? scriptWordOf(words) : undefined;
  if (!words || !pick) return undefined;
  const image = child(svc.merged, 'build') ? scope.image(svc.name) : undefined;
  if (!image || image.family === 'windows' || image.model.escapeDirective) return undefined;
  if (key === 'command' && image.entrypoint) return undefined;
  const workdir = scalarOf(child(svc.merged, 'working_dir'))?.value ?? finalWorkdir(image.final);
  const word = words[pick.index];
  const target = word.value.includes('/') || pick.viaShell ? containerPath(word.value, workdir) : undefined;
  if (!target) return undefined;
  const host = hostFileOf(ctx, scope, svc, image, target);
  const text = host ? ctx.project.text(host) : undefined;
  if (!host || text === undefined) return undefined;
  return { key, word, viaShell: pick.viaShell, host, text, image, workdir };
}

/** The host file behind a container path: a bind mount of the service over it, else what the image copied from the build context. */
function hostFileOf(ctx: ComposeContext, scope: ComposeScope, svc: ServiceRef, image: ImageFacts, target: string): string | undefined {
  let best: { host: string; depth: number } | undefined;
  for (const m of bindMounts(child(svc.merged, 'volumes'))) {
    if (!m.target) continue;
    const t = normalizePosix(m.target);
    if (target !== t && !target.startsWith(t === '/' ? '/' : t + '/')) continue;
    const src = relativeSource(scope.view, m);
    if (!src) return undefined; // a mount we cannot follow covers it
    const host = path.join(src, ...target.slice(t.length).split('/').filter(Boolean));
    if (!best || t.length > best.depth) best = { host, depth: t.length };
  }
  if (best) return ctx.project.exists(best.host) === 'file' ? best.host : undefined;
  const origin = pathIn(ctx.project, image.build, image.model, image.final, target);
  return origin.kind === 'context' ? origin.host : undefined;
}
