import { createHash } from 'node:crypto';

/**
 * A finding's identity across runs: rule, file and a normalised key (never the line number), plus the
 * occurrence index among identical keys, so inserting code above a finding does not make it "new".
 */
export function fingerprint(ruleId: string, file: string, key: string, occurrence: number): string {
  const normalised = key.replace(/\s+/g, ' ').trim();
  const digest = createHash('sha256').update(`${ruleId}\0${file}\0${normalised}`).digest('hex').slice(0, 32);
  return `${digest}:${occurrence}`;
}
