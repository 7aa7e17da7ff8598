import type { Finding } from '../engine/run-rules.ts';
import { severityRank } from '../engine/meta.ts';

// The priority model, documented in docs/scoring.md: severity first (what an investor reads first),
// then, within a severity, a score of confidence x blast radius x how fast the decision compounds,
// per hour of effort to fix it now.

const CONFIDENCE_WEIGHT = { high: 1, medium: 0.75, low: 0.5 } as const;
/** A fix costing at most this many hours now is "a day's work". */
const FIX_NOW_MAX_HOURS = 8;
const FIX_NOW_COUNT = 5;

/** Blast radius: how many files or call sites the finding spans (rules put it in `data.files`/`data.callSites`). */
function blastRadius(f: Finding): number {
  const n = Number(f.data['callSites'] ?? f.data['files'] ?? f.locations.length);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** How much dearer the fix gets after a year of growth: `effortLaterHours / effortHours`, 1 when unknown. */
function compounding(f: Finding): number {
  return f.effortLaterHours !== null && f.effortHours > 0 ? f.effortLaterHours / f.effortHours : 1;
}

function priorityScore(f: Finding): number {
  return (CONFIDENCE_WEIGHT[f.confidence] * (1 + Math.log2(blastRadius(f))) * compounding(f)) / Math.sqrt(Math.max(f.effortHours, 0.25));
}

/** Deterministic, so reports diff cleanly between runs. */
export function prioritize(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) =>
    severityRank(a.severity) - severityRank(b.severity) ||
    priorityScore(b) - priorityScore(a) ||
    a.ruleId.localeCompare(b.ruleId, 'en') ||
    compareLocation(a, b));
}

/**
 * The shortlist to fix while each is at most a day's work: the findings whose cost grows most by
 * waiting (later effort minus effort now), most severe first on ties.
 */
export function fixNow(findings: readonly Finding[]): Finding[] {
  return findings
    .filter((f) => f.effortHours <= FIX_NOW_MAX_HOURS && f.severity !== 'info')
    .map((f) => ({ f, saved: (f.effortLaterHours ?? f.effortHours) - f.effortHours }))
    .filter(({ saved }) => saved > 0)
    .sort((a, b) => b.saved - a.saved || severityRank(a.f.severity) - severityRank(b.f.severity) || a.f.fingerprint.localeCompare(b.f.fingerprint))
    .slice(0, FIX_NOW_COUNT)
    .map(({ f }) => f);
}

function compareLocation(a: Finding, b: Finding): number {
  const la = a.locations[0];
  const lb = b.locations[0];
  const fa = la?.file ?? '';
  const fb = lb?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (la?.line ?? 0) - (lb?.line ?? 0) || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);
}
