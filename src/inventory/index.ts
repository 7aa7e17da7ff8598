import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFsError, errorCode } from '../errors.ts';
import { readRegularText } from '../io/regular-file.ts';
import { isConfigFile, readCiConfigs, readPathAliases, type CiConfig, type PathAlias } from './config-files.ts';
import { hasBinaryExtension } from './content.ts';
import { isInfraFile } from '../catalog/infra.ts';
import { isModelRegistry } from '../config/model-registry.ts';
import { isSecretCandidate } from '../catalog/secrets.ts';
import { LOCKFILE_NAMES } from '../catalog/engineering.ts';
import { languageOf } from './language.ts';
import { listFiles, listFolderOfRepository, type Listing } from './list.ts';
import { manifestKind, parseManifest, type Manifest } from './manifests/index.ts';
import { isInScope, roleOf, type FileRole } from './roles.ts';

export type SkipReason =
  | 'vendored' | 'generated' | 'binary' | 'minified' | 'lfs-pointer' | 'too-large' | 'symlink' | 'submodule' | 'missing' | 'unreadable' | 'excluded by config';

export interface SkippedFile {
  path: string;
  reason: SkipReason;
}

export interface InventoryFile {
  path: string;
  language: string | null;
  role: FileRole;
  /** bytes; null when not measured (files that are never read: docs, images, data) */
  size: number | null;
  blob: string | null;
}

/** Something in the repository that could not be read as expected; the scan went on without it. */
export interface InventoryProblem {
  kind: 'read-error' | 'manifest-error' | 'config-error';
  file?: string;
  message: string;
}

export interface Inventory {
  method: 'git' | 'glob';
  problems: InventoryProblem[];
  files: InventoryFile[];
  skipped: SkippedFile[];
  manifests: Manifest[];
  ciConfigs: CiConfig[];
  /** tsconfig path aliases, for the module graph */
  aliases: PathAlias[];
  /** the CODEOWNERS file GitHub reads (.github/, the top, docs/), with its text */
  codeowners: { path: string; text: string } | null;
}

export interface InventoryOptions {
  inGitTree: boolean;
  includeUntracked: boolean;
  maxFileBytes: number;
  /** files the user's config leaves out (`exclude`): listed as skipped, never read */
  excluded?: (path: string) => boolean;
  /** the scanned folder inside the repository at `root` (a monorepo's `apps/web`); paths stay repository-relative */
  subdir?: string;
  /** the files, already listed (a past commit's tree, with sizes): the folder holds only those the scan reads */
  listing?: Listing;
}

const MANIFEST_MAX_BYTES = 5 * 1024 * 1024;

/**
 * The names the product's own manifests declare (`crewai`, `@langchain/core`): the product's packages, by the
 * role each manifest's file was given (a template's manifest is an example's, not the product's).
 */
export function productPackageNames(inventory: { files: readonly InventoryFile[]; manifests: readonly Manifest[] }): string[] {
  const roles = new Map(inventory.files.map((f) => [f.path, f.role]));
  return inventory.manifests.flatMap((m) => (m.name && isInScope(roles.get(m.path) ?? roleOf(m.path)) ? [m.name] : []));
}

export async function buildInventory(root: string, opts: InventoryOptions): Promise<Inventory> {
  const listing = opts.listing ?? (opts.subdir ? await listFolderOfRepository(root, opts.subdir, opts.includeUntracked) : await listFiles(root, opts.inGitTree, opts.includeUntracked));
  const files: InventoryFile[] = [];
  const skipped: SkippedFile[] = [];
  // Only files that are read later need a size (cap, missing check); stat-ing 25k docs pages costs a second.
  const known = new Map<string, Measured>(listing.files.flatMap((f) => (f.size !== undefined && isReadLater(f.path) ? [[f.path, { size: f.size, symlink: f.kind === 'symlink' }]] : [])));
  const stats = new Map<string, Measured>([...known, ...(await statAll(root, listing.files.filter((f) => f.kind === 'file' && !known.has(f.path) && isReadLater(f.path)).map((f) => f.path)))]);
  for (const f of listing.files) {
    const measured = isReadLater(f.path);
    const st = measured ? stats.get(f.path) : undefined;
    const reason = opts.excluded?.(f.path) ? 'excluded by config' : st?.unreadable ? 'unreadable' : pathSkip(st?.symlink ? 'symlink' : f.kind, f.path, measured ? (st?.size ?? null) : undefined, opts.maxFileBytes);
    if (reason) {
      skipped.push({ path: f.path, reason });
      continue;
    }
    files.push({ path: f.path, language: languageOf(f.path), role: roleOf(f.path), size: st?.size ?? null, blob: f.blob });
  }
  markProjectTemplates(files);
  const manifests = await readManifests(root, files);
  if (listing.method === 'glob') skipped.push(...(await ignoredLockfiles(root, manifests, skipped)));
  const aliases = await readPathAliases(root, files);
  const problems: InventoryProblem[] = [
    ...listing.problems.map((p) => ({ kind: 'read-error' as const, ...(p.path ? { file: p.path } : {}), message: p.message })),
    ...skipped.filter((s) => s.reason === 'unreadable').map((s) => ({ kind: 'read-error' as const, file: s.path, message: stats.get(s.path)?.unreadable ?? 'unreadable' })),
    ...manifests.flatMap((m) => (m.error ? [{ kind: 'manifest-error' as const, file: m.path, message: m.error }] : [])),
    ...aliases.problems.map((p) => ({ kind: 'config-error' as const, file: p.file, message: p.message })),
  ];
  const ciConfigs = await readCiConfigs(root, files);
  for (const c of ciConfigs) if (c.problem) problems.push({ kind: 'config-error', file: c.path, message: c.problem });
  const owners = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'].find((p) => files.some((f) => f.path === p));
  const ownersText = owners ? readRegularText(join(root, owners), MANIFEST_MAX_BYTES) : null;
  return { method: listing.method, problems, files, skipped, manifests, ciConfigs, codeowners: owners && ownersText !== null ? { path: owners, text: ownersText } : null, aliases: [...aliases.aliases, ...workspacePackages(manifests), ...conventionalAliases(manifests, files)] };
}

/**
 * Without git nothing says what was committed: a lockfile beside a manifest that a `.gitignore` names is
 * still on disk, and a checkout without history (an archive, a snapshot) has exactly what was committed.
 */
async function ignoredLockfiles(root: string, manifests: Manifest[], skipped: SkippedFile[]): Promise<SkippedFile[]> {
  const seen = new Set(skipped.map((s) => s.path));
  const dirs = new Set(manifests.map((m) => (m.path.includes('/') ? m.path.slice(0, m.path.lastIndexOf('/') + 1) : '')));
  const found: SkippedFile[] = [];
  for (const dir of dirs) {
    for (const name of LOCKFILE_NAMES) {
      const path = `${dir}${name}`;
      if (seen.has(path)) continue;
      const st = await lstat(join(root, path)).catch(() => undefined);
      if (st?.isFile()) found.push({ path, reason: 'generated' });
    }
  }
  return found;
}

/** A project manifest inside a templates folder: the root of a scaffold the product copies into the projects it generates. */
const TEMPLATE_MANIFEST = /^((?:.*\/)?(?:templates?|scaffolds?|boilerplates?|skeletons?|starters?|blueprints?)\/(?:.+\/)?)(?:package\.json|pyproject\.toml|requirements\.txt|setup\.py|Cargo\.toml|go\.mod)$/i;

/**
 * Code of a project template is what the product writes for its users, not what it runs: a scaffold's
 * model calls, lockfiles and tests are the generated app's. Its files are examples.
 */
function markProjectTemplates(files: InventoryFile[]): void {
  const roots = files.flatMap((f) => TEMPLATE_MANIFEST.exec(f.path)?.[1] ?? []);
  if (roots.length === 0) return;
  for (const f of files) if (isInScope(f.role) && roots.some((r) => f.path.startsWith(r))) f.role = 'example';
}

/**
 * `@/models` and `~/utils` where no tsconfig the scan reads declares them: the alias lives in a bundler config, or in
 * a tsconfig generated at build time that the committed one extends (Vite, Nuxt, WXT), and names the package's source
 * folder by convention: its `src/` when it has one, else its own folder (`~~/` and `@@/`: always its folder). Read
 * after every declared alias, nearest package first.
 */
function conventionalAliases(manifests: Manifest[], files: InventoryFile[]): PathAlias[] {
  const dirs = manifests.flatMap((m) => (m.path.endsWith('package.json') && !['vendored', 'generated'].includes(roleOf(m.path)) ? [m.path.includes('/') ? m.path.slice(0, m.path.lastIndexOf('/')) : ''] : []));
  return [...new Set(dirs)].sort((a, b) => b.length - a.length).flatMap((dir) => {
    const under = dir === '' ? '' : `${dir}/`;
    const src = files.some((f) => f.path.startsWith(`${under}src/`) && f.language !== null) ? `${under}src` : dir;
    return [['@/', src], ['~/', src], ['@@/', dir], ['~~/', dir]].map(([prefix = '', target = '']) => ({ scope: dir, prefix, target: target === '' ? '.' : target }));
  });
}

/** A monorepo's own npm packages: `@acme/llm` imported from another package is that folder, not node_modules. */
function workspacePackages(manifests: Manifest[]): PathAlias[] {
  return manifests.flatMap((m) => {
    if (!m.name || !m.path.endsWith('package.json') || ['vendored', 'generated'].includes(roleOf(m.path))) return [];
    const dir = m.path.includes('/') ? m.path.slice(0, m.path.lastIndexOf('/')) : '';
    return [{ scope: '', prefix: m.name, target: dir, package: true as const }];
  });
}

export function isReadLater(path: string): boolean {
  return languageOf(path) !== null || manifestKind(path) !== null || isConfigFile(path) || isSecretCandidate(path) || isInfraFile(path) || isModelRegistry(path);
}

/** `size` null: the file should have been measured and was not found; undefined: not measured. */
function pathSkip(kind: string, path: string, size: number | null | undefined, maxFileBytes: number): SkipReason | null {
  if (kind === 'submodule') return 'submodule';
  if (kind === 'symlink') return 'symlink';
  if (size === null) return 'missing';
  const role = roleOf(path);
  if (role === 'vendored' || role === 'generated') return role;
  if (hasBinaryExtension(path)) return 'binary';
  if (languageOf(path) !== null && size !== undefined && size > maxFileBytes) return 'too-large';
  return null;
}

interface Measured {
  size: number;
  symlink: boolean;
  /** why lstat failed, when it failed for another reason than the file being gone */
  unreadable?: string;
}

async function statAll(root: string, paths: string[]): Promise<Map<string, Measured>> {
  const sizes = new Map<string, Measured>();
  const BATCH = 512;
  for (let i = 0; i < paths.length; i += BATCH) {
    await Promise.all(paths.slice(i, i + BATCH).map(async (p) => {
      try {
        const st = await lstat(join(root, p));
        if (st.isFile() || st.isSymbolicLink()) sizes.set(p, { size: st.size, symlink: st.isSymbolicLink() });
      } catch (err) {
        // absent from the work tree (deleted, or a blob the clone does not have): reported as missing;
        // a path too long or a folder we may not enter is unreadable, and said so
        const code = errorCode(err);
        if (code !== 'ENOENT' && code !== 'ENOTDIR') sizes.set(p, { size: 0, symlink: false, unreadable: describeFsError(err) });
      }
    }));
  }
  return sizes;
}

async function readManifests(root: string, files: InventoryFile[]): Promise<Manifest[]> {
  const manifests: Manifest[] = [];
  for (const f of files) {
    if (manifestKind(f.path) === null || (f.size ?? 0) > MANIFEST_MAX_BYTES) continue;
    const text = readRegularText(join(root, f.path), MANIFEST_MAX_BYTES);
    const manifest = text === null ? null : parseManifest(f.path, text);
    if (manifest) manifests.push(manifest);
  }
  return manifests;
}
