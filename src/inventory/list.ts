import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { GitError, git } from '../acquire/git.ts';
import { readRegularText } from '../io/regular-file.ts';
import { TOOL_CONFIG_FILE } from '../catalog/engineering.ts';
import { manifestKind } from './manifests/index.ts';
import { languageOf } from './language.ts';
import { walkFiles, type WalkProblem } from './walk.ts';

export interface ListedFile {
  /** POSIX path relative to the scanned root */
  path: string;
  /** git blob id from the index, when listed by git and the file is tracked */
  blob: string | null;
  kind: 'file' | 'symlink' | 'submodule';
  /** bytes, where the listing knows them without reading the file (a git tree) */
  size?: number;
}

export interface Listing {
  files: ListedFile[];
  method: 'git' | 'glob';
  /** folders that could not be listed, ignore files that were not read */
  problems: WalkProblem[];
}

/**
 * Every file of the target. In a git work tree the index is the truth (`.gitignore` honoured, blob ids
 * for free); untracked files that are not ignored are added for local folders, which may hold work
 * in progress. Without git (or with an index git cannot read), a walk that applies every `.gitignore`.
 */
export async function listFiles(root: string, inGitTree: boolean, includeUntracked: boolean): Promise<Listing> {
  if (!inGitTree) return walkListing(root, [], false);
  let files: ListedFile[];
  let prefix: string;
  try {
    prefix = await prefixOf(root);
    files = parseLsFilesStage(await git(root, ['ls-files', '-s', '-z', '--full-name', '--', '.']), prefix);
  } catch (err) {
    if (!(err instanceof GitError)) throw err;
    // A broken index is the repository's state, not ours: list the folder as it is and say so.
    return walkListing(root, [{ path: '', message: `git could not list the files (${err.message}); listed without git` }], true);
  }
  const problems: WalkProblem[] = [];
  if (includeUntracked) {
    const known = new Set(files.map((f) => f.path));
    const walked = await walkFiles(root, { baseRules: await ignoreRulesAbove(root, prefix), known, skipNestedRepos: true });
    for (const f of walked.files) files.push({ path: f.path, blob: null, kind: f.kind });
    problems.push(...walked.problems);
  }
  return { files: dedupe(files), method: 'git', problems };
}

/**
 * A folder of a monorepo (`apps/web`), with paths from the repository's top so reports, links and SARIF
 * place them where GitHub does, and with what the repository decides for every folder: its CI, its
 * CODEOWNERS, and the manifests, lockfiles and tool configs of the folders on the way down to this one.
 * Code of sibling folders stays out; so do other folders' untracked files.
 */
export async function listFolderOfRepository(top: string, subdir: string, includeUntracked: boolean): Promise<Listing> {
  const inner = await listFiles(join(top, subdir), true, includeUntracked);
  const files = inner.files.map((f) => ({ ...f, path: `${subdir}/${f.path}` }));
  if (inner.method === 'glob') return { ...inner, files };
  const parts = subdir.split('/');
  const above = parts.slice(0, -1).map((_, i) => `:(glob)${parts.slice(0, i + 1).join('/')}/*`);
  const spec = [':(glob)*', ...CI_FOLDERS.map((d) => `:(glob)${d}/**`), ...above];
  const listed = await git(top, ['ls-files', '-s', '-z', '--full-name', '--', ...spec]).catch(() => '');
  // The pathspecs only narrow what git lists; which of those files the scan reads is `inFolderScan`'s to say.
  const context = parseLsFilesStage(listed, '').filter((f) => inFolderScan(f.path, subdir));
  return { files: dedupe([...files, ...context]), method: 'git', problems: inner.problems };
}

const CI_FOLDERS = ['.github', '.gitlab', '.circleci', '.buildkite'];

/** What scanning the folder `subdir` of a repository lists of a path from the repository's top (as `listFolderOfRepository`). */
export function inFolderScan(path: string, subdir: string): boolean {
  if (path.startsWith(`${subdir}/`)) return true;
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const around = dir === '' || CI_FOLDERS.some((d) => path.startsWith(`${d}/`)) || `${subdir}/`.startsWith(`${dir}/`);
  return around && isRepositoryContext(path);
}

function isRepositoryContext(path: string): boolean {
  // Code files a folder above the scanned one holds count only when they configure tools rather than ship product.
  return languageOf(path) === null || manifestKind(path) !== null || TOOL_CONFIG_FILE.test(path);
}

async function walkListing(root: string, problems: WalkProblem[], inGitTree: boolean): Promise<Listing> {
  const walked = await walkFiles(root, { skipNestedRepos: inGitTree });
  return { files: dedupe(walked.files.map((f) => ({ path: f.path, blob: null, kind: f.kind }))), method: 'glob', problems: [...problems, ...walked.problems] };
}

const IGNORE_FILE_MAX_BYTES = 1024 * 1024;

/**
 * The ignore rules git applies to a folder from outside it, lowest priority first: core.excludesFile,
 * .git/info/exclude, then the .gitignore files of the folders between the work tree's top and it. Each is
 * read only when it is a regular file, so one that is a FIFO cannot block the scan.
 */
async function ignoreRulesAbove(root: string, prefix: string): Promise<{ text: string; outside: string }[]> {
  const read = (path: string): string => readRegularText(path, IGNORE_FILE_MAX_BYTES) ?? '';
  const configured = (await git(root, ['config', '--path', '--get', 'core.excludesFile']).catch(() => '')).trim();
  const xdg = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const excludesFile = configured ? resolve(root, configured) : join(xdg, 'git', 'ignore');
  const infoExclude = resolve(root, (await git(root, ['rev-parse', '--git-path', 'info/exclude']).catch(() => '')).trim() || '.git/info/exclude');
  const rules = [{ text: read(excludesFile), outside: prefix }, { text: read(infoExclude), outside: prefix }];
  const parts = prefix.split('/').filter(Boolean);
  for (let depth = 0; depth < parts.length; depth++) {
    const above = join(root, ...Array<string>(parts.length - depth).fill('..'));
    rules.push({ text: read(join(above, '.gitignore')), outside: `${parts.slice(depth).join('/')}/` });
  }
  return rules.filter((r) => r.text !== '');
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

