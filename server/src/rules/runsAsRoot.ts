/**
 * DGT124 runs-as-root: the final image of a Go service runs as root (no USER, or USER root), on a
 * base whose default user is known to be root.
 */
import * as path from 'node:path';
import { DockerfileContext, dockerfileRule } from './context';
import type { FixInput, FileEdit } from '../core/types';
import type { DInstruction, Stage } from '../parse/dockerfile';
import { copyArgs, installedPackages } from '../parse/dockerfile';
import { splitAssignments, splitShell } from '../parse/shell';
import { insertLinesAfter, insertLinesBefore, rawTokens, jsonStrings } from './lib/instructionText';
import { composeSetsUser, createdUsers, effectiveUser, finalStagesOf, fromFlag, runsGoBinary, isGoogleDistroless, isOfficial, isRootUser, userInsertionPoint } from '../model/stages';
import { buildsOfDockerfile } from '../model/buildContext';
import { chainInstructions, rootOf } from '../model/stageGraph';

type RootFamily = 'alpine' | 'busybox' | 'debian' | 'scratch' | 'distroless';

/** Bases whose default user we know to be root. Everything else (including unknown images) is left alone. */
function rootFamily(root: Stage): RootFamily | undefined {
  if (root.image.includes('$') || root.tag === '') return undefined;
  const tag = (root.tag ?? '').toLowerCase();
  if (root.repo === 'scratch') return 'scratch';
  if (isGoogleDistroless(root.repo)) return tag.includes('nonroot') ? undefined : 'distroless';
  if (root.family === 'windows') return undefined;
  if (isOfficial(root.repo, 'alpine')) return 'alpine';
  if (isOfficial(root.repo, 'busybox')) return 'busybox';
  if (isOfficial(root.repo, 'debian') || isOfficial(root.repo, 'ubuntu')) return 'debian';
  if (isOfficial(root.repo, 'golang')) return root.family === 'alpine' ? 'alpine' : root.family === 'debian' ? 'debian' : undefined;
  return undefined;
}

/** Programs that start as root and then drop to another user. */
const PRIVILEGE_DROP = /\b(su-exec|gosu|setpriv|runuser|s6-setuidgid|setuidgid|chpst|capsh|su\s+-)\b|--userspec/;

/** The command the image starts with: the last ENTRYPOINT (unless empty), else the last CMD, as words. */
function entryCommand(ctx: DockerfileContext, final: Stage): string[] | undefined {
  const ins = [...chainInstructions(ctx.model, final)].reverse();
  const words = (i: DInstruction | undefined): string[] | undefined => {
    if (!i) return undefined;
    const json = jsonStrings(ctx.text, i.argsStart, i.argsEnd, ctx.model.escape);
    return json ? json.map((j) => j.value) : rawTokens(ctx.text, i.argsStart, i.argsEnd, ctx.model.escape).map((t) => t.raw);
  };
  const entry = words(ins.find((i) => i.keyword === 'ENTRYPOINT'));
  if (entry && entry.length) return entry;
  return words(ins.find((i) => i.keyword === 'CMD'));
}

/** Entry programs of development, debugging and test images, where root is the convention. */
const DEV_PROGRAMS = new Set(['reflex', 'air', 'CompileDaemon', 'gow', 'modd', 'realize', 'watchexec', 'nodemon', 'dlv', 'go', 'make', 'cmp', 'tail', 'sleep', 'cat', 'true', 'gotestsum']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/**
 * Whether the image's entry point runs the service as root as far as we can tell. False when it is
 * a shell, a development tool, or drops privileges itself (su-exec, gosu, setpriv...), and when it
 * is a script we cannot read.
 */
function entryRunsAsRoot(ctx: DockerfileContext, final: Stage): boolean {
  if (PRIVILEGE_DROP.test(ctx.text)) return false;
  const pkgs = installedPackages(ctx.model, final, Number.POSITIVE_INFINITY);
  if (pkgs.has('su-exec') || pkgs.has('gosu') || pkgs.has('util-linux-setpriv')) return false;
  const cmd = entryCommand(ctx, final);
  if (!cmd || !cmd.length) return false;
  const base = path.posix.basename(cmd[0]);
  if (DEV_PROGRAMS.has(base)) return false;
  let script: string | undefined;
  if (SHELLS.has(base)) {
    if (cmd.includes('-c')) return false;
    script = cmd.slice(1).find((w) => !w.startsWith('-'));
    if (!script) return false; // an interactive shell: a development image
  } else if (/\.(sh|bash)$/.test(cmd[0]) || /^(entrypoint|docker-entrypoint|start|run)$/.test(base)) {
    script = cmd[0];
  }
  if (!script) return true;
  // A script: look for it among the files copied from the build context.
  const name = path.posix.basename(script);
  for (const b of buildsOfDockerfile(ctx)) {
    for (const i of chainInstructions(ctx.model, final)) {
      if ((i.keyword !== 'COPY' && i.keyword !== 'ADD') || fromFlag(i)) continue;
      for (const src of copyArgs(i).slice(0, -1)) {
        for (const c of [path.resolve(b.context, src), path.resolve(b.context, src, name)]) {
          if (path.basename(c) !== name) continue;
          const text = ctx.project.text(c);
          if (text !== undefined) return !PRIVILEGE_DROP.test(text) && !startsDevTool(text);
        }
      }
    }
  }
  return false; // a script we cannot see: it may well switch users
}

/** Live-reload and debugging tools that a development image's entry script starts. */
const DEV_TOOLS = new Set(['reflex', 'air', 'CompileDaemon', 'gow', 'modd', 'realize', 'watchexec', 'nodemon', 'dlv', 'fresh', 'gin']);

/** Whether an entry script starts a development tool (air, realize, dlv ...) or `go run`: a development image. */
function startsDevTool(script: string): boolean {
  for (const cmd of splitShell(script, 0, script.length, '\\')) {
    const { rest } = splitAssignments(cmd);
    const words = rest[0]?.value === 'exec' ? rest.slice(1) : rest;
    const program = words[0] ? path.posix.basename(words[0].value) : undefined;
    if (!program) continue;
    if (DEV_TOOLS.has(program)) return true;
    if (program === 'go' && (words[1]?.value === 'run' || words[1]?.value === 'test')) return true;
  }
  return false;
}

const CREATE: Record<'alpine' | 'busybox' | 'debian', string> = {
  alpine: 'RUN adduser -D -H -u 10001 app',
  busybox: 'RUN adduser -D -H -u 10001 app',
  debian: 'RUN useradd --system --uid 10001 --no-create-home app',
};

/** The distroless tag that runs as nonroot, for the tags that have one. */
function nonrootTag(tag: string | undefined): string | undefined {
  if (tag === undefined) return 'nonroot';
  if (tag === 'latest') return 'nonroot';
  if (tag === 'debug') return 'debug-nonroot';
  let m = /^latest-([a-z0-9]+)$/.exec(tag);
  if (m) return `nonroot-${m[1]}`;
  m = /^debug-([a-z0-9]+)$/.exec(tag);
  if (m) return `debug-nonroot-${m[1]}`;
  return undefined;
}

export const runsAsRoot = dockerfileRule({
  id: 'DGT124',
  name: 'runs-as-root',
  kind: 'dockerfile',
  severity: 'info',
  title: 'The Go service runs as root',
  fixTitles: { nonrootTag: 'Use {image}', addLines: 'Add {lines}' },
  messages: {
    noUser:
      'The final image `{image}` runs the Go service as root: no USER is set. Any bug in the service then has root rights in the container, and clusters that enforce `runAsNonRoot` refuse to start it (`container has runAsNonRoot and image will run as root`). Run it as an unprivileged user: `{fix}`.',
    explicitRoot:
      '`USER {value}` leaves the final image `{image}` running the Go service as root. Clusters that enforce `runAsNonRoot` refuse to start it (`container has runAsNonRoot and image will run as root`). Run it as an unprivileged user: `{fix}`.',
  },
  docs: {
    what: 'Finds a final image that runs a Go binary as root: no USER (or `USER root`/`USER 0`) on a base whose default user is root (alpine, busybox, debian, ubuntu, golang, scratch, distroless without `:nonroot`).',
    why:
      'A Go service needs no root rights: it listens on a port and reads its config. Run as root, a path traversal or RCE bug in the service owns the whole container, and Kubernetes clusters with the restricted Pod Security Standard (`runAsNonRoot: true`) refuse to start the image at all. The fix costs one or two lines, and each base image family has its own way to write them.',
    errorText: [
      'Error: container has runAsNonRoot and image will run as root (pod: "api-7d9c5b6f4-x2x8q_default(...)", container: api)',
    ],
    bad: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM alpine:3.20\nCOPY --from=build /app /usr/local/bin/app\nENTRYPOINT ["/usr/local/bin/app"]\n',
    good: 'FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM alpine:3.20\nCOPY --from=build /app /usr/local/bin/app\nRUN adduser -D -H -u 10001 app\nUSER app\nENTRYPOINT ["/usr/local/bin/app"]\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'Adds a user that suits the base, after the last RUN and before ENTRYPOINT/CMD: alpine and busybox `RUN adduser -D -H -u 10001 app` + `USER app`; debian, ubuntu and golang `RUN useradd --system --uid 10001 --no-create-home app` + `USER app`; scratch `USER 65532:65532`; distroless switches to the `:nonroot` tag (`latest` → `nonroot`, `debug` → `debug-nonroot`), or adds `USER 65532:65532`. When the stage already creates a user, only `USER <that user>` is added.',
    notFlagged: [
      'Images whose base is unknown or already runs as another user (distroless `:nonroot`, Chainguard, nginx-unprivileged, your own base images).',
      'Final images that do not run a Go binary built in the Dockerfile, final stages without ENTRYPOINT or CMD (build and `docker build --output` export stages), and Windows images.',
      'A compose service that sets `user:`, and entry points that drop privileges themselves (su-exec, gosu, setpriv, or an entry script that uses them), or that are scripts the rule cannot read.',
      'Development and debugging images: an entry point that is a shell, `go run`, a live-reload tool (air, reflex, CompileDaemon) or dlv.',
      'USER values with variables, and files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model } = ctx;
    if (model.escapeDirective) return;
    for (const { stage: final, builds } of finalStagesOf(ctx)) {
      const root = rootOf(model, final);
      const family = rootFamily(root);
      if (!family) continue;
      // No ENTRYPOINT/CMD of its own: a build or export image (`docker build --output`), not a service.
      if (!chainInstructions(model, final).some((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD')) continue;
      const user = effectiveUser(model, final);
      if (user && (user.value.includes('$') || !isRootUser(user))) continue;
      if (family === 'scratch' && user?.user === 'root') {
        // `USER root` in scratch cannot even be resolved: DGT123 reports that.
        continue;
      }
      if (composeSetsUser(ctx, builds)) continue;
      if (!runsGoBinary(ctx.project, builds, model, final)) continue;
      if (!entryRunsAsRoot(ctx, final)) continue;

      const fixes: FixInput[] = [];
      const point = userInsertionPoint(final);
      const insert = (lines: string[]): FixInput | undefined => {
        if (!point) return undefined;
        const edit = 'before' in point ? insertLinesBefore(ctx, point.before, lines) : insertLinesAfter(ctx, point.after, lines);
        const shown = lines.join(' + ');
        return { titleId: 'addLines', titleData: { lines: shown }, preferred: true, edits: [edit] };
      };
      // What the message suggests: the preferred fix, as Dockerfile lines.
      let suggestion: string[];
      if (family === 'scratch' || family === 'distroless') {
        suggestion = ['USER 65532:65532'];
        const tag = nonrootTag(root.tag);
        if (family === 'distroless' && !user && tag && !root.image.includes('@') && !root.imageRaw.includes('$') && (root.tag === undefined || root.tagStart !== undefined)) {
          const edit: FileEdit =
            root.tag === undefined
              ? { path: ctx.path, start: root.imageEnd, end: root.imageEnd, newText: ':' + tag }
              : { path: ctx.path, start: root.tagStart as number, end: root.tagEnd as number, newText: tag };
          const image = `${root.repo}:${tag}`;
          fixes.push({ titleId: 'nonrootTag', titleData: { image }, preferred: true, edits: [edit] });
          suggestion = [`FROM ${image}`];
        }
        const f = insert(['USER 65532:65532']);
        if (f) fixes.push({ ...f, preferred: !fixes.length });
      } else {
        const existing = createdUsers(model, final).filter((n) => n !== 'root');
        const name = existing[existing.length - 1];
        suggestion = name ? [`USER ${name}`] : [CREATE[family], 'USER app'];
        const f = insert(suggestion);
        if (f) fixes.push(f);
      }
      const fix = suggestion.join('`, `');
      if (user) {
        report({ start: user.start, end: user.end, messageId: 'explicitRoot', data: { value: user.value, image: root.image, fix }, fixes });
      } else {
        report({ start: final.imageStart, end: final.imageEnd, messageId: 'noUser', data: { image: root.image, fix }, fixes });
      }
    }
  },
});
