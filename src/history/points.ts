import { sep } from 'node:path';
import { buildRepoFacts, type RepoFacts } from '../facts/index.ts';
import type { FileFacts } from '../facts/types.ts';
import { prefilterFor } from '../catalog/prefilter.ts';
import { buildInventory, isReadLater, productPackageNames } from '../inventory/index.ts';
import { inFolderScan } from '../inventory/list.ts';
import { FactsCache } from '../parse/cache.ts';
import { promoteModelImporters } from '../parse/promote.ts';
import { scanFiles } from '../parse/scan.ts';
import { METRICS, valueOf, type MetricId, type MetricInventory } from '../report/metrics.ts';
import { pathFilters, type PathPatterns } from '../settings/apply.ts';
import { codeFactsInput } from '../facts/code-input.ts';
import type { HistoryPoint } from './sample.ts';
import { PointTree } from './tree.ts';

// A past commit is read the way the scanned commit is (the same inventory, parse and facts, with the same
// exclusions), and a blob unchanged since an earlier point of the same run is not parsed again.

export interface CurvePoint extends HistoryPoint {
  values: Record<MetricId, number>;
  /** files written for this point (changed since the one read before it), and files parsed rather than reused */
  written: number;
  parsed: number;
}

export interface PointsRead {
  points: CurvePoint[];
  /** points that could not be read, and why */
  problems: { commit: string; message: string }[];
}

/** What reading points needs, as plain data: the main thread and a worker thread are handed the same. */
export interface PointSpec {
  gitRoot: string;
  subdir: string | null;
  maxFileBytes: number;
  workers: number | 'auto';
  patterns: PathPatterns;
}

export interface PointSeed {
  /** what the scanned commit's parse cached, and the pre-filter words it was made with: the newest points share most of its blobs */
  cache: FactsCache;
  words: readonly string[];
}

/** Reads `commits` in the order given, each moved to from the one before: only what changed is written, and parsed if no point before had it. */
export async function readPoints(spec: PointSpec, commits: readonly HistoryPoint[], opts: { seed?: PointSeed; onPoint?: () => void; dir?: string } = {}): Promise<PointsRead> {
  const points: CurvePoint[] = [];
  const problems: PointsRead['problems'] = [];
  const { excluded, productRoots } = pathFilters(spec.patterns);
  const inScan = (path: string) => (spec.subdir === null || inFolderScan(path, spec.subdir)) && isReadLater(path);
  const tree = await PointTree.create(spec.gitRoot, inScan, spec.maxFileBytes, opts.dir);
  // One cache per pre-filter: a point whose own package names differ parses with other words.
  const caches = new Map<string, FactsCache>(opts.seed ? [[opts.seed.words.join(','), opts.seed.cache]] : []);
  try {
    for (const point of commits) {
      try {
        const { written, same } = await tree.moveTo(point.commit);
        const before = points.at(-1);
        if (same && before) {
          points.push({ ...point, values: { ...before.values }, written: 0, parsed: 0 });
          continue;
        }
        const listed = tree.listing.filter((e) => spec.subdir === null || inFolderScan(e.path, spec.subdir));
        const inventory = await buildInventory(tree.dir, {
          inGitTree: false, includeUntracked: false, maxFileBytes: spec.maxFileBytes,
          listing: { files: listed, method: 'git', problems: [] },
          ...(excluded ? { excluded } : {}),
        });
        const prefilter = prefilterFor(productPackageNames(inventory));
        const key = prefilter.words.join(',');
        const cache = caches.get(key) ?? FactsCache.inMemory(prefilter.words);
        caches.set(key, cache);
        const scanned = await scanFiles(tree.dir, inventory.files, { cache, trustIndexBlobs: true, workers: spec.workers, needsFullParse: prefilter.test });
        const { graph, summaryOnly } = await promoteModelImporters(tree.dir, scanned.scans, inventory.aliases, cache, spec.workers);
        const facts = buildRepoFacts({
          ...codeFactsInput(inventory, scanned.scans.map(ownCalls), graph, summaryOnly),
          ...(productRoots ? { isProductRoot: productRoots } : {}),
        });
        points.push({ ...point, values: metricValues(facts), written, parsed: scanned.stats.parsedFull + scanned.stats.parsedLight });
      } catch (err) {
        // Paths in the message are the repository's, not those of the folder the point was written to.
        problems.push({ commit: point.commit, message: (err instanceof Error ? err.message : String(err)).split(`${tree.dir}${sep}`).join('') });
        await tree.reset();
      } finally {
        opts.onPoint?.();
      }
    }
  } finally {
    await tree.dispose();
  }
  return { points, problems };
}

/**
 * The resolve stage writes each call's origin into its facts. A point's unchanged files share their parse with the
 * scanned commit's facts (and earlier points'): it resolves copies of their calls and decorators, so reading the
 * past never changes what the scanned commit's rules and report read.
 */
function ownCalls<T extends { facts?: FileFacts }>(scan: T): T {
  const f = scan.facts;
  return f ? { ...scan, facts: { ...f, calls: f.calls.map((c) => ({ ...c })), decorators: f.decorators.map((d) => ({ ...d })) } } : scan;
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
