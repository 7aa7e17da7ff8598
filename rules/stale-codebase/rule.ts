import { z } from 'zod';
import { defineRule } from '../../src/engine/define-rule.ts';
import { repositoryAnchor } from '../../src/facts/repo-files.ts';

const DAY_MS = 24 * 3600 * 1000;

export default defineRule({
  meta: {
    id: 'stale-codebase',
    title: 'The code has not changed in over a year',
    category: 'engineering',
    severity: 'medium',
    confidence: 'high',
    rationale:
      'An AI product stands on parts that move every quarter: model ids are retired, SDKs ship breaking majors, provider ' +
      'endpoints are deprecated. Code no one has touched for a year has aged against all of them, and whoever picks it up ' +
      'first relearns it, then pays every upgrade at once.',
    remediation: {
      text: 'Find out whether the product is still run and by whom; if it is, schedule the upgrades (model ids, SDK majors, dependencies) before any new work, and put the repository under an owner.',
      effortHours: 8,
      effortLaterHours: 24,
    },
    ddQuestion: 'Is the product still being developed, and by whom?',
    languages: ['any'],
    requires: ['activity'],
    lifecycle: 'experimental',
  },
  options: z.strictObject({
    staleDays: z.number().int().min(30).default(365).describe('days without a commit, before the scan, from which the code is stale'),
  }),
  check({ facts, options, report }) {
    const a = facts.activity;
    if (!a) return;
    // With the history at hand, the code's age is its last change: commits since that touched only a README,
    // docs or configuration do not make it younger.
    const since = a.codeChangedAt ?? a.committedAt;
    const days = Math.floor((Date.parse(a.scannedAt) - Date.parse(since)) / DAY_MS);
    if (days < options.staleDays) return;
    const anchor = repositoryAnchor(facts);
    if (!anchor) return;
    const months = Math.floor(days / 30.4);
    const day = (iso: string) => iso.slice(0, 10);
    const when = a.codeChangedAt === undefined
      ? `The scanned commit is from ${day(a.committedAt)}, ${months} months before this scan: the code has not changed since`
      : a.codeChangedAt < a.committedAt
        ? `The code last changed on ${day(a.codeChangedAt)}, ${months} months before this scan; the commits since (the scanned one is from ${day(a.committedAt)}) touched no source file`
        : `The code last changed on ${day(a.codeChangedAt)}, in the scanned commit, ${months} months before this scan`;
    report({
      message: `${when}, while the models, SDKs and provider APIs it calls have`,
      locations: [{ file: anchor, line: 1 }],
      evidence: a.codeChangedAt === undefined ? `last commit ${day(a.committedAt)}` : `last change to source code ${day(a.codeChangedAt)}; scanned commit ${day(a.committedAt)}`,
      key: 'stale-codebase',
      // Two years untouched is an abandoned product, not a slow one.
      severity: days >= 2 * options.staleDays ? 'high' : 'medium',
      data: { days, committedAt: day(a.committedAt), ...(a.codeChangedAt ? { codeChangedAt: day(a.codeChangedAt) } : {}) },
    });
  },
});
