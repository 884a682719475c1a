/**
 * Compose value syntaxes with offsets: port mappings (short and long), bind mounts (short and
 * long), memory sizes and CPU counts. Offsets are into the file that wrote the value.
 */
import type { MNode, MScalar } from './composeView';
import { child, scalarOf, splitVolumeSpec } from './composeView';

// ---- ports ---------------------------------------------------------------------------------------

export interface PortMapping {
  /** The node the mapping is written in. */
  node: MNode;
  path: string;
  hostIp: string | undefined;
  /** Published (host) port, when a single number. */
  published: number | undefined;
  /** Container port, when a single number. */
  target: number | undefined;
  protocol: string;
  /** File offsets of the container port's digits (short syntax, exact scalars; long syntax: the target value). */
  targetStart: number | undefined;
  targetEnd: number | undefined;
  publishedStart: number | undefined;
  publishedEnd: number | undefined;
  raw: string;
}

function num(s: string | undefined): number | undefined {
  return s !== undefined && /^\d{1,5}$/.test(s) ? Number(s) : undefined;
}

/** Parses `[[IP:]HOST:]CONTAINER[/PROTO]` (HOST and CONTAINER may be ranges). */
export function parsePortShort(value: string): { hostIp?: string; published?: string; target: string; protocol: string; targetAt: number; publishedAt: number } | undefined {
  let v = value;
  let protocol = 'tcp';
  const slash = v.lastIndexOf('/');
  if (slash >= 0) {
    protocol = v.slice(slash + 1).toLowerCase();
    v = v.slice(0, slash);
  }
  let hostIp: string | undefined;
  let rest = v;
  let offset = 0;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0 || rest[close + 1] !== ':') return undefined;
    hostIp = rest.slice(1, close);
    offset = close + 2;
    rest = rest.slice(close + 2);
  }
  const parts = rest.split(':');
  if (parts.length > 3 || parts.slice(1).some((p) => p === '')) return undefined;
  if (parts.length === 3) {
    if (hostIp !== undefined) return undefined;
    hostIp = parts[0];
    offset += parts[0].length + 1;
    parts.shift();
  }
  if (parts.length === 2) {
    return { hostIp, published: parts[0] || undefined, target: parts[1], protocol, targetAt: offset + parts[0].length + 1, publishedAt: offset };
  }
  return { hostIp, target: parts[0], protocol, targetAt: offset, publishedAt: -1 };
}

export function portMappings(ports: MNode | undefined): PortMapping[] {
  if (ports?.kind !== 'seq') return [];
  const out: PortMapping[] = [];
  for (const it of ports.items) {
    if (it.kind === 'scalar' && it.value !== undefined) {
      const p = parsePortShort(it.value);
      if (!p) continue;
      const target = num(p.target);
      const published = num(p.published);
      out.push({
        node: it,
        path: it.path,
        hostIp: p.hostIp,
        published,
        target,
        protocol: p.protocol,
        targetStart: it.exact ? it.start + p.targetAt : undefined,
        targetEnd: it.exact ? it.start + p.targetAt + p.target.length : undefined,
        publishedStart: it.exact && p.published !== undefined ? it.start + p.publishedAt : undefined,
        publishedEnd: it.exact && p.published !== undefined ? it.start + p.publishedAt + p.published.length : undefined,
        raw: it.value,
      });
    } else if (it.kind === 'map') {
      const t = scalarOf(child(it, 'target'));
      const pub = scalarOf(child(it, 'published'));
      out.push({
        node: it,
        path: it.path,
        hostIp: scalarOf(child(it, 'host_ip'))?.value,
        published: num(pub?.value),
        target: num(t?.value),
        protocol: (scalarOf(child(it, 'protocol'))?.value ?? 'tcp').toLowerCase(),
        targetStart: t?.exact ? t.start : undefined,
        targetEnd: t?.exact ? t.end : undefined,
        publishedStart: pub?.exact ? pub.start : undefined,
        publishedEnd: pub?.exact ? pub.end : undefined,
        raw: `${pub?.value ?? ''}:${t?.value ?? ''}`,
      });
    }
  }
  return out;
}

/** Ports of `expose:` entries. */
export function exposePorts(expose: MNode | undefined): { port: number; node: MScalar }[] {
  if (expose?.kind !== 'seq') return [];
  const out: { port: number; node: MScalar }[] = [];
  for (const it of expose.items) {
    const s = scalarOf(it);
    const m = s?.value !== undefined ? /^(\d{1,5})(\/\w+)?$/.exec(s.value) : null;
    if (s && m) out.push({ port: Number(m[1]), node: s });
  }
  return out;
}

// ---- volumes -------------------------------------------------------------------------------------

export interface BindMount {
  node: MNode;
  path: string;
  /** 'short' `SRC:DST[:MODE]` or 'long' `{type: bind, source, target}`. */
  syntax: 'short' | 'long';
  source: string;
  target: string | undefined;
  readOnly: boolean;
  /** File offsets of the source and target text (when exact). */
  sourceStart: number | undefined;
  sourceEnd: number | undefined;
  targetStart: number | undefined;
  targetEnd: number | undefined;
  /** The scalar that holds the source. */
  sourceNode: MScalar;
}

/** Whether a short-syntax source is a host path (else it names a volume). */
export function isHostPath(src: string): boolean {
  return /^(\.{1,2}([\\/]|$)|\/|~|[A-Za-z]:[\\/]|\\\\|\$)/.test(src);
}

/** Bind mounts of a service's volumes (short syntax with a host path, or long syntax with type bind). */
export function bindMounts(volumes: MNode | undefined): BindMount[] {
  if (volumes?.kind !== 'seq') return [];
  const out: BindMount[] = [];
  for (const it of volumes.items) {
    if (it.kind === 'scalar' && it.value !== undefined) {
      const v = splitVolumeSpec(it.value);
      if (!v || v.source === undefined || !isHostPath(v.source)) continue;
      out.push({
        node: it,
        path: it.path,
        syntax: 'short',
        source: v.source,
        target: v.target,
        readOnly: /(^|,)ro(,|$)/.test(v.mode ?? ''),
        sourceStart: it.exact ? it.start + v.sourceAt : undefined,
        sourceEnd: it.exact ? it.start + v.sourceAt + v.source.length : undefined,
        targetStart: it.exact ? it.start + v.targetAt : undefined,
        targetEnd: it.exact ? it.start + v.targetAt + v.target.length : undefined,
        sourceNode: it,
      });
    } else if (it.kind === 'map') {
      const type = scalarOf(child(it, 'type'))?.value;
      const src = scalarOf(child(it, 'source'));
      const tgt = scalarOf(child(it, 'target'));
      if (type !== 'bind' || !src?.value) continue;
      out.push({
        node: it,
        path: it.path,
        syntax: 'long',
        source: src.value,
        target: tgt?.value,
        readOnly: scalarOf(child(it, 'read_only'))?.value === 'true',
        sourceStart: src.exact ? src.start : undefined,
        sourceEnd: src.exact ? src.end : undefined,
        targetStart: tgt?.exact ? tgt.start : undefined,
        targetEnd: tgt?.exact ? tgt.end : undefined,
        sourceNode: src,
      });
    }
  }
  return out;
}

// ---- sizes and counts ----------------------------------------------------------------------------

/** A Docker memory size ("512m", "1g", "1.5GB", "268435456") in bytes; binary multiples, as Docker reads them. */
export function memoryBytes(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp])?i?b?\s*$/i.exec(v);
  if (!m) return undefined;
  const mult: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };
  const bytes = Number(m[1]) * (m[2] ? mult[m[2].toLowerCase()] : 1);
  return Number.isFinite(bytes) && bytes > 0 ? Math.floor(bytes) : undefined;
}

/** GOMEMLIMIT for a container memory limit: about 90 %, in GiB when that is whole, else in MiB. */
export function gomemlimitFor(limitBytes: number): string | undefined {
  const target = limitBytes * 0.9;
  const gib = target / 2 ** 30;
  if (gib >= 1 && Number.isInteger(gib)) return `${gib}GiB`;
  const mib = Math.floor(target / 2 ** 20);
  return mib >= 1 ? `${mib}MiB` : undefined;
}

/** Human form of a byte count for messages ("512 MiB", "1.5 GiB"). */
export function humanBytes(b: number): string {
  if (b >= 2 ** 30) return `${+(b / 2 ** 30).toFixed(2)} GiB`;
  if (b >= 2 ** 20) return `${+(b / 2 ** 20).toFixed(1)} MiB`;
  return `${b} bytes`;
}

export function cpuCount(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v.trim());
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
