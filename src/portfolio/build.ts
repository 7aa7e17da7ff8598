import { z } from 'zod';
import { SEVERITIES } from '../engine/severities.ts';
import { readReportJson } from '../io/json-report.ts';
import { escapeHtml as esc } from '../render/svg.ts';

// Many repositories, one table: a fund's portfolio, an organisation's services. One row per report.json (made here by
// `scan-many`, or anywhere and gathered by `merge`): its grade, its AI surface, its most urgent finding, and how its
// architecture moved where the scan read the history. Reports are read loosely, so those of other versions merge.

const PortfolioReportSchema = z.object({
  tool: z.object({ version: z.string() }).optional(),
  target: z.object({ source: z.string(), commit: z.string().nullable().optional(), scannedAt: z.string().optional(), subdir: z.string().nullable().optional() }),
  summary: z.object({ findings: z.record(z.string(), z.number()).default({}), totalFindings: z.number().default(0), effortHours: z.number().default(0) }),
  scores: z.object({ overall: z.object({ grade: z.string(), score: z.number() }).nullable().optional() }).optional(),
  inventory: z.object({
    modelCalls: z.array(z.object({ file: z.string() })).default([]),
    providers: z.array(z.object({ id: z.string(), calls: z.number().default(0) })).default([]),
    gateway: z.object({ present: z.boolean().nullable().optional(), coverage: z.number().nullable().optional() }).optional(),
  }),
  findings: z.array(z.object({ severity: z.enum(SEVERITIES), title: z.string(), message: z.string() })).default([]),
  history: z.object({ growth: z.array(z.object({ metric: z.string(), label: z.string(), from: z.number(), to: z.number(), since: z.string() })).default([]) }).nullable().optional(),
});

export type PortfolioReport = z.infer<typeof PortfolioReportSchema>;

export interface PortfolioRow {
  repository: string;
  commit: string | null;
  scannedAt: string | null;
  grade: string | null;
  score: number | null;
  findings: Record<(typeof SEVERITIES)[number], number>;
  effortHours: number;
  ai: { modelCallingFiles: number; providers: string[]; gateway: boolean | null; gatewayCoverage: number | null };
  topFinding: { severity: string; title: string; message: string } | null;
  /** how the model-calling files and the files outside the gateway moved over the history read; null without it */
  trend: string | null;
  /** why there is no report (a scan that failed) */
  error?: string;
}

export interface Portfolio {
  repositories: number;
  scanned: number;
  rows: PortfolioRow[];
}

export function readPortfolioReport(path: string, shownAs: string): PortfolioReport {
  return readReportJson(path, shownAs, PortfolioReportSchema, '');
}

export function rowOf(r: PortfolioReport): PortfolioRow {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, r.summary.findings[s] ?? 0])) as PortfolioRow['findings'];
  const top = r.findings[0];
  const moved = (r.history?.growth ?? []).filter((g) => g.metric === 'model-calling-files' || g.metric === 'files-outside-gateway');
  return {
    repository: r.target.subdir ? `${r.target.source}/${r.target.subdir}` : r.target.source,
    commit: r.target.commit ?? null,
    scannedAt: r.target.scannedAt ?? null,
    grade: r.scores?.overall?.grade ?? null,
    score: r.scores?.overall?.score ?? null,
    findings: counts,
    effortHours: r.summary.effortHours,
    ai: {
      modelCallingFiles: new Set(r.inventory.modelCalls.map((c) => c.file)).size,
      providers: r.inventory.providers.filter((p) => p.calls > 0).map((p) => p.id),
      gateway: r.inventory.gateway?.present ?? null,
      gatewayCoverage: r.inventory.gateway?.coverage ?? null,
    },
    topFinding: top ? { severity: top.severity, title: top.title, message: top.message } : null,
    trend: r.history ? (moved.length > 0 ? moved.map((g) => `${g.label} ${g.from} -> ${g.to} since ${g.since}`).join('; ') : 'no change over the period') : null,
  };
}

/** The row of a target that could not be scanned: nothing measured, and why. */
export function unscannedRow(repository: string, why: string): PortfolioRow {
  return {
    repository, commit: null, scannedAt: null, grade: null, score: null,
    findings: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as PortfolioRow['findings'], effortHours: 0,
    ai: { modelCallingFiles: 0, providers: [], gateway: null, gatewayCoverage: null }, topFinding: null, trend: null, error: why,
  };
}

/** Worst grade first, then most critical and high findings, then name: the repositories to look at first lead. */
export function portfolioOf(rows: readonly PortfolioRow[]): Portfolio {
  const rank = (r: PortfolioRow) => (r.error ? -1 : r.grade ? 'ABCDE'.indexOf(r.grade) : 5);
  const sorted = [...rows].sort((a, b) => rank(b) - rank(a) || (b.findings.critical + b.findings.high) - (a.findings.critical + a.findings.high) || (a.repository < b.repository ? -1 : 1));
  return { repositories: rows.length, scanned: rows.filter((r) => !r.error).length, rows: sorted };
}

export function renderPortfolioMarkdown(p: Portfolio): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
  const lines = p.rows.map((r) => {
    if (r.error) return `| ${cell(r.repository)} | – | not scanned: ${cell(r.error)} | | | |`;
    const counts = SEVERITIES.filter((s) => r.findings[s] > 0).map((s) => `${r.findings[s]} ${s}`).join(', ') || 'none';
    const ai = r.ai.modelCallingFiles === 0 ? 'no model calls' : `${r.ai.modelCallingFiles} model-calling files, ${r.ai.providers.join(', ') || 'provider unknown'}; gateway: ${r.ai.gateway === null ? 'not measured' : r.ai.gateway ? `yes${r.ai.gatewayCoverage !== null ? ` (${Math.round(r.ai.gatewayCoverage * 100)}%)` : ''}` : 'none'}`;
    const top = r.topFinding ? `**${r.topFinding.severity}**: ${cell(r.topFinding.message)}` : 'none';
    return `| ${cell(r.repository)} | ${r.grade ?? '–'} | ${counts} | ${cell(ai)} | ${top} | ${cell(r.trend ?? 'not read (no --history)')} |`;
  });
  return [
    '# Architecture audit: portfolio', '',
    `${p.scanned} of ${p.repositories} repositories scanned. Worst grade first; each repository's own report has the evidence.`, '',
    '| Repository | Grade | Findings | AI surface | Top finding | Trend |',
    '| --- | --- | --- | --- | --- | --- |',
    ...lines,
  ].join('\n') + '\n';
}

export function renderPortfolioHtml(p: Portfolio): string {
  const rows = p.rows.map((r) => `<tr><td>${esc(r.repository)}</td><td>${esc(r.error ? '–' : r.grade ?? '–')}</td><td>${esc(r.error ? `not scanned: ${r.error}` : SEVERITIES.filter((s) => r.findings[s] > 0).map((s) => `${r.findings[s]} ${s}`).join(', ') || 'none')}</td><td>${r.error ? '' : r.ai.modelCallingFiles}</td><td>${esc(r.ai.providers.join(', '))}</td><td>${esc(r.topFinding?.message ?? '')}</td><td>${esc(r.trend ?? '')}</td></tr>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Architecture audit: portfolio</title><style>body{font-family:system-ui,sans-serif;margin:24px}table{border-collapse:collapse}td,th{border:1px solid #e5e7eb;padding:4px 8px;vertical-align:top;text-align:left}</style></head><body><h1>Architecture audit: portfolio</h1><p>${p.scanned} of ${p.repositories} repositories scanned.</p><table><thead><tr><th>Repository</th><th>Grade</th><th>Findings</th><th>Model-calling files</th><th>Providers</th><th>Top finding</th><th>Trend</th></tr></thead><tbody>${rows}</tbody></table></body></html>\n`;
}
