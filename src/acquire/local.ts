import { lstatSync, realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { readRegularText } from '../io/regular-file.ts';
import { GitError, git } from './git.ts';

export interface LocalGitInfo {
  gitRoot: string | null;
  commit: string | null;
  shallow: boolean;
  /** Checked-out branch; null when detached or not a git work tree. */
  ref: string | null;
  /** POSIX path of root inside gitRoot; null at the top level or outside git. */
  subdir: string | null;
  notes: string[];
}

const NOT_A_REPO = /not a git repository|must be run in a work tree|cannot use bare repository/i;

function none(notes: string[] = []): LocalGitInfo {
  return { gitRoot: null, commit: null, shallow: false, ref: null, subdir: null, notes };
}

function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Reads git facts about a local folder with read-only commands (rev-parse, symbolic-ref):
 * nothing here may write to the target, not even .git/index.
 */
export async function inspectLocal(root: string): Promise<LocalGitInfo> {
  let top: string;
  try {
    top = (await git(root, ['rev-parse', '--show-toplevel'])).trim();
  } catch (err) {
    if (!(err instanceof GitError)) throw err; // UserError (dubious ownership) stops the scan
    if (err.reason === 'missing') return none(['git not found on PATH: git history not read']);
    if (NOT_A_REPO.test(err.stderr)) return none();
    return none([`git metadata not read: ${err.message}`]);
  }
  if (top === '') return none(); // inside a .git directory

  const gitRoot = await realpath(top);
  // core.worktree in the target's config can point the "work tree" anywhere on disk; then
  // the git view and the folder we scan disagree, so ignore git rather than follow it.
  if (!inside(root, gitRoot)) {
    return none(['git metadata ignored: the repository declares a work tree outside the scanned folder (core.worktree)']);
  }

  const foreign = await foreignGitDir(gitRoot);
  if (foreign) return none([`git metadata ignored: ${foreign}`]);

  const head = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch((err: unknown) => {
    if (err instanceof GitError && err.reason === 'exit') return ''; // no commits yet
    throw err;
  });
  const shallow = (await git(root, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
  const branch = await git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '');
  const rel = relative(gitRoot, root).split(sep).join('/');
  return {
    gitRoot,
    commit: head.trim() === '' ? null : head.trim(),
    shallow,
    ref: branch.trim() === '' ? null : branch.trim(),
    subdir: rel === '' ? null : rel,
    notes: [],
  };
}

/**
 * A `.git` that is a file (a linked worktree, a submodule) names the repository it belongs to. One that
 * points at an unrelated repository would have us report that repository's commit and files as this
 * folder's; so would a `.git` symlink. Returns why git is not trusted here, or null.
 */
async function foreignGitDir(top: string): Promise<string | null> {
  const dotGit = join(top, '.git');
  let st;
  try {
    st = lstatSync(dotGit);
  } catch {
    return null; // git found the repository another way (GIT_DIR is never passed through)
  }
  if (st.isDirectory()) return null;
  if (!st.isFile()) return '.git is a symbolic link or a special file, not this folder\'s own repository';
  const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readRegularText(dotGit, 64 * 1024) ?? '')?.[1];
  if (!pointer) return '.git is a file that names no git directory';
  const gitDir = resolve(top, pointer);
  const same = (a: string, b: string): boolean => {
    try {
      return realpathSync(a) === realpathSync(b);
    } catch {
      return false;
    }
  };
  // A linked worktree: its git directory records the .git file that points at it.
  const back = readRegularText(join(gitDir, 'gitdir'), 64 * 1024)?.trim();
  if (back && same(resolve(gitDir, back), dotGit)) return null;
  // A submodule (or a separated git directory): its config names this folder as the work tree.
  const worktree = (await git(top, ['config', '--file', join(gitDir, 'config'), '--get', 'core.worktree']).catch(() => '')).trim();
  if (worktree && same(resolve(gitDir, worktree), top)) return null;
  return `.git points at ${pointer}, a repository that does not name this folder as its work tree`;
}
