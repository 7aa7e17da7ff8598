import { basename, dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquire, type Checkout } from './acquire/index.ts';
import { commitDate, lastCodeChange, readHistory } from './acquire/history.ts';
import { defaultCacheDir } from './acquire/clone.ts';
import { UserError } from './errors.ts';
import { BUILTIN_RULES_DIR, loadRules, type LoadedRule } from './engine/load.ts';
import type { Severity } from './engine/meta.ts';
import { runRules } from './engine/run-rules.ts';
import { applySuppressions } from './engine/suppress.ts';
import { buildRepoFacts } from './facts/index.ts';
import { codeFactsInput } from './facts/code-input.ts';
import { buildInventory, productPackageNames } from './inventory/index.ts';
import { isInside, realPathOf } from './io/guarded-write.ts';
import { redactDeep } from './io/redact.ts';
import { FactsCache } from './parse/cache.ts';
import { promoteModelImporters } from './parse/promote.ts';
import { prefilterFor } from './catalog/prefilter.ts';
import { scanFiles, type ScanStats } from './parse/scan.ts';
import { renderJson } from './render/json.ts';
import { renderCycloneDx } from './render/cyclonedx.ts';
import { renderHtml } from './render/html.ts';
import { renderMarkdown } from './render/markdown.ts';
import { renderSarif } from './render/sarif.ts';
import { renderSummary } from './render/summary.ts';
import { buildReport } from './report/build.ts';
import { historySection, startHistoryCurve, type PendingCurve } from './history/curve.ts';
import { withGrowth } from './history/growth.ts';
import { compareWithBaseline, readBaseline, type Baseline } from './report/baseline.ts';
import { checkRatchets } from './report/ratchets.ts';
import { applyAcceptances, overrideSeverities, pathFilters } from './settings/apply.ts';
import { findConfig, loadConfig, type LoadedConfig } from './settings/load.ts';
import { CONFIG_FILE, severitySet, type Acceptance } from './settings/schema.ts';
import { attachSnippets } from './report/snippets.ts';
import type { Report } from './report/schema.ts';
import { prioritize } from './score/prioritize.ts';

import { FORMATS, REPORT_FILE, type Format } from './report/formats.ts';

export { FORMATS, REPORT_FILE, type Format };

export interface ScanOptions {
  target: string;
  ref?: string;
  /** the gate; undefined: the config's, else none */
  failOn?: Severity | null;
  only?: string[];
  skip?: string[];
  rulesDirs: string[];
  /** null: no cache */
  cacheDir: string | null;
  /** where the caller will write reports: refused inside the scanned folder */
  outDir?: string;
  workers: number | 'auto';
  maxFileBytes: number;
  depth?: number;
  /** a previous report.json: findings are marked new or unchanged, and the fixed ones listed */
  baseline?: Baseline;
  /** only new findings can fail the gate (needs a baseline); undefined: the config's */
  newOnly?: boolean;
  /** a config file to use instead of the one found from the target upward; null: none at all */
  configPath?: string | null;
  /** a folder inside a repository scanned as a repository of its own: nothing around it is read */
  folderOnly?: boolean;
  /** `--history N`: the architecture metrics at the scanned commit and at each of the N month boundaries before it */
  historyMonths?: number;
  /** the day acceptances are judged on (YYYY-MM-DD); today by default */
  today?: string;
  onPhase?: (phase: Phase, detail?: string) => void;
}

export type Phase = 'rules' | 'acquire' | 'inventory' | 'parse' | 'facts' | 'history' | 'check' | 'report';

export interface PhaseTiming {
  phase: Phase;
  ms: number;
}

export interface ScanResult {
  report: Report;
  /** problems that did not stop the scan and are not about the repository (a cache that could not be saved) */
  warnings: string[];
  timings: PhaseTiming[];
  stats: ScanStats & { bytesListed: number };
}

/** The pipeline, one way: rules are loaded first so a bad rule id fails before any clone. */
export async function scan(opts: ScanOptions): Promise<ScanResult> {
  const timings: PhaseTiming[] = [];
  const timed = async <T>(phase: Phase, work: () => Promise<T>): Promise<T> => {
    opts.onPhase?.(phase);
    const start = performance.now();
    try {
      return await work();
    } finally {
      timings.push({ phase, ms: Math.round(performance.now() - start) });
    }
  };

  const { rules, leftOut } = await timed('rules', () => selectRules(opts));
  const acquired = await timed('acquire', () => acquire(opts.target, { ...(opts.ref ? { ref: opts.ref } : {}), ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}), ...(opts.depth !== undefined ? { depth: opts.depth } : {}) }));
  const checkout = opts.folderOnly ? asRepositoryOfItsOwn(acquired) : acquired;
  const warnings: string[] = [];
  let pending: PendingCurve | null = null;
  try {
    guardOutputsOutsideTarget(opts, checkout);
    const settings = userSettings(opts, checkout, [...rules, ...leftOut.map((l) => l.rule)]);
    const config = settings?.config ?? {};
    const turnedOff = (r: LoadedRule) => severitySet(config, r.meta.id) === 'off';
    for (const rule of rules.filter(turnedOff)) leftOut.push({ rule, why: `turned off in ${settings?.shownAs}` });
    const active = rules.filter((r) => !turnedOff(r));
    const failOn = opts.failOn !== undefined ? opts.failOn : config.gate?.failOn === undefined || config.gate.failOn === 'none' ? null : config.gate.failOn;
    const newOnly = opts.newOnly ?? config.gate?.newOnly ?? false;
    const baseline = opts.baseline ?? (settings && config.baseline ? readBaseline(resolve(dirname(settings.path), config.baseline), config.baseline) : undefined);
    if (newOnly && !baseline) throw new UserError('--new-only needs --baseline FILE (a previous report.json), or `baseline` in the config');
    if (newOnly && failOn === null) throw new UserError('--new-only gates nothing without --fail-on SEVERITY, or `gate.failOn` in the config');
    const inGitTree = checkout.gitRoot !== null;
    // A monorepo folder is read from the repository's top, so paths, CI, CODEOWNERS and lockfiles are the repository's.
    const subdir = checkout.provenance.subdir;
    const root = subdir !== null && checkout.gitRoot !== null ? checkout.gitRoot : checkout.root;
    const configBase = settings ? configFolder(settings, subdir) : '';
    const patterns = { config: { exclude: config.exclude, include: config.include, products: config.products }, base: configBase };
    const { excluded, productRoots } = pathFilters(patterns);
    // Who wrote the code lives in history: read only where the checkout has it (a shallow clone does not).
    // A folder scanned as a repository of its own has no history of its own: the repository around it is not read.
    const inHistory = checkout.gitRoot && checkout.provenance.commit && !opts.folderOnly ? { top: checkout.gitRoot, commit: checkout.provenance.commit } : null;
    const committedAt = inHistory ? await commitDate(inHistory.top, inHistory.commit) : null;
    const withHistory = inHistory && committedAt && !checkout.provenance.shallow ? inHistory : null;
    // The curve's older points are read by a worker while this thread scans the commit.
    pending = opts.historyMonths && withHistory && committedAt
      ? await startHistoryCurve({ gitRoot: withHistory.top, subdir, maxFileBytes: opts.maxFileBytes, workers: opts.workers, patterns }, { commit: withHistory.commit, committedAt, months: opts.historyMonths })
      : null;
    const inventory = await timed('inventory', () => buildInventory(root, { inGitTree, includeUntracked: checkout.provenance.kind === 'local', maxFileBytes: opts.maxFileBytes, ...(excluded ? { excluded } : {}), ...(subdir !== null ? { subdir } : {}) }));
    const prefilter = prefilterFor(productPackageNames(inventory));
    // A history reads past points with what this parse cached, kept in memory when there is no cache folder.
    const cache = opts.cacheDir ? await FactsCache.open(opts.cacheDir, cacheIdentity(checkout), prefilter.words) : opts.historyMonths ? FactsCache.inMemory(prefilter.words) : null;
    const { scans, stats, graph, summaryOnly } = await timed('parse', async () => {
      const scanned = await scanFiles(root, inventory.files, { cache, trustIndexBlobs: checkout.provenance.kind !== 'local', workers: opts.workers, needsFullParse: prefilter.test });
      const { promoted, graph, summaryOnly } = await promoteModelImporters(root, scanned.scans, inventory.aliases, cache, opts.workers);
      return { scans: scanned.scans, graph, summaryOnly, stats: { ...scanned.stats, parsedFull: scanned.stats.parsedFull + promoted, parsedLight: scanned.stats.parsedLight - promoted } };
    });
    await cache?.save().catch((err: unknown) => warnings.push(`facts cache not saved: ${err instanceof Error ? err.message : String(err)}`));
    const read = withHistory && committedAt ? await readHistory(withHistory.top, withHistory.commit, committedAt, subdir) : null;
    const history = read?.recent ?? null;
    const codeChangedAt = withHistory ? await lastCodeChange(withHistory.top, withHistory.commit, subdir) : null;
    const authorship = read?.authorship ?? null;
    const facts = await timed('facts', async () => buildRepoFacts({
      ...codeFactsInput(inventory, scans, graph, summaryOnly),
      history,
      authorship,
      ...(productRoots ? { isProductRoot: productRoots } : {}),
      activity: committedAt ? { committedAt, scannedAt: checkout.provenance.scannedAt, ...(codeChangedAt ? { codeChangedAt } : {}) } : null,
    }));
    const noHistory = opts.folderOnly ? 'a folder scanned on its own' : !checkout.gitRoot || !checkout.provenance.commit ? 'not a git checkout with commits' : checkout.provenance.shallow ? 'a shallow clone; scan a full clone (--depth 0) to measure it' : 'git could not read it';
    const running = pending;
    const curve = !opts.historyMonths ? null : running === null ? { status: 'not-measured' as const, note: `not measured: the checkout has no history (${noHistory})`, points: [], growth: [] }
      : await timed('history', async () => historySection(await running.finish(facts, cache ? { cache, words: prefilter.words } : undefined, (done, total) => opts.onPhase?.('history', `${done}/${total}`))));
    // A rule that reads history cannot judge a checkout without it: it is listed as not run, never as a pass.
    const blind = active.filter((r) => (facts.history === null && r.meta.requires.includes('history')) || (facts.activity === null && r.meta.requires.includes('activity')));
    for (const rule of blind) leftOut.push({ rule, why: `not measured: the checkout has no history (${noHistory})` });
    const ran = active.filter((r) => !blind.includes(r));
    const { findings: raw, errors } = await timed('check', () => runRules(ran, facts, settings?.ruleOptions));
    // Where the history was read, a finding says how its decision grew, and its effort follows that growth.
    const metricOf = new Map(ran.flatMap((r) => (r.meta.metric ? [[r.meta.id, r.meta.metric] as const] : [])));
    const findings = withGrowth(overrideSeverities(raw, config), (id) => metricOf.get(id), curve);
    const inline = applySuppressions(findings, scans.flatMap((s) => s.ignores ?? []));
    const accepted = applyAcceptances(inline.findings, config.accept ?? [], opts.today ?? new Date().toISOString().slice(0, 10), settings?.shownAs ?? CONFIG_FILE, configBase);
    const kept = accepted.findings;
    const suppressed = [...inline.suppressed, ...accepted.accepted];
    const unused = [...inline.unused, ...accepted.unused.map((u) => ({ comment: { file: settings?.shownAs ?? CONFIG_FILE, line: settings ? lineOfAcceptance(settings.text, u.acceptance) : 1, ruleId: u.acceptance.rule ?? `fingerprint ${u.acceptance.fingerprint}`, reason: u.acceptance.reason }, why: u.why }))];
    const report = await timed('report', async () => buildReport({
      provenance: checkout.provenance, inventory, scans, facts,
      findings: attachSnippets(root, prioritize(kept)),
      suppressed: attachSnippets(root, suppressed.map((s) => s.finding)).map((finding, i) => ({ finding, reason: suppressed[i]?.reason ?? '' })),
      unusedSuppressions: unused, ruleErrors: errors, rules: ran, leftOut, failOn,
      ...(baseline ? { baseline: { baseline, comparison: compareWithBaseline(kept, baseline) }, newOnly } : {}),
      ...(curve ? { history: curve } : {}),
    }));
    const ratchets = checkRatchets(config.ratchets, report.inventory, baseline?.inventory ?? null);
    const broken = ratchets.filter((r) => r.status === 'broken').length;
    const gated = { ...report, summary: { ...report.summary, ratchets, gate: { ...report.summary.gate, passed: report.summary.gate.passed && broken === 0, ratchetsBroken: broken } } };
    const bytesListed = inventory.files.reduce((n, f) => n + (f.language ? (f.size ?? 0) : 0), 0);
    return { report: redactDeep(gated), warnings, timings, stats: { ...stats, bytesListed } };
  } finally {
    await pending?.stop();
    await checkout.cleanup();
  }
}

function asRepositoryOfItsOwn(checkout: Checkout): Checkout {
  const p = checkout.provenance;
  if (p.subdir === null) return checkout;
  const note = `folder ${p.subdir} scanned as a repository of its own (--folder-only): the CI, lockfiles, CODEOWNERS and config around it were not read`;
  return { ...checkout, provenance: { ...p, subdir: null, notes: [...p.notes, note] } };
}

const RENDERERS: Record<Format, (report: Report) => string> = { json: renderJson, md: renderMarkdown, html: renderHtml, sarif: renderSarif, cyclonedx: renderCycloneDx, summary: renderSummary };

export function render(report: Report, format: Format): string {
  return RENDERERS[format](report);
}


async function selectRules(opts: ScanOptions): Promise<{ rules: LoadedRule[]; leftOut: { rule: LoadedRule; why: string }[] }> {
  const all = [...(await loadRules(fileURLToPath(BUILTIN_RULES_DIR), 'builtin'))];
  for (const dir of opts.rulesDirs) all.push(...(await loadRules(resolve(dir), dir)));
  const ids = new Set<string>();
  for (const r of all) {
    if (ids.has(r.meta.id)) throw new UserError(`duplicate rule id: ${r.meta.id} (${r.origin})`);
    ids.add(r.meta.id);
  }
  for (const id of [...(opts.only ?? []), ...(opts.skip ?? [])]) {
    if (!ids.has(id)) throw new UserError(`unknown rule id: ${id} (known: ${[...ids].sort().join(', ')})`);
  }
  // Rules left out still belong to an area: the scores say that area was not fully measured.
  const rules: LoadedRule[] = [];
  const leftOut: { rule: LoadedRule; why: string }[] = [];
  for (const rule of all.filter((r) => r.meta.lifecycle !== 'deprecated')) {
    if (opts.only?.length && !opts.only.includes(rule.meta.id)) leftOut.push({ rule, why: 'left out with --only' });
    else if (opts.skip?.includes(rule.meta.id)) leftOut.push({ rule, why: 'left out with --skip' });
    else rules.push(rule);
  }
  return { rules, leftOut };
}

// Nothing of ours may land inside what is scanned: the repository would choose what our files
// overwrite (a committed symlink where a report goes), and the next scan would read our own output.
function guardOutputsOutsideTarget(opts: ScanOptions, checkout: Checkout): void {
  if (checkout.provenance.kind !== 'local') return;
  const top = checkout.gitRoot ?? checkout.root;
  if (opts.cacheDir && isInside(realPathOf(opts.cacheDir), top)) throw new UserError(`cache folder ${opts.cacheDir} is inside the scanned repository; choose another with --cache-dir`);
  if (opts.outDir && isInside(realPathOf(opts.outDir), checkout.root)) {
    throw new UserError(`report folder ${opts.outDir} is inside the scanned folder; write it outside with --out (e.g. --out ../arch-audit-report)`);
  }
  // A monorepo folder's scan also reads the files of the folders above it, up to the repository's top.
  const out = opts.outDir ? realPathOf(opts.outDir) : null;
  if (out && checkout.provenance.subdir && isInside(checkout.root, out) && isInside(out, top)) {
    throw new UserError(`report folder ${opts.outDir} holds the scanned folder, whose scan reads the files beside it; write it elsewhere with --out`);
  }
}

interface UserSettings extends LoadedConfig {
  /** the path as reports show it: repository-relative when the file is in the repository, else its name */
  shownAs: string;
  /** its folder relative to the repository's top ('' at the top); null when the file is outside the repository */
  folder: string | null;
}

/** The team's config: the one named with --config, else `arch-audit.config.json` from the scanned folder up to the repository's top. */
function userSettings(opts: ScanOptions, checkout: Checkout, rules: readonly LoadedRule[]): UserSettings | undefined {
  if (opts.configPath === null) return undefined;
  const top = opts.folderOnly ? checkout.root : checkout.gitRoot ?? checkout.root;
  const path = opts.configPath ?? findConfig(checkout.root, top);
  if (!path) return undefined;
  // Reports hold repository-relative paths only: a config kept outside the repository is shown by its name.
  const inside = isInside(realPathOf(path), realPathOf(top));
  const shownAs = inside ? relative(realPathOf(top), realPathOf(path)).split(sep).join('/') : basename(path);
  const folder = inside ? (shownAs.includes('/') ? shownAs.slice(0, shownAs.lastIndexOf('/')) : '') : null;
  const optionSchemas = new Map(rules.flatMap((r) => (r.options ? [[r.meta.id, r.options] as const] : [])));
  return { ...loadConfig(path, shownAs, rules.map((r) => r.meta.id), optionSchemas), shownAs, folder };
}

/** The folder a config's patterns are relative to: its own inside the repository, else the scanned folder. */
function configFolder(settings: UserSettings, subdir: string | null): string {
  return settings.folder ?? subdir ?? '';
}

/** The line an acceptance starts on in its file, found by what it names. */
function lineOfAcceptance(text: string, a: Acceptance): number {
  const needle = a.fingerprint ?? a.rule ?? a.reason;
  const at = text.indexOf(`"${needle}"`);
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

function cacheIdentity(checkout: Checkout): string {
  const p = checkout.provenance;
  return p.kind === 'local' ? `local:${checkout.root}` : `${p.kind}:${p.source}:${p.subdir ?? ''}`;
}

export { defaultCacheDir };
