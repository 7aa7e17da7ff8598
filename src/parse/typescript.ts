import type { ts as TsNamespace } from 'ts-morph';
import { classifyString, isPromptName, isUiTextName, looksLikePrompt } from '../catalog/strings.ts';
import type { CallArgs, FileFacts, Language, Literal } from '../facts/types.ts';
import { emptyFacts } from '../facts/types.ts';
import { ANY_KEY, UNKNOWN_EXPR, type ClassIR, type Expr, type ProgramIR, type ScopeIR, type ScopeKind } from '../resolve/ir.ts';
import { lineOf, lineStarts } from '../util/lines.ts';
import { pushKey, setKey } from '../util/record.ts';
import { tsStringContext } from './string-context.ts';
import { loadTs, type Ts } from './ts-compiler.ts';

type Node = TsNamespace.Node;
type SourceFile = TsNamespace.SourceFile;
type Expression = TsNamespace.Expression;

// `ts.SyntaxKind.X` is a getter on the bundled compiler's namespace; read every kind once.
const KIND_NAMES = [
  'ImportDeclaration', 'ImportEqualsDeclaration', 'ExportDeclaration', 'ExportAssignment', 'VariableDeclaration', 'BinaryExpression',
  'PropertyDeclaration', 'Parameter', 'CallExpression', 'NewExpression', 'Decorator', 'StringLiteral', 'NoSubstitutionTemplateLiteral',
  'TemplateExpression', 'ClassDeclaration', 'ClassExpression', 'FunctionDeclaration', 'MethodDeclaration', 'Constructor', 'GetAccessor',
  'SetAccessor', 'ArrowFunction', 'FunctionExpression', 'ReturnStatement', 'TryStatement', 'PropertyAssignment', 'PropertyAccessExpression',
  'EnumDeclaration', 'ForOfStatement',
] as const;
type Kinds = Record<(typeof KIND_NAMES)[number], number>;
let kindsCache: Kinds | undefined;

function kinds(ts: Ts): Kinds {
  kindsCache ??= Object.fromEntries(KIND_NAMES.map((k) => [k, ts.SyntaxKind[k]])) as Kinds;
  return kindsCache;
}

export function tsLanguage(path: string): Language {
  return /\.(m|c)?tsx?$/i.test(path) ? 'typescript' : 'javascript';
}

function scriptKind(ts: Ts, path: string): TsNamespace.ScriptKind {
  const ext = path.slice(path.lastIndexOf('.')).toLowerCase();
  if (ext === '.tsx') return ts.ScriptKind.TSX;
  if (ext === '.jsx') return ts.ScriptKind.JSX;
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Full syntax-only parse of a TS/JS file into facts. Never throws. */
export function parseTypeScript(path: string, text: string): FileFacts {
  const ts = loadTs();
  const facts = emptyFacts(path, tsLanguage(path), 'full');
  try {
    const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, scriptKind(ts, path));
    new Extractor(ts, sf, facts).run();
    const diagnostics = (sf as unknown as { parseDiagnostics?: TsNamespace.DiagnosticWithLocation[] }).parseDiagnostics;
    const first = diagnostics?.[0];
    if (first) facts.parseError = `syntax error at line ${sf.getLineAndCharacterOfPosition(first.start).line + 1}`;
  } catch (err) {
    return { ...emptyFacts(path, facts.language, 'full'), parseError: `parser failed: ${(err as Error).message}` };
  }
  return facts;
}

/** Imports only, through the compiler's pre-processor scan: no syntax tree is built. */
export function typeScriptLightFacts(path: string, text: string): FileFacts {
  const ts = loadTs();
  const facts = emptyFacts(path, tsLanguage(path), 'light');
  try {
    const info = ts.preProcessFile(text, true, true);
    const lines = lineStarts(text);
    for (const ref of info.importedFiles) {
      facts.imports.push({ module: ref.fileName, line: lineOf(lines, ref.pos), bindings: [], kind: 'static', typeOnly: false });
    }
  } catch (err) {
    facts.parseError = `pre-processor failed: ${(err as Error).message}`;
  }
  return facts;
}

interface PendingCall {
  node: TsNamespace.CallExpression | TsNamespace.NewExpression;
  chain: string;
  enclosing: string;
  guarded: boolean;
  scope: number;
}

/** Expression trees deeper than this become `?`: real values are shallow, generated code is not. */
const MAX_EXPR_DEPTH = 12;
/** Entries of an object or array literal kept in the summary. */
const MAX_LITERAL_ENTRIES = 64;

/** One walk collects imports, definitions, strings and the program summary the resolve stage reads. */
class Extractor {
  private readonly ir: ProgramIR = { scopes: [], classes: [], exports: {} };
  /** scope index of every function-like node, allocated when first met as a value or when entered */
  private readonly scopeOfNode = new Map<Node, number>();
  private readonly classOfNode = new Map<Node, number>();
  private readonly pending: PendingCall[] = [];
  private readonly exportedNames = new Set<string>();
  /** open scopes, innermost last */
  private readonly scopeStack: number[] = [0];
  /** names declared in each scope, so `x = v` lands where `x` lives */
  private readonly declared: Set<string>[] = [];
  /** classes and functions, innermost last: what a decorator decorates */
  private readonly targets: string[] = [];
  private readonly exportedDeclarations = new Set<Node>();
  /** `try` blocks with a handler around the current node, within the current named function */
  private guard = 0;
  /** calls whose promise gets a `.catch(...)` (or a `.then(ok, fail)`) */
  private readonly catchChained = new Set<Node>();
  // Names given to function expressions by what holds them (`const handler = async () => {}`, `{ run: () => {} }`),
  // recorded before the function is met: the tree has no parent pointers (not built, for speed).
  private readonly givenName = new Map<Node, string>();
  /** the nodes above the one being visited, innermost last: where a model-id literal stands */
  private readonly parents: Node[] = [];
  private readonly isJs: boolean;

  private readonly k: Kinds;

  constructor(
    private readonly ts: Ts,
    private readonly sf: SourceFile,
    private readonly facts: FileFacts,
  ) {
    this.k = kinds(ts);
    this.isJs = facts.language === 'javascript';
    this.ir.scopes.push({ name: '<module>', kind: 'module', parent: -1, line: 1, params: [], vars: {}, returns: [] });
    this.declared.push(new Set());
  }

  run(): void {
    for (const stmt of this.sf.statements) {
      if (this.ts.isVariableStatement(stmt) && hasExport(this.ts, stmt)) {
        for (const d of stmt.declarationList.declarations) this.exportedDeclarations.add(d);
      }
    }
    this.visit(this.sf);
    for (const call of this.pending) this.emitCall(call);
    for (const def of this.facts.definitions) if (this.exportedNames.has(def.name)) def.exported = true;
    this.facts.strings.sort((a, b) => a.line - b.line);
    this.facts.ir = this.ir;
  }

  private line(node: Node): number {
    return this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf)).line + 1;
  }

  private column(node: Node): number {
    return this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf)).character + 1;
  }

  private get scope(): number {
    return this.scopeStack[this.scopeStack.length - 1] ?? 0;
  }

  private get scopeIR(): ScopeIR {
    return this.ir.scopes[this.scope] as ScopeIR;
  }

  /** The nearest enclosing class, when the current code runs as one of its methods or field initialisers. */
  private get currentClass(): number | undefined {
    for (let i = this.scopeStack.length - 1; i >= 0; i--) {
      const s = this.ir.scopes[this.scopeStack[i] ?? 0];
      if (s?.cls !== undefined) return s.cls;
    }
    return undefined;
  }

  private visit(node: Node): void {
    const k = this.k;
    if (node.kind === k.TryStatement && (node as TsNamespace.TryStatement).catchClause) return this.tryStatement(node as TsNamespace.TryStatement);
    const savedGuard = this.guard;
    // A named function runs wherever it is called, not inside the `try` that lexically holds it;
    // callbacks (arrow functions) usually run inside it.
    if (node.kind === k.FunctionDeclaration || node.kind === k.MethodDeclaration || node.kind === k.Constructor) this.guard = 0;
    const opened = this.enter(node);
    switch (node.kind) {
      case k.ImportDeclaration:
        this.importDeclaration(node as TsNamespace.ImportDeclaration);
        break;
      case k.ImportEqualsDeclaration:
        this.importEquals(node as TsNamespace.ImportEqualsDeclaration);
        break;
      case k.ExportDeclaration:
        this.exportDeclaration(node as TsNamespace.ExportDeclaration);
        break;
      case k.ExportAssignment:
        this.ir.exports ??= {};
        setKey(this.ir.exports, 'default', this.expr((node as TsNamespace.ExportAssignment).expression));
        break;
      case k.VariableDeclaration:
        this.variableDeclaration(node as TsNamespace.VariableDeclaration);
        break;
      case k.ForOfStatement:
        this.forOf(node as TsNamespace.ForOfStatement);
        break;
      case k.BinaryExpression:
        this.assignment(node as TsNamespace.BinaryExpression);
        break;
      case k.PropertyDeclaration:
        this.propertyDeclaration(node as TsNamespace.PropertyDeclaration);
        break;
      case k.CallExpression:
      case k.NewExpression:
        this.callExpression(node as TsNamespace.CallExpression | TsNamespace.NewExpression);
        break;
      case k.Decorator:
        this.decorator(node as TsNamespace.Decorator);
        break;
      case k.StringLiteral:
      case k.NoSubstitutionTemplateLiteral:
        this.stringLiteral((node as TsNamespace.StringLiteral).text, node);
        break;
      case k.TemplateExpression:
        this.stringLiteral((node as TsNamespace.TemplateExpression).head.text, node);
        break;
      case k.ReturnStatement: {
        const value = (node as TsNamespace.ReturnStatement).expression;
        if (value && this.scope !== 0) this.scopeIR.returns.push(this.expr(value));
        break;
      }
      case k.PropertyAccessExpression:
        this.envRead(node as TsNamespace.PropertyAccessExpression);
        break;
      case k.PropertyAssignment: {
        const prop = node as TsNamespace.PropertyAssignment;
        const name = propertyName(this.ts, prop.name);
        this.nameFunction(prop.initializer, name);
        this.prompt(name, prop.initializer);
        break;
      }
      case k.EnumDeclaration:
        this.enumDeclaration(node as TsNamespace.EnumDeclaration);
        break;
    }
    this.parents.push(node);
    this.ts.forEachChild(node, this.visitChild);
    this.parents.pop();
    this.guard = savedGuard;
    if (opened) {
      this.scopeStack.pop();
      this.targets.pop();
    }
  }

  private readonly visitChild = (child: Node): void => this.visit(child);

  private tryStatement(node: TsNamespace.TryStatement): void {
    this.guard++;
    this.visit(node.tryBlock);
    this.guard--;
    if (node.catchClause) this.visit(node.catchClause);
    if (node.finallyBlock) this.visit(node.finallyBlock);
  }

  /** `process.env.OPENAI_BASE_URL`, `import.meta.env.VITE_X`: the variable's name, as a string fact. */
  private envRead(node: TsNamespace.PropertyAccessExpression): void {
    const name = envName(this.ts, node);
    if (name) this.stringLiteral(name, node.name);
  }

  /** The variables and keys the node being visited sits under (`helpTooltips.download` for its `prompt:` key). */
  private enclosingNames(): string[] {
    const ts = this.ts;
    return this.parents.flatMap((p) => (ts.isPropertyAssignment(p) ? [propertyName(ts, p.name)] : ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) ? [p.name.text] : []));
  }

  /** A long natural-language literal under a prompt-like key or name, unless the names say a person reads it (a tooltip, a placeholder). */
  private prompt(name: string, value: Expression | undefined): void {
    const ts = this.ts;
    if (!value || !isPromptName(name) || isUiTextName(name) || this.enclosingNames().some(isUiTextName)) return;
    const e = unwrap(ts, value);
    let text: string | undefined;
    if (ts.isStringLiteralLike(e)) text = e.text;
    else if (ts.isTemplateExpression(e)) text = e.head.text + e.templateSpans.map((span) => span.literal.text).join('');
    if (text === undefined || !looksLikePrompt(text)) return;
    this.facts.prompts.push({ line: this.line(e), name, chars: text.length });
  }

  // ---- scopes and classes ------------------------------------------------------------------

  /** Opens the scope of a function or class node; returns whether it did. */
  private enter(node: Node): boolean {
    const ts = this.ts;
    const k = this.k;
    switch (node.kind) {
      case k.ClassDeclaration:
      case k.ClassExpression: {
        const cls = node as TsNamespace.ClassLikeDeclaration;
        const c = this.classIndex(cls);
        const name = this.ir.classes[c]?.name ?? '<class>';
        if (node.kind === k.ClassDeclaration) {
          const exported = hasExport(ts, cls as TsNamespace.ClassDeclaration);
          if (this.scope === 0) this.define(name, 'class', node, exported);
          if (cls.name) this.declare(cls.name.text, { k: 'cls', c });
          if (exported) this.exportAs(isDefault(ts, cls as TsNamespace.ClassDeclaration) ? 'default' : name, { k: 'cls', c });
        }
        const body = this.ir.classes[c]?.scope ?? 0;
        this.open(this.classBodyScope(c, body), name);
        return true;
      }
      case k.FunctionDeclaration: {
        const fn = node as TsNamespace.FunctionDeclaration;
        const name = fn.name?.text ?? 'default';
        const s = this.functionScope(fn);
        if (this.scope === 0) this.define(name, 'function', node, hasExport(ts, fn));
        if (fn.name) this.declare(fn.name.text, { k: 'fn', s });
        if (hasExport(ts, fn)) this.exportAs(isDefault(ts, fn) ? 'default' : name, { k: 'fn', s });
        this.open(s, name);
        return true;
      }
      case k.MethodDeclaration:
      case k.Constructor:
      case k.GetAccessor:
      case k.SetAccessor:
      case k.ArrowFunction:
      case k.FunctionExpression: {
        const s = this.functionScope(node as TsNamespace.FunctionLikeDeclaration);
        const scope = this.ir.scopes[s] as ScopeIR;
        if (scope.kind !== 'function' && this.scope !== 0 && this.ir.scopes[this.scope]?.kind === 'class' && this.scopeStack.length === 2) {
          this.define(scope.name, 'method', node, false);
        }
        this.open(s, scope.name);
        return true;
      }
      default:
        return false;
    }
  }

  private open(s: number, target: string): void {
    this.scopeStack.push(s);
    this.targets.push(target);
  }

  private newScope(scope: ScopeIR): number {
    this.ir.scopes.push(scope);
    this.declared.push(new Set());
    return this.ir.scopes.length - 1;
  }

  /** The class entry of a class node, made when first met (as a declaration or as a value). */
  private classIndex(node: TsNamespace.ClassLikeDeclaration): number {
    const known = this.classOfNode.get(node);
    if (known !== undefined) return known;
    const ts = this.ts;
    const bases: Expr[] = [];
    for (const clause of node.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
      for (const t of clause.types) bases.push(this.expr(t.expression));
    }
    const c = this.ir.classes.length;
    this.ir.classes.push({ name: node.name?.text ?? '<class>', line: this.line(node), scope: this.scope, bases, fields: {}, methods: {} });
    this.classOfNode.set(node, c);
    return c;
  }

  private readonly classBodies = new Map<number, number>();

  /** Field initialisers run with `this` bound to the instance: they get a scope of their own. */
  private classBodyScope(c: number, parent: number): number {
    let s = this.classBodies.get(c);
    if (s === undefined) {
      const cls = this.ir.classes[c] as ClassIR;
      s = this.newScope({ name: cls.name, kind: 'class', parent, cls: c, line: cls.line, params: [], vars: {}, returns: [] });
      this.classBodies.set(c, s);
    }
    return s;
  }

  /** The scope of a function-like node, made when first met; its parameters are read then. */
  private functionScope(node: TsNamespace.FunctionLikeDeclaration): number {
    const known = this.scopeOfNode.get(node);
    if (known !== undefined) return known;
    const ts = this.ts;
    const k = this.k;
    const parent = this.scope;
    const parentScope = this.ir.scopes[parent] as ScopeIR;
    let kind: ScopeKind = 'function';
    let name: string;
    let cls: number | undefined;
    const inClass = parentScope.kind === 'class' && parentScope.cls !== undefined && (node.kind === k.MethodDeclaration || node.kind === k.Constructor || node.kind === k.GetAccessor || node.kind === k.SetAccessor);
    if (inClass) {
      cls = parentScope.cls as number;
      const own = node.kind === k.Constructor ? 'constructor' : propertyName(ts, (node as TsNamespace.MethodDeclaration).name);
      name = `${this.ir.classes[cls]?.name ?? '<class>'}.${own}`;
      const isStatic = Boolean(ts.getModifiers(node as TsNamespace.MethodDeclaration)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword));
      kind = node.kind === k.Constructor ? 'constructor' : node.kind === k.GetAccessor ? 'getter' : isStatic ? 'static' : 'method';
    } else if (node.kind === k.MethodDeclaration || node.kind === k.GetAccessor || node.kind === k.SetAccessor) {
      name = `<object>.${propertyName(ts, (node as TsNamespace.MethodDeclaration).name)}`;
    } else if (node.kind === k.FunctionDeclaration) {
      name = (node as TsNamespace.FunctionDeclaration).name?.text ?? 'default';
    } else {
      const named = ts.isFunctionExpression(node) && node.name ? node.name.text : this.givenName.get(node);
      name = named ?? (parent === 0 ? '<anonymous>' : parentScope.name);
    }
    const s = this.newScope({ name, kind, parent, ...(cls !== undefined ? { cls } : {}), line: this.line(node), params: [], vars: {}, returns: [] });
    this.scopeOfNode.set(node, s);
    if (cls !== undefined && node.kind !== k.SetAccessor) {
      const own = name.slice(name.indexOf('.') + 1);
      const methods = (this.ir.classes[cls] as ClassIR).methods;
      if (!Object.hasOwn(methods, own)) setKey(methods, own, s);
    }
    const declared = (node as TsNamespace.FunctionLikeDeclaration).type;
    const rtype = declared ? this.typeExpr(awaitedType(ts, declared)) : undefined;
    if (rtype) (this.ir.scopes[s] as ScopeIR).rtype = rtype;
    this.scopeStack.push(s);
    try {
      this.parameters(node, s, cls);
      const body = node.body;
      if (body && !ts.isBlock(body)) (this.ir.scopes[s] as ScopeIR).returns.push(this.expr(body));
    } finally {
      this.scopeStack.pop();
    }
    return s;
  }

  private parameters(node: TsNamespace.FunctionLikeDeclaration, s: number, cls: number | undefined): void {
    const ts = this.ts;
    const scope = this.ir.scopes[s] as ScopeIR;
    const jsDoc = this.isJs ? jsDocParamTypes(ts, node) : undefined;
    node.parameters.forEach((p, i) => {
      const name = ts.isIdentifier(p.name) ? p.name.text : `$${i}`;
      const type = (p.type ? this.typeExpr(p.type) : undefined) ?? (jsDoc ? jsDoc.get(name) : undefined);
      scope.params.push({ n: name, ...(type ? { type } : {}), ...(p.initializer ? { def: this.expr(p.initializer) } : {}), ...(p.dotDotDotToken ? { rest: 1 as const } : {}) });
      this.declared[s]?.add(name);
      if (!ts.isIdentifier(p.name)) this.destructure(p.name, { k: 'name', n: name }, s);
      // `constructor(private client: OpenAI)` also declares the field.
      if (cls !== undefined && ts.isIdentifier(p.name) && p.modifiers?.some((m) => m.kind !== ts.SyntaxKind.Decorator)) {
        pushKey((this.ir.classes[cls] as ClassIR).fields, name, { s, e: { k: 'name', n: name } });
      }
    });
  }

  private nameFunction(value: Expression, name: string): void {
    const e = unwrap(this.ts, value);
    if ((this.ts.isArrowFunction(e) || this.ts.isFunctionExpression(e)) && !this.givenName.has(e)) this.givenName.set(e, name);
  }

  private define(name: string, kind: 'function' | 'class' | 'method' | 'variable', node: Node, exported: boolean): void {
    this.facts.definitions.push({ name, kind, line: this.line(node), exported });
  }

  /** A name declared in the current scope, with its value. */
  private declare(name: string, value: Expr | undefined, scope = this.scope): void {
    this.declared[scope]?.add(name);
    if (value) pushKey((this.ir.scopes[scope] as ScopeIR).vars, name, value);
  }

  /** The scope a name assigned here lives in: the nearest that declares it, else the module. */
  private owner(name: string): number {
    for (let i = this.scopeStack.length - 1; i >= 0; i--) {
      const s = this.scopeStack[i] ?? 0;
      if (this.declared[s]?.has(name)) return s;
    }
    return 0;
  }

  private exportAs(name: string, value: Expr): void {
    this.ir.exports ??= {};
    setKey(this.ir.exports, name, value);
  }

  // ---- declarations ------------------------------------------------------------------------

  private importDeclaration(node: TsNamespace.ImportDeclaration): void {
    const ts = this.ts;
    if (!ts.isStringLiteral(node.moduleSpecifier)) return;
    const module = node.moduleSpecifier.text;
    const clause = node.importClause;
    const bindings: { imported: string; local: string }[] = [];
    if (clause?.name) bindings.push({ imported: 'default', local: clause.name.text });
    const named = clause?.namedBindings;
    if (named && ts.isNamespaceImport(named)) bindings.push({ imported: '*', local: named.name.text });
    if (named && ts.isNamedImports(named)) {
      for (const el of named.elements) bindings.push({ imported: (el.propertyName ?? el.name).text, local: el.name.text });
    }
    const typeOnly = Boolean(clause?.isTypeOnly);
    this.facts.imports.push({ module, line: this.line(node), bindings, kind: 'static', typeOnly });
  }

  private importEquals(node: TsNamespace.ImportEqualsDeclaration): void {
    const ts = this.ts;
    const ref = node.moduleReference;
    if (!ts.isExternalModuleReference(ref) || !ts.isStringLiteral(ref.expression)) return;
    this.facts.imports.push({ module: ref.expression.text, line: this.line(node), bindings: [{ imported: '*', local: node.name.text }], kind: 'require', typeOnly: node.isTypeOnly });
  }

  private exportDeclaration(node: TsNamespace.ExportDeclaration): void {
    const ts = this.ts;
    if (node.exportClause && ts.isNamedExports(node.exportClause) && !node.moduleSpecifier) {
      for (const el of node.exportClause.elements) {
        const local = (el.propertyName ?? el.name).text;
        this.exportedNames.add(local);
        if (!node.isTypeOnly) this.exportAs(el.name.text, { k: 'name', n: local });
      }
    }
    if (!node.moduleSpecifier || !ts.isStringLiteral(node.moduleSpecifier)) return;
    const module = node.moduleSpecifier.text;
    const bindings: { imported: string; local: string }[] = [];
    if (node.exportClause && ts.isNamedExports(node.exportClause)) {
      for (const el of node.exportClause.elements) bindings.push({ imported: (el.propertyName ?? el.name).text, local: el.name.text });
    } else if (node.exportClause && ts.isNamespaceExport(node.exportClause)) {
      bindings.push({ imported: '*', local: node.exportClause.name.text });
    } else {
      bindings.push({ imported: '*', local: '*' });
    }
    this.facts.imports.push({ module, line: this.line(node), bindings, kind: 'reexport', typeOnly: node.isTypeOnly });
  }

  private variableDeclaration(node: TsNamespace.VariableDeclaration): void {
    const ts = this.ts;
    const init = node.initializer;
    const typeInstance = this.instanceOfType(node.type) ?? (this.isJs ? this.jsDocTypeInstance(node) : undefined);
    if (init) this.requireImport(init, node.name);
    if (ts.isIdentifier(node.name)) {
      const name = node.name.text;
      const isFunction = Boolean(init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)));
      if (init) this.nameFunction(init, name);
      if (this.scope === 0) this.define(name, isFunction ? 'function' : 'variable', node, this.exportedDeclarations.has(node));
      this.prompt(name, init);
      this.declare(name, init ? this.expr(init) : undefined);
      if (typeInstance) this.declare(name, typeInstance);
      if (this.exportedDeclarations.has(node)) this.exportAs(name, { k: 'name', n: name });
      return;
    }
    if (init) this.destructure(node.name, this.expr(init), this.scope);
  }

  /** `for (const p of providers)`, `for (const [name, make] of Object.entries(BUILDERS))`: each element. */
  private forOf(node: TsNamespace.ForOfStatement): void {
    const ts = this.ts;
    const list = node.initializer;
    const decl = ts.isVariableDeclarationList(list) ? list.declarations[0] : undefined;
    if (decl) this.destructure(decl.name, { k: 'idx', o: this.expr(node.expression) }, this.scope);
  }

  /** `const { a, b: c } = x`, `const [a, b] = x`: each name is a member or element of the value. */
  private destructure(pattern: TsNamespace.BindingName, value: Expr, scope: number, depth = 0): void {
    const ts = this.ts;
    if (depth > 4) return;
    if (ts.isIdentifier(pattern)) {
      this.declare(pattern.text, value, scope);
      return;
    }
    if (ts.isObjectBindingPattern(pattern)) {
      for (const el of pattern.elements) {
        const key = el.propertyName ? (ts.isIdentifier(el.propertyName) || ts.isStringLiteralLike(el.propertyName) ? el.propertyName.text : undefined) : ts.isIdentifier(el.name) ? el.name.text : undefined;
        const member: Expr = el.dotDotDotToken ? value : key !== undefined ? { k: 'get', o: value, p: key } : UNKNOWN_EXPR;
        this.destructure(el.name, el.initializer ? { k: 'or', of: [member, this.expr(el.initializer)] } : member, scope, depth + 1);
      }
      return;
    }
    pattern.elements.forEach((el, i) => {
      if (ts.isOmittedExpression(el)) return;
      this.destructure(el.name, { k: 'idx', o: value, i }, scope, depth + 1);
    });
  }

  /** `const x = require('x')`, `const { a } = await import('x')`: imports for the module graph. */
  private requireImport(init: Expression, name: TsNamespace.BindingName): void {
    const ts = this.ts;
    const module = importSpecifier(ts, unwrap(ts, init));
    if (module === undefined) return;
    const call = unwrap(ts, init) as TsNamespace.CallExpression;
    this.recordedImportCalls.add(call);
    const isRequire = ts.isIdentifier(call.expression);
    const bindings = ts.isIdentifier(name)
      ? [{ imported: '*', local: name.text }]
      : ts.isObjectBindingPattern(name)
        ? name.elements.flatMap((el) => (ts.isIdentifier(el.name) ? [{ imported: el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text, local: el.name.text }] : []))
        : [];
    this.facts.imports.push({ module, line: this.line(call), bindings, kind: isRequire ? 'require' : 'dynamic', typeOnly: false, ...(this.scope !== 0 ? { scope: this.scope } : {}) });
  }

  // Calls already recorded as imports by a declaration (`const x = require('x')`).
  private readonly recordedImportCalls = new Set<Node>();

  /** `require('dotenv').config()`, `import('openai').then(...)`: imports that bind no name. */
  private bareImportCall(call: TsNamespace.CallExpression): void {
    const ts = this.ts;
    const module = importSpecifier(ts, call);
    if (module === undefined) return;
    this.facts.imports.push({ module, line: this.line(call), bindings: [], kind: ts.isIdentifier(call.expression) ? 'require' : 'dynamic', typeOnly: false });
  }

  private assignment(node: TsNamespace.BinaryExpression): void {
    const ts = this.ts;
    const op = node.operatorToken.kind;
    // `if (client instanceof OpenAI)`: the parameter is read as typed by the check.
    if (op === ts.SyntaxKind.InstanceOfKeyword && ts.isIdentifier(node.left) && this.scopeIR.params.some((p) => p.n === (node.left as TsNamespace.Identifier).text)) {
      const scope = this.scopeIR;
      scope.narrowed ??= {};
      pushKey(scope.narrowed, node.left.text, this.expr(node.right));
      return;
    }
    if (op !== ts.SyntaxKind.EqualsToken && op !== ts.SyntaxKind.BarBarEqualsToken && op !== ts.SyntaxKind.QuestionQuestionEqualsToken) return;
    const left = unwrap(ts, node.left);
    const value = this.expr(node.right);
    if (ts.isIdentifier(left)) {
      this.declare(left.text, value, this.owner(left.text));
      return;
    }
    if (ts.isObjectLiteralExpression(left) || ts.isArrayLiteralExpression(left)) return;
    if (!ts.isPropertyAccessExpression(left) && !ts.isElementAccessExpression(left)) return;
    const member = ts.isPropertyAccessExpression(left) ? left.name.text : ts.isStringLiteralLike(left.argumentExpression) ? left.argumentExpression.text : undefined;
    const target = unwrap(ts, left.expression);
    if (member === undefined) {
      // `this.agents[sessionId] = agent`, `clients[user] = new OpenAI()`: a mapping filled under keys known only at
      // run time holds what is stored there.
      const entries: Expr = { k: 'obj', p: { [ANY_KEY]: value } };
      if (ts.isPropertyAccessExpression(target) && unwrap(ts, target.expression).kind === ts.SyntaxKind.ThisKeyword) {
        const cls = this.currentClass;
        if (cls !== undefined) pushKey((this.ir.classes[cls] as ClassIR).fields, target.name.text, { s: this.scope, e: entries });
      } else if (ts.isIdentifier(target)) this.declare(target.text, entries, this.owner(target.text));
      return;
    }
    if (target.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = this.currentClass;
      if (cls !== undefined) pushKey((this.ir.classes[cls] as ClassIR).fields, member, { s: this.scope, e: value });
      return;
    }
    // CommonJS: `module.exports = x`, `module.exports.x = v`, `exports.x = v`.
    if (ts.isIdentifier(target) && target.text === 'module' && member === 'exports') {
      this.exportAs('default', value);
      const right = unwrap(ts, node.right);
      if (ts.isObjectLiteralExpression(right) && value.k === 'obj') for (const [key, v] of Object.entries(value.p)) this.exportAs(key, v);
      return;
    }
    if ((ts.isIdentifier(target) && target.text === 'exports') || (ts.isPropertyAccessExpression(target) && target.name.text === 'exports' && ts.isIdentifier(target.expression) && target.expression.text === 'module')) {
      this.exportAs(member, value);
      return;
    }
    // `clientRef.current = new RTClient(...)`, `state.client = ...`: a member of a local object, kept
    // beside the name it belongs to (`clientRef.current`) so later reads of it see what was stored.
    if (ts.isIdentifier(target) && target.text !== 'module') this.declare(`${target.text}.${member}`, value, this.owner(target.text));
  }

  private propertyDeclaration(node: TsNamespace.PropertyDeclaration): void {
    const ts = this.ts;
    const cls = this.ir.scopes[this.scope]?.cls;
    if (cls === undefined) return;
    const name = propertyName(ts, node.name);
    if (node.initializer) this.nameFunction(node.initializer, `${this.ir.classes[cls]?.name}.${name}`);
    const fields = (this.ir.classes[cls] as ClassIR).fields;
    if (node.initializer) pushKey(fields, name, { s: this.scope, e: this.expr(node.initializer) });
    const typed = this.instanceOfType(node.type);
    if (typed) pushKey(fields, name, { s: this.scope, e: typed });
  }

  private enumDeclaration(node: TsNamespace.EnumDeclaration): void {
    const ts = this.ts;
    const p: Record<string, Expr> = {};
    for (const m of node.members.slice(0, MAX_LITERAL_ENTRIES)) {
      const key = ts.isIdentifier(m.name) || ts.isStringLiteralLike(m.name) ? m.name.text : undefined;
      if (key !== undefined) setKey(p, key, m.initializer ? this.expr(m.initializer) : { k: 'lit', v: key });
    }
    this.declare(node.name.text, { k: 'obj', p });
    if (hasExport(ts, node)) this.exportAs(node.name.text, { k: 'name', n: node.name.text });
  }

  // ---- types -------------------------------------------------------------------------------

  /** A type as the class expression it names: `OpenAI`, `openai.OpenAI`, `OpenAI | AzureOpenAI`, `import('openai').OpenAI`. */
  private typeExpr(type: TsNamespace.TypeNode, depth = 0): Expr | undefined {
    const ts = this.ts;
    if (depth > 4) return undefined;
    if (ts.isTypeReferenceNode(type)) return entityExpr(ts, type.typeName);
    if (ts.isUnionTypeNode(type)) {
      const of = type.types.flatMap((t) => this.typeExpr(t, depth + 1) ?? []);
      return of.length === 0 ? undefined : of.length === 1 ? of[0] : { k: 'or', of };
    }
    if (ts.isParenthesizedTypeNode(type)) return this.typeExpr(type.type, depth + 1);
    if (ts.isImportTypeNode(type) && ts.isLiteralTypeNode(type.argument) && ts.isStringLiteral(type.argument.literal)) {
      const module: Expr = { k: 'import', m: { k: 'lit', v: type.argument.literal.text } };
      return type.qualifier ? entityExpr(ts, type.qualifier, module) : module;
    }
    return undefined;
  }

  /** `x: OpenAI` holds an instance: a construction of the named class. */
  private instanceOfType(type: TsNamespace.TypeNode | undefined): Expr | undefined {
    const t = type ? this.typeExpr(type) : undefined;
    return t ? { k: 'call', f: t, a: [], new: 1, typed: 1 } : undefined;
  }

  private jsDocTypeInstance(node: TsNamespace.VariableDeclaration): Expr | undefined {
    const ts = this.ts;
    // JSDoc hangs on the statement, two levels up; without parent pointers, look on the node itself only.
    const docs = (node as unknown as { jsDoc?: TsNamespace.JSDoc[] }).jsDoc ?? [];
    for (const doc of docs) for (const tag of doc.tags ?? []) if (ts.isJSDocTypeTag(tag)) return this.instanceOfType(tag.typeExpression.type);
    return undefined;
  }

  // ---- calls -------------------------------------------------------------------------------

  /** `create(...).then(f).catch(g)`: the promise chain below a `.catch` is handled. */
  private markCatchChain(node: TsNamespace.CallExpression): void {
    const ts = this.ts;
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const handles = callee.name.text === 'catch' || (callee.name.text === 'then' && node.arguments.length >= 2) || this.catchChained.has(node);
    if (!handles) return;
    const inner = unwrap(ts, callee.expression);
    if (ts.isCallExpression(inner)) {
      this.catchChained.add(inner);
      this.markCatchChain(inner);
    }
  }

  private callExpression(node: TsNamespace.CallExpression | TsNamespace.NewExpression): void {
    const ts = this.ts;
    if (ts.isCallExpression(node) && !this.recordedImportCalls.has(node)) this.bareImportCall(node);
    if (ts.isCallExpression(node)) this.markCatchChain(node);
    const chain = this.chainOf(node.expression);
    if (!chain) return;
    this.pending.push({ node, chain, enclosing: this.scopeIR.name, guarded: this.guard > 0 || this.catchChained.has(node), scope: this.scope });
  }

  private emitCall({ node, chain, enclosing, guarded, scope }: PendingCall): void {
    const ts = this.ts;
    const args = node.arguments ?? ts.factory.createNodeArray();
    const f: Expr = node.expression.kind === ts.SyntaxKind.SuperKeyword ? { k: 'super' } : this.exprIn(node.expression, scope);
    this.facts.calls.push({
      callee: chain,
      line: this.line(node),
      column: this.column(node),
      isNew: ts.isNewExpression(node),
      args: this.argsOf(args),
      enclosing,
      ...(guarded ? { guarded: true as const } : {}),
      f,
      a: args.map((a) => this.exprIn(a, scope)),
      scope,
    });
  }

  /** An expression converted as if met in `scope` (calls are emitted after the walk). */
  private exprIn(e: Expression, scope: number): Expr {
    this.scopeStack.push(scope);
    try {
      return this.expr(e);
    } finally {
      this.scopeStack.pop();
    }
  }

  private decorator(node: TsNamespace.Decorator): void {
    const ts = this.ts;
    const expr = ts.isCallExpression(node.expression) ? node.expression.expression : node.expression;
    const name = this.chainOf(expr);
    if (!name) return;
    // The decorator runs in the scope around the class or member it decorates.
    const scope = this.scopeIR.parent >= 0 ? this.scopeIR.parent : 0;
    this.facts.decorators.push({ name, line: this.line(node), target: this.targets.at(-1) ?? '<unknown>', f: this.exprIn(expr, scope), scope });
  }

  private stringLiteral(value: string, node: Node): void {
    const kind = classifyString(value);
    if (!kind) return;
    const line = this.line(node);
    if (this.facts.strings.some((s) => s.line === line && s.value === value)) return;
    const context = kind === 'model-id' ? tsStringContext(this.ts, this.sf, node, this.parents) : undefined;
    this.facts.strings.push({ value, line, kind, ...(context ? { context } : {}) });
  }

  /** The callee chain as text: `client.chat.completions.create`, `OpenAI().models.list`, `this.llm.invoke`. */
  private chainOf(expr: Expression): string | undefined {
    const ts = this.ts;
    const e = unwrap(ts, expr);
    if (ts.isIdentifier(e)) return e.text;
    if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
    if (e.kind === ts.SyntaxKind.SuperKeyword) return 'super';
    if (ts.isPropertyAccessExpression(e)) {
      const base = this.chainOf(e.expression) ?? '<expr>';
      return `${base}.${e.name.text}`;
    }
    if (ts.isElementAccessExpression(e)) {
      const base = this.chainOf(e.expression) ?? '<expr>';
      return ts.isStringLiteralLike(e.argumentExpression) ? `${base}.${e.argumentExpression.text}` : `${base}.<expr>`;
    }
    if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
      const base = this.chainOf(e.expression);
      return base ? `${base}()` : undefined;
    }
    return undefined;
  }

  // ---- expressions -------------------------------------------------------------------------

  /** An expression as a value tree for the resolve stage. */
  private expr(node: Expression, depth = 0): Expr {
    const ts = this.ts;
    if (depth > MAX_EXPR_DEPTH) return UNKNOWN_EXPR;
    const e = unwrap(ts, node);
    const d = depth + 1;
    if (ts.isIdentifier(e)) return e.text === 'undefined' ? { k: 'lit', v: null } : { k: 'name', n: e.text };
    if (e.kind === ts.SyntaxKind.ThisKeyword) return { k: 'this' };
    if (e.kind === ts.SyntaxKind.SuperKeyword) return { k: 'super' };
    if (ts.isStringLiteralLike(e)) return { k: 'lit', v: e.text };
    if (ts.isNumericLiteral(e)) return { k: 'lit', v: Number(e.text) };
    if (e.kind === ts.SyntaxKind.TrueKeyword) return { k: 'lit', v: true };
    if (e.kind === ts.SyntaxKind.FalseKeyword) return { k: 'lit', v: false };
    if (e.kind === ts.SyntaxKind.NullKeyword) return { k: 'lit', v: null };
    if (ts.isPropertyAccessExpression(e)) {
      const env = envName(ts, e);
      if (env) return { k: 'env', n: env };
      return { k: 'get', o: this.expr(e.expression, d), p: e.name.text };
    }
    if (ts.isElementAccessExpression(e)) {
      const arg = unwrap(ts, e.argumentExpression);
      if (ts.isStringLiteralLike(arg)) {
        const env = isEnvObject(ts, e.expression) ? arg.text : undefined;
        return env ? { k: 'env', n: env } : { k: 'get', o: this.expr(e.expression, d), p: arg.text };
      }
      return { k: 'idx', o: this.expr(e.expression, d), ...(ts.isNumericLiteral(arg) ? { i: Number(arg.text) } : {}) };
    }
    if (ts.isCallExpression(e)) {
      const module = importSpecifier(ts, e);
      if (module !== undefined) return { k: 'import', m: { k: 'lit', v: module } };
      if (e.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(e.expression) && e.expression.text === 'require')) {
        return { k: 'import', m: e.arguments[0] ? this.expr(e.arguments[0], d) : UNKNOWN_EXPR };
      }
      return { k: 'call', f: e.expression.kind === ts.SyntaxKind.SuperKeyword ? { k: 'super' } : this.expr(e.expression, d), a: e.arguments.slice(0, 16).map((a) => this.expr(a, d)) };
    }
    if (ts.isNewExpression(e)) return { k: 'call', f: this.expr(e.expression, d), a: (e.arguments ?? []).slice(0, 16).map((a) => this.expr(a, d)), new: 1 };
    if (ts.isTemplateExpression(e)) {
      const parts: (string | Expr)[] = [e.head.text];
      for (const span of e.templateSpans) parts.push(this.expr(span.expression, d), span.literal.text);
      return { k: 'str', parts };
    }
    if (ts.isBinaryExpression(e)) return this.binary(e, d);
    if (ts.isConditionalExpression(e)) return { k: 'or', of: [this.expr(e.whenTrue, d), this.expr(e.whenFalse, d)] };
    if (ts.isObjectLiteralExpression(e)) return this.objectLiteral(e, d);
    if (ts.isArrayLiteralExpression(e)) return { k: 'arr', a: e.elements.slice(0, MAX_LITERAL_ENTRIES).map((x) => (ts.isSpreadElement(x) ? UNKNOWN_EXPR : this.expr(x, d))) };
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return { k: 'fn', s: this.functionScope(e) };
    if (ts.isClassExpression(e)) return { k: 'cls', c: this.classIndex(e) };
    return UNKNOWN_EXPR;
  }

  private binary(e: TsNamespace.BinaryExpression, d: number): Expr {
    const ts = this.ts;
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return { k: 'or', of: [this.expr(e.left, d), this.expr(e.right, d)] };
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.CommaToken) return this.expr(e.right, d);
    if (op === ts.SyntaxKind.EqualsToken) return this.expr(e.right, d);
    if (op === ts.SyntaxKind.PlusToken) {
      const parts: (string | Expr)[] = [];
      for (const side of [e.left, e.right]) {
        const x = this.expr(side, d);
        if (x.k === 'str') parts.push(...x.parts);
        else if (x.k === 'lit' && typeof x.v === 'string') parts.push(x.v);
        else if (x.k === 'lit') return UNKNOWN_EXPR;
        else parts.push(x);
      }
      return { k: 'str', parts };
    }
    return UNKNOWN_EXPR;
  }

  private objectLiteral(e: TsNamespace.ObjectLiteralExpression, d: number): Expr {
    const ts = this.ts;
    const p: Record<string, Expr> = {};
    const spread: Expr[] = [];
    for (const prop of e.properties.slice(0, MAX_LITERAL_ENTRIES)) {
      if (ts.isSpreadAssignment(prop)) spread.push(this.expr(prop.expression, d));
      else if (ts.isPropertyAssignment(prop)) {
        // A computed key (`[Provider.OpenAI]: OpenAIClient`) cannot be read by name, but a registry lookup
        // with an unknown key reads every value: kept under a name no code can write.
        const named = propertyName(ts, prop.name);
        const key = named === '<computed>' ? `\u0000${Object.keys(p).length}` : named;
        this.nameFunction(prop.initializer, named);
        setKey(p, key, this.expr(prop.initializer, d));
      } else if (ts.isShorthandPropertyAssignment(prop)) setKey(p, prop.name.text, { k: 'name', n: prop.name.text });
      else if (ts.isMethodDeclaration(prop) || ts.isGetAccessorDeclaration(prop)) {
        const key = propertyName(ts, prop.name);
        if (key !== '<computed>') setKey(p, key, { k: 'fn', s: this.functionScope(prop) });
      }
    }
    return spread.length > 0 ? { k: 'obj', p, spread } : { k: 'obj', p };
  }

  private argsOf(args: TsNamespace.NodeArray<Expression>): CallArgs {
    const ts = this.ts;
    const out: CallArgs = { count: args.length, positional: [], keys: [], values: {} };
    args.forEach((arg, index) => {
      const value = literalValue(ts, arg);
      if (value !== undefined) out.positional.push({ index, value });
      const e = unwrap(ts, arg);
      if (ts.isObjectLiteralExpression(e)) this.objectKeys(e, out, 0);
      // `aggregate([{ $vectorSearch: {...} }, ...])`: a pipeline's stages are what it does.
      else if (ts.isArrayLiteralExpression(e)) {
        for (const el of e.elements) if (ts.isObjectLiteralExpression(el)) this.objectKeys(el, out, 1);
      } else if (ts.isSpreadElement(e) || ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isCallExpression(e) || ts.isElementAccessExpression(e)) out.opaque = true;
    });
    return out;
  }

  /** Keys of an options object, and of the objects nested in it (`generationConfig: { maxOutputTokens }`). */
  private objectKeys(obj: TsNamespace.ObjectLiteralExpression, out: CallArgs, depth: number): void {
    const ts = this.ts;
    for (const prop of obj.properties) {
      if (ts.isSpreadAssignment(prop)) {
        if (depth === 0) out.opaque = true;
        continue;
      }
      if (!prop.name) continue;
      const key = propertyName(ts, prop.name);
      if (!out.keys.includes(key)) out.keys.push(key);
      if (!ts.isPropertyAssignment(prop)) continue;
      const v = literalValue(ts, prop.initializer);
      if (v !== undefined && !Object.hasOwn(out.values, key)) setKey(out.values, key, v);
      const inner = unwrap(ts, prop.initializer);
      if (depth < 2 && ts.isObjectLiteralExpression(inner)) this.objectKeys(inner, out, depth + 1);
      // `system: [{ type: 'text', text, cache_control: {...} }]`: options inside message blocks count too.
      if (depth < 2 && ts.isArrayLiteralExpression(inner)) {
        for (const el of inner.elements) if (ts.isObjectLiteralExpression(el)) this.objectKeys(el, out, depth + 1);
      }
    }
  }
}

/** `require('x')`, `import('x')` with a literal specifier: the module name. */
function importSpecifier(ts: Ts, e: Expression): string | undefined {
  if (!ts.isCallExpression(e)) return undefined;
  const isRequire = ts.isIdentifier(e.expression) && e.expression.text === 'require';
  const isDynamic = e.expression.kind === ts.SyntaxKind.ImportKeyword;
  const arg = e.arguments[0];
  return (isRequire || isDynamic) && arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
}

/** `process.env.X`, `import.meta.env.X`: the variable's name. */
function envName(ts: Ts, node: TsNamespace.PropertyAccessExpression): string | undefined {
  const name = node.name.text;
  return /^[A-Z]/.test(name) && isEnvObject(ts, node.expression) ? name : undefined;
}

function isEnvObject(ts: Ts, e: Expression): boolean {
  return ts.isPropertyAccessExpression(e) && e.name.text === 'env';
}

function entityExpr(ts: Ts, name: TsNamespace.EntityName, root?: Expr): Expr {
  if (ts.isIdentifier(name)) return root ? { k: 'get', o: root, p: name.text } : { k: 'name', n: name.text };
  return { k: 'get', o: entityExpr(ts, name.left, root), p: name.right.text };
}

/** `@param {OpenAI} client` tags of a JS function, by parameter name. */
function jsDocParamTypes(ts: Ts, node: Node): Map<string, Expr> | undefined {
  const docs = (node as unknown as { jsDoc?: TsNamespace.JSDoc[] }).jsDoc;
  if (!docs) return undefined;
  const out = new Map<string, Expr>();
  for (const doc of docs) {
    for (const tag of doc.tags ?? []) {
      if (!ts.isJSDocParameterTag(tag) || !ts.isIdentifier(tag.name) || !tag.typeExpression) continue;
      const type = tag.typeExpression.type;
      if (ts.isTypeReferenceNode(type)) out.set(tag.name.text, entityExpr(ts, type.typeName));
      else if (ts.isImportTypeNode(type) && ts.isLiteralTypeNode(type.argument) && ts.isStringLiteral(type.argument.literal)) {
        const module: Expr = { k: 'import', m: { k: 'lit', v: type.argument.literal.text } };
        out.set(tag.name.text, type.qualifier ? entityExpr(ts, type.qualifier, module) : module);
      }
    }
  }
  return out;
}

function isDefault(ts: Ts, node: TsNamespace.HasModifiers): boolean {
  return Boolean(ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword));
}

function unwrap(ts: Ts, expr: Expression): Expression {
  let e = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isAwaitExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    else return e;
  }
}

function literalValue(ts: Ts, expr: Expression): Literal | undefined {
  if (ts.isStringLiteralLike(expr)) return expr.text;
  if (ts.isNumericLiteral(expr)) return Number(expr.text);
  if (expr.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (expr.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (expr.kind === ts.SyntaxKind.NullKeyword) return null;
  return undefined;
}

function propertyName(ts: Ts, name: TsNamespace.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return '<computed>';
}

function hasExport(ts: Ts, node: TsNamespace.HasModifiers): boolean {
  return Boolean(ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
}


/** `Promise<OpenAI>` -> `OpenAI`: what an async function's caller holds once it awaits. */
function awaitedType(ts: Ts, type: TsNamespace.TypeNode): TsNamespace.TypeNode {
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Promise' && type.typeArguments?.length === 1) return type.typeArguments[0] as TsNamespace.TypeNode;
  return type;
}
