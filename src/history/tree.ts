import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { git, readBlobs } from '../acquire/git.ts';
import type { ListedFile } from '../inventory/list.ts';

// A past commit is read from git's object store, never checked out: the scanned repository is not written
// (no worktree, no index). Only the files the scan reads are written, to a folder of our own, and from one
// point to the next only what changed between them: the cost follows the history's changes, not its size.

export interface TreeEntry extends ListedFile {
  size: number;
}

export class PointTree {
  private files = new Map<string, TreeEntry>();
  /** folders made so far (a removed file leaves its folder) */
  private readonly folders = new Set<string>();

  private constructor(
    readonly dir: string,
    private readonly gitRoot: string,
    /** which files the scan reads (code, manifests, CI and tool configs): the others are listed, never written */
    private readonly isRead: (path: string) => boolean,
    private readonly maxFileBytes: number,
  ) {}

  /** `dir`: an empty folder made for it (one a worker's owner removes when it stops the worker), else a new one. */
  static async create(gitRoot: string, isRead: (path: string) => boolean, maxFileBytes: number, dir?: string): Promise<PointTree> {
    return new PointTree(dir ?? await mkdtemp(join(tmpdir(), 'arch-audit-history-')), gitRoot, isRead, maxFileBytes);
  }

  /** Every entry of the commit's tree, as the inventory lists a checkout (paths from the repository's top). */
  get listing(): TreeEntry[] {
    return [...this.files.values()];
  }

  /**
   * Moves the folder to `commit`: removes what is gone, writes what is new or changed. `same`: the scan would see what it
   * saw at the commit before (the same paths, and the same bytes in every file it reads).
   */
  async moveTo(commit: string): Promise<{ written: number; same: boolean }> {
    const next = await listTree(this.gitRoot, commit);
    const wanted = (e: TreeEntry) => e.kind === 'file' && e.size <= this.maxFileBytes && this.isRead(e.path);
    let removed = 0;
    for (const [path, old] of this.files) {
      const now = next.get(path);
      if (wanted(old) && (!now || now.blob !== old.blob || !wanted(now))) {
        removed++;
        rmSync(join(this.dir, path), { force: true });
      }
    }
    const toWrite = [...next.values()].filter((e) => wanted(e) && this.files.get(e.path)?.blob !== e.blob);
    const BATCH = 2_000;
    for (let i = 0; i < toWrite.length; i += BATCH) {
      const batch = toWrite.slice(i, i + BATCH);
      const bytes = await readBlobs(this.gitRoot, [...new Set(batch.flatMap((e) => e.blob ?? []))]);
      // Written one after another without a turn of the event loop each: a point writes thousands of small files.
      for (const e of batch) {
        const data = e.blob ? bytes.get(e.blob) : undefined;
        if (!data) continue;
        const at = join(this.dir, e.path);
        const folder = dirname(at);
        if (!this.folders.has(folder)) {
          mkdirSync(folder, { recursive: true });
          this.folders.add(folder);
        }
        writeFileSync(at, data);
      }
    }
    // A file the scan lists but does not read (a doc, an image) still counts by its path: paths decide roles.
    const samePaths = next.size === this.files.size && [...next.keys()].every((path) => this.files.has(path));
    this.files = next;
    return { written: toWrite.length, same: samePaths && toWrite.length === 0 && removed === 0 };
  }

  /** After a move that failed half-way: nothing on disk is trusted, the next move writes every file. */
  async reset(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { recursive: true });
    this.files = new Map();
    this.folders.clear();
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** `git ls-tree -r -l`: every blob, link and submodule of the commit, with blob sizes. */
async function listTree(gitRoot: string, commit: string): Promise<Map<string, TreeEntry>> {
  const out = await git(gitRoot, ['ls-tree', '-r', '-l', '-z', '--full-tree', commit]);
  const entries = new Map<string, TreeEntry>();
  for (const record of out.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode = '', type = '', blob = '', size = ''] = record.slice(0, tab).split(/\s+/);
    const path = record.slice(tab + 1);
    const kind = type === 'commit' ? 'submodule' : mode === '120000' ? 'symlink' : 'file';
    entries.set(path, { path, blob: type === 'blob' ? blob : null, kind, size: Number(size) || 0 });
  }
  return entries;
}
