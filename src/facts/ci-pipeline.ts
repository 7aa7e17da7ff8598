import {
  ANY_TASK_RUNNERS,
  CI_STATIC_ACTIONS,
  CI_STATIC_COMMANDS,
  CI_TEST_ACTIONS,
  CI_TEST_COMMANDS,
  CI_TYPECHECKING_BUILD,
  ENV_FLAGS,
  INSTALL_COMMAND,
  JS_SCRIPT_RUNNERS,
  OTHER_CI_FILES,
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
  TYPECHECKING_BUILD_PACKAGES,
  UMBRELLA_SCRIPT_NAME,
  VALUE_FLAGS,
  type CheckScope,
  type CommandPattern,
} from '../catalog/engineering.ts';
import { entry } from '../config/yaml.ts';
import type { CiConfig } from '../inventory/config-files.ts';
import type { Manifest } from '../inventory/manifests/types.ts';
import { readCompositeAction, readJenkinsfile, readJobs, restrictByCondition, type Command, type RawJob, type RawPipeline, type Trigger } from './ci-jobs.ts';

// What CI runs and when, from the parsed configuration of every CI system the inventory reads: the jobs,
// the triggers each runs on (a reusable workflow runs on its callers' triggers), and whether their commands
// run tests, linters or type checkers. Shared by no-ci-tests, no-ci-static-checks and the eval harness.

export interface Job {
  name: string;
  line: number;
  /** when it runs, after its `if:` and, for a reusable workflow, its callers */
  triggers: Trigger[];
  commands: Command[];
  actions: Command[];
  tests: Set<CheckScope>;
  checks: Set<CheckScope>;
}

export interface Pipeline {
  path: string;
  /**
   * false when what it runs is unknown: the file did not parse, a job calls a workflow kept in another
   * repository, or jobs come from included files or templates. A rule then cannot say CI does not run something.
   */
  read: boolean;
  /** some job runs on pushes or pull requests, so a failure shows before or right at a merge */
  gating: boolean;
  /** when it runs, for messages: `push`, `push (tags only)`, `schedule`, `workflow_dispatch` */
  triggers: string[];
  /** line of a GitHub workflow's `on:`; 1 elsewhere */
  triggerLine: number;
  /** Python, JS/TS or any-language code whose tests the jobs that run on changes run */
  tests: Set<CheckScope>;
  /** Python, JS/TS or any-language code the jobs that run on changes lint or type-check */
  checks: Set<CheckScope>;
  /** tests only jobs that do not run on changes run (on tags, on a timer, by hand) */
  otherTests: Set<CheckScope>;
  jobs: Job[];
}

export interface ReadOptions {
  /** a Next.js app, whose `build` type-checks */
  typecheckingBuild: boolean;
  /** package.json scripts by name: what each `npm run <name>` of the repository runs */
  scripts?: ReadonlyMap<string, readonly string[]>;
  /** Makefile and justfile targets by name: what each `make <name>` runs, its prerequisites as `make <dep>` */
  targets?: ReadonlyMap<string, readonly string[]>;
  /** tox.ini: the environments a bare `tox` runs, and what each environment runs */
  tox?: { envlist: readonly string[]; commands: ReadonlyMap<string, readonly string[]> };
  /** the `RUN` commands of each Dockerfile, by path: a CI `docker build` runs them */
  dockerfiles?: ReadonlyMap<string, readonly string[]>;
}

/** How to read the repository's CI: whether its `build` type-checks, and what its package scripts and task-file targets run. */
export function pipelineOptions(manifests: readonly Manifest[], configs: readonly CiConfig[] = []): ReadOptions {
  // Several rules and facts ask for the same repository's CI: its task files are read once.
  const byManifests = optionsMemo.get(configs) ?? optionsMemo.set(configs, new WeakMap()).get(configs) as WeakMap<readonly Manifest[], ReadOptions>;
  const known = byManifests.get(manifests);
  if (known) return known;
  const opts = readOptions(manifests, configs);
  byManifests.set(manifests, opts);
  return opts;
}

const optionsMemo = new WeakMap<readonly CiConfig[], WeakMap<readonly Manifest[], ReadOptions>>();

function readOptions(manifests: readonly Manifest[], configs: readonly CiConfig[]): ReadOptions {
  const scripts = new Map<string, string[]>();
  for (const m of manifests) for (const [name, body] of Object.entries(m.scripts ?? {})) scripts.set(name, [...(scripts.get(name) ?? []), body]);
  const targets = new Map<string, string[]>();
  const tasks = configs.filter((c) => c.tasks);
  for (const c of tasks.filter((x) => TASK_RUNNER_FILE.test(x.path))) for (const [name, body] of taskTargets(c.text, /justfile$/i.test(c.path))) targets.set(name, [...(targets.get(name) ?? []), body]);
  const toxIni = tasks.find((c) => c.path === 'tox.ini');
  const dockerfiles = new Map(tasks.filter((c) => DOCKERFILE.test(c.path)).map((c) => [c.path, dockerRuns(c.text)]));
  return {
    typecheckingBuild: manifests.some((m) => m.dependencies.some((d) => TYPECHECKING_BUILD_PACKAGES.includes(d.name))),
    scripts, targets, dockerfiles,
    ...(toxIni ? { tox: toxEnvironments(toxIni.text) } : {}),
  };
}

const TASK_RUNNER_FILE = /(^|\/)(Makefile|makefile|GNUmakefile|justfile|Justfile|\.justfile)$/;
const DOCKERFILE = /(^|\/)(Dockerfile([.-][\w.-]+)?|[\w.-]+\.[Dd]ockerfile)$/;

/** A Dockerfile's `RUN` commands in shell form, continuation lines joined (`RUN yarn install && \` + `yarn build`). */
export function dockerRuns(text: string): string[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined.split(/\r?\n/).flatMap((line) => {
    const run = /^\s*RUN\s+(?:--[\w-]+=\S+\s+)*(.+)$/i.exec(line);
    if (!run?.[1] || run[1].trim().startsWith('[')) return [];
    return [run[1].trim()];
  });
}

/**
 * The environments of a tox.ini: `envlist` (what a bare `tox` runs) and each `[testenv:NAME]`'s `commands`,
 * with `[testenv]`'s for environments that set none. Factor and range syntax (`py{39,310}`) is left as written.
 */
export function toxEnvironments(text: string): { envlist: string[]; commands: Map<string, string[]> } {
  const sections = new Map<string, Map<string, string>>();
  let section = '';
  let key = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s*[#;].*$/, '');
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = (header[1] ?? '').trim();
      sections.set(section, new Map());
      key = '';
      continue;
    }
    const entry = /^([\w.-]+)\s*=\s*(.*)$/.exec(line);
    const values = sections.get(section);
    if (!values) continue;
    if (entry && !/^\s/.test(line)) {
      key = entry[1] ?? '';
      values.set(key, entry[2] ?? '');
    } else if (key && /^\s+\S/.test(line)) values.set(key, `${values.get(key) ?? ''}\n${line.trim()}`);
  }
  const envlist = (sections.get('tox')?.get('envlist') ?? sections.get('tox')?.get('env_list') ?? '').split(/[\s,]+/).filter(Boolean);
  const lines = (v: string | undefined) => (v ?? '').split('\n').map((x) => x.trim().replace(/^-\s*/, '')).filter(Boolean);
  const fallback = lines(sections.get('testenv')?.get('commands'));
  const commands = new Map<string, string[]>();
  for (const [name, values] of sections) {
    const env = /^testenv:(.+)$/.exec(name)?.[1]?.trim();
    if (env) commands.set(env, values.has('commands') ? lines(values.get('commands')) : fallback);
  }
  for (const env of envlist) if (!commands.has(env)) commands.set(env, fallback);
  return { envlist, commands };
}

/**
 * The targets of a Makefile or justfile and what each runs: its recipe lines, and its prerequisites as
 * `make <dep>` (a `check: lint test` target runs both). Variable assignments (`X := y`) are not targets.
 */
export function taskTargets(text: string, just = false): Map<string, string> {
  const out = new Map<string, string>();
  let current: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    // A justfile recipe takes parameters before the colon (`test filter=''`): its first word is the name.
    const head = (just ? /^([A-Za-z_][\w-]*)(?:[ \t][^:]*)?:(?![:=])(.*)$/ : /^([A-Za-z_][\w./-]*(?:[ \t]+[A-Za-z_][\w./-]*)*)[ \t]*:(?![:=])(.*)$/).exec(line);
    if (head && !/^\s/.test(line)) {
      const names = (head[1] ?? '').split(/[ \t]+/);
      const deps = (head[2] ?? '').replace(/#.*$/, '').split(/[\s|]+/).filter((d) => /^[A-Za-z_][\w.-]*$/.test(d));
      current = names.filter((n) => !n.startsWith('.'));
      for (const n of current) out.set(n, deps.map((d) => `make ${d}`).join('\n'));
      continue;
    }
    if (/^[ \t]+\S/.test(line) && current.length > 0) {
      const recipe = line.trim().replace(/^[@-]+/, '');
      for (const n of current) out.set(n, [out.get(n), recipe].filter(Boolean).join('\n'));
    } else if (line.trim() !== '' && !line.startsWith('#')) current = [];
  }
  return out;
}

/** Every CI pipeline of the repository (composite actions are read into the jobs that use them). */
export function readPipelines(configs: readonly CiConfig[], opts: ReadOptions = { typecheckingBuild: false }): Pipeline[] {
  const actions = new Map(configs.filter((c) => c.action && c.documents).map((c) => [c.path.replace(/\/action\.ya?ml$/, ''), readCompositeAction(c.documents ?? [])]));
  const raw = new Map<string, RawPipeline | null>();
  const hosted: Pipeline[] = [];
  for (const c of configs) {
    if (c.action || c.tasks) continue;
    if (PRE_COMMIT_CONFIG.test(c.path)) {
      const ci = preCommitCi(c);
      if (ci) hosted.push(ci);
      continue;
    }
    raw.set(c.path, c.documents ? readJobs(c.path, c.documents) : c.path.endsWith('Jenkinsfile') ? readJenkinsfile(c.text) : null);
  }
  const triggers = effectiveTriggers(raw);
  return [...hosted, ...[...raw].map(([path, p]): Pipeline => {
    if (!p) return { path, read: false, gating: false, triggers: [], triggerLine: 1, tests: new Set(), checks: new Set(), otherTests: new Set(), jobs: [] };
    const on = triggers.get(path) ?? p.triggers;
    const jobs = p.jobs.map((j) => job(j, on, actions, opts));
    const gatingJobs = jobs.filter((j) => j.triggers.some((t) => t.kind === 'change'));
    const otherJobs = jobs.filter((j) => j.triggers.length > 0 && !gatingJobs.includes(j));
    // A job on pushes that calls a workflow kept elsewhere runs what this repository does not show.
    const remote = jobs.some((j, i) => p.jobs[i]?.calls && !raw.has(p.jobs[i]?.calls?.text ?? '') && j.triggers.some((t) => t.kind === 'change'));
    return {
      path, read: !remote && !p.partial, gating: gatingJobs.length > 0, triggers: on.map((t) => t.label), triggerLine: p.triggerLine,
      tests: union(gatingJobs.map((j) => j.tests)), checks: union(gatingJobs.map((j) => j.checks)), otherTests: union(otherJobs.map((j) => j.tests)), jobs,
    };
  })];
}

const PRE_COMMIT_CONFIG = /^\.pre-commit-config\.ya?ml$/;

/**
 * pre-commit.ci, configured by the `ci:` section of `.pre-commit-config.yaml`, runs the hooks on every pull
 * request: the linters and formatters they name check the code before a merge. Without that section the
 * hooks run only on the machines of those who installed them, which is no gate.
 */
function preCommitCi(c: CiConfig): Pipeline | undefined {
  const ci = entry(c.documents?.[0], 'ci');
  if (!ci) return undefined;
  const hooks = c.text.match(/^\s*-?\s*id:\s*([\w.-]+)/gm)?.map((h) => h.replace(/^\s*-?\s*id:\s*/, '')) ?? [];
  const checks = new Set<CheckScope>();
  for (const h of hooks) addMatches(CI_STATIC_COMMANDS, h, checks);
  if (checks.size === 0) return undefined;
  return { path: c.path, read: true, gating: true, triggers: ['pull_request (pre-commit.ci)'], triggerLine: ci.line, tests: new Set(), checks, otherTests: new Set(), jobs: [] };
}

/**
 * No CI runs on pushes or pull requests, as far as the scan can tell: every pipeline was read and none
 * gates, and no CI system the scan does not read is configured. no-ci-tests reports it; the rules whose
 * gap is one of that missing pipeline's jobs (the tests, the evals) defer to it.
 */
export function noGatingCi(configs: readonly CiConfig[], manifests: readonly Manifest[], paths: readonly string[]): boolean {
  const pipelines = readPipelines(configs, pipelineOptions(manifests, configs));
  return !pipelines.some((p) => p.gating || !p.read) && !paths.some((p) => OTHER_CI_FILES.test(p));
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

// ---- triggers ------------------------------------------------------------------------------------

/**
 * The triggers of each pipeline, where a reusable workflow (`on: workflow_call`) runs whenever a job of
 * another workflow calls it, on that job's triggers. Chains of calls are followed a few levels deep.
 */
function effectiveTriggers(raw: Map<string, RawPipeline | null>): Map<string, Trigger[]> {
  const out = new Map<string, Trigger[]>([...raw].map(([path, p]) => [path, p?.triggers ?? []]));
  for (let round = 0; round < 4; round++) {
    let changed = false;
    for (const [path, p] of raw) {
      for (const j of p?.jobs ?? []) {
        const callee = j.calls ? raw.get(j.calls.text) : undefined;
        if (!j.calls || !callee?.reusable) continue;
        const inherited = restrictByCondition(out.get(path) ?? [], j.condition);
        const known = out.get(j.calls.text) ?? [];
        const added = inherited.filter((t) => !known.some((k) => k.label === t.label && k.kind === t.kind));
        if (added.length > 0) {
          out.set(j.calls.text, [...known, ...added]);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return out;
}

// ---- commands ------------------------------------------------------------------------------------

function job(raw: RawJob, on: Trigger[], actions: Map<string, Pick<RawJob, 'commands' | 'actions'>>, opts: ReadOptions): Job {
  const triggers = raw.triggers ?? restrictByCondition(on, raw.condition);
  const commands = [...raw.commands];
  const used: Command[] = [];
  // A local composite action runs its own steps in the job: read them as the job's, one level deep. Only
  // an action whose file is not in the checkout is judged by its name.
  for (const a of raw.actions) {
    const local = actions.get(a.text.replace(/^\.\//, '').replace(/\/$/, ''));
    if (!local) used.push(a);
    else {
      commands.push(...local.commands.map((c) => ({ ...c, line: a.line })));
      used.push(...local.actions.map((x) => ({ ...x, line: a.line })));
    }
  }
  const tests = new Set<CheckScope>();
  const checks = new Set<CheckScope>();
  for (const c of commands) for (const command of segments(c.text)) classify(command, opts, tests, checks);
  for (const a of used) {
    addMatches(CI_TEST_ACTIONS, a.text, tests);
    addMatches(CI_STATIC_ACTIONS, a.text, checks);
  }
  return { name: raw.name, line: raw.line, triggers, commands, actions: used, tests, checks };
}

function union<T>(sets: Set<T>[]): Set<T> {
  return new Set(sets.flatMap((s) => [...s]));
}

/** One shell command per segment: continuation lines joined, then split on newlines, `&&`, `||`, `;` and pipes. */
function segments(script: string): string[] {
  return script
    .replace(/\\\r?\n/g, ' ')
    .split(/\n|&&|\|\||;|\|/)
    .map((s) => stripComment(s).trim())
    .filter(Boolean);
}

/**
 * What one command runs. A package script is read by its name and, a few levels deep, by its body: CI's
 * `npm run build` is a type check when the script is `tsc`. Scripts of every package.json count, as a CI
 * step's working folder is not followed.
 */
function classify(command: string, opts: ReadOptions, tests: Set<CheckScope>, checks: Set<CheckScope>, depth = 0): void {
  // `pip install pytest ruff` names tools without running them.
  if (INSTALL_COMMAND.test(command)) return;
  addMatches(CI_TEST_COMMANDS, command, tests);
  addMatches(CI_STATIC_COMMANDS, command, checks);
  if (CI_TYPECHECKING_BUILD.test(command)) checks.add('js');
  const ws = words(command);
  // A bare `tox` runs its envlist: each environment for what its name says and for what it runs.
  const tox = ws[0] === 'tox' && opts.tox && !ws.some((w) => ENV_FLAGS.test(w)) ? opts.tox.envlist.map((env) => ({ scope: 'python' as const, name: STATIC_SCRIPT_NAME.test(env) ? env : 'test', env })) : [];
  // `vercel build` runs the project's build, as `npm run build` does.
  const vercel: { scope: CheckScope; name: string; env?: string }[] = ws[0] === 'vercel' && ws[1] === 'build' ? [{ scope: 'js', name: 'build' }] : [];
  for (const { scope, name, env } of [...(tox.length > 0 ? tox : scriptsOf(command)), ...vercel]) {
    if (TEST_SCRIPT_NAME.test(name) || UMBRELLA_SCRIPT_NAME.test(name)) tests.add(scope);
    if (STATIC_SCRIPT_NAME.test(name) || UMBRELLA_SCRIPT_NAME.test(name)) checks.add(scope);
    if (name === 'build' && scope === 'js' && opts.typecheckingBuild) checks.add('js');
    if (depth >= 3) continue;
    const bodies = scope === 'js' ? opts.scripts?.get(name) : scope === 'any' ? opts.targets?.get(name) : env !== undefined ? opts.tox?.commands.get(env) : undefined;
    for (const body of bodies ?? []) for (const part of segments(body)) classify(part, opts, tests, checks, depth + 1);
  }
  // `docker build` runs the Dockerfile's commands (`RUN yarn build`): the one `-f` names, else those at the top.
  if (depth < 3 && DOCKER_BUILD.test(command)) {
    const named = ws[ws.findIndex((w) => w === '-f' || w === '--file') + 1];
    const files = named && !named.includes('$') && opts.dockerfiles?.has(named.replace(/^\.\//, '')) ? [named.replace(/^\.\//, '')] : [...(opts.dockerfiles?.keys() ?? [])].filter((p) => !p.includes('/'));
    for (const file of files) for (const run of opts.dockerfiles?.get(file) ?? []) for (const part of segments(run)) classify(part, opts, tests, checks, depth + 1);
  }
  for (const w of words(command)) if (SHELL_SCRIPT.test(w)) shellScript(w.split('/').pop() ?? w, tests, checks);
}

/** Each shell command a job runs, one per segment (`a && b` is two), with the line of its step; installs left out. */
export function jobCommands(job: Job): Command[] {
  return job.commands.flatMap((c) => segments(c.text).filter((s) => !INSTALL_COMMAND.test(s)).map((text) => ({ text, line: c.line })));
}

/** The project scripts and task-runner targets one shell command runs: `npm run eval`, `make evals`, `tox -e lint`. */
export function scriptsOf(command: string): { scope: CheckScope; name: string; env?: string }[] {
  const ws = words(command);
  return ws.flatMap((w, i) => scriptsRun(w.split('/').pop() ?? w, ws.slice(i + 1)));
}

function words(command: string): string[] {
  return command.replace(/["'`]/g, '').split(/\s+/).filter(Boolean);
}

const DOCKER_BUILD = /^docker\s+(buildx\s+build|build|image\s+build)\b/;

/** The project scripts or targets a tool word runs, with the code they can cover. */
function scriptsRun(tool: string, rest: string[]): { scope: CheckScope; name: string; env?: string }[] {
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
function envsRun(rest: string[]): { scope: CheckScope; name: string; env?: string }[] {
  const named: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (!ENV_FLAGS.test(rest[i] ?? '')) continue;
    for (let j = i + 1; j < rest.length && !rest[j]?.startsWith('-'); j++) named.push(...(rest[j] ?? '').split(','));
  }
  if (named.length === 0) return [{ scope: 'python', name: 'test' }];
  return named.map((n) => ({ scope: 'python', name: STATIC_SCRIPT_NAME.test(n) ? n : 'test', env: n }));
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

function stripComment(text: string): string {
  return text.replace(/(^|\s)#.*$/, '');
}
