/**
 * How the language server shows a container (model/containerView.ts): as the markdown of a hover,
 * and as the JSON of the `dockerGoTraps/containerMap` request, whose `node` trees the VS Code client
 * shows as they are. Texts come from the l10n catalogue; places become links (`file:///…#L12,5`, which
 * VS Code opens at that line and column) or LSP locations.
 */
import type { Location } from 'vscode-languageserver/node';
import type { ContainerItem, FactItem, Place } from '../model/containerView';
import { ui, type Locale, type UiKey } from '../l10n';

export interface PresentContext {
  locale: Locale;
  /** The LSP location of a place; undefined when its file cannot be read. */
  location(place: Place): Location | undefined;
  /** The name a file goes by for the user: its path in the workspace folder. */
  name(path: string): string;
  /** Findings last published in a file, or in a part of it. */
  findings(scope: { path: string; start?: number; end?: number }): number;
}

/** One piece of a line: a value, maybe in code style, maybe a link, maybe with a note after it. */
interface Part {
  /** Words before the value ("built by"). */
  prefix?: string;
  text: string;
  code?: boolean;
  at?: Place;
  note?: string;
  /** The note is for the map only: in a hover the line already says it (a fact of the base image). */
  mapOnlyNote?: boolean;
}

interface Line {
  kind: NodeKind;
  label: string;
  parts: Part[];
  /** Lines under this one (the base image's facts, a Go main's environment). */
  subs?: Line[];
  /** Findings counted for this line's file (Dockerfile, Go main). */
  findings?: number;
}

export type NodeKind =
  | 'service'
  | 'dockerfile'
  | 'image'
  | 'stage'
  | 'base'
  | 'fact'
  | 'go'
  | 'env'
  | 'listen'
  | 'port'
  | 'mount'
  | 'info';

/** A node of the container map as the client shows it. */
export interface MapNode {
  kind: NodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  location?: Location;
  findings?: number;
  children?: MapNode[];
}

export interface ContainerMapEntry {
  id: string;
  kind: 'service' | 'dockerfile';
  /** The service name, or the Dockerfile's name in the workspace. */
  name: string;
  /** Findings last published in the files (and the service's part of the compose file) that make the container. */
  findings: number;
  location: Location | undefined;
  service: { name: string; location: Location | undefined; image: string | undefined } | undefined;
  /** `exists` false with `outside` true: outside the workspace folders, not read. */
  dockerfile: { uri: string | undefined; target: string | undefined; exists: boolean; outside: boolean } | undefined;
  stages: { index: number; name: string | undefined; from: string; final: boolean; location: Location | undefined }[];
  base:
    | {
        image: string;
        known: boolean;
        /** null: unknown. */
        libc: string | null;
        libcVersion: string | null;
        shell: string;
        user: string | null;
        userSource: string;
        certificates: string;
        zoneinfo: string;
        location: Location | undefined;
      }
    | undefined;
  go: 'known' | 'none' | 'unknown';
  mains: { uri: string | undefined; location: Location | undefined; build: Location | undefined; command: string; env: Record<string, string | null> }[];
  listens: { text: string; api: string; location: Location | undefined }[];
  ports: { kind: 'published' | 'exposed'; text: string; location: Location | undefined }[];
  mounts: { kind: string; source: string | undefined; target: string | undefined; readOnly: boolean; location: Location | undefined }[];
  /** What the client shows: the entry and its lines, in the user's language. */
  node: MapNode;
}

export interface ContainerMap {
  version: 1;
  entries: ContainerMapEntry[];
  truncated: boolean;
  /** Said when `truncated`. */
  message: string | undefined;
}

// ---- the lines of a container ----------------------------------------------------------------

function t(o: PresentContext, key: UiKey, data?: Record<string, string | number>): string {
  return ui(key, o.locale, data);
}

function stageName(s: { index: number; name: string | undefined }): string {
  return s.name ?? `#${s.index}`;
}

function title(item: ContainerItem, o: PresentContext): string {
  if (item.service) return t(o, 'viewTitleService', { name: item.service.name });
  const file = item.dockerfile ? o.name(item.dockerfile.path) : '?';
  return item.dockerfile?.target ? t(o, 'viewTitleBuildTarget', { file, target: item.dockerfile.target }) : t(o, 'viewTitleBuild', { file });
}

function factText(f: FactItem, o: PresentContext): Part {
  const value = f.has === 'yes' ? t(o, 'viewYes') : f.has === 'no' ? t(o, 'viewNo') : t(o, 'viewUnknown');
  const note =
    f.has === 'unknown'
      ? undefined
      : f.via === 'installed'
        ? t(o, 'viewViaInstalled', { what: f.detail ?? '?' })
        : f.via === 'copied'
          ? t(o, 'viewViaCopied')
          : f.via === 'env'
            ? t(o, 'viewViaEnv', { what: f.detail ?? '?' })
            : f.via === 'base'
              ? t(o, 'viewViaBase')
              : undefined;
  return { text: value, at: f.at, note, mapOnlyNote: f.via === 'base' };
}

function linesOf(item: ContainerItem, o: PresentContext): Line[] {
  const lines: Line[] = [];
  const svc = item.service;
  if (svc) {
    const key = svc.keys[0];
    lines.push({
      kind: 'service',
      label: t(o, 'viewService'),
      parts: [{ text: svc.name, code: true, at: key, note: key ? t(o, 'viewServiceIn', { file: o.name(key.path) }) : undefined }],
    });
  }
  const df = item.dockerfile;
  if (df) {
    const parts: Part[] = [
      { text: o.name(df.path), at: { path: df.path, start: 0, end: 0 }, note: df.outside ? t(o, 'viewOutside') : df.exists ? undefined : t(o, 'viewDockerfileMissing') },
    ];
    const final = item.stages.find((s) => s.final);
    if (final) parts.push({ text: stageName(final), code: true, at: final.at, note: `${t(o, 'viewFinal')} · FROM ${final.from}` });
    else if (df.exists && df.target) parts.push({ text: t(o, 'viewTargetMissing', { target: df.target }) });
    const fed = item.stages.filter((s) => !s.final);
    const subs: Line[] = fed.length ? [{ kind: 'stage', label: t(o, 'viewFedBy'), parts: fed.map((s) => ({ text: stageName(s), code: true, at: s.at, note: `FROM ${s.from}` })) }] : [];
    lines.push({ kind: 'dockerfile', label: t(o, 'viewDockerfile'), parts, subs, findings: o.findings({ path: df.path }) });
  }
  const base = item.base;
  if (base) {
    const unknown = t(o, 'viewUnknown');
    const libc = base.libc === undefined ? unknown : base.libc === 'none' ? t(o, 'viewNone') : base.libcVersion ? `${base.libc} ${base.libcVersion}` : base.libc;
    const shell: Part =
      base.shell.has === 'unknown' ? { text: unknown } : { ...factText(base.shell, o), text: base.shell.has === 'yes' ? (base.shell.path ?? t(o, 'viewYes')) : t(o, 'viewNone') };
    const u = base.user;
    const user: Part = {
      text: u.value ?? unknown,
      at: u.at,
      note: u.source === 'compose' ? t(o, 'viewUserCompose') : u.source === 'USER' ? t(o, 'viewUserDockerfile') : u.source === 'base' ? t(o, 'viewUserBase') : undefined,
    };
    const imageOnly = !!svc?.image;
    lines.push({
      kind: imageOnly ? 'image' : 'base',
      label: imageOnly ? t(o, 'viewImage') : t(o, 'viewBase'),
      parts: [
        {
          text: base.image,
          code: true,
          at: base.at,
          note: imageOnly ? t(o, 'viewNotBuilt') : base.description && !base.description.startsWith(base.image) ? base.description : undefined,
        },
      ],
      subs: [
        { kind: 'fact', label: t(o, 'viewLibc'), parts: [{ text: libc, note: base.libc !== undefined ? t(o, 'viewViaBase') : undefined, mapOnlyNote: true }] },
        { kind: 'fact', label: t(o, 'viewShell'), parts: [shell] },
        { kind: 'fact', label: t(o, 'viewUser'), parts: [user] },
        { kind: 'fact', label: t(o, 'viewCerts'), parts: [factText(base.certificates, o)] },
        { kind: 'fact', label: t(o, 'viewZoneinfo'), parts: [factText(base.zoneinfo, o)] },
      ],
    });
  }
  if (df || item.mains.length) {
    if (item.mains.length) {
      for (const m of item.mains) {
        const env: Line = {
          kind: 'env',
          label: t(o, 'viewBuildEnv'),
          parts: m.env.map((e) => ({ text: e.set ? `${e.name}=${e.value ?? ''}` : `${e.name} ${t(o, 'viewNotSet')}`, code: e.set, at: e.set ? (e.at ?? m.build) : undefined })),
        };
        lines.push({
          kind: 'go',
          label: t(o, 'viewGoMain'),
          parts: [
            { text: m.file ? o.name(m.file) : o.name(m.dir), at: m.at },
            { prefix: t(o, 'viewBuiltBy'), text: m.command, code: true, at: m.build, note: t(o, 'viewStage', { stage: stageName(m.stage) }) },
          ],
          subs: [env],
          findings: m.file ? o.findings({ path: m.file }) : undefined,
        });
      }
    } else if (item.dockerfile?.exists && item.stages.length) {
      lines.push({ kind: 'go', label: t(o, 'viewGoMain'), parts: [{ text: item.go === 'none' ? t(o, 'viewNoGoBuild') : t(o, 'viewGoUnknown') }] });
    }
  }
  if (item.listens.length) {
    lines.push({
      kind: 'listen',
      label: t(o, 'viewListens'),
      parts: item.listens.map((l) => ({
        text: l.text,
        code: true,
        at: l.at,
        note: [l.api, ...(l.env.length || l.flags.length ? [t(o, 'viewChangedBy', { names: [...l.env, ...l.flags.map((f) => '-' + f)].join(', ') })] : [])].join(' · '),
      })),
    });
  } else if (item.mains.length) lines.push({ kind: 'listen', label: t(o, 'viewListens'), parts: [{ text: t(o, 'viewNoListen') }] });
  const ports: Part[] = item.ports.map((p) => ({ text: p.text, code: true, at: p.at, note: p.kind === 'published' ? t(o, 'viewPublished') : t(o, 'viewExposed') }));
  if (item.networkMode) ports.push({ text: t(o, 'viewNetworkMode', { mode: item.networkMode.value }), at: item.networkMode.at });
  if (!item.ports.some((p) => p.kind === 'published') && !item.networkMode) ports.unshift({ text: item.service ? t(o, 'viewNoPorts') : t(o, 'viewNoService') });
  lines.push({ kind: 'port', label: t(o, 'viewPorts'), parts: ports });
  const mounts: Part[] = item.mounts.map((m) => {
    const kind = m.kind === 'bind' ? t(o, 'viewBind') : m.kind === 'volume' ? t(o, 'viewVolume') : m.kind === 'anonymous' ? t(o, 'viewAnonymous') : m.kind === 'tmpfs' ? t(o, 'viewTmpfs') : t(o, 'viewOtherMount');
    return { text: m.source !== undefined ? `${m.source} → ${m.target ?? '?'}` : (m.target ?? '?'), code: true, at: m.at, note: m.readOnly ? `${kind} · ${t(o, 'viewReadOnly')}` : kind };
  });
  if (!mounts.length) mounts.push({ text: item.service ? t(o, 'viewNothingMounted') : t(o, 'viewNoService') });
  lines.push({ kind: 'mount', label: t(o, 'viewMounts'), parts: mounts });
  return lines;
}

// ---- markdown --------------------------------------------------------------------------------

/** Escapes text for markdown outside code. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]<>()#+!|~$]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** A code span that holds any text (a fence longer than its longest run of backticks). */
export function codeSpan(s: string): string {
  const text = s.replace(/\r?\n/g, ' ');
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim()) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A link VS Code opens at a line and column: the file's URI with `#L<line>,<column>` (1-based).
 * Parentheses and spaces are escaped so that the URL ends where markdown thinks it does.
 */
export function lineLink(loc: Location): string {
  const uri = loc.uri.replace(/[()\s]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
  return `${uri}#L${loc.range.start.line + 1},${loc.range.start.character + 1}`;
}

function partMarkdown(p: Part, o: PresentContext): string {
  const shown = p.code ? codeSpan(p.text) : escapeMarkdown(p.text);
  const loc = p.at && o.location(p.at);
  const linked = (p.prefix ? escapeMarkdown(p.prefix) + ' ' : '') + (loc ? `[${shown}](${lineLink(loc)})` : shown);
  return p.note && !p.mapOnlyNote ? `${linked} (${escapeMarkdown(p.note)})` : linked;
}

/** A title with its name in code style. */
function titleMarkdown(item: ContainerItem, o: PresentContext): string {
  const name = item.service?.name ?? (item.dockerfile ? o.name(item.dockerfile.path) : '?');
  const marker = '\u0000';
  const text = item.service
    ? t(o, 'viewTitleService', { name: marker })
    : item.dockerfile?.target
      ? t(o, 'viewTitleBuildTarget', { file: marker, target: item.dockerfile.target })
      : t(o, 'viewTitleBuild', { file: marker });
  return `**${escapeMarkdown(text).replace(marker, codeSpan(name))}**`;
}

/** One line of a hover: its values, then those of its sub-lines (the base image's facts, a build's environment) on the same line. */
function lineMarkdown(line: Line, o: PresentContext): string {
  const values = (l: Line) => l.parts.map((p) => partMarkdown(p, o)).join(' · ');
  return [`- **${escapeMarkdown(line.label)}** ${values(line)}`, ...(line.subs ?? []).map((sub) => `**${escapeMarkdown(sub.label)}** ${values(sub)}`)].join(' · ');
}

/** The markdown of a hover over one or more containers. */
export function containersMarkdown(items: ContainerItem[], o: PresentContext): string {
  return items.map((item) => [titleMarkdown(item, o), '', ...linesOf(item, o).map((l) => lineMarkdown(l, o))].join('\n')).join('\n\n---\n\n');
}

// ---- the map ---------------------------------------------------------------------------------

function partNode(kind: NodeKind, p: Part, o: PresentContext): MapNode {
  const description = [p.prefix, p.note].filter(Boolean).join(' · ');
  return { kind, label: p.text, ...(description ? { description } : {}), ...(p.at ? { location: o.location(p.at) } : {}) };
}

function lineNode(line: Line, o: PresentContext): MapNode {
  const children: MapNode[] = [];
  // One value: shown on the line itself; several: one child each.
  const single = line.parts.length === 1;
  if (!single) for (const p of line.parts) children.push(partNode(line.kind, p, o));
  for (const sub of line.subs ?? []) children.push(lineNode(sub, o));
  const first = line.parts[0];
  const description = single ? [first.text, first.note].filter(Boolean).join(' · ') : line.parts.map((p) => p.text).join(', ');
  const node: MapNode = { kind: line.kind, label: line.label, description };
  const at = line.parts.find((p) => p.at)?.at;
  if (at) node.location = o.location(at);
  if (line.findings) node.findings = line.findings;
  if (children.length) node.children = children;
  return node;
}

function factWord(f: FactItem): string {
  return f.has;
}

/** The JSON of one container for the map. */
export function mapEntry(item: ContainerItem, o: PresentContext): ContainerMapEntry {
  const findings = item.scopes.reduce((n, s) => n + o.findings(s), 0);
  const loc = (p: Place | undefined) => (p ? o.location(p) : undefined);
  const final = item.stages.find((s) => s.final);
  const key = item.service?.keys[0];
  const location = key ? o.location(key) : final ? o.location(final.at) : item.dockerfile ? o.location({ path: item.dockerfile.path, start: 0, end: 0 }) : undefined;
  const name = item.service ? item.service.name : item.dockerfile ? o.name(item.dockerfile.path) + (item.dockerfile.target ? ` (${item.dockerfile.target})` : '') : '?';
  const lines = linesOf(item, o);
  const description = [item.base?.image ?? item.service?.image?.value, findings ? (findings === 1 ? t(o, 'viewOneFinding') : t(o, 'viewFindings', { count: findings })) : undefined]
    .filter(Boolean)
    .join(' · ');
  const node: MapNode = {
    kind: item.service ? 'service' : 'dockerfile',
    label: name,
    description,
    tooltip: title(item, o),
    children: lines.map((l) => lineNode(l, o)),
    ...(location ? { location } : {}),
    ...(findings ? { findings } : {}),
  };
  const b = item.base;
  return {
    id: item.id,
    kind: item.service ? 'service' : 'dockerfile',
    name,
    findings,
    location,
    service: item.service ? { name: item.service.name, location: loc(key), image: item.service.image?.value } : undefined,
    dockerfile: item.dockerfile
      ? { uri: o.location({ path: item.dockerfile.path, start: 0, end: 0 })?.uri, target: item.dockerfile.target, exists: item.dockerfile.exists, outside: item.dockerfile.outside }
      : undefined,
    stages: item.stages.map((s) => ({ index: s.index, name: s.name, from: s.from, final: s.final, location: loc(s.at) })),
    base: b
      ? {
          image: b.image,
          known: b.known,
          libc: b.libc ?? null,
          libcVersion: b.libcVersion ?? null,
          shell: b.shell.has === 'yes' ? (b.shell.path ?? 'yes') : b.shell.has,
          user: b.user.value ?? null,
          userSource: b.user.source,
          certificates: factWord(b.certificates),
          zoneinfo: factWord(b.zoneinfo),
          location: loc(b.at),
        }
      : undefined,
    go: item.go,
    mains: item.mains.map((m) => ({
      uri: m.file ? o.location({ path: m.file, start: 0, end: 0 })?.uri : undefined,
      location: loc(m.at),
      build: loc(m.build),
      command: m.command,
      env: Object.fromEntries(m.env.map((e) => [e.name, e.set ? (e.value ?? '') : null])),
    })),
    listens: item.listens.map((l) => ({ text: l.text, api: l.api, location: loc(l.at) })),
    ports: item.ports.map((p) => ({ kind: p.kind, text: p.text, location: loc(p.at) })),
    mounts: item.mounts.map((m) => ({ kind: m.kind, source: m.source, target: m.target, readOnly: m.readOnly, location: loc(m.at) })),
    node,
  };
}
