/**
 * Expands VS Code snippet bodies the way accepting every default does: `${1:default}` becomes
 * `default` (and every other `$1` / `${1}` of the body the same text), `${1|a,b|}` becomes `a`,
 * `$0` disappears, `\$` / `\}` / `\\` are literals. Variables (`$TM_FILENAME`, `${NAME:default}`)
 * become their default or nothing: the snippets of this project use none.
 */
import * as fs from 'node:fs';

type Node = { text: string } | { tabstop: number; children: Node[] | undefined; choice?: string } | { variable: string; children: Node[] | undefined };

function parse(s: string, at: number, inside: boolean): { nodes: Node[]; at: number } {
  const nodes: Node[] = [];
  let text = '';
  const flush = () => {
    if (text) nodes.push({ text });
    text = '';
  };
  while (at < s.length) {
    const c = s[at];
    if (c === '\\' && at + 1 < s.length && '$}\\'.includes(s[at + 1])) {
      text += s[at + 1];
      at += 2;
      continue;
    }
    if (inside && c === '}') break;
    if (c === '$') {
      const simple = /^\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(at));
      if (simple) {
        flush();
        const name = simple[1];
        nodes.push(/^\d+$/.test(name) ? { tabstop: Number(name), children: undefined } : { variable: name, children: undefined });
        at += simple[0].length;
        continue;
      }
      const braced = /^\$\{(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(at));
      if (braced) {
        flush();
        const name = braced[1];
        at += braced[0].length;
        const numeric = /^\d+$/.test(name);
        if (s[at] === '}') {
          nodes.push(numeric ? { tabstop: Number(name), children: undefined } : { variable: name, children: undefined });
          at++;
        } else if (s[at] === ':') {
          const inner = parse(s, at + 1, true);
          at = inner.at + 1;
          nodes.push(numeric ? { tabstop: Number(name), children: inner.nodes } : { variable: name, children: inner.nodes });
        } else if (s[at] === '|' && numeric) {
          const end = s.indexOf('|}', at + 1);
          if (end < 0) throw new Error(`unterminated choice at ${at} in snippet body`);
          nodes.push({ tabstop: Number(name), children: undefined, choice: s.slice(at + 1, end).split(',')[0] });
          at = end + 2;
        } else throw new Error(`unexpected ${JSON.stringify(s[at])} after \${${name} at ${at}`);
        continue;
      }
    }
    text += c;
    at++;
  }
  flush();
  return { nodes, at };
}

/** The body of a snippet with every placeholder at its default. */
export function expandSnippet(body: string | string[]): string {
  const source = Array.isArray(body) ? body.join('\n') : body;
  const { nodes, at } = parse(source, 0, false);
  if (at !== source.length) throw new Error(`unbalanced "}" at ${at} in snippet body`);
  const defaults = new Map<number, Node[] | string>();
  const collect = (list: Node[]) => {
    for (const n of list) {
      if ('tabstop' in n) {
        if (n.choice !== undefined && !defaults.has(n.tabstop)) defaults.set(n.tabstop, n.choice);
        if (n.children && !defaults.has(n.tabstop)) defaults.set(n.tabstop, n.children);
        if (n.children) collect(n.children);
      } else if ('variable' in n && n.children) collect(n.children);
    }
  };
  collect(nodes);
  const render = (list: Node[], depth: number): string => {
    if (depth > 20) throw new Error('placeholders nest too deeply');
    let out = '';
    for (const n of list) {
      if ('text' in n) out += n.text;
      else if ('tabstop' in n) {
        const d = defaults.get(n.tabstop);
        out += d === undefined ? '' : typeof d === 'string' ? d : render(d, depth + 1);
      } else out += n.children ? render(n.children, depth + 1) : '';
    }
    return out;
  };
  return render(nodes, 0);
}

export interface SnippetEntry {
  name: string;
  prefix: string[];
  description: string;
  body: string[];
}

/** The snippets of one contributed snippet file. */
export function readSnippets(file: string): SnippetEntry[] {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { prefix: string | string[]; description: string; body: string | string[] }>;
  return Object.entries(data).map(([name, s]) => ({
    name,
    prefix: Array.isArray(s.prefix) ? s.prefix : [s.prefix],
    description: s.description,
    body: Array.isArray(s.body) ? s.body : [s.body],
  }));
}
