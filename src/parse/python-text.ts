import { CLIENT_WRAPPERS } from '../catalog/tools.ts';
import type { CallArgs, Literal } from '../facts/types.ts';
import { type StringParts, decodeString } from './python-strings.ts';
import { setKey } from '../util/record.ts';

// Readers over spans of the source that tree-sitter already delimited (a call, an argument list,
// a parameter list). Asking the wasm tree for each field and child allocates a Node and crosses
// into wasm per step, which made extraction several times slower than parsing itself; reading the
// characters of a span whose syntax is known is cheap and allocation-free.

/** A callee chain: one entry per segment, `()` appended to segments that were called. */
export type Chain = string[];
export type Span = [start: number, end: number];

export const UNKNOWN = '<expr>';

const SPACE = 32, TAB = 9, LF = 10, CR = 13, FF = 12, HASH = 35, BACKSLASH = 92;
const COLON = 58, LOWER_L = 108, SEMICOLON = 59;
const SQUOTE = 39, DQUOTE = 34, LPAREN = 40, RPAREN = 41, LBRACKET = 91, RBRACKET = 93, LBRACE = 123, RBRACE = 125;
const IDENT_RE = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NUMBER_RE = /(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d[\d_]*)?\.?)[jJ]?/y;
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt']);

function isOpener(c: number): boolean {
  return c === LPAREN || c === LBRACKET || c === LBRACE;
}

function isCloser(c: number): boolean {
  return c === RPAREN || c === RBRACKET || c === RBRACE;
}

/** Drops one call: the callee of `f()()` is `f()`. */
export function stripCall(segment: string): string {
  return segment.endsWith('()') ? segment.slice(0, -2) : segment;
}

/** A segment's name and the calls applied to it: `client()()` -> `client`, `()()`. */
export function splitSegment(segment: string): { name: string; calls: string } {
  const paren = segment.indexOf('(');
  return paren < 0 ? { name: segment, calls: '' } : { name: segment.slice(0, paren), calls: segment.slice(paren) };
}

/** A whole word at i (not part of a longer identifier). */
export function isKeywordAt(src: string, i: number, word: string, end: number): boolean {
  if (!src.startsWith(word, i) || identEnd(src, i, end) !== i + word.length) return false;
  return i === 0 || identEnd(src, i - 1, end) === i - 1;
}

/** Skips spaces, newlines, line continuations and comments (spans inside brackets may hold all of them). */
export function skipTrivia(src: string, i: number, end: number): number {
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === SPACE || c === TAB || c === LF || c === CR || c === FF) i++;
    else if (c === HASH) {
      const nl = src.indexOf('\n', i);
      i = nl < 0 || nl > end ? end : nl;
    } else if (c === BACKSLASH && (src.charCodeAt(i + 1) === LF || src.charCodeAt(i + 1) === CR)) i += 2;
    else break;
  }
  return i;
}

export function identEnd(src: string, i: number, end: number): number {
  IDENT_RE.lastIndex = i;
  return IDENT_RE.test(src) ? Math.min(IDENT_RE.lastIndex, end) : i;
}

/** Index of the opening quote when a string token (with any prefix) starts at i, else -1. */
function quoteAt(src: string, i: number, end: number): number {
  const c = src.charCodeAt(i);
  if (c === SQUOTE || c === DQUOTE) return i;
  const e = identEnd(src, i, end);
  if (e === i || e - i > 2 || !STRING_PREFIXES.has(src.slice(i, e).toLowerCase())) return -1;
  const q = src.charCodeAt(e);
  return q === SQUOTE || q === DQUOTE ? e : -1;
}

export function isStringAt(src: string, i: number, end: number): boolean {
  return quoteAt(src, i, end) >= 0;
}

/** Nothing but spaces and a comment between i and the end of the logical line. */
export function endsStatement(src: string, i: number): boolean {
  while (src.charCodeAt(i) === SPACE || src.charCodeAt(i) === TAB) i++;
  const c = src.charCodeAt(i);
  return i >= src.length || c === LF || c === CR || c === HASH || c === SEMICOLON;
}

/** From an opening quote to just after the closing one; an unterminated short string stops at the newline. */
export function skipString(src: string, q: number, end: number): number {
  const quote = src.charCodeAt(q);
  const triple = src.charCodeAt(q + 1) === quote && src.charCodeAt(q + 2) === quote;
  let j = q + (triple ? 3 : 1);
  while (j < end) {
    const c = src.charCodeAt(j);
    if (c === BACKSLASH) j += 2;
    else if (c === quote) {
      if (!triple) return j + 1;
      if (src.charCodeAt(j + 1) === quote && src.charCodeAt(j + 2) === quote) return j + 3;
      j++;
    } else if (c === LF && !triple) return j;
    else j++;
  }
  return end;
}

/** From an opening bracket to just after its match, skipping strings and comments. */
export function skipBalanced(src: string, i: number, end: number): number {
  let depth = 0;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) i = skipString(src, i, end);
    else if (c === HASH) i = skipTrivia(src, i, end);
    else {
      if (isOpener(c)) depth++;
      else if (isCloser(c) && --depth === 0) return i + 1;
      i++;
    }
  }
  return end;
}

/** End of a run of adjacent string tokens (implicit concatenation) starting at i, or -1. */
function stringsEnd(src: string, i: number, end: number): number {
  let q = quoteAt(src, i, end);
  if (q < 0) return -1;
  let last = i;
  while (q >= 0) {
    last = skipString(src, q, end);
    i = skipTrivia(src, last, end);
    q = i < end ? quoteAt(src, i, end) : -1;
  }
  return last;
}

/** Decodes adjacent string tokens as one literal; after a substitution, only the text before it. */
export function decodeStrings(src: string, start: number, end: number): StringParts | undefined {
  let i = skipTrivia(src, start, end);
  let value = '';
  let q = quoteAt(src, i, end);
  if (q < 0) return undefined;
  while (q >= 0) {
    const stop = skipString(src, q, end);
    const part = decodeString(src.slice(i, stop));
    value += part.value;
    if (part.interpolated) return { value, interpolated: true };
    i = skipTrivia(src, stop, end);
    q = i < end ? quoteAt(src, i, end) : -1;
  }
  return i >= end ? { value, interpolated: false } : undefined;
}

// ---- chains -----------------------------------------------------------------------------------

export interface ChainScan {
  chain: Chain;
  /** span of the final call's parentheses, when the expression ends with a call */
  args: Span | null;
}

/**
 * Reads a primary expression as a chain: `genai.GenerativeModel("x").generate_content(...)` ->
 * `genai`, `GenerativeModel()`, `generate_content()`. Subscripts and non-name roots become `<expr>`.
 * Returns null when the span is not a chain (an operator, a comparison, a lambda...).
 */
export function scanChain(src: string, start: number, end: number): ChainScan | null {
  let i = skipAwait(src, skipTrivia(src, start, end), end);
  const segs: string[] = [];
  const atomEnd = scanAtom(src, i, end, segs);
  if (atomEnd < 0) return null;
  i = atomEnd;
  let args: Span | null = null;
  for (;;) {
    i = skipTrivia(src, i, end);
    if (i >= end) return { chain: segs, args };
    const c = src[i];
    if (c === '.') {
      const from = skipTrivia(src, i + 1, end);
      i = identEnd(src, from, end);
      if (i === from) return null;
      segs.push(src.slice(from, i));
      args = null;
    } else if (c === '(') {
      const close = skipBalanced(src, i, end);
      const last = segs.length - 1;
      const seg = segs[last] as string;
      if (seg !== UNKNOWN) segs[last] = `${seg}()`;
      args = [i, close];
      i = close;
    } else if (c === '[') {
      i = skipBalanced(src, i, end);
      segs.length = 0;
      segs.push(UNKNOWN);
      args = null;
    } else {
      return null;
    }
  }
}

function skipAwait(src: string, i: number, end: number): number {
  return isKeywordAt(src, i, 'await', end) ? skipTrivia(src, i + 5, end) : i;
}

/** Pushes the root segment(s); returns where the atom ends, or -1 for something that is not a chain. */
function scanAtom(src: string, i: number, end: number, segs: string[]): number {
  const strEnd = stringsEnd(src, i, end);
  if (strEnd >= 0) {
    segs.push(UNKNOWN);
    return strEnd;
  }
  const id = identEnd(src, i, end);
  if (id > i) {
    segs.push(src.slice(i, id));
    return id;
  }
  const c = src[i];
  if (c === '(') {
    const close = skipBalanced(src, i, end);
    const inner = scanChain(src, i + 1, src[close - 1] === ')' ? close - 1 : close);
    segs.push(...(inner ? inner.chain : [UNKNOWN]));
    return close;
  }
  if (c === '[' || c === '{') {
    segs.push(UNKNOWN);
    return skipBalanced(src, i, end);
  }
  return -1;
}

/**
 * A chain worth tracing: it has a name at its root (`OpenAI()`, `client`, `boto3.client()`). A tracing
 * wrapper (`wrap_openai(OpenAI())`) is looked through to the client it wraps, and `functools.partial(f, ...)`
 * to `f`: the result is that function with some arguments bound.
 */
export function namedChain(src: string, start: number, end: number): Chain | null {
  const scan = scanChain(src, start, end);
  if (!scan || scan.chain[0] === UNKNOWN) return null;
  const last = scan.chain[scan.chain.length - 1];
  if (scan.args && last !== undefined && (CLIENT_WRAPPERS.test(stripCall(last)) || stripCall(last) === 'partial')) {
    const inner = inside(src, scan.args);
    const first = splitTopLevel(src, inner[0], inner[1])[0];
    const wrapped = first ? namedChain(src, first[0], first[1]) : null;
    if (wrapped) return wrapped;
  }
  return scan.chain;
}

// ---- lists and literals -----------------------------------------------------------------------

/**
 * Splits a bracket's inside at top-level commas (not those of a lambda's parameters), dropping
 * empty pieces such as the one after a trailing comma.
 */
export function splitTopLevel(src: string, start: number, end: number, sep = ','): Span[] {
  const out: Span[] = [];
  const sepCode = sep.charCodeAt(0);
  let depth = 0;
  let pieceStart = start;
  let inLambda = false;
  let i = start;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      i = skipString(src, i, end);
      continue;
    }
    if (c === HASH) {
      i = skipTrivia(src, i, end);
      continue;
    }
    if (isOpener(c)) depth++;
    else if (isCloser(c)) depth--;
    else if (depth === 0) {
      if (c === sepCode && !inLambda) {
        pushPiece(src, out, pieceStart, i);
        pieceStart = i + 1;
      } else if (c === COLON) inLambda = false;
      else if (c === LOWER_L && isKeywordAt(src, i, 'lambda', end)) inLambda = true;
    }
    i++;
  }
  pushPiece(src, out, pieceStart, end);
  return out;
}


function pushPiece(src: string, out: Span[], start: number, end: number): void {
  if (skipTrivia(src, start, end) < end) out.push([start, end]);
}

/** Inside of a bracket span `[open, close)`, tolerating a missing closer in error-recovered code. */
export function inside(src: string, span: Span): Span {
  const [open, close] = span;
  return [open + 1, isCloser(src.charCodeAt(close - 1)) && close - 1 > open ? close - 1 : close];
}

/** Index of the first top-level `ch` in the span (outside brackets and strings), or -1. */
export function findTopLevel(src: string, start: number, end: number, test: (i: number) => boolean): number {
  let depth = 0;
  for (let i = start; i < end; ) {
    const c = src.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) i = skipString(src, i, end);
    else if (c === HASH) i = skipTrivia(src, i, end);
    else {
      if (isOpener(c)) depth++;
      else if (isCloser(c)) depth--;
      else if (depth === 0 && test(i)) return i;
      i++;
    }
  }
  return -1;
}

/** `=` of an assignment or keyword, not `==`, `<=`, `>=`, `!=` or `:=`. */
export function isAssignEq(src: string, i: number): boolean {
  return src[i] === '=' && src[i + 1] !== '=' && !'=<>!:'.includes(src[i - 1] ?? '');
}

function numberLiteral(text: string): number | undefined {
  if (/[jJ]$/.test(text)) return undefined;
  const clean = text.replace(/_/g, '');
  const n = /^0[xXoObB]/.test(clean) ? Number(clean) : parseFloat(clean);
  return Number.isFinite(n) ? n : undefined;
}

/** The literal a span holds (str, number, bool, None, parenthesised), or undefined. f-strings with substitutions are not literals. */
export function literalAt(src: string, start: number, end: number): Literal | undefined {
  const i = skipTrivia(src, start, end);
  const c = src[i];
  if (c === undefined || i >= end) return undefined;
  if (c === '(') {
    const close = skipBalanced(src, i, end);
    if (skipTrivia(src, close, end) < end) return undefined;
    const [a, b] = inside(src, [i, close]);
    return literalAt(src, a, b);
  }
  if (c === '-' || c === '+') {
    const value = literalAt(src, i + 1, end);
    if (typeof value !== 'number') return undefined;
    return c === '-' ? -value : value;
  }
  const parts = decodeStrings(src, i, end);
  if (parts) return parts.interpolated ? undefined : parts.value;
  return wordLiteral(src, i, end);
}

function wordLiteral(src: string, i: number, end: number): Literal | undefined {
  NUMBER_RE.lastIndex = i;
  const num = NUMBER_RE.exec(src);
  let stop: number;
  let value: Literal | undefined;
  if (num && num[0].length > 0 && /\d/.test(num[0])) {
    stop = i + num[0].length;
    value = numberLiteral(num[0]);
  } else {
    stop = identEnd(src, i, end);
    const word = src.slice(i, stop);
    value = word === 'True' ? true : word === 'False' ? false : word === 'None' ? null : undefined;
  }
  return stop <= end && skipTrivia(src, stop, end) >= end ? value : undefined;
}

// ---- call arguments ---------------------------------------------------------------------------

function addKey(args: CallArgs, key: string): void {
  if (!args.keys.includes(key)) args.keys.push(key);
}

/** The span of a dict display `{...}` filling the whole span, or null. */
function dictSpan(src: string, start: number, end: number): Span | null {
  const i = skipTrivia(src, start, end);
  if (src[i] !== '{') return null;
  const close = skipBalanced(src, i, end);
  return skipTrivia(src, close, end) >= end ? [i, close] : null;
}

/** A list display as a whole value: the span of its brackets. */
function listSpan(src: string, start: number, end: number): Span | null {
  const i = skipTrivia(src, start, end);
  if (src[i] !== '[') return null;
  const close = skipBalanced(src, i, end);
  return skipTrivia(src, close, end) >= end ? [i, close] : null;
}

/** `types.GenerateContentConfig(...)` as a whole value: the span of its parentheses. */
function callSpan(src: string, start: number, end: number): Span | null {
  const i = skipTrivia(src, start, end);
  let j = i;
  while (j < end && /[\w.]/.test(src[j] ?? '')) j++;
  if (j === i || src[j] !== '(') return null;
  const close = skipBalanced(src, j, end);
  return skipTrivia(src, close, end) >= end ? [j, close] : null;
}

/** Keyword names of a config object built inline (`config=GenerateContentConfig(max_output_tokens=1)`). */
function addNestedKeywords(args: CallArgs, src: string, span: Span): void {
  const [a, b] = inside(src, span);
  for (const [s, e] of splitTopLevel(src, a, b)) {
    const kw = keywordAt(src, s, e);
    if (kw) addKey(args, kw.name);
  }
}

/** String keys of a dict display (one level), with their literal values. */
function addDictKeys(args: CallArgs, src: string, dict: Span): void {
  const [a, b] = inside(src, dict);
  for (const [s, e] of splitTopLevel(src, a, b)) {
    const colon = findTopLevel(src, s, e, (i) => src[i] === ':');
    if (colon < 0) continue; // a set, a `**spread`, or a comprehension
    const key = literalAt(src, s, colon);
    if (typeof key !== 'string') continue;
    addKey(args, key);
    const value = literalAt(src, colon + 1, e);
    if (value !== undefined) setKey(args.values, key, value);
  }
}

/** `name=value` at the start of an argument: the name's end and the value's start. */
function keywordAt(src: string, start: number, end: number): { name: string; value: number } | null {
  const i = skipTrivia(src, start, end);
  const e = identEnd(src, i, end);
  if (e === i) return null;
  const eq = skipTrivia(src, e, end);
  if (src[eq] !== '=' || src[eq + 1] === '=') return null;
  return { name: src.slice(i, e), value: eq + 1 };
}

function addArgument(args: CallArgs, src: string, [s, e]: Span, index: number): void {
  const first = skipTrivia(src, s, e);
  if (src.startsWith('**', first)) {
    const dict = dictSpan(src, first + 2, e);
    if (dict) addDictKeys(args, src, dict);
    else args.opaque = true;
    return;
  }
  if (src[first] === '*') {
    args.opaque = true;
    return;
  }
  const kw = keywordAt(src, first, e);
  if (kw) {
    addKey(args, kw.name);
    const value = literalAt(src, kw.value, e);
    if (value !== undefined) setKey(args.values, kw.name, value);
    const dict = dictSpan(src, kw.value, e);
    if (dict) addDictKeys(args, src, dict);
    // `system=[{"type": "text", "text": ..., "cache_control": {...}}]`: keys of dicts in a list count too.
    const list = listSpan(src, kw.value, e);
    if (list) for (const [s2, e2] of splitTopLevel(src, ...inside(src, list))) {
      const item = dictSpan(src, s2, e2);
      if (item) addDictKeys(args, src, item);
    }
    const nested = callSpan(src, kw.value, e);
    if (nested) addNestedKeywords(args, src, nested);
    return;
  }
  const dict = dictSpan(src, first, e);
  if (dict) return addDictKeys(args, src, dict);
  // `aggregate([{"$vectorSearch": {...}}, ...])`: a pipeline's stages are what it does.
  const list = listSpan(src, first, e);
  if (list) {
    for (const [s2, e2] of splitTopLevel(src, ...inside(src, list))) {
      const item = dictSpan(src, s2, e2);
      if (item) addDictKeys(args, src, item);
    }
    return;
  }
  const value = literalAt(src, first, e);
  if (value !== undefined) args.positional.push({ index, value });
}

/** Arguments of a call from its parenthesised span (`(...)`; a bare generator counts as one). */
export function callArgs(src: string, span: Span | null): CallArgs {
  const args: CallArgs = { count: 0, positional: [], keys: [], values: {} };
  if (!span) return args;
  const [a, b] = inside(src, span);
  for (const piece of splitTopLevel(src, a, b)) addArgument(args, src, piece, args.count++);
  return args;
}

// ---- annotations ------------------------------------------------------------------------------

const WRAPPERS = new Set(['Optional', 'Union', 'Annotated', 'Final', 'ClassVar', 'Required', 'NotRequired']);
const DOTTED_RE = /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u;

function isNoneSpan(src: string, [s, e]: Span): boolean {
  return src.slice(s, e).trim() === 'None';
}

/**
 * The instance an annotation describes, as a chain ending in a constructor call:
 * `OpenAI` -> `OpenAI()`, `Optional[openai.AsyncOpenAI]` -> `openai.AsyncOpenAI()`, `"OpenAI"` -> `OpenAI()`,
 * `AsyncOpenAI | None` -> `AsyncOpenAI()`. Generic containers (`list[OpenAI]`) are not instances.
 */
export function annotationAt(src: string, start: number, end: number, depth = 0): Chain | null {
  if (depth > 4) return null;
  const union = splitTopLevel(src, start, end, '|').filter((p) => !isNoneSpan(src, p));
  if (union.length !== 1 || !union[0]) return null;
  const [s, e] = union[0];
  const str = decodeStrings(src, s, e);
  if (str) {
    if (str.interpolated || !DOTTED_RE.test(str.value.trim())) return null;
    return constructed(str.value.trim().split('.'));
  }
  const { segs, next } = dottedAt(src, skipTrivia(src, s, e), e);
  if (segs.length === 0) return null;
  if (skipTrivia(src, next, e) >= e) return constructed(segs);
  if (src[next] !== '[' || !WRAPPERS.has(segs[segs.length - 1] ?? '')) return null;
  const close = skipBalanced(src, next, e);
  if (skipTrivia(src, close, e) < e) return null;
  const [a, b] = inside(src, [next, close]);
  const first = splitTopLevel(src, a, b).find((p) => !isNoneSpan(src, p));
  return first ? annotationAt(src, first[0], first[1], depth + 1) : null;
}

function constructed(segs: string[]): Chain {
  return [...segs.slice(0, -1), `${segs[segs.length - 1]}()`];
}

function dottedAt(src: string, i: number, end: number): { segs: string[]; next: number } {
  const segs: string[] = [];
  for (;;) {
    const e = identEnd(src, i, end);
    if (e === i) return { segs: [], next: i };
    segs.push(src.slice(i, e));
    const dot = skipTrivia(src, e, end);
    if (src[dot] !== '.') return { segs, next: skipTrivia(src, e, end) };
    i = skipTrivia(src, dot + 1, end);
  }
}

/**
 * The name a string literal is given: `NAME = "..."`, `NAME: str = "..."`, `f(name="...")`, `{"name": "..."}`,
 * read backwards from the literal's start. Null when it stands anywhere else.
 */
export function nameBefore(src: string, start: number): string | null {
  let i = start - 1;
  while (i >= 0 && /[\s(\\]/.test(src[i] ?? '')) i--;
  const c = src[i];
  if (c === '=' && !/[=!<>:+\-*/%&|^@]/.test(src[i - 1] ?? '')) {
    let name = identBefore(src, i - 1);
    // `NAME: str = ...`: the identifier before `=` is the annotation; the name precedes its colon.
    let j = name ? name.start - 1 : -1;
    while (j >= 0 && (src[j] === ' ' || src[j] === '\t')) j--;
    if (name && src[j] === ':') name = identBefore(src, j - 1);
    return name?.text ?? null;
  }
  if (c === ':') {
    let j = i - 1;
    while (j >= 0 && /\s/.test(src[j] ?? '')) j--;
    const quote = src[j];
    if (quote !== '"' && quote !== "'") return null;
    const open = src.lastIndexOf(quote, j - 1);
    return open >= 0 && j - open <= 64 ? src.slice(open + 1, j) : null;
  }
  return null;
}

function identBefore(src: string, from: number): { text: string; start: number } | null {
  let j = from;
  while (j >= 0 && (src[j] === ' ' || src[j] === '\t')) j--;
  const end = j + 1;
  while (j >= 0 && /[\w.]/.test(src[j] ?? '')) j--;
  return end > j + 1 ? { text: src.slice(j + 1, end), start: j + 1 } : null;
}
