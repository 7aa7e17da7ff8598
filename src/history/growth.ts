import type { Finding } from '../engine/run-rules.ts';
import { METRICS, type MetricId } from '../report/metrics.ts';
import type { Report } from '../report/schema.ts';

// A decision that compounds shows it in its metric: files outside the gateway, three a year ago and forty-one now.
// Where the history was read, each finding of a rule that names its metric says how that metric moved, and its
// effort is projected along the observed rate instead of the rule's fixed "a year later" factor: the fix touches
// what the metric counts, so it costs in proportion (docs/scoring.md, projection).

const MONTH_MS = 30.44 * 24 * 3600 * 1000;

export function withGrowth(findings: readonly Finding[], metricOf: (ruleId: string) => MetricId | undefined, history: Report['history']): Finding[] {
  const first = history?.points[0];
  const last = history?.points.at(-1);
  if (!history || history.status !== 'measured' || !first || !last || first === last) return [...findings];
  const months = Math.max(1, (Date.parse(last.asOf) - Date.parse(first.asOf)) / MONTH_MS);
  return findings.map((f) => {
    const metric = metricOf(f.ruleId);
    const label = METRICS.find((m) => m.id === metric)?.label;
    if (!metric || !label) return f;
    const [from, to] = [first.values[metric], last.values[metric]];
    if (to === 0) return f;
    const perMonth = (to - from) / months;
    // Only growth is projected: a metric that held or shrank leaves the cost where it is.
    const at = (ahead: number) => round(f.effortHours * Math.max(1, (to + perMonth * ahead) / to));
    return { ...f, effortLaterHours: at(12), growth: { metric, label, from, to, since: first.asOf, perMonth: round(perMonth), sixMonthsHours: at(6) } };
  });
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
