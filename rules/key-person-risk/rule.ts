import { z } from 'zod';
import { defineRule } from '../../src/engine/define-rule.ts';
import { repositoryAnchor } from '../../src/facts/repo-files.ts';

export default defineRule({
  meta: {
    id: 'key-person-risk',
    title: 'Most of the code is written by one person',
    category: 'engineering',
    severity: 'medium',
    confidence: 'medium',
    rationale:
      'When one person writes most of the changes, how the product and its model integration work (which prompts matter, why a ' +
      'provider was chosen, what the evals do not catch) lives in that head. Every month adds decisions no one else has reviewed, ' +
      'and a departure, an illness or a reorganisation stalls the product while someone learns it from the code.',
    remediation: {
      text: 'Spread the knowledge on purpose: pair or rotate on the model code, require a second reviewer on it (CODEOWNERS), and write down the decisions (provider choice, prompt design, eval gaps) where the team can read them.',
      effortHours: 16,
      effortLaterHours: 40,
    },
    ddQuestion: 'Who can ship changes, and how is knowledge spread across the team?',
    languages: ['any'],
    requires: ['history'],
    lifecycle: 'experimental',
  },
  options: z.strictObject({
    minCommits: z.number().int().min(1).default(30).describe('below this many commits in the year there is too little history to speak of a team'),
    share: z.number().min(0).max(1).default(0.6).describe('one author\'s share of the year\'s commits from which the finding is reported'),
    highShare: z.number().min(0).max(1).default(0.8).describe('the share from which it is high'),
  }),
  check({ facts, options, report }) {
    const h = facts.history;
    if (!h || h.commits < options.minCommits) return;
    const [top, ...rest] = h.authors;
    if (!top) return;
    const share = top.commits / h.commits;
    if (share < options.share) return;
    const anchor = repositoryAnchor(facts);
    if (!anchor) return;
    const pct = (n: number) => `${Math.round((n / h.commits) * 100)}%`;
    const others = rest.length === 0 ? 'no one else committed' : `then ${rest.slice(0, 2).map((a) => `${a.name} ${pct(a.commits)}`).join(', ')}${rest.length > 2 ? ` and ${rest.length - 2} more` : ''}`;
    report({
      message: `One author made ${pct(top.commits)} of the ${h.commits} commits in the year to ${h.to} (${top.name}; ${others}): how the product works lives largely in one head`,
      locations: [{ file: anchor, line: 1 }],
      evidence: `git history ${h.from} to ${h.to}`,
      key: 'key-person-risk',
      severity: share >= options.highShare ? 'high' : 'medium',
      data: { share: Math.round(share * 100) / 100, commits: h.commits, authors: h.authors.length },
    });
  },
});
