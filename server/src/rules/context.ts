/** What a rule sees when it runs on one file. */
import type { DockerfileModel } from '../parse/dockerfile';
import type { ComposeModel } from '../parse/compose';
import type { GoFacts } from '../parse/go';
import type { Project } from '../project/project';
import type { Eol, LineIndex } from '../core/text';
import type { FileKind, HostMode, ReportInput, Rule, RuleMeta } from '../core/types';

interface BaseContext {
  path: string;
  text: string;
  eol: Eol;
  index: LineIndex;
  project: Project;
  /**
   * Where Docker runs, when the caller knows (the editor's `dockerGoTraps.hostMode`). Undefined for
   * the CLI and by default: rules then give advice that holds on any host.
   */
  hostMode?: HostMode;
}

export interface DockerfileContext extends BaseContext {
  model: DockerfileModel;
}

export interface ComposeContext extends BaseContext {
  model: ComposeModel;
}

export interface GoContext extends BaseContext {
  facts: GoFacts;
}

/**
 * A rule as it is written: its message templates by id and a check that can only report those ids
 * (as typescript-eslint's `createRule<Options, MessageIds>`). Fixes and related locations name their
 * templates (in `fixTitles` and `relatedMessages`) by id too; the engine makes their texts.
 */
export interface RuleSpec<C, K extends FileKind, M extends string> extends Omit<RuleMeta, 'kind' | 'messages'> {
  kind: K;
  messages: Record<M, string>;
  check(ctx: C, report: (r: ReportInput<M>) => void): void;
}

/** A Dockerfile rule, its message ids checked by the compiler. */
export function dockerfileRule<M extends string>(spec: RuleSpec<DockerfileContext, 'dockerfile', M>): DockerfileRule {
  return spec as RuleSpec<DockerfileContext, 'dockerfile', string>;
}

/** A compose rule, its message ids checked by the compiler. */
export function composeRule<M extends string>(spec: RuleSpec<ComposeContext, 'compose', M>): ComposeRule {
  return spec as RuleSpec<ComposeContext, 'compose', string>;
}

/** A Go rule, its message ids checked by the compiler. */
export function goRule<M extends string>(spec: RuleSpec<GoContext, 'go', M>): GoRule {
  return spec as RuleSpec<GoContext, 'go', string>;
}

export type DockerfileRule = Rule<DockerfileContext> & { kind: 'dockerfile' };
export type ComposeRule = Rule<ComposeContext> & { kind: 'compose' };
export type GoRule = Rule<GoContext> & { kind: 'go' };
export type AnyRule = DockerfileRule | ComposeRule | GoRule;

/**
 * The rules an analysis runs, grouped by the kind of file they check. The engine gets one from its
 * caller (the language server and the CLI pass the product's, rules/registry.ts; tests may pass
 * others), so that nothing below the callers depends on which rules exist.
 */
export class RuleSet {
  private readonly byKind = new Map<FileKind, AnyRule[]>();
  /**
   * Every step an analysis tells its guard about, in order: reading the configuration files, parsing
   * the file, building the project model, reading the suppression comments, then each rule by its id.
   */
  readonly steps: readonly string[];

  constructor(readonly rules: readonly AnyRule[]) {
    for (const r of rules) {
      const list = this.byKind.get(r.kind);
      if (list) list.push(r);
      else this.byKind.set(r.kind, [r]);
    }
    this.steps = [...FILE_STEPS, ...rules.map((r) => r.id)];
  }

  /** The rules that check files of `kind`, in registration order. Do not modify the result. */
  forKind(kind: FileKind): readonly AnyRule[] {
    return this.byKind.get(kind) ?? NO_RULES;
  }

  /** A rule by id (DGT101) or name (cgo-binary-in-static-image). */
  find(idOrName: string): AnyRule | undefined {
    return this.rules.find((r) => r.id === idOrName || r.name === idOrName);
  }
}

const NO_RULES: readonly AnyRule[] = [];

/** The steps of an analysis before its rules (the watch names a step that never finishes by these). */
export const FILE_STEPS: readonly string[] = ['config', 'parse', 'model', 'suppressions'];
