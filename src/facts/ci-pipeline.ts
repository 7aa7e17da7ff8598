import {
  ANY_TASK_RUNNERS,
  CI_COMMAND_KEYS,
  CI_STATIC_ACTIONS,
  CI_STATIC_COMMANDS,
  CI_TEST_ACTIONS,
  CI_TEST_COMMANDS,
  CI_TYPECHECKING_BUILD,
  ENV_FLAGS,
  GATING_TRIGGERS,
  INSTALL_COMMAND,
  JS_SCRIPT_RUNNERS,
  JS_MANAGER_BUILTINS,
  JS_TASK_RUNNERS,
  NPM_SCRIPT_VERBS,
  PYTHON_ENV_RUNNERS,
  PYTHON_SCRIPT_RUNNERS,
  RUN_ONLY_RUNNERS,
  RUNNER_VERBS,
  SHELL_SCRIPT,
  STATIC_SCRIPT_NAME,
  TEST_SCRIPT_NAME,
  UMBRELLA_SCRIPT_NAME,
  VALUE_FLAGS,
  type CheckScope,
  type CommandPattern,
} from '../catalog/engineering.ts';
import type { CiConfig } from '../inventory/config-files.ts';

// What a CI configuration runs, read as text: no YAML library, because a pipeline only needs its triggers,
// its shell commands and the actions it uses, and a malformed file should still be read as far as it goes.
// Shared by no-ci-tests and no-ci-static-checks.

export interface Pipeline {
  path: string;
  /** runs on pushes or pull requests, so a failure shows before or right at a merge */
  gating: boolean;
  /** GitHub workflows: the triggers declared under `on:` */
  triggers: string[];
  /** line of a GitHub workflow's `on:` key; 1 elsewhere */
  triggerLine: number;
  /** Python, JS/TS or any-language code whose tests it runs */
  tests: Set<CheckScope>;
  /** Python, JS/TS or any-language code it lints or type-checks */
  checks: Set<CheckScope>;
}

export interface ReadOptions {
  /** a Next.js app, whose `build` type-checks */
  typecheckingBuild: boolean;
}

export function readPipeline(ci: CiConfig, opts: ReadOptions = { typecheckingBuild: false }): Pipeline {
  const lines = ci.text.split(/\r?\n/).map((l) => (/^\s*#/.test(l) ? '' : l));
  const github = ci.path.startsWith('.github/workflows/');
  const on = github ? triggersOf(lines) : { triggers: [], line: 1 };
  const { commands, actions } = ci.path.endsWith('Jenkinsfile') ? { commands: lines.filter((l) => !/^\s*\/\//.test(l)), actions: [] } : commandsOf(lines);
  const tests = new Set<CheckScope>();
  const checks = new Set<CheckScope>();
  for (const command of commands.flatMap(segments)) classify(command, opts, tests, checks);
  for (const a of actions) {
    addMatches(CI_TEST_ACTIONS, a, tests);
    addMatches(CI_STATIC_ACTIONS, a, checks);
  }
  // A GitHub workflow with no `on:` is not a workflow (often one commented out); any other CI runs on pushes.
  const gating = github ? on.triggers.some((t) => GATING_TRIGGERS.test(t)) : true;
  return { path: ci.path, gating, triggers: on.triggers, triggerLine: on.line, tests, checks };
}

/** Whether the pipelines together cover code of this scope (Python, JS/TS); `any` covers both. */
export function covers(scopes: Iterable<Set<CheckScope>>, scope: CheckScope): boolean {
  for (const s of scopes) if (s.has(scope) || s.has('any')) return true;
  return false;
}

/**
 * "none of the 2 CI pipelines that run on pushes or pull requests (a, b) runs them", or for one pipeline
 * "the one CI pipeline that runs on pushes or pull requests (a) does not run them".
 */
export function noGatingPipeline(gating: Pipeline[], does: string, doesNot: string): string {
  const paths = gating.map((p) => p.path).join(', ');
  return gating.length === 1
    ? `the one CI pipeline that runs on pushes or pull requests (${paths}) ${doesNot}`
    : `none of the ${gating.length} CI pipelines that run on pushes or pull requests (${paths}) ${does}`;
}

// ---- triggers --------------------------------------------------------------------------------------

/** The triggers under a workflow's top-level `on:`, inline (`on: [push]`) or as a block; `push` on tags only is a release. */
function triggersOf(lines: string[]): { triggers: string[]; line: number } {
  const at = lines.findIndex((l) => /^["']?on["']?\s*:/.test(l));
  if (at < 0) return { triggers: [], line: 1 };
  const inline = stripComment(lines[at]?.replace(/^["']?on["']?\s*:/, '') ?? '').trim();
  if (inline) return { triggers: inline.replace(/[[\]{}"']/g, '').split(',').map((t) => t.split(':')[0]?.trim() ?? '').filter(Boolean), line: at + 1 };
  const block = blockAfter(lines, at, 0);
  const indent = Math.min(...block.filter((l) => l.trim()).map(indentOf));
  const triggers: string[] = [];
  block.forEach((l, i) => {
    if (!l.trim() || indentOf(l) !== indent) return;
    const name = /^\s*(?:-\s*)?([\w-]+)/.exec(l)?.[1];
    if (!name) return;
    const children = blockAfter(block, i, indent).map((c) => /^\s*([\w-]+)\s*:/.exec(c)?.[1]).filter(Boolean);
    const tagsOnly = name === 'push' && children.some((c) => c === 'tags' || c === 'tags-ignore') && !children.some((c) => /^(branches|branches-ignore|paths|paths-ignore)$/.test(c ?? ''));
    triggers.push(tagsOnly ? 'push (tags only)' : name);
  });
  return { triggers, line: at + 1 };
}

// ---- commands ------------------------------------------------------------------------------------

/** Shell commands under command keys (`run:`, `script:`, `command:`), and the actions a workflow `uses:`. */
function commandsOf(lines: string[]): { commands: string[]; actions: string[] } {
  const commands: string[] = [];
  const actions: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(-\s+)?([\w-]+)\s*:\s*(.*)$/.exec(lines[i] ?? '');
    if (!m) continue;
    const keyIndent = (m[1]?.length ?? 0) + (m[2]?.length ?? 0);
    const key = m[3] ?? '';
    const value = stripComment(m[4] ?? '').trim();
    if (key === 'uses') actions.push(unquote(value));
    if (!CI_COMMAND_KEYS.test(key)) continue;
    if (/^[|>]/.test(value)) {
      const block = blockAfter(lines, i, keyIndent);
      commands.push(block.join('\n'));
      i += block.length;
    } else if (value) {
      commands.push(unquote(value).replace(/^\[|\]$/g, '').replace(/["']\s*,\s*["']/g, '\n'));
    } else {
      commands.push(...listItems(listAfter(lines, i, keyIndent)));
    }
  }
  return { commands, actions };
}

/** Items of a YAML list (GitLab `script:`), each with its own block when written `- |`; mappings are left to the caller. */
function listItems(block: string[]): string[] {
  const items: string[] = [];
  block.forEach((l, i) => {
    const m = /^(\s*)-\s+(.*)$/.exec(l);
    if (!m) return;
    const text = stripComment(m[2] ?? '').trim();
    if (/^[|>]/.test(text)) items.push(blockAfter(block, i, m[1]?.length ?? 0).join('\n'));
    else if (!/^[\w-]+\s*:(\s|$)/.test(text)) items.push(unquote(text));
  });
  return items;
}

/** A list under a key: deeper lines, and `- ` items at the key's own indent (YAML allows both). */
function listAfter(lines: string[], at: number, indent: number): string[] {
  const out: string[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l.trim() && (indentOf(l) < indent || (indentOf(l) === indent && !/^\s*-\s/.test(l)))) break;
    out.push(l);
  }
  return out;
}

/** Lines after `at` indented deeper than `indent` (blank lines included), up to the first one that is not. */
function blockAfter(lines: string[], at: number, indent: number): string[] {
  const out: string[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l.trim() && indentOf(l) <= indent) break;
    out.push(l);
  }
  while (out.length > 0 && !out[out.length - 1]?.trim()) out.pop();
  return out;
}

/** One shell command per segment: continuation lines joined, then split on newlines, `&&`, `||`, `;` and pipes. */
function segments(script: string): string[] {
  return script
    .replace(/\\\r?\n/g, ' ')
    .split(/\n|&&|\|\||;|\|/)
    .map((s) => stripComment(s).trim())
    .filter(Boolean);
}

function classify(command: string, opts: ReadOptions, tests: Set<CheckScope>, checks: Set<CheckScope>): void {
  // `pip install pytest ruff` names tools without running them.
  if (INSTALL_COMMAND.test(command)) return;
  addMatches(CI_TEST_COMMANDS, command, tests);
  addMatches(CI_STATIC_COMMANDS, command, checks);
  if (CI_TYPECHECKING_BUILD.test(command)) checks.add('js');
  const words = command.replace(/["'`]/g, '').split(/\s+/).filter(Boolean);
  words.forEach((w, i) => {
    const tool = w.split('/').pop() ?? w;
    for (const { scope, name } of scriptsRun(tool, words.slice(i + 1))) {
      if (TEST_SCRIPT_NAME.test(name) || UMBRELLA_SCRIPT_NAME.test(name)) tests.add(scope);
      if (STATIC_SCRIPT_NAME.test(name) || UMBRELLA_SCRIPT_NAME.test(name)) checks.add(scope);
      if (name === 'build' && scope === 'js' && opts.typecheckingBuild) checks.add('js');
    }
    if (SHELL_SCRIPT.test(w)) shellScript(tool, tests, checks);
  });
}

/** The project scripts or targets a tool word runs, with the code they can cover. */
function scriptsRun(tool: string, rest: string[]): { scope: CheckScope; name: string }[] {
  if (JS_SCRIPT_RUNNERS.test(tool)) return packageScript(tool, rest);
  if (PYTHON_SCRIPT_RUNNERS.test(tool)) return RUN_ONLY_RUNNERS.test(tool) && rest[0] !== 'run' ? [] : firstScript(rest, 'python');
  if (JS_TASK_RUNNERS.test(tool)) return positional(rest, false).map((name) => ({ scope: 'js', name }));
  if (ANY_TASK_RUNNERS.test(tool)) return positional(rest, true).map((name) => ({ scope: 'any', name }));
  if (PYTHON_ENV_RUNNERS.test(tool)) return envsRun(rest);
  return [];
}

/** `npm test`, `npm run lint`, `pnpm --filter web typecheck`, `yarn workspace api test`; not `npm ci` or `pnpm install`. */
function packageScript(tool: string, rest: string[]): { scope: CheckScope; name: string }[] {
  const first = positional(rest, true)[0];
  if (first === undefined) return [];
  if (tool === 'npm' ? !NPM_SCRIPT_VERBS.test(first) : JS_MANAGER_BUILTINS.test(first)) return [];
  if (tool === 'npm' && /^(test|t|tst)$/.test(first)) return [{ scope: 'js', name: 'test' }];
  return firstScript(rest, 'js');
}

/** The script a package manager runs: the first positional word after flags, verbs and `workspace <name>`. */
function firstScript(rest: string[], scope: CheckScope): { scope: CheckScope; name: string }[] {
  const words = positional(rest, true).filter((w) => !RUNNER_VERBS.test(w));
  const name = words[0] === 'workspace' ? words[2] : words[0];
  return name ? [{ scope, name }] : [];
}

/** Non-flag words; with `skipValues`, also without the values of flags that take one (`--filter web`). */
function positional(rest: string[], skipValues: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i] ?? '';
    if (w === '--') break;
    if (w.startsWith('-')) {
      if (skipValues && VALUE_FLAGS.test(w)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

/** tox environments and nox sessions: `lint`/`typecheck` check, anything else (`py312`, `tests`) tests; none named is the test run. */
function envsRun(rest: string[]): { scope: CheckScope; name: string }[] {
  const named: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (!ENV_FLAGS.test(rest[i] ?? '')) continue;
    for (let j = i + 1; j < rest.length && !rest[j]?.startsWith('-'); j++) named.push(...(rest[j] ?? '').split(','));
  }
  if (named.length === 0) return [{ scope: 'python', name: 'test' }];
  return named.map((n) => ({ scope: 'python', name: STATIC_SCRIPT_NAME.test(n) ? n : 'test' }));
}

/** A repository shell script counts for what its name says: `test.sh`, `run_lint.sh`, `ci.sh`. */
function shellScript(file: string, tests: Set<CheckScope>, checks: Set<CheckScope>): void {
  const stem = file.replace(/\.sh$/, '');
  const parts = stem.split(/[-_.]/);
  if (parts.some((p) => TEST_SCRIPT_NAME.test(p) || UMBRELLA_SCRIPT_NAME.test(p))) tests.add('any');
  if (parts.some((p) => STATIC_SCRIPT_NAME.test(p) || UMBRELLA_SCRIPT_NAME.test(p))) checks.add('any');
}

function addMatches(patterns: readonly CommandPattern[], text: string, into: Set<CheckScope>): void {
  for (const p of patterns) if (p.pattern.test(text)) into.add(p.scope);
}

function indentOf(line: string): number {
  return /^\s*/.exec(line)?.[0].length ?? 0;
}

function stripComment(text: string): string {
  return text.replace(/(^|\s)#.*$/, '');
}

function unquote(text: string): string {
  return text.replace(/^(["'])(.*)\1$/, '$2');
}
