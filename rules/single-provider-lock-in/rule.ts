import { vendorName } from '../../src/catalog/providers.ts';
import { defineRule } from '../../src/engine/define-rule.ts';
import { soleGenerationProvider } from '../../src/facts/model-calls.ts';
import { packageRootOf, plural } from '../../src/facts/repo-files.ts';
import { daysText } from '../../src/util/effort.ts';

// Providers the team can run itself are not a vendor to be locked into.
const SELF_RUN = new Set(['ollama']);
/** One file of direct calls is its own adapter. */
const MIN_FILES = 2;
/** A forced migration of this many hours (a working week with no evals) is high. */
const HIGH_EFFORT_HOURS = 40;

export default defineRule({
  meta: {
    id: 'single-provider-lock-in',
    title: 'One model provider, called through its own SDK from many files, with no abstraction',
    category: 'portability',
    severity: 'medium',
    confidence: 'medium',
    rationale:
      'When every generation call is written against one vendor\'s SDK across the codebase, its request shape, response ' +
      'parsing, error types, model names and feature set become the product\'s own interfaces. A price change, an outage, a ' +
      'deprecation or a better model elsewhere then costs a migration across every file, and each feature added the same ' +
      'way widens it.',
    remediation: {
      text: 'Put generation behind one module the features call (or a provider-neutral library such as the AI SDK, LiteLLM or LangChain chat models), keep model ids in configuration, and keep provider-only features behind it, so a second provider is one adapter and a configuration change.',
      effortHours: 4,
      effortLaterHours: 24,
    },
    ddQuestion: 'What would it cost to switch model provider?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['modelCalls', 'migrationSurface', 'manifests'],
    lifecycle: 'experimental',
    metric: 'model-calling-files',
  },
  check({ facts, report }) {
    const provider = soleGenerationProvider(facts.modelCalls)?.provider;
    if (!provider || SELF_RUN.has(provider)) return;
    // Calls through a provider-neutral framework can switch provider in configuration.
    const direct = facts.modelCalls.filter((c) => c.kind === 'direct' && c.provider === provider);
    const surface = facts.migrationSurface.find((m) => m.vendor === provider && m.kind === 'model-provider');
    if (!surface || surface.adapter !== null) return;
    const firstPerFile = new Map<string, (typeof direct)[number]>();
    for (const c of direct) if (!firstPerFile.has(c.file)) firstPerFile.set(c.file, c);
    if (firstPerFile.size < MIN_FILES) return;
    // A monorepo of independent apps, each calling from one file, has one adapter per app.
    const perPackage = new Map<string, number>();
    for (const file of firstPerFile.keys()) perPackage.set(packageRootOf(facts, file), (perPackage.get(packageRootOf(facts, file)) ?? 0) + 1);
    if (Math.max(...perPackage.values()) < MIN_FILES) return;
    const extras = [
      surface.features.length > 0 ? plural(surface.features.length, 'provider-only feature') : '',
      surface.modelIdOccurrences > 0 ? plural(surface.modelIdOccurrences, 'hard-coded model id') : '',
    ].filter(Boolean);
    report({
      message:
        `All generation goes to ${vendorName(provider)} through its own SDK, from ${firstPerFile.size} files with no single module in front: ` +
        `switching touches ${plural(surface.files.length, 'file')} and ${plural(surface.callSites, 'call site')}` +
        `${extras.length > 0 ? `, with ${extras.join(' and ')}` : ''} (about ${daysText(surface.effortHours)} by the migration estimate)`,
      locations: [...firstPerFile.values()].map((c) => ({ file: c.file, line: c.line, column: c.column })),
      evidence: `${provider} SDK calls in ${firstPerFile.size} files`,
      key: provider,
      severity: surface.effortHours >= HIGH_EFFORT_HOURS ? 'high' : 'medium',
      effortHours: 2 + firstPerFile.size,
      data: { provider, files: surface.files.length, callSites: surface.callSites, features: surface.features, migrationHours: surface.effortHours },
    });
  },
});
