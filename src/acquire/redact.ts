// Anything we print or store about a remote may have come from a URL with a token in it,
// and anything git prints may be multi-line: these helpers make such text safe and one line.

const SCHEME_URL = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/is;

/**
 * Removes credentials from a URL. For http(s)/git/file the whole user-info goes (a token is
 * often passed as the user name: https://TOKEN@host); for ssh only a password goes, because
 * the user name (git@host) is needed to connect and is not a secret.
 */
export function stripCredentials(url: string): string {
  const m = SCHEME_URL.exec(url);
  if (!m) return url;
  const scheme = m[1] ?? '';
  const authority = m[2] ?? '';
  const rest = m[3] ?? '';
  const at = authority.lastIndexOf('@');
  if (at < 0) return url;
  const userInfo = authority.slice(0, at);
  const host = authority.slice(at + 1);
  if (scheme.toLowerCase() === 'ssh') {
    const user = userInfo.split(':')[0] ?? '';
    return `${scheme}://${user ? `${user}@` : ''}${host}${rest}`;
  }
  return `${scheme}://${host}${rest}`;
}

/** Strips credentials from every URL embedded in free text (git's stderr, error messages). */
export function redactText(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]+/gi, (u) => stripCredentials(u));
}

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
