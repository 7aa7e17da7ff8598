import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The reusable workflow that fans a portfolio out over GitHub Actions: read as GitHub would, its three jobs must hand
// the targets from the listing to the matrix and every job's reports to the merge.

interface Step { run?: string; uses?: string; with?: Record<string, unknown>; id?: string }
interface Job { needs?: string; if?: string; strategy?: { 'fail-fast': boolean; 'max-parallel': string; matrix: Record<string, string> }; outputs?: Record<string, string>; steps: Step[] }

const wf = parse(readFileSync('.github/workflows/portfolio.yml', 'utf8')) as { on: { workflow_call: { inputs: Record<string, unknown> } }; jobs: Record<string, Job> };

describe('the portfolio workflow', () => {
  it('lists the targets with scan-many --matrix and fans one scan job out per target, at most max-parallel at once', () => {
    const { list, scan, merge } = wf.jobs;
    expect(Object.keys(wf.on.workflow_call.inputs)).toEqual(expect.arrayContaining(['targets', 'arch-audit-repository', 'arch-audit-ref', 'max-parallel', 'history']));
    expect(list?.steps.find((s) => s.id === 'list')?.run).toContain('scan-many --targets "$RUNNER_TEMP/targets.txt" --matrix --quiet');
    expect(list?.outputs?.targets).toBe('${{ steps.list.outputs.targets }}');
    expect(scan?.needs).toBe('list');
    expect(scan?.strategy).toEqual({ 'fail-fast': false, 'max-parallel': '${{ inputs.max-parallel }}', matrix: { target: '${{ fromJSON(needs.list.outputs.targets) }}' } });
    const scanRun = scan?.steps.find((s) => s.id === 'scan')?.run ?? '';
    expect(scanRun).toContain('scan "$TARGET" --depth 0 --history "$HISTORY"');
    expect(scan?.steps.find((s) => s.uses === 'actions/upload-artifact@v4')?.with?.name).toBe('report-${{ steps.scan.outputs.slug }}');
    // The merge runs even when some scans failed, on every uploaded report.
    expect([merge?.needs, merge?.if]).toEqual(['scan', 'always()']);
    expect(merge?.steps.find((s) => s.uses === 'actions/download-artifact@v4')?.with).toMatchObject({ pattern: 'report-*', 'merge-multiple': true });
    expect(merge?.steps.map((s) => s.run ?? '').join('\n')).toContain('merge "$RUNNER_TEMP/reports" --out "$RUNNER_TEMP/portfolio"');
  });
});
