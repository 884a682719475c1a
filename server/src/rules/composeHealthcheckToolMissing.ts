/**
 * DGT231 compose-healthcheck-tool-missing: a compose `healthcheck.test` calls curl, wget or a shell
 * that the service's image does not have (curl in scratch, distroless or alpine; `CMD-SHELL` where
 * there is no /bin/sh), so the service never becomes healthy.
 */
import { composeRule } from './context';
import type { FixInput, RelatedInput } from '../core/types';
import type { BaseImage, Tool } from '../facts/baseImages';
import { child, scalarOf, type MNode, type MScalar } from '../model/composeView';
import { programOf } from '../model/instructions';
import { baseOf, rootOf } from '../model/stageGraph';
import { toolIn, toolNamed, type ToolPresence } from '../model/tools';
import { curlAsWget, goHealthMode, goProgramPath, notFoundError } from '../model/health';
import { splitShell } from '../parse/shell';
import { composeScope, imageRef, relatedMsg } from './lib/composeKit';
import { namedImageFacts } from '../model/containerCommand';
import type { ImageFacts } from '../model/image';

const CONSEQUENCE = 'the service stays `unhealthy`, and services that wait for it (`condition: service_healthy`) never start';
const NO_SHELL = 'exec: "/bin/sh": stat /bin/sh: no such file or directory';

const RELATED = { image: 'The image of `{service}` starts from {image}.', healthMode: 'The program\'s health check mode ({arg}).' };

/** A tool call in the test: the word, its arguments, and the nodes or text offsets to rewrite it. */
interface Call {
  tool: Tool;
  start: number;
  end: number;
  args: string[];
  /** Offsets from the tool word to the end of its last argument (shell form), or the list items (exec form). */
  spanEnd: number;
  items: MScalar[] | undefined;
}

export const composeHealthcheckToolMissing = composeRule({
  id: 'DGT231',
  name: 'compose-healthcheck-tool-missing',
  kind: 'compose',
  severity: 'error',
  title: 'Compose healthcheck calls a program the image does not have',
  relatedMessages: RELATED,
  messages: {
    busybox: 'The image of `{service}` ({image}) has no `{tool}`, so this health check fails every time with `{error}`: ' + CONSEQUENCE + '. The image has busybox `wget`: `{wget}`.',
    other: 'The image of `{service}` ({image}) has no `{tool}`, so this health check fails every time with `{error}`: ' + CONSEQUENCE + '. Install it in the image, call a program the image has, or let the Go program check its own health.',
    noTools:
      'The image of `{service}` ({image}) holds no programs but the ones copied in, so this health check fails every time with `{error}`: ' + CONSEQUENCE + '. Let the Go program check its own health: `["CMD", "{binary}", "-healthcheck"]` with a `-healthcheck` flag (the rule\'s page has the Go code).',
    noShell:
      'The image of `{service}` ({image}) has no shell, and a test given as a string or `CMD-SHELL` runs `/bin/sh -c`: it fails every time with `' + NO_SHELL + '`, and ' + CONSEQUENCE + '. Use the exec form `["CMD", ...]` with a program the image has.',
    healthMode: 'The image of `{service}` ({image}) has no `{tool}`, so this health check fails every time with `{error}`: ' + CONSEQUENCE + '. The Go program has its own health check: `{exec}`.',
  },
  fixTitles: { useWget: 'Use busybox wget: {wget}', useHealthMode: 'Let the program check itself: {exec}' },
  docs: {
    what: 'Finds a compose `healthcheck.test` that calls `curl`, `wget`, `bash`, `sh` or `nc` when the service\'s image lacks it, and a test in shell form (a string or `CMD-SHELL`) when the image has no shell at all. The image is the one the service builds (its Dockerfile\'s final stage, with what it installs) or a base image the table knows.',
    why:
      'Compose runs the test inside the container. A missing program fails it like a dead server, so the service is `unhealthy` for ever: `docker compose up --wait` times out and every service with `depends_on: condition: service_healthy` on it never starts (`dependency failed to start`). The Go images that deserve a health check most — scratch and distroless — have no curl, no wget and no shell.',
    errorText: [
      'dependency failed to start: container app-api-1 is unhealthy',
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown',
      '/bin/sh: curl: not found',
      NO_SHELL,
    ],
    bad: 'services:\n  api:\n    build: .          # FROM gcr.io/distroless/static-debian12\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:8080/healthz"]\n',
    good: 'services:\n  api:\n    build: .          # main.go has a -healthcheck flag (see DGT149)\n    healthcheck:\n      test: ["CMD", "/app", "-healthcheck"]\n',
    exampleLanguage: 'yaml',
    fixes:
      'Where the image has busybox (alpine, busybox, distroless `:debug`), a plain `curl -f URL` becomes `wget -qO- URL`. When the service\'s Go program has a health-check mode (a `-healthcheck` flag, an `os.Args[1] == "healthcheck"` test, a cobra command), a fix calls it in exec form.',
    notFlagged: [
      'Programs the image gets from a package install, a COPY or a RUN we cannot see through, and images the table does not know (`image: myorg/api`).',
      '`["NONE"]`, `disable: true`, tests with variables, and tests that call the Go program or other programs by path.',
    ],
  },
  check(ctx, report) {
    const scope = composeScope(ctx);
    for (const s of scope.services) {
      const hc = child(s.merged, 'healthcheck');
      if (hc?.kind !== 'map' || scalarOf(child(hc, 'disable'))?.value === 'true') continue;
      const test = child(hc, 'test');
      if (!test || test.path !== ctx.path) continue;
      const form = testForm(ctx.text, test, ctx.path);
      if (!form) continue;
      const built = child(s.merged, 'build') ? scope.image(s.name) : undefined;
      if (child(s.merged, 'build') && !built) continue;
      if (built && (built.family === 'windows' || built.model.escapeDirective)) continue;
      const base = built ? baseOf(built.model, built.final) : namedImageFacts(imageRef(s.merged));
      if (!base || base.os !== 'linux') continue;
      const image = built ? rootOf(built.model, built.final).image.split('@')[0] : (imageRef(s.merged) ?? '').split('@')[0];
      const presence = (tool: Tool): ToolPresence => (built ? toolIn(built.model, built.final, tool) : fromTable(base, tool));
      const related: RelatedInput[] = built ? [relatedMsg(RELATED, 'image', { path: built.build.dockerfile, start: built.root.imageStart, end: built.root.imageEnd }, { service: s.name, image })] : [];
      const mode = built ? healthFix(ctx.project, built) : undefined;
      if (mode) related.push(relatedMsg(RELATED, 'healthMode', mode.at, { arg: mode.arg }));
      const modeFix = (preferred: boolean): FixInput[] =>
        mode && test.node?.range ? [{ titleId: 'useHealthMode', titleData: { exec: mode.exec }, preferred, edits: [{ path: ctx.path, start: test.node.range[0], end: test.node.range[1], newText: mode.exec }] }] : [];
      if (form.shell && presence('sh').has === 'no') {
        report({ start: form.start, end: form.end, messageId: 'noShell', data: { service: s.name, image }, fixes: modeFix(true), related });
        continue;
      }
      const call = form.call;
      if (!call || presence(call.tool).has !== 'no') continue;
      const error = notFoundError(call.tool, form.shell ? 'shell' : 'json', base.shellKind);
      const url = call.tool === 'curl' ? curlAsWget(call.args) : undefined;
      const wget = url ? `wget -qO- ${url}` : '';
      const fixes: FixInput[] = [];
      if (url && presence('wget').has === 'yes') {
        const edit = wgetEdit(ctx.text, ctx.path, call, url);
        if (edit) fixes.push({ titleId: 'useWget', titleData: { wget }, preferred: true, edits: [edit] });
      }
      fixes.push(...modeFix(!fixes.length));
      const empty = !base.shell && (base.family === 'scratch' || base.family === 'distroless' || base.family === 'distroless-static');
      const messageId = url && presence('wget').has === 'yes' ? 'busybox' : mode ? 'healthMode' : empty ? 'noTools' : 'other';
      const binary = built ? goProgramPath(ctx.project, built.build, built.model, built.final) : undefined;
      report({ start: call.start, end: call.end, messageId, data: { service: s.name, image, tool: call.tool, error, wget, binary: binary ?? '/app', exec: mode?.exec ?? '' }, fixes, related });
    }
  },
});

/** The tool facts of an image named in compose (nothing installs anything there). */
function fromTable(base: BaseImage, tool: Tool): ToolPresence {
  const fact = base.tools[tool];
  if (fact === undefined) return { has: 'unknown' };
  return fact ? { has: 'yes', via: fact === 'busybox' ? 'busybox' : 'base', at: undefined } : { has: 'no' };
}

/** The program's own health check as a compose test, with where the code defines it. */
function healthFix(project: Parameters<typeof goHealthMode>[0], image: ImageFacts): { exec: string; arg: string; at: { path: string; start: number; end: number } } | undefined {
  const binary = goProgramPath(project, image.build, image.model, image.final);
  const mode = binary ? goHealthMode(project, image.build, image.model, image.final) : undefined;
  if (!binary || !mode) return undefined;
  return { exec: JSON.stringify(['CMD', binary, mode.arg]).replace(/","/g, '", "'), arg: mode.arg, at: mode };
}

/** How the test runs: a shell script (string, `CMD-SHELL`) or a program (`CMD`), with the tool it calls. */
function testForm(text: string, test: MNode, file: string): { shell: boolean; start: number; end: number; call: Call | undefined } | undefined {
  if (test.kind === 'scalar') return shellForm(text, test, file);
  if (test.kind !== 'seq') return undefined;
  const items = test.items.map(scalarOf);
  if (items.some((i) => !i || i.value === undefined || i.value.includes('$'))) return undefined;
  const [head, ...rest] = items as MScalar[];
  if (head.value === 'CMD-SHELL' && rest.length === 1) return shellForm(text, rest[0], file);
  if (head.value !== 'CMD' || !rest.length) return undefined;
  const first = rest[0];
  const tool = toolNamed(first.value as string);
  if (!tool || !first.exact || first.path !== file || !plainPath(first.value as string)) return { shell: false, start: first.start, end: first.end, call: undefined };
  const last = rest[rest.length - 1];
  return {
    shell: false,
    start: first.start,
    end: first.end,
    call: { tool, start: first.start, end: first.end, args: rest.slice(1).map((i) => i.value as string), spanEnd: last.end, items: rest },
  };
}

function plainPath(word: string): boolean {
  return !word.includes('/') || /^\/(usr\/)?(local\/)?s?bin\/[^/]+$/.test(word);
}

function shellForm(text: string, s: MScalar, file: string): { shell: boolean; start: number; end: number; call: Call | undefined } | undefined {
  if (s.value === undefined || s.value.includes('$') || s.path !== file || !s.exact) return undefined;
  const cmds = splitShell(text, s.start, s.end, '\\');
  let call: Call | undefined;
  for (const cmd of cmds) {
    const prog = programOf(cmd);
    const word = prog.word;
    const tool = word && !word.quoted ? toolNamed(word.value) : undefined;
    if (!word || !tool) continue;
    if (!plainPath(word.value)) break;
    const rest = cmd.words.slice(prog.index + 1);
    call = { tool, start: word.start, end: word.end, args: rest.map((w) => w.value), spanEnd: rest.length ? rest[rest.length - 1].end : word.end, items: undefined };
    break;
  }
  const first = cmds[0]?.words[0];
  return { shell: true, start: first?.start ?? s.start, end: cmds[0]?.end ?? s.end, call };
}

/** The edit that turns the curl call into `wget -qO- URL`: in the script, or the items of a one-line flow list. */
function wgetEdit(text: string, file: string, call: Call, url: string): { path: string; start: number; end: number; newText: string } | undefined {
  if (!call.items) return { path: file, start: call.start, end: call.spanEnd, newText: `wget -qO- ${url}` };
  const items = call.items;
  const first = items[0].node.range;
  const last = items[items.length - 1].node.range;
  if (!first || !last || text.slice(first[0], last[1]).includes('\n')) return undefined;
  const q = text[first[0]] === '"' || text[first[0]] === "'" ? text[first[0]] : '';
  const parts = ['wget', '-qO-', url].map((v) => (q ? q + v + q : v));
  return { path: file, start: first[0], end: last[1], newText: parts.join(', ') };
}
