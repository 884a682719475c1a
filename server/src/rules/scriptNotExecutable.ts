/**
 * DGT146 script-not-executable: a script copied from the build context and executed directly by
 * ENTRYPOINT, CMD or RUN (not through `sh script.sh`), with no `--chmod` on its COPY and no later
 * `chmod`, while git records the file as 100644. Every checkout on Linux or macOS (CI included)
 * then copies it without the executable bit.
 */
import * as path from 'node:path';
import { DockerfileContext, dockerfileRule } from './context';
import type { ImageBuild } from '../project/project';
import type { FixInput } from '../core/types';
import type { DInstruction, DockerfileModel, Stage } from '../parse/dockerfile';
import { argWords, containerPath, copySpec, CopySpec, DEFAULT_PATH, finalWorkdir, programOf, shellCommands } from '../model/instructions';
import { anyGlob, buildsOfDockerfile, candidateContexts, expandGlob, gitRootOf, hasGlob, lookupExact, sourceSegments } from '../model/buildContext';
import { gitModeOf, MODE_FILE } from '../model/gitIndex';
import { chainOf } from '../model/stageGraph';
import { rootOf } from '../model/stageGraph';

/** Families whose images have a shell and chmod. */
const HAS_CHMOD = new Set(['debian', 'alpine', 'busybox']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox', 'env', 'exec', 'source', '.']);

/** A word that a command executes directly. */
interface Exec {
  ins: DInstruction;
  start: number;
  end: number;
  name: string;
}

/** A host file a COPY/ADD from the context puts at a container path. */
interface Placed {
  copy: CopySpec;
  stage: Stage;
  host: string;
  /** Copied as itself (its own source), not as part of a folder or glob. */
  single: boolean;
}

function directExecs(model: DockerfileModel, ins: DInstruction): Exec[] {
  const out: Exec[] = [];
  const take = (start: number, end: number, name: string) => {
    if (!name || name.includes('$') || SHELLS.has(name.slice(name.lastIndexOf('/') + 1))) return;
    out.push({ ins, start, end, name });
  };
  if (ins.keyword === 'RUN') {
    for (const cmd of ins.commands) {
      const w = programOf(cmd).word;
      if (w) take(w.start, w.end, w.value);
    }
    return out;
  }
  if (ins.keyword !== 'ENTRYPOINT' && ins.keyword !== 'CMD') return out;
  const { form, words } = argWords(model, ins);
  if (form === 'shell') {
    for (const cmd of shellCommands(model, ins)) {
      const w = programOf(cmd).word;
      if (w) take(w.start, w.end, w.value);
    }
  } else if (words.length && !words[0].opaque) take(words[0].start, words[0].end, words[0].value);
  return out;
}

function joinC(dir: string, name: string): string {
  return dir === '/' ? '/' + name : dir + '/' + name;
}

/** Container paths a command word can name: itself with a slash, else the PATH folders. */
function candidatesOf(name: string, workdir: string | undefined): string[] {
  if (name.includes('/')) {
    const c = containerPath(name, workdir);
    return c ? [c] : [];
  }
  return DEFAULT_PATH.map((d) => joinC(d, name));
}

/**
 * The host file behind a container path: the latest COPY/ADD from the context in the chain (before
 * `before` in the use's own stage) that covers it. Undefined when unknown, including when a later
 * copy of unknown content (variables, other stages) may cover it.
 */
function placedAt(ctx: DockerfileContext, build: ImageBuild, stage: Stage, target: string, before: number): Placed | undefined {
  const { model, project } = ctx;
  const contexts = candidateContexts(project, build);
  const copies: { spec: CopySpec; stage: Stage }[] = [];
  for (const s of chainOf(model, stage)) {
    for (const ins of s.instructions) {
      if (s === stage && ins.start >= before) break;
      const spec = copySpec(model, ins);
      if (spec) copies.push({ spec, stage: s });
    }
  }
  for (let k = copies.length - 1; k >= 0; k--) {
    const { spec, stage: s } = copies[k];
    if (!spec.dest || spec.dest.opaque || spec.dest.value.includes('$') || spec.heredoc) {
      if (spec.heredoc) continue;
      return undefined;
    }
    const dest = containerPath(spec.dest.value, spec.ins.workdir);
    if (!dest) return undefined;
    const destIsDir = spec.dest.value.endsWith('/') || spec.sources.length > 1;
    const covers = dest === target || target.startsWith(dest === '/' ? '/' : dest + '/');
    if (!covers) continue;
    if (spec.from !== undefined) return undefined; // from another stage or image: not ours to judge
    for (const src of [...spec.sources].reverse()) {
      if (src.opaque || src.value.includes('$') || src.value.includes('\\') || /:\/\//.test(src.value)) return undefined;
      const segs = sourceSegments(src.value);
      if (!segs) continue;
      const glob = anyGlob(segs);
      for (const c of contexts) {
        const hosts = glob ? expandGlob(project, c, segs, 50) : (() => {
          const l = lookupExact(project, c, segs);
          return l.kind === 'exact' ? [l.host] : [];
        })();
        if (!hosts.length) continue;
        for (const h of hosts) {
          if (project.exists(h) === 'dir') {
            const rest = dest === target ? undefined : target.slice((dest === '/' ? '/' : dest + '/').length);
            if (rest === undefined) continue;
            const l = lookupExact(project, h, rest.split('/'));
            if (l.kind === 'exact' && !l.dir) return { copy: spec, stage: s, host: l.host, single: false };
          } else {
            const at = destIsDir || glob ? joinC(dest, path.basename(h)) : dest;
            const alt = !destIsDir && !glob ? joinC(dest, path.basename(h)) : undefined;
            if (at === target || alt === target) return { copy: spec, stage: s, host: h, single: !glob && spec.sources.length === 1 };
          }
        }
        break;
      }
    }
  }
  return undefined;
}

/** `--chmod` on the COPY that sets (or may set) the executable bit. */
function chmodFlag(copy: CopySpec): 'exec' | 'other' | undefined {
  if (!copy.flags.has('chmod')) return undefined;
  const v = copy.flags.get('chmod') ?? '';
  if (/^0?[0-7]{3,4}$/.test(v)) return parseInt(v.slice(-3, -2), 8) & 1 ? 'exec' : 'other';
  return 'other'; // symbolic or variable: not ours to judge
}

/**
 * A RUN between the COPY and the use (anywhere after the COPY for ENTRYPOINT/CMD) that may make the
 * file executable: a chmod, install or find naming it, its folder, a glob or a variable.
 */
function madeExecutable(model: DockerfileModel, stage: Stage, copy: DInstruction, target: string, use: Exec): boolean {
  let seen = false;
  const base = path.posix.basename(target);
  for (const s of chainOf(model, stage)) {
    for (const ins of s.instructions) {
      if (ins === copy) {
        seen = true;
        continue;
      }
      if (!seen || ins.keyword !== 'RUN') continue;
      if (use.ins.keyword === 'RUN' && s === stage && ins.start > use.ins.start) return false;
      for (const cmd of ins.commands) {
        const v = cmd.words.map((w) => w.value);
        if (!v.some((x) => /(^|\/)(chmod|install|chown|find|setfacl)$/.test(x))) continue;
        for (const x of v) {
          if (x.includes('$') || hasGlob(x) || x.includes(base)) return true;
          const c = containerPath(x, ins.workdir);
          if (c && (c === target || target.startsWith(c === '/' ? '/' : c + '/'))) return true;
        }
      }
    }
  }
  return false;
}

function nonRootBefore(model: DockerfileModel, stage: Stage, at: number): boolean {
  let user: string | undefined;
  for (const s of chainOf(model, stage)) {
    for (const ins of s.instructions) {
      if (s === stage && ins.start >= at) break;
      if (ins.keyword === 'USER') user = (ins.ast.getArgumentsContent() ?? '').trim();
    }
  }
  return user !== undefined && !/^(root|0)(:(root|0))?$/.test(user);
}

/** Whether an ENTRYPOINT is in effect for the stage (CMD then only supplies its arguments). */
function entrypointOf(model: DockerfileModel, stage: Stage): boolean {
  return chainOf(model, stage).some((s) => s.instructions.some((i) => i.keyword === 'ENTRYPOINT'));
}

function lineAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

export const scriptNotExecutable = dockerfileRule({
  id: 'DGT146',
  name: 'script-not-executable',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Script run directly while git records it without the executable bit',
  fixTitles: {
    chmodFlag: 'Copy {script} with --chmod=755',
    chmodRun: 'Make {path} executable in the image: RUN chmod +x {path}',
  },
  relatedMessages: {
    copied: '{script} is copied into the image here.',
  },
  messages: {
    direct:
      'git records `{script}` as mode 100644 (not executable), and nothing in this Dockerfile makes it executable: a checkout on Linux or macOS (CI, a colleague\'s machine) builds an image whose container fails with `exec {path}: permission denied`. Copy it with `--chmod=755`, add `RUN chmod +x {path}`, or record the mode in git: `git update-index --chmod=+x {script}`.',
    directRun:
      'git records `{script}` as mode 100644 (not executable), and nothing before this RUN makes it executable: on a checkout on Linux or macOS (CI, a colleague\'s machine) the build fails with `/bin/sh: {name}: Permission denied`. Copy it with `--chmod=755`, add `RUN chmod +x {path}`, or record the mode in git: `git update-index --chmod=+x {script}`.',
  },
  docs: {
    what: 'Finds a script that a COPY or ADD takes from the build context and that ENTRYPOINT, CMD or RUN then executes directly (not through `sh script.sh`), while git\'s index records the file as mode 100644 and the Dockerfile neither copies it with `--chmod` nor runs `chmod` on it.',
    why:
      'The build copies a file with the permissions it has in the checkout, and git checks a file out executable only when it records mode 100755. Windows has no executable bit, so a script created there is committed as 100644; on Linux a local `chmod +x` that was never committed works on that one machine only. The image then builds fine and fails when the script starts — in CI or on the server, not where it was written.',
    errorText: ['exec /entrypoint.sh: permission denied', '/bin/sh: ./migrate.sh: Permission denied', 'OCI runtime create failed: ... exec: "/entrypoint.sh": permission denied: unknown'],
    bad: 'FROM alpine:3.20\n# git ls-files -s entrypoint.sh → 100644\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
    good: 'FROM alpine:3.20\nCOPY --chmod=755 entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'Adds `--chmod=755` to the COPY or ADD that copies the script on its own (preferred: it works on every base image, scratch and distroless included; `--chmod` needs BuildKit, the default builder since Docker Engine 23). Where the stage has a shell (Debian, Ubuntu, alpine, busybox), also offers `RUN chmod +x <path>` right after the copy. Recording the mode in git (`git update-index --chmod=+x <script>`, then commit) fixes it at the source; the message says so, as the editor cannot run git.',
    notFlagged: [
      'Files git records as 100755, symlinks, untracked files, and folders that are not in a git work tree (no `.git/index` to read).',
      'Scripts run through an interpreter (`sh entrypoint.sh`, `bash -c ...`), copied with any `--chmod`, or named by a later `chmod`, `install`, `find` or `chown` (or one with a glob or variable).',
      'Scripts that reach the stage through another stage or image (`COPY --from`), and paths with variables.',
      'Windows stages and files with an `# escape=` directive.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const done = new Set<string>();
    for (const build of buildsOfDockerfile(ctx)) {
      const gitRoot = gitRootOf(project, build.context);
      if (!gitRoot) continue;
      for (const stage of model.stages) {
        if (stage.family === 'windows') continue;
        for (const ins of stage.instructions) {
          const isRun = ins.keyword === 'RUN';
          if (ins.keyword === 'CMD' && entrypointOf(model, stage)) continue; // CMD is then only arguments
          for (const use of directExecs(model, ins)) {
            const wd = isRun ? ins.workdir : finalWorkdir(stage);
            let hit: { placed: Placed; target: string } | undefined;
            for (const t of candidatesOf(use.name, wd)) {
              const placed = placedAt(ctx, build, stage, t, isRun ? ins.start : Number.POSITIVE_INFINITY);
              if (placed) {
                hit = { placed, target: t };
                break;
              }
            }
            if (!hit) continue;
            const { placed, target } = hit;
            const key = `${use.start}\0${placed.host}`;
            if (done.has(key)) continue;
            if (chmodFlag(placed.copy) !== undefined) continue;
            if (gitModeOf(project, gitRoot, placed.host) !== MODE_FILE) continue;
            if (madeExecutable(model, stage, placed.copy.ins, target, use)) continue;
            done.add(key);
            const script = path.relative(gitRoot, placed.host).split(path.sep).join('/');
            const fixes: FixInput[] = [];
            const copyIns = placed.copy.ins;
            if (placed.single) {
              // After the keyword (and before other flags, which keep their order).
              const kwEnd = copyIns.start + copyIns.keyword.length;
              if (ctx.text.slice(copyIns.start, kwEnd).toUpperCase() === copyIns.keyword) {
                fixes.push({
                  titleId: 'chmodFlag',
                  titleData: { script },
                  preferred: true,
                  edits: [{ path: ctx.path, start: kwEnd, end: kwEnd, newText: ' --chmod=755' }],
                });
              }
            }
            const copyStage = placed.stage;
            if (HAS_CHMOD.has(rootOf(model, copyStage).family) && !nonRootBefore(model, copyStage, copyIns.end) && !/[\s'"\\$*?[]/.test(target)) {
              const at = lineAfter(ctx.text, copyIns.end);
              const needsEol = at === ctx.text.length && !ctx.text.endsWith('\n');
              fixes.push({
                titleId: 'chmodRun',
                titleData: { path: target },
                preferred: fixes.length === 0,
                edits: [{ path: ctx.path, start: at, end: at, newText: `${needsEol ? ctx.eol : ''}RUN chmod +x ${target}${needsEol ? '' : ctx.eol}` }],
              });
            }
            report({
              start: use.start,
              end: use.end,
              messageId: isRun ? 'directRun' : 'direct',
              data: { script, path: target, name: use.name },
              fixes,
              related: [{ path: ctx.path, start: copyIns.start, end: copyIns.end, messageId: 'copied', data: { script } }],
            });
          }
        }
      }
    }
  },
});
