/**
 * Resolution of the symbolic values of go.ts: names are looked up in their function, then among the
 * package-level declarations of every file given (the files of one package), and turned into
 * "pieces" of text — each known piece remembers the literal it came from, so a fix can edit exactly
 * the literal that holds a host or a port. Environment variables and flags contribute their
 * defaults and are remembered by name.
 *
 * Everything here works on plain data; recursion is bounded (MAX_DEPTH) and guarded against cycles.
 */
import type {
  AddrInfo, AddrSource, Binding, DialFact, DialKind, EnvHelper, GoFacts, GoValue, ListenFact, ListenSite, LitRef,
  LogFileFact, StringLit, TimeZoneFact, TlsFact, WindowsPathFact, FileUseFact,
} from './go';

const MAX_DEPTH = 16;

/** A value to be read in a given file (merging can combine values of several files). */
type RV = GoValue | { k: 'at'; file: number; v: RV };

interface Norm {
  v: RV;
  file: number;
  /** The value came from a package constant. */
  isConst: boolean;
  /** The value came through a name. */
  viaRef: boolean;
}

/** A stretch of the resolved text. `text` undefined means unknown at analysis time. */
export interface Piece {
  text: string | undefined;
  lit?: StringLit;
  path?: string;
  /** Index into lit.value where this piece's text starts. */
  from?: number;
  env?: string[];
  flags?: string[];
  expr?: string;
}

export interface PackageFile {
  path: string | undefined;
  facts: GoFacts;
}

export interface ResolvedPackage {
  listens: ListenFact[];
  dials: DialFact[];
  tls: TlsFact[];
  timeZones: TimeZoneFact[];
  logFiles: LogFileFact[];
  windowsPaths: WindowsPathFact[];
  /** Files and folders the package reads, writes or serves by path. */
  fileUses: FileUseFact[];
  /** Listen sites whose whole address is one literal, without env or flag defaults (GoFacts.listens). */
  legacyListens: ListenSite[];
}

/** Imports of SDKs that always talk HTTPS to public endpoints. Conservative: service clients only. */
const TLS_SDK_PREFIXES = [
  'cloud.google.com/go/',
  'google.golang.org/api/',
  'firebase.google.com/go',
  'github.com/aws/aws-sdk-go/service/',
  'github.com/aws/aws-sdk-go-v2/service/',
  'github.com/Azure/azure-sdk-for-go/sdk/',
  'github.com/stripe/stripe-go',
  'github.com/slack-go/slack',
  'github.com/sashabaranov/go-openai',
  'github.com/openai/openai-go',
  'github.com/go-telegram-bot-api/telegram-bot-api',
  'github.com/bwmarrin/discordgo',
  'github.com/sendgrid/sendgrid-go',
  'github.com/twilio/twilio-go',
  'github.com/google/go-github/',
];
/** Packages under those prefixes that make no TLS calls (types, metadata server over plain HTTP). */
const TLS_SDK_EXCLUDED = [
  'cloud.google.com/go/civil',
  'cloud.google.com/go/compute/metadata',
  'cloud.google.com/go/functions/metadata',
  'google.golang.org/api/option',
  'google.golang.org/api/iterator',
  'google.golang.org/api/googleapi',
];

export function tlsSdk(importPath: string): boolean {
  if (TLS_SDK_EXCLUDED.some((e) => importPath === e || importPath.startsWith(e + '/'))) return false;
  return TLS_SDK_PREFIXES.some((p) => importPath.startsWith(p));
}

/** Default ports of the services a dial kind talks to. */
export const DEFAULT_PORTS: Record<DialKind, number | undefined> = {
  postgres: 5432,
  mysql: 3306,
  sql: undefined,
  redis: 6379,
  mongo: 27017,
  amqp: 5672,
  nats: 4222,
  kafka: 9092,
  grpc: undefined,
};

class Resolver {
  private pkg = new Map<string, { file: number; b: Binding }[]>();
  private local: Map<string, Binding[]>[] = [];
  private helpers = new Map<string, EnvHelper>();
  private visiting = new Set<string>();

  constructor(readonly files: PackageFile[]) {
    files.forEach((f, i) => {
      const m = new Map<string, Binding[]>();
      for (const b of f.facts.symbols.bindings) {
        if (b.scope === 0) {
          const list = this.pkg.get(b.name) ?? [];
          list.push({ file: i, b });
          this.pkg.set(b.name, list);
        } else {
          const key = b.scope + '\0' + b.name;
          const list = m.get(key) ?? [];
          list.push(b);
          m.set(key, list);
        }
      }
      this.local.push(m);
      for (const h of f.facts.symbols.envHelpers) if (!this.helpers.has(h.name)) this.helpers.set(h.name, h);
    });
  }

  path(file: number): string | undefined {
    return this.files[file].path;
  }

  private lookup(name: string, scope: number, file: number): { v: RV; file: number; isConst: boolean }[] {
    const parents = this.files[file].facts.symbols.scopeParents;
    for (let s = scope; s > 0; s = parents[s] ?? 0) {
      const bs = this.local[file].get(s + '\0' + name);
      if (bs?.length) return bs.map((b) => ({ v: b.value, file, isConst: b.isConst }));
    }
    return (this.pkg.get(name) ?? []).map((x) => ({ v: x.b.value, file: x.file, isConst: x.b.isConst }));
  }

  /** Follows names to the value they hold (merging the `if x == "" { x = "default" }` pattern). */
  norm(v: RV, file: number, depth = 0): Norm {
    if (depth > MAX_DEPTH) return { v: { k: 'unknown', text: '...' }, file, isConst: false, viaRef: false };
    if (v.k === 'at') return this.norm(v.v, v.file, depth + 1);
    if (v.k !== 'ref') return { v, file, isConst: false, viaRef: false };
    const key = `${file}:${v.scope}:${v.name}`;
    if (this.visiting.has(key)) return { v: { k: 'unknown', text: v.name }, file, isConst: false, viaRef: true };
    this.visiting.add(key);
    try {
      const alts = this.lookup(v.name, v.scope, file);
      if (!alts.length) return { v: { k: 'unknown', text: v.name }, file, isConst: false, viaRef: true };
      const normed = alts.map((a) => {
        // A flag whose default is the variable itself (flag.StringVar(&x, "x", x, ...)) keeps the raw default.
        if (a.v.k === 'flag' && a.v.def.k === 'ref' && a.v.def.name === v.name) return { v: a.v as RV, file: a.file, isConst: a.isConst, viaRef: true };
        const n = this.norm(a.v, a.file, depth + 1);
        return { ...n, isConst: n.isConst || (a.isConst && !n.viaRef), viaRef: true };
      });
      const merged = merge(normed, v.name);
      return { ...merged, viaRef: true };
    } finally {
      this.visiting.delete(key);
    }
  }

  flatten(v: RV, file: number, depth = 0, env: string[] = [], flags: string[] = []): Piece[] {
    const tag = (p: Piece): Piece => (env.length || flags.length ? { ...p, env: [...(p.env ?? []), ...env], flags: [...(p.flags ?? []), ...flags] } : p);
    const unknown = (expr: string): Piece[] => [tag({ text: undefined, expr })];
    if (depth > MAX_DEPTH) return unknown('...');
    switch (v.k) {
      case 'at':
        return this.flatten(v.v, v.file, depth + 1, env, flags);
      case 'str':
        return [tag({ text: v.lit.value, lit: v.lit, path: this.path(file), from: 0 })];
      case 'int':
        return [tag({ text: String(v.value) })];
      case 'text':
        return [tag({ text: v.text })];
      case 'cat':
        return v.parts.flatMap((p) => this.flatten(p, file, depth + 1, env, flags));
      case 'fmt':
        return this.flattenFmt(v.format, v.args, file, depth, env, flags);
      case 'env':
        if (v.def) return this.flatten(v.def, file, depth + 1, [...env, v.name], flags);
        return [tag({ text: undefined, expr: '$' + v.name, env: [v.name] })];
      case 'flag':
        return this.flatten(v.def, file, depth + 1, env, [...flags, v.name]);
      case 'or': {
        const first = this.norm(v.alts[0], file, depth + 1);
        if (first.v.k === 'env' && !first.v.def && v.alts[1]) {
          return this.flatten({ k: 'env', name: first.v.name, def: { k: 'at', file, v: v.alts[1] } as unknown as GoValue }, first.file, depth + 1, env, flags);
        }
        if (first.v.k === 'str' && first.v.lit.value) return this.flatten(first.v, first.file, depth + 1, env, flags);
        return unknown('cmp.Or(...)');
      }
      case 'ref': {
        const n = this.norm(v, file, depth + 1);
        if (n.v.k === 'unknown') return unknown(v.name);
        return this.flatten(n.v, n.file, depth + 1, env, flags);
      }
      case 'call': {
        const h = this.helpers.get(v.fn);
        const key = h && v.args[h.keyParam];
        if (h && key?.k === 'str') {
          const def = v.args[h.defaultParam];
          return this.flatten({ k: 'env', name: key.lit.value, def }, file, depth + 1, env, flags);
        }
        return unknown(v.text);
      }
      case 'unknown':
        return unknown(v.text || '...');
      default:
        return unknown('...');
    }
  }

  private flattenFmt(format: GoValue, args: GoValue[], file: number, depth: number, env: string[], flags: string[]): Piece[] {
    const fp = this.flatten(format, file, depth + 1, env, flags);
    if (fp.some((p) => p.text === undefined)) return [{ text: undefined, expr: 'fmt.Sprintf(...)' }];
    const f = fp.map((p) => p.text).join('');
    const out: Piece[] = [];
    let argi = 0;
    let segStart = 0;
    for (let i = 0; i < f.length; i++) {
      if (f[i] !== '%') continue;
      if (i > segStart) out.push(...slicePieces(fp, segStart, i));
      if (f[i + 1] === '%') {
        out.push({ text: '%' });
        i++;
        segStart = i + 1;
        continue;
      }
      const m = /^%[-+# 0]*\d*(?:\.\d*)?([a-zA-Z])/.exec(f.slice(i));
      if (!m || f[i + 1] === '[') return [{ text: undefined, expr: 'fmt.Sprintf(...)' }];
      const a = args[argi++];
      out.push(...(a ? this.flatten(a, file, depth + 1, env, flags) : [{ text: undefined, expr: '%!' + m[1] }]));
      i += m[0].length - 1;
      segStart = i + 1;
    }
    if (segStart < f.length) out.push(...slicePieces(fp, segStart, f.length));
    return out;
  }

  /** How the address is written, for messages and metadata. */
  source(v: RV, file: number): AddrSource {
    if (v.k === 'at') return this.source(v.v, v.file);
    if (v.k === 'ref') {
      const n = this.norm(v, file);
      if (n.v.k === 'str' || n.v.k === 'int') return n.isConst ? 'constant' : 'variable';
      if (n.v.k === 'unknown') return 'unknown';
      return this.source(n.v, n.file);
    }
    switch (v.k) {
      case 'str':
      case 'int':
        return 'literal';
      case 'cat':
        return 'concat';
      case 'fmt':
        return 'sprintf';
      case 'env':
      case 'or':
        return 'env';
      case 'call':
        return this.helpers.has(v.fn) ? 'env' : 'unknown';
      case 'flag':
        return 'flag';
      case 'text':
        return 'default';
      default:
        return 'unknown';
    }
  }
}

function merge(list: Norm[], name: string): Norm {
  if (list.length === 1) return list[0];
  const first = list[0];
  if (list.every((x) => x.v.k === 'str' && first.v.k === 'str' && x.v.lit.value === first.v.lit.value)) return first;
  const flags = list.filter((x) => x.v.k === 'flag');
  if (flags.length === 1) {
    const f = flags[0];
    const others = list.filter((x) => x !== f);
    if (f.v.k === 'flag' && f.v.def.k === 'ref' && f.v.def.name === name) {
      if (others.length !== 1) return { v: { k: 'unknown', text: name }, file: f.file, isConst: false, viaRef: true };
      const def = { k: 'at', file: others[0].file, v: others[0].v } as unknown as GoValue;
      return { v: { k: 'flag', name: f.v.name, def }, file: f.file, isConst: false, viaRef: true };
    }
    return f;
  }
  const envs = list.filter((x) => x.v.k === 'env' && !x.v.def);
  const others = list.filter((x) => !(x.v.k === 'env' && !x.v.def));
  if (envs.length === 1 && others.length >= 1) {
    const lits = others.filter((o) => o.v.k === 'str' || o.v.k === 'int' || o.v.k === 'text');
    // `x := os.Getenv("X"); if x == "" { x = "default" }`: every other assignment gives the same default.
    const same = lits.length === others.length && lits.every((o) => valueText(o.v) === valueText(lits[0].v));
    if (same && envs[0].v.k === 'env') {
      const def = { k: 'at', file: others[0].file, v: others[0].v } as unknown as GoValue;
      return { v: { k: 'env', name: envs[0].v.name, def }, file: envs[0].file, isConst: false, viaRef: true };
    }
  }
  return { v: { k: 'unknown', text: name }, file: first.file, isConst: false, viaRef: true };
}

function valueText(v: RV): string | undefined {
  if (v.k === 'str') return v.lit.value;
  if (v.k === 'int') return String(v.value);
  if (v.k === 'text') return v.text;
  return undefined;
}

/** The pieces covering text positions [a, b) of the concatenation. */
function slicePieces(pieces: Piece[], a: number, b: number): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const p of pieces) {
    const len = p.text === undefined ? 1 : p.text.length;
    const s = Math.max(a, at);
    const e = Math.min(b, at + len);
    if (s < e) {
      if (p.text === undefined) out.push(p);
      else out.push({ ...p, text: p.text.slice(s - at, e - at), from: p.from !== undefined ? p.from + (s - at) : undefined });
    }
    at += len;
  }
  return out;
}

/** The joined text, with U+0000 standing for each unknown piece. */
export function joinPieces(pieces: Piece[]): string {
  return pieces.map((p) => (p.text === undefined ? '\0' : p.text)).join('');
}

export function displayPieces(pieces: Piece[]): string {
  return pieces.map((p) => (p.text === undefined ? `{${p.expr ?? '...'}}` : p.text)).join('');
}

/** The literal that holds text positions [a, b) entirely, if one does. */
export function litAt(pieces: Piece[], a: number, b: number): LitRef | undefined {
  let at = 0;
  for (const p of pieces) {
    const len = p.text === undefined ? 1 : p.text.length;
    if (a >= at && b <= at + len && p.text !== undefined && p.lit && p.from !== undefined) {
      // An empty range at a piece boundary belongs to the piece that starts there.
      if (a === b && a === at + len && len > 0) {
        at += len;
        continue;
      }
      return { lit: p.lit, path: p.path, from: p.from + (a - at), to: p.from + (b - at), env: p.env ?? [], flags: p.flags ?? [] };
    }
    at += len;
  }
  return undefined;
}

function tagsOf(pieces: Piece[]): { env: string[]; flags: string[] } {
  const env = new Set<string>();
  const flags = new Set<string>();
  for (const p of pieces) {
    for (const e of p.env ?? []) env.add(e);
    for (const f of p.flags ?? []) flags.add(f);
  }
  return { env: [...env], flags: [...flags] };
}

/** Host and port of a listen address "host:port", "[v6]:port", ":port". */
export function addrFromPieces(pieces: Piece[], source: AddrSource): AddrInfo {
  const full = joinPieces(pieces);
  const { env, flags } = tagsOf(pieces);
  let sep = -1;
  if (full.startsWith('[')) {
    const rb = full.indexOf(']');
    if (rb > 0 && full[rb + 1] === ':') sep = rb + 1;
  } else sep = full.lastIndexOf(':');
  let host: string | undefined;
  let port: number | undefined;
  let hostLit: LitRef | undefined;
  let portLit: LitRef | undefined;
  if (sep >= 0) {
    const h = full.slice(0, sep);
    if (!h.includes('\0')) {
      host = h.replace(/^\[(.*)\]$/, '$1');
      hostLit = litAt(pieces, 0, sep);
    }
    const p = full.slice(sep + 1);
    if (/^\d{1,5}$/.test(p)) {
      port = Number(p);
      portLit = litAt(pieces, sep + 1, full.length);
    }
  }
  return { text: displayPieces(pieces), host, port, env, flags, hostLit, portLit, source };
}

/** Host and port of a dial target: URL, MySQL DSN, key=value DSN, or host:port. */
export function dialFromPieces(pieces: Piece[], kind: DialKind, source: AddrSource): { info: AddrInfo; scheme: string | undefined; tls: boolean } {
  const full = joinPieces(pieces);
  const { env, flags } = tagsOf(pieces);
  const text = displayPieces(pieces);
  let hostRange: [number, number] | undefined;
  let portRange: [number, number] | undefined;
  let port: number | undefined;
  let scheme: string | undefined;
  const url = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#,]*)(?::(\d+))?/i.exec(full);
  const mysql = /@(?:tcp6?)\((\[[^\]]*\]|[^:)]*)(?::(\d+))?\)/.exec(full);
  const kv = /(?:^|\s)host=([^\s]*)/.exec(full);
  if (url) {
    scheme = url[1].toLowerCase();
    const hs = url.index + url[0].length - (url[3] !== undefined ? url[3].length + 1 : 0) - url[2].length;
    hostRange = [hs, hs + url[2].length];
    if (url[3]) {
      port = Number(url[3]);
      portRange = [hs + url[2].length + 1, hs + url[2].length + 1 + url[3].length];
    }
  } else if (mysql) {
    const hs = mysql.index + mysql[0].indexOf('(') + 1;
    hostRange = [hs, hs + mysql[1].length];
    if (mysql[2]) {
      port = Number(mysql[2]);
      portRange = [hs + mysql[1].length + 1, hs + mysql[1].length + 1 + mysql[2].length];
    }
  } else if (kv) {
    const hs = kv.index + kv[0].indexOf('host=') + 5;
    hostRange = [hs, hs + kv[1].length];
    const pm = /(?:^|\s)port=(\d+)/.exec(full);
    if (pm) port = Number(pm[1]);
  } else if (!/[=@/]/.test(full.replace(/^[a-z]+:\/\/\//i, ''))) {
    const off = /^[a-z]+:\/\/\//i.exec(full)?.[0].length ?? 0;
    const rest = full.slice(off);
    let sep = -1;
    if (rest.startsWith('[')) {
      const rb = rest.indexOf(']');
      if (rb > 0 && rest[rb + 1] === ':') sep = rb + 1;
    } else sep = rest.lastIndexOf(':');
    hostRange = [off, off + (sep >= 0 ? sep : rest.length)];
    if (sep >= 0 && /^\d{1,5}$/.test(rest.slice(sep + 1))) {
      port = Number(rest.slice(sep + 1));
      portRange = [off + sep + 1, full.length];
    }
  }
  let host: string | undefined;
  let hostLit: LitRef | undefined;
  if (hostRange) {
    const h = full.slice(hostRange[0], hostRange[1]);
    if (!h.includes('\0')) {
      host = h.replace(/^\[(.*)\]$/, '$1');
      hostLit = h ? litAt(pieces, hostRange[0], hostRange[1]) : undefined;
    }
  }
  if (port === undefined && host !== undefined) port = DEFAULT_PORTS[kind];
  const query = full.toLowerCase();
  const tls =
    scheme === 'rediss' || scheme === 'amqps' || scheme === 'mongodb+srv' || scheme === 'tls' ||
    /[?&\s]sslmode=verify-(full|ca)\b/.test(query) || /^sslmode=verify-(full|ca)\b/.test(query) ||
    (kind === 'mysql' && /[?&]tls=true\b/.test(query)) ||
    (kind === 'mongo' && /[?&](tls|ssl)=true\b/.test(query));
  const portLit = portRange ? litAt(pieces, portRange[0], portRange[1]) : undefined;
  return { info: { text, host, port, env, flags, hostLit, portLit, source }, scheme, tls };
}

const WINDOWS_PATH = /^(?:[A-Za-z]:[\\/](?![\\/])|\\\\[^\\]+\\)/;

export function resolvePackage(files: PackageFile[]): ResolvedPackage {
  const r = new Resolver(files);
  const out: ResolvedPackage = { listens: [], dials: [], tls: [], timeZones: [], logFiles: [], windowsPaths: [], fileUses: [], legacyListens: [] };
  files.forEach((f, file) => {
    const sym = f.facts.symbols;
    const path = f.path;
    const byStart = <T extends { start: number }>(xs: T[]): T[] => [...xs].sort((a, b) => a.start - b.start);
    for (const l of byStart(sym.listens)) {
      const pieces = r.flatten(l.addr, file);
      const source = l.argStart === undefined ? 'default' : r.source(l.addr, file);
      const info = addrFromPieces(pieces, source);
      out.listens.push({ ...info, api: l.api, calleeEnd: l.calleeEnd, async: l.async, framework: l.framework, path, start: l.start, end: l.end });
      if (pieces.length === 1 && pieces[0].lit && !pieces[0].env && !pieces[0].flags && pieces[0].path === path && pieces[0].text === pieces[0].lit.value) {
        out.legacyListens.push({ api: l.api, start: l.start, end: l.end, literal: pieces[0].lit });
      }
    }
    for (const d of byStart(sym.dials)) {
      const pieces = r.flatten(d.target, file);
      const { info, scheme, tls } = dialFromPieces(pieces, d.kind, r.source(d.target, file));
      out.dials.push({ ...info, api: d.api, kind: d.kind, path, start: d.start, end: d.end, scheme, tls });
      if (tls) out.tls.push({ kind: 'database', api: d.api, path, start: d.start, end: d.end, detail: scheme ? `${scheme}://` : info.text });
    }
    for (const t of sym.timeZones) {
      const pieces = r.flatten(t.name, file);
      const full = joinPieces(pieces);
      const known = !full.includes('\0');
      const zone = known ? full : undefined;
      const { env } = tagsOf(pieces);
      out.timeZones.push({ path, start: t.start, end: t.end, calleeEnd: t.calleeEnd, zone, env, needsZoneinfo: zone === undefined || !['', 'UTC', 'Local'].includes(zone) });
    }
    for (const t of byStart(sym.tls)) {
      if (t.kind !== 'url') {
        out.tls.push({ kind: t.kind, api: t.api, path, start: t.start, end: t.end, detail: t.api });
        continue;
      }
      const pieces = t.url ? r.flatten(t.url, file) : [];
      const full = joinPieces(pieces);
      const m = /^(https|wss):\/\/[^\0/]*/i.exec(full);
      if (m) out.tls.push({ kind: 'https', api: t.api, path, start: t.start, end: t.end, detail: m[0] });
    }
    for (const imp of f.facts.imports) {
      if (tlsSdk(imp.path)) out.tls.push({ kind: 'sdk', api: 'import', path, start: imp.start, end: imp.end, detail: imp.path });
    }
    for (const l of byStart(sym.logs)) {
      const target = r.norm(l.target, file);
      const parts = target.v.k === 'multi' ? target.v.parts.map((p) => r.norm(p, target.file)) : [target];
      if (parts.some((p) => p.v.k === 'stdio' || p.v.k === 'unknown' || p.v.k === 'ref')) continue;
      for (const p of parts) {
        if (p.v.k !== 'file') continue;
        const pieces = r.flatten(p.v.path, p.file);
        const full = joinPieces(pieces);
        if (full.includes('\0') || !full || /^\/dev\/(stdout|stderr)$/.test(full) || /^(stdout|stderr)$/.test(full)) continue;
        if (p.v.via.startsWith('os.') && !/\.log$|(^|[\\/])logs?([\\/]|$)/i.test(full)) continue;
        const { env, flags } = tagsOf(pieces);
        out.logFiles.push({ sink: l.sink, path, start: l.start, end: l.end, file: full, env, flags });
      }
    }
    for (const u of byStart(sym.files ?? [])) {
      if (!u.arg) {
        out.fileUses.push({ api: u.api, op: u.op, path, start: u.start, end: u.end, value: '', env: [], flags: [], lit: undefined, guarded: u.guarded });
        continue;
      }
      const pieces = r.flatten(u.arg, file);
      const full = joinPieces(pieces);
      const { env, flags } = tagsOf(pieces);
      const one = pieces.length === 1 && pieces[0].lit && pieces[0].text === pieces[0].lit.value ? { lit: pieces[0].lit, path: pieces[0].path } : undefined;
      out.fileUses.push({ api: u.api, op: u.op, path, start: u.start, end: u.end, value: full.includes('\0') ? undefined : full, env, flags, lit: one, guarded: u.guarded });
    }
    const seenPaths = new Set<string>();
    for (const p of sym.paths) {
      if (p.guarded) continue;
      const pieces = r.flatten(p.arg, file);
      const first = pieces[0];
      if (!first?.lit || first.from !== 0 || first.text === undefined || !WINDOWS_PATH.test(first.text)) continue;
      const key = `${first.path ?? ''}:${first.lit.start}`;
      if (seenPaths.has(key)) continue;
      seenPaths.add(key);
      out.windowsPaths.push({ api: p.api, path, literal: first.lit, literalPath: first.path, start: p.start, end: p.end });
    }
  });
  return out;
}
