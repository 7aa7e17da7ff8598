import { z } from 'zod';
import { defineRule } from '../../src/engine/define-rule.ts';
import { plural, repositoryAnchor } from '../../src/facts/repo-files.ts';

export default defineRule({
  meta: {
    id: 'key-person-risk',
    title: 'Most of the code is written by one person',
    category: 'engineering',
    severity: 'medium',
    confidence: 'medium',
    rationale:
      'When one person writes most of the changes, how the product and its model integration work (which prompts matter, why a ' +
      'provider was chosen, what the evals do not catch) lives in that head. Every month adds decisions no one else has reviewed, ' +
      'and a departure, an illness or a reorganisation stalls the product while someone learns it from the code.',
    remediation: {
      text: 'Spread the knowledge on purpose: pair or rotate on the model code, require a second reviewer on it (CODEOWNERS), and write down the decisions (provider choice, prompt design, eval gaps) where the team can read them.',
      effortHours: 16,
      effortLaterHours: 40,
    },
    ddQuestion: 'Who can ship changes, and how is knowledge spread across the team?',
    languages: ['any'],
    requires: ['history'],
    lifecycle: 'experimental',
  },
  options: z.strictObject({
    minCommits: z.number().int().min(1).default(30).describe('below this many commits in the year there is too little history to speak of a team'),
    share: z.number().min(0).max(1).default(0.6).describe('one author\'s share of the year\'s commits from which the finding is reported'),
    highShare: z.number().min(0).max(1).default(0.8).describe('the share from which it is high'),
    minModelChanges: z.number().int().min(1).default(10).describe('commits changing model-calling files in the year from which their authorship is judged on its own'),
  }),
  check({ facts, options, report }) {
    const h = facts.history;
    if (!h || h.commits < options.minCommits) return;
    const all = ranked(h.authors.map((a) => [a.name, a.commits] as const));
    // The model integration is where the compounding decisions are (prompts, providers, evals): who changes it
    // matters on its own, even in a team that shares the rest.
    // Counted by commit, not by file: one refactor across twenty adapters is one change of mind.
    const modelFiles = [...new Set(facts.modelCalls.map((c) => c.file))];
    const inModel = new Set(modelFiles);
    const modelCommits = h.changes.filter((c) => c.files.some((f) => inModel.has(f)));
    const model = ranked(modelCommits.map((c) => [c.author, 1] as const));
    const modelCounts = model.total >= options.minModelChanges;
    const overall = all.share >= options.share;
    const modelOnly = !overall && modelCounts && model.share >= options.share;
    if (!overall && !modelOnly) return;
    // A finding about the model code points at the model-calling file its author changed most.
    const byTop = (f: string) => modelCommits.filter((c) => c.author === model.top && c.files.includes(f)).length;
    const anchor = modelOnly ? [...modelFiles].sort((a, b) => byTop(b) - byTop(a) || (a < b ? -1 : 1))[0] : repositoryAnchor(facts);
    if (!anchor) return;
    const modelPart = `${model.total} commits that changed the ${plural(modelFiles.length, 'model-calling file')}`;
    const message = overall
      ? `One author made ${pct(all.share)} of the ${h.commits} commits in the year to ${h.to} (${all.top}; ${others(all)})${modelCounts ? `, and ${pct(model.shareOf(all.top))} of the ${modelPart}` : ''}: how the product works lives largely in one head`
      : `One author made ${pct(model.share)} of the ${modelPart} in the year to ${h.to} (${model.top}; ${others(model)}), ${model.top === all.top ? `and ${pct(all.share)} of all commits` : `though ${all.top} makes the most commits overall (${pct(all.share)})`}: the model integration lives in one head`;
    const share = overall ? all.share : model.share;
    // The truck factor of the same code (`facts.knowledge`): how many people leaving would orphan half of it.
    const area = facts.knowledge?.areas.find((a) => a.id === (modelOnly ? 'model-code' : 'all'));
    const truck = area && area.truckFactor !== null ? `; truck factor ${area.truckFactor}${area.keyPeople.length > 0 ? ` (${area.keyPeople.slice(0, 3).join(', ')}${area.keyPeople.length > 3 ? ', ...' : ''})` : ''}: ${area.truckFactor <= 1 ? 'one departure' : `${area.truckFactor} departures`} would leave more than half of ${modelOnly ? 'the model code' : 'the code'} with no one who knows it` : '';
    report({
      message: `${message}${truck}`,
      locations: [{ file: anchor, line: 1 }],
      evidence: `git history ${h.from} to ${h.to}`,
      key: 'key-person-risk',
      severity: share >= options.highShare ? 'high' : 'medium',
      data: { share: Math.round(share * 100) / 100, commits: h.commits, authors: h.authors.length, modelChanges: model.total, modelShare: Math.round(model.share * 100) / 100, truckFactor: area?.truckFactor ?? null },
    });
  },
});

interface Ranking {
  top: string;
  share: number;
  total: number;
  rest: { name: string; share: number }[];
  shareOf(name: string): number;
}

/** Counts by author, summed: the top author, their share, and the others by share. */
function ranked(counts: readonly (readonly [string, number])[]): Ranking {
  const by = new Map<string, number>();
  for (const [name, n] of counts) by.set(name, (by.get(name) ?? 0) + n);
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  const order = [...by].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name, n]) => ({ name, share: total > 0 ? n / total : 0 }));
  return { top: order[0]?.name ?? '', share: order[0]?.share ?? 0, total, rest: order.slice(1), shareOf: (name) => (total > 0 ? (by.get(name) ?? 0) / total : 0) };
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function others(r: Ranking): string {
  if (r.rest.length === 0) return 'no one else';
  return `then ${r.rest.slice(0, 2).map((a) => `${a.name} ${pct(a.share)}`).join(', ')}${r.rest.length > 2 ? ` and ${r.rest.length - 2} more` : ''}`;
}
