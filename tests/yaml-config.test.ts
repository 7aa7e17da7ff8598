import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findRegistryModelIds } from '../src/config/model-registry.ts';
import { parseYaml, text, type YamlValue } from '../src/config/yaml.ts';
import { readPipelines, type Pipeline } from '../src/facts/ci-pipeline.ts';
import { findInfraFacts } from '../src/infra/scan.ts';
import type { CiConfig } from '../src/inventory/config-files.ts';
import { scanFixture } from './support/scan-fixture.ts';

// Configuration kept as YAML (CI pipelines, compose files, Kubernetes manifests, model registries) is read
// with a YAML parser: flow style, folded and literal blocks, anchors, merge keys and multi-document files
// mean what YAML says, and every fact keeps the line it was found on.

const FIXTURE = 'fixtures/facts/yaml-config';

function documents(source: string): YamlValue[] {
  const parsed = parseYaml(source);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.documents;
}

function pipelines(files: Record<string, string>): Pipeline[] {
  const configs: CiConfig[] = Object.entries(files).map(([path, source]) => {
    const parsed = parseYaml(source);
    return parsed.ok ? { path, text: source, documents: parsed.documents, ...(path.includes('/actions/') ? { action: true as const } : {}) } : { path, text: source, problem: parsed.message };
  });
  return readPipelines(configs);
}

function summary(p: Pipeline) {
  return { gating: p.gating, read: p.read, triggers: p.triggers, tests: [...p.tests], checks: [...p.checks], otherTests: [...p.otherTests] };
}

describe('YAML reader', () => {
  it('resolves aliases and merge keys, keeps lines, and reads every document of a stream', () => {
    const docs = documents('base: &b\n  image: x\n  port: 1\nsvc:\n  <<: *b\n  port: 2\n  cmd: *b\n---\nkind: Deployment\n');
    expect(docs).toHaveLength(2);
    const svc = docs[0]?.kind === 'map' ? docs[0].entries.find((e) => e.key === 'svc')?.value : undefined;
    expect(svc?.kind === 'map' ? svc.entries.map((e) => [e.key, e.line, text(e.value) ?? e.value.kind]) : []).toEqual([
      ['image', 2, 'x'],
      ['port', 6, '2'],
      ['cmd', 7, 'map'],
    ]);
    expect(docs[1]?.line).toBe(9);
  });

  it('reports the first error with its line instead of guessing', () => {
    expect(parseYaml('a:\n  - b\n - c\n')).toEqual({ ok: false, line: 3, message: expect.any(String) });
  });

  it('reads `on:` as the key GitHub reads, not as YAML 1.1 `true`', () => {
    expect(documents('on: push\n')[0]).toMatchObject({ kind: 'map', entries: [{ key: 'on' }] });
  });
});

describe('CI pipelines read as YAML', () => {
  it('reads every form of `on:` and tells changes from releases, timers and buttons', () => {
    const run = 'jobs:\n  t:\n    steps:\n      - run: pytest\n';
    const read = (on: string) => summary(pipelines({ '.github/workflows/a.yml': `${on}\n${run}` })[0] as Pipeline);
    expect(read('on: pull_request')).toMatchObject({ gating: true, triggers: ['pull_request'], tests: ['python'] });
    expect(read('on: [workflow_dispatch, schedule]')).toMatchObject({ gating: false, triggers: ['workflow_dispatch', 'schedule'], otherTests: ['python'] });
    expect(read('on:\n  push:\n    tags: ["v*"]\n    paths: ["src/**"]')).toMatchObject({ gating: false, triggers: ['push (tags only)'] });
    expect(read('on:\n  push:\n    branches: [main]\n    tags: ["v*"]')).toMatchObject({ gating: true, triggers: ['push'] });
    expect(read('on:\n  pull_request:\n    types: [labeled]')).toMatchObject({ gating: false, triggers: ['pull_request (when labelled)'] });
    expect(read('on:\n  pull_request:\n    paths: ["prompts/**"]\n  release:\n    types: [published]')).toMatchObject({ gating: true, triggers: ['pull_request (paths: prompts/**)', 'release'] });
    expect(read('name: no trigger')).toMatchObject({ gating: false, triggers: [] });
  });

  it('narrows a job by its `if:` and expands its matrix', () => {
    const [p] = pipelines({
      '.github/workflows/ci.yml': [
        'on: [push, schedule]',
        'jobs:',
        '  nightly:',
        "    if: github.event_name == 'schedule'",
        '    steps: [{run: pytest}]',
        '  checks:',
        '    strategy:',
        '      matrix:',
        '        tool: [ruff check ., mypy app]',
        '        include: [{tool: npx vitest run}]',
        '    steps:',
        '      - run: ${{ matrix.tool }}',
      ].join('\n'),
    });
    expect(p?.jobs.map((j) => [j.name, j.triggers.map((t) => t.label), [...j.tests], [...j.checks]])).toEqual([
      ['nightly', ['schedule'], ['python'], []],
      ['checks', ['push', 'schedule'], ['js'], ['python']],
    ]);
    expect(summary(p as Pipeline)).toMatchObject({ tests: ['js'], otherTests: ['python'] });
  });

  it('runs a reusable workflow on its callers’ triggers, and reads local composite actions into the job', () => {
    const ps = pipelines({
      '.github/workflows/ci.yml': 'on: pull_request\njobs:\n  t:\n    uses: ./.github/workflows/tests.yml\n  l:\n    steps:\n      - uses: ./.github/actions/lint\n',
      '.github/workflows/tests.yml': 'on: workflow_call\njobs:\n  t:\n    steps:\n      - run: npm test\n',
      '.github/workflows/orphan.yml': 'on: workflow_call\njobs:\n  t:\n    steps:\n      - run: pytest\n',
      '.github/actions/lint/action.yml': 'runs:\n  using: composite\n  steps:\n    - run: ruff check .\n      shell: bash\n',
    });
    expect(ps.map((p) => [p.path, p.gating, p.triggers, [...p.tests], [...p.checks]])).toEqual([
      ['.github/workflows/ci.yml', true, ['pull_request'], [], ['python']],
      ['.github/workflows/tests.yml', true, ['pull_request'], ['js'], []],
      ['.github/workflows/orphan.yml', false, [], [], []],
    ]);
  });

  it('knows nothing of a workflow kept in another repository, of included files, or of a file that does not parse', () => {
    const ps = pipelines({
      '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    uses: acme/shared/.github/workflows/python.yml@v2\n',
      '.github/workflows/bad.yml': 'on: push\njobs:\n  t:\n    steps:\n      - run: a\n     - run: b\n',
    });
    expect(ps.map((p) => [p.path, p.read])).toEqual([['.github/workflows/ci.yml', false], ['.github/workflows/bad.yml', false]]);
    const included = pipelines({ '.gitlab-ci.yml': 'include:\n  - local: ci/python.yml\nlint:\n  script: [ruff check .]\n' });
    expect(included.map((p) => [p.path, p.read, [...p.checks]])).toEqual([['.gitlab-ci.yml', false, ['python']]]);
  });

  it('reads GitLab jobs with anchors, templates, rules and only:', () => {
    const [p] = pipelines({
      '.gitlab-ci.yml': [
        '.tests: &tests',
        '  - python -m pytest',
        '.lint:',
        '  script: [ruff check .]',
        'unit:',
        '  script: *tests',
        'lint:',
        '  extends: .lint',
        'evals:',
        '  script: [npx vitest run]',
        '  rules:',
        '    - if: $CI_COMMIT_TAG',
        'nightly:',
        '  script: [npx jest]',
        '  only: [schedules]',
        'deploy:',
        '  script: [npm test]',
        '  when: manual',
      ].join('\n'),
    });
    expect(p?.jobs.map((j) => [j.name, j.triggers.map((t) => t.kind)])).toEqual([
      ['unit', ['change']], ['lint', ['change']], ['evals', ['release']], ['nightly', ['schedule']], ['deploy', ['manual']],
    ]);
    expect(summary(p as Pipeline)).toMatchObject({ gating: true, tests: ['python'], checks: ['python'], otherTests: ['js'] });
  });

  it('reads CircleCI workflows, Bitbucket sections and Azure triggers', () => {
    const circle = pipelines({
      '.circleci/config.yml': [
        'jobs:',
        '  test:',
        '    steps: [checkout, {run: {command: pytest}}]',
        '  release:',
        '    steps: [{run: npm test}]',
        'workflows:',
        '  main:',
        '    jobs:',
        '      - test',
        '      - release:',
        '          filters: {tags: {only: /^v.*/}, branches: {ignore: /.*/}}',
      ].join('\n'),
    })[0] as Pipeline;
    expect(summary(circle)).toMatchObject({ gating: true, tests: ['python'], otherTests: ['js'] });
    const bitbucket = pipelines({ 'bitbucket-pipelines.yml': 'pipelines:\n  tags:\n    "v*":\n      - step:\n          script: [pytest]\n  custom:\n    evals:\n      - step:\n          script: [npm test]\n' })[0] as Pipeline;
    expect(summary(bitbucket)).toMatchObject({ gating: false, otherTests: ['python', 'js'] });
    const azure = pipelines({ 'azure-pipelines.yml': 'trigger: none\npr: none\nschedules:\n  - cron: "0 3 * * *"\nsteps:\n  - script: pytest\n' })[0] as Pipeline;
    expect(summary(azure)).toMatchObject({ gating: false, triggers: ['schedules'], otherTests: ['python'] });
  });
});

describe('compose files, Kubernetes manifests and model registries read as YAML', () => {
  const read = (path: string) => readFileSync(join(FIXTURE, path), 'utf8');

  it('finds serving images and commands in flow style, split command lines, anchors, Helm values and every document', () => {
    const facts = (path: string) => findInfraFacts(path, read(path)).facts.map((f) => [f.line, f.id, f.evidence]);
    // the image and the command line of one container, on one line, are one fact
    expect(facts('deploy/k8s.yaml')).toEqual([
      [13, 'vllm', 'image vllm/vllm-openai:v0.6.3'],
      [24, 'tei', 'text-embeddings-router'],
      [27, 'gpu-workload', 'nvidia.com/gpu'],
    ]);
    expect(facts('docker-compose.yml')).toEqual([
      [1, 'tgi', 'image ghcr.io/huggingface/text-generation-inference:2.4'],
      [4, 'ollama', 'image ollama/ollama:0.5.1'],
      [11, 'ollama', 'ollama serve'],
    ]);
    expect(facts('charts/llm/values.yaml')).toEqual([[2, 'sglang', 'image lmsysorg/sglang']]);
    // a Helm template is not YAML until it is rendered: read as text
    expect(facts('charts/llm/templates/deployment.yaml')).toEqual([[11, 'litellm-proxy', 'image ghcr.io/berriai/litellm:main-latest']]);
  });

  it('gives the reason a YAML file was not read, and no facts from it', () => {
    expect(findInfraFacts('deploy/broken.yaml', read('deploy/broken.yaml'))).toEqual({ facts: [], problem: expect.stringMatching(/^invalid YAML at line 4 \(.+\): infrastructure not read$/) });
  });

  it('reads model ids from a registry’s keys and values, never from its comments', () => {
    const { ids } = findRegistryModelIds('app/resources/model-settings.yml', read('app/resources/model-settings.yml'));
    expect(ids.map((s) => [s.line, s.value])).toEqual([
      [5, 'anthropic/claude-3-5-haiku-20241022'],
      [7, 'gpt-4o-mini'],
      [8, 'azure/gpt-4o-mini'],
    ]);
  });

  it('lists every file it could not read in errors[], in the product only, and goes on with the rest', async () => {
    const report = await scanFixture(FIXTURE);
    expect(report.errors.map((e) => [e.kind, e.file])).toEqual([
      ['config-error', '.github/workflows/broken.yml'],
      ['config-error', 'deploy/broken.yaml'],
    ]);
    expect(report.inventory.inferenceStack.map((c) => [c.id, c.evidence])).toEqual([
      ['vllm', ['deploy/k8s.yaml']],
      ['tgi', ['docker-compose.yml']],
      ['tei', ['deploy/k8s.yaml']],
      ['sglang', ['charts/llm/values.yaml']],
      ['ollama', ['docker-compose.yml']],
      ['gpu-workload', ['deploy/k8s.yaml']],
      ['litellm-proxy', ['charts/llm/templates/deployment.yaml']],
    ]);
    expect(report.inventory.modelRegistries).toEqual([{ file: 'app/resources/model-settings.yml', ids: 3, providers: ['anthropic', 'azure-openai', 'openai'] }]);
  });
});
