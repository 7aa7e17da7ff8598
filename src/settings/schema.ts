import { z } from 'zod';
import { SEVERITIES } from '../engine/severities.ts';
import { METRICS, type MetricId } from '../report/metrics.ts';

// `arch-audit.config.json`: what a team decides about its own scans, kept in the repository beside the code.
// Its JSON Schema is generated from this file (`npm run gen:schema`) and committed as
// `arch-audit.config.schema.json`, so editors complete and check it.

export const CONFIG_FILE = 'arch-audit.config.json';

const Severity = z.enum(SEVERITIES);
const SeverityOrOff = z.union([Severity, z.literal('off')]).describe('a severity for every finding of the rule, or `off` to leave the rule out (its area is then scored as partly measured)');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const AcceptanceSchema = z.strictObject({
  fingerprint: z.string().min(1).optional().describe('a finding\'s `fingerprint` from report.json'),
  rule: z.string().min(1).optional().describe('a rule id: every finding of the rule, or those at `path`'),
  path: z.string().min(1).optional().describe('with `rule`: a path or gitignore-style pattern one of the finding\'s locations must match'),
  reason: z.string().trim().min(1, 'say why the finding is accepted').describe('why the finding is accepted; shown in every report beside it'),
  expires: Day.optional().describe('after this day the finding comes back'),
}).refine((a) => a.fingerprint !== undefined || a.rule !== undefined, { message: 'name a `fingerprint` or a `rule`' })
  .refine((a) => a.path === undefined || a.rule !== undefined, { message: '`path` goes with `rule`' });

const RuleSettingSchema = z.union([
  SeverityOrOff,
  z.strictObject({
    severity: SeverityOrOff.optional(),
    options: z.record(z.string(), z.unknown()).optional().describe('the rule\'s thresholds (its README lists them, with their defaults)'),
  }),
]);

export const RatchetSchema = z.union([
  z.enum(['no-increase', 'no-decrease']).describe('against the baseline: the metric may not grow (or, for eval reach, shrink)'),
  z.strictObject({
    max: z.number().int().min(0).optional().describe('the metric may not exceed this'),
    min: z.number().int().min(0).optional().describe('the metric may not fall below this'),
  }).refine((r) => r.max !== undefined || r.min !== undefined, { message: 'give `max` or `min`' }),
]);

const RatchetsSchema = z.strictObject(
  Object.fromEntries(METRICS.map((m) => [m.id, RatchetSchema.optional().describe(m.label)])) as Record<MetricId, z.ZodOptional<typeof RatchetSchema>>,
).describe('architecture metrics held where the team put them; a broken ratchet fails the gate, naming the files or ids that moved it');

export const ConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  products: z.array(z.string().min(1)).optional().describe('a monorepo\'s product packages (folders with a manifest, gitignore-style patterns): their model calls are judged; other packages\' (SDK samples, internal tools) are listed apart'),
  include: z.array(z.string().min(1)).optional().describe('gitignore-style patterns: only source files that match are scanned (manifests, CI and other configuration are always read); the rest are listed as skipped'),
  exclude: z.array(z.string().min(1)).optional().describe('gitignore-style patterns of files to leave out of the scan (listed as skipped in the report)'),
  rules: z.record(z.string(), RuleSettingSchema).optional().describe('per rule: a severity override, or `off`; or an object with `severity` and the rule\'s `options`'),
  accept: z.array(AcceptanceSchema).optional().describe('findings accepted on purpose, each with a reason and an optional expiry: listed in every report, out of the scores and the gate'),
  baseline: z.string().min(1).optional().describe('a previous report.json to compare with (as --baseline), relative to this file'),
  gate: z.strictObject({
    failOn: z.union([Severity, z.literal('none')]).optional().describe('as --fail-on'),
    newOnly: z.boolean().optional().describe('as --new-only: only new findings, and findings that grew, fail the gate'),
  }).optional(),
  ratchets: RatchetsSchema.optional(),
});

export type Config = z.infer<typeof ConfigSchema>;
export type Acceptance = z.infer<typeof AcceptanceSchema>;
export type Ratchet = z.infer<typeof RatchetSchema>;
export type RuleSetting = z.infer<typeof RuleSettingSchema>;

/** The severity a config sets for a rule (`"low"`, `"off"`, or `{ "severity": ... }`), if any. */
export function severitySet(config: Config, ruleId: string): z.infer<typeof SeverityOrOff> | undefined {
  const set = config.rules?.[ruleId];
  return typeof set === 'string' ? set : set?.severity;
}
export type Ratchets = z.infer<typeof RatchetsSchema>;

export function configJsonSchema(): unknown {
  return { title: 'arch-audit configuration', ...(z.toJSONSchema(ConfigSchema, { io: 'input' }) as object) };
}
