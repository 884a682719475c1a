/**
 * The file modes git records: a defensive reader of `.git/index` (the "DIRC" format, versions 2, 3
 * and 4), so a rule can tell a script git checks out as 100755 from one it checks out as 100644.
 *
 * Layout (all integers big-endian): a 12-byte header ("DIRC", version, entry count), then the
 * entries. Each entry holds ctime and mtime (16 bytes), dev, ino, mode, uid, gid and size (4 bytes
 * each), the object id (20 bytes for SHA-1, 32 for SHA-256), 16-bit flags (+16 bits of extended
 * flags in version 3 and later when bit 14 is set) and the path: NUL-terminated and padded so the
 * entry is a multiple of 8 bytes in versions 2 and 3; prefix-compressed in version 4 (a varint of
 * bytes to drop from the previous path, then the NUL-terminated rest).
 *
 * Nothing here throws: a truncated or corrupt index gives undefined.
 */
import * as path from 'node:path';
import type { Project } from '../project/project';

export const MODE_FILE = 0o100644;
export const MODE_EXECUTABLE = 0o100755;
export const MODE_SYMLINK = 0o120000;

export interface GitIndex {
  version: number;
  /** Path relative to the work tree (forward slashes) → mode, for stage-0 entries (else the first stage seen). */
  modes: Map<string, number>;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Parses an index; undefined when it is not a readable index of version 2, 3 or 4. */
export function parseGitIndex(bytes: Uint8Array): GitIndex | undefined {
  // Try SHA-1 object ids first, then SHA-256 (the index does not say which the repository uses).
  return parseWith(bytes, 20) ?? parseWith(bytes, 32);
}

function parseWith(bytes: Uint8Array, idLength: number): GitIndex | undefined {
  if (bytes.length < 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0x44 || bytes[1] !== 0x49 || bytes[2] !== 0x52 || bytes[3] !== 0x43) return undefined; // "DIRC"
  const version = view.getUint32(4);
  if (version < 2 || version > 4) return undefined;
  const count = view.getUint32(8);
  // Each entry takes at least 62 bytes: a larger count than the file can hold is corrupt.
  if (count > (bytes.length - 12) / 62) return undefined;
  const modes = new Map<string, number>();
  const stages = new Map<string, number>();
  let off = 12;
  let previous: Uint8Array = new Uint8Array(0);
  const fixed = 40 + idLength; // ctime..size (40 bytes) and the object id
  for (let n = 0; n < count; n++) {
    const start = off;
    if (off + fixed + 2 > bytes.length) return undefined;
    const mode = view.getUint32(off + 24);
    off += fixed;
    const flags = view.getUint16(off);
    off += 2;
    if (flags & 0x4000) {
      if (version < 3 || off + 2 > bytes.length) return undefined;
      off += 2;
    }
    const stage = (flags >> 12) & 3;
    const nameLength = flags & 0xfff;
    let name: Uint8Array;
    if (version === 4) {
      const v = readVarint(bytes, off);
      if (!v || v.value > previous.length) return undefined;
      off = v.next;
      const nul = bytes.indexOf(0, off);
      if (nul < 0) return undefined;
      const keep = previous.subarray(0, previous.length - v.value);
      name = new Uint8Array(keep.length + (nul - off));
      name.set(keep, 0);
      name.set(bytes.subarray(off, nul), keep.length);
      off = nul + 1;
      if (nameLength !== 0xfff && name.length !== nameLength) return undefined;
    } else {
      let end: number;
      if (nameLength === 0xfff) {
        end = bytes.indexOf(0, off);
        if (end < 0) return undefined;
      } else {
        end = off + nameLength;
        if (end >= bytes.length || bytes[end] !== 0) return undefined;
      }
      name = bytes.subarray(off, end);
      // The entry (from its start) is padded with 1 to 8 NULs to a multiple of 8 bytes.
      const size = (end - start + 8) & ~7;
      off = start + size;
      if (off > bytes.length) return undefined;
    }
    if (!validMode(mode)) return undefined;
    previous = name;
    const p = decoder.decode(name);
    if (!p || p.startsWith('/') || p.includes('\0')) return undefined;
    const seen = stages.get(p);
    if (seen === undefined || (seen !== 0 && stage === 0)) {
      modes.set(p, mode);
      stages.set(p, stage);
    }
  }
  return { version, modes };
}

function validMode(mode: number): boolean {
  const type = mode >>> 12;
  // regular file, symlink, gitlink (submodule), and the directory entries of a sparse index
  return type === 0o10 || type === 0o12 || type === 0o16 || type === 0o04;
}

/** git's offset varint (varint.c): 7 bits a byte, most significant first, +1 per continuation. */
function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } | undefined {
  let i = at;
  if (i >= bytes.length) return undefined;
  let c = bytes[i++];
  let value = c & 0x7f;
  while (c & 0x80) {
    if (i >= bytes.length || value > 0xffffff) return undefined;
    c = bytes[i++];
    value = ((value + 1) << 7) | (c & 0x7f);
  }
  return { value, next: i };
}

const parsedCache = new Map<string, GitIndex | undefined>();

/** The index file of a work tree: `.git/index`, or the index of the gitdir a `.git` file points at. */
function indexPathOf(project: Project, root: string): string | undefined {
  const dotGit = path.join(root, '.git');
  const kind = project.exists(dotGit);
  if (kind === 'dir') return path.join(dotGit, 'index');
  if (kind !== 'file') return undefined;
  const m = /^gitdir:\s*(.+?)\s*$/m.exec(project.text(dotGit) ?? '');
  return m ? path.join(path.resolve(root, m[1]), 'index') : undefined;
}

/** The index of the work tree at `root`, read through the project (so it is a dependency). */
export function gitIndexOf(project: Project, root: string): GitIndex | undefined {
  const file = indexPathOf(project, root);
  if (!file) return undefined;
  const bytes = project.bytes(file);
  if (!bytes || bytes.length < 12) return undefined;
  // The index ends with a checksum of everything before it: with the length, a good cache key.
  const tail = bytes.subarray(Math.max(12, bytes.length - 20));
  const key = `${file}\0${bytes.length}\0${Buffer.from(tail).toString('hex')}`;
  if (parsedCache.has(key)) return parsedCache.get(key);
  const parsed = parseGitIndex(bytes);
  if (parsedCache.size > 32) parsedCache.clear();
  parsedCache.set(key, parsed);
  return parsed;
}

/** The mode git records for a file of the work tree at `root`; undefined when untracked or unknown. */
export function gitModeOf(project: Project, root: string, file: string): number | undefined {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (!rel || rel.startsWith('..')) return undefined;
  return gitIndexOf(project, root)?.modes.get(rel);
}

/** Whether git tracks `file` (or, for a folder, something below it); undefined when the index cannot be read. */
export function gitTracks(project: Project, root: string, file: string): boolean | undefined {
  const rel = path.relative(root, file).split(path.sep).join('/');
  if (!rel || rel.startsWith('..')) return undefined;
  const index = gitIndexOf(project, root);
  if (!index) return undefined;
  if (index.modes.has(rel)) return true;
  for (const k of index.modes.keys()) if (k.startsWith(rel + '/')) return true;
  return false;
}
