import type { RuleError } from '../engine/run-rules.ts';
import type { LoadedRule } from '../engine/load.ts';
import { CATEGORIES } from '../engine/meta.ts';
import { isModelPackage } from '../catalog/model-modules.ts';
import type { RepoFacts } from '../facts/index.ts';
import { isInScope } from '../inventory/roles.ts';
import { plural } from '../util/plural.ts';

// What each area's score stands on. A score is only as good as what the scan saw: a rule that did not
// run, model code the scan could not trace, or a check arch-audit does not make yet, is not a pass.
// Documented in docs/scoring.md ("What a score stands on"); change both together.

export type Area = (typeof CATEGORIES)[number];
export type Measurement = 'measured' | 'partly-measured' | 'not-measured' | 'not-applicable';

/** What a rule looks at, as an area's coverage line says it, and whether its subject is model code. */
interface Check {
  covers: string;
  /** judged on model calls and the code around them: not applicable without AI code, partial where it is untraced */
  modelCode: boolean;
}

/** The built-in rules; a rule missing here (a user rule) covers its title, and is about model code by its category. */
export const RULE_CHECKS: Readonly<Record<string, Check>> = {
  'committed-secret': { covers: 'committed credentials', modelCode: false },
  'model-output-executed': { covers: 'model output run as commands, code or SQL', modelCode: true },
  'direct-model-call': { covers: 'whether model calls go through a gateway', modelCode: true },
  'hardcoded-model-id': { covers: 'model ids written in code', modelCode: true },
  'model-call-no-timeout': { covers: 'timeouts and retries on model calls', modelCode: true },
  'model-call-no-token-limit': { covers: 'output caps on generation calls', modelCode: true },
  'model-call-unhandled-error': { covers: 'error handling around model calls', modelCode: true },
  'no-eval-harness': { covers: 'whether an eval harness exists', modelCode: true },
  'evals-not-gating': { covers: 'whether CI runs the evals on changes', modelCode: true },
  'model-code-not-evaluated': { covers: 'which model-calling modules the evals reach', modelCode: true },
  'inline-prompt-sprawl': { covers: 'where prompts are kept', modelCode: true },
  'no-llm-observability': { covers: 'LLM tracing', modelCode: true },
  'llm-tracing-partial': { covers: 'which model calls the tracing covers', modelCode: true },
  'no-error-tracking': { covers: 'error tracking', modelCode: false },
  'single-provider-lock-in': { covers: 'dependence on one model provider', modelCode: true },
  'embeddings-locked-to-provider': { covers: 'the embedding models behind stored vectors', modelCode: true },
  'vector-store-scattered': { covers: 'how vector stores are reached', modelCode: true },
  'provider-specific-features': { covers: 'provider-only features in use', modelCode: true },
  'no-model-fallback': { covers: 'fallback when a provider fails', modelCode: true },
  'untested-model-code': { covers: 'tests of model-calling modules', modelCode: true },
  'low-test-ratio': { covers: 'test code against product size', modelCode: false },
  'no-ci-tests': { covers: 'tests run in CI', modelCode: false },
  'no-ci-static-checks': { covers: 'linters and type checks in CI', modelCode: false },
  'no-codeowners': { covers: 'code ownership', modelCode: false },
  'key-person-risk': { covers: 'how the writing of the code is spread across people', modelCode: false },
  'stale-codebase': { covers: 'whether the code is still being changed', modelCode: false },
  'no-dependency-updates': { covers: 'automated dependency updates', modelCode: false },
  'no-lockfile': { covers: 'lockfiles', modelCode: false },
  'no-security-policy': { covers: 'a security policy', modelCode: false },
  'model-route-unauthenticated': { covers: 'authentication of model routes', modelCode: true },
};

/**
 * What a technical reviewer checks in an area that no rule checks yet. Each counts as much as a rule in the
 * area's seen share, so an area scored from one narrow check can never read as a clean pass.
 */
const NOT_REVIEWED: Partial<Record<Area, readonly (Check & { withoutAi?: string })[]>> = {
  security: [
    { covers: 'default credentials', modelCode: false },
    { covers: 'provider keys returned by API routes', withoutAi: 'credentials returned by API routes', modelCode: false },
    { covers: 'requests to URLs or file paths the model chose', modelCode: true },
  ],
};

const AI_CATEGORIES: readonly Area[] = ['ai-architecture', 'evaluation', 'portability'];

function checkOf(rule: { id: string; title: string; category: Area }): Check {
  return RULE_CHECKS[rule.id] ?? { covers: rule.title.toLowerCase(), modelCode: AI_CATEGORIES.includes(rule.category) };
}

/** Below this share of the files that may hold model calls, the AI areas are partly measured. */
export const TRACED_ENOUGH = 0.8;

/**
 * How much of the product's model code the scan followed. `none`: no model call, no AI import, no provider
 * host, no declared model SDK: the AI areas do not apply. `untraced`: AI code is there but no call was found.
 */
export interface ModelCodeView {
  status: 'traced' | 'partly-traced' | 'untraced' | 'none';
  /** the share of the files that may hold model calls that the scan traced (docs/scoring.md); null with no AI code */
  seen: number | null;
  note: string;
}

export function modelCodeView(facts: RepoFacts): ModelCodeView {
  const { traced, lowConfidence } = facts.coverage;
  // Each file that may hold model calls counts as seen, unseen, or half of each. Traced: seen. Calls found by name
  // only: the call is seen, its client (provider, timeouts, retries) is not. A file that builds a client whose
  // calls were not seen in it: half unseen, as it is often a factory whose calls were traced elsewhere. A file with
  // an inference call the scan could not follow, or that it did not parse: unseen. A file that only imports an AI
  // package (types, messages, errors) or names a provider host (settings forms, base-URL tables) shows that AI
  // code is there, not that calls were missed.
  let untraced = 0;
  let builds = 0;
  for (const u of facts.unresolved) {
    if (u.reason === 'builds-clients-only') builds++;
    else if (u.reason === 'untraced-calls' || u.reason === 'not-parsed') untraced++;
  }
  const declared = declaredModelPackages(facts);
  if (facts.modelCalls.length === 0) {
    if (facts.unresolved.length === 0 && declared.length === 0) {
      const elsewhere = facts.outOfScopeModelCalls.length;
      return { status: 'none', seen: null, note: `no model calls or AI SDKs found${elsewhere > 0 ? ` in product code (${plural(elsewhere, 'model call')} in examples, docs or evals only)` : ''}` };
    }
    const n = facts.unresolved.length;
    const why = n > 0
      ? `${plural(n, 'product file')} ${n === 1 ? 'imports an AI SDK or names' : 'import an AI SDK or name'} a provider`
      : `${declared.slice(0, 3).join(', ')} ${declared.length === 1 ? 'is' : 'are'} declared as a dependency`;
    return { status: 'untraced', seen: 0, note: `no model call was traced, though ${why}` };
  }
  const seen = (traced + lowConfidence / 2) / (traced + lowConfidence + untraced + builds / 2);
  if (seen >= TRACED_ENOUGH) return { status: 'traced', seen, note: `model calls traced in ${plural(traced, 'file')}` };
  const missing = [
    lowConfidence > 0 ? `${plural(lowConfidence, 'file')} with calls found by name only (counted half)` : '',
    untraced > 0 ? `${plural(untraced, 'file')} with calls the scan could not follow or read` : '',
    builds > 0 ? `${plural(builds, 'file')} building model clients whose calls were not seen (counted half)` : '',
  ].filter(Boolean);
  return { status: 'partly-traced', seen, note: `${Math.round(seen * 100)}% of the model code traced: calls in ${plural(traced, 'file')}, beside ${missing.join(', ')} (listed under Coverage)` };
}

/** Model SDKs and frameworks that product manifests declare for run time. */
function declaredModelPackages(facts: RepoFacts): string[] {
  const names = facts.manifests
    .filter((m) => isInScope(facts.roleOf(m.path)))
    .flatMap((m) => m.dependencies.filter((d) => d.scope !== 'dev' && isModelPackage(d.name, m.ecosystem)).map((d) => d.name));
  return [...new Set(names)].sort();
}

/** A rule of the scan, and why it did not run (left out by the user, or crashed); null when it ran. */
export interface RuleRun {
  id: string;
  title: string;
  category: Area;
  notRun: string | null;
}

export function ruleRuns(ran: readonly LoadedRule[], leftOut: readonly { rule: LoadedRule; why: string }[], errors: readonly RuleError[]): RuleRun[] {
  const crashed = new Map(errors.map((e) => [e.ruleId, e.message]));
  const run = (r: LoadedRule, notRun: string | null): RuleRun => ({ id: r.meta.id, title: r.meta.title, category: r.meta.category, notRun });
  return [
    ...ran.map((r) => run(r, crashed.has(r.meta.id) ? `${r.meta.id} crashed: ${crashed.get(r.meta.id)}` : null)),
    ...leftOut.map(({ rule, why }) => run(rule, `${rule.meta.id} ${why}`)),
  ].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The gap a partly traced product leaves in every check about model code. */
export const PART_OF_MODEL_CODE = 'part of the model code';

export interface NotCovered {
  check: string;
  /** `not-reviewed`: no rule checks it yet; `not-run`: its rule was left out or crashed; `not-seen`: model code the scan could not follow, or content the checkout does not hold */
  kind: 'not-reviewed' | 'not-run' | 'not-seen';
  why: string;
}

export interface AreaCoverage {
  id: Area;
  status: Measurement;
  /** the share of the area's checks that saw what they judge, 0 to 1, unrounded */
  seen: number;
  covered: string[];
  notCovered: NotCovered[];
  /** for an area not measured or not applicable: why */
  note: string | null;
}

/**
 * Areas whose rules ran but could not see what they judge: evals kept in a submodule the checkout does
 * not hold are neither present nor missing.
 */
export function unseenAreas(facts: RepoFacts, view: ModelCodeView): Partial<Record<Area, string>> {
  const inCheckout = view.status === 'traced' || view.status === 'partly-traced';
  return inCheckout && facts.evalHarness.present === null ? { evaluation: 'the evals live in a submodule the checkout does not hold' } : {};
}

export function areaCoverage(id: Area, runs: readonly RuleRun[], view: ModelCodeView, unseen?: string): AreaCoverage {
  const noAi = view.status === 'none';
  const aiSeen = view.status === 'traced' ? 1 : view.seen ?? 0;
  const covered: string[] = [];
  const notCovered: NotCovered[] = [];
  let seen = 0;
  let checks = 0;
  for (const run of runs.filter((r) => r.category === id)) {
    const check = checkOf(run);
    if (check.modelCode && noAi) continue;
    checks++;
    if (run.notRun !== null) notCovered.push({ check: check.covers, kind: 'not-run', why: run.notRun });
    else if (unseen !== undefined) notCovered.push({ check: check.covers, kind: 'not-seen', why: unseen });
    else if (check.modelCode && view.status === 'untraced') notCovered.push({ check: check.covers, kind: 'not-seen', why: view.note });
    else {
      covered.push(check.covers);
      seen += check.modelCode ? aiSeen : 1;
    }
  }
  if (unseen === undefined && view.status === 'partly-traced' && runs.some((r) => r.category === id && checkOf(r).modelCode && r.notRun === null)) {
    notCovered.push({ check: PART_OF_MODEL_CODE, kind: 'not-seen', why: view.note });
  }
  for (const item of NOT_REVIEWED[id] ?? []) {
    if (item.modelCode && noAi) continue;
    checks++;
    notCovered.push({ check: noAi && item.withoutAi ? item.withoutAi : item.covers, kind: 'not-reviewed', why: 'arch-audit has no check for it yet' });
  }
  const exact = checks === 0 ? 0 : seen / checks;
  const onlyAi = runs.filter((r) => r.category === id).every((r) => checkOf(r).modelCode);
  if (checks === 0 || (noAi && onlyAi)) return { id, status: 'not-applicable', seen: 0, covered, notCovered, note: noAi ? `not applicable: ${view.note}` : 'not applicable: no rule of this area is known' };
  if (seen === 0) return { id, status: 'not-measured', seen: 0, covered, notCovered, note: `not measured: ${notMeasuredWhy(notCovered)}` };
  return { id, status: exact >= 1 ? 'measured' : 'partly-measured', seen: exact, covered, notCovered, note: null };
}

/** Why an area with nothing measured was not: the first thing it could not see, or the rules that did not run. */
export function notMeasuredWhy(notCovered: readonly NotCovered[]): string {
  const unseen = notCovered.find((n) => n.kind === 'not-seen');
  if (unseen) return unseen.why;
  const notRun = notCovered.filter((n) => n.kind === 'not-run').map((n) => n.why);
  return notRun.length > 0 ? `its rules did not run (${notRun.join('; ')})` : 'no check of this area ran';
}
