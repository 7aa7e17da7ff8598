import type { Finding } from '../engine/run-rules.ts';
import type { Severity } from '../engine/meta.ts';
import type { RepoFacts } from '../facts/index.ts';
import { CATEGORIES } from '../engine/meta.ts';
import { PART_OF_MODEL_CODE, areaCoverage, modelCodeView, unseenAreas, type Area, type Measurement, type ModelCodeView, type NotCovered, type RuleRun } from './coverage.ts';

// Area scores, 0 to 10, and an overall grade, each no better than what the scan saw. Documented in
// docs/scoring.md; change both together.

export type { Area };

export interface AreaScore {
  id: Area;
  status: Measurement;
  /** from the findings, held to the ceiling when partly measured; null when not measured or not applicable */
  score: number | null;
  /** the most a partly measured area can score (with no finding): what was not seen counts as middling; null when measured */
  ceiling: number | null;
  /** the share of the area's checks that saw what they judge */
  seen: number;
  covered: string[];
  notCovered: NotCovered[];
  reason: string;
}

export interface OverallGrade {
  score: number;
  grade: 'A' | 'B' | 'C' | 'D' | 'E';
  /** `engineering-only`: no AI area could be scored (no AI code, or none of it traced) */
  scope: 'ai-and-engineering' | 'engineering-only';
  /** the share of what the grade weighs that the scan saw */
  seen: number;
  /** the cap that held the grade down, when it did */
  heldTo: number | null;
  note: string;
}

export interface Scores {
  modelCode: ModelCodeView;
  areas: AreaScore[];
  /** weighted mean of the scored areas, held to what was seen; null when no area was scored */
  overall: OverallGrade | null;
}

/** Points a finding takes off its area, by severity. Two high findings already make an area middling. */
const SEVERITY_PENALTY: Record<Severity, number> = { critical: 5, high: 2.5, medium: 1.25, low: 0.5, info: 0 };
/** How much each area weighs in the overall grade: the AI decisions first, then the discipline around them. */
const AREA_WEIGHTS: Record<Area, number> = {
  'ai-architecture': 0.25, evaluation: 0.2, observability: 0.15, portability: 0.1, engineering: 0.15, security: 0.15,
};
const AI_AREAS: readonly Area[] = ['ai-architecture', 'evaluation', 'portability'];
const GRADES: { min: number; grade: OverallGrade['grade'] }[] = [
  { min: 8.5, grade: 'A' }, { min: 7, grade: 'B' }, { min: 5.5, grade: 'C' }, { min: 4, grade: 'D' }, { min: 0, grade: 'E' },
];
/** What was not seen scores this, at best: neither a pass nor a fail. */
const UNSEEN_SCORE = 5;

/** The most a score can be when `seen` of it was measured: the unseen rest counts as middling. */
function ceilingFor(seen: number): number {
  return round1(seen * 10 + (1 - seen) * UNSEEN_SCORE);
}

export function scoreAreas(findings: readonly Finding[], facts: RepoFacts, runs: readonly RuleRun[]): Scores {
  const view = modelCodeView(facts);
  const unseen = unseenAreas(facts, view);
  const areas = CATEGORIES.map((id): AreaScore => {
    const cov = areaCoverage(id, runs, view, unseen[id]);
    const mine = findings.filter((f) => f.category === id);
    const area = (score: number | null, ceiling: number | null, reason: string): AreaScore =>
      ({ id, status: cov.status, score, ceiling, seen: round2(cov.seen), covered: cov.covered, notCovered: cov.notCovered, reason });
    if (cov.status === 'not-applicable' || cov.status === 'not-measured') {
      const listed = mine.length > 0 ? `; ${mine.length === 1 ? 'the finding' : `the ${mine.length} findings`} from the checks that could run ${mine.length === 1 ? 'is' : 'are'} listed below` : '';
      return area(null, null, `${cov.note ?? cov.status}${listed}`);
    }
    const penalty = [...groupBy(mine, (f) => f.ruleId).values()].reduce((n, fs) => n + rulePenalty(fs), 0);
    const fromFindings = Math.max(0, round1(10 - penalty));
    if (cov.status === 'measured') return area(fromFindings, null, findingsSummary(mine));
    // The share the checks saw scores from the findings, the rest as middling: a finding always costs, and
    // measuring more never hides one behind a higher ceiling.
    const ceiling = ceilingFor(cov.seen);
    const score = round1(cov.seen * fromFindings + (1 - cov.seen) * UNSEEN_SCORE);
    const unseenShare = `. The ${Math.round((1 - cov.seen) * 100)}% not measured counts as middling, never as clean`;
    return area(score, ceiling, `${findingsSummary(mine)}. Partly measured: ${partlyText(cov.covered, cov.notCovered)}${unseenShare}`);
  });
  return { modelCode: { ...view, seen: view.seen === null ? null : round2(view.seen) }, areas, overall: overallGrade(areas, view) };
}

function overallGrade(areas: readonly AreaScore[], view: ModelCodeView): OverallGrade | null {
  const scored = areas.filter((a): a is AreaScore & { score: number } => a.score !== null);
  const weight = scored.reduce((n, a) => n + AREA_WEIGHTS[a.id], 0);
  if (scored.length === 0 || weight === 0) return null;
  const mean = round1(scored.reduce((n, a) => n + a.score * AREA_WEIGHTS[a.id], 0) / weight);
  // An area that applies and was not measured is in the grade's reach, unseen: it lowers the share seen.
  const applicable = areas.filter((a) => a.status !== 'not-applicable');
  const seen = round2(applicable.reduce((n, a) => n + AREA_WEIGHTS[a.id] * a.seen, 0) / applicable.reduce((n, a) => n + AREA_WEIGHTS[a.id], 0));
  const ceiling = ceilingFor(seen);
  const score = Math.min(mean, ceiling);
  const scope = scored.some((a) => AI_AREAS.includes(a.id)) ? 'ai-and-engineering' : 'engineering-only';
  const partly = areas.filter((a) => a.status === 'partly-measured').map((a) => AREA_LABEL[a.id]);
  const notMeasured = applicable.filter((a) => a.score === null).map((a) => AREA_LABEL[a.id]);
  const note = [
    view.status === 'none' ? `covers engineering only: ${view.note}, so there is no AI grade`
      : scope === 'engineering-only' ? `covers engineering only: the AI areas are not measured (${view.note})`
        : 'from the areas scored',
    notMeasured.length > 0 && scope !== 'engineering-only' ? `not measured: ${notMeasured.join(', ')}` : '',
    partly.length > 0 ? `partly measured: ${partly.join(', ')}` : '',
    mean > ceiling ? `held to ${ceiling} from ${mean}: the scan saw ${Math.round(seen * 100)}% of what the grade weighs, and what it did not see counts as middling` : '',
  ].filter(Boolean).join('; ');
  return { score, grade: GRADES.find((g) => score >= g.min)?.grade ?? 'E', scope, seen, heldTo: mean > ceiling ? ceiling : null, note };
}

/** How reports name each area. */
export const AREA_LABEL: Record<Area, string> = {
  'ai-architecture': 'AI architecture', evaluation: 'Evaluation', observability: 'Observability', portability: 'Portability', engineering: 'Engineering discipline', security: 'Security',
};

export const MEASUREMENT_LABEL: Record<Measurement, string> = {
  measured: 'measured', 'partly-measured': 'partly measured', 'not-measured': 'not measured', 'not-applicable': 'not applicable',
};

/** "covered X only; not reviewed: a, b; not run: c (why); not seen: d" */
function partlyText(covered: readonly string[], notCovered: readonly NotCovered[]): string {
  const of = (kind: NotCovered['kind']) => notCovered.filter((n) => n.kind === kind);
  const reviewed = of('not-reviewed').map((n) => n.check);
  const notRun = of('not-run').map((n) => n.why);
  const unseen = [...new Set(of('not-seen').map((n) => n.why))];
  // Which checks saw anything matters unless the only gap is part of the model code, which every check ran on.
  const narrowed = notCovered.some((n) => n.kind !== 'not-seen' || n.check !== PART_OF_MODEL_CODE);
  return [
    narrowed ? `covered ${covered.length > 0 ? covered.join(', ') : 'nothing'}${covered.length === 1 ? ' only' : ''}` : '',
    reviewed.length > 0 ? `not reviewed: ${reviewed.join(', ')}` : '',
    notRun.length > 0 ? `not run: ${notRun.join('; ')}` : '',
    unseen.length > 0 ? `not seen: ${unseen.join('; ')}` : '',
  ].filter(Boolean).join('; ');
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

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function findingsSummary(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings';
  const bySeverity = (['critical', 'high', 'medium', 'low', 'info'] as const)
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const worst = findings.reduce((a, b) => (SEVERITY_PENALTY[b.severity] > SEVERITY_PENALTY[a.severity] ? b : a));
  return `${bySeverity.join(', ')}; worst: ${worst.title}`;
}
