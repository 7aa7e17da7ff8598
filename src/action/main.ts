import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type Io } from '../cli.ts';
import { REPORT_FILE } from '../report/formats.ts';
import { SUMMARY_MAX_BYTES } from '../render/summary.ts';

// The GitHub Action's entry point (action.yml runs it after installing this repository at the action's tag):
// its inputs become one `arch-audit scan`, the short summary goes to the job summary, and the grade, counts,
// gate and file paths to the step's outputs. The exit code is the scan's, so a failed gate fails the step.

export interface ActionInputs {
  target: string;
  formats: string[];
  out: string;
  failOn: string;
  newOnly: boolean;
  baseline: string;
  config: string;
  sarif: boolean;
  summary: boolean;
}

/** An input as the runner passes it: `INPUT_` and the name in capitals (`INPUT_FAIL-ON`), or with `_` for `-`. */
function input(env: NodeJS.ProcessEnv, name: string, fallback = ''): string {
  const key = `INPUT_${name.toUpperCase()}`;
  return (env[key] ?? env[key.replace(/-/g, '_')] ?? '').trim() || fallback;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = input(env, name, String(fallback)).toLowerCase();
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`input ${name} must be true or false (got ${JSON.stringify(value)})`);
}

export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const sarif = flag(env, 'sarif', true);
  const summary = flag(env, 'job-summary', true);
  const formats = input(env, 'formats', 'json,md').split(',').map((f) => f.trim()).filter(Boolean);
  // report.json is what outputs are read from; the summary and SARIF files are written when asked for.
  const wanted = [...new Set(['json', ...formats, ...(summary ? ['summary'] : []), ...(sarif ? ['sarif'] : [])])];
  return {
    target: input(env, 'target', '.'),
    formats: wanted,
    // Outside the checkout: arch-audit never writes into the folder it scans.
    out: input(env, 'out', join(env.RUNNER_TEMP || tmpdir(), 'arch-audit-report')),
    failOn: input(env, 'fail-on', 'none'),
    newOnly: flag(env, 'new-only', false),
    baseline: input(env, 'baseline'),
    config: input(env, 'config'),
    sarif,
    summary,
  };
}

export function scanArguments(i: ActionInputs): string[] {
  return [
    'scan', i.target, '--out', i.out, '--format', i.formats.join(','), '--fail-on', i.failOn,
    ...(i.newOnly ? ['--new-only'] : []), ...(i.baseline ? ['--baseline', i.baseline] : []), ...(i.config ? ['--config', i.config] : []),
  ];
}

interface ReportHead {
  scores: { overall: { grade: string; score: number } | null };
  summary: {
    totalFindings: number; findings: Record<string, number>; gate: { passed: boolean; ratchetsBroken: number }; baseline: { new: number; updated: number } | null;
    ratchets: { status: string; message: string }[];
  };
}

export async function runAction(env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  let inputs: ActionInputs;
  try {
    inputs = readInputs(env);
  } catch (err) {
    io.stderr(`::error title=arch-audit::${(err as Error).message}\n`);
    return 2;
  }
  const code = await main(scanArguments(inputs), io);
  const reportPath = join(inputs.out, REPORT_FILE.json);
  const outputs: Record<string, string> = { 'exit-code': String(code), 'report-dir': inputs.out };
  if (code !== 2 && existsSync(reportPath)) {
    const r = JSON.parse(readFileSync(reportPath, 'utf8')) as ReportHead;
    const s = r.summary;
    Object.assign(outputs, {
      grade: r.scores.overall?.grade ?? '',
      score: r.scores.overall ? String(r.scores.overall.score) : '',
      findings: String(s.totalFindings),
      critical: String(s.findings.critical ?? 0),
      high: String(s.findings.high ?? 0),
      'new-findings': s.baseline ? String(s.baseline.new + s.baseline.updated) : '',
      'ratchets-broken': String(s.gate.ratchetsBroken),
      gate: s.gate.passed ? 'passed' : 'failed',
      'report-json': reportPath,
      ...(inputs.sarif ? { 'sarif-file': join(inputs.out, REPORT_FILE.sarif) } : {}),
    });
    // A broken ratchet is an annotation on the run, where a reviewer sees why the step failed.
    for (const x of s.ratchets.filter((x) => x.status === 'broken')) io.stdout(`::error title=arch-audit ratchet::${x.message.replace(/[\r\n%]/g, ' ')}\n`);
    const summaryPath = join(inputs.out, REPORT_FILE.summary);
    if (inputs.summary && env.GITHUB_STEP_SUMMARY && existsSync(summaryPath)) {
      appendFileSync(env.GITHUB_STEP_SUMMARY, readFileSync(summaryPath, 'utf8').slice(0, SUMMARY_MAX_BYTES));
    }
  } else if (code === 2) {
    io.stderr('::error title=arch-audit::the scan did not run; the line above says why\n');
  }
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, Object.entries(outputs).map(([k, v]) => `${k}=${v.replace(/[\r\n]+/g, ' ')}\n`).join(''));
  return code;
}
