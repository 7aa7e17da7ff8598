import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_FORMATS } from '../catalog/secrets.ts';
import type { Finding } from '../engine/run-rules.ts';

// The source line at each finding location, read from the checkout for the report (never executed),
// with any credential in it masked: a report must be safe to hand to anyone.

/** Locations per finding that get a snippet; the rest are listed by file and line only. */
const SNIPPETS_PER_FINDING = 10;
const MAX_CHARS = 160;

export function attachSnippets(root: string, findings: Finding[]): Finding[] {
  const lines = new Map<string, string[] | null>();
  const read = (file: string): string[] | null => {
    if (!lines.has(file)) {
      try {
        lines.set(file, readFileSync(join(root, file), 'utf8').split('\n'));
      } catch {
        lines.set(file, null);
      }
    }
    return lines.get(file) ?? null;
  };
  return findings.map((f) => ({
    ...f,
    locations: f.locations.map((l, i) => {
      if (i >= SNIPPETS_PER_FINDING) return l;
      const text = read(l.file)?.[l.line - 1];
      return text === undefined ? l : { ...l, snippet: mask(text.trim()).slice(0, MAX_CHARS) };
    }),
  }));
}

/** Every credential format replaced by its first characters and a mask. */
export function mask(text: string): string {
  let out = text;
  for (const format of SECRET_FORMATS) {
    out = out.replace(format.pattern, (match, group?: string) => {
      const secret = typeof group === 'string' ? group : match;
      return match.replace(secret, `${secret.slice(0, 4)}…[masked]`);
    });
  }
  return out;
}
