import type { Node } from 'web-tree-sitter';
import { PROMPT_MIN_CHARS, classifyString, isPromptName, looksLikePrompt } from '../catalog/strings.ts';
import type { CallArgs, DefinitionFact, FileFacts, ImportBinding, ImportFact, Origin } from '../facts/types.ts';
import { PythonResolver, type Scope, moduleScope } from './python-resolve.ts';
import { setKey } from './python-strings.ts';
import {
  type Chain,
  type Span,
  UNKNOWN,
  annotationAt,
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
  namedChain,
  scanChain,
  skipBalanced,
  skipTrivia,
  splitTopLevel,
  stripCall,
} from './python-text.ts';

// One pass over the node kinds we need, fetched in document order by a single call into the wasm
// module; each node is then read from its source span (see python-text.ts). Origins are resolved
// at the end, once every assignment of the file is known.

const NODE_TYPES = [
  'import_statement', 'import_from_statement', 'future_import_statement',
  'call', 'decorated_definition', 'function_definition', 'class_definition', 'parameters',
  'assignment', 'augmented_assignment', 'named_expression', 'with_item', 'return_statement',
  'string', 'concatenated_string', 'try_statement',
];

const IDENT = '[\\p{L}\\p{Nl}_][\\p{L}\\p{Nl}\\p{Mn}\\p{Mc}\\p{Nd}\\p{Pc}]*';
const DEF_RE = new RegExp(`(?:async\\s+)?def\\s+(${IDENT})`, 'uy');
const CLASS_RE = new RegExp(`class\\s+(${IDENT})`, 'uy');
/** Functions that call the callable they are given: the callable's chain is a call at that line. */
const EXECUTORS = /^(to_thread|run_in_executor|run_sync|submit|run_in_threadpool)$/;
const TYPE_CHECKING_RE = /^(typing\.|t\.)?TYPE_CHECKING$/;
/** A string token longer than this cannot decode to something classifyString keeps (max 300 chars). */
const MAX_STRING_RAW = 4000;

interface RawCall { chain: Chain; scope: Scope; pos: number; line: number; column: number; args: CallArgs; guarded: boolean }
/** the body of a `try` that has an `except` */
interface GuardedSpan { start: number; end: number; scope: Scope }
interface RawDecorator { name: string; chain: Chain; scope: Scope; pos: number; line: number; target: string }
interface RawDefinition { fact: DefinitionFact; top: string; member: string | null }
/** `body` is where a def's body starts: parameter defaults before it run in the outer scope. */
interface OpenScope { end: number; body: number; scope: Scope }
/** `line` is where a module-level variable definition is reported */
interface BindOptions { define: boolean; line?: number; local?: boolean }

export function extractPythonFacts(root: Node, src: string, facts: FileFacts): FileFacts {
  const extractor = new PythonExtractor(src, facts);
  for (const node of root.descendantsOfType(NODE_TYPES)) extractor.visit(node);
  return extractor.finish();
}

class PythonExtractor {
  private readonly module = moduleScope();
  private readonly resolver = new PythonResolver(this.module);
  private readonly open: OpenScope[] = [];
  private readonly calls: RawCall[] = [];
  private readonly decorators: RawDecorator[] = [];
  private readonly definitions: RawDefinition[] = [];
  private readonly moduleNames = new Set<string>();
  /** `name()` keys of module-level functions whose return value traces: exported as bindings */
  private readonly returnKeys = new Set<string>();
  private readonly seenStrings = new Set<string>();
  /** Offsets of strings that open a module, class or function body (docstrings when alone on their line). */
  private readonly docstringStarts = new Set<number>();
  private dunderAll: Set<string> | null = null;
  /** enclosing guarded `try` bodies, innermost last */
  private readonly tries: GuardedSpan[] = [];
  private concatEnd = -1;

  constructor(private readonly src: string, private readonly facts: FileFacts) {
    this.markBodyStart(0, src.length);
  }

  /** Found from the text: Node.parent re-walks the tree from the root and costs more than the rest. */
  private markBodyStart(from: number, end: number): void {
    const first = skipTrivia(this.src, from, end);
    if (first < end && isStringAt(this.src, first, end)) this.docstringStarts.add(first);
  }

  /** Header of a def/class: its name and where its body starts (marking a docstring there). */
  private header(start: number, end: number): { name: string; body: number } | null {
    const head = definitionHeader(this.src, start);
    if (!head) return null;
    const colon = findTopLevel(this.src, head.end, end, (i) => this.src[i] === ':');
    if (colon >= 0) this.markBodyStart(colon + 1, end);
    return { name: head.name, body: colon >= 0 ? colon : head.end };
  }

  private get scope(): Scope {
    return this.open[this.open.length - 1]?.scope ?? this.module;
  }

  /** The scope code at this offset runs in: a def's header (defaults, annotations) belongs outside it. */
  private runScope(pos: number): Scope {
    const top = this.open[this.open.length - 1];
    if (!top) return this.module;
    return pos < top.body ? top.scope.parent ?? this.module : top.scope;
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
      case 'parameters': return this.parameters(start, node.endIndex);
      case 'function_definition': return this.definitionScope(node, start, 'function');
      case 'class_definition': return this.definitionScope(node, start, 'class');
      case 'decorated_definition': return this.decorated(node);
      case 'import_statement': return this.importStatement(node);
      case 'import_from_statement':
      case 'future_import_statement': return this.fromImport(node, type === 'future_import_statement');
      case 'augmented_assignment': return this.augmented(start, node.endIndex);
      case 'named_expression': return this.walrus(start, node.endIndex);
      case 'with_item': return this.withItem(start, node.endIndex);
      case 'return_statement': return this.returnStatement(start, node.endIndex);
      case 'try_statement': return this.tryStatement(node, start);
    }
  }

  // ---- imports ------------------------------------------------------------------------------

  private pushImport(module: string, node: Node, bindings: ImportBinding[], typeOnly: boolean): void {
    const fact: ImportFact = { module, line: node.startPosition.row + 1, bindings, kind: 'static', typeOnly };
    this.facts.imports.push(fact);
    if (this.scope === this.module && !typeOnly) for (const b of bindings) if (b.local !== '*') this.moduleNames.add(b.local);
  }

  private importStatement(node: Node): void {
    const typeOnly = isTypeChecking(node, this.src);
    for (const c of node.namedChildren) {
      if (c.type === 'dotted_name') {
        const module = dotted(c, this.src);
        const local = module.split('.')[0] ?? module;
        this.resolver.addImport(local, { module: local, path: '' }, module);
        this.pushImport(module, node, [{ imported: '*', local }], typeOnly);
      } else if (c.type === 'aliased_import') {
        const name = c.childForFieldName('name');
        const alias = c.childForFieldName('alias');
        if (!name || !alias) continue;
        const module = dotted(name, this.src);
        const local = textOf(alias, this.src);
        this.resolver.addImport(local, { module, path: '' });
        this.pushImport(module, node, [{ imported: '*', local }], typeOnly);
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
    if (!isFuture) for (const b of bindings) if (b.local !== '*') this.resolver.addImport(b.local, { module, path: b.imported });
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
    const args = callArgs(this.src, scan.args);
    const raw = { scope, pos: start, line: pos.row + 1, column: pos.column + 1, args, guarded: this.isGuarded(start, scope) };
    this.calls.push({ chain, ...raw });
    // `await asyncio.to_thread(client.models.generate_content, ...)`: the executor makes the call.
    const executor = EXECUTORS.exec(stripCall(chain[chain.length - 1] ?? ''));
    if (!executor) return;
    const fnArg = splitTopLevel(this.src, ...inside(this.src, scan.args))[executor[1] === 'run_in_executor' ? 1 : 0];
    const fn = fnArg ? scanChain(this.src, fnArg[0], fnArg[1]) : null;
    if (fn && !fn.args && fn.chain[0] !== UNKNOWN && fn.chain.length > 1) this.calls.push({ chain: fn.chain, ...raw });
  }

  private tryStatement(node: Node, start: number): void {
    const body = node.childForFieldName('body');
    if (!body || !node.namedChildren.some((c) => c.type === 'except_clause' || c.type === 'except_group_clause')) return;
    this.tries.push({ start: body.startIndex, end: body.endIndex, scope: this.runScope(start) });
  }

  /** Inside a guarded `try` body of the same function (a nested `def` runs wherever it is called). */
  private isGuarded(pos: number, scope: Scope): boolean {
    const { tries } = this;
    while (tries.length > 0 && (tries[tries.length - 1]?.end ?? 0) <= pos) tries.pop();
    return tries.some((t) => t.start <= pos && pos < t.end && t.scope === scope);
  }

  private decorated(node: Node): void {
    const definition = node.childForFieldName('definition');
    const name = definition ? definitionHeader(this.src, definition.startIndex)?.name : null;
    if (!name) return;
    const target = this.qualify(name);
    for (const c of node.namedChildren) {
      if (c.type !== 'decorator') continue;
      const scan = scanChain(this.src, c.startIndex + 1, c.endIndex);
      if (!scan || scan.chain[0] === UNKNOWN) continue;
      const chain = scan.args ? withoutLastCall(scan.chain) : scan.chain;
      const decoratorName = chain.map((seg) => seg.replace(/\(\)/g, '')).join('.');
      this.decorators.push({ name: decoratorName, chain, scope: this.scope, pos: c.startIndex, line: c.startPosition.row + 1, target });
    }
  }

  // ---- definitions and scopes ---------------------------------------------------------------

  private qualify(name: string): string {
    return this.scope.kind === 'class' ? `${this.scope.qual}.${name}` : name;
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
    const qual = this.qualify(name);
    const line = node.startPosition.row + 1;
    const memberKind = kind === 'function' ? 'method' : 'class';
    if (outer.kind === 'module') this.pushDefinition(name, kind, line, name, null);
    else if (outer.kind === 'class' && isClassMember(outer)) this.pushDefinition(qual, memberKind, line, topName(qual), name);
    const scope: Scope = kind === 'function'
      ? { kind: 'function', qual, enclosing: qual, parent: outer, cls: outer.kind === 'class' ? outer : outer.cls }
      : { kind: 'class', qual, enclosing: outer.enclosing, parent: outer, cls: null };
    this.open.push({ end, body, scope });
  }

  /**
   * Annotated or defaulted parameters of a `def` (lambda parameters are another node kind).
   * Untyped ones record nothing, so `def f(client)` still finds a module-level `client = OpenAI()`.
   */
  private parameters(start: number, end: number): void {
    if (this.scope.kind !== 'function') return;
    const { src } = this;
    const [a, b] = inside(src, [start, end]);
    for (const [s, e] of splitTopLevel(src, a, b)) {
      let i = skipTrivia(src, s, e);
      while (src[i] === '*') i++;
      const nameEnd = identEnd(src, i, e);
      if (nameEnd === i) continue;
      const { type, value } = annotatedTail(src, skipTrivia(src, nameEnd, e), e);
      if (type || value) this.bindName(src.slice(i, nameEnd), s, value, type, { define: false, local: true });
    }
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
    if (name === 'self' && src[next] === '.') {
      const attrStart = skipTrivia(src, next + 1, end);
      const attrEnd = identEnd(src, attrStart, end);
      if (attrEnd === attrStart) return;
      [name, isSelf, next] = [src.slice(attrStart, attrEnd), true, skipTrivia(src, attrEnd, end)];
    }
    if (src[next] !== ':' && !isAssignEq(src, next)) return; // `obj.attr = ...`, `d[k] = ...`
    const { type, value } = annotatedTail(src, next, end);
    const valueSpan = value ? lastAssigned(src, value[0], value[1]) : null;
    if (isSelf) return this.bindSelf(name, start, valueSpan, type);
    if (name === '__all__' && this.scope === this.module && valueSpan) this.addDunderAll(valueSpan, true);
    this.bindName(name, start, valueSpan, type, { define: true, line });
  }

  /** `a, b = OpenAI(), Anthropic()` pairs up; any other right-hand side only defines the names. */
  private destructure(start: number, end: number, line: number): void {
    const { src } = this;
    const eq = findTopLevel(src, start, end, (i) => isAssignEq(src, i));
    if (eq < 0) return;
    const targets = elements(src, start, eq);
    const values = elements(src, eq + 1, end);
    targets.forEach(([s, e], i) => {
      const nameStart = skipTrivia(src, s, e);
      const nameEnd = identEnd(src, nameStart, e);
      if (nameEnd === nameStart || skipTrivia(src, nameEnd, e) < e) return;
      const value = values.length === targets.length ? values[i] ?? null : null;
      this.bindName(src.slice(nameStart, nameEnd), start, value, null, { define: true, line });
    });
  }

  private bindName(name: string, pos: number, value: Span | null, typeSpan: Span | null, opts: BindOptions): void {
    const scope = this.scope;
    if (opts.define && scope === this.module) {
      this.moduleNames.add(name);
      this.pushDefinition(name, 'variable', opts.line ?? 0, name, null);
    }
    const valueChain = value ? namedChain(this.src, value[0], value[1]) : null;
    const type = typeSpan ? annotationAt(this.src, typeSpan[0], typeSpan[1]) : null;
    if (!valueChain && !type) return;
    const assign = { owner: scope, scope, pos, value: valueChain, type, local: opts.local ?? false };
    this.resolver.addAssign(name, assign);
    // Class-level attributes (dataclass/pydantic fields) are what `self.x` reads.
    if (scope.kind === 'class') this.resolver.addAssign(`self.${name}`, assign);
  }

  private bindSelf(attr: string, pos: number, value: Span | null, typeSpan: Span | null): void {
    const scope = this.scope;
    if (!scope.cls) return;
    const valueChain = value ? namedChain(this.src, value[0], value[1]) : null;
    const type = typeSpan ? annotationAt(this.src, typeSpan[0], typeSpan[1]) : null;
    if (valueChain || type) this.resolver.addAssign(`self.${attr}`, { owner: scope.cls, scope, pos, value: valueChain, type });
  }

  /**
   * `def get_client(): return OpenAI()`: `get_client()` traces to what the function returns. The value
   * is evaluated in the function; the name `get_client()` lives where the function's name does (the
   * module, or the class for a method, read as `self.get_client()`).
   */
  private returnStatement(start: number, end: number): void {
    const scope = this.scope;
    const owner = scope.parent;
    if (scope.kind !== 'function' || !owner) return;
    const value = namedChain(this.src, start + 'return'.length, end);
    if (!value) return;
    const name = scope.qual.slice(scope.qual.lastIndexOf('.') + 1);
    const key = owner.kind === 'class' ? `self.${name}()` : `${name}()`;
    this.resolver.addAssign(key, { owner, scope, pos: start, value, type: null });
    if (owner === this.module) this.returnKeys.add(key);
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
    if (this.scope !== this.module || !isKeywordAt(src, start, '__all__', end)) return;
    const op = src.indexOf('+=', start);
    if (op > 0 && op < end) this.addDunderAll([op + 2, end], false);
  }

  private walrus(start: number, end: number): void {
    const { src } = this;
    const nameEnd = identEnd(src, start, end);
    const op = skipTrivia(src, nameEnd, end);
    if (nameEnd > start && src.startsWith(':=', op)) this.bindName(src.slice(start, nameEnd), start, [op + 2, end], null, { define: false });
  }

  /** `with OpenAI() as c:` binds c to the context manager itself (true for every SDK client). */
  private withItem(start: number, end: number): void {
    const { src } = this;
    const as = findTopLevel(src, start, end, (i) => src[i] === 'a' && isKeywordAt(src, i, 'as', end));
    if (as < 0) return;
    const nameStart = skipTrivia(src, as + 2, end);
    const nameEnd = identEnd(src, nameStart, end);
    if (nameEnd === nameStart || skipTrivia(src, nameEnd, end) < end) return;
    this.bindName(src.slice(nameStart, nameEnd), start, [start, as], null, { define: false });
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
    this.facts.strings.push({ value: parts.value, line, kind });
  }

  private prompt(node: Node, start: number, end: number): void {
    const name = nameBefore(this.src, start);
    if (!name || !isPromptName(name)) return;
    const parts = decodeStrings(this.src, start, end);
    if (!parts || !looksLikePrompt(parts.value)) return;
    this.facts.prompts.push({ line: node.startPosition.row + 1, name, chars: parts.value.length });
  }

  // ---- resolution ---------------------------------------------------------------------------

  finish(): FileFacts {
    const { facts, resolver } = this;
    for (const c of this.calls) {
      const origin = resolver.resolve(c.chain, c.scope, c.pos);
      const alternatives = origin ? otherOrigins(origin, resolver.alternatives(c.chain, c.scope, c.pos)) : [];
      facts.calls.push({
        callee: c.chain.join('.'), line: c.line, column: c.column, ...(origin ? { origin } : {}),
        ...(alternatives.length > 0 ? { alternatives } : {}),
        isNew: false, args: c.args, enclosing: c.scope.enclosing, ...(c.guarded ? { guarded: true as const } : {}),
      });
    }
    for (const d of this.decorators) {
      const origin = resolver.resolve(d.chain, d.scope, d.pos);
      facts.decorators.push({ name: d.name, line: d.line, ...(origin ? { origin } : {}), target: d.target });
    }
    for (const name of [...this.moduleNames, ...this.returnKeys]) {
      const origin = resolver.binding(name);
      if (origin) setKey(facts.bindings, name, origin);
    }
    this.finishDefinitions();
    return facts;
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
function withoutLastCall(chain: Chain): Chain {
  const last = chain.length - 1;
  return chain.map((seg, i) => (i === last ? stripCall(seg) : seg));
}

function topName(qual: string): string {
  return qual.split('.')[0] ?? qual;
}

/** Methods and nested classes are definitions only when every enclosing scope is a class. */
function isClassMember(scope: Scope): boolean {
  for (let s: Scope | null = scope; s && s.kind !== 'module'; s = s.parent) if (s.kind !== 'class') return false;
  return true;
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

function otherOrigins(origin: Origin, all: Origin[]): Origin[] {
  return all.filter((o) => o.module !== origin.module || o.path !== origin.path);
}
