/**
 * Reading files for analysis from the disk: opened without blocking and checked after they are
 * open, so that a path swapped for a FIFO or a device between a stat and the read cannot stop a
 * check; a file that cannot be read says why (it is then skipped with that reason, never taken as
 * missing).
 */
import * as fs from 'node:fs';
import { decodeText } from '../core/text';
import type { ReadResult } from './project';

/** Why a path that is there could not be read, from the error. */
export function unreadable(e: unknown, folder: boolean): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const what = folder ? 'the folder' : 'the file';
  if (code === 'EACCES' || code === 'EPERM') return `${what} could not be read (permission denied)`;
  if (code === 'ENAMETOOLONG') return 'its path is longer than the system allows';
  return `${what} could not be read`;
}

/** Flags to open a file for reading without waiting on it (a FIFO with no writer, a device). */
const OPEN_NOW = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);

/**
 * Opens `p` without blocking and reads it only when what was opened is a regular file within
 * `maxBytes`: a path swapped for a FIFO or a device between a stat and the read cannot stop the
 * check. Undefined when there is nothing (or a folder) at `p`.
 */
export function openRegular<T>(p: string, maxBytes: number, read: (fd: number, size: number) => T): T | { skipped: string } | undefined {
  // Most paths asked about do not exist: stat first, without an exception for them.
  const pre = fs.statSync(p, { throwIfNoEntry: false });
  if (!pre || pre.isDirectory()) return undefined;
  let fd: number;
  try {
    fd = fs.openSync(p, OPEN_NOW);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : { skipped: unreadable(e, false) };
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return undefined;
    if (!st.isFile()) return { skipped: 'it is not a regular file' };
    if (st.size > maxBytes) return { skipped: `the file is larger than ${maxBytes / 1024 / 1024} MB` };
    return read(fd, st.size);
  } catch (e) {
    return { skipped: unreadable(e, false) };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the whole of an open regular file (it may have grown since its size was taken). */
export function readAll(fd: number, size: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(Math.max(size - total, 0) + 1);
    const n = fs.readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    total += n;
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/** A file's text for analysis: see {@link openRegular}; binary, UTF-16, invalid UTF-8 and large files are skipped with a reason. */
export function readFileSafely(p: string, maxBytes: number): ReadResult {
  try {
    const r = openRegular(p, maxBytes, (fd, size) => {
      const bytes = readAll(fd, size);
      if (bytes.length > maxBytes) return { skipped: `the file is larger than ${maxBytes / 1024 / 1024} MB` };
      const d = decodeText(bytes);
      return 'skipped' in d ? d : { text: d.text };
    });
    return r;
  } catch {
    return undefined;
  }
}

