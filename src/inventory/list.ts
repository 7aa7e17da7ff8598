import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import { git } from '../acquire/git.ts';

export interface ListedFile {
  /** POSIX path relative to the scanned root */
  path: string;
  /** git blob id from the index, when listed by git and the file is tracked */
  blob: string | null;
  kind: 'file' | 'symlink' | 'submodule';
}

export interface Listing {
  files: ListedFile[];
  method: 'git' | 'glob';
}

/**
 * Every file of the target. In a git work tree the index is the truth (`.gitignore` honoured, blob ids
 * for free); untracked files that are not ignored are added for local folders, which may hold work
 * in progress. Without git, a glob that applies every `.gitignore` it finds.
 */
export async function listFiles(root: string, inGitTree: boolean, includeUntracked: boolean): Promise<Listing> {
  if (!inGitTree) return { files: await globFiles(root), method: 'glob' };
  const files = parseLsFilesStage(await git(root, ['ls-files', '-s', '-z', '--full-name', '--', '.']), await prefixOf(root));
  if (includeUntracked) {
    const untracked = await git(root, ['ls-files', '-o', '--exclude-standard', '-z', '--', '.']);
    for (const path of untracked.split('\0')) if (path) files.push({ path, blob: null, kind: 'file' });
  }
  return { files: dedupe(files), method: 'git' };
}

async function prefixOf(root: string): Promise<string> {
  return (await git(root, ['rev-parse', '--show-prefix'])).trim();
}

function parseLsFilesStage(out: string, prefix: string): ListedFile[] {
  const files: ListedFile[] = [];
  for (const record of out.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, blob] = record.slice(0, tab).split(' ');
    const fullPath = record.slice(tab + 1);
    const path = prefix && fullPath.startsWith(prefix) ? fullPath.slice(prefix.length) : fullPath;
    const kind = mode === '160000' ? 'submodule' : mode === '120000' ? 'symlink' : 'file';
    files.push({ path, blob: blob ?? null, kind });
  }
  return files;
}

// Conflicted files appear once per stage; keep the first.
function dedupe(files: ListedFile[]): ListedFile[] {
  const seen = new Set<string>();
  return files.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true))).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function globFiles(root: string): Promise<ListedFile[]> {
  const entries = await fg('**/*', { cwd: root, dot: true, onlyFiles: false, followSymbolicLinks: false, ignore: ['**/.git/**'], markDirectories: true });
  const paths = entries.filter((e) => !e.endsWith('/'));
  const ignores = await loadGitignores(root, paths.filter((p) => p === '.gitignore' || p.endsWith('/.gitignore')));
  const kept = paths.filter((p) => !isIgnored(p, ignores));
  const files = await Promise.all(kept.map(async (path): Promise<ListedFile> => {
    const st = await lstat(join(root, path));
    return { path, blob: null, kind: st.isSymbolicLink() ? 'symlink' : 'file' };
  }));
  return dedupe(files);
}

async function loadGitignores(root: string, paths: string[]): Promise<Map<string, Ignore>> {
  const map = new Map<string, Ignore>();
  for (const p of paths) {
    const dir = p.includes('/') ? p.slice(0, p.lastIndexOf('/') + 1) : '';
    map.set(dir, ignore().add(await readFile(join(root, p), 'utf8')));
  }
  return map;
}

function isIgnored(path: string, ignores: Map<string, Ignore>): boolean {
  for (const [dir, ig] of ignores) {
    if (dir && !path.startsWith(dir)) continue;
    if (ig.ignores(path.slice(dir.length))) return true;
  }
  return false;
}
