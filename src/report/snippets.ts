import { join } from 'node:path';
import { redactText } from '../io/redact.ts';
import { readRegularText } from '../io/regular-file.ts';
import type { Finding } from '../engine/run-rules.ts';

// The source line at each finding location, read from the checkout for the report (never executed),
// with any credential in it masked: a report must be safe to hand to anyone.

/** Locations per finding that get a snippet; the rest are listed by file and line only. */
const SNIPPETS_PER_FINDING = 10;
const MAX_CHARS = 160;
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export function attachSnippets(root: string, findings: Finding[]): Finding[] {
  const lines = new Map<string, string[] | null>();
  const read = (file: string): string[] | null => {
    if (!lines.has(file)) {
      lines.set(file, readRegularText(join(root, file), MAX_FILE_BYTES)?.split('\n') ?? null);
    }
    return lines.get(file) ?? null;
  };
  return findings.map((f) => ({
    ...f,
    locations: f.locations.map((l, i) => {
      if (i >= SNIPPETS_PER_FINDING) return l;
      const text = read(l.file)?.[l.line - 1];
      return text === undefined ? l : { ...l, snippet: redactText(text.trim()).slice(0, MAX_CHARS) };
    }),
  }));
}
