/**
 * Fixture reading for the engine tests. A fixture case is a folder holding a small project. Expected
 * findings are written as marker lines under the code they point at:
 *
 *     volumes:
 *       - C:\goapp:/app
 *     # ^^^^^^^^ DGT201 path
 *
 * The carets give the columns on the nearest code line above; the rule id and, optionally, the
 * message id follow. Marker lines are removed before analysis. A case states every finding it
 * expects: anything else reported is a failure. `<file>.fixed` is the file after all preferred
 * fixes; `<file>.fix2.fixed` (3, ...) the file after the second (third, ...) fix of its finding.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildGitIndex } from './gitIndex';

export interface Expectation {
  file: string;
  line: number;
  startCol: number;
  endCol: number;
  ruleId: string;
  messageId: string | undefined;
  /** The finding's severity, when the marker states it (after the message id). */
  severity: string | undefined;
}

export interface FixtureCase {
  name: string;
  dir: string;
  /** Virtual root folder the case is mounted at. */
  root: string;
  /** Cleaned file texts (markers removed), by path relative to the case. */
  files: Map<string, string>;
  goldens: Map<string, string>;
  expectations: Expectation[];
  /**
   * fixture.json "files": extra files mounted as given in every variant (for paths git will not
   * store, such as `.git/HEAD`).
   */
  extraFiles: Map<string, string>;
  /**
   * fixture.json "eol": files whose line endings are fixed ("lf" or "crlf") in every variant, e.g. a
   * shell script whose CRLF endings are the point of the case. Their goldens are compared as written.
   */
  pinnedEol: Map<string, 'lf' | 'crlf'>;
  /**
   * Binary files mounted as bytes in every variant. fixture.json "gitIndex": {"<path>": "100644", ...}
   * becomes `.git/index` (see support/gitIndex.ts); "gitIndexVersion" picks 2 (default), 3 or 4.
   */
  binaryFiles: Map<string, Uint8Array>;
  /** fixture.json "hostMode": where Docker runs, as the editor's setting passes it to the rules. */
  hostMode: 'windows' | 'wsl' | 'linux' | 'mac' | undefined;
}

const MARKER = /^\s*(?:#|\/\/)[^^]*?(\^+)\s+(DGT\d{3})(?:\s+(\w+))?(?:\s+(error|warning|info|hint))?\s*$/;

export const FIXTURES_DIR = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');

function walk(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

export function stripMarkers(file: string, text: string): { text: string; expectations: Expectation[] } {
  const lines = text.split('\n');
  const kept: string[] = [];
  const expectations: Expectation[] = [];
  for (const line of lines) {
    const m = MARKER.exec(line);
    if (m && kept.length) {
      const startCol = line.indexOf('^');
      expectations.push({ file, line: kept.length - 1, startCol, endCol: startCol + m[1].length, ruleId: m[2], messageId: m[3], severity: m[4] });
    } else kept.push(line);
  }
  return { text: kept.join('\n'), expectations };
}

export function loadCases(ruleDir: string): FixtureCase[] {
  const dir = path.join(FIXTURES_DIR, ruleDir);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => {
      const caseDir = path.join(dir, e.name);
      const files = new Map<string, string>();
      const goldens = new Map<string, string>();
      const expectations: Expectation[] = [];
      let root = path.posix.join('/fixtures', ruleDir, e.name);
      const extraFiles = new Map<string, string>();
      const pinnedEol = new Map<string, 'lf' | 'crlf'>();
      const binaryFiles = new Map<string, Uint8Array>();
      let hostMode: FixtureCase['hostMode'];
      const jsonPath = path.join(caseDir, 'fixture.json');
      if (fs.existsSync(jsonPath)) {
        const cfg = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as {
          files?: Record<string, string>;
          eol?: Record<string, 'lf' | 'crlf'>;
          gitIndex?: Record<string, string>;
          gitIndexVersion?: number;
          hostMode?: FixtureCase['hostMode'];
        };
        hostMode = cfg.hostMode;
        for (const [k, v] of Object.entries(cfg.files ?? {})) extraFiles.set(k, v);
        for (const [k, v] of Object.entries(cfg.eol ?? {})) pinnedEol.set(k, v);
        if (cfg.gitIndex) {
          const entries = Object.entries(cfg.gitIndex).map(([p, mode]) => ({ path: p, mode: parseInt(mode, 8) }));
          binaryFiles.set('.git/index', buildGitIndex(entries, cfg.gitIndexVersion ?? 2));
        }
      }
      for (const rel of walk(caseDir)) {
        let text = fs.readFileSync(path.join(caseDir, rel), 'utf8');
        const pinned = pinnedEol.get(rel);
        if (pinned) text = text.replace(/\r?\n/g, pinned === 'crlf' ? '\r\n' : '\n');
        if (rel === 'fixture.json') {
          root = (JSON.parse(text) as { root?: string }).root ?? root;
        } else if (rel.endsWith('.fixed')) goldens.set(rel, text);
        else {
          const s = stripMarkers(rel, text);
          files.set(rel, s.text);
          expectations.push(...s.expectations);
        }
      }
      return { name: e.name, dir: caseDir, root, files, goldens, expectations, extraFiles, pinnedEol, binaryFiles, hostMode };
    });
}

export function ruleFixtureDirs(): string[] {
  return fs.existsSync(FIXTURES_DIR)
    ? fs.readdirSync(FIXTURES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
    : [];
}
