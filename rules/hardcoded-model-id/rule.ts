import { defineRule } from '../../src/engine/define-rule.ts';

// One id in one place is configuration; the same id in several files is a model upgrade that has to
// find every copy. Retired ids fail at run time whatever their count.
const SPREAD_FILES = 2;
const SPREAD_OCCURRENCES = 3;

export default defineRule({
  meta: {
    id: 'hardcoded-model-id',
    title: 'Model ids hard-coded across the codebase, or retired',
    category: 'ai-architecture',
    severity: 'low',
    confidence: 'high',
    rationale:
      'A model id copied into several files turns every model upgrade, A/B test or cost change into a search-and-replace that misses ' +
      'one copy, and the copies drift apart. Moving aliases (`gpt-4o`, `claude-sonnet-4-5`) change behaviour when the provider ' +
      're-points them; retired ids fail outright. The more features are written, the more copies there are to find.',
    remediation: {
      text: 'Keep model ids in one configuration module (or environment settings) keyed by purpose (`models.summarize`, `models.embed`), pin dated snapshots where output stability matters, and replace retired ids.',
      effortHours: 1,
      effortLaterHours: 4,
    },
    ddQuestion: 'How hard is it to change the model behind a feature?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['modelIds'],
    lifecycle: 'experimental',
    references: ['https://platform.openai.com/docs/deprecations', 'https://docs.anthropic.com/en/docs/resources/model-deprecations'],
  },
  check({ facts, report }) {
    for (const usage of facts.modelIds) {
      const files = [...new Set(usage.locations.map((l) => l.file))];
      const first = usage.locations[0];
      if (!first) continue;
      if (usage.retired) {
        report({
          message: `Model id '${usage.id}' is retired (${usage.retired}); it appears ${usage.count} time${usage.count === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}`,
          locations: usage.locations,
          evidence: `'${usage.id}'`,
          key: `retired|${usage.id}`,
          severity: 'medium',
          effortHours: 1 + 0.5 * files.length,
          data: { id: usage.id, occurrences: usage.count, files: files.length },
        });
        continue;
      }
      if (files.length < SPREAD_FILES || usage.count < SPREAD_OCCURRENCES) continue;
      report({
        message: `Model id '${usage.id}' is written ${usage.count} times in ${files.length} files${usage.movingAlias ? ', and it is a moving alias the provider re-points to newer snapshots' : ''}`,
        locations: usage.locations,
        evidence: `'${usage.id}'`,
        key: `spread|${usage.id}`,
        effortHours: 0.5 + 0.25 * usage.count,
        data: { id: usage.id, occurrences: usage.count, files: files.length, movingAlias: usage.movingAlias },
      });
    }
  },
});
