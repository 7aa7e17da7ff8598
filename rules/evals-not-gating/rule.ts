import { defineRule, type ReportInput } from '../../src/engine/define-rule.ts';
import type { RepoFacts } from '../../src/facts/index.ts';
import { noGatingCi, pipelineOptions, readPipelines } from '../../src/facts/ci-pipeline.ts';
import type { EvalCiRun } from '../../src/facts/eval-ci.ts';

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
      text: 'Run the evals in CI on pull requests that touch prompts, model calls or model configuration, with a threshold that fails the job; keep the slow or costly part on a schedule or on releases.',
      effortHours: 4,
      effortLaterHours: 8,
    },
    ddQuestion: 'Do evaluations gate releases, or are they run by hand?',
    languages: ['any'],
    requires: ['evalHarness', 'ciConfigs', 'manifests', 'files'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    const evals = facts.evalHarness;
    if (!evals.present || evals.ciTrigger === 'gating') return;
    const run = evals.ciRuns[0];
    const finding = run ? inCi(facts, run) : notInCi(facts);
    if (finding) report(finding);
  },
});

/**
 * CI runs the evals, but not on changes. Release-gated evals are a practice (the suite blocks what ships, and
 * costly suites often run there): info. On a timer, a regression is found within a day of merging: low. Only
 * when someone starts the job, nothing makes anyone run it: medium, as with no CI job at all.
 */
function inCi(facts: RepoFacts, run: EvalCiRun): ReportInput {
  const evals = facts.evalHarness;
  const tools = evals.tools.join(', ');
  const where = `${run.file} runs them on ${run.on.join(', ')}`;
  const common = { locations: evals.ciRuns.slice(0, 5).map((r) => ({ file: r.file, line: r.line })), evidence: run.command, data: { tools: evals.tools, ciTrigger: evals.ciTrigger, on: run.on } };
  if (evals.ciTrigger === 'release') {
    return {
      ...common,
      message: `Evals (${tools}) gate releases, not pull requests: ${where}; a regression is caught at release time, after it merged`,
      key: 'release',
      severity: 'info',
    };
  }
  if (evals.ciTrigger === 'scheduled') {
    return {
      ...common,
      message: `Evals (${tools}) run in CI on a schedule, not on pushes or pull requests: ${where}; a regression is found after it merged`,
      key: 'scheduled',
      severity: 'low',
    };
  }
  return {
    ...common,
    message: `Evals (${tools}) run in CI only when someone starts them: ${where}; nothing runs them on pushes, pull requests or releases`,
    key: 'manual',
    severity: 'medium',
  };
}

function notInCi(facts: RepoFacts): ReportInput | null {
  const evals = facts.evalHarness;
  // A pipeline that could not be read (listed in errors[]) may be the one that runs them.
  if (readPipelines(facts.ciConfigs, pipelineOptions(facts.manifests, facts.ciConfigs)).some((p) => !p.read)) return null;
  // With no CI on changes at all, no-ci-tests reports the missing pipeline and names the evals it would run.
  if (noGatingCi(facts.ciConfigs, facts.manifests, facts.files.map((f) => f.path))) return null;
  const anchor = evals.evidence.find((e) => facts.facts.has(e)) ?? evals.evidence[0];
  if (!anchor) return null;
  const pipelines = facts.ciConfigs.filter((c) => !c.action && !c.tasks).length;
  return {
    message: `Evals (${evals.tools.join(', ')}) exist, and no CI job runs them${pipelines === 0 ? ' (there is no CI configuration at all)' : ''}`,
    locations: [{ file: anchor, line: 1 }],
    evidence: evals.evidence.slice(0, 3).join(', '),
    key: 'not-in-ci',
    data: { tools: evals.tools, ciTrigger: null },
  };
}
