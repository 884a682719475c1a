/**
 * Text utilities shared by every layer. Offsets are indices into a JavaScript string, i.e. UTF-16
 * code units, which is exactly what LSP positions count by default. The one place that turns
 * offsets into line/character positions is {@link LineIndex}.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Eol = '\n' | '\r\n';

const BOM = '\uFEFF';

/** Maps offsets to LSP positions and back. Lines end at "\n"; a preceding "\r" belongs to the line break. */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  private eolMemo: Eol | undefined;

  /** The text's line ending ({@link detectEol}), found once. */
  get eol(): Eol {
    return (this.eolMemo ??= detectEol(this.text));
  }

  private static recent: LineIndex[] = [];

  /**
   * The index of a text, shared: the parser, the engine and the language server each need one for
   * the same document version. The last few are kept (an index never changes).
   */
  static of(text: string): LineIndex {
    const recent = LineIndex.recent;
    for (const r of recent) if (r.text === text) return r;
    const index = new LineIndex(text);
    recent.unshift(index);
    if (recent.length > 4) recent.pop();
    return index;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Start offset of a line (clamped). */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.starts.length) return this.text.length;
    return this.starts[line];
  }

  /** Offset just past the line's content, before its "\r\n" or "\n". */
  lineContentEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    const start = this.lineStart(line);
    let end = Math.max(start, next);
    if (end > start && this.text.charCodeAt(end - 1) === 13 && line + 1 < this.starts.length) end--;
    return end;
  }

  lineOf(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    let character = o - this.starts[line];
    // A position between "\r" and "\n" is not addressable in LSP: snap to the end of the content.
    if (character > 0 && this.text.charCodeAt(o - 1) === 13 && this.text.charCodeAt(o) === 10) character--;
    return { line, character };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    const end = this.lineContentEnd(pos.line);
    return Math.max(start, Math.min(start + Math.max(0, pos.character), end));
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/** The line ending a document predominantly uses; inserted text must use it too. */
/** `s` as a literal inside a regular expression (a name from the user's files, never a pattern). */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function detectEol(text: string): Eol {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1 && crlf + lf < 1000; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

export function hasBom(text: string): boolean {
  return text.charCodeAt(0) === 0xfeff;
}

/**
 * The text the parsers see: a leading BOM is replaced by a space, so every offset stays valid for
 * the original text while no parser trips over U+FEFF.
 */
export function parserText(text: string): string {
  return hasBom(text) ? ' ' + text.slice(1) : text;
}

export function stripBom(text: string): { text: string; bom: boolean } {
  return hasBom(text) ? { text: text.slice(1), bom: true } : { text, bom: false };
}

export function addBom(text: string, bom: boolean): string {
  return bom && !hasBom(text) ? BOM + text : text;
}

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** Applies non-overlapping edits (in any order) to a text. Throws on overlap: a fix bug, not input. */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at || e.end < e.start || e.end > text.length) {
      throw new Error(`overlapping or out-of-range edit ${e.start}-${e.end}`);
    }
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** Decodes file bytes for analysis. Returns undefined for content that is not text. */
export function decodeText(bytes: Uint8Array): { text: string; bom: boolean } | { skipped: string } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { skipped: 'the file is UTF-16 encoded; save it as UTF-8' };
  }
  const probe = Math.min(bytes.length, 8192);
  for (let i = 0; i < probe; i++) if (bytes[i] === 0) return { skipped: 'the file is binary (it contains NUL bytes)' };
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { skipped: 'the file is not valid UTF-8' };
  }
  return stripBom(decoded);
}
