import type { Origin } from '../facts/types.ts';
import { type Chain, UNKNOWN, splitSegment } from './python-text.ts';

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

/** Assignment hops followed from one use; real chains are a handful long. */
const MAX_DEPTH = 24;

export function moduleScope(): Scope {
  return { kind: 'module', qual: '<module>', enclosing: '<module>', parent: null, cls: null };
}

export function extendOrigin(origin: Origin, calls: string, rest: readonly string[]): Origin {
  let path = origin.path + calls;
  for (const seg of rest) path = path ? `${path}.${seg}` : seg;
  return { module: origin.module, path };
}

export class PythonResolver {
  /** per owner scope and key, in document order */
  private readonly byOwner = new Map<Scope, Map<string, Assign[]>>();
  /** per key, every owner: the file-wide fallback */
  private readonly byKey = new Map<string, Assign[]>();
  /** file-wide fallback result per key (it does not depend on where the name is used) */
  private readonly fileWide = new Map<string, Origin | null>();
  private readonly imports = new Map<string, Traced>();
  /** root local -> full module names imported as `import root.x.y` */
  private readonly dotted = new Map<string, string[]>();
  /**
   * Every assignment is traced at most once. A value met again while being traced (a cycle such
   * as `ans = ans._fix()` seen through the file-wide fallback) counts as untraced, and that result
   * is cached too: without this, cycles made tracing exponential.
   */
  private readonly cache = new Map<Assign, Origin | null>();
  private readonly active = new Set<Assign | string>();

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

  /** Assignments must arrive in document order (the extractor visits nodes in that order). */
  addAssign(key: string, assign: Assign): void {
    let keys = this.byOwner.get(assign.owner);
    if (!keys) this.byOwner.set(assign.owner, (keys = new Map()));
    push(keys, key, assign);
    push(this.byKey, key, assign);
  }

  resolve(chain: Chain, scope: Scope, pos: number, depth = 0): Origin | undefined {
    const head = chain[0];
    if (head === undefined || head === UNKNOWN) return undefined;
    const root = splitSegment(head);
    const second = chain[1];
    if (root.name === 'self' && second !== undefined && scope.cls) {
      const attr = splitSegment(second);
      // `self.client()` where the method returns a traced client.
      const returned = attr.calls ? this.traceSelf(`${attr.name}()`, scope.cls, depth) : undefined;
      if (returned) return extendOrigin(returned, attr.calls.slice(2), chain.slice(2));
      const own = this.traceSelf(attr.name, scope.cls, depth);
      if (own) return extendOrigin(own, attr.calls, chain.slice(2));
    }
    // `get_client()` where the function returns a traced client.
    const returned = root.calls ? this.lookup(`${root.name}()`, scope, pos, depth) : undefined;
    if (returned) return extendOrigin(returned.origin, root.calls.slice(2), chain.slice(1));
    const traced = this.lookup(root.name, scope, pos, depth);
    if (!traced) return undefined;
    if (traced.pkg !== undefined) {
      const sub = this.submodule(chain, traced.pkg);
      if (sub) return sub;
    }
    return extendOrigin(traced.origin, root.calls, chain.slice(1));
  }

  /**
   * Other origins the chain's root may hold at this use: earlier assignments in the same scope, as when
   * `if aws: client = AnthropicBedrock() else: client = Anthropic()` precedes `client.messages.create`.
   * The nearest one is what `resolve` returns; these are the branches it shadows.
   */
  alternatives(chain: Chain, scope: Scope, pos: number): Origin[] {
    const head = chain[0];
    if (head === undefined || head === UNKNOWN) return [];
    const root = splitSegment(head);
    const second = chain[1];
    let assigns: Assign[];
    let rest: readonly string[];
    let calls: string;
    if (root.name === 'self' && second !== undefined && scope.cls) {
      const attr = splitSegment(second);
      assigns = this.byOwner.get(scope.cls)?.get(`self.${attr.name}`) ?? [];
      rest = chain.slice(2);
      calls = attr.calls;
    } else {
      assigns = (this.byOwner.get(scope)?.get(root.name) ?? []).filter((a) => a.pos < pos);
      rest = chain.slice(1);
      calls = root.calls;
    }
    if (assigns.length < 2) return [];
    const out = new Map<string, Origin>();
    for (const assign of assigns) {
      const origin = this.traceAssign(assign, 0);
      if (origin) out.set(`${origin.module}\u0000${origin.path}`, extendOrigin(origin, calls, rest));
    }
    return out.size > 1 ? [...out.values()] : [];
  }

  /** Origin of a name as seen at module level after the whole file ran (for FileFacts.bindings). */
  binding(name: string): Origin | undefined {
    // A factory returning values of different modules per branch has no one origin for other files to
    // trace to (the same rule as the TypeScript parser's); clients of one SDK keep the first.
    if (name.endsWith('()')) {
      const modules = new Set((this.byOwner.get(this.module)?.get(name) ?? []).flatMap((a) => this.traceAssign(a, 0)?.module ?? []));
      if (modules.size > 1) return undefined;
    }
    return this.lookup(name, this.module, Infinity, 0)?.origin;
  }

  private lookup(name: string, scope: Scope, pos: number, depth: number): Traced | undefined {
    for (let s: Scope | null = scope; s && s.kind !== 'module'; s = s.parent) {
      if (s.kind === 'class' && s !== scope) continue; // class bodies are not visible to their methods
      const local = this.ownTraced(name, s, s === scope ? pos : Infinity, depth);
      if (local) return { origin: local };
    }
    const imported = this.imports.get(name);
    if (imported) return imported;
    const global = this.ownTraced(name, this.module, Infinity, depth) ?? this.anyTraced(name, depth);
    return global ? { origin: global } : undefined;
  }

  /** `self.client` set in this class first, else in any class of the file (base classes often live alongside). */
  private traceSelf(attr: string, cls: Scope, depth: number): Origin | undefined {
    const key = `self.${attr}`;
    return this.ownTraced(key, cls, Infinity, depth) ?? this.anyTraced(key, depth);
  }

  /**
   * A traced assignment of the key in one scope. Seen from a use in that same scope (`before` finite), the
   * nearest assignment before the use wins: `client = OpenAI()` then, in a branch, `client = Anthropic()`
   * followed by `client.messages.create` is the Anthropic client. Seen from elsewhere, the first one.
   */
  private ownTraced(key: string, owner: Scope, before: number, depth: number): Origin | undefined {
    const assigns = (this.byOwner.get(owner)?.get(key) ?? []).filter((a) => a.pos < before);
    for (const assign of Number.isFinite(before) ? assigns.reverse() : assigns) {
      const origin = this.traceAssign(assign, depth);
      if (origin) return origin;
    }
    return undefined;
  }

  /** First traced assignment of the key anywhere in the file, parameters excepted. */
  private anyTraced(key: string, depth: number): Origin | undefined {
    const cached = this.fileWide.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const marker = `key:${key}`;
    if (this.active.has(marker)) return undefined;
    this.active.add(marker);
    let origin: Origin | undefined;
    try {
      for (const assign of this.byKey.get(key) ?? []) {
        origin = assign.local ? undefined : this.traceAssign(assign, depth);
        if (origin) break;
      }
    } finally {
      this.active.delete(marker);
    }
    this.fileWide.set(key, origin ?? null);
    return origin;
  }

  private traceAssign(assign: Assign, depth: number): Origin | undefined {
    const cached = this.cache.get(assign);
    if (cached !== undefined) return cached ?? undefined;
    if (depth >= MAX_DEPTH || this.active.has(assign)) return undefined;
    this.active.add(assign);
    let origin: Origin | undefined;
    try {
      if (assign.value) origin = this.resolve(assign.value, assign.scope, assign.pos, depth + 1);
      if (!origin && assign.type) origin = this.resolve(assign.type, assign.scope, assign.pos, depth + 1);
    } finally {
      this.active.delete(assign);
    }
    this.cache.set(assign, origin ?? null);
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

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
