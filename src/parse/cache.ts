import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { PREFILTER_RE } from '../catalog/prefilter.ts';
import type { FileFacts, StringFact } from '../facts/types.ts';
import type { ContentSkip } from '../inventory/content.ts';
import type { IgnoreComment } from '../engine/suppress.ts';
import type { InfraFact } from '../infra/scan.ts';
import type { SecretFact } from '../secrets/scan.ts';
import { verifyDir, writeGuarded } from '../io/guarded-write.ts';
import { redactDeep, redactText } from '../io/redact.ts';
import { readRegularText } from '../io/regular-file.ts';
import { TOOL_VERSION } from '../version.ts';
import type { FileRole } from '../inventory/roles.ts';

/** What scanning one blob produced; the same blob at another path reuses it. */
export interface CachedScan {
  loc: number;
  skip?: ContentSkip;
  facts?: Omit<FileFacts, 'path'>;
  secrets?: SecretFact[];
  ignores?: IgnoreComment[];
  infra?: InfraFact[];
  registry?: StringFact[];
  problem?: string;
}

const MAX_CACHE_BYTES = 256 * 1024 * 1024;

// Bump when the facts a parser extracts change shape or meaning.
const FACTS_SCHEMA = 29;

/** What every entry depends on: the tool, the facts' shape, and the pre-filter (the catalogue's words and those left out for this repository). */
function cacheVersion(wordsLeftOut: readonly string[]): string {
  const filter = createHash('sha1').update(PREFILTER_RE.source).update(`\u0000${wordsLeftOut.join(',')}`).digest('hex').slice(0, 12);
  return `${TOOL_VERSION}/${FACTS_SCHEMA}/${filter}`;
}

/**
 * What a cached entry depends on besides the bytes: its path (the language and the credential checks follow
 * from it), and its role for a scan (a light or full parse, infrastructure read or not: a file becomes an
 * example when a manifest beside it makes its folder a project template), or, for a file promoted to a full
 * parse because of what imports it, that depth. Two files with the same bytes (an empty `__init__.py` and an
 * empty `index.ts`) are two entries.
 */
export function cacheKey(blob: string, path: string, as: FileRole | 'promoted'): string {
  return `${blob}\u0000${path}\u0000${as}`;
}

/**
 * Per-file scan results keyed by git blob id and path (`cacheKey`), one file per scanned source. Re-scanning a million-line
 * repository where nothing changed then reads no source file at all (clones) or parses none (local folders).
 */
export class FactsCache {
  private readonly used = new Map<string, CachedScan>();

  private constructor(
    private readonly file: string,
    private readonly version: string,
    private readonly entries: Map<string, CachedScan>,
  ) {}

  static async open(cacheDir: string, identity: string, wordsLeftOut: readonly string[] = []): Promise<FactsCache> {
    const version = cacheVersion(wordsLeftOut);
    const key = createHash('sha1').update(identity).digest('hex');
    const file = join(cacheDir, 'facts', `${key}.json`);
    const entries = new Map<string, CachedScan>();
    try {
      const text = readRegularText(file, MAX_CACHE_BYTES);
      const data = text === null ? null : (JSON.parse(text) as { version: string; entries: [string, CachedScan][] });
      if (data?.version === version) for (const [k, v] of data.entries) entries.set(k, v);
    } catch {
      // no cache yet, or an unreadable one: start empty
    }
    return new FactsCache(file, version, entries);
  }

  /** A cache for one process: the points of one history share what they parse; nothing is saved. */
  static inMemory(wordsLeftOut: readonly string[] = []): FactsCache {
    return new FactsCache('', cacheVersion(wordsLeftOut), new Map());
  }

  get(key: string): CachedScan | undefined {
    const hit = this.entries.get(key) ?? this.used.get(key);
    if (hit) this.used.set(key, hit);
    return hit;
  }

  set(key: string, scan: CachedScan): void {
    this.used.set(key, scan);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Writes only the blobs this scan used, so the cache never grows past the repository's size. What is
   * kept passes the redaction gate: a credential in a string fact is stored as its prefix and fingerprint.
   */
  async save(): Promise<void> {
    if (this.file === '') return;
    const dir = verifyDir(dirname(this.file), 'cache folder');
    const json = JSON.stringify({ version: this.version, entries: redactDeep([...this.used]) });
    // An AWS secret key is recognised only beside its key id, and a call's arguments are separate strings:
    // the whole (one-line) text goes through the gate once more when a key id is in it.
    writeGuarded(dir, basename(this.file), /AKIA|ASIA/.test(json) ? redactText(json) : json);
  }
}
