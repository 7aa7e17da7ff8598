import { UNKNOWN_EXPR, isAnnotated, type Expr } from '../resolve/ir.ts';
import { setKey } from '../util/record.ts';
import { decodeString } from './python-strings.ts';
import { type Span, identEnd, inside, isKeywordAt, literalAt, skipBalanced, skipString, skipTrivia, splitTopLevel } from './python-text.ts';

// Python expressions read from a span of source that tree-sitter already delimited, into the value trees
// of the resolve stage (ir.ts). Only what decides where a value comes from is kept: names, attributes,
// calls, subscripts, literals, composed strings, alternatives (`or`, `x if c else y`, LCEL `a | b`),
// dict and list displays, comprehensions (as their element), lambdas. Arithmetic and comparisons are `?`.

export interface ExprContext {
  /** the name that means `this` here: the first parameter of the enclosing method (`self`, `cls`) */
  self: string | null;
  /** a lambda's scope, made by the caller: its parameters and body */
  lambda(params: Span, body: Span): number;
}

/** Nodes per expression tree; a larger literal is cut to `?` where the budget ends. */
const MAX_NODES = 400;
const MAX_DEPTH = 10;
/** Entries of a dict or list display kept. */
const MAX_ENTRIES = 64;

const DQUOTE = 34, SQUOTE = 39, HASH = 35, LPAREN = 40, LBRACKET = 91, LBRACE = 123;

interface State {
  src: string;
  ctx: ExprContext;
  nodes: number;
}

export function pyExpr(src: string, start: number, end: number, ctx: ExprContext): Expr {
  return expr({ src, ctx, nodes: 0 }, start, end, 0);
}

function expr(st: State, start: number, end: number, depth: number): Expr {
  if (++st.nodes > MAX_NODES || depth > MAX_DEPTH) return UNKNOWN_EXPR;
  const { src } = st;
  let s = skipTrivia(src, start, end);
  let e = end;
  while (e > s && /\s/.test(src[e - 1] ?? '')) e--;
  if (s >= e) return UNKNOWN_EXPR;
  const d = depth + 1;
  if (isKeywordAt(src, s, 'lambda', e)) return lambda(st, s + 6, e);
  if (isKeywordAt(src, s, 'yield', e)) {
    s = skipTrivia(src, s + 5, e);
    if (isKeywordAt(src, s, 'from', e)) s = skipTrivia(src, s + 4, e);
    if (s >= e) return UNKNOWN_EXPR;
  }
  const ops = topLevel(src, s, e);
  // A bare tuple (`return client, model`): lowest precedence of all.
  if (ops.comma.length > 0) {
    return { k: 'arr', a: pieces(s, e, ops.comma, 1).filter(([a, b]) => skipTrivia(src, a, b) < b).slice(0, MAX_ENTRIES).map(([a, b]) => expr(st, a, b, d)) };
  }
  if (ops.ifAt >= 0) {
    const elseAt = ops.elseAt > ops.ifAt ? ops.elseAt : -1;
    return elseAt < 0 ? UNKNOWN_EXPR : { k: 'or', of: [expr(st, s, ops.ifAt, d), expr(st, elseAt + 4, e, d)] };
  }
  if (ops.or.length > 0) return { k: 'or', of: pieces(s, e, ops.or, 2).map(([a, b]) => expr(st, a, b, d)) };
  if (ops.and.length > 0) {
    const last = ops.and[ops.and.length - 1] as number;
    return expr(st, last + 3, e, d);
  }
  if (isKeywordAt(src, s, 'not', e) || ops.compare) return UNKNOWN_EXPR;
  if (ops.bar.length > 0) return { k: 'or', of: pieces(s, e, ops.bar, 1).map(([a, b]) => expr(st, a, b, d)) };
  if (ops.other) return UNKNOWN_EXPR;
  if (ops.minus) return UNKNOWN_EXPR;
  if (ops.plus.length > 0) return concat(st, pieces(s, e, ops.plus, 1), d);
  if (ops.percent >= 0) return percentFormat(st, s, ops.percent, e, d);
  if (isKeywordAt(src, s, 'await', e)) s = skipTrivia(src, s + 5, e);
  return primary(st, s, e, d);
}

interface TopLevel {
  ifAt: number;
  elseAt: number;
  or: number[];
  and: number[];
  bar: number[];
  comma: number[];
  plus: number[];
  minus: boolean;
  percent: number;
  compare: boolean;
  /** an operator the summary does not model (`*`, `/`, `&`, `^`, `<<`, `~`, `**`, `@`) */
  other: boolean;
}

/** One pass over the span: where the operators that matter stand outside brackets and strings. */
function topLevel(src: string, s: number, e: number): TopLevel {
  const out: TopLevel = { ifAt: -1, elseAt: -1, or: [], and: [], bar: [], comma: [], plus: [], minus: false, percent: -1, compare: false, other: false };
  let depth = 0;
  let operand = false; // the previous token ended an operand: a following +/- is binary
  let lambdaDepth = -1;
  for (let i = s; i < e; ) {
    const c = src.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      i = skipString(src, i, e);
      operand = true;
      continue;
    }
    if (c === HASH) {
      i = skipTrivia(src, i, e);
      continue;
    }
    if (c === LPAREN || c === LBRACKET || c === LBRACE) {
      const close = skipBalanced(src, i, e);
      i = close;
      operand = true;
      continue;
    }
    const ch = src[i] as string;
    // Whitespace and line continuations separate tokens without ending an operand: `base + "/path"`.
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\\') {
      i++;
      continue;
    }
    if (/[\p{L}_]/u.test(ch)) {
      const w = identEnd(src, i, e);
      const word = src.slice(i, w);
      // A string prefix (`f"..."`) is part of the string token.
      if (w < e && (src[w] === '"' || src[w] === "'") && /^[rRbBuUfFtT]{1,2}$/.test(word)) {
        i = skipString(src, w, e);
        operand = true;
        continue;
      }
      if (depth === 0 && lambdaDepth < 0) {
        if (word === 'if' && i > s && out.ifAt < 0) out.ifAt = i;
        else if (word === 'else' && out.ifAt >= 0 && out.elseAt < 0) out.elseAt = i;
        else if (word === 'or' && out.ifAt < 0) out.or.push(i);
        else if (word === 'and' && out.ifAt < 0) out.and.push(i);
        else if ((word === 'in' || word === 'is' || word === 'not') && i > s) out.compare = true;
        else if (word === 'lambda') lambdaDepth = 0;
        else if (word === 'for' && i > s) out.other = true;
      }
      operand = !['if', 'else', 'or', 'and', 'not', 'in', 'is', 'lambda', 'await', 'for'].includes(word);
      i = w;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      while (i < e && /[0-9a-zA-Z_.]/.test(src[i] ?? '')) i++;
      operand = true;
      continue;
    }
    if (ch === ':' && lambdaDepth === 0) lambdaDepth = -1;
    if (ch === ',' && lambdaDepth < 0) out.comma.push(i);
    if (depth === 0 && lambdaDepth < 0 && out.ifAt < 0) {
      const two = src.slice(i, i + 2);
      if (two === '==' || two === '!=' || two === '<=' || two === '>=' || ch === '<' || ch === '>') {
        if (two === '<<' || two === '>>') out.other = true;
        else out.compare = true;
      } else if (ch === '|') out.bar.push(i);
      else if (ch === '+' && operand) out.plus.push(i);
      else if (ch === '-' && operand) out.minus = true;
      else if (ch === '%' && operand && out.percent < 0) out.percent = i;
      else if ((ch === '*' || ch === '/' || ch === '&' || ch === '^' || ch === '@' || ch === '~') && operand) out.other = true;
      else if (ch === '~') out.other = true;
    }
    operand = ch === ')' || ch === ']' || ch === '}';
    i++;
  }
  return out;
}

/** The spans between operator positions (`width` characters each). */
function pieces(s: number, e: number, at: number[], width: number): Span[] {
  const out: Span[] = [];
  let from = s;
  for (const p of at) {
    out.push([from, p]);
    from = p + width;
  }
  out.push([from, e]);
  return out;
}

function concat(st: State, spans: Span[], d: number): Expr {
  const parts: (string | Expr)[] = [];
  for (const [a, b] of spans) {
    const x = expr(st, a, b, d);
    if (x.k === 'str') parts.push(...x.parts);
    else if (x.k === 'lit' && typeof x.v === 'string') parts.push(x.v);
    else if (x.k === 'lit' || x.k === 'arr' || x.k === 'obj') return UNKNOWN_EXPR;
    else parts.push(x);
  }
  return { k: 'str', parts };
}

/** `"%s/chat/completions" % base`: the format with its placeholders filled by what is known of the arguments. */
function percentFormat(st: State, s: number, at: number, e: number, d: number): Expr {
  const format = literalAt(st.src, s, at);
  if (typeof format !== 'string') return UNKNOWN_EXPR;
  const args = expr(st, at + 1, e, d);
  const values = args.k === 'arr' ? args.a : [args];
  const parts: (string | Expr)[] = [];
  let n = 0;
  for (const piece of format.split(/(%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrfix])/)) {
    if (/^%/.test(piece)) parts.push(values[n++] ?? UNKNOWN_EXPR);
    else if (piece) parts.push(piece);
  }
  return { k: 'str', parts };
}

function lambda(st: State, s: number, e: number): Expr {
  const { src } = st;
  let colon = -1;
  for (let i = s, depth = 0; i < e; i++) {
    const c = src[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ':' && depth === 0) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return UNKNOWN_EXPR;
  return { k: 'fn', s: st.ctx.lambda([s, colon], [colon + 1, e]) };
}

// ---- primaries -----------------------------------------------------------------------------

function primary(st: State, s: number, e: number, d: number): Expr {
  const { src } = st;
  let [base, i] = atom(st, s, e, d);
  for (;;) {
    i = skipTrivia(src, i, e);
    if (i >= e) return base;
    const c = src[i];
    if (c === '.') {
      const from = skipTrivia(src, i + 1, e);
      const to = identEnd(src, from, e);
      if (to === from) return UNKNOWN_EXPR;
      base = { k: 'get', o: base, p: src.slice(from, to) };
      i = to;
    } else if (c === '(') {
      const close = skipBalanced(src, i, e);
      base = callOf(st, base, [i, close], d);
      i = close;
    } else if (c === '[') {
      const close = skipBalanced(src, i, e);
      base = subscript(st, base, inside(src, [i, close]), d);
      i = close;
    } else {
      return UNKNOWN_EXPR;
    }
  }
}

function atom(st: State, s: number, e: number, d: number): [Expr, number] {
  const { src } = st;
  const c = src.charCodeAt(s);
  const str = stringsAt(st, s, e, d);
  if (str) return str;
  if (c === LPAREN) {
    const close = skipBalanced(src, s, e);
    const [a, b] = inside(src, [s, close]);
    const items = splitTopLevel(src, a, b);
    const single = items.length === 1 && !/,\s*$/.test(src.slice(a, b));
    if (items.length === 0) return [{ k: 'arr', a: [] }, close];
    return [single ? expr(st, a, b, d) : { k: 'arr', a: items.slice(0, MAX_ENTRIES).map(([x, y]) => expr(st, x, y, d)) }, close];
  }
  if (c === LBRACKET) {
    const close = skipBalanced(src, s, e);
    const [a, b] = inside(src, [s, close]);
    if (hasTopLevelFor(src, a, b)) return [comprehension(st, a, b, d, false), close];
    return [{ k: 'arr', a: splitTopLevel(src, a, b).slice(0, MAX_ENTRIES).map(([x, y]) => expr(st, x, y, d)) }, close];
  }
  if (c === LBRACE) {
    const close = skipBalanced(src, s, e);
    return [dict(st, inside(src, [s, close]), d), close];
  }
  const w = identEnd(src, s, e);
  if (w > s) {
    const word = src.slice(s, w);
    if (word === 'True') return [{ k: 'lit', v: true }, w];
    if (word === 'False') return [{ k: 'lit', v: false }, w];
    if (word === 'None') return [{ k: 'lit', v: null }, w];
    if (word === st.ctx.self) return [{ k: 'this' }, w];
    return [{ k: 'name', n: word }, w];
  }
  let j = s;
  while (j < e && /[0-9a-zA-Z_.]/.test(src[j] ?? '')) j++;
  if (j > s) {
    const value = literalAt(src, s, j);
    return [typeof value === 'number' ? { k: 'lit', v: value } : UNKNOWN_EXPR, j];
  }
  return [UNKNOWN_EXPR, e];
}

/**
 * `[make(x) for x in xs]`, `{e.name: e for e in embedders}`: a list of the element, the loop variable read
 * as an element of the iterable, so a registry built by a comprehension is read like one written out. A
 * dict comprehension's keys are computed: its value is kept under a key no code writes, as for `dict`.
 */
function comprehension(st: State, a: number, b: number, d: number, isDict: boolean): Expr {
  const { src } = st;
  const forAt = topLevelWord(src, a, b, 'for');
  const inAt = forAt < 0 ? -1 : topLevelWord(src, forAt + 3, b, 'in');
  if (inAt < 0) return UNKNOWN_EXPR;
  const ifAt = topLevelWord(src, inAt + 2, b, 'if');
  const nextFor = topLevelWord(src, inAt + 2, b, 'for');
  // A nested loop (`for a in x for b in a`) binds names this reading does not follow.
  if (nextFor >= 0) return UNKNOWN_EXPR;
  const iterable: Expr = { k: 'idx', o: expr(st, inAt + 2, ifAt >= 0 ? ifAt : b, d) };
  const targets = src.slice(forAt + 3, inAt).split(',').map((t) => t.trim().replace(/^\(|\)$/g, '').trim());
  const bound = new Map<string, Expr>(targets.length === 1 ? [[targets[0] as string, iterable]] : targets.map((t, i) => [t, { k: 'idx', o: iterable, i }]));
  const colon = isDict ? topColon(src, a, forAt) : -1;
  if (isDict && colon < 0) return UNKNOWN_EXPR;
  const element = substitute(expr(st, isDict ? colon + 1 : a, forAt, d), bound);
  return isDict ? { k: 'obj', p: { '\u00000': element } } : { k: 'arr', a: [element] };
}

/** The first `word` standing as a keyword outside brackets and strings, or -1. */
function topLevelWord(src: string, s: number, e: number, word: string): number {
  for (let i = s; i < e; ) {
    const c = src.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) i = skipString(src, i, e);
    else if (c === LPAREN || c === LBRACKET || c === LBRACE) i = skipBalanced(src, i, e);
    else if (/[\p{L}_]/u.test(src[i] as string)) {
      const w = identEnd(src, i, e);
      if (src.slice(i, w) === word) return i;
      i = w;
    } else i++;
  }
  return -1;
}

/** The expression with the names a comprehension binds replaced by what they stand for. */
function substitute(e: Expr, bound: ReadonlyMap<string, Expr>): Expr {
  switch (e.k) {
    case 'name': return bound.get(e.n) ?? e;
    case 'get': return { ...e, o: substitute(e.o, bound) };
    case 'idx': return { ...e, o: substitute(e.o, bound) };
    case 'call': return { ...e, f: substitute(e.f, bound), a: e.a.map((x) => substitute(x, bound)), ...(e.kw ? { kw: Object.fromEntries(Object.entries(e.kw).map(([k, x]) => [k, substitute(x, bound)])) } : {}) };
    case 'str': return { k: 'str', parts: e.parts.map((p) => (typeof p === 'string' ? p : substitute(p, bound))) };
    case 'or': return { k: 'or', of: e.of.map((x) => substitute(x, bound)) };
    case 'arr': return { k: 'arr', a: e.a.map((x) => substitute(x, bound)) };
    case 'obj': return { ...e, p: Object.fromEntries(Object.entries(e.p).map(([k, x]) => [k, substitute(x, bound)])), ...(e.spread ? { spread: e.spread.map((x) => substitute(x, bound)) } : {}) };
    default: return e;
  }
}

function hasTopLevelFor(src: string, a: number, b: number): boolean {
  for (const [x, y] of splitTopLevel(src, a, b).slice(0, 1)) {
    const ops = topLevel(src, x, y);
    if (ops.other && /\bfor\b/.test(src.slice(x, y))) return true;
  }
  return false;
}

/** Adjacent string tokens (implicit concatenation), f-strings with their substitutions. */
function stringsAt(st: State, s: number, e: number, d: number): [Expr, number] | undefined {
  const { src } = st;
  const parts: (string | Expr)[] = [];
  let i = s;
  let found = false;
  for (;;) {
    const q = quoteAt(src, i, e);
    if (q < 0) break;
    found = true;
    const stop = skipString(src, q, e);
    const prefix = src.slice(i, q).toLowerCase();
    if (prefix.includes('f') || prefix.includes('t')) parts.push(...fString(st, q, stop, prefix.includes('r'), d));
    else parts.push(decodeString(src.slice(i, stop)).value);
    i = skipTrivia(src, stop, e);
  }
  if (!found) return undefined;
  if (parts.every((p) => typeof p === 'string')) return [{ k: 'lit', v: parts.join('') }, i];
  return [{ k: 'str', parts }, i];
}

function quoteAt(src: string, i: number, end: number): number {
  const c = src.charCodeAt(i);
  if (c === DQUOTE || c === SQUOTE) return i;
  const w = identEnd(src, i, end);
  if (w === i || w - i > 2 || !/^[rRbBuUfFtT]{1,2}$/.test(src.slice(i, w))) return -1;
  const q = src.charCodeAt(w);
  return q === DQUOTE || q === SQUOTE ? w : -1;
}

/** The literal text and `{expr}` substitutions of an f-string token, quote to quote. */
function fString(st: State, q: number, stop: number, raw: boolean, d: number): (string | Expr)[] {
  const { src } = st;
  const quote = src.startsWith(src[q]!.repeat(3), q) ? 3 : 1;
  const bodyStart = q + quote;
  const bodyEnd = Math.max(bodyStart, stop - quote);
  const out: (string | Expr)[] = [];
  let text = '';
  for (let i = bodyStart; i < bodyEnd; ) {
    const c = src[i];
    if (c === '{' && src[i + 1] === '{') {
      text += '{';
      i += 2;
    } else if (c === '}' && src[i + 1] === '}') {
      text += '}';
      i += 2;
    } else if (c === '{') {
      const close = skipBalanced(src, i, bodyEnd);
      const [a, b] = inside(src, [i, close]);
      // `{x!r}`, `{x:>10}`, `{x=}`: the expression ends before the conversion or format spec.
      let stopAt = b;
      for (let j = a, depth = 0; j < b; j++) {
        const ch = src[j];
        if (ch === '(' || ch === '[' || ch === '{') depth++;
        else if (ch === ')' || ch === ']' || ch === '}') depth--;
        else if (depth === 0 && (ch === '!' || ch === ':' || ch === '=') && src[j + 1] !== '=') {
          stopAt = j;
          break;
        }
      }
      if (text) out.push(raw ? text : decodeString(`"${text}"`).value);
      text = '';
      out.push(expr(st, a, stopAt, d));
      i = close;
    } else {
      text += c;
      i++;
    }
  }
  if (text) out.push(raw ? text : decodeString(`"${text.replace(/"/g, '\\"')}"`).value);
  return out;
}

function dict(st: State, [a, b]: Span, d: number): Expr {
  const { src } = st;
  const p: Record<string, Expr> = {};
  const spread: Expr[] = [];
  const items = splitTopLevel(src, a, b);
  if (items.length > 0 && hasTopLevelFor(src, a, b)) return comprehension(st, a, b, d, true);
  for (const [s, e] of items.slice(0, MAX_ENTRIES)) {
    const first = skipTrivia(src, s, e);
    if (src.startsWith('**', first)) {
      spread.push(expr(st, first + 2, e, d));
      continue;
    }
    const colon = topColon(src, first, e);
    if (colon < 0) return UNKNOWN_EXPR; // a set display
    const key = literalAt(src, first, colon);
    const value = expr(st, colon + 1, e, d);
    // A key that is not a string literal (`{Provider.OPENAI: OpenAILLM}`) cannot be read by name, but a
    // registry lookup with an unknown key reads every value: kept under a name no code can write.
    setKey(p, typeof key === 'string' ? key : `\u0000${Object.keys(p).length}`, value);
  }
  return spread.length > 0 ? { k: 'obj', p, spread } : { k: 'obj', p };
}

function topColon(src: string, s: number, e: number): number {
  let depth = 0;
  for (let i = s; i < e; ) {
    const c = src.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      i = skipString(src, i, e);
      continue;
    }
    const ch = src[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ':' && depth === 0) return i;
    else if (depth === 0 && /[\p{L}_]/u.test(ch ?? '') && isKeywordAt(src, i, 'lambda', e)) return -1;
    i++;
  }
  return -1;
}

function subscript(st: State, base: Expr, [a, b]: Span, d: number): Expr {
  // `Annotated[User, Depends(auth_user)]` as a value (a type alias): what it adds to the type is kept, as arguments.
  if (isAnnotated(base)) {
    return { k: 'call', f: base, a: splitTopLevel(st.src, a, b).map((span) => expr(st, span[0], span[1], d + 1)) };
  }
  const key = literalAt(st.src, a, b);
  if (typeof key === 'string') {
    if (isEnviron(base)) return { k: 'env', n: key };
    return { k: 'get', o: base, p: key };
  }
  if (typeof key === 'number' && Number.isInteger(key) && key >= 0) return { k: 'idx', o: base, i: key };
  void d;
  return { k: 'idx', o: base };
}

function isEnviron(e: Expr): boolean {
  return (e.k === 'get' && e.p === 'environ') || (e.k === 'name' && e.n === 'environ');
}

/** A call's arguments: positional in order, keywords by name, `**mapping` apart; `*args` is left out. */
function callOf(st: State, f: Expr, span: Span, d: number): Expr {
  const { src } = st;
  // `super()` (with or without arguments) stands for the enclosing class's bases.
  if (f.k === 'name' && f.n === 'super') return { k: 'super' };
  const [a, b] = inside(src, span);
  const args: Expr[] = [];
  let kw: Record<string, Expr> | undefined;
  // `dict(a=1, **base)`, `types.SimpleNamespace(**{"url": ...})`: a mapping or an attribute bag, read like a literal.
  const bag = (f.k === 'name' && (f.n === 'dict' || f.n === 'SimpleNamespace')) || (f.k === 'get' && f.p === 'SimpleNamespace' && f.o.k === 'name' && f.o.n === 'types');
  const spread: Expr[] = [];
  for (const [s, e] of splitTopLevel(src, a, b).slice(0, 24)) {
    const first = skipTrivia(src, s, e);
    if (src.startsWith('**', first)) spread.push(expr(st, first + 2, e, d));
    if (src[first] === '*') continue;
    const w = identEnd(src, first, e);
    const eq = skipTrivia(src, w, e);
    if (w > first && src[eq] === '=' && src[eq + 1] !== '=') {
      kw ??= {};
      setKey(kw, src.slice(first, w), expr(st, eq + 1, e, d));
      continue;
    }
    args.push(expr(st, first, e, d));
  }
  if (bag && args.length === 0) return spread.length > 0 ? { k: 'obj', p: kw ?? {}, spread } : { k: 'obj', p: kw ?? {} };
  // `os.environ.get("X", default)`, `os.getenv("X")`: an environment variable.
  const name = f.k === 'get' ? f.p : f.k === 'name' ? f.n : '';
  const first = args[0];
  if (first?.k === 'lit' && typeof first.v === 'string' && ((name === 'get' && f.k === 'get' && isEnviron(f.o)) || name === 'getenv')) {
    const def = args[1] ?? (kw ? kw['default'] : undefined);
    return def ? { k: 'env', n: first.v, d: def } : { k: 'env', n: first.v };
  }
  return { k: 'call', f, a: args, ...(kw ? { kw } : {}), ...(spread.length > 0 ? { sp: spread } : {}) };
}

const UNTYPED = new Set(['Any', 'object']);
const TYPE_WRAPPERS = new Set(['Optional', 'Union', 'Annotated', 'Final', 'ClassVar', 'Required', 'NotRequired', 'Type', 'type']);

/**
 * The class an annotation names, as an expression: `OpenAI`, `openai.AsyncOpenAI`, `Optional[X]` and
 * `X | None` -> `X`, `Union[A, B]` and `A | B` -> both, `"OpenAI"` -> `OpenAI`. Generic containers
 * (`list[OpenAI]`) name no instance and give undefined.
 */
export function pyTypeExpr(src: string, start: number, end: number, depth = 0): Expr | undefined {
  if (depth > 4) return undefined;
  const members = splitTopLevel(src, start, end, '|').filter(([s, e]) => src.slice(s, e).trim() !== 'None');
  if (members.length > 1) return alternatives(members.map(([s, e]) => pyTypeExpr(src, s, e, depth + 1)));
  const [s, e] = members[0] ?? [start, start];
  const i = skipTrivia(src, s, e);
  if (i >= e) return undefined;
  const literal = literalAt(src, i, e);
  if (typeof literal === 'string') return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(literal.trim()) && !UNTYPED.has(literal.trim().split('.').pop() ?? '') ? dottedExpr(literal.trim().split('.')) : undefined;
  const segs: string[] = [];
  let j = i;
  for (;;) {
    const w = identEnd(src, j, e);
    if (w === j) return undefined;
    segs.push(src.slice(j, w));
    j = skipTrivia(src, w, e);
    if (src[j] !== '.') break;
    j = skipTrivia(src, j + 1, e);
  }
  // `Any` and `object` promise nothing: the value is what the callers pass.
  if (j >= e) return UNTYPED.has(segs[segs.length - 1] ?? '') ? undefined : dottedExpr(segs);
  const last = segs[segs.length - 1] ?? '';
  if (src[j] !== '[' || !TYPE_WRAPPERS.has(last)) return undefined;
  const close = skipBalanced(src, j, e);
  const [a, b] = inside(src, [j, close]);
  const args = splitTopLevel(src, a, b).filter(([x, y]) => src.slice(x, y).trim() !== 'None');
  const picked = last === 'Union' ? args : args.slice(0, 1);
  return alternatives(picked.map(([x, y]) => pyTypeExpr(src, x, y, depth + 1)));
}

function alternatives(of: (Expr | undefined)[]): Expr | undefined {
  const kept = of.filter((x): x is Expr => x !== undefined);
  return kept.length === 0 ? undefined : kept.length === 1 ? kept[0] : { k: 'or', of: kept };
}

function dottedExpr(segs: string[]): Expr {
  let out: Expr = { k: 'name', n: segs[0] as string };
  for (const seg of segs.slice(1)) out = { k: 'get', o: out, p: seg };
  return out;
}

/** The callee and arguments of a call spanning `[start, end)` (the span of a tree-sitter `call` node). */
export function pyCallParts(src: string, start: number, end: number, ctx: ExprContext): Extract<Expr, { k: 'call' }> | undefined {
  const st: State = { src, ctx, nodes: 0 };
  let close = end;
  while (close > start && /\s/.test(src[close - 1] ?? '')) close--;
  if (src[close - 1] !== ')') return undefined;
  // The arguments are the last balanced parenthesis group; find its opener by scanning forward.
  let open = -1;
  for (let i = skipTrivia(src, start, close); i < close; ) {
    const c = src.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      i = skipString(src, i, close);
      continue;
    }
    if (c === LPAREN || c === LBRACKET || c === LBRACE) {
      const after = skipBalanced(src, i, close);
      if (after >= close && c === LPAREN) {
        open = i;
        break;
      }
      i = after;
      continue;
    }
    i++;
  }
  if (open < 0) return undefined;
  let f = expr(st, start, open, 0);
  if (f.k === '?' && isKeywordAt(src, skipTrivia(src, start, open), 'await', open)) f = expr(st, skipTrivia(src, start, open) + 5, open, 0);
  const call = callOf(st, f, [open, close], 1);
  return call.k === 'call' ? call : { k: 'call', f, a: call.k === 'env' ? [{ k: 'lit', v: call.n }] : [] };
}

/** The metadata of an `Annotated[T, m1, m2]` annotation (`m1`, `m2`), unparsed: spans of the source. */
export function annotatedMetadata(src: string, start: number, end: number): Span[] {
  const i = skipTrivia(src, start, end);
  const m = /^(?:typing\.|t\.)?Annotated\s*\[/.exec(src.slice(i, Math.min(end, i + 40)));
  if (!m) return [];
  const open = i + m[0].length - 1;
  const [a, b] = inside(src, [open, skipBalanced(src, open, end)]);
  return splitTopLevel(src, a, b).slice(1);
}
