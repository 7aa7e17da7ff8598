import { APP_FRAMEWORK_PACKAGES, LOCKFILES, PINNED_SPEC } from '../../src/catalog/engineering.ts';
import { defineRule } from '../../src/engine/define-rule.ts';
import { plural } from '../../src/util/plural.ts';
import type { RepoFacts } from '../../src/facts/index.ts';
import type { Manifest } from '../../src/inventory/manifests/index.ts';
import { isInScope } from '../../src/inventory/roles.ts';

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
    requires: ['lockfiles', 'manifests', 'modelCalls'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    const paths = new Set([...facts.files.map((f) => f.path), ...facts.lockfiles]);
    for (const m of facts.manifests) {
      if (!isLockable(m) || !isInScope(facts.roleOf(m.path)) || m.dependencies.length === 0) continue;
      if (hasLockfile(m, paths) || hasPinnedRequirements(m, facts)) continue;
      const app = isApplication(m, facts);
      report({
        message: `${m.path} declares ${plural(m.dependencies.length, `${m.ecosystem === 'npm' ? 'npm' : 'PyPI'} dependency`, `${m.ecosystem === 'npm' ? 'npm' : 'PyPI'} dependencies`)} and no lockfile is committed beside it or above it (${LOCKFILES[m.ecosystem].slice(0, 4).join(', ')}, ...)${app ? '' : '; if this is a published library, unlocked ranges are usual, but its CI still runs on whatever resolves that day'}`,
        locations: [{ file: m.path, line: 1 }],
        evidence: `${m.dependencies.slice(0, 3).map((d) => `${d.name} ${d.spec || '(any)'}`).join(', ')}${m.dependencies.length > 3 ? ', ...' : ''}`,
        key: m.path,
        severity: app ? 'medium' : 'low',
        data: { manifest: m.path, dependencies: m.dependencies.length, application: app },
      });
    }
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

/** An app framework among its dependencies, or model calls in product code under its folder: deployed as is. */
function isApplication(m: Manifest, facts: RepoFacts): boolean {
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
