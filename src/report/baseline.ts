import { z } from 'zod';
import { SeveritySchema, severityRank, type Severity } from '../engine/meta.ts';
import { readReportJson } from '../io/json-report.ts';
import type { Finding } from '../engine/run-rules.ts';
import { MetricInventorySchema, type MetricInventory } from './metrics.ts';

// A baseline is a previous report.json. Only what matching needs is read from it, so a report written by an
// older or newer arch-audit still serves: findings are matched by fingerprint (rule, file and a line-free key),
// so code that moved keeps its identity and only what appeared since is "new".

/** A report's findings as matching reads them: also what a diff compares. */
export const ReportFindingsSchema = z.array(z.object({
  ruleId: z.string(),
  title: z.string(),
  severity: SeveritySchema,
  message: z.string(),
  fingerprint: z.string(),
  locations: z.array(z.object({ file: z.string(), line: z.number() })).min(1),
}));

const BaselineSchema = z.object({
  target: z.object({ commit: z.string().nullable().optional(), scannedAt: z.string().optional() }).optional(),
  findings: ReportFindingsSchema,
  inventory: MetricInventorySchema.optional(),
});

export type BaselineFinding = z.infer<typeof BaselineSchema>['findings'][number];

export interface Baseline {
  /** the path as the user gave it, for the report */
  file: string;
  commit: string | null;
  scannedAt: string | null;
  findings: BaselineFinding[];
  /** the architecture metrics' inputs, which ratchets compare with; null in a report without an inventory */
  inventory: MetricInventory | null;
}

/**
 * `updated`: the baseline had the finding and it grew since (a higher severity, or files it did not name):
 * findings are one per root cause, so this is how a root cause that spreads shows up.
 */
export type BaselineState = 'new' | 'updated' | 'unchanged';

export interface Growth {
  fingerprint: string;
  severityBefore: Severity;
  /** files the finding names now and did not name in the baseline */
  addedFiles: string[];
}

export interface BaselineComparison {
  /** each current finding's state, by fingerprint */
  states: Map<string, BaselineState>;
  /** how each `updated` finding grew */
  growth: Growth[];
  /** findings of the baseline that no longer occur */
  fixed: BaselineFinding[];
}

/** Reads and checks a baseline file; anything unusable is one clear UserError. */
export function readBaseline(path: string, shownAs: string): Baseline {
  const data = readReportJson(path, shownAs, BaselineSchema, 'baseline ');
  return { file: shownAs, commit: data.target?.commit ?? null, scannedAt: data.target?.scannedAt ?? null, findings: data.findings, inventory: data.inventory ?? null };
}

/** Which current findings the baseline already had, and which of its findings are gone. */
export function compareWithBaseline(findings: readonly Pick<Finding, 'fingerprint' | 'severity' | 'locations'>[], baseline: Baseline): BaselineComparison {
  const before = new Map(baseline.findings.map((f) => [f.fingerprint, f]));
  const now = new Set(findings.map((f) => f.fingerprint));
  const states = new Map<string, BaselineState>();
  const growth: Growth[] = [];
  for (const f of findings) {
    const was = before.get(f.fingerprint);
    if (!was) {
      states.set(f.fingerprint, 'new');
      continue;
    }
    const known = new Set(was.locations.map((l) => l.file));
    const addedFiles = [...new Set(f.locations.map((l) => l.file))].filter((file) => !known.has(file));
    const grew = severityRank(f.severity) < severityRank(was.severity) || addedFiles.length > 0;
    states.set(f.fingerprint, grew ? 'updated' : 'unchanged');
    if (grew) growth.push({ fingerprint: f.fingerprint, severityBefore: was.severity, addedFiles });
  }
  return { states, growth, fixed: baseline.findings.filter((f) => !now.has(f.fingerprint)) };
}
