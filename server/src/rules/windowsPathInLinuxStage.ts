/**
 * DGT127 windows-path-in-linux-stage: backslash (Windows) paths in COPY, ADD, WORKDIR, ENTRYPOINT
 * or CMD of a Linux stage, where the backslash is Docker's escape character.
 */
import { DockerfileContext, dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import type { DInstruction } from '../parse/dockerfile';
import { afterFlags, jsonStrings, rawTokens } from './lib/instructionText';
import { rootOf } from '../model/stageGraph';
import { own } from '../core/table';

const LINUX = new Set(['debian', 'alpine', 'busybox', 'scratch', 'distroless', 'distroless-static']);

/** Characters of a plain path word (no quotes, variables or shell syntax). */
const PATH_CHARS = /^(?:[A-Za-z]:)?[\w.@+~*?\-\\/]*$/;
const DRIVE = /^[A-Za-z]:\\/;
const DOT = /^\.{1,2}\\/;

interface Candidate {
  /** The path as Docker would have seen it, with backslashes. */
  path: string;
  start: number;
  end: number;
  /** Renders a replacement path as written (quoting kept). */
  render: (p: string) => string;
  role: 'source' | 'destination' | 'workdir' | 'program' | 'argument';
  json: boolean;
  /** The path ended in a backslash at a line end, which Docker took for a continuation. */
  joinsNextLine: boolean;
}

type RoleOf = (k: number, n: number) => Candidate['role'] | undefined;

const COPY_ROLES: RoleOf = (k, n) => (n < 2 ? undefined : k === n - 1 ? 'destination' : 'source');
const WORKDIR_ROLES: RoleOf = (_k, n) => (n === 1 ? 'workdir' : undefined);
const RUN_ROLES: RoleOf = (k) => (k === 0 ? 'program' : 'argument');
const ROLES: Record<string, RoleOf> = { COPY: COPY_ROLES, ADD: COPY_ROLES, WORKDIR: WORKDIR_ROLES, ENTRYPOINT: RUN_ROLES, CMD: RUN_ROLES };

/** A backslash that separates path segments (not an escaped space, `$` or quote, not a trailing one). */
function hasSeparator(p: string): boolean {
  return /\\[\w.*?@+~-]/.test(p) && /[\w.*?@+~-]\\/.test(p) || DRIVE.test(p) || DOT.test(p);
}

function looksLikeWindowsPath(p: string, role: Candidate['role']): boolean {
  if (!p.includes('\\') || !PATH_CHARS.test(p) || p.includes('://')) return false;
  if (role === 'program' || role === 'source' || role === 'destination' || role === 'workdir') return hasSeparator(p);
  // Arguments of ENTRYPOINT/CMD: only unmistakable paths (C:\..., .\...), never regex-like text.
  return DRIVE.test(p) || DOT.test(p);
}

/** The forward-slash path; a drive letter becomes the root. */
function toPosix(p: string): string {
  let s = p.replace(/\\+/g, '/');
  if (/^[A-Za-z]:/.test(s)) s = s.slice(2) || '/';
  return s;
}

/**
 * Candidates of a shell-form argument list. A path that ends the line with a backslash makes Docker
 * join the next line onto this instruction; the words after it are judged as the instruction the
 * writer meant them to be.
 */
function shellCandidates(ctx: DockerfileContext, ins: DInstruction, roleOf: RoleOf): Candidate[] {
  const out: Candidate[] = [];
  let toks = rawTokens(ctx.text, ins.argsStart, ins.argsEnd, ctx.model.escape).filter((t) => !t.raw.startsWith('--'));
  if (toks.some((t) => t.raw.startsWith('<<'))) {
    // Only the instruction's first line holds paths; the rest is the heredoc body.
    const nl = ctx.text.indexOf('\n', ins.argsStart);
    toks = toks.filter((t) => nl < 0 || t.start < nl);
  }
  const parsed = toks.map((t) => {
    let raw = t.raw;
    let quote = '';
    if (raw.length >= 2 && /^(["']).*\1$/.test(raw)) {
      quote = raw[0];
      raw = raw.slice(1, -1);
    }
    const trailing = !quote && t.gluedContinuation && (hasSeparator(raw + '\\') || /^[A-Za-z]:$/.test(raw));
    return { t, quote, path: trailing ? raw + '\\' : raw, trailing };
  });
  // Split where a trailing-backslash path ended the writer's line.
  const segments: (typeof parsed)[] = [[]];
  for (const p of parsed) {
    segments[segments.length - 1].push(p);
    if (p.trailing) segments.push([]);
  }
  segments.forEach((seg, n) => {
    let roles: RoleOf | undefined = roleOf;
    let words = seg;
    if (n > 0) {
      roles = seg[0] ? own(ROLES, seg[0].t.raw.toUpperCase()) : undefined;
      words = seg.slice(1);
    }
    if (!roles) return;
    words.forEach((p, k) => {
      const role = roles?.(k, words.length);
      if (!role || !looksLikeWindowsPath(p.path, role)) return;
      out.push({
        path: p.path,
        start: p.t.start,
        end: p.trailing ? p.t.continuationEnd : p.t.end,
        render: (np) => p.quote + np + p.quote,
        role,
        json: false,
        joinsNextLine: p.trailing,
      });
    });
  });
  return out;
}

function jsonCandidates(ctx: DockerfileContext, at: number, end: number, roleOf: RoleOf): Candidate[] | undefined {
  const strings = jsonStrings(ctx.text, at, end, ctx.model.escape);
  if (!strings) return undefined;
  const out: Candidate[] = [];
  strings.forEach((s, k) => {
    const role = roleOf(k, strings.length);
    if (!role || !looksLikeWindowsPath(s.value, role)) return;
    out.push({ path: s.value, start: s.start, end: s.end, render: (np) => JSON.stringify(np), role, json: true, joinsNextLine: false });
  });
  return out;
}

/**
 * Whether a Windows path can be in the text: every candidate path has a backslash, either in it or
 * glued to its end as a line continuation. A continuation after a blank (`apk add x \`) is neither.
 */
function mayHoldWindowsPath(text: string, start: number, end: number): boolean {
  for (let i = text.indexOf('\\', start); i >= 0 && i < end; i = text.indexOf('\\', i + 1)) {
    const before = text[i - 1];
    if (before !== ' ' && before !== '\t') return true;
    let j = i + 1;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j < text.length && text[j] !== '\n' && text[j] !== '\r') return true;
  }
  return false;
}

function candidatesOf(ctx: DockerfileContext, ins: DInstruction): Candidate[] {
  const roles = own(ROLES, ins.keyword);
  if (!roles || !mayHoldWindowsPath(ctx.text, ins.argsStart, ins.argsEnd)) return [];
  const at = ins.keyword === 'COPY' || ins.keyword === 'ADD' ? afterFlags(ctx.text, ins, ctx.model.escape) : ins.argsStart;
  if (ins.keyword !== 'WORKDIR' && ctx.text[at] === '[') return jsonCandidates(ctx, at, ins.argsEnd, roles) ?? [];
  return shellCandidates(ctx, ins, roles);
}

/** The message for a candidate: what the mistake does depends on where the path is. */
function messageOf(c: Candidate): 'source' | 'folder' | 'folderJoined' | 'program' | 'programExec' | 'argument' {
  if (c.role === 'source') return 'source';
  if (c.role === 'destination' || c.role === 'workdir') return c.joinsNextLine ? 'folderJoined' : 'folder';
  if (c.role === 'program') return c.json ? 'programExec' : 'program';
  return 'argument';
}

export const windowsPathInLinuxStage = dockerfileRule({
  id: 'DGT127',
  name: 'windows-path-in-linux-stage',
  kind: 'dockerfile',
  severity: 'warning',
  title: 'Windows path with backslashes in a Linux stage',
  fixTitles: { forwardSlashes: 'Use forward slashes: {fixed}' },
  messages: {
    source:
      '`{path}` is a Windows path in a stage on the Linux image `{image}`. Docker reads the backslashes as escapes, looks for `{seen}` and the build fails: `failed to compute cache key: "/{seen}": not found`. Use forward slashes: `{fixed}`.',
    folder:
      '`{path}` is a Windows path in a stage on the Linux image `{image}`. Docker reads the backslashes as escapes and uses the folder `{seen}` instead, which nothing else refers to. Use forward slashes: `{fixed}`.',
    folderJoined:
      '`{path}` is a Windows path in a stage on the Linux image `{image}`. Docker reads the backslashes as escapes and uses the folder `{seen}` instead, and the backslash at the end of the line joins the next line onto this instruction. Use forward slashes: `{fixed}`.',
    program:
      '`{path}` is a Windows path in a stage on the Linux image `{image}`. The shell drops the backslashes and the container fails with `/bin/sh: {seen}: not found`. Use forward slashes: `{fixed}`.',
    programExec:
      '`{path}` is a Windows path in a stage on the Linux image `{image}`, where no such file exists, so the container cannot start: `exec: "{path}": stat {path}: no such file or directory`. Use forward slashes: `{fixed}`.',
    argument:
      '`{path}` is a Windows path in a stage on the Linux image `{image}`: the program gets a path that does not exist there. Use forward slashes: `{fixed}`.',
  },
  docs: {
    what: 'Finds paths written with backslashes (`.\\bin\\app`, `C:\\app`, `bin\\app`) in COPY, ADD, WORKDIR, ENTRYPOINT and CMD of stages built on a Linux image.',
    why:
      'Paths typed on Windows, or copied from a Windows-container Dockerfile, use backslashes. In a Linux stage without an `# escape=` directive the backslash escapes the next character, so `bin\\app` becomes `binapp`, `C:\\app` becomes the relative folder `C:app`, and a backslash at the end of a line joins the next instruction onto this one. The build fails with "not found", or the binary lands somewhere the ENTRYPOINT does not look.',
    errorText: [
      'failed to solve: failed to compute cache key: failed to calculate checksum of ref ...: "/.binapp.exe": not found',
      'exec: "C:\\\\app\\\\app.exe": stat C:\\app\\app.exe: no such file or directory',
    ],
    bad: 'FROM golang:1.22 AS build\nWORKDIR C:\\src\nCOPY .\\cmd\\api .\\cmd\\api\nRUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY ./cmd/api ./cmd/api\nRUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\n',
    exampleLanguage: 'dockerfile',
    fixes: 'Replaces the backslashes with forward slashes and drops a drive letter (`C:\\app\\` → `/app/`, `.\\bin\\app` → `./bin/app`). No fix for a COPY source with a drive letter: sources are relative to the build context, so the right path depends on where the context is.',
    notFlagged: [
      'Windows stages (servercore, nanoserver) and every file with an `# escape=` directive.',
      'Stages on images whose OS is unknown.',
      'A backslash that continues a line, escapes a space, `$` or a quote, and backslashes inside RUN, in quoted arguments and in regex-like CMD arguments.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (model.escapeDirective || model.escape !== '\\') return;
    for (const stage of model.stages) {
      const root = rootOf(model, stage);
      if (!LINUX.has(root.family)) continue;
      for (const ins of stage.instructions) {
        for (const c of candidatesOf(ctx, ins)) {
          const posix = toPosix(c.path);
          const canFix = !(c.role === 'source' && /^[A-Za-z]:/.test(c.path));
          const fixes: FixInput[] = canFix
            ? [
                {
                  titleId: 'forwardSlashes',
                  titleData: { fixed: posix },
                  preferred: true,
                  edits: [{ path: ctx.path, start: c.start, end: c.end, newText: c.render(posix) }],
                },
              ]
            : [];
          // What Docker makes of it; a source is looked up relative to the context root.
          let seen = c.json ? c.path : seenByDocker(c.path) || '.';
          if (c.role === 'source') seen = seen.replace(/^\.?\/+/, '');
          report({ start: c.start, end: c.end, messageId: messageOf(c), data: { path: c.path, image: root.image, seen, fixed: posix }, fixes });
        }
      }
    }
  },
});

/** What Docker's word processing makes of an unquoted backslash path. */
function seenByDocker(p: string): string {
  return p.replace(/\\(.)/g, '$1').replace(/\\$/, '');
}
