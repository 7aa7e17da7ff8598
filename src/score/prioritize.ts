import type { Finding } from '../engine/run-rules.ts';
import { severityRank } from '../engine/meta.ts';

const CONFIDENCE_RANK = { high: 0, medium: 1, low: 2 } as const;

/** Blast radius: how many files or call sites the finding spans (rules put it in `data.files`/`data.callSites`). */
function blastRadius(f: Finding): number {
  const n = Number(f.data['callSites'] ?? f.data['files'] ?? f.locations.length);
  return Number.isFinite(n) ? n : 1;
}

/**
 * Priority order: severity, then confidence, then blast radius, then a stable tie-break on location.
 * Deterministic, so reports diff cleanly between runs.
 */
export function prioritize(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) =>
    severityRank(a.severity) - severityRank(b.severity) ||
    CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence] ||
    blastRadius(b) - blastRadius(a) ||
    a.ruleId.localeCompare(b.ruleId, 'en') ||
    compareLocation(a, b));
}

function compareLocation(a: Finding, b: Finding): number {
  const la = a.locations[0];
  const lb = b.locations[0];
  const fa = la?.file ?? '';
  const fb = lb?.file ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  return (la?.line ?? 0) - (lb?.line ?? 0) || (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);
}
