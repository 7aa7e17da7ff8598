import { isMovingAlias, retiredNote } from '../catalog/model-ids.ts';
import { isModelModule } from '../catalog/model-modules.ts';
import { FIRST_PARTY_MODEL_VENDORS, providerOfModelId, type ProviderId } from '../catalog/providers.ts';
import type { InventoryFile } from '../inventory/index.ts';
import { isParsedLanguage } from '../inventory/language.ts';
import { inDocsFolder, isInScope } from '../inventory/roles.ts';
import type { Evaluator } from '../resolve/values.ts';
import { UNKNOWN_PART } from '../resolve/values.ts';
import type { ModelCall } from './model-calls.ts';
import type { FileFacts, StringContext } from './types.ts';

// Model ids and prompts written into product code: how many, where, and whether they are kept in
// one place (a config module, prompt files, a prompt registry) or spread through the code.

export interface ModelIdUsage {
  id: string;
  provider: ProviderId | null;
  /** occurrences in product code */
  count: number;
  locations: { file: string; line: number }[];
  /** the same occurrences, each with where it stands (an argument, a default, a table, a comparison) */
  sites: ModelIdSite[];
  /** model calls whose model can be this id: a literal, or a constant, default or setting the resolver followed */
  sentBy: { file: string; line: number }[];
  /** retired or announced for retirement by the provider: the note says when */
  retired: string | null;
  /** an alias the provider re-points to newer snapshots */
  movingAlias: boolean;
}

export interface PromptUsage {
  /** inline prompt literals in product code */
  inline: { file: string; line: number; name: string; chars: number }[];
  /** prompt templates kept as files (`prompts/*.md`, `*.prompt`, `*.jinja2` under a prompt folder) */
  promptFiles: string[];
  /** prompt-management calls (Langfuse `get_prompt`, LangSmith `pull_prompt`, LangChain hub `pull`) */
  registryFiles: string[];
}

export interface ModelIdSite {
  file: string;
  line: number;
  context?: StringContext;
  /** an argument of a call into a provider SDK or model framework (`ChatOpenAI(model=...)`, `messages.create({ model })`) */
  sdk?: true;
}

export function modelIdUsage(facts: readonly FileFacts[], calls: readonly ModelCall[] = [], evaluator?: Evaluator): ModelIdUsage[] {
  const byId = new Map<string, ModelIdSite[]>();
  for (const f of facts) {
    for (const s of f.strings) {
      // `ollama/` alone is a routing prefix, not a model; an API schema's example (`Field(examples=["gpt-4"])`) documents one.
      if (s.kind !== 'model-id' || s.value.endsWith('/') || (s.context?.key !== undefined && DOCUMENTED_EXAMPLE.test(s.context.key))) continue;
      const list = byId.get(s.value) ?? [];
      const sdk = s.context?.kind === 'call-arg' && s.context.callee !== undefined && callsModelSdk(f, s.line, s.context.callee);
      list.push({ file: f.path, line: s.line, ...(s.context ? { context: s.context } : {}), ...(sdk ? { sdk: true as const } : {}) });
      byId.set(s.value, list);
    }
  }
  const sent = sentModelIds(facts, calls, evaluator);
  return [...byId]
    .map(([id, sites]) => ({
      id, provider: providerOfModelId(id) ?? null, count: sites.length, locations: sites.map(({ file, line }) => ({ file, line })), sites,
      sentBy: sent.get(id) ?? [], retired: retiredNote(id) ?? null, movingAlias: isMovingAlias(id),
    }))
    .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
}

/** Where an API schema shows a sample value: pydantic's `examples=`, OpenAPI's `example:`. */
const DOCUMENTED_EXAMPLE = /^(examples?|openapi_examples|json_schema_extra)$/;

const MODEL_KEYS = ['model', 'model_name', 'model_id', 'modelId', 'modelName'];
/** Lines a call's arguments may run over below the line it starts on. */
const CALL_SPAN = 40;

/** Is the call named `callee` that holds a literal on `line` a call into a provider SDK or model framework? */
function callsModelSdk(f: FileFacts, line: number, callee: string): boolean {
  let nearest: FileFacts['calls'][number] | undefined;
  for (const c of f.calls) {
    if (c.line > line || c.line < line - CALL_SPAN || c.callee.replace(/\(\)$/, '').split('.').pop() !== callee) continue;
    if (!nearest || c.line > nearest.line) nearest = c;
  }
  return nearest?.origin !== undefined && isModelModule(nearest.origin.module);
}

/**
 * The model ids each model call can send: its literal, or what its model argument evaluates to through
 * constants, parameter defaults, settings objects and environment fallbacks.
 */
function sentModelIds(facts: readonly FileFacts[], calls: readonly ModelCall[], evaluator: Evaluator | undefined): Map<string, { file: string; line: number }[]> {
  const out = new Map<string, { file: string; line: number }[]>();
  const add = (id: string, call: ModelCall) => {
    // The resolver answers for every path at once: a Gemini id does not go to the Anthropic adapter.
    const vendor = providerOfModelId(id);
    const to = call.provider ? [call.provider, ...call.alsoProviders] : [];
    if (vendor && to.length > 0 && !to.includes(vendor) && to.every((p) => FIRST_PARTY_MODEL_VENDORS.has(p))) return;
    const list = out.get(id) ?? [];
    if (!list.some((l) => l.file === call.file && l.line === call.line)) list.push({ file: call.file, line: call.line });
    out.set(id, list);
  };
  const byPath = new Map(facts.map((f) => [f.path, f]));
  for (const call of calls) {
    if (call.model) add(call.model, call);
    const file = byPath.get(call.file);
    const index = file ? file.calls.indexOf(call.fact) : -1;
    if (!evaluator || index < 0) continue;
    const values = call.fact.kw
      ? MODEL_KEYS.flatMap((k) => evaluator.argument(call.file, index, k))
      : (call.fact.a ?? []).flatMap((_, i) => MODEL_KEYS.flatMap((k) => evaluator.member(evaluator.argument(call.file, index, i), k)));
    // A model the resolver could not follow all the way (a chat store, a value from the request) may be
    // anything: the literals it did reach are candidates, not what this call sends.
    if (values.some((v) => v.t === '?')) continue;
    for (const v of values) if (v.t === 'str' && !v.v.includes(UNKNOWN_PART)) add(v.v, call);
  }
  return out;
}

const PROMPT_FILE = /(^|\/)([\w-]*[_-])?prompts?(\/|_templates?\/)|\.(prompt|prompty|promptfile)$|(^|\/)[^/]*prompt[^/]*\.(md|txt|ya?ml|jinja2?|j2|hbs|mustache|liquid)$/i;
const REGISTRY_CALL = /(^|\.)(get_prompt|getPrompt|pull_prompt|pullPrompt|hub\.pull|prompts\.get|get_prompt_template)$/;

export function promptUsage(facts: readonly FileFacts[], files: readonly InventoryFile[]): PromptUsage {
  const inline = facts.flatMap((f) => f.prompts.map((p) => ({ file: f.path, line: p.line, name: p.name, chars: p.chars })));
  // A prompt kept as Markdown (`agent/system_prompts/planner.md`) is read as documentation by its extension; outside a
  // documentation folder it is the product's prompt all the same.
  const kept = (f: InventoryFile) => isInScope(f.role) || (f.role === 'docs' && !inDocsFolder(f.path));
  const promptFiles = files.filter((f) => !isParsedLanguage(f.language) && kept(f) && PROMPT_FILE.test(f.path)).map((f) => f.path);
  const registryFiles = facts.filter((f) => f.calls.some((c) => REGISTRY_CALL.test(c.callee))).map((f) => f.path);
  return { inline, promptFiles, registryFiles };
}
