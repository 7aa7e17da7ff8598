import { CI_COMMAND_KEYS } from '../catalog/engineering.ts';
import { entries, entry, get, items, text, texts, walk, type YamlEntry, type YamlValue } from '../config/yaml.ts';

// The jobs of one CI configuration, read from its parsed YAML: when each job runs and the shell commands and
// actions it runs, with their lines. One reader per CI system, since each says "when" its own way; what a
// command does (tests, linters, evals) is decided elsewhere, once for all systems.

/**
 * When a job runs: on code changes (a push, a pull request), on a release (a tag push, a published release),
 * on a timer, or when someone starts it (a dispatch button, a comment, a label).
 */
export type TriggerKind = 'change' | 'release' | 'schedule' | 'manual';

export interface Trigger {
  /** as the CI system names it: `push`, `pull_request`, `schedule`, GitLab `tags`, a Bitbucket section */
  event: string;
  kind: TriggerKind;
  /** for messages: `push (tags only)`, `pull_request (paths: prompts/**)` */
  label: string;
  line: number;
}

export interface Command {
  text: string;
  line: number;
}

export interface RawJob {
  name: string;
  line: number;
  /** when it runs; absent for a GitHub job, which runs on its workflow's triggers narrowed by its `if:` */
  triggers?: Trigger[];
  /** a GitHub job's `if:` condition */
  condition?: string;
  commands: Command[];
  /** `uses:` values: actions, orb commands */
  actions: Command[];
  /** the workflow a GitHub job calls (`uses: ./.github/workflows/test.yml` as `.github/workflows/test.yml`, or a remote reference) */
  calls?: Command;
}

export interface RawPipeline {
  /** the triggers declared for the whole file (a GitHub `on:`), or those of its jobs together */
  triggers: Trigger[];
  /** line of a GitHub workflow's `on:`; 1 elsewhere */
  triggerLine: number;
  /** a GitHub workflow other workflows call (`on: workflow_call`) */
  reusable: boolean;
  jobs: RawJob[];
  /** jobs or steps come from files this one includes (GitLab `include:`, Azure templates, CircleCI orb jobs): what they run is not read */
  partial?: true;
}

export function readJobs(path: string, documents: YamlValue[]): RawPipeline {
  const doc = documents[0];
  if (path.startsWith('.github/workflows/')) return github(doc);
  if (/(^|\/)\.gitlab-ci\.ya?ml$/.test(path)) return gitlab(doc);
  if (path.startsWith('.circleci/')) return circleci(doc);
  if (/^bitbucket-pipelines\.ya?ml$/.test(path)) return bitbucket(doc);
  if (/^azure-pipelines\.ya?ml$/.test(path)) return azure(doc);
  // Buildkite, Travis: every command runs on every push unless the (rarely used) branch filters say otherwise.
  const change: Trigger = { event: 'push', kind: 'change', label: 'push', line: 1 };
  return { triggers: [change], triggerLine: 1, reusable: false, jobs: documents.map((d, i) => ({ name: `document ${i + 1}`, line: d.line, triggers: [change], ...collect(d) })) };
}

/** A Jenkinsfile is Groovy, not YAML: every non-comment line may be a command, and it runs on every push. */
export function readJenkinsfile(source: string): RawPipeline {
  const change: Trigger = { event: 'push', kind: 'change', label: 'push', line: 1 };
  const commands = source.split(/\r?\n/).flatMap((l, i) => (/^\s*(\/\/|#)/.test(l) || !l.trim() ? [] : [{ text: l, line: i + 1 }]));
  return { triggers: [change], triggerLine: 1, reusable: false, jobs: [{ name: 'Jenkinsfile', line: 1, triggers: [change], commands, actions: [] }] };
}

// ---- GitHub Actions ----------------------------------------------------------------------------------

function github(doc: YamlValue | undefined): RawPipeline {
  const on = entry(doc, 'on');
  const triggers = on ? githubTriggers(on) : [];
  const reusable = triggers.some((t) => t.event === 'workflow_call');
  const own = triggers.filter((t) => t.event !== 'workflow_call');
  const jobs = entries(get(doc, 'jobs')).map(githubJob);
  return { triggers: own, triggerLine: on?.line ?? 1, reusable, jobs };
}

/** `on: push`, `on: [push, pull_request]`, or a map of events with their filters. */
function githubTriggers(on: YamlEntry): Trigger[] {
  const v = on.value;
  if (v.kind === 'map') return v.entries.map((e) => githubTrigger(e.key, e.value, e.line));
  return items(v).flatMap((i) => {
    const event = text(i);
    return event ? [githubTrigger(event, undefined, i.line)] : [];
  });
}

function githubTrigger(event: string, config: YamlValue | undefined, line: number): Trigger {
  const has = (key: string) => get(config, key) !== undefined;
  const paths = texts(get(config, 'paths'));
  const pathNote = paths.length > 0 ? ` (paths: ${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ', ...' : ''})` : '';
  if (event === 'push') {
    // GitHub runs a push workflow filtered only by tags on tag pushes alone, and path filters never apply to tags.
    const tagsOnly = (has('tags') || has('tags-ignore')) && !has('branches') && !has('branches-ignore');
    return tagsOnly ? { event, kind: 'release', label: 'push (tags only)', line } : { event, kind: 'change', label: `push${pathNote}`, line };
  }
  if (event === 'pull_request' || event === 'pull_request_target') {
    // Only when someone adds or removes a label: a person decides, as with a button.
    const types = texts(get(config, 'types'));
    const labelled = types.length > 0 && types.every((t) => t === 'labeled' || t === 'unlabeled');
    return { event, kind: labelled ? 'manual' : 'change', label: labelled ? `${event} (when labelled)` : `${event}${pathNote}`, line };
  }
  if (event === 'merge_group' || event === 'workflow_run') return { event, kind: 'change', label: event, line };
  if (event === 'release' || event === 'registry_package' || event === 'deployment') return { event, kind: 'release', label: event, line };
  if (event === 'schedule') return { event, kind: 'schedule', label: event, line };
  if (event === 'workflow_call') return { event, kind: 'change', label: event, line };
  // workflow_dispatch, repository_dispatch, a comment, an issue, a label: a person starts it, no code change does.
  return { event, kind: 'manual', label: event, line };
}

function githubJob(e: YamlEntry): RawJob {
  const job = e.value;
  const condition = text(get(job, 'if'));
  const uses = get(job, 'uses');
  const base = { name: e.key, line: e.line, ...(condition ? { condition } : {}) };
  const called = text(uses);
  if (called && uses) return { ...base, commands: [], actions: [], calls: { text: called.replace(/^\.\//, '').replace(/@[^@/]*$/, ''), line: uses.line } };
  const matrix = matrixValues(get(get(job, 'strategy'), 'matrix'));
  return { ...base, ...githubSteps(get(job, 'steps'), matrix, text(get(get(get(job, 'defaults'), 'run'), 'working-directory'))) };
}

/** A local composite action (`.github/actions/setup/action.yml`): the steps it runs where a workflow uses it. */
export function readCompositeAction(documents: YamlValue[]): Pick<RawJob, 'commands' | 'actions'> {
  return githubSteps(get(get(documents[0], 'runs'), 'steps'), new Map(), undefined);
}

/** The `run:` commands and `uses:` actions of a list of GitHub steps. */
function githubSteps(steps: YamlValue | undefined, matrix: Map<string, string[]>, jobDir: string | undefined): Pick<RawJob, 'commands' | 'actions'> {
  const commands: Command[] = [];
  const actions: Command[] = [];
  for (const step of items(steps)) {
    const action = get(step, 'uses');
    const actionName = text(action);
    if (action && actionName) actions.push({ text: actionName, line: action.line });
    const dir = text(get(step, 'working-directory')) ?? jobDir;
    const run = get(step, 'run');
    const script = text(run);
    if (run && script) commands.push({ text: `${dir ? `cd ${dir}\n` : ''}${expandMatrix(script, matrix)}`, line: run.line });
    // Actions that run a command given as an input (a retry wrapper, a container runner); github-script's `script` is JavaScript.
    for (const key of ['run', 'command', ...(/^actions\/github-script@/.test(actionName ?? '') ? [] : ['script'])]) {
      const input = get(get(step, 'with'), key);
      const value = text(input);
      if (input && value) commands.push({ text: expandMatrix(value, matrix), line: input.line });
    }
  }
  return { commands, actions };
}

/** `strategy.matrix` values by key, from its lists and its `include` entries. */
function matrixValues(matrix: YamlValue | undefined): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined) values.set(key, [...(values.get(key) ?? []), value]);
  };
  for (const e of entries(matrix)) {
    if (e.key === 'include') for (const row of items(e.value)) for (const r of entries(row)) add(r.key, text(r.value));
    else if (e.key !== 'exclude') for (const v of items(e.value)) add(e.key, text(v));
  }
  return values;
}

const MATRIX_REF = /\$\{\{\s*matrix\.([\w-]+)\s*\}\}/;
const MAX_VARIANTS = 16;

/** `run: ${{ matrix.command }}` as each command the matrix gives it, one per line. */
function expandMatrix(script: string, matrix: Map<string, string[]>): string {
  let variants = [script];
  for (let round = 0; round < 4; round++) {
    const next: string[] = [];
    for (const v of variants) {
      const m = MATRIX_REF.exec(v);
      const values = m ? matrix.get(m[1] ?? '') : undefined;
      if (!m || !values) next.push(v);
      else for (const value of values) next.push(v.replace(m[0], value));
    }
    if (next.length === variants.length && next.every((v, i) => v === variants[i])) break;
    variants = next.slice(0, MAX_VARIANTS);
  }
  return [...new Set(variants)].join('\n');
}

/**
 * The triggers a GitHub job runs on once its `if:` is applied: `github.event_name == 'schedule'` keeps that
 * event, `!=` drops one, and `startsWith(github.ref, 'refs/tags/')` keeps tag pushes and releases only.
 */
export function restrictByCondition(triggers: Trigger[], condition: string | undefined): Trigger[] {
  if (!condition) return triggers;
  const c = condition.replace(/\$\{\{|\}\}/g, ' ');
  // `github.event_name != 'pull_request' || <same repository>` still runs on pull requests: an event is
  // dropped only when every alternative drops it.
  const alternatives = topLevelOr(c);
  if (alternatives.length > 1) {
    const kept = new Map<string, Trigger>();
    for (const a of alternatives) for (const t of restrictByCondition(triggers, a)) if (!kept.has(`${t.event}|${t.label}`)) kept.set(`${t.event}|${t.label}`, t);
    return [...kept.values()];
  }
  const equal = [...c.matchAll(/github\.event_name\s*==\s*['"]([\w-]+)['"]/g)].map((m) => m[1]);
  const unequal = [...c.matchAll(/github\.event_name\s*!=\s*['"]([\w-]+)['"]/g)].map((m) => m[1]);
  let out = triggers;
  if (equal.length > 0) out = out.filter((t) => equal.includes(t.event));
  if (unequal.length > 0) out = out.filter((t) => !unequal.includes(t.event));
  if (/(?<!!\s*)startsWith\(\s*github\.ref\s*,\s*['"]refs\/tags\/?['"]\s*\)/.test(c)) {
    out = out.flatMap((t) => (t.event === 'push' ? [{ ...t, kind: 'release' as const, label: 'push (tags only)' }] : t.kind === 'release' ? [t] : []));
  }
  return out;
}

/** The operands of the `||` outside parentheses and strings; one element when there is none. */
function topLevelOr(condition: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let from = 0;
  for (let i = 0; i < condition.length; i++) {
    const ch = condition[i] as string;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && ch === '|' && condition[i + 1] === '|') {
      out.push(condition.slice(from, i));
      from = i + 2;
      i++;
    }
  }
  out.push(condition.slice(from));
  return out;
}

// ---- GitLab CI ----------------------------------------------------------------------------------------

const GITLAB_GLOBAL_KEYS = new Set(['image', 'services', 'stages', 'types', 'before_script', 'after_script', 'variables', 'cache', 'include', 'default', 'workflow', 'spec']);

function gitlab(doc: YamlValue | undefined): RawPipeline {
  const top = new Map(entries(doc).map((e) => [e.key, e.value]));
  const defaults = get(doc, 'default');
  const jobs: RawJob[] = [];
  for (const e of entries(doc)) {
    if (GITLAB_GLOBAL_KEYS.has(e.key) || e.key.startsWith('.') || e.value.kind !== 'map') continue;
    const job = extended(e.value, top, 0);
    const commands: Command[] = [];
    for (const key of ['before_script', 'script', 'after_script']) {
      const value = job.get(key) ?? (key === 'script' ? undefined : (get(defaults, key) ?? top.get(key)));
      commands.push(...scalars(value));
    }
    if (commands.length === 0 && !job.has('trigger')) continue;
    jobs.push({ name: e.key, line: e.line, triggers: gitlabTriggers(job, e.line), commands, actions: [] });
  }
  return { triggers: union(jobs.flatMap((j) => j.triggers ?? [])), triggerLine: 1, reusable: false, jobs, ...(top.has('include') ? { partial: true as const } : {}) };
}

/** A job's keys with those of the templates it `extends` underneath. */
function extended(job: YamlValue, top: Map<string, YamlValue>, depth: number): Map<string, YamlValue> {
  const own = new Map(entries(job).map((e) => [e.key, e.value]));
  if (depth > 5) return own;
  const merged = new Map<string, YamlValue>();
  for (const name of texts(own.get('extends'))) {
    const base = top.get(name);
    if (base) for (const [k, v] of extended(base, top, depth + 1)) merged.set(k, v);
  }
  for (const [k, v] of own) merged.set(k, v);
  return merged;
}

function gitlabTriggers(job: Map<string, YamlValue>, line: number): Trigger[] {
  const at = (v: YamlValue | undefined) => v?.line ?? line;
  if (text(job.get('when')) === 'manual') return [{ event: 'when: manual', kind: 'manual', label: 'when: manual', line: at(job.get('when')) }];
  const rules = job.get('rules');
  if (rules) {
    return union(items(rules).flatMap((r) => {
      const when = text(get(r, 'when'));
      if (when === 'never') return [];
      const condition = text(get(r, 'if'));
      const kind = when === 'manual' ? 'manual' : gitlabConditionKind(condition);
      return [{ event: condition ?? 'rules', kind, label: condition ? `rules: ${condition}` : 'rules', line: r.line }];
    }));
  }
  const only = job.get('only');
  const refs = only?.kind === 'map' ? texts(get(only, 'refs')) : texts(only);
  if (refs.length > 0) return union(refs.map((ref) => ({ event: ref, kind: gitlabRefKind(ref), label: `only: ${ref}`, line: at(only) })));
  return [{ event: 'push', kind: 'change', label: 'push', line }];
}

function gitlabConditionKind(condition: string | undefined): TriggerKind {
  if (!condition) return 'change';
  if (/\$CI_PIPELINE_SOURCE\s*==\s*["']schedule["']/.test(condition)) return 'schedule';
  if (/\$CI_PIPELINE_SOURCE\s*==\s*["'](web|api|trigger|pipeline|chat)["']/.test(condition)) return 'manual';
  if (/\$CI_COMMIT_TAG\b/.test(condition) && !/\$CI_COMMIT_TAG\s*==\s*null|!\s*\$CI_COMMIT_TAG\b/.test(condition)) return 'release';
  return 'change';
}

function gitlabRefKind(ref: string): TriggerKind {
  if (ref === 'tags') return 'release';
  if (ref === 'schedules') return 'schedule';
  if (/^(web|api|triggers|pipelines|chat)$/.test(ref)) return 'manual';
  return 'change';
}

// ---- CircleCI -----------------------------------------------------------------------------------------

function circleci(doc: YamlValue | undefined): RawPipeline {
  const runs = new Map<string, Trigger[]>();
  let orbJobs = false;
  for (const wf of entries(get(doc, 'workflows'))) {
    if (wf.key === 'version') continue;
    const scheduled = items(get(wf.value, 'triggers')).some((t) => get(t, 'schedule') !== undefined) || /scheduled_pipeline/.test(JSON.stringify(get(wf.value, 'when') ?? null));
    for (const item of items(get(wf.value, 'jobs'))) {
      const name = text(item) ?? entries(item)[0]?.key;
      if (!name) continue;
      // `python/test`: a job an orb defines, outside this file.
      if (name.includes('/')) orbJobs = true;
      const filters = get(entries(item)[0]?.value, 'filters');
      const tagsOnly = get(filters, 'tags') !== undefined && texts(get(get(filters, 'branches'), 'ignore')).some((b) => /^\/\.\*\/$/.test(b));
      const kind: TriggerKind = scheduled ? 'schedule' : tagsOnly ? 'release' : 'change';
      runs.set(name, [...(runs.get(name) ?? []), { event: wf.key, kind, label: `workflow ${wf.key}${kind === 'change' ? '' : ` (${kind === 'release' ? 'tags only' : 'scheduled'})`}`, line: item.line }]);
    }
  }
  const jobs: RawJob[] = entries(get(doc, 'jobs')).map((e) => {
    const commands: Command[] = [];
    const actions: Command[] = [];
    for (const step of items(get(e.value, 'steps'))) {
      const name = text(step);
      if (name !== undefined) {
        if (name !== 'checkout') actions.push({ text: name, line: step.line });
        continue;
      }
      for (const s of entries(step)) {
        if (s.key === 'run') commands.push(...scalars(s.value.kind === 'map' ? get(s.value, 'command') : s.value));
        else actions.push({ text: s.key, line: s.line });
      }
    }
    const triggers = runs.get(e.key) ?? [{ event: 'push', kind: 'change' as const, label: 'push', line: e.line }];
    return { name: e.key, line: e.line, triggers: union(triggers), commands, actions };
  });
  return { triggers: union(jobs.flatMap((j) => j.triggers ?? [])), triggerLine: 1, reusable: false, jobs, ...(orbJobs ? { partial: true as const } : {}) };
}

// ---- Bitbucket Pipelines -------------------------------------------------------------------------------

const BITBUCKET_SECTIONS: Record<string, TriggerKind> = { default: 'change', branches: 'change', 'pull-requests': 'change', tags: 'release', bookmarks: 'release', custom: 'manual' };

function bitbucket(doc: YamlValue | undefined): RawPipeline {
  const jobs: RawJob[] = [];
  for (const section of entries(get(doc, 'pipelines'))) {
    const kind = BITBUCKET_SECTIONS[section.key] ?? 'change';
    const named = section.value.kind === 'map' ? section.value.entries : [{ key: section.key, line: section.line, value: section.value }];
    for (const n of named) {
      const name = n.key === section.key ? n.key : `${section.key}: ${n.key}`;
      const trigger: Trigger = { event: section.key, kind, label: section.key === 'default' ? 'push' : name, line: n.line };
      jobs.push({ name, line: n.line, triggers: [trigger], ...collect(n.value) });
    }
  }
  return { triggers: union(jobs.flatMap((j) => j.triggers ?? [])), triggerLine: 1, reusable: false, jobs };
}

// ---- Azure Pipelines -----------------------------------------------------------------------------------

function azure(doc: YamlValue | undefined): RawPipeline {
  const triggers: Trigger[] = [];
  const push = entry(doc, 'trigger');
  const pr = entry(doc, 'pr');
  // Azure runs on pushes to every branch unless `trigger: none`, and on pull requests unless `pr: none`.
  if (text(push?.value) !== 'none') triggers.push({ event: 'trigger', kind: 'change', label: 'push', line: push?.line ?? 1 });
  if (text(pr?.value) !== 'none' && pr) triggers.push({ event: 'pr', kind: 'change', label: 'pr', line: pr.line });
  const schedules = entry(doc, 'schedules');
  if (schedules) triggers.push({ event: 'schedules', kind: 'schedule', label: 'schedules', line: schedules.line });
  if (triggers.length === 0) triggers.push({ event: 'manual', kind: 'manual', label: 'trigger: none', line: push?.line ?? 1 });
  let templates = false;
  if (doc) walk(doc, { entry: (e) => { if (e.key === 'template') templates = true; } });
  return { triggers, triggerLine: push?.line ?? 1, reusable: false, jobs: doc ? [{ name: 'pipeline', line: 1, triggers, ...collect(doc) }] : [], ...(templates ? { partial: true as const } : {}) };
}

// ---- shared --------------------------------------------------------------------------------------------

/** Shell commands under command keys anywhere below a node (`script:`, `commands:`, `run: {command: ...}`). */
function collect(root: YamlValue | undefined): Pick<RawJob, 'commands' | 'actions'> {
  const commands: Command[] = [];
  const actions: Command[] = [];
  if (root) {
    walk(root, {
      entry: (e) => {
        if (CI_COMMAND_KEYS.test(e.key)) commands.push(...scalars(e.value));
        if (e.key === 'uses' || e.key === 'task' || e.key === 'plugins') for (const s of scalars(e.value)) actions.push(s);
      },
    });
  }
  return { commands, actions };
}

/** The strings of a scalar or of a list, nested lists flattened (GitLab `- *setup` puts a list in a list). */
function scalars(value: YamlValue | undefined): Command[] {
  if (!value) return [];
  if (value.kind === 'seq') return value.items.flatMap(scalars);
  const t = text(value);
  return t === undefined ? [] : [{ text: t, line: value.line }];
}

/** One trigger per label, first line kept. */
function union(triggers: Trigger[]): Trigger[] {
  const seen = new Map<string, Trigger>();
  for (const t of triggers) if (!seen.has(`${t.kind}:${t.label}`)) seen.set(`${t.kind}:${t.label}`, t);
  return [...seen.values()];
}
