import { AWS_SECRET_BESIDE_KEY_ID, CREDENTIAL_QUERY_PARAM, SECRET_FORMATS, SECRET_HINT } from '../catalog/secrets.ts';
import { secretFingerprint, secretPreview } from '../secrets/scan.ts';

// The redaction gate. Every string that leaves the process (each report format, stdout, stderr, the facts
// cache) passes through here, because a scanned repository can put a credential anywhere a string goes:
// a dependency URL, a base URL, a model id, a suppression reason, a file name. Two kinds are removed:
// credentials inside URLs (the user-info, and query parameters named like credentials), and any value
// shaped like a key of the secret catalogue, which leaves its prefix and a fingerprint.

const SCHEME_URL = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/is;
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>`\\]+/gi;
// `?api_key=...`, `&token=...`, and the `;` of an HTML-escaped `&amp;token=`.
// The value ends at a separator, a quote, or a colon that ends a sentence (`...?token=x: unable to access`).
const QUERY_CREDENTIAL = new RegExp(`([?&;#](?:${CREDENTIAL_QUERY_PARAM.source})=)(?:[^&#\\s"'<>\`\\\\:]|:(?![\\s'"]|$))*`, 'gi');
const HINT = new RegExp(`${SECRET_HINT.source}|://|[?&;](?:${CREDENTIAL_QUERY_PARAM.source})=`, 'i');
const URL_HINT = /:\/\/|[?&;#]/;

export const REDACTED = 'REDACTED';

/**
 * Removes credentials from a URL. For http(s)/git/file the whole user-info goes (a token is often
 * passed as the user name: https://TOKEN@host); for ssh only a password goes, because the user name
 * (git@host) is needed to connect and is not a secret. Credential query parameters keep their name.
 */
export function stripCredentials(url: string): string {
  const m = SCHEME_URL.exec(url);
  if (!m) return url.replace(QUERY_CREDENTIAL, `$1${REDACTED}`);
  const scheme = m[1] ?? '';
  const authority = m[2] ?? '';
  const rest = (m[3] ?? '').replace(QUERY_CREDENTIAL, `$1${REDACTED}`);
  const at = authority.lastIndexOf('@');
  if (at < 0) return `${scheme}://${authority}${rest}`;
  const userInfo = authority.slice(0, at);
  const host = authority.slice(at + 1);
  if (scheme.toLowerCase() === 'ssh') {
    const user = userInfo.split(':')[0] ?? '';
    return `${scheme}://${user ? `${user}@` : ''}${host}${rest}`;
  }
  return `${scheme}://${host}${rest}`;
}

/** Any text with every credential removed: URL credentials, then key-shaped values. */
export function redactText(text: string): string {
  if (!HINT.test(text)) return text;
  let out = URL_HINT.test(text) ? text.replace(URL_IN_TEXT, (u) => stripCredentials(u)).replace(QUERY_CREDENTIAL, `$1${REDACTED}`) : text;
  if (!SECRET_HINT.test(out) && !/(?:AKIA|ASIA)/.test(out)) return out;
  for (const format of SECRET_FORMATS) {
    format.pattern.lastIndex = 0;
    out = out.replace(format.pattern, (match: string, group?: unknown) => {
      const secret = typeof group === 'string' ? group : match;
      return match.replace(secret, masked(secret, format.id === 'private-key' ? 'PRIVATE KEY…' : undefined));
    });
  }
  // A secret access key written beside its key id (positional arguments, a CSV row) has no name of its own.
  if (/(?:AKIA|ASIA)/.test(out)) {
    out = out.split('\n').map((line) => (/(?:AKIA|ASIA)/.test(line) ? line.replace(AWS_SECRET_BESIDE_KEY_ID, (v) => (looksLikeAwsSecret(v) ? masked(v) : v)) : line)).join('\n');
  }
  return out;
}

function masked(secret: string, preview = secretPreview(secret)): string {
  return `${preview}[${REDACTED.toLowerCase()}:${secretFingerprint(secret)}]`;
}

// A masked key id (`AKIA…[redacted:…]`) stays on the line, so its neighbour still counts as the secret.
function looksLikeAwsSecret(v: string): boolean {
  return /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9/+]/.test(v) && !/^[A-Za-z]+$/.test(v);
}

/** Every string inside a value (objects, arrays), keys included, redacted; other values kept. */
export function redactDeep<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = walk(v);
      if (r !== v) changed = true;
      return r;
    });
    return changed ? out : value;
  }
  if (value !== null && typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const rk = redactText(k);
      const rv = walk(v);
      if (rk !== k || rv !== v) changed = true;
      out[rk] = rv;
    }
    return changed ? out : value;
  }
  return value;
}
