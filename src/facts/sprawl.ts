import { isMovingAlias, retiredNote } from '../catalog/model-ids.ts';
import { providerOfModelId, type ProviderId } from '../catalog/providers.ts';
import type { InventoryFile } from '../inventory/index.ts';
import { isParsedLanguage } from '../inventory/language.ts';
import { isInScope } from '../inventory/roles.ts';
import type { FileFacts } from './types.ts';

// Model ids and prompts written into product code: how many, where, and whether they are kept in
// one place (a config module, prompt files, a prompt registry) or spread through the code.

export interface ModelIdUsage {
  id: string;
  provider: ProviderId | null;
  /** occurrences in product code */
  count: number;
  locations: { file: string; line: number }[];
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

export function modelIdUsage(facts: readonly FileFacts[]): ModelIdUsage[] {
  const byId = new Map<string, { file: string; line: number }[]>();
  for (const f of facts) {
    for (const s of f.strings) {
      // `ollama/` alone is a routing prefix, not a model.
      if (s.kind !== 'model-id' || s.value.endsWith('/')) continue;
      const list = byId.get(s.value) ?? [];
      list.push({ file: f.path, line: s.line });
      byId.set(s.value, list);
    }
  }
  return [...byId]
    .map(([id, locations]) => ({ id, provider: providerOfModelId(id) ?? null, count: locations.length, locations, retired: retiredNote(id) ?? null, movingAlias: isMovingAlias(id) }))
    .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
}

const PROMPT_FILE = /(^|\/)prompts?(\/|_templates?\/)|\.(prompt|prompty|promptfile)$|(^|\/)[^/]*prompt[^/]*\.(md|txt|ya?ml|jinja2?|j2|hbs|mustache|liquid)$/i;
const REGISTRY_CALL = /(^|\.)(get_prompt|getPrompt|pull_prompt|pullPrompt|hub\.pull|prompts\.get|get_prompt_template)$/;

export function promptUsage(facts: readonly FileFacts[], files: readonly InventoryFile[]): PromptUsage {
  const inline = facts.flatMap((f) => f.prompts.map((p) => ({ file: f.path, line: p.line, name: p.name, chars: p.chars })));
  const promptFiles = files.filter((f) => !isParsedLanguage(f.language) && isInScope(f.role) && PROMPT_FILE.test(f.path)).map((f) => f.path);
  const registryFiles = facts.filter((f) => f.calls.some((c) => REGISTRY_CALL.test(c.callee))).map((f) => f.path);
  return { inline, promptFiles, registryFiles };
}
