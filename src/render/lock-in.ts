import { vendorName } from '../catalog/providers.ts';
import type { Report } from '../report/schema.ts';
import { plural } from '../util/plural.ts';

// The vendor lock-in section, as text cells both the Markdown and the HTML report lay out: one row per
// vendor from the migration surface, and one line each for stores, embeddings and the inference stack.

export interface LockInView {
  rows: { vendor: string; kind: string; surface: string; features: string; adapter: string; estimate: string; breakdown: string }[];
  stores: string;
  embeddings: string;
  stack: string;
}

export function lockInView(r: Report): LockInView {
  const inv = r.inventory;
  const rows = inv.migrationSurface.map((m) => ({
    vendor: vendorName(m.vendor),
    kind: m.kind === 'model-provider' ? 'model provider' : m.kind === 'framework' ? 'framework' : 'vector store',
    surface: m.kind === 'framework' ? `${plural(m.files.length, 'file')}, ${plural(m.callSites, 'call site')}`
      : m.kind === 'model-provider'
      ? `${plural(m.files.length, 'file')}, ${plural(m.callSites, 'call site')}${m.callSitesInGateway > 0 ? ` (${m.callSitesInGateway} in the gateway)` : ''}, ${plural(m.modelIdOccurrences, 'hard-coded model id')}`
      : `${plural(m.files.length, 'file')}, ${plural(m.callSites, 'calling file')}${m.schemaSites > 0 ? `, ${plural(m.schemaSites, 'declared dimension')}` : ''}`,
    features: [...m.features, ...(m.reembed ? ['re-embedding'] : [])].join(', ') || '—',
    adapter: m.adapter ? m.adapter.join(', ') : 'none',
    estimate: `${m.effortHours} h`,
    breakdown: m.breakdown.map((b) => `${b.item}: ${b.hours} h`).join('; '),
  }));
  const stores = inv.vectorStores.map((s) => {
    if (s.inMemory) return `${s.id} (in memory)`;
    const reach = s.adapter ? `behind ${s.adapter.join(', ')}` : `called from ${plural(s.directCalls.length, 'file')}, no adapter`;
    const dims = [...new Set(s.dimensions.map((d) => d.value))];
    return `${s.id} (${s.via.join(', ')}; ${s.directCalls.length > 0 ? reach : 'declared only'}${dims.length > 0 ? `; dimension ${dims.join(', ')}` : ''})`;
  }).join('; ') || 'none found';
  const e = inv.embeddings;
  const models = e.sources.map((s) => `${s.model} (${s.provider ? vendorName(s.provider) : 'provider unknown'}${s.dimensions ? `, ${s.dimensions} dims` : ''})`);
  const embeddings = models.length === 0 ? 'no embedding model found'
    : `${models.join(', ')}${e.lockedTo.length > 0 ? `; stored vectors tied to ${e.lockedTo.map(vendorName).join(', ')}` : e.persisted ? '; stored vectors not tied to a hosted provider' : '; no vectors persisted'}` +
      `${e.mismatches.length > 0 ? `; ${plural(e.mismatches.length, 'declared dimension')} match no model in use` : ''}`;
  const stack = inv.inferenceStack.map((c) => `${c.label} (${c.kind}; ${c.evidence.slice(0, 2).join(', ')})`).join('; ') || 'nothing beyond provider APIs';
  return { rows, stores, embeddings, stack };
}
