import { defineRule } from '../../src/engine/define-rule.ts';
import type { ModelIdUsage } from '../../src/facts/sprawl.ts';

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
    const spread = facts.modelIds.filter((u) => !u.retired && u.count >= SPREAD_OCCURRENCES && filesOf(u).length >= SPREAD_FILES);
    const retired = facts.modelIds.filter((u) => u.retired);
    if (retired.length > 0) {
      // Passed to a model call, a retired id fails at run time; in a list (capabilities, pricing, a
      // model picker) it is stale configuration.
      const called = new Set(facts.modelCalls.flatMap((c) => (c.model ? [c.model] : [])));
      const inCalls = retired.filter((u) => called.has(u.id));
      const places = retired.reduce((n, u) => n + u.count, 0);
      report({
        message: `${retired.length} retired model id${retired.length === 1 ? '' : 's'} in ${places} place${places === 1 ? '' : 's'}${inCalls.length > 0 ? `, ${inCalls.length} of them passed straight to a model call` : ', in lists and defaults rather than in calls'}: ${retired.map((u) => `'${u.id}' ×${u.count} (${u.retired})`).join('; ')}`,
        locations: retired.flatMap((u) => u.locations),
        evidence: retired.map((u) => `'${u.id}'`).join(', '),
        key: 'retired',
        severity: inCalls.length > 0 ? 'medium' : 'low',
        effortHours: retired.reduce((n, u) => n + 0.5 + 0.25 * filesOf(u).length, 0),
        data: { ids: retired.map((u) => u.id), occurrences: places, inCalls: inCalls.length },
      });
    }
    if (spread.length > 0) {
      const aliases = spread.filter((u) => u.movingAlias).map((u) => `'${u.id}'`);
      report({
        message: `${spread.length} model id${spread.length === 1 ? ' is' : 's are'} written in several files: ${spread.map((u) => `'${u.id}' ×${u.count} in ${filesOf(u).length} files`).join('; ')}${aliases.length > 0 ? `. ${aliases.join(', ')} ${aliases.length === 1 ? 'is a moving alias' : 'are moving aliases'} the provider re-points to newer snapshots` : ''}`,
        locations: spread.flatMap((u) => u.locations),
        evidence: spread.map((u) => `'${u.id}'`).join(', '),
        key: 'spread',
        effortHours: spread.reduce((n, u) => n + 0.25 * u.count, 0.5),
        data: { ids: spread.map((u) => u.id), occurrences: spread.reduce((n, u) => n + u.count, 0) },
      });
    }
  },
});

function filesOf(usage: ModelIdUsage): string[] {
  return [...new Set(usage.locations.map((l) => l.file))];
}
