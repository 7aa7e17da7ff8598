import { describe, expect, it } from 'vitest';
import { scanFixture } from './support/scan-fixture.ts';

// Vendor lock-in facts on fixtures written for them: vector stores and how they are reached, the
// embedding models behind stored vectors, the inference stack, and the migration surface per vendor.

describe('vector stores, embeddings and migration surface', () => {
  it('reads pgvector from SQL migrations and an RPC similarity search, behind one adapter', async () => {
    const { inventory } = await scanFixture('fixtures/facts/pgvector-supabase');
    const migration = 'supabase/migrations/20240101000000_init.sql';
    expect(inventory.vectorStores).toEqual([{
      id: 'pgvector', files: 2, evidence: ['lib/retrieval.ts', migration], inMemory: false, via: ['sql'],
      // the RPC to `count_rows` is not a similarity search
      directCalls: [{ file: 'lib/retrieval.ts', line: 7 }],
      adapter: ['lib/retrieval.ts'], throughAdapter: ['app/api/chat/route.ts'],
      dimensions: [{ file: migration, line: 6, value: 1536 }, { file: migration, line: 11, value: 1536 }],
    }]);
    expect(inventory.embeddings).toEqual({
      sources: [{ model: 'text-embedding-3-small', provider: 'openai', dimensions: 1536, hosted: true, via: 'model-id', locations: [{ file: 'lib/embed.ts', line: 6 }] }],
      persisted: true, lockedTo: ['openai'],
      declared: [{ file: migration, line: 6, value: 1536, store: 'pgvector' }, { file: migration, line: 11, value: 1536, store: 'pgvector' }],
      mismatches: [],
    });
    const pg = inventory.migrationSurface.find((m) => m.vendor === 'pgvector');
    // 8 (new store) + 4 (one adapter file) + 2 (two declared dimensions), x1.5 with no eval harness
    expect(pg).toMatchObject({ kind: 'vector-store', adapter: ['lib/retrieval.ts'], schemaSites: 2, effortHours: 21 });
    const openai = inventory.migrationSurface.find((m) => m.vendor === 'openai');
    // 4 + 0.5 (call in the gateway) + 0.5 (file) + 0.25 (model id) + 8 (re-embed), x1.5
    expect(openai).toMatchObject({ kind: 'model-provider', callSites: 1, callSitesInGateway: 1, modelIdOccurrences: 1, reembed: true, effortHours: 20 });
  });

  it('reads pgvector from a similarity query run through a raw driver (creating the table is set-up), leaves migrations out of the callers, and does not trace a factory that returns a different store per branch', async () => {
    const report = await scanFixture('fixtures/facts/pgvector-raw-sql');
    // `vectors.toString()` on a module once sank the scan: inherited names are not bindings
    expect(report.errors).toEqual([]);
    expect(report.inventory.vectorStores).toEqual([
      {
        id: 'pgvector', files: 2, evidence: ['server/migrations/001_chunks.js', 'server/vectors/pg.js'], inMemory: false, via: ['sql'],
        directCalls: [{ file: 'server/vectors/pg.js', line: 12 }], adapter: ['server/vectors/pg.js'], throughAdapter: ['server/vectors/index.js'],
        dimensions: [{ file: 'server/migrations/001_chunks.js', line: 3, value: 768 }, { file: 'server/vectors/pg.js', line: 5, value: 768 }],
      },
      {
        id: 'qdrant', files: 1, evidence: ['server/vectors/qdrant.js'], inMemory: false, via: ['sdk'],
        directCalls: [{ file: 'server/vectors/qdrant.js', line: 3 }], adapter: ['server/vectors/qdrant.js'], throughAdapter: ['server/vectors/index.js'], dimensions: [],
      },
    ]);
  });

  it('reads stores behind LangChain and LlamaIndex classes, tells in-memory ones apart, and flags a dimension no model returns', async () => {
    const { inventory } = await scanFixture('fixtures/facts/vector-frameworks');
    expect(inventory.vectorStores.map((s) => [s.id, s.inMemory, s.via, s.directCalls.map((c) => `${c.file}:${c.line}`), s.dimensions.map((d) => d.value)])).toEqual([
      ['chroma', false, ['framework'], ['app/index.py:5'], []],
      ['pinecone', false, ['sdk'], ['app/pinecone_setup.py:3'], [1536]],
      // the LlamaIndex index given a Qdrant store is not the in-memory default
      ['qdrant', false, ['framework', 'sdk'], ['app/kb.py:5'], []],
      ['llamaindex-simplevectorstore', true, ['framework'], ['app/help.py:6'], []],
    ]);
    expect(inventory.embeddings.sources).toEqual([
      { model: 'text-embedding-3-large', provider: 'openai', dimensions: 3072, hosted: true, via: 'model-id', locations: [{ file: 'app/index.py', line: 4 }] },
    ]);
    expect(inventory.embeddings.lockedTo).toEqual(['openai']);
    expect(inventory.embeddings.mismatches).toEqual([{ declared: { file: 'app/pinecone_setup.py', line: 7, value: 1536 }, models: ['text-embedding-3-large'] }]);
    expect(inventory.migrationSurface.map((m) => [m.vendor, m.kind, m.effortHours])).toEqual([
      // 4 + 1.5 (the store's write embeds through it: one call site) + 0.5 (file) + 0.25 (model id) + 8 (re-embed), x1.5: its embeddings are stored
      ['openai', 'model-provider', 21.5],
      // 8 + 4 (adapter) + 1 (dimension), x1.5
      ['pinecone', 'vector-store', 19.5],
      ['chroma', 'vector-store', 18],
      ['qdrant', 'vector-store', 18],
      // 8 + 2 call sites + 2 files x 0.5, x1.5
      ['llamaindex', 'framework', 16.5],
      // LangChain, used for its store classes, is a dependency to leave as well; the store's write is its one model call site (+1, x1.5)
      ['langchain', 'framework', 14.5],
    ]);
  });

  it('reads the inference stack from compose files, Kubernetes, Terraform, imports, manifests and URLs, not from CI, examples or a manifest alone', async () => {
    const { inventory } = await scanFixture('fixtures/facts/inference-stack');
    expect(inventory.inferenceStack.map((c) => [c.id, c.kind, c.sources, c.evidence])).toEqual([
      ['vllm', 'self-hosted', ['infra'], ['docker-compose.yml']],
      ['tei', 'self-hosted', ['infra'], ['k8s/embedder.yaml']],
      ['triton', 'self-hosted', ['infra'], ['scripts/serve.sh']],
      ['ray-serve', 'self-hosted', ['infra'], ['scripts/serve.sh']],
      ['bentoml', 'self-hosted', ['infra'], ['scripts/serve.sh']],
      ['ollama', 'self-hosted', ['url'], ['app/local.py']],
      ['sentence-transformers', 'self-hosted', ['code'], ['app/local.py']],
      ['gpu-workload', 'self-hosted', ['infra'], ['k8s/embedder.yaml']],
      ['modal', 'hosted-platform', ['code', 'manifest'], ['app/main.py', 'pyproject.toml']],
      ['replicate', 'hosted-platform', ['code'], ['app/platforms.py']],
      ['sagemaker', 'hosted-platform', ['infra'], ['infra/main.tf']],
      // runpod is declared in pyproject.toml and never imported: it may run jobs, not inference
      ['baseten', 'hosted-platform', ['code'], ['app/platforms.py']],
      ['litellm-proxy', 'gateway', ['infra'], ['docker-compose.yml']],
      ['portkey', 'gateway', ['code', 'manifest'], ['web/models.ts', 'web/package.json']],
      ['openrouter', 'gateway', ['code', 'manifest'], ['web/models.ts', 'web/package.json']],
      ['vercel-ai-gateway', 'gateway', ['code', 'manifest'], ['web/models.ts', 'web/package.json']],
      ['cloudflare-ai-gateway', 'gateway', ['url'], ['app/main.py']],
    ]);
    expect(inventory.vectorStores).toEqual([]);
  });

  it('gives a framework no migration row in the repository that publishes it', async () => {
    const { inventory } = await scanFixture('fixtures/facts/framework-package');
    expect(inventory.modelCalls.map((c) => [c.file, c.framework])).toEqual([['litellm_ext/router.py', 'litellm']]);
    expect(inventory.migrationSurface.filter((m) => m.kind === 'framework')).toEqual([]);
  });

  it('reads vector search through general databases: MongoDB $vectorSearch, Elasticsearch knn, Redis VectorField', async () => {
    const { inventory } = await scanFixture('fixtures/facts/vector-search-apis');
    // the `$match` pipeline and the keyword searches are not vector search; a query held in a variable is read
    // where it was built, on the client the call resolves to; S3 Vectors and Vertex AI Vector Search by their own operations
    expect(inventory.vectorStores.map((v) => [v.id, v.directCalls, v.dimensions.map((d) => d.value)])).toEqual([
      ['elasticsearch', [{ file: 'app/memories.py', line: 13 }, { file: 'src/articles.ts', line: 6 }], []],
      ['mongodb', [{ file: 'app/memories.py', line: 21 }, { file: 'src/products.ts', line: 4 }], []],
      // the product's vector-store layer over a plain database driver; the audit log's use of the same driver is not
      ['cassandra', [{ file: 'app/vector_stores/wide_rows.py', line: 2 }], []],
      ['cloudflare-vectorize', [{ file: 'src/edge-index.ts', line: 14 }], []],
      // a shared connection held on the class, imported where it is first opened
      ['opensearch', [{ file: 'app/passages.py', line: 19 }], []],
      ['redis', [{ file: 'app/cache.py', line: 10 }], [384]],
      ['s3-vectors', [{ file: 'app/s3_store.py', line: 7 }], []],
      ['vertex-ai-vector-search', [{ file: 'app/vertex_store.py', line: 5 }], []],
    ]);
  });

  it('knows each store of the catalogue, its SDK call and the dimensions it declares', async () => {
    const { inventory } = await scanFixture('fixtures/facts/store-catalogue');
    expect(inventory.vectorStores.map((v) => [v.id, v.via, v.directCalls.map((c) => `${c.file}:${c.line}`), v.dimensions.map((d) => d.value)])).toEqual([
      // Prisma `Unsupported("vector(3072)")` and Drizzle `vector('embedding', { dimensions: 1536 })` declare columns, they call nothing
      ['pgvector', ['sql'], [], [3072, 1536]],
      ['astra-db', ['sdk'], ['py/astra_store.py:3'], []],
      ['azure-ai-search', ['sdk'], ['py/azure_search_store.py:4'], []],
      ['faiss', ['sdk'], ['py/faiss_store.py:3'], [384]],
      ['lancedb', ['sdk'], ['py/lance_store.py:3'], []],
      ['milvus', ['sdk'], ['py/milvus_store.py:3'], [1024]],
      ['opensearch', ['sdk'], ['py/opensearch_store.py:7'], []],
      ['sqlite-vec', ['sql'], [], [768]],
      ['supabase', ['framework', 'sdk'], ['ts/supabase-store.ts:4'], []],
      ['turbopuffer', ['sdk'], ['py/turbopuffer_store.py:3'], []],
      ['upstash-vector', ['sdk'], ['py/upstash_store.py:3'], []],
      ['weaviate', ['sdk'], ['py/weaviate_store.py:3'], []],
    ]);
  });

  // Building or searching a store embeds through its embedding class, but that is store access, not a model call of the product's.
  it('takes a JavaScript `langchain/...` subpath import for LangChain: an in-memory store, whose index is embedded through OpenAI', async () => {
    const { inventory } = await scanFixture('fixtures/embeddings-locked-to-provider/near-miss-in-memory');
    expect(inventory.vectorStores.map((v) => [v.id, v.inMemory])).toEqual([['langchain-inmemory', true]]);
    expect(inventory.modelCalls.map((c) => [c.file, c.line, c.provider, c.framework, c.api])).toEqual([['src/faq.ts', 7, 'openai', 'langchain', 'MemoryVectorStore.fromTexts']]);
  });

  it('takes an OpenAI-compatible embedding class for a configurable endpoint, not for OpenAI', async () => {
    const { inventory } = await scanFixture('fixtures/embeddings-locked-to-provider/fires-low-openai-compatible');
    expect(inventory.modelCalls.map((c) => [c.file, c.line, c.provider, c.api])).toEqual([['app/embedding.py', 13, null, 'OpenAILikeEmbedding.get_text_embedding']]);
    expect(inventory.embeddings.sources.map((s) => [s.model, s.provider, s.hosted])).toEqual([
      ['local-embedder', 'openai-compatible', null],
      ['text-embedding-3-small', 'openai', true],
    ]);
    expect(inventory.embeddings.lockedTo).toEqual(['openai']);
  });
});
