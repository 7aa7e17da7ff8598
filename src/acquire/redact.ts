// Anything we print or store about a remote may have come from a URL with a token in it,
// and anything git prints may be multi-line: these helpers make such text safe and one line.

import { redactText } from '../io/redact.ts';

export { redactText, stripCredentials } from '../io/redact.ts';

/** Collapses text to a single printable line, capped so one error cannot flood the terminal. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The line of git's stderr that explains a failure: prefers fatal: then error: lines, skips hints,
 * progress and blank lines, and drops the "fatal: " prefix.
 */
export function firstMeaningfulLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(hint:|Cloning into|remote: (Enumerating|Counting|Compressing|Total))/i.test(l));
  const pick = lines.find((l) => /^fatal:/i.test(l)) ?? lines.find((l) => /^error:/i.test(l)) ?? lines[0] ?? 'unknown git error';
  return oneLine(redactText(pick.replace(/^(fatal|error):\s*/i, '')));
}

/**
 * The whole explanation git gave for a failure, as one line: every line but hints and progress, in
 * order (a server's `remote:` reason often comes before git's own `fatal:`), credentials removed.
 */
export function wholeReason(stderr: string): string {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.trim().replace(/^(fatal|error):\s*/i, ''))
    .filter((l) => l !== '' && !/^(hint:|Cloning into|remote: (Enumerating|Counting|Compressing|Total)|Please make sure you have the correct access rights|and the repository exists\.)/i.test(l));
  return oneLine(redactText([...new Set(lines)].join('; ') || 'unknown git error'), 2000);
}
