/**
 * .dockerignore matching, following the documented rules: patterns are relative to the context root,
 * `*` and `?` stay inside one path segment, `**` spans segments, a leading `!` re-includes, the last
 * matching pattern wins, and a pattern that matches a directory excludes everything below it.
 */

export interface IgnorePattern {
  raw: string;
  negate: boolean;
  re: RegExp;
  start: number;
  end: number;
}

export function parseDockerignore(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  let pos = 0;
  for (const line of text.split('\n')) {
    const start = pos;
    pos += line.length + 1;
    let p = line.replace(/\r$/, '').trim();
    if (!p || p.startsWith('#')) continue;
    const negate = p.startsWith('!');
    if (negate) p = p.slice(1).trim();
    p = p.replace(/\\/g, '/').replace(/^\/+/, '').replace(/\/+$/, '');
    p = normalize(p);
    if (!p) continue;
    out.push({ raw: line.trim(), negate, re: globToRegExp(p), start, end: start + line.replace(/\r$/, '').length });
  }
  return out;
}

function normalize(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i);
      if (close > i) {
        re += '[' + glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      } else re += '\\[';
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  // A pattern also matches everything below a matched directory.
  return new RegExp('^' + re + '(?:/.*)?$');
}

/** The pattern that decides `relPath` (context-relative, forward slashes), when it is excluded. */
export function excludedBy(patterns: IgnorePattern[], relPath: string): IgnorePattern | undefined {
  const p = normalize(relPath.replace(/\\/g, '/'));
  let decided: IgnorePattern | undefined;
  for (const pat of patterns) if (pat.re.test(p)) decided = pat.negate ? undefined : pat;
  return decided;
}
