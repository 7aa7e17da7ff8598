import type { Finding } from './run-rules.ts';

/** An inline `arch-audit-ignore <rule-id> -- <reason>` comment. */
export interface IgnoreComment {
  file: string;
  /** the line of the comment; it covers that line and the next */
  line: number;
  ruleId: string;
  reason: string | null;
}

export interface Suppressed {
  finding: Finding;
  reason: string;
}

export interface SuppressionResult {
  findings: Finding[];
  suppressed: Suppressed[];
  /** comments that suppress nothing: a missing reason, or no finding of that rule there */
  unused: { comment: IgnoreComment; why: string }[];
}

const COMMENT = /arch-audit-ignore\s+([a-z0-9]+(?:-[a-z0-9]+)*)(?:\s+--\s*(.*?))?\s*(?:\*\/|-->)?\s*$/;

/** Ignore comments of one file, found by a text scan: any comment syntax (line, block or HTML comments). */
export function findIgnoreComments(file: string, text: string): IgnoreComment[] {
  if (!text.includes('arch-audit-ignore')) return [];
  const out: IgnoreComment[] = [];
  text.split('\n').forEach((lineText, i) => {
    const m = COMMENT.exec(lineText);
    if (!m?.[1]) return;
    const reason = m[2]?.trim() || null;
    out.push({ file, line: i + 1, ruleId: m[1], reason });
  });
  return out;
}

/**
 * A finding location is suppressed by a comment naming its rule on the same line or the line above.
 * A multi-location finding loses the suppressed locations; when none is left the whole finding is
 * suppressed, and listed with its reason. A comment without a reason suppresses nothing.
 */
export function applySuppressions(findings: readonly Finding[], comments: readonly IgnoreComment[]): SuppressionResult {
  const valid = comments.filter((c) => c.reason !== null);
  const used = new Set<IgnoreComment>();
  const kept: Finding[] = [];
  const suppressed: Suppressed[] = [];
  for (const f of findings) {
    const reasons: string[] = [];
    const remaining = f.locations.filter((l) => {
      const c = valid.find((v) => v.ruleId === f.ruleId && v.file === l.file && (v.line === l.line || v.line === l.line - 1));
      if (!c) return true;
      used.add(c);
      reasons.push(c.reason as string);
      return false;
    });
    if (remaining.length === f.locations.length) kept.push(f);
    else if (remaining.length === 0) suppressed.push({ finding: f, reason: [...new Set(reasons)].join('; ') });
    else kept.push({ ...f, locations: remaining });
  }
  const unused = comments.flatMap((c) =>
    c.reason === null ? [{ comment: c, why: 'no reason given (write `arch-audit-ignore <rule-id> -- <why>`)' }] : used.has(c) ? [] : [{ comment: c, why: `no ${c.ruleId} finding on this line or the next` }],
  );
  return { findings: kept, suppressed, unused };
}
