import { z } from 'zod';
import { SEVERITIES, type Severity } from './severities.ts';
import { METRIC_IDS } from '../report/metrics.ts';

export { SEVERITIES, type Severity } from './severities.ts';
export const SeveritySchema = z.enum(SEVERITIES);

export const ConfidenceSchema = z.enum(['high', 'medium', 'low']);
export type Confidence = z.infer<typeof ConfidenceSchema>;

export const CATEGORIES = ['ai-architecture', 'evaluation', 'observability', 'portability', 'engineering', 'security'] as const;

export const FACT_KINDS = ['files', 'facts', 'manifests', 'ciConfigs', 'graph', 'modelCalls', 'providers', 'evalHarness', 'llmObservability', 'vectorStores', 'gateway', 'modelIds', 'prompts', 'secrets', 'generalObservability', 'lockfiles', 'providerFeatures', 'embeddings', 'inferenceStack', 'migrationSurface', 'infra', 'outputSinks', 'modelRoutes', 'product', 'history', 'activity'] as const;

/** Validated when a rule is loaded; a rule whose metadata does not fit is refused with every problem listed. */
export const RuleMetaSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be kebab-case'),
  title: z.string().min(8).max(120),
  category: z.enum(CATEGORIES),
  severity: SeveritySchema,
  confidence: ConfidenceSchema,
  /** why the decision compounds: the cost of leaving it grows with every commit */
  rationale: z.string().min(40),
  remediation: z.strictObject({
    text: z.string().min(20),
    /** hours for one finding, now; `effortLaterHours` is the same fix after a year of growth */
    effortHours: z.number().positive().max(2000),
    effortLaterHours: z.number().positive().max(10000).optional(),
  }),
  /** the question an investor's technical reviewer asks that this rule answers */
  ddQuestion: z.string().min(10).max(200),
  languages: z.array(z.enum(['typescript', 'javascript', 'python', 'any'])).min(1),
  requires: z.array(z.enum(FACT_KINDS)).min(1),
  lifecycle: z.enum(['experimental', 'stable', 'deprecated']),
  references: z.array(z.url()).default([]),
  /** the architecture metric that counts how far the decision has spread: where the history is read, the finding says how it grew */
  metric: z.enum(METRIC_IDS).optional(),
});
export type RuleMeta = z.infer<typeof RuleMetaSchema>;
export type RuleMetaInput = z.input<typeof RuleMetaSchema>;

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}
