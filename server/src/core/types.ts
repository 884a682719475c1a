/** The shape of rules, findings and fixes. Everything here is plain data. */
import type { OffsetEdit } from './text';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';
export type FileKind = 'dockerfile' | 'compose' | 'go' | 'gomod' | 'dockerignore';

export const SEVERITY_ORDER: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

/** An edit in some file of the project; offsets are into that file's analysed text. */
export interface FileEdit extends OffsetEdit {
  path: string;
  /**
   * The file does not exist yet: the edit creates it with `newText` as its whole content (`start`
   * and `end` are 0). Applying it where the file has appeared meanwhile changes nothing.
   */
  create?: true;
}

export interface Fix {
  title: string;
  edits: FileEdit[];
  /** The fix `--fix` and "fix all" apply. At most one per finding. */
  preferred?: boolean;
  /**
   * Optional: the key of this title's template in the rule's `fixTitles`, with its placeholder
   * values, so that the title can be shown in the user's language (server/src/l10n). `title` stays
   * the English text.
   */
  titleId?: string;
  titleData?: Record<string, string | number>;
}

/**
 * Where Docker runs, as far as path advice is concerned: `wsl` is a Linux distribution under WSL2
 * (Windows drives are mounted at /mnt/<letter>), `windows` is Docker Desktop driven from Windows.
 */
export type HostMode = 'windows' | 'wsl' | 'linux' | 'mac';

export interface RelatedLocation {
  path: string;
  start: number;
  end: number;
  message: string;
  /**
   * Optional: the key of the message's template in the rule's `relatedMessages`, with its
   * placeholder values, so that it can be shown in the user's language. `message` stays English.
   */
  messageId?: string;
  data?: Record<string, string | number>;
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  path: string;
  start: number;
  end: number;
  severity: Severity;
  messageId: string;
  message: string;
  fixes: Fix[];
  related: RelatedLocation[];
}

export interface RuleDocs {
  /** One sentence: what the rule finds. */
  what: string;
  /** Why it matters for a Go service in Docker. */
  why: string;
  /** The exact error text the user meets without the rule (may be several). */
  errorText: string[];
  bad: string;
  good: string;
  /** Language of the bad/good examples, for Markdown fences. */
  exampleLanguage: 'dockerfile' | 'yaml' | 'go';
  /** What the quick fixes do, when there are any. */
  fixes?: string;
  /** What files it applies to, when the kind alone does not say it. */
  appliesTo?: string;
  /** When the rule deliberately stays quiet. */
  notFlagged?: string[];
  /**
   * When findings do not all come with the default severity (by the host Docker runs on, or by
   * message): one sentence, shown after the default severity.
   */
  severity?: string;
}

/**
 * A fix as a rule reports it: its title named by the id of its template in the rule's `fixTitles`
 * and the values for its placeholders. The engine makes the title (in the user's language).
 */
export interface FixInput<F extends string = string> {
  titleId: F;
  titleData?: Record<string, string | number>;
  edits: FileEdit[];
  /** The fix `--fix` and "fix all" apply. At most one per finding. */
  preferred?: boolean;
}

/** A related location as a rule reports it: its message named by the id of its template in `relatedMessages`. */
export interface RelatedInput<R extends string = string> {
  path: string;
  start: number;
  end: number;
  messageId: R;
  data?: Record<string, string | number>;
}

/** A finding as a rule reports it; the engine adds the rule, the severity and the texts. */
export interface ReportInput<M extends string = string, F extends string = string, R extends string = string> {
  start: number;
  end: number;
  messageId: M;
  /** Values for `{name}` placeholders of the message. */
  data?: Record<string, string | number>;
  fixes?: FixInput<F>[];
  related?: RelatedInput<R>[];
  /**
   * The severity of this finding when the user has not set one for the rule (in
   * `.docker-go-traps.yaml` or the editor's settings): for findings that weigh less (or more) than
   * the rule's default, e.g. by the host Docker runs on. The rule's docs say when (`docs.severity`).
   */
  severity?: Severity;
}

export interface RuleMeta {
  /** Stable id, never reused: DGT1xx Dockerfile, DGT2xx compose, DGT3xx Go. */
  id: string;
  /** Short kebab-case name, also accepted wherever an id is. */
  name: string;
  kind: FileKind;
  severity: Severity;
  title: string;
  messages: Record<string, string>;
  /** Optional English templates of fix titles by id (see {@link Fix.titleId}); for translation. */
  fixTitles?: Record<string, string>;
  /** Optional English templates of related-location messages by id (see {@link RelatedLocation.messageId}). */
  relatedMessages?: Record<string, string>;
  docs: RuleDocs;
  /**
   * Reported by the engine itself about the analysis (DGT000, DGT001), not by a check: it cannot be
   * turned off or suppressed, and its page says so instead of showing configuration.
   */
  engine?: true;
}

export interface Rule<C = unknown> extends RuleMeta {
  check(ctx: C, report: (r: ReportInput) => void): void;
}

export const DOCS_BASE = 'https://github.com/docker-go-traps/docker-go-traps/blob/main/docs/rules/';

export function docsUrl(rule: RuleMeta): string {
  return `${DOCS_BASE}${rule.id}-${rule.name}.md`;
}

export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (data && k in data ? String(data[k]) : m));
}
