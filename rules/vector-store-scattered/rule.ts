import { z } from 'zod';
import { defineRule } from '../../src/engine/define-rule.ts';

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
    metric: 'vector-store-callers',
  },
  // Two files can be a store client and its adapter; from three on, in more than one folder (the facts'
  // `adapter` is null then), the store's API is part of the product's own code.
  options: z.strictObject({
    scatteredFiles: z.number().int().min(2).default(3).describe('files calling one vector store directly from which it is scattered'),
  }),
  check({ facts, options, report }) {
    // An in-memory store holds nothing to migrate; a store whose callers are few or in one folder has its adapter.
    const scattered = facts.vectorStores.filter((s) => !s.inMemory && s.adapter === null && s.directCalls.length >= options.scatteredFiles);
    // Stores called from the same modules share one cause (the features talk to stores directly): one finding for them.
    for (const group of sharingCallers(scattered)) {
      const ids = group.map((s) => s.id);
      const locations = dedupeLocations(group.flatMap((s) => s.directCalls.map((c) => ({ file: c.file, line: c.line }))));
      const files = new Set(locations.map((l) => l.file)).size;
      const named = ids.length === 1 ? ids[0] : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
      report({
        message: `${named} ${ids.length === 1 ? 'is' : 'are'} used directly from ${files} product files, with no single adapter in front of ${ids.length === 1 ? 'it' : 'them'}`,
        locations,
        evidence: ids.map((id) => `${id} client calls in ${group.find((s) => s.id === id)?.directCalls.length} files`).join('; '),
        key: ids.join('+'),
        severity: files >= 6 ? 'medium' : 'low',
        effortHours: 2 + files,
        data: { store: ids.join(','), files },
      });
    }
  },
});

type Store = { id: string; directCalls: readonly { file: string; line: number }[] };

/** Stores grouped so that any two sharing a calling file end up together, in catalogue order. */
function sharingCallers<T extends Store>(stores: readonly T[]): T[][] {
  const groups: { stores: T[]; files: Set<string> }[] = [];
  for (const store of stores) {
    const files = new Set(store.directCalls.map((c) => c.file));
    const joined = groups.filter((g) => [...files].some((f) => g.files.has(f)));
    const merged = { stores: [...joined.flatMap((g) => g.stores), store], files: new Set([...joined.flatMap((g) => [...g.files]), ...files]) };
    for (const g of joined) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  }
  return groups.map((g) => g.stores).sort((a, b) => stores.indexOf(a[0] as T) - stores.indexOf(b[0] as T));
}

function dedupeLocations(locations: { file: string; line: number }[]): { file: string; line: number }[] {
  const seen = new Set<string>();
  return locations.filter((l) => !seen.has(`${l.file}:${l.line}`) && Boolean(seen.add(`${l.file}:${l.line}`))).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}
