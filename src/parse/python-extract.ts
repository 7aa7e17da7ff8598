import type { Node } from 'web-tree-sitter';
import { PROMPT_MIN_CHARS, classifyString, isPromptName, isUiTextName, looksLikePrompt } from '../catalog/strings.ts';
import type { DefinitionFact, FileFacts, ImportBinding, ImportFact } from '../facts/types.ts';
import { ANY_KEY, thisPath, type ClassIR, type Expr, type ParamIR, type ProgramIR, type ScopeIR, type ScopeKind } from '../resolve/ir.ts';
import { getKey, pushKey, setKey } from '../util/record.ts';
import { type ExprContext, annotatedMetadata, pyCallParts, pyExpr, pyTypeExpr } from './python-expr.ts';
import {
  type Span,
  UNKNOWN,
  callArgs,
  decodeStrings,
  findTopLevel,
  identEnd,
  inside,
  endsStatement,
  isAssignEq,
  isKeywordAt,
  isStringAt,
  literalAt,
  nameBefore,
  scanChain,
  skipBalanced,
  skipTrivia,
  splitTopLevel,
  stripCall,
} from './python-text.ts';
import { pyStringContext } from './string-context.ts';

// One pass over the node kinds we need, fetched in document order by a single call into the wasm
// module; each node is then read from its source span (see python-text.ts and python-expr.ts). The
// result is the file's facts and its program summary (resolve/ir.ts): scopes, classes, assignments,
// returns and calls as value trees, resolved later across all files.

const NODE_TYPES = [
  'import_statement', 'import_from_statement', 'future_import_statement',
  'call', 'decorated_definition', 'function_definition', 'class_definition',
  'assignment', 'augmented_assignment', 'named_expression', 'with_item', 'return_statement', 'yield',
  'for_statement', 'global_statement', 'nonlocal_statement',
  'string', 'concatenated_string', 'try_statement',
];

const IDENT = '[\\p{L}\\p{Nl}_][\\p{L}\\p{Nl}\\p{Mn}\\p{Mc}\\p{Nd}\\p{Pc}]*';
const DEF_RE = new RegExp(`(?:async\\s+)?def\\s+(${IDENT})`, 'uy');
const CLASS_RE = new RegExp(`class\\s+(${IDENT})`, 'uy');
const TYPE_CHECKING_RE = /^(typing\.|t\.)?TYPE_CHECKING$/;
/** A string token longer than this cannot decode to something classifyString keeps (max 300 chars). */
const MAX_STRING_RAW = 4000;
const GETTER_DECORATORS = /^(property|cached_property|functools\.cached_property|abc\.abstractproperty|abstractproperty)$/;

/** the body of a `try` that has an `except` */
interface GuardedSpan { start: number; end: number; scope: number }
interface RawDefinition { fact: DefinitionFact; top: string; member: string | null }
/** `body` is where a def's body starts: parameter defaults before it run in the outer scope. */
interface OpenScope { end: number; body: number; scope: number }

const MAIN_GUARD = /^if\s+(?:__name__\s*==\s*(['"])__main__\1|(['"])__main__\2\s*==\s*__name__)\s*:/m;

/** The module-level `if __name__ == "__main__":` block: from its test to the next statement at column 0. */
function mainBlockOf(src: string): Span | null {
  const m = MAIN_GUARD.exec(src);
  if (!m) return null;
  const from = m.index + m[0].length;
  const next = /\n(?=[^\s#])/g;
  next.lastIndex = from;
  const end = next.exec(src);
  return [from, end ? end.index : src.length];
}

export function extractPythonFacts(root: Node, src: string, facts: FileFacts): FileFacts {
  const extractor = new PythonExtractor(src, facts);
  for (const node of root.descendantsOfType(NODE_TYPES)) extractor.visit(node);
  return extractor.finish();
}

class PythonExtractor {
  private readonly ir: ProgramIR = { scopes: [], classes: [] };
  /** the name meaning `this` in each scope (a method's first parameter, inherited by nested functions) */
  private readonly selfOf: (string | null)[] = [];
  /** names declared `global` in each scope */
  private readonly globalsOf: (Set<string> | null)[] = [];
  private readonly open: OpenScope[] = [];
  private readonly definitions: RawDefinition[] = [];
  /** decorator names of the definition starting at an offset (a decorated def is met before its def) */
  private readonly decoratorsAt = new Map<number, string[]>();
  private readonly seenStrings = new Set<string>();
  /** Offsets of strings that open a module, class or function body (docstrings when alone on their line). */
  private readonly docstringStarts = new Set<number>();
  private dunderAll: Set<string> | null = null;
  /** enclosing guarded `try` bodies, innermost last */
  private readonly tries: GuardedSpan[] = [];
  /** the span of the module's `if __name__ == "__main__":` block, if it has one */
  private readonly mainBlock: Span | null;
  private concatEnd = -1;

  constructor(private readonly src: string, private readonly facts: FileFacts) {
    this.mainBlock = mainBlockOf(src);
    this.newScope({ name: '<module>', kind: 'module', parent: -1, line: 1, params: [], vars: {}, returns: [] }, null);
    this.markBodyStart(0, src.length);
  }

  private newScope(scope: ScopeIR, self: string | null): number {
    this.ir.scopes.push(scope);
    this.selfOf.push(self);
    this.globalsOf.push(null);
    return this.ir.scopes.length - 1;
  }

  /** Found from the text: Node.parent re-walks the tree from the root and costs more than the rest. */
  private markBodyStart(from: number, end: number): void {
    const first = skipTrivia(this.src, from, end);
    if (first < end && isStringAt(this.src, first, end)) this.docstringStarts.add(first);
  }

  /** Header of a def/class: its name and where its body starts (marking a docstring there). */
  private header(start: number, end: number): { name: string; nameEnd: number; body: number } | null {
    const head = definitionHeader(this.src, start);
    if (!head) return null;
    const colon = findTopLevel(this.src, head.end, end, (i) => this.src[i] === ':');
    if (colon >= 0) this.markBodyStart(colon + 1, end);
    return { name: head.name, nameEnd: head.end, body: colon >= 0 ? colon : head.end };
  }

  private get scope(): number {
    return this.open[this.open.length - 1]?.scope ?? 0;
  }

  private scopeIR(s: number): ScopeIR {
    return this.ir.scopes[s] as ScopeIR;
  }

  /** The scope code at this offset runs in: a def's header (defaults, annotations) belongs outside it. */
  private runScope(pos: number): number {
    const top = this.open[this.open.length - 1];
    if (!top) return 0;
    return pos < top.body ? Math.max(0, this.scopeIR(top.scope).parent) : top.scope;
  }

  /** How expressions of a scope are read: its `self`, and where its lambdas go. */
  private context(scope: number): ExprContext {
    return {
      self: this.selfOf[scope] ?? null,
      lambda: (params, body) => {
        const s = this.newScope({ name: this.scopeIR(scope).name, kind: 'function', parent: scope, line: 0, params: this.parameterList(params, scope), vars: {}, returns: [] }, this.selfOf[scope] ?? null);
        this.scopeIR(s).returns.push(pyExpr(this.src, body[0], body[1], this.context(s)));
        return s;
      },
    };
  }

  private expr(span: Span, scope: number): Expr {
    return pyExpr(this.src, span[0], span[1], this.context(scope));
  }

  visit(node: Node): void {
    const start = node.startIndex;
    while (this.open.length > 0 && start >= (this.open[this.open.length - 1]?.end ?? 0)) this.open.pop();
    const type = node.type;
    switch (type) {
      case 'call': return this.call(node, start);
      case 'string':
      case 'concatenated_string': return this.string(node, type, start);
      case 'assignment': return this.assignment(start, node.endIndex, node.startPosition.row + 1);
      case 'function_definition': return this.definitionScope(node, start, 'function');
      case 'class_definition': return this.definitionScope(node, start, 'class');
      case 'decorated_definition': return this.decorated(node);
      case 'import_statement': return this.importStatement(node);
      case 'import_from_statement':
      case 'future_import_statement': return this.fromImport(node, type === 'future_import_statement');
      case 'augmented_assignment': return this.augmented(start, node.endIndex);
      case 'named_expression': return this.walrus(start, node.endIndex);
      case 'with_item': return this.withItem(start, node.endIndex);
      case 'return_statement': return this.returned(start + 'return'.length, node.endIndex);
      case 'yield': return this.returned(start, node.endIndex);
      case 'for_statement': return this.forStatement(node);
      case 'global_statement':
      case 'nonlocal_statement': return this.globalStatement(start, node.endIndex, type === 'global_statement');
      case 'try_statement': return this.tryStatement(node, start);
    }
  }

  // ---- imports ------------------------------------------------------------------------------

  private pushImport(module: string, node: Node, bindings: ImportBinding[], typeOnly: boolean): void {
    const scope = this.scope;
    const fact: ImportFact = { module, line: node.startPosition.row + 1, bindings, kind: 'static', typeOnly, ...(scope !== 0 ? { scope } : {}) };
    this.facts.imports.push(fact);
  }

  private importStatement(node: Node): void {
    const typeOnly = isTypeChecking(node, this.src);
    for (const c of node.namedChildren) {
      if (c.type === 'dotted_name') {
        const module = dotted(c, this.src);
        this.pushImport(module, node, [{ imported: '*', local: module.split('.')[0] ?? module }], typeOnly);
      } else if (c.type === 'aliased_import') {
        const name = c.childForFieldName('name');
        const alias = c.childForFieldName('alias');
        if (!name || !alias) continue;
        // `import a.b as x` binds x to the submodule itself, not to the package `a`.
        this.pushImport(dotted(name, this.src), node, [{ imported: '*', local: textOf(alias, this.src) }], typeOnly);
      }
    }
  }

  private fromImport(node: Node, isFuture: boolean): void {
    const moduleNode = node.childForFieldName('module_name');
    if (!isFuture && !moduleNode) return;
    const module = moduleNode && !isFuture ? dotted(moduleNode, this.src) : '__future__';
    const bindings: ImportBinding[] = [];
    for (const c of node.namedChildren) {
      if (c.type === 'wildcard_import') bindings.push({ imported: '*', local: '*' });
      else if (c.startIndex !== moduleNode?.startIndex) this.fromName(c, bindings);
    }
    this.pushImport(module, node, bindings, isTypeChecking(node, this.src));
  }

  private fromName(node: Node, bindings: ImportBinding[]): void {
    if (node.type === 'dotted_name') {
      const name = dotted(node, this.src);
      bindings.push({ imported: name, local: name });
    } else if (node.type === 'aliased_import') {
      const name = node.childForFieldName('name');
      const alias = node.childForFieldName('alias');
      if (name && alias) bindings.push({ imported: dotted(name, this.src), local: textOf(alias, this.src) });
    }
  }

  // ---- calls and decorators -----------------------------------------------------------------

  private call(node: Node, start: number): void {
    const scan = scanChain(this.src, start, node.endIndex);
    if (!scan?.args) return;
    const chain = withoutLastCall(scan.chain);
    if (chain.length === 1 && chain[0] === UNKNOWN) return; // no name at all: `handlers[k]()`
    const pos = node.startPosition;
    const scope = this.runScope(start);
    const parts = pyCallParts(this.src, start, node.endIndex, this.context(scope));
    this.facts.calls.push({
      callee: chain.join('.'), line: pos.row + 1, column: pos.column + 1, isNew: false, args: callArgs(this.src, scan.args),
      enclosing: this.enclosingName(scope), ...(this.isGuarded(start, scope) ? { guarded: true as const } : {}),
      ...(this.mainBlock && this.mainBlock[0] <= start && start < this.mainBlock[1] ? { main: true as const } : {}),
      ...(parts ? { f: parts.f, a: parts.a, ...(parts.kw ? { kw: parts.kw } : {}), ...(parts.sp ? { sp: parts.sp } : {}) } : {}), scope,
    });
    if (chain.length === 1 && chain[0] === 'isinstance' && parts) this.narrow(scope, parts.a);
    // `params.update({...})`, `params.update(max_tokens=...)`: the dict gains those keys.
    if (chain.length === 2 && chain[1] === 'update' && parts) this.addEntries(chain[0] as string, scope, { k: 'obj', p: { ...parts.kw }, ...(parts.a.length > 0 || parts.sp ? { spread: [...parts.a, ...(parts.sp ?? [])] } : {}) });
  }

  /** What calls report as their function: code directly in a class body runs in the class's surroundings. */
  private enclosingName(scope: number): string {
    let s = scope;
    while (s > 0 && this.scopeIR(s).kind === 'class') s = this.scopeIR(s).parent;
    return this.scopeIR(s).name;
  }

  /** `isinstance(client, (OpenAI, AzureOpenAI))`: the parameter is read as annotated with those classes. */
  private narrow(scope: number, args: Expr[]): void {
    const [subject, types] = args;
    const sc = this.scopeIR(scope);
    if (!subject || !types) return;
    // `isinstance(self.config.model, BaseChatModel)`: an attribute read in this method, keyed by its path.
    const key = subject.k === 'name' ? (sc.params.some((p) => p.n === subject.n) ? subject.n : undefined) : thisPath(subject);
    if (!key) return;
    sc.narrowed ??= {};
    for (const t of types.k === 'arr' ? types.a : [types]) pushKey(sc.narrowed, key, t);
  }

  private tryStatement(node: Node, start: number): void {
    const body = node.childForFieldName('body');
    if (!body || !node.namedChildren.some((c) => c.type === 'except_clause' || c.type === 'except_group_clause')) return;
    this.tries.push({ start: body.startIndex, end: body.endIndex, scope: this.runScope(start) });
  }

  /** Inside a guarded `try` body of the same function (a nested `def` runs wherever it is called). */
  private isGuarded(pos: number, scope: number): boolean {
    const { tries } = this;
    while (tries.length > 0 && (tries[tries.length - 1]?.end ?? 0) <= pos) tries.pop();
    return tries.some((t) => t.start <= pos && pos < t.end && t.scope === scope);
  }

  private decorated(node: Node): void {
    const definition = node.childForFieldName('definition');
    const name = definition ? definitionHeader(this.src, definition.startIndex)?.name : null;
    if (!definition || !name) return;
    const target = this.qualify(name);
    const names: string[] = [];
    const scope = this.scope;
    for (const c of node.namedChildren) {
      if (c.type !== 'decorator') continue;
      const scan = scanChain(this.src, c.startIndex + 1, c.endIndex);
      if (!scan || scan.chain[0] === UNKNOWN) continue;
      const chain = scan.args ? withoutLastCall(scan.chain) : scan.chain;
      const decoratorName = chain.map((seg) => seg.replace(/\(\)/g, '')).join('.');
      names.push(decoratorName);
      const parts = scan.args ? pyCallParts(this.src, c.startIndex + 1, c.endIndex, this.context(scope)) : undefined;
      const f = parts?.f ?? this.expr([c.startIndex + 1, c.endIndex], scope);
      this.facts.decorators.push({ name: decoratorName, line: c.startPosition.row + 1, target, f, scope });
    }
    this.decoratorsAt.set(definition.startIndex, names);
  }

  // ---- definitions and scopes ---------------------------------------------------------------

  private qualify(name: string): string {
    const s = this.scopeIR(this.scope);
    return s.kind === 'class' ? `${s.name}.${name}` : name;
  }

  private pushDefinition(name: string, kind: DefinitionFact['kind'], line: number, top: string, member: string | null): void {
    this.definitions.push({ fact: { name, kind, line, exported: false }, top, member });
  }

  /** A `def` or `class`: record the definition and open its scope until the node ends. */
  private definitionScope(node: Node, start: number, kind: 'function' | 'class'): void {
    const end = node.endIndex;
    const head = this.header(start, end);
    if (!head) return;
    const { name, body } = head;
    const outer = this.scope;
    const outerIR = this.scopeIR(outer);
    const qual = this.qualify(name);
    const line = node.startPosition.row + 1;
    if (outerIR.kind === 'module') this.pushDefinition(name, kind, line, name, null);
    else if (outerIR.kind === 'class' && this.isClassMember(outer)) this.pushDefinition(qual, kind === 'function' ? 'method' : 'class', line, qual.split('.')[0] ?? qual, name);
    const s = kind === 'function' ? this.functionScope(node, head, qual, outer, line) : this.classScope(node, head, qual, outer, line);
    this.open.push({ end, body, scope: s });
  }

  private functionScope(node: Node, head: { name: string; nameEnd: number }, qual: string, outer: number, line: number): number {
    const outerIR = this.scopeIR(outer);
    const decorators = this.decoratorsAt.get(node.startIndex) ?? [];
    let kind: ScopeKind = 'function';
    const cls = outerIR.kind === 'class' ? outerIR.cls : undefined;
    if (cls !== undefined) {
      kind = decorators.includes('staticmethod') ? 'static'
        : decorators.includes('classmethod') ? 'classmethod'
          : decorators.some((d) => GETTER_DECORATORS.test(d)) ? 'getter'
            : head.name === '__init__' ? 'constructor' : 'method';
    }
    const paramsNode = node.childForFieldName('parameters');
    const params = paramsNode ? this.parameterList(inside(this.src, [paramsNode.startIndex, paramsNode.endIndex]), outer) : [];
    const self = cls !== undefined && kind !== 'static' ? (params[0]?.n ?? null) : this.selfOf[outer] ?? null;
    const returnType = node.childForFieldName('return_type');
    const rtype = returnType ? pyTypeExpr(this.src, returnType.startIndex, returnType.endIndex) : undefined;
    const s = this.newScope({ name: qual, kind, parent: outer, ...(cls !== undefined ? { cls } : {}), line, params, vars: {}, returns: [], ...(rtype ? { rtype } : {}) }, self);
    if (cls !== undefined) {
      // A setter (`@x.setter`) writes the attribute; what reads it is the getter, defined first.
      const isSetter = decorators.some((d) => d.endsWith('.setter') || d.endsWith('.deleter'));
      const methods = (this.ir.classes[cls] as ClassIR).methods;
      if (!isSetter && !Object.hasOwn(methods, head.name)) methods[head.name] = s;
    }
    this.bindName(head.name, { k: 'fn', s }, outer);
    return s;
  }

  private classScope(node: Node, head: { name: string; nameEnd: number; body: number }, qual: string, outer: number, line: number): number {
    const bases: Expr[] = [];
    const supers = node.childForFieldName('superclasses');
    if (supers) {
      const [a, b] = inside(this.src, [supers.startIndex, supers.endIndex]);
      for (const [s, e] of splitTopLevel(this.src, a, b)) {
        const first = skipTrivia(this.src, s, e);
        const w = identEnd(this.src, first, e);
        if (this.src[first] === '*' || (w > first && isAssignEq(this.src, skipTrivia(this.src, w, e)))) continue; // metaclass=, **kw
        // `LLMService[Adapter]`, `Generic[T]`: a generic base is the class it parameterises.
        let base = this.expr([s, e], outer);
        while (base.k === 'idx') base = base.o;
        bases.push(base);
      }
    }
    const c = this.ir.classes.length;
    this.ir.classes.push({ name: head.name, line, scope: outer, bases, fields: {}, methods: {} });
    const s = this.newScope({ name: qual, kind: 'class', parent: outer, cls: c, line, params: [], vars: {}, returns: [] }, null);
    this.bindName(head.name, { k: 'cls', c }, outer);
    return s;
  }

  /** Methods and nested classes are definitions only when every enclosing scope is a class. */
  private isClassMember(scope: number): boolean {
    for (let s = scope; s > 0; s = this.scopeIR(s).parent) if (this.scopeIR(s).kind !== 'class') return false;
    return true;
  }

  /** Parameters of a `def` or `lambda`: names, annotations, defaults (evaluated in the outer scope). */
  private parameterList([a, b]: Span, outer: number): ParamIR[] {
    const { src } = this;
    const out: ParamIR[] = [];
    for (const [s, e] of splitTopLevel(src, a, b)) {
      let i = skipTrivia(src, s, e);
      let rest: 1 | 2 | undefined;
      if (src.startsWith('**', i)) [rest, i] = [2, i + 2];
      else if (src[i] === '*') [rest, i] = [1, i + 1];
      i = skipTrivia(src, i, e);
      const nameEnd = identEnd(src, i, e);
      if (nameEnd === i) continue; // a bare `*` or `/`
      const param: ParamIR = { n: src.slice(i, nameEnd), ...(rest ? { rest } : {}) };
      let j = skipTrivia(src, nameEnd, e);
      if (src[j] === ':') {
        const eq = findTopLevel(src, j + 1, e, (k) => isAssignEq(src, k));
        const type = pyTypeExpr(src, j + 1, eq < 0 ? e : eq);
        if (type) param.type = type;
        const meta = annotatedMetadata(src, j + 1, eq < 0 ? e : eq).map((span) => this.expr(span, outer));
        if (meta.length > 0) param.meta = meta;
        j = eq < 0 ? e : eq;
      }
      if (isAssignEq(src, j)) param.def = this.expr([j + 1, e], outer);
      out.push(param);
    }
    return out;
  }

  // ---- assignments --------------------------------------------------------------------------

  private assignment(start: number, end: number, line: number): void {
    const { src } = this;
    const first = skipTrivia(src, start, end);
    if (src[first] === '(' || src[first] === '[') return this.destructure(start, end, line);
    const nameEnd = identEnd(src, first, end);
    if (nameEnd === first) return;
    let name = src.slice(first, nameEnd);
    let next = skipTrivia(src, nameEnd, end);
    if (src[next] === ',') return this.destructure(start, end, line);
    let isSelf = false;
    let owner: number | undefined;
    const self = this.selfOf[this.scope];
    // `self.x = ...`, and `Store._connection = ...` on a class of this file (a connection shared by its instances).
    const named = src[next] === '.' && !(self !== null && self !== undefined && name === self) ? this.ir.classes.findIndex((c) => c.name === name) : -1;
    if (((self !== null && self !== undefined && name === self) || named >= 0) && src[next] === '.') {
      const attrStart = skipTrivia(src, next + 1, end);
      const attrEnd = identEnd(src, attrStart, end);
      if (attrEnd === attrStart) return;
      if (named >= 0) owner = named;
      [name, isSelf, next] = [src.slice(attrStart, attrEnd), true, skipTrivia(src, attrEnd, end)];
    }
    // `holder.client = OpenAI(...)` on a local object (a `threading.local()`, a namespace): kept under the dotted
    // name in the scope that owns the object, so a later read of `holder.client` sees what was stored.
    if (!isSelf && src[next] === '.') {
      const attrStart = skipTrivia(src, next + 1, end);
      const attrEnd = identEnd(src, attrStart, end);
      const after = skipTrivia(src, attrEnd, end);
      if (attrEnd === attrStart || !isAssignEq(src, after)) return;
      const valueSpan = lastAssigned(src, after + 1, end);
      if (!valueSpan) return;
      const holder = this.ownerOf(name, this.scope);
      pushKey(this.scopeIR(holder).vars, `${name}.${src.slice(attrStart, attrEnd)}`, this.expr(valueSpan, this.scope));
      return;
    }
    // `params["max_tokens"] = 4096`: the dict gains that key. `self.agents[channel_id] = agent`: a mapping filled
    // under keys only known at run time (a client or agent per user, per session) holds what is stored, under `[]`.
    if (src[next] === '[') {
      const key = /^\[\s*(["'])([\w.-]+)\1\s*\]/.exec(src.slice(next, Math.min(end, next + 120)));
      const close = key ? next + key[0].length : skipBalanced(src, next, end);
      const after = skipTrivia(src, close, end);
      const valueSpan = isAssignEq(src, after) ? lastAssigned(src, after + 1, end) : null;
      if (!valueSpan) return;
      const entries = { k: 'obj' as const, p: { [key ? (key[2] as string) : ANY_KEY]: this.expr(valueSpan, this.scope) } };
      const cls = isSelf ? owner ?? this.classOf(this.scope) : undefined;
      if (isSelf) {
        if (cls !== undefined) pushKey((this.ir.classes[cls] as ClassIR).fields, name, { s: this.scope, e: entries });
      } else this.addEntries(name, this.scope, entries);
      return;
    }
    if (src[next] !== ':' && !isAssignEq(src, next)) return;
    const { type, value } = annotatedTail(src, next, end);
    const scope = this.scope;
    const valueSpan = value ? lastAssigned(src, value[0], value[1]) : null;
    const values: Expr[] = [];
    if (valueSpan) values.push(this.expr(valueSpan, scope));
    const typed = type ? pyTypeExpr(src, type[0], type[1]) : undefined;
    if (typed) values.push({ k: 'call', f: typed, a: [], new: 1, typed: 1 });
    if (isSelf) {
      const cls = owner ?? this.classOf(scope);
      if (cls !== undefined) for (const e of values) pushKey((this.ir.classes[cls] as ClassIR).fields, name, { s: scope, e });
      return;
    }
    if (name === '__all__' && scope === 0 && valueSpan) this.addDunderAll(valueSpan, true);
    if (scope === 0) this.pushDefinition(name, 'variable', line, name, null);
    if (values.length === 0) this.declare(name, scope);
    for (const e of values) this.bindName(name, e, scope);
  }

  /**
   * Entries stored into a dict a name holds after it was built (`params["max_tokens"] = 4096`,
   * `params.update(...)`): the dict literals it was bound to gain them, so what reads its keys (a request body,
   * options spread in with `**params`) sees them; a dict built by a call gains them as another alternative.
   * Keys it already has keep their value.
   */
  private addEntries(name: string, scope: number, entries: Extract<Expr, { k: 'obj' }>): void {
    const owner = this.scopeIR(this.ownerOf(name, scope)).vars;
    const bound = getKey(owner, name);
    if (!bound) return;
    const literals = bound.filter((e): e is Extract<Expr, { k: 'obj' }> => e.k === 'obj');
    if (literals.length === 0) return pushKey(owner, name, entries);
    for (const o of literals) {
      for (const [k, v] of Object.entries(entries.p)) if (!Object.hasOwn(o.p, k)) setKey(o.p, k, v);
      if (entries.spread) o.spread = [...(o.spread ?? []), ...entries.spread];
    }
  }

  /** The scope a name is bound in, seen from `scope`: the nearest that assigns it, else `scope` itself. */
  private ownerOf(name: string, scope: number): number {
    for (let s = scope; s >= 0; s = this.scopeIR(s).parent) if (Object.hasOwn(this.scopeIR(s).vars, name)) return s;
    return scope;
  }

  /** The class whose instance `self` is in this scope (a method, or a function nested in one). */
  private classOf(scope: number): number | undefined {
    for (let s = scope; s >= 0; s = this.scopeIR(s).parent) {
      const cls = this.scopeIR(s).cls;
      if (cls !== undefined && this.scopeIR(s).kind !== 'class') return cls;
    }
    return undefined;
  }

  /** `a, b = OpenAI(), Anthropic()` pairs up; `a, b = make()` takes the elements of what it returns. */
  private destructure(start: number, end: number, line: number): void {
    const { src } = this;
    const eq = findTopLevel(src, start, end, (i) => isAssignEq(src, i));
    if (eq < 0) return;
    const targets = elements(src, start, eq);
    const values = elements(src, eq + 1, end);
    const scope = this.scope;
    const whole = values.length === targets.length ? null : this.expr([eq + 1, end], scope);
    targets.forEach(([s, e], i) => {
      const nameStart = skipTrivia(src, s, e);
      const nameEnd = identEnd(src, nameStart, e);
      if (nameEnd === nameStart || skipTrivia(src, nameEnd, e) < e) return;
      const name = src.slice(nameStart, nameEnd);
      const value = whole ? { k: 'idx' as const, o: whole, i } : this.expr(values[i] as Span, scope);
      if (scope === 0) this.pushDefinition(name, 'variable', line, name, null);
      this.bindName(name, value, scope);
    });
  }

  /** A name assigned in `scope` (or in the module, when the scope declared it `global`); class attributes are fields too. */
  private bindName(name: string, value: Expr, scope: number): void {
    const owner = this.globalsOf[scope]?.has(name) ? 0 : scope;
    const sc = this.scopeIR(owner);
    pushKey(sc.vars, name, value);
    if (sc.kind === 'class' && sc.cls !== undefined) pushKey((this.ir.classes[sc.cls] as ClassIR).fields, name, { s: owner, e: value });
  }

  /** A name defined here with no value the summary can read: it shadows outer names all the same. */
  private declare(name: string, scope: number): void {
    const owner = this.globalsOf[scope]?.has(name) ? 0 : scope;
    const vars = this.scopeIR(owner).vars;
    if (!Object.hasOwn(vars, name)) pushKey(vars, name, { k: '?' });
  }

  private returned(start: number, end: number): void {
    const scope = this.scope;
    if (scope === 0 || this.scopeIR(scope).kind === 'class') return;
    let s = skipTrivia(this.src, start, end);
    if (isKeywordAt(this.src, s, 'yield', end)) s += 5;
    if (skipTrivia(this.src, s, end) >= end) return;
    this.scopeIR(scope).returns.push(this.expr([s, end], scope));
  }

  private globalStatement(start: number, end: number, isGlobal: boolean): void {
    if (!isGlobal) return;
    const scope = this.scope;
    const names = this.globalsOf[scope] ?? new Set<string>();
    for (const [s, e] of splitTopLevel(this.src, start + 'global'.length, end)) {
      const i = skipTrivia(this.src, s, e);
      const w = identEnd(this.src, i, e);
      if (w > i) names.add(this.src.slice(i, w));
    }
    this.globalsOf[scope] = names;
  }

  /** `for provider in providers:`: each element of the iterable. */
  private forStatement(node: Node): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return;
    const scope = this.runScope(node.startIndex);
    const element: Expr = { k: 'idx', o: this.expr([right.startIndex, right.endIndex], scope) };
    if (right.type === 'identifier' && this.isGuarded(node.startIndex, scope)) (this.scopeIR(scope).guardedLoops ??= []).push(textOf(right, this.src));
    if (left.type === 'identifier') {
      this.bindName(textOf(left, this.src), element, scope);
      return;
    }
    // `for name, make in BUILDERS.items():` each name is an element of the pair.
    if (left.type !== 'pattern_list' && left.type !== 'tuple_pattern') return;
    left.namedChildren.forEach((target, i) => {
      if (target?.type === 'identifier') this.bindName(textOf(target, this.src), { k: 'idx', o: element, i }, scope);
    });
  }

  private addDunderAll([start, end]: Span, reset: boolean): void {
    const { src } = this;
    const i = skipTrivia(src, start, end);
    if (src[i] !== '[' && src[i] !== '(') return;
    const names = reset || !this.dunderAll ? new Set<string>() : this.dunderAll;
    const [a, b] = inside(src, [i, skipBalanced(src, i, end)]);
    for (const [s, e] of splitTopLevel(src, a, b)) {
      const lit = literalAt(src, s, e);
      if (typeof lit === 'string') names.add(lit);
    }
    this.dunderAll = names;
  }

  private augmented(start: number, end: number): void {
    const { src } = this;
    if (this.scope !== 0 || !isKeywordAt(src, start, '__all__', end)) return;
    const op = src.indexOf('+=', start);
    if (op > 0 && op < end) this.addDunderAll([op + 2, end], false);
  }

  private walrus(start: number, end: number): void {
    const { src } = this;
    const nameEnd = identEnd(src, start, end);
    const op = skipTrivia(src, nameEnd, end);
    if (nameEnd > start && src.startsWith(':=', op)) this.bindName(src.slice(start, nameEnd), this.expr([op + 2, end], this.scope), this.scope);
  }

  /** `with OpenAI() as c:` binds c to the context manager itself (true for every SDK client). */
  private withItem(start: number, end: number): void {
    const { src } = this;
    const as = findTopLevel(src, start, end, (i) => src[i] === 'a' && isKeywordAt(src, i, 'as', end));
    if (as < 0) return;
    const nameStart = skipTrivia(src, as + 2, end);
    const nameEnd = identEnd(src, nameStart, end);
    if (nameEnd === nameStart || skipTrivia(src, nameEnd, end) < end) return;
    this.bindName(src.slice(nameStart, nameEnd), this.expr([start, as], this.scope), this.scope);
  }

  // ---- strings ------------------------------------------------------------------------------

  private string(node: Node, type: string, start: number): void {
    if (start < this.concatEnd) return; // a piece of a concatenation already handled as a whole
    const end = node.endIndex;
    if (type === 'concatenated_string') this.concatEnd = end;
    if (end - start >= PROMPT_MIN_CHARS) this.prompt(node, start, end);
    else if (end - start > MAX_STRING_RAW && !/^[a-zA-Z]*[fFtT]/.test(this.src.slice(start, start + 3))) return;
    const parts = decodeStrings(this.src, start, end);
    if (!parts) return;
    const kind = classifyString(parts.value);
    if (!kind || (parts.interpolated && kind !== 'url')) return;
    const line = node.startPosition.row + 1;
    const key = `${line}\u0000${parts.value}`;
    if (this.seenStrings.has(key) || (this.docstringStarts.has(start) && endsStatement(this.src, end))) return;
    this.seenStrings.add(key);
    const context = kind === 'model-id' ? pyStringContext(node) : undefined;
    const main = kind === 'model-id' && this.mainBlock !== null && this.mainBlock[0] <= start && start < this.mainBlock[1];
    this.facts.strings.push({ value: parts.value, line, kind, ...(context ? { context } : {}), ...(main ? { main: true as const } : {}) });
  }

  private prompt(node: Node, start: number, end: number): void {
    const name = nameBefore(this.src, start);
    if (!name || !isPromptName(name) || isUiTextName(name)) return;
    const parts = decodeStrings(this.src, start, end);
    if (!parts || !looksLikePrompt(parts.value)) return;
    this.facts.prompts.push({ line: node.startPosition.row + 1, name, chars: parts.value.length });
  }

  // ---- the end ------------------------------------------------------------------------------

  finish(): FileFacts {
    this.finishDefinitions();
    this.facts.ir = this.ir;
    return this.facts;
  }

  private finishDefinitions(): void {
    const seen = new Set<string>();
    const exportedTop = (name: string) => (this.dunderAll ? this.dunderAll.has(name) : !name.startsWith('_'));
    for (const { fact, top, member } of this.definitions) {
      const key = `${fact.kind}\u0000${fact.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      fact.exported = exportedTop(top) && (member === null || !member.startsWith('_'));
      this.facts.definitions.push(fact);
    }
  }
}

function textOf(node: Node, src: string): string {
  return src.slice(node.startIndex, node.endIndex);
}

/** Dotted names may contain spaces or line continuations (`a . b`); the module name has none. */
function dotted(node: Node, src: string): string {
  return textOf(node, src).replace(/[\s\\]+/g, '');
}

function definitionHeader(src: string, start: number): { name: string; end: number } | null {
  const re = src.startsWith('class', start) ? CLASS_RE : DEF_RE;
  re.lastIndex = start;
  const m = re.exec(src);
  return m?.[1] ? { name: m[1], end: re.lastIndex } : null;
}

/** The callee of a call: its chain without the call itself (`f()()` -> `f()`). */
function withoutLastCall(chain: string[]): string[] {
  const last = chain.length - 1;
  return chain.map((seg, i) => (i === last ? stripCall(seg) : seg));
}

/** After a name: `: T = v`, `: T`, `= v` (from the `:` or `=`). */
function annotatedTail(src: string, i: number, end: number): { type: Span | null; value: Span | null } {
  if (src[i] === ':') {
    const eq = findTopLevel(src, i + 1, end, (k) => isAssignEq(src, k));
    return { type: [i + 1, eq < 0 ? end : eq], value: eq < 0 ? null : [eq + 1, end] };
  }
  return { type: null, value: isAssignEq(src, i) ? [i + 1, end] : null };
}

/** In `a = b = OpenAI()` the value of `a` is the last right-hand side. */
function lastAssigned(src: string, start: number, end: number): Span {
  for (;;) {
    const i = skipTrivia(src, start, end);
    const e = identEnd(src, i, end);
    const eq = skipTrivia(src, e, end);
    if (e === i || !isAssignEq(src, eq)) return [start, end];
    start = eq + 1;
  }
}

/** Items of `a, b`, `(a, b)` or `[a, b]`. */
function elements(src: string, start: number, end: number): Span[] {
  const i = skipTrivia(src, start, end);
  if (src[i] === '(' || src[i] === '[') {
    const close = skipBalanced(src, i, end);
    if (skipTrivia(src, close, end) >= end) {
      const [a, b] = inside(src, [i, close]);
      return splitTopLevel(src, a, b);
    }
  }
  return splitTopLevel(src, start, end);
}

function isTypeChecking(node: Node, src: string): boolean {
  for (let p = node.parent; p && p.type !== 'module'; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'class_definition') return false;
    const owner = p.parent;
    if (p.type !== 'block' || owner?.type !== 'if_statement') continue;
    const condition = owner.childForFieldName('condition');
    const consequence = owner.childForFieldName('consequence');
    if (consequence?.startIndex === p.startIndex && condition && TYPE_CHECKING_RE.test(textOf(condition, src).trim())) {
      return true;
    }
  }
  return false;
}
