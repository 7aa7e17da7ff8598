import ignore from 'ignore';
import type { Finding } from '../engine/run-rules.ts';
import type { Severity } from '../engine/severities.ts';
import { languageOf } from '../inventory/language.ts';
import { severitySet, type Acceptance, type Config } from './schema.ts';

// What a team's config does to a scan's results: severities it overrides, findings it accepts on purpose
// (listed in every report with the reason, never hidden), and acceptances that have run out.

export function overrideSeverities(findings: readonly Finding[], config: Config): Finding[] {
  return findings.map((f) => {
    const set = severitySet(config, f.ruleId);
    return set && set !== 'off' && set !== f.severity ? { ...f, severity: set as Severity } : f;
  });
}

export interface AcceptanceOutcome {
  findings: Finding[];
  accepted: { finding: Finding; reason: string }[];
  /** acceptances that accept nothing: expired, or matching no finding */
  unused: { acceptance: Acceptance; why: string }[];
}

/**
 * `today` as YYYY-MM-DD: an acceptance holds through its `expires` day. `base`: the folder of the config file
 * inside the repository, which its path patterns are relative to, as a `.gitignore`'s are.
 */
export function applyAcceptances(findings: readonly Finding[], accept: readonly Acceptance[], today: string, source: string, base = ''): AcceptanceOutcome {
  const live = accept.filter((a) => a.expires === undefined || a.expires >= today);
  const matchers = live.map((a) => ({ a, paths: a.path ? patternsFrom(base, [a.path]) : undefined }));
  const used = new Set<Acceptance>();
  const kept: Finding[] = [];
  const accepted: { finding: Finding; reason: string }[] = [];
  for (const f of findings) {
    const hit = matchers.find(({ a, paths }) =>
      a.fingerprint !== undefined ? a.fingerprint === f.fingerprint : a.rule === f.ruleId && (!paths || f.locations.some((l) => paths(l.file))));
    if (!hit) {
      kept.push(f);
      continue;
    }
    used.add(hit.a);
    accepted.push({ finding: f, reason: `accepted in ${source}: ${hit.a.reason}${hit.a.expires ? ` (until ${hit.a.expires})` : ''}` });
  }
  const unused = accept.flatMap((a) =>
    !live.includes(a) ? [{ acceptance: a, why: `expired on ${a.expires}: the finding it accepted is reported again` }]
      : used.has(a) ? [] : [{ acceptance: a, why: 'accepts no finding of this scan' }]);
  return { findings: kept, accepted, unused };
}

/** The config's path patterns and the folder they are relative to: plain data, so a worker thread can rebuild the filters. */
export interface PathPatterns {
  config: Pick<Config, 'exclude' | 'include' | 'products'>;
  base: string;
}

/** What the scan leaves out (a source file is one arch-audit parses), and which package roots are the product. */
export function pathFilters(p: PathPatterns): { excluded?: (path: string) => boolean; productRoots?: (root: string) => boolean } {
  const excluded = excludedBy(p.config, (path) => languageOf(path) !== null, p.base);
  const productRoots = productRootsOf(p.config, p.base);
  return { ...(excluded ? { excluded } : {}), ...(productRoots ? { productRoots } : {}) };
}

/**
 * Files the config leaves out of the scan, by gitignore-style patterns relative to the config's folder `base`:
 * those `exclude` names, and source files `include` does not name (`isSource`: configuration is always read).
 */
function excludedBy(config: PathPatterns['config'], isSource: (path: string) => boolean, base = ''): ((path: string) => boolean) | undefined {
  const excluded = config.exclude?.length ? patternsFrom(base, config.exclude) : undefined;
  const included = config.include?.length ? patternsFrom(base, config.include) : undefined;
  if (!excluded && !included) return undefined;
  return (path) => Boolean(excluded?.(path)) || (included !== undefined && isSource(path) && !included(path));
}

function patternsFrom(base: string, patterns: string[]): (path: string) => boolean {
  const ig = ignore().add(patterns);
  const prefix = base === '' ? '' : `${base}/`;
  return (path) => path.startsWith(prefix) && ig.ignores(path.slice(prefix.length));
}

/** The config's `products`, as a test of a package root (repository-relative; '' for the top), relative to the config's folder. */
function productRootsOf(config: PathPatterns['config'], base = ''): ((root: string) => boolean) | undefined {
  if (!config.products?.length) return undefined;
  const matches = patternsFrom(base, config.products);
  // A package root is a folder: `apps/*` names `apps/web`, and `apps/web/**` names it too.
  const top = config.products.some((p) => /^(\.|\.\/|\/)$/.test(p));
  return (root) => (root === base ? top : matches(root) || matches(`${root}/x`));
}
