import { hostWithPort } from '../util/url.ts';

// Model providers, their SDKs and the SDK methods that perform inference (a request that costs tokens).
// Paths are matched with the `()` call markers removed: `OpenAI().chat.completions.create` -> `OpenAI.chat.completions.create`.

export const PROVIDER_IDS = [
  'openai', 'azure-openai', 'anthropic', 'google-gemini', 'google-vertex', 'aws-bedrock', 'cohere', 'mistral', 'groq',
  'together', 'fireworks', 'replicate', 'huggingface', 'perplexity', 'deepseek', 'xai', 'openrouter', 'ollama',
] as const;
export type KnownProviderId = (typeof PROVIDER_IDS)[number];
/** A known id, or `other:<name>` for providers outside the fixed vocabulary. */
export type ProviderId = KnownProviderId | `other:${string}`;

export interface ProviderSdk {
  provider: ProviderId;
  /** import names, npm and Python; a submodule (`openai.resources`, `@google/genai/node`) matches its root */
  modules: string[];
  /** inference methods, matched against the origin path without `()` */
  calls: RegExp;
  /** a class in the path that switches the provider (AzureOpenAI on the openai SDK) */
  classProviders?: Record<string, ProviderId>;
  /** importing the module says nothing about the provider (boto3 serves every AWS service) */
  importIsNotUsage?: true;
  /**
   * its calls act on a realtime session over an open socket (configure it, send audio, ask for a response):
   * the session bounds them, not a request timeout
   */
  session?: true;
  /** a call of an inference method whose literal argument names an endpoint that runs no model (a Gradio app's `/model_names`) */
  notInference?: { key: string; value: RegExp };
  /** its endpoints take the served app's own parameters: what bounds a request (a token cap) is the app's, not a client option */
  appParameters?: true;
}

/** Does the SDK call an app whose own parameters bound the request (a Gradio app), so its options say nothing of a cap? */
export function takesAppParameters(sdk: string): boolean {
  return PROVIDER_SDKS.some((s) => s.appParameters === true && s.modules.includes(sdk));
}

/** Providers that are a model server the product or its users run themselves, not a vendor's API. */
const SELF_HOSTED_PROVIDERS: ReadonlySet<ProviderId> = new Set(['ollama']);

export function isSelfHostedProvider(provider: ProviderId): boolean {
  return SELF_HOSTED_PROVIDERS.has(provider);
}

/** Is this call an operation on a realtime session (`RTClient.configure`, `RealtimeSession.connect`)? */
export function isSessionCall(sdk: string, api: string): boolean {
  return PROVIDER_SDKS.some((s) => s.session === true && s.modules.includes(sdk) && s.calls.test(api));
}

const OPENAI_STYLE =
  /(^|\.)(chat\.completions\.(create|parse|stream)|beta\.chat\.completions\.(parse|stream)|responses\.(create|stream|parse)|completions\.create|embeddings\.create|images\.(generate|edit|create_variation|createVariation)|audio\.(transcriptions|translations|speech)\.create|moderations\.create|beta\.threads\.runs\.(create|create_and_poll|createAndPoll|stream)|beta\.threads\.(create_and_run|createAndRun|create_and_run_poll)|(responses|realtime|beta\.realtime)\.connect(\.__aenter__)?\.response\.create|ChatCompletion\.a?create|Completion\.a?create|Embedding\.a?create|Image\.a?create|Moderation\.a?create|Audio\.a?(transcribe|translate)|OpenAIApi\.(createChatCompletion|createCompletion|createEmbedding|createImage|createTranscription|createModeration))$/;

/** Zhipu's SDKs are OpenAI-shaped, with image and video generation named `generations`. */
const ZHIPU_STYLE = new RegExp(`${OPENAI_STYLE.source}|(^|\\.)(images|videos)\\.generations$`);

export const PROVIDER_SDKS: ProviderSdk[] = [
  {
    provider: 'openai',
    // Langfuse's drop-in client is the OpenAI SDK with tracing around it.
    modules: ['openai', 'langfuse.openai'],
    calls: OPENAI_STYLE,
    classProviders: { AzureOpenAI: 'azure-openai', AsyncAzureOpenAI: 'azure-openai' },
  },
  // Azure's first JavaScript SDK (`@azure/openai` before version 2): an `OpenAIClient` with `get...` and `stream...` methods.
  { provider: 'azure-openai', modules: ['@azure/openai'], calls: /(^|\.)(getChatCompletions|streamChatCompletions|getCompletions|streamCompletions|getEmbeddings|getImages|getAudioTranscription|getAudioTranslation|getAudioSpeech)$/ },
  {
    provider: 'anthropic',
    modules: ['@anthropic-ai/sdk', 'anthropic'],
    calls: /(^|\.)(messages\.(create|stream|parse)|beta\.messages\.(create|stream|parse)|messages\.batches\.create|(?<!chat\.)completions\.create)$/,
    classProviders: { AnthropicBedrock: 'aws-bedrock', AsyncAnthropicBedrock: 'aws-bedrock', AnthropicVertex: 'google-vertex', AsyncAnthropicVertex: 'google-vertex' },
  },
  { provider: 'aws-bedrock', modules: ['@anthropic-ai/bedrock-sdk'], calls: /(^|\.)(messages\.(create|stream)|(?<!chat\.)completions\.create)$/ },
  { provider: 'google-vertex', modules: ['@anthropic-ai/vertex-sdk'], calls: /(^|\.)(messages\.(create|stream)|(?<!chat\.)completions\.create)$/ },
  {
    provider: 'google-gemini',
    modules: ['@google/genai', 'google.genai', '@google/generative-ai', 'google.generativeai', 'google.ai.generativelanguage'],
    calls: /(^|\.)(models\.(generate_content|generate_content_stream|generateContent|generateContentStream|embed_content|embedContent|generate_images|generateImages|generate_videos|generateVideos)|generate_content(_async)?|generateContent(Stream)?|send_message(_async)?|sendMessage(Stream)?|embed_content|embedContent|batchEmbedContents|chats\.create\.send_message|live\.connect|generate_text|generate_embeddings|chat_async)$|^chat$/,
  },
  {
    provider: 'google-vertex',
    modules: ['vertexai', '@google-cloud/vertexai', 'google.cloud.aiplatform', '@google-cloud/aiplatform'],
    calls: /(^|\.)(generate_content(_async)?|generateContent(Stream)?|send_message(_async)?|sendMessage(Stream)?|predict|predict_async|get_embeddings)$/,
  },
  {
    provider: 'aws-bedrock',
    modules: ['boto3', 'aioboto3', 'aiobotocore'],
    importIsNotUsage: true,
    calls: /(^|\.)(client|create_client)\.(invoke_model|invoke_model_with_response_stream|converse|converse_stream)$/,
  },
  // Other AWS model services on the same clients: Polly's voices, models hosted on SageMaker endpoints.
  { provider: 'other:aws-polly', modules: ['boto3', 'aioboto3', 'aiobotocore'], importIsNotUsage: true, calls: /(^|\.)(client|create_client)\.(synthesize_speech|start_speech_synthesis_task)$/ },
  { provider: 'other:aws-sagemaker', modules: ['boto3', 'aioboto3', 'aiobotocore'], importIsNotUsage: true, calls: /(^|\.)(client|create_client)\.(invoke_endpoint|invoke_endpoint_with_response_stream|invoke_endpoint_async)$/ },
  {
    provider: 'aws-bedrock',
    modules: ['@aws-sdk/client-bedrock-runtime'],
    calls: /^(InvokeModelCommand|InvokeModelWithResponseStreamCommand|ConverseCommand|ConverseStreamCommand)$/,
  },
  {
    provider: 'cohere',
    modules: ['cohere', 'cohere-ai'],
    calls: /(^|\.)(chat|chat_stream|chatStream|generate|generate_stream|embed|rerank|classify|summarize|v2\.(chat|chatStream|embed|rerank))$/,
  },
  {
    provider: 'mistral',
    modules: ['mistralai', '@mistralai/mistralai'],
    calls: /(^|\.)(chat\.(complete|stream|complete_async|stream_async|parse)|embeddings\.create|fim\.complete|agents\.complete|ocr\.process(_async)?|audio\.transcriptions\.(complete|stream)(_async)?|chat|chat_stream|embeddings)$/,
  },
  // Speech vendors: synthesis and transcription are model calls too.
  {
    provider: 'other:elevenlabs',
    modules: ['elevenlabs', '@elevenlabs/elevenlabs-js'],
    calls: /(^|\.)(generate|text_to_speech\.(convert|stream|convert_as_stream|convert_with_timestamps)|textToSpeech\.(convert|stream|convertWithTimestamps)|speech_to_text\.convert|speechToText\.convert|text_to_sound_effects\.convert)$/,
  },
  // Prerecorded and live (socket) transcription, REST and socket synthesis, across SDK generations (`listen.v1.connect`, `listen.asyncwebsocket.v`).
  { provider: 'other:deepgram', modules: ['deepgram', '@deepgram/sdk'], calls: /(^|\.)(listen|speak)\.(\w+\.){0,3}(transcribe_file|transcribe_url|transcribeFile|transcribeUrl|save|stream|generate|request|connect|live|v)$/ },
  // Cloud speech services: recognition and synthesis are model calls wherever the audio goes.
  {
    provider: 'other:azure-speech',
    modules: ['azure.cognitiveservices.speech', 'microsoft-cognitiveservices-speech-sdk'],
    calls: /(^|\.)(SpeechRecognizer|SpeechSynthesizer|TranslationRecognizer|ConversationTranscriber)\.(recognize_once(_async)?|start_continuous_recognition(_async)?|speak_text(_async)?|speak_ssml(_async)?|start_speaking_text(_async)?|start_speaking_ssml(_async)?|start_transcribing(_async)?|recognizeOnceAsync|startContinuousRecognitionAsync|speakTextAsync|speakSsmlAsync|startTranscribingAsync)$/,
  },
  {
    provider: 'other:google-cloud-speech',
    modules: ['google.cloud.speech', 'google.cloud.speech_v1', 'google.cloud.speech_v2', 'google.cloud.texttospeech', 'google.cloud.texttospeech_v1', '@google-cloud/speech', '@google-cloud/text-to-speech'],
    calls: /(^|\.)(recognize|long_running_recognize|streaming_recognize|synthesize_speech|streaming_synthesize|longRunningRecognize|streamingRecognize|synthesizeSpeech)$/,
  },
  // The SpeechRecognition package's recognisers that send the audio to a vendor (its local ones, `recognize_whisper`,
  // `recognize_sphinx`, `recognize_vosk`, run in the process).
  { provider: 'openai', modules: ['speech_recognition'], calls: /(^|\.)Recognizer\.(recognize_whisper_api|recognize_openai)$/ },
  { provider: 'groq', modules: ['speech_recognition'], calls: /(^|\.)Recognizer\.recognize_groq$/ },
  { provider: 'other:google-cloud-speech', modules: ['speech_recognition'], calls: /(^|\.)Recognizer\.(recognize_google|recognize_google_cloud)$/ },
  { provider: 'other:azure-speech', modules: ['speech_recognition'], calls: /(^|\.)Recognizer\.(recognize_azure|recognize_bing)$/ },
  // Microsoft Edge's read-aloud voices, reached by the `edge-tts` client.
  { provider: 'other:microsoft-edge-tts', modules: ['edge_tts', 'edge-tts', 'msedge-tts'], calls: /(^|\.)(Communicate\.(save|stream|save_sync|stream_sync)|MsEdgeTTS\.(toStream|toFile|rawToStream))$/ },
  { provider: 'other:cartesia', modules: ['cartesia', '@cartesia/cartesia-js'], calls: /(^|\.)tts\.(bytes|sse|websocket|generate)$/ },
  { provider: 'other:fish-audio', modules: ['fish_audio_sdk', 'fishaudio'], calls: /(^|\.)(Session\.(tts|asr)|tts\.convert|asr\.transcribe)$/ },
  { provider: 'other:sarvam', modules: ['sarvamai'], calls: /(^|\.)(text_to_speech\.convert|speech_to_text\.(transcribe|translate)|chat\.completions)$/ },
  { provider: 'other:google-translate-tts', modules: ['gtts'], calls: /^gTTS\.(save|write_to_fp|stream)$/ },
  // Oracle Cloud's Generative AI service: one client, chat and embeddings across hosted vendors' models.
  { provider: 'other:oci-generative-ai', modules: ['oci.generative_ai_inference', 'oci-generativeaiinference'], calls: /(^|\.)GenerativeAiInferenceClient\.(chat|generate_text|generateText|embed_text|embedText|summarize_text|summarizeText|rerank_text|rerankText)$/ },
  // Twelve Labs' video understanding (Pegasus) and embeddings (Marengo).
  { provider: 'other:twelvelabs', modules: ['twelvelabs', 'twelvelabs-js'], calls: /(^|\.)(analyze|analyze_stream|analyzeStream|generate\.(text|summarize|gist)|embed\.(create|task\.create)|search\.query)$/ },
  // Alibaba Cloud's speech service (NLS): streaming recognition and synthesis over its socket.
  { provider: 'other:aliyun-nls', modules: ['nls', 'alibabacloud-nls-java-sdk'], calls: /(^|\.)(NlsSpeechTranscriber|NlsSpeechRecognizer|NlsSpeechSynthesizer|NlsRealtimeMeeting)\.(start|send_audio)$/ },
  // The `chatgpt` package's wrappers: ChatGPTAPI calls OpenAI's chat completions; the unofficial proxy drives ChatGPT's web backend.
  { provider: 'openai', modules: ['chatgpt'], calls: /^(ChatGPTAPI|ChatGPTUnofficialProxyAPI)\.sendMessage$/ },
  // Rerankers.
  { provider: 'other:zeroentropy', modules: ['zeroentropy'], calls: /(^|\.)models\.rerank$/ },
  // The VS Code Language Model API (Copilot's models, picked by the user): `vscode.lm.selectChatModels()` then `sendRequest`.
  { provider: 'other:vscode-lm', modules: ['vscode'], importIsNotUsage: true, calls: /(^|\.)(lm\.selectChatModels\[\]|LanguageModelChat)\.sendRequest$/ },
  // The realtime client for OpenAI and Azure OpenAI (`new RTClient(...)`, then a session over a socket).
  // gpt4free: OpenAI's client shape over a rotating set of unofficial providers (consumer chat sites, scraped).
  { provider: 'other:g4f', modules: ['g4f', 'g4f.client'], calls: /(^|\.)(chat\.completions\.create|images\.(generate|create_variation)|ChatCompletion\.(create|create_async))$/ },
  // The Agents SDK's voice sessions: connecting opens a Realtime model session on OpenAI.
  { provider: 'openai', modules: ['@openai/agents/realtime', '@openai/agents-realtime', '@openai/agents'], calls: /(^|\.)RealtimeSession\.connect$/, session: true },
  { provider: 'openai', modules: ['rt-client'], calls: /^RTClient\.(configure|sendItem|generateResponse|sendAudio|events)$/, session: true },
  { provider: 'groq', modules: ['groq', 'groq-sdk'], calls: OPENAI_STYLE },
  { provider: 'together', modules: ['together', 'together-ai'], calls: OPENAI_STYLE },
  { provider: 'fireworks', modules: ['fireworks', 'fireworks.client', '@fireworks-ai/sdk'], calls: OPENAI_STYLE },
  { provider: 'deepseek', modules: ['deepseek'], calls: OPENAI_STYLE },
  { provider: 'xai', modules: ['xai_sdk'], calls: /(^|\.)chat\.create\.(sample|stream)$/ },
  {
    provider: 'replicate',
    modules: ['replicate'],
    calls: /(^|\.)(run|async_run|stream|async_stream|predictions\.create|predictions\.async_create)$/,
  },
  {
    provider: 'huggingface',
    modules: ['huggingface_hub', '@huggingface/inference'],
    calls: /(^|\.)(text_generation|chat_completion|chat\.completions\.create|feature_extraction|text_to_image|textGeneration|textGenerationStream|chatCompletion|chatCompletionStream|featureExtraction|textToImage)$/,
  },
  { provider: 'other:voyageai', modules: ['voyageai'], calls: /(^|\.)(embed|rerank|multimodal_embed|contextualized_embed)$/ },
  // Chinese model platforms' own SDKs: Zhipu's is OpenAI-shaped, Baidu's and Alibaba's are not.
  { provider: 'other:zhipu', modules: ['zhipuai'], calls: ZHIPU_STYLE },
  { provider: 'other:baidu-qianfan', modules: ['qianfan'], calls: /(^|\.)(ChatCompletion|Completion|Embedding|Text2Image|Reranker)\.a?do$/ },
  { provider: 'other:alibaba-dashscope', modules: ['dashscope'], calls: /(^|\.)(Generation|TextEmbedding|MultiModalConversation|ImageSynthesis|MultiModalEmbedding|Application|SpeechSynthesizer|Recognition|Transcription)\.a?call$/ },
  // Tencent Cloud's API SDK: Hunyuan's client (chat, embeddings, images) and its speech services.
  { provider: 'other:tencent-hunyuan', modules: ['tencentcloud.hunyuan'], calls: /(^|\.)(ChatCompletions|ChatTranslations|GetEmbedding|SubmitHunyuanImageJob|SubmitHunyuanImageChatJob|TextToImageLite|ImageQuestion)$/ },
  { provider: 'other:tencent-cloud', modules: ['tencentcloud.asr', 'tencentcloud.tts'], calls: /(^|\.)(SentenceRecognition|CreateRecTask|FlashRecognize|TextToVoice|CreateTtsTask)$/ },
  // Zhipu's newer SDK (`zai`), OpenAI-shaped like `zhipuai`.
  { provider: 'other:zhipu', modules: ['zai'], calls: ZHIPU_STYLE },
  // Agent SDKs that run a vendor's model loop: `query(prompt=...)` streams the agent's turns.
  { provider: 'anthropic', modules: ['claude_agent_sdk', '@anthropic-ai/claude-agent-sdk', 'claude_code_sdk', '@anthropic-ai/claude-code'], calls: /^(query|ClaudeSDKClient\.(query|receive_response))$/ },
  // A Letta server's agents: each message is a model turn on the server.
  { provider: 'other:letta', modules: ['letta_client', '@letta-ai/letta-client'], calls: /(^|\.)agents\.messages\.(create|create_stream|stream|createStream|create_async)$/ },
  // A model served as a Gradio app (a Space, a local TTS server): `Client(url).predict(...)`.
  { provider: 'other:gradio', modules: ['gradio_client', '@gradio/client'], calls: /(^|\.)Client\.(connect\.)?(predict|submit)$/, appParameters: true,
    // The app's listing, upload and status endpoints are called the same way and run no model.
    notInference: { key: 'api_name', value: /^\/?(model_?names|models|list\w*|get_\w+|num_\w+|upload\w*|system\w*|health\w*|status|version|config\w*|login|logout|auth\w*|clear\w*|delete\w*|refresh\w*|download\w*)$/i } },
  // IBM watsonx.ai: a foundation model handle (generate, chat, their streams) and its embeddings.
  { provider: 'other:ibm-watsonx', modules: ['ibm_watsonx_ai', 'ibm_watson_machine_learning', '@ibm-cloud/watsonx-ai'], calls: /(^|\.)(ModelInference|Model)\.(a?generate(_text(_stream)?)?|generate_stream|a?chat(_stream)?)$|(^|\.)Embeddings\.(embed_documents|embed_query)$|(^|\.)WatsonXAI\.(textGeneration|textGenerationStream|textChat|textChatStream|embedText)$/ },
  // Reka's SDK: `Reka().chat.create(...)`.
  { provider: 'other:reka', modules: ['reka'], calls: /(^|\.)chat\.(create|create_stream)$/ },
  // A self-hosted model server's client: a model handle fetched by id, then called.
  { provider: 'other:xinference', modules: ['xinference_client', 'xinference.client'], calls: /(^|\.)get_model\.(chat|generate|create_embedding|rerank)$/ },
  {
    provider: 'ollama',
    modules: ['ollama'],
    calls: /(^|\.)(chat|generate|embed|embeddings)$/,
  },
];

/** The SDK's own import names, or a submodule of one (`openai.types`, `@google/genai/node`). */
export function sdkOwnsModule(sdk: ProviderSdk, module: string): boolean {
  return sdk.modules.some((m) => module === m || module.startsWith(`${m}/`) || module.startsWith(`${m}.`));
}

// What a consumer chat app's web endpoints call the request that generates: a conversation turn, a completion, a
// streamed answer (`/backend-api/conversation`, `/api/append_message`, `StreamGenerate`, a path ending `/chat`).
const WEB_APP_GENERATION = /\/(backend-api\/conversation|conversation|api\/append_message|completion|[\w.]*StreamGenerate|generate_chat_title|sydney\/ChatHub|infer\/answer|streamingSearch|assistant\/stream|stream(_context)?|ws)(?![\w-])|\/chat\/?(\?|$)/;

/** Hosts of provider inference endpoints, for raw HTTP calls and base URLs of OpenAI-compatible clients. */
export const ENDPOINT_HOSTS: { host: RegExp; provider: ProviderId; paths?: RegExp }[] = [
  { host: /(^|\.)api\.openai\.com$/, provider: 'openai' },
  { host: /\.openai\.azure\.com$/, provider: 'azure-openai' },
  // The same host serves Azure's other AI services (content safety, language, vision): only its model paths count.
  { host: /\.cognitiveservices\.azure\.com$/, provider: 'azure-openai', paths: /^\/(openai|models)\/|\/(chat\/completions|embeddings|responses)\b/ },
  { host: /(^|\.)api\.anthropic\.com$/, provider: 'anthropic' },
  { host: /(^|\.)generativelanguage\.googleapis\.com$/, provider: 'google-gemini' },
  { host: /(^|[.-])aiplatform\.googleapis\.com$/, provider: 'google-vertex' },
  { host: /^bedrock-runtime\.[a-z0-9-]+\.amazonaws\.com$/, provider: 'aws-bedrock' },
  { host: /(^|\.)api\.cohere\.(ai|com)$/, provider: 'cohere' },
  { host: /(^|\.)api\.mistral\.ai$/, provider: 'mistral' },
  { host: /(^|\.)api\.groq\.com$/, provider: 'groq' },
  { host: /(^|\.)api\.together\.(xyz|ai)$/, provider: 'together' },
  { host: /(^|\.)api\.fireworks\.ai$/, provider: 'fireworks' },
  { host: /(^|\.)api\.replicate\.com$/, provider: 'replicate' },
  { host: /(^|\.)(api-inference|router)\.huggingface\.co$/, provider: 'huggingface' },
  { host: /(^|\.)api\.perplexity\.ai$/, provider: 'perplexity' },
  { host: /(^|\.)api\.deepseek\.com$/, provider: 'deepseek' },
  { host: /(^|\.)api\.x\.ai$/, provider: 'xai' },
  { host: /(^|\.)openrouter\.ai$/, provider: 'openrouter' },
  { host: /^(localhost|127\.0\.0\.1|0\.0\.0\.0):11434$/, provider: 'ollama' },
  { host: /(^|\.)api\.voyageai\.com$/, provider: 'other:voyageai' },
  { host: /(^|\.)api\.morphllm\.com$/, provider: 'other:morph' },
  // Vendors outside the fixed vocabulary: chat, embedding, reranking, speech, image and OCR APIs.
  { host: /(^|\.)models\.inference\.ai\.azure\.com$|\.services\.ai\.azure\.com$|\.inference\.ai\.azure\.com$|(^|\.)models\.github\.ai$/, provider: 'other:azure-ai-inference' },
  { host: /(^|\.)api\.moonshot\.(cn|ai)$/, provider: 'other:moonshot' },
  { host: /(^|\.)open\.bigmodel\.cn$|(^|\.)api\.z\.ai$/, provider: 'other:zhipu' },
  { host: /(^|\.)dashscope(-intl)?\.aliyuncs\.com$/, provider: 'other:alibaba-dashscope' },
  { host: /(^|\.)ark\.[a-z0-9-]+\.volces\.com$/, provider: 'other:bytedance-ark' },
  { host: /(^|\.)(aip|qianfan)\.baidubce\.com$/, provider: 'other:baidu-qianfan' },
  { host: /(^|\.)spark-api(-open)?\.xf-yun\.com$/, provider: 'other:iflytek-spark' },
  { host: /(^|\.)hunyuan\.(tencentcloudapi\.com|cloud\.tencent\.com)$|(^|\.)api\.hunyuan\.cloud\.tencent\.com$/, provider: 'other:tencent-hunyuan' },
  { host: /(^|\.)api\.siliconflow\.(cn|com)$/, provider: 'other:siliconflow' },
  { host: /(^|\.)api\.302\.ai$/, provider: 'other:302ai' },
  { host: /(^|\.)api\.minimaxi?\.(chat|com)$/, provider: 'other:minimax' },
  { host: /(^|\.)api\.lingyiwanwu\.com$/, provider: 'other:01ai' },
  { host: /(^|\.)api\.stability\.ai$/, provider: 'other:stability' },
  { host: /(^|\.)api\.elevenlabs\.io$/, provider: 'other:elevenlabs' },
  { host: /(^|\.)api\.deepgram\.com$/, provider: 'other:deepgram' },
  { host: /(^|\.)assemblyai\.com$/, provider: 'other:assemblyai' },
  { host: /(^|\.)api\.jina\.ai$/, provider: 'other:jina' },
  { host: /(^|\.)api\.cerebras\.ai$/, provider: 'other:cerebras' },
  { host: /(^|\.)api\.sambanova\.ai$/, provider: 'other:sambanova' },
  { host: /(^|\.)api\.novita\.ai$/, provider: 'other:novita' },
  { host: /(^|\.)api\.deepinfra\.com$/, provider: 'other:deepinfra' },
  { host: /(^|\.)api\.ai21\.com$/, provider: 'other:ai21' },
  { host: /(^|\.)integrate\.api\.nvidia\.com$/, provider: 'other:nvidia-nim' },
  { host: /(^|\.)api\.upstage\.ai$/, provider: 'other:upstage' },
  { host: /(^|\.)api\.mixedbread\.ai$/, provider: 'other:mixedbread' },
  { host: /(^|\.)(fal\.run|queue\.fal\.run|api\.fal\.ai)$/, provider: 'other:fal' },
  { host: /(^|\.)api\.ideogram\.ai$/, provider: 'other:ideogram' },
  { host: /(^|\.)(api\.)?modelslab\.com$/, provider: 'other:modelslab' },
  { host: /(^|\.)api\.runpod\.ai$/, provider: 'other:runpod' },
  { host: /(^|\.)(inference|model-[a-z0-9]+)\.api\.baseten\.co$|(^|\.)inference\.baseten\.co$/, provider: 'other:baseten' },
  { host: /(^|\.)api\.hyperbolic\.xyz$/, provider: 'other:hyperbolic' },
  { host: /(^|\.)api\.mistral\.ai$/, provider: 'mistral' },
  { host: /(^|\.)speech\.platform\.bing\.com$/, provider: 'other:microsoft-edge-tts' },
  { host: /(^|\.)api\.twelvelabs\.io$/, provider: 'other:twelvelabs' },
  // Generative music and sound effects.
  { host: /(^|\.)api\.sonilo\.com$/, provider: 'other:sonilo' },
  // Agent and workflow platforms' hosted clouds.
  { host: /(^|\.)api\.dify\.ai$/, provider: 'other:dify' },
  { host: /(^|\.)api\.coze\.(com|cn)$/, provider: 'other:coze' },
  // Speech and voice vendors: synthesis, transcription and voice agents, over HTTP or a socket.
  { host: /\.(stt|tts)\.speech\.microsoft\.com$|(^|\.)[a-z0-9-]+\.voice\.speech\.microsoft\.com$/, provider: 'other:azure-speech' },
  { host: /(^|\.)api\.cartesia\.ai$/, provider: 'other:cartesia' },
  { host: /(^|\.)api\.gladia\.io$/, provider: 'other:gladia' },
  { host: /(^|\.)speechmatics\.com$/, provider: 'other:speechmatics' },
  { host: /(^|\.)soniox\.com$/, provider: 'other:soniox' },
  { host: /(^|\.)rime\.ai$/, provider: 'other:rime' },
  { host: /(^|\.)api\.lmnt\.com$/, provider: 'other:lmnt' },
  { host: /(^|\.)api\.fish\.audio$/, provider: 'other:fish-audio' },
  { host: /(^|\.)neuphonic\.com$/, provider: 'other:neuphonic' },
  { host: /(^|\.)resemble\.ai$/, provider: 'other:resemble' },
  { host: /(^|\.)api\.hume\.ai$/, provider: 'other:hume' },
  { host: /(^|\.)api\.sarvam\.ai$/, provider: 'other:sarvam' },
  { host: /(^|\.)api\.inworld\.ai$/, provider: 'other:inworld' },
  { host: /(^|\.)api\.ultravox\.ai$/, provider: 'other:ultravox' },
  { host: /(^|\.)smallest\.ai$/, provider: 'other:smallest' },
  { host: /(^|\.)api\.play\.ht$/, provider: 'other:playht' },
  { host: /(^|\.)speechify\.com$/, provider: 'other:speechify' },
  { host: /(^|\.)camb\.ai$/, provider: 'other:camb' },
  { host: /(^|\.)api\.async\.ai$/, provider: 'other:async-ai' },
  { host: /(^|\.)xf-yun\.com$/, provider: 'other:iflytek-spark' },
  // iFlytek's speech APIs: every path of these hosts is synthesis or recognition.
  { host: /^(tts-api|iat-api|ws-api|spark-api)\.xfyun\.cn$/, provider: 'other:iflytek' },
  { host: /(^|\.)(aihorde|stablehorde)\.net$/, provider: 'other:ai-horde' },
  // Consumer chat apps driven through the user's logged-in web session: unofficial endpoints, but model calls;
  // their other requests (sessions, settings, chat lists, anti-bot checks) are not.
  { host: /^(chat\.openai\.com|chatgpt\.com)$/, provider: 'other:chatgpt-web', paths: WEB_APP_GENERATION },
  { host: /^claude\.ai$/, provider: 'other:claude-web', paths: WEB_APP_GENERATION },
  { host: /^(bard|gemini)\.google\.com$/, provider: 'other:gemini-web', paths: WEB_APP_GENERATION },
  { host: /^(sydney\.bing\.com|copilot\.microsoft\.com)$/, provider: 'other:copilot-web', paths: WEB_APP_GENERATION },
  { host: /^(www\.)?perplexity\.ai$|^labs-api\.perplexity\.ai$/, provider: 'other:perplexity-web', paths: WEB_APP_GENERATION },
  { host: /^pi\.ai$/, provider: 'other:pi', paths: WEB_APP_GENERATION },
  { host: /^(www\.)?poe\.com$/, provider: 'other:poe', paths: WEB_APP_GENERATION },
  { host: /^xinghuo\.xfyun\.cn$/, provider: 'other:iflytek-spark', paths: WEB_APP_GENERATION },
  { host: /^(www\.)?baichuan-ai\.com$/, provider: 'other:baichuan', paths: WEB_APP_GENERATION },
  { host: /^(qianwen|tongyi)\.aliyun\.com$/, provider: 'other:qianwen-web', paths: WEB_APP_GENERATION },
  { host: /^kimi\.moonshot\.cn$/, provider: 'other:moonshot', paths: WEB_APP_GENERATION },
  { host: /^chat\.deepseek\.com$/, provider: 'deepseek', paths: WEB_APP_GENERATION },
  { host: /^grok\.com$/, provider: 'xai', paths: WEB_APP_GENERATION },
  { host: /^(chat\.lmsys\.org|lmarena\.ai)$/, provider: 'other:lmsys', paths: WEB_APP_GENERATION },
  { host: /^chat\.mistral\.ai$/, provider: 'mistral', paths: WEB_APP_GENERATION },
  { host: /^(www\.)?phind\.com$/, provider: 'other:phind', paths: WEB_APP_GENERATION },
  { host: /^(www\.)?you\.com$/, provider: 'other:you-com', paths: WEB_APP_GENERATION },
  { host: /^(www\.)?chatglm\.cn$/, provider: 'other:chatglm-web', paths: WEB_APP_GENERATION },
  { host: /^(neo\.|beta\.)?character\.ai$/, provider: 'other:character-ai', paths: WEB_APP_GENERATION },
  { host: /^chat\.360\.(com|cn)$/, provider: 'other:360-ai-brain', paths: WEB_APP_GENERATION },
];

/** The catalogue entry of a URL's host. A part not known at scan time (`\u0000`) ends the host where it stands: `${BASE}${path}` keeps BASE's host. */
function endpointEntry(url: string): (typeof ENDPOINT_HOSTS)[number] | undefined {
  const host = hostWithPort(url.replace(/\u0000/g, '/'));
  return host === undefined ? undefined : ENDPOINT_HOSTS.find((e) => e.host.test(host));
}

/** Does this URL on a provider's host ask for a model's answer, where the host serves other requests too? */
export function servesInferenceAt(url: string): boolean {
  const paths = endpointEntry(url)?.paths;
  return paths === undefined || paths.test(url.replace(/^[a-z]+:\/\/[^/]+/i, ''));
}

export function providerOfUrl(url: string): ProviderId | undefined {
  return endpointEntry(url)?.provider;
}

/** Provider named by a model-id prefix: `anthropic/claude-...`, `openai:gpt-4o`, `bedrock/...`. */
export function providerOfModelPrefix(model: string): ProviderId | undefined {
  const m = /^([a-z_-]+)[/:]/i.exec(model);
  if (!m?.[1]) return undefined;
  return MODEL_PREFIXES[m[1].toLowerCase()];
}

/** Provider of a model id: its routing prefix (`groq/llama-3.1-70b`), else its family (`gpt-4o`, `claude-3-5-haiku`). */
export function providerOfModelId(model: string): ProviderId | undefined {
  if (model.startsWith('ft:')) return 'openai';
  const byPrefix = providerOfModelPrefix(model);
  if (byPrefix) return byPrefix;
  if (/^[a-z]{2}\.anthropic\.|^anthropic\.claude/i.test(model)) return 'aws-bedrock';
  return MODEL_FAMILIES.find((f) => f.id.test(model))?.provider;
}

// Families served first-party by one vendor; open-weight families (llama, qwen, gemma) are hosted
// by many and name no provider.
const MODEL_FAMILIES: { id: RegExp; provider: ProviderId }[] = [
  { id: /^(gpt-(\d|o\d|image|realtime|audio)|chatgpt-|o[134](-|$)|text-embedding-|text-davinci-|davinci-|babbage-|whisper-|tts-1|dall-e-|gpt-image-|omni-moderation)/i, provider: 'openai' },
  { id: /^claude-/i, provider: 'anthropic' },
  { id: /^(models\/)?(gemini-|text-embedding-004|embedding-001)/i, provider: 'google-gemini' },
  { id: /^(mistral-|open-mistral-|open-mixtral-|codestral-|ministral-|pixtral-|magistral-|devstral-)/i, provider: 'mistral' },
  { id: /^(command-(r|a|light|nightly)|embed-(english|multilingual)-|rerank-(english|multilingual|v))/i, provider: 'cohere' },
  { id: /^grok-/i, provider: 'xai' },
  { id: /^deepseek-(chat|reasoner|coder)$/i, provider: 'deepseek' },
  { id: /^voyage-/i, provider: 'other:voyageai' },
];

/** Vendors that serve their own model families only: a call to one of them does not send another vendor's model id. */
export const FIRST_PARTY_MODEL_VENDORS: ReadonlySet<ProviderId> = new Set(MODEL_FAMILIES.map((f) => f.provider).filter((p) => !p.startsWith('other:')));

/** Environment variables that hold a provider's credentials or endpoint. */
const PROVIDER_ENV_VARS: { name: RegExp; provider: ProviderId }[] = [
  { name: /^AZURE_OPENAI_(API_KEY|KEY|ENDPOINT|DEPLOYMENT(_NAME)?)$|^AZURE_API_(KEY|BASE)$/, provider: 'azure-openai' },
  { name: /^OPENAI_API_KEY$/, provider: 'openai' },
  { name: /^ANTHROPIC_API_KEY$/, provider: 'anthropic' },
  { name: /^(GEMINI_API_KEY|GOOGLE_GENERATIVE_AI_API_KEY|GOOGLE_GEMINI_API_KEY)$/, provider: 'google-gemini' },
  { name: /^(VERTEXAI_PROJECT|VERTEX_PROJECT|GOOGLE_VERTEX_PROJECT)$/, provider: 'google-vertex' },
  { name: /^(AWS_BEDROCK_[A-Z_]+|BEDROCK_[A-Z_]*(KEY|REGION|MODEL))$/, provider: 'aws-bedrock' },
  { name: /^(COHERE_API_KEY|CO_API_KEY)$/, provider: 'cohere' },
  { name: /^MISTRAL_API_KEY$/, provider: 'mistral' },
  { name: /^GROQ_API_KEY$/, provider: 'groq' },
  { name: /^(TOGETHER_API_KEY|TOGETHERAI_API_KEY|TOGETHER_AI_API_KEY)$/, provider: 'together' },
  { name: /^(FIREWORKS_API_KEY|FIREWORKS_AI_API_KEY)$/, provider: 'fireworks' },
  { name: /^REPLICATE_API_(TOKEN|KEY)$/, provider: 'replicate' },
  { name: /^(HF_TOKEN|HUGGINGFACE_API_KEY|HUGGINGFACEHUB_API_TOKEN|HUGGING_FACE_HUB_TOKEN)$/, provider: 'huggingface' },
  { name: /^(PERPLEXITY_API_KEY|PERPLEXITYAI_API_KEY|PPLX_API_KEY)$/, provider: 'perplexity' },
  { name: /^DEEPSEEK_API_KEY$/, provider: 'deepseek' },
  { name: /^(XAI_API_KEY|GROK_API_KEY)$/, provider: 'xai' },
  { name: /^OPENROUTER_API_KEY$/, provider: 'openrouter' },
  { name: /^(OLLAMA_HOST|OLLAMA_API_BASE|OLLAMA_BASE_URL)$/, provider: 'ollama' },
  { name: /^VOYAGE_API_KEY$/, provider: 'other:voyageai' },
];

export function providerOfEnvVar(name: string): ProviderId | undefined {
  return PROVIDER_ENV_VARS.find((e) => e.name.test(name))?.provider;
}

/** Routing prefixes of multi-provider clients (LiteLLM, OpenRouter, AI SDK registries, pydantic-ai). */
export const MODEL_PREFIXES: Record<string, ProviderId> = {
  openai: 'openai', azure: 'azure-openai', azure_ai: 'azure-openai', anthropic: 'anthropic', gemini: 'google-gemini',
  google: 'google-gemini', 'google-gla': 'google-gemini', google_genai: 'google-gemini', vertex_ai: 'google-vertex',
  'google-vertex': 'google-vertex', vertex: 'google-vertex', bedrock: 'aws-bedrock', bedrock_converse: 'aws-bedrock',
  cohere: 'cohere', cohere_chat: 'cohere', mistral: 'mistral', groq: 'groq', together_ai: 'together', together: 'together',
  fireworks_ai: 'fireworks', fireworks: 'fireworks', replicate: 'replicate', huggingface: 'huggingface', perplexity: 'perplexity',
  deepseek: 'deepseek', xai: 'xai', openrouter: 'openrouter', ollama: 'ollama', ollama_chat: 'ollama',
};

/** Provider named by a framework class or factory: `ChatOpenAI`, `createAnthropic`, `@ai-sdk/google`. */
export function providerOfName(name: string): ProviderId | undefined {
  const n = name.toLowerCase();
  // `OpenAILike`, `ChatOpenAICompatible`, `@ai-sdk/openai-compatible`: OpenAI's request shape, any vendor's server.
  if (OPENAI_COMPATIBLE.test(n)) return undefined;
  for (const [needle, provider] of NAME_HINTS) if (n.includes(needle)) return provider;
  return undefined;
}

const OPENAI_COMPATIBLE = /openai[-_]?(like|compatible)/;

// Order matters: the more specific name first (azure before openai, vertex before google).
const NAME_HINTS: [string, ProviderId][] = [
  ['azure', 'azure-openai'], ['openrouter', 'openrouter'], ['openai', 'openai'], ['anthropic', 'anthropic'], ['claude', 'anthropic'],
  ['vertex', 'google-vertex'], ['googlegenerativeai', 'google-gemini'], ['google-genai', 'google-gemini'], ['google_genai', 'google-gemini'],
  ['gemini', 'google-gemini'], ['@ai-sdk/google', 'google-gemini'], ['bedrock', 'aws-bedrock'], ['amazon', 'aws-bedrock'], ['langchain_aws', 'aws-bedrock'], ['@langchain/aws', 'aws-bedrock'],
  ['cohere', 'cohere'], ['mistral', 'mistral'], ['groq', 'groq'], ['together', 'together'], ['fireworks', 'fireworks'],
  ['replicate', 'replicate'], ['huggingface', 'huggingface'], ['perplexity', 'perplexity'], ['deepseek', 'deepseek'],
  ['xai', 'xai'], ['grok', 'xai'], ['ollama', 'ollama'],
];

/** A provider or vendor id as a reader writes it: `voyageai`, not `other:voyageai`. */
export function vendorName(id: string): string {
  return id.replace(/^other:/, '');
}
