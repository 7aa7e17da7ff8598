import { describe, expect, it } from 'vitest';
import { scanFixture } from './support/scan-fixture.ts';

// The eval harness beyond eval tools: evals that drive the product over HTTP, and when CI runs them.

describe('eval harness', () => {
  it('credits evals that drive the running app over HTTP, and counts the modules behind the routes they call as reached', async () => {
    const { inventory } = await scanFixture('fixtures/model-code-not-evaluated/through-api');
    expect(inventory.evalHarness).toMatchObject({
      present: true,
      tools: ['home-grown'],
      evidence: ['evals/chat.ts'],
      // a setting with a local default is one request, shown by its default
      drivesProduct: [{ file: 'evals/chat.ts', line: 7, via: 'http', target: 'http://localhost:3000/api/chat', reaches: ['app/api/chat/route.ts'] }],
      reachedCallFiles: ['lib/answer.ts'],
      unreachedCallFiles: ['lib/summarize.ts'],
    });
  });

  it('matches a request to a FastAPI route under its router prefix', async () => {
    const { inventory } = await scanFixture('fixtures/no-eval-harness/drives-api');
    expect(inventory.evalHarness).toMatchObject({
      present: true,
      drivesProduct: [{ file: 'evals/run_api_evals.py', line: 11, via: 'http', target: 'http://localhost:8000/api/answer', reaches: ['app/routes.py'] }],
      reachedCallFiles: ['app/llm.py'],
    });
  });

  it('credits evals that run the product’s own command, and follow it into its entry file', async () => {
    const { inventory } = await scanFixture('fixtures/no-eval-harness/drives-cli');
    expect(inventory.evalHarness).toMatchObject({
      present: true,
      drivesProduct: [{ file: 'evals/smoke.ts', line: 7, via: 'cli', target: 'acme', reaches: ['src/cli.ts'] }],
      reachedCallFiles: ['src/agent.ts'],
    });
  });

  it('does not take a local model server, a third-party API or another program for the product', async () => {
    const { inventory } = await scanFixture('fixtures/no-eval-harness/benchmarks-a-model-server');
    expect(inventory.evalHarness).toMatchObject({ present: false, drivesProduct: [] });
  });

  it('says when CI runs the evals, and where', async () => {
    const tagged = await scanFixture('fixtures/evals-not-gating/tag-gated');
    expect(tagged.inventory.evalHarness).toMatchObject({
      runsInCi: true,
      ciTrigger: 'release',
      ciRuns: [{ file: '.github/workflows/release.yml', line: 13, job: 'evals', on: ['push (tags only)', 'workflow_dispatch'], command: 'python -m evals.run_evals' }],
    });
    const installed = await scanFixture('fixtures/evals-not-gating/installed-not-run');
    expect(installed.inventory.evalHarness).toMatchObject({ runsInCi: false, ciTrigger: null, ciRuns: [] });
  });
});
