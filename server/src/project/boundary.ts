/**
 * What the checker may read and write. A compose file or Dockerfile names paths anywhere on the disk
 * (`build.context: /`, `env_file: ../outside/app.env`, a bind source `../../../../etc/shadow`, a
 * symbolic link to a file elsewhere); a check run by CI on someone's pull request must not read those
 * files, walk those folders, or quote them in its output. So:
 *
 * - reading: only inside the checked folders (the CLI's paths, the editor's workspace folders) and
 *   the git checkouts that hold them, after resolving symbolic links. Outside, files and folders are
 *   not read or listed; only the names in the folders above a checked folder may be looked up (a
 *   go.mod or .git further up);
 * - writing (`--fix`, one-click fixes): only inside the checked folders themselves, after resolving
 *   symbolic links.
 *
 * The project (engine/project.ts) notes each path an analysis asked about that is outside, so the
 * engine can leave out the findings that depended on it and say why (DGT000).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Host, ReadResult } from './project';

/** The same path with one trailing separator, for prefix tests. */
function withSep(p: string): string {
  return p.endsWith(path.sep) ? p : p + path.sep;
}

function within(p: string, root: string): boolean {
  return p === root || p.startsWith(withSep(root));
}

/** The real path of `p` (links resolved), or undefined when it does not exist. */
export function realPath(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

function exists(p: string): boolean {
  try {
    return fs.lstatSync(p, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false; // ENOTDIR and the like: nothing there
  }
}

/** The nearest folder at or above `dir` that holds `.git` (a folder, or a file in a worktree). */
export function gitCheckoutOf(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** Where the language server puts documents that are not files (lsp/convert.ts). */
const VIRTUAL = path.sep + '\0';

export class Boundary {
  /** Folders whose contents may be read: as given, and with links resolved. */
  private readonly readRoots: string[];
  private readonly realReadRoots: string[];
  /** The same, each with one trailing separator (prefix tests without building a string each time). */
  private readonly readPrefixes: string[];
  /** Folders whose files may be written (with links resolved). */
  private readonly realWriteRoots: string[];
  /** Folders above a read root (looking a name up there is allowed). */
  private readonly ancestors = new Set<string>();
  /** Paths inside by name that lead outside through a symbolic link (found by {@link mayRead}). */
  private readonly escaped = new Set<string>();

  /**
   * `checked`: the checked folders (absolute). `checkouts`: whether the git checkouts holding them
   * may be read too (they may: a checked sub-folder's go.mod, .dockerignore or .git are there).
   */
  constructor(
    readonly checked: readonly string[],
    checkouts = true,
  ) {
    const roots = new Set(checked.map((c) => path.resolve(c)));
    if (checkouts) for (const c of checked) {
      const top = gitCheckoutOf(path.resolve(c));
      if (top) roots.add(top);
    }
    this.readRoots = [...roots];
    this.realReadRoots = [...new Set(this.readRoots.flatMap((r) => [r, realPath(r) ?? r]))];
    this.readPrefixes = this.realReadRoots.map(withSep);
    this.realWriteRoots = [...new Set(checked.flatMap((c) => [path.resolve(c), realPath(path.resolve(c)) ?? path.resolve(c)]))];
    for (const r of this.realReadRoots) for (let d = path.dirname(r); ; d = path.dirname(d)) {
      this.ancestors.add(d);
      if (path.dirname(d) === d) break;
    }
  }

  /** The folders whose contents may be read. */
  get readable(): readonly string[] {
    return this.readRoots;
  }

  /**
   * Whether `p` is inside a folder that may be read (by its name: links are not resolved). The
   * language server's paths for documents that are not files (untitled editors: a root folder whose
   * name starts with NUL, which no file can have) count as inside: there is nothing on disk to read.
   */
  contains(p: string): boolean {
    if (p.startsWith(VIRTUAL)) return true;
    for (let k = 0; k < this.readPrefixes.length; k++) {
      const prefix = this.readPrefixes[k];
      if (p.startsWith(prefix) || (p.length === prefix.length - 1 && prefix.startsWith(p))) return true;
    }
    return false;
  }

  /** Whether `p` names something in a folder above a readable folder (a go.mod or .git up the tree). */
  isUpward(p: string): boolean {
    return this.ancestors.has(path.dirname(p)) || this.ancestors.has(p);
  }

  /** Whether `p` may be read: inside by name, and by its real path when it exists. */
  mayRead(p: string): boolean {
    if (!this.contains(p)) return false;
    // Most paths asked about do not exist: nothing to read there, and no exception from realpath.
    if (!exists(p)) return true;
    const real = realPath(p);
    if (real === undefined || real === p || this.contains(real)) return true;
    this.escaped.add(p);
    return false;
  }

  /**
   * Whether asking about `p` asks about something outside: its contents (`content`), or whether it
   * exists (allowed in the folders above a readable folder).
   */
  isOutside(p: string, content: boolean): boolean {
    if (this.escaped.size && this.escaped.has(p)) return true;
    if (this.contains(p)) return false;
    return content || !this.isUpward(p);
  }

  /**
   * Whether a file may be written: its real path (or, for a file that does not exist yet, its
   * folder's) is inside a checked folder.
   */
  mayWrite(p: string): boolean {
    const abs = path.resolve(p);
    const real = realPath(abs) ?? (realPath(path.dirname(abs)) ?? path.dirname(abs)) + path.sep + path.basename(abs);
    for (const r of this.realWriteRoots) if (within(real, r)) return true;
    return false;
  }
}

/**
 * A host that reads only what the boundary allows: outside it, files read as missing and folders as
 * empty, and a name is looked up only in the folders above a readable folder.
 */
export class BoundedHost implements Host {
  constructor(
    private readonly inner: Host,
    public boundary: Boundary,
  ) {}

  get listsAll(): boolean | undefined {
    return this.inner.listsAll;
  }

  read(p: string): ReadResult {
    return this.boundary.mayRead(p) ? this.inner.read(p) : undefined;
  }

  stat(p: string): 'file' | 'dir' | undefined {
    // Whether a path inside exists is answered without resolving links (it is asked for most paths
    // a rule thinks of); reading it, or listing it, is where a link that leads outside is stopped.
    return this.boundary.contains(p) || this.boundary.isUpward(p) ? this.inner.stat(p) : undefined;
  }

  readDir(p: string): string[] | undefined {
    return this.boundary.mayRead(p) ? this.inner.readDir(p) : undefined;
  }

  list(p: string): { name: string; dir: boolean; other?: boolean }[] | undefined {
    return this.boundary.mayRead(p) ? this.inner.list(p) : undefined;
  }

  readBytes(p: string): Uint8Array | undefined {
    return this.boundary.mayRead(p) ? this.inner.readBytes?.(p) : undefined;
  }
}
