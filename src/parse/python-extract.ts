import type { Node } from 'web-tree-sitter';
import { classifyString } from '../catalog/strings.ts';
import type { CallArgs, DefinitionFact, FileFacts, ImportBinding, ImportFact } from '../facts/types.ts';
import {
  type Chain,
  UNKNOWN,
  annotationChain,
  callArgs,
  chainOf,
  firstExpr,
  literalOf,
  setKey,
  stringParts,
  stripCall,
  textOf,
} from './python-nodes.ts';
import { PythonResolver, type Scope, moduleScope } from './python-resolve.ts';

// One pass over the node kinds we need (in document order, fetched in a single call into the
// wasm module), then origins are resolved once every assignment of the file is known.

const NODE_TYPES = [
  'import_statement', 'import_from_statement', 'future_import_statement',
  'call', 'decorated_definition', 'function_definition', 'class_definition',
  'assignment', 'augmented_assignment', 'named_expression', 'with_item',
  'parameters',
  'string', 'concatenated_string',
];

const TYPE_CHECKING_RE = /^(typing\.|t\.)?TYPE_CHECKING$/;
/** A string token longer than this cannot decode to something classifyString keeps (max 300 chars). */
const MAX_STRING_RAW = 4000;

interface RawCall { chain: Chain; scope: Scope; pos: number; line: number; column: number; args: CallArgs }
interface RawDecorator { name: string; chain: Chain; scope: Scope; pos: number; line: number; target: string }
interface RawDefinition { fact: DefinitionFact; top: string; member: string | null }
interface OpenScope { end: number; scope: Scope }

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
  private readonly seenStrings = new Set<string>();
  private dunderAll: Set<string> | null = null;
  private concatEnd = -1;

  constructor(private readonly src: string, private readonly facts: FileFacts) {}

  private get scope(): Scope {
    return this.open[this.open.length - 1]?.scope ?? this.module;
  }

  visit(node: Node): void {
    const start = node.startIndex;
    while (this.open.length > 0 && start >= (this.open[this.open.length - 1]?.end ?? 0)) this.open.pop();
    switch (node.type) {
      case 'import_statement': return this.importStatement(node);
      case 'import_from_statement':
      case 'future_import_statement': return this.fromImport(node);
      case 'call': return this.call(node);
      case 'decorated_definition': return this.decorated(node);
      case 'function_definition': return this.functionDef(node);
      case 'class_definition': return this.classDef(node);
      case 'assignment': return this.assignment(node);
      case 'augmented_assignment': return this.augmented(node);
      case 'named_expression': return this.walrus(node);
      case 'with_item': return this.withItem(node);
      case 'parameters': return this.parameters(node);
      case 'string':
      case 'concatenated_string': return this.string(node);
    }
  }

  // ---- imports ------------------------------------------------------------------------------

  private pushImport(module: string, node: Node, bindings: ImportBinding[], typeOnly: boolean): void {
    const fact: ImportFact = { module, line: node.startPosition.row + 1, bindings, kind: 'static', typeOnly };
    this.facts.imports.push(fact);
    if (this.scope === this.module && !typeOnly) for (const b of bindings) this.moduleNames.add(b.local);
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

  private fromImport(node: Node): void {
    const isFuture = node.type === 'future_import_statement';
    const moduleNode = node.childForFieldName('module_name');
    if (!isFuture && !moduleNode) return;
    const module = isFuture ? '__future__' : dotted(moduleNode as Node, this.src);
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

  private call(node: Node): void {
    const fn = node.childForFieldName('function');
    const chain = fn ? chainOf(fn, this.src) : null;
    if (!chain) return;
    const pos = node.startPosition;
    this.calls.push({
      chain, scope: this.scope, pos: node.startIndex, line: pos.row + 1, column: pos.column + 1,
      args: callArgs(node.childForFieldName('arguments'), this.src),
    });
  }

  private decorated(node: Node): void {
    const nameNode = node.childForFieldName('definition')?.childForFieldName('name');
    if (!nameNode) return;
    const target = this.qualify(textOf(nameNode, this.src));
    for (const c of node.namedChildren) {
      if (c.type !== 'decorator') continue;
      const expr = firstExpr(c);
      const callee = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
      const chain = callee ? chainOf(callee, this.src) : null;
      if (!chain) continue;
      const name = chain.map(stripCall).join('.');
      this.decorators.push({ name, chain, scope: this.scope, pos: c.startIndex, line: c.startPosition.row + 1, target });
    }
  }

  // ---- definitions and scopes ---------------------------------------------------------------

  private qualify(name: string): string {
    return this.scope.kind === 'class' ? `${this.scope.qual}.${name}` : name;
  }

  private pushDefinition(name: string, kind: DefinitionFact['kind'], node: Node, top: string, member: string | null): void {
    const fact: DefinitionFact = { name, kind, line: node.startPosition.row + 1, exported: false };
    this.definitions.push({ fact, top, member });
  }

  private functionDef(node: Node): void {
    const nameNode = node.childForFieldName('name');
    if (!nameNode) return;
    const name = textOf(nameNode, this.src);
    const outer = this.scope;
    const qual = this.qualify(name);
    if (outer.kind === 'module') this.pushDefinition(name, 'function', node, name, null);
    else if (outer.kind === 'class' && isClassMember(outer)) this.pushDefinition(qual, 'method', node, topName(qual), name);
    const cls = outer.kind === 'class' ? outer : outer.cls;
    const scope: Scope = { kind: 'function', qual, enclosing: qual, parent: outer, cls };
    this.open.push({ end: node.endIndex, scope });
  }

  private classDef(node: Node): void {
    const nameNode = node.childForFieldName('name');
    if (!nameNode) return;
    const name = textOf(nameNode, this.src);
    const outer = this.scope;
    const qual = this.qualify(name);
    if (outer.kind === 'module') this.pushDefinition(name, 'class', node, name, null);
    else if (outer.kind === 'class' && isClassMember(outer)) this.pushDefinition(qual, 'class', node, topName(qual), name);
    const scope: Scope = { kind: 'class', qual, enclosing: outer.enclosing, parent: outer, cls: null };
    this.open.push({ end: node.endIndex, scope });
  }

  // ---- assignments --------------------------------------------------------------------------

  private assignment(node: Node): void {
    const left = node.childForFieldName('left');
    if (!left) return;
    let value = node.childForFieldName('right');
    while (value?.type === 'assignment') value = value.childForFieldName('right');
    if (left.type === 'pattern_list' || left.type === 'tuple_pattern') return this.destructure(node, left, value);
    this.bind(node, left, value, node.childForFieldName('type'), true);
  }

  /** `a, b = OpenAI(), Anthropic()` pairs up; any other right-hand side only defines the names. */
  private destructure(node: Node, left: Node, value: Node | null): void {
    const targets = left.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    const values = value && (value.type === 'expression_list' || value.type === 'tuple')
      ? value.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment')
      : [];
    targets.forEach((target, i) => {
      this.bind(node, target, values.length === targets.length ? values[i] ?? null : null, null, true);
    });
  }

  private bind(node: Node, target: Node, value: Node | null, typeNode: Node | null, define: boolean, local = false): void {
    const valueChain = value ? tracedChain(value, this.src) : null;
    const type = typeNode ? annotationChain(typeNode, this.src) : null;
    const scope = this.scope;
    const base = { scope, pos: node.startIndex, value: valueChain, type, local };
    if (target.type === 'identifier') {
      const name = textOf(target, this.src);
      if (define && scope === this.module) this.moduleVariable(name, node, value);
      if (!valueChain && !type) return;
      this.resolver.addAssign(name, { owner: scope, ...base });
      // Class-level attributes (dataclass/pydantic fields) are what `self.x` reads.
      if (scope.kind === 'class') this.resolver.addAssign(`self.${name}`, { owner: scope, ...base });
    } else if (target.type === 'attribute' && scope.cls && (valueChain || type)) {
      const object = target.childForFieldName('object');
      const attr = target.childForFieldName('attribute');
      if (object?.type !== 'identifier' || !attr || textOf(object, this.src) !== 'self') return;
      this.resolver.addAssign(`self.${textOf(attr, this.src)}`, { owner: scope.cls, ...base });
    }
  }

  private moduleVariable(name: string, node: Node, value: Node | null): void {
    this.moduleNames.add(name);
    this.pushDefinition(name, 'variable', node, name, null);
    if (name === '__all__' && value) this.addDunderAll(value, true);
  }

  private addDunderAll(value: Node, reset: boolean): void {
    if (value.type !== 'list' && value.type !== 'tuple') return;
    const names = reset || !this.dunderAll ? new Set<string>() : this.dunderAll;
    for (const c of value.namedChildren) {
      const lit = literalOf(c, this.src);
      if (typeof lit === 'string') names.add(lit);
    }
    this.dunderAll = names;
  }

  private augmented(node: Node): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (this.scope !== this.module || !left || !right || textOf(left, this.src) !== '__all__') return;
    this.addDunderAll(right, false);
  }

  private walrus(node: Node): void {
    const name = node.childForFieldName('name');
    if (name) this.bind(node, name, node.childForFieldName('value'), null, false);
  }

  /** `with OpenAI() as c:` binds c to the context manager itself (true for every SDK client). */
  private withItem(node: Node): void {
    const value = node.childForFieldName('value');
    if (value?.type !== 'as_pattern') return;
    const target = value.childForFieldName('alias');
    const name = target ? firstExpr(target) : null;
    const expr = firstExpr(value);
    if (name && expr) this.bind(node, name, expr, null, false);
  }

  /**
   * Annotated or defaulted parameters of a `def` (lambda parameters are not a scope here).
   * Untyped ones record nothing, so `def f(client)` still finds a module-level `client = OpenAI()`.
   */
  private parameters(node: Node): void {
    if (this.scope.kind !== 'function') return;
    for (const p of node.namedChildren) {
      if (p.type === 'identifier' || p.type === 'comment') continue;
      const name = parameterName(p);
      if (name) this.bind(p, name, p.childForFieldName('value'), p.childForFieldName('type'), false, true);
    }
  }

  // ---- strings ------------------------------------------------------------------------------

  private string(node: Node): void {
    const start = node.startIndex;
    if (start < this.concatEnd) return; // a piece of a concatenation already handled as a whole
    if (node.type === 'concatenated_string') this.concatEnd = node.endIndex;
    else if (node.endIndex - start > MAX_STRING_RAW && !/^[a-zA-Z]*[fF]/.test(this.src.slice(start, start + 3))) return;
    const parts = stringParts(node, this.src);
    const kind = classifyString(parts.value);
    if (!kind || (parts.interpolated && kind !== 'url')) return;
    const line = node.startPosition.row + 1;
    const key = `${line}\u0000${parts.value}`;
    if (this.seenStrings.has(key) || isDocstring(node)) return;
    this.seenStrings.add(key);
    this.facts.strings.push({ value: parts.value, line, kind });
  }

  // ---- resolution ---------------------------------------------------------------------------

  finish(): FileFacts {
    const { facts, resolver } = this;
    for (const c of this.calls) {
      const origin = resolver.resolve(c.chain, c.scope, c.pos);
      facts.calls.push({
        callee: c.chain.join('.'), line: c.line, column: c.column, ...(origin ? { origin } : {}),
        isNew: false, args: c.args, enclosing: c.scope.enclosing,
      });
    }
    for (const d of this.decorators) {
      const origin = resolver.resolve(d.chain, d.scope, d.pos);
      facts.decorators.push({ name: d.name, line: d.line, ...(origin ? { origin } : {}), target: d.target });
    }
    for (const name of this.moduleNames) {
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

/** `x`, `x: T`, `x=v`, `x: T = v`, `*args`, `**kw` (`*args: T` nests the splat in a typed parameter). */
function parameterName(node: Node): Node | null {
  if (node.type === 'identifier') return node;
  const name = node.childForFieldName('name') ?? firstExpr(node);
  if (!name) return null;
  if (name.type === 'identifier') return name;
  if (name.type === 'list_splat_pattern' || name.type === 'dictionary_splat_pattern') return parameterName(name);
  return null;
}

/** Dotted names may contain spaces or line continuations (`a . b`); the module name has none. */
function dotted(node: Node, src: string): string {
  return textOf(node, src).replace(/[\s\\]+/g, '');
}

function topName(qual: string): string {
  return qual.split('.')[0] ?? qual;
}

/** Methods and nested classes are definitions only when every enclosing scope is a class. */
function isClassMember(scope: Scope): boolean {
  for (let s: Scope | null = scope; s && s.kind !== 'module'; s = s.parent) if (s.kind !== 'class') return false;
  return true;
}

/** Values worth tracing: a chain with a name at its root (`OpenAI()`, `client`, `boto3.client()`). */
function tracedChain(value: Node, src: string): Chain | null {
  const chain = chainOf(value, src);
  return chain && chain[0] !== UNKNOWN ? chain : null;
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

/** The first statement of a module, class or function body, when it is a bare string. */
function isDocstring(node: Node): boolean {
  const stmt = node.parent;
  if (stmt?.type !== 'expression_statement' || stmt.namedChildCount !== 1) return false;
  const container = stmt.parent;
  if (!container) return false;
  if (container.type === 'block') {
    const owner = container.parent?.type;
    if (owner !== 'function_definition' && owner !== 'class_definition') return false;
  } else if (container.type !== 'module') {
    return false;
  }
  return firstExpr(container)?.startIndex === stmt.startIndex;
}
