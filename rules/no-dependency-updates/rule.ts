import { DEPENDENCY_UPDATE_CONFIG } from '../../src/catalog/engineering.ts';
import { defineRule } from '../../src/engine/define-rule.ts';
import { isInScope } from '../../src/inventory/roles.ts';
import { isProductCode, plural, repositoryAnchor } from '../../src/facts/repo-files.ts';

export default defineRule({
  meta: {
    id: 'no-dependency-updates',
    title: 'No automated dependency updates (Dependabot, Renovate)',
    category: 'engineering',
    severity: 'low',
    confidence: 'medium',
    rationale:
      'Model SDKs and frameworks (openai, anthropic, langchain, ai) ship breaking releases every few weeks, and security fixes ' +
      'land only in new versions. Without automated update pull requests, versions drift until an upgrade is forced by a CVE or a ' +
      'retired API, and by then it is a multi-version jump across every call site at once instead of a stream of small reviewed bumps.',
    remediation: {
      text: 'Add .github/dependabot.yml (or a Renovate config) covering each manifest\'s ecosystem and the GitHub Actions, grouped so that minor and patch bumps arrive as one weekly pull request, with CI deciding whether they merge.',
      effortHours: 1,
      effortLaterHours: 24,
    },
    ddQuestion: 'How are dependencies kept current, and how fast are security fixes applied?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['files', 'manifests'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    if (facts.files.some((f) => DEPENDENCY_UPDATE_CONFIG.test(f.path))) return;
    if (!facts.files.some(isProductCode)) return;
    // Manifests of docs sites and examples are not what ships.
    const manifests = facts.manifests.filter((m) => isInScope(facts.roleOf(m.path)) && m.dependencies.length > 0);
    if (manifests.length === 0) return;
    const anchor = repositoryAnchor(facts);
    if (!anchor) return;
    const deps = new Set(manifests.flatMap((m) => m.dependencies.map((d) => `${d.ecosystem}:${d.name}`))).size;
    const ecosystems = [...new Set(manifests.map((m) => (m.ecosystem === 'npm' ? 'npm' : 'PyPI')))].sort();
    report({
      message: `No Dependabot or Renovate configuration: ${plural(deps, 'dependency', 'dependencies')} (${ecosystems.join(', ')}) across ${plural(manifests.length, 'manifest')} are updated only when someone remembers`,
      locations: [{ file: anchor, line: 1 }],
      evidence: 'no .github/dependabot.yml, renovate.json, .renovaterc, ...',
      key: 'no-dependency-updates',
      data: { dependencies: deps, manifests: manifests.map((m) => m.path), ecosystems },
    });
  },
});
