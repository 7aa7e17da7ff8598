import { statSync } from 'node:fs';
import { UserError } from '../errors.ts';
import { oneLine, stripCredentials } from './redact.ts';

export type TargetSpec =
  | { kind: 'local'; path: string }
  | { kind: 'git'; url: string; ref?: string }
  | { kind: 'github'; owner: string; repo: string; ref?: string; url: string };

// `url` in a spec is safe to print and store. When the user typed credentials into the URL we
// still need them to fetch, so the original is kept here, out of the object, for clone.ts only.
const fetchUrls = new WeakMap<TargetSpec, string>();

/** The URL to fetch from, credentials included when the user supplied them. */
export function fetchUrlOf(spec: TargetSpec): string | undefined {
  return fetchUrls.get(spec) ?? (spec.kind === 'local' ? undefined : spec.url);
}

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const SCP_LIKE = /^([A-Za-z0-9_][A-Za-z0-9._-]*)@([A-Za-z0-9][A-Za-z0-9.-]*):(?!\/\/)(.+)$/;
const SUPPORTED_SCHEMES = new Set(['https', 'http', 'ssh', 'git', 'file']);

export function isFullSha(ref: string): boolean {
  return /^[0-9a-f]{40}$/i.test(ref) || /^[0-9a-f]{64}$/i.test(ref);
}

/**
 * Accepts what `git check-ref-format` accepts for a branch, tag or SHA, minus anything that
 * git could read as an option (leading '-') or a refspec (':').
 */
export function validateRef(ref: string): string {
  const bad =
    ref === '' ||
    ref.startsWith('-') ||
    ref.startsWith('/') ||
    ref.endsWith('/') ||
    ref.endsWith('.') ||
    ref.endsWith('.lock') ||
    ref.includes('..') ||
    ref.includes('//') ||
    ref.includes('@{') ||
    ref === '@' ||
    /[\s\u0000-\u001f\u007f~^:?*[\\]/.test(ref) ||
    ref.split('/').some((part) => part.startsWith('.'));
  if (bad) throw new UserError(`invalid git ref: ${JSON.stringify(oneLine(ref, 100))}`);
  return ref;
}

function withRef<T extends object>(spec: T, ref: string | undefined): T & { ref?: string } {
  return ref === undefined ? spec : { ...spec, ref: validateRef(ref) };
}

function isDirectory(path: string): boolean | null {
  try {
    return statSync(path).isDirectory();
  } catch {
    return null; // does not exist or is unreadable
  }
}

function githubSpec(owner: string, repo: string, ref: string | undefined): TargetSpec {
  const name = repo.replace(/\.git$/i, '');
  if (!GITHUB_OWNER.test(owner) || !GITHUB_REPO.test(name) || name === '.' || name === '..') {
    throw new UserError(`not a valid GitHub repository name: ${oneLine(`${owner}/${repo}`, 200)}`);
  }
  return withRef({ kind: 'github' as const, owner, repo: name, url: `https://github.com/${owner}/${name}` }, ref);
}

function parseSchemeUrl(input: string, ref: string | undefined): TargetSpec {
  const scheme = (SCHEME.exec(input)?.[1] ?? '').toLowerCase();
  const shown = stripCredentials(input);
  if (!SUPPORTED_SCHEMES.has(scheme)) {
    throw new UserError(
      `unsupported URL scheme "${scheme}" in ${oneLine(shown, 200)}: use https://, http://, ssh://, git://, file:// or git@host:path`,
    );
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UserError(`not a valid URL: ${oneLine(shown, 200)}`);
  }
  if (scheme !== 'file' && url.hostname === '') throw new UserError(`URL has no host: ${oneLine(shown, 200)}`);
  if (url.hostname.startsWith('-')) throw new UserError(`invalid host in URL: ${oneLine(shown, 200)}`);

  const host = url.hostname.toLowerCase();
  if ((scheme === 'https' || scheme === 'http') && (host === 'github.com' || host === 'www.github.com')) {
    const parts = url.pathname.split('/').filter((p) => p !== '');
    const [owner, repo, kind, ...rest] = parts;
    if (owner !== undefined && repo !== undefined && (kind === undefined || (kind === 'tree' && rest.length > 0))) {
      const urlRef = kind === 'tree' ? decodeURIComponent(rest.join('/')) : undefined;
      const spec = githubSpec(owner, repo, ref ?? urlRef);
      if (url.username !== '' || url.password !== '') {
        fetchUrls.set(spec, `${url.protocol}//${url.username}${url.password ? `:${url.password}` : ''}@github.com/${owner}/${repo.replace(/\.git$/i, '')}.git`);
      }
      return spec;
    }
    throw new UserError(`unsupported GitHub URL: ${oneLine(shown, 200)} (use https://github.com/<owner>/<repo> or .../tree/<ref>)`);
  }
  const spec = withRef({ kind: 'git' as const, url: shown }, ref);
  if (shown !== input) fetchUrls.set(spec, input);
  return spec;
}

/**
 * Reads what the user asked to scan. An existing local folder wins over the owner/repo
 * reading, `ref` (from --ref) wins over an @ref suffix or a /tree/<ref> URL.
 */
export function parseTarget(input: string, ref?: string): TargetSpec {
  const raw = input === '' ? '.' : input;
  if (raw.startsWith('-')) throw new UserError(`invalid target: ${oneLine(raw, 200)} (looks like an option)`);
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new UserError('invalid target: contains control characters');

  if (SCHEME.test(raw)) return parseSchemeUrl(raw, ref);

  const scp = SCP_LIKE.exec(raw);
  if (scp && !raw.includes('::')) {
    const path = scp[3] ?? '';
    if (path.startsWith('-')) throw new UserError(`invalid path in git URL: ${oneLine(raw, 200)}`);
    return withRef({ kind: 'git' as const, url: raw }, ref);
  }
  if (raw.includes('::')) {
    throw new UserError(`unsupported git transport in ${oneLine(stripCredentials(raw), 200)}: use https://, ssh://, file:// or git@host:path`);
  }

  const dir = isDirectory(raw);
  if (dir === true) {
    if (ref !== undefined) {
      throw new UserError(
        `--ref cannot be used with a local folder (${oneLine(raw, 200)}): check out the ref yourself, or pass a git URL`,
      );
    }
    return { kind: 'local', path: raw };
  }

  const gh = /^([^/@\s]+)\/([^/@\s]+)(?:@(.+))?$/.exec(raw);
  if (dir === null && gh && !raw.startsWith('.') && GITHUB_OWNER.test(gh[1] ?? '')) {
    return githubSpec(gh[1] ?? '', gh[2] ?? '', ref ?? gh[3]);
  }
  throw new UserError(`no such directory: ${oneLine(raw, 200)}`);
}
