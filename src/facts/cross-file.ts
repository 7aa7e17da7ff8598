import type { ModuleGraph } from './module-graph.ts';
import type { FileFacts, Origin } from './types.ts';

const MAX_HOPS = 3;

/**
 * Replace origins that point at another repository file with what that file's binding traces to:
 * `from app.clients import openai_client` then `openai_client.embeddings.create(...)` resolves to
 * the `openai` SDK when `app/clients.py` holds `openai_client = OpenAI()`.
 */
export function resolveAcrossFiles(files: Map<string, FileFacts>, graph: ModuleGraph): void {
  for (const facts of files.values()) {
    for (const call of facts.calls) if (call.origin) call.origin = follow(facts.path, call.origin, files, graph);
    for (const dec of facts.decorators) if (dec.origin) dec.origin = follow(facts.path, dec.origin, files, graph);
  }
}

function follow(from: string, origin: Origin, files: Map<string, FileFacts>, graph: ModuleGraph): Origin {
  let current = origin;
  let at = from;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const target = graph.resolve(at, current.module);
    const targetFacts = target ? files.get(target) : undefined;
    if (!target || !targetFacts) return current;
    const dot = current.path.indexOf('.');
    const headRaw = dot < 0 ? current.path : current.path.slice(0, dot);
    const head = headRaw.replace(/\(\)$/, '');
    // `getClient()` from another file: what the function returns, when that file recorded it.
    const returned = headRaw.endsWith('()') ? bindingOf(targetFacts, headRaw) : undefined;
    if (returned) {
      current = { module: returned.module, path: [returned.path, dot < 0 ? '' : current.path.slice(dot + 1)].filter(Boolean).join('.') };
      at = target;
      continue;
    }
    const bound = bindingOf(targetFacts, head);
    if (!bound) {
      // `from app import clients` then `clients.openai_client...`: the head is a sub-module, not a binding.
      const submodule = current.module.endsWith('.') ? `${current.module}${head}` : `${current.module}.${head}`;
      if (headRaw.endsWith('()') || dot < 0 || !graph.resolve(at, submodule)) return current;
      current = { module: submodule, path: current.path.slice(dot + 1) };
      continue;
    }
    const called = headRaw.endsWith('()') ? '()' : '';
    const rest = dot < 0 ? '' : current.path.slice(dot + 1);
    const path = [bound.path + called, rest].filter(Boolean).join('.');
    current = { module: bound.module, path };
    at = target;
  }
  return current;
}

// Bindings are a plain object read by names from the scanned code: `constructor` or `toString` must not
// find Object.prototype.
function bindingOf(facts: FileFacts, name: string): Origin | undefined {
  return Object.hasOwn(facts.bindings, name) ? facts.bindings[name] : undefined;
}
