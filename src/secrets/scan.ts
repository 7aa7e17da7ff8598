import { createHash } from 'node:crypto';
import { EXAMPLE_FILE, PLACEHOLDER, SECRET_FORMATS, SECRET_HINT, TEST_VALUE_WORDS } from '../catalog/secrets.ts';
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
  /** what says it may be a test value although it looks real: a word on its line (`fake`, `mock`), or an example file */
  testContext?: string;
}

/** Below this, a random-looking value is more likely a word, an id or a hash prefix than a key. */
const MIN_ENTROPY = 3.2;

// A Google key in web configuration (Firebase, Maps, YouTube's InnerTube web client, a public env prefix) is a
// client-side key, public by design and restricted by referrer; so is one the code names public on its own line
// (`INNERTUBE_PUBLIC_API_KEY = ...`). Elsewhere it is a Gemini or Cloud credential.
const PUBLIC_GOOGLE_KEY_CONTEXT = /firebase|maps\.googleapis|innertube|youtubei\/v1|NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_/i;
const NAMED_PUBLIC = /public/i;

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
      if (!looksReal(value, format.id)) continue;
      if (format.id === 'google-api-key' && publicGoogle) continue;
      const index = m.index + (m[1] !== undefined ? m[0].indexOf(value) : 0);
      if (seen.has(`${index}`)) continue;
      seen.add(`${index}`);
      starts ??= lineStarts(text);
      const line = lineOf(starts, index);
      if (format.id === 'google-api-key' && NAMED_PUBLIC.test(lineText(text, starts, line).replace(value, ''))) continue;
      const testContext = EXAMPLE_FILE.test(path) ? 'an example file' : testWordBeside(text, starts, line, value);
      out.push({
        file: path,
        line,
        format: format.id,
        issuer: format.issuer,
        preview: format.id === 'private-key' ? 'PRIVATE KEY…' : secretPreview(value),
        fingerprint: secretFingerprint(value),
        ...(testContext ? { testContext } : {}),
      });
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

/**
 * A value that could be a live key. Placeholders are made by people: words, masks, runs of one
 * character or of the alphabet, little variety. A real key is random after its format's prefix.
 */
function looksReal(value: string, format: string): boolean {
  if (PLACEHOLDER.test(value)) return false;
  // A key's encoding has runs of its own (zero bytes are `AAAA` in base64): only its variety is asked.
  if (format === 'private-key') return entropy(value) >= MIN_ENTROPY;
  const body = value.slice(formatPrefix(value)?.length ?? 0);
  return entropy(body) >= MIN_ENTROPY && !/(.)\1{4,}/.test(body) && !hasSequence(body, 6) && !isWords(body);
}

/** Separated lower-case words and short numbers: `not-a-real-slack-token-for-tests`, `my_openai_key_1`. */
function isWords(body: string): boolean {
  const parts = body.split(/[-_.]+/).filter(Boolean);
  return parts.length >= 3 && parts.every((p) => /^[a-z]{1,12}$|^\d{1,4}$/.test(p));
}

/** A run of `n` characters each one after (or before) the last: `abcdef`, `123456`, `987654`. */
function hasSequence(body: string, n: number): boolean {
  let up = 1;
  let down = 1;
  for (let i = 1; i < body.length; i++) {
    const step = body.charCodeAt(i) - body.charCodeAt(i - 1);
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    if (up >= n || down >= n) return true;
  }
  return false;
}

/** A word on the key's line, outside the key, that says it is a test value (`FAKE_OPENAI_KEY`, `mockToken`, `# for tests`). */
function testWordBeside(text: string, starts: number[], line: number, value: string): string | undefined {
  const around = lineText(text, starts, line).replace(value, ' ');
  const words = around.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/);
  return words.find((w) => TEST_VALUE_WORDS.has(w));
}

function lineText(text: string, starts: number[], line: number): string {
  return text.slice(starts[line - 1] ?? 0, starts[line] ?? text.length);
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
  return `${(formatPrefix(value) ?? value.slice(0, 4)).slice(0, 12)}…`;
}

/** The prefix a key format puts before its random part. */
function formatPrefix(value: string): string | undefined {
  return /^(sk-ant-(?:api|admin)\d{2}-|sk-or-v1-|sk-lf-|sk-proj-|sk-svcacct-|sk-admin-|sk-|AIza|AKIA|ASIA|hf_|gsk_|r8_|xai-|pplx-|fw_|pcsk_|lsv2_..-|gh[pousr]_|github_pat_|[sr]k_live_|xox[baprs]-)/.exec(value)?.[0];
}
