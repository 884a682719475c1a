/**
 * The one analysis entry point shared by the language server and the CLI: picks the rules for a
 * file, runs each one guarded (an exception costs that rule's findings, never the caller; a run over
 * the time budget is logged, and with a {@link RuleBreaker} a rule that keeps overrunning on a file is
 * stopped there; an {@link AnalysisGuard} is told each step, so that one that never returns can be
 * seen from another thread), then applies configuration, editor settings and suppression comments.
 */
import { performance } from 'node:perf_hooks';
import * as nodePath from 'node:path';
import { loadConfig, findSuppressions, isSuppressed, RuleSettings } from '../project/config';
import { LineIndex, parserText } from '../core/text';
import { fileKind } from '../project/files';
import type { Project } from '../project/project';
import type { Finding, FileKind, Fix, FixInput, HostMode, RelatedInput, RelatedLocation, ReportInput, RuleMeta, Severity, SeveritySetting } from '../core/types';
import { formatMessage } from '../core/types';
import { formatFinding, localizeFixes, localizeRelated, Locale } from '../l10n';
import type { AnyRule, RuleSet } from '../rules/context';
import { emptyFacts, GoFacts } from '../parse/go';
import { prepareModel } from '../model/builds';

export interface AnalyzeOptions {
  /** Editor settings, applied over the config file. */
  settings?: RuleSettings;
  /** Kind to use when the name does not tell (e.g. an untitled editor with language "dockerfile"). */
  kind?: FileKind;
  /** Per-rule time budget in ms (default {@link RULE_BUDGET_MS}); a rule that takes longer is logged. */
  budgetMs?: number;
  /** Stops rules that keep overrunning their budget on a file (the language server passes one). */
  breaker?: RuleBreaker;
  /** Told what the analysis is doing, so that a step that never returns can be seen (hangGuard.ts). */
  guard?: AnalysisGuard;
  /** Time budget in ms for building the workspace model (once per change); longer is logged. */
  modelBudgetMs?: number;
  /** Where Docker runs (the editor's host mode, resolved); rules tune path advice to it. Default: unknown. */
  hostMode?: HostMode;
  /** Language of messages and fix titles (default English). */
  locale?: Locale;
}

/** The pseudo-rule that explains why a file was not analysed. It has docs but no check. */
export const SKIPPED_RULE: RuleMeta = {
  id: 'DGT000',
  name: 'file-skipped',
  kind: 'dockerfile',
  severity: 'info',
  engine: true,
  title: 'File not analysed',
  messages: {
    skipped: 'docker-go-traps skipped this file: {why}.',
    folder: 'docker-go-traps did not check this folder: {why}.',
    outside: 'docker-go-traps did not read {paths}: outside the checked folders. The findings of {rules} on this file need it, so they are not shown.',
  },
  docs: {
    what: 'Says why a Dockerfile, compose file or Go file was not analysed: it is binary, not UTF-8 (for example UTF-16, as some Windows editors save), or larger than 2 MB; or that a check on it needed a file outside the checked folders (the paths given to the command-line checker, the editor\'s workspace folders, and the git checkout that holds them), which was not read.',
    why: 'A file that is skipped silently looks like a file with no problems. One info diagnostic at the top of the file says that nothing was checked, and why.',
    errorText: ['docker-go-traps skipped this file: the file is UTF-16 encoded; save it as UTF-8.'],
    bad: '# (a Dockerfile saved as UTF-16 LE by a Windows editor)\nFROM golang:1.22\n',
    good: '# the same Dockerfile saved as UTF-8\nFROM golang:1.22\n',
    exampleLanguage: 'dockerfile',
    appliesTo: 'Dockerfiles, compose files and Go files',
    notFlagged: [
      'UTF-8 files with or without a BOM, with LF or CRLF line endings.',
      'Files outside the checked folders that only their names are looked up for, in the folders above (a go.mod or .git further up the tree).',
    ],
  },
};

/**
 * Told where an analysis is: `begin` when it starts (reading the file), `step` before each part of it
 * (see {@link ANALYSIS_STEPS}), `end` when it is over, however it ends. The language server's watch
 * (hangGuard.ts) implements it: a step that never finishes is recorded under the name of the step
 * that really ran, so that the restarted server can leave that step out.
 */
export interface AnalysisGuard {
  begin(path: string): void;
  step(step: string): void;
  end(): void;
}

/** The steps of an analysis that are not rules: the restarted server cannot leave them out, only the file. */
export { FILE_STEPS } from '../rules/context';

/** The pseudo-rule that says a rule was stopped on a file for being too slow (see {@link RuleBreaker}). */
export const STOPPED_RULE: RuleMeta = {
  id: 'DGT001',
  name: 'rule-stopped',
  kind: 'dockerfile',
  severity: 'info',
  engine: true,
  title: 'A check stopped on this file for being too slow',
  messages: {
    stopped:
      'docker-go-traps stopped running {rule} ({name}) on this file: it took {times} ms on the last {count} analyses, over its {budget} ms budget. Its findings in this file are not shown. Reopen the file (or change the settings) to run it again.',
    hung: 'docker-go-traps stopped running {rule} ({name}) on this file: it did not finish within {limit} ms, so the language server was stopped and restarted without it. Its findings in this file are not shown until the window is reloaded.',
    hungStep:
      'docker-go-traps does not analyse this file: {step} did not finish on it within {limit} ms, so the language server was stopped and restarted. The file is not analysed until the window is reloaded.',
  },
  docs: {
    what: 'In the editor, says that one rule no longer runs on this file, and which: because it went over its time budget (250 ms) on consecutive analyses, or because it did not finish at all (within 10 s), so that the language server had to be stopped and restarted.',
    why: 'A rule that is slow on some file would slow every keystroke in it: the language server analyses the file again after each change. After two analyses in a row over the budget it stops running that rule on that file and says so here, instead of letting the editor lag or dropping the rule silently. The other rules keep running. A rule that never finishes would freeze the server: a watch on a second thread sees a step that makes no progress for 10 s, notes the file and the rule, and stops the server; the editor restarts it, and the new server does not run that rule on that file until the window is reloaded. A rule that is this slow is a bug in docker-go-traps; please report it with the file. The command-line checker analyses each file once and never stops a rule.',
    errorText: [
      'docker-go-traps stopped running DGT102 (go-version-mismatch) on this file: it took 812, 790 ms on the last 2 analyses, over its 250 ms budget. Its findings in this file are not shown. Reopen the file (or change the settings) to run it again.',
      'docker-go-traps stopped running DGT102 (go-version-mismatch) on this file: it did not finish within 10000 ms, so the language server was stopped and restarted without it. Its findings in this file are not shown until the window is reloaded.',
    ],
    bad: '# (a Dockerfile on which one rule takes most of a second at every keystroke)\nFROM golang:1.22\n',
    good: '# the same Dockerfile: the slow rule is stopped on it, the others keep running\nFROM golang:1.22\n',
    exampleLanguage: 'dockerfile',
    appliesTo: 'Dockerfiles, compose files and Go files open in the editor',
    notFlagged: [
      'A single slow analysis (for example the first one after the server starts, before the code is optimised): the runs must be consecutive, and a run within the budget starts the count again.',
      'The command-line checker: it logs a rule over its budget but never stops one.',
      'A step other than a rule that never finishes (reading the configuration, reading and parsing the file, building the project model: these get 60 s, as they may wait on a slow disk; reading the suppression comments): the server is stopped and restarted as well, and the restarted server does not analyse that file (DGT001 says which step did not finish); after the project model, it also works without the model (which compose service builds which Dockerfile, which main package an image holds) until the window is reloaded.',
    ],
  },
};

/** The rules the engine reports about its own analysis, with docs and translations like the others. */
export const ENGINE_RULES: readonly RuleMeta[] = [SKIPPED_RULE, STOPPED_RULE];

/** A rule's metadata by id or name: a check's of `rules`, or one the engine reports about itself. */
export function ruleMeta(rules: RuleSet, idOrName: string): RuleMeta | undefined {
  return ENGINE_RULES.find((r) => r.id === idOrName || r.name === idOrName) ?? rules.find(idOrName);
}

/** The time one rule may take on one file, in ms, before it is logged (and, in the editor, counted). */
export const RULE_BUDGET_MS = 250;

/**
 * Remembers which rules went over their budget on which file, on consecutive analyses; after
 * {@link after} of them the rule is stopped on that file: it no longer runs there, and the file gets
 * one DGT001 info finding per stopped rule. The language server keeps one for the session, so that a
 * rule that is slow on some file stops costing every keystroke in it; the CLI analyses each file once
 * and keeps none.
 */
export class RuleBreaker {
  /** File → rule id → the times (ms) of its consecutive runs over the budget. */
  private overruns = new Map<string, Map<string, number[]>>();

  constructor(readonly after = 2) {}

  /** The times of the overruns that stopped `ruleId` on `path`; undefined while it runs there. */
  stopped(path: string, ruleId: string): readonly number[] | undefined {
    const times = this.overruns.get(path)?.get(ruleId);
    return times && times.length >= this.after ? times : undefined;
  }

  /** Records one run of a rule on a file. Returns true when this run stops it there. */
  record(path: string, ruleId: string, ms: number, overran: boolean): boolean {
    let byRule = this.overruns.get(path);
    if (!overran) {
      // Within the budget: the count starts again.
      if (byRule?.delete(ruleId) && !byRule.size) this.overruns.delete(path);
      return false;
    }
    if (!byRule) this.overruns.set(path, (byRule = new Map()));
    const times = [...(byRule.get(ruleId) ?? []), Math.round(ms)];
    byRule.set(ruleId, times);
    return times.length === this.after;
  }

  /** File → rule id → the limit (ms) within which it did not finish (hangGuard.ts). */
  private hungRules = new Map<string, Map<string, number>>();

  /**
   * Stops `ruleId` on `path` for the life of this breaker: it did not finish within `limitMs` on an
   * earlier server's analysis of the file. {@link reset} does not undo this.
   */
  hung(path: string, ruleId: string, limitMs: number): void {
    let byRule = this.hungRules.get(path);
    if (!byRule) this.hungRules.set(path, (byRule = new Map()));
    byRule.set(ruleId, limitMs);
  }

  /** The limit within which `ruleId` did not finish on `path`; undefined when it did. */
  hungLimit(path: string, ruleId: string): number | undefined {
    return this.hungRules.size ? this.hungRules.get(path)?.get(ruleId) : undefined;
  }

  /** File → the step (not a rule, see {@link FILE_STEPS}) that did not finish on it, and the limit. */
  private hungFiles = new Map<string, { step: string; limitMs: number }>();

  /** Stops analysing `path` for the life of this breaker: `step` did not finish on it on an earlier server. */
  hungFile(path: string, step: string, limitMs: number): void {
    this.hungFiles.set(path, { step, limitMs });
  }

  /** The step that did not finish on `path` on an earlier server, if one did. */
  fileHung(path: string): { step: string; limitMs: number } | undefined {
    return this.hungFiles.size ? this.hungFiles.get(path) : undefined;
  }

  /** Lets the stopped rules run again: on one file (closed, reopened), or on every file. Not the hung ones. */
  reset(path?: string): void {
    if (path === undefined) this.overruns.clear();
    else this.overruns.delete(path);
  }
}

/**
 * The finding made from each report, with what else it was made from (rule, file, severity, locale).
 * Its offsets are the report's unless they were past the end of the file. Findings are never
 * modified once made.
 */
const madeFindings = new WeakMap<object, { as: string; finding: Finding }>();

/** Analyses one file of `project` with the rules of `rules` that check its kind. */
export function analyzeFile(rules: RuleSet, project: Project, path: string, options: AnalyzeOptions = {}): Finding[] {
  return project.track(path, () => analyzeTracked(rules, project, path, options));
}

function analyzeTracked(rules: RuleSet, project: Project, path: string, options: AnalyzeOptions): Finding[] {
  const guard = options.guard;
  if (!guard) return analyzeGuarded(rules, project, path, options);
  guard.begin(path);
  try {
    return analyzeGuarded(rules, project, path, options);
  } finally {
    guard.end();
  }
}

function analyzeGuarded(ruleSet: RuleSet, project: Project, path: string, options: AnalyzeOptions): Finding[] {
  const kind = options.kind ?? fileKind(path);
  if (kind !== 'dockerfile' && kind !== 'compose' && kind !== 'go') return [];
  const hung = options.breaker?.fileHung(path);
  if (hung) return [engineFinding(STOPPED_RULE, 'hungStep', path, { step: STEP_NAMES[hung.step] ?? hung.step, limit: hung.limitMs }, options.locale)];
  const guard = options.guard;
  const read = project.read(path);
  if (!read) return [];
  if ('skipped' in read) return [skipped(path, read.skipped, options.locale)];
  const raw = read.text;
  if (raw.includes('\0')) {
    return [skipped(path, 'the file is binary (it contains NUL characters)', options.locale)];
  }
  const text = parserText(raw);
  const index = LineIndex.of(raw);
  const eol = index.eol;
  guard?.step('config');
  const config = loadConfig(project, path);
  const rules = activeRules(ruleSet, kind, config.rules, options.settings?.rules);
  if (!rules.length) return [];

  guard?.step('parse');
  let ctx: unknown;
  try {
    if (kind === 'dockerfile') {
      const model = project.dockerfile(path);
      if (!model) return [];
      ctx = { path, text, eol, index, project, hostMode: options.hostMode, model };
    } else if (kind === 'compose') {
      const model = project.compose(path);
      if (!model) return [];
      ctx = { path, text, eol, index, project, hostMode: options.hostMode, model };
    } else {
      ctx = new GoFileContext(path, text, eol, index, project, options.hostMode);
    }
  } catch (e) {
    project.failed(`docker-go-traps: could not parse ${path}: ${(e as Error).stack ?? e}`);
    return [];
  }

  // The workspace model (builds, main packages) is shared by the rules and built once per change.
  // Build it here, so that its time is measured as its own and not charged to the first rule.
  guard?.step('model');
  const m0 = performance.now();
  let built = false;
  try {
    built = prepareModel(project);
  } catch (e) {
    project.failed(`docker-go-traps: could not build the project model for ${path}: ${(e as Error).stack ?? e}`);
  }
  const modelMs = performance.now() - m0;
  if (built && modelMs > (options.modelBudgetMs ?? 2000)) project.log(`docker-go-traps: building the project model took ${modelMs.toFixed(0)} ms (first needed by ${path})`);

  guard?.step('suppressions');
  const suppressions = findSuppressions(raw, kind);
  const findings: Finding[] = [];
  let outside: { paths: Set<string>; rules: string[] } | undefined;
  const budget = options.budgetMs ?? RULE_BUDGET_MS;
  const breaker = options.breaker;
  const seenOutside = new Set<string>();
  for (const { rule, severity, configured } of rules) {
    const hungMs = breaker?.hungLimit(path, rule.id);
    if (hungMs !== undefined) {
      findings.push(engineFinding(STOPPED_RULE, 'hung', path, { rule: rule.id, name: rule.name, limit: hungMs }, options.locale));
      continue;
    }
    const stoppedAfter = breaker?.stopped(path, rule.id);
    if (stoppedAfter) {
      findings.push(stopped(path, rule, stoppedAfter, budget, options.locale));
      continue;
    }
    const mine: Finding[] = [];
    let madeAs: string | undefined;
    const report = (r: ReportInput) => {
      // A report a rule kept from an earlier analysis (see stageReports) makes the same finding.
      madeAs ??= `${rule.id}\0${path}\0${severity}\0${configured}\0${options.locale ?? ''}`;
      const made = madeFindings.get(r);
      if (made?.as === madeAs && Math.max(r.start, r.end) <= raw.length) {
        mine.push(made.finding);
        return;
      }
      if (rule.messages[r.messageId] === undefined) throw new Error(`rule ${rule.id} reported unknown message id ${r.messageId}`);
      const message = formatFinding(rule, r.messageId, r.data, options.locale) ?? formatMessage(rule.messages[r.messageId], r.data);
      const finding: Finding = {
        ruleId: rule.id,
        ruleName: rule.name,
        path,
        start: Math.max(0, Math.min(r.start, raw.length)),
        end: Math.max(0, Math.min(Math.max(r.end, r.start), raw.length)),
        severity: r.severity && !configured ? r.severity : severity,
        messageId: r.messageId,
        message,
        fixes: r.fixes?.length ? localizeFixes(rule, fixesOf(rule, r.fixes), options.locale) : [],
        related: r.related?.length ? localizeRelated(rule, relatedOf(rule, r.related), options.locale) : [],
      };
      madeFindings.set(r, { as: madeAs, finding });
      mine.push(finding);
    };
    guard?.step(rule.id);
    // One set, emptied for each rule: most rules see nothing outside, and a file has dozens of rules.
    // (Clearing a Set gives it a new table even when it is empty: only a used one is cleared.)
    if (project.boundary) {
      if (seenOutside.size) seenOutside.clear();
      project.outsideSeen = seenOutside;
    }
    const t0 = performance.now();
    try {
      (rule as { check(c: unknown, r: (x: ReportInput) => void): void }).check(ctx, report);
    } catch (e) {
      project.failed(`docker-go-traps: rule ${rule.id} failed on ${path}: ${(e as Error).stack ?? e}`);
      continue;
    } finally {
      if (project.outsideSeen?.size) {
        // The rule asked about something that was not read: what it found cannot be trusted.
        outside ??= { paths: new Set(), rules: [] };
        for (const p of project.outsideSeen) outside.paths.add(p);
        outside.rules.push(rule.id);
        mine.length = 0;
      }
      project.outsideSeen = undefined;
    }
    const ms = performance.now() - t0;
    const overran = ms > budget;
    if (overran) project.log(`docker-go-traps: rule ${rule.id} took ${ms.toFixed(0)} ms on ${path}`);
    if (breaker?.record(path, rule.id, ms, overran)) {
      project.log(`docker-go-traps: rule ${rule.id} went over its ${budget} ms budget on ${breaker.after} analyses of ${path} in a row; it is stopped on that file until the file is reopened or the settings change`);
    }
    for (const f of mine) {
      if (!isSuppressed(suppressions, index.lineOf(f.start), rule.id, rule.name)) findings.push(f);
    }
  }
  if (outside) findings.push(outsideFinding(path, outside.paths, outside.rules, options.locale));
  // Rule ids are ASCII (DGT101): code-unit order is their order, without a locale-aware compare.
  return findings.sort((a, b) => a.start - b.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

/** The rules that run on a file of `kind`, with their severity: configured, set, or their own. */
type Severities = Record<string, SeveritySetting>;

function activeRules(ruleSet: RuleSet, kind: FileKind, configured: Severities, settings: Severities | undefined): { rule: AnyRule; severity: Severity; configured: boolean }[] {
  const overrides = hasKeys(configured) || (settings && hasKeys(settings)) ? { ...configured, ...settings } : undefined;
  const out: { rule: AnyRule; severity: Severity; configured: boolean }[] = [];
  for (const rule of ruleSet.forKind(kind)) {
    const set = overrides ? (overrides[rule.id] ?? overrides[rule.name]) : undefined;
    const severity = set ?? rule.severity;
    // A severity the user set holds for every finding of the rule; else a finding may carry its own.
    if (severity !== 'off') out.push({ rule, severity: severity as Severity, configured: set !== undefined });
  }
  return out;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/** The fixes a rule reported, with their English titles made from the rule's templates. */
function fixesOf(rule: RuleMeta, fixes: readonly FixInput[]): Fix[] {
  return fixes.map((f) => {
    const template = rule.fixTitles?.[f.titleId];
    if (template === undefined) throw new Error(`rule ${rule.id} reported a fix with unknown title id ${f.titleId}`);
    return { title: formatMessage(template, f.titleData), titleId: f.titleId, ...(f.titleData ? { titleData: f.titleData } : {}), edits: f.edits, ...(f.preferred ? { preferred: true } : {}) };
  });
}

/** The related locations a rule reported, with their English messages made from the rule's templates. */
function relatedOf(rule: RuleMeta, related: readonly RelatedInput[]): RelatedLocation[] {
  return related.map((r) => {
    const template = rule.relatedMessages?.[r.messageId];
    if (template === undefined) throw new Error(`rule ${rule.id} reported a related location with unknown message id ${r.messageId}`);
    return { path: r.path, start: r.start, end: r.end, message: formatMessage(template, r.data), messageId: r.messageId, ...(r.data ? { data: r.data } : {}) };
  });
}

/**
 * What a Go rule sees of its file. The file is parsed when a rule first asks for its facts: the Go
 * rules look at the workspace model first, and a file that no image builds is never parsed. A class,
 * not an object literal with a getter, which V8 would keep as a dictionary.
 */
class GoFileContext {
  private parsed: GoFacts | undefined;
  constructor(
    readonly path: string,
    readonly text: string,
    readonly eol: string,
    readonly index: LineIndex,
    readonly project: Project,
    readonly hostMode: AnalyzeOptions['hostMode'],
  ) {}

  get facts(): GoFacts {
    return (this.parsed ??= goFactsOrNone(this.project, this.path));
  }
}

/** The facts of a Go file; when the parser fails, logs why and gives the facts of an empty file. */
function goFactsOrNone(project: Project, path: string): GoFacts {
  try {
    const facts = project.goFacts(path);
    if (facts) return facts;
  } catch (e) {
    project.failed(`docker-go-traps: could not parse ${path}: ${(e as Error).stack ?? e}`);
  }
  return emptyFacts(true);
}

function skipped(path: string, why: string, locale: Locale | undefined): Finding {
  return engineFinding(SKIPPED_RULE, 'skipped', path, { why }, locale);
}

/** DGT000 for a file (or a folder) that was not checked at all, e.g. one a folder scan could not read. */
export function skippedFinding(path: string, why: string, locale: Locale | undefined, folder = false): Finding {
  return engineFinding(SKIPPED_RULE, folder ? 'folder' : 'skipped', path, { why }, locale);
}

/** DGT000 for rules that asked about paths outside the checked folders: the paths (relative to the file's folder), never their contents. */
function outsideFinding(file: string, paths: Set<string>, rules: string[], locale: Locale | undefined): Finding {
  const dir = nodePath.dirname(file);
  const shown = [...paths].sort().map((p) => nodePath.relative(dir, p).split(nodePath.sep).join('/') || '.');
  const list = shown.length > 3 ? `${shown.slice(0, 3).join(', ')} (+${shown.length - 3})` : shown.join(', ');
  return engineFinding(SKIPPED_RULE, 'outside', file, { paths: list, rules: rules.join(', ') }, locale);
}

function stopped(path: string, rule: RuleMeta, times: readonly number[], budget: number, locale: Locale | undefined): Finding {
  return engineFinding(STOPPED_RULE, 'stopped', path, { rule: rule.id, name: rule.name, times: times.join(', '), count: times.length, budget }, locale);
}

/** A finding the engine reports about its own analysis: info, at the top of the file, no fixes. */
function engineFinding(meta: RuleMeta, messageId: string, path: string, data: Record<string, string | number>, locale: Locale | undefined): Finding {
  return {
    ruleId: meta.id,
    ruleName: meta.name,
    path,
    start: 0,
    end: 0,
    severity: 'info',
    messageId,
    message: formatFinding(meta, messageId, data, locale) ?? formatMessage(meta.messages[messageId], data),
    fixes: [],
    related: [],
  };
}

/** What the steps that are not rules are called in DGT001's message. */
const STEP_NAMES: Record<string, string> = {
  config: 'reading the configuration',
  parse: 'reading and parsing the file',
  model: 'building the project model',
  suppressions: 'reading the suppression comments',
};
