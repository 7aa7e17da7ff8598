import type { Report } from '../report/schema.ts';

// The short Markdown a CI job summary or a pull-request comment holds: the grade, the counts, what is new since the
// baseline, the top findings. GitHub keeps a step summary to 1 MB and shows far less comfortably; a reviewer
// reads this in seconds and opens report.md for the rest.

export const SUMMARY_MAX_BYTES = 8 * 1024;
const MAX_MESSAGE = 240;
const TOP = 5;
const MAX_NEW = 10;

type Finding = Report['findings'][number];

export function renderSummary(r: Report): string {
  const s = r.summary;
  const o = r.scores.overall;
  const counts = (['critical', 'high', 'medium', 'low', 'info'] as const).map((k) => `${s.findings[k]} ${k}`).join(', ');
  const gate = s.gate.failOn || s.ratchets.length > 0 ? ` · gate${s.gate.failOn ? ` \`--fail-on ${s.gate.failOn}${s.gate.newOnly ? ' --new-only' : ''}\`` : ''}: **${s.gate.passed ? 'passed' : 'failed'}**` : '';
  const commit = r.target.commit ? ` @ \`${r.target.commit.slice(0, 12)}\`` : '';
  const b = s.baseline;
  const fresh = b ? r.findings.filter((f) => f.baseline === 'new' || f.baseline === 'updated') : [];
  const lines = [
    `## arch-audit: ${plain(r.target.source)}${commit}`,
    '',
    `${o ? `**Grade ${o.grade}** (${o.score} / 10) · ` : ''}${s.totalFindings} findings (${counts})${gate}`,
    ...(b ? ['', `Since the baseline: **${b.new} new**, **${b.updated} grew**, ${b.unchanged} unchanged, **${b.fixed.length} fixed**.`] : []),
    ...(s.ratchets.length > 0 ? ['', '### Ratchets', '', ...s.ratchets.map((x) => `- ${x.status === 'broken' ? '**broken**' : x.status === 'held' ? 'held' : 'not checked'}: ${plain(x.label)} ${x.before !== null ? `${x.before} → ` : ''}${x.after} (${x.rule})${x.added.length > 0 && x.status === 'broken' ? `; new: ${x.added.slice(0, 5).map((a) => `\`${a.replace(/[`\r\n]/g, '')}\``).join(', ')}${x.added.length > 5 ? ` and ${x.added.length - 5} more` : ''}` : ''}`)] : []),
    ...(fresh.length > 0 ? ['', '### New or grown', '', ...fresh.slice(0, MAX_NEW).map(item), ...(fresh.length > MAX_NEW ? [`- and ${fresh.length - MAX_NEW} more in report.md`] : [])] : []),
    '', '### Top findings', '',
    ...(r.findings.length > 0 ? r.findings.slice(0, TOP).map(item) : ['No findings.']),
    '', `Model calls: ${r.inventory.modelCalls.length} in ${new Set(r.inventory.modelCalls.map((c) => c.file)).size} files; providers: ${r.inventory.providers.map((p) => p.id).join(', ') || 'none'}. The whole report is report.md.`,
  ];
  return fitTo(lines, SUMMARY_MAX_BYTES);
}

function item(f: Finding): string {
  const at = f.locations[0] ? ` (\`${f.locations[0].file.replace(/[`\r\n]/g, '')}:${f.locations[0].line}\`)` : '';
  const mark = f.baseline === 'new' ? ' new' : f.baseline === 'updated' ? ' grew' : '';
  const message = f.message.length > MAX_MESSAGE ? `${f.message.slice(0, MAX_MESSAGE - 1)}…` : f.message;
  return `- **${f.severity}**${mark}: ${plain(message)}${at}`;
}

/** Markdown's own characters and line breaks out of a value the repository chose. */
function plain(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** Whole lines up to the limit, and a last line saying what was cut. */
function fitTo(lines: string[], max: number): string {
  const out: string[] = [];
  let size = 0;
  const note = '\n_(cut to 8 KB: the rest is in report.md)_\n';
  for (const line of lines) {
    const add = Buffer.byteLength(`${line}\n`);
    if (size + add + Buffer.byteLength(note) > max) return `${out.join('\n')}${note}`;
    out.push(line);
    size += add;
  }
  return `${out.join('\n')}\n`;
}
