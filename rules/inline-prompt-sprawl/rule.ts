import { defineRule } from '../../src/engine/define-rule.ts';

// Prompts in a file or folder named for them are kept in one place already; what compounds is prompt
// text written inline in feature code, folder after folder. Several modules of one folder each keeping
// their own prompt (a tools/ folder whose every tool carries its instructions) is one place and a
// convention, so the spread is counted in folders.
const SPREAD_FOLDERS = 3;
const SPREAD_BESIDE_HOME = 5;
/** A file or folder named for prompts, templates, system messages or profiles. */
const PROMPT_HOME = /prompt|templates?\b|template[-_.]|system[-_]?messages?|instructions|profiles?\//i;
/** A module holding this many prompts is where the product keeps them, whatever its name. */
const PROMPTS_IN_A_HOME = 3;

export default defineRule({
  meta: {
    id: 'inline-prompt-sprawl',
    title: 'Prompts written inline across many modules',
    category: 'evaluation',
    severity: 'low',
    confidence: 'medium',
    rationale:
      'Prompts are the product\'s most frequently tuned logic. Written inline in feature code they cannot be reviewed, versioned, ' +
      'evaluated or swapped per model as a set; every prompt change is a code change somewhere new, and no eval can enumerate them. ' +
      'Each new feature adds another copy of the same conventions (persona, format rules, safety lines).',
    remediation: {
      text: 'Move prompts into prompt files or one prompts module (or a prompt registry such as Langfuse or LangSmith), named and versioned, loaded by the code and enumerated by the evals.',
      effortHours: 2,
      effortLaterHours: 8,
    },
    ddQuestion: 'How are prompts managed, versioned and tested?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['prompts'],
    lifecycle: 'experimental',
    metric: 'inline-prompts',
  },
  check({ facts, report }) {
    // A script run by hand (a probe, a backfill) is nobody's prompt to maintain.
    const inline = facts.prompts.inline.filter((p) => !facts.runByHand(p.file));
    const perModule = new Map<string, number>();
    for (const p of inline) perModule.set(p.file, (perModule.get(p.file) ?? 0) + 1);
    // A prompts module in code (`src/prompts/writer.ts`, a module of several prompts) is a home as much as prompt files or a registry.
    const isHome = (file: string) => PROMPT_HOME.test(file) || (perModule.get(file) ?? 0) >= PROMPTS_IN_A_HOME;
    const scattered = inline.filter((p) => !isHome(p.file));
    const modules = [...new Set(scattered.map((p) => p.file))];
    const folders = new Set(modules.map((f) => f.slice(0, Math.max(0, f.lastIndexOf('/')))));
    const homeModules = new Set(inline.filter((p) => isHome(p.file)).map((p) => p.file));
    const kept = facts.prompts.promptFiles.length + facts.prompts.registryFiles.length + homeModules.size > 0;
    // Beside a home, a few prompts kept with the tool or widget they describe are a choice, not sprawl.
    if (folders.size < (kept ? SPREAD_BESIDE_HOME : SPREAD_FOLDERS)) return;
    const first = scattered[0];
    if (!first) return;
    report({
      message: `${scattered.length} inline prompts in ${modules.length} modules of ${folders.size} folders${kept ? ', besides the prompt files, prompts module or registry the project already has' : ', with no prompt files or registry'}`,
      locations: scattered.map((p) => ({ file: p.file, line: p.line })),
      evidence: `${first.name} = '...' (${first.chars} characters)`,
      key: 'inline-prompts',
      // Stragglers beside a home are a cleanup; with no home at all every prompt change is a hunt.
      severity: folders.size >= 8 && !kept ? 'medium' : 'low',
      effortHours: 1 + 0.5 * modules.length,
      data: { prompts: scattered.length, modules: modules.length, folders: folders.size, promptFiles: facts.prompts.promptFiles.length },
    });
  },
});
