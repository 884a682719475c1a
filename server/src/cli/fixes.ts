/**
 * `--fix`: applies the preferred fixes in memory, pass after pass, and then writes the files that
 * changed all together, each one whole or not at all:
 *
 * - a fix that would change a file outside the checked folders (after resolving symbolic links) is
 *   not applied, and said so;
 * - every new text goes first to a temporary file beside its file (same mode, same owner when the
 *   process may set it); only when all of them are written are they renamed into place. A full
 *   disk, a read-only file or any other failure leaves every file as it was (or, should a rename
 *   itself fail, the renamed ones whole and new, the others whole and old), and says which were
 *   written and which were not.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Project } from '../project/project';
import { analyzeFile, AnalyzeOptions } from '../engine/analyze';
import { RULE_SET } from '../rules/registry';
import { collectEdits, editedText, preferredFix } from '../engine/fix';
import type { Boundary } from '../project/boundary';
import type { Finding, Fix } from '../core/types';

/** A fix that was not applied because it would change a file outside the checked folders. */
export interface RefusedFix {
  finding: Finding;
  fix: Fix;
  /** The file outside. */
  outside: string;
}

export interface FixResult {
  /** New texts by path (without a BOM: {@link writeAll} restores each file's own). */
  texts: Map<string, string>;
  refused: RefusedFix[];
}

/**
 * Applies preferred fixes until none is left (a fix can reveal or settle another), at most five
 * passes, on the project's texts (as open documents: nothing is written here).
 */
export function applyFixesInMemory(project: Project, files: string[], analysis: AnalyzeOptions, boundary: Boundary | undefined): FixResult {
  const texts = new Map<string, string>();
  const refused = new Map<string, RefusedFix>();
  for (let pass = 0; pass < 5; pass++) {
    const fixes: Fix[] = [];
    for (const f of files) {
      for (const finding of analyzeFile(RULE_SET, project, f, analysis)) {
        const fix = preferredFix(finding);
        if (!fix) continue;
        const outside = boundary ? fix.edits.find((e) => !boundary.mayWrite(e.path))?.path : undefined;
        if (outside === undefined) fixes.push(fix);
        else refused.set(`${finding.path}\0${finding.start}\0${finding.ruleId}`, { finding, fix, outside });
      }
    }
    if (!fixes.length) break;
    let changed = false;
    for (const [p, edits] of collectEdits(fixes)) {
      // A file that is not there yet is made by a fix that creates it (a .dockerignore).
      const text = project.text(p);
      const next = editedText(text, edits);
      if (next === undefined || next === text) continue;
      texts.set(p, next);
      project.setOverlay(p, next);
      changed = true;
    }
    if (!changed) break;
  }
  return { texts, refused: [...refused.values()] };
}

export interface WriteOutcome {
  written: string[];
  notWritten: string[];
  /** The first failure, when there was one. */
  error?: { path: string; message: string };
}

/**
 * Writes every text, each to a temporary file beside its file, then renames them all into place.
 * A file keeps its BOM (if it had one), its mode and (where allowed) its owner. A file that cannot
 * be written (read-only, gone, not a regular file) fails the whole write before anything is renamed.
 */
export function writeAll(texts: Map<string, string>): WriteOutcome {
  const paths = [...texts.keys()].sort();
  const temps: { path: string; temp: string }[] = [];
  const removeTemps = () => {
    for (const t of temps) {
      try {
        fs.unlinkSync(t.temp);
      } catch {
        // gone already
      }
    }
  };
  for (const p of paths) {
    let temp: string | undefined;
    try {
      // A file a fix creates: new, in a folder that may be new too, with the usual mode.
      const exists = fs.existsSync(p);
      if (!exists) fs.mkdirSync(path.dirname(p), { recursive: true });
      const st = exists ? fs.statSync(p) : { isFile: () => true, mode: 0o644, uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
      if (!st.isFile()) throw new Error('not a regular file');
      if (exists) fs.accessSync(p, fs.constants.W_OK);
      const old = exists ? fs.readFileSync(p) : Buffer.alloc(0);
      const bom = old.length >= 3 && old[0] === 0xef && old[1] === 0xbb && old[2] === 0xbf;
      const bytes = Buffer.from((bom ? '\uFEFF' : '') + (texts.get(p) as string), 'utf8');
      temp = path.join(path.dirname(p), `.${path.basename(p)}.docker-go-traps-${process.pid}-${temps.length}.tmp`);
      const fd = fs.openSync(temp, 'wx', st.mode & 0o7777);
      temps.push({ path: p, temp });
      try {
        let off = 0;
        while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
        fs.fchmodSync(fd, st.mode & 0o7777);
        if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || st.gid !== process.getgid?.())) {
          try {
            fs.fchownSync(fd, st.uid, st.gid);
          } catch {
            // Only root may give a file away; the file then belongs to whoever runs --fix.
          }
        }
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    } catch (e) {
      removeTemps();
      return { written: [], notWritten: paths, error: { path: p, message: (e as Error).message } };
    }
  }
  const written: string[] = [];
  for (let k = 0; k < temps.length; k++) {
    try {
      fs.renameSync(temps[k].temp, temps[k].path);
      written.push(temps[k].path);
    } catch (e) {
      const rest = temps.slice(k);
      for (const t of rest) {
        try {
          fs.unlinkSync(t.temp);
        } catch {
          // gone already
        }
      }
      return { written, notWritten: rest.map((t) => t.path), error: { path: temps[k].path, message: (e as Error).message } };
    }
  }
  return { written, notWritten: [] };
}
