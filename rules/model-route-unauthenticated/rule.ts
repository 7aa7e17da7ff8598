import { defineRule } from '../../src/engine/define-rule.ts';

export default defineRule({
  meta: {
    id: 'model-route-unauthenticated',
    title: 'Web routes that call models accept requests from anyone',
    category: 'security',
    severity: 'high',
    confidence: 'medium',
    rationale:
      'A route that runs a model call for any request spends the company\'s provider key for whoever finds the deployment: a script ' +
      'can run up the bill, exhaust the rate limit for real users, and read whatever the prompt carries (documents, other users\' data). ' +
      'Each model feature added behind an open route widens the exposure, and retrofitting identity later touches every client.',
    remediation: {
      text: 'Put authentication in front of every route that reaches a model (a session or token check in middleware, a dependency, or an API key for machine clients), with per-user rate limits and spend caps at the gateway.',
      effortHours: 4,
      effortLaterHours: 16,
    },
    ddQuestion: 'Who can make your product spend money on model calls, and what stops abuse?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['modelRoutes', 'product'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    // Who calls a server its users run on their own machines, or a library's, is not the company's to decide.
    const kind = facts.product.kind;
    if (kind !== 'service' && kind !== 'self-hosted') return;
    // Auth the scan cannot place (a middleware file, `app.use(auth)`) may cover these routes: not measured.
    if (facts.modelRoutes.globalAuth !== null) return;
    const open = facts.modelRoutes.routes.filter((r) => r.auth === 'none').sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    const first = open[0];
    if (!first) return;
    const total = facts.modelRoutes.routes.length;
    const limited = open.filter((r) => r.limited).length;
    // A server its users run that listens on every interface as shipped is open to their network from the first start.
    const exposed = facts.modelRoutes.listensOnAll;
    const selfHosted = kind === 'self-hosted' && exposed === null;
    report({
      message:
        `${open.length} of ${total} web route${total === 1 ? ' that reaches' : 's that reach'} a model call ${open.length === 1 ? 'checks' : 'check'} no identity on the way: ` +
        `${open.slice(0, 4).map((r) => `${r.handler} (${r.file}:${r.line})`).join(', ')}${open.length > 4 ? ` and ${open.length - 4} more` : ''}` +
        `${limited === 0 ? '' : `; ${limited === open.length ? (open.length === 1 ? 'it has' : 'they have') : `${limited} of them ${limited === 1 ? 'has' : 'have'}`} a rate limiter, which caps how often, not who`}. ` +
        (selfHosted
          ? 'Its users run the server themselves; once one is reachable beyond localhost, anyone can spend its provider key'
          : kind === 'self-hosted' && exposed
            ? `Its users run the server themselves, and it listens on every network interface as shipped (${exposed.file}:${exposed.line}): anyone on their network can spend its provider key`
            : 'Anyone who finds the deployment can spend the provider key and read what the prompts carry, unless a proxy the scan does not read authenticates first'),
      ...(selfHosted ? { severity: 'medium' as const } : {}),
      locations: open.map((r) => ({ file: r.file, line: r.line })),
      evidence: `${first.handler} -> ${first.calls[0]?.file}:${first.calls[0]?.line}`,
      key: 'open-routes',
      effortHours: 2 + 0.5 * open.length,
      data: { open: open.length, routes: total },
    });
  },
});
