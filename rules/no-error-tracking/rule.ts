import { APP_FRAMEWORK_PACKAGES } from '../../src/catalog/engineering.ts';
import { defineRule } from '../../src/engine/define-rule.ts';
import type { RepoFacts } from '../../src/facts/index.ts';

// A handful of scripts is not a service; below this there is little production code to watch.
const MIN_PRODUCT_FILES = 10;

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
    requires: ['generalObservability', 'manifests', 'files'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    const obs = facts.generalObservability;
    if (obs.errorTracking.length > 0 || obs.metrics.some((m) => m === 'datadog' || m === 'newrelic')) return;
    const product = facts.files.filter((f) => f.role === 'product' && (f.language === 'typescript' || f.language === 'javascript' || f.language === 'python')).length;
    if (product < MIN_PRODUCT_FILES) return;
    const manifest = facts.manifests.find((m) => !m.path.includes('/')) ?? facts.manifests[0];
    if (!manifest) return;
    // A library runs inside its users' services, whose error tracking sees its exceptions: only code that
    // runs as a service or an app of its own is expected to report errors itself.
    if (!runsAsService(facts)) return;
    const has = [
      obs.logging.length > 0 ? `structured logging (${obs.logging.join(', ')})` : 'no structured logger',
      obs.metrics.length > 0 ? `metrics or tracing (${obs.metrics.join(', ')})` : 'no metrics',
      obs.healthRoutes.length > 0 ? 'a health route' : 'no health route',
    ];
    report({
      message: `No error tracker in ${product} product files; the code has ${has.slice(0, -1).join(', ')} and ${has[has.length - 1]}`,
      locations: [{ file: manifest.path, line: 1 }],
      evidence: manifest.path,
      key: 'no-error-tracking',
      data: { productFiles: product, logging: obs.logging, metrics: obs.metrics },
    });
  },
});

// A container definition or a deployment manifest: the code is shipped to run.
const DEPLOYMENT = /(^|\/)(Dockerfile[\w.-]*|[\w.-]*\.Dockerfile|(docker-)?compose[\w.-]*\.ya?ml|Procfile|fly\.toml|app\.yaml|vercel\.json|netlify\.toml|render\.yaml|serverless\.ya?ml)$/;

/** A product manifest that declares a web, worker or UI framework, or a deployment definition in the product. */
function runsAsService(facts: RepoFacts): boolean {
  const product = new Set(facts.files.filter((f) => f.role === 'product').map((f) => f.path));
  if (facts.files.some((f) => (f.role === 'product' || f.role === 'script') && DEPLOYMENT.test(f.path))) return true;
  return facts.manifests.some((m) => product.has(m.path) && m.dependencies.some((d) => APP_FRAMEWORK_PACKAGES.includes(d.name) || (d.scope === 'prod' && UI_PACKAGES.has(d.name))));
}

// A front end is deployed too; a component library names these as peers, not as its own dependencies.
const UI_PACKAGES = new Set(['react-dom', 'vue', 'svelte', '@angular/core', 'solid-js', 'preact']);
