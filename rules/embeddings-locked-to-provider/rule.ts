import { vendorName } from '../../src/catalog/providers.ts';
import { defineRule } from '../../src/engine/define-rule.ts';
import { plural } from '../../src/facts/repo-files.ts';

/** Locations shown per finding: where the models are used and the declared dimensions. */
const MAX_LOCATIONS = 12;
const MAX_LOCKED_PROVIDERS = 2;

export default defineRule({
  meta: {
    id: 'embeddings-locked-to-provider',
    title: 'Stored vectors come from one provider\'s embedding model',
    category: 'portability',
    severity: 'medium',
    confidence: 'medium',
    rationale:
      'Vectors from one embedding model cannot be searched with another\'s. Once a corpus is embedded with a hosted model and ' +
      'stored, changing that provider (for price, an outage, a retired model, or a customer who wants data kept elsewhere) ' +
      'means re-embedding everything and migrating the columns and indexes sized for it. The corpus grows every day, and so ' +
      'does the bill and the downtime of the switch.',
    remediation: {
      text: 'Keep the embedding call in one module, store the model id and dimension with each vector (or in the index name), keep the source text to re-embed from, and write the re-embedding job while the corpus is small; weigh an open-weights model the team can run anywhere.',
      effortHours: 6,
      effortLaterHours: 24,
    },
    ddQuestion: 'What would it cost to switch model provider, or vector database?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['embeddings', 'vectorStores'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    const { embeddings } = facts;
    // Three or more hosted embedding providers is a pluggable embedder: switching is a supported setting.
    if (embeddings.lockedTo.length > MAX_LOCKED_PROVIDERS) return;
    const stores = facts.vectorStores.filter((s) => !s.inMemory).map((s) => s.id);
    // Columns sized for a model the team runs itself hold vectors a switch does not touch.
    const selfRunDims = new Set(embeddings.sources.filter((x) => x.hosted === false && x.dimensions !== null).map((x) => x.dimensions));
    const declared = embeddings.declared.filter((d) => !selfRunDims.has(d.value));
    // A self-run embedder is supported beside the vendors' and no column is sized for theirs:
    // which model made the stored vectors is a deployment setting, not a lock-in the code makes.
    if (declared.length === 0 && embeddings.sources.some((x) => x.hosted === false)) return;
    // One root cause however many vendors it names: the stored vectors come from hosted models (`OpenAIEmbeddings`
    // in one branch, `AzureOpenAIEmbeddings` in the other is one decision, not two).
    const locked = embeddings.lockedTo.map((provider) => ({ provider, sources: embeddings.sources.filter((s) => s.provider === provider && s.hosted === true) }));
    const first = locked[0];
    if (!first) return;
    const models = locked.flatMap((l) => l.sources.map((s) => s.model));
    const uses = locked.flatMap((l) => l.sources.flatMap((s) => s.locations));
    const used = [...new Map(uses.map((l) => [`${l.file}:${l.line}`, l])).values()];
    const dims = [...new Set(declared.map((d) => d.value))];
    // The product already embeds with something else too (a self-run model, an OpenAI-compatible endpoint, another vendor).
    const others = [...new Set(embeddings.sources.filter((x) => x.provider !== null && !embeddings.lockedTo.includes(x.provider)).map((x) => x.model))];
    // The model is only a setting's default: pointing the setting elsewhere is the switch, with the re-embedding.
    const configured = locked.every((l) => l.sources.length > 0 && l.sources.every((x) => x.setting === true));
    const alternatives = locked.length > 1 || others.length > 0 || configured;
    const mismatch = embeddings.mismatches.length > 0
      ? `; ${plural(embeddings.mismatches.length, 'declared dimension')} (${[...new Set(embeddings.mismatches.map((m) => m.declared.value))].join(', ')}) ${embeddings.mismatches.length === 1 ? 'matches' : 'match'} no embedding model in use`
      : '';
    const made = locked.map((l) => `${vendorName(l.provider)}'s ${l.sources.map((s) => s.model).join(', ')}`).join(' or ');
    report({
      message:
        `Vectors stored in ${stores.join(', ')} are made with ${made}: switching embedding provider means re-embedding the corpus` +
        `${declared.length > 0 ? ` and migrating ${plural(declared.length, 'declared dimension')} (${dims.map((d) => `vector(${d})`).join(', ')})` : ''}${mismatch}` +
        `${others.length > 0 ? `; another embedder is supported too (${others.slice(0, 3).join(', ')})` : ''}${configured ? `; the model is a setting's default (${uses[0] ? `${uses[0].file}:${uses[0].line}` : models[0]})` : ''}${alternatives ? ', so the switch is a setting plus the re-embedding' : ''}`,
      locations: [...used, ...declared.map((d) => ({ file: d.file, line: d.line }))].slice(0, MAX_LOCATIONS),
      evidence: `${models[0] ?? first.provider} embeddings stored in ${stores[0] ?? 'a vector store'}`,
      key: locked.map((l) => l.provider).join('+'),
      severity: alternatives ? 'low' : 'medium',
      effortHours: 6 + declared.length,
      data: { providers: locked.map((l) => l.provider), models, stores, declaredDimensions: dims.map(String), mismatches: embeddings.mismatches.length },
    });
  },
});
