/**
 * The server's message catalogues. English lives in the rules themselves (messages, fix titles,
 * docs) and in {@link UI_EN}; other languages are catalogues keyed by rule id and message id
 * (zh-cn.ts). The language server picks one from the client's locale (`initialize` params); the CLI
 * stays English. Anything a catalogue lacks falls back to English, piece by piece.
 *
 * Nothing here looks at message text: translations are found by rule id and message id, fix
 * titles by `Fix.titleId`, and placeholder values by the rule's own data keys.
 */
import type { Fix, RelatedLocation, RuleDocs, RuleMeta } from '../core/types';
import { formatMessage } from '../core/types';
import { own } from '../core/table';
import { DocLabels, EN_DOC_LABELS } from '../docs';
import { ZH_CN } from './zh-cn';
import { VIEW_EN } from './view';

export type Locale = 'en' | 'zh-cn';

/** Translated documentation fields (the examples and the exact error texts stay as they are). */
export interface DocsTranslation {
  what?: string;
  why?: string;
  fixes?: string;
  appliesTo?: string;
  /** The sentence on severities that differ from the default (`RuleDocs.severity`). */
  severity?: string;
  /** Same length and order as the English `notFlagged`. */
  notFlagged?: string[];
}

export interface RuleTranslation {
  title?: string;
  /** By message id; the same `{placeholders}` as the English template. */
  messages?: Record<string, string>;
  /** By fix title id (`RuleMeta.fixTitles`). */
  fixTitles?: Record<string, string>;
  /** By related-location message id (`RuleMeta.relatedMessages`). */
  related?: Record<string, string>;
  /**
   * Translations of placeholder values that come from a small fixed set (data key → English value
   * → translation), e.g. DGT201's `what: 'volume'`. Values not listed are shown as they are.
   */
  values?: Record<string, Record<string, string>>;
  docs?: DocsTranslation;
}

export interface Catalogue {
  rules: Record<string, RuleTranslation>;
  ui: Partial<Record<UiKey, string>>;
  docLabels: DocLabels;
}

/** Everything the server itself says (code action titles, generator and scan results). */
export const UI_EN = {
  ignoreLine: 'Ignore {rule} for this line',
  ignoreFile: 'Ignore {rule} for this file',
  showDocs: 'Show documentation for {rule} ({name})',
  fixAll: 'Fix all Docker Go Traps problems',
  genNoModule: 'No go.mod found in {folder} or above it. Open a Go module (a folder with go.mod) and try again.',
  genNoMain: 'No main package found in {module}: looked in the module folder and in cmd/*.',
  genCgo: 'cgo: {reason}. The image is built with CGO_ENABLED=1 on Debian and runs on a distroless base image, which has the same glibc.',
  genNoCgo: 'No cgo needed: a static binary (CGO_ENABLED=0) on scratch.',
  genTz: 'Time zones: {reason}. The image gets /usr/share/zoneinfo.',
  genTls: 'TLS: {reason}. The image gets the CA certificates.',
  genPort: 'Port {port} ({how}).',
  genPortUnknown: 'No listen address found; EXPOSE and ports use {port}. Change them if the service listens elsewhere.',
  genLoopback: '{file} listens on {addr}, which is unreachable from outside the container: see DGT301.',
  genOtherMains: 'Other main packages ({mains}) are not built; build them with a second Dockerfile or a build argument.',
  genGoVersion: 'Go {version} from go.mod: builder image golang:{tag}.',
  genGoVersionMissing: 'go.mod has no go directive: builder image golang:{tag}.',
  scanDone: 'Checked {files} files: {findings} findings.',
  ...VIEW_EN,
  dbgNothing: 'No compose service or Dockerfile that builds a Go program was found for {path}. Open the compose file, the Dockerfile or a Go file of the program and try again.',
  dbgWindows: '{dockerfile} builds a Windows image (or uses an escape directive): Delve in a Linux container only.',
  dbgViaScript: '{dockerfile} builds the program through make or a script: the debug build needs the go build command in the Dockerfile.',
  dbgNoBinary: 'Could not tell which file of the image {dockerfile} builds is the Go program.',
  dbgEntryReplaced: 'The image starts the program through a script; the debug image starts {binary} under Delve directly (what the script does first is skipped).',
  dbgCommand: 'Service "{service}" sets its own {key}, which does not start the Go program: set the debug overlay\'s {key} by hand.',
  dbgDelveGuess: 'The Go version could not be read: Delve {version} is pinned; change it if the build fails.',
  dbgDelve: 'Delve {version} (supports Go {go}).',
  dbgNoSourceMap: 'Where the sources are in the image could not be told: add "substitutePath" to the launch configuration by hand.',
  dbgLaunchPresent: '.vscode/launch.json already has a configuration "{name}": left as it is.',
  dbgLaunchUnreadable: '.vscode/launch.json could not be read as a launch configuration file: add the configuration "{name}" by hand.',
  dbgRun: 'Start it with `{up}`, then attach with "{name}" (Run and Debug) or `dlv connect 127.0.0.1:{port}`.',
} as const;
export type UiKey = keyof typeof UI_EN;

const CATALOGUES: Record<Exclude<Locale, 'en'>, Catalogue> = { 'zh-cn': ZH_CN };

/** The catalogue for a BCP 47 / VS Code locale tag: zh-cn, zh-hans, zh-sg and zh map to Simplified Chinese. */
export function resolveLocale(tag: string | undefined | null): Locale {
  const t = (tag ?? '').toLowerCase().replace(/_/g, '-');
  if (t === 'zh' || t === 'zh-cn' || t === 'zh-sg' || t.startsWith('zh-hans')) return 'zh-cn';
  return 'en';
}

export function catalogue(locale: Locale | undefined): Catalogue | undefined {
  return locale && locale !== 'en' ? CATALOGUES[locale] : undefined;
}

/** The message template to format for a finding: the translation when there is one, else the rule's. */
export function messageTemplate(rule: RuleMeta, messageId: string, locale: Locale | undefined): string | undefined {
  return catalogue(locale)?.rules[rule.id]?.messages?.[messageId] ?? rule.messages[messageId];
}

/**
 * Placeholder values in the user's language where the catalogue lists them. A value that a rule made
 * by joining listed values with ", " is translated item by item and joined with the Chinese
 * enumeration comma; a value the catalogue does not list (a path, an image name) stays as it is.
 */
export function localizeData(
  rule: RuleMeta,
  data: Record<string, string | number> | undefined,
  locale: Locale | undefined,
): Record<string, string | number> | undefined {
  const values = catalogue(locale)?.rules[rule.id]?.values;
  if (!values || !data) return data;
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(data)) {
    const table = own(values, k);
    out[k] = typeof v === 'string' && table ? translateValue(table, v) : v;
  }
  return out;
}

function translateValue(table: Record<string, string>, v: string): string {
  const whole = own(table, v);
  if (whole !== undefined) return whole;
  const items = v.split(', ');
  if (items.length < 2) return v;
  const translated = items.map((i) => own(table, i));
  return translated.every((t) => t !== undefined) ? translated.join('、') : v;
}

/** Formats a finding's message in the locale. */
export function formatFinding(
  rule: RuleMeta,
  messageId: string,
  data: Record<string, string | number> | undefined,
  locale: Locale | undefined,
): string | undefined {
  const template = messageTemplate(rule, messageId, locale);
  return template === undefined ? undefined : formatMessage(template, localizeData(rule, data, locale));
}

/** Fix titles in the locale, for fixes that name their title template. */
export function localizeFixes(rule: RuleMeta, fixes: Fix[], locale: Locale | undefined): Fix[] {
  if (!locale) return fixes;
  const t = catalogue(locale)?.rules[rule.id]?.fixTitles;
  if (!t) return fixes;
  return fixes.map((f) => {
    const template = f.titleId !== undefined ? t[f.titleId] : undefined;
    return template === undefined ? f : { ...f, title: formatMessage(template, f.titleData) };
  });
}

/** Related-location messages in the locale, for locations that name their message template. */
export function localizeRelated(rule: RuleMeta, related: RelatedLocation[], locale: Locale | undefined): RelatedLocation[] {
  if (!locale) return related;
  const t = catalogue(locale)?.rules[rule.id]?.related;
  if (!t) return related;
  return related.map((r) => {
    const template = r.messageId !== undefined ? t[r.messageId] : undefined;
    return template === undefined ? r : { ...r, message: formatMessage(template, localizeData(rule, r.data, locale)) };
  });
}

/** The rule's metadata with title and docs in the locale (for hovers). */
export function localizeRule(rule: RuleMeta, locale: Locale | undefined): RuleMeta {
  const t = catalogue(locale)?.rules[rule.id];
  if (!t) return rule;
  const d = t.docs ?? {};
  const docs: RuleDocs = {
    ...rule.docs,
    what: d.what ?? rule.docs.what,
    why: d.why ?? rule.docs.why,
    fixes: rule.docs.fixes !== undefined ? (d.fixes ?? rule.docs.fixes) : undefined,
    appliesTo: rule.docs.appliesTo !== undefined ? (d.appliesTo ?? rule.docs.appliesTo) : undefined,
    severity: rule.docs.severity !== undefined ? (d.severity ?? rule.docs.severity) : undefined,
    notFlagged:
      rule.docs.notFlagged && d.notFlagged?.length === rule.docs.notFlagged.length ? d.notFlagged : rule.docs.notFlagged,
  };
  return { ...rule, title: t.title ?? rule.title, docs };
}

export function docLabels(locale: Locale | undefined): DocLabels {
  return catalogue(locale)?.docLabels ?? EN_DOC_LABELS;
}

export function ui(key: UiKey, locale: Locale | undefined, data?: Record<string, string | number>): string {
  return formatMessage(catalogue(locale)?.ui[key] ?? UI_EN[key], data);
}

/** The `{name}` placeholders of a template, sorted and unique. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

/**
 * What a catalogue lacks for one rule, as human-readable lines (empty when complete): the title,
 * every message and fix title (with the same placeholders), and the docs fields the rule has.
 */
export function missingTranslations(rule: RuleMeta, locale: Exclude<Locale, 'en'>): string[] {
  const t = CATALOGUES[locale].rules[rule.id];
  const out: string[] = [];
  if (!t?.title) out.push(`title: translation of ${JSON.stringify(rule.title)}`);
  for (const [id, en] of Object.entries(rule.messages)) {
    const tr = t?.messages?.[id];
    if (!tr) out.push(`messages.${id}: translation of ${JSON.stringify(en)}`);
    else if (placeholders(tr).join() !== placeholders(en).join())
      out.push(`messages.${id}: must use the placeholders {${placeholders(en).join('}, {')}} (has {${placeholders(tr).join('}, {')}})`);
  }
  for (const [id, en] of Object.entries(rule.relatedMessages ?? {})) {
    const tr = t?.related?.[id];
    if (!tr) out.push(`related.${id}: translation of ${JSON.stringify(en)}`);
    else if (placeholders(tr).join() !== placeholders(en).join())
      out.push(`related.${id}: must use the placeholders {${placeholders(en).join('}, {')}}`);
  }
  for (const [id, en] of Object.entries(rule.fixTitles ?? {})) {
    const tr = t?.fixTitles?.[id];
    if (!tr) out.push(`fixTitles.${id}: translation of ${JSON.stringify(en)}`);
    else if (placeholders(tr).join() !== placeholders(en).join())
      out.push(`fixTitles.${id}: must use the placeholders {${placeholders(en).join('}, {')}}`);
  }
  const d = t?.docs;
  if (!d?.what) out.push('docs.what: translation of the English docs.what');
  if (!d?.why) out.push('docs.why: translation of the English docs.why');
  if (rule.docs.fixes && !d?.fixes) out.push('docs.fixes: translation of the English docs.fixes');
  if (rule.docs.appliesTo && !d?.appliesTo) out.push('docs.appliesTo: translation of the English docs.appliesTo');
  if (rule.docs.severity && !d?.severity) out.push('docs.severity: translation of the English docs.severity');
  const nf = rule.docs.notFlagged?.length ?? 0;
  if (nf && d?.notFlagged?.length !== nf) out.push(`docs.notFlagged: ${nf} entries, in the order of the English ones (has ${d?.notFlagged?.length ?? 0})`);
  return out;
}
