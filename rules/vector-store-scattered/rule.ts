import { VECTOR_STORES } from '../../src/catalog/tools.ts';
import { defineRule } from '../../src/engine/define-rule.ts';
import { isInScope } from '../../src/inventory/roles.ts';

// Two files can be a store client and its adapter; from three on, in more than one folder, the store's
// API is part of the product's own code. Files of one folder are the adapter package itself.
const SCATTERED_FILES = 3;
const SCATTERED_FOLDERS = 2;

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
    requires: ['facts', 'graph'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    for (const store of VECTOR_STORES) {
      const locations: { file: string; line: number }[] = [];
      for (const f of facts.facts.values()) {
        if (!isInScope(facts.roleOf(f.path))) continue;
        // Calling the client is coupling; importing its types for annotations is not. The repository's
        // own module of that name is not the store's SDK.
        const call = f.calls.find((c) => c.origin !== undefined && store.modules.test(c.origin.module) && facts.graph.resolve(f.path, c.origin.module) === undefined);
        if (call) locations.push({ file: f.path, line: call.line });
      }
      const folders = new Set(locations.map((l) => l.file.slice(0, l.file.lastIndexOf('/'))));
      if (locations.length < SCATTERED_FILES || folders.size < SCATTERED_FOLDERS) continue;
      locations.sort((a, b) => (a.file < b.file ? -1 : 1));
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
