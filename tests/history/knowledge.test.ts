import { describe, expect, it } from 'vitest';
import type { Authorship, RecentHistory } from '../../src/acquire/history.ts';
import { knowledgeOf } from '../../src/facts/knowledge.ts';

// Four files: Ada wrote f1 alone; Bob reworked the f2 Ada created (both know it); Bob wrote f3; Cy created f4 and
// Ada touched it once (too little to know it: her degree of authorship stays under 3.293).
const authorship: Authorship = {
  commits: 20, truncated: false,
  files: new Map([
    ['f1.ts', { creator: 'Ada', changes: new Map([['Ada', 5]]) }],
    ['f2.ts', { creator: 'Ada', changes: new Map([['Ada', 2], ['Bob', 6]]) }],
    ['f3.ts', { creator: 'Bob', changes: new Map([['Bob', 3]]) }],
    ['f4.ts', { creator: 'Cy', changes: new Map([['Cy', 1], ['Ada', 1]]) }],
  ]),
};
const history: RecentHistory = {
  from: '2025-06-01', to: '2026-06-01', commits: 4,
  authors: [{ name: 'Bob', commits: 2 }, { name: 'Ada', commits: 1 }, { name: 'Cy', commits: 1 }],
  changes: [{ author: 'Ada', files: ['f1.ts'] }, { author: 'Bob', files: ['f2.ts'] }, { author: 'Bob', files: ['f3.ts', 'README.md'] }, { author: 'Cy', files: ['f4.ts'] }],
};
const areas = { 'model-code': ['f2.ts', 'f4.ts'], prompts: [], evals: [], infrastructure: [] };

describe('knowledge', () => {
  it('removes the author of most files until more than half have no author left: the truck factor', () => {
    const k = knowledgeOf(history, authorship, areas, ['f1.ts', 'f2.ts', 'f3.ts', 'f4.ts']);
    const all = k.areas.find((a) => a.id === 'all');
    // Ada and Bob author two files each (Ada first by name); without both, f1, f2 and f3 have no author.
    expect(all).toEqual({ id: 'all', files: 4, commits: 4, authors: [{ name: 'Bob', share: 0.5 }, { name: 'Ada', share: 0.25 }, { name: 'Cy', share: 0.25 }], truckFactor: 2, keyPeople: ['Ada', 'Bob'] });
    // f2 is known to two people and f4 to Cy: all three must leave.
    expect(k.areas.find((a) => a.id === 'model-code')).toEqual({ id: 'model-code', files: 2, commits: 2, authors: [{ name: 'Bob', share: 0.5 }, { name: 'Cy', share: 0.5 }], truckFactor: 3, keyPeople: ['Ada', 'Bob', 'Cy'] });
    expect(k.areas.map((a) => a.id)).toEqual(['all', 'model-code', 'rest']);
    expect([k.from, k.to, k.commitsPerMonth]).toEqual(['2025-06-01', '2026-06-01', 0.3]);
    expect(k.hotspots).toEqual([]);
  });

  it('ranks the model code\'s hotspots by the year\'s commits times lines', () => {
    const busier: RecentHistory = { ...history, changes: [...history.changes, { author: 'Cy', files: ['f4.ts'] }, { author: 'Cy', files: ['f4.ts'] }] };
    const k = knowledgeOf(busier, authorship, areas, ['f1.ts', 'f2.ts', 'f3.ts', 'f4.ts'], new Map([['f2.ts', 100], ['f4.ts', 40]]));
    expect(k.hotspots).toEqual([{ file: 'f4.ts', commits: 3, lines: 40 }, { file: 'f2.ts', commits: 1, lines: 100 }]);
    expect(k.fullHistory).toBe(true);
  });

  it('is not measured without the files\' history, and a file no one knows counts as orphaned from the start', () => {
    expect(knowledgeOf(history, null, areas, ['f1.ts']).areas[0]).toMatchObject({ truckFactor: null, keyPeople: [] });
    const k = knowledgeOf(history, authorship, { ...areas, 'model-code': [] }, ['f1.ts', 'new.ts', 'other.ts']);
    expect(k.areas.find((a) => a.id === 'all')).toMatchObject({ truckFactor: 0, keyPeople: [] });
  });
});
