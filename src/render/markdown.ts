import { PRODUCT_KIND_LABELS, runsForItsUsers } from '../facts/product-kind.ts';
import { httpLibraryDefaultSeconds } from '../catalog/http-clients.ts';
import type { Report } from '../report/schema.ts';
import { HOURS_PER_DAY } from '../util/effort.ts';
import { commitUrl } from './links.ts';
import { lockInView } from './lock-in.ts';
import { oneLineSafe } from '../io/terminal.ts';
import { AREA_LABEL, MEASUREMENT_LABEL } from '../score/areas.ts';
import { METRICS } from '../report/metrics.ts';
import { KNOWLEDGE_LABEL } from '../facts/knowledge.ts';

type Finding = Report['findings'][number];

const SEVERITY_LABEL: Record<Finding['severity'], string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };
const MAX_CALL_ROWS = 60;
const TOP_FINDINGS = 5;
const EVAL_CI_TEXT: Record<NonNullable<Report['inventory']['evalHarness']['ciTrigger']> | 'none' | 'unknown', string> = {
  gating: ', run in CI on pushes or pull requests',
  release: ', run in CI on releases only',
  scheduled: ', run in CI on a schedule only',
  manual: ', run in CI only by hand',
  none: ', not run in CI',
  unknown: '',
};

/** The report a CTO hands over: one page of summary, then the inventory, then every finding with its evidence. */
export function renderMarkdown(report: Report): string {
  return [header(report), summary(report), areaScores(report), atAGlance(report), history(report), knowledge(report), reviews(report), questions(report), lockIn(report), inventory(report), findings(report), suppressions(report), coverage(report), limits()]
    .filter((section) => section !== '').join('\n\n').trimEnd() + '\n';
}

function header(r: Report): string {
  const t = r.target;
  const at = t.commit ? ` at commit ${code(t.commit.slice(0, 12))}` : ' (no commit recorded)';
  const ref = t.ref ? ` (ref ${code(t.ref)})` : '';
  const sub = t.subdir ? `, folder ${code(t.subdir)}` : '';
  const shallow = t.shallow ? ' History was shallow, so history-based checks are not measured.' : '';
  return [
    `# Architecture audit: ${escape(t.source)}`,
    '',
    `Scanned ${code(t.source)}${sub}${at}${ref} on ${t.scannedAt.slice(0, 10)} with arch-audit ${r.tool.version}.${shallow}`,
    ...t.notes.map((n) => `> Note: ${escape(n)}`),
  ].join('\n');
}

function summary(r: Report): string {
  const s = r.summary;
  const counts = (Object.keys(SEVERITY_LABEL) as Finding['severity'][]).filter((k) => s.findings[k] > 0).map((k) => `${s.findings[k]} ${k}`);
  const gate = s.gate.failOn || s.ratchets.length > 0 ? ` Gate${s.gate.failOn ? ` \`--fail-on ${s.gate.failOn}\`` : ''}${s.ratchets.length > 0 ? ` with ${s.ratchets.length} ratchet${s.ratchets.length === 1 ? '' : 's'}` : ''}: **${s.gate.passed ? 'passed' : 'failed'}**${s.gate.ratchetsBroken > 0 ? ` (${s.gate.ratchetsBroken} ratchet${s.gate.ratchetsBroken === 1 ? '' : 's'} broken)` : ''}.` : '';
  const o = r.scores.overall;
  const top = r.findings.slice(0, TOP_FINDINGS).map((f, i) => `${i + 1}. **${SEVERITY_LABEL[f.severity]}**${newMark(f)}: ${escape(f.message)} (${where(f)})`);
  const byPrint = new Map(r.findings.map((f) => [f.fingerprint, f]));
  const now = r.fixNow.flatMap((fp) => byPrint.get(fp) ?? []).map((f) => `- ${escape(f.title)}: ${f.effortHours} h now, about ${f.effortLaterHours ?? f.effortHours} h in a year (${where(f)})`);
  return [
    '## Summary',
    '',
    `${o ? `Overall grade **${o.grade}** (${o.score} / 10${o.scope === 'engineering-only' ? ', engineering only' : ''}${o.heldTo !== null ? `, held down: the scan saw ${Math.round(o.seen * 100)}% of what it weighs` : ''}). ` : ''}${s.totalFindings} finding${s.totalFindings === 1 ? '' : 's'}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}; estimated effort to fix now: ${s.effortHours} h (${days(s.effortHours)}).${gate}`,
    '',
    '### Top findings',
    '',
    ...(top.length > 0 ? top : ['No findings.']),
    ...sinceBaseline(r),
    ...ratchetTable(r),
    ...(now.length > 0 ? ['', "### Fix now, while it is a day's work", '', ...now] : []),
  ].join('\n');
}

function newMark(f: Finding): string {
  return f.baseline === 'new' ? ' (new)' : f.baseline === 'updated' ? ' (grew)' : '';
}

/** With a baseline: what appeared and what was fixed since, so a rescan reads as a change, not a repeat. */
function sinceBaseline(r: Report): string[] {
  const b = r.summary.baseline;
  if (!b) return [];
  const from = `${code(b.file)}${b.commit ? ` (commit ${code(b.commit.slice(0, 12))}${b.scannedAt ? `, ${b.scannedAt.slice(0, 10)}` : ''})` : ''}`;
  const fixed = b.fixed.map((f) => `- ${SEVERITY_LABEL[f.severity]}: ${escape(f.message)} (${code(`${f.file}:${f.line}`)})`);
  const byPrint = new Map(r.findings.map((f) => [f.fingerprint, f]));
  const grew = b.growth.flatMap((g) => {
    const f = byPrint.get(g.fingerprint);
    if (!f) return [];
    const how = [...(g.severityBefore !== f.severity ? [`${g.severityBefore} then, ${f.severity} now`] : []), ...(g.addedFiles.length > 0 ? [`now also in ${g.addedFiles.map(code).join(', ')}`] : [])];
    return [`- ${escape(f.title)}: ${how.join('; ')}`];
  });
  return [
    '', '### Since the baseline', '',
    `Compared with ${from}: **${b.new} new**, **${b.updated} grew**, ${b.unchanged} unchanged, **${b.fixed.length} fixed**.${r.summary.gate.newOnly ? ' Only new findings and findings that grew can fail the gate.' : ''}`,
    ...(grew.length > 0 ? ['', 'Grew:', '', ...grew] : []),
    ...(fixed.length > 0 ? ['', 'Fixed:', '', ...fixed] : []),
  ];
}

/** The config's ratchets: each metric, its limit, the baseline's value and this scan's, and what moved a broken one. */
function ratchetTable(r: Report): string[] {
  const rs = r.summary.ratchets;
  if (rs.length === 0) return [];
  return [
    '', '### Ratchets', '',
    '| Metric | Ratchet | Baseline | Now | |',
    '| --- | --- | ---: | ---: | --- |',
    ...rs.map((x) => `| ${x.label} (${code(x.metric)}) | ${x.rule} | ${x.before ?? '–'} | ${x.after} | ${x.status === 'broken' ? '**broken**' : x.status === 'held' ? 'held' : 'not checked: no baseline'} |`),
    ...rs.filter((x) => x.status === 'broken' && x.added.length > 0).flatMap((x) => ['', `${x.label} grew with: ${x.added.slice(0, 20).map(code).join(', ')}${x.added.length > 20 ? ` and ${x.added.length - 20} more` : ''}.`]),
  ];
}

/** `--history`: the architecture metrics at each sampled point of the main line, oldest first, and what moved. */
function history(r: Report): string {
  const h = r.history;
  if (!h) return '';
  if (h.status === 'not-measured') return `## How the architecture grew\n\n${escape(h.note ?? 'Not measured.')}`;
  return [
    '## How the architecture grew', '',
    `The architecture metrics at ${h.points.length} points of the main line (first parent), a month apart, oldest first.${h.note ? ` ${escape(h.note)}` : ''}`, '',
    `| As of | Commit | ${METRICS.map((m) => escape(m.label)).join(' | ')} |`,
    `| --- | --- | ${METRICS.map(() => '---:').join(' | ')} |`,
    ...h.points.map((p) => `| ${p.asOf} | ${code(p.commit.slice(0, 10))} | ${METRICS.map((m) => p.values[m.id]).join(' | ')} |`),
    '',
    ...(h.growth.length > 0 ? h.growth.map((g) => `- ${escape(g.label)}: ${g.from} on ${g.since}, ${g.to} now.`) : ['No metric moved over the period.']),
  ].join('\n');
}

/** Who knows each area of the code: the year's authors and the truck factor, from the history. */
function knowledge(r: Report): string {
  const k = r.knowledge;
  if (!k || k.areas.length === 0) return '';
  const who = (a: (typeof k.areas)[number]) => a.authors.slice(0, 3).map((x) => `${escape(x.name)} ${Math.round(x.share * 100)}%`).join(', ') || 'no commit in the year';
  const tf = (a: (typeof k.areas)[number]) => (a.truckFactor === null ? 'not measured' : `**${a.truckFactor}**${a.keyPeople.length > 0 ? ` (${a.keyPeople.map(escape).join(', ')})` : ''}`);
  return [
    '## Who knows the code', '',
    `From the history, in the year ${k.from} to ${k.to} (the scanned commit's date): ${k.commitsPerMonth} commits a month. An area's commits are those that changed one of its files. The truck factor is how many people would have to leave before more than half of an area's files had no one who knows them (degree of authorship over the whole history, docs/scoring.md)${k.fullHistory ? '' : '; read on the most recent commits only'}.`, '',
    '| Area | Files | Commits in the year | Most commits | Truck factor |',
    '| --- | ---: | ---: | --- | --- |',
    ...k.areas.map((a) => `| ${KNOWLEDGE_LABEL[a.id]} | ${a.files} | ${a.commits} | ${who(a)} | ${tf(a)} |`),
    ...(k.hotspots.length > 0 ? ['', `Hotspots of the model code (changes in the year x lines): ${k.hotspots.map((h) => `${code(h.file)} (${h.commits} commits, ${h.lines} lines)`).join(', ')}.`] : []),
  ].join('\n');
}

/** Who may merge what: required reviews, the approvals merged pull requests had, owners of the model code. */
function reviews(r: Report): string {
  const { github: g, codeowners: o } = r.reviews;
  if (!g && !o) return '';
  const owners = o ? (o.unowned.length === 0 ? `${code(o.file)} gives every model-calling file an owner (${o.owned})` : `${code(o.file)} leaves ${o.unowned.length} of ${o.owned + o.unowned.length} model-calling files without an owner: ${o.unowned.slice(0, 8).map(code).join(', ')}${o.unowned.length > 8 ? ', ...' : ''}`) : null;
  return [
    '## Review discipline', '',
    ...(g ? [`- Required reviews: ${g.protection.status === 'inconclusive' ? `inconclusive (${escape(g.protection.detail)})` : escape(g.protection.detail)}.`, `- Approvals: ${g.approvals.status === 'inconclusive' ? `inconclusive (${escape(g.approvals.detail)})` : escape(g.approvals.detail)}.`] : []),
    ...(owners ? [`- Code owners: ${owners}.`] : []),
  ].join('\n');
}

function atAGlance(r: Report): string {
  const inv = r.inventory;
  const direct = inv.modelCalls.filter((c) => c.kind === 'direct').length;
  const framework = inv.modelCalls.length - direct;
  const callFiles = new Set(inv.modelCalls.map((c) => c.file)).size;
  const providers = inv.providers.map((p) => `${p.id} (${p.calls} call${p.calls === 1 ? '' : 's'} in ${p.files} file${p.files === 1 ? '' : 's'})`).join(', ');
  const m = r.scores.modelCode;
  const unmeasured = m.status === 'none' ? `not applicable: ${m.note}` : m.status === 'untraced' ? `not measured: ${m.note}` : 'not measured: the evals live in a submodule the checkout does not hold';
  const verdict = (present: boolean | null, yes: string, no: string) => (present === null ? escape(unmeasured) : present ? yes : no);
  const g = inv.gateway;
  const share = g.coverage !== null && g.present ? ` (${Math.round(g.coverage * 100)}% of model-calling files go through it)` : '';
  const gatewayText = verdict(g.present, `${g.files.map(code).join(', ')}${share}${g.bypassFiles.length ? `, bypassed by ${g.bypassFiles.length} file(s)` : ''}`, `none: model calls in ${callFiles} file${callFiles === 1 ? '' : 's'} are not routed through one internal module`);
  const policies = inv.modelCalls.flatMap((c) => (c.policy && !c.unreferenced ? [c.policy] : []));
  const count = (pred: (p: (typeof policies)[number]) => boolean) => policies.filter(pred).length;
  const capped = policies.filter((p) => p.tokenLimit === 'set' || p.tokenLimit === 'unset');
  const notMeasured = (n: number) => (n > 0 ? ` (${n} not measured)` : '');
  const hygiene = policies.length === 0
    ? 'no model calls'
    : `explicit timeout on ${count((p) => p.timeout !== null && p.timeout !== 'unknown')} of ${policies.length} calls${notMeasured(count((p) => p.timeout === 'unknown'))}, output capped on ${count((p) => p.tokenLimit === 'set')} of ${capped.length} generation calls${notMeasured(count((p) => p.tokenLimit === 'unknown'))}, errors handled around ${count((p) => p.errorHandling !== null && p.errorHandling !== 'unknown')} of ${policies.length}${notMeasured(count((p) => p.errorHandling === 'unknown'))}`;
  const ids = inv.modelIds;
  const idText = ids.length === 0 ? 'none in product code' : `${ids.length} distinct, ${ids.reduce((n, u) => n + u.count, 0)} occurrences${ids.some((u) => u.retired) ? `, ${ids.filter((u) => u.retired).length} retired` : ''}`;
  return [
    '## At a glance',
    '',
    `- **Product**: ${PRODUCT_KIND_LABELS[inv.product.kind]} (${escape(inv.product.reason)})${runsForItsUsers(inv.product) ? '; it runs on its users\' machines, so error tracking, LLM tracing and token caps, checks of a hosted service, are not applied' : ''}`,
    `- **Model providers**: ${providers || 'none found'}`,
    `- **Model calls in product code**: ${direct} direct SDK/HTTP, ${framework} through frameworks, in ${callFiles} file${callFiles === 1 ? '' : 's'}`,
    `- **What the scan could follow**: ${modelCoverageLine(inv.modelCoverage)}`,
    `- **Gateway**: ${gatewayText}`,
    `- **Call hygiene**: ${hygiene}`,
    `- **Model ids written in code**: ${idText}${inv.modelRegistries.length > 0 ? ` (registries kept as configuration: ${inv.modelRegistries.map((m) => `${code(m.file)} with ${m.ids}`).join(', ')})` : ''}; **inline prompts**: ${inv.prompts.inline.reduce((n, p) => n + p.count, 0)} in ${inv.prompts.inline.length} files${inv.prompts.promptFiles.length > 0 ? `, ${inv.prompts.promptFiles.length} prompt files` : ''}`,
    `- **Evaluation harness**: ${verdict(inv.evalHarness.present, `${inv.evalHarness.tools.join(', ')}${EVAL_CI_TEXT[inv.evalHarness.ciTrigger ?? (inv.evalHarness.runsInCi === false ? 'none' : 'unknown')]}`, 'none found')}`,
    `- **LLM observability**: ${verdict(inv.llmObservability.present, inv.llmObservability.tools.join(', '), 'none found: model calls are not traced')}`,
    `- **Vector stores**: ${inv.vectorStores.map((v) => `${v.id} (${v.files} file${v.files === 1 ? '' : 's'})`).join(', ') || 'none found'}`,
  ].join('\n');
}

function lockIn(r: Report): string {
  const v = lockInView(r);
  if (v.rows.length === 0 && r.inventory.inferenceStack.length === 0) return '';
  return [
    '## Vendor lock-in',
    '',
    'What leaving each vendor would touch, counted from the code, with an estimate in hours (formula in docs/scoring.md, "Migration surface"; the terms of each estimate are in report.json).',
    '',
    ...(v.rows.length > 0 ? ['| Vendor | Kind | Surface | Provider-only features | Adapter | Estimate |', '| --- | --- | --- | --- | --- | ---: |',
      ...v.rows.map((x) => `| ${escape(x.vendor)} | ${x.kind} | ${x.surface} | ${escape(x.features)} | ${escape(x.adapter)} | ${x.estimate} |`), ''] : []),
    `- **Vector stores**: ${escape(v.stores)}`,
    `- **Embeddings**: ${escape(v.embeddings)}`,
    `- **Inference stack**: ${escape(v.stack)}`,
  ].join('\n');
}

function inventory(r: Report): string {
  const inv = r.inventory;
  const langs = inv.languages.map((l) => `| ${l.id} | ${l.files} | ${l.loc} |`);
  const roles = Object.entries(inv.roles).filter(([, n]) => n > 0).map(([role, n]) => `${role} ${n}`).join(', ');
  const calls = inv.modelCalls.slice(0, MAX_CALL_ROWS).map((c) => `| ${code(`${c.file}:${c.line}`)} | ${escape([c.provider ?? '?', ...c.alsoProviders].join(', '))}${endpointNote(c.endpoint)} | ${c.kind}${c.framework ? ` (${escape(c.framework)})` : ''} | ${code(c.api)} | ${c.model ? code(c.model) : ''} | ${policyNote(c)} |`);
  const more = inv.modelCalls.length > MAX_CALL_ROWS ? [`\n${inv.modelCalls.length - MAX_CALL_ROWS} more in report.json.`] : [];
  const manifests = inv.manifests.map((m) => `| ${code(m.path)} | ${escape(m.kind)} | ${m.dependencies.length}${m.error ? ` (unreadable: ${escape(m.error)})` : ''} |`);
  return [
    '## Inventory',
    '',
    `Files by role: ${roles}. Listed with ${inv.listing === 'git' ? '`git ls-files` (.gitignore honoured)' : 'a glob honouring .gitignore'}.`,
    '',
    '| Language | Files | Lines of code |',
    '| --- | ---: | ---: |',
    ...langs,
    '',
    '### Model calls',
    '',
    ...(calls.length > 0 ? ['| Where | Provider | Kind | API | Model | Timeout · cap · errors |', '| --- | --- | --- | --- | --- | --- |', ...calls, ...more] : ['No model calls found in product code.']),
    '',
    '### Manifests',
    '',
    ...(manifests.length > 0 ? ['| Manifest | Kind | Dependencies |', '| --- | --- | ---: |', ...manifests] : ['No dependency manifests found.']),
  ].join('\n');
}

type CallEntry = Report['inventory']['modelCalls'][number];

function endpointNote(e: CallEntry['endpoint']): string {
  if (!e || e.source === 'default') return '';
  return ` via ${escape(e.target)}${e.value ? ` (${code(e.value)})` : ''}`;
}

function policyNote(c: CallEntry): string {
  const p = c.policy;
  if (c.unreferenced) return 'not judged: nothing in the repository runs this code';
  if (!p) return '';
  // fetch and requests wait forever; SDKs have a (long) default
  const library = c.api === 'http' ? httpLibraryDefaultSeconds(c.sdk) : undefined;
  const noTimeout = c.api !== 'http' ? 'default timeout' : library !== undefined ? `default timeout (${library < 60 ? `${library} s` : `${Math.round(library / 60)} min`} in ${c.sdk})` : 'no timeout';
  const cap = p.tokenLimit === 'set' ? 'capped' : p.tokenLimit === 'unset' ? 'uncapped' : p.tokenLimit === 'unknown' ? 'cap unknown' : '';
  const timeout = p.timeout === 'unknown' ? 'timeout unknown' : p.timeout ? `timeout (${p.timeout})` : noTimeout;
  return [timeout, cap, p.errorHandling === 'unknown' ? 'handling not measured' : p.errorHandling ? `handled (${p.errorHandling})` : 'unhandled'].filter(Boolean).join(' · ');
}

function findings(r: Report): string {
  if (r.findings.length === 0) return '## Findings\n\nNo findings.';
  const rules = new Map(r.rules.map((x) => [x.id, x]));
  // One block per rule, in priority order of its most urgent finding: the reasoning once, then every instance.
  const groups = new Map<string, Finding[]>();
  for (const f of r.findings) groups.set(f.ruleId, [...(groups.get(f.ruleId) ?? []), f]);
  const blocks = [...groups].map(([ruleId, list], i) => {
    const rule = rules.get(ruleId);
    const first = list[0] as Finding;
    const effort = list.reduce((n, f) => n + f.effortHours, 0);
    const g = first.growth;
    const later = g
      ? ` (${escape(g.label)}: ${g.from} on ${g.since}, ${g.to} now; at this rate ~${g.sixMonthsHours} h per finding in six months, ~${first.effortLaterHours ?? first.effortHours} h in a year)`
      : first.effortLaterHours ? ` (the same fix after another year of growth: ~${first.effortLaterHours} h per finding)` : '';
    const rows = list.map((f) => `| ${SEVERITY_LABEL[f.severity]}${newMark(f)} | ${where(f)}${f.locations.length > 1 ? ` +${f.locations.length - 1}` : ''} | ${escape(f.message)} | ${code(f.evidence)} | ${f.effortHours} |`);
    const lines = list.flatMap((f) => f.locations).filter((l) => l.snippet).slice(0, CODE_LINES_PER_RULE)
      .map((l) => `- ${locationLink(r, l.file, l.line)}: ${code(l.snippet ?? '')}`);
    return [
      `### ${i + 1}. ${escape(first.title)} (${list.length} finding${list.length === 1 ? '' : 's'})`,
      '',
      ...(rule ? [`**Why it compounds.** ${escape(rule.rationale)}`, '', `**What to do.** ${escape(rule.remediation)} Estimated effort now: ~${round(effort)} h in all${later}.`, ''] : []),
      `**Investor question.** ${escape(first.ddQuestion)}`,
      '',
      '| Severity | Where | Finding | Evidence | Effort (h) |',
      '| --- | --- | --- | --- | ---: |',
      ...rows,
      ...(lines.length > 0 ? ['', 'In the code:', '', ...lines] : []),
      '',
      `Rule ${code(ruleId)}, confidence ${first.confidence}. Fingerprints for baselines are in report.json.`,
    ].join('\n');
  });
  return ['## Findings', '', ...blocks.flatMap((b) => [b, ''])].join('\n').trimEnd();
}

function areaScores(r: Report): string {
  const o = r.scores.overall;
  return [
    '## Area scores',
    '',
    o ? `Overall: **${o.grade}** (${o.score} / 10), ${escape(o.note)}.` : `Overall: not measured (${escape(r.scores.modelCode.note)}).`,
    '',
    'A score is only as good as what the scan saw: an area is measured, partly measured (what it did not see counts as middling, never as clean), not measured, or not applicable.',
    '',
    '| Area | Score | Measured | Why |',
    '| --- | ---: | --- | --- |',
    ...r.scores.areas.map((a) => `| ${AREA_LABEL[a.id]} | ${a.score === null ? '–' : `${a.score} / 10`} | ${MEASUREMENT_LABEL[a.status]} | ${escape(a.reason)} |`),
  ].join('\n');
}

const STATUS_LABEL = { ok: 'Answered', gap: 'Gap', 'not-measured': 'Not measured' } as const;

function questions(r: Report): string {
  return [
    '## Investor questions',
    '',
    ...r.questions.flatMap((q) => [
      `**${escape(q.question)}**`,
      `${STATUS_LABEL[q.status]}: ${escape(q.answer)}${q.rules.length > 0 ? ` See ${q.rules.map(code).join(', ')}.` : ''}`,
      '',
    ]),
    '### What this scan cannot answer',
    '',
    ...r.beyondTheCode.map((q) => `- ${escape(q)}`),
  ].join('\n');
}

function suppressions(r: Report): string {
  if (r.suppressed.length === 0 && r.unusedSuppressions.length === 0) return '';
  return [
    '## Suppressed findings',
    '',
    ...(r.suppressed.length > 0
      ? ['Findings an `arch-audit-ignore` comment suppressed, with the reason given there.', '', '| Rule | Where | Severity | Reason |', '| --- | --- | --- | --- |',
        ...r.suppressed.map((f) => `| ${code(f.ruleId)} | ${where(f)} | ${SEVERITY_LABEL[f.severity]} | ${escape(f.reason)} |`)]
      : []),
    ...(r.unusedSuppressions.length > 0
      ? ['', 'Ignore comments that suppress nothing:', '', ...r.unusedSuppressions.map((u) => `- ${code(`${u.file}:${u.line}`)} ${code(u.ruleId)}: ${escape(u.why)}`)]
      : []),
  ].join('\n');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** How much of the model code was traced: a reader must know what the verdicts stand on. */
function modelCoverageLine(c: Report['inventory']['modelCoverage']): string {
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  const parts = [`model calls traced in ${files(c.traced)}`];
  if (c.lowConfidence > 0) parts.push(`${files(c.lowConfidence)} with calls found by name only (their client not traced)`);
  parts.push(c.unresolved > 0 ? `${files(c.unresolved)} that ${c.unresolved === 1 ? 'imports an AI SDK or names' : 'import an AI SDK or name'} a provider with no call traced (listed under Coverage)` : 'no file with model signals left unresolved');
  return parts.join('; ');
}

function coverage(r: Report): string {
  const s = r.summary.files;
  const reasons = new Map<string, number>();
  for (const k of r.skipped) reasons.set(k.reason, (reasons.get(k.reason) ?? 0) + 1);
  const skipped = [...reasons].sort().map(([reason, n]) => `${reason} ${n}`).join(', ');
  const errors = r.errors.slice(0, 20).map((e) => `- ${e.kind}${e.ruleId ? ` ${code(e.ruleId)}` : ''}${e.file ? ` ${code(e.file)}` : ''}: ${escape(e.message)}`);
  return [
    '## Coverage',
    '',
    `${s.listed} files listed, ${s.scanned} code files read, ${s.parsed} parsed, ${s.skipped} skipped${skipped ? ` (${skipped})` : ''}.`,
    ...unresolvedList(r),
    ...(errors.length > 0 ? ['', 'Problems met during the scan (the scan went on):', '', ...errors, ...(r.errors.length > 20 ? [`- and ${r.errors.length - 20} more in report.json`] : [])] : []),
  ].join('\n');
}

const MAX_UNRESOLVED_ROWS = 15;

function unresolvedList(r: Report): string[] {
  const u = r.inventory.unresolved;
  if (u.length === 0) return [];
  const why: Record<(typeof u)[number]['reason'], string> = {
    'builds-clients-only': 'builds clients, calls them elsewhere',
    'untraced-calls': 'calls the scan could not trace',
    'no-call-found': 'no call found',
    'not-parsed': 'not parsed',
  };
  return [
    '',
    `Files with model signals in which no model call was traced (${u.length}):`,
    '',
    ...u.slice(0, MAX_UNRESOLVED_ROWS).map((x) => `- ${code(x.file)}: ${why[x.reason]} (${escape(x.detail)}); ${escape(x.signals.join(', '))}`),
    ...(u.length > MAX_UNRESOLVED_ROWS ? [`- and ${u.length - MAX_UNRESOLVED_ROWS} more in report.json`] : []),
  ];
}

function limits(): string {
  return [
    '## What a code scan cannot answer',
    '',
    'Ask in the interview: real inference cost per customer, latency and error budgets, incident history, data-processing agreements with model providers, and whether production traffic matches what the code suggests.',
  ].join('\n');
}

const CODE_LINES_PER_RULE = 8;

/** `file:line`, linked to the file at the scanned commit when the target is on GitHub. */
function locationLink(r: Report, file: string, line: number): string {
  const text = code(`${file}:${line}`);
  const url = commitUrl(r, file, line);
  return url ? `[${text}](${url})` : text;
}

/**
 * Inline code: backticks and pipes (table cells) need care, and names from the repository are data, so
 * a newline or a terminal escape in a file name is shown as an escape and cannot start a line of its own.
 */
function code(text: string): string {
  return `\`${oneLineSafe(text.replace(/`/g, "'").replace(/\|/g, '\\|'))}\``;
}

function where(f: Finding): string {
  const l = f.locations[0];
  return l ? code(`${l.file}:${l.line}`) : 'repository';
}

function days(hours: number): string {
  const d = hours / HOURS_PER_DAY;
  return `${Math.round(d * 10) / 10} day${d === 1 ? '' : 's'}`;
}

// Report text comes from the scanned repository; keep it from breaking tables or injecting markup.
function escape(text: string): string {
  return oneLineSafe(text.replace(/\|/g, '\\|').replace(/`/g, "'").replace(/</g, '&lt;').replace(/\r?\n/g, ' '));
}
