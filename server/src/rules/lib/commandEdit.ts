/**
 * Edits of a container's command line, wherever it is written: an argument inserted after a word
 * of a compose string or list, a Dockerfile exec form (JSON) or shell form, or a `sh -c` script.
 */
import type { FileEdit } from '../../core/types';
import type { Project } from '../../project/project';
import type { CmdWord } from '../../model/containerCommand';
import { detectEol } from '../../core/text';
import { lineStartOf, yamlValue } from './composeKit';

/** Inserts `arg` (or several) as the arguments right after `word`; undefined when the word cannot be edited safely. */
export function insertArgAfter(project: Project, word: CmdWord, arg: string | readonly string[]): FileEdit | undefined {
  const list = typeof arg === 'string' ? [arg] : arg;
  if (!list.length) return undefined;
  if (!word.exact) return undefined;
  const text = project.text(word.path);
  if (text === undefined) return undefined;
  switch (word.syntax) {
    case 'shell':
      return { path: word.path, start: word.end, end: word.end, newText: list.map((a) => ' ' + a).join('') };
    case 'json':
      if (text[word.itemEnd - 1] !== '"') return undefined;
      return { path: word.path, start: word.itemEnd, end: word.itemEnd, newText: list.map((a) => `, ${JSON.stringify(a)}`).join('') };
    case 'yaml-flow':
      return { path: word.path, start: word.itemEnd, end: word.itemEnd, newText: list.map((a) => `, ${yamlValue(a)}`).join('') };
    case 'yaml-block': {
      // A new `- arg` line after the item's line, at the column of its dash.
      const ls = lineStartOf(text, word.start);
      const dash = text.indexOf('-', ls);
      if (dash < 0 || dash > word.start || text.slice(ls, dash).trim()) return undefined;
      const nl = text.indexOf('\n', word.itemEnd);
      if (nl >= 0 && text.slice(word.itemEnd, nl).replace(/\r$/, '').trim() && !text.slice(word.itemEnd, nl).trim().startsWith('#')) return undefined;
      const eol = detectEol(text);
      const lines = list.map((a) => `${text.slice(ls, dash)}- ${yamlValue(a)}`);
      if (nl < 0) return { path: word.path, start: text.length, end: text.length, newText: lines.map((l) => eol + l).join('') };
      return { path: word.path, start: nl + 1, end: nl + 1, newText: lines.map((l) => l + eol).join('') };
    }
  }
}

/** Replaces the text of a word (its value as written; the word must spell its value exactly). */
export function replaceWord(project: Project, word: CmdWord, value: string): FileEdit | undefined {
  if (!word.exact) return undefined;
  const text = project.text(word.path);
  if (text === undefined) return undefined;
  let newText = value;
  if (word.syntax === 'shell' && /[\s"'$`\\;&|<>()]/.test(value)) return undefined;
  if (word.syntax === 'yaml-flow' || word.syntax === 'yaml-block') {
    const quoted = text[word.start - 1];
    if (quoted === '"') newText = JSON.stringify(value).slice(1, -1);
    else if (quoted === "'") newText = value.replace(/'/g, "''");
    else if (yamlValue(value) !== value) return undefined;
  }
  if (word.syntax === 'json') newText = JSON.stringify(value).slice(1, -1);
  return { path: word.path, start: word.start, end: word.end, newText };
}
