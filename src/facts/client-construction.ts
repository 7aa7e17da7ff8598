import type { CallFact, FileFacts, Literal } from './types.ts';

// How the client a call is made on was built: `OpenAI().chat.completions.create` was built by an
// `OpenAI(...)` call somewhere. Timeouts, retries, token caps and base URLs are set there.

export interface Construction {
  file: string;
  line: number;
  keys: string[];
  values: Record<string, Literal>;
  /** built in the module's `__main__` block: the client of that block's calls only */
  main?: true;
}

export type ConstructionIndex = Map<string, Construction[]>;

/** Every construction of an imported class, by `module|Class`. */
export function constructionIndex(facts: ReadonlyMap<string, FileFacts>): ConstructionIndex {
  const index: ConstructionIndex = new Map();
  for (const f of facts.values()) {
    for (const c of f.calls) {
      if (!c.origin || c.origin.path.includes('(') || !/^[A-Z]|^default$/.test(c.origin.path.split('.').pop() ?? '')) continue;
      const key = `${c.origin.module}|${c.origin.path}`;
      const list = index.get(key) ?? [];
      list.push({ file: f.path, line: c.line, keys: c.args.keys, values: c.args.values, ...(c.main ? { main: true as const } : {}) });
      index.set(key, list);
    }
  }
  return index;
}

/**
 * The construction behind a call's client. Constructions in the same file are the client; otherwise (a
 * client imported from another module) every construction of that class in the repository, merged to
 * the options they all set: one bare `OpenAI()` among configured ones leaves its calls on defaults.
 */
export function clientConstruction(call: CallFact, file: string, index: ConstructionIndex, builtIn?: string): Construction | undefined {
  const origin = call.origin;
  if (!origin) return undefined;
  const open = origin.path.indexOf('()');
  if (open < 0) return undefined;
  const all = index.get(`${origin.module}|${origin.path.slice(0, open)}`) ?? [];
  // Where the resolve stage saw the client built (another module's factory), else this file.
  const local = all.filter((c) => c.file === (builtIn ?? file) && (call.main || !c.main));
  const chosen = local.length > 0 ? local : all;
  const first = chosen[0];
  if (!first) return undefined;
  const keys = first.keys.filter((k) => chosen.every((c) => c.keys.includes(k)));
  const values = Object.fromEntries(Object.entries(first.values).filter(([k, v]) => chosen.every((c) => c.values[k] === v)));
  return { file: first.file, line: first.line, keys, values };
}
