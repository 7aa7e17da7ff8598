import { defineRule } from '../../src/engine/define-rule.ts';

// Two files can be a store client and its adapter; from three on, in more than one folder (the facts'
// `adapter` is null then), the store's API is part of the product's own code.
const SCATTERED_FILES = 3;

export default defineRule({
  meta: {
    id: 'vector-store-scattered',
    title: 'Vector store client used from many modules, with no adapter',
    category: 'portability',
    severity: 'low',
    confidence: 'medium',
    rationale:
      'Each module that talks to the vector store directly encodes its query syntax, filter language, index names and ' +
      'result shape. Moving to another store, or changing the embedding model behind it, then touches every one of them, ' +
      'and each retrieval feature added the same way widens the migration.',
    remediation: {
      text: 'Put the store behind one retrieval module (upsert, search with filters, delete) that the features call, so the store, its index layout and the embedding model can change in one place.',
      effortHours: 4,
      effortLaterHours: 16,
    },
    ddQuestion: 'What would it cost to switch vector database?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['vectorStores'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    for (const store of facts.vectorStores) {
      // An in-memory store holds nothing to migrate; a store whose callers are few or in one folder has its adapter.
      if (store.inMemory || store.adapter !== null || store.directCalls.length < SCATTERED_FILES) continue;
      const locations = store.directCalls.map((c) => ({ file: c.file, line: c.line }));
      report({
        message: `${store.id} is used directly from ${locations.length} product files, with no single adapter in front of it`,
        locations,
        evidence: `${store.id} client calls in ${locations.length} files`,
        key: store.id,
        severity: locations.length >= 6 ? 'medium' : 'low',
        effortHours: 2 + locations.length,
        data: { store: store.id, files: locations.length },
      });
    }
  },
});
