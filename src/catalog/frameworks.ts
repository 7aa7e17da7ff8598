// Multi-provider frameworks: a call through one of them reaches a model without naming a provider SDK.
// `calls` is matched against the origin path with its `()` markers kept, so `ChatOpenAI().invoke` (an
// instance method) can be told from `ChatOpenAI.invoke`.

export interface Framework {
  id: string;
  modules: RegExp;
  calls: RegExp;
  /** the framework is itself a gateway in front of providers (LiteLLM, Portkey, OpenRouter) */
  gateway?: boolean;
  /** its calls run an agent on a model it was handed: the model's options (timeout, output cap) are set where the model was built */
  runsAgents?: true;
  /** its calls reach a model only through the embedding model they were built with, which must be a provider's */
  embedsThrough?: true;
}

// Methods that run a LangChain model, chain or agent.
const LC_METHODS = 'combine_docs|acombine_docs|apply|aapply|invoke|ainvoke|stream|astream|batch|abatch|predict|apredict|predict_messages|apredict_messages|generate|agenerate|call|acall|run|arun|stream_events|astream_events|streamEvents|embed_query|aembed_query|embed_documents|aembed_documents|embedQuery|embedDocuments';
// The classes that hold a model: chat models and LLMs, embeddings, chains, agents, runnables, and the functions that
// build chains and agent executors (`initialize_agent`, `load_qa_chain`, `create_sql_agent`). Tools,
// loaders, splitters, retrievers over a store, prompt templates and API wrappers (`WikipediaAPIWrapper().run`) do not.
const LC_MODEL_CLASS = '(Chat[A-Z]\\w*|\\w*ChatModel|BaseLanguageModel|LanguageModelLike|\\w*LLM|\\w*Embeddings|OpenAI|AzureOpenAI|Anthropic|Ollama|Cohere|Bedrock|VertexAI|Replicate|HuggingFace\\w*|\\w*Chain|AgentExecutor|Runnable\\w*|\\w*Agent|init_chat_model|initChatModel|initialize_agent|initializeAgentExecutor\\w*|load_\\w+_chain|load[A-Z]\\w*Chain|create_\\w+_agent)';
// Chains and agent executors: they run the model they were built with.
const LC_CHAIN = '(\\w*Chain|AgentExecutor|initialize_agent|load_\\w+_chain|create_\\w+_agent)';
// Chains, agent executors and legacy LLMs run when called themselves (`agent(instruction)`, `chain({"question": q})`).
const LC_CALLABLE = `(${LC_CHAIN}|\\w*LLM)`;

/** The API of a LangChain chain's or agent executor's run (`LLMMathChain.from_llm.run`, `initialize_agent`): the model it calls was handed to it. */
export const LC_CHAIN_RUN = new RegExp(`(^|\\.)${LC_CHAIN}((\\.\\w+)?\\.\\w+)?$`);
// A constructed model class or factory, then optional configuration calls (`.bind_tools()`), then an inference method.
// A class's static builder stands for its constructor (`RunnableSequence.from([...])`, `LLMChain.from_llm(...)`); a prompt
// template built or formatted (`ChatPromptTemplate.fromTemplate(...).invoke`) runs no model.
const lcInstanceCall = new RegExp(`(^|\\.)(?!\\w*PromptTemplate\\b)${LC_MODEL_CLASS}(\\.(from|from_\\w+|from[A-Z]\\w*))?\\(\\)(\\.\\w+\\(\\))*\\.(${LC_METHODS})$|(^|\\.)${LC_CALLABLE}(\\.(from_\\w+|from[A-Z]\\w*))?\\(\\)$`);

// A vector store's builders, writes and searches embed through the model the store was built with. They count as
// model calls only where that model is known to be a provider's (`embedsThrough`): a store handed in says nothing of it.
/** A store's builders that embed the documents they are given (`FAISS.from_documents(docs, embeddings)`). */
export const EMBEDDING_BUILDER = /(^|\.)[A-Z]\w*\.(a?from_documents|a?from_texts|fromDocuments|fromTexts)$/;
const lcStoreCall = new RegExp(`${EMBEDDING_BUILDER.source}|(^|\\.)[A-Z]\\w*(\\.(from_\\w+|from[A-Z]\\w*|load_local|loadLocal|initialize|load))?\\(\\)(\\.\\w+\\(\\))*\\.(a?add_documents|a?add_texts|a?similarity_search\\w*|a?max_marginal_relevance_search\\w*|addDocuments|similaritySearch\\w*|maxMarginalRelevanceSearch)$`);

/** Vercel AI SDK provider packages: `@ai-sdk/openai` and community providers. */
export const AI_SDK_PROVIDER_MODULES = /^(@ai-sdk\/(?!react$|ui-utils$|provider$|provider-utils$|rsc$|svelte$|vue$|solid$)[a-z0-9-]+|@openrouter\/ai-sdk-provider|ollama-ai-provider(-v2)?|@portkey-ai\/vercel-provider)$/;

export const FRAMEWORKS: Framework[] = [
  {
    id: 'vercel-ai-sdk',
    modules: new RegExp(`^ai$|${AI_SDK_PROVIDER_MODULES.source}`),
    // Functions, and the agent classes whose runs call the model (`new ToolLoopAgent(...)` then `.generate()` elsewhere);
    // a provider package's model driven through its low-level interface (`openai.chat('gpt-4o').doGenerate(...)`).
    calls: /^(generateText|streamText|generateObject|streamObject|embed|embedMany|rerank|experimental_generateImage|generateImage|experimental_generateSpeech|experimental_transcribe|(ToolLoopAgent|Experimental_Agent|Agent)\(\)\.(generate|stream))$|^\w[\w.()]*\(\)\.(doGenerate|doStream|doEmbed)$/,
  },
  {
    id: 'langchain',
    modules: /^(@langchain\/|langchain(_[a-z_]+)?(\.|$)|langchain(\/|$))/,
    calls: lcInstanceCall,
  },
  { id: 'langchain', modules: /^(@langchain\/|langchain(_[a-z_]+)?(\.|$)|langchain(\/|$))/, calls: lcStoreCall, embedsThrough: true },
  // LangGraph's prebuilt agent, and LangChain 1.0's `create_agent`, which builds the same graph.
  { id: 'langgraph', runsAgents: true, modules: /^(langgraph\.prebuilt|@langchain\/langgraph\/prebuilt|langchain\.agents|langchain)$/, calls: /(^|\.)(create_react_agent|createReactAgent|create_agent|createAgent)\(\)\.(a?invoke|a?stream|streamEvents|astream_events|a?batch)$/ },
  { id: 'deepagents', runsAgents: true, modules: /^deepagents(\.|$)/, calls: /(^|\.)(create_deep_agent|async_create_deep_agent|createDeepAgent)\(\)\.(a?invoke|a?stream|astream_events)$/ },
  { id: 'llamaindex', modules: /^(llama_index(\.|$)|llamaindex$|@llamaindex\/)/, calls: /(^|\.)[A-Z]\w*(\.from_\w+)?\(\)(\.\w+\(\))*\.(complete|acomplete|chat|achat|stream_chat|astream_chat|stream_complete|astream_complete|a?predict|a?stream|a?chat_with_tools|a?predict_and_call|a?structured_predict|a?stream_structured_predict|a?get_text_embedding(_batch)?|a?get_query_embedding|a?get_agg_embedding_from_queries)$|(^|\.)get_response_synthesizer\(\)\.a?(synthesize|get_response)$|(^|\.)(as_retriever\(\)\.a?retrieve|as_query_engine\(\)\.a?query|as_chat_engine\(\)\.(a?chat|a?stream_chat))$|(^|\.)\w*QueryEngine(\.from_\w+)?\(\)\.a?(query|synthesize)$|(^|\.)(VectorStoreIndex(\.from_\w+)?\(\)|VectorIndexRetriever\(\)\._index)\.(a?insert_nodes|a?insert|refresh_ref_docs)$|(^|\.)VectorIndexRetriever\(\)\.a?retrieve$|^(VectorStoreIndex|DocumentSummaryIndex|TreeIndex|KeywordTableIndex|KnowledgeGraphIndex|PropertyGraphIndex)(\.from_documents)?$/ },
  { id: 'litellm', modules: /^litellm(\.|$)/, calls: /(^|\.)(completion|acompletion|text_completion|atext_completion|embedding|aembedding|transcription|atranscription|image_generation|aimage_generation|responses|aresponses|speech|aspeech|rerank|arerank)$/, gateway: true },
  { id: 'instructor', modules: /^(instructor|@instructor-ai\/instructor)$/, calls: /(^|\.)(chat\.completions\.(create|create_partial|create_iterable|create_with_completion)|messages\.create|create)$/ },
  { id: 'pydantic-ai', modules: /^pydantic_ai(\.|$)/, calls: /(^|\.)Agent\(\)\.(run|run_sync|run_stream|iter)$/ },
  { id: 'pydantic-deep', runsAgents: true, modules: /^pydantic_deep(\.|$)/, calls: /(^|\.)(create_deep_agent|DeepAgent)\(\)\.(run|run_sync|run_stream|iter)$/ },
  // The Runner runs an agent; other objects of the package have a `run` too (a guardrail's runs its check).
  { id: 'openai-agents', runsAgents: true, modules: /^(agents|agents\.run|@openai\/agents)$/, calls: /(^|\.)Runner\.(run|run_sync|run_streamed)$|^run$/ },
  { id: 'crewai', runsAgents: true, modules: /^crewai(\.|$)/, calls: /(^|\.)(Crew\(\)\.(kickoff|kickoff_async|kickoff_for_each)|LLM\(\)\.call)$/ },
  { id: 'haystack', modules: /^(haystack|haystack_integrations)(\.|$)/, calls: /(^|\.)\w*(Generator|Embedder)\(\)\.run(_async)?$/ },
  { id: 'dspy', modules: /^dspy(\.|$)/, calls: /(^|\.)(LM\(\)|(Predict|ChainOfThought|ReAct|ProgramOfThought|TypedPredictor|TypedChainOfThought|MultiChainComparison|ChainOfThoughtWithHint|Refine|BestOfN|CodeAct)\(\))$/ },
  { id: 'semantic-kernel', modules: /^(semantic_kernel)(\.|$)/, calls: /(^|\.)(invoke|invoke_prompt|get_chat_message_content|get_chat_message_contents)$/ },
  { id: 'mastra', runsAgents: true, modules: /^@mastra\//, calls: /(^|\.)Agent\(\)\.(generate|stream|generateVNext|streamVNext)$/ },
  { id: 'portkey', modules: /^(portkey_ai|portkey-ai)$/, calls: /(^|\.)(chat\.completions\.create|completions\.create|embeddings\.create)$/, gateway: true },
  // Charts and insights written by a model (VisActor's VMind, built with the model's URL, name and key).
  { id: 'vmind', modules: /^@visactor\/vmind$/, calls: /(^|\.)(VMind|default)\(\)\.(generateChart|getInsights|updateSpecByInsights|dataQuery|intelligentInsight)$/ },
  { id: 'autogen', runsAgents: true, modules: /^(autogen|autogen_agentchat|autogen_ext)(\.|$)/, calls: /(^|\.)(initiate_chat|a_initiate_chat|run|run_stream|create)$/ },
];

