import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RepoFacts } from '../facts/index.ts';
import type { Report } from '../report/schema.ts';
import { METRICS } from '../report/metrics.ts';
import { startWorker } from '../util/worker.ts';
import { metricValues, readPoints, type CurvePoint, type PointSeed, type PointSpec, type PointsRead } from './points.ts';
import { samplePoints, type HistoryPoint } from './sample.ts';

// The architecture metrics that compound, read at points of the history: how many model-calling files, how many
// outside the gateway, how many providers... a month at a time over the last year. With a second thread, a worker
// reads the older points while the main thread scans the commit; the main thread then reads the newer ones, whose
// blobs its own parse mostly holds already.

export type { CurvePoint } from './points.ts';

export interface HistoryCurve {
  points: CurvePoint[];
  /** points that could not be read, and why */
  problems: { commit: string; message: string }[];
}

export interface PendingCurve {
  /** Reads the main thread's share of the points, with the scanned commit's facts and parse, and gathers the worker's. */
  finish(current: RepoFacts, seed?: PointSeed, onPoint?: (done: number, total: number) => void): Promise<HistoryCurve>;
  /** Stops the worker and removes its folder: a scan that ends before `finish`. */
  stop(): Promise<void>;
}

// A worker parses its first point in full, with no cache to start from: below this many past points, that costs
// more than it saves. The main thread reads its share after its own scan: measured on a 245k-line repository with
// twelve points on two cores, the worker's eight older points and the main thread's four newer ones end within a
// few seconds of each other.
const MIN_SPLIT = 4;
const MAIN_SHARE = 0.4;

/** Samples the points and, where `spec.workers` allows a thread, starts a worker on the older share at once. */
export async function startHistoryCurve(spec: PointSpec, at: { commit: string; committedAt: string; months: number }): Promise<PendingCurve> {
  const sampled = await samplePoints(spec.gitRoot, at.commit, at.committedAt, at.months);
  // Newest first: each point shares most of its blobs with the one after it.
  const past = sampled.filter((p) => p.commit !== at.commit).reverse();
  const split = spec.workers !== 0 && past.length >= MIN_SPLIT;
  const mine = split ? past.slice(0, Math.floor(past.length * MAIN_SHARE)) : past;
  const theirs = past.slice(mine.length);
  let theirsDone = 0;
  let tell = () => {};
  const worker = theirs.length > 0 ? await readInWorker({ ...spec, workers: 0 }, theirs, () => { theirsDone++; tell(); }) : null;
  return {
    async finish(current, seed, onPoint) {
      let mineDone = 0;
      tell = () => onPoint?.(mineDone + theirsDone, past.length);
      const own = await readPoints(spec, mine, { ...(seed ? { seed } : {}), onPoint: () => { mineDone++; tell(); } });
      // A worker that could not run leaves its share to the main thread, which counts it again from nothing.
      const fallback = () => {
        theirsDone = 0;
        return readPoints(spec, theirs, { ...(seed ? { seed } : {}), onPoint: () => { theirsDone++; tell(); } });
      };
      const other = worker ? (await worker.result) ?? await fallback() : null;
      await worker?.stop();
      const head = sampled.filter((p) => p.commit === at.commit).map((p) => ({ ...p, values: metricValues(current), written: 0, parsed: 0 }));
      const read = [...head, ...own.points, ...(other?.points ?? [])];
      const order = new Map(sampled.map((p, i) => [p.commit, i]));
      return {
        points: read.sort((a, b) => (order.get(a.commit) ?? 0) - (order.get(b.commit) ?? 0)),
        problems: [...own.problems, ...(other?.problems ?? [])],
      };
    },
    async stop() {
      await worker?.stop();
    },
  };
}

/** A worker reading `commits` in a folder of its own; `result` is null when the worker failed. */
async function readInWorker(spec: PointSpec, commits: readonly HistoryPoint[], onPoint: () => void): Promise<{ result: Promise<PointsRead | null>; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'arch-audit-history-'));
  const worker = startWorker(import.meta.url, './worker', { spec, commits, dir });
  const result = new Promise<PointsRead | null>((resolve) => {
    worker.on('message', (m: { kind: 'point' } | { kind: 'done'; read: PointsRead }) => {
      if (m.kind === 'point') onPoint();
      else resolve(m.read);
    });
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  let stopped: Promise<void> | null = null;
  return {
    result,
    stop: () => (stopped ??= worker.terminate().then(() => rm(dir, { recursive: true, force: true }))),
  };
}

/** The report's history section: the points, and each metric that moved between the oldest point and now. */
export function historySection(curve: HistoryCurve): NonNullable<Report['history']> {
  const first = curve.points[0];
  const last = curve.points.at(-1);
  const growth = first && last && first !== last
    ? METRICS.flatMap((m) => (first.values[m.id] !== last.values[m.id] ? [{ metric: m.id, label: m.label, from: first.values[m.id], to: last.values[m.id], since: first.asOf }] : []))
    : [];
  const note = curve.problems.length > 0 ? `${curve.problems.length} of ${curve.points.length + curve.problems.length} points could not be read: ${curve.problems.map((p) => `${p.commit.slice(0, 10)} (${p.message})`).join('; ')}` : null;
  return { status: 'measured', note, points: curve.points.map((p) => ({ ...p })), growth };
}
