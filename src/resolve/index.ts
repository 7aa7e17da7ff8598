import type { ModuleGraph } from './modules.ts';
import type { FileFacts, Origin } from '../facts/types.ts';
import type { Expr } from './ir.ts';
import { Evaluator, type Value } from './values.ts';

// The resolve stage: one evaluator over every file's program summary, which every later question asks
// (model calls, policies up the call chain, gateways). It also writes each call's and decorator's
// external origin into the facts, for the detectors that only need "which package is this".

export interface Resolution {
  evaluator: Evaluator;
  /** values of the callee of each call of the examined files, by file and call index */
  callees: ReadonlyMap<string, readonly (readonly Value[])[]>;
  /** values of the callee of any call, computed on demand (a wrapper in a file that was not examined) */
  callee(file: string, index: number): readonly Value[];
}

const GLOBAL = '<global>';

/** Resolves the calls and decorators of the `examined` files (every file with a summary when not given). */
export function resolveProgram(files: ReadonlyMap<string, FileFacts>, graph: ModuleGraph, examined?: readonly string[], product?: (file: string) => boolean): Resolution {
  const evaluator = new Evaluator({ files, graph, ...(product ? { product } : {}) });
  const callees = new Map<string, Value[][]>();
  for (const path of examined ?? files.keys()) {
    const facts = files.get(path);
    if (!facts?.ir) continue;
    const perCall: Value[][] = [];
    const bound = boundNames(facts);
    facts.calls.forEach((call, i) => {
      // A builtin the file does not shadow (`len`, `console.log`) is the runtime's: nothing to resolve.
      const root = call.f ? rootName(call.f) : undefined;
      const values = call.f && !(root !== undefined && BUILTINS.has(root) && !bound.has(root)) ? evaluator.callee(path, i) : [];
      perCall.push(values);
      const origins = externalOrigins(values);
      if (origins[0]) call.origin = origins[0];
      else delete call.origin;
      if (origins.length > 1) call.alternatives = origins.slice(1);
      else delete call.alternatives;
    });
    callees.set(path, perCall);
    for (const dec of facts.decorators) {
      if (!dec.f) continue;
      const origin = externalOrigins(evaluator.values(path, dec.scope ?? 0, dec.f))[0];
      if (origin) dec.origin = origin;
    }
  }
  const callee = (file: string, index: number): readonly Value[] => callees.get(file)?.[index] ?? evaluator.callee(file, index);
  return { evaluator, callees, callee };
}

const BUILTINS = new Set([
  // Python
  'print', 'len', 'str', 'int', 'float', 'bool', 'list', 'dict', 'set', 'tuple', 'range', 'enumerate', 'zip', 'isinstance',
  'issubclass', 'hasattr', 'setattr', 'sorted', 'reversed', 'min', 'max', 'sum', 'any', 'all', 'abs', 'round', 'repr', 'type',
  'id', 'hash', 'iter', 'next', 'map', 'filter', 'format', 'ord', 'chr', 'divmod', 'callable', 'vars', 'dir', 'frozenset',
  'bytes', 'bytearray', 'ValueError', 'TypeError', 'KeyError', 'RuntimeError', 'Exception', 'NotImplementedError', 'AttributeError',
  // JavaScript
  'console', 'JSON', 'Object', 'Array', 'Math', 'Number', 'String', 'Boolean', 'Date', 'Promise', 'Error', 'TypeError', 'Symbol',
  'parseInt', 'parseFloat', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'encodeURIComponent', 'decodeURIComponent',
  'isNaN', 'Set', 'Map', 'RegExp',
]);

/** The name a callee chain starts from (`console` in `console.log`); undefined for `this`, calls and the like. */
function rootName(e: Expr): string | undefined {
  if (e.k === 'name') return e.n;
  if (e.k === 'get') return rootName(e.o);
  return undefined;
}

/** Every name a file binds anywhere: assigned, a parameter, imported. */
function boundNames(facts: FileFacts): Set<string> {
  const out = new Set<string>();
  for (const imp of facts.imports) for (const b of imp.bindings) out.add(b.local);
  for (const scope of facts.ir?.scopes ?? []) {
    for (const n of Object.keys(scope.vars)) out.add(n);
    for (const p of scope.params) out.add(p.n);
  }
  return out;
}

/** The external packages' values among these, as origins (`{ module: 'openai', path: 'OpenAI().chat.completions.create' }`). */
export function externalOrigins(values: readonly Value[]): Origin[] {
  const out: Origin[] = [];
  for (const v of values) {
    if (v.t === 'ext' && v.m !== GLOBAL && !out.some((o) => o.module === v.m && o.path === v.p && o.via === v.via)) out.push({ module: v.m, path: v.p, ...(v.via ? { via: v.via } : {}) });
  }
  return out;
}

/** A global name (`fetch`, `window.fetch`) among the values. */
export function globalNames(values: readonly Value[]): string[] {
  return values.flatMap((v) => (v.t === 'ext' && v.m === GLOBAL ? [v.p] : []));
}
