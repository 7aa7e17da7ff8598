import { createHash } from 'node:crypto';
import { PLACEHOLDER, SECRET_FORMATS, SECRET_HINT } from '../catalog/secrets.ts';
import { lineOf, lineStarts } from '../util/lines.ts';

/** A committed credential, described without the credential: a short prefix and a fingerprint only. */
export interface SecretFact {
  file: string;
  line: number;
  format: string;
  issuer: string;
  /** the format's own prefix (`sk-proj-`, `AKIA`), or the value's first 4 characters when it has none */
  preview: string;
  /** sha256 of the value, 12 hex characters: tells two findings of the same key apart */
  fingerprint: string;
}

/** Below this, a random-looking value is more likely a word, an id or a hash prefix than a key. */
const MIN_ENTROPY = 3.2;

// A Google key in web configuration (Firebase, Maps, a public env prefix) is a client-side key,
// public by design and restricted by referrer; elsewhere it is a Gemini or Cloud credential.
const PUBLIC_GOOGLE_KEY_CONTEXT = /firebase|maps\.googleapis|NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_/i;

export function findSecrets(path: string, text: string): SecretFact[] {
  if (!SECRET_HINT.test(text)) return [];
  const publicGoogle = PUBLIC_GOOGLE_KEY_CONTEXT.test(text);
  const out: SecretFact[] = [];
  const seen = new Set<string>();
  let starts: number[] | undefined;
  for (const format of SECRET_FORMATS) {
    format.pattern.lastIndex = 0;
    for (const m of text.matchAll(format.pattern)) {
      const value = m[1] ?? m[0];
      if (!looksReal(value)) continue;
      if (format.id === 'google-api-key' && publicGoogle) continue;
      const index = m.index + (m[1] !== undefined ? m[0].indexOf(value) : 0);
      if (seen.has(`${index}`)) continue;
      seen.add(`${index}`);
      starts ??= lineStarts(text);
      out.push({
        file: path,
        line: lineOf(starts, index),
        format: format.id,
        issuer: format.issuer,
        preview: format.id === 'private-key' ? 'PRIVATE KEY…' : secretPreview(value),
        fingerprint: secretFingerprint(value),
      });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

function looksReal(value: string): boolean {
  return !PLACEHOLDER.test(value) && entropy(value) >= MIN_ENTROPY;
}

/** Shannon entropy in bits per character. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** sha256 of a secret, 12 hex characters: tells two findings of the same key apart and reveals nothing. */
export function secretFingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}

/** The format's own prefix, or 4 characters: enough to recognise the key type, useless to an attacker. */
export function secretPreview(value: string): string {
  const prefix = /^(sk-ant-(?:api|admin)\d{2}-|sk-or-v1-|sk-lf-|sk-proj-|sk-svcacct-|sk-admin-|sk-|AIza|AKIA|ASIA|hf_|gsk_|r8_|xai-|pplx-|fw_|pcsk_|lsv2_..-|gh[pousr]_|github_pat_|[sr]k_live_|xox[baprs]-)/.exec(value)?.[0];
  return `${(prefix ?? value.slice(0, 4)).slice(0, 12)}…`;
}
