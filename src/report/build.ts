import type { Provenance } from '../acquire/index.ts';
import { providerOfModelId } from '../catalog/providers.ts';
import type { Finding, RuleError } from '../engine/run-rules.ts';
import type { Suppressed, SuppressionResult } from '../engine/suppress.ts';
import type { LoadedRule } from '../engine/load.ts';
import { SEVERITIES, severityRank, type Severity } from '../engine/meta.ts';
import type { Baseline, BaselineComparison } from './baseline.ts';
import type { RepoFacts } from '../facts/index.ts';
import type { Inventory } from '../inventory/index.ts';
import type { ModelCall } from '../facts/model-calls.ts';
import { ROLES, type FileRole } from '../inventory/roles.ts';
import type { FileScan } from '../parse/scan.ts';
import { scoreAreas } from '../score/areas.ts';
import { ruleRuns } from '../score/coverage.ts';
import { fixNow } from '../score/prioritize.ts';
import { BEYOND_THE_CODE, investorQuestions } from '../score/questions.ts';
import { TOOL_VERSION } from '../version.ts';
import { SCHEMA_VERSION, type Report } from './schema.ts';

export interface ReportParts {
  provenance: Provenance;
  inventory: Inventory;
  scans: FileScan[];
  facts: RepoFacts;
  findings: Finding[];
  /** findings an inline comment suppressed, with its reason */
  suppressed: Suppressed[];
  unusedSuppressions: SuppressionResult['unused'];
  ruleErrors: RuleError[];
  /** the rules that ran (or crashed) */
  rules: LoadedRule[];
  /** rules the user left out (--only, --skip), with why: their areas are not fully measured */
  leftOut?: { rule: LoadedRule; why: string }[];
  failOn: Severity | null;
  /** a previous report to compare with, and whether only new findings gate */
  baseline?: { baseline: Baseline; comparison: BaselineComparison };
  newOnly?: boolean;
  /** `--history`: the metrics at points of the history */
  history?: Report['history'];
}

/** Assembles the JSON contract. Every list is sorted, every path repository-relative. */
export function buildReport(p: ReportParts): Report {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of p.findings) counts[f.severity]++;
  const contentSkips = p.scans.filter((s) => s.skip).map((s) => ({ path: s.path, reason: s.skip as string }));
  const skipped = [...p.inventory.skipped, ...contentSkips].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parseErrors = p.scans.filter((s) => s.facts?.parseError).map((s) => ({ kind: 'parse-error' as const, file: s.path, message: s.facts?.parseError ?? '' }));
  const configErrors = p.scans.flatMap((s) => (s.problem ? [{ kind: 'config-error' as const, file: s.path, message: s.problem }] : []));
  const states = p.baseline?.comparison.states;
  const gated = p.newOnly && states ? p.findings.filter((f) => states.get(f.fingerprint) !== 'unchanged') : p.findings;
  const passed = p.failOn === null || !gated.some((f) => severityRank(f.severity) <= severityRank(p.failOn as Severity));
  const { provenance: t } = p;
  const runs = ruleRuns(p.rules, p.leftOut ?? [], p.ruleErrors);
  const scores = scoreAreas(p.findings, p.facts, runs);
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'arch-audit', version: TOOL_VERSION },
    target: { kind: t.kind, source: t.source, ref: t.ref, commit: t.commit, subdir: t.subdir, shallow: t.shallow, scannedAt: t.scannedAt, github: t.github, notes: t.notes },
    summary: {
      findings: counts,
      totalFindings: p.findings.length,
      effortHours: round(p.findings.reduce((n, f) => n + f.effortHours, 0)),
      gate: { failOn: p.failOn, newOnly: Boolean(p.newOnly && states), passed, ratchetsBroken: 0 },
      baseline: p.baseline ? baselineSummary(p.baseline.baseline, p.baseline.comparison) : null,
      files: { listed: p.inventory.files.length + p.inventory.skipped.length, scanned: p.scans.length, parsed: p.scans.filter((s) => s.facts).length, skipped: skipped.length },
      ratchets: [],
    },
    inventory: {
      listing: p.inventory.method,
      product: { ...p.facts.product },
      languages: languages(p.inventory, p.scans),
      roles: Object.fromEntries(ROLES.map((r) => [r, p.inventory.files.filter((f) => f.role === r).length])) as Report['inventory']['roles'],
      manifests: p.inventory.manifests.map((m) => ({
        path: m.path, kind: m.kind, ecosystem: m.ecosystem, name: m.name,
        dependencies: m.dependencies.map((d) => ({ name: d.name, spec: d.spec, scope: d.scope, ...(d.group ? { group: d.group } : {}) })),
        workspaces: m.workspaces, ...(m.error ? { error: m.error } : {}),
      })),
      modelCalls: p.facts.modelCalls.map((c) => modelCallEntry(c, p.facts.roleOf(c.file))),
      outOfScopeModelCalls: p.facts.outOfScopeModelCalls.map((c) => modelCallEntry(c, p.facts.roleOf(c.file))),
      unresolved: [...p.facts.unresolved],
      modelCoverage: p.facts.coverage,
      providers: p.facts.providers.map((u) => ({ ...u, evidence: [...u.evidence] })),
      evalHarness: p.facts.evalHarness,
      llmObservability: reportedObservability(p.facts.llmObservability),
      generalObservability: p.facts.generalObservability,
      vectorStores: p.facts.vectorStores.map((v) => ({ ...v })),
      embeddings: p.facts.embeddings,
      inferenceStack: p.facts.inferenceStack.map((c) => ({ ...c })),
      migrationSurface: p.facts.migrationSurface.map((m) => ({ ...m })),
      modelIds: p.facts.modelIds.map((u) => ({
        id: u.id, provider: u.provider, count: u.count, files: perFile(u.locations.map((l) => ({ file: l.file, chars: 0 }))).map(({ file, count }) => ({ file, count })),
        retired: u.retired, movingAlias: u.movingAlias,
      })),
      modelRegistries: p.facts.modelRegistries.map((r) => ({
        file: r.file, ids: new Set(r.ids.map((s) => s.value)).size,
        providers: [...new Set(r.ids.flatMap((s) => providerOfModelId(s.value) ?? []))].sort(),
      })),
      providerFeatures: p.facts.providerFeatures.map((f) => ({ ...f, locations: [...f.locations] })),
      prompts: { inline: perFile(p.facts.prompts.inline), promptFiles: [...p.facts.prompts.promptFiles], registryFiles: [...p.facts.prompts.registryFiles] },
      gateway: p.facts.gateway,
    },
    scores,
    history: p.history ?? null,
    reviews: { github: p.provenance.reviews ?? null, codeowners: p.facts.codeowners },
    knowledge: p.facts.knowledge ? { ...p.facts.knowledge, areas: p.facts.knowledge.areas.map((a) => ({ ...a, authors: a.authors.slice(0, 5) })) } : null,
    fixNow: fixNow(p.findings).map((f) => f.fingerprint),
    questions: investorQuestions(p.findings, p.facts, scores, runs),
    beyondTheCode: [...BEYOND_THE_CODE],
    findings: states ? p.findings.map((f) => ({ ...f, baseline: states.get(f.fingerprint) ?? 'new' })) : p.findings,
    suppressed: p.suppressed.map((s) => ({ ...s.finding, reason: s.reason })),
    unusedSuppressions: p.unusedSuppressions.map((u) => ({ file: u.comment.file, line: u.comment.line, ruleId: u.comment.ruleId, why: u.why })),
    rules: p.rules.map((r) => ({
      id: r.meta.id, title: r.meta.title, category: r.meta.category, severity: r.meta.severity, confidence: r.meta.confidence, lifecycle: r.meta.lifecycle, origin: r.origin,
      rationale: r.meta.rationale, remediation: r.meta.remediation.text, ddQuestion: r.meta.ddQuestion,
    })),
    skipped,
    errors: [...p.ruleErrors, ...p.inventory.problems, ...configErrors, ...parseErrors],
  };
}

function languages(inventory: Inventory, scans: FileScan[]): Report['inventory']['languages'] {
  const loc = new Map(scans.map((s) => [s.path, s.loc]));
  const byLang = new Map<string, { files: number; loc: number }>();
  for (const f of inventory.files) {
    if (!f.language) continue;
    const entry = byLang.get(f.language) ?? { files: 0, loc: 0 };
    entry.files++;
    entry.loc += loc.get(f.path) ?? 0;
    byLang.set(f.language, entry);
  }
  return [...byLang].map(([id, v]) => ({ id, ...v })).sort((a, b) => b.loc - a.loc || (a.id < b.id ? -1 : 1));
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function modelCallEntry(c: ModelCall, role: FileRole): Report['inventory']['modelCalls'][number] {
  return {
    file: c.file, line: c.line, column: c.column, provider: c.provider, alsoProviders: c.alsoProviders, kind: c.kind, framework: c.framework,
    api: c.api, sdk: c.sdk, callee: c.callee, model: c.model, confidence: c.confidence, reason: c.reason ?? null, policy: c.policy ?? null, endpoint: c.endpoint ?? null, role,
    unreferenced: c.unreferenced === true,
  };
}

/** Occurrences grouped by file, in first-seen order, with their summed length. */
function perFile(items: readonly { file: string; chars: number }[]): { file: string; count: number; chars: number }[] {
  const out = new Map<string, { file: string; count: number; chars: number }>();
  for (const it of items) {
    const e = out.get(it.file) ?? { file: it.file, count: 0, chars: 0 };
    e.count++;
    e.chars += it.chars;
    out.set(it.file, e);
  }
  return [...out.values()];
}

function baselineSummary(b: Baseline, c: BaselineComparison): NonNullable<Report['summary']['baseline']> {
  const states = [...c.states.values()];
  return {
    file: b.file, commit: b.commit, scannedAt: b.scannedAt,
    new: states.filter((s) => s === 'new').length, updated: states.filter((s) => s === 'updated').length, unchanged: states.filter((s) => s === 'unchanged').length,
    growth: c.growth.map((g) => ({ ...g })),
    fixed: c.fixed.map((f) => ({ ruleId: f.ruleId, title: f.title, severity: f.severity, message: f.message, fingerprint: f.fingerprint, file: f.locations[0]?.file ?? '', line: Math.max(1, Math.round(f.locations[0]?.line ?? 1)) })),
  };
}

/** What the report says of LLM observability: the facts, less what only rules read. */
function reportedObservability(o: RepoFacts['llmObservability']): Report['inventory']['llmObservability'] {
  const { hooks: _hooks, ...coverage } = o.coverage;
  return { ...o, coverage };
}
