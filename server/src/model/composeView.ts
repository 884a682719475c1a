/**
 * Compose files as Compose itself sees them: the base file with its override merged over it.
 *
 * `docker compose` reads `compose.yaml` (or `compose.yml`, `docker-compose.yml`,
 * `docker-compose.yaml`) and, when present, `compose.override.yaml` (or its other spellings), and
 * merges the second over the first: mappings merge key by key, most sequences append (ports,
 * volumes by target, ...), `command`/`entrypoint`/`healthcheck.test` and scalars are replaced, and
 * the `!reset` / `!override` tags drop or replace a value. An environment file such as
 * `docker-compose.prod.yml` whose services only adjust services of the base file is read the same
 * way, as an overlay of the base file.
 *
 * The merged tree is made of plain records ({@link MNode}) that keep, for every value, the file it
 * was written in and its offsets there, so a rule can reason over the merged service and still
 * report on the file (and the exact scalar) where the fix belongs. Everything is read through the
 * project, so the files involved become dependencies of the analysis.
 */
import * as path from 'node:path';
import type { Document } from 'yaml';
import { isAlias, isMap, isScalar, isSeq, Scalar } from 'yaml';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import type { Project } from '../project/project';

export interface MScalar {
  kind: 'scalar';
  /** File the value is written in. */
  path: string;
  /** The YAML scalar the value comes from (for list-form environment entries: the whole `K=V` item). */
  node: Scalar;
  /** The value as a string (numbers and booleans as written); undefined for null. */
  value: string | undefined;
  /** Offsets of the value's text in the file (inside the quotes). */
  start: number;
  end: number;
  /** True when `start..end` holds exactly `value` (false for escaped double-quoted text). */
  exact: boolean;
}

export interface MEntry {
  key: string;
  /** File and offsets of the key (for list-form entries: of the `KEY` part of `KEY=VALUE`). */
  path: string;
  keyStart: number;
  keyEnd: number;
  /** undefined for a null value (`KEY:` or a bare `- KEY` entry). */
  value: MNode | undefined;
}

export interface MMap {
  kind: 'map';
  path: string;
  /** The map node of the file that wrote it last (undefined for maps normalised from a list). */
  node: YAMLMap | YAMLSeq | undefined;
  entries: Map<string, MEntry>;
}

export interface MSeq {
  kind: 'seq';
  path: string;
  node: YAMLSeq | undefined;
  items: MNode[];
}

export type MNode = MScalar | MMap | MSeq;

export interface ComposeView {
  /** The files merged, in order: the base file first. */
  files: string[];
  /** The project directory: relative paths of every file resolve against it. */
  dir: string;
  root: MMap | undefined;
  services: Map<string, MMap>;
}

export const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const OVERRIDE_NAMES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** Limits against alias bombs and pathological nesting. */
const MAX_DEPTH = 64;
const MAX_NODES = 50_000;

// ---- from the yaml AST -----------------------------------------------------------------------

interface Budget {
  nodes: number;
}

/**
 * Anchors of a document by name, with their offsets, collected in one iterative walk. The yaml
 * package's own Alias.resolve() searches the whole document on every call, which turns a file with
 * thousands of aliases into millions of steps.
 */
const anchorIndexes = new WeakMap<Document, Map<string, { at: number; node: Node }[]>>();

function anchorsOf(doc: Document): Map<string, { at: number; node: Node }[]> {
  const hit = anchorIndexes.get(doc);
  if (hit) return hit;
  const index = new Map<string, { at: number; node: Node }[]>();
  const stack: unknown[] = [doc.contents];
  let steps = 0;
  while (stack.length && steps++ < 1_000_000) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (isMap(n) || isSeq(n)) {
      for (const it of n.items as unknown[]) {
        if (it && typeof it === 'object' && 'key' in (it as object) && 'value' in (it as object)) {
          const p = it as { key: unknown; value: unknown };
          stack.push(p.value, p.key);
        } else stack.push(it);
      }
    }
    const node = n as Node;
    if (!isAlias(node) && node.anchor) {
      const list = index.get(node.anchor) ?? [];
      list.push({ at: node.range?.[0] ?? 0, node });
      index.set(node.anchor, list);
    }
  }
  for (const list of index.values()) list.sort((a, b) => a.at - b.at);
  anchorIndexes.set(doc, index);
  return index;
}

function follow(doc: Document, node: unknown): Node | undefined {
  let n = node as Node | null | undefined;
  for (let hops = 0; n && isAlias(n); hops++) {
    if (hops > 32) return undefined;
    const list = anchorsOf(doc).get(n.source);
    if (!list) return undefined;
    // The alias names the last anchor of that name before it.
    const at = n.range?.[0] ?? Number.POSITIVE_INFINITY;
    let found: Node | undefined;
    for (const a of list) if (a.at < at) found = a.node;
    n = found;
  }
  return n ?? undefined;
}

/** The string value of a scalar as Compose reads it (numbers and booleans as written). */
function scalarText(s: Scalar): string | undefined {
  const v = s.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return s.source !== undefined ? String(s.source) : String(v);
  return undefined;
}

/** Offsets of a scalar's value text: inside the quotes, and whether they hold the value exactly. */
export function scalarSpan(text: string | undefined, s: Scalar): { start: number; end: number; exact: boolean } {
  const r = s.range ?? [0, 0, 0];
  const value = scalarText(s) ?? '';
  if (s.type === Scalar.QUOTE_DOUBLE || s.type === Scalar.QUOTE_SINGLE) {
    const inner = { start: r[0] + 1, end: Math.max(r[0] + 1, r[1] - 1) };
    return { ...inner, exact: text !== undefined && text.slice(inner.start, inner.end) === value };
  }
  if (s.type === Scalar.BLOCK_FOLDED || s.type === Scalar.BLOCK_LITERAL) return { start: r[0], end: r[1], exact: false };
  return { start: r[0], end: r[1], exact: text !== undefined && text.slice(r[0], r[1]) === value };
}

function toM(doc: Document, node: unknown, file: string, text: string | undefined, budget: Budget, depth: number): MNode | undefined {
  if (depth > MAX_DEPTH || --budget.nodes < 0) return undefined;
  const n = follow(doc, node);
  if (!n) return undefined;
  if (isScalar(n)) {
    const span = scalarSpan(text, n);
    return { kind: 'scalar', path: file, node: n, value: scalarText(n), ...span };
  }
  if (isMap(n)) {
    const entries = new Map<string, MEntry>();
    // `<<` merge keys first: the map's own keys win over merged ones, earlier sources over later ones.
    for (const pair of n.items) {
      if (!isScalar(pair.key) || pair.key.value !== '<<') continue;
      const v = follow(doc, pair.value);
      const sources = isSeq(v) ? v.items : [v];
      for (let k = sources.length - 1; k >= 0; k--) {
        const src = toM(doc, sources[k], file, text, budget, depth + 1);
        if (src?.kind === 'map') for (const [key, e] of src.entries) entries.set(key, e);
      }
    }
    for (const pair of n.items) {
      const k = follow(doc, pair.key);
      if (!isScalar(k) || k.value === '<<') continue;
      const key = scalarText(k);
      if (key === undefined) continue;
      const r = k.range ?? [0, 0, 0];
      entries.set(key, { key, path: file, keyStart: r[0], keyEnd: r[1], value: toM(doc, pair.value, file, text, budget, depth + 1) });
    }
    return { kind: 'map', path: file, node: n, entries };
  }
  if (isSeq(n)) {
    const items: MNode[] = [];
    for (const it of n.items) {
      const m = toM(doc, it, file, text, budget, depth + 1);
      if (m) items.push(m);
    }
    return { kind: 'seq', path: file, node: n, items };
  }
  return undefined;
}

function tagOf(m: MNode | undefined): string | undefined {
  return m?.node?.tag ?? undefined;
}

// ---- normalisation ---------------------------------------------------------------------------

/** Keys whose list form (`- KEY=VALUE`) is a mapping in disguise. */
const LIST_MAPS = new Set(['environment', 'labels', 'annotations', 'sysctls', 'args', 'extra_hosts']);

/** `- KEY=VALUE` (or `- KEY`) entries as a map; the value keeps the offsets of the `VALUE` part. */
export function listAsMap(seq: MSeq, sep: RegExp = /=/): MMap {
  const entries = new Map<string, MEntry>();
  for (const it of seq.items) {
    if (it.kind !== 'scalar' || it.value === undefined) continue;
    const m = sep.exec(it.value);
    const key = (m ? it.value.slice(0, m.index) : it.value).trim();
    if (!key) continue;
    const keyStart = it.start;
    const keyEnd = it.exact ? it.start + (m ? m.index : it.value.length) : it.end;
    let value: MScalar | undefined;
    if (m) {
      const v = it.value.slice(m.index + m[0].length);
      const vs = it.exact ? it.start + m.index + m[0].length : it.start;
      value = { kind: 'scalar', path: it.path, node: it.node, value: v, start: vs, end: it.exact ? vs + v.length : it.end, exact: it.exact };
    }
    entries.set(key, { key, path: it.path, keyStart, keyEnd, value });
  }
  return { kind: 'map', path: seq.path, node: seq.node, entries };
}

/** `depends_on: [a, b]` as `{a: {}, b: {}}`. */
function namesAsMap(seq: MSeq): MMap {
  const entries = new Map<string, MEntry>();
  for (const it of seq.items) {
    if (it.kind !== 'scalar' || it.value === undefined) continue;
    entries.set(it.value, { key: it.value, path: it.path, keyStart: it.start, keyEnd: it.end, value: undefined });
  }
  return { kind: 'map', path: seq.path, node: seq.node, entries };
}

function normalizeService(svc: MMap): MMap {
  const entries = new Map(svc.entries);
  for (const [key, e] of svc.entries) {
    const v = e.value;
    if (LIST_MAPS.has(key) && v?.kind === 'seq') entries.set(key, { ...e, value: listAsMap(v, key === 'extra_hosts' ? /[=:]/ : /=/) });
    else if ((key === 'depends_on' || key === 'networks') && v?.kind === 'seq') entries.set(key, { ...e, value: namesAsMap(v) });
    else if (key === 'build' && v?.kind === 'scalar') {
      // `build: .` is `build: {context: .}`.
      const ctx: MEntry = { key: 'context', path: v.path, keyStart: v.start, keyEnd: v.end, value: v };
      entries.set(key, { ...e, value: { kind: 'map', path: v.path, node: undefined, entries: new Map([['context', ctx]]) } });
    } else if (key === 'build' && v?.kind === 'map') {
      const args = v.entries.get('args');
      if (args?.value?.kind === 'seq') {
        const b = new Map(v.entries);
        b.set('args', { ...args, value: listAsMap(args.value) });
        entries.set(key, { ...e, value: { ...v, entries: b } });
      }
    }
  }
  return { ...svc, entries };
}

// ---- merging ---------------------------------------------------------------------------------

/** Keys (anywhere under a service) whose sequences an override replaces instead of appending to. */
const REPLACED_SEQS = new Set(['command', 'entrypoint', 'test']);

/** The container path of a volume entry (short or long syntax), for merging volumes by target. */
function volumeTarget(m: MNode): string | undefined {
  if (m.kind === 'scalar' && m.value !== undefined) {
    const parts = splitVolumeSpec(m.value);
    return parts?.target ?? m.value;
  }
  if (m.kind === 'map') {
    const t = m.entries.get('target')?.value;
    return t?.kind === 'scalar' ? t.value : undefined;
  }
  return undefined;
}

function identity(key: string, m: MNode): string | undefined {
  if (key === 'volumes') return volumeTarget(m);
  if (m.kind === 'scalar') return m.value;
  if ((key === 'secrets' || key === 'configs') && m.kind === 'map') {
    const s = m.entries.get('source')?.value;
    return s?.kind === 'scalar' ? s.value : undefined;
  }
  return undefined;
}

function mergeNode(key: string, base: MNode | undefined, over: MNode | undefined): MNode | undefined {
  const tag = tagOf(over);
  if (tag === '!reset') return undefined;
  if (tag === '!override' || over === undefined) return over ?? base;
  if (!base) return over;
  if (base.kind === 'map' && over.kind === 'map') {
    const entries = new Map(base.entries);
    for (const [k, e] of over.entries) {
      const prev = entries.get(k);
      const t = tagOf(e.value);
      if (t === '!reset') {
        entries.delete(k);
        continue;
      }
      entries.set(k, { ...e, value: prev ? mergeNode(k, prev.value, e.value) : e.value });
    }
    return { kind: 'map', path: over.path, node: over.node, entries };
  }
  if (base.kind === 'seq' && over.kind === 'seq' && !REPLACED_SEQS.has(key)) {
    const items = [...base.items];
    for (const it of over.items) {
      const id = identity(key, it);
      const at = id === undefined ? -1 : items.findIndex((x) => identity(key, x) === id);
      if (at >= 0) items[at] = it;
      else items.push(it);
    }
    return { kind: 'seq', path: over.path, node: over.node, items };
  }
  return over;
}

function mergeServices(base: Map<string, MMap>, over: Map<string, MMap>, resets: Set<string>): Map<string, MMap> {
  const out = new Map(base);
  for (const r of resets) out.delete(r);
  for (const [name, svc] of over) {
    const prev = out.get(name);
    const merged = prev ? mergeNode('', prev, svc) : svc;
    if (merged?.kind === 'map') out.set(name, merged);
  }
  return out;
}

// ---- one file --------------------------------------------------------------------------------

interface FileTree {
  root: MMap | undefined;
  services: Map<string, MMap>;
  /** Services reset with `name: !reset`. */
  resets: Set<string>;
}

/** File trees by parsed model: a pure function of the file's text, converted once. */
const trees = new WeakMap<object, FileTree>();

function fileTree(project: Project, file: string): FileTree {
  const model = project.compose(file);
  const text = project.text(file);
  if (!model) return { root: undefined, services: new Map(), resets: new Set() };
  const hit = trees.get(model);
  if (hit) return hit;
  const services = new Map<string, MMap>();
  const resets = new Set<string>();
  let root: MMap | undefined;
  const budget: Budget = { nodes: MAX_NODES };
  for (const doc of model.docs) {
    const r = rootOf(doc, file, text, budget);
    if (r?.kind !== 'map') continue;
    root = root ? (mergeNode('', root, r) as MMap) : r;
    const svcs = r.entries.get('services')?.value;
    if (svcs?.kind !== 'map') continue;
    for (const [name, e] of svcs.entries) {
      if (tagOf(e.value) === '!reset') resets.add(name);
      if (e.value?.kind === 'map') services.set(name, normalizeService(e.value));
    }
  }
  const tree = { root, services, resets };
  trees.set(model, tree);
  return tree;
}

/**
 * The document's top-level map without its `x-` extension keys: they only matter through the
 * aliases that use them, which are followed where they are used.
 */
function rootOf(doc: Document, file: string, text: string | undefined, budget: Budget): MNode | undefined {
  const n = follow(doc, doc.contents);
  if (!isMap(n)) return toM(doc, n, file, text, budget, 0);
  const entries = new Map<string, MEntry>();
  for (const pair of n.items) {
    const k = follow(doc, pair.key);
    if (!isScalar(k)) continue;
    const key = scalarText(k);
    if (key === undefined || key.startsWith('x-') || key === '<<') continue;
    const r = k.range ?? [0, 0, 0];
    entries.set(key, { key, path: file, keyStart: r[0], keyEnd: r[1], value: toM(doc, pair.value, file, text, budget, 1) });
  }
  return { kind: 'map', path: file, node: n, entries };
}

// ---- which files go together -----------------------------------------------------------------

function firstExisting(names: string[], present: Map<string, string>): string | undefined {
  for (const n of names) {
    const real = present.get(n);
    if (real) return real;
  }
  return undefined;
}

/** Whether `file` only adjusts services of `base` (an overlay such as docker-compose.prod.yml). */
function isOverlayOf(project: Project, file: string, base: string): boolean {
  const mine = project.compose(file)?.services ?? [];
  if (!mine.length) return false;
  const theirs = new Set((project.compose(base)?.services ?? []).map((s) => s.name));
  // Every service of the overlay that has neither image nor build must exist in the base, and at
  // least one such partial service must be there.
  let partial = 0;
  for (const s of mine) {
    const keys = s.node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
    if (keys.includes('image') || keys.includes('build') || keys.includes('extends')) continue;
    if (!theirs.has(s.name)) return false;
    partial++;
  }
  return partial > 0;
}

/** The compose files Compose merges when this file is used: base first, then the overrides. */
export function composeFilesFor(project: Project, file: string): string[] {
  const dir = path.dirname(file);
  const present = new Map<string, string>();
  for (const n of project.readDir(dir)) present.set(n.toLowerCase(), path.join(dir, n));
  const name = path.basename(file).toLowerCase();
  const base = firstExisting(BASE_NAMES, present);
  const override = firstExisting(OVERRIDE_NAMES, present);
  if (BASE_NAMES.includes(name)) return override ? [file, override] : [file];
  if (OVERRIDE_NAMES.includes(name)) return base ? [base, file] : [file];
  if (base && isOverlayOf(project, file, base)) return [base, file];
  return [file];
}

/** The merged view of the compose project that `file` belongs to (kept until one of its files changes). Do not modify the result. */
export function composeView(project: Project, file: string): ComposeView {
  return project.workspaceValue(project.valueKey('composeView', file), () => computeComposeView(project, file));
}

/**
 * The merged service (all its compose files laid over one another) that an image build comes from:
 * `ImageBuild.service`. Undefined for a build no compose file names, or a service no longer there.
 */
export function buildService(project: Project, service: { composePath: string; name: string } | undefined): MMap | undefined {
  return service ? composeView(project, service.composePath).services.get(service.name) : undefined;
}

function computeComposeView(project: Project, file: string): ComposeView {
  const files = composeFilesFor(project, file);
  let services = new Map<string, MMap>();
  let root: MMap | undefined;
  for (const f of files) {
    const t = fileTree(project, f);
    services = mergeServices(services, t.services, t.resets);
    root = root ? (t.root ? (mergeNode('', root, t.root) as MMap | undefined) : root) : t.root;
  }
  return { files, dir: path.dirname(files[0]), root, services };
}

// ---- reading merged values -------------------------------------------------------------------

export function entry(m: MNode | undefined, key: string): MEntry | undefined {
  return m?.kind === 'map' ? m.entries.get(key) : undefined;
}

/** The node at `a`, then `b`... below `m` (keys as parameters, not a rest list: one key in nearly every call). */
export function child(m: MNode | undefined, a: string, b?: string, c?: string, d?: string): MNode | undefined {
  let cur = entry(m, a)?.value;
  if (b !== undefined) cur = entry(cur, b)?.value;
  if (c !== undefined) cur = entry(cur, c)?.value;
  if (d !== undefined) cur = entry(cur, d)?.value;
  return cur;
}

export function scalarOf(m: MNode | undefined): MScalar | undefined {
  return m?.kind === 'scalar' ? m : undefined;
}

export function stringAt(m: MNode | undefined, a: string, b?: string): string | undefined {
  return scalarOf(child(m, a, b))?.value;
}

// ---- volume specs ----------------------------------------------------------------------------

export interface VolumeSpec {
  source: string | undefined;
  target: string;
  mode: string | undefined;
  /** Offsets of the source and target inside the scalar's value. */
  sourceAt: number;
  targetAt: number;
}

/**
 * Splits a short-syntax volume `SOURCE:TARGET[:MODE]` (or an anonymous `TARGET`). A drive letter
 * (`C:/x`, `C:\x`) in the source is kept; so is a Windows drive in the target.
 */
export function splitVolumeSpec(spec: string): VolumeSpec | undefined {
  const parts: { text: string; at: number }[] = [];
  let at = 0;
  let i = 0;
  while (i <= spec.length) {
    const isDrive = i === at && /^[A-Za-z]:[\\/]/.test(spec.slice(i));
    const next = spec.indexOf(':', isDrive ? i + 2 : i);
    if (next < 0) {
      parts.push({ text: spec.slice(at), at });
      break;
    }
    parts.push({ text: spec.slice(at, next), at });
    at = next + 1;
    i = at;
  }
  if (!parts.length || !parts[0].text) return undefined;
  if (parts.length === 1) return { source: undefined, target: parts[0].text, mode: undefined, sourceAt: 0, targetAt: 0 };
  return {
    source: parts[0].text,
    target: parts[1].text,
    mode: parts.length > 2 ? parts.slice(2).map((p) => p.text).join(':') : undefined,
    sourceAt: parts[0].at,
    targetAt: parts[1].at,
  };
}
