import type { Origin } from '../facts/types.ts';
import { type Chain, UNKNOWN, isCalled, stripCall } from './python-nodes.ts';

// Traces the root of a chain back to an import of the same file, through assignments,
// annotations and `self.` attributes. Scoping is deliberately approximate: the nearest
// definition wins, then imports, then module-level assignments, then any assignment in the file.

export interface Scope {
  kind: 'module' | 'function' | 'class';
  /** `Class.method`, `func`, `Outer.Inner` */
  qual: string;
  /** what CallFact.enclosing reports for code directly in this scope */
  enclosing: string;
  parent: Scope | null;
  /** class whose `self` a method (or a function nested in one) sees */
  cls: Scope | null;
}

export interface Assign {
  /** scope whose names this assignment defines (the class, for `self.x = ...`) */
  owner: Scope;
  /** scope the value is evaluated in */
  scope: Scope;
  pos: number;
  value: Chain | null;
  /** annotation as a constructor chain (`client: OpenAI` -> `OpenAI()`) */
  type: Chain | null;
  /** parameters are never seen from another function, even by the file-wide fallback */
  local?: boolean;
}

interface Traced {
  origin: Origin;
  /** root local of a plain `import a.b.c`, whose longer chains may name a submodule */
  pkg?: string;
}

const MAX_DEPTH = 12;

export function moduleScope(): Scope {
  return { kind: 'module', qual: '<module>', enclosing: '<module>', parent: null, cls: null };
}

export function extendOrigin(origin: Origin, called: boolean, rest: readonly string[]): Origin {
  let path = origin.path + (called ? '()' : '');
  for (const seg of rest) path = path ? `${path}.${seg}` : seg;
  return { module: origin.module, path };
}

export class PythonResolver {
  private readonly assigns = new Map<string, Assign[]>();
  private readonly imports = new Map<string, Traced>();
  /** root local -> full module names imported as `import root.x.y` */
  private readonly dotted = new Map<string, string[]>();
  private readonly cache = new Map<Assign, Origin | null>();
  private readonly active = new Set<Assign>();
  private cutoffs = 0;

  constructor(readonly module: Scope) {}

  /** First import of a local name wins (`try: import simplejson as json / except: import json`). */
  addImport(local: string, origin: Origin, dottedModule?: string): void {
    if (dottedModule !== undefined) {
      const list = this.dotted.get(local) ?? [];
      if (!list.includes(dottedModule)) list.push(dottedModule);
      this.dotted.set(local, list);
    }
    if (this.imports.has(local)) return;
    this.imports.set(local, dottedModule !== undefined ? { origin, pkg: local } : { origin });
  }

  addAssign(key: string, assign: Assign): void {
    const list = this.assigns.get(key);
    if (list) list.push(assign);
    else this.assigns.set(key, [assign]);
  }

  resolve(chain: Chain, scope: Scope, pos: number, depth = 0): Origin | undefined {
    const head = chain[0];
    if (head === undefined || head === UNKNOWN) return undefined;
    const root = stripCall(head);
    const second = chain[1];
    if (root === 'self' && second !== undefined && scope.cls) {
      const own = this.traceSelf(stripCall(second), scope.cls, depth);
      if (own) return extendOrigin(own, isCalled(second), chain.slice(2));
    }
    const traced = this.lookup(root, scope, pos, depth);
    if (!traced) return undefined;
    if (traced.pkg !== undefined) {
      const sub = this.submodule(chain, traced.pkg);
      if (sub) return sub;
    }
    return extendOrigin(traced.origin, isCalled(head), chain.slice(1));
  }

  /** Origin of a name as seen at module level after the whole file ran (for FileFacts.bindings). */
  binding(name: string): Origin | undefined {
    return this.lookup(name, this.module, Infinity, 0)?.origin;
  }

  private lookup(name: string, scope: Scope, pos: number, depth: number): Traced | undefined {
    for (let s: Scope | null = scope; s && s.kind !== 'module'; s = s.parent) {
      if (s.kind === 'class' && s !== scope) continue; // class bodies are not visible to their methods
      const local = this.firstTraced(name, s, s === scope ? pos : Infinity, depth);
      if (local) return { origin: local };
    }
    const imported = this.imports.get(name);
    if (imported) return imported;
    const global = this.firstTraced(name, this.module, Infinity, depth) ?? this.firstTraced(name, null, Infinity, depth);
    return global ? { origin: global } : undefined;
  }

  /** `self.client` set in this class first, else in any class of the file (base classes often live alongside). */
  private traceSelf(attr: string, cls: Scope, depth: number): Origin | undefined {
    const key = `self.${attr}`;
    return this.firstTraced(key, cls, Infinity, depth) ?? this.firstTraced(key, null, Infinity, depth);
  }

  private firstTraced(key: string, owner: Scope | null, before: number, depth: number): Origin | undefined {
    const list = this.assigns.get(key);
    if (!list) return undefined;
    for (const assign of list) {
      if (owner ? assign.owner !== owner : assign.local) continue;
      if (assign.pos >= before) continue;
      const origin = this.traceAssign(assign, depth);
      if (origin) return origin;
    }
    return undefined;
  }

  private traceAssign(assign: Assign, depth: number): Origin | undefined {
    const cached = this.cache.get(assign);
    if (cached !== undefined) return cached ?? undefined;
    if (depth >= MAX_DEPTH || this.active.has(assign)) {
      this.cutoffs++;
      return undefined;
    }
    const before = this.cutoffs;
    this.active.add(assign);
    let origin: Origin | undefined;
    try {
      if (assign.value) origin = this.resolve(assign.value, assign.scope, assign.pos, depth + 1);
      if (!origin && assign.type) origin = this.resolve(assign.type, assign.scope, assign.pos, depth + 1);
    } finally {
      this.active.delete(assign);
    }
    // A result cut short by a cycle or the depth limit may differ when reached another way.
    if (this.cutoffs === before) this.cache.set(assign, origin ?? null);
    return origin;
  }

  /** Longest `import a.b.c` module that prefixes the chain: `a.b.c.f()` -> `{module: 'a.b.c', path: 'f'}`. */
  private submodule(chain: Chain, root: string): Origin | undefined {
    let best: string[] | undefined;
    for (const mod of this.dotted.get(root) ?? []) {
      const segs = mod.split('.');
      if (segs.length > chain.length || (best && segs.length <= best.length)) continue;
      if (segs.every((seg, i) => chain[i] === seg)) best = segs;
    }
    if (!best) return undefined;
    return { module: best.join('.'), path: chain.slice(best.length).join('.') };
  }
}
