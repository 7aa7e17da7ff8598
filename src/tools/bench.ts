import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FORMATS, render, scan, type Phase } from '../run.ts';

// npm run bench -- <path> [--runs N] [--workers N|auto] [--vs <peer checkout> | --history N]
// Wall time, throughput and peak RSS per phase, cold (no cache) and warm (facts cache filled by a first run).
// With --vs, this build and a peer build of arch-audit (another checkout, built) scan the path cold, as whole
// processes, in alternating rounds (A B A B ...), and each pair gives a ratio. With --history N, this build reads
// the path's history at N points (A) against its single scan (B), the same way. Numbers belong in notes and
// issues, never in tests.

const USAGE = 'usage: npm run bench -- <path> [--runs N] [--workers N|auto] [--vs <peer checkout> | --history N]';
const usage = (why: string): never => {
  process.stderr.write(`bench: ${why}\n${USAGE}\n`);
  process.exit(2);
};
const { values, positionals } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '3' }, workers: { type: 'string', default: 'auto' }, vs: { type: 'string' }, history: { type: 'string' } } });
  } catch (err) {
    return usage((err as Error).message.split('.')[0] ?? 'bad arguments');
  }
})();
const target = positionals[0] ?? '';
if (!target) usage('no path to scan');
const runs = Number(values.runs);
const workers = values.workers === 'auto' ? 'auto' : Number(values.workers);
const historyPoints = values.history === undefined ? 0 : Number(values.history);
if (!Number.isInteger(historyPoints) || historyPoints < 0) usage('--history takes a number of months');
if (values.vs && historyPoints > 0) usage('--vs and --history are two comparisons: give one');

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

interface ProcessCost {
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
}

/** One cold scan of the target by a built arch-audit, as its own process. */
function processRun(bin: string, scratch: string, tag: string, extra: string[] = []): ProcessCost {
  const costFile = join(scratch, `${tag}.json`);
  const outDir = join(scratch, `${tag}-report`);
  rmSync(outDir, { recursive: true, force: true });
  const launcher = fileURLToPath(new URL('./bench-launch.mjs', import.meta.url));
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [launcher, bin, 'scan', target, '--no-cache', '--format', 'json', '--out', outDir, '--quiet', '--workers', String(workers), ...extra], {
    env: { ...process.env, ARCH_AUDIT_BENCH_OUT: costFile }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${bin} exited with ${r.status}`);
  const cost = JSON.parse(readFileSync(costFile, 'utf8')) as { maxRssKb: number; userUs: number; systemUs: number };
  return { wallMs, cpuMs: (cost.userUs + cost.systemUs) / 1000, maxRssMb: cost.maxRssKb / 1024 };
}

interface Contender {
  bin: string;
  args: string[];
}

/** Two commands in alternating rounds after one warm-up each; medians and per-pair ratios. */
function versus(a: Contender, b: Contender, what: string): void {
  const scratch = mkdtempSync(join(tmpdir(), 'arch-audit-bench-vs-'));
  try {
    processRun(a.bin, scratch, 'warm-a', a.args);
    processRun(b.bin, scratch, 'warm-b', b.args);
    const pairs: { a: ProcessCost; b: ProcessCost }[] = [];
    for (let i = 0; i < runs; i++) pairs.push({ a: processRun(a.bin, scratch, 'a', a.args), b: processRun(b.bin, scratch, 'b', b.args) });
    const row = (label: string, pick: (c: ProcessCost) => number, digits: number) => {
      const a = median(pairs.map((p) => pick(p.a)));
      const b = median(pairs.map((p) => pick(p.b)));
      const ratios = pairs.map((p) => pick(p.a) / pick(p.b)).sort((x, y) => x - y);
      return `${label.padEnd(12)} ${a.toFixed(digits).padStart(10)} ${b.toFixed(digits).padStart(10)} ${median(ratios).toFixed(3).padStart(9)} ${(ratios[0] ?? 0).toFixed(3).padStart(8)} ${(ratios[ratios.length - 1] ?? 0).toFixed(3).padStart(8)}\n`;
    };
    process.stdout.write(`\n${what}\n${runs} round(s) A B after one warm-up each; cold scans, whole processes; median, and the A/B ratio per pair\n`);
    process.stdout.write(`${''.padEnd(12)} ${'A'.padStart(10)} ${'B'.padStart(10)} ${'A/B med'.padStart(9)} ${'min'.padStart(8)} ${'max'.padStart(8)}\n`);
    process.stdout.write(row('wall s', (c) => c.wallMs / 1000, 2) + row('cpu s', (c) => c.cpuMs / 1000, 2) + row('peak RSS MB', (c) => c.maxRssMb, 0));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const own = fileURLToPath(new URL('../bin.mjs', import.meta.url));
if (values.vs) {
  clearInterval(sampler);
  const peer = resolve(values.vs, 'dist/src/bin.mjs');
  if (!existsSync(peer)) {
    process.stderr.write(`no built arch-audit at ${peer}: run \`npm ci\` (or \`npm run build\`) in ${values.vs} first\n`);
    process.exit(2);
  }
  versus({ bin: own, args: [] }, { bin: peer, args: [] }, `A = this build (${own})\nB = peer (${peer})`);
  process.exit(0);
}
if (historyPoints > 0) {
  clearInterval(sampler);
  versus({ bin: own, args: ['--history', String(historyPoints)] }, { bin: own, args: ['--history', '0'] }, `A = this build reading ${historyPoints} months of history (${own})\nB = the same build, the scanned commit alone`);
  process.exit(0);
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
