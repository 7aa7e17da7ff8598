// Infrastructure that ties a product to a vendor without showing in its model calls: vector columns
// declared in SQL and ORM schemas, the serving stack in Dockerfiles, compose files, Kubernetes manifests
// and Terraform, and the gateways and hosted platforms code and manifests name.

export type InferenceKind = 'self-hosted' | 'hosted-platform' | 'gateway';

export interface InferenceTool {
  id: string;
  kind: InferenceKind;
  label: string;
  /** manifest names (npm and normalised PyPI) */
  packages?: string[];
  /** import names */
  modules?: RegExp;
  /** hosts of URLs in code or configuration, with the port when the URL has one (`localhost:11434`) */
  hosts?: RegExp;
  /** container images in Dockerfiles, compose files and manifests */
  images?: RegExp;
  /** launch commands in Dockerfiles, compose files, Procfiles and shell scripts */
  commands?: RegExp;
  /** Terraform resource types */
  terraform?: RegExp;
}

export const INFERENCE_STACK: InferenceTool[] = [
  // Serving open-weight models on the team's own hardware.
  { id: 'vllm', kind: 'self-hosted', label: 'vLLM', packages: ['vllm'], modules: /^vllm(\.|$)/, images: /^vllm\/vllm-openai\b/, commands: /\bvllm\s+serve\b|\bvllm\.entrypoints\b/ },
  { id: 'tgi', kind: 'self-hosted', label: 'Text Generation Inference', packages: ['text-generation'], modules: /^text_generation$/, images: /^ghcr\.io\/huggingface\/text-generation-inference\b/, commands: /\btext-generation-launcher\b/ },
  { id: 'tei', kind: 'self-hosted', label: 'Text Embeddings Inference', images: /^ghcr\.io\/huggingface\/text-embeddings-inference\b/, commands: /\btext-embeddings-router\b/ },
  { id: 'triton', kind: 'self-hosted', label: 'NVIDIA Triton', packages: ['tritonclient'], modules: /^tritonclient(\.|$)/, images: /^nvcr\.io\/nvidia\/tritonserver\b/, commands: /\btritonserver\b/ },
  { id: 'ray-serve', kind: 'self-hosted', label: 'Ray Serve', modules: /^ray\.serve(\.|$)/, commands: /\bserve\s+(run|deploy)\b/ },
  { id: 'bentoml', kind: 'self-hosted', label: 'BentoML', packages: ['bentoml'], modules: /^bentoml(\.|$)/, commands: /\bbentoml\s+serve\b/ },
  { id: 'sglang', kind: 'self-hosted', label: 'SGLang', packages: ['sglang'], modules: /^sglang(\.|$)/, images: /^lmsysorg\/sglang\b/, commands: /\bsglang\.launch_server\b/ },
  { id: 'ollama', kind: 'self-hosted', label: 'Ollama', packages: ['ollama', 'ollama-ai-provider', 'ollama-ai-provider-v2', '@langchain/ollama', 'langchain-ollama'], modules: /^(ollama|ollama-ai-provider(-v2)?|@langchain\/ollama|langchain_ollama|llama_index\.llms\.ollama)$/, hosts: /^(localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal|ollama):11434$/, images: /^ollama\/ollama\b/, commands: /\bollama\s+(serve|pull|run)\b/ },
  { id: 'lm-studio', kind: 'self-hosted', label: 'LM Studio', packages: ['@lmstudio/sdk', 'lmstudio'], modules: /^(@lmstudio\/sdk|lmstudio)$/, hosts: /^(localhost|127\.0\.0\.1|host\.docker\.internal):1234$/ },
  { id: 'sentence-transformers', kind: 'self-hosted', label: 'sentence-transformers (in-process)', packages: ['sentence-transformers'], modules: /^sentence_transformers(\.|$)/ },
  { id: 'transformers.js', kind: 'self-hosted', label: 'Transformers.js (in-process)', packages: ['@xenova/transformers', '@huggingface/transformers'], modules: /^(@xenova\/transformers|@huggingface\/transformers)$/ },
  { id: 'llama.cpp', kind: 'self-hosted', label: 'llama.cpp', packages: ['llama-cpp-python', 'node-llama-cpp'], modules: /^(llama_cpp|node-llama-cpp)(\.|$)/, images: /^ghcr\.io\/(ggerganov|ggml-org)\/llama\.cpp\b/, commands: /\bllama-server\b|\bllama_cpp\.server\b/ },
  { id: 'localai', kind: 'self-hosted', label: 'LocalAI', images: /^(quay\.io\/go-skynet\/)?local-?ai\/local-?ai\b/ },
  { id: 'gpu-workload', kind: 'self-hosted', label: 'GPU workloads in Kubernetes', commands: /\bnvidia\.com\/gpu\b/ },
  // Hosted platforms that run the team's models or containers.
  { id: 'modal', kind: 'hosted-platform', label: 'Modal', packages: ['modal'], modules: /^modal$/, hosts: /\.modal\.run$/ },
  { id: 'replicate', kind: 'hosted-platform', label: 'Replicate', packages: ['replicate'], modules: /^replicate$/, hosts: /(^|\.)replicate\.(com|delivery)$/ },
  { id: 'sagemaker', kind: 'hosted-platform', label: 'SageMaker endpoints', packages: ['sagemaker', '@aws-sdk/client-sagemaker-runtime'], modules: /^(sagemaker(\.|$)|@aws-sdk\/client-sagemaker-runtime)/, hosts: /^runtime\.sagemaker\./, terraform: /^aws_sagemaker_(endpoint|model)$/ },
  { id: 'vertex-endpoints', kind: 'hosted-platform', label: 'Vertex AI endpoints', terraform: /^google_vertex_ai_endpoint$/ },
  { id: 'azure-openai-deployment', kind: 'hosted-platform', label: 'Azure OpenAI deployments', terraform: /^azurerm_cognitive_deployment$/ },
  { id: 'runpod', kind: 'hosted-platform', label: 'RunPod', packages: ['runpod'], modules: /^runpod(\.|$)/, hosts: /(^|\.)runpod\.(ai|net|io)$/ },
  { id: 'baseten', kind: 'hosted-platform', label: 'Baseten', packages: ['baseten', 'truss'], modules: /^(baseten|truss)(\.|$)/, hosts: /(^|\.)baseten\.co$/ },
  { id: 'huggingface-endpoints', kind: 'hosted-platform', label: 'Hugging Face Inference Endpoints', hosts: /\.endpoints\.huggingface\.cloud$/ },
  // Gateways between the product and the providers.
  { id: 'litellm-proxy', kind: 'gateway', label: 'LiteLLM proxy', images: /^(ghcr\.io\/berriai\/litellm|litellm\/litellm)\b/, commands: /\blitellm\s+--(config|model)\b/ },
  { id: 'portkey', kind: 'gateway', label: 'Portkey', packages: ['portkey-ai', '@portkey-ai/vercel-provider'], modules: /^(portkey_ai|portkey-ai|@portkey-ai\/)/, hosts: /(^|\.)portkey\.ai$/ },
  { id: 'openrouter', kind: 'gateway', label: 'OpenRouter', packages: ['@openrouter/ai-sdk-provider'], modules: /^@openrouter\//, hosts: /(^|\.)openrouter\.ai$/ },
  { id: 'vercel-ai-gateway', kind: 'gateway', label: 'Vercel AI Gateway', packages: ['@ai-sdk/gateway'], modules: /^@ai-sdk\/gateway$/, hosts: /^ai-gateway\.vercel\.sh$/ },
  { id: 'cloudflare-ai-gateway', kind: 'gateway', label: 'Cloudflare AI Gateway', hosts: /^gateway\.ai\.cloudflare\.com$/ },
  { id: 'helicone-gateway', kind: 'gateway', label: 'Helicone gateway', hosts: /^(oai|anthropic|gateway|ai-gateway)\.helicone\.ai$/ },
];

/**
 * LangChain and LlamaIndex vector-store classes, by the store they reach. In-memory stores keep the
 * vectors in the process: nothing to migrate, but nothing persisted either.
 */
export const FRAMEWORK_VECTOR_CLASSES: { classes: RegExp; store: string; inMemory?: true }[] = [
  { classes: /^(PGVector|PGVectorStore|PostgresVectorStore|PGEmbedding|PgvectorVectorStore)$/, store: 'pgvector' },
  { classes: /^(SupabaseVectorStore)$/, store: 'supabase' },
  { classes: /^(Chroma|ChromaVectorStore)$/, store: 'chroma' },
  { classes: /^(FAISS|FaissStore|FaissVectorStore)$/, store: 'faiss' },
  { classes: /^(Pinecone|PineconeStore|PineconeVectorStore)$/, store: 'pinecone' },
  { classes: /^(Qdrant|QdrantVectorStore)$/, store: 'qdrant' },
  { classes: /^(Weaviate|WeaviateStore|WeaviateVectorStore)$/, store: 'weaviate' },
  { classes: /^(Milvus|MilvusVectorStore|Zilliz)$/, store: 'milvus' },
  { classes: /^(LanceDB|LanceDBVectorStore)$/, store: 'lancedb' },
  { classes: /^(MongoDBAtlasVectorSearch|MongoDBAtlasVectorStore)$/, store: 'mongodb' },
  { classes: /^(RedisVectorStore|RedisVectorStoreDriver)$/, store: 'redis' },
  { classes: /^(ElasticsearchStore|ElasticVectorSearch|ElasticsearchVectorStore)$/, store: 'elasticsearch' },
  { classes: /^(OpenSearchVectorSearch|OpenSearchVectorStore|OpensearchVectorStore)$/, store: 'opensearch' },
  { classes: /^(AzureSearch|AzureAISearchVectorStore|AzureAISearchVectorStore)$/, store: 'azure-ai-search' },
  { classes: /^(AstraDB|AstraDBVectorStore)$/, store: 'astra-db' },
  { classes: /^(TurbopufferVectorStore)$/, store: 'turbopuffer' },
  { classes: /^(UpstashVectorStore)$/, store: 'upstash-vector' },
  { classes: /^(InMemoryVectorStore|MemoryVectorStore|DocArrayInMemorySearch)$/, store: 'langchain-inmemory', inMemory: true },
  { classes: /^(SimpleVectorStore|VectorStoreIndex|GPTVectorStoreIndex)$/, store: 'llamaindex-simplevectorstore', inMemory: true },
];

/** A LangChain or LlamaIndex vector-store class, in memory or not: what embeds through the model it is handed. */
export function isVectorStoreClass(name: string): boolean {
  return FRAMEWORK_VECTOR_CLASSES.some((c) => c.classes.test(name));
}

/** Vector-store ids whose vectors live only in the process. */
export const IN_MEMORY_STORES = new Set(FRAMEWORK_VECTOR_CLASSES.filter((c) => c.inMemory).map((c) => c.store));

/** Options that hand a LlamaIndex index a real store: without one, `VectorStoreIndex` keeps vectors in memory. */
export const LLAMAINDEX_STORE_KEYS = /^(storage_context|vector_store|storageContext|vectorStore)$/;

/**
 * Option keys and constructors that declare a vector dimension: pgvector `Vector(1536)`, Pinecone
 * `create_index(dimension=1536)`, Qdrant `VectorParams(size=1536)`, Milvus `FieldSchema(dim=1536)`,
 * Drizzle `vector('embedding', { dimensions: 1536 })`, Django `VectorField(dimensions=1536)`.
 */
export const DIMENSION_KEYS = /^(dimension|dimensions|dim|DIM|dims|embedding_dim|embedding_dimension|embeddingDimension|embeddingDimensions|vector_size|vectorSize|numDimensions|num_dimensions)$/;
export const DIMENSION_CONSTRUCTORS = /(^|\.)(Vector|HalfVector|VectorField|HalfVectorField|VectorParams|vector|halfvec|Index(Flat|HNSW|IVF|LSH|PQ)\w*)$/;
/** A qdrant `VectorParams(size=...)`: `size` is a dimension only there. */
export const DIMENSION_SIZE_CONSTRUCTORS = /(^|\.)VectorParams$/;

/** Embedding models with the dimension of the vectors they return (their default, where it can be lowered). */
export const EMBEDDING_MODELS: { id: RegExp; provider: string; dimensions: number; hosted: boolean }[] = [
  { id: /^text-embedding-3-small$/, provider: 'openai', dimensions: 1536, hosted: true },
  { id: /^text-embedding-3-large$/, provider: 'openai', dimensions: 3072, hosted: true },
  { id: /^text-embedding-ada-002$/, provider: 'openai', dimensions: 1536, hosted: true },
  { id: /^voyage-(3|3\.5|large-2|code-2|finance-2|law-2)$/, provider: 'other:voyageai', dimensions: 1024, hosted: true },
  { id: /^voyage-(3-lite|3\.5-lite)$/, provider: 'other:voyageai', dimensions: 512, hosted: true },
  { id: /^voyage-(3-large|code-3)$/, provider: 'other:voyageai', dimensions: 1024, hosted: true },
  { id: /^voyage-(2|01|lite-02-instruct)$/, provider: 'other:voyageai', dimensions: 1024, hosted: true },
  { id: /^embed-(english|multilingual)-v3\.0$/, provider: 'cohere', dimensions: 1024, hosted: true },
  { id: /^embed-(english|multilingual)-light-v3\.0$/, provider: 'cohere', dimensions: 384, hosted: true },
  { id: /^embed-v4\.0$/, provider: 'cohere', dimensions: 1536, hosted: true },
  { id: /^(models\/)?text-embedding-00[45]$/, provider: 'google-gemini', dimensions: 768, hosted: true },
  { id: /^(models\/)?(gemini-embedding-001|gemini-embedding-exp.*)$/, provider: 'google-gemini', dimensions: 3072, hosted: true },
  { id: /^(models\/)?embedding-001$/, provider: 'google-gemini', dimensions: 768, hosted: true },
  { id: /^textembedding-gecko(@\d+)?$|^text-multilingual-embedding-002$/, provider: 'google-vertex', dimensions: 768, hosted: true },
  { id: /^amazon\.titan-embed-text-v1$/, provider: 'aws-bedrock', dimensions: 1536, hosted: true },
  { id: /^amazon\.titan-embed-text-v2(:0)?$/, provider: 'aws-bedrock', dimensions: 1024, hosted: true },
  { id: /^cohere\.embed-(english|multilingual)-v3$/, provider: 'aws-bedrock', dimensions: 1024, hosted: true },
  { id: /^mistral-embed$/, provider: 'mistral', dimensions: 1024, hosted: true },
  { id: /^jina-embeddings-v[23].*$/, provider: 'other:jina', dimensions: 1024, hosted: true },
  // Open weights: the team can run them anywhere, so the vectors are not tied to a vendor.
  { id: /^([\w.-]+\/)?nomic-embed-text(-v1(\.5)?)?(:latest)?$/i, provider: 'open-weights', dimensions: 768, hosted: false },
  { id: /^([\w.-]+\/)?mxbai-embed-large(-v1)?(:latest)?$/i, provider: 'open-weights', dimensions: 1024, hosted: false },
  { id: /^([\w.-]+\/)?all-MiniLM-L(6|12)-v2$/i, provider: 'open-weights', dimensions: 384, hosted: false },
  { id: /^([\w.-]+\/)?all-mpnet-base-v2$/i, provider: 'open-weights', dimensions: 768, hosted: false },
  { id: /^([\w.-]+\/)?bge-small-en(-v1\.5)?$/i, provider: 'open-weights', dimensions: 384, hosted: false },
  { id: /^([\w.-]+\/)?bge-base-en(-v1\.5)?$/i, provider: 'open-weights', dimensions: 768, hosted: false },
  { id: /^([\w.-]+\/)?bge-large-en(-v1\.5)?$|^([\w.-]+\/)?bge-m3$/i, provider: 'open-weights', dimensions: 1024, hosted: false },
  { id: /^([\w.-]+\/)?gte-small$/i, provider: 'open-weights', dimensions: 384, hosted: false },
  { id: /^([\w.-]+\/)?gte-base$/i, provider: 'open-weights', dimensions: 768, hosted: false },
  { id: /^([\w.-]+\/)?gte-large$/i, provider: 'open-weights', dimensions: 1024, hosted: false },
  { id: /^([\w.-]+\/)?(multilingual-)?e5-small(-v2)?$/i, provider: 'open-weights', dimensions: 384, hosted: false },
  { id: /^([\w.-]+\/)?(multilingual-)?e5-base(-v2)?$/i, provider: 'open-weights', dimensions: 768, hosted: false },
  { id: /^([\w.-]+\/)?(multilingual-)?e5-large(-v2)?$/i, provider: 'open-weights', dimensions: 1024, hosted: false },
];

/** Names an embedding model even when its dimension is not catalogued: `*-embed-*`, `*-embedding-*`. */
export const EMBEDDING_ID_HINT = /embed|embedding|minilm|mpnet|bge-|e5-|gte-/i;

/** Modules whose calls may declare a vector dimension: vector-store SDKs, ORMs with vector columns, frameworks. */
export const VECTOR_SCHEMA_MODULES = /^(redis\.commands\.search|faiss|pgvector|drizzle-orm|qdrant_client|@qdrant\/|pymilvus|@zilliz\/|pinecone|@pinecone-database\/|weaviate|lancedb|@lancedb\/|chromadb|sqlalchemy|django|langchain|@langchain\/|llama_index|@llamaindex\/|redisvl|@upstash\/vector|upstash_vector|turbopuffer|@turbopuffer\/|pg_vector|psycopg|prisma|@prisma\/)/;

// Files where infrastructure is declared. Workflow files are CI, not the product's runtime.
const SQL_FILE = /\.(sql|prisma)$/i;
const INFRA_FILE = /(^|\/)(Dockerfile[^/]*|[^/]*\.dockerfile|Procfile)$|\.(ya?ml|tf|sh)$/i;
const CI_DIR = /^\.(github|gitlab|circleci|buildkite)\//;

export function isSchemaFile(path: string): boolean {
  return SQL_FILE.test(path);
}

export function isInfraFile(path: string): boolean {
  return !CI_DIR.test(path) && (SQL_FILE.test(path) || INFRA_FILE.test(path));
}

/** One cheap test before the patterns run. */
export const INFRA_HINT = /vector|vec0|image:|FROM\s|resource\s+"|serve|launcher|litellm|tritonserver|llama|nvidia\.com\/gpu|ollama/i;

/**
 * Framework embedding classes by the provider whose model they call (LangChain `OpenAIEmbeddings`,
 * LlamaIndex `OpenAIEmbedding`, Haystack embedders). `open-weights` and `ollama` run anywhere.
 */
export const EMBEDDING_CLASSES: { classes: RegExp; provider: string }[] = [
  { classes: /^(AzureOpenAIEmbeddings?|AzureOpenAI(Text|Document)Embedder)$/, provider: 'azure-openai' },
  { classes: /^(OpenAIEmbeddings?|OpenAI(Text|Document)Embedder)$/, provider: 'openai' },
  { classes: /^(VoyageEmbeddings?|VoyageAIEmbeddings?)$/, provider: 'other:voyageai' },
  { classes: /^(CohereEmbeddings?|Cohere(Text|Document)Embedder)$/, provider: 'cohere' },
  { classes: /^(GoogleGenerativeAIEmbeddings|GeminiEmbedding|GoogleGenAIEmbedding)$/, provider: 'google-gemini' },
  { classes: /^(VertexAIEmbeddings|VertexTextEmbedding)$/, provider: 'google-vertex' },
  { classes: /^(BedrockEmbeddings?)$/, provider: 'aws-bedrock' },
  { classes: /^(MistralAIEmbeddings?)$/, provider: 'mistral' },
  { classes: /^(JinaEmbeddings?)$/, provider: 'other:jina' },
  { classes: /^(OllamaEmbeddings?)$/, provider: 'ollama' },
  // an OpenAI-compatible server: hosted by a vendor or by the team, the configuration decides
  { classes: /^(OpenAILikeEmbedding|OpenAICompatibleEmbeddings?)$/, provider: 'openai-compatible' },
  { classes: /^(HuggingFaceEmbeddings?|HuggingFaceBgeEmbeddings|SentenceTransformerEmbeddings|SentenceTransformer|FastEmbedEmbeddings?|Sentence(Transformers)?(Text|Document)Embedder)$/, provider: 'open-weights' },
];

/** Providers whose embedding models the team can run itself: vectors made with them are not tied to a vendor. */
/** Libraries that run embedding models in-process: their classes count even though they call no provider. */
export const LOCAL_EMBEDDING_MODULES = /^(sentence_transformers|fastembed|@xenova\/transformers|@huggingface\/transformers)(\.|$)/;

export const SELF_RUN_EMBEDDINGS = new Set(['open-weights', 'ollama']);
/** Embedding endpoints whose host is configuration: neither hosted by one vendor nor known to be self-run. */
export const OPEN_ENDPOINT_EMBEDDINGS = new Set(['openai-compatible']);

/**
 * General databases that hold vectors when the product's own vector-store layer talks to them: their
 * drivers, and the store each stands for. Importing one elsewhere says nothing about vectors.
 */
export const DATABASE_DRIVER_STORES: { store: string; modules: RegExp }[] = [
  { store: 'cassandra', modules: /^(cassandra(\.|$)|cassandra-driver$)/ },
  { store: 'mongodb', modules: /^(pymongo|motor|mongodb)(\.|$)/ },
  { store: 'redis', modules: /^(redis|ioredis|valkey|glide|@valkey\/valkey-glide)(\.|$)/ },
  { store: 'elasticsearch', modules: /^(elasticsearch|@elastic\/elasticsearch)(\.|$)/ },
  { store: 'opensearch', modules: /^(opensearchpy|@opensearch-project\/opensearch)(\.|$)/ },
  { store: 'pgvector', modules: /^(psycopg|psycopg2|asyncpg|pg|postgres)(\.|$)/ },
];

/**
 * Vector search through a general database's own API: MongoDB Atlas `$vectorSearch` stages, Elasticsearch
 * and OpenSearch `knn` queries (also held in a variable passed to the call), Redis search `VectorField`
 * schemas, S3 Vectors and Vertex AI Vector Search operations.
 */
export const VECTOR_SEARCH_HINTS: { store: string; key?: RegExp; path?: RegExp; call?: RegExp; modules?: RegExp }[] = [
  { store: 'mongodb', key: /^\$vectorSearch$/ },
  // S3 Vectors through the AWS SDK: its operations are its own.
  { store: 's3-vectors', call: /(^|\.)(query_vectors|put_vectors|create_vector_bucket|create_index|QueryVectorsCommand|PutVectorsCommand)$/, modules: /^(boto3|aioboto3|@aws-sdk\/client-s3vectors)(\.|$)/ },
  // Vertex AI Vector Search (Matching Engine) through the aiplatform SDK.
  { store: 'vertex-ai-vector-search', call: /(^|\.)(MatchingEngineIndexEndpoint|MatchingEngineIndex)(\.|$)/, modules: /^(google\.cloud|vertexai)(\.|$)/ },
  // Cloudflare Vectorize through the Cloudflare SDK.
  { store: 'cloudflare-vectorize', call: /(^|\.)vectorize\.indexes\.(query|insert|upsert|getByIds|deleteByIds)$/, modules: /^cloudflare$/ },
  { store: 'elasticsearch', key: /^knn$/, modules: /^(elasticsearch|@elastic\/elasticsearch)(\.|$)/ },
  { store: 'opensearch', key: /^knn$/, modules: /^(opensearchpy|opensearch|@opensearch-project\/opensearch)(\.|$)/ },
  { store: 'redis', path: /^VectorField$/, modules: /^redis\.commands\.search/ },
];
