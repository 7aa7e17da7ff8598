import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FORMATS, render, scan, type Phase } from '../run.ts';

// npm run bench -- <path> [--runs N] [--workers N|auto]
// Wall time, throughput and peak RSS per phase, cold (no cache) and warm (facts cache filled by a first run).
// Numbers belong in notes and issues, never in tests.

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '3' }, workers: { type: 'string', default: 'auto' } } });
const target = positionals[0] ?? '';
if (!target) {
  process.stderr.write('usage: npm run bench -- <path> [--runs N] [--workers N|auto]\n');
  process.exit(2);
}
const runs = Number(values.runs);
const workers = values.workers === 'auto' ? 'auto' : Number(values.workers);

interface Sample {
  phase: Phase | 'render';
  ms: number;
  peakRssMb: number;
}

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 10);

async function once(cacheDir: string | null) {
  const samples: Sample[] = [];
  let current: Phase | null = null;
  let started = 0;
  const close = () => {
    if (current) samples.push({ phase: current, ms: performance.now() - started, peakRssMb: peak / 2 ** 20 });
  };
  const t0 = performance.now();
  const result = await scan({
    target, failOn: null, rulesDirs: [], cacheDir, workers, maxFileBytes: 1_000_000,
    onPhase: (phase) => {
      close();
      current = phase;
      started = performance.now();
      peak = process.memoryUsage().rss;
    },
  });
  close();
  peak = process.memoryUsage().rss;
  const r0 = performance.now();
  for (const f of FORMATS) render(result.report, f);
  samples.push({ phase: 'render', ms: performance.now() - r0, peakRssMb: peak / 2 ** 20 });
  return { samples, total: performance.now() - t0, result };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function series(label: string, cacheDir: () => string | null) {
  const all: Awaited<ReturnType<typeof once>>[] = [];
  for (let i = 0; i < runs; i++) all.push(await once(cacheDir()));
  const last = all[all.length - 1];
  if (!last) return;
  const { stats } = last.result;
  const mb = stats.bytesListed / 1e6;
  process.stdout.write(`\n${label}: ${runs} run(s), median of each phase\n`);
  process.stdout.write(`code files ${last.result.report.summary.files.scanned}, ${mb.toFixed(1)} MB; read ${stats.filesRead}, full parse ${stats.parsedFull}, light ${stats.parsedLight}, from cache ${stats.fromCache}\n`);
  process.stdout.write('phase       wall ms   files/s     MB/s   peak RSS MB\n');
  const phases = last.samples.map((s) => s.phase);
  for (const phase of phases) {
    const ms = median(all.map((a) => a.samples.find((s) => s.phase === phase)?.ms ?? 0));
    const rss = Math.max(...all.map((a) => a.samples.find((s) => s.phase === phase)?.peakRssMb ?? 0));
    const perSecond = (n: number) => (ms > 0 ? (n / (ms / 1000)).toFixed(0) : '-');
    const files = phase === 'parse' ? perSecond(stats.filesRead) : phase === 'inventory' ? perSecond(last.result.report.summary.files.listed) : '';
    const mbs = phase === 'parse' ? (ms > 0 ? (stats.bytesRead / 1e6 / (ms / 1000)).toFixed(1) : '-') : '';
    process.stdout.write(`${phase.padEnd(10)} ${ms.toFixed(0).padStart(8)} ${files.padStart(9)} ${mbs.padStart(8)} ${rss.toFixed(0).padStart(13)}\n`);
  }
  process.stdout.write(`total      ${median(all.map((a) => a.total)).toFixed(0).padStart(8)} ms; process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
}

const cache = mkdtempSync(join(tmpdir(), 'arch-audit-bench-'));
try {
  await series('cold (no cache)', () => null);
  await once(cache);
  await series('warm (facts cache filled, nothing changed)', () => cache);
} finally {
  clearInterval(sampler);
  rmSync(cache, { recursive: true, force: true });
}
