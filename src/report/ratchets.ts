import type { Ratchet, Ratchets } from '../settings/schema.ts';
import { METRICS, valueOf, type MetricId, type MetricInventory } from './metrics.ts';

// A ratchet holds an architecture metric where the team put it: no more files outside the gateway than the
// baseline had, at most twelve model ids. A broken ratchet fails the gate and names what moved the metric.

export interface RatchetResult {
  metric: MetricId;
  label: string;
  /** the rule as written: `no-increase`, `no-decrease`, `max 12`, `min 3` */
  rule: string;
  before: number | null;
  after: number;
  status: 'held' | 'broken' | 'not-checked';
  /** the files or ids the metric counts now and the baseline did not */
  added: string[];
  message: string;
}

export function checkRatchets(ratchets: Ratchets | undefined, now: MetricInventory, baseline: MetricInventory | null): RatchetResult[] {
  if (!ratchets) return [];
  return METRICS.flatMap((m) => {
    const set = ratchets[m.id];
    if (set === undefined) return [];
    const after = valueOf(m, now);
    const before = baseline ? valueOf(m, baseline) : null;
    const had = new Set(baseline ? m.items(baseline) : []);
    const added = baseline ? m.items(now).filter((x) => !had.has(x)) : [];
    const rule = ruleText(set);
    const broken: string[] = [];
    const unchecked: string[] = [];
    for (const limit of limits(set)) {
      if (limit.kind === 'max' && after > limit.n) broken.push(`is ${after}, above its maximum of ${limit.n}`);
      if (limit.kind === 'min' && after < limit.n) broken.push(`is ${after}, below its minimum of ${limit.n}`);
      if (limit.kind === 'no-increase' || limit.kind === 'no-decrease') {
        if (before === null) unchecked.push(`${limit.kind} needs a baseline (--baseline, or \`baseline\` in the config)`);
        else if (limit.kind === 'no-increase' ? after > before : after < before) broken.push(`went from ${before} to ${after} (${limit.kind})`);
      }
    }
    const status = broken.length > 0 ? 'broken' : unchecked.length > 0 ? 'not-checked' : 'held';
    const moved = added.length > 0 ? `; new since the baseline: ${added.slice(0, 10).join(', ')}${added.length > 10 ? ` and ${added.length - 10} more` : ''}` : '';
    const message = status === 'broken' ? `ratchet broken: ${m.id} ${broken.join(' and ')}${moved}`
      : status === 'not-checked' ? `ratchet not checked: ${m.id} is ${after}; ${unchecked.join('; ')}`
        : `ratchet held: ${m.id} is ${after}${before !== null ? ` (${before} in the baseline)` : ''}`;
    return [{ metric: m.id, label: m.label, rule, before, after, status, added, message }];
  });
}

type Limit = { kind: 'no-increase' | 'no-decrease' } | { kind: 'max' | 'min'; n: number };

function limits(r: Ratchet): Limit[] {
  if (typeof r === 'string') return [{ kind: r }];
  return [...(r.max !== undefined ? [{ kind: 'max' as const, n: r.max }] : []), ...(r.min !== undefined ? [{ kind: 'min' as const, n: r.min }] : [])];
}

function ruleText(r: Ratchet): string {
  return limits(r).map((l) => ('n' in l ? `${l.kind} ${l.n}` : l.kind)).join(', ');
}
