// Decoding of Python string tokens as written (`r"..."`, `'''...'''`, `f"..."`), for literal
// values and for the string facts.

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
  return match; // unknown escapes (and \N{...}) stay as written, as Python keeps them
}

function unescapePython(body: string): string {
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

/** Decodes one string token; tolerant of a missing end quote (error-recovered code). */
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

