/**
 * DGT310 go-reads-file-not-in-image: the Go program reads files by path — templates, static assets, a
 * config file, a .env — that the image it runs in never gets: nothing copies them there, no compose
 * mount brings them, and they are not embedded. The program panics, stops, or serves 404s.
 */
import * as path from 'node:path';
import { goRule } from './context';
import type { Containerization, Project } from '../project/project';
import type { FixInput } from '../core/types';
import { finalWorkdir } from '../model/instructions';
import { composeMountTargets } from '../model/goMain';
import { pathIn } from '../model/fileTree';
import { normalizePosix, type DockerfileModel } from '../parse/dockerfile';
import { containerPathOf, packageFileUses, packageGoFiles, programsOfPackage, type ProgramFileUse } from '../model/programFiles';
import { runtimeSettings } from '../model/goMain';
import { excludingPattern, ignoreFilePath } from '../model/buildContext';
import { insertBeforeEntry } from './lib/instructionText';

type Msg = 'glob' | 'read' | 'flag' | 'serveDir' | 'dotenv' | 'viper';

/** Whether the call's error stops the program: a Fatal or panic right after it, or Must around it. */
function fatalOnError(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 40), start);
  if (/Must\(\s*$/.test(before)) return true;
  const after = text.slice(end, end + 300);
  const block = /^[^\n]*\n?\s*if\s+err\s*!=\s*nil\s*\{([^}]*)\}/.exec(after) ?? /^[^{}]*?;\s*err\s*!=\s*nil\s*\{([^}]*)\}/.exec(after);
  return !!block && /\b(Fatal|Fatalf|Fatalln|panic|Panic|Panicf|os\.Exit)\b/.test(block[1]);
}

/**
 * Whether a `ReadInConfig()` of the file stops the program when it fails (Fatal or panic on its
 * error, or Must around it). With `tolerated`, a file that tells viper's "config file not found"
 * apart (`viper.ConfigFileNotFoundError`: the program goes on with its defaults) does not count.
 */
function readInConfigFatal(text: string, tolerated: boolean): boolean {
  if (tolerated && /\bConfigFileNotFoundError\b/.test(text)) return false;
  for (const m of text.matchAll(/\bReadInConfig\(\)/g)) if (fatalOnError(text, m.index, m.index + m[0].length)) return true;
  return false;
}

/**
 * Whether the call at `start` runs only when an environment variable is missing: the innermost
 * block around it is an `if` on `os.Getenv`/`os.LookupEnv` or on a value compared with "" (`if PORT
 * == "" { godotenv.Load() ... }`). The container's environment then decides, not the file.
 */
function insideEnvCheck(text: string, start: number): boolean {
  let depth = 0;
  for (let i = start - 1; i >= 0 && i >= start - 4000; i--) {
    const c = text[i];
    if (c === '}') depth++;
    else if (c === '{') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const header = text.slice(text.lastIndexOf('\n', i) + 1, i);
      return /^\s*(\}\s*else\s+)?if\b.*(Getenv|LookupEnv|[!=]=\s*""|""\s*[!=]=)/.test(header);
    }
  }
  return false;
}

/** The folder a glob reads from (`templates/*.html` → `templates`); the path itself when it has no glob. */
function globDir(value: string): string {
  const k = value.search(/[*?[]/);
  if (k < 0) return value;
  const head = value.slice(0, k);
  return head.includes('/') ? head.slice(0, head.lastIndexOf('/')) || '.' : '.';
}

interface Missing {
  use: ProgramFileUse;
  messageId: Msg;
  /** The path as the program names it, and where it would be in the container. */
  shown: string;
  container: string;
  /** The host path of the build context to copy in, when the context has it. */
  host: string | undefined;
  /** The path as the program resolves it against its working folder (relative, or absolute). */
  target?: string;
}

export const goReadsFileNotInImage = goRule({
  id: 'DGT310',
  name: 'go-reads-file-not-in-image',
  kind: 'go',
  severity: 'warning',
  title: 'Program reads files the image does not have',
  messages: {
    glob: '{api} loads `{path}`, but the image has no `{container}`: nothing copies it there and no compose mount brings it, so the program panics at start with `html/template: pattern matches no files: `{path}``. {advice}',
    read: '{api} reads `{path}`, but the image has no `{container}`: nothing copies it there and no compose mount brings it, so the program stops at start with `open {path}: no such file or directory`. {advice}',
    serveDir: '{api} serves the folder `{path}`, but the image has no `{container}`: nothing copies it there and no compose mount brings it, so every file under it answers `404 page not found`. {advice}',
    dotenv: '{api} loads `{path}`, but the image has no `{container}` and the program stops when it is missing: `open {path}: no such file or directory`. Give the container its settings as environment variables (compose `environment:`, `docker run -e`) and let a missing .env pass, or copy a .env without secrets into the image.',
    flag: '{api} reads `{path}`, the file `-{flag}` names in the container\'s command, but the image has no `{container}`: nothing copies it there and no compose mount brings it, so the program stops at start with `open {path}: no such file or directory`. {advice}',
    viper: '{api} looks for the config `{path}` in {dirs}, but the image has none of them: nothing copies them there and no compose mount brings them, so viper stops the program with `Config File "{path}" Not Found in "[{dirs}]"`. {advice}',
  },
  fixTitles: { copy: 'Copy {source} into the image: COPY {source} {dest}', copyFrom: 'Copy {source} from the {stage} stage: COPY --from={stage} {source} {dest}' },
  docs: {
    what: 'Finds files and folders a containerized Go program reads by path — templates (`template.ParseGlob`, gin\'s `LoadHTMLGlob`), static folders (`http.Dir`, `r.Static`), config files (`os.ReadFile` of a .yaml/.json/.toml/.ini, `ini.Load`, `toml.DecodeFile`, viper\'s config name and paths), a `.env` (`godotenv.Load`) — that the final image does not have: no COPY puts them there, no compose mount covers them. Reads whose error the program shrugs off are left alone; templates, static folders and config loads whose error is fatal count. The program\'s main package and the packages of its module it imports are read.',
    why:
      'A multi-stage build copies the binary into a clean image, and with it nothing else: the templates, assets and config the program found next to itself under `go run` stay in the builder. The build succeeds, and the container dies at start (a template glob panics), stops on its missing config, or serves 404s for its whole front end.',
    errorText: [
      'panic: html/template: pattern matches no files: `templates/*.html`',
      'open config/config.yaml: no such file or directory',
      'Config File "config" Not Found in "[/app/configs]"',
      '404 page not found',
    ],
    bad: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]   # main.go: template.Must(template.ParseGlob("templates/*.html"))\n',
    good: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nWORKDIR /srv\nCOPY --from=build /app /app\nCOPY templates ./templates\nENTRYPOINT ["/app"]\n# or embed them: //go:embed templates and template.ParseFS\n',
    exampleLanguage: 'dockerfile',
    fixes: 'When the build context has the file or folder, a COPY of it to where the program looks (relative to the final stage\'s WORKDIR) before the ENTRYPOINT; when only the build stage has it (a RUN made it there: `cp app.example.yaml app.yaml`, a generator), a `COPY --from=<build stage>` of it. The other way is `//go:embed` with `template.ParseFS` or `http.FS`.',
    notFlagged: [
      'Paths built at run time, or that an environment variable may change, and reads in `if runtime.GOOS` branches. A path a flag sets is checked as the container\'s command sets it (the value after `-c`/`--config=`), or as the flag\'s default when the command does not pass it; not when the container starts through a shell or a script, which may pass it.',
      'Files the image may have without us seeing it (a script, an archive, a COPY from an image), paths under a compose mount, and relative paths when the final WORKDIR is not known.',
      'Reads whose error is not fatal (`os.ReadFile` with a fallback, `godotenv.Load()` that only logs), and other file types (a cache, an upload folder: the program writes those).',
      'A viper config name whose "not found" the program tells apart (`viper.ConfigFileNotFoundError`) and goes on with its defaults, and a `.env` loaded only when an environment variable is missing (`if os.Getenv("PORT") == "" { godotenv.Load() ... }`).',
    ],
  },
  check(ctx, report) {
    const { project } = ctx;
    if (ctx.path.endsWith('_test.go')) return;
    const dir = path.dirname(ctx.path);
    const programs = programsOfPackage(project, dir);
    if (!programs.length) return;
    const files = packageGoFiles(project, dir);
    // A path a flag sets: its default when the container's command does not pass the flag, else the
    // value it passes (when the whole path is the flag's value).
    const uses = packageFileUses(project, files, programs.some((c) => c.mainDir === dir)).uses.filter((u) => u.path === ctx.path && !u.guarded && !u.env.length && u.flags.length <= 1);
    if (!uses.length) return;
    const configPaths = uses.filter((u) => u.op === 'configPath' && u.value && !u.flags.length).map((u) => u.value as string);
    const done = new Set<number>();
    for (const u of uses) {
      const per = programs.map((c) => {
        const used = withFlag(project, c, u);
        return used && missingIn(project, c, used, configPaths, ctx.text);
      });
      const first = per[0];
      if (!first || per.some((m) => !m || m.container !== first.container) || done.has(u.start)) continue;
      done.add(u.start);
      const lit = u.lit && (u.lit.path ?? u.path) === ctx.path ? u.lit.lit : undefined;
      const fix = copyFix(project, programs, first);
      const advice = fix ? `Copy it into the image (\`${fix.line}\`) or embed it with \`//go:embed\`.` : 'Copy it into the image, or embed it with `//go:embed`.';
      const workdir = finalWorkdir(programs[0].final) ?? '/';
      const dirs = first.messageId === 'viper' ? (configPaths.length ? configPaths : ['.']).map((d) => containerPathOf(d, workdir) ?? d).join(' ') : '';
      report({
        start: lit ? lit.start : u.start,
        end: lit ? lit.end : u.end,
        messageId: first.messageId,
        data: { api: u.api, path: first.shown, container: first.container, advice, dirs, flag: u.flags[0] ?? '' },
        fixes: fix ? [fix.fix] : [],
      });
    }
  },
});

/**
 * The use as the container of `c` makes it: a use whose path a flag sets reads the flag's default when
 * the container's command does not pass the flag, and the value it passes when it does and the path
 * is the flag's value as a whole. Undefined when that cannot be told: a command that runs a shell or
 * a script (which may pass the flag), a value built from variables.
 */
function withFlag(project: Project, c: Containerization, u: ProgramFileUse): (ProgramFileUse & { viaFlag?: boolean }) | undefined {
  if (!u.flags.length) return u;
  const name = u.flags[0];
  const { args } = runtimeSettings(project, c);
  if (args.includes('$') || /\.(sh|bash)\b|(^|[\s"'\[,])(sh|bash|ash|dash|env)(?=["'\s,\]]|$)/.test(args)) return undefined;
  const words = (args.match(/"[^"]*"|'[^']*'|[^\s,[\]]+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ''));
  let passed: string | undefined;
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (w === `-${name}` || w === `--${name}`) {
      const v = words[k + 1];
      if (v === undefined || v.startsWith('-')) return undefined;
      passed = v;
    } else if (w.startsWith(`-${name}=`) || w.startsWith(`--${name}=`)) passed = w.slice(w.indexOf('=') + 1);
  }
  if (passed === undefined) return u;
  // The value the command passes replaces the whole path only when the path is the flag's default alone.
  if (!u.lit || u.lit.lit.value !== u.value || !passed || /[*?[]/.test(passed)) return undefined;
  return { ...u, value: passed, viaFlag: true };
}

/** What the image of `c` lacks for this use, when it lacks it. */
function missingIn(project: Project, c: Containerization, u: ProgramFileUse, configPaths: string[], text: string): Missing | undefined {
  const model = project.dockerfile(c.build.dockerfile);
  if (!model || c.final.family === 'windows' || model.escapeDirective) return undefined;
  const workdir = finalWorkdir(c.final);
  const mounts = composeMountTargets(project, c.build);
  const rt = runtimeSettings(project, c);
  const absent = (p: string) => !mounts.some((m) => p === m || p.startsWith(m + '/')) && pathIn(project, c.build, model, c.final, p).kind === 'absent';
  const hostOf = (p: string) => path.join(c.build.context, ...p.split('/').filter((x) => x && x !== '.'));
  const value = u.value;
  if (value === undefined) return undefined;
  let messageId: Msg;
  let target: string;
  switch (u.op) {
    case 'glob':
      messageId = 'glob';
      target = globDir(value);
      break;
    case 'serveDir':
      messageId = 'serveDir';
      target = value;
      break;
    case 'read':
      if (!/\.(ya?ml|json|toml|ini|conf|html?|tmpl|gohtml|tpl)$/i.test(value) || !fatalOnError(text, u.start, u.end)) return undefined;
      messageId = (u as { viaFlag?: boolean }).viaFlag ? 'flag' : 'read';
      target = value;
      break;
    case 'configFile':
      // An explicit file that is missing is an error like any other to viper (not ConfigFileNotFoundError).
      if (!fatalOnError(text, u.start, u.end) && !readInConfigFatal(text, false)) return undefined;
      messageId = (u as { viaFlag?: boolean }).viaFlag ? 'flag' : 'read';
      target = value;
      break;
    case 'dotenv': {
      if (!fatalOnError(text, u.start, u.end) || insideEnvCheck(text, u.start)) return undefined;
      messageId = 'dotenv';
      target = value || '.env';
      break;
    }
    case 'configName': {
      if (!value || !readInConfigFatal(text, true)) return undefined;
      // Every candidate viper tries must be missing.
      for (const d of configPaths.length ? configPaths : ['.']) {
        for (const ext of ['json', 'toml', 'yaml', 'yml', 'properties', 'props', 'prop', 'hcl', 'tfvars', 'dotenv', 'env', 'ini']) {
          const p = containerPathOf(path.posix.join(d, `${value}.${ext}`), workdir);
          if (!p || !absent(p)) return undefined;
        }
      }
      const p = containerPathOf(configPaths[0] ?? '.', workdir);
      if (!p) return undefined;
      const host = [...new Set(configPaths.length ? configPaths : ['.'])].map((d) => hostOf(d)).find((h) => project.exists(h) === 'dir');
      return { use: u, messageId: 'viper', shown: value, container: p, host };
    }
    default:
      return undefined;
  }
  // A variable of the container may point elsewhere: not judged.
  if (u.op === 'dotenv' && rt.envOpen) return undefined;
  const container = containerPathOf(target, workdir);
  if (!container || container === '/' || !absent(container)) return undefined;
  const host = hostOf(target);
  return { use: u, messageId, shown: value || '.env', container, host: project.exists(host) ? host : undefined, target };
}

/**
 * A COPY of the missing file or folder into the final stage, before its ENTRYPOINT/CMD: from the
 * build context when it has it, else from the stage that builds the program when a RUN there made
 * it (relative paths taken against that go build's working folder, where the source tree is).
 */
function copyFix(project: Project, programs: readonly Containerization[], m: Missing): { fix: FixInput; line: string } | undefined {
  if (programs.length !== 1 || m.messageId === 'viper') return undefined;
  const c = programs[0];
  const model = project.dockerfile(c.build.dockerfile);
  const text = project.text(c.build.dockerfile);
  if (!model || text === undefined || /[\s$"'\\]/.test(m.container)) return undefined;
  if (!m.host) return builderCopyFix(project, c, model, text, m);
  const rel = path.relative(c.build.context, m.host).split(path.sep).join('/');
  if (!rel || rel.startsWith('..') || /[\s$"'\\]/.test(rel)) return undefined;
  const isDir = project.exists(m.host) === 'dir';
  // The context must send it (not excluded by .dockerignore).
  if (excludingPattern(project, ignoreFilePath(project, c.build.dockerfile, c.build.context), c.build.context, m.host, isDir)) return undefined;
  const line = `COPY ${rel}${isDir ? '/' : ''} ${m.container}${isDir ? '/' : ''}`;
  const edit = insertBeforeEntry(c.build.dockerfile, text, c.final, line);
  return edit && { fix: { titleId: 'copy', titleData: { source: rel, dest: m.container }, preferred: true, edits: [edit] }, line };
}

/** A `COPY --from=<build stage>` of a file that a RUN of that stage made (files only: a made folder may be empty). */
function builderCopyFix(project: Project, c: Containerization, model: DockerfileModel, text: string, m: Missing): { fix: FixInput; line: string } | undefined {
  const builder = c.goBuild.stage;
  const wd = c.goBuild.instruction.workdir;
  if (builder === c.final || !m.target || (m.use.op !== 'read' && m.use.op !== 'configFile' && m.use.op !== 'dotenv')) return undefined;
  if (!m.target.startsWith('/') && wd === undefined) return undefined;
  const source = normalizePosix(m.target.startsWith('/') ? m.target : `${wd}/${m.target}`);
  if (/[\s$"'\\*?[]/.test(source)) return undefined;
  const origin = pathIn(project, c.build, model, builder, source);
  if (origin.kind !== 'made' || origin.at.keyword !== 'RUN') return undefined;
  const stage = builder.name ?? String(builder.index);
  const line = `COPY --from=${stage} ${source} ${m.container}`;
  const edit = insertBeforeEntry(c.build.dockerfile, text, c.final, line);
  return edit && { fix: { titleId: 'copyFrom', titleData: { source, stage, dest: m.container }, preferred: true, edits: [edit] }, line };
}
