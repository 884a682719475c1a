/** A small go.mod reader: module path, `go` and `toolchain` versions, and requirements, with offsets. */

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

export interface GoMod {
  module: GoModDirective | undefined;
  go: GoModDirective | undefined;
  toolchain: GoModDirective | undefined;
  requires: GoModRequire[];
}

export function parseGoMod(text: string): GoMod {
  const mod: GoMod = { module: undefined, go: undefined, toolchain: undefined, requires: [] };
  let inRequire = false;
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
    const lead = code.length - code.trimStart().length;
    const tokens = tokenize(code, lineStart);
    if (inRequire) {
      if (trimmed === ')') {
        inRequire = false;
        continue;
      }
      if (tokens.length >= 2) addRequire(mod, tokens, comment);
      continue;
    }
    const head = tokens[0]?.value;
    void lead;
    if (head === 'module' && tokens[1]) mod.module = unquote(tokens[1]);
    else if (head === 'go' && tokens[1]) mod.go = tokens[1];
    else if (head === 'toolchain' && tokens[1]) mod.toolchain = tokens[1];
    else if (head === 'require') {
      if (tokens[1]?.value === '(') inRequire = true;
      else if (tokens.length >= 3) addRequire(mod, tokens.slice(1), comment);
    }
    if (trimmed === ')' || pos > text.length) inRequire = false;
  }
  return mod;
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
