import { z } from 'zod';
import { readReportJson } from '../io/json-report.ts';
import { compareWithBaseline, ReportFindingsSchema, type Baseline, type BaselineFinding } from './baseline.ts';
import { METRICS, MetricInventorySchema, valueOf } from './metrics.ts';
import { AREA_LABEL, type Area } from '../score/areas.ts';
import { escapeHtml as esc } from '../render/svg.ts';

// Two report.json files of one repository, side by side: what appeared, grew and was fixed, how the grade moved,
// and the architecture metrics that compound (model-calling files, files outside the gateway, providers, ...).

const DiffReportSchema = z.object({
  target: z.object({ source: z.string(), commit: z.string().nullable().optional(), scannedAt: z.string().optional() }),
  findings: ReportFindingsSchema,
  scores: z.object({
    overall: z.object({ grade: z.string(), score: z.number() }).nullable().optional(),
    areas: z.array(z.object({ id: z.string(), score: z.number().nullable(), status: z.string() })).default([]),
  }).optional(),
  inventory: MetricInventorySchema,
});

type DiffReport = z.infer<typeof DiffReportSchema>;

export interface ReportDiff {
  old: { commit: string | null; scannedAt: string | null; grade: string | null; score: number | null; findings: number };
  new: { commit: string | null; scannedAt: string | null; grade: string | null; score: number | null; findings: number };
  metrics: { id: string; label: string; old: number; new: number }[];
  /** each area's score on both sides; null where it was not measured or does not apply */
  areas: { id: string; label: string; old: number | null; new: number | null }[];
  findings: { new: BaselineFinding[]; grew: (BaselineFinding & { severityBefore: string; addedFiles: string[] })[]; fixed: BaselineFinding[] };
}

export function readReportForDiff(path: string, shownAs: string): DiffReport {
  return readReportJson(path, shownAs, DiffReportSchema, '');
}

export function diffReports(before: DiffReport, after: DiffReport): ReportDiff {
  const baseline: Baseline = { file: '', commit: before.target.commit ?? null, scannedAt: before.target.scannedAt ?? null, findings: before.findings, inventory: before.inventory };
  const c = compareWithBaseline(after.findings, baseline);
  const growth = new Map(c.growth.map((g) => [g.fingerprint, g]));
  const side = (r: DiffReport) => ({ commit: r.target.commit ?? null, scannedAt: r.target.scannedAt ?? null, grade: r.scores?.overall?.grade ?? null, score: r.scores?.overall?.score ?? null, findings: r.findings.length });
  return {
    old: side(before),
    new: side(after),
    metrics: METRICS.map((m) => ({ id: m.id, label: m.label, old: valueOf(m, before.inventory), new: valueOf(m, after.inventory) })),
    areas: areaIds(before, after).map((id) => ({ id, label: AREA_LABEL[id as Area] ?? id, old: areaScore(before, id), new: areaScore(after, id) })),
    findings: {
      new: after.findings.filter((f) => c.states.get(f.fingerprint) === 'new'),
      grew: after.findings.flatMap((f) => {
        const g = growth.get(f.fingerprint);
        return g ? [{ ...f, severityBefore: g.severityBefore, addedFiles: g.addedFiles }] : [];
      }),
      fixed: c.fixed,
    },
  };
}

function areaIds(a: DiffReport, b: DiffReport): string[] {
  return [...new Set([...(a.scores?.areas ?? []), ...(b.scores?.areas ?? [])].map((x) => x.id))];
}

function areaScore(r: DiffReport, id: string): number | null {
  return r.scores?.areas.find((a) => a.id === id)?.score ?? null;
}

function scoreMove(old: number | null, now: number | null): string {
  if (old === null || now === null) return old === now ? '=' : 'not comparable';
  const d = Math.round((now - old) * 10) / 10;
  return d === 0 ? '=' : d > 0 ? `+${d}` : `${d}`;
}

export function renderDiffMarkdown(d: ReportDiff, source: string): string {
  const at = (s: ReportDiff['old']) => `${s.commit ? `\`${s.commit.slice(0, 12)}\`` : 'no commit'}${s.scannedAt ? ` (${s.scannedAt.slice(0, 10)})` : ''}`;
  const grade = (s: ReportDiff['old']) => (s.grade ? `${s.grade} (${s.score} / 10)` : 'not measured');
  const sign = (n: number) => (n > 0 ? `+${n}` : `${n}`);
  const line = (f: BaselineFinding) => `- **${f.severity}**: ${f.message.replace(/[\r\n]+/g, ' ')} (\`${f.locations[0]?.file}:${f.locations[0]?.line}\`)`;
  return [
    `# arch-audit diff: ${source.replace(/[\r\n]+/g, ' ')}`,
    '',
    `From ${at(d.old)} to ${at(d.new)}: grade ${grade(d.old)} → ${grade(d.new)}; findings ${d.old.findings} → ${d.new.findings} (**${d.findings.new.length} new**, **${d.findings.grew.length} grew**, **${d.findings.fixed.length} fixed**).`,
    '',
    '| Metric | Before | After | Change |',
    '| --- | ---: | ---: | ---: |',
    ...d.metrics.map((m) => `| ${m.label} | ${m.old} | ${m.new} | ${m.new === m.old ? '=' : sign(m.new - m.old)} |`),
    ...(d.areas.length > 0 ? ['', '| Area score | Before | After | Change |', '| --- | ---: | ---: | ---: |', ...d.areas.map((a) => `| ${a.label} | ${a.old ?? 'not measured'} | ${a.new ?? 'not measured'} | ${scoreMove(a.old, a.new)} |`)] : []),
    ...(d.findings.new.length > 0 ? ['', '## New', '', ...d.findings.new.map(line)] : []),
    ...(d.findings.grew.length > 0 ? ['', '## Grew', '', ...d.findings.grew.map((f) => `${line(f)}: ${[...(f.severityBefore !== f.severity ? [`${f.severityBefore} before`] : []), ...(f.addedFiles.length > 0 ? [`now also in ${f.addedFiles.map((x) => `\`${x}\``).join(', ')}`] : [])].join('; ')}`)] : []),
    ...(d.findings.fixed.length > 0 ? ['', '## Fixed', '', ...d.findings.fixed.map(line)] : []),
    '',
  ].join('\n');
}

/** The same comparison as one self-contained HTML page, for a review or a board pack. */
export function renderDiffHtml(d: ReportDiff, source: string): string {
  const at = (s: ReportDiff['old']) => `${s.commit ? `<code>${esc(s.commit.slice(0, 12))}</code>` : 'no commit'}${s.scannedAt ? ` (${esc(s.scannedAt.slice(0, 10))})` : ''}`;
  const grade = (s: ReportDiff['old']) => (s.grade ? `${esc(s.grade)} (${s.score} / 10)` : 'not measured');
  const sign = (n: number) => (n > 0 ? `+${n}` : `${n}`);
  const item = (f: BaselineFinding, extra = '') => `<li><b>${esc(f.severity)}</b>: ${esc(f.message)} <code>${esc(`${f.locations[0]?.file}:${f.locations[0]?.line}`)}</code>${extra}</li>`;
  const list = (title: string, items: string[]) => (items.length > 0 ? `<h2>${title}</h2><ul>${items.join('')}</ul>` : '');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>arch-audit diff: ${esc(source)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3rem .8rem;text-align:left}.num{text-align:right}.up{color:#b91c1c}.down{color:#15803d}</style>
</head><body>
<h1>arch-audit diff: ${esc(source)}</h1>
<p>From ${at(d.old)} to ${at(d.new)}: grade ${grade(d.old)} → ${grade(d.new)}; findings ${d.old.findings} → ${d.new.findings} (<b>${d.findings.new.length} new</b>, <b>${d.findings.grew.length} grew</b>, <b>${d.findings.fixed.length} fixed</b>).</p>
<table><thead><tr><th>Metric</th><th class="num">Before</th><th class="num">After</th><th class="num">Change</th></tr></thead><tbody>
${d.metrics.map((m) => `<tr><td>${esc(m.label)}</td><td class="num">${m.old}</td><td class="num">${m.new}</td><td class="num">${m.new === m.old ? '=' : sign(m.new - m.old)}</td></tr>`).join('\n')}
</tbody></table>
${d.areas.length > 0 ? `<table><thead><tr><th>Area score</th><th class="num">Before</th><th class="num">After</th><th class="num">Change</th></tr></thead><tbody>
${d.areas.map((a) => `<tr><td>${esc(a.label)}</td><td class="num">${a.old ?? 'not measured'}</td><td class="num">${a.new ?? 'not measured'}</td><td class="num">${scoreMove(a.old, a.new)}</td></tr>`).join('\n')}
</tbody></table>` : ''}
${list('New', d.findings.new.map((f) => item(f)))}${list('Grew', d.findings.grew.map((f) => item(f, f.addedFiles.length > 0 ? `: now also in ${f.addedFiles.map((x) => `<code>${esc(x)}</code>`).join(', ')}` : '')))}${list('Fixed', d.findings.fixed.map((f) => item(f)))}
</body></html>
`;
}
