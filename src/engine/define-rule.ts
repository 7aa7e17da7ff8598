import type { z } from 'zod';
import type { RepoFacts } from '../facts/index.ts';
import type { Confidence, RuleMetaInput, Severity } from './meta.ts';

export interface Location {
  /** repository-relative POSIX path */
  file: string;
  /** 1-based */
  line: number;
  column?: number;
  /** the source line, added when the report is built (rules never read files) */
  snippet?: string;
}

export interface ReportInput {
  message: string;
  /** the first location is the primary one; repo-level findings anchor to the file that makes them matter */
  locations: Location[];
  /** a short excerpt that shows the problem: a call, an import, a manifest line */
  evidence: string;
  /**
   * what identifies this finding across runs, wherever its locations move: one key per root cause. Without
   * one, the first location's file and the evidence identify it (never the line).
   */
  key?: string;
  severity?: Severity;
  confidence?: Confidence;
  effortHours?: number;
  data?: Record<string, string | number | boolean | null | string[]>;
}

export interface RuleContext<O = Record<string, unknown>> {
  readonly facts: RepoFacts;
  /** the rule's thresholds: its defaults, with what the team's config sets (`rules.<id>.options`) */
  readonly options: O;
  report(finding: ReportInput): void;
}

export interface Rule<S extends z.ZodObject = z.ZodObject> {
  meta: RuleMetaInput;
  /** the thresholds a team may set in its config, each with its default and a description */
  options?: S;
  check(ctx: RuleContext<z.output<S>>): void | Promise<void>;
}

/** The shape every `rules/<id>/rule.ts` default-exports. Identity function: it exists for the types. */
export function defineRule<S extends z.ZodObject>(rule: Rule<S>): Rule<S> {
  return rule;
}
