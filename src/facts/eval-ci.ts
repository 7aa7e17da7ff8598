import { CI_EVAL_SCRIPT, EVAL_DIR, EVAL_SCRIPT_NAME, EVAL_TEST_FILE, EVAL_TOOLS } from '../catalog/tools.ts';
import type { CiConfig } from '../inventory/config-files.ts';
import type { TriggerKind } from './ci-jobs.ts';
import { jobCommands, readPipelines, scriptsOf, type Job, type ReadOptions } from './ci-pipeline.ts';

// Which CI jobs run the eval suite, and when: on every change, on releases, on a timer, or only when someone
// starts them. A job runs the evals when a command runs an eval tool (`promptfoo eval`, `deepeval test run`),
// an eval script (`npm run eval`, `make evals`) or code in the eval folder (`python evals/run.py`,
// `python -m evals.run`, `cd evals && ...`), an eval script by its path (`python scripts/eval_run.py`), or uses
// an eval tool's action.

/** The best of the jobs that run the evals: `gating` on pushes or pull requests, then releases, a timer, by hand. */
export type EvalCiTrigger = 'gating' | 'release' | 'scheduled' | 'manual';

export interface EvalCiRun {
  file: string;
  /** line of the step that runs the evals */
  line: number;
  job: string;
  /** when the job runs: `pull_request`, `push (tags only)`, `schedule`, `workflow_dispatch` */
  on: string[];
  /** what it runs, as written */
  command: string;
}

const RANK: Record<TriggerKind, EvalCiTrigger> = { change: 'gating', release: 'release', schedule: 'scheduled', manual: 'manual' };
const ORDER: EvalCiTrigger[] = ['gating', 'release', 'scheduled', 'manual'];

/** The CI jobs that run the evals (whose files are `evidence`), best trigger first, and that trigger. */
export function evalCiRuns(configs: readonly CiConfig[], evidence: string[], opts?: ReadOptions): { trigger: EvalCiTrigger | null; runs: EvalCiRun[] } {
  const dirs = evalDirs(evidence);
  const patterns = EVAL_TOOLS.flatMap((t) => (t.ci ? [t.ci] : []));
  const found: { run: EvalCiRun; rank: number }[] = [];
  for (const p of readPipelines(configs, opts)) {
    for (const job of p.jobs) {
      const hit = job.triggers.length > 0 ? evalStep(job, patterns, dirs, evidence.filter((e) => EVAL_TEST_FILE.test(e))) : undefined;
      if (!hit) continue;
      const rank = Math.min(...job.triggers.map((t) => ORDER.indexOf(RANK[t.kind])));
      found.push({ run: { file: p.path, line: hit.line, job: job.name, on: job.triggers.map((t) => t.label), command: hit.text.split('\n')[0]?.slice(0, 160) ?? '' }, rank });
    }
  }
  found.sort((a, b) => a.rank - b.rank || (a.run.file < b.run.file ? -1 : a.run.file > b.run.file ? 1 : a.run.line - b.run.line));
  const best = found[0];
  return { trigger: best ? (ORDER[best.rank] ?? null) : null, runs: found.map((f) => f.run) };
}

/** The first command or action of a job that runs the evals. */
function evalStep(job: Job, tools: RegExp[], dirs: string[], evalTests: string[]): { text: string; line: number } | undefined {
  for (const a of job.actions) if (tools.some((t) => t.test(a.text))) return a;
  for (const c of jobCommands(job)) {
    if (runsEvalTests(c.text, evalTests)) return c;
    if (tools.some((t) => t.test(c.text))) return c;
    if (scriptsOf(c.text).some((s) => EVAL_SCRIPT_NAME.test(s.name))) return c;
    if (namesEvalDir(c.text, dirs)) return c;
    if (evalScriptsRun(c.text).length > 0) return c;
  }
  return undefined;
}

/**
 * A test runner that collects a test named as an eval: `pytest` with no path, or with a folder the test is
 * under (`pytest tests` run in `potpie/engine` collects `potpie/engine/tests/unit/test_recall_eval.py`; the
 * step's working folder is not followed, so any folder of that name counts).
 */
function runsEvalTests(command: string, evalTests: string[]): boolean {
  if (evalTests.length === 0) return false;
  const words = command.split(/\s+/).filter(Boolean);
  const at = words.findIndex((w) => /^(pytest|py\.test|vitest|jest)$/.test(w.split('/').pop() ?? ''));
  if (at < 0) return false;
  const paths = words.slice(at + 1).filter((w) => !w.startsWith('-') && /^[\w./-]+$/.test(w) && !/^(run|not|and|or)$/.test(w)).map((w) => w.replace(/^\.\//, '').replace(/\/$/, ''));
  if (paths.length === 0) return true;
  return evalTests.some((t) => paths.some((p) => p === '.' || t === p || t.startsWith(`${p}/`) || t.includes(`/${p}/`) || t.endsWith(`/${p}`)));
}

/**
 * Eval scripts CI jobs run by their path, as written (`.github/scripts/eval_run.py`). Such a script is a
 * harness even when what it scores runs elsewhere: it can call a deployed service or a hosted eval platform.
 */
export function ciEvalScripts(configs: readonly CiConfig[]): { workflow: string; script: string }[] {
  const out: { workflow: string; script: string }[] = [];
  for (const p of readPipelines(configs)) {
    for (const job of p.jobs) {
      if (job.triggers.length === 0) continue;
      for (const c of jobCommands(job)) for (const script of evalScriptsRun(c.text)) out.push({ workflow: p.path, script });
    }
  }
  return out;
}

/** The eval script paths a command runs: `python .github/scripts/eval_run.py`, `node ./run-evals.mjs`, `tsx evals.ts`. */
function evalScriptsRun(command: string): string[] {
  return command.split(/[\s"'=;()]+/).filter((w) => CI_EVAL_SCRIPT.test(w)).map((w) => w.replace(/^\.\//, ''));
}

/** Eval folders of the repository (`evals`, `backend/evals`), from the eval files found. */
function evalDirs(evidence: string[]): string[] {
  const dirs = new Set<string>();
  for (const path of evidence) {
    const m = EVAL_DIR.exec(path);
    if (m) dirs.add(path.slice(0, m.index + m[0].length - 1).replace(/^\//, ''));
  }
  return [...dirs];
}

/**
 * A command that names code in an eval folder: a path (`evals/run.py`, `./evals`), a module (`-m evals.run`),
 * or the folder it moves to; relative to a working directory, so `evals` matches `backend/evals`. Paths
 * after `--ignore` or `--exclude` are the opposite.
 */
function namesEvalDir(command: string, dirs: string[]): boolean {
  if (dirs.length === 0) return false;
  const cleaned = command.replace(/--(ignore|exclude|deselect|ignore-glob)(=|\s+)\S+/g, ' ');
  for (const raw of cleaned.split(/[\s"'=:;,()]+/)) {
    const token = raw.replace(/^\.\//, '');
    for (const form of token.includes('/') ? [token] : [token, token.replace(/\./g, '/')]) {
      const m = EVAL_DIR.exec(`${form}/`);
      if (!m) continue;
      const prefix = `${form}/`.slice(0, m.index + m[0].length - 1).replace(/^\//, '');
      if (dirs.some((d) => d === prefix || d.endsWith(`/${prefix}`))) return true;
    }
  }
  return false;
}
