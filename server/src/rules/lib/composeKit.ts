/**
 * Helpers shared by the compose rules DGT202–DGT218: the services of the file being analysed with
 * their merged view (base + override), their environment (env_file and environment), the image a
 * service builds, and small YAML edits (add a key, an environment variable, remove a list item)
 * that keep the file's indentation, quoting and line endings.
 */
import * as path from 'node:path';
import type { ComposeContext } from '../context';
import type { Project } from '../../project/project';
import type { FixInput, FileEdit, RelatedInput } from '../../core/types';
import { formatMessage } from '../../core/types';
import type { Eol } from '../../core/text';
import { composeView, ComposeView, MMap, MNode, child, entry, scalarOf } from '../../model/composeView';
import { serviceImage, ImageFacts } from '../../model/image';
import type { ComposeService } from '../../parse/compose';
import { isMap, isScalar, isSeq, mapGet, Scalar } from '../../parse/compose';
import type { Pair, YAMLMap, YAMLSeq, Node } from 'yaml';
import { parseDotenv } from '../../parse/dotenv';
import { baseImage, type BaseImage } from '../../facts/baseImages';

// ---- services ------------------------------------------------------------------------------------

export interface ServiceRef {
  name: string;
  /** The service as written in the file being analysed. */
  local: ComposeService;
  /** The service as Compose sees it, with the other files of the project merged in. */
  merged: MMap;
}

export interface ComposeScope {
  ctx: ComposeContext;
  view: ComposeView;
  services: ServiceRef[];
  image(name: string): ImageFacts | undefined;
}

// One scope per analysis (the context object), shared by the compose rules: the merged view and the
// images of its services are worked out once per file version, not once per rule.
const scopes = new WeakMap<ComposeContext, ComposeScope>();

/** The view of the compose project and the services this file defines, with an image cache. Do not modify it. */
export function composeScope(ctx: ComposeContext): ComposeScope {
  let scope = scopes.get(ctx);
  if (!scope) scopes.set(ctx, (scope = computeScope(ctx)));
  return scope;
}

function computeScope(ctx: ComposeContext): ComposeScope {
  const view = composeView(ctx.project, ctx.path);
  const services: ServiceRef[] = [];
  const seen = new Set<string>();
  for (const local of ctx.model.services) {
    if (seen.has(local.name)) continue;
    seen.add(local.name);
    const merged = view.services.get(local.name);
    if (merged) services.push({ name: local.name, local, merged });
  }
  const images = new Map<string, ImageFacts | undefined>();
  return {
    ctx,
    view,
    services,
    image(name: string) {
      if (!images.has(name)) images.set(name, serviceImage(ctx.project, view, name));
      return images.get(name);
    },
  };
}

export function imageRef(svc: MMap): string | undefined {
  return scalarOf(child(svc, 'image'))?.value;
}

/** The facts of an image named in compose (`golang:1.22`, `docker.io/library/alpine:3.20`). */
export function namedImage(ref: string | undefined): BaseImage | undefined {
  if (!ref || ref.includes('$')) return undefined;
  const noDigest = ref.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const repo = (colon > slash ? noDigest.slice(0, colon) : noDigest).toLowerCase().replace(/^docker\.io\//, '');
  const tag = colon > slash ? noDigest.slice(colon + 1) : undefined;
  return baseImage(repo, tag);
}


/** Repository name of an image reference, lowercased, without registry, `library/`, tag or digest. */
export function imageRepo(ref: string | undefined): string | undefined {
  if (!ref || ref.includes('$')) return undefined;
  let r = ref.split('@')[0];
  const slash = r.lastIndexOf('/');
  const colon = r.lastIndexOf(':');
  if (colon > slash) r = r.slice(0, colon);
  const parts = r.toLowerCase().split('/');
  return parts[parts.length - 1];
}

export function networkMode(svc: MMap): string | undefined {
  return scalarOf(child(svc, 'network_mode'))?.value;
}

/** Network modes in which the container shares another network namespace. */
export function sharesNetwork(mode: string | undefined): boolean {
  return !!mode && (mode === 'host' || mode.startsWith('service:') || mode.startsWith('container:'));
}

// ---- environment ---------------------------------------------------------------------------------

export interface EnvVar {
  key: string;
  value: string | undefined;
  path: string;
  keyStart: number;
  keyEnd: number;
  start: number;
  end: number;
  /** True when start..end spell the value out verbatim. */
  exact: boolean;
  from: 'environment' | 'env_file';
}

/** The env_file paths of a service (absolute), with the node that names each. */
export function envFiles(view: ComposeView, svc: MMap): { file: string; node: MNode; required: boolean }[] {
  const ef = child(svc, 'env_file');
  const items = ef?.kind === 'seq' ? ef.items : ef ? [ef] : [];
  const out: { file: string; node: MNode; required: boolean }[] = [];
  for (const it of items) {
    const p = it.kind === 'map' ? scalarOf(child(it, 'path')) : scalarOf(it);
    const required = it.kind === 'map' ? scalarOf(child(it, 'required'))?.value !== 'false' : true;
    if (!p?.value || p.value.includes('$')) continue;
    out.push({ file: path.resolve(view.dir, p.value.replace(/\\/g, '/')), node: p, required });
  }
  return out;
}

/** The environment Compose gives a service's container: env_file entries, then `environment`. */
export function serviceEnv(project: Project, view: ComposeView, svc: MMap): Map<string, EnvVar> {
  const out = new Map<string, EnvVar>();
  for (const { file } of envFiles(view, svc)) {
    const text = project.text(file);
    if (text === undefined) continue;
    for (const e of parseDotenv(text)) {
      out.set(e.key, { key: e.key, value: e.value, path: file, keyStart: e.keyStart, keyEnd: e.keyEnd, start: e.valueStart, end: e.valueEnd, exact: e.exact, from: 'env_file' });
    }
  }
  const env = child(svc, 'environment');
  if (env?.kind === 'map') {
    for (const [key, e] of env.entries) {
      const v = scalarOf(e.value);
      out.set(key, {
        key,
        value: v?.value,
        path: e.path,
        keyStart: e.keyStart,
        keyEnd: e.keyEnd,
        start: v ? v.start : e.keyEnd,
        end: v ? v.end : e.keyEnd,
        exact: v ? v.exact : false,
        from: 'environment',
      });
    }
  }
  return out;
}

/** A related location whose message comes from the rule's `relatedMessages` (so it can be translated). */
export function relatedMsg<R extends string>(
  templates: Record<R, string>,
  id: R,
  at: { path: string; start: number; end: number },
  data: Record<string, string | number> = {},
): RelatedInput<R> {
  void templates;
  return { path: at.path, start: at.start, end: at.end, messageId: id, data };
}

/** The command line text of the container: compose command/entrypoint and the image's CMD/ENTRYPOINT. */
export function commandText(svc: MMap, image: ImageFacts | undefined): string {
  const parts: string[] = [];
  for (const key of ['command', 'entrypoint']) {
    const v = child(svc, key);
    if (v?.kind === 'scalar' && v.value) parts.push(v.value);
    if (v?.kind === 'seq') for (const it of v.items) if (it.kind === 'scalar' && it.value) parts.push(it.value);
  }
  if (image?.entrypoint) parts.push(image.entrypoint.text);
  if (image?.cmd) parts.push(image.cmd.text);
  return parts.join(' ');
}

// ---- YAML text -----------------------------------------------------------------------------------

/** The file an edit goes to: a ComposeContext, or another compose file of the project. */
export interface FileText {
  path: string;
  text: string;
  eol: Eol;
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The own pair of a map (not one reached through a `<<` merge key). */
export function ownPair(map: YAMLMap, key: string): Pair<unknown, unknown> | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

function isFlow(node: YAMLMap | YAMLSeq): boolean {
  return !!node.flow;
}

/** Renders a string as a YAML value: plain when that is safe, else double-quoted. */
export function yamlValue(v: string): string {
  const special = /^(y|n|yes|no|true|false|on|off|null|~)$/i.test(v);
  const numberLike = /^[-+.]?\d/.test(v) && (!/[A-Za-z]/.test(v) || /^[-+]?\d+(\.\d+)?[eE][-+]?\d+$/.test(v) || /^0[xob]/i.test(v));
  const plainSafe = /^[A-Za-z0-9_./][A-Za-z0-9_./@+=-]*$/.test(v) && !special && !numberLike;
  return plainSafe ? v : JSON.stringify(v);
}

/** Indentation (as text) of the keys of a block map, or of the `-` of a block sequence. */
export function childIndent(text: string, node: YAMLMap | YAMLSeq): string | undefined {
  if (isFlow(node) || !node.items.length) return undefined;
  const first = node.items[0] as Pair<Node, unknown> | Node;
  const start = isMap(node) ? (first as Pair<Node, unknown>).key?.range?.[0] : (first as Node).range?.[0];
  if (start === undefined) return undefined;
  let s = start;
  if (isSeq(node)) {
    // The item starts after "- "; walk back to the dash.
    const ls = lineStartOf(text, s);
    const dash = text.lastIndexOf('-', s);
    if (dash < ls) return undefined;
    s = dash;
  }
  const ls = lineStartOf(text, s);
  const indent = text.slice(ls, s);
  return /^[ ]*$/.test(indent) ? indent : undefined;
}

/** Where new lines go at the end of a block map/sequence, and whether a line break must come first. */
function endOfBlock(text: string, node: YAMLMap | YAMLSeq): { at: number; lead: boolean } | undefined {
  const r = node.range;
  if (!r) return undefined;
  let at = r[1];
  // range[1] is the start of the line after the last item, or the end of the text.
  if (at > text.length) at = text.length;
  const lead = at > 0 && text[at - 1] !== '\n';
  return { at, lead };
}

/** Inserts `lines` (relative indentation already applied) as the last entries of a block map or sequence. */
export function appendToBlock(ctx: FileText, node: YAMLMap | YAMLSeq, lines: string[]): FileEdit | undefined {
  const indent = childIndent(ctx.text, node);
  const end = endOfBlock(ctx.text, node);
  if (indent === undefined || !end) return undefined;
  const body = lines.map((l) => indent + l).join(ctx.eol);
  return { path: ctx.path, start: end.at, end: end.at, newText: (end.lead ? ctx.eol : '') + body + (end.lead ? '' : ctx.eol) };
}

/** The indentation step of the file: the key indent of a service minus the column of its name. */
export function indentUnit(ctx: FileText, svc: ComposeService): string {
  const child = childIndent(ctx.text, svc.node);
  const col = columnOf(ctx.text, svc.keyStart);
  const n = child !== undefined ? child.length - col : 2;
  return ' '.repeat(n > 0 ? n : 2);
}

/**
 * An edit adding `KEY: value` to a service's own `environment` (map, list or flow style), or a new
 * `environment:` block. Undefined when the environment comes from a `<<` merge key or an alias
 * (adding an own key there would replace the merged one).
 */
export function addEnvVar(ctx: FileText, svc: ComposeService, key: string, value: string): FileEdit | undefined {
  const pair = ownPair(svc.node, 'environment');
  if (!pair) {
    // An environment merged in through `<<` would be replaced by a new own key.
    if (mapGet(svc.doc, svc.node, 'environment') !== undefined) return undefined;
    const unit = indentUnit(ctx, svc);
    return appendToBlock(ctx, svc.node, ['environment:', `${unit}${key}: ${yamlValue(value)}`]);
  }
  const env = pair.value as Node | null;
  if (!env || (!isMap(env) && !isSeq(env))) return undefined;
  if (isMap(env)) {
    if (env.flow) return appendToFlow(ctx, env, `${key}: ${yamlValue(value)}`);
    return appendToBlock(ctx, env, [`${key}: ${yamlValue(value)}`]);
  }
  const item = yamlValue(`${key}=${value}`);
  if (env.flow) return appendToFlow(ctx, env, item);
  return appendToBlock(ctx, env, [`- ${item}`]);
}

/** Adds an item before the closing bracket of a flow map/sequence written on one line. */
export function appendToFlow(ctx: FileText, node: YAMLMap | YAMLSeq, item: string): FileEdit | undefined {
  const r = node.range;
  if (!r) return undefined;
  const close = ctx.text.lastIndexOf(isMap(node) ? '}' : ']', r[1]);
  if (close < r[0]) return undefined;
  const inner = ctx.text.slice(r[0] + 1, close);
  if (inner.includes('\n')) return undefined;
  const trimmed = inner.trimEnd();
  const sep = trimmed.trim().length ? (trimmed.endsWith(',') ? ' ' : ', ') : '';
  const insertAt = r[0] + 1 + trimmed.length;
  return { path: ctx.path, start: insertAt, end: close, newText: sep + item + (inner.startsWith(' ') && trimmed.trim().length ? ' ' : '') };
}

/** The offsets of the whole lines a node spans (from the start of its first line to after its last line break). */
export function wholeLines(text: string, start: number, end: number): { start: number; end: number } {
  const s = lineStartOf(text, start);
  const nl = text.indexOf('\n', Math.max(start, end - 1));
  return { start: s, end: nl < 0 ? text.length : nl + 1 };
}

/**
 * Removes one item of a block sequence; when it is the only item, removes the key that holds the
 * sequence as well. Undefined when the sequence is flow-style or the item shares a line.
 */
export function removeSeqItem(ctx: FileText, holder: YAMLMap, key: string, item: Node): FileEdit | undefined {
  const pair = ownPair(holder, key);
  const seq = pair?.value as Node | null | undefined;
  if (!pair || !seq || !isSeq(seq) || seq.flow) return undefined;
  const r = item.range;
  if (!r) return undefined;
  if (seq.items.length === 1) {
    const k = (pair.key as Node).range;
    if (!k) return undefined;
    const lines = wholeLines(ctx.text, k[0], r[1]);
    if (ctx.text.slice(lines.start, k[0]).trim()) return undefined;
    return { path: ctx.path, start: lines.start, end: lines.end, newText: '' };
  }
  const dash = ctx.text.lastIndexOf('-', r[0]);
  const ls = lineStartOf(ctx.text, r[0]);
  if (dash < ls || ctx.text.slice(ls, dash).trim()) return undefined;
  const lines = wholeLines(ctx.text, dash, r[1]);
  return { path: ctx.path, start: lines.start, end: lines.end, newText: '' };
}

/** A scalar's value offsets inside its quotes. */
export function innerRange(s: Scalar): { start: number; end: number } {
  const r = s.range ?? [0, 0, 0];
  const quoted = s.type === Scalar.QUOTE_DOUBLE || s.type === Scalar.QUOTE_SINGLE;
  return quoted ? { start: r[0] + 1, end: r[1] - 1 } : { start: r[0], end: r[1] };
}

/** The title of a fix from the rule's `fixTitles`, with the id and data that let it be translated. */
export function titled<F extends string>(titles: Record<F, string>, id: F, data: Record<string, string | number> = {}): Pick<FixInput<F>, 'titleId' | 'titleData'> {
  void titles;
  return { titleId: id, titleData: data };
}

export { entry, child, scalarOf };
