import type { Node } from 'web-tree-sitter';
import type { CallArgs, Literal } from '../facts/types.ts';

// Pure helpers over tree-sitter-python nodes. Text is always sliced from the source string we
// parsed (indices are UTF-16 offsets into it), which is cheaper than Node.text.

/** A callee chain: one entry per segment, `()` appended to segments that were called. */
export type Chain = string[];

export const UNKNOWN = '<expr>';

export function textOf(node: Node, src: string): string {
  return src.slice(node.startIndex, node.endIndex);
}

/** First named child that is not a comment (comments are named nodes and appear anywhere). */
export function firstExpr(node: Node): Node | null {
  let c = node.firstNamedChild;
  while (c && c.type === 'comment') c = c.nextNamedSibling;
  return c;
}

export function isCalled(segment: string): boolean {
  return segment.endsWith('()');
}

export function stripCall(segment: string): string {
  return segment.endsWith('()') ? segment.slice(0, -2) : segment;
}

/**
 * Walks from the outermost expression down to the root, so long builder chains do not recurse.
 * Returns null when the chain has no name at all (`handlers[k]()`, `(lambda: 1)()`).
 */
export function chainOf(node: Node, src: string): Chain | null {
  const segs: string[] = [];
  let called = false;
  let n: Node | null = node;
  while (n) {
    const type: string = n.type;
    if (type === 'call') {
      called = true;
      n = n.childForFieldName('function');
    } else if (type === 'attribute') {
      const attr = n.childForFieldName('attribute');
      if (!attr) break;
      segs.push(textOf(attr, src) + (called ? '()' : ''));
      called = false;
      n = n.childForFieldName('object');
    } else if (type === 'identifier') {
      segs.push(textOf(n, src) + (called ? '()' : ''));
      return segs.reverse();
    } else if (type === 'await' || type === 'parenthesized_expression') {
      n = firstExpr(n);
    } else {
      break;
    }
  }
  if (segs.length === 0) return null;
  segs.push(UNKNOWN);
  return segs.reverse();
}

// ---------------------------------------------------------------------------------------------
// String literals

export interface StringParts {
  /** decoded value; for an f-string with substitutions, the literal text before the first one */
  value: string;
  interpolated: boolean;
}

const PREFIX_RE = /^[rRbBuUfFtT]*/;
const ESCAPE_RE = /\\(\r\n|\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g;
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v',
};

function unescapeOne(match: string, body: string): string {
  const head = body[0] ?? '';
  if (body === '\n' || body === '\r\n') return '';
  const simple = SIMPLE_ESCAPES[head];
  if (simple !== undefined && body.length === 1) return simple;
  if (head === 'x' || head === 'u' || head === 'U') {
    const code = parseInt(body.slice(1), 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : match;
  }
  if (head >= '0' && head <= '7') return String.fromCharCode(parseInt(body, 8));
  return match;
}

export function unescapePython(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(ESCAPE_RE, unescapeOne);
}

/** Index of the first `{` that opens a substitution (`{{` is an escaped brace), or -1. */
function firstSubstitution(body: string): number {
  for (let i = body.indexOf('{'); i >= 0; i = body.indexOf('{', i + 2)) {
    if (body[i + 1] !== '{') return i;
  }
  return -1;
}

/** Decodes one string token as written (`r"..."`, `'''...'''`, `f"..."`); tolerant of a missing end quote. */
export function decodeString(raw: string): StringParts {
  const prefix = (PREFIX_RE.exec(raw)?.[0] ?? '').toLowerCase();
  const rest = raw.slice(prefix.length);
  const quote = rest.startsWith('"""') || rest.startsWith("'''") ? rest.slice(0, 3) : rest.slice(0, 1);
  let body = rest.slice(quote.length);
  if (body.length >= quote.length && body.endsWith(quote)) body = body.slice(0, body.length - quote.length);
  const decode = prefix.includes('r') ? (s: string) => s : unescapePython;
  if (prefix.includes('f') || prefix.includes('t')) {
    const sub = firstSubstitution(body);
    const literal = (s: string) => decode(s).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    if (sub >= 0) return { value: literal(body.slice(0, sub)), interpolated: true };
    return { value: literal(body), interpolated: false };
  }
  return { value: decode(body), interpolated: false };
}

/** Implicitly concatenated strings are one literal; with a substitution, the literal prefix before it. */
export function decodeConcatenated(node: Node, src: string): StringParts {
  let value = '';
  for (const c of node.namedChildren) {
    if (c.type !== 'string') continue;
    const part = decodeString(textOf(c, src));
    value += part.value;
    if (part.interpolated) return { value, interpolated: true };
  }
  return { value, interpolated: false };
}

export function stringParts(node: Node, src: string): StringParts {
  return node.type === 'concatenated_string' ? decodeConcatenated(node, src) : decodeString(textOf(node, src));
}

// ---------------------------------------------------------------------------------------------
// Literals and call arguments

function numberOf(text: string, isFloat: boolean): number | undefined {
  const clean = text.replace(/_/g, '');
  const n = isFloat ? Number(clean) : Number(/^0\d/.test(clean) ? clean.replace(/^0+/, '') || '0' : clean);
  return Number.isFinite(n) ? n : undefined;
}

/** The literal value of an expression, or undefined when it is not a literal (f-strings with substitutions are not). */
export function literalOf(node: Node, src: string): Literal | undefined {
  switch (node.type) {
    case 'string':
    case 'concatenated_string': {
      const parts = stringParts(node, src);
      return parts.interpolated ? undefined : parts.value;
    }
    case 'integer':
      return numberOf(textOf(node, src), false);
    case 'float':
      return numberOf(textOf(node, src), true);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'unary_operator':
      return signedLiteral(node, src);
    case 'parenthesized_expression': {
      const inner = firstExpr(node);
      return inner ? literalOf(inner, src) : undefined;
    }
    default:
      return undefined;
  }
}

function signedLiteral(node: Node, src: string): number | undefined {
  const op = node.childForFieldName('operator');
  const arg = node.childForFieldName('argument');
  if (!op || !arg) return undefined;
  const value = literalOf(arg, src);
  if (typeof value !== 'number') return undefined;
  const sign = textOf(op, src);
  return sign === '-' ? -value : sign === '+' ? value : undefined;
}

/** Own-property write that cannot touch the prototype (`f(__proto__=1)` is legal Python). */
export function setKey<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') return;
  record[key] = value;
}

function addKey(args: CallArgs, key: string): void {
  if (!args.keys.includes(key)) args.keys.push(key);
}

/** String keys of a dict literal (one level), with their literal values. */
function addDictKeys(args: CallArgs, dict: Node, src: string): void {
  for (const pair of dict.namedChildren) {
    if (pair.type !== 'pair') continue;
    const keyNode = pair.childForFieldName('key');
    const key = keyNode ? literalOf(keyNode, src) : undefined;
    if (typeof key !== 'string') continue;
    addKey(args, key);
    const valueNode = pair.childForFieldName('value');
    const value = valueNode ? literalOf(valueNode, src) : undefined;
    if (value !== undefined) setKey(args.values, key, value);
  }
}

function addKeyword(args: CallArgs, kw: Node, src: string): void {
  const nameNode = kw.childForFieldName('name');
  const valueNode = kw.childForFieldName('value');
  if (!nameNode) return;
  const name = textOf(nameNode, src);
  addKey(args, name);
  if (!valueNode) return;
  const value = literalOf(valueNode, src);
  if (value !== undefined) setKey(args.values, name, value);
  if (valueNode.type === 'dictionary') addDictKeys(args, valueNode, src);
}

export function callArgs(argsNode: Node | null, src: string): CallArgs {
  const args: CallArgs = { count: 0, positional: [], keys: [], values: {} };
  if (!argsNode) return args;
  if (argsNode.type !== 'argument_list') {
    args.count = 1; // `f(x for x in y)`: the generator is the only argument
    return args;
  }
  for (const c of argsNode.namedChildren) {
    const type = c.type;
    if (type === 'comment') continue;
    const index = args.count++;
    if (type === 'keyword_argument') addKeyword(args, c, src);
    else if (type === 'dictionary') addDictKeys(args, c, src);
    else if (type === 'dictionary_splat') {
      const inner = firstExpr(c);
      if (inner?.type === 'dictionary') addDictKeys(args, inner, src);
    } else {
      const value = literalOf(c, src);
      if (value !== undefined) args.positional.push({ index, value });
    }
  }
  return args;
}

// ---------------------------------------------------------------------------------------------
// Annotations

const WRAPPERS = new Set(['Optional', 'Union', 'Annotated', 'Final', 'ClassVar', 'Required', 'NotRequired']);
const DOTTED_RE = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/;

/** First type argument of `Optional[X]` / `Union[X, None]` written as generic_type or subscript. */
function wrappedType(node: Node, src: string): Node | null {
  if (node.type === 'generic_type') {
    const head = firstExpr(node);
    if (!head || !WRAPPERS.has(textOf(head, src))) return null;
    const params = node.namedChildren.find((c) => c?.type === 'type_parameter');
    return params ? firstNonNone(params) : null;
  }
  const value = node.childForFieldName('value');
  const name = value ? chainOf(value, src) : null;
  if (!name || !WRAPPERS.has(name[name.length - 1] ?? '')) return null;
  return firstNonNone(node, 'subscript');
}

function firstNonNone(node: Node, field?: string): Node | null {
  const items = field ? node.childrenForFieldName(field) : node.namedChildren;
  for (const item of items) {
    if (!item || item.type === 'comment') continue;
    const inner = item.type === 'type' ? firstExpr(item) : item;
    if (inner && inner.type !== 'none') return inner;
  }
  return null;
}

/**
 * The instance an annotation describes, as a chain ending in a constructor call:
 * `OpenAI` -> `OpenAI()`, `Optional[openai.AsyncOpenAI]` -> `openai.AsyncOpenAI()`, `"OpenAI"` -> `OpenAI()`.
 */
export function annotationChain(typeNode: Node, src: string, depth = 0): Chain | null {
  const node = typeNode.type === 'type' ? firstExpr(typeNode) : typeNode;
  if (!node || depth > 4) return null;
  let chain: Chain | null = null;
  if (node.type === 'identifier' || node.type === 'attribute') chain = chainOf(node, src);
  else if (node.type === 'string') {
    const parts = decodeString(textOf(node, src));
    if (!parts.interpolated && DOTTED_RE.test(parts.value)) chain = parts.value.split('.');
  } else if (node.type === 'generic_type' || node.type === 'subscript') {
    const inner = wrappedType(node, src);
    return inner ? annotationChain(inner, src, depth + 1) : null;
  } else if (node.type === 'binary_operator') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const pick = left && left.type !== 'none' ? left : right;
    return pick ? annotationChain(pick, src, depth + 1) : null;
  }
  if (!chain || chain[0] === UNKNOWN || chain.some(isCalled)) return null;
  return [...chain.slice(0, -1), `${chain[chain.length - 1]}()`];
}
