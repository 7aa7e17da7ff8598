import { sep } from 'node:path';
import { buildRepoFacts, type RepoFacts } from '../facts/index.ts';
import { prefilterFor } from '../catalog/prefilter.ts';
import { buildInventory, isReadLater, productPackageNames } from '../inventory/index.ts';
import { inFolderScan } from '../inventory/list.ts';
import { FactsCache } from '../parse/cache.ts';
import { promoteModelImporters } from '../parse/promote.ts';
import { scanFiles } from '../parse/scan.ts';
import type { Report } from '../report/schema.ts';
import { METRICS, valueOf, type MetricId, type MetricInventory } from '../report/metrics.ts';
import { codeFactsInput } from '../facts/code-input.ts';
import { samplePoints, type HistoryPoint } from './sample.ts';
import { PointTree } from './tree.ts';

// The architecture metrics that compound, read at points of the history: how many model-calling files, how many
// outside the gateway, how many providers... a month at a time over the last year. Each point is read the way the
// scanned commit is (the same inventory, parse and facts), with the same exclusions, and a blob unchanged since an
// earlier point is not parsed again.

export interface CurvePoint extends HistoryPoint {
  values: Record<MetricId, number>;
  /** files written for this point (changed since the one before), and files parsed rather than reused */
  written: number;
  parsed: number;
}

export interface HistoryCurve {
  points: CurvePoint[];
  /** points that could not be read, and why */
  problems: { commit: string; message: string }[];
}

export interface CurveOptions {
  gitRoot: string;
  commit: string;
  committedAt: string;
  months: number;
  subdir: string | null;
  maxFileBytes: number;
  excluded?: (path: string) => boolean;
  isProductRoot?: (root: string) => boolean;
  workers: number | 'auto';
  /** the scanned commit's facts: its point is not read again */
  current: RepoFacts;
  /** what the scanned commit's parse cached, and the pre-filter words it was made with: the newest points share most of its blobs */
  seed?: { cache: FactsCache; words: readonly string[] };
  onPoint?: (done: number, total: number) => void;
}

export async function readHistoryCurve(opts: CurveOptions): Promise<HistoryCurve> {
  const sampled = await samplePoints(opts.gitRoot, opts.commit, opts.committedAt, opts.months);
  const points: CurvePoint[] = [];
  const problems: HistoryCurve['problems'] = [];
  const inScan = (path: string) => (opts.subdir === null || inFolderScan(path, opts.subdir)) && isReadLater(path);
  const tree = await PointTree.create(opts.gitRoot, inScan, opts.maxFileBytes);
  // One cache per pre-filter: a point whose own package names differ parses with other words.
  const caches = new Map<string, FactsCache>(opts.seed ? [[opts.seed.words.join(','), opts.seed.cache]] : []);
  try {
    // Newest first: the scanned commit's parse is in the cache, and each point shares most of its blobs with the one after it.
    for (const [i, point] of [...sampled].reverse().entries()) {
      opts.onPoint?.(i, sampled.length);
      if (point.commit === opts.commit) {
        points.push({ ...point, values: metricValues(opts.current), written: 0, parsed: 0 });
        continue;
      }
      try {
        const { written, same } = await tree.moveTo(point.commit);
        const before = points.at(-1);
        if (same && before) {
          points.push({ ...point, values: { ...before.values }, written: 0, parsed: 0 });
          continue;
        }
        const listed = tree.listing.filter((e) => opts.subdir === null || inFolderScan(e.path, opts.subdir));
        const inventory = await buildInventory(tree.dir, {
          inGitTree: false, includeUntracked: false, maxFileBytes: opts.maxFileBytes,
          listing: { files: listed, method: 'git', problems: [] },
          ...(opts.excluded ? { excluded: opts.excluded } : {}),
        });
        const prefilter = prefilterFor(productPackageNames(inventory));
        const key = prefilter.words.join(',');
        const cache = caches.get(key) ?? FactsCache.inMemory(prefilter.words);
        caches.set(key, cache);
        const scanned = await scanFiles(tree.dir, inventory.files, { cache, trustIndexBlobs: true, workers: opts.workers, needsFullParse: prefilter.test });
        const { graph, summaryOnly } = await promoteModelImporters(tree.dir, scanned.scans, inventory.aliases, cache, opts.workers);
        const facts = buildRepoFacts({
          ...codeFactsInput(inventory, scanned.scans, graph, summaryOnly),
          ...(opts.isProductRoot ? { isProductRoot: opts.isProductRoot } : {}),
        });
        points.push({ ...point, values: metricValues(facts), written, parsed: scanned.stats.parsedFull + scanned.stats.parsedLight });
      } catch (err) {
        // Paths in the message are the repository's, not those of the folder the point was written to.
        problems.push({ commit: point.commit, message: (err instanceof Error ? err.message : String(err)).split(`${tree.dir}${sep}`).join('') });
        await tree.reset();
      }
    }
  } finally {
    await tree.dispose();
  }
  return { points: points.reverse(), problems };
}

/** The metrics `arch-audit diff` and ratchets read from a report, read from the facts it is built from. */
export function metricValues(facts: RepoFacts): Record<MetricId, number> {
  const inventory: MetricInventory = {
    modelCalls: facts.modelCalls.map((c) => ({ file: c.file })),
    providers: facts.providers.map((p) => ({ id: p.id })),
    modelIds: facts.modelIds.map((m) => ({ id: m.id })),
    prompts: { inline: facts.prompts.inline.map((p) => ({ file: p.file, count: 1 })) },
    gateway: { bypassFiles: [...facts.gateway.bypassFiles] },
    llmObservability: { coverage: { coveredCalls: facts.llmObservability.coverage.coveredCalls, totalCalls: facts.llmObservability.coverage.totalCalls, dark: [...facts.llmObservability.coverage.dark] } },
    evalHarness: { reachedCallFiles: [...facts.evalHarness.reachedCallFiles] },
    vectorStores: facts.vectorStores.map((v) => ({ directCalls: v.directCalls.map((c) => ({ file: c.file })) })),
  };
  return Object.fromEntries(METRICS.map((m) => [m.id, valueOf(m, inventory)])) as Record<MetricId, number>;
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
