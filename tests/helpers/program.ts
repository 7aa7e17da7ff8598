import type { CallFact, FileFacts } from '../../src/facts/types.ts';
import { buildModuleGraph } from '../../src/resolve/modules.ts';
import { resolveProgram, type Resolution } from '../../src/resolve/index.ts';
import { createPythonParser } from '../../src/parse/python.ts';
import { parseTypeScript } from '../../src/parse/typescript.ts';

// Parse a few in-memory files and run the resolve stage over them, as a scan does: origins of calls
// and decorators are what resolution writes into the facts.

export async function program(files: Record<string, string>): Promise<{ facts: Map<string, FileFacts>; resolution: Resolution }> {
  const python = await createPythonParser();
  try {
    const parsed = Object.entries(files).map(([path, src]) => (path.endsWith('.py') ? python.parse(path, src) : parseTypeScript(path, src)));
    return resolved(parsed);
  } finally {
    python.dispose();
  }
}

/** Resolve already parsed files together. */
export function resolved(parsed: FileFacts[]): { facts: Map<string, FileFacts>; resolution: Resolution } {
  const facts = new Map(parsed.map((f) => [f.path, f]));
  const resolution = resolveProgram(facts, buildModuleGraph(parsed, []));
  return { facts, resolution };
}

/** One file parsed and resolved on its own. */
export function resolveOne(facts: FileFacts): FileFacts {
  resolved([facts]);
  return facts;
}

/** A call without the program summary the resolve stage reads (its value trees), for exact comparisons. */
export function plain(call: CallFact): CallFact {
  const { f: _f, a: _a, kw: _kw, scope: _scope, ...rest } = call;
  return rest;
}
