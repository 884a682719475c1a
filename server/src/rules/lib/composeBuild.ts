/**
 * Edits of the compose file that builds a Dockerfile, for Dockerfile rules whose fix needs the
 * build to pass something more (a build secret, an additional context): an entry under the
 * service's `build:` (turning `build: <context>` into a map when needed) and a top-level entry.
 * They keep the file's indentation and line endings, and give up (undefined) on anything unusual:
 * flow style, merge keys, several documents.
 */
import type { Project } from '../../project/project';
import type { ImageBuild } from '../../project/project';
import type { FileEdit } from '../../core/types';
import { detectEol } from '../../core/text';
import { isMap, isScalar, isSeq, scalarString, type YAMLMap, type Node } from '../../parse/compose';
import { appendToBlock, childIndent, columnOf, FileText, indentUnit, ownPair } from './composeKit';

type Service = NonNullable<ImageBuild['service']>;

function fileText(project: Project, p: string): FileText | undefined {
  const text = project.text(p);
  return text === undefined ? undefined : { path: p, text, eol: detectEol(text) };
}

function serviceOf(project: Project, service: Service) {
  const model = project.compose(service.composePath);
  if (!model || model.docs.length !== 1 || model.errors.length) return undefined;
  const svc = model.services.find((s) => s.name === service.name && s.keyStart === service.keyStart);
  return svc && !svc.node.flow ? { model, svc } : undefined;
}

/**
 * An edit that puts `item` (one line, e.g. `- netrc` or `lib: ../lib`) under `key` of the service's
 * build section. `present` tells whether an existing entry already is the one wanted: then no edit
 * is needed and the result is `null`.
 */
export function buildEntryEdit(project: Project, service: Service, key: string, item: string, present: (node: Node) => boolean): FileEdit | null | undefined {
  const ft = fileText(project, service.composePath);
  const found = serviceOf(project, service);
  if (!ft || !found) return undefined;
  const { svc } = found;
  const unit = indentUnit(ft, svc);
  const pair = ownPair(svc.node, 'build');
  if (!pair || !isScalar(pair.key)) return undefined;
  const value = pair.value as Node | null;
  if (value && isScalar(value) && !value.anchor && value.range) {
    // `build: ./api` → a map with the context and the new entry.
    const keyRange = pair.key.range;
    if (!keyRange || ft.text[keyRange[1]] !== ':' || ft.text.slice(keyRange[1] + 1, value.range[0]).trim()) return undefined;
    if (ft.text.slice(value.range[0], value.range[1]).includes('\n')) return undefined;
    const indent = ' '.repeat(columnOf(ft.text, keyRange[0])) + unit;
    const raw = ft.text.slice(value.range[0], value.range[1]);
    const lines = [`context: ${raw}`, `${key}:`, `${unit}${item}`].map((l) => indent + l);
    return { path: ft.path, start: keyRange[1] + 1, end: value.range[1], newText: ft.eol + lines.join(ft.eol) };
  }
  if (!value || !isMap(value) || value.flow || value.anchor) return undefined;
  const own = ownPair(value, key);
  if (!own) {
    if (value.items.some((p) => isScalar(p.key) && p.key.value === '<<')) return undefined;
    return appendToBlock(ft, value, [`${key}:`, `${unit}${item}`]) ?? undefined;
  }
  const list = own.value as Node | null;
  if (!list || (!isSeq(list) && !isMap(list)) || list.flow) return undefined;
  const entries: Node[] = isSeq(list) ? (list.items as Node[]) : (list as YAMLMap).items.map((p) => p.key as Node);
  if (entries.some(present)) return null;
  if (item.startsWith('- ') !== isSeq(list)) return undefined;
  return appendToBlock(ft, list, [item]) ?? undefined;
}

/**
 * An edit adding `name` (with the lines below it, relative to it) under the top-level `section`
 * (`secrets`) of the compose file, creating the section at the end of the file when it is not
 * there. `null` when `name` is there already.
 */
export function topLevelEntryEdit(project: Project, service: Service, section: string, name: string, body: string[]): FileEdit | null | undefined {
  const ft = fileText(project, service.composePath);
  const found = serviceOf(project, service);
  if (!ft || !found) return undefined;
  const root = found.model.docs[0].contents;
  if (!root || !isMap(root) || root.flow) return undefined;
  const unit = indentUnit(ft, found.svc);
  const pair = ownPair(root, section);
  const entry = [`${name}:`, ...body.map((l) => unit + l)];
  if (!pair) {
    if (root.items.some((p) => isScalar(p.key) && p.key.value === '<<')) return undefined;
    const text = ft.text;
    const lead = text.length > 0 && !text.endsWith('\n') ? ft.eol : '';
    const lines = [`${section}:`, ...entry.map((l) => unit + l)];
    return { path: ft.path, start: text.length, end: text.length, newText: lead + lines.join(ft.eol) + ft.eol };
  }
  const map = pair.value as Node | null;
  if (!map || !isMap(map) || map.flow) return undefined;
  if (map.items.some((p) => isScalar(p.key) && scalarString(p.key) === name)) return null;
  if (childIndent(ft.text, map) === undefined) return undefined;
  return appendToBlock(ft, map, entry) ?? undefined;
}
