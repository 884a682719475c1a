/** What a rule sees when it runs on one file. */
import type { DockerfileModel } from '../parse/dockerfile';
import type { ComposeModel } from '../parse/compose';
import type { GoFacts } from '../parse/go';
import type { Project } from './project';
import type { Eol, LineIndex } from './text';
import type { HostMode, Rule } from './types';

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

export type DockerfileRule = Rule<DockerfileContext> & { kind: 'dockerfile' };
export type ComposeRule = Rule<ComposeContext> & { kind: 'compose' };
export type GoRule = Rule<GoContext> & { kind: 'go' };
export type AnyRule = DockerfileRule | ComposeRule | GoRule;
