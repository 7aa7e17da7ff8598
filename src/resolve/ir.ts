import type { Literal } from '../facts/types.ts';

// The program summary each parser writes for its file, the same for TypeScript, JavaScript and Python:
// scopes with their parameters, local assignments and returns, classes with their bases, fields and
// methods, and every value as a small expression tree. Nothing here is resolved: the resolve stage
// answers "where can this value come from" over all files at once (values.ts). Plain JSON, so it
// crosses worker threads and lives in the facts cache.

/** The entry key of what a mapping holds under keys known only at run time (`agents[channel_id] = agent`). */
export const ANY_KEY = '[]';

export type Expr =
  /** a name, looked up lexically from the scope the expression belongs to */
  | { k: 'name'; n: string }
  /** `this`, or a method's first parameter in Python (`self`; `cls` in a classmethod) */
  | { k: 'this' }
  /** `super` / `super()`: the base classes of the enclosing class */
  | { k: 'super' }
  /** member read `o.p`, also `o['p']` and `getattr(o, 'p')` with a constant name */
  | { k: 'get'; o: Expr; p: string }
  /** subscript with a key that is not a constant name: `o[k]`, `o[0]` (tuple or array element when numeric) */
  | { k: 'idx'; o: Expr; i?: number }
  /**
   * call or construction; keyword arguments in Python, none in JS (an options object is a positional `obj`);
   * `typed`: an instance a type annotation promises (`client: OpenAI`), built elsewhere, not here; `sp`: the
   * mappings passed as `**kwargs` (Python)
   */
  | { k: 'call'; f: Expr; a: Expr[]; kw?: Record<string, Expr>; sp?: Expr[]; new?: 1; typed?: 1 }
  | { k: 'lit'; v: Literal }
  /** a string built from parts: a template literal, an f-string, `a + '/path'`, `'%s' % x` */
  | { k: 'str'; parts: (string | Expr)[] }
  /** any of these: `a || b`, `a ?? b`, `c ? a : b`, `a or b`, `x if c else y`, LCEL `a | b` */
  | { k: 'or'; of: Expr[] }
  /** object or dict literal; `spread` are `...x` / `**x` entries */
  | { k: 'obj'; p: Record<string, Expr>; spread?: Expr[] }
  /** array, list or tuple literal */
  | { k: 'arr'; a: Expr[] }
  /** a function defined inline or by a declaration: the scope index of its body */
  | { k: 'fn'; s: number }
  /** a class defined in this file: its index in `classes` */
  | { k: 'cls'; c: number }
  /** `import('x')`, `require(x)`, `importlib.import_module(x)`: the module whose name `m` evaluates to */
  | { k: 'import'; m: Expr }
  /** an environment variable (`process.env.X`, `os.environ.get('X', d)`), with its default */
  | { k: 'env'; n: string; d?: Expr }
  /** anything else: an arithmetic result, a comprehension, a construct the parser does not model */
  | { k: '?' };

export interface ParamIR {
  n: string;
  /** the annotation as a class expression (`OpenAI`, `OpenAI | AzureOpenAI`, `Optional[X]` -> `X`) */
  type?: Expr;
  /** the default value */
  def?: Expr;
  /** what an `Annotated[T, ...]` annotation adds to the type (FastAPI's `Depends(get_user)`), or a type alias for one names */
  meta?: Expr[];
  /** `*args` (1) or `**kwargs` (2); `...rest` is 1 */
  rest?: 1 | 2;
}

export type ScopeKind = 'module' | 'function' | 'method' | 'getter' | 'constructor' | 'static' | 'classmethod' | 'class';

export interface ScopeIR {
  /** what calls report as their enclosing function: `Class.method`, `func`, `<module>` */
  name: string;
  kind: ScopeKind;
  /** enclosing scope, -1 for the module */
  parent: number;
  /** the class whose method this is (`this` / `self` is its instance) */
  cls?: number;
  line: number;
  params: ParamIR[];
  /** assignments to names of this scope, in document order (declarations of functions and classes included) */
  vars: Record<string, Expr[]>;
  /** returned (and, for generators, yielded) values */
  returns: Expr[];
  /** the return annotation as a class expression (`-> BaseChatModel`, `: Promise<OpenAI>`): what a factory that builds its class at run time returns */
  rtype?: Expr;
  /** names iterated inside a `try` with a handler here (`async for chunk in stream`): a generator handed in fails inside it */
  guardedLoops?: string[];
  /** parameters narrowed by `isinstance(p, T)` checks, read as annotations; attributes (`isinstance(self.x.y, T)`) by their path `this.x.y` */
  narrowed?: Record<string, Expr[]>;
}

export interface FieldIR {
  /** the scope the value is evaluated in (the method that assigned it) */
  s: number;
  e: Expr;
}

export interface ClassIR {
  name: string;
  line: number;
  /** scope the class statement stands in */
  scope: number;
  bases: Expr[];
  /** `this.x = ...`, `self.x = ...`, class-level attributes, TS fields and parameter properties */
  fields: Record<string, FieldIR[]>;
  /** methods by name: scope index of the body; getters (`get x()`, `@property`) have kind `getter` */
  methods: Record<string, number>;
}

export interface ProgramIR {
  scopes: ScopeIR[];
  classes: ClassIR[];
  /** TS/JS exports by exported name (`default` for `export default`), CommonJS `module.exports` included */
  exports?: Record<string, Expr>;
}

export const UNKNOWN_EXPR: Expr = { k: '?' };

/** Is scope `s` the scope `outer` or nested in it (a function inside a function, a method inside a class)? */
export function scopeWithin(scopes: readonly ScopeIR[] | undefined, s: number, outer: number): boolean {
  for (let cur = s; cur >= 0; cur = scopes?.[cur]?.parent ?? -1) if (cur === outer) return true;
  return false;
}

/** The expressions directly inside one: a member's object, a call's callee and arguments, a literal's entries, a string's parts. */
export function subExprs(e: Expr): Expr[] {
  switch (e.k) {
    case 'get':
    case 'idx':
      return [e.o];
    case 'call':
      return [e.f, ...e.a, ...Object.values(e.kw ?? {})];
    case 'str':
      return e.parts.filter((p): p is Expr => typeof p !== 'string');
    case 'or':
      return e.of;
    case 'obj':
      return [...Object.values(e.p), ...(e.spread ?? [])];
    case 'arr':
      return e.a;
    case 'import':
      return [e.m];
    case 'env':
      return e.d ? [e.d] : [];
    default:
      return [];
  }
}


/** `self.a.b` / `this.a.b` as `this.a.b`: the key under which `isinstance` narrows an attribute; undefined for anything else. */
export function thisPath(e: Expr): string | undefined {
  if (e.k === 'this') return 'this';
  if (e.k !== 'get') return undefined;
  const base = thisPath(e.o);
  return base ? `${base}.${e.p}` : undefined;
}

/** `Annotated` or `typing.Annotated`: the parser keeps `Annotated[T, m1, m2]` as a call of it, with T and its metadata as arguments. */
export function isAnnotated(e: Expr): boolean {
  return (e.k === 'name' && e.n === 'Annotated') || (e.k === 'get' && e.p === 'Annotated');
}
