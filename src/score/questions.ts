import type { Finding } from '../engine/run-rules.ts';
import type { RepoFacts } from '../facts/index.ts';
import { vendorName } from '../catalog/providers.ts';
import { PRODUCT_KIND_LABELS, runsForItsUsers } from '../facts/product-kind.ts';
import { daysText } from '../util/effort.ts';
import { plural } from '../util/plural.ts';
import type { Area, Scores } from './areas.ts';
import { notMeasuredWhy, type RuleRun } from './coverage.ts';

// The questions a technical due diligence asks of an AI codebase, answered from the scan's evidence,
// each with the findings that bear on it. What a scan cannot answer is listed apart, as questions to
// prepare for.

export interface InvestorQuestion {
  question: string;
  /** `ok`: the evidence supports a good answer; `gap`: findings stand against it; `not-measured`: no data */
  status: 'ok' | 'gap' | 'not-measured';
  answer: string;
  /** rules whose findings bear on it */
  rules: string[];
}

interface Template {
  question: string;
  rules: string[];
  /** the area whose measurement the answer stands on; `model` when it is about model code (not answered without it) */
  area: Area;
  model: boolean;
  /** `gap`: the evidence itself answers badly, even with no finding (no evals means nothing gates) */
  /** `moot`: the question does not apply to what the product is (a tool's errors stay on its users' machines) */
  answer(facts: RepoFacts): { answer: string; measured: boolean; gap?: boolean; moot?: boolean };
}

const CI_TRIGGER_ANSWERS: Record<NonNullable<RepoFacts['evalHarness']['ciTrigger']> | 'none', string> = {
  gating: 'A CI job runs them on pushes or pull requests.',
  release: 'CI runs them on releases (tag pushes or published releases), not on pull requests.',
  scheduled: 'CI runs them on a schedule, not on pushes or pull requests.',
  manual: 'CI runs them only when someone starts the job by hand.',
  none: 'No CI job runs them.',
};

const TEMPLATES: Template[] = [
  {
    question: 'Are model calls centralised behind a gateway, or scattered through the codebase?',
    area: 'ai-architecture', model: true,
    rules: ['direct-model-call'],
    answer: (f) => {
      const files = new Set(f.modelCalls.map((c) => c.file)).size;
      if (files === 0) return { answer: 'No model calls were found in product code.', measured: false };
      return f.gateway.present
        ? { answer: `Yes: ${f.gateway.files.join(', ')} carries model traffic for ${Math.round((f.gateway.coverage ?? 0) * 100)}% of the ${plural(files, 'model-calling file')}; ${plural(f.gateway.bypassFiles.length, 'file')} bypass it.`, measured: true }
        : { answer: `No: ${plural(f.modelCalls.length, 'model call')} sit in ${plural(files, 'file')} with no shared gateway.`, measured: true };
    },
  },
  {
    question: 'Which model providers does the product depend on, and what happens if one has an outage or changes its terms?',
    area: 'portability', model: true,
    rules: ['no-model-fallback', 'model-call-no-timeout', 'provider-specific-features'],
    answer: (f) => {
      if (f.modelCalls.length === 0) return { answer: 'No model calls were found in product code.', measured: false };
      const called = f.providers.filter((p) => p.calls > 0).map((p) => `${p.id} (${plural(p.calls, 'call')})`);
      const features = f.providerFeatures.map((x) => x.label);
      const stack = f.inferenceStack.map((c) => `${c.label} (${c.kind})`);
      return { answer: `Calls go to ${called.join(', ') || 'providers chosen at run time'}${features.length > 0 ? `; provider-only features in use: ${features.join('; ')}` : ''}${stack.length > 0 ? `; serving and gateways: ${stack.join(', ')}` : ''}.`, measured: true };
    },
  },
  {
    question: 'What would it cost to switch model provider, or vector database?',
    area: 'portability', model: true,
    rules: ['single-provider-lock-in', 'embeddings-locked-to-provider', 'vector-store-scattered', 'provider-specific-features'],
    answer: (f) => {
      const surfaces = f.migrationSurface.slice(0, 4).map((m) => `leaving ${vendorName(m.vendor)} is about ${daysText(m.effortHours)} (${plural(m.files.length, 'file')}${m.kind !== 'vector-store' ? `, ${plural(m.callSites, 'call site')}` : ''}${m.adapter ? ', behind one adapter' : ''}${m.reembed ? ', re-embedding the corpus' : ''})`);
      if (surfaces.length === 0) return { answer: 'No model provider or vector store was found in product code.', measured: false };
      const locked = f.embeddings.lockedTo.map(vendorName);
      return { answer: `By the migration estimate, ${surfaces.join('; ')}${locked.length > 0 ? `. Stored vectors are tied to ${locked.join(', ')} embeddings` : ''}.`, measured: true };
    },
  },
  {
    question: 'How do you know a model or prompt change did not make the product worse?',
    area: 'evaluation', model: true,
    rules: ['no-eval-harness', 'model-code-not-evaluated', 'inline-prompt-sprawl'],
    answer: (f) => {
      const e = f.evalHarness;
      if (e.present === null) return { answer: 'Not measured: no model calls, or the evals are in a submodule the checkout does not hold.', measured: false };
      if (!e.present) return { answer: 'Nothing in the repository measures model output quality.', measured: true };
      const reach = e.reachedCallFiles.length + e.unreachedCallFiles.length;
      return { answer: `Evals exist (${e.tools.join(', ')})${reach > 0 ? `, reaching ${e.reachedCallFiles.length} of ${plural(reach, 'model-calling file')}` : ''}.`, measured: true };
    },
  },
  {
    question: 'Do evaluations gate releases, or are they run by hand?',
    area: 'evaluation', model: true,
    rules: ['evals-not-gating'],
    answer: (f) => {
      const e = f.evalHarness;
      if (!e.present) return { answer: 'There are no evals to gate with.', measured: e.present !== null, gap: e.present === false };
      return { answer: CI_TRIGGER_ANSWERS[e.ciTrigger ?? 'none'], measured: true };
    },
  },
  {
    question: 'Can you see every model call in production, with its cost and latency?',
    area: 'observability', model: true,
    rules: ['no-llm-observability', 'llm-tracing-partial'],
    answer: (f) => {
      const c = f.llmObservability.coverage;
      if (c.totalCalls === 0) return { answer: 'No model calls were found in product code.', measured: false };
      if (runsForItsUsers(f.product)) return { answer: `Not a question for ${PRODUCT_KIND_LABELS[f.product.kind]}: its model calls run on its users' machines, out of the company's sight.`, measured: true, moot: true };
      const tools = f.llmObservability.tools.join(', ');
      return { answer: `${c.coveredCalls} of ${plural(c.totalCalls, 'model call')} are traced${tools ? ` (${tools})` : ''}${c.mode === 'env-flag' ? ', only when an environment switch is set' : ''}${c.homeGrown.length > 0 ? '; home-grown usage tracking exists' : ''}.`, measured: true };
    },
  },
  {
    question: 'What happens to a request when a model call fails or hangs, and is its cost bounded?',
    area: 'ai-architecture', model: true,
    rules: ['model-call-unhandled-error', 'model-call-no-timeout', 'model-call-no-token-limit'],
    answer: (f) => {
      // Dead model code is not judged; options built where the scan could not see are counted apart.
      const p = f.modelCalls.flatMap((c) => (c.policy && !c.unreferenced ? [c.policy] : []));
      if (p.length === 0) return { answer: 'No model calls were found in product code.', measured: false };
      const gen = p.filter((x) => x.tokenLimit === 'set' || x.tokenLimit === 'unset');
      const unknownTimeouts = p.filter((x) => x.timeout === 'unknown').length;
      const unknownCaps = p.filter((x) => x.tokenLimit === 'unknown').length;
      const unknownHandling = p.filter((x) => x.errorHandling === 'unknown').length;
      return {
        answer:
          `${p.filter((x) => x.errorHandling !== null && x.errorHandling !== 'unknown').length} of ${plural(p.length, 'call')} have error handling${unknownHandling > 0 ? ` (${unknownHandling} not measured: the callers up the chain were not all found)` : ''}, ${p.filter((x) => x.timeout !== null && x.timeout !== 'unknown').length} an explicit timeout` +
          `${unknownTimeouts > 0 ? ` (${unknownTimeouts} not measured)` : ''}; ${gen.filter((x) => x.tokenLimit === 'set').length} of ${plural(gen.length, 'generation call')} cap their output` +
          `${unknownCaps > 0 ? ` (${unknownCaps} more not measured: options built where the scan could not see)` : ''}.`,
        measured: true,
      };
    },
  },
  {
    question: 'How hard is it to change the model behind a feature, and how are prompts managed?',
    area: 'ai-architecture', model: true,
    rules: ['hardcoded-model-id', 'inline-prompt-sprawl'],
    answer: (f) => ({
      answer: `${plural(f.modelIds.length, 'distinct model id')} written in code (${f.modelIds.reduce((n, u) => n + u.count, 0)} occurrences); ${plural(f.prompts.inline.length, 'inline prompt')}${f.prompts.promptFiles.length > 0 ? `, ${plural(f.prompts.promptFiles.length, 'prompt file')}` : ''}${f.prompts.registryFiles.length > 0 ? ', a prompt registry in use' : ''}.`,
      measured: f.modelCalls.length > 0,
    }),
  },
  {
    question: 'What stops a prompt injection from running commands or queries on your systems?',
    area: 'security', model: true,
    rules: ['model-output-executed'],
    answer: (f) => {
      if (f.modelCalls.length === 0) return { answer: 'No model calls were found in product code.', measured: false };
      const n = f.outputSinks.length;
      return { answer: n === 0 ? 'No model output was seen reaching a shell, an interpreter or a database.' : `Model output reaches a shell, an interpreter or a database in ${plural(n, 'place')}; no sandbox was seen.`, measured: true };
    },
  },
  {
    question: 'How are credentials managed, and has any been exposed?',
    area: 'security', model: false,
    rules: ['committed-secret'],
    answer: (f) => ({ answer: f.secrets.length === 0 ? 'No provider, cloud or code-host credential was found in tracked files.' : `${plural(f.secrets.length, 'credential')} committed in tracked files.`, measured: true }),
  },
  {
    question: 'How do you find out about production errors?',
    area: 'observability', model: false,
    rules: ['no-error-tracking'],
    answer: (f) => {
      const g = f.generalObservability;
      if (f.product.kind !== 'service' && f.product.kind !== 'unknown') return { answer: `Not a question for ${PRODUCT_KIND_LABELS[f.product.kind]} (${f.product.reason}): its errors surface ${f.product.kind === 'library' ? "in the services that embed it" : "on its users' machines"}.`, measured: true, moot: true };
      return { answer: g.errorTracking.length > 0 ? `Error tracking: ${g.errorTracking.join(', ')}.` : `No error tracker${g.logging.length > 0 ? `; structured logging with ${g.logging.join(', ')}` : ''}.`, measured: true };
    },
  },
  {
    question: 'Is the code tested, reviewed and checked before it ships?',
    area: 'engineering', model: false,
    rules: ['no-ci-tests', 'no-ci-static-checks', 'untested-model-code', 'low-test-ratio', 'no-codeowners', 'no-dependency-updates', 'no-lockfile', 'no-security-policy'],
    answer: (f) => {
      const tests = f.files.filter((x) => x.role === 'test').length;
      return { answer: `${plural(tests, 'test file')}; ${plural(f.ciConfigs.filter((c) => !c.action && !c.tasks).length, 'CI configuration')}.`, measured: true };
    },
  },
  {
    question: 'Who writes the code, and is it still being developed?',
    area: 'engineering', model: false,
    rules: ['key-person-risk', 'stale-codebase'],
    answer: (f) => {
      const h = f.history;
      const last = f.activity ? `Last commit ${f.activity.committedAt.slice(0, 10)}.` : '';
      if (!h) return { answer: last ? `${last} Who wrote it is not measured: the checkout has no history.` : 'Not measured: the checkout has no history.', measured: last !== '' };
      const top = h.authors[0];
      const share = top && h.commits > 0 ? Math.round((top.commits / h.commits) * 100) : 0;
      return { answer: `${plural(h.commits, 'commit')} in the year to ${h.to} by ${plural(h.authors.length, 'author')}${top ? `; the most active made ${share}%` : ''}. ${last}`.trim(), measured: true };
    },
  },
];

/** What a repository scan cannot see: prepare these answers separately. */
export const BEYOND_THE_CODE = [
  'Service levels: the uptime, latency and error-rate objectives, and how they were met.',
  'Real inference cost per user, per feature and per month, and its trend.',
  'Data rights: the right to use customer data for prompts, fine-tuning and evals; the providers\' retention and training terms.',
  'Security and compliance: SOC 2 or ISO 27001 status, penetration tests, incident history.',
  'Personal data in prompts and logs: what is sent to providers and what is stored.',
  'Model and dataset licences, and provider contracts (rate limits, committed spend, exclusivity).',
  'Who can merge and ship changes: branch protection, required reviews, deploy rights.',
];

export function investorQuestions(findings: readonly Finding[], facts: RepoFacts, scores: Scores, runs: readonly RuleRun[]): InvestorQuestion[] {
  const fired = new Set(findings.map((f) => f.ruleId));
  const notRun = new Map(runs.flatMap((r) => (r.notRun !== null ? [[r.id, r.notRun] as const] : [])));
  // An info finding is a note on a good answer (evals that gate releases), not a gap in it.
  const against = new Set(findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId));
  const covered = new Set(TEMPLATES.flatMap((t) => t.rules));
  const answered = TEMPLATES.map((t): InvestorQuestion => {
    const rules = t.rules.filter((r) => fired.has(r));
    const unanswered = unmeasured(t, scores, t.rules.flatMap((r) => notRun.get(r) ?? []));
    // Findings still stand against it; no finding from checks that did not run or see is a pass.
    if (unanswered !== null) return { question: t.question, status: rules.some((r) => against.has(r)) ? 'gap' : 'not-measured', answer: unanswered, rules };
    const { answer, measured, gap, moot } = t.answer(facts);
    const partly = moot ? '' : partlyCaveat(t, scores);
    return { question: t.question, status: rules.some((r) => against.has(r)) || gap ? 'gap' : measured ? 'ok' : 'not-measured', answer: `${answer}${partly}`, rules };
  });
  // A rule outside the catalogue (a user rule) still answers its own question.
  const extra = new Map<string, Finding[]>();
  for (const f of findings) if (!covered.has(f.ruleId)) extra.set(f.ddQuestion, [...(extra.get(f.ddQuestion) ?? []), f]);
  const others = [...extra].map(([question, fs]): InvestorQuestion => ({ question, status: 'gap', answer: fs.map((f) => f.message).slice(0, 2).join(' '), rules: [...new Set(fs.map((f) => f.ruleId))] }));
  return [...answered, ...others];
}

/** Why the question cannot be answered from the scan, or null when it can (the status label says "not measured"). */
function unmeasured(t: Template, scores: Scores, notRun: readonly string[]): string | null {
  const m = scores.modelCode;
  if (t.model && m.status === 'none') return `${sentence(m.note)}: the question does not apply.`;
  if (t.model && m.status === 'untraced') return `${sentence(m.note)}.`;
  const area = scores.areas.find((a) => a.id === t.area);
  if (area && area.status === 'not-measured') return `${sentence(notMeasuredWhy(area.notCovered))}.`;
  if (notRun.length > 0) return `Rule ${notRun.join('; rule ')}.`;
  return null;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What the answer did not see, when its area was partly measured. */
function partlyCaveat(t: Template, scores: Scores): string {
  const area = scores.areas.find((a) => a.id === t.area);
  if (!area || area.status !== 'partly-measured') return '';
  if (t.model && scores.modelCode.status === 'partly-traced') return ` Partly measured: ${Math.round((scores.modelCode.seen ?? 0) * 100)}% of the model code traced (see Coverage).`;
  const reviewed = area.notCovered.filter((n) => n.kind === 'not-reviewed').map((n) => n.check);
  return reviewed.length > 0 && !t.model ? ` Not reviewed: ${reviewed.join(', ')}.` : '';
}
