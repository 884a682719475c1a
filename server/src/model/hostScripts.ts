/**
 * Builds that run on the host before `docker build`: a Makefile target, a shell script, a Windows
 * batch file or a PowerShell script of the repository that runs `docker build` (or `podman build`,
 * `docker buildx build`) for a Dockerfile, and whether it first makes files (`go build -o api`,
 * `make build`, `yarn build`, `cp`, `mkdir` ...). A COPY of such a file is not missing from a fresh
 * clone in the sense that matters: the documented build makes it first.
 *
 * The `docker build` line also tells the build context it uses (a .bat in `cmd/` that runs
 * `docker build -f ../Dockerfile .` builds with `cmd/` as its context).
 */
import * as path from 'node:path';
import type { Project } from '../project/project';
import { escapeRegExp } from '../core/text';
import { SKIPPED_DIRS } from '../project/files';
import { expandMake, parseMakefile, type Makefile } from '../parse/makefile';
import { walkRepository } from './repositoryWalk';
import { hostGoBuildsIn, makeVarCertain, type HostGoBuild, type HostGoEnv } from './hostGoBuilds';

export interface HostDockerBuild {
  /** The Makefile or script that runs `docker build`. */
  file: string;
  /** The Dockerfile it builds and the build context (host paths). */
  dockerfile: string;
  context: string;
  /** The image names it tags (`-t api:dev`), as written. */
  tags: string[];
  /** The stage it builds (`--target`), when it names one literally. */
  target: string | undefined;
  /** Something in that script (or the target's prerequisites) runs before `docker build` and makes files. */
  buildsFirst: boolean;
  /** The commands that run before it (the script's earlier lines, the target's prerequisites' recipes). */
  before: string;
  /** The `go build -o` commands that run before it, with the GOOS and GOARCH they build for. */
  goBuilds: HostGoBuild[];
  /** The platforms it builds for (`--platform linux/arm64,linux/amd64`), when it names them literally. */
  platforms: string[] | undefined;
  /** A script that never changes folder: its paths were taken against its own folder, though it may be run from the repository root. */
  cwdAssumed?: boolean;
}

/**
 * Whether a host build of the Dockerfile makes `source` (a path in the build context) before it
 * runs `docker build`: it makes files first and names the source's file or first folder there
 * (`go build -o api`, `mkdir -p build && cp -r web/dist build/`).
 */
export function madeOnHost(builds: readonly HostDockerBuild[], source: string): boolean {
  const segs = source.replace(/\\/g, '/').split('/').filter((x) => x && x !== '.');
  if (!segs.length) return false;
  const names = [...new Set([segs[0], segs[segs.length - 1]])].filter((n) => !/[*?[]/.test(n));
  return builds.some((b) => {
    if (!b.buildsFirst) return false;
    const before = withoutGoSources(b.before);
    return names.some((n) => new RegExp(`(^|[\\s/\\\\"'=])${escapeRegExp(n)}([\\s/\\\\"';&|)]|$)`, 'm').test(before));
  });
}

/**
 * The text of commands with what the go tool only reads left out: of `go build -o bin/api
 * ./apps/api`, the output stays and the package folder goes (the build makes bin/api, not apps/).
 */
function withoutGoSources(text: string): string {
  return text.replace(/\bgo\s+(?:build|install|run|vet|test|generate)\b[^\n;&|]*/g, (cmd) => {
    const out = /(?:^|\s)-o(?:=|\s+)(\S+)/.exec(cmd);
    return out ? `go build -o ${out[1]}` : 'go build';
  });
}

const SCRIPT_NAME = /^(GNUmakefile|makefile|Makefile|.*\.mk|.*\.(sh|bash|bat|cmd|ps1))$/;
const MAX_SCRIPT_BYTES = 256 * 1024;
/** Commands that make or fetch files (a build output, a copy, an unpacked archive). */
const MAKES_FILES = /(^|[\s;&|(])(go\s+(build|install|generate)|make|gmake|mingw32-make|yarn|npm|pnpm|npx|cp|copy|xcopy|robocopy|mkdir|md|mv|move|tar|unzip|wget|curl|Expand-Archive|Copy-Item|New-Item|docker\s+(run|cp|create))\b/i;
const DOCKER_BUILD = /(^|[\s;&|(@])(docker(?:\.exe)?\s+(?:buildx\s+|image\s+)?build|podman\s+build)\s+(.*)$/;

/**
 * Every `docker build` that a Makefile or script of the repository runs, with the Dockerfile and
 * context it names (up to four folders below the repository root; computed once per change).
 */
export function hostDockerBuilds(project: Project, gitRoot: string): readonly HostDockerBuild[] {
  return project.workspaceValue('hostDockerBuilds\0' + gitRoot, () => {
    const out: HostDockerBuild[] = [];
    const enter = (n: string, depth: number) => depth < 4 && !n.startsWith('.') && !SKIPPED_DIRS.has(n) && !/^(testdata|node_modules|dist)$/.test(n);
    walkRepository(project, gitRoot, 600, enter, (file, n) => {
      if (!SCRIPT_NAME.test(n)) return;
      const text = project.text(file);
      if (text === undefined || text.length > MAX_SCRIPT_BYTES || !/\b(docker|podman)\b/.test(text) || !/\bbuild\b/.test(text)) return;
      for (const b of scriptBuilds(file, text)) out.push(b.cwdAssumed ? fromRoot(project, gitRoot, b) : b);
    });
    // CI workflows (GitHub Actions): `docker build` in run steps, and docker/build-push-action steps.
    const workflows = path.join(gitRoot, '.github', 'workflows');
    if (project.exists(workflows) === 'dir') {
      for (const n of project.readDir(workflows)) {
        if (!/\.ya?ml$/.test(n)) continue;
        const file = path.join(workflows, n);
        const text = project.text(file);
        if (text !== undefined && text.length <= MAX_SCRIPT_BYTES && /\b(docker|podman)\b/.test(text)) out.push(...workflowBuilds(file, text, gitRoot));
      }
    }
    return out;
  });
}

/**
 * The image builds of a GitHub Actions workflow, run from the repository root: `docker build` in
 * `run:` lines, and the `context`, `file` and `target` of docker/build-push-action steps. What runs
 * before them is not followed (`buildsFirst` is false). A workflow that changes the working folder
 * (`working-directory`) is left out: its paths cannot be placed.
 */
function workflowBuilds(file: string, text: string, root: string): HostDockerBuild[] {
  if (/\bworking-directory\s*:/.test(text)) return [];
  const out: HostDockerBuild[] = [];
  const lines = text.split(/\r?\n/);
  const plain = (v: string) => v.replace(/\s+#.*$/, '').trim().replace(/^(["'])(.*)\1$/, '$2');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*#/.test(line)) continue;
    const b = dockerBuildIn(line, root, false);
    if (b) out.push({ file, ...b, buildsFirst: false, before: '', goBuilds: [] });
    const uses = /^(\s*)(?:-\s+)?uses:\s*["']?docker\/build-push-action@/.exec(line);
    if (!uses) continue;
    // The step's other keys are indented deeper than its `- ` (or as deep as its `uses:`).
    const indent = uses[1].length;
    let context: string | undefined;
    let dockerfile: string | undefined;
    let target: string | undefined;
    for (let k = i + 1; k < lines.length; k++) {
      const l = lines[k];
      if (!l.trim() || /^\s*#/.test(l)) continue;
      const at = l.length - l.trimStart().length;
      if (at <= indent && !/^\s*(with|name|id|if|env):/.test(l)) break;
      if (at < indent || /^\s*-\s/.test(l)) break;
      const kv = /^\s*(context|file|target):\s*(.+)$/.exec(l);
      if (!kv) continue;
      const v = plain(kv[2]);
      if (kv[1] === 'context') context = v;
      else if (kv[1] === 'file') dockerfile = v;
      else target = v;
    }
    // Without `context` the action builds the git repository itself (a remote context), not a folder.
    if (context === undefined || /[$%`{]/.test(context + (dockerfile ?? '') + (target ?? ''))) continue;
    const ctxDir = path.resolve(root, context);
    out.push({
      file,
      dockerfile: dockerfile ? path.resolve(root, dockerfile) : path.join(ctxDir, 'Dockerfile'),
      context: ctxDir,
      tags: [],
      target: target && /^[\w.-]+$/.test(target) ? target : undefined,
      buildsFirst: false,
      before: '',
      goBuilds: [],
      platforms: undefined,
    });
  }
  return out;
}

/** The host builds of one Dockerfile. */
export function hostBuildsOf(project: Project, gitRoot: string, dockerfile: string): HostDockerBuild[] {
  return hostDockerBuilds(project, gitRoot).filter((b) => b.dockerfile === dockerfile);
}

/**
 * A build of a script in a subfolder that never changes folder: its paths were taken against the
 * script's folder. When the Dockerfile is not there but is where the same paths lead from the
 * repository root, the script is run from the root (`./scripts/build.sh`, as its README says).
 */
function fromRoot(project: Project, gitRoot: string, b: HostDockerBuild): HostDockerBuild {
  const dir = path.dirname(b.file);
  if (dir === gitRoot || project.exists(b.dockerfile) === 'file') return b;
  const rebase = (p: string) => (p === dir || p.startsWith(dir + path.sep) ? path.join(gitRoot, path.relative(dir, p)) : p);
  const dockerfile = rebase(b.dockerfile);
  if (project.exists(dockerfile) !== 'file') return b;
  return { ...b, dockerfile, context: rebase(b.context), goBuilds: b.goBuilds.map((g) => ({ ...g, output: rebase(g.output) })) };
}

/** The folder a `cd` names in terms of the script's own place (`$(dirname "$0")/..`, `%~dp0..`), as a path; else the text as written. */
function scriptRelative(target: string, file: string): string {
  const dir = path.dirname(file);
  return target
    .replace(/^"?\$\(\s*dirname\s+"?\$(?:0|\{0\}|\{BASH_SOURCE(?:\[0\])?\}|BASH_SOURCE)"?\s*\)"?/, dir)
    .replace(/^`dirname\s+"?\$0"?`/, dir)
    .replace(/^%~dp0/i, dir + '/')
    .replace(/^\$PSScriptRoot/i, dir);
}

function scriptBuilds(file: string, text: string): HostDockerBuild[] {
  const name = path.basename(file);
  if (/^(GNUmakefile|makefile|Makefile)$|\.mk$/.test(name)) return makefileBuilds(file, text, parseMakefile(text, path.dirname(file)));
  const out: HostDockerBuild[] = [];
  let cwd = path.dirname(file);
  let cwdAssumed = true;
  let before = false;
  let beforeText = '';
  const windows = /\.(bat|cmd|ps1)$/i.test(name);
  const lang = /\.ps1$/i.test(name) ? 'ps1' : windows ? 'bat' : 'sh';
  const env: HostGoEnv = new Map();
  const goBuilds: HostGoBuild[] = [];
  const vars = literalVariables(text, lang);
  const copies: { from: string; to: string[] }[] = [];
  let offset = 0;
  for (const raw of text.split(/\n/)) {
    const base = offset;
    offset += raw.length + 1;
    const line = raw.trim();
    if (!line || line.startsWith('#') || /^(rem\b|::|%rem)/i.test(line)) continue;
    const cd = /^(?:cd|pushd|Set-Location)(?:\s+\/d)?\s+("?)([^"&;|]+)\1\s*$/i.exec(line);
    if (cd) {
      const target = scriptRelative(cd[2].trim(), file);
      cwd = /[$%`]/.test(target) ? '' : path.resolve(cwd || path.dirname(file), windows ? target.replace(/\\/g, '/') : target);
      cwdAssumed = false;
      continue;
    }
    const b = dockerBuildIn(DOCKER_BUILD.test(line) ? withLiterals(line, vars, lang) : line, cwd, windows);
    const lineStart = base + raw.indexOf(line);
    if (b) {
      const head = line.slice(0, line.search(DOCKER_BUILD));
      const builtHere = hostGoBuildsIn(new Map(env), head, line, lineStart, cwd, file, lang);
      copies.push(...copiesIn(head, cwd, windows));
      out.push({ file, ...b, dockerfile: copiedDockerfile(copies, b.dockerfile), buildsFirst: before || MAKES_FILES.test(head), before: beforeText + '\n' + head, goBuilds: [...goBuilds, ...builtHere], ...(cwdAssumed ? { cwdAssumed } : {}) });
    } else copies.push(...copiesIn(withLiterals(line, vars, lang), cwd, windows));
    goBuilds.push(...hostGoBuildsIn(env, b ? '' : line, line, lineStart, cwd, file, lang));
    if (MAKES_FILES.test(line)) before = true;
    beforeText += '\n' + line;
  }
  return out;
}

/**
 * The variables a script sets exactly once, to a literal (`name=value` or `name="value"` in a shell
 * script, `$name = "value"` in PowerShell, `set name=value` in a batch file): what a `docker build`
 * line that names its context or Dockerfile through them means. Names are upper-cased for PowerShell
 * and batch files, whose variables ignore case.
 */
function literalVariables(text: string, lang: 'sh' | 'bat' | 'ps1'): Map<string, string> {
  const re =
    lang === 'ps1'
      ? /^\s*\$([A-Za-z_]\w*)\s*=\s*(?:"([^"$`]*)"|'([^']*)'|([^\s"'$`;|&]+))\s*$/gm
      : lang === 'bat'
        ? /^\s*set\s+"?([A-Za-z_]\w*)=([^"%&|<>]*)"?\s*$/gim
        : /^\s*(?:export\s+|readonly\s+|local\s+)?([A-Za-z_]\w*)=(?:"([^"$`\\]*)"|'([^']*)'|([^\s"'$`;|&()\\]*))\s*$/gm;
  const seen = new Map<string, string | null>();
  for (const m of text.matchAll(re)) {
    const name = lang === 'sh' ? m[1] : m[1].toUpperCase();
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    seen.set(name, seen.has(name) ? null : value);
  }
  // Set once by a line of this form; set again some other way is not seen, so a name assigned by any
  // other line (a loop, `read`, a parameter) must not be taken either.
  const out = new Map<string, string>();
  for (const [name, value] of seen) if (value !== null && value !== '' && assignments(text, name, lang) === 1) out.set(name, value);
  return out;
}

/** How many lines of the script assign `name` in any form. */
function assignments(text: string, name: string, lang: 'sh' | 'bat' | 'ps1'): number {
  const esc = escapeRegExp(name);
  const re =
    lang === 'ps1'
      ? new RegExp(`\\$${esc}\\s*[+\\-*/]?=[^=]|\\bforeach\\s*\\(\\s*\\$${esc}\\b|-OutVariable\\s+${esc}\\b`, 'gi')
      : lang === 'bat'
        ? new RegExp(`\\bset\\s+(/[ap]\\s+)?"?${esc}=|\\bfor\\b.*%%?${esc}\\b`, 'gi')
        : new RegExp(`(^|[\\s;&|(])${esc}\\+?=|\\b(read|for|select|getopts)\\b[^\\n]*\\b${esc}\\b`, 'gm');
  return [...text.matchAll(re)].length;
}

/** `line` with the variables of {@link literalVariables} put in (`$name`, `${name}`, PowerShell `$name`, batch `%name%`). */
function withLiterals(line: string, vars: Map<string, string>, lang: 'sh' | 'bat' | 'ps1'): string {
  if (!vars.size) return line;
  if (lang === 'bat') return line.replace(/%([A-Za-z_]\w*)%/g, (all, n: string) => vars.get(n.toUpperCase()) ?? all);
  if (lang === 'ps1') return line.replace(/\$([A-Za-z_]\w*)\b(?!:)/g, (all, n: string) => vars.get(n.toUpperCase()) ?? all);
  return line.replace(/\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g, (all, a: string | undefined, b: string | undefined) => vars.get((a ?? b) as string) ?? all);
}

function makefileBuilds(file: string, text: string, mk: Makefile): HostDockerBuild[] {
  const out: HostDockerBuild[] = [];
  const dir = path.dirname(file);
  // What make exports into every recipe's environment (when its value is certain).
  const exported: HostGoEnv = new Map();
  for (const name of ['GOOS', 'GOARCH']) {
    if (!(mk.exportAll ? mk.vars.has(name) : mk.exported.has(name))) continue;
    const value = expandMake(mk.vars.get(name) ?? '', mk.vars, new Map(), undefined);
    exported.set(name, makeVarCertain(text, name) && value && !value.includes('$') ? { value, setting: `export ${name}=${value}` } : null);
  }
  const goBuildsOf = (line: { text: string; start: number }, body: string, cwd: string): HostGoBuild[] => {
    // A GOOS/GOARCH that comes from a Makefile variable counts only when make's value is certain.
    for (const m of line.text.matchAll(/\bGO(?:OS|ARCH)=\$[({]([A-Za-z_]\w*)[)}]/g)) if (!makeVarCertain(text, m[1])) return [];
    return hostGoBuildsIn(new Map(exported), body, line.text, line.start, cwd, file, 'make');
  };
  for (const rule of mk.rules.values()) {
    const prereq: string[] = [];
    const goBuilds: HostGoBuild[] = [];
    let before = prerequisitesMakeFiles(mk, rule.prerequisites, new Set([rule.target]), prereq, (l, body) => goBuilds.push(...goBuildsOf(l, body, dir)));
    let beforeText = prereq.join('\n');
    const copies: { from: string; to: string[] }[] = [];
    for (const line of rule.recipe) {
      const body = expandMake(line.text, mk.vars, new Map([['CURDIR', dir]]), { target: rule.target }).replace(/^[@+\- \t]+/, '');
      // `cd web/ && docker build ...` in one line.
      let cwd = dir;
      const cd = /^cd\s+([^\s&;|]+)\s*&&/.exec(body);
      if (cd) cwd = /\$/.test(cd[1]) ? '' : path.resolve(dir, cd[1]);
      const b = dockerBuildIn(body, cwd, false);
      if (b) {
        const head = body.slice(0, body.search(DOCKER_BUILD));
        copies.push(...copiesIn(cd ? head.slice(cd[0].length) : head, cwd, false));
        // A `.mk` file is included by a Makefile or run with `make -f` from elsewhere (the
        // repository root, most often): its recipes run in that folder, not in the file's own.
        const cwdAssumed = !cd && !/^(GNUmakefile|makefile|Makefile)$/.test(path.basename(file));
        out.push({ file, ...b, dockerfile: copiedDockerfile(copies, b.dockerfile), buildsFirst: before || MAKES_FILES.test(head), before: beforeText + '\n' + head, goBuilds: [...goBuilds, ...goBuildsOf(line, head, dir)], ...(cwdAssumed ? { cwdAssumed } : {}) });
      } else {
        goBuilds.push(...goBuildsOf(line, body, dir));
        copies.push(...copiesIn(cd ? body.slice(cd[0].length) : body, cwd, false));
      }
      if (MAKES_FILES.test(body)) before = true;
      beforeText += '\n' + body;
    }
  }
  return out;
}

/** Whether the recipes of the prerequisites (transitively) make files; their text goes into `texts`, each line to `each`. */
function prerequisitesMakeFiles(mk: Makefile, names: readonly string[], seen: Set<string>, texts: string[], each: (line: { text: string; start: number }, body: string) => void): boolean {
  let makes = false;
  for (const n of names) {
    if (seen.has(n) || seen.size > 64) continue;
    seen.add(n);
    const rule = mk.rules.get(n);
    if (!rule) continue;
    if (prerequisitesMakeFiles(mk, rule.prerequisites, seen, texts, each)) makes = true;
    for (const l of rule.recipe) {
      const body = expandMake(l.text, mk.vars, new Map(), { target: rule.target });
      texts.push(body);
      each(l, body.replace(/^[@+\- \t]+/, ''));
      if (MAKES_FILES.test(body)) makes = true;
    }
  }
  return makes;
}

/**
 * The files a command line copies (`cp [-f] a b dest`, `copy a dest`, `Copy-Item a dest`), each with
 * the host paths it may land at: the destination itself, or inside it when that is a folder.
 */
function copiesIn(line: string, cwd: string, windows: boolean): { from: string; to: string[] }[] {
  if (!cwd) return [];
  const out: { from: string; to: string[] }[] = [];
  for (const part of line.split(/\s*(?:&&|\|\||;|\|)\s*/)) {
    const words = (part.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ''));
    if (!words.length || !/^@?(cp|copy|Copy-Item)$/i.test(words[0])) continue;
    const args = words.slice(1).filter((w) => !w.startsWith('-') && !(windows && /^\/[a-z]$/i.test(w)));
    if (args.length < 2 || args.some((a) => /[$%`*?]/.test(a))) continue;
    const norm = (p: string) => path.resolve(cwd, windows ? p.replace(/\\/g, '/') : p);
    const dest = norm(args[args.length - 1]);
    for (const src of args.slice(0, -1)) out.push({ from: norm(src), to: [dest, path.join(dest, path.basename(src))] });
  }
  return out;
}

/** The Dockerfile a build names, or the file a copy before it put there (`cp Dockerfile _docker && cd _docker && docker build .`). */
function copiedDockerfile(copies: readonly { from: string; to: string[] }[], dockerfile: string): string {
  for (let k = copies.length - 1; k >= 0; k--) if (copies[k].to.includes(dockerfile)) return copies[k].from;
  return dockerfile;
}

/** Flags of `docker build` that take a value as the next word. */
const VALUE_FLAGS = new Set([
  '-t', '--tag', '--build-arg', '--target', '--platform', '--label', '--network', '--secret', '--ssh', '--cache-from', '--cache-to', '-o',
  '--output', '--progress', '--iidfile', '--add-host', '-m', '--memory', '--build-context', '--shm-size', '--ulimit', '--isolation', '--metadata-file', '--builder',
]);

/** The Dockerfile and context of a `docker build` in a command line; undefined when it names them through variables. */
function dockerBuildIn(line: string, cwd: string, windows: boolean): { dockerfile: string; context: string; tags: string[]; target: string | undefined; platforms: string[] | undefined } | undefined {
  const m = DOCKER_BUILD.exec(line);
  if (!m || !cwd) return undefined;
  const words = m[3].split(/\s*(?:&&|\|\||;|\|)\s*/)[0].match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  let file: string | undefined;
  let context: string | undefined;
  const tags: string[] = [];
  let target: string | undefined;
  let platform: string | undefined;
  for (let k = 0; k < words.length; k++) {
    const w = words[k].replace(/^["']|["']$/g, '');
    if (w === '-f' || w === '--file') file = words[++k]?.replace(/^["']|["']$/g, '');
    else if (w === '--platform') platform = words[++k]?.replace(/^["']|["']$/g, '');
    else if (w.startsWith('--platform=')) platform = w.slice('--platform='.length).replace(/^["']|["']$/g, '');
    else if (w === '--target') target = words[++k]?.replace(/^["']|["']$/g, '');
    else if (w.startsWith('--target=')) target = w.slice('--target='.length);
    else if (w === '-t' || w === '--tag') {
      const t = words[++k]?.replace(/^["']|["']$/g, '');
      if (t && !/[$%`]/.test(t)) tags.push(t);
    } else if (/^(-t|--tag)=/.test(w)) tags.push(w.slice(w.indexOf('=') + 1));
    else if (/^(-f|--file)=/.test(w)) file = w.slice(w.indexOf('=') + 1);
    else if (VALUE_FLAGS.has(w)) k++;
    else if (w.startsWith('-')) continue;
    else if (context === undefined) context = w;
  }
  if (context === undefined || file === '-') return undefined;
  const norm = (p: string) => (windows ? p.replace(/\\/g, '/') : p);
  if (/[$%`]/.test(context) || (file && /[$%`]/.test(file)) || /^[a-z]+:\/\//i.test(context)) return undefined;
  const ctxDir = path.resolve(cwd, norm(context));
  // `-f` is relative to the working directory, not to the context (as docker resolves it).
  const dockerfile = file ? path.resolve(cwd, norm(file)) : path.join(ctxDir, 'Dockerfile');
  const platforms = platform && /^[\w/.,-]+$/.test(platform) ? platform.split(',').filter(Boolean) : undefined;
  return { dockerfile, context: ctxDir, tags, target: target && /^[\w.-]+$/.test(target) ? target : undefined, platforms };
}

/** The host builds that tag an image with this name (`api` matches `api:latest`). */
export function hostBuildsTagging(project: Project, gitRoot: string, ref: string): HostDockerBuild[] {
  const norm = (r: string) => (/:[^/]*$/.test(r) ? r : r + ':latest');
  const want = norm(ref);
  return hostDockerBuilds(project, gitRoot).filter((b) => b.tags.some((t) => norm(t) === want));
}

/** File names of built artefacts. */
const OUTPUT_FILE = /\.(exe|dll|so|dylib|a|bin|jar|war|whl|apk|deb|rpm|zip|tar|tgz|gz|xz|zst|7z|wasm)$/i;

/** Folder names that builds write (a dist folder, a vendor folder, a binary folder). */
const OUTPUT_DIRS = new Set(['dist', 'build', 'bin', 'out', 'output', 'target', 'release', 'releases', 'vendor', 'node_modules', 'tmp', '.next', '.output', 'public', 'static']);

/**
 * The text of the repository's build files — Makefiles, shell, batch and PowerShell scripts,
 * package.json files and CI workflows — up to two folders below the root, once per change.
 */
function buildFileTexts(project: Project, gitRoot: string): string {
  return project.workspaceValue('buildFileTexts\0' + gitRoot, () => {
    const parts: string[] = [];
    const enter = (n: string, depth: number) => (depth < 2 || n === 'workflows') && !SKIPPED_DIRS.has(n) && !/^(testdata|node_modules)$/.test(n) && (!n.startsWith('.') || n === '.github');
    walkRepository(project, gitRoot, 300, enter, (file, n) => {
      if (!SCRIPT_NAME.test(n) && n !== 'package.json' && n !== 'Taskfile.yml' && n !== 'justfile' && !(/\.ya?ml$/.test(n) && /[\\/]\.github[\\/]workflows$/.test(path.dirname(file)))) return;
      const text = project.text(file);
      if (text !== undefined && text.length <= MAX_SCRIPT_BYTES) parts.push(text);
    });
    return parts.join('\n');
  });
}

/**
 * Whether a script, Makefile or CI workflow of the repository builds `source` with `go build -o`
 * (`go build -o engine main.go` in a build.bat run before `docker build`): the path, or its file
 * name when the output is named the same.
 */
export function builtByGoOnHost(project: Project, gitRoot: string, source: string): boolean {
  const want = source.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
  if (!want || /[*?[$]/.test(want)) return false;
  const text = buildFileTexts(project, gitRoot);
  for (const m of text.matchAll(/\bgo\s+build\b[^\n]*?\s-o(?:=|\s+)["']?([^\s"';&|]+)/g)) {
    const out = m[1].replace(/\\/g, '/').replace(/^\.\//, '');
    if (out === want || out.endsWith('/' + want) || (!want.includes('/') && path.posix.basename(out) === want)) return true;
  }
  return false;
}

/**
 * Whether something of the repository may make `source` (a path in the build context) before the
 * image is built: a folder that builds write (dist, bin, vendor ...), a built artefact (a file
 * without extension, an .exe, an archive), or a name that a Makefile, a script, a package.json or a
 * CI workflow mentions.
 */
export function mayBeMadeOnHost(project: Project, gitRoot: string, source: string): boolean {
  const segs = source.replace(/\\/g, '/').split('/').filter((x) => x && x !== '.');
  if (!segs.length) return false;
  if (segs.some((s) => OUTPUT_DIRS.has(s.toLowerCase()))) return true;
  // Built artefacts: programs and packages (a binary without extension, an .exe, an archive).
  const last = segs[segs.length - 1];
  if (!source.endsWith('/') && (OUTPUT_FILE.test(last) || !/\.[A-Za-z0-9]+$/.test(last))) return true;
  const names = [...new Set([segs[0], segs[segs.length - 1]])].filter((n) => !/[*?[]/.test(n));
  const text = buildFileTexts(project, gitRoot);
  return names.some((n) => mentionedNotOnlyRead(text, n));
}

/**
 * What comes before a name on its line when the line only reads the file: a Makefile's `include`
 * and `$(wildcard ...)`, a shell's `.`/`source` and `[ -f ... ]`, `--env-file`, `$(cat ...)`.
 */
const READS_ONLY = [
  /^\s*-?s?include\s+(\S+\s+)*["']?\S*$/,
  /\$\(wildcard\s+[^)]*$/,
  /(^|[;&|({]\s*)(\.|source)\s+["']?\S*$/,
  /\[\[?\s+(!\s+)?-[efrs]\s+["']?\S*$/,
  /--env-file[=\s]+["']?\S*$/,
  /\$\((cat|grep)\b[^)]*$/,
];

/**
 * Whether `text` names `name` as a path somewhere other than where it only reads the file (a
 * Makefile that includes `.env` when it is there does not make it). Any other mention counts: it may
 * be what makes the file.
 */
function mentionedNotOnlyRead(text: string, name: string): boolean {
  const re = new RegExp(`(^|[\\s/\\\\"'=:(])${escapeRegExp(name)}(?=[\\s/\\\\"';&|):,]|$)`, 'gm');
  let seen = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // So many mentions are not all reads: something makes it.
    if (++seen > MAX_MENTIONS) return true;
    const at = m.index + m[1].length;
    // What comes before it on its line, at most the last MENTION_CONTEXT characters.
    const before = text.slice(Math.max(text.lastIndexOf('\n', at - 1) + 1, at - MENTION_CONTEXT), at);
    if (!READS_ONLY.some((r) => r.test(before))) return true;
  }
  return false;
}

const MAX_MENTIONS = 200;
const MENTION_CONTEXT = 400;

/** CI pipeline files whose steps run commands and `docker build`s one after the other. */
const CI_FILE = /^(cloudbuild\.ya?ml|\.gitlab-ci\.ya?ml|\.drone\.ya?ml|\.travis\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|Jenkinsfile|config\.ya?ml|[^/]+\.ya?ml)$/;

/**
 * Whether a CI pipeline of the repository (Cloud Build, GitLab CI, GitHub Actions, CircleCI, Drone,
 * Jenkins ...) builds `dockerfile` by name (`-f Dockerfile.ci`, `file: Dockerfile.ci`, `dockerfile:
 * ...`) and runs `make` or a go build before it in the same file: files those steps make may be in the
 * context when the image is built. Read from the text; kept per repository until a file changes.
 */
export function ciBuildsAfterMaking(project: Project, gitRoot: string, dockerfile: string): boolean {
  const pipelines = project.workspaceValue(`model.ciPipelines\0${gitRoot}`, () => {
    const out: { file: string; text: string }[] = [];
    const dirs = ['', '.github/workflows', '.circleci', '.gitlab', 'ci', '.ci', 'build', 'deploy'];
    for (const d of dirs) {
      const dir = path.join(gitRoot, d);
      if (project.exists(dir) !== 'dir') continue;
      for (const n of project.readDir(dir)) {
        if (!CI_FILE.test(n) || (d === '' && !/^(cloudbuild|\.gitlab-ci|\.drone|\.travis|azure-pipelines|bitbucket-pipelines|Jenkinsfile)/.test(n))) continue;
        const file = path.join(dir, n);
        const text = project.exists(file) === 'file' ? project.text(file) : undefined;
        if (text !== undefined && text.length < 512 * 1024) out.push({ file, text });
      }
    }
    return out;
  });
  const rel = path.relative(gitRoot, dockerfile).split(path.sep).join('/');
  const names = [...new Set([rel, path.basename(dockerfile)])].map(escapeRegExp).join('|');
  const named = new RegExp(`(^|[\\s'"=,\\[(/])(${names})(?=$|[\\s'",\\])])`, 'm');
  for (const { text } of pipelines) {
    const m = named.exec(text);
    if (!m) continue;
    const before = text.slice(0, m.index);
    if (/\b(make|go (build|install))\b/.test(before)) return true;
  }
  return false;
}
