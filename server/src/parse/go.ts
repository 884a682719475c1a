/**
 * Go source facts from real syntax trees (tree-sitter-go through web-tree-sitter). The tree is
 * turned into plain data right away and freed, so nothing holds wasm memory between analyses.
 * Offsets are UTF-16 indices (web-tree-sitter parses JavaScript strings as UTF-16).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Parser, Language, Node as TSNode } from 'web-tree-sitter';

let parser: Parser | undefined;
let initPromise: Promise<void> | undefined;

function findWasm(file: string, pkgResolve: () => string): string {
  const local = path.join(__dirname, file);
  if (fs.existsSync(local)) return local;
  return pkgResolve();
}

/** Loads the Go grammar once. Every entry point awaits this before analysing. */
export function initGoParser(): Promise<void> {
  if (!initPromise) {
    initPromise = (async () => {
      const runtimeWasm = findWasm('web-tree-sitter.wasm', () =>
        path.join(path.dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'),
      );
      const goWasm = findWasm('tree-sitter-go.wasm', () => require.resolve('tree-sitter-go/tree-sitter-go.wasm'));
      await Parser.init({ locateFile: () => runtimeWasm });
      const lang = await Language.load(fs.readFileSync(goWasm));
      const p = new Parser();
      p.setLanguage(lang);
      parser = p;
    })();
  }
  return initPromise;
}

export interface StringLit {
  /** The string's value (escapes of interpreted strings decoded for the common cases). */
  value: string;
  /** Offsets of the whole literal including quotes. */
  start: number;
  end: number;
  quote: '"' | '`';
}

export interface GoImport {
  path: string;
  name: string | undefined;
  start: number;
  end: number;
}

export interface ListenSite {
  /** How the address reaches the server, e.g. "http.ListenAndServe", "r.Run", "http.Server{Addr}". */
  api: string;
  /** Offsets of the call or composite literal. */
  start: number;
  end: number;
  /** The literal that holds the address (possibly in a package constant). */
  literal: StringLit;
}

export interface GoFacts {
  packageName: string | undefined;
  imports: GoImport[];
  /** Offsets of the import declarations (for inserting imports). */
  importDecls: { start: number; end: number }[];
  importsC: boolean;
  listens: ListenSite[];
  hasErrors: boolean;
}

const LISTEN_FUNCS: Record<string, Record<string, number>> = {
  http: { ListenAndServe: 0, ListenAndServeTLS: 0 },
  net: { Listen: 1, ListenPacket: 1 },
  tls: { Listen: 1 },
  iris: { Addr: 0, TLS: 0 },
  server: { WithHostPorts: 0 },
};
/** Method names of web frameworks whose first argument is the listen address (gin, echo, fiber, iris, hertz). */
const LISTEN_METHODS = new Set(['Run', 'RunTLS', 'Start', 'StartTLS', 'Listen', 'ListenTLS', 'ListenAndServe', 'ListenAndServeTLS']);

export function parseGo(text: string): GoFacts {
  if (!parser) throw new Error('Go parser used before initGoParser() finished');
  const tree = parser.parse(text);
  if (!tree) return { packageName: undefined, imports: [], importDecls: [], importsC: false, listens: [], hasErrors: true };
  try {
    return extract(tree.rootNode);
  } finally {
    tree.delete();
  }
}

function extract(root: TSNode): GoFacts {
  const facts: GoFacts = {
    packageName: undefined,
    imports: [],
    importDecls: [],
    importsC: false,
    listens: [],
    hasErrors: root.hasError,
  };
  const consts = new Map<string, StringLit>();
  const calls: TSNode[] = [];
  const composites: TSNode[] = [];

  // Iterative walk: deep nesting in hostile files must not overflow the stack.
  const cursor = root.walk();
  let visited = 0;
  for (;;) {
    const n = cursor.currentNode;
    visited++;
    switch (n.type) {
      case 'package_clause': {
        const id = n.namedChildren.find((c) => c?.type === 'package_identifier');
        if (id) facts.packageName = id.text;
        break;
      }
      case 'import_declaration':
        facts.importDecls.push({ start: n.startIndex, end: n.endIndex });
        break;
      case 'import_spec': {
        const p = n.childForFieldName('path');
        const name = n.childForFieldName('name');
        if (p) {
          const lit = stringLit(p);
          if (lit) {
            facts.imports.push({ path: lit.value, name: name?.text, start: n.startIndex, end: n.endIndex });
            if (lit.value === 'C') facts.importsC = true;
          }
        }
        break;
      }
      case 'const_spec': {
        // Only package-level constants: their parent chain is const_declaration under source_file.
        const decl = n.parent;
        if (decl?.parent?.type === 'source_file') {
          const names = n.childrenForFieldName('name');
          const value = n.childForFieldName('value');
          const vals = value ? value.namedChildren : [];
          names.forEach((nm, k) => {
            const v = vals[k];
            const lit = v ? stringLit(v) : undefined;
            if (nm && lit) consts.set(nm.text, lit);
          });
        }
        break;
      }
      case 'call_expression':
        calls.push(n);
        break;
      case 'composite_literal':
        composites.push(n);
        break;
    }
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return finish();
      }
    }
  }

  function finish(): GoFacts {
    void visited;
    const addrOf = (n: TSNode | null | undefined): StringLit | undefined => {
      if (!n) return undefined;
      const lit = stringLit(n);
      if (lit) return lit;
      if (n.type === 'identifier') return consts.get(n.text);
      return undefined;
    };
    for (const call of calls) {
      const fn = call.childForFieldName('function');
      const args = call.childForFieldName('arguments');
      if (!fn || !args || fn.type !== 'selector_expression') continue;
      const operand = fn.childForFieldName('operand');
      const field = fn.childForFieldName('field')?.text ?? '';
      const argList = args.namedChildren.filter((a): a is TSNode => !!a && a.type !== 'comment');
      let idx: number | undefined;
      let api: string;
      const pkg = operand?.type === 'identifier' ? operand.text : undefined;
      if (pkg && LISTEN_FUNCS[pkg] && field in LISTEN_FUNCS[pkg]) {
        idx = LISTEN_FUNCS[pkg][field];
        api = `${pkg}.${field}`;
      } else if (LISTEN_METHODS.has(field)) {
        idx = 0;
        api = `${operand?.text ?? ''}.${field}`;
      } else continue;
      const lit = addrOf(argList[idx]);
      if (lit) facts.listens.push({ api, start: call.startIndex, end: call.endIndex, literal: lit });
    }
    for (const comp of composites) {
      const type = comp.childForFieldName('type');
      const typeName = type?.text ?? '';
      if (!/(^|\.)Server$/.test(typeName)) continue;
      const body = comp.childForFieldName('body');
      for (const el of body?.namedChildren ?? []) {
        if (!el || el.type !== 'keyed_element') continue;
        const [k, v] = el.namedChildren;
        const keyText = k?.text.trim();
        if (keyText !== 'Addr') continue;
        const valueNode = v?.type === 'literal_element' ? v.namedChildren[0] : v;
        const lit = addrOf(valueNode);
        if (lit) facts.listens.push({ api: `${typeName}{Addr}`, start: comp.startIndex, end: comp.endIndex, literal: lit });
      }
    }
    return facts;
  }
}

function stringLit(n: TSNode): StringLit | undefined {
  if (n.type === 'raw_string_literal') {
    const t = n.text;
    return { value: t.slice(1, -1), start: n.startIndex, end: n.endIndex, quote: '`' };
  }
  if (n.type === 'interpreted_string_literal') {
    const t = n.text;
    if (t.length < 2 || !t.endsWith('"')) return undefined;
    const value = t.slice(1, -1).replace(/\\(["\\nt])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
    return { value, start: n.startIndex, end: n.endIndex, quote: '"' };
  }
  return undefined;
}
