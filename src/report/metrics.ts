import { z } from 'zod';

// The architecture metrics that compound, read from a report.json: what `arch-audit diff` sets side by side and
// what ratchets hold. Read loosely, so reports of older and newer arch-audit versions compare.

const Located = z.object({ file: z.string() });

export const MetricInventorySchema = z.object({
  modelCalls: z.array(Located).default([]),
  providers: z.array(z.object({ id: z.string() })).default([]),
  modelIds: z.array(z.object({ id: z.string() })).default([]),
  prompts: z.object({ inline: z.array(z.object({ file: z.string(), count: z.number() })).default([]) }).optional(),
  gateway: z.object({ bypassFiles: z.array(z.string()).default([]) }).optional(),
  llmObservability: z.object({ coverage: z.object({ coveredCalls: z.number(), totalCalls: z.number(), dark: z.array(Located).default([]) }) }).optional(),
  evalHarness: z.object({ reachedCallFiles: z.array(z.string()).default([]) }).optional(),
  vectorStores: z.array(z.object({ directCalls: z.array(Located).default([]) })).default([]),
});

export type MetricInventory = z.infer<typeof MetricInventorySchema>;

export const METRIC_IDS = ['model-calling-files', 'files-outside-gateway', 'providers', 'distinct-model-ids', 'inline-prompts', 'untraced-model-calls', 'eval-reach', 'vector-store-callers'] as const;
export type MetricId = (typeof METRIC_IDS)[number];

export interface Metric {
  id: MetricId;
  label: string;
  /** the files or ids behind the value: what moved it between two reports */
  items: (i: MetricInventory) => string[];
  /** the metric where it is not the number of its items (prompts and calls are counted, not their files) */
  value?: (i: MetricInventory) => number;
}

const uniq = (xs: string[]): string[] => [...new Set(xs)].sort();

export const METRICS: readonly Metric[] = [
  { id: 'model-calling-files', label: 'model-calling files', items: (i) => uniq(i.modelCalls.map((c) => c.file)) },
  { id: 'files-outside-gateway', label: 'model-calling files outside the gateway', items: (i) => uniq(i.gateway?.bypassFiles ?? []) },
  { id: 'providers', label: 'model providers', items: (i) => uniq(i.providers.map((p) => p.id)) },
  { id: 'distinct-model-ids', label: 'distinct model ids in code', items: (i) => uniq(i.modelIds.map((m) => m.id)) },
  { id: 'inline-prompts', label: 'inline prompts', value: (i) => (i.prompts?.inline ?? []).reduce((n, p) => n + p.count, 0), items: (i) => uniq((i.prompts?.inline ?? []).map((p) => p.file)) },
  {
    id: 'untraced-model-calls', label: 'model calls no tracer sees',
    value: (i) => (i.llmObservability ? i.llmObservability.coverage.totalCalls - i.llmObservability.coverage.coveredCalls : 0),
    items: (i) => uniq((i.llmObservability?.coverage.dark ?? []).map((d) => d.file)),
  },
  { id: 'eval-reach', label: 'model-calling files evals reach', items: (i) => uniq(i.evalHarness?.reachedCallFiles ?? []) },
  { id: 'vector-store-callers', label: 'files calling a vector store directly', items: (i) => uniq(i.vectorStores.flatMap((s) => s.directCalls.map((c) => c.file))) },
];

/** A metric's value in one report. */
export function valueOf(m: Metric, i: MetricInventory): number {
  return m.value ? m.value(i) : m.items(i).length;
}
