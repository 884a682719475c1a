/**
 * Builds `.git/index` files for tests: the entries given (sorted by path, as git keeps them), in
 * version 2, 3 (optionally with extended flags) or 4 (prefix-compressed paths), with the trailing
 * SHA-1 checksum.
 */
import { createHash } from 'node:crypto';

export interface IndexEntry {
  path: string;
  /** e.g. 0o100644, 0o100755 */
  mode: number;
  /** Version 3 and later: set the extended-flags bit (and write 16 bits of extended flags). */
  extended?: boolean;
  stage?: number;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n & 0xffff);
  return b;
}

/** git's offset varint, the inverse of varint.c's decode_varint. */
function varint(value: number): Buffer {
  const out = [value & 0x7f];
  while ((value >>= 7)) {
    value--;
    out.unshift(0x80 | (value & 0x7f));
  }
  return Buffer.from(out);
}

export function buildGitIndex(entries: IndexEntry[], version = 2): Uint8Array {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parts: Buffer[] = [Buffer.from('DIRC'), u32(version), u32(sorted.length)];
  let previous = Buffer.alloc(0);
  for (const e of sorted) {
    const name = Buffer.from(e.path, 'utf8');
    const head: Buffer[] = [Buffer.alloc(16), u32(0), u32(0), u32(e.mode), u32(1000), u32(1000), u32(0), createHash('sha1').update(e.path).digest()];
    const ext = !!e.extended && version >= 3;
    head.push(u16((ext ? 0x4000 : 0) | ((e.stage ?? 0) << 12) | Math.min(name.length, 0xfff)));
    if (ext) head.push(u16(0x2000)); // intent-to-add bit, say
    const fixedLength = head.reduce((n, b) => n + b.length, 0);
    if (version === 4) {
      let common = 0;
      while (common < previous.length && common < name.length && previous[common] === name[common]) common++;
      parts.push(...head, varint(previous.length - common), name.subarray(common), Buffer.alloc(1));
    } else {
      const size = (fixedLength + name.length + 8) & ~7;
      parts.push(...head, name, Buffer.alloc(size - fixedLength - name.length));
    }
    previous = name;
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}
