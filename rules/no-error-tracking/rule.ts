import { z } from 'zod';
import { defineRule } from '../../src/engine/define-rule.ts';

export default defineRule({
  meta: {
    id: 'no-error-tracking',
    title: 'No error tracking in production code',
    category: 'observability',
    severity: 'medium',
    confidence: 'medium',
    rationale:
      'Without an error tracker (Sentry, Bugsnag, Rollbar, Datadog) production exceptions, including the failed and refused model ' +
      'calls an AI product has many of, live only in logs nobody reads. The team learns about incidents from customers, and ' +
      'each new service added without it widens the blind spot.',
    remediation: {
      text: 'Add an error tracker to every deployed service and front end, with release and environment tags, and alert on new error groups; send model-call failures with their provider, model and status.',
      effortHours: 3,
      effortLaterHours: 8,
    },
    ddQuestion: 'How do you find out about production errors?',
    languages: ['any'],
    requires: ['generalObservability', 'product', 'files'],
    lifecycle: 'experimental',
  },
  // A handful of scripts is not a service; below this there is little production code to watch.
  options: z.strictObject({
    minProductFiles: z.number().int().min(0).default(10).describe('product source files from which a service is judged'),
  }),
  check({ facts, options, report }) {
    const obs = facts.generalObservability;
    if (obs.errorTracking.length > 0 || obs.metrics.some((m) => m === 'datadog' || m === 'newrelic')) return;
    const product = facts.files.filter((f) => f.role === 'product' && (f.language === 'typescript' || f.language === 'javascript' || f.language === 'python')).length;
    if (product < options.minProductFiles) return;
    const manifest = facts.manifests.find((m) => !m.path.includes('/')) ?? facts.manifests[0];
    if (!manifest) return;
    // Only a service the company runs reports its errors to it: a library's exceptions reach its users'
    // trackers, a desktop app's or a command-line tool's stay on its users' machines.
    if (facts.product.kind !== 'service') return;
    const has = [
      obs.logging.length > 0 ? `structured logging (${obs.logging.join(', ')})` : 'no structured logger',
      obs.metrics.length > 0 ? `metrics or tracing (${obs.metrics.join(', ')})` : 'no metrics',
      obs.healthRoutes.length > 0 ? 'a health route' : 'no health route',
    ];
    report({
      // Say what made it a service the company runs: that is the claim the finding stands on.
      message: `No error tracker in ${product} product files of a service (${facts.product.reason}); the code has ${has.slice(0, -1).join(', ')} and ${has[has.length - 1]}`,
      locations: [{ file: facts.product.evidence ?? manifest.path, line: 1 }],
      evidence: facts.product.evidence ?? manifest.path,
      key: 'no-error-tracking',
      data: { productFiles: product, logging: obs.logging, metrics: obs.metrics },
    });
  },
});
