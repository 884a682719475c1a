/**
 * DGT141 script-crlf-line-endings: a script copied from the build context and then run by
 * ENTRYPOINT, CMD or RUN, while the file in the workspace has CRLF line endings.
 */
import * as path from 'node:path';
import { DockerfileContext, dockerfileRule } from './context';
import type { ImageBuild } from '../project/project';
import type { FixInput, RelatedInput } from '../core/types';
import { crlfVerdict, firstCrlfLine, gitattributesFix, GITATTRIBUTES_FIX_TITLES } from './lib/crlfScripts';
import type { DInstruction, DockerfileModel, Stage } from '../parse/dockerfile';
import type { SimpleCommand, Word } from '../parse/shell';
import { argWords, containerPath, copySpec, CopySpec, DEFAULT_PATH, finalWorkdir, programOf, shellCommands } from '../model/instructions';
import { anyGlob, buildsOfDockerfile, candidateContexts, expandGlob, lookupExact, sourceSegments } from '../model/buildContext';
import { chainOf, rootOf } from '../model/stageGraph';
import { reportNew, stageValue, stagesReports } from '../model/stageValues';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);
const HAS_SED = new Set(['debian', 'alpine', 'busybox']);
/** Marks a placement of a whole folder: the container path is the destination folder. */
const DIR_MARK = '/\0dir';

/** One place where a command runs a file, with the word that names it. */
interface Use {
  ins: DInstruction;
  stage: Stage;
  /** The word naming the script (offsets into the Dockerfile). */
  start: number;
  end: number;
  name: string;
  /** Run through an interpreter (`sh x.sh`) rather than executed directly. */
  viaShell: boolean;
}

/** Where a COPY from the context put a host file, as candidate container paths. */
interface Placement {
  copy: CopySpec;
  stage: Stage;
  host: string;
  container: string;
}

/** The word of a simple command that names a file it runs, if any (the program, or a shell's script). */
interface CommandUse {
  word: Word;
  viaShell: boolean;
}

// Per command object: a RUN the incremental parse keeps has the same commands in the next version.
const commandUses = new WeakMap<SimpleCommand, CommandUse | null>();

function useOfCommand(cmd: SimpleCommand): CommandUse | null {
  let use = commandUses.get(cmd);
  if (use !== undefined) return use;
  use = null;
  const prog = programOf(cmd);
  const w = prog.word;
  if (w && !w.value.includes('$')) {
    const base = w.value.slice(w.value.lastIndexOf('/') + 1);
    if (SHELLS.has(base)) {
      const rest = cmd.words.slice(prog.index + 1);
      const args = base === 'busybox' ? (rest[0]?.value === 'sh' ? rest.slice(1) : []) : rest;
      const k = args.findIndex((a) => !a.value.startsWith('-'));
      // `sh -c '...'` runs a string
      if (k >= 0 && !args.slice(0, k).some((a) => /^-[a-z]*c/.test(a.value)) && !args[k].value.includes('$')) use = { word: args[k], viaShell: true };
    } else use = { word: w, viaShell: false };
  }
  commandUses.set(cmd, use);
  return use;
}

function usesIn(model: DockerfileModel, stage: Stage, ins: DInstruction): Use[] {
  const out: Use[] = [];
  const fromCommands = (cmds: SimpleCommand[]) => {
    for (const cmd of cmds) {
      const use = useOfCommand(cmd);
      if (use) out.push({ ins, stage, start: use.word.start, end: use.word.end, name: use.word.value, viaShell: use.viaShell });
    }
  };
  if (ins.keyword === 'RUN') {
    fromCommands(ins.commands);
    return out;
  }
  if (ins.keyword !== 'ENTRYPOINT' && ins.keyword !== 'CMD') return out;
  const { form, words } = argWords(model, ins);
  if (form === 'shell') {
    fromCommands(shellCommands(model, ins));
    return out;
  }
  if (!words.length || words[0].opaque) return out;
  const base = words[0].value.slice(words[0].value.lastIndexOf('/') + 1);
  if (SHELLS.has(base)) {
    const args = words.slice(1);
    const k = args.findIndex((a) => !a.value.startsWith('-'));
    if (k < 0 || args.slice(0, k).some((a) => /^-[a-z]*c/.test(a.value)) || args[k].opaque) return out;
    out.push({ ins, stage, start: args[k].start, end: args[k].end, name: args[k].value, viaShell: true });
  } else {
    out.push({ ins, stage, start: words[0].start, end: words[0].end, name: words[0].value, viaShell: false });
  }
  return out;
}

/** Files copied from the build context into the chain of `stage`, with where they land. */
function placements(ctx: DockerfileContext, build: ImageBuild, stage: Stage): Placement[] {
  const { model, project } = ctx;
  const contexts = candidateContexts(project, build);
  const out: Placement[] = [];
  for (const s of chainOf(model, stage)) {
    for (const ins of s.instructions) {
      const spec = copySpec(model, ins);
      if (!spec || spec.from !== undefined || spec.heredoc || !spec.dest || spec.dest.opaque || spec.dest.value.includes('$')) continue;
      const dest = containerPath(spec.dest.value, ins.workdir);
      if (!dest) continue;
      const destIsDir = spec.dest.value.endsWith('/') || spec.sources.length > 1;
      for (const src of spec.sources) {
        if (src.opaque || src.value.includes('$') || src.value.includes('\\') || /:\/\//.test(src.value)) continue;
        const segs = sourceSegments(src.value);
        if (!segs) continue;
        const glob = anyGlob(segs);
        // The first candidate context where the source exists is taken as the real one.
        for (const c of contexts) {
          let hosts: { host: string; dir: boolean }[] = [];
          if (glob) hosts = expandGlob(project, c, segs, 50).map((h) => ({ host: h, dir: project.exists(h) === 'dir' }));
          else {
            const l = lookupExact(project, c, segs);
            if (l.kind === 'exact') hosts = [{ host: l.host, dir: l.dir }];
          }
          if (!hosts.length) continue;
          for (const h of hosts) {
            if (h.dir) {
              out.push({ copy: spec, stage: s, host: h.host, container: dest + DIR_MARK });
            } else if (destIsDir || glob) {
              out.push({ copy: spec, stage: s, host: h.host, container: joinC(dest, path.basename(h.host)) });
            } else {
              // `COPY run.sh /usr/local/bin` lands in the folder when it exists in the image.
              out.push({ copy: spec, stage: s, host: h.host, container: dest });
              out.push({ copy: spec, stage: s, host: h.host, container: joinC(dest, path.basename(h.host)) });
            }
          }
          break;
        }
      }
    }
  }
  return out;
}

function joinC(dir: string, name: string): string {
  return dir === '/' ? '/' + name : dir + '/' + name;
}

interface PlacementIndex {
  list: Placement[];
  /** Indices into `list` of the placements of one file at a container path, ascending. */
  exact: Map<string, number[]>;
  /** Indices of the folder placements (DIR_MARK), ascending: they cover every path below them. */
  dirs: number[];
  /** Per entry of `dirs`: the container folder with a trailing `/`, the prefix of what it covers. */
  dirPrefixes: string[];
}

const NONE: number[] = [];

function indexPlacements(list: Placement[]): PlacementIndex {
  const exact = new Map<string, number[]>();
  const dirs: number[] = [];
  const dirPrefixes: string[] = [];
  list.forEach((p, k) => {
    if (p.container.endsWith(DIR_MARK)) {
      const dest = p.container.slice(0, -DIR_MARK.length);
      dirs.push(k);
      dirPrefixes.push(dest === '/' ? '/' : dest + '/');
    } else {
      const at = exact.get(p.container);
      if (at) at.push(k);
      else exact.set(p.container, [k]);
    }
  });
  return { list, exact, dirs, dirPrefixes };
}

/**
 * The latest placement that covers a container path (later copies overwrite earlier ones). For a RUN,
 * only copies before it count (`before`); copies in parent stages always come first.
 */
function placementFor(ctx: DockerfileContext, index: PlacementIndex, useStage: Stage, target: string, before: number | undefined): { p: Placement; host: string } | undefined {
  // Only the placements of exactly this path and the folder placements can cover it.
  const a = index.exact.get(target) ?? NONE;
  const b = index.dirs;
  for (let i = a.length - 1, j = b.length - 1; i >= 0 || j >= 0; ) {
    const fromDirs = j >= 0 && (i < 0 || a[i] < b[j]);
    const prefix = fromDirs ? index.dirPrefixes[j] : '';
    const p = index.list[fromDirs ? b[j--] : a[i--]];
    if (before !== undefined && p.stage === useStage && p.copy.ins.start >= before) continue;
    if (fromDirs) {
      if (!target.startsWith(prefix)) continue;
      const l = lookupExact(ctx.project, p.host, target.slice(prefix.length).split('/'));
      if (l.kind === 'exact' && !l.dir) return { p, host: l.host };
    } else if (p.container === target) return { p, host: p.host };
  }
  return undefined;
}

/** Container paths a command word may refer to. */
function targetsOf(use: Use, workdir: string | undefined): string[] {
  if (use.name.includes('/')) {
    const c = containerPath(use.name, workdir);
    return c ? [c] : [];
  }
  const out: string[] = [];
  if (use.viaShell && workdir) out.push(joinC(workdir, use.name));
  for (const d of DEFAULT_PATH) out.push(joinC(d, use.name));
  return out;
}

/**
 * A later `sed -i 's/\r$//' <file>` or `dos2unix <file>` already converts the copy: between the COPY
 * and the use (for a RUN, also earlier commands of the same RUN), or anywhere after the COPY for
 * ENTRYPOINT/CMD, which run after the whole build.
 */
function convertedInImage(model: DockerfileModel, stage: Stage, after: DInstruction, container: string, use: Use | undefined): boolean {
  let seen = false;
  for (const s of chainOf(model, stage)) {
    for (const ins of s.instructions) {
      if (ins === after) {
        seen = true;
        continue;
      }
      if (!seen || ins.keyword !== 'RUN') continue;
      if (use && s === stage && ins.start > use.ins.start) return false;
      for (const cmd of ins.commands) {
        if (use && ins === use.ins && cmd.start >= use.start) break;
        const v = cmd.words.map((w) => w.value);
        const base = (v[0] ?? '').split('/').pop();
        const names = v.slice(1).map((x) => containerPath(x, ins.workdir));
        if (base === 'dos2unix' && names.includes(container)) return true;
        if (base === 'sed' && v.some((x) => x.includes('\\r')) && v.some((x) => x.startsWith('-i')) && names.includes(container)) return true;
      }
    }
  }
  return false;
}

/** Whether a USER other than root is in effect before `at` in the chain (sed -i would then fail). */
function nonRootBefore(model: DockerfileModel, stage: Stage, at: number): boolean {
  let user: string | undefined;
  for (const s of chainOf(model, stage)) {
    for (const ins of s.instructions) {
      if (s === stage && ins.start >= at) return isNonRoot(user);
      if (ins.keyword === 'USER') user = (ins.ast.getArgumentsContent() ?? '').trim();
    }
  }
  return isNonRoot(user);
}

function isNonRoot(user: string | undefined): boolean {
  return user !== undefined && !/^(root|0)(:(root|0))?$/.test(user);
}

/** The byte offset of the end of the line holding `offset` (after its line break). */
function lineAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

export const scriptCrlf = dockerfileRule({
  id: 'DGT141',
  name: 'script-crlf-line-endings',
  kind: 'dockerfile',
  severity: 'error',
  title: 'Script with CRLF line endings run in the container',
  fixTitles: {
    lf: 'Convert {script} to LF line endings',
    ...GITATTRIBUTES_FIX_TITLES,
    sed: "Strip the carriage returns in the image: RUN sed -i 's/\\r$//' {path}",
  },
  messages: {
    direct:
      '`{script}` has Windows (CRLF) line endings, so its first line `{shebang}` ends with a carriage return and names an interpreter that does not exist: the container fails with `{error}`. Convert {script} to LF (in VS Code: click `CRLF` in the status bar, pick `LF`, save), or add `*.sh text eol=lf` to .gitattributes.',
    directRun:
      '`{script}` has Windows (CRLF) line endings, so its first line `{shebang}` ends with a carriage return and names an interpreter that does not exist: this RUN fails with `/bin/sh: {name}: not found` (bash: `bad interpreter: No such file or directory`). Convert {script} to LF (in VS Code: click `CRLF` in the status bar, pick `LF`, save), or add `*.sh text eol=lf` to .gitattributes.',
    shell:
      '`{script}` has Windows (CRLF) line endings: the shell reads every line with a trailing carriage return and fails with errors such as `$\'\\r\': command not found` or `set: illegal option -`. Convert {script} to LF (in VS Code: click `CRLF` in the status bar, pick `LF`, save), or add `*.sh text eol=lf` to .gitattributes.',
  },
  relatedMessages: { copied: '{script} is copied into the image here.', crlf: 'This line ends with CRLF.' },
  docs: {
    what: 'Finds a script that a COPY takes from the build context and that ENTRYPOINT, CMD or RUN then runs, while the file in the workspace has CRLF line endings.',
    why:
      'Git on Windows (core.autocrlf=true) and Windows editors write CRLF line endings. The build copies the working-tree file byte for byte, so the kernel reads the shebang as `#!/bin/sh\\r` and reports the *script* as missing, although `ls` shows it right there. Shells running such a script choke on the carriage returns.',
    errorText: ['exec /entrypoint.sh: no such file or directory', '/bin/sh^M: bad interpreter: No such file or directory', "/entrypoint.sh: line 2: $'\\r': command not found"],
    bad: 'FROM alpine:3.20\n# entrypoint.sh was saved with CRLF line endings\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
    good: '# .gitattributes: *.sh text eol=lf   (and entrypoint.sh converted to LF)\nFROM alpine:3.20\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
    exampleLanguage: 'dockerfile',
    fixes:
      'Converts the script to LF (preferred; with `--fix` on the command line. In VS Code, a document keeps its own line ending, so use the status bar there). In a git checkout, also offers converting the script and adding `*.sh text eol=lf` to the repository\'s .gitattributes — creating the file when there is none — so that git keeps it LF on every checkout (Git for Windows checks text files out with CRLF unless an attribute says otherwise). On Debian, Ubuntu, alpine and busybox stages, also offers `RUN sed -i \'s/\\r$//\' <script>` right after the COPY.',
    notFlagged: [
      'Scripts with LF endings, scripts converted in the image (`sed -i \'s/\\r$//\'` or `dos2unix` after the COPY), scripts made in the image, and scripts that reach the stage through another stage (`COPY --from`).',
      'A file run directly whose first line is not a `#!` line with a carriage return (for example a binary).',
      'Windows stages (CRLF is native there) and files with an `# escape=` directive.',
      'The executable bit (`exec /entrypoint.sh: permission denied` when git records the script as 100644): DGT146 script-not-executable reads it from the git index.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (!model.stages.length || model.escapeDirective) return;
    const done = new Set<string>();
    const outer = report;
    // Keyed by the script's host path: a script several stages or builds start is reported once.
    type Found = { key: string; r: Parameters<typeof outer>[0] };
    for (const build of buildsOfDockerfile(ctx)) {
      // Kept per stage and build: an edit elsewhere in the file replays these.
      reportNew(stagesReports<Found>(project, 'DGT141', build, model.stages, (stage, add) => checkStage(build, stage, add), ctx.eol), done, report);
    }

    function checkStage(build: ImageBuild, stage: Stage, add: (f: Found) => void): void {
      if (stage.family === 'windows') return;
      const done = new Set<string>();
      let placed: PlacementIndex | undefined;
      const runWorkdir = finalWorkdir(stage);
      // The same programs run in many RUNs (apt-get, rm, go): their candidate paths once per stage.
      const targets = new Map<string, string[]>();
      for (const ins of stage.instructions) {
        if (ins.keyword !== 'RUN' && ins.keyword !== 'ENTRYPOINT' && ins.keyword !== 'CMD') continue;
        const uses = usesIn(model, stage, ins);
        if (!uses.length) continue;
        placed ??= stageValue(project, 'DGT141.placements', build, stage, () => indexPlacements(placements(ctx, build, stage)));
        // Nothing copied from the build context reaches this stage: no command here runs a copied script.
        if (!placed.list.length) break;
        for (const use of uses) {
          const isRun = ins.keyword === 'RUN';
          const wd = isRun ? ins.workdir : runWorkdir;
          let hit: { p: Placement; host: string; target: string } | undefined;
          // A program name run directly is looked up on PATH whatever the working directory.
          const key = !use.viaShell && !use.name.includes('/') ? use.name : `${use.viaShell ? 1 : 0}\0${wd === undefined ? '\u0001' : wd}\0${use.name}`;
          let candidates = targets.get(key);
          if (!candidates) targets.set(key, (candidates = targetsOf(use, wd)));
          for (const t of candidates) {
            const h = placementFor(ctx, placed, stage, t, isRun ? ins.start : undefined);
            if (h) {
              hit = { ...h, target: t };
              break;
            }
          }
          if (!hit || done.has(hit.host)) continue;
          const text = project.text(hit.host);
          const verdict = text === undefined ? undefined : crlfVerdict(text, hit.host, use.viaShell);
          if (text === undefined || !verdict) continue;
          if (convertedInImage(model, stage, hit.p.copy.ins, hit.target, isRun ? use : undefined)) continue;
          done.add(hit.host);
          const shownScript = relFromContexts(ctx, build, hit.host);
          const lf = text.replace(/\r\n/g, '\n');
          const fixes: FixInput[] = [
            { titleId: 'lf', titleData: { script: shownScript }, preferred: true, edits: [{ path: hit.host, start: 0, end: text.length, newText: lf }] },
          ];
          const attrs = gitattributesFix(project, build.context, hit.host, text, lf, shownScript, ctx.eol);
          if (attrs) fixes.push(attrs);
          const copyStage = hit.p.stage;
          if (HAS_SED.has(rootOf(model, copyStage).family) && !nonRootBefore(model, copyStage, hit.p.copy.ins.end) && !/[\s'"\\$]/.test(hit.target)) {
            const at = lineAfter(ctx.text, hit.p.copy.ins.end);
            const needsEol = at === ctx.text.length && !ctx.text.endsWith('\n');
            fixes.push({
              titleId: 'sed',
              titleData: { path: hit.target },
              edits: [{ path: ctx.path, start: at, end: at, newText: `${needsEol ? ctx.eol : ''}RUN sed -i 's/\\r$//' ${hit.target}${needsEol ? '' : ctx.eol}` }],
            });
          }
          const related: RelatedInput[] = [
            { path: ctx.path, start: hit.p.copy.ins.start, end: hit.p.copy.ins.end, messageId: 'copied', data: { script: shownScript } },
            { path: hit.host, ...firstCrlfLine(text), messageId: 'crlf' },
          ];
          const error = verdict.envProgram ? `${verdict.interpreter}: '${verdict.envProgram}\\r': No such file or directory` : `exec ${hit.target}: no such file or directory`;
          add({
            key: hit.host,
            r: {
              start: use.start,
              end: use.end,
              messageId: verdict.viaShell ? 'shell' : isRun ? 'directRun' : 'direct',
              data: { script: shownScript, shebang: verdict.shebangLine, error, name: use.name },
              fixes,
              related,
            },
          });
        }
      }
    }
  },
});

function relFromContexts(ctx: DockerfileContext, build: ImageBuild, host: string): string {
  for (const c of candidateContexts(ctx.project, build)) {
    const rel = path.relative(c, host);
    if (!rel.startsWith('..')) return rel.split(path.sep).join('/');
  }
  return path.basename(host);
}
