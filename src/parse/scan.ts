import { join } from 'node:path';
import { readRegularFile } from '../io/regular-file.ts';
import type { FileFacts, StringFact } from '../facts/types.ts';
import { findRegistryModelIds, isModelRegistry } from '../config/model-registry.ts';
import { contentSkip, countLines, gitBlobId, type ContentSkip } from '../inventory/content.ts';
import type { InventoryFile } from '../inventory/index.ts';
import { isParsedLanguage } from '../inventory/language.ts';
import { isInScope } from '../inventory/roles.ts';
import { cacheKey, type CachedScan, type FactsCache } from './cache.ts';
import { isInfraFile } from '../catalog/infra.ts';
import { EVAL_DIR } from '../catalog/tools.ts';
import { isSecretCandidate } from '../catalog/secrets.ts';
import { findIgnoreComments, type IgnoreComment } from '../engine/suppress.ts';
import { findInfraFacts, findSqlInCode, findTracingSwitches, type InfraFact } from '../infra/scan.ts';
import { findSecrets, type SecretFact } from '../secrets/scan.ts';
import type { ParseJob } from './parse-file.ts';
import { runParseJobs } from './pool.ts';

export interface FileScan {
  path: string;
  loc: number;
  skip?: ContentSkip;
  facts?: FileFacts;
  /** committed credentials, described without their value */
  secrets?: SecretFact[];
  /** inline `arch-audit-ignore` comments */
  ignores?: IgnoreComment[];
  /** vector columns and serving infrastructure declared in migrations, Dockerfiles, manifests and IaC */
  infra?: InfraFact[];
  /** model ids named in a model registry kept as configuration (`model-settings.yml`, `models.json`) */
  registry?: StringFact[];
  /** why a configuration file read as data (compose, Kubernetes, a model registry) could not be */
  problem?: string;
}

export interface ScanStats {
  filesRead: number;
  bytesRead: number;
  parsedFull: number;
  parsedLight: number;
  fromCache: number;
}

export interface ScanOptions {
  cache: FactsCache | null;
  /** trust index blob ids without reading (a pristine clone); a local work tree may differ from its index */
  trustIndexBlobs: boolean;
  workers: number | 'auto';
  /** decides which files get a full parse (`prefilterFor`: the catalogue's words less the repository's own package names) */
  needsFullParse: (text: string) => boolean;
}

/** Configuration files larger than this are data (fixtures, exports), not where keys are pasted. */
const SECRET_SCAN_MAX_BYTES = 1024 * 1024;

/** Reads every code file once: content checks, line counts, and facts for TS/JS/Python. */
export async function scanFiles(root: string, files: InventoryFile[], opts: ScanOptions): Promise<{ scans: FileScan[]; stats: ScanStats }> {
  const stats: ScanStats = { filesRead: 0, bytesRead: 0, parsedFull: 0, parsedLight: 0, fromCache: 0 };
  const scans: FileScan[] = [];
  const pending: { job: ParseJob; key: string; loc: number; found: TextFindings }[] = [];
  for (const file of files.filter((f) => f.language !== null || isSecretCandidate(f.path) || isInfraFile(f.path) || isModelRegistry(f.path))) {
    const cached = opts.trustIndexBlobs && file.blob ? opts.cache?.get(cacheKey(file.blob, file.path, file.role)) : undefined;
    if (cached) {
      stats.fromCache++;
      scans.push(fromCache(file.path, cached));
      continue;
    }
    if (file.language === null && (file.size ?? 0) > SECRET_SCAN_MAX_BYTES) continue;
    const bytes = readOrNull(join(root, file.path), Math.max(file.size ?? 0, SECRET_SCAN_MAX_BYTES));
    if (!bytes) continue;
    stats.filesRead++;
    stats.bytesRead += bytes.length;
    const key = cacheKey(gitBlobId(bytes), file.path, file.role);
    const hit = opts.cache?.get(key);
    if (hit) {
      stats.fromCache++;
      scans.push(fromCache(file.path, hit));
      continue;
    }
    const skip = contentSkip(file.path, bytes);
    const text = skip ? '' : bytes.toString('utf8');
    // Configuration and docs carry no code lines: only their credentials matter.
    const loc = skip || file.language === null ? 0 : countLines(text);
    const found = skip ? {} : textFindings(file, text);
    if (skip || !isParsedLanguage(file.language)) {
      opts.cache?.set(key, { loc, ...(skip ? { skip } : {}), ...found });
      scans.push({ path: file.path, loc, ...(skip ? { skip } : {}), ...found });
      continue;
    }
    // Eval code is read in full: it may drive the product over HTTP, naming no SDK at all. Tests are read for
    // their imports only (what they reach is what the report uses); they are half of a large repository's code.
    const full = EVAL_DIR.test(file.path) || (file.role !== 'test' && opts.needsFullParse(text));
    pending.push({ job: { path: file.path, language: file.language, text, full }, key, loc, found });
  }
  const facts = await runParseJobs(pending.map((p) => p.job), opts.workers);
  const byPath = new Map(facts.map((f) => [f.path, f]));
  for (const { job, key, loc, found } of pending) {
    const f = byPath.get(job.path);
    if (!f) continue;
    if (f.depth === 'full') stats.parsedFull++;
    else stats.parsedLight++;
    const { path: _path, ...rest } = f;
    opts.cache?.set(key, { loc, facts: rest, ...found });
    scans.push({ path: job.path, loc, facts: f, ...found });
  }
  scans.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { scans, stats };
}

// Synchronous on purpose: thousands of small reads cost far less than one promise round-trip each.
// Regular files only, never more than the listing measured: the file may have been swapped since.
function readOrNull(path: string, maxBytes: number): Buffer | null {
  const r = readRegularFile(path, maxBytes);
  return r.ok ? r.bytes : null;
}

/** Environment files and their templates: `.env`, `.env.example`, `.env.prod.yaml.example`. */
const ENV_FILE = /(^|\/)\.env(\.[\w.-]+)?$/;

type TextFindings = Pick<FileScan, 'secrets' | 'ignores' | 'infra' | 'registry' | 'problem'>;

/** What a file's text says besides its code facts: credentials, ignore comments, infrastructure, model registries. */
function textFindings(file: InventoryFile, text: string): TextFindings {
  const code = isParsedLanguage(file.language);
  // Infrastructure and registries count for the product only (later stages drop the rest): recorded HTTP
  // cassettes and test compose files are not read as data.
  const product = isInScope(file.role);
  const infra = !code && product && isInfraFile(file.path) ? findInfraFacts(file.path, text) : { facts: [] };
  const switches = !code && product && (isInfraFile(file.path) || ENV_FILE.test(file.path)) ? findTracingSwitches(file.path, text) : [];
  const registry = !code && product && isModelRegistry(file.path) ? findRegistryModelIds(file.path, text) : { ids: [] };
  const lists: Required<Omit<TextFindings, 'problem'>> = {
    secrets: findSecrets(file.path, text),
    ignores: findIgnoreComments(file.path, text),
    infra: code ? findSqlInCode(file.path, text) : [...infra.facts, ...switches],
    registry: registry.ids,
  };
  // Empty lists are left out: most files have none, and the cache keeps one entry per file.
  const found = Object.fromEntries(Object.entries(lists).filter(([, list]) => list.length > 0)) as TextFindings;
  // A broken file outside the product (a test fixture that is invalid on purpose) is no one's problem.
  const problem = isInScope(file.role) ? (registry.problem ?? infra.problem) : undefined;
  return problem ? { ...found, problem } : found;
}

function fromCache(path: string, cached: CachedScan): FileScan {
  // The same blob at another path: its findings are here too, at this path.
  const at = <T extends { file: string }>(list: T[] | undefined) => list?.map((x) => ({ ...x, file: path }));
  const secrets = at(cached.secrets);
  const ignores = at(cached.ignores);
  const infra = at(cached.infra);
  return {
    path, loc: cached.loc, ...(cached.skip ? { skip: cached.skip } : {}), ...(cached.facts ? { facts: { path, ...cached.facts } } : {}),
    ...(secrets ? { secrets } : {}), ...(ignores ? { ignores } : {}), ...(infra ? { infra } : {}), ...(cached.registry ? { registry: cached.registry } : {}),
    ...(cached.problem ? { problem: cached.problem } : {}),
  };
}


