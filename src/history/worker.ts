import { parentPort, workerData } from 'node:worker_threads';
import type { HistoryPoint } from './sample.ts';
import { readPoints, type PointSpec } from './points.ts';

// A history worker: reads its share of the points while the main thread scans the commit, telling each point as it is read.
const { spec, commits, dir } = workerData as { spec: PointSpec; commits: HistoryPoint[]; dir: string };
const read = await readPoints(spec, commits, { dir, onPoint: () => parentPort?.postMessage({ kind: 'point' }) });
parentPort?.postMessage({ kind: 'done', read });
