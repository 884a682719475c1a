/**
 * The project model: the workspace's relevant files, their parses (cached by text), and how they
 * relate — compose service → build context, Dockerfile and target → final stage → the `go build`s
 * that feed it → the main packages they build → the nearest go.mod.
 *
 * Every read goes through {@link Project.text}, which records which files an analysis looked at. A
 * change to one file therefore re-analyses exactly the files that read it ({@link Project.dependents}).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDockerfile, DockerfileModel, GoBuildCommand, Stage } from '../parse/dockerfile';
import { serviceNamed, parseCompose, ComposeModel, serviceBuild, serviceString, ComposeService } from '../parse/compose';
import { parseGo, GoFacts } from '../parse/go';
import { parseGoMod, parseGoWork, GoMod, GoWork } from '../parse/gomod';
import { parseGoreleaser, GoreleaserConfig } from '../parse/goreleaser';
import { parseDockerignore, IgnorePattern } from '../parse/dockerignore';
import { decodeText, LineIndex } from '../core/text';
import { fileKind, SKIPPED_DIRS, isOverrideCompose, MAX_FILE_BYTES } from './files';
import type { FileKind } from '../core/types';
import { openRegular, readAll, readFileSafely, unreadable } from './diskRead';
import type { Boundary } from './boundary';

export type ReadResult = { text: string } | { skipped: string } | undefined;

/** Something a folder scan did not check, and why (told to the user: never skipped silently). */
export interface ScanSkip {
  path: string;
  why: string;
  /** A folder (not entered) rather than a file. */
  folder?: boolean;
}


/** File-system access. The CLI reads the disk; the language server puts open documents on top. */
export interface Host {
  read(p: string): ReadResult;
  stat(p: string): 'file' | 'dir' | undefined;
  readDir(p: string): string[] | undefined;
  /**
   * Folder entries with their type, for scanning. `other`: neither a file nor a folder as listed (a
   * symbolic link, a socket); a host that leaves such entries out must not set {@link listsAll}.
   * `link`: an `other` that is a symbolic link. `badName`: the name is not valid UTF-8 (as listed, it
   * names nothing).
   */
  list(p: string): ListEntry[] | undefined;
  /** Why the folder `p` cannot be listed (after {@link list} returned undefined). */
  whyNotListed?(p: string): string | undefined;
  /** {@link list} returns every name in the folder (so a name it does not return does not exist). */
  readonly listsAll?: boolean;
  /** The raw bytes of a file (binary files such as `.git/index`); undefined when missing or too large. */
  readBytes?(p: string): Uint8Array | undefined;
}

const NO_DEPS: Set<string> = new Set();

/** Marks a dependency on whether a path exists (not on its content): `<path>` + this. */
const EXISTENCE = '\0exists';

/** Workspace values kept before the ones no recent analysis used are dropped (see Project.workspaceValue). */
const MAX_WORKSPACE_VALUES = 20_000;

/** Keys kept per space by Project.valueKey before that space's are forgotten. */
const MAX_KEPT_KEYS = 50_000;

/** Paths longer than this (in UTF-16 units; Linux's PATH_MAX is 4,096 bytes) cannot be opened. */
const MAX_PATH_CHARS = 4095;

/**
 * A workspace value with what it read and when it was last used. A class, so that every entry has
 * one shape: entries made by spreading an object literal took their field representations from the
 * first values stored, and V8 migrated each older entry to a new shape when a later one held
 * something else, which made a plain `used` store the hottest line of the cache.
 */
class WorkspaceEntry {
  used = 0;
  constructor(
    readonly value: unknown,
    readonly deps: Set<string>,
    /** Paths outside the boundary its computation asked about (Project.outsideSeen). */
    readonly outside: readonly string[] | undefined,
  ) {}
}

/** One entry of a folder listing (see {@link Host.list}). */
export interface ListEntry {
  name: string;
  dir: boolean;
  other?: boolean;
  link?: boolean;
  badName?: boolean;
}

/** Binary files read through {@link Host.readBytes} are capped at this size. */
export const MAX_BINARY_BYTES = 32 * 1024 * 1024;

/** Files larger than this are not analysed; they get one info diagnostic instead. */
export { MAX_FILE_BYTES };
const TOO_LARGE = `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`;

export class DiskHost implements Host {
  // Most paths asked about do not exist (config files, go.mod up the tree, COPY sources): stat
  // without throwing, as an exception per missing path is most of the cost of asking.
  read(p: string): ReadResult {
    return readFileSafely(p, MAX_FILE_BYTES);
  }
  stat(p: string): 'file' | 'dir' | undefined {
    try {
      const st = fs.statSync(p, { throwIfNoEntry: false });
      return st?.isDirectory() ? 'dir' : st?.isFile() ? 'file' : undefined;
    } catch {
      return undefined;
    }
  }
  readDir(p: string): string[] | undefined {
    try {
      return fs.readdirSync(p);
    } catch {
      return undefined;
    }
  }
  readBytes(p: string): Uint8Array | undefined {
    try {
      const r = openRegular(p, MAX_BINARY_BYTES, readAll);
      return r instanceof Uint8Array && r.length <= MAX_BINARY_BYTES ? r : undefined;
    } catch {
      return undefined;
    }
  }
  readonly listsAll = true;
  list(p: string): ListEntry[] | undefined {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(p, { withFileTypes: true });
    } catch {
      return undefined;
    }
    // A name that is not valid UTF-8 is listed with U+FFFD in it: find out which ones really are.
    let bad: Set<string> | undefined;
    if (entries.some((e) => e.name.includes('\uFFFD'))) {
      bad = new Set();
      try {
        for (const b of fs.readdirSync(p, { encoding: 'buffer' })) {
          const s = b.toString('utf8');
          if (!Buffer.from(s, 'utf8').equals(b)) bad.add(s);
        }
      } catch {
        // listed a moment ago: leave the names as they are
      }
    }
    return entries.map((e) => {
      const badName = bad?.has(e.name) || undefined;
      if (e.isDirectory()) return { name: e.name, dir: true, badName };
      if (e.isFile()) return { name: e.name, dir: false, badName };
      return { name: e.name, dir: false, other: true, link: e.isSymbolicLink() || undefined, badName };
    });
  }
  whyNotListed(p: string): string | undefined {
    try {
      fs.readdirSync(p);
      return undefined;
    } catch (e) {
      return unreadable(e, true);
    }
  }
}

/** An in-memory file system: for tests, fuzzing and benchmarks. Paths are absolute. */
export class MemoryHost implements Host {
  constructor(readonly files = new Map<string, Uint8Array | string>()) {}
  read(p: string): ReadResult {
    const f = this.files.get(p);
    if (f === undefined) return undefined;
    const bytes = typeof f === 'string' ? Buffer.from(f, 'utf8') : f;
    if (bytes.length > MAX_FILE_BYTES) return { skipped: `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` };
    const r = decodeText(bytes);
    return 'skipped' in r ? r : { text: r.text };
  }
  stat(p: string): 'file' | 'dir' | undefined {
    if (this.files.has(p)) return 'file';
    const prefix = p.endsWith(path.sep) ? p : p + path.sep;
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return 'dir';
    return undefined;
  }
  readDir(p: string): string[] | undefined {
    return this.list(p)?.map((e) => e.name);
  }
  readBytes(p: string): Uint8Array | undefined {
    const f = this.files.get(p);
    if (f === undefined) return undefined;
    const bytes = typeof f === 'string' ? Buffer.from(f, 'utf8') : f;
    return bytes.length > MAX_BINARY_BYTES ? undefined : bytes;
  }
  list(p: string): { name: string; dir: boolean }[] | undefined {
    const prefix = p.endsWith(path.sep) ? p : p + path.sep;
    const out = new Map<string, boolean>();
    for (const k of this.files.keys()) {
      if (!k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      const slash = rest.indexOf(path.sep);
      out.set(slash < 0 ? rest : rest.slice(0, slash), slash >= 0);
    }
    return out.size ? [...out].map(([name, dir]) => ({ name, dir })) : undefined;
  }
}

/** One image build: a Dockerfile built from a context, maybe for a compose service. */
export interface ImageBuild {
  dockerfile: string;
  context: string;
  target: string | undefined;
  service: { composePath: string; name: string; keyStart: number; keyEnd: number; networkMode: string | undefined } | undefined;
}

/** A main package that an image build compiles. */
export interface Containerization {
  build: ImageBuild;
  /** Absolute folder of the main package on the host. */
  mainDir: string;
  goBuild: GoBuildCommand;
  /** The stage that becomes the image. */
  final: Stage;
}

interface Cached<T> {
  text: string;
  value: T;
}

/** A list grouped by a key, grouped again only when the list is a new value (the lists are derived values, replaced rather than changed). */
class GroupedList<T> {
  private of: readonly T[] | undefined;
  private groups = new Map<string, T[]>();
  constructor(private readonly keyOf: (item: T) => string) {}

  /** The items of `all` whose key is `key`. Do not modify the result. */
  get(all: readonly T[], key: string): readonly T[] {
    if (this.of !== all) {
      this.groups = new Map();
      for (const item of all) {
        const k = this.keyOf(item);
        const group = this.groups.get(k);
        if (group) group.push(item);
        else this.groups.set(k, [item]);
      }
      this.of = all;
    }
    return this.groups.get(key) ?? NONE;
  }
}
const NONE: readonly never[] = [];

export class Project {
  private overlays = new Map<string, string>();
  /** Overlays larger than MAX_FILE_BYTES: read as skipped, never parsed. */
  private oversized = new Set<string>();
  private readCache = new Map<string, ReadResult>();
  /**
   * Parses by kind, then by path: the path strings are the callers' own, whose hashes V8 keeps, where
   * a key made of kind and path for each call would be hashed anew at every lookup.
   */
  private parseCaches = new Map<string, Map<string, Cached<unknown>>>();
  /** Relevant files found by scanning, plus open documents. */
  readonly files = new Set<string>();
  private tracking: Set<string> | undefined;
  /**
   * What each file's last analysis read: the files it read itself, and (by reference, not copied)
   * the sets of files that the shared values it used read (the model, workspace values). Copying
   * those into every analysis made the memory grow with the square of the number of files.
   */
  private deps = new Map<string, { own: Set<string>; shared: Set<Set<string>> }>();
  /** While an analysis is recorded: its own set, and the shared sets it used. */
  private recordingOwn: Set<string> | undefined;
  private recordingShared: Set<Set<string>> | undefined;
  private buildsCache: { value: ImageBuild[]; deps: Set<string> } | undefined;
  private buildsIndex = new GroupedList<ImageBuild>((b) => b.dockerfile);
  /** Where rule failures and slow rules are reported. */
  log: (msg: string) => void = () => undefined;
  /** Steps of analyses that failed (a rule or a parser threw, the model could not be built): see {@link failed}. */
  failures = 0;

  /** An analysis step failed: counted (the CLI then exits 2, as its results are incomplete) and logged. */
  failed(msg: string): void {
    this.failures++;
    this.log(msg);
  }
  /**
   * Cache stat results and folder listings until {@link changed} says otherwise. For a run over a
   * tree that does not change under it (the CLI); the language server leaves it off, as it hears
   * only of the files its client watches.
   */
  cacheFileSystem = false;
  /**
   * With {@link cacheFileSystem}: only paths below these folders are cached (the language server's
   * workspace folders, which its client watches). Undefined: everything.
   */
  cacheRoots: string[] | undefined;
  /**
   * Cache the raw bytes of binary files (`.git/index`) too. The CLI does; the language server does
   * not, as no client reports changes inside `.git`.
   */
  cacheBytes = false;
  /**
   * Record what each analysis reads ({@link dependents}) and what each derived value read (so a
   * change drops it). A run that analyses every file once and changes nothing (the CLI without
   * --fix) turns it off.
   */
  trackDependencies = true;
  /**
   * No project model: {@link builds} is empty. The language server sets it when building the model
   * did not finish on an earlier server (hangGuard.ts), so that it does not walk into it again.
   */
  modelOff = false;
  /**
   * What may be read (engine/boundary.ts; the host enforces it). With it, the paths outside that an
   * analysis asks about are collected in {@link outsideSeen} while it is set.
   */
  boundary: Boundary | undefined;
  /** Set by the engine around a rule: the paths outside the boundary it asked about. */
  outsideSeen: Set<string> | undefined;

  /**
   * Changes what may be read (the language server's workspace folders changed): `host` is the host
   * that enforces `boundary`. Everything read or derived before is dropped.
   */
  setBoundary(boundary: Boundary | undefined): void {
    this.boundary = boundary;
    this.readCache.clear();
    this.bytesCache.clear();
    this.statCache.clear();
    this.listCache.clear();
    this.listSets.clear();
    this.namesCache.clear();
    this.buildsCache = undefined;
    this.workspaceValues.clear();
  }
  private statCache = new Map<string, 'file' | 'dir' | undefined>();
  private listCache = new Map<string, string[] | undefined>();
  /** {@link listCache}'s listings as sets, made when asked. */
  private listSets = new Map<string, Set<string>>();
  /** {@link readDir}'s answers (the listing with open documents merged in), while cached. */
  private namesCache = new Map<string, readonly string[]>();
  private bytesCache = new Map<string, Uint8Array | undefined>();

  constructor(readonly host: Host = new DiskHost()) {}

  // ---- content -------------------------------------------------------------------------------

  setOverlay(p: string, text: string): void {
    const edit = this.overlays.has(p);
    if (!edit) this.namesCache.delete(path.dirname(p)); // a name may appear in its folder
    this.overlays.set(p, text);
    // An open document is bounded like a file on disk (a UTF-16 unit is 1 to 3 UTF-8 bytes).
    if (text.length > MAX_FILE_BYTES || (text.length * 3 > MAX_FILE_BYTES && Buffer.byteLength(text, 'utf8') > MAX_FILE_BYTES)) this.oversized.add(p);
    else this.oversized.delete(p);
    if (fileKind(p)) this.files.add(p);
    this.changed(p, false, edit);
  }

  removeOverlay(p: string): void {
    this.namesCache.delete(path.dirname(p));
    this.overlays.delete(p);
    this.oversized.delete(p);
    this.changed(p, false);
  }

  /**
   * A file changed, appeared or disappeared on disk (or in an overlay). Cached stats and listings
   * are dropped for a change on disk only: an overlay is seen by {@link exists} and {@link readDir}
   * whatever the disk says, so opening, editing and closing a document leaves them valid.
   * `contentOnly`: the file existed before and still does (an edit), so the set of Dockerfiles and
   * compose files is the same and the derived model is dropped only if it read this file.
   */
  changed(p: string, onDisk = true, contentOnly = false): void {
    const dir = path.dirname(p);
    this.readCache.delete(p);
    this.bytesCache.delete(p);
    this.readCache.delete(dir + path.sep + '\0dir');
    // A derived value is stale when it read the file or listed its folder; an edit of a file that
    // stays where it was leaves the folder's listing as it was.
    const stale = (derived: { deps: Set<string> } | undefined) => !!derived && (derived.deps.has(p) || (!contentOnly && (derived.deps.has(dir) || derived.deps.has(p + EXISTENCE))));
    if (stale(this.buildsCache)) this.buildsCache = undefined;
    // forEach rather than for-of: no [key, value] pair is made per value, and there are thousands.
    this.workspaceValues.forEach((e, k) => {
      if (stale(e)) this.workspaceValues.delete(k);
    });
    const kind = fileKind(p);
    if (!contentOnly && (kind === 'dockerfile' || kind === 'compose')) {
      // A new or removed Dockerfile/compose file changes the set of builds.
      this.buildsCache = undefined;
      this.workspaceValues.clear();
    }
    if (onDisk && (this.statCache.size || this.listCache.size || this.namesCache.size)) this.forgetFileSystem(p);
  }

  /** Drops cached stats and listings a change at `p` can affect: `p`, its ancestors, and all below it. */
  private forgetFileSystem(p: string): void {
    const wasFile = this.statCache.get(p) === 'file';
    for (let d = p; ; d = path.dirname(d)) {
      this.statCache.delete(d);
      this.listCache.delete(d);
      this.listSets.delete(d);
      this.namesCache.delete(d);
      if (path.dirname(d) === d) break;
    }
    // Nothing is cached below a file: skip the walk over the caches (a checkout creates thousands).
    if (wasFile || this.host.stat(p) === 'file') return;
    const below = p.endsWith(path.sep) ? p : p + path.sep;
    for (const k of this.statCache.keys()) if (k.startsWith(below)) this.statCache.delete(k);
    for (const k of this.listCache.keys()) if (k.startsWith(below)) this.listCache.delete(k);
    for (const k of this.listSets.keys()) if (k.startsWith(below)) this.listSets.delete(k);
    for (const k of this.namesCache.keys()) if (k.startsWith(below)) this.namesCache.delete(k);
  }

  deleted(p: string): void {
    this.files.delete(p);
    this.forgetParses(p);
    this.changed(p);
  }

  /**
   * Drops what was read and parsed of `p` and of every file below it (a deleted folder, which a
   * client may announce alone): a file that is gone keeps nothing alive (the values kept for a
   * Dockerfile's stages go with its stages: they are held weakly), and one that comes back is read
   * and parsed afresh.
   */
  private forgetParses(p: string): void {
    const below = p.endsWith(path.sep) ? p : p + path.sep;
    const gone = (k: string) => k === p || k.startsWith(below);
    this.parseCaches.forEach((cache) => {
      for (const k of cache.keys()) if (gone(k)) cache.delete(k);
    });
    for (const k of this.readCache.keys()) if (gone(k)) this.readCache.delete(k);
    for (const k of this.bytesCache.keys()) if (gone(k)) this.bytesCache.delete(k);
  }

  /** How many parses are kept (tests: a deleted file's go). */
  get parseCount(): number {
    let n = 0;
    this.parseCaches.forEach((c) => (n += c.size));
    return n;
  }

  private note(p: string, content = true): void {
    // Asking whether a file exists depends on its existence only: an edit of it leaves the answer.
    this.tracking?.add(content ? p : p + EXISTENCE);
    if (this.outsideSeen && this.boundary?.isOutside(p, content) && !this.overlays.has(p)) this.outsideSeen.add(p);
  }

  read(p: string): ReadResult {
    this.note(p);
    const o = this.overlays.get(p);
    if (o !== undefined) return this.oversized.has(p) ? { skipped: TOO_LARGE } : { text: o };
    if (!this.readCache.has(p)) {
      // A path known not to be a file is not read (most reads are of config files that are not there).
      this.readCache.set(p, this.trustsListings() && this.cachedStat(p) !== 'file' ? undefined : this.host.read(p));
    }
    return this.readCache.get(p);
  }

  text(p: string): string | undefined {
    const r = this.read(p);
    return r && 'text' in r ? r.text : undefined;
  }

  /**
   * The raw bytes of a (binary) file, recorded as a dependency like {@link text}. Undefined when the
   * host cannot read bytes, the file is missing, or larger than {@link MAX_BINARY_BYTES}. Cached only
   * with {@link cacheBytes} (the language server is not told when such files change).
   */
  bytes(p: string): Uint8Array | undefined {
    this.note(p);
    const o = this.overlays.get(p);
    if (o !== undefined) return this.oversized.has(p) ? undefined : Buffer.from(o, 'utf8');
    if (!this.cacheBytes) return this.host.readBytes?.(p);
    if (!this.bytesCache.has(p)) this.bytesCache.set(p, this.host.readBytes?.(p));
    return this.bytesCache.get(p);
  }

  exists(p: string): 'file' | 'dir' | undefined {
    this.note(p, false);
    if (this.overlays.has(p)) return 'file';
    if (!this.cachable(p)) return this.host.stat(p);
    return this.cachedStat(p);
  }

  /**
   * What is at `p` on disk, cached. In a run over a tree that does not change (no {@link cacheRoots}:
   * the CLI), a name missing from its folder's cached listing is not there: most questions are about
   * files that do not exist (a go.mod or .dockerignore further up, a config file), and the scan has
   * listed those folders already. The language server asks the disk for each new path: its client
   * reports created files a moment after they appear, and a listing could answer from before that.
   */
  private cachedStat(p: string): 'file' | 'dir' | undefined {
    if (this.statCache.has(p)) return this.statCache.get(p);
    let kind: 'file' | 'dir' | undefined;
    const dir = path.dirname(p);
    const names = this.trustsListings() && dir !== p ? this.listCache.get(dir) : undefined;
    if (names) kind = this.listedNames(dir, names).has(path.basename(p)) ? this.host.stat(p) : undefined;
    // Nothing is below a folder that is not there (asked once: the answer is cached).
    else if (this.trustsListings() && dir !== p && this.cachedStat(dir) !== 'dir') kind = undefined;
    else kind = this.host.stat(p);
    this.statCache.set(p, kind);
    return kind;
  }

  /** Whether cached listings may answer for paths not asked about yet (see {@link cachedStat}). */
  private trustsListings(): boolean {
    return this.cacheFileSystem && !this.cacheRoots;
  }

  /** A cached listing as a set, for lookups by name. */
  private listedNames(dir: string, names: string[]): Set<string> {
    let set = this.listSets.get(dir);
    if (!set || set.size !== names.length) this.listSets.set(dir, (set = new Set(names)));
    return set;
  }

  /** Caches stats and listings below `roots` only (see {@link cacheRoots}); drops what was cached. */
  cacheBelow(roots: string[] | undefined): void {
    this.cacheFileSystem = true;
    this.cacheRoots = roots;
    this.statCache.clear();
    this.listCache.clear();
    this.listSets.clear();
    this.namesCache.clear();
  }

  private cachable(p: string): boolean {
    if (!this.cacheFileSystem) return false;
    if (!this.cacheRoots) return true;
    for (const r of this.cacheRoots) if (p === r || (p.startsWith(r) && (r.endsWith(path.sep) || p[r.length] === path.sep))) return true;
    return false;
  }

  /** Names in a folder, sorted: what the disk has plus open documents there. Do not modify the result. */
  readDir(dir: string): readonly string[] {
    this.note(dir);
    const cachable = this.cachable(dir);
    const hit = cachable ? this.namesCache.get(dir) : undefined;
    if (hit) return hit;
    let listed: string[] | undefined;
    if (!cachable) listed = this.host.readDir(dir);
    else if (this.listCache.has(dir)) listed = this.listCache.get(dir);
    else this.listCache.set(dir, (listed = this.host.readDir(dir)));
    const names = new Set(listed ?? []);
    for (const o of this.overlays.keys()) if (path.dirname(o) === dir) names.add(path.basename(o));
    const sorted = [...names].sort();
    if (cachable) this.namesCache.set(dir, sorted);
    return sorted;
  }

  /** The parse of a file's current text; `parse` gets the parse of its previous text, if any. */
  private parsed<T>(p: string, kind: string, parse: (text: string, previous: T | undefined) => T): T | undefined {
    const text = this.text(p);
    if (text === undefined) return undefined;
    let cache = this.parseCaches.get(kind);
    if (!cache) this.parseCaches.set(kind, (cache = new Map()));
    const hit = cache.get(p);
    if (hit && hit.text === text) return hit.value as T;
    const value = parse(text, hit?.value as T | undefined);
    cache.set(p, { text, value });
    return value;
  }

  dockerfile(p: string): DockerfileModel | undefined {
    return this.parsed(p, 'dockerfile', (t, previous: DockerfileModel | undefined) => {
      const model = parseDockerfile(t, LineIndex.of(t), previous);
      if (previous) this.dropOwnedValues(previous.stages, model.stages);
      return model;
    });
  }
  compose(p: string): ComposeModel | undefined {
    return this.parsed(p, 'compose', parseCompose);
  }
  goFacts(p: string): GoFacts | undefined {
    return this.parsed(p, 'go', parseGo);
  }
  goMod(p: string): GoMod | undefined {
    return this.parsed(p, 'gomod', parseGoMod);
  }
  goWork(p: string): GoWork | undefined {
    return this.parsed(p, 'gowork', parseGoWork);
  }
  /** A goreleaser configuration (undefined when missing or not valid YAML). */
  goreleaser(p: string): GoreleaserConfig | undefined {
    return this.parsed(p, 'goreleaser', parseGoreleaser);
  }
  dockerignore(p: string): IgnorePattern[] | undefined {
    return this.parsed(p, 'dockerignore', parseDockerignore);
  }

  /** The go.mod that governs a folder: the nearest one in it or above it. */
  nearestGoMod(dir: string): string | undefined {
    for (let d = dir; ; d = path.dirname(d)) {
      const candidate = path.join(d, 'go.mod');
      if (this.exists(candidate) === 'file') return candidate;
      if (path.dirname(d) === d) return undefined;
    }
  }

  /**
   * Go files of a folder that declare `package main`. The package clause is read from the text
   * (it is the file's first token); only a file whose start is not plain is parsed for it.
   */
  mainFiles(dir: string): readonly string[] {
    // Asked for the same folders on every analysis (builds, image facts, Go rules); it changes only
    // when the folder's listing or one of its Go files does. Kept only where listings are cached,
    // i.e. where the project hears of files created and deleted.
    return this.cachable(dir) ? this.workspaceValue(this.valueKey('mainFiles', dir), () => this.listMainFiles(dir)) : this.listMainFiles(dir);
  }

  private listMainFiles(dir: string): string[] {
    return this.readDir(dir)
      .filter((n) => n.endsWith('.go') && !n.endsWith('_test.go'))
      .map((n) => path.join(dir, n))
      .filter((f) => {
        const text = this.text(f);
        if (text === undefined) return false;
        const name = packageClause(text);
        return name !== undefined ? name === 'main' : this.goFacts(f)?.packageName === 'main';
      });
  }

  // ---- dependency tracking -------------------------------------------------------------------

  /** Runs `fn` (an analysis of `p`) while recording every file it reads as a dependency of `p`. */
  track<T>(p: string, fn: () => T): T {
    this.analyses++;
    try {
      return this.trackDependencies ? this.recording(p, fn) : fn();
    } finally {
      if (this.workspaceValues.size > MAX_WORKSPACE_VALUES) this.dropUnusedWorkspaceValues();
    }
  }

  private recording<T>(p: string, fn: () => T): T {
    const outer = this.tracking;
    const outerOwn = this.recordingOwn;
    const outerShared = this.recordingShared;
    const mine = new Set<string>();
    const shared = new Set<Set<string>>();
    this.tracking = this.recordingOwn = mine;
    this.recordingShared = shared;
    try {
      return fn();
    } finally {
      this.tracking = outer;
      this.recordingOwn = outerOwn;
      this.recordingShared = outerShared;
      // An analysis inside another one: the outer one read all this one read.
      if (outer) {
        for (const d of mine) outer.add(d);
        for (const s of shared) {
          if (outer === outerOwn && outerShared) outerShared.add(s);
          else for (const d of s) outer.add(d);
        }
      }
      mine.delete(p);
      mine.delete(p + EXISTENCE);
      this.deps.set(p, { own: mine, shared });
    }
  }

  /** Files whose last analysis read `p` (directly or through the derived model). */
  dependents(p: string): string[] {
    const dir = path.dirname(p);
    const out: string[] = [];
    // Each shared set is looked into once, however many analyses used it.
    const hit = new Map<Set<string>, boolean>();
    const reads = (s: Set<string>) => {
      let h = hit.get(s);
      if (h === undefined) hit.set(s, (h = s.has(p) || s.has(dir) || s.has(p + EXISTENCE)));
      return h;
    };
    for (const [file, deps] of this.deps) {
      if (file === p) continue;
      if (deps.own.has(p) || deps.own.has(dir) || deps.own.has(p + EXISTENCE)) out.push(file);
      else for (const s of deps.shared) if (reads(s)) {
        out.push(file);
        break;
      }
    }
    return out;
  }

  forget(p: string): void {
    this.deps.delete(p);
  }

  // ---- discovery -----------------------------------------------------------------------------

  /**
   * Walks a folder for relevant files, skipping node_modules, .git and vendor. `skipped` hears of
   * what it did not check: folders it could not list, folders and relevant files whose names are not
   * valid UTF-8 or whose paths are too long, relevant files that are symbolic links (not followed)
   * or not regular files, and the folders left when it stopped after `limit` entries.
   */
  scan(root: string, limit = 200_000, skipped?: (s: ScanSkip) => void): string[] {
    const found: string[] = [];
    const stack = [root];
    let seen = 0;
    while (stack.length) {
      const dir = stack.pop() as string;
      if (seen >= limit) {
        if (!skipped) break;
        skipped({ path: dir, why: `the scan stopped after ${limit} entries`, folder: true });
        continue;
      }
      const entries = this.host.list(dir);
      if (!entries && skipped) {
        const why = this.host.whyNotListed?.(dir);
        if (why) skipped({ path: dir, why, folder: true });
      }
      // What the scan saw answers later questions about these folders without asking the disk.
      const cache = !!entries && this.trustsListings();
      if (cache && this.host.listsAll && !this.listCache.has(dir)) this.listCache.set(dir, entries.map((e) => e.name));
      for (const e of entries ?? []) {
        seen++;
        const full = path.join(dir, e.name);
        if (skipped && (e.badName || e.other || full.length > MAX_PATH_CHARS) && (e.dir || fileKind(full))) {
          if (e.badName) skipped({ path: full, why: 'its name is not valid UTF-8', folder: e.dir });
          else if (full.length > MAX_PATH_CHARS) skipped({ path: full, why: 'its path is longer than the system allows', folder: e.dir });
          else skipped({ path: full, why: e.link ? 'it is a symbolic link, which the scan does not follow' : 'it is not a regular file' });
          continue;
        }
        if (e.other || e.badName) continue;
        if (cache && !this.statCache.has(full)) this.statCache.set(full, e.dir ? 'dir' : 'file');
        if (e.dir) {
          if (!SKIPPED_DIRS.has(e.name)) stack.push(full);
        } else if (fileKind(full)) {
          found.push(full);
          this.files.add(full);
        }
      }
    }
    this.buildsCache = undefined;
    this.workspaceValues.clear();
    return found.sort();
  }

  // ---- derived model -------------------------------------------------------------------------

  private derive<T>(fn: () => T, keepOutside = false): { value: T; deps: Set<string>; outside: readonly string[] | undefined } {
    // `keepOutside`, with a boundary: the paths outside it that the value asked about are kept with
    // it, and every analysis that uses the value is told of them (see outsideSeen), not only the
    // one that computed it.
    const outerSeen = this.outsideSeen;
    const seen = keepOutside && this.boundary ? new Set<string>() : undefined;
    if (seen) this.outsideSeen = seen;
    const outer = this.tracking;
    const deps = this.trackDependencies ? new Set<string>() : NO_DEPS;
    if (this.trackDependencies) this.tracking = deps;
    try {
      const value = fn();
      return { value, deps, outside: seen?.size ? [...seen] : undefined };
    } finally {
      if (this.trackDependencies) this.tracking = outer;
      if (seen) {
        this.outsideSeen = outerSeen;
        if (outerSeen) for (const p of seen) outerSeen.add(p);
      }
    }
  }

  /** Notes, for the analysis in progress, the paths outside the boundary a kept value asked about. */
  private seeOutside(outside: readonly string[] | undefined): void {
    if (outside && this.outsideSeen) for (const p of outside) this.outsideSeen.add(p);
  }

  /** The last (tracking set, deps) pair merged: rules ask for the same model many times per analysis. */
  private merged: { into: Set<string>; deps: Set<string> }[] = [];

  private useDeps(deps: Set<string>): void {
    const into = this.tracking;
    if (!into) return;
    // An analysis keeps a reference to the shared set; only a derived value copies what it used.
    if (into === this.recordingOwn && this.recordingShared) {
      this.recordingShared.add(deps);
      return;
    }
    if (this.merged.some((m) => m.into === into && m.deps === deps)) return;
    for (const d of deps) into.add(d);
    this.merged.push({ into, deps });
    if (this.merged.length > 4) this.merged.shift();
  }

  /** Runs `fn` without recording what it reads as a dependency of the analysis in progress. */
  untracked<T>(fn: () => T): T {
    const outer = this.tracking;
    this.tracking = undefined;
    try {
      return fn();
    } finally {
      this.tracking = outer;
    }
  }

  /** Whether the workspace value `key` is computed and still valid (see {@link workspaceValue}). */
  hasWorkspaceValue(key: string): boolean {
    return this.workspaceValues.has(key);
  }

  private workspaceValues = new Map<string, WorkspaceEntry>();
  /** Analyses run so far ({@link track} calls): when each workspace value was last used. */
  private analyses = 0;

  /**
   * A value computed from the project's files (every image the compose files build; the git root
   * above a folder), shared by all analyses until a file it read changes or a
   * Dockerfile or compose file appears or disappears. An analysis that uses it depends on what it
   * read, as if it had read that itself. `key` names the value; `fn` must depend on nothing but the
   * project's files. Values no recent analysis used are dropped when there are many.
   *
   * With `keepOutside`, every analysis that uses the value is told of the paths outside the
   * boundary it asked about (see outsideSeen), as if it had asked itself: for a value of one build
   * (its .dockerignore, whose build context may be outside). Not for values of the whole workspace:
   * one service built from outside would then hold back the findings of every file.
   */
  workspaceValue<T>(key: string, fn: () => T, keepOutside = false): T {
    let entry = this.workspaceValues.get(key);
    if (!entry) {
      const { value, deps, outside } = this.derive(fn, keepOutside);
      this.workspaceValues.set(key, (entry = new WorkspaceEntry(value, deps, outside)));
    } else this.seeOutside(entry.outside);
    entry.used = this.analyses;
    this.useDeps(entry.deps);
    return entry.value as T;
  }

  /**
   * The workspace-value key of `name` (a path) in `space` (what the value is), the same string each
   * time: V8 keeps a string's hash with the string, so a key made once is hashed once, where a key
   * built for each call (`space + '\0' + name`) is flattened and hashed at every lookup. The rules
   * ask for some values thousands of times per run. Forgotten in bulk past a limit.
   */
  valueKey(space: string, name: string): string {
    let names = this.valueKeys.get(space);
    if (!names) this.valueKeys.set(space, (names = new Map()));
    let key = names.get(name);
    if (key === undefined) {
      if (names.size >= MAX_KEPT_KEYS) names.clear();
      names.set(name, (key = space + '\0' + name));
    }
    return key;
  }

  private valueKeys = new Map<string, Map<string, string>>();

  /** The keys of the workspace values kept for an object (see {@link ownedWorkspaceValue}). */
  private ownedValues = new WeakMap<object, Set<string>>();

  /**
   * A {@link workspaceValue} that belongs to `owner` (a stage): dropped as soon as a new parse of the
   * owner's file leaves it out, rather than kept until it has not been used for a while. An edit makes
   * new stages of the stages it touches; their old values would otherwise pile up, each a step in every
   * later check of what a file change makes stale.
   */
  ownedWorkspaceValue<T>(owner: object, key: string, fn: () => T): T {
    // Without dependency tracking nothing is edited, and no parse leaves a stage out.
    if (this.trackDependencies && !this.workspaceValues.has(key)) this.own(owner, key);
    return this.workspaceValue(key, fn);
  }

  /**
   * A {@link workspaceValue} that belongs to every one of `owners` (the stages of a file): dropped as
   * soon as a new parse leaves any of them out.
   */
  ownedByAllWorkspaceValue<T>(owners: readonly object[], key: string, fn: () => T): T {
    if (this.trackDependencies && !this.workspaceValues.has(key)) for (const owner of owners) this.own(owner, key);
    return this.workspaceValue(key, fn);
  }

  private own(owner: object, key: string): void {
    const keys = this.ownedValues.get(owner);
    if (keys) keys.add(key);
    else this.ownedValues.set(owner, new Set([key]));
  }

  /** Drops the values owned by the stages of `old` that `now` no longer has. */
  private dropOwnedValues(old: readonly object[], now: readonly object[]): void {
    let kept: Set<object> | undefined;
    for (const s of old) {
      const keys = this.ownedValues.get(s);
      if (!keys) continue;
      kept ??= new Set(now);
      if (kept.has(s)) continue;
      for (const k of keys) this.workspaceValues.delete(k);
      this.ownedValues.delete(s);
    }
  }

  private dropUnusedWorkspaceValues(): void {
    const recent = this.analyses - 64;
    for (const [k, e] of this.workspaceValues) if (e.used < recent) this.workspaceValues.delete(k);
  }

  /** Every image build of the workspace: compose services with `build`, and standalone Dockerfiles. */
  builds(): ImageBuild[] {
    if (this.modelOff) return [];
    if (!this.buildsCache) this.buildsCache = this.derive(() => this.computeBuilds());
    this.useDeps(this.buildsCache.deps);
    return this.buildsCache.value;
  }

  /** The builds of one Dockerfile, from {@link builds} (indexed once per value of it). Do not modify the result. */
  buildsFor(dockerfile: string): readonly ImageBuild[] {
    return this.buildsIndex.get(this.builds(), dockerfile);
  }

  private computeBuilds(): ImageBuild[] {
    const out: ImageBuild[] = [];
    const viaCompose = new Set<string>();
    const composeFiles = [...this.files].filter((f) => fileKind(f) === 'compose').sort();
    // Override files by folder: a service only looks at the overrides beside its own file.
    const overrides = new Map<string, string[]>();
    for (const cf of composeFiles) {
      if (isOverrideCompose(path.basename(cf))) overrides.set(path.dirname(cf), [...(overrides.get(path.dirname(cf)) ?? []), cf]);
    }
    for (const cf of composeFiles) {
      const model = this.compose(cf);
      if (!model) continue;
      const base = path.dirname(cf);
      for (const svc of model.services) {
        const b = serviceBuild(svc);
        if (!b) continue;
        if (/^[a-z]+:\/\//i.test(b.context) || b.context.includes('$')) continue; // remote or variable contexts
        const context = path.resolve(base, b.context.replace(/\\/g, '/'));
        const dockerfile = path.resolve(context, (b.dockerfile ?? 'Dockerfile').replace(/\\/g, '/'));
        viaCompose.add(dockerfile);
        out.push({ dockerfile, context, target: b.target, service: serviceInfo(cf, svc, overrides.get(base) ?? [], this) });
      }
    }
    for (const f of [...this.files].sort()) {
      if (fileKind(f) === 'dockerfile' && !viaCompose.has(f)) {
        out.push({ dockerfile: f, context: path.dirname(f), target: undefined, service: undefined });
      }
    }
    return out;
  }

  /** The kind of a file of the project (by name). */
  kind(p: string): FileKind | undefined {
    return fileKind(p);
  }
}

/**
 * The package name of a Go file's package clause, read without parsing: comments and spaces, then
 * `package <name>`. Undefined when the start of the file is anything else (the parser decides then).
 */
export function packageClause(text: string): string | undefined {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return undefined;
      i = nl + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
    } else break;
  }
  const m = /^package[ \t]+([\p{L}_][\p{L}\p{Nd}_]*)(?=[\s;]|\/[/*]|$)/u.exec(text.slice(i, i + 200));
  return m ? m[1] : undefined;
}

function serviceInfo(cf: string, svc: ComposeService, composeFiles: string[], project: Project): ImageBuild['service'] {
  let networkMode = serviceString(svc, 'network_mode');
  // An override file beside the base file may set network_mode for the same service.
  if (!isOverrideCompose(path.basename(cf))) {
    for (const other of composeFiles) {
      if (path.dirname(other) !== path.dirname(cf) || !isOverrideCompose(path.basename(other))) continue;
      const o = serviceNamed(project.compose(other), svc.name);
      const nm = o && serviceString(o, 'network_mode');
      if (nm !== undefined) networkMode = nm;
    }
  }
  return { composePath: cf, name: svc.name, keyStart: svc.keyStart, keyEnd: svc.keyEnd, networkMode };
}
