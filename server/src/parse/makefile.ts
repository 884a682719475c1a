/**
 * Just enough of GNU make to see which commands a target runs: variable definitions (`=`, `:=`,
 * `::=`, `?=`, `+=`, with `export` and `override`), rules with their prerequisites and recipes
 * (tab-indented lines, backslash continuations), `.DEFAULT_GOAL`, and the expansion of `$(NAME)`,
 * `${NAME}`, `$$` and `$@`. Functions (`$(shell ...)`, `$(wildcard ...)`) are not evaluated: their
 * text stays, with its `$`, so that whoever reads the result sees that it is not known.
 *
 * Conditionals (`ifeq`, `ifdef` ...) are read through: the definitions and recipes of every branch
 * count, later ones winning, as nothing here knows which branch make would take.
 */

export interface MakeRecipeLine {
  /** The line as written, without its leading tab; continuation lines joined with a space. */
  text: string;
  /** Offset of the text in the Makefile. */
  start: number;
}

export interface MakeRule {
  target: string;
  prerequisites: string[];
  recipe: MakeRecipeLine[];
}

export interface Makefile {
  vars: Map<string, string>;
  /** Variables marked `export` (or all, after a bare `export`). */
  exported: Set<string>;
  exportAll: boolean;
  rules: Map<string, MakeRule>;
  /** The goal `make` builds without arguments: `.DEFAULT_GOAL`, else the first ordinary target. */
  defaultGoal: string | undefined;
}

const ASSIGN = /^(?:(export|override)\s+)*([A-Za-z_.][\w.-]*)\s*(::=|:=|\?=|\+=|!=|=)\s*(.*)$/;

/**
 * Parses a Makefile's text (any size: one pass over the lines). `curdir`: the folder make runs in,
 * for `$(CURDIR)` (make's own variable), when the caller knows it.
 */
export function parseMakefile(text: string, curdir?: string): Makefile {
  const builtins: ReadonlyMap<string, string> = curdir === undefined ? new Map() : new Map([['CURDIR', curdir]]);
  const mk: Makefile = { vars: new Map(), exported: new Set(), exportAll: false, rules: new Map(), defaultGoal: undefined };
  let firstTarget: string | undefined;
  let current: MakeRule[] = [];
  const lines = splitLines(text);
  for (const { text: line, start } of lines) {
    if (line.startsWith('\t')) {
      if (!current.length) continue;
      const body = line.slice(1);
      if (!body.trim() || body.trimStart().startsWith('#')) continue;
      for (const r of current) r.recipe.push({ text: body, start: start + 1 });
      continue;
    }
    const stripped = stripComment(line).trimEnd();
    if (!stripped.trim()) continue;
    const trimmed = stripped.trimStart();
    if (/^(ifeq|ifneq|ifdef|ifndef|else|endif|include|-include|sinclude|define|endef|undefine|vpath)\b/.test(trimmed)) continue;
    const assign = ASSIGN.exec(trimmed);
    if (assign && !/^[^=]*:[^=]/.test(trimmed.slice(0, trimmed.indexOf(assign[3])))) {
      current = [];
      const [, prefix, name, op, value] = assign;
      if (prefix === 'export' || /^export\s/.test(trimmed)) mk.exported.add(name);
      if (op === '?=' && mk.vars.has(name)) continue;
      if (op === '!=') mk.vars.set(name, '$(shell ' + value + ')');
      else if (op === '+=') mk.vars.set(name, (mk.vars.has(name) ? mk.vars.get(name) + ' ' : '') + value);
      else if (op === ':=' || op === '::=') mk.vars.set(name, expandMake(value, mk.vars, builtins, undefined));
      else mk.vars.set(name, value);
      if (name === '.DEFAULT_GOAL') mk.defaultGoal = value.trim();
      continue;
    }
    if (/^export\s*$/.test(trimmed)) {
      mk.exportAll = true;
      continue;
    }
    const exportNames = /^export\s+([\w\s.-]+)$/.exec(trimmed);
    if (exportNames) {
      for (const n of exportNames[1].split(/\s+/)) if (n) mk.exported.add(n);
      continue;
    }
    // A rule: `targets: prerequisites` (also `targets:: ...`), maybe with a recipe after `;`.
    const colon = ruleColon(trimmed);
    if (colon < 0) {
      current = [];
      continue;
    }
    const targets = trimmed.slice(0, colon).trim().split(/\s+/).filter(Boolean);
    let rest = trimmed.slice(colon + 1).replace(/^:/, '');
    let inline: string | undefined;
    const semi = rest.indexOf(';');
    if (semi >= 0) {
      inline = rest.slice(semi + 1).trim();
      rest = rest.slice(0, semi);
    }
    // Target-specific variables (`target: NAME = value`) are not read.
    if (/^\s*[\w.-]+\s*(::=|:=|\?=|\+=|=)/.test(rest)) {
      current = [];
      continue;
    }
    const prerequisites = rest.split('|')[0].trim().split(/\s+/).filter(Boolean);
    current = [];
    for (const t of targets) {
      if (t.includes('%') || t.includes('$')) continue;
      let rule = mk.rules.get(t);
      if (!rule) mk.rules.set(t, (rule = { target: t, prerequisites: [], recipe: [] }));
      rule.prerequisites.push(...prerequisites);
      if (inline) rule.recipe.push({ text: inline, start: start + line.indexOf(inline) });
      current.push(rule);
      if (firstTarget === undefined && !t.startsWith('.')) firstTarget = t;
    }
  }
  mk.defaultGoal ??= firstTarget;
  return mk;
}

/** The lines of a Makefile with backslash continuations joined (a continued line keeps its first offset). */
function splitLines(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let pending: { text: string; start: number } | undefined;
  let i = 0;
  while (i <= text.length) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = text.length;
    let line = text.slice(i, nl);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    const continued = /(^|[^\\])(\\\\)*\\$/.test(line);
    const piece = continued ? line.slice(0, -1) : line;
    if (pending) pending.text += ' ' + piece.replace(/^[ \t]+/, '');
    else pending = { text: piece, start: i };
    if (!continued) {
      out.push(pending);
      pending = undefined;
    }
    if (nl >= text.length) break;
    i = nl + 1;
  }
  if (pending) out.push(pending);
  return out;
}

function stripComment(line: string): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '#') return line.slice(0, i);
  }
  return line;
}

/** The offset of the colon that makes a line a rule (not one inside `$(...)` or a `:=`); -1 when none. */
function ruleColon(line: string): number {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) {
      depth++;
      i++;
    } else if ((c === ')' || c === '}') && depth > 0) depth--;
    else if (c === ':' && depth === 0) {
      if (line[i + 1] === '=') return -1;
      // A Windows drive letter (C:\...) is not a rule separator.
      if (i === 1 && /[A-Za-z]/.test(line[0]) && /[\\/]/.test(line[i + 1] ?? '')) continue;
      return i;
    }
  }
  return -1;
}

/** Make's automatic and special variables that a recipe may use. */
export interface MakeAutomatic {
  /** `$@`: the target. */
  target?: string;
}

/**
 * Expands `$(NAME)`, `${NAME}`, `$X` (one-letter names), `$$` and `$@` in `text`, recursively, with
 * variables from the command line (`overrides`, which win) and the Makefile. An unknown variable
 * expands to nothing, as in make; a function call stays as written.
 */
export function expandMake(text: string, vars: ReadonlyMap<string, string>, overrides: ReadonlyMap<string, string>, auto: MakeAutomatic | undefined, depth = 0): string {
  if (!text.includes('$')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const n = text[i + 1];
    if (n === '$') {
      out += '$';
      i++;
      continue;
    }
    if (n === '(' || n === '{') {
      const close = matching(text, i + 1);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      const inner = text.slice(i + 2, close);
      if (/^[\w.-]+$/.test(inner)) out += lookup(inner, vars, overrides, auto, depth);
      else out += text.slice(i, close + 1); // a function: not evaluated
      i = close;
      continue;
    }
    if (n === '@') {
      out += auto?.target ?? '$@';
      i++;
      continue;
    }
    if (n !== undefined && /[A-Za-z_]/.test(n)) {
      out += lookup(n, vars, overrides, auto, depth);
      i++;
      continue;
    }
    out += c;
  }
  return out;
}

function lookup(name: string, vars: ReadonlyMap<string, string>, overrides: ReadonlyMap<string, string>, auto: MakeAutomatic | undefined, depth: number): string {
  const raw = overrides.get(name) ?? vars.get(name);
  if (raw === undefined) return name === 'MAKE' ? 'make' : '';
  // A variable that refers to itself (or nests too deep) is left unexpanded.
  if (depth > 16) return '$(' + name + ')';
  return expandMake(raw, vars, overrides, auto, depth + 1);
}

function matching(text: string, open: number): number {
  const o = text[open];
  const c = o === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === o) depth++;
    else if (text[i] === c && --depth === 0) return i;
  }
  return -1;
}
