// Small inline SVG charts for the HTML report: no library, no script, readable when printed.

const ROW = 22;
const LABEL_WIDTH = 170;
const BAR_WIDTH = 220;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Long paths keep their end, which names the file. */
function clip(label: string, max = 26): string {
  return label.length <= max ? label : `…${label.slice(-(max - 1))}`;
}

/** Horizontal bars, one per item, the value printed after each bar. */
export function barChart(items: { label: string; value: number }[], title: string, color: string): string {
  if (items.length === 0) return `<svg width="${LABEL_WIDTH + BAR_WIDTH}" height="${ROW}" role="img" aria-label="${escapeHtml(title)}: none"><text x="0" y="15" font-size="12" fill="#64748b">none</text></svg>`;
  const max = Math.max(...items.map((i) => i.value), 1);
  const height = items.length * ROW;
  const rows = items.map((item, i) => {
    const y = i * ROW;
    const w = Math.max(2, (item.value / max) * BAR_WIDTH);
    return `<g><title>${escapeHtml(`${item.label}: ${item.value}`)}</title><text x="0" y="${y + 15}" font-size="12" fill="#334155">${escapeHtml(clip(item.label))}</text>` +
      `<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${w.toFixed(1)}" height="14" rx="2" fill="${color}"/>` +
      `<text x="${(LABEL_WIDTH + w + 4).toFixed(1)}" y="${y + 15}" font-size="12" fill="#334155">${item.value}</text></g>`;
  });
  return `<svg viewBox="0 0 ${LABEL_WIDTH + BAR_WIDTH + 40} ${height}" width="${LABEL_WIDTH + BAR_WIDTH + 40}" height="${height}" role="img" aria-label="${escapeHtml(title)}">${rows.join('')}</svg>`;
}

/** Horizontal stacked bars: one row per label, one segment per part, in order. */
export function stackedBars(rows: { label: string; parts: { value: number; color: string }[] }[], title: string): string {
  const totals = rows.map((r) => r.parts.reduce((n, p) => n + p.value, 0));
  const max = Math.max(...totals, 1);
  const body = rows.map((row, i) => {
    const y = i * ROW;
    let x = LABEL_WIDTH;
    const segments = row.parts.filter((p) => p.value > 0).map((p) => {
      const w = (p.value / max) * BAR_WIDTH;
      const rect = `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="14" fill="${p.color}"/>`;
      x += w;
      return rect;
    });
    return `<g><title>${escapeHtml(`${row.label}: ${totals[i]}`)}</title><text x="0" y="${y + 15}" font-size="12" fill="#334155">${escapeHtml(row.label)}</text>${segments.join('')}` +
      `<text x="${(x + 4).toFixed(1)}" y="${y + 15}" font-size="12" fill="#334155">${totals[i]}</text></g>`;
  });
  return `<svg viewBox="0 0 ${LABEL_WIDTH + BAR_WIDTH + 40} ${rows.length * ROW}" width="${LABEL_WIDTH + BAR_WIDTH + 40}" height="${rows.length * ROW}" role="img" aria-label="${escapeHtml(title)}">${body.join('')}</svg>`;
}

const LINE_WIDTH = 240;
const LINE_HEIGHT = 70;

/** One metric over time: a line through its values, the first and last printed, dates under the ends. */
export function lineChart(points: { label: string; value: number }[], title: string, color: string): string {
  const max = Math.max(...points.map((p) => p.value), 1);
  const x = (i: number) => 8 + (points.length > 1 ? (i / (points.length - 1)) * (LINE_WIDTH - 40) : 0);
  const y = (v: number) => 8 + (1 - v / max) * (LINE_HEIGHT - 24);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const dots = points.map((p, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="2.5" fill="${color}"><title>${escapeHtml(`${p.label}: ${p.value}`)}</title></circle>`).join('');
  const first = points[0];
  const last = points.at(-1);
  const ends = first && last
    ? `<text x="${x(points.length - 1) + 6}" y="${y(last.value) + 4}" font-size="12" fill="#334155">${last.value}</text>` +
      `<text x="0" y="${LINE_HEIGHT - 2}" font-size="10" fill="#64748b">${escapeHtml(first.label)}</text>` +
      `<text x="${LINE_WIDTH - 40}" y="${LINE_HEIGHT - 2}" font-size="10" fill="#64748b" text-anchor="end">${escapeHtml(last.label)}</text>`
    : '';
  return `<svg viewBox="0 0 ${LINE_WIDTH} ${LINE_HEIGHT}" width="${LINE_WIDTH}" height="${LINE_HEIGHT}" role="img" aria-label="${escapeHtml(title)}"><path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>${dots}${ends}</svg>`;
}
