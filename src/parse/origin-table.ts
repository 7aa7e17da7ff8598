import type { Origin } from '../facts/types.ts';

// Maps names (`client`, `this.client`, `self.llm`) to where their value comes from. Language
// parsers fill it from imports, assignments and annotations; calls then resolve their chain
// against the longest bound prefix. Scoping is file-global on purpose: cheap, and collisions
// between two differently traced values of one name are rare in practice.
export class OriginTable {
  private readonly table = new Map<string, Origin>();
  /** later, different values of a bound name (`let c; if (x) c = new OpenAI(); else c = new Anthropic()`) */
  private readonly later = new Map<string, Origin[]>();

  bind(name: string, origin: Origin | undefined): void {
    if (!origin) return;
    const first = this.table.get(name);
    if (!first) {
      this.table.set(name, origin);
      return;
    }
    const others = this.later.get(name) ?? [];
    if (![first, ...others].some((o) => o.module === origin.module && o.path === origin.path)) this.later.set(name, [...others, origin]);
  }

  /** The other values `resolve` would have given had a later binding of the same name won. */
  alternatives(chain: string): Origin[] {
    const segments = splitChain(chain);
    for (let n = segments.length; n > 0; n--) {
      const head = segments.slice(0, n).join('.');
      const key = this.table.has(head) ? head : head.replace(/\(\)$/, '');
      if (!this.table.has(key)) continue;
      const consumedCall = key !== head;
      const rest = segments.slice(n).join('.');
      return (this.later.get(key) ?? []).map((o) => ({ module: o.module, path: joinPath(o.path + (consumedCall ? '()' : ''), rest) }));
    }
    return [];
  }

  /** Resolve `a.b().c` by the longest bound prefix of its segments. */
  resolve(chain: string): Origin | undefined {
    const segments = splitChain(chain);
    for (let n = segments.length; n > 0; n--) {
      const head = segments.slice(0, n).join('.');
      const bound = this.table.get(head) ?? this.table.get(head.replace(/\(\)$/, ''));
      if (!bound) continue;
      const consumedCall = !this.table.has(head) && head.endsWith('()');
      const rest = segments.slice(n).join('.');
      return { module: bound.module, path: joinPath(bound.path + (consumedCall ? '()' : ''), rest) };
    }
    return undefined;
  }
}

/** Split a chain into segments; `()` markers never contain dots, so each segment keeps its own. */
export function splitChain(chain: string): string[] {
  return chain.split('.').filter((s) => s.length > 0);
}

export function joinPath(base: string, rest: string): string {
  if (!base) return rest;
  if (!rest) return base;
  return `${base}.${rest}`;
}
