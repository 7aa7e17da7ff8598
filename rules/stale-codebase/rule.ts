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
    const days = Math.floor((Date.parse(a.scannedAt) - Date.parse(a.committedAt)) / DAY_MS);
    if (days < options.staleDays) return;
    const anchor = repositoryAnchor(facts);
    if (!anchor) return;
    const months = Math.floor(days / 30.4);
    report({
      message: `The scanned commit is from ${a.committedAt.slice(0, 10)}, ${months} months before this scan: the code has not changed since, while the models, SDKs and provider APIs it calls have`,
      locations: [{ file: anchor, line: 1 }],
      evidence: `last commit ${a.committedAt.slice(0, 10)}`,
      key: 'stale-codebase',
      // Two years untouched is an abandoned product, not a slow one.
      severity: days >= 2 * options.staleDays ? 'high' : 'medium',
      data: { days, committedAt: a.committedAt.slice(0, 10) },
    });
  },
});
