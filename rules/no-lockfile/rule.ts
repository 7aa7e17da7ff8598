import { APP_FRAMEWORK_PACKAGES, LOCKFILES, PINNED_SPEC } from '../../src/catalog/engineering.ts';
import { defineRule } from '../../src/engine/define-rule.ts';
import { plural } from '../../src/util/plural.ts';
import type { RepoFacts } from '../../src/facts/index.ts';
import type { Manifest } from '../../src/inventory/manifests/index.ts';
import { isInScope } from '../../src/inventory/roles.ts';
import { insidePythonPackage } from '../../src/facts/product-kind.ts';

export default defineRule({
  meta: {
    id: 'no-lockfile',
    title: 'Dependencies installed without a committed lockfile',
    category: 'engineering',
    severity: 'medium',
    confidence: 'medium',
    rationale:
      'Without a lockfile every install resolves version ranges afresh: two developers, CI and production each run a different ' +
      'dependency tree, and a model SDK or framework release can change behaviour in production with no commit in the repository. ' +
      'The longer the ranges float, the larger the jump when the team finally pins, and the harder a regression is to bisect.',
    remediation: {
      text: 'Commit the package manager\'s lockfile (package-lock.json, pnpm-lock.yaml, yarn.lock, uv.lock, poetry.lock...) and install from it in CI and deployment (`npm ci`, `pnpm install --frozen-lockfile`, `uv sync --locked`, `poetry install --sync`).',
      effortHours: 1,
      effortLaterHours: 8,
    },
    ddQuestion: 'Are builds reproducible: does production run exactly the dependency versions that were tested?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['lockfiles', 'manifests', 'modelCalls', 'product'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    const paths = new Set([...facts.files.map((f) => f.path), ...facts.lockfiles]);
    // A JavaScript helper a Python package ships in its source (`pkg/env/minecraft/package.json`) is installed by hand, if at all.
    const shipped = insidePythonPackage(facts.files.map((f) => f.path));
    const lockable = facts.manifests.filter((m) => isLockable(m) && isInScope(facts.roleOf(m.path)) && m.dependencies.length > 0 && !(m.ecosystem === 'npm' && shipped(m.path)));
    const locked = (m: Manifest) => hasLockfile(m, paths) || hasPinnedRequirements(m, facts);
    // A published client beside a product whose applications are all locked (an SDK folder of the product's repository) keeps ranges by design.
    const apps = lockable.filter((m) => isApplication(m, facts));
    const productLocked = apps.length > 0 && apps.every(locked);
    // One root cause: the team does not commit its lockfiles. Each unlocked manifest, of either ecosystem, is a location.
    const unlocked = lockable.filter((m) => !locked(m) && (isApplication(m, facts) || !productLocked));
    const first = unlocked[0];
    if (!first) return;
    const unlockedApps = unlocked.filter((m) => isApplication(m, facts));
    const registry = (m: Manifest) => (m.ecosystem === 'npm' ? 'npm' : 'PyPI');
    const names = unlocked.map((m) => m.path);
    report({
      message: unlocked.length === 1
        ? `${first.path} declares ${plural(first.dependencies.length, `${registry(first)} dependency`, `${registry(first)} dependencies`)} and no lockfile is committed beside it or above it (${LOCKFILES[first.ecosystem].slice(0, 4).join(', ')}, ...)${unlockedApps.length > 0 ? '' : '; if this is a published library, unlocked ranges are usual, but its CI still runs on whatever resolves that day'}`
        : `${unlocked.length} manifests declare dependencies and none has a lockfile committed beside it or above it (${names.slice(0, 4).join(', ')}${names.length > 4 ? `, and ${names.length - 4} more` : ''}); ${unlockedApps.length > 0 ? `${plural(unlockedApps.length, 'of them is an application', 'of them are applications')}, deployed on whatever resolves that day` : 'if these are published libraries, unlocked ranges are usual'}`,
      locations: unlocked.map((m) => ({ file: m.path, line: 1 })),
      evidence: `${first.dependencies.slice(0, 3).map((d) => `${d.name} ${d.spec || '(any)'}`).join(', ')}${first.dependencies.length > 3 ? ', ...' : ''}`,
      key: 'no-lockfile',
      severity: unlockedApps.length > 0 ? 'medium' : 'info',
      data: { manifests: names, applications: unlockedApps.map((m) => m.path), dependencies: unlocked.reduce((n, m) => n + m.dependencies.length, 0) },
    });
  },
});

/** What a lockfile locks: package.json, pyproject.toml and Pipfile; requirements files are their own lock when pinned. */
function isLockable(m: Manifest): boolean {
  return m.kind === 'package.json' || m.kind === 'pyproject' || m.kind === 'pipfile';
}

/** A lockfile of the manifest's ecosystem in its folder or any folder above (workspaces lock at the root). */
function hasLockfile(m: Manifest, paths: ReadonlySet<string>): boolean {
  return foldersUp(m.path).some((dir) => LOCKFILES[m.ecosystem].some((name) => paths.has(dir ? `${dir}/${name}` : name)));
}

/** `pip-compile` or `uv pip compile` output beside the manifest: every requirement pinned to one version. */
function hasPinnedRequirements(m: Manifest, facts: RepoFacts): boolean {
  if (m.ecosystem !== 'pypi') return false;
  const dirs = new Set(foldersUp(m.path));
  return facts.manifests.some((r) => r.kind === 'requirements' && dirs.has(folderOf(r.path)) && r.dependencies.length > 0 && r.dependencies.every((d) => PINNED_SPEC.test(d.spec)));
}

/** An app framework among its dependencies, or model calls in product code under its folder, unless the product is a library: deployed as is. */
function isApplication(m: Manifest, facts: RepoFacts): boolean {
  if (facts.product.kind === 'library') return false;
  if (m.dependencies.some((d) => APP_FRAMEWORK_PACKAGES.includes(d.name))) return true;
  const dir = folderOf(m.path);
  return facts.modelCalls.some((c) => dir === '' || c.file.startsWith(`${dir}/`));
}

function folderOf(path: string): string {
  return path.split('/').slice(0, -1).join('/');
}

/** `apps/web/package.json` -> `apps/web`, `apps`, `` */
function foldersUp(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('/')).concat('');
}
