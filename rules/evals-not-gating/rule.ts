import { defineRule } from '../../src/engine/define-rule.ts';

export default defineRule({
  meta: {
    id: 'evals-not-gating',
    title: 'Evals exist but no CI job runs them on changes',
    category: 'evaluation',
    severity: 'medium',
    confidence: 'medium',
    rationale:
      'An eval suite that runs only when someone remembers, by hand or on a nightly timer, catches a regression after it is merged ' +
      'and deployed. The suite also rots: datasets and scorers drift from the code when nothing fails on a pull request.',
    remediation: {
      text: 'Run the evals in CI on pull requests that touch prompts, model calls or model configuration, with a threshold that fails the job; keep the slow or costly part on a schedule.',
      effortHours: 4,
      effortLaterHours: 8,
    },
    ddQuestion: 'Do evaluations gate releases, or are they run by hand?',
    languages: ['any'],
    requires: ['evalHarness', 'ciConfigs'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    const evals = facts.evalHarness;
    if (!evals.present || evals.ciTrigger === 'gating') return;
    const anchor = evals.evidence.find((e) => facts.facts.has(e)) ?? evals.evidence[0];
    if (!anchor) return;
    const scheduled = evals.ciTrigger === 'manual-or-scheduled';
    report({
      message: scheduled
        ? `Evals (${evals.tools.join(', ')}) run in CI only by hand or on a schedule, not on pushes or pull requests`
        : `Evals (${evals.tools.join(', ')}) exist, and no CI job runs them${facts.ciConfigs.length === 0 ? ' (there is no CI configuration at all)' : ''}`,
      locations: [{ file: anchor, line: 1 }],
      evidence: evals.evidence.slice(0, 3).join(', '),
      key: scheduled ? 'scheduled' : 'not-in-ci',
      data: { tools: evals.tools, ciTrigger: evals.ciTrigger },
    });
  },
});
