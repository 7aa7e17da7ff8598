import { z } from 'zod';
import { defineRule } from '../../src/engine/define-rule.ts';
import type { ModelIdSite, ModelIdUsage } from '../../src/facts/sprawl.ts';
import { isModelSettingName } from '../../src/catalog/strings.ts';
import { isMigration } from '../../src/inventory/roles.ts';

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
    metric: 'distinct-model-ids',
    references: ['https://platform.openai.com/docs/deprecations', 'https://docs.anthropic.com/en/docs/resources/model-deprecations'],
  },
  // One id in one place is configuration; the same id in several files is a model upgrade that has to
  // find every copy. Retired ids fail at run time whatever their count.
  options: z.strictObject({
    spreadFiles: z.number().int().min(1).default(2).describe('files one model id must be written in to count as spread'),
    spreadOccurrences: z.number().int().min(1).default(3).describe('and times it must be written'),
  }),
  check({ facts, options, report }) {
    // Product code only: dev and QA scripts and database migrations do not decide which model the product calls.
    const product = (at: { file: string }) => facts.roleOf(at.file) === 'product' && !isMigration(at.file);
    const retired = facts.modelIds.flatMap((u) => (u.retired ? [liveUse(u, product)] : [])).filter((r): r is RetiredUse => r !== undefined);
    if (retired.length > 0) {
      const live = retired.filter((r) => r.live);
      const places = retired.reduce((n, r) => n + r.sites.length + r.calls.length, 0);
      report({
        message:
          `${retired.length} retired model id${retired.length === 1 ? ' is' : 's are'} still ${live.length > 0 ? 'used by the product' : 'the default of model settings'}: ` +
          `${retired.map((r) => `'${r.usage.id}' (${r.usage.retired}), ${r.how}`).join('; ')}. ` +
          (live.length > 0 ? 'The provider has turned these models off: every call made with them fails, and the feature behind it with it.' : 'Wherever one of these settings reaches a model call, the call fails: the provider has turned the model off.'),
        locations: [...retired.flatMap((r) => [...r.calls, ...r.sites])].map(({ file, line }) => ({ file, line })),
        evidence: retired.map((r) => `'${r.usage.id}'`).join(', '),
        key: 'retired',
        severity: live.length > 0 ? 'high' : 'medium',
        effortHours: retired.reduce((n, r) => n + 0.5 + 0.25 * new Set([...r.calls, ...r.sites].map((l) => l.file)).size, 0),
        data: { ids: retired.map((r) => r.usage.id), occurrences: places, live: live.map((r) => r.usage.id) },
      });
    }
    // Ids the code sends or defaults to, counted where they are written; lookup tables (price and
    // context-window maps, model lists, choices) and comparisons are configuration data.
    const spread = facts.modelIds
      .filter((u) => !u.retired)
      .map((u) => ({ usage: u, sites: u.sites.filter((s) => product(s) && !DATA_CONTEXTS.has(s.context?.kind ?? '')) }))
      .filter((u) => u.sites.length >= options.spreadOccurrences && filesOf(u.sites).length >= options.spreadFiles);
    if (spread.length > 0) {
      const aliases = spread.filter((u) => u.usage.movingAlias).map((u) => `'${u.usage.id}'`);
      report({
        message: `${spread.length} model id${spread.length === 1 ? ' is' : 's are'} written in several files: ${spread.map((u) => `'${u.usage.id}' ×${u.sites.length} in ${filesOf(u.sites).length} files`).join('; ')}${aliases.length > 0 ? `. ${aliases.join(', ')} ${aliases.length === 1 ? 'is a moving alias' : 'are moving aliases'} the provider re-points to newer snapshots` : ''}`,
        locations: spread.flatMap((u) => u.sites.map(({ file, line }) => ({ file, line }))),
        evidence: spread.map((u) => `'${u.usage.id}'`).join(', '),
        key: 'spread',
        effortHours: spread.reduce((n, u) => n + 0.25 * u.sites.length, 0.5),
        data: { ids: spread.map((u) => u.usage.id), occurrences: spread.reduce((n, u) => n + u.sites.length, 0) },
      });
    }
  },
});

/** Contexts that hold configuration data rather than an id the code sends. */
const DATA_CONTEXTS = new Set(['table', 'compare']);

interface RetiredUse {
  usage: ModelIdUsage;
  /** model calls that send it */
  calls: { file: string; line: number }[];
  /** where it is written as a value the code uses: a model argument or option, a default, a model setting */
  sites: ModelIdSite[];
  /** seen to reach a model call or a provider SDK: the call fails */
  live: boolean;
  /** how it is used, for the message */
  how: string;
}

/**
 * Where a retired id is live: sent by a model call (a literal, or a constant, default or setting the
 * resolver followed to it) or given to a provider SDK or framework. The default of a model parameter,
 * setting or environment variable, or a model constant, that could not be followed to a call is most
 * likely sent too. In a price or context-window map, a model list or a prefix check it is stale data,
 * and nothing fails.
 */
function liveUse(usage: ModelIdUsage, product: (at: { file: string }) => boolean): RetiredUse | undefined {
  const calls = usage.sentBy.filter(product);
  const values = usage.sites.filter((s) => product(s) && s.context !== undefined && !DATA_CONTEXTS.has(s.context.kind));
  const modelKey = (s: ModelIdSite) => isModelSettingName(s.context?.key ?? '');
  const sdk = values.filter((s) => s.sdk);
  const defaults = values.filter((s) => !s.sdk && s.context?.kind === 'default' && (s.context.key === undefined || modelKey(s)));
  const named = values.filter((s) => !s.sdk && s.context?.kind !== 'default' && modelKey(s));
  const sites = calls.length > 0 ? values : [...sdk, ...defaults, ...named];
  if (calls.length === 0 && sites.length === 0) return undefined;
  const at = (l: { file: string; line: number }) => `${l.file}:${l.line}`;
  const [s0] = sdk;
  const [d0] = defaults;
  const [n0] = named;
  const how =
    calls.length > 0 ? `sent by the model call at ${calls.slice(0, 3).map(at).join(', ')}${calls.length > 3 ? ` and ${calls.length - 3} more` : ''}`
    : s0 ? `given to ${s0.context?.callee ?? 'a model client'}${s0.context?.key ? ` as ${s0.context.key}` : ''} at ${at(s0)}`
    : d0 ? `the default of ${d0.context?.key ?? (d0.context?.callee ? `a ${d0.context.callee}() lookup` : 'a setting')} at ${at(d0)}`
    : n0 ? `${n0.context?.kind === 'call-arg' ? 'passed as' : 'assigned to'} ${n0.context?.key} at ${at(n0)}`
    : '';
  return { usage, calls, sites, live: calls.length > 0 || sdk.length > 0, how };
}

function filesOf(sites: readonly { file: string }[]): string[] {
  return [...new Set(sites.map((l) => l.file))];
}
