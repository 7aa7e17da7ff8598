import type { RepoFacts } from '../facts/index.ts';
import { errorMessage } from '../errors.ts';
import type { Location, ReportInput } from './define-rule.ts';
import { fingerprint } from './fingerprint.ts';
import type { LoadedRule } from './load.ts';
import type { Confidence, RuleMeta, Severity } from './meta.ts';
import type { MetricId } from '../report/metrics.ts';

export interface Finding {
  ruleId: string;
  title: string;
  category: RuleMeta['category'];
  severity: Severity;
  confidence: Confidence;
  message: string;
  locations: Location[];
  evidence: string;
  fingerprint: string;
  effortHours: number;
  effortLaterHours: number | null;
  ddQuestion: string;
  data: NonNullable<ReportInput['data']>;
  /** how the rule's metric moved over the history read, and the effort projected at that rate */
  growth?: { metric: MetricId; label: string; from: number; to: number; since: string; perMonth: number; sixMonthsHours: number };
}

export interface RuleError {
  kind: 'rule-error';
  ruleId: string;
  message: string;
}

/** Runs each rule in isolation: a rule that throws becomes a `rule-error` entry and the others still run. */
/** `options`: each rule's thresholds, checked against its schema when the config was read; its defaults otherwise. */
export async function runRules(rules: LoadedRule[], facts: RepoFacts, options: ReadonlyMap<string, Record<string, unknown>> = new Map()): Promise<{ findings: Finding[]; errors: RuleError[] }> {
  const findings: Finding[] = [];
  const errors: RuleError[] = [];
  for (const rule of rules) {
    const reported: ReportInput[] = [];
    try {
      await rule.check({ facts, options: options.get(rule.meta.id) ?? defaultOptions(rule), report: (f) => void reported.push(f) });
    } catch (err) {
      errors.push({ kind: 'rule-error', ruleId: rule.meta.id, message: errorMessage(err).split('\n')[0] ?? 'unknown error' });
      continue;
    }
    findings.push(...toFindings(rule.meta, reported));
  }
  return { findings, errors };
}

function defaultOptions(rule: LoadedRule): Record<string, unknown> {
  const parsed = rule.options?.safeParse({});
  return parsed?.success ? parsed.data : {};
}

function toFindings(meta: RuleMeta, reported: ReportInput[]): Finding[] {
  const seen = new Map<string, number>();
  return reported.map((r) => {
    // A rule's own key names the root cause wherever it is anchored: a finding about every uncapped call
    // keeps its identity when the call it was anchored at is fixed. Without one, the file and the evidence do.
    const file = r.key !== undefined ? '' : (r.locations[0]?.file ?? '');
    const key = r.key ?? r.evidence;
    const id = `${file}\0${key}`;
    const occurrence = seen.get(id) ?? 0;
    seen.set(id, occurrence + 1);
    return {
      ruleId: meta.id,
      title: meta.title,
      category: meta.category,
      severity: r.severity ?? meta.severity,
      confidence: r.confidence ?? meta.confidence,
      message: r.message,
      locations: r.locations,
      evidence: r.evidence,
      fingerprint: fingerprint(meta.id, file, key, occurrence),
      effortHours: r.effortHours ?? meta.remediation.effortHours,
      // the rule's growth factor applied to this finding's own effort
      effortLaterHours: meta.remediation.effortLaterHours === undefined
        ? null
        : Math.round((r.effortHours ?? meta.remediation.effortHours) * (meta.remediation.effortLaterHours / meta.remediation.effortHours) * 10) / 10,
      ddQuestion: meta.ddQuestion,
      data: r.data ?? {},
    };
  });
}
