import type { Report } from '../report/schema.ts';
import { commitUrl } from './links.ts';
import { lockInView } from './lock-in.ts';
import { barChart, escapeHtml as esc, lineChart, stackedBars } from './svg.ts';
import { METRICS } from '../report/metrics.ts';
import { KNOWLEDGE_LABEL } from '../facts/knowledge.ts';
import { AREA_LABEL, MEASUREMENT_LABEL } from '../score/areas.ts';

// One self-contained HTML file: no network, no CDN, no external font. Styles, charts (inline SVG) and
// the filter script are all in the page, so it opens offline and can be attached to an email.

type Finding = Report['findings'][number];

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const SEVERITY_COLOR = { critical: '#7f1d1d', high: '#c2410c', medium: '#b45309', low: '#4d7c0f', info: '#475569' } as const;
const STATUS_LABEL = { ok: 'Answered', gap: 'Gap', 'not-measured': 'Not measured' } as const;

export function renderHtml(r: Report): string {
  const title = `Architecture audit: ${r.target.source}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p class="meta">${esc(scanned(r))}</p>
</header>
<main>
${summary(r)}
${areas(r)}
${charts(r)}
${history(r)}
${knowledge(r)}
${questions(r)}
${lockIn(r)}
${findings(r)}
${suppressed(r)}
${coverage(r)}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function scanned(r: Report): string {
  const t = r.target;
  return `Scanned ${t.source}${t.subdir ? `, folder ${t.subdir}` : ''}${t.commit ? ` at commit ${t.commit.slice(0, 12)}` : ''}${t.ref ? ` (ref ${t.ref})` : ''} on ${t.scannedAt.slice(0, 10)} with arch-audit ${r.tool.version}.`;
}

function summary(r: Report): string {
  const s = r.summary;
  const o = r.scores.overall;
  const byPrint = new Map(r.findings.map((f) => [f.fingerprint, f]));
  const now = r.fixNow.flatMap((fp) => byPrint.get(fp) ?? []);
  return `<section id="summary">
<h2>Summary</h2>
<div class="cards">
<div class="card grade grade-${o?.grade ?? 'none'}"><span class="big">${o ? o.grade : '–'}</span><span>${o ? `${o.score} / 10 overall${o.scope === 'engineering-only' ? ', engineering only' : ''}` : 'not measured'}</span></div>
${SEVERITIES.map((k) => `<div class="card"><span class="big" style="color:${SEVERITY_COLOR[k]}">${s.findings[k]}</span><span>${k}</span></div>`).join('\n')}
<div class="card"><span class="big">${s.effortHours} h</span><span>to fix now (${(s.effortHours / 8).toFixed(1)} days)</span></div>
</div>
<h3>Top findings</h3>
<ol>${r.findings.slice(0, 5).map((f) => `<li><b>${esc(f.severity)}</b>${baselineBadge(f)}: ${esc(f.message)} <code>${esc(loc(f))}</code></li>`).join('')}</ol>
${sinceBaseline(r)}${ratchetTable(r)}${now.length > 0 ? `<h3>Fix now, while it is a day's work</h3><ul>${now.map((f) => `<li>${esc(f.title)}: ${f.effortHours} h now, about ${f.effortLaterHours ?? f.effortHours} h in a year <code>${esc(loc(f))}</code></li>`).join('')}</ul>` : ''}
</section>`;
}

function baselineBadge(f: Finding): string {
  return f.baseline === 'new' ? ' <span class="new">new</span>' : f.baseline === 'updated' ? ' <span class="new">grew</span>' : '';
}

function sinceBaseline(r: Report): string {
  const b = r.summary.baseline;
  if (!b) return '';
  const fixed = b.fixed.map((f) => `<li><b>${esc(f.severity)}</b>: ${esc(f.message)} <code>${esc(`${f.file}:${f.line}`)}</code></li>`).join('');
  return `<h3>Since the baseline</h3>
<p>Compared with <code>${esc(b.file)}</code>${b.commit ? ` (commit ${esc(b.commit.slice(0, 12))})` : ''}: <b>${b.new} new</b>, <b>${b.updated} grew</b>, ${b.unchanged} unchanged, <b>${b.fixed.length} fixed</b>.${r.summary.gate.newOnly ? ' Only new findings and findings that grew can fail the gate.' : ''}</p>
${fixed ? `<p>Fixed:</p><ul>${fixed}</ul>` : ''}
`;
}

function ratchetTable(r: Report): string {
  const rs = r.summary.ratchets;
  if (rs.length === 0) return '';
  return `<h3>Ratchets</h3>
<table><thead><tr><th>Metric</th><th>Ratchet</th><th class="num">Baseline</th><th class="num">Now</th><th></th></tr></thead><tbody>
${rs.map((x) => `<tr><td>${esc(x.label)}</td><td>${esc(x.rule)}</td><td class="num">${x.before ?? '–'}</td><td class="num">${x.after}</td><td>${x.status === 'broken' ? `<b>broken</b>${x.added.length > 0 ? `: ${x.added.slice(0, 10).map((a) => `<code>${esc(a)}</code>`).join(', ')}${x.added.length > 10 ? ` and ${x.added.length - 10} more` : ''}` : ''}` : x.status === 'held' ? 'held' : 'not checked: no baseline'}</td></tr>`).join('\n')}
</tbody></table>
`;
}

function areas(r: Report): string {
  const o = r.scores.overall;
  return `<section id="areas">
<h2>Area scores</h2>
<p>${o ? `Overall: <b>${o.grade}</b> (${o.score} / 10), ${esc(o.note)}.` : `Overall: not measured (${esc(r.scores.modelCode.note)}).`}</p>
<table><thead><tr><th>Area</th><th class="num">Score</th><th></th><th>Measured</th><th>Why</th></tr></thead><tbody>
${r.scores.areas.map((a) => `<tr class="${a.status}"><td>${AREA_LABEL[a.id]}</td><td class="num">${a.score === null ? '–' : `${a.score} / 10`}</td><td>${a.score === null ? '' : meter(a.score)}</td><td>${MEASUREMENT_LABEL[a.status]}</td><td>${esc(a.reason)}</td></tr>`).join('\n')}
</tbody></table>
</section>`;
}

function meter(score: number): string {
  const color = score >= 7 ? '#15803d' : score >= 4 ? '#b45309' : '#b91c1c';
  return `<svg class="meter" width="120" height="10" role="img" aria-label="${score} out of 10"><rect width="120" height="10" rx="3" fill="#e5e7eb"/><rect width="${score * 12}" height="10" rx="3" fill="${color}"/></svg>`;
}

function charts(r: Report): string {
  const areaIds = Object.keys(AREA_LABEL) as (keyof typeof AREA_LABEL)[];
  const stacked = stackedBars(
    areaIds.map((a) => ({ label: AREA_LABEL[a], parts: SEVERITIES.map((s) => ({ value: r.findings.filter((f) => f.category === a && f.severity === s).length, color: SEVERITY_COLOR[s] })) })),
    'Findings by area and severity',
  );
  const providers = barChart(r.inventory.providers.filter((p) => p.calls > 0).map((p) => ({ label: p.id, value: p.calls })), 'Model calls by provider', '#1d4ed8');
  const modules = barChart(r.inventory.gateway.callSites.slice(0, 10).map((m) => ({ label: m.file, value: m.calls })), 'Model call sites per file (top 10)', '#6d28d9');
  return `<section id="charts">
<h2>At a glance</h2>
<div class="charts">
<figure>${stacked}<figcaption>Findings by area and severity</figcaption></figure>
<figure>${providers}<figcaption>Provider concentration: model calls per provider</figcaption></figure>
<figure>${modules}<figcaption>Model call sites per file${r.inventory.gateway.present ? `; gateway: ${esc(r.inventory.gateway.files.join(', '))}` : '; no gateway'}</figcaption></figure>
</div>
</section>`;
}

/** `--history`: each architecture metric over the sampled points, one small line chart per metric. */
function history(r: Report): string {
  const h = r.history;
  if (!h) return '';
  if (h.status === 'not-measured') return `<section id="history"><h2>How the architecture grew</h2><p>${esc(h.note ?? 'not measured')}</p></section>`;
  const figures = METRICS.map((m) => `<figure>${lineChart(h.points.map((p) => ({ label: p.asOf, value: p.values[m.id] })), m.label, '#b45309')}<figcaption>${esc(m.label)}</figcaption></figure>`);
  const grew = h.growth.map((g) => `<li>${esc(g.label)}: ${g.from} on ${esc(g.since)}, ${g.to} now</li>`).join('');
  return `<section id="history">
<h2>How the architecture grew</h2>
<p>${h.points.length} points of the main line, a month apart${h.note ? `; ${esc(h.note)}` : ''}.</p>
<div class="charts">${figures.join('')}</div>
${grew ? `<ul>${grew}</ul>` : '<p>No metric moved over the period.</p>'}
</section>`;
}

function knowledge(r: Report): string {
  const k = r.knowledge;
  if (!k || k.areas.length === 0) return '';
  const rows = k.areas.map((a) => `<tr><td>${esc(KNOWLEDGE_LABEL[a.id])}</td><td class="num">${a.files}</td><td class="num">${a.commits}</td><td>${esc(a.authors.slice(0, 3).map((x) => `${x.name} ${Math.round(x.share * 100)}%`).join(', ') || 'no commit in the year')}</td><td>${a.truckFactor === null ? 'not measured' : `<b>${a.truckFactor}</b>${a.keyPeople.length > 0 ? ` (${esc(a.keyPeople.join(', '))})` : ''}`}</td></tr>`).join('');
  return `<section id="knowledge">
<h2>Who knows the code</h2>
<p>In the year ${esc(k.from)} to ${esc(k.to)}: ${k.commitsPerMonth} commits a month; an area's commits are those that changed one of its files. The truck factor is how many people would have to leave before more than half of an area's files had no one who knows them${k.fullHistory ? '' : ' (read on the most recent commits only)'}.</p>
<table><thead><tr><th>Area</th><th>Files</th><th>Commits in the year</th><th>Most commits</th><th>Truck factor</th></tr></thead><tbody>${rows}</tbody></table>
${k.hotspots.length > 0 ? `<p>Hotspots of the model code (changes in the year x lines): ${k.hotspots.map((h) => `<code>${esc(h.file)}</code> (${h.commits} commits, ${h.lines} lines)`).join(', ')}.</p>` : ''}
</section>`;
}

function questions(r: Report): string {
  return `<section id="questions">
<h2>Investor questions</h2>
${r.questions.map((q) => `<div class="question ${q.status}"><h3>${esc(q.question)}</h3><p><span class="status">${STATUS_LABEL[q.status]}</span> ${esc(q.answer)}${q.rules.length > 0 ? ` <span class="rules">See ${q.rules.map((id) => `<a href="#rule-${esc(id)}">${esc(id)}</a>`).join(', ')}.</span>` : ''}</p></div>`).join('\n')}
<h3>What this scan cannot answer</h3>
<ul>${r.beyondTheCode.map((q) => `<li>${esc(q)}</li>`).join('')}</ul>
</section>`;
}

function lockIn(r: Report): string {
  const v = lockInView(r);
  if (v.rows.length === 0 && r.inventory.inferenceStack.length === 0) return '';
  const rows = v.rows.map((x) => `<tr><td>${esc(x.vendor)}</td><td>${x.kind}</td><td>${esc(x.surface)}</td><td>${esc(x.features)}</td><td>${esc(x.adapter)}</td><td class="num" title="${esc(x.breakdown)}">${x.estimate}</td></tr>`).join('');
  return `<section id="lock-in">
<h2>Vendor lock-in</h2>
<p>What leaving each vendor would touch, counted from the code, with an estimate in hours (hover an estimate for its terms; formula in docs/scoring.md).</p>
${rows ? `<table><thead><tr><th>Vendor</th><th>Kind</th><th>Surface</th><th>Provider-only features</th><th>Adapter</th><th>Estimate</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
<ul><li><strong>Vector stores</strong>: ${esc(v.stores)}</li><li><strong>Embeddings</strong>: ${esc(v.embeddings)}</li><li><strong>Inference stack</strong>: ${esc(v.stack)}</li></ul>
</section>`;
}

function findings(r: Report): string {
  const areaOptions = Object.entries(AREA_LABEL).map(([id, label]) => `<option value="${id}">${label}</option>`).join('');
  const severityOptions = SEVERITIES.map((s) => `<option value="${s}">${s}</option>`).join('');
  const seenRules = new Set<string>();
  return `<section id="findings">
<h2>Findings</h2>
<div class="filters">
<label>Area <select id="filter-area"><option value="">all</option>${areaOptions}</select></label>
<label>Severity <select id="filter-severity"><option value="">all</option>${severityOptions}</select></label>
<span id="shown" aria-live="polite">Showing ${r.findings.length} of ${r.findings.length}</span>
</div>
${r.findings.map((f) => {
    const anchor = seenRules.has(f.ruleId) ? '' : ` id="rule-${esc(f.ruleId)}"`;
    seenRules.add(f.ruleId);
    return findingBlock(r, f, anchor);
  }).join('\n')}
${r.findings.length === 0 ? '<p>No findings.</p>' : ''}
</section>`;
}

function findingBlock(r: Report, f: Finding, anchor: string): string {
  const rule = r.rules.find((x) => x.id === f.ruleId);
  return `<details class="finding" data-area="${f.category}" data-severity="${f.severity}"${anchor}>
<summary><span class="sev sev-${f.severity}">${f.severity}</span>${baselineBadge(f)} <b>${esc(f.title)}</b> <span class="msg">${esc(f.message)}</span></summary>
<div class="body">
<p class="evidence"><code>${esc(f.evidence)}</code></p>
<ul class="locations">${f.locations.slice(0, 50).map((l) => `<li>${link(r, l.file, l.line)}${l.snippet ? `<pre>${esc(l.snippet)}</pre>` : ''}</li>`).join('')}${f.locations.length > 50 ? `<li>and ${f.locations.length - 50} more in report.json</li>` : ''}</ul>
${rule ? `<p><b>Why it compounds.</b> ${esc(rule.rationale)}</p><p><b>What to do.</b> ${esc(rule.remediation)}</p>` : ''}
<p><b>Effort.</b> ${f.effortHours} h now${f.growth ? `, about ${f.growth.sixMonthsHours} h in six months at the rate it grew (${esc(f.growth.label)}: ${f.growth.from} on ${esc(f.growth.since)}, ${f.growth.to} now)` : f.effortLaterHours !== null ? `, about ${f.effortLaterHours} h in a year` : ''}. <b>Confidence.</b> ${f.confidence}. <b>Investor question.</b> ${esc(f.ddQuestion)}</p>
</div>
</details>`;
}

/** A location, linked to the file at the scanned commit when the target is on GitHub. */
function link(r: Report, file: string, line: number): string {
  const text = `<code>${esc(`${file}:${line}`)}</code>`;
  const url = commitUrl(r, file, line);
  return url ? `<a href="${esc(url)}">${text}</a>` : text;
}

function suppressed(r: Report): string {
  if (r.suppressed.length === 0) return '';
  return `<section id="suppressed">
<h2>Suppressed findings</h2>
<table><thead><tr><th>Rule</th><th>Where</th><th>Severity</th><th>Reason</th></tr></thead><tbody>
${r.suppressed.map((f) => `<tr><td><code>${esc(f.ruleId)}</code></td><td><code>${esc(loc(f))}</code></td><td>${f.severity}</td><td>${esc(f.reason)}</td></tr>`).join('\n')}
</tbody></table>
</section>`;
}

function coverage(r: Report): string {
  const s = r.summary.files;
  return `<section id="coverage">
<h2>Coverage</h2>
<p>${s.listed} files listed, ${s.scanned} read, ${s.parsed} parsed, ${s.skipped} skipped. ${r.errors.length > 0 ? `${r.errors.length} problem(s) met during the scan; see report.json.` : 'No problems met during the scan.'}</p>
</section>`;
}

function loc(f: { locations: { file: string; line: number }[] }): string {
  const l = f.locations[0];
  return l ? `${l.file}:${l.line}${f.locations.length > 1 ? ` (+${f.locations.length - 1})` : ''}` : '';
}

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;background:#f8fafc}
body{margin:0}header{background:#0f172a;color:#f8fafc;padding:24px 32px}header h1{margin:0 0 6px;font-size:22px}.meta{margin:0;color:#cbd5e1}
main{max-width:1100px;margin:0 auto;padding:8px 32px 48px}section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:16px 20px;margin:16px 0}
h2{margin:0 0 12px;font-size:18px}h3{font-size:15px;margin:14px 0 6px}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px;background:#f1f5f9;padding:1px 4px;border-radius:3px}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #e5e7eb;border-radius:8px;padding:10px 14px;min-width:90px;display:flex;flex-direction:column}.card .big{font-size:24px;font-weight:700}
.grade .big{font-size:30px}.grade-A .big,.grade-B .big{color:#15803d}.grade-C .big{color:#b45309}.grade-D .big,.grade-E .big{color:#b91c1c}
.partly-measured .meter{opacity:.55}.not-measured td,.not-applicable td{color:#64748b}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #f1f5f9;vertical-align:top;font-size:14px}.num{text-align:right;white-space:nowrap}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:20px}figure{margin:0;min-width:0}figure svg{max-width:100%;height:auto}figcaption{font-size:13px;color:#475569;margin-top:4px}
.question{border-left:4px solid #94a3b8;padding:2px 12px;margin:8px 0}.question.gap{border-color:#c2410c}.question.ok{border-color:#15803d}.question h3{margin:4px 0}.question p{margin:4px 0}
.status{font-weight:600}.rules{color:#475569}
.filters{display:flex;gap:16px;align-items:center;margin-bottom:10px;flex-wrap:wrap}select{font:inherit;padding:2px 6px}
.finding{border:1px solid #e5e7eb;border-radius:6px;margin:6px 0;padding:6px 10px}.finding summary{cursor:pointer}.finding .msg{color:#374151}.finding .body{padding:6px 0 2px}
.sev{display:inline-block;min-width:58px;text-align:center;color:#fff;border-radius:4px;font-size:12px;padding:1px 6px;text-transform:uppercase}
${SEVERITIES.map((s) => `.sev-${s}{background:${SEVERITY_COLOR[s]}}`).join('')}
.new{display:inline-block;color:#fff;background:#7c3aed;border-radius:4px;font-size:12px;padding:1px 6px;text-transform:uppercase}
.locations{margin:4px 0;padding-left:20px}.locations pre{margin:2px 0 6px;padding:4px 8px;background:#f8fafc;border:1px solid #e5e7eb;border-radius:4px;font-size:12px;white-space:pre-wrap;word-break:break-all}.evidence{margin:4px 0}
@media print{details{break-inside:avoid}details:not([open]) .body{display:block}}
`;

// Filters hide findings by area and severity; the count says how many are shown.
const SCRIPT = `
(function(){
  var area=document.getElementById('filter-area'),sev=document.getElementById('filter-severity'),shown=document.getElementById('shown');
  var items=[].slice.call(document.querySelectorAll('.finding'));
  function apply(){
    var n=0;
    items.forEach(function(el){
      var ok=(!area.value||el.dataset.area===area.value)&&(!sev.value||el.dataset.severity===sev.value);
      el.hidden=!ok;if(ok)n++;
    });
    shown.textContent='Showing '+n+' of '+items.length;
  }
  area.addEventListener('change',apply);sev.addEventListener('change',apply);
})();
`;
