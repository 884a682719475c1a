/** The CLI's logic, separated from process handling so tests can call it in-process. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskHost, Project, ScanSkip } from '../project/project';
import { analyzeFile, AnalysisGuard, skippedFinding } from '../engine/analyze';
import { Boundary, BoundedHost } from '../project/boundary';
import { applyFixesInMemory, writeAll } from './fixes';
import { escapeForTerminal } from './escape';
import { initGoParser } from '../parse/go';
import { fileKind } from '../project/files';
import { LineIndex } from '../core/text';
import { Finding, HostMode, SEVERITY_ORDER, Severity } from '../core/types';
import { HOST_MODES, resolveHostMode } from '../project/hostMode';
import { VERSION, TOOL_NAME } from '../version';
import { toSarif } from './sarif';
import type { Locale } from '../l10n';
import { RULE_SET } from '../rules/registry';

export const USAGE = `Usage: docker-go-traps check [path...] [--format text|json|sarif] [--fail-on error|warning|info] [--fix]
                           [--locale en|zh-cn] [--host-mode windows|wsl|linux|mac|auto]

Checks Dockerfiles, compose files and Go main packages for the traps of shipping Go services in Docker.
Paths default to "."; folders are scanned recursively (node_modules, .git and vendor are skipped).

Options:
  --format text|json|sarif   output format (default: text)
  --fail-on error|warning|info
                             exit with 1 when a finding has at least this severity (default: error)
  --fix                      apply the preferred quick fixes and write the files back
  --locale en|zh-cn          language of the findings' messages and fix titles, and of the rule
                             texts in SARIF (default: en)
  --host-mode windows|wsl|linux|mac|auto
                             where Docker runs, for advice on host paths in compose files; auto
                             looks at this machine (default: advice that fits every host)
  --help, --version
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or internal error, or --fix could
not write its files (then none was changed).
Only files inside the given folders (and the git checkout that holds them) are read, and --fix
writes only inside the given folders; what a folder scan cannot check is reported as DGT000.

Environment:
  DOCKER_GO_TRAPS_HANG_MS=<ms>
                             stop the check when one step of an analysis makes no progress for
                             this long, naming the file and the rule on stderr, instead of hanging
                             a CI job (the process is killed: exit status 137 on Linux and macOS);
                             off by default
  DOCKER_GO_TRAPS_CODE_CACHE=off|report
                             start without the code cache the build made (compile as Node does),
                             or say on stderr whether it was used
`;

interface Options {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  failOn: Severity;
  fix: boolean;
  locale: Locale;
  hostMode: HostMode | undefined;
}

function parseArgs(args: string[]): Options | string {
  const o: Options = { paths: [], format: 'text', failOn: 'error', fix: false, locale: 'en', hostMode: undefined };
  const rest = [...args];
  if (rest[0] !== 'check') return rest.length ? `unknown command "${rest[0]}"` : 'missing command';
  rest.shift();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const [flag, inline] = a.startsWith('--') ? a.split(/=(.*)/s, 2) : [a, undefined];
    const value = () => inline ?? rest[++i];
    if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json' && v !== 'sarif') return `--format must be text, json or sarif (got ${v ?? 'nothing'})`;
      o.format = v;
    } else if (flag === '--fail-on') {
      const v = value();
      if (v !== 'error' && v !== 'warning' && v !== 'info') return `--fail-on must be error, warning or info (got ${v ?? 'nothing'})`;
      o.failOn = v;
    } else if (flag === '--locale') {
      const v = value();
      if (v !== 'en' && v !== 'zh-cn') return `--locale must be en or zh-cn (got ${v ?? 'nothing'})`;
      o.locale = v;
    } else if (flag === '--host-mode') {
      const v = value();
      if (!(HOST_MODES as readonly (string | undefined)[]).includes(v)) return `--host-mode must be ${HOST_MODES.join(', ')} (got ${v ?? 'nothing'})`;
      o.hostMode = resolveHostMode(v);
    } else if (flag === '--fix') o.fix = true;
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else o.paths.push(a);
  }
  if (!o.paths.length) o.paths.push('.');
  return o;
}

interface Target {
  file: string;
  /** Folder the reported path is relative to. */
  base: string;
}

/**
 * Runs the CLI. `guard`, when given, is told each analysis step (main.ts passes the watch that
 * DOCKER_GO_TRAPS_HANG_MS turns on).
 */
export async function runCli(args: string[], cwd: string, out: (s: string) => void, err: (s: string) => void, guard?: AnalysisGuard): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    out(USAGE);
    return 0;
  }
  if (args.includes('--version')) {
    out(VERSION + '\n');
    return 0;
  }
  const opts = parseArgs(args);
  if (typeof opts === 'string') {
    err(`docker-go-traps: ${opts}\n\n${USAGE}`);
    return 2;
  }
  await initGoParser();
  // Read only inside the checked folders (a file's own folder for a file) and the git checkouts
  // that hold them; write fixes only inside the checked folders (engine/boundary.ts).
  const roots: string[] = [];
  for (const p of opts.paths) {
    const abs = path.resolve(cwd, p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      err(`docker-go-traps: no such file or folder: ${escapeForTerminal(p)}\n`);
      return 2;
    }
    roots.push(st.isDirectory() ? abs : path.dirname(abs));
  }
  const boundary = new Boundary(roots);
  const project = new Project(new BoundedHost(new DiskHost(), boundary));
  project.boundary = boundary;
  // The tree does not change under a run (--fix reports its writes): cache stats, listings and bytes.
  project.cacheFileSystem = true;
  project.cacheBytes = true;
  // Each file is analysed once; only --fix re-analyses what a written file affects.
  project.trackDependencies = opts.fix;
  project.log = (m) => err(m + '\n');
  const targets: Target[] = [];
  // What the scan did not check: told on stderr, and as DGT000 in the report.
  const skips: (ScanSkip & { base: string })[] = [];
  for (const p of opts.paths) {
    const abs = path.resolve(cwd, p);
    if (fs.statSync(abs).isDirectory()) {
      for (const f of project.scan(abs, undefined, (s) => skips.push({ ...s, base: abs }))) if (isAnalysed(f)) targets.push({ file: f, base: abs });
    } else if (!boundary.mayRead(abs)) {
      skips.push({ path: abs, why: 'it is a symbolic link to a file outside the checked folders', base: cwd });
    } else {
      project.scan(path.dirname(abs));
      project.files.add(abs);
      targets.push({ file: abs, base: cwd });
    }
  }
  const unique = [...new Map(targets.map((t) => [t.file, t])).values()];

  const analysis = { locale: opts.locale, hostMode: opts.hostMode, guard };
  if (opts.fix) {
    const { texts, refused } = applyFixesInMemory(project, unique.map((t) => t.file), analysis, boundary);
    for (const r of refused) {
      err(`docker-go-traps: not applied: the fix of ${r.finding.ruleId} in ${escapeForTerminal(path.relative(cwd, r.finding.path) || r.finding.path)} would change ${escapeForTerminal(path.relative(cwd, r.outside))}, which is outside the checked folders\n`);
    }
    const outcome = writeAll(texts);
    if (outcome.error) {
      const list = (ps: string[]) => (ps.length ? ps.map((p) => escapeForTerminal(path.relative(cwd, p) || p)).join(', ') : 'none');
      err(
        `docker-go-traps: --fix could not write ${escapeForTerminal(path.relative(cwd, outcome.error.path) || outcome.error.path)}: ${escapeForTerminal(outcome.error.message)}\n` +
          `docker-go-traps: written: ${list(outcome.written)}; not written (left as they were): ${list(outcome.notWritten)}\n`,
      );
      return 2;
    }
  }

  const results: { target: Target; findings: Finding[]; text: string }[] = [];
  for (const s of skips) {
    const file = s.path;
    results.push({ target: { file, base: s.base }, findings: [skippedFinding(file, s.why, opts.locale, s.folder)], text: '' });
    err(`docker-go-traps: not checked: ${escapeForTerminal(path.relative(s.base, file) || file)}: ${s.why}\n`);
  }
  for (const t of unique) {
    const findings = analyzeFile(RULE_SET, project, t.file, analysis);
    results.push({ target: t, findings, text: project.text(t.file) ?? '' });
  }
  // Not checked: what the scan could not look at, and files whose analysis was skipped (binary,
  // unreadable, not a regular file...): each has its DGT000.
  const notChecked = results.filter((r) => r.findings.some((f) => f.ruleId === 'DGT000' && (f.messageId === 'skipped' || f.messageId === 'folder'))).length;
  const checked = unique.length - (notChecked - skips.length);
  const rel = (t: Target) => path.relative(t.base, t.file).split(path.sep).join('/') || path.basename(t.file);

  const rows = results.flatMap((r) => {
    if (!r.findings.length) return [];
    const idx = new LineIndex(r.text);
    return r.findings.map((f) => {
      const s = idx.positionAt(f.start);
      const e = idx.positionAt(f.end);
      return { file: rel(r.target), f, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
    });
  });

  if (opts.format === 'text') {
    // File names and messages (which quote the files) are someone else's text: no escape sequence or
    // line break of theirs reaches the terminal or splits a line.
    for (const r of rows) out(`${escapeForTerminal(r.file)}:${r.line}:${r.column} ${r.f.severity} ${r.f.ruleId} ${escapeForTerminal(r.f.message)}\n`);
    if (!rows.length) err(`docker-go-traps: ${unique.length} file(s) checked, no problems.\n`);
    else if (notChecked) err(`docker-go-traps: ${checked} file(s) checked, ${notChecked} not checked (DGT000 above).\n`);
  } else if (opts.format === 'json') {
    const json = {
      version: 1,
      tool: { name: TOOL_NAME, version: VERSION },
      files: unique.length,
      notChecked,
      diagnostics: rows.map((r) => ({
        file: r.file,
        line: r.line,
        column: r.column,
        endLine: r.endLine,
        endColumn: r.endColumn,
        rule: r.f.ruleId,
        severity: r.f.severity,
        message: r.f.message,
        fixable: r.f.fixes.length > 0,
      })),
    };
    out(JSON.stringify(json, null, 2) + '\n');
  } else {
    out(JSON.stringify(toSarif(rows.map((r) => ({ ...r, finding: r.f })), opts.locale), null, 2) + '\n');
  }
  if (project.failures) {
    err(`docker-go-traps: internal error: ${project.failures} step(s) of the analysis failed (see above); the results are incomplete.\n`);
    return 2;
  }
  const threshold = SEVERITY_ORDER[opts.failOn];
  return rows.some((r) => SEVERITY_ORDER[r.f.severity] >= threshold) ? 1 : 0;
}

function isAnalysed(f: string): boolean {
  const k = fileKind(f);
  return k === 'dockerfile' || k === 'compose' || k === 'go';
}
