/**
 * DGT135 dockerignore-missing: a Go build context without a .dockerignore that holds `.git`,
 * `node_modules`, `bin/` or `dist/`, while the Dockerfile copies the whole context.
 */
import * as path from 'node:path';
import { dockerfileRule } from './context';
import type { FixInput } from '../core/types';
import { copyArgs, envFor, flagValue, goBuilds, goEnvWritten, type DInstruction, type DockerfileModel } from '../parse/dockerfile';
import { excludedBy, parseDockerignore } from '../parse/dockerignore';
import { buildsOfDockerfile, candidateContexts, gitIgnored, gitRootOf, ignoreFilePath } from '../model/buildContext';
import { compareVer, goCommands, GoVer, isGolangRepo, parseGolangTag } from '../model/goCommands';
import { rootOf } from '../model/stageGraph';
import { DOCKERIGNORE_HEADER, goDockerignoreLines } from '../facts/dockerignore';
import { commandWords, toolPresent } from './lib/buildTools';
import { shown } from './lib/gopathEra';

/** Folders at the top of a context that make every build slow, or bust the cache on every commit. */
const HEAVY = ['.git', 'node_modules', 'bin', 'dist'];

function clean(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

/** The first COPY/ADD of the whole context (`COPY . .`, `ADD . /src`). */
function wholeContextCopy(instructions: DInstruction[]): { ins: DInstruction; source: string } | undefined {
  for (const ins of instructions) {
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || flagValue(ins, 'from') !== undefined) continue;
    const source = copyArgs(ins).slice(0, -1).find((s) => clean(s) === '' || clean(s) === '.');
    if (source !== undefined) return { ins, source };
  }
  return undefined;
}

const GO118: GoVer = [1, 18, 0, Number.POSITIVE_INFINITY];

/**
 * Whether a `go build` of the file stamps version control information from `.git` (Go 1.18+, git in
 * the builder or unknown, no -buildvcs=false; or -buildvcs=true): then `.git` is wanted in the context.
 */
function stampsVcs(model: DockerfileModel): boolean {
  for (const stage of model.stages) {
    // A build behind make, mage, task or a script may stamp, or run git itself, wherever git is not known absent.
    for (const ins of stage.instructions) {
      for (const c of ins.commands) {
        const first = commandWords(c)[0]?.value ?? '';
        const runner = /^(make|sh|bash|\.\/.*|.*\.sh)$/.test(first) || /^(make|gmake|mage|task|just)$/.test(first.replace(/^.*\//, ''));
        if (runner && toolPresent(model, stage, c.start, 'git') !== false) return true;
      }
    }
    for (const gb of goBuilds(stage)) {
      if (gb.packages.some((w) => w.value.includes('@'))) continue;
      const goflags = envFor(gb, 'GOFLAGS') ?? goEnvWritten(model, stage, gb.instruction.start, 'GOFLAGS') ?? '';
      const vcs = gb.flags.has('buildvcs') ? (gb.flags.get('buildvcs')?.value ?? 'true') : /-buildvcs=(\w+)/.exec(goflags)?.[1];
      if (vcs === 'true') return true;
      if (vcs === 'false') continue;
      const root = rootOf(model, stage);
      const tag = isGolangRepo(root.repo) ? parseGolangTag(root.tag) : undefined;
      if (tag?.version && compareVer(tag.version, GO118) < 0) continue;
      if (toolPresent(model, stage, gb.command.start, 'git') !== false) return true;
    }
  }
  return false;
}

export const dockerignoreMissing = dockerfileRule({
  id: 'DGT135',
  name: 'dockerignore-missing',
  kind: 'dockerfile',
  severity: 'info',
  title: 'Go build context without .dockerignore',
  messages: {
    missing:
      'The build context `{context}` has no .dockerignore, so this COPY of the whole context takes {items} into the image: the layer is rebuilt whenever they change{gitNote}, the image carries them, and every build transfers them (slow from a Windows drive under Docker Desktop). Add a .dockerignore.',
  },
  fixTitles: { create: 'Create {file} for a Go module' },
  docs: {
    what: 'Finds a `COPY . .` (or `ADD .`) of a Go build context that has no .dockerignore while it holds `.git`, `node_modules` (at the top or one folder down), or a `bin` or `dist` folder that git ignores (build output).',
    why:
      'Without a .dockerignore, `COPY . .` copies everything: the `.git` folder changes with every commit, so the layer and every layer after it (including `go build`) are rebuilt even when no Go file changed; `node_modules` and build output make the context huge, which Docker Desktop reads from the Windows drive on every build; and all of it ends up in the builder image, `.git` with the whole history.',
    errorText: ['=> [internal] load build context   38.4s\n=> => transferring context: 512.36MB'],
    bad: '# no .dockerignore; the context has .git and node_modules\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n',
    good: '# .dockerignore: .git, node_modules, bin, ...\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n',
    exampleLanguage: 'dockerfile',
    appliesTo: 'Dockerfiles (the finding sits on the COPY of the whole context)',
    fixes:
      'Creates a .dockerignore in the build context with the lines the Dockerfile generator writes for a Go module (plus `node_modules` and `dist` when the context has them), leaving out any line that would exclude something the Dockerfile copies by name, and `.git` when the build uses it (a RUN calls git, or `go build` stamps version control information).',
    notFlagged: [
      'Contexts with a .dockerignore (or `<Dockerfile>.dockerignore`), contexts without any of the folders above, and Dockerfiles that copy only named files and folders.',
      'Dockerfiles that build no Go (no go command) in contexts without a go.mod at the top.',
      'A Dockerfile that no compose file builds, in a subfolder of its repository or module: it may be built from a parent folder, which may have its own .dockerignore.',
      '`.git` when a RUN of the Dockerfile calls git (`git describe`), a `go build` stamps version control information from it (Go 1.18 or later with git in the builder, or `-buildvcs=true`), or make, mage, task or a script builds where git is available.',
      '`bin` and `dist` folders that git tracks (committed scripts or assets, not build output), and those outside a git work tree.',
    ],
  },
  check(ctx, report) {
    const { model, project } = ctx;
    if (model.escapeDirective || !model.stages.length) return;
    const all = model.stages.flatMap((s) => s.instructions);
    const copy = wholeContextCopy(all);
    if (!copy) return;
    // Whether the build runs git, and whether it builds Go: read across the whole file, so only for a
    // build that gets that far.
    let usesGitMemo: boolean | undefined;
    const usesGit = () => (usesGitMemo ??= all.some((i) => i.keyword === 'RUN' && (i.commands.some((c) => commandWords(c)[0]?.value === 'git') || /\$\(\s*git\s|`git\s/.test(ctx.text.slice(i.start, i.end)))) || stampsVcs(model));
    let buildsGoMemo: boolean | undefined;
    const buildsGo = () => (buildsGoMemo ??= model.stages.some((s) => goCommands(s).length > 0));
    const done = new Set<string>();
    for (const build of buildsOfDockerfile(ctx)) {
      if (done.has(build.context)) continue;
      done.add(build.context);
      // Without a compose file the context is a guess: only the Dockerfile's folder as the one candidate.
      if (!build.service && candidateContexts(project, build).length > 1) continue;
      if (ignoreFilePath(project, build.dockerfile, build.context) !== undefined) continue;
      if (project.exists(path.join(build.context, 'go.mod')) !== 'file' && !buildsGo()) continue;
      const items: string[] = [];
      const gitRoot = gitRootOf(project, build.context);
      for (const name of HEAVY) {
        if (name === '.git' && usesGit()) continue;
        const host = path.join(build.context, name);
        if (project.exists(host) !== 'dir') continue;
        // bin/ and dist/ are build output only when git ignores them (committed scripts live in bin/ too).
        if ((name === 'bin' || name === 'dist') && (gitRoot === undefined || !gitIgnored(project, gitRoot, host, true))) continue;
        items.push(name);
      }
      const nested: string[] = [];
      for (const child of project.readDir(build.context)) {
        if (child.startsWith('.') || HEAVY.includes(child)) continue;
        if (project.exists(path.join(build.context, child, 'node_modules')) === 'dir') nested.push(`${child}/node_modules`);
      }
      items.push(...nested.slice(0, 3));
      if (!items.length) continue;
      const file = path.join(build.context, '.dockerignore');
      const fixes: FixInput[] = [];
      if (project.exists(file) === undefined) {
        const vendored = project.exists(path.join(build.context, 'vendor', 'modules.txt')) === 'file';
        let lines = goDockerignoreLines(vendored);
        const extras = ['node_modules', 'dist'].filter((n) => items.includes(n) || (n === 'node_modules' && nested.length));
        if (extras.length) lines = [...lines, '# Other build output and dependencies', ...extras.map((n) => (n === 'node_modules' ? '**/node_modules' : n))];
        if (usesGit()) lines = lines.filter((l) => l !== '.git');
        // Keep what the Dockerfile copies by name: drop every line that would exclude one of its sources.
        const named = all.filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && flagValue(i, 'from') === undefined).flatMap((i) => copyArgs(i).slice(0, -1).map(clean)).filter((s) => s && s !== '.' && !/[*?[$]/.test(s));
        lines = lines.filter((l) => l.startsWith('#') || !named.some((n) => excludedBy(parseDockerignore(l), n) !== undefined));
        const text = [DOCKERIGNORE_HEADER, ...lines].join(ctx.eol) + ctx.eol;
        fixes.push({ titleId: 'create', titleData: { file: shown(ctx, file) }, preferred: true, edits: [{ path: file, start: 0, end: 0, newText: text, create: true }] });
      }
      const at = ctx.text.indexOf(copy.source, copy.ins.argsStart);
      const start = at >= copy.ins.argsStart && at < copy.ins.argsEnd ? at : copy.ins.argsStart;
      report({
        start,
        end: start === at ? at + copy.source.length : copy.ins.argsEnd,
        messageId: 'missing',
        data: { context: path.relative(path.dirname(ctx.path), build.context).split(path.sep).join('/') || '.', items: items.map((i) => '`' + i + '`').join(', '), gitNote: items.includes('.git') ? ' (`.git` changes with every commit)' : '' },
        fixes,
      });
    }
  },
});
