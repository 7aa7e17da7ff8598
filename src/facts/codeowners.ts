// Which model-calling files a CODEOWNERS file gives an owner: the owners GitHub asks to review a change to them. The
// patterns are read as GitHub reads them (gitignore's syntax, the last matching line wins, a line with no owner
// leaves the path unowned).

export interface CodeownersCoverage {
  file: string;
  /** the model-calling files with an owner, and those without */
  owned: number;
  unowned: string[];
}

export function codeownersCoverage(codeowners: { path: string; text: string }, files: readonly string[]): CodeownersCoverage {
  const rules = codeowners.text.split(/\r?\n/).flatMap((line) => {
    const [pattern, ...owners] = line.replace(/(^|\s)#.*$/, '').trim().split(/\s+/);
    return pattern ? [{ test: patternRegExp(pattern), owned: owners.length > 0 }] : [];
  });
  const ownerOf = (f: string) => [...rules].reverse().find((r) => r.test.test(f))?.owned ?? false;
  const unowned = files.filter((f) => !ownerOf(f));
  return { file: codeowners.path, owned: files.length - unowned.length, unowned };
}

function patternRegExp(pattern: string): RegExp {
  const dirOnly = pattern.endsWith('/');
  const body = pattern.replace(/^\//, '').replace(/\/$/, '');
  // A pattern with a slash before its end is relative to the repository's top; one without matches at any depth.
  const anchored = pattern.startsWith('/') || body.includes('/');
  const glob = body.split('/').map((part) => (part === '**' ? '\u0000' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))).join('/')
    .replace(/\u0000\//g, '(?:.*/)?').replace(/\/\u0000/g, '(?:/.*)?').replace(/\u0000/g, '.*');
  return new RegExp(`${anchored ? '^' : '(?:^|/)'}${glob}${dirOnly ? '/' : '(?:$|/)'}`);
}
