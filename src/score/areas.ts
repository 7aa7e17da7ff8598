import type { Finding } from '../engine/run-rules.ts';
import { CATEGORIES, type Severity } from '../engine/meta.ts';
import type { RepoFacts } from '../facts/index.ts';

// Area scores, 0 to 10, and an overall grade from the areas that were measured. Documented in
// docs/scoring.md; change both together.

export type Area = (typeof CATEGORIES)[number];

export interface AreaScore {
  id: Area;
  /** null: not measured (the scan lacked the data), never a pass */
  score: number | null;
  reason: string;
}

export interface Scores {
  areas: AreaScore[];
  /** weighted mean of the measured areas; null when none was */
  overall: { score: number; grade: 'A' | 'B' | 'C' | 'D' | 'E' } | null;
}

/** Points a finding takes off its area, by severity. Two high findings already make an area middling. */
const SEVERITY_PENALTY: Record<Severity, number> = { critical: 5, high: 2.5, medium: 1.25, low: 0.5, info: 0 };
/** How much each area weighs in the overall grade: the AI decisions first, then the discipline around them. */
const AREA_WEIGHTS: Record<Area, number> = {
  'ai-architecture': 0.25, evaluation: 0.2, observability: 0.15, portability: 0.1, engineering: 0.15, security: 0.15,
};
const GRADES: { min: number; grade: 'A' | 'B' | 'C' | 'D' | 'E' }[] = [
  { min: 8.5, grade: 'A' }, { min: 7, grade: 'B' }, { min: 5.5, grade: 'C' }, { min: 4, grade: 'D' }, { min: 0, grade: 'E' },
];

export function scoreAreas(findings: readonly Finding[], facts: RepoFacts): Scores {
  const aiMeasured = facts.modelCalls.length > 0;
  const notMeasured: Partial<Record<Area, string>> = {
    ...(aiMeasured ? {} : {
      'ai-architecture': 'not measured: no model calls found in product code',
      portability: 'not measured: no model calls found in product code',
    }),
    ...(facts.evalHarness.present === null
      ? { evaluation: aiMeasured ? 'not measured: the evals live in a submodule the checkout does not hold' : 'not measured: no model calls found in product code' }
      : {}),
  };
  const areas = CATEGORIES.map((id): AreaScore => {
    const why = notMeasured[id];
    if (why) return { id, score: null, reason: why };
    const mine = findings.filter((f) => f.category === id);
    const penalty = [...groupBy(mine, (f) => f.ruleId).values()].reduce((n, fs) => n + rulePenalty(fs), 0);
    const score = Math.max(0, Math.round((10 - penalty) * 10) / 10);
    return { id, score, reason: reasonFor(mine) };
  });
  const measured = areas.filter((a): a is AreaScore & { score: number } => a.score !== null);
  const weight = measured.reduce((n, a) => n + AREA_WEIGHTS[a.id], 0);
  if (measured.length === 0 || weight === 0) return { areas, overall: null };
  const overall = Math.round((measured.reduce((n, a) => n + a.score * AREA_WEIGHTS[a.id], 0) / weight) * 10) / 10;
  return { areas, overall: { score: overall, grade: GRADES.find((g) => overall >= g.min)?.grade ?? 'E' } };
}

/**
 * One rule's weight on its area: its worst finding, plus a fifth of that for each further finding, at
 * most double. A rule reported once per file must not sink an area on its own by repetition.
 */
function rulePenalty(findings: readonly Finding[]): number {
  const worst = Math.max(...findings.map((f) => SEVERITY_PENALTY[f.severity]));
  return worst + Math.min(worst, 0.2 * (findings.length - 1) * worst);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) out.set(key(it), [...(out.get(key(it)) ?? []), it]);
  return out;
}

function reasonFor(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings';
  const bySeverity = (['critical', 'high', 'medium', 'low', 'info'] as const)
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const worst = findings.reduce((a, b) => (SEVERITY_PENALTY[b.severity] > SEVERITY_PENALTY[a.severity] ? b : a));
  return `${bySeverity.join(', ')}; worst: ${worst.title}`;
}
