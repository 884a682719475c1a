/**
 * The corpus sweep: `npm run corpus -- [dir] [--list] [--json]`.
 *
 * Analyses a folder exactly as `docker-go-traps check <dir>` does (the CLI's own code, in process)
 * and reports the files analysed, the findings per rule, the wall time and every crash. A crash is
 * a rule or parser failure the engine logged ("rule X failed on ...", "could not parse ..."), an
 * internal error of the CLI, or an exception. Rules over their time budget are listed too, but
 * are not crashes. Exit code: 0 without crashes, 1 with any crash, 2 on a usage error.
 *
 * The default folder is ../shared/corpus next to the repository (700 real files; see its README).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runCli } from '../cli/run';
import { Project } from '../project/project';
import { fileKind } from '../project/files';
import { allDocumentedRules } from './genDocs';

export interface SweepFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
  fixable: boolean;
}

export interface SweepResult {
  dir: string;
  /** Files analysed (Dockerfiles, compose files, Go files), by kind and in total. */
  files: number;
  byKind: Record<string, number>;
  /** Every registered rule (and DGT000), with its number of findings. */
  perRule: { id: string; name: string; count: number }[];
  findings: SweepFinding[];
  /** Rule and parser failures, internal errors and exceptions: each one a crash. */
  crashes: string[];
  /** Rules that went over their time budget (logged by the engine; not crashes). */
  slow: string[];
  wallMs: number;
}

/** Splits the CLI's stderr into the engine's log messages (each starts with the tool's name). */
function logMessages(stderr: string): string[] {
  return stderr
    .split(/\n(?=docker-go-traps: )/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const CRASH = /^docker-go-traps: (rule \S+ failed on |could not parse )/;
const SLOW = /^docker-go-traps: rule \S+ took \d+ ms on /;

/** Sweeps one folder in process. Never throws: an exception is reported as a crash. */
export async function sweep(dir: string): Promise<SweepResult> {
  const abs = path.resolve(dir);
  const byKind: Record<string, number> = { dockerfile: 0, compose: 0, go: 0 };
  for (const f of new Project().scan(abs)) {
    const k = fileKind(f);
    if (k && k in byKind) byKind[k]++;
  }
  let stdout = '';
  let stderr = '';
  const crashes: string[] = [];
  const t0 = performance.now();
  let code = 0;
  try {
    code = await runCli(['check', abs, '--format', 'json', '--fail-on', 'info'], abs, (s) => (stdout += s), (s) => (stderr += s));
  } catch (e) {
    crashes.push(`exception: ${(e as Error).stack ?? e}`);
  }
  const wallMs = performance.now() - t0;
  const messages = logMessages(stderr);
  crashes.push(...messages.filter((m) => CRASH.test(m)));
  const slow = messages.filter((m) => SLOW.test(m));
  const other = messages.filter((m) => !CRASH.test(m) && !SLOW.test(m));
  if (code === 2) crashes.push(`the CLI exited with 2 (internal error): ${other.join(' ') || '(no message)'}`);

  let findings: SweepFinding[] = [];
  let files = 0;
  if (stdout) {
    try {
      const json = JSON.parse(stdout) as { files: number; diagnostics: SweepFinding[] };
      findings = json.diagnostics;
      files = json.files;
    } catch (e) {
      crashes.push(`the CLI's JSON output does not parse: ${(e as Error).message}`);
    }
  }
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  const known = allDocumentedRules();
  const perRule = known.map((r) => ({ id: r.id, name: r.name, count: counts.get(r.id) ?? 0 }));
  for (const [id, count] of counts) if (!known.some((r) => r.id === id)) perRule.push({ id, name: '?', count });
  perRule.sort((a, b) => a.id.localeCompare(b.id));
  return { dir: abs, files, byKind, perRule, findings, crashes, slow, wallMs };
}

export function formatSweep(r: SweepResult, list: boolean): string {
  const out: string[] = [];
  out.push(`docker-go-traps corpus sweep of ${r.dir}`);
  out.push(`files analysed: ${r.files} (${r.byKind.dockerfile} Dockerfiles, ${r.byKind.compose} compose files, ${r.byKind.go} Go files)`);
  out.push(`wall time: ${(r.wallMs / 1000).toFixed(2)} s`);
  out.push(`findings: ${r.findings.length}`);
  const width = Math.max(...r.perRule.map((x) => x.name.length));
  for (const x of r.perRule) out.push(`  ${x.id} ${x.name.padEnd(width)} ${String(x.count).padStart(5)}`);
  if (list) {
    out.push('');
    for (const f of r.findings) out.push(`${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}`);
  }
  out.push('');
  out.push(`rules over their time budget: ${r.slow.length}`);
  for (const s of r.slow) out.push(`  ${s}`);
  out.push(`crashes: ${r.crashes.length}`);
  for (const c of r.crashes) out.push(`  ${c.split('\n').join('\n    ')}`);
  return out.join('\n') + '\n';
}

/** The repository root, from out/server/src/tools (tsc) or server/src/tools (ts-node style runs). */
function repoRoot(): string {
  let d = __dirname;
  for (let i = 0; i < 6; i++, d = path.dirname(d)) if (fs.existsSync(path.join(d, 'package.json'))) return d;
  return process.cwd();
}

export const DEFAULT_CORPUS = path.resolve(repoRoot(), '..', 'shared', 'corpus');

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'));
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const unknown = [...flags].filter((f) => f !== '--list' && f !== '--json' && f !== '--help');
  if (flags.has('--help') || unknown.length || args.length > 1) {
    process.stderr.write(
      `${unknown.length ? `unknown option ${unknown[0]}\n` : ''}Usage: npm run corpus -- [dir] [--list] [--json]\n` +
        `  dir     folder to sweep (default ${DEFAULT_CORPUS})\n  --list  print every finding\n  --json  print the whole result as JSON\n` +
        'Exit codes: 0 no crash, 1 any crash, 2 usage error.\n',
    );
    return flags.has('--help') && !unknown.length ? 0 : 2;
  }
  // npm runs scripts from the package root; a relative folder is meant from where npm was started.
  const base = process.env.INIT_CWD ?? process.cwd();
  const dir = args.length ? path.resolve(base, args[0]) : DEFAULT_CORPUS;
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    process.stderr.write(`no such folder: ${dir}\n`);
    return 2;
  }
  const r = await sweep(dir);
  process.stdout.write(flags.has('--json') ? JSON.stringify(r, null, 2) + '\n' : formatSweep(r, flags.has('--list')));
  return r.crashes.length ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
