import { readdir, lstat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { describeFsError, errorCode } from '../errors.ts';
import { readRegularText } from '../io/regular-file.ts';

// The files of a folder that are not ignored, found without git: for folders outside git, and for the
// untracked files of a local work tree. Git would open every .gitignore it meets, and a FIFO named
// .gitignore (or core.excludesFile pointing at one) blocks it forever; here only regular ignore files are
// read, through the non-blocking reader, and ignored folders are never entered.

export interface WalkedFile {
  path: string;
  kind: 'file' | 'symlink';
}

export interface WalkProblem {
  path: string;
  message: string;
}

export interface WalkOptions {
  /**
   * ignore rules that apply from outside the walk, lowest priority first: core.excludesFile and
   * .git/info/exclude (`outside` = the walked folder's path from the work tree's top, `sub/`), then the
   * .gitignore files of the folders above it
   */
  baseRules?: { text: string; outside: string }[];
  /** paths to leave out (tracked files already listed) */
  known?: ReadonlySet<string>;
  /**
   * inside a git work tree a nested repository is its own project and git does not list it; a folder
   * that is no repository (a checkout of several) is walked into them
   */
  skipNestedRepos?: boolean;
}

interface Layer {
  /** folder of the .gitignore inside the walk, '' for the root or above it, with a trailing slash otherwise */
  dir: string;
  /** for rules from above the walked folder: the path from their folder down to it */
  outside: string;
  rules: Ignore;
}

const GITIGNORE_MAX_BYTES = 1024 * 1024;

export async function walkFiles(root: string, opts: WalkOptions = {}): Promise<{ files: WalkedFile[]; problems: WalkProblem[] }> {
  const files: WalkedFile[] = [];
  const problems: WalkProblem[] = [];
  const base: Layer[] = (opts.baseRules ?? []).map((b) => ({ dir: '', outside: b.outside, rules: ignore().add(b.text) }));
  const stack: { rel: string; layers: Layer[] }[] = [{ rel: '', layers: base }];
  while (stack.length > 0) {
    const { rel, layers: parentLayers } = stack.pop() as { rel: string; layers: Layer[] };
    let entries: Dirent[];
    try {
      entries = await readdir(rel === '' ? root : join(root, rel), { withFileTypes: true });
    } catch (err) {
      // Deleted while listing: nothing to report. Anything else (a path too long, no permission) is.
      if (errorCode(err) !== 'ENOENT' && errorCode(err) !== 'ENOTDIR') problems.push({ path: rel, message: `folder not listed: ${describeFsError(err)}` });
      continue;
    }
    const prefix = rel === '' ? '' : `${rel}/`;
    let layers = parentLayers;
    const gitignore = entries.find((e) => e.name === '.gitignore');
    if (gitignore) {
      const text = gitignore.isFile() ? readRegularText(join(root, prefix, '.gitignore'), GITIGNORE_MAX_BYTES) : null;
      if (text !== null) layers = [...parentLayers, { dir: prefix, outside: '', rules: ignore().add(text) }];
      else problems.push({ path: `${prefix}.gitignore`, message: 'not a regular file of at most 1 MB: its rules were not read' });
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name === '.git') continue;
      const path = `${prefix}${entry.name}`;
      const type = await typeOf(entry, join(root, path));
      if (type === 'dir') {
        if (isIgnored(`${path}/`, layers)) continue;
        if (opts.skipNestedRepos && (await hasGit(join(root, path)))) continue;
        stack.push({ rel: path, layers });
      } else if (type === 'file' || type === 'symlink') {
        if (opts.known?.has(path) || isIgnored(path, layers)) continue;
        files.push({ path, kind: type });
      }
      // FIFOs, sockets and devices are not source files; git does not list them either.
    }
  }
  return { files, problems };
}

async function typeOf(entry: Dirent, abs: string): Promise<'dir' | 'file' | 'symlink' | 'other' | null> {
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice()) return 'other';
  // Some file systems do not tell the type in the listing.
  try {
    const st = await lstat(abs);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : 'other';
  } catch {
    return null;
  }
}

async function hasGit(dir: string): Promise<boolean> {
  try {
    await lstat(join(dir, '.git'));
    return true;
  } catch {
    return false;
  }
}

/** Git's precedence: later layers (deeper .gitignore files) override earlier ones; within a layer the last matching rule wins. */
function isIgnored(path: string, layers: readonly Layer[]): boolean {
  let ignored = false;
  for (const layer of layers) {
    if (layer.dir !== '' && !path.startsWith(layer.dir)) continue;
    const rel = layer.outside + path.slice(layer.dir.length);
    if (rel === '' || rel === '/') continue;
    const r = layer.rules.test(rel);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}
