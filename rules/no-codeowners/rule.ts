import { z } from 'zod';
import { CODEOWNERS_PATHS } from '../../src/catalog/engineering.ts';
import { defineRule } from '../../src/engine/define-rule.ts';
import type { RepoFacts } from '../../src/facts/index.ts';
import { isInScope } from '../../src/inventory/roles.ts';
import { isProductCode, plural, repositoryAnchor } from '../../src/facts/repo-files.ts';


export default defineRule({
  meta: {
    id: 'no-codeowners',
    title: 'No CODEOWNERS file in a codebase with several areas',
    category: 'engineering',
    severity: 'low',
    confidence: 'high',
    rationale:
      'Without declared owners, review of each area depends on who happens to notice the pull request, and knowledge of the ' +
      'model integration, billing or auth code stays in one head. The longer ownership stays implicit, the more of the code ' +
      'has an owner only in git blame, and the harder a departure or a reorganisation is to absorb.',
    remediation: {
      text: 'Add a CODEOWNERS file (.github/CODEOWNERS) mapping each package and sensitive path (model calls, prompts, auth, billing) to a person or team, and require code-owner review on the default branch.',
      effortHours: 1,
      effortLaterHours: 4,
    },
    ddQuestion: 'Who owns each part of the codebase, and is their review required for changes to it?',
    languages: ['any'],
    requires: ['files', 'manifests'],
    lifecycle: 'experimental',
  },
  // Ownership starts to matter once the code outgrows what one reviewer holds in mind: several deployable
  // packages (each with its own manifest), or a large codebase. Several teams own areas of a codebase split
  // into many packages; below that one small team usually reviews everything.
  options: z.strictObject({
    minPackages: z.number().int().min(1).default(3).describe('deployable packages (folders with a manifest and product code) from which ownership matters'),
    minProductFiles: z.number().int().min(1).default(150).describe('or product source files from which it matters'),
    teamPackages: z.number().int().min(1).default(5).describe('packages from which the finding is low rather than info'),
  }),
  check({ facts, options, report }) {
    const paths = new Set(facts.files.map((f) => f.path));
    if (CODEOWNERS_PATHS.some((p) => paths.has(p))) return;
    const productFiles = facts.files.filter(isProductCode).length;
    const areas = packageAreas(facts);
    if (areas.length < options.minPackages && productFiles < options.minProductFiles) return;
    // One or two people who write everything also review everything: declared owners add nothing yet.
    if (facts.history && activeAuthors(facts.history) <= 2) return;
    const anchor = repositoryAnchor(facts);
    if (!anchor) return;
    const size = areas.length >= options.minPackages ? `${plural(areas.length, 'package')} (${areas.slice(0, 5).join(', ')}${areas.length > 5 ? ', ...' : ''})` : `${plural(productFiles, 'product source file')}`;
    report({
      message: `No CODEOWNERS file (root, .github/, docs/ or .gitlab/) for ${size}: no area has a declared owner or a required reviewer`,
      locations: [{ file: anchor, line: 1 }],
      evidence: 'no CODEOWNERS, .github/CODEOWNERS, docs/CODEOWNERS',
      key: 'no-codeowners',
      // Without history the team's size is unknown: a large multi-package codebase is where undeclared ownership costs.
      severity: areas.length >= options.teamPackages ? 'low' : 'info',
      data: { areas, productFiles },
    });
  },
});

/**
 * Folders owning a manifest with product source under them: the deployable packages. The root counts only
 * for source outside every other package; otherwise it is a workspace root.
 */
function packageAreas(facts: RepoFacts): string[] {
  const dirs = [...new Set(facts.manifests.filter((m) => isInScope(facts.roleOf(m.path))).map((m) => m.path.split('/').slice(0, -1).join('/')))];
  const nested = dirs.filter((d) => d !== '');
  const code = facts.files.filter(isProductCode).map((f) => f.path);
  const inside = (p: string, d: string) => p.startsWith(`${d}/`);
  return dirs
    .filter((d) => code.some((p) => (d === '' ? !nested.some((n) => inside(p, n)) : inside(p, d))))
    .map((d) => d || '.')
    .sort();
}

/** Authors with a real share of the year's commits (5 % or more): occasional contributors do not review. */
function activeAuthors(h: NonNullable<RepoFacts['history']>): number {
  return h.authors.filter((a) => a.commits >= 0.05 * h.commits).length;
}
