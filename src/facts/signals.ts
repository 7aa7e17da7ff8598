import { importedProviders, isModelModule } from '../catalog/model-modules.ts';
import { providerOfEnvVar, providerOfModelId, providerOfUrl, type ProviderId } from '../catalog/providers.ts';
import { EVAL_DATASET, EVAL_DIR, EVAL_SCRIPT, EVAL_TEST_FILE, EVAL_TOOLS, GENERAL_OBSERVABILITY, OBSERVABILITY_HOSTS, OBSERVABILITY_TOOLS, TRACING_ENV_SWITCHES, type Tool } from '../catalog/tools.ts';
import type { InventoryFile } from '../inventory/index.ts';
import type { Manifest } from '../inventory/manifests/index.ts';
import { isInScope } from '../inventory/roles.ts';
import { spanAround, tracingCoverage, type TracingCoverage } from './llm-tracing.ts';
import { ciEvalScripts, evalCiRuns, type EvalCiRun, type EvalCiTrigger } from './eval-ci.ts';
import { pipelineOptions } from './ci-pipeline.ts';
import { productDrives, type ProductDrive } from './eval-product.ts';
import { externalOrigins, type Resolution } from '../resolve/index.ts';
import type { CiConfig } from '../inventory/config-files.ts';
import type { InfraFact } from '../infra/scan.ts';
import type { ModelCall } from './model-calls.ts';
import type { ModuleGraph } from '../resolve/modules.ts';
import type { FileFacts, StringFact } from './types.ts';
import { hostOf } from '../util/url.ts';

// Repository-level answers built from per-file facts: which providers, is there an eval harness,
// is there LLM observability, is there one gateway. Each carries its evidence.

export interface ProviderUsage {
  id: ProviderId;
  calls: number;
  directCalls: number;
  files: number;
  /** product files importing the provider's SDK or an AI SDK provider package for it */
  importingFiles: number;
  /**
   * product files naming the provider's models or credentials (`groq/llama-3.1-70b`, `GROQ_API_KEY`). They
   * count as usage only where the product picks the provider at run time (a framework routing by model string).
   */
  configuringFiles: number;
  evidence: string[];
}

export interface EvalHarness {
  present: boolean | null;
  tools: string[];
  evidence: string[];
  runsInCi: boolean | null;
  /**
   * when CI runs the evals, the best of its jobs: `gating` on pushes or pull requests, `release` on tag pushes or
   * releases, `scheduled` on a timer, `manual` only when someone starts it; null when no CI job runs them
   */
  ciTrigger: EvalCiTrigger | null;
  /** the CI jobs that run the evals, best trigger first */
  ciRuns: EvalCiRun[];
  /** eval code that drives the product from outside: requests to its own API, runs of its own command */
  drivesProduct: ProductDrive[];
  /** model-calling product files the eval code reaches through imports */
  reachedCallFiles: string[];
  /** model-calling product files no eval reaches */
  unreachedCallFiles: string[];
}

export interface LlmObservability {
  present: boolean | null;
  tools: string[];
  evidence: string[];
  coverage: TracingCoverage;
}

/** A model registry kept as configuration: its file and the model ids it names. */
export interface ModelRegistry {
  file: string;
  ids: StringFact[];
}

export interface SignalInput {
  files: InventoryFile[];
  facts: Map<string, FileFacts>;
  manifests: Manifest[];
  ciConfigs: readonly CiConfig[];
  modelCalls: ModelCall[];
  graph: ModuleGraph;
  /** paths of submodules, whose content the checkout does not hold */
  submodules: string[];
  /** model registries in product configuration */
  modelRegistries: readonly ModelRegistry[];
  /** where values come from: the URLs eval code sends requests to */
  resolution?: Resolution;
  /** infrastructure declared in product files: tracing switched on by the deployment's environment */
  infra?: readonly InfraFact[];
}

const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function inScopeFacts(input: SignalInput): FileFacts[] {
  const roles = new Map(input.files.map((f) => [f.path, f.role]));
  return [...input.facts.values()].filter((f) => isInScope(roles.get(f.path) ?? 'product'));
}

export function providerUsage(input: SignalInput): ProviderUsage[] {
  const usage = new Map<ProviderId, { calls: number; direct: number; files: Set<string>; importing: Set<string>; configuring: Set<string> }>();
  const entry = (id: ProviderId) => {
    let u = usage.get(id);
    if (!u) usage.set(id, (u = { calls: 0, direct: 0, files: new Set(), importing: new Set(), configuring: new Set() }));
    return u;
  };
  const routedAtRunTime = input.modelCalls.some((c) => c.kind === 'framework' && c.provider === null);
  for (const call of input.modelCalls) {
    for (const provider of call.provider ? [call.provider, ...call.alsoProviders] : []) {
      const u = entry(provider);
      u.calls++;
      if (call.kind === 'direct') u.direct++;
      u.files.add(call.file);
    }
  }
  for (const facts of inScopeFacts(input)) {
    for (const imp of facts.imports) for (const p of importedProviders(imp.module)) entry(p).importing.add(facts.path);
    for (const s of facts.strings) {
      const p = s.kind === 'url' ? providerOfUrl(s.value) : undefined;
      if (p) entry(p).importing.add(facts.path);
      const configured = s.kind === 'model-id' ? providerOfModelId(s.value) : s.kind === 'env-var' ? providerOfEnvVar(s.value) : undefined;
      if (configured) entry(configured).configuring.add(facts.path);
    }
  }
  for (const r of input.modelRegistries) {
    for (const s of r.ids) {
      const configured = providerOfModelId(s.value);
      if (configured) entry(configured).configuring.add(r.file);
    }
  }
  // Behind a hosted gateway the product calls the gateway; the vendors its model strings name are the
  // gateway's upstreams, not providers the product holds credentials or code for.
  const hostedGateway = [...usage].some(([id, u]) => HOSTED_GATEWAYS.has(id) && u.importing.size > 0) &&
    ![...usage].some(([id, u]) => !HOSTED_GATEWAYS.has(id) && u.importing.size > 0);
  return [...usage]
    .filter(([, u]) => u.calls > 0 || u.importing.size > 0 || (routedAtRunTime && !hostedGateway))
    .map(([id, u]) => ({
      id, calls: u.calls, directCalls: u.direct, files: u.files.size, importingFiles: u.importing.size, configuringFiles: u.configuring.size,
      evidence: [...new Set([...u.files, ...u.importing, ...(u.calls > 0 || u.importing.size > 0 ? [] : u.configuring)])].sort(byPath).slice(0, 10),
    }))
    .sort((a, b) => b.calls - a.calls || b.importingFiles - a.importingFiles || b.configuringFiles - a.configuringFiles || byPath(a.id, b.id));
}

const HOSTED_GATEWAYS = new Set<ProviderId>(['other:vercel-ai-gateway', 'openrouter']);

function toolHits(tools: Tool[], input: SignalInput, scope: 'all' | 'in-scope'): Map<string, Set<string>> {
  const hits = new Map<string, Set<string>>();
  const add = (id: string, path: string) => {
    let set = hits.get(id);
    if (!set) hits.set(id, (set = new Set()));
    set.add(path);
  };
  const facts = scope === 'all' ? [...input.facts.values()] : inScopeFacts(input);
  for (const f of facts) {
    for (const imp of f.imports) {
      // The repository's own `evals` or `weave` package is not the third-party tool of that name.
      if (input.graph.resolve(f.path, imp.module) !== undefined) continue;
      for (const t of tools) if (t.modules.test(imp.module)) add(t.id, f.path);
    }
  }
  for (const file of input.files) for (const t of tools) if (t.files?.test(file.path)) add(t.id, file.path);
  return hits;
}

export function evalHarness(input: SignalInput): EvalHarness {
  const hits = toolHits(EVAL_TOOLS, input, 'all');
  for (const m of input.manifests) {
    for (const d of m.dependencies) for (const t of EVAL_TOOLS) if (t.packages.includes(d.name)) (hits.get(t.id) ?? hits.set(t.id, new Set()).get(t.id))?.add(m.path);
  }
  // Langfuse datasets and experiments: an eval harness inside the observability tool.
  for (const f of input.facts.values()) {
    const datasetCall = f.calls.some((c, i) => {
      if (!DATASET_CALL.test(c.callee)) return false;
      const origin = c.origin ?? (input.resolution && f.ir ? externalOrigins(input.resolution.callee(f.path, i))[0] : undefined);
      return origin !== undefined && /^(langfuse|@langfuse\/)/.test(origin.module);
    });
    if (datasetCall) {
      (hits.get('langfuse-datasets') ?? hits.set('langfuse-datasets', new Set()).get('langfuse-datasets'))?.add(f.path);
    }
  }
  // Eval code that drives the product over HTTP or through its command is a home-grown harness too.
  const roles = new Map(input.files.map((f) => [f.path, f.role]));
  const inScope = (path: string) => isInScope(roles.get(path) ?? 'product');
  const drives = input.resolution ? productDrives({ facts: input.facts, resolution: input.resolution, manifests: input.manifests, inScope }) : [];
  const homeGrown = [...new Set([...homeGrownEvals(input), ...drives.map((d) => d.file)])];
  if (homeGrown.length > 0) hits.set('home-grown', new Set(homeGrown));
  // An eval script CI runs, whatever it imports: it may score a deployed service or drive a hosted eval platform.
  const listed = new Set(input.files.map((f) => f.path));
  const ciScripts = ciEvalScripts(input.ciConfigs).map((s) => (listed.has(s.script) ? s.script : s.workflow));
  if (ciScripts.length > 0) hits.set('ci-eval-script', new Set(ciScripts));
  const tools = [...hits.keys()].sort(byPath);
  const evidence = [...new Set([...hits.values()].flatMap((s) => [...s]))].sort(byPath);
  // Evals kept in a submodule are not in the checkout: unknown, never a pass or a fail.
  const inSubmodule = input.submodules.some((p) => EVAL_DIR.test(`${p}/`));
  const present = tools.length > 0 ? true : inSubmodule || input.modelCalls.length === 0 ? null : false;
  const ci = present ? evalCiRuns(input.ciConfigs, evidence, pipelineOptions(input.manifests, input.ciConfigs)) : { trigger: null, runs: [] };
  // Reach is asked of the product's model calls: an eval script's own call, or a probe run by hand, is no feature an eval should reach.
  const callFiles = [...new Set(input.modelCalls.map((c) => c.file))].filter((f) => (roles.get(f) ?? 'product') === 'product' && !evidence.includes(f)).sort(byPath);
  // What the evals exercise: what they import, and where their requests and commands enter the product, with what that imports.
  const reached = present ? reachedFrom([...evidence.filter((e) => input.facts.has(e)), ...drives.flatMap((d) => d.reaches)], input) : new Set<string>();
  return {
    present, tools, evidence: evidence.slice(0, 20), runsInCi: present ? ci.trigger !== null : null, ciTrigger: ci.trigger, ciRuns: ci.runs.slice(0, 10),
    drivesProduct: drives.slice(0, 20),
    reachedCallFiles: callFiles.filter((f) => reached.has(f)),
    unreachedCallFiles: present ? callFiles.filter((f) => !reached.has(f)) : [],
  };
}

/** Files reachable from the eval code through runtime imports (the eval exercises what it imports). */
function reachedFrom(entries: string[], input: SignalInput): Set<string> {
  const seen = new Set<string>(entries);
  const queue = [...entries];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    for (const imp of input.facts.get(path)?.imports ?? []) {
      const target = imp.typeOnly ? undefined : input.graph.resolve(path, imp.module);
      if (target !== undefined && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

const DATASET_CALL = /(^|\.)(get_dataset|getDataset|create_dataset|createDataset|create_dataset_item|createDatasetItem|run_experiment|runExperiment|run_experiment_async)$/;

/**
 * An evals/ or benchmark/ folder whose code exercises model calls (it imports a provider or framework,
 * a file that calls models, or a module that does), or that holds golden datasets; an eval script that
 * runs a model on the product's own code. A benchmark that
 * times the product's startup is not an eval harness.
 */
function homeGrownEvals(input: SignalInput): string[] {
  const callFiles = new Set(input.modelCalls.map((c) => c.file));
  const callsModels = (path: string): boolean =>
    callFiles.has(path) || (input.facts.get(path)?.imports ?? []).some((i) => !i.typeOnly && callFiles.has(input.graph.resolve(path, i.module) ?? ''));
  const evidence: string[] = [];
  const timing = timingBenchmarks(input);
  for (const file of input.files) {
    if (timing.some((dir) => file.path.startsWith(dir))) continue;
    // A test named as an eval that exercises the repository's code: the test runner runs it with its floor.
    if (EVAL_TEST_FILE.test(file.path) && (input.facts.get(file.path)?.imports ?? []).some((imp) => !imp.typeOnly && input.graph.resolve(file.path, imp.module) !== undefined)) {
      evidence.push(file.path);
      continue;
    }
    const script = EVAL_SCRIPT.test(file.path);
    if (!EVAL_DIR.test(file.path) && !script) continue;
    const reachesModels = input.facts.get(file.path)?.imports.some((imp) => {
      const target = input.graph.resolve(file.path, imp.module);
      return target !== undefined ? callsModels(target) : isModelModule(imp.module);
    });
    // An eval script that calls a model itself on the product's own prompt or parser (`import { SYSTEM_PROMPT }
    // from '../src/...'`) measures the product's model behaviour too.
    const ownCode = input.facts.get(file.path)?.imports.some((imp) => !imp.typeOnly && input.graph.resolve(file.path, imp.module) !== undefined) ?? false;
    if (reachesModels || (script && callFiles.has(file.path) && ownCode) || (!script && EVAL_DATASET.test(file.path))) evidence.push(file.path);
  }
  return evidence;
}

const BENCHMARK_FOLDER = /(^|\/)[^/]*bench[^/]*\//i;
/** Timing calls: what a latency or throughput benchmark measures. */
const TIMING_CALL = /^(time\.(perf_counter|perf_counter_ns|monotonic|time)|timeit\.\w+|perf_counter|monotonic|default_timer|performance\.now|process\.hrtime(\.bigint)?|Date\.now)$/;
/** Calls that score an output or test it (`run_unit_tests` on generated code): what an eval does and a speed benchmark does not. */
const SCORING_CALL = /score|accuracy|judge|grade|evaluat|exact_?match|f1|rouge|bleu|similarity|correct|test|pass_?rate/i;

/**
 * Benchmark folders that time things and score nothing (`scripts/benchmark/checkpoint/`, a provider's latency
 * benchmark): they measure speed, not whether an answer got worse.
 */
function timingBenchmarks(input: SignalInput): string[] {
  const folders = new Map<string, { times: boolean; scores: boolean }>();
  for (const f of input.facts.values()) {
    if (!BENCHMARK_FOLDER.test(f.path)) continue;
    const dir = f.path.slice(0, f.path.lastIndexOf('/') + 1);
    const seen = folders.get(dir) ?? { times: false, scores: false };
    for (const c of f.calls) {
      const last = c.callee.slice(c.callee.lastIndexOf('.') + 1);
      if (TIMING_CALL.test(c.callee)) seen.times = true;
      else if (SCORING_CALL.test(last)) seen.scores = true;
    }
    folders.set(dir, seen);
  }
  return [...folders].filter(([, v]) => v.times && !v.scores).map(([dir]) => dir);
}

/** Distinct hosts from which a file's URLs are a catalogue of endpoints to choose from. */
const PRESET_HOSTS = 4;

export function llmObservability(input: SignalInput): LlmObservability {
  const hits = toolHits(OBSERVABILITY_TOOLS, input, 'in-scope');
  const add = (id: string, path: string) => (hits.get(id) ?? hits.set(id, new Set()).get(id))?.add(path);
  /** files that point clients at a logging proxy */
  const proxied = new Set<string>();
  for (const facts of inScopeFacts(input)) {
    // A gateway among the presets a user picks from (a file listing providers' base URLs) is one option, not where calls go.
    const hosts = new Set(facts.strings.flatMap((s) => (s.kind === 'url' ? [hostOf(s.value) ?? ''] : [])).filter(Boolean));
    for (const s of facts.strings) {
      if (s.kind !== 'url' || hosts.size >= PRESET_HOSTS) continue;
      const host = hostOf(s.value);
      const proxy = host ? OBSERVABILITY_HOSTS.find((h) => h.host.test(host)) : undefined;
      if (proxy) {
        add(proxy.tool, facts.path);
        proxied.add(facts.path);
      }
    }
    // The AI SDK's OpenTelemetry spans, switched on per call.
    for (const call of facts.calls) if (call.args.keys.some((k) => k === 'experimental_telemetry' || k === 'telemetry')) add('opentelemetry', facts.path);
  }
  const configured = (input.infra ?? []).filter((f) => f.kind === 'tracing-switch').map((f) => f.file);
  // Spans the product opens itself around its calls (OpenTelemetry's API, often behind its own tracer class).
  const resolution = input.resolution;
  const spans = new Map(resolution ? input.modelCalls.flatMap((c) => { const file = spanAround(c, input.facts, resolution); return file ? [[c, file] as const] : []; }) : []);
  // A call made in a module that points clients at a logging proxy, or through one it imports (the module that builds
  // the client or the model with the proxy's base URL), goes through the proxy.
  const viaProxy = (c: ModelCall) => (proxied.has(c.file) ? c.file : input.graph.imports(c.file).find((f) => proxied.has(f)));
  const coverage = tracingCoverage(input.modelCalls, inScopeFacts(input), configured.length > 0, (c) => spans.get(c) ?? viaProxy(c));
  for (const file of new Set(spans.values())) add('opentelemetry', file);
  const tools = [...hits.keys()].sort(byPath);
  const evidence = [...new Set([...hits.values()].flatMap((s) => [...s]))].sort(byPath);
  // LangSmith switched on by its environment variables traces LangChain with no import to show for it.
  if (coverage.coveredCalls > 0 && tools.length === 0) {
    const switches = [...new Set([...inScopeFacts(input).filter((f) => f.strings.some((s) => s.kind === 'env-var' && TRACING_ENV_SWITCHES.test(s.value))).map((f) => f.path), ...configured])];
    if (switches.length > 0) return { present: true, tools: ['langsmith'], evidence: switches.sort(byPath).slice(0, 20), coverage };
  }
  return { present: tools.length > 0 ? true : input.modelCalls.length > 0 ? false : null, tools, evidence: evidence.slice(0, 20), coverage };
}

export interface GeneralObservability {
  /** error trackers (Sentry, Bugsnag, Rollbar, Honeybadger) in product code or manifests */
  errorTracking: string[];
  /** structured loggers (pino, winston, structlog, loguru) */
  logging: string[];
  /** metrics and tracing (OpenTelemetry, Prometheus, Datadog, New Relic) */
  metrics: string[];
  /** files declaring a health or readiness route */
  healthRoutes: string[];
  evidence: string[];
}

const ERROR_CAPTURE_CALL = /^(captureException|captureExceptionImmediate|capture_exception|notifyException|notify_exception)$/;
const HOME_GROWN_ERROR_REPORTING = /^_?(record|report|send|capture|track|upload)_?(crash|exception|error)(_?reports?|_?diagnostics)?$|^_?(crash|error|exception)_?report(er)?$/i;

export function generalObservability(input: SignalInput): GeneralObservability {
  const found = new Map<string, Set<string>>();
  const add = (id: string, path: string) => (found.get(id) ?? found.set(id, new Set()).get(id))?.add(path);
  for (const f of inScopeFacts(input)) {
    for (const imp of f.imports) for (const t of GENERAL_OBSERVABILITY) if (t.modules.test(imp.module) && input.graph.resolve(f.path, imp.module) === undefined) add(t.id, f.path);
  }
  for (const m of input.manifests) {
    for (const d of m.dependencies) for (const t of GENERAL_OBSERVABILITY) if (d.scope !== 'dev' && t.packages.includes(d.name)) add(t.id, m.path);
  }
  // A crash reporter the product wrote itself (`record_crash`, `reportException`) sends its errors somewhere too.
  for (const f of inScopeFacts(input)) if (f.definitions.some((d) => (d.kind === 'function' || d.kind === 'method') && HOME_GROWN_ERROR_REPORTING.test(d.name.slice(d.name.lastIndexOf('.') + 1)))) add('home-grown', f.path);
  // An analytics or metrics tool the product sends its exceptions to (`posthog.captureException(err)`) tracks errors too.
  const capturing = new Set<string>();
  for (const f of inScopeFacts(input)) {
    if (!f.calls.some((c) => ERROR_CAPTURE_CALL.test(c.callee.slice(c.callee.lastIndexOf('.') + 1)))) continue;
    for (const imp of f.imports) for (const t of GENERAL_OBSERVABILITY) if (t.kind !== 'errors' && t.modules.test(imp.module) && input.graph.resolve(f.path, imp.module) === undefined) capturing.add(t.id);
  }
  // A graph deployed on LangGraph Platform (`langgraph.json`) runs on a server that records every run, failed ones
  // included, and answers its own health check: the platform tracks its errors.
  const managed = input.files.find((f) => (f.role === 'product' || f.role === 'script') && /(^|\/)langgraph\.json$/.test(f.path));
  if (managed) capturing.add('langgraph-platform');
  const ids = (kind: string) => [...GENERAL_OBSERVABILITY.filter((t) => t.kind === kind && found.has(t.id)).map((t) => t.id), ...(kind === 'errors' ? [...(found.has('home-grown') ? ['home-grown'] : []), ...[...capturing].sort()] : [])];
  const healthRoutes = [...inScopeFacts(input).filter((f) => f.strings.some((s) => s.kind === 'health-route')).map((f) => f.path), ...(managed ? [managed.path] : [])].sort(byPath);
  const evidence = [...new Set([...found.values()].flatMap((s) => [...s]))].sort(byPath).slice(0, 20);
  return { errorTracking: ids('errors'), logging: ids('logging'), metrics: ids('metrics'), healthRoutes: healthRoutes.slice(0, 20), evidence };
}
