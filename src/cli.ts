import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError, errorMessage, userFacingError } from './errors.ts';
import { preflightDir, verifyDir, writeGuarded } from './io/guarded-write.ts';
import { redactText } from './io/redact.ts';
import { oneLineSafe, terminalSafe } from './io/terminal.ts';
import { ENVIRONMENT } from './environment.ts';
import { abortAllGit } from './acquire/git.ts';
import { removeActiveClones } from './acquire/clone.ts';
import { SEVERITIES, type Severity } from './engine/severities.ts';
import type { Report } from './report/schema.ts';
import { defaultCacheDir, slugFor } from './acquire/clone.ts';
import { FORMATS, REPORT_FILE, type Format } from './report/formats.ts';

const BASELINE_FILE = 'baseline.json';
import type { Phase } from './run.ts';
import { TOOL_NAME, TOOL_VERSION } from './version.ts';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  cwd: string;
}

/**
 * Larger files are data, not code, and parsing one costs far more memory than its size: a raised
 * limit must still leave a scan that fits in a laptop's heap.
 */
export const MAX_FILE_SIZE_CEILING = 10_000_000;

const HELP = `Usage: arch-audit scan [target] [options]
       arch-audit baseline [target] [options]   write the JSON report alone, as OUT/baseline.json
       arch-audit init [folder]                 print a commented starter arch-audit.config.json
       arch-audit diff OLD.json NEW.json        two scans side by side: new, grown and fixed findings, the grade,
                                                the architecture metrics (--format md|json|html, default md)
       arch-audit scan-many TARGET... [--targets FILE]   scan each target (org:NAME for a GitHub organisation's
                                                repositories, archived and forks left out unless --archived,
                                                --forks), reports in OUT/<repository>/, then the portfolio;
                                                --matrix prints the targets as a JSON array, for a CI matrix
       arch-audit merge DIR...                  the portfolio of report.json files made anywhere: OUT/portfolio.md,
                                                .json, .html, one row per repository (default OUT: ./arch-audit-portfolio)

Reads an AI product's codebase and reports the architecture decisions that compound:
model calls with no gateway, no evaluation harness, no observability on model calls,
provider and vector-store lock-in. Nothing from the target is ever run.

target   a local folder (default .), a git URL (https, ssh, file://),
         or GitHub owner/repo, owner/repo@ref, https://github.com/owner/repo

Options:
  --out DIR            where reports are written (default ./arch-audit-report); - writes the one
                       format asked for to standard output
  --format LIST        report formats, comma-separated: ${FORMATS.join(', ')} (default json,md)
  --fail-on SEVERITY   exit 1 when a finding is at or above: ${SEVERITIES.join(', ')}, none (default none)
  --baseline FILE      a previous report.json: mark each finding new or unchanged, list the fixed ones
  --new-only           with --baseline and --fail-on: only new findings, and findings that grew
                       (a higher severity, or files they did not name), fail the gate
  --config FILE        settings to use instead of arch-audit.config.json found from the target up
                       to the repository's top; --no-config to use none
  --folder-only        a folder inside a repository is scanned as a repository of its own; by default
                       a monorepo folder (apps/web) is read with its repository's CI, lockfiles,
                       CODEOWNERS and config, and paths are relative to the repository's top
  --only IDS           run only these rules (comma-separated)
  --skip IDS           do not run these rules (comma-separated)
  --rules DIR          load extra rules from DIR/<rule-id>/rule.ts (repeatable)
  --ref REF            branch, tag or commit to scan (git and GitHub targets)
  --depth N            clone depth, 0 for full history (default 1)
  --history [N]        also read the architecture metrics at each of the N month boundaries before the
                       scanned commit (default 12): how model-calling files, files outside the gateway,
                       providers... grew. Needs the history; on by default with --depth 0, --history 0 is off
  --cache-dir DIR      cache for clones and parsed facts (default ~/.cache/arch-audit)
  --no-cache           do not read or write the facts cache
  --workers N|auto     parse worker threads (default auto)
  --max-file-size N    skip source files larger than N bytes (default 1000000, at most ${MAX_FILE_SIZE_CEILING})
  --quiet              print nothing but errors
  --verbose            more detail; stack traces for internal errors
  -h, --help           show this help
  -v, --version        show the version

Environment:
${ENVIRONMENT.map((e) => `  ${e.name.padEnd(29)}${e.help}`).join('\n')}

Reports and the cache are never written inside the scanned folder, through a symbolic link, or under
/proc, /sys or /dev. Credentials found in the code are reported by prefix and fingerprint only.

Exit codes: 0 ran and the gate passed, 1 findings at or above --fail-on or a ratchet of the config
broken, 2 bad input or internal error.`;

const OPTIONS = {
  out: { type: 'string' },
  format: { type: 'string' },
  'fail-on': { type: 'string' },
  baseline: { type: 'string' },
  'new-only': { type: 'boolean' },
  config: { type: 'string' },
  'no-config': { type: 'boolean' },
  'folder-only': { type: 'boolean' },
  only: { type: 'string' },
  skip: { type: 'string' },
  rules: { type: 'string', multiple: true },
  ref: { type: 'string' },
  depth: { type: 'string' },
  history: { type: 'string' },
  targets: { type: 'string' },
  archived: { type: 'boolean' },
  forks: { type: 'boolean' },
  matrix: { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  workers: { type: 'string' },
  'max-file-size': { type: 'string' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** argv (without node and script) -> exit code. Never throws. */
export async function main(argv: string[], rawIo: Io): Promise<number> {
  // The gate every printed string passes: no credential, no terminal control sequence from a scanned name.
  const io: Io = { ...rawIo, stdout: (t) => rawIo.stdout(terminalSafe(redactText(t))), stderr: (t) => rawIo.stderr(terminalSafe(redactText(t))) };
  let verbose = argv.includes('--verbose');
  try {
    const { values, positionals } = parseCli(argv);
    verbose = Boolean(values.verbose);
    if (values.help) return (io.stdout(`${HELP}\n`), 0);
    if (values.version) return (io.stdout(`${TOOL_VERSION}\n`), 0);
    const [command, target = '.', ...extra] = positionals;
    if (command === 'diff') return await printDiff([target === '.' && positionals.length < 2 ? '' : target, ...extra], values, io);
    if (command === 'merge') return await mergeReports(positionals.slice(1), values, io);
    if (command === 'scan-many') return await scanMany(positionals.slice(1), values, io, rawIo);
    if (command !== 'scan' && command !== 'baseline' && command !== 'init') throw new UserError(command ? `unknown command: ${command} (try: arch-audit scan --help)` : 'missing command (try: arch-audit scan --help)');
    if (extra.length > 0) throw new UserError(`one target at a time (got also: ${extra.join(' ')})`);
    if (target.trim() === '') throw new UserError('empty target: give a folder (. for this one), a git URL or owner/repo');
    if (command === 'init') return await printStarterConfig(target, values, io);
    return await runScan(target, values, io, command, rawIo);
  } catch (caught) {
    const err = userFacingError(caught);
    if (err instanceof UserError) {
      io.stderr(`${TOOL_NAME}: ${err.message.split('\n')[0]}\n`);
    } else {
      io.stderr(`${TOOL_NAME}: internal error: ${errorMessage(err).split('\n')[0]}\n`);
      if (verbose && err instanceof Error && err.stack) io.stderr(`${err.stack}\n`);
    }
    return 2;
  }
}

/**
 * A scan stopped by Ctrl-C or a CI runner's SIGTERM must not leave a half-made clone in the cache: git is
 * asked to stop, then every clone of this process is removed (again once git has had time to exit).
 */
export function removeClonesOnSignal(): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      abortAllGit();
      removeActiveClones();
      setTimeout(() => {
        removeActiveClones();
        process.exit(code);
      }, 300);
    });
  }
}

type Values = ReturnType<typeof parseCli>['values'];

function parseCli(argv: string[]) {
  try {
    return parseArgs({ args: withHistoryDefault(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    // node's messages are long and mention internals; keep the part that names the flag.
    const msg = errorMessage(err).split('\n')[0] ?? 'bad arguments';
    const flag = /'(--?[^']+)'/.exec(msg)?.[1];
    throw new UserError(/Unknown option/.test(msg) && flag ? `unknown option: ${flag} (see --help)` : `${msg.replace(/\. To specify.*$/, '')} (see --help)`);
  }
}

/** `--history` takes an optional count: given none, it is the year's twelve months. */
function withHistoryDefault(argv: string[]): string[] {
  return argv.flatMap((a, i) => (a === '--history' && !/^\d+$/.test(argv[i + 1] ?? '') ? [a, String(HISTORY_MONTHS)] : [a]));
}

const HISTORY_MONTHS = 12;

async function runScan(target: string, values: Values, io: Io, command: 'scan' | 'baseline', rawIo: Io): Promise<number> {
  if (command === 'baseline' && values.format !== undefined) throw new UserError('arch-audit baseline writes JSON only; --format is for scan');
  const formats = parseList(values.format ?? 'json,md', '--format', 'one format').map((f) => {
    if (!(FORMATS as readonly string[]).includes(f)) throw new UserError(`unknown format: ${f} (known: ${FORMATS.join(', ')})`);
    return f as Format;
  });
  const failOn = values['fail-on'] === undefined ? undefined : parseFailOn(values['fail-on']);
  const baselinePath = nonEmpty(values.baseline, '--baseline');
  // Read before any clone: a wrong path fails in a second, not after the scan.
  const baseline = baselinePath === undefined ? undefined : (await import('./report/baseline.ts')).readBaseline(resolve(io.cwd, baselinePath), baselinePath);
  // `--out -`: the one format asked for goes to standard output (a CI step's summary, a pipe), and no file is written.
  const toStdout = values.out === '-';
  if (toStdout && (command === 'baseline' || formats.length !== 1)) throw new UserError(`--out - writes one format to standard output (got ${command === 'baseline' ? 'the baseline command' : formats.join(', ')}); name one with --format`);
  const outDir = resolve(io.cwd, nonEmpty(values.out, '--out') ?? 'arch-audit-report');
  const cacheDir = values['no-cache'] ? null : resolve(io.cwd, nonEmpty(values['cache-dir'], '--cache-dir') ?? defaultCacheDir());
  const maxFileBytes = parsePositiveInt(values['max-file-size'] ?? '1000000', '--max-file-size');
  if (maxFileBytes > MAX_FILE_SIZE_CEILING) throw new UserError(`--max-file-size is at most ${MAX_FILE_SIZE_CEILING} bytes: larger files are data, not code, and parsing them would exhaust memory`);
  // Where we write is checked before anything is read or cloned; inside the scanned folder is checked once it is known.
  if (!toStdout) preflightDir(outDir, 'report folder');
  if (cacheDir) preflightDir(cacheDir, 'cache folder');
  const progress = io.isTTY && !values.quiet;
  const depth = values.depth !== undefined ? parsePositiveInt(values.depth, '--depth', true) : undefined;
  // A full clone is asked for to read the history: the curve comes with it unless turned off.
  const historyMonths = values.history !== undefined ? parsePositiveInt(values.history, '--history', true) : depth === 0 ? HISTORY_MONTHS : 0;
  if (historyMonths > 120) throw new UserError('--history reads at most 120 months (ten years)');
  // The pipeline (parsers, the TypeScript compiler, every rule) loads only when a scan runs: `--version` and `--help` start fast.
  const { render, scan } = await import('./run.ts');
  const { report, timings, warnings } = await scan({
    target: resolveTarget(target, io.cwd),
    ...(values.ref !== undefined ? { ref: values.ref } : {}),
    ...(failOn !== undefined ? { failOn } : {}),
    only: parseList(values.only, '--only', 'one rule id'),
    skip: parseList(values.skip, '--skip', 'one rule id'),
    rulesDirs: (values.rules ?? []).map((d) => resolve(io.cwd, nonEmpty(d, '--rules') ?? '')),
    cacheDir,
    ...(toStdout ? {} : { outDir }),
    workers: parseWorkers(values.workers),
    maxFileBytes,
    ...(values.depth !== undefined ? { depth } : {}),
    ...(historyMonths > 0 ? { historyMonths } : {}),
    ...(baseline ? { baseline } : {}),
    ...(values['new-only'] ? { newOnly: true } : {}),
    ...(values['folder-only'] ? { folderOnly: true } : {}),
    ...(values['no-config'] ? { configPath: null } : values.config !== undefined ? { configPath: resolve(io.cwd, nonEmpty(values.config, '--config') ?? '') } : {}),
    onPhase: progress ? (phase: Phase, detail?: string) => io.stderr(`${TOOL_NAME}: ${PHASE_LABEL[phase]}${detail ? ` ${detail}` : ''}...\n`) : undefined,
  });
  if (toStdout) {
    // Credentials are masked in every output; terminal escapes only where a terminal reads it (a pipe gets the format as it is).
    const text = redactText(render(report, formats[0] as Format));
    (rawIo.isTTY ? io : rawIo).stdout(text);
    for (const w of warnings) io.stderr(`${TOOL_NAME}: warning: ${w}\n`);
    brokenRatchets(report, io);
    return report.summary.gate.passed ? 0 : 1;
  }
  const dir = verifyDir(outDir, 'report folder');
  const written: string[] = [];
  if (command === 'baseline') written.push(writeGuarded(dir, BASELINE_FILE, redactText(render(report, 'json'))));
  else for (const format of formats) written.push(writeGuarded(dir, REPORT_FILE[format], redactText(render(report, format))));
  for (const w of warnings) io.stderr(`${TOOL_NAME}: warning: ${w}\n`);
  if (!values.quiet) io.stdout(summaryText(report, written.map((p) => relative(io.cwd, p) || p)));
  else brokenRatchets(report, io);
  if (values.verbose) io.stderr(`${timings.map((t) => `${t.phase} ${t.ms} ms`).join(', ')}\n`);
  return report.summary.gate.passed ? 0 : 1;
}

/** Why the gate failed when no finding did, said even when the summary is not printed. */
function brokenRatchets(report: Report, io: Io): void {
  for (const r of report.summary.ratchets.filter((x) => x.status === 'broken')) io.stderr(`${TOOL_NAME}: ${oneLineSafe(r.message)}\n`);
}

/** `arch-audit diff OLD.json NEW.json [--format md|json|html]`: two scans of one repository side by side, on stdout. */
async function printDiff(files: string[], values: Values, io: Io): Promise<number> {
  const paths = files.filter((f) => f !== '');
  if (paths.length !== 2) throw new UserError('arch-audit diff needs two report.json files: OLD NEW');
  const format = values.format ?? 'md';
  if (format !== 'md' && format !== 'json' && format !== 'html') throw new UserError(`arch-audit diff writes md, json or html (got: ${format})`);
  const { diffReports, readReportForDiff, renderDiffHtml, renderDiffMarkdown } = await import('./report/diff.ts');
  const [before, after] = paths.map((p) => readReportForDiff(resolve(io.cwd, p), p)) as [ReturnType<typeof readReportForDiff>, ReturnType<typeof readReportForDiff>];
  const d = diffReports(before, after);
  io.stdout(format === 'json' ? `${JSON.stringify(d, null, 2)}\n` : format === 'html' ? renderDiffHtml(d, after.target.source) : renderDiffMarkdown(d, after.target.source));
  return 0;
}

const PORTFOLIO_DIR = 'arch-audit-portfolio';

/** `arch-audit merge DIR...`: the portfolio of report.json files made anywhere (a folder holding one, or folders of them). */
async function mergeReports(dirs: string[], values: Values, io: Io): Promise<number> {
  if (dirs.length === 0) throw new UserError('arch-audit merge needs folders holding report.json files: DIR...');
  const { readPortfolioReport, rowOf } = await import('./portfolio/build.ts');
  const rows = dirs.flatMap((d) => reportFiles(resolve(io.cwd, d)).map((file) => rowOf(readPortfolioReport(file, relative(io.cwd, file) || file))));
  if (rows.length === 0) throw new UserError(`no report.json in ${dirs.join(', ')} (nor in the folders just inside)`);
  return writePortfolio(rows, values, io);
}

/** A folder's report.json, or those of the folders just inside it. */
function reportFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new UserError(`no such directory: ${dir}`);
  const own = join(dir, REPORT_FILE.json);
  if (existsSync(own)) return [own];
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name, REPORT_FILE.json)).filter((f) => existsSync(f)).sort();
}

async function writePortfolio(rows: import('./portfolio/build.ts').PortfolioRow[], values: Values, io: Io): Promise<number> {
  const { portfolioOf, renderPortfolioHtml, renderPortfolioMarkdown } = await import('./portfolio/build.ts');
  const portfolio = portfolioOf(rows);
  const outDir = resolve(io.cwd, nonEmpty(values.out, '--out') ?? PORTFOLIO_DIR);
  preflightDir(outDir, 'portfolio folder');
  const dir = verifyDir(outDir, 'portfolio folder');
  const written = [
    writeGuarded(dir, 'portfolio.json', redactText(`${JSON.stringify(portfolio, null, 2)}\n`)),
    writeGuarded(dir, 'portfolio.md', redactText(renderPortfolioMarkdown(portfolio))),
    writeGuarded(dir, 'portfolio.html', redactText(renderPortfolioHtml(portfolio))),
  ];
  if (!values.quiet) io.stdout(`${portfolio.scanned} of ${portfolio.repositories} repositories in the portfolio: ${written.map((p) => relative(io.cwd, p) || p).join(', ')}\n`);
  return portfolio.scanned > 0 ? 0 : 2;
}

/**
 * `arch-audit scan-many TARGET... [--targets FILE]`: each target scanned as `scan` would, its reports in a folder of
 * its own under --out, then the portfolio. `org:NAME` stands for the organisation's repositories (archived ones and
 * forks left out unless --archived / --forks). A target that cannot be scanned is a row saying why; the rest go on.
 */
async function scanMany(args: string[], values: Values, io: Io, rawIo: Io): Promise<number> {
  const listed = values.targets !== undefined ? readTargetList(resolve(io.cwd, values.targets), values.targets) : [];
  const targets: string[] = [];
  for (const t of [...args, ...listed]) {
    const org = /^org:(.+)$/.exec(t)?.[1];
    if (!org) {
      targets.push(t);
      continue;
    }
    const { listOrgRepositories } = await import('./acquire/github.ts');
    const { repositories, left } = await listOrgRepositories(org, { archived: Boolean(values.archived), forks: Boolean(values.forks) });
    if (!values.quiet && left.length > 0) io.stderr(`${TOOL_NAME}: ${org}: left out ${left.length} (${[...new Set(left.map((l) => l.why))].join(', ')}; --archived, --forks to include them)\n`);
    targets.push(...repositories);
  }
  if (targets.length === 0) throw new UserError('arch-audit scan-many needs targets: TARGET..., --targets FILE, or org:NAME');
  // For a CI matrix (one job per repository): the targets as a JSON array, nothing scanned.
  if (values.matrix) return (io.stdout(`${JSON.stringify(targets)}\n`), 0);
  const { readPortfolioReport, rowOf, unscannedRow } = await import('./portfolio/build.ts');
  const outDir = resolve(io.cwd, nonEmpty(values.out, '--out') ?? PORTFOLIO_DIR);
  const rows: import('./portfolio/build.ts').PortfolioRow[] = [];
  const slugs = new Set<string>();
  for (const [i, target] of targets.entries()) {
    // A folder's reports go under its name, a repository's under owner-name.
    let slug = slugFor(existsSync(resolve(io.cwd, target)) ? basename(resolve(io.cwd, target)) : target);
    while (slugs.has(slug)) slug = `${slug}-${i}`;
    slugs.add(slug);
    if (!values.quiet) io.stderr(`${TOOL_NAME}: [${i + 1}/${targets.length}] ${target}\n`);
    try {
      await runScan(target, { ...values, out: join(outDir, slug), quiet: true, format: values.format ?? 'json,md' }, io, 'scan', rawIo);
      rows.push(rowOf(readPortfolioReport(join(outDir, slug, REPORT_FILE.json), `${slug}/${REPORT_FILE.json}`)));
    } catch (err) {
      // One repository that cannot be scanned (unreachable, refused, a crash) is a row saying why; the others go on.
      rows.push(unscannedRow(target, err instanceof UserError ? err.message : `internal error: ${errorMessage(err)}`));
    }
  }
  return writePortfolio(rows, { ...values, out: outDir }, io);
}

/** One target a line; blank lines and `#` comments skipped. */
function readTargetList(path: string, shownAs: string): string[] {
  if (!existsSync(path)) throw new UserError(`no such file: ${shownAs}`);
  return readFileSync(path, 'utf8').split(/\r?\n/).map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean);
}

/** `arch-audit init [folder]`: a commented starter config for the folder, on stdout (nothing is written into the repository). */
async function printStarterConfig(target: string, values: Values, io: Io): Promise<number> {
  const root = resolve(io.cwd, target);
  if (!existsSync(root)) throw new UserError(`no such directory: ${target}`);
  const [{ BUILTIN_RULES_DIR, loadRules }, { starterConfig }, { fileURLToPath }] = await Promise.all([import('./engine/load.ts'), import('./settings/starter.ts'), import('node:url')]);
  const rules = await loadRules(fileURLToPath(BUILTIN_RULES_DIR), 'builtin');
  for (const dir of values.rules ?? []) rules.push(...(await loadRules(resolve(io.cwd, dir), dir)));
  // The schema ships at the package's root: one folder up from src/, two from dist/src/.
  const shipped = ['../arch-audit.config.schema.json', '../../arch-audit.config.schema.json'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find((p) => existsSync(p));
  const schema = shipped ? relative(root, shipped).split(sep).join('/') : 'arch-audit.config.schema.json';
  io.stdout(starterConfig(root, rules, schema));
  return 0;
}

/** A flag given an empty value is a mistake (`--out ''` would mean the current folder), not a default. */
function nonEmpty(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UserError(`${flag} needs a value`);
  return value;
}

const PHASE_LABEL: Record<Phase, string> = {
  rules: 'loading rules', acquire: 'acquiring the target', inventory: 'listing files', parse: 'parsing sources',
  facts: 'deriving facts', history: 'reading the history', check: 'running rules', report: 'writing the report',
};

// A path that exists is resolved against the working directory; anything else (a URL, owner/repo, or a
// missing path that deserves its own error) is passed through to acquisition.
function resolveTarget(target: string, cwd: string): string {
  return existsSync(resolve(cwd, target)) ? resolve(cwd, target) : target;
}

function summaryText(r: Report, written: string[]): string {
  const c = r.summary.findings;
  const commit = r.target.commit ? ` @ ${r.target.commit.slice(0, 12)}` : '';
  const b = r.summary.baseline;
  const lines = [
    `${oneLineSafe(r.target.source)}${commit}: ${r.summary.totalFindings} finding(s): ${c.critical} critical, ${c.high} high, ${c.medium} medium, ${c.low} low, ${c.info} info`,
    `model calls: ${r.inventory.modelCalls.length} in ${new Set(r.inventory.modelCalls.map((m) => m.file)).size} file(s); providers: ${r.inventory.providers.map((p) => p.id).join(', ') || 'none'}`,
    ...r.findings.slice(0, 5).map((f) => `  ${f.severity.padEnd(8)} ${f.baseline === 'new' ? 'NEW ' : f.baseline === 'updated' ? 'GREW ' : ''}${oneLineSafe(`${f.locations[0]?.file}:${f.locations[0]?.line}  ${f.message}`)}`),
    ...(r.errors.length > 0 ? [`${r.errors.length} problem(s) met during the scan, listed in the report`] : []),
    ...(b ? [`since the baseline ${oneLineSafe(b.file)}: ${b.new} new, ${b.updated} grew, ${b.unchanged} unchanged, ${b.fixed.length} fixed`] : []),
    ...r.summary.ratchets.map((x) => oneLineSafe(x.message)),
    ...(r.summary.gate.failOn || r.summary.ratchets.length > 0 ? [`gate${r.summary.gate.failOn ? ` --fail-on ${r.summary.gate.failOn}${r.summary.gate.newOnly ? ' --new-only' : ''}` : ''}${r.summary.ratchets.length > 0 ? ` with ${r.summary.ratchets.length} ratchet(s)` : ''}: ${r.summary.gate.passed ? 'passed' : 'FAILED'}`] : []),
    `reports: ${oneLineSafe(written.join(', '))}`,
  ];
  return `${lines.join('\n')}\n`;
}

function parseList(value: string | undefined, flag?: string, what?: string): string[] {
  const items = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (value !== undefined && items.length === 0 && flag) throw new UserError(`${flag} needs at least ${what ?? 'one value'}`);
  return items;
}

function parseFailOn(value: string | undefined): Severity | null {
  if (value === undefined || value === 'none') return null;
  if (!(SEVERITIES as readonly string[]).includes(value)) throw new UserError(`unknown severity for --fail-on: ${value} (known: ${SEVERITIES.join(', ')}, none)`);
  return value as Severity;
}

function parseWorkers(value: string | undefined): number | 'auto' {
  return value === undefined || value === 'auto' ? 'auto' : parsePositiveInt(value, '--workers', true);
}

function parsePositiveInt(value: string, flag: string, allowZero = false): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || (!allowZero && n === 0)) throw new UserError(`${flag} needs a whole number, got: ${value}`);
  return n;
}
