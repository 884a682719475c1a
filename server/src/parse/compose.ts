/**
 * The compose model on top of the `yaml` package's AST: every node keeps its offsets, so rules can
 * point at the exact key or scalar. Anchors, aliases and `<<` merge keys are resolved when looking
 * keys up; the `yaml` package's own alias-count limits stay in force because nothing here calls
 * toJS() on untrusted input without them.
 */
import { parseAllDocuments, Document, isMap, isSeq, isScalar, isAlias, isNode, isPair, visit, Node, YAMLMap, Scalar, Pair, Alias } from 'yaml';

export interface ComposeError {
  code: string;
  message: string;
  start: number;
  end: number;
}

export interface ComposeService {
  name: string;
  keyStart: number;
  keyEnd: number;
  node: YAMLMap;
  doc: Document.Parsed;
}

export interface ComposeModel {
  docs: Document.Parsed[];
  errors: ComposeError[];
  services: ComposeService[];
}

/** Maximum alias hops followed while resolving one node (guards alias loops and bombs). */
const MAX_ALIAS_HOPS = 32;

export function parseCompose(text: string): ComposeModel {
  const docs = parseAllDocuments(text, { prettyErrors: false, strict: false, uniqueKeys: false }) as Document.Parsed[] | { empty: true };
  const list: Document.Parsed[] = Array.isArray(docs) ? docs : [];
  const errors: ComposeError[] = [];
  const services: ComposeService[] = [];
  for (const doc of list) {
    for (const e of doc.errors) {
      errors.push({ code: e.code, message: e.message.split('\n')[0], start: e.pos[0], end: e.pos[1] });
    }
    const root = resolve(doc, doc.contents);
    if (!isMap(root)) continue;
    const svcs = resolve(doc, mapGet(doc, root, 'services'));
    if (!isMap(svcs)) continue;
    for (const pair of svcs.items) {
      const key = pair.key;
      const node = resolve(doc, pair.value as Node | null);
      if (!isScalar(key) || !isMap(node)) continue;
      const r = key.range ?? [0, 0, 0];
      services.push({ name: String(key.value), keyStart: r[0], keyEnd: r[1], node, doc });
    }
  }
  return { docs: list, errors, services };
}

/** Follows aliases to the node they stand for. */
export function resolve(doc: Document, node: unknown): Node | undefined {
  let n = node as Node | null | undefined;
  for (let hops = 0; n && isAlias(n); hops++) {
    if (hops > MAX_ALIAS_HOPS) return undefined;
    n = resolveAlias(doc, n);
  }
  return n ?? undefined;
}

/** Per document: every alias and the node it stands for, found in one pass over the document. */
const aliasTargets = new WeakMap<Document, Map<Alias, Node | undefined>>();

/**
 * The node an alias stands for: the last node anchored with its name before it, as `Alias.resolve`
 * finds it. `Alias.resolve` walks the whole document on every call, which makes a file with many
 * aliases quadratic; this indexes each document once.
 */
export function resolveAlias(doc: Document, alias: Alias): Node | undefined {
  let targets = aliasTargets.get(doc);
  if (!targets) {
    const found = new Map<Alias, Node | undefined>();
    const anchors = new Map<string, Node>();
    visit(doc, {
      Node: (_key, n) => {
        if (isAlias(n)) found.set(n, anchors.get(n.source));
        else if (isNode(n) && n.anchor) anchors.set(n.anchor, n);
      },
    });
    targets = found;
    aliasTargets.set(doc, targets);
  }
  return targets.has(alias) ? targets.get(alias) : (alias.resolve(doc) as Node | undefined);
}

/**
 * The pair for `key` in a map, looking through `<<` merge keys as Compose does (own keys win).
 * Each map is searched at most once per lookup: merge keys that list the same anchor many times,
 * level upon level (a "merge bomb"), would otherwise take exponential time.
 */
export function mapGetPair(doc: Document, map: YAMLMap, key: string, depth = 0, seen = new Set<YAMLMap>()): Pair<unknown, unknown> | undefined {
  if (depth > MAX_ALIAS_HOPS || seen.has(map)) return undefined;
  seen.add(map);
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair;
  }
  for (const pair of map.items) {
    if (!isScalar(pair.key) || pair.key.value !== '<<') continue;
    const v = resolve(doc, pair.value);
    const sources = isSeq(v) ? v.items.map((x) => resolve(doc, x)) : [v];
    for (const src of sources) {
      if (isMap(src)) {
        const found = mapGetPair(doc, src, key, depth + 1, seen);
        if (found) return found;
      }
    }
  }
  return undefined;
}

export function mapGet(doc: Document, map: YAMLMap, key: string): Node | undefined {
  const pair = mapGetPair(doc, map, key);
  return pair ? resolve(doc, pair.value) : undefined;
}

/** A scalar's string value (numbers and booleans as written), or undefined. */
export function scalarString(node: Node | undefined): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return node.source !== undefined ? String(node.source) : String(v);
  return undefined;
}

export function nodeRange(node: Node | undefined): { start: number; end: number } | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

export function isQuoted(node: Scalar): 'single' | 'double' | undefined {
  if (node.type === Scalar.QUOTE_DOUBLE) return 'double';
  if (node.type === Scalar.QUOTE_SINGLE) return 'single';
  return undefined;
}

export { isMap, isSeq, isScalar, isPair };
export { Scalar };
export type { YAMLMap, Node };

/** The build section of a service, normalised. */
export interface ServiceBuild {
  context: string;
  contextNode: Scalar | undefined;
  dockerfile: string | undefined;
  dockerfileNode: Scalar | undefined;
  target: string | undefined;
}

export function serviceBuild(s: ComposeService): ServiceBuild | undefined {
  const b = mapGet(s.doc, s.node, 'build');
  if (b === undefined) return undefined;
  if (isScalar(b)) {
    const ctx = scalarString(b);
    return ctx === undefined ? undefined : { context: ctx, contextNode: b, dockerfile: undefined, dockerfileNode: undefined, target: undefined };
  }
  if (!isMap(b)) return undefined;
  const ctxNode = mapGet(s.doc, b, 'context');
  const dfNode = mapGet(s.doc, b, 'dockerfile');
  const tNode = mapGet(s.doc, b, 'target');
  return {
    context: scalarString(ctxNode) ?? '.',
    contextNode: isScalar(ctxNode) ? ctxNode : undefined,
    dockerfile: scalarString(dfNode),
    dockerfileNode: isScalar(dfNode) ? dfNode : undefined,
    target: scalarString(tNode),
  };
}

export function serviceString(s: ComposeService, key: string): string | undefined {
  return scalarString(mapGet(s.doc, s.node, key));
}

const byName = new WeakMap<ComposeModel, Map<string, ComposeService>>();

/**
 * The service named `name` (the first one, as a search in order would find), from an index built
 * once per model: rules ask for services by name for every service, and a search each time made a
 * compose file of thousands of services quadratic.
 */
export function serviceNamed(model: ComposeModel | undefined, name: string | undefined): ComposeService | undefined {
  if (!model || name === undefined) return undefined;
  let index = byName.get(model);
  if (!index) {
    index = new Map();
    for (const svc of model.services) if (!index.has(svc.name)) index.set(svc.name, svc);
    byName.set(model, index);
  }
  return index.get(name);
}
