import type { Report } from '../report/schema.ts';

/** The file and line at the scanned commit on GitHub; null for other targets, without a commit, or when the repository URL is not https. */
export function commitUrl(r: Report, file: string, line: number): string | null {
  const gh = r.target.github;
  if (!gh || !r.target.commit || !isHttps(gh.htmlUrl)) return null;
  return `${gh.htmlUrl.replace(/\/+$/, '')}/blob/${r.target.commit}/${uriPath(file)}#L${line}`;
}

/** Links in reports are https only: a `javascript:` or `data:` URL from an API answer must not become one. */
export function isHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** A repository path as a URI path: every character outside the URI set escaped, `#` and `?` included. */
export function uriPath(path: string): string {
  // A lone surrogate would make encodeURI throw; file names decoded from bytes can hold one.
  return encodeURI(path.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')).replace(/[?#]/g, (c) => encodeURIComponent(c));
}
