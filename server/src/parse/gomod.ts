/**
 * A small go.mod and go.work reader: module path, `go` and `toolchain` versions, requirements,
 * `replace` directives and (go.work) `use` directives, with offsets.
 */

export interface GoModDirective {
  value: string;
  start: number;
  end: number;
}

export interface GoModRequire {
  path: string;
  version: string;
  indirect: boolean;
  start: number;
  end: number;
}

/** `replace old [v] => new [v]`: a local directory when `new` is a path (starts with ./ ../ or /). */
export interface GoModReplace {
  oldPath: string;
  oldVersion: string | undefined;
  newPath: string;
  newVersion: string | undefined;
  /** The replacement is a directory (no version): `=> ../x`, `=> ./lib`, `=> /abs`. */
  local: boolean;
  /** Offsets of the whole directive (old path to new path or version). */
  start: number;
  end: number;
  /** Offsets of the replacement path. */
  newStart: number;
  newEnd: number;
}

export interface GoMod {
  module: GoModDirective | undefined;
  go: GoModDirective | undefined;
  toolchain: GoModDirective | undefined;
  requires: GoModRequire[];
  replaces: GoModReplace[];
}

/** A go.work file: its `go` and `toolchain` lines, the module folders it uses, and its replacements. */
export interface GoWork {
  go: GoModDirective | undefined;
  toolchain: GoModDirective | undefined;
  /** `use` directives: folders relative to the go.work file (as written, quotes removed). */
  uses: GoModDirective[];
  replaces: GoModReplace[];
}

/** Directives that may open a `( ... )` block. */
const BLOCKS = new Set(['require', 'replace', 'exclude', 'retract', 'use', 'godebug', 'tool', 'ignore']);

interface Line {
  head: string;
  /** The tokens after the directive keyword (inside a block: all tokens of the line). */
  args: GoModDirective[];
  comment: string;
}

/** The directives of a go.mod or go.work text, one per line, with block lines under their keyword. */
function directives(text: string): Line[] {
  const out: Line[] = [];
  let block: string | undefined;
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const raw = text.slice(pos, nl);
    const lineStart = pos;
    pos = nl + 1;
    const commentAt = raw.indexOf('//');
    const code = (commentAt >= 0 ? raw.slice(0, commentAt) : raw).replace(/\r$/, '');
    const comment = commentAt >= 0 ? raw.slice(commentAt) : '';
    const trimmed = code.trim();
    if (!trimmed) continue;
    const tokens = tokenize(code, lineStart);
    if (block !== undefined) {
      if (trimmed === ')') {
        block = undefined;
        continue;
      }
      out.push({ head: block, args: tokens, comment });
      continue;
    }
    const head = tokens[0]?.value ?? '';
    if (BLOCKS.has(head) && tokens[1]?.value === '(') {
      block = head;
      continue;
    }
    out.push({ head, args: tokens.slice(1), comment });
  }
  return out;
}

export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { module: undefined, go: undefined, toolchain: undefined, requires: [], replaces: [] };
  for (const { head, args, comment } of directives(text)) {
    if (head === 'module' && args[0]) mod.module = unquote(args[0]);
    else if (head === 'go' && args[0]) mod.go = args[0];
    else if (head === 'toolchain' && args[0]) mod.toolchain = args[0];
    else if (head === 'require' && args.length >= 2) addRequire(mod, args, comment);
    else if (head === 'replace') addReplace(mod.replaces, args);
  }
  return mod;
}

export function parseGoWork(text: string): GoWork {
  const work: GoWork = { go: undefined, toolchain: undefined, uses: [], replaces: [] };
  for (const { head, args } of directives(text)) {
    if (head === 'go' && args[0]) work.go = args[0];
    else if (head === 'toolchain' && args[0]) work.toolchain = args[0];
    else if (head === 'use' && args[0]) work.uses.push(unquote(args[0]));
    else if (head === 'replace') addReplace(work.replaces, args);
  }
  return work;
}

function addReplace(out: GoModReplace[], args: GoModDirective[]): void {
  const arrow = args.findIndex((t) => t.value === '=>');
  if (arrow < 1 || arrow > 2 || !args[arrow + 1]) return;
  const oldPath = unquote(args[0]).value;
  const target = unquote(args[arrow + 1]);
  const newVersion = args[arrow + 2]?.value;
  const local = newVersion === undefined && /^(\.\.?(\/|\\|$)|\/|[A-Za-z]:[\\/])/.test(target.value);
  const last = args[arrow + 2] ?? args[arrow + 1];
  out.push({
    oldPath,
    oldVersion: arrow === 2 ? args[1].value : undefined,
    newPath: target.value,
    newVersion,
    local,
    start: args[0].start,
    end: last.end,
    newStart: args[arrow + 1].start,
    newEnd: args[arrow + 1].end,
  });
}

function addRequire(mod: GoMod, tokens: GoModDirective[], comment: string): void {
  const p = unquote(tokens[0]);
  mod.requires.push({
    path: p.value,
    version: tokens[1].value,
    indirect: /\/\/\s*indirect\b/.test(comment),
    start: tokens[0].start,
    end: tokens[1].end,
  });
}

function tokenize(code: string, base: number): GoModDirective[] {
  const out: GoModDirective[] = [];
  const re = /"[^"]*"|`[^`]*`|[^\s"`]+/g;
  for (let m = re.exec(code); m; m = re.exec(code)) out.push({ value: m[0], start: base + m.index, end: base + m.index + m[0].length });
  return out;
}

function unquote(t: GoModDirective): GoModDirective {
  return /^["`]/.test(t.value) ? { ...t, value: t.value.slice(1, -1) } : t;
}

/** Compares Go versions such as "1.21", "1.21.3", "1.22rc1", "go1.22.0". Returns <0, 0, >0. */
export function compareGoVersions(a: string, b: string): number {
  const pa = parseGoVersion(a);
  const pb = parseGoVersion(b);
  if (!pa || !pb) return 0;
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

export function parseGoVersion(v: string): [number, number, number] | undefined {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Modules that need cgo: building them with CGO_ENABLED=0 fails or yields a stub. */
export const CGO_MODULES = [
  'github.com/mattn/go-sqlite3',
  'github.com/confluentinc/confluent-kafka-go',
  'github.com/go-gl/',
  'github.com/mattn/go-oci8',
  'github.com/godror/godror',
  'github.com/google/gopacket/pcap',
  'github.com/tecbot/gorocksdb',
  'github.com/linxGnu/grocksdb',
  'gopkg.in/gographics/imagick',
  'github.com/h2non/bimg',
  'github.com/davidbyttow/govips',
  'github.com/ceph/go-ceph',
  'github.com/libvirt/libvirt-go',
  'github.com/miekg/pkcs11',
];

export function cgoModule(mod: GoMod): GoModRequire | undefined {
  return mod.requires.find((r) => CGO_MODULES.some((m) => (m.endsWith('/') ? r.path.startsWith(m) : r.path === m || r.path.startsWith(m + '/'))));
}
