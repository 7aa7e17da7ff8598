import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCallAnnotations } from './support/annotations.ts';
import { scanFixture } from './support/scan-fixture.ts';

// Repository-level facts on fixtures written for them: what the inventory says about model calls,
// evaluation, observability, vector stores and the gateway.

/** A throwaway repository of these files, scanned by `fn`, removed afterwards. */
async function inRepo(files: Record<string, string>, fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'arch-audit-repo-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LANGCHAIN_CALL = 'from langchain_openai import ChatOpenAI\n\ndef ask(q):\n    return ChatOpenAI(model="gpt-4.1").invoke(q)\n';

describe('repository facts', () => {
  it('finds evals (a framework, a home-grown suite and a CI job), Langfuse tracing and Qdrant', async () => {
    const { inventory } = await scanFixture('fixtures/facts/evals-and-tracing');
    expect(inventory.modelCalls.map((c) => [c.file, c.line, c.provider, c.kind, c.api, c.model])).toEqual([
      ['app/answer.py', 13, 'openai', 'direct', 'chat.completions.create', 'gpt-4o-mini'],
    ]);
    expect(inventory.evalHarness).toEqual({
      present: true,
      tools: ['deepeval', 'home-grown'],
      evidence: ['evals/golden.jsonl', 'evals/test_answers.py', 'pyproject.toml'],
      runsInCi: true,
      ciTrigger: 'gating',
      ciRuns: [{ file: '.github/workflows/evals.yml', line: 8, job: 'evals', on: ['pull_request'], command: 'deepeval test run evals/' }],
      drivesProduct: [],
      reachedCallFiles: ['app/answer.py'],
      unreachedCallFiles: [],
    });
    expect(inventory.llmObservability).toEqual({
      present: true, tools: ['langfuse'], evidence: ['app/answer.py'],
      coverage: { coveredCalls: 1, totalCalls: 1, dark: [], mode: 'always', homeGrown: [] },
    });
    expect(inventory.vectorStores).toEqual([{
      id: 'qdrant', files: 1, evidence: ['app/answer.py'], inMemory: false, via: ['sdk'], directCalls: [{ file: 'app/answer.py', line: 6 }],
      adapter: ['app/answer.py'], throughAdapter: [], dimensions: [],
    }]);
    // one model-calling file is its own gateway
    expect(inventory.gateway).toMatchObject({ present: true, files: ['app/answer.py'], kinds: ['single-file'], adapters: [], bypassFiles: [], callSites: [{ file: 'app/answer.py', calls: 1 }], coverage: 1 });
  });

  it('takes the wrapper the routes import as the gateway, with its backend, and names the bypass', async () => {
    const report = await scanFixture('fixtures/facts/gateway-with-backend');
    expect(report.inventory.modelCalls.map((c) => [c.file, c.line, c.provider, c.api])).toEqual([
      ['app/llm/backend.py', 7, 'anthropic', 'messages.create'],
      ['app/rerank.py', 7, 'cohere', 'rerank'],
    ]);
    // two model-calling files: the backend behind the gateway, and the reranker that bypasses it
    // the module the routes import is the gateway (a facade), the backend it calls stands behind it
    expect(report.inventory.gateway).toEqual({
      present: true, files: ['app/llm/chat.py'], kinds: ['facade'], adapters: ['app/llm/backend.py'], bypassFiles: ['app/rerank.py'], apartFiles: [],
      packages: [{ root: '', kind: 'product', modelFiles: ['app/llm/backend.py', 'app/rerank.py'], gateway: ['app/llm/chat.py'], bypassFiles: ['app/rerank.py'] }],
      callSites: [{ file: 'app/llm/backend.py', calls: 1 }, { file: 'app/rerank.py', calls: 1 }], coverage: 0.5,
    });
    expect(report.findings.filter((f) => f.ruleId === 'direct-model-call').map((f) => [f.locations.map((l) => l.file), f.severity])).toEqual([[['app/rerank.py'], 'medium']]);
    expect(report.inventory.evalHarness.present).toBe(false);
    expect(report.inventory.llmObservability.present).toBe(false);
  });

  it('judges adapter plugins that ship inside the product\'s own package with it, behind their interface, and names the bypass beside them', async () => {
    // `botkit/plugins/llm_adapters` has a setup.py of its own, but lives in `botkit/`: the product's model layer, not a
    // sample, and not a package apart: the image block in `botkit/blocks` goes around it.
    const { inventory } = await scanFixture('fixtures/facts/gateway-in-plugins');
    expect(inventory.gateway).toMatchObject({
      present: true, files: ['botkit/core/llm.py'], kinds: ['interface'], bypassFiles: ['botkit/blocks/image.py'], apartFiles: [],
      adapters: ['botkit/plugins/llm_adapters/claude_adapter.py', 'botkit/plugins/llm_adapters/openai_adapter.py'],
      packages: [{ root: '', kind: 'product', gateway: ['botkit/core/llm.py'], bypassFiles: ['botkit/blocks/image.py'] }],
    });
  });

  it('names the model layer every task imports before the agent that is one of its users, though the agent reaches more model files', async () => {
    const { inventory } = await scanFixture('fixtures/facts/gateway-shared-layer');
    expect(inventory.gateway.files).toEqual(['app/llm/handler.py', 'app/agent.py']);
    expect(inventory.gateway.adapters).toEqual(['app/engines/claude.py', 'app/engines/cua.py', 'app/llm/vertex.py']);
    expect(inventory.gateway.bypassFiles).toEqual([]);
  });

  it('takes the factory every chain gets its model from for the gateway, through parameters typed only by the interface', async () => {
    const report = await scanFixture('fixtures/facts/gateway-by-factory');
    expect(report.inventory.modelCalls.map((c) => [c.file, c.line, c.framework ?? c.provider])).toEqual([
      ['app/embeddings.py', 8, 'openai'],
      ['app/images.py', 7, 'openai'],
      ['app/tasks/plan.py', 9, 'langchain'],
      ['app/tasks/summarize.py', 9, 'langchain'],
    ]);
    // the tasks build their chains from `model: BaseChatModel`; the routes hand them `create_model()`. The
    // embeddings module two files use calls the model itself: beside the factory, it is a way around it.
    expect(report.inventory.gateway).toMatchObject({
      present: true, files: ['app/llm/factory.py'], kinds: ['client-module'], bypassFiles: ['app/embeddings.py', 'app/images.py'], coverage: 0.5,
    });
  });

  it('follows `@/` and `~/` imports no committed tsconfig declares to the package\'s src/, and takes the factory building its adapters for the gateway', async () => {
    const report = await scanFixture('fixtures/facts/gateway-by-factory-ts');
    // The chat features call the models the factory builds; ping.ts calls its own message bus through the same alias.
    expect(report.inventory.modelCalls.map((c) => [c.file, c.line, c.kind, c.framework ?? c.provider])).toEqual([
      ['src/chat/answer.ts', 5, 'framework', 'langchain'],
      ['src/chat/title.ts', 5, 'framework', 'langchain'],
      ['src/models/ChatHosted.ts', 9, 'direct', 'anthropic'],
      ['src/models/ChatLocal.ts', 10, 'direct', 'ollama'],
    ]);
    expect(report.inventory.gateway).toMatchObject({ present: true, files: ['src/models/index.ts'], bypassFiles: [], coverage: 1 });
  });

  it('attributes OpenAI-compatible clients to the vendor (a literal base URL, else the client name) and says where traffic goes', async () => {
    const { inventory } = await scanFixture('fixtures/facts/openai-compatible');
    expect(inventory.modelCalls.map((c) => [c.file, c.provider, c.sdk, c.endpoint])).toEqual([
      ['src/default.ts', 'openai', 'openai', { source: 'default', value: null, target: 'openai' }],
      ['src/enterprise.ts', 'azure-openai', 'openai', { source: 'config', value: null, target: 'azure-openai' }],
      ['src/fast.ts', 'groq', 'openai', { source: 'literal', value: 'https://api.groq.com/openai/v1', target: 'groq' }],
      ['src/local.ts', 'ollama', 'openai', { source: 'literal', value: 'http://localhost:11434/v1', target: 'ollama' }],
      ['src/proxy.ts', 'openai', 'openai', { source: 'env', value: 'LITELLM_PROXY_URL', target: 'gateway' }],
    ]);
    // ordered by calls, then by files importing the SDK or naming the endpoint
    expect(inventory.providers.map((p) => [p.id, p.calls, p.importingFiles])).toEqual([['openai', 2, 5], ['groq', 1, 1], ['ollama', 1, 1], ['azure-openai', 1, 0]]);
  });

  it('attributes a call to every client its branches may hold, and never an OpenAI path to Anthropic', async () => {
    const { inventory } = await scanFixture('fixtures/facts/branch-clients');
    expect(inventory.modelCalls.map((c) => [c.file, c.line, c.provider, c.alsoProviders])).toEqual([
      ['app/chat.py', 16, 'aws-bedrock', ['anthropic']],
      ['src/complete.ts', 8, 'openai', []],
      ['src/complete.ts', 12, 'anthropic', []],
    ]);
    // The price table names a Gemini model, yet every call names its provider: Gemini is not one.
    expect(inventory.providers.map((p) => [p.id, p.calls])).toEqual([['anthropic', 2], ['openai', 1], ['aws-bedrock', 1]]);
  });

  it('names the providers a model-string router serves, from model ids, routing prefixes and key variables', async () => {
    const { inventory } = await scanFixture('fixtures/facts/routed-by-model-string');
    expect(inventory.modelCalls.map((c) => [c.file, c.line, c.provider, c.framework])).toEqual([['app/llm.py', 16, null, 'litellm']]);
    expect(inventory.providers.map((p) => [p.id, p.calls, p.configuringFiles])).toEqual([
      ['anthropic', 0, 1], ['deepseek', 0, 1], ['groq', 0, 1], ['ollama', 0, 1], ['openai', 0, 1],
    ]);
  });

  it('finds no gateway when calls are scattered and a wrapper is used by one route only', async () => {
    const { inventory } = await scanFixture('fixtures/demo-startup');
    expect(inventory.gateway.present).toBe(false);
    expect(inventory.gateway.bypassFiles).toContain('apps/api/src/lib/llm.ts');
  });

  it('follows a client factory exported by another file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arch-audit-factory-'));
    try {
      mkdirSync(join(dir, 'src', 'lib'), { recursive: true });
      writeFileSync(join(dir, 'src', 'lib', 'clients.ts'), "import OpenAI from 'openai';\nexport function getOpenAI() {\n  return new OpenAI();\n}\n");
      writeFileSync(join(dir, 'src', 'route.ts'), "import { getOpenAI } from './lib/clients';\nexport const run = () => getOpenAI().embeddings.create({ model: 'text-embedding-3-small', input: 'x' });\n");
      const report = await scanFixture(dir);
      expect(report.inventory.modelCalls.map((c) => [c.file, c.line, c.provider, c.api])).toEqual([['src/route.ts', 2, 'openai', 'embeddings.create']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses in full a file whose only model object comes from another module, through a re-export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arch-audit-promote-'));
    try {
      mkdirSync(join(dir, 'app', 'agents'), { recursive: true });
      writeFileSync(join(dir, 'app', '__init__.py'), '');
      writeFileSync(join(dir, 'app', 'agents', '__init__.py'), 'from app.agents.build import build_agent\n');
      writeFileSync(join(dir, 'app', 'agents', 'build.py'), 'from langgraph.prebuilt import create_react_agent\n\ndef build_agent(tools):\n    return create_react_agent("openai:gpt-4.1", tools)\n');
      // No provider, SDK or framework word here: without promotion this file gets an import scan only.
      writeFileSync(join(dir, 'app', 'run.py'), 'from app.agents import build_agent\n\nasync def answer(q):\n    agent = build_agent([])\n    return await agent.ainvoke({"messages": [q]})\n');
      const report = await scanFixture(dir);
      expect(report.inventory.modelCalls.map((c) => [c.file, c.line, c.framework, c.api])).toEqual([['app/run.py', 5, 'langgraph', 'create_react_agent.ainvoke']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says evals kept in a submodule are not measured, rather than absent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arch-audit-submodule-'));
    try {
      mkdirSync(join(dir, 'app'));
      writeFileSync(join(dir, 'app', 'answer.py'), 'from openai import OpenAI\n\nOpenAI().responses.create(model="gpt-4.1", input="x")\n');
      const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { stdio: 'pipe' });
      git('init', '-q');
      git('add', '.');
      // a gitlink: what a submodule looks like in a checkout made without --recurse-submodules
      git('update-index', '--add', '--cacheinfo', `160000,${'a'.repeat(40)},evals`);
      git('commit', '-qm', 'init');
      const report = await scanFixture(dir);
      expect(report.skipped).toContainEqual({ path: 'evals', reason: 'submodule' });
      expect(report.inventory.evalHarness.present).toBeNull();
      expect(report.findings.map((f) => f.ruleId)).not.toContain('no-eval-harness');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts LangSmith tracing switched on by its environment variable, and says it is only that', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arch-audit-envtrace-'));
    try {
      mkdirSync(join(dir, 'app'));
      writeFileSync(join(dir, 'app', 'chain.py'), 'import os\nfrom langchain_openai import ChatOpenAI\n\nos.environ.setdefault("LANGCHAIN_TRACING_V2", "true")\n\ndef ask(q):\n    return ChatOpenAI(model="gpt-4.1").invoke(q)\n');
      const { inventory } = await scanFixture(dir);
      expect(inventory.llmObservability).toMatchObject({ present: true, tools: ['langsmith'], evidence: ['app/chain.py'] });
      expect(inventory.llmObservability.coverage).toMatchObject({ coveredCalls: 1, totalCalls: 1, mode: 'env-flag' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts tracing switched on in a compose file as LangSmith, and reads no vector store into it', async () => {
    await inRepo({
      'app/chain.py': LANGCHAIN_CALL,
      'migration.sql': 'CREATE EXTENSION IF NOT EXISTS vector;\nCREATE TABLE docs (id serial, embedding vector(1536));\n',
      'docker-compose.yml': 'services:\n  api:\n    build: .\n    environment:\n      - LANGCHAIN_TRACING_V2=true\n      - LANGCHAIN_API_KEY=${LANGCHAIN_API_KEY}\n',
    }, async (dir) => {
      const { inventory } = await scanFixture(dir);
      expect(inventory.llmObservability).toMatchObject({ present: true, tools: ['langsmith'], evidence: ['docker-compose.yml'] });
      expect(inventory.llmObservability.coverage).toMatchObject({ coveredCalls: 1, totalCalls: 1, mode: 'env-flag' });
      expect(inventory.vectorStores.map((s) => s.id)).toEqual(['pgvector']);
    });
  });

  it('reads a tracing switch an environment template leaves empty as on by environment, and the same line in a real .env as off', async () => {
    await inRepo({ 'app/chain.py': LANGCHAIN_CALL, '.env': 'LANGSMITH_TRACING=\n' }, async (dir) => {
      const off = await scanFixture(dir);
      expect(off.inventory.llmObservability.coverage).toMatchObject({ coveredCalls: 0, totalCalls: 1, mode: null });
      writeFileSync(join(dir, '.env.example'), 'OPENAI_API_KEY=\nLANGSMITH_API_KEY=\nLANGSMITH_TRACING=\n');
      const { inventory } = await scanFixture(dir);
      expect(inventory.llmObservability).toMatchObject({ present: true, tools: ['langsmith'], evidence: ['.env.example'] });
      expect(inventory.llmObservability.coverage).toMatchObject({ coveredCalls: 1, totalCalls: 1, mode: 'env-flag' });
    });
  });

  it('records files that do not parse and goes on with the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arch-audit-broken-'));
    try {
      mkdirSync(join(dir, 'src'));
      // Files without a trigger word get only an import scan; these name an SDK, so they are parsed in full.
      writeFileSync(join(dir, 'src', 'broken.ts'), "import OpenAI from 'openai';\nexport const x = {\n  a: 1,,,\n  function (\n");
      writeFileSync(join(dir, 'src', 'broken.py'), 'import openai\ndef f(:\n    return (\n');
      writeFileSync(join(dir, 'src', 'ok.py'), 'import anthropic\n\nanthropic.Anthropic().messages.create(model="claude-3-5-haiku-latest", max_tokens=8, messages=[])\n');
      const report = await scanFixture(dir);
      expect(report.errors.map((e) => [e.kind, e.file, e.message])).toEqual([
        ['parse-error', 'src/broken.py', 'syntax error at line 2'],
        ['parse-error', 'src/broken.ts', 'syntax error at line 3'],
      ]);
      expect(report.inventory.modelCalls.map((c) => [c.file, c.line, c.provider])).toEqual([['src/ok.py', 3, 'anthropic']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('credits a product that routes by model string with the providers its model registry names, without counting them as hard-coded ids', async () => {
    const { inventory } = await scanFixture('fixtures/facts/model-registry');
    expect(inventory.modelRegistries).toEqual([{ file: 'app/resources/model-settings.yml', ids: 3, providers: ['anthropic', 'azure-openai'] }]);
    expect(inventory.providers.map((p) => [p.id, p.calls, p.configuringFiles, p.evidence])).toEqual([
      ['anthropic', 0, 1, ['app/resources/model-settings.yml']],
      ['azure-openai', 0, 1, ['app/resources/model-settings.yml']],
    ]);
    expect(inventory.modelIds).toEqual([]);
  });
});

describe('model calls wherever the client travels', () => {
  // Every file of the fixture is one path a client takes (a getter, a base class, a tuple, a registry, a
  // passed method, a runner, a lazy import, a composed URL, a fetch wrapper) beside its near miss.
  it('finds each annotated call with the providers it may reach, and nothing at the near misses', async () => {
    const dir = 'fixtures/facts/call-graph';
    const { inventory } = await scanFixture(dir);
    const expected = readCallAnnotations(dir);
    const reach = (c: (typeof inventory.modelCalls)[number]): string[] => {
      const providers = [c.provider, ...(c.alsoProviders ?? [])].filter((p): p is string => Boolean(p));
      return [...new Set(providers.length > 0 ? providers : [c.framework ?? 'unknown'])].sort();
    };
    const found = inventory.modelCalls.map((c) => ({ file: c.file, line: c.line, providers: reach(c) }));
    expect(found).toEqual(expected.filter((e) => e.providers.length > 0));
    expect(expected.filter((e) => e.providers.length === 0).length).toBeGreaterThanOrEqual(12);
    expect(inventory.unresolved).toEqual([]);
  });
});

describe('LangChain models the resolver cannot follow', () => {
  // A model a factory returns by type name, or one handed in through a method every form has: its embeddings or
  // reranker interface, a runnable's event stream or a model bound to a schema, or a chat model's method handed
  // LangChain messages, is still a model call, with low confidence.
  it('reports each such call with its reason, and none where the same method gets a dict, plain strings or an own message class', async () => {
    const dir = 'fixtures/facts/untraced-receivers/fires';
    const { inventory } = await scanFixture(dir);
    const expected = readCallAnnotations(dir);
    expect(inventory.modelCalls.map((c) => ({ file: c.file, line: c.line, providers: [c.framework ?? 'unknown'] }))).toEqual(expected.filter((e) => e.providers.length > 0));
    expect(expected.filter((e) => e.providers.length === 0)).toHaveLength(4);
    expect(inventory.modelCalls.map((c) => [c.confidence, c.reason?.replace(/^the receiver of \S+ could not be traced \([^)]*\); /, '')])).toEqual([
      ['low', 'it is handed LangChain messages'],
      ['low', 'the method is LangChain\'s embeddings interface'],
      ['low', 'the method is LangChain\'s reranker interface'],
      ['low', 'the method is LangChain\'s runnable interface'],
      ['low', 'the method is LangChain\'s runnable interface'],
      ['low', 'it is handed LangChain messages'],
      ['low', 'it is handed LangChain messages'],
      ['low', 'it is handed LangChain messages'],
    ]);
  });

  it('leaves a call of the interface\'s name to the product\'s own class that defines it with no LangChain base, unless LangChain documents are handed to it', async () => {
    const dir = 'fixtures/facts/untraced-receivers/own-wrapper';
    const { inventory } = await scanFixture(dir);
    const expected = readCallAnnotations(dir);
    expect(inventory.modelCalls.map((c) => ({ file: c.file, line: c.line, providers: [c.provider ?? c.framework ?? 'unknown'] }))).toEqual(expected.filter((e) => e.providers.length > 0));
    expect(expected.filter((e) => e.providers.length === 0)).toHaveLength(1);
  });
});

describe('a vendor\'s own repository', () => {
  it('takes its calls through its own SDK for calls to itself, and still counts its model calls', async () => {
    const { inventory } = await scanFixture('fixtures/facts/own-sdk');
    expect(inventory.modelCalls.map((c) => [c.file, c.line, c.provider])).toEqual([['letta/llm.py', 7, 'openai']]);
  });
});

describe('general observability', () => {
  it('finds health routes named /ping, /status, /heartbeat or /api/health_check in files that name nothing else the scan looks for', async () => {
    const { inventory } = await scanFixture('fixtures/facts/health-ping');
    expect(inventory.generalObservability.healthRoutes).toEqual(['app/sanic_api.py', 'app/server.py', 'src/server.ts', 'src/status.ts']);
  });
});

describe('LLM observability', () => {
  it('knows Laminar by its package, and Helicone and Cloudflare AI Gateway by their proxy hosts', async () => {
    const { inventory } = await scanFixture('fixtures/facts/tracing-tools');
    expect(inventory.llmObservability.tools).toEqual(['cloudflare-ai-gateway', 'helicone', 'laminar']);
    expect(inventory.llmObservability.evidence).toEqual(['app/llm.py', 'app/settings.py', 'worker/summarize.ts']);
    // The calls made with the client the gateway module builds, there and where it is imported, go through the gateway.
    expect(inventory.modelCalls.filter((c) => c.file.startsWith('worker/')).map((c) => c.file)).toEqual(['worker/route.ts', 'worker/summarize.ts']);
    expect(inventory.llmObservability.coverage.dark.filter((d) => d.file.startsWith('worker/'))).toEqual([]);
    // Laminar.initialize() instruments the SDKs for the whole process: a call with no decorator of its own is traced.
    expect(inventory.llmObservability.coverage.dark.filter((d) => d.file.startsWith('app/'))).toEqual([]);
  });
});

describe('LiteLLM\'s callback lists', () => {
  it('count every call made through LiteLLM as recorded once a callback is registered, and no other call', async () => {
    const coverage = async (c: string) => (await scanFixture(`fixtures/facts/litellm-callbacks/${c}`)).inventory.llmObservability.coverage;
    const hooked = await coverage('hooked');
    expect(hooked.dark).toEqual([{ file: 'app/moderate.py', line: 7 }]);
    // The file that registers the callback is the product's own tracking.
    expect(hooked.homeGrown).toEqual(['app/usage.py']);
    const unhooked = await coverage('unhooked');
    expect(unhooked.dark).toEqual([{ file: 'app/answer.py', line: 5 }, { file: 'app/moderate.py', line: 7 }]);
    expect(unhooked.homeGrown).toEqual([]);
    const finding = (await scanFixture('fixtures/facts/litellm-callbacks/hooked', ['llm-tracing-partial'])).findings.map((f) => f.message);
    expect(finding).toEqual(['1 of 2 model calls are not traced (50% covered by the LiteLLM callbacks app/usage.py registers)']);
  });
});

describe('what the product is', () => {
  it.each([
    ['fixtures/no-error-tracking/near-miss-cli', 'cli', 'the `scaffold` command installed by pyproject.toml'],
    ['fixtures/no-llm-observability/near-miss-desktop', 'desktop', 'electron in package.json'],
    ['fixtures/no-llm-observability/library-low', 'library', 'published to a registry by .github/workflows/release.yml'],
    ['fixtures/facts/command-serves', 'library', 'published to a registry by .github/workflows/release.yml'],
    ['fixtures/no-lockfile/near-miss-sdk-beside-app', 'service', 'express in apps/api/package.json'],
    ['fixtures/no-llm-observability/fires', 'unknown', 'no server, app shell, command, deployment definition or package release found'],
    ['fixtures/facts/product-kinds/browser-extension', 'desktop', 'webextension-polyfill in package.json'],
    ['fixtures/facts/product-kinds/notes-plugin', 'desktop', 'obsidian in package.json'],
    ['fixtures/facts/product-kinds/self-hosted-launcher', 'self-hosted', 'express in package.json, started by its users with Start.bat'],
    ['fixtures/facts/product-kinds/sandbox-tool-server', 'cli', 'the `fixer` command installed by pyproject.toml'],
    ['fixtures/facts/product-kinds/helper-inside-package', 'cli', 'the `kit` command installed by pyproject.toml'],
    ['fixtures/facts/product-kinds/devcontainer-only', 'unknown', 'no server, app shell, command, deployment definition or package release found'],
    ['fixtures/facts/product-kinds/sveltekit-dev-dep', 'service', '@sveltejs/kit in package.json'],
    ['fixtures/facts/product-kinds/local-web-app', 'self-hosted', 'flask in setup.py, started by its users with the `codeui` command it installs'],
    ['fixtures/facts/product-kinds/langgraph-deployment', 'service', 'deployed by langgraph.json'],
    ['fixtures/facts/product-kinds/dev-image-library', 'library', 'published to a registry by .github/workflows/release.yml'],
    ['fixtures/facts/product-kinds/app-image', 'service', 'deployed by app/Dockerfile'],
    ['fixtures/facts/product-kinds/library-with-demo-app', 'cli', 'the `ragkit` command installed by pyproject.toml'],
    ['fixtures/facts/product-kinds/service-beside-sdk', 'service', 'express in apps/api/package.json'],
  ])('%s is %s', async (dir, kind, reason) => {
    const { inventory } = await scanFixture(dir);
    expect([inventory.product.kind, inventory.product.reason]).toEqual([kind, reason]);
  });

  it('counts an eval script CI runs by its path as a harness, run on the trigger of its job', async () => {
    const { inventory } = await scanFixture('fixtures/no-eval-harness/ci-eval-script');
    expect(inventory.evalHarness).toMatchObject({
      present: true, tools: ['ci-eval-script'], evidence: ['.github/scripts/eval_run.py'],
      ciRuns: [{ file: '.github/workflows/eval-prod.yml', line: 12, job: 'eval', command: 'python .github/scripts/eval_run.py --label prod.${{ github.sha }}' }],
    });
  });
});

describe('the gateway a reader would name', () => {
  it('names the factory that picks the provider, not the one file that calls it', async () => {
    const { inventory } = await scanFixture('fixtures/facts/single-call-factory');
    expect(inventory.gateway).toMatchObject({ present: true, files: ['lib/model.ts'], kinds: ['client-module'], bypassFiles: [] });
  });

  it('names a list of provider objects the product picks from, whose handlers reach each vendor\'s request', async () => {
    const { inventory } = await scanFixture('fixtures/facts/gateway-registry-list');
    expect(inventory.gateway).toMatchObject({ present: true, files: ['src/stores/provider.ts'], kinds: ['dispatcher'], bypassFiles: [] });
  });

  it('puts a service built on the layer\'s generic base and a helper only an adapter imports behind the layer, and a module of its own beside it', async () => {
    const { inventory } = await scanFixture('fixtures/facts/gateway-reach');
    expect(inventory.gateway).toMatchObject({
      present: true,
      adapters: ['app/services/anthropic/llm.py', 'app/services/anthropic/titles.py', 'app/services/bedrock/llm.py', 'app/services/openai/llm.py'],
      bypassFiles: ['app/search.py'],
    });
  });

  it('takes a list of an agent\'s tools, one of which calls a model, for no gateway', async () => {
    const { inventory } = await scanFixture('fixtures/facts/agent-tools-list');
    expect(inventory.gateway).toMatchObject({ files: ['src/tools/summarize.ts'], kinds: ['single-file'] });
  });

  it('takes a module that builds a different SDK client for each caller for no gateway', async () => {
    const { inventory } = await scanFixture('fixtures/facts/clients-per-route');
    expect(inventory.gateway).toMatchObject({ present: false, files: [], bypassFiles: ['app/api/answer/route.ts', 'app/api/related/route.ts'] });
  });
});
