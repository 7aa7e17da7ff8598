import type { ts as TsNamespace } from 'ts-morph';
import { classifyString, isPromptName, looksLikePrompt } from '../catalog/strings.ts';
import { CLIENT_WRAPPERS } from '../catalog/tools.ts';
import type { CallArgs, FileFacts, Language, Literal, Origin } from '../facts/types.ts';
import { emptyFacts } from '../facts/types.ts';
import { lineOf, lineStarts } from '../util/lines.ts';
import { OriginTable } from './origin-table.ts';
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
}

/** One walk collects imports, bindings, definitions and strings; calls are resolved after it. */
class Extractor {
  private readonly origins = new OriginTable();
  /** factories whose returns trace to different modules: not exported as bindings */
  private readonly ambiguousReturns = new Set<string>();
  private readonly pending: PendingCall[] = [];
  private readonly exportedNames = new Set<string>();
  private readonly enclosing: string[] = [];
  private readonly classes: string[] = [];
  /** classes and functions, innermost last: what a decorator decorates */
  private readonly scopes: string[] = [];
  private readonly exportedDeclarations = new Set<Node>();
  /** `try` blocks with a handler around the current node, within the current named function */
  private guard = 0;
  /** calls whose promise gets a `.catch(...)` (or a `.then(ok, fail)`) */
  private readonly catchChained = new Set<Node>();

  private readonly k: Kinds;

  constructor(
    private readonly ts: Ts,
    private readonly sf: SourceFile,
    private readonly facts: FileFacts,
  ) {
    this.k = kinds(ts);
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
  }

  private line(node: Node): number {
    return this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf)).line + 1;
  }

  private column(node: Node): number {
    return this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf)).character + 1;
  }

  private visit(node: Node): void {
    const k = this.k;
    if (node.kind === k.TryStatement && (node as TsNamespace.TryStatement).catchClause) return this.tryStatement(node as TsNamespace.TryStatement);
    const savedGuard = this.guard;
    // A named function runs wherever it is called, not inside the `try` that lexically holds it;
    // callbacks (arrow functions) usually run inside it.
    if (node.kind === k.FunctionDeclaration || node.kind === k.MethodDeclaration || node.kind === k.Constructor) this.guard = 0;
    const pushed = this.enter(node);
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
        this.exportAssignment(node as TsNamespace.ExportAssignment);
        break;
      case k.VariableDeclaration:
        this.variableDeclaration(node as TsNamespace.VariableDeclaration);
        break;
      case k.BinaryExpression:
        this.assignment(node as TsNamespace.BinaryExpression);
        break;
      case k.PropertyDeclaration:
        this.propertyDeclaration(node as TsNamespace.PropertyDeclaration);
        break;
      case k.Parameter:
        this.parameter(node as TsNamespace.ParameterDeclaration);
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
      case k.ReturnStatement:
        this.returnStatement(node as TsNamespace.ReturnStatement);
        break;
      case k.PropertyAccessExpression:
        this.envRead(node as TsNamespace.PropertyAccessExpression);
        break;
      case k.PropertyAssignment: {
        const prop = node as TsNamespace.PropertyAssignment;
        this.prompt(propertyName(this.ts, prop.name), prop.initializer);
        break;
      }
    }
    this.ts.forEachChild(node, this.visitChild);
    this.guard = savedGuard;
    if (pushed === 'function') this.enclosing.pop();
    if (pushed === 'class') this.classes.pop();
    if (pushed) this.scopes.pop();
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
    const ts = this.ts;
    const name = node.name.text;
    const env = node.expression;
    if (!/^[A-Z]/.test(name) || !ts.isPropertyAccessExpression(env) || env.name.text !== 'env') return;
    this.stringLiteral(name, node.name);
  }

  /** A long natural-language literal under a prompt-like key or name. */
  private prompt(name: string, value: Expression | undefined): void {
    const ts = this.ts;
    if (!value || !isPromptName(name)) return;
    const e = unwrap(ts, value);
    let text: string | undefined;
    if (ts.isStringLiteralLike(e)) text = e.text;
    else if (ts.isTemplateExpression(e)) text = e.head.text + e.templateSpans.map((span) => span.literal.text).join('');
    if (text === undefined || !looksLikePrompt(text)) return;
    this.facts.prompts.push({ line: this.line(e), name, chars: text.length });
  }

  /** Track the enclosing function/class names and record definitions. */
  private enter(node: Node): 'function' | 'class' | null {
    const ts = this.ts;
    const k = this.k;
    switch (node.kind) {
      case k.ClassDeclaration:
      case k.ClassExpression: {
        const cls = node as TsNamespace.ClassLikeDeclaration;
        const name = cls.name?.text ?? '<class>';
        if (node.kind === k.ClassDeclaration) this.define(name, 'class', node, hasExport(ts, cls as TsNamespace.ClassDeclaration));
        this.classes.push(name);
        this.scopes.push(name);
        return 'class';
      }
      case k.FunctionDeclaration: {
        const fn = node as TsNamespace.FunctionDeclaration;
        const name = fn.name?.text ?? 'default';
        if (this.enclosing.length === 0 && this.classes.length === 0) this.define(name, 'function', node, hasExport(ts, fn));
        this.enclosing.push(name);
        this.scopes.push(name);
        return 'function';
      }
      case k.MethodDeclaration:
      case k.Constructor:
      case k.GetAccessor:
      case k.SetAccessor: {
        const own = node.kind === k.Constructor ? 'constructor' : propertyName(ts, (node as TsNamespace.MethodDeclaration).name);
        const name = `${this.classes.at(-1) ?? '<object>'}.${own}`;
        if (this.classes.length > 0 && this.enclosing.length === 0) this.define(name, 'method', node, false);
        this.enclosing.push(name);
        this.scopes.push(name);
        return 'function';
      }
      case k.ArrowFunction:
      case k.FunctionExpression: {
        const named = this.functionExpressionName(node as TsNamespace.ArrowFunction);
        const name = named ?? this.enclosing.at(-1) ?? '<anonymous>';
        const body = (node as TsNamespace.ArrowFunction).body;
        if (named && !ts.isBlock(body)) this.bindReturn(named, body);
        this.enclosing.push(name);
        this.scopes.push(name);
        return 'function';
      }
      default:
        return null;
    }
  }

  private functionExpressionName(node: TsNamespace.ArrowFunction | TsNamespace.FunctionExpression): string | undefined {
    const named = this.ts.isFunctionExpression(node) && node.name ? node.name.text : this.pendingName;
    this.pendingName = undefined;
    return named;
  }

  // Set by a variable declaration whose initializer is a function, just before that initializer is
  // visited, so `const handler = async () => {}` is named `handler` without parent pointers (not built, for speed).
  private pendingName: string | undefined;

  private define(name: string, kind: 'function' | 'class' | 'method' | 'variable', node: Node, exported: boolean): void {
    this.facts.definitions.push({ name, kind, line: this.line(node), exported });
  }

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
    for (const b of bindings) this.bindImport(b.local, module, b.imported);
  }

  private bindImport(local: string, module: string, imported: string): void {
    const origin: Origin = { module, path: imported === '*' ? '' : imported };
    this.origins.bind(local, origin);
    this.facts.bindings[local] ??= origin;
  }

  private importEquals(node: TsNamespace.ImportEqualsDeclaration): void {
    const ts = this.ts;
    const ref = node.moduleReference;
    if (!ts.isExternalModuleReference(ref) || !ts.isStringLiteral(ref.expression)) return;
    const module = ref.expression.text;
    this.facts.imports.push({ module, line: this.line(node), bindings: [{ imported: '*', local: node.name.text }], kind: 'require', typeOnly: node.isTypeOnly });
    this.bindImport(node.name.text, module, '*');
  }

  private exportDeclaration(node: TsNamespace.ExportDeclaration): void {
    const ts = this.ts;
    if (node.exportClause && ts.isNamedExports(node.exportClause) && !node.moduleSpecifier) {
      for (const el of node.exportClause.elements) this.exportedNames.add((el.propertyName ?? el.name).text);
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
    for (const b of bindings) if (b.local !== '*') this.facts.bindings[b.local] ??= { module, path: b.imported === '*' ? '' : b.imported };
  }

  private exportAssignment(node: TsNamespace.ExportAssignment): void {
    const origin = this.originOf(node.expression);
    if (origin) this.facts.bindings['default'] ??= origin;
  }

  private variableDeclaration(node: TsNamespace.VariableDeclaration): void {
    const ts = this.ts;
    const init = node.initializer;
    if (ts.isIdentifier(node.name)) {
      const name = node.name.text;
      if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) this.pendingName = name;
      const topLevel = this.enclosing.length === 0 && this.classes.length === 0;
      if (topLevel) this.define(name, init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? 'function' : 'variable', node, this.exportedDeclarations.has(node));
      if (init) this.requireCall(init, [{ imported: '*', local: name }]);
      this.prompt(name, init);
      const origin = (init && this.originOf(init)) ?? this.annotationOrigin(node.type);
      this.origins.bind(name, origin);
      if (topLevel && origin) this.facts.bindings[name] ??= origin;
      return;
    }
    if (ts.isObjectBindingPattern(node.name) && init) {
      const bindings = node.name.elements.flatMap((el) => {
        if (!ts.isIdentifier(el.name)) return [];
        const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
        return [{ imported, local: el.name.text }];
      });
      if (this.requireCall(init, bindings)) return;
      const base = this.originOf(init);
      for (const b of bindings) if (base) this.origins.bind(b.local, { module: base.module, path: joinMember(base.path, b.imported) });
    }
  }

  // Calls already recorded as imports by a declaration (`const x = require('x')`).
  private readonly recordedImportCalls = new Set<Node>();

  /** `require('dotenv').config()`, `import('openai').then(...)`: imports that bind no name. */
  private bareImportCall(call: TsNamespace.CallExpression): void {
    const ts = this.ts;
    const isRequire = ts.isIdentifier(call.expression) && call.expression.text === 'require';
    const isDynamic = call.expression.kind === ts.SyntaxKind.ImportKeyword;
    const arg = call.arguments[0];
    if ((!isRequire && !isDynamic) || !arg || !ts.isStringLiteralLike(arg)) return;
    this.facts.imports.push({ module: arg.text, line: this.line(call), bindings: [], kind: isRequire ? 'require' : 'dynamic', typeOnly: false });
  }

  /** `require('x')` and `await import('x')` as imports; returns true when `init` was one. */
  private requireCall(init: Expression, bindings: { imported: string; local: string }[]): boolean {
    const ts = this.ts;
    const call = unwrap(ts, init);
    if (!ts.isCallExpression(call)) return false;
    const isRequire = ts.isIdentifier(call.expression) && call.expression.text === 'require';
    const isDynamic = call.expression.kind === ts.SyntaxKind.ImportKeyword;
    const arg = call.arguments[0];
    if ((!isRequire && !isDynamic) || !arg || !ts.isStringLiteralLike(arg)) return false;
    const module = arg.text;
    this.recordedImportCalls.add(call);
    this.facts.imports.push({ module, line: this.line(call), bindings, kind: isRequire ? 'require' : 'dynamic', typeOnly: false });
    for (const b of bindings) this.bindImport(b.local, module, b.imported);
    return true;
  }

  private assignment(node: TsNamespace.BinaryExpression): void {
    const ts = this.ts;
    if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    const target = this.chainOf(node.left);
    if (!target || target.includes('<expr>')) return;
    this.origins.bind(target, this.originOf(node.right));
  }

  private propertyDeclaration(node: TsNamespace.PropertyDeclaration): void {
    const name = propertyName(this.ts, node.name);
    this.origins.bind(`this.${name}`, (node.initializer && this.originOf(node.initializer)) ?? this.annotationOrigin(node.type));
  }

  private parameter(node: TsNamespace.ParameterDeclaration): void {
    const ts = this.ts;
    if (!ts.isIdentifier(node.name)) return;
    const origin = this.annotationOrigin(node.type);
    if (!origin) return;
    this.origins.bind(node.name.text, origin);
    // `constructor(private client: OpenAI)` also declares `this.client`.
    if (node.modifiers?.some((m) => m.kind !== ts.SyntaxKind.Decorator)) this.origins.bind(`this.${node.name.text}`, origin);
  }

  /** A parameter or variable typed as an imported class is an instance of it. */
  private annotationOrigin(type: TsNamespace.TypeNode | undefined): Origin | undefined {
    const ts = this.ts;
    if (!type || !ts.isTypeReferenceNode(type)) return undefined;
    const name = ts.isIdentifier(type.typeName) ? type.typeName.text : `${entityName(ts, type.typeName.left)}.${type.typeName.right.text}`;
    const origin = this.origins.resolve(name);
    return origin ? { module: origin.module, path: `${origin.path}()` } : undefined;
  }

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
    this.pending.push({ node, chain, enclosing: this.enclosing.at(-1) ?? '<module>', guarded: this.guard > 0 || this.catchChained.has(node) });
  }

  private emitCall({ node, chain, enclosing, guarded }: PendingCall): void {
    const ts = this.ts;
    const origin = this.origins.resolve(chain);
    const alternatives = origin ? this.origins.alternatives(chain) : [];
    this.facts.calls.push({
      callee: chain,
      line: this.line(node),
      column: this.column(node),
      ...(origin ? { origin } : {}),
      ...(alternatives.length > 0 ? { alternatives } : {}),
      isNew: ts.isNewExpression(node),
      args: this.argsOf(node.arguments ?? ts.factory.createNodeArray()),
      enclosing,
      ...(guarded ? { guarded: true as const } : {}),
    });
  }

  /** `function getClient() { return new OpenAI() }`: `getClient()` traces to what it returns. */
  private returnStatement(node: TsNamespace.ReturnStatement): void {
    const fn = this.enclosing.at(-1);
    if (fn && node.expression && !fn.includes('<')) this.bindReturn(fn, node.expression);
  }

  private bindReturn(fn: string, value: Expression): void {
    const origin = this.originOf(value);
    if (!origin) return;
    const key = fn.includes('.') ? `this.${fn.slice(fn.indexOf('.') + 1)}()` : `${fn}()`;
    this.origins.bind(key, origin);
    if (fn.includes('.') || this.enclosing.length > 1) return;
    // A factory that returns values of different modules per branch (`switch (db) { case 'qdrant': return
    // QdrantStore; ... }`) has no one origin for other files to trace to. Clients of one SDK
    // (`new OpenAI()` or `new AzureOpenAI()`) keep the first: the calls through them are model calls either way.
    const name = `${fn}()`;
    if (this.ambiguousReturns.has(name)) return;
    const seen = Object.hasOwn(this.facts.bindings, name) ? this.facts.bindings[name] : undefined;
    if (!seen) this.facts.bindings[name] = origin;
    else if (seen.module !== origin.module) {
      delete this.facts.bindings[name];
      this.ambiguousReturns.add(name);
    }
  }

  private decorator(node: TsNamespace.Decorator): void {
    const ts = this.ts;
    const expr = ts.isCallExpression(node.expression) ? node.expression.expression : node.expression;
    const name = this.chainOf(expr);
    if (!name) return;
    const origin = this.origins.resolve(name);
    this.facts.decorators.push({ name, line: this.line(node), ...(origin ? { origin } : {}), target: this.scopes.at(-1) ?? '<unknown>' });
  }

  private stringLiteral(value: string, node: Node): void {
    const kind = classifyString(value);
    if (!kind) return;
    const line = this.line(node);
    if (this.facts.strings.some((s) => s.line === line && s.value === value)) return;
    this.facts.strings.push({ value, line, kind });
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

  private originOf(expr: Expression): Origin | undefined {
    const ts = this.ts;
    const e = unwrap(ts, expr);
    // `a = b = new OpenAI()`: the value of an assignment is its right-hand side.
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) return this.originOf(e.right);
    // `observeOpenAI(new OpenAI())`: a tracing wrapper returns the client it wraps.
    if (ts.isCallExpression(e) && e.arguments[0] && CLIENT_WRAPPERS.test(lastSegment(ts, e.expression))) return this.originOf(e.arguments[0]);
    const chain = this.chainOf(e);
    return chain ? this.origins.resolve(chain) : undefined;
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
      if (v !== undefined && !(key in out.values)) out.values[key] = v;
      const inner = unwrap(ts, prop.initializer);
      if (depth < 2 && ts.isObjectLiteralExpression(inner)) this.objectKeys(inner, out, depth + 1);
      // `system: [{ type: 'text', text, cache_control: {...} }]`: options inside message blocks count too.
      if (depth < 2 && ts.isArrayLiteralExpression(inner)) {
        for (const el of inner.elements) if (ts.isObjectLiteralExpression(el)) this.objectKeys(el, out, depth + 1);
      }
    }
  }
}

function unwrap(ts: Ts, expr: Expression): Expression {
  let e = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isAwaitExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    else return e;
  }
}

function lastSegment(ts: Ts, expr: Expression): string {
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return '';
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

function entityName(ts: Ts, name: TsNamespace.EntityName): string {
  return ts.isIdentifier(name) ? name.text : `${entityName(ts, name.left)}.${name.right.text}`;
}

function joinMember(base: string, member: string): string {
  return base ? `${base}.${member}` : member;
}

function hasExport(ts: Ts, node: TsNamespace.HasModifiers): boolean {
  return Boolean(ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword));
}

