import { STATIC_CHECK_PACKAGES } from '../../src/catalog/engineering.ts';
import { defineRule } from '../../src/engine/define-rule.ts';
import type { RepoFacts } from '../../src/facts/index.ts';
import { covers, noGatingPipeline, pipelineOptions, readPipelines, type Pipeline } from '../../src/facts/ci-pipeline.ts';
import { isProductCode, plural, SCOPE_NAMES, scopeOf, type CodeScope } from '../../src/facts/repo-files.ts';

// A language with a couple of helper files (a Python script in a TS app) is not worth a CI job of its own.
const MIN_FILES = 3;

export default defineRule({
  meta: {
    id: 'no-ci-static-checks',
    title: 'CI runs no linter or type checker',
    category: 'engineering',
    severity: 'low',
    confidence: 'medium',
    rationale:
      'Linters and type checkers catch, on every change and for free, the mistakes that otherwise surface in production: an ' +
      'undefined name on a rarely taken branch, a model response used as the wrong type, an unawaited call. Turned on late, they ' +
      'report thousands of existing problems at once, so the later a team adds them the more of the codebase it has to exempt.',
    remediation: {
      text: 'Run the linter and type checker in the CI pipeline that gates merges (ruff and mypy or pyright for Python; eslint or biome and `tsc --noEmit` for TypeScript), failing the job on errors.',
      effortHours: 2,
      effortLaterHours: 24,
    },
    ddQuestion: 'Are linting and type checking enforced automatically on every change?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['files', 'ciConfigs', 'manifests'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    // With no CI on pushes at all, no-ci-tests reports the missing pipeline; lint is one of the jobs it would hold.
    const pipelines = readPipelines(facts.ciConfigs, pipelineOptions(facts.manifests, facts.ciConfigs));
    const gating = pipelines.filter((p) => p.gating);
    const first = gating[0];
    // A pipeline that could not be read (listed in errors[]) may be the one that lints.
    if (!first || pipelines.some((p) => !p.read)) return;
    const counts = productFilesByScope(facts);
    const unchecked = (['python', 'js'] as const).filter((s) => (counts.get(s) ?? 0) >= MIN_FILES && !covers(gating.map((p) => p.checks), s));
    if (unchecked.length === 0) return;
    const declared = declaredCheckers(facts, unchecked);
    report({
      message:
        `${capitalise(noGatingPipeline(gating, 'lints or type-checks', 'does not lint or type-check'))} the ` +
        `${unchecked.map((s) => `${SCOPE_NAMES[s]} code (${plural(counts.get(s) ?? 0, 'file')})`).join(' or the ')}` +
        (declared.length > 0 ? `; ${declared.join(', ')} ${declared.length === 1 ? 'is declared as a dependency' : 'are declared as dependencies'} but never run there` : ''),
      locations: [{ file: first.path, line: 1 }],
      evidence: evidenceOf(first),
      key: `unchecked:${unchecked.join(',')}`,
      data: { languages: unchecked.map((s) => SCOPE_NAMES[s]), pipelines: gating.map((p) => p.path), declaredCheckers: declared },
    });
  },
});

function productFilesByScope(facts: RepoFacts): Map<CodeScope, number> {
  const counts = new Map<CodeScope, number>();
  for (const f of facts.files) {
    const scope = isProductCode(f) ? scopeOf(f) : null;
    if (scope) counts.set(scope, (counts.get(scope) ?? 0) + 1);
  }
  return counts;
}

/** Linters and type checkers declared for the unchecked languages: the team has the tool and does not enforce it. */
function declaredCheckers(facts: RepoFacts, scopes: readonly CodeScope[]): string[] {
  const ecosystems = new Set(scopes.map((s) => (s === 'python' ? 'pypi' : 'npm')));
  const names = facts.manifests.flatMap((m) => m.dependencies.filter((d) => ecosystems.has(d.ecosystem) && STATIC_CHECK_PACKAGES.includes(d.name)).map((d) => d.name));
  return [...new Set(names)].sort();
}

function evidenceOf(p: Pipeline): string {
  return `${p.path}: no ruff, mypy, pyright, eslint, biome, tsc or lint script`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
