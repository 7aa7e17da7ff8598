import { defaultOutputCap } from '../catalog/client-defaults.ts';
import { FRAMEWORKS, LC_CHAIN_RUN } from '../catalog/frameworks.ts';
import { takesAppParameters } from '../catalog/providers.ts';
import { ERROR_BOUNDARY_MODULES } from '../catalog/runners.ts';
import { trafficOf } from '../catalog/traffic.ts';
import { CLI_FRAMEWORKS, FILE_ROUTE, METHOD_HANDLER, ROUTE_METHOD, WEB_FRAMEWORKS, registersRoute } from '../catalog/web-routes.ts';
import { walkCallers } from '../resolve/call-chain.ts';
import { clientConstruction, spreadOptions, type ConstructionIndex } from './client-construction.ts';
import type { ModelCall } from './model-calls.ts';
import type { Resolution } from '../resolve/index.ts';
import { GLOBAL, type Value } from '../resolve/values.ts';
import { scopeWithin, type Expr, type ScopeIR } from '../resolve/ir.ts';
import { getKey } from '../util/record.ts';
import type { CallFact, FileFacts } from './types.ts';

// What each model call does about the three ways a call goes wrong in production: it hangs, it fails,
// it runs long. Read from the call's own options, the options its client was built with, the
// decorators of its function and the `try` blocks around it or around its callers.

export type PolicySource = 'call' | 'client' | 'decorator' | 'caller';

export interface CallPolicy {
  /**
   * where an explicit timeout is set; `platform`: the serverless route that makes it declares how long it may
   * run (`export const maxDuration = 30`, the edge runtime); null: the SDK's default (10 minutes for OpenAI and
   * Anthropic) or none (raw HTTP); `unknown`: options are spread in (`**kwargs`), so they may carry one
   */
  timeout: PolicySource | 'platform' | 'unknown' | null;
  /** where retries are configured; null: the SDK's default, if it has one; `unknown` as for timeouts */
  retries: PolicySource | 'unknown' | null;
  /** for generation calls: is the output length capped? `unknown` when options are spread in */
  tokenLimit: 'set' | 'unset' | 'unknown' | 'not-applicable';
  /**
   * a handler around the call, or around a call of its enclosing function; `runner`: run by a graph, job or
   * workflow framework that records the failure or retries it; null: no handler on any path up to an entry
   * point (a route, a command, a script's top level); `unknown`: the chain up was lost before reaching one
   * (dispatch through an interface, a callback handed to a library), so whether a caller handles it is not measured
   */
  errorHandling: 'call' | 'caller' | 'runner' | 'unknown' | null;
}

const TIMEOUT_KEYS = /^(timeout|request_timeout|timeout_ms|timeoutMs|read_timeout|signal|abortSignal|http_options|httpOptions|deadline)$/;
const RETRY_KEYS = /^(max_retries|maxRetries|num_retries|retries|retry|retry_policy|retryPolicy|max_attempts)$/;
const TOKEN_KEYS = /^(max_tokens|maxTokens|max_completion_tokens|maxCompletionTokens|max_output_tokens|maxOutputTokens|max_new_tokens|maxNewTokens|num_predict|numPredict|max_tokens_to_sample|maxTokensToSample|maxLength|max_length)$/;
// Retry and timeout decorators and wrappers: tenacity, backoff, stamina, p-retry, async-retry.
const RETRY_DECORATORS = /(^|\.)(retry|on_exception|on_predicate|retry_context|with_retry|retryable)$/;
const RETRY_MODULES = /^(tenacity|backoff|stamina|retrying|p-retry|async-retry|retry|ts-retry-promise|exponential-backoff)$/;
/** APIs that generate text and so can run long; embeddings, images, moderation and reranking cannot. */
const GENERATION_API = /(chat\.completions|^completions|responses|messages|generate_?[cC]ontent|generateText|streamText|generateObject|streamObject|invoke|stream|batch|predict|generate$|generate_text(_stream)?$|complete|chat$|converse|send_?[mM]essage|completion|acompletion|run$|kickoff|http)/;

/** A call on a client that caps its output when the code does not (LangChain's ChatAnthropic). */
function cappedByDefault(fact: CallFact, callee: readonly Value[]): boolean {
  const origins = [...(fact.origin ? [fact.origin] : []), ...callee.flatMap((v) => (v.t === 'ext' ? [{ module: v.m, path: v.p }] : []))];
  return origins.some((o) => defaultOutputCap(o.module, o.path) !== undefined);
}

/** Each call's policy, and the options its client (or agent) was built with, which may carry a tracer too. */
export function callPolicies(calls: readonly ModelCall[], facts: ReadonlyMap<string, FileFacts>, constructors: ConstructionIndex, resolution: Resolution): Map<ModelCall, { policy: CallPolicy; clientKeys: string[] }> {
  const upstream = new Map<string, Upstream>();
  const out = new Map<ModelCall, { policy: CallPolicy; clientKeys: string[] }>();
  for (const call of calls) {
    const file = facts.get(call.file);
    const fact = call.fact;
    if (!file) continue;
    // What the call's callee resolves to, asked once for the client it was built with and the transport it goes through.
    const index = resolution.evaluator.program.files.get(call.file)?.calls.indexOf(fact) ?? -1;
    const callee = index >= 0 ? resolution.callee(call.file, index) : [];
    const build = clientBuild(callee);
    const built = clientConstruction(fact, file.path, constructors, build.file, file.ir?.scopes);
    const clientArgs = built ? setKeys(built.keys, built.values) : [];
    const decorated = file.decorators.some((d) => d.target === call.enclosing && (RETRY_DECORATORS.test(d.name) || (d.origin !== undefined && RETRY_MODULES.test(d.origin.module))));
    // Options given in a config object built beside the call (`config = GenerateContentConfig(max_output_tokens=...)`).
    const spread = spreadOptions(call.file, fact, resolution);
    const keys = [...setKeys(fact.args.keys, fact.args.values), ...optionKeys(file, fact), ...chainOptionKeys(file, fact), ...spread.keys];
    // A client the code only receives (a parameter typed by the model's interface, an injected component) was
    // configured where it was built, which the scan did not see: its timeout and limits are not measured.
    // An agent's run (a LangGraph or deep agent, a crew, an Agents SDK runner) calls the model it was given: its
    // timeout and output cap are that model's options, set where the model was built, not at the run.
    // So is a LangChain chain's or agent executor's (`LLMMathChain.from_llm(llm).run`): it runs the model it was handed.
    // A served app's endpoint (a Gradio app's `/submit`) takes the app's own parameters, in whatever form it defines.
    const unseen = (fact.args.opaque && !(readableOptions(file, fact) && spread.readable)) || build.unseen || FRAMEWORKS.some((fw) => fw.id === call.framework && fw.runsAgents) || (call.framework === 'langchain' && LC_CHAIN_RUN.test(call.api)) || takesAppParameters(call.sdk) ? 'unknown' : null;
    const transport = call.api === 'http' && !keys.some((k) => TIMEOUT_KEYS.test(k)) ? transportTimeout(callee, resolution) : 'none';
    const set = keys.some((k) => TIMEOUT_KEYS.test(k)) || underDeadline(file, fact) ? 'call' : clientArgs.some((k) => TIMEOUT_KEYS.test(k)) || transport === 'set' ? 'client' : transport === 'unseen' ? 'unknown' : unseen;
    const timeout = set === null && boundedRoute(call.file, fact.scope ?? 0, facts, resolution) ? 'platform' : set;
    const retries = keys.some((k) => RETRY_KEYS.test(k)) ? 'call' : clientArgs.some((k) => RETRY_KEYS.test(k)) ? 'client' : decorated ? 'decorator' : unseen;
    const generation = GENERATION_API.test(call.api) && trafficOf(call.api) === 'generation';
    const tokenLimit = !generation
      ? 'not-applicable'
      : keys.some((k) => TOKEN_KEYS.test(k)) || clientArgs.some((k) => TOKEN_KEYS.test(k)) || cappedByDefault(fact, callee)
        ? 'set'
        : unseen || call.api === 'http'
          ? 'unknown'
          : 'unset';
    const above = fact.guarded ? 'handled' : callersHandle(call.file, fact.scope ?? 0, facts, resolution, upstream, 0);
    const errorHandling = fact.guarded ? 'call' : above === 'handled' ? 'caller' : runByFramework(call.file, fact.scope ?? 0, facts, resolution, new Set(), 0) ? 'runner' : above === 'open' ? null : 'unknown';
    out.set(call, { policy: { timeout, retries, tokenLimit, errorHandling }, clientKeys: clientArgs });
  }
  return out;
}

/** The options a call or a construction sets: `timeout: 0`, `timeout=None` switch the limit off, at the call or on the client. */
function setKeys(keys: readonly string[], values: Readonly<Record<string, unknown>>): string[] {
  return keys.filter((k) => !(TIMEOUT_KEYS.test(k) && (values[k] === 0 || values[k] === null)));
}

/** Callers followed up from a model call to the route that runs it. */
const MAX_ROUTE_DEPTH = 3;

/**
 * Is the call made by a serverless route that declares its own limit: a Next.js route exporting `maxDuration`
 * (the platform stops it then) or running on the edge runtime (which must answer within seconds)? A stalled
 * provider then costs that many seconds, not the SDK's ten minutes.
 */
function boundedRoute(file: string, scope: number, facts: ReadonlyMap<string, FileFacts>, resolution: Resolution): boolean {
  let bounded = false;
  walkCallers(facts, resolution, { file, scope, state: null }, MAX_ROUTE_DEPTH, (step) => {
    if (!FILE_ROUTE.test(step.file) || !declaresLimit(step.facts)) return null;
    bounded = true;
    return 'done';
  });
  return bounded;
}

function declaresLimit(f: FileFacts): boolean {
  const exported = (name: string) => f.definitions.some((d) => d.exported && d.name === name);
  const runtime = f.ir?.scopes[0]?.vars.runtime ?? [];
  return exported('maxDuration') || (exported('runtime') && runtime.some((e) => e.k === 'lit' && e.v === 'edge'));
}

/** Functions followed down a request helper (`this.fetch` -> `fetchWithOptions` -> `agentOptions`). */
const MAX_TRANSPORT_DEPTH = 3;
const MAX_TRANSPORT_FUNCTIONS = 24;

/**
 * A request sent through the product's own transport (`this.fetch(url, init)` on a base class that calls
 * `fetchWithOptions`, which builds an agent from `{ timeout, ... }`): the timeout is set there, for every
 * call, if any function down the helper sets one, in an options object or a call's options. `unseen` when
 * the helper calls into a module the scan only skimmed (no model words in it): it may set one there.
 */
function transportTimeout(callee: readonly Value[], resolution: Resolution): 'set' | 'unseen' | 'none' {
  const program = resolution.evaluator.program;
  let unseen = false;
  const queue = callee.flatMap((v) => (v.t === 'fn' ? [{ f: v.f, s: v.s, depth: 0 }] : []));
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < MAX_TRANSPORT_FUNCTIONS) {
    const { f, s, depth } = queue.shift() as { f: string; s: number; depth: number };
    const key = `${f}#${s}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const facts = program.files.get(f);
    const scope = facts?.ir?.scopes[s];
    if (!facts || !scope) continue;
    if ([...Object.values(scope.vars).flat(), ...scope.returns].some((e) => setsTimeout(e, 0))) return 'set';
    for (let i = 0; i < facts.calls.length; i++) {
      const c = facts.calls[i] as CallFact;
      if (!scopeWithin(facts.ir?.scopes, c.scope ?? 0, s)) continue;
      if (c.args.keys.some((k) => TIMEOUT_KEYS.test(k)) || Object.keys(c.kw ?? {}).some((k) => TIMEOUT_KEYS.test(k))) return 'set';
      if (depth + 1 >= MAX_TRANSPORT_DEPTH) continue;
      const callees = resolution.callee(f, i);
      for (const v of callees) if (v.t === 'fn') queue.push({ f: v.f, s: v.s, depth: depth + 1 });
      if (callees.length === 0 && importedFromSkimmed(facts, c, program)) unseen = true;
    }
  }
  return unseen ? 'unseen' : 'none';
}

/** A call of a name imported from a repository module that got only a light parse: its body is not known. */
function importedFromSkimmed(facts: FileFacts, c: CallFact, program: Resolution['evaluator']['program']): boolean {
  const head = c.callee.split('.')[0] ?? '';
  const imp = facts.imports.find((i) => i.bindings.some((b) => b.local === head));
  const target = imp ? program.graph.resolve(facts.path, imp.module) : undefined;
  return target !== undefined && program.files.get(target)?.depth === 'light';
}

/** An options object with a timeout key, as written or as one of the alternatives a value may take. */
function setsTimeout(e: Expr, depth: number): boolean {
  if (depth > 3) return false;
  if (e.k === 'obj') return Object.keys(e.p).some((k) => TIMEOUT_KEYS.test(k)) || Object.values(e.p).some((x) => setsTimeout(x, depth + 1));
  if (e.k === 'or') return e.of.some((x) => setsTimeout(x, depth + 1));
  return false;
}

/** Callers followed up the chain looking for a handler (a route calling a service calling the adapter). */
const MAX_CALLER_DEPTH = 4;

/**
 * What is above a function: `handled` when a handler runs around some call of it, up the call chain (a
 * function handed to another, a fallback wrapper or an executor, counts as called where it is handed over);
 * `open` when every path up reaches an entry point (a route, a command, a script's top level) with no
 * handler; `unknown` when a path is lost on the way (no caller found for a function nothing marks as an
 * entry, too deep, a callback handed to a library).
 */
type Upstream = 'handled' | 'open' | 'unknown';

function callersHandle(file: string, scope: number, facts: ReadonlyMap<string, FileFacts>, resolution: Resolution, memo: Map<string, Upstream>, depth: number): Upstream {
  const key = `${file}\u0000${scope}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  memo.set(key, 'unknown');
  const result = upstreamOf(file, scope, facts, resolution, memo, depth);
  memo.set(key, result);
  return result;
}

function upstreamOf(file: string, scope: number, facts: ReadonlyMap<string, FileFacts>, resolution: Resolution, memo: Map<string, Upstream>, depth: number): Upstream {
  const f = facts.get(file);
  const sc = f?.ir?.scopes[scope];
  if (!f || !sc) return 'unknown';
  // A script's top level: nothing runs above it.
  if (sc.kind === 'module') return 'open';
  // Retried by a decorator (tenacity, backoff): the transient failures a model call has are handled.
  const name = sc.name.slice(sc.name.lastIndexOf('.') + 1);
  if (f.decorators.some((d) => (d.target === name || d.target === sc.name) && (RETRY_DECORATORS.test(d.name) || (d.origin !== undefined && RETRY_MODULES.test(d.origin.module))))) return 'handled';
  if (depth >= MAX_CALLER_DEPTH) return 'unknown';
  const sites = resolution.evaluator.callersOf(file, scope);
  if (sites.length === 0) {
    if (entryPoint(f, scope)) return 'open';
    // An inner function is called, or handed on, by the function around it.
    const parent = f.ir?.scopes[sc.parent];
    return parent && parent.kind !== 'module' && parent.kind !== 'class' ? callersHandle(file, sc.parent, facts, resolution, memo, depth + 1) : 'unknown';
  }
  let open = true;
  for (const site of sites) {
    const call = facts.get(site.f)?.calls[site.call];
    if (!call) continue;
    if (call.guarded || (site.passed && callsItGuarded(site.f, site.call, file, scope, facts, resolution)) || consumedGuarded(site.f, site.call, facts, resolution)) return 'handled';
    // Handed to a library (`asyncio.gather`, `app.add_api_route`): what it does with a failure is not read.
    const above = site.passed ? (registersRoute(call) ? 'open' : 'unknown') : callersHandle(site.f, call.scope ?? 0, facts, resolution, memo, depth + 1);
    if (above === 'handled') return 'handled';
    if (above === 'unknown') open = false;
  }
  return open ? 'open' : 'unknown';
}

// An error that reaches an entry point unhandled becomes a 500, a broken stream or a traceback: a route (a route
// decorator, a file-based route's handler, a handler registered with `app.post`), a command, a `main`.
function entryPoint(f: FileFacts, scope: number): boolean {
  const sc = f.ir?.scopes[scope];
  if (!sc) return false;
  const name = sc.name.slice(sc.name.lastIndexOf('.') + 1);
  const decorated = f.decorators.filter((d) => d.target === name || d.target === sc.name);
  if (decorated.some((d) => d.origin !== undefined && ((WEB_FRAMEWORKS.test(d.origin.module) && ROUTE_METHOD.test(lastSegment(d.name))) || CLI_FRAMEWORKS.test(d.origin.module)))) return true;
  // A Pages API route exports its handler as `default`.
  if (sc.cls === undefined && (METHOD_HANDLER.test(name) || name === 'main' || (name === 'default' && FILE_ROUTE.test(f.path)))) return true;
  // Written inline where a route is registered: `app.post('/chat', async (req, res) => ...)`.
  return f.calls.some((c) => [...(c.a ?? []), ...Object.values(c.kw ?? {})].some((a) => a.k === 'fn' && a.s === scope) && registersRoute(c));
}


function lastSegment(callee: string): string {
  return callee.slice(callee.lastIndexOf('.') + 1);
}

/**
 * Is this function, or a function up its call chain, run by a graph, job or workflow framework: a node
 * handed to `addNode`, a task under `@celery.task`, a job handler handed to a worker? Its runner records
 * the failure, so the error is handled.
 */
function runByFramework(file: string, scope: number, facts: ReadonlyMap<string, FileFacts>, resolution: Resolution, seen: Set<string>, depth: number): boolean {
  const key = `${file}\u0000${scope}`;
  const f = facts.get(file);
  const sc = f?.ir?.scopes[scope];
  if (!f || !sc || seen.has(key) || depth > MAX_CALLER_DEPTH || sc.kind === 'module') return false;
  seen.add(key);
  const name = sc.name.slice(sc.name.lastIndexOf('.') + 1);
  if (f.decorators.some((d) => (d.target === name || d.target === sc.name) && d.origin !== undefined && ERROR_BOUNDARY_MODULES.test(d.origin.module))) return true;
  const boundary = (siteFile: string, siteIndex: number) => resolution.callee(siteFile, siteIndex).some((v) => v.t === 'ext' && ERROR_BOUNDARY_MODULES.test(v.m));
  // Written inline where it is handed over: `new Worker('q', async (job) => ...)`.
  if (f.calls.some((c, i) => [...(c.a ?? []), ...Object.values(c.kw ?? {})].some((a) => a.k === 'fn' && a.s === scope) && boundary(file, i))) return true;
  for (const site of resolution.evaluator.callersOf(file, scope)) {
    if (site.passed && boundary(site.f, site.call)) return true;
    const call = facts.get(site.f)?.calls[site.call];
    if (call && !site.passed && runByFramework(site.f, call.scope ?? 0, facts, resolution, seen, depth + 1)) return true;
  }
  // An inner function is run when the function around it is.
  return sc.parent >= 0 && f.ir?.scopes[sc.parent]?.kind !== 'module' && f.ir?.scopes[sc.parent]?.kind !== 'class' ? runByFramework(file, sc.parent, facts, resolution, seen, depth + 1) : false;
}

/**
 * A function handed to another (`_stream_with_fallback(decorated_method, ...)`): does the receiver call the
 * parameter it lands in inside a `try`?
 */
function callsItGuarded(siteFile: string, siteIndex: number, file: string, scope: number, facts: ReadonlyMap<string, FileFacts>, resolution: Resolution): boolean {
  const site = facts.get(siteFile)?.calls[siteIndex];
  if (!site) return false;
  const ev = resolution.evaluator;
  const isIt = (e: Expr) => ev.values(siteFile, site.scope ?? 0, e).some((v) => v.t === 'fn' && v.f === file && v.s === scope);
  const position = (site.a ?? []).findIndex(isIt);
  const keyword = Object.entries(site.kw ?? {}).find(([, e]) => isIt(e))?.[0];
  for (const receiver of resolution.callee(siteFile, siteIndex)) {
    if (receiver.t !== 'fn') continue;
    const rfacts = facts.get(receiver.f);
    const params = rfacts?.ir?.scopes[receiver.s]?.params ?? [];
    // A bound method's parameters start after `self`.
    const offset = receiver.self !== undefined && receiver.f.endsWith('.py') ? 1 : 0;
    const param = keyword ?? params[position + offset]?.n;
    if (!rfacts || !param) continue;
    if (rfacts.calls.some((c) => c.guarded && c.f?.k === 'name' && c.f.n === param && scopeWithin(rfacts.ir?.scopes, c.scope ?? 0, receiver.s))) return true;
  }
  return false;
}

/**
 * A generator's call handed straight to a consumer (`to_sse(astream_state(agent, ...))`) runs where the consumer
 * iterates it: is that loop inside a `try`?
 */
function consumedGuarded(siteFile: string, siteIndex: number, facts: ReadonlyMap<string, FileFacts>, resolution: Resolution): boolean {
  const file = facts.get(siteFile);
  const site = file?.calls[siteIndex];
  if (!file || !site?.f) return false;
  for (let i = 0; i < file.calls.length; i++) {
    const outer = file.calls[i] as CallFact;
    if (i === siteIndex || outer.line > site.line || (outer.scope ?? 0) !== (site.scope ?? 0)) continue;
    const position = (outer.a ?? []).findIndex((a) => a.k === 'call' && sameExpr(a.f, site.f as Expr));
    const keyword = Object.entries(outer.kw ?? {}).find(([, a]) => a.k === 'call' && sameExpr(a.f, site.f as Expr))?.[0];
    if (position < 0 && keyword === undefined) continue;
    for (const receiver of resolution.callee(siteFile, i)) {
      if (receiver.t !== 'fn') continue;
      const scope = facts.get(receiver.f)?.ir?.scopes[receiver.s];
      const offset = receiver.self !== undefined && receiver.f.endsWith('.py') ? 1 : 0;
      const param = keyword ?? scope?.params[position + offset]?.n;
      if (param && scope?.guardedLoops?.includes(param)) return true;
    }
  }
  return false;
}

function sameExpr(a: Expr, b: Expr): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}


/**
 * Where the call's client was built, when the resolve stage knows it; `unseen` when the call goes to a client
 * instance whose construction it never saw (only a type promises it).
 */
function clientBuild(callee: readonly Value[]): { file?: string; unseen: boolean } {
  const clients = callee.flatMap((v) => (v.t === 'ext' && v.m !== GLOBAL && v.p.includes('()') ? [v] : []));
  const file = clients.find((v) => v.at !== undefined)?.at;
  // An instance of an abstract interface (`BaseChatModel().with_config(...)`, from a factory's annotation) was
  // built by a concrete class somewhere the scan did not see, whatever was done to it here.
  const abstract = clients.some((v) => ABSTRACT_CLIENT.test(v.p));
  return { ...(file ? { file } : {}), unseen: clients.length > 0 && (file === undefined || abstract) };
}

/** Interfaces nobody constructs: LangChain's base model classes, `*Like` and `*Protocol` types. */
const ABSTRACT_CLIENT = /^(Base[A-Z]\w*|\w+Like|\w+Protocol|\w+Interface)\(\)/;

/** Wrappers that give up on what they are handed after a deadline: `asyncio.wait_for(call, 60)`, `pTimeout(call, ms)`, `Promise.race([call, timer])`. */
const DEADLINE = /(^|\.)(wait_for|pTimeout|p_timeout|withTimeout|with_timeout|timeout_after|race)$/;

/** Is the call made inside a deadline wrapper, as its argument (or an element of it) on the same statement? */
function underDeadline(file: FileFacts, call: CallFact): boolean {
  if (!call.f) return false;
  const target = JSON.stringify(call.f);
  const isCall = (e: Expr | undefined): boolean => e !== undefined && e.k === 'call' && JSON.stringify(e.f) === target;
  return file.calls.some((c) => c !== call && c.line <= call.line && c.line >= call.line - 8 && DEADLINE.test(c.callee) &&
    (c.a ?? []).some((a) => isCall(a) || (a.k === 'arr' && a.a.some(isCall))));
}

/** Methods that configure a model or chain and return it configured: what they are given applies to every call made through it. */
const CONFIGURING = /^(with_config|withConfig|bind|with_retry|withRetry|bind_tools|bindTools|with_structured_output|withStructuredOutput|configurable_fields)$/;

/**
 * Options set by configuring the model the call is made on (`model.with_retry(stop_after_attempt=3).with_config({"max_tokens": n}).ainvoke(...)`,
 * or `writer = model.bind(max_tokens=n)` before `writer.invoke(...)`): the keys they are given, and `retry` for `with_retry`.
 */
function chainOptionKeys(file: FileFacts, call: CallFact): string[] {
  const ir = file.ir;
  if (!ir || !call.f) return [];
  const out: string[] = [];
  const objectKeys = (e: Expr, depth: number): void => {
    if (depth > 3) return;
    if (e.k === 'obj') out.push(...Object.keys(e.p));
    else if (e.k === 'name') for (const x of assignedIn(ir.scopes, call.scope ?? 0, e.n)) objectKeys(x, depth + 1);
  };
  const walk = (e: Expr, depth: number): void => {
    if (depth > 8) return;
    if (e.k === 'get') return walk(e.o, depth + 1);
    if (e.k === 'name') {
      for (const x of assignedIn(ir.scopes, call.scope ?? 0, e.n)) walk(x, depth + 2);
      return;
    }
    if (e.k !== 'call' || e.f.k !== 'get') return;
    if (CONFIGURING.test(e.f.p)) {
      out.push(...Object.keys(e.kw ?? {}));
      if (/^with_?[rR]etry$/.test(e.f.p)) out.push('retry');
      for (const a of e.a) objectKeys(a, depth);
    }
    walk(e.f.o, depth + 1);
  };
  walk(call.f.k === 'get' ? call.f.o : call.f, 0);
  return out;
}

/**
 * Are the options a call is handed by name all readable here (`const params = { model, messages }` then
 * `create(params)`, members set on it later included)? Then the call's options are known, not opaque.
 */
function readableOptions(file: FileFacts, call: CallFact): boolean {
  const ir = file.ir;
  if (!ir) return false;
  // An object literal whose spreads are literals too (`{ model, ...(reasoning ? { max_completion_tokens } : { max_tokens }) }`).
  const literal = (e: Expr, depth: number): boolean =>
    depth < 3 && (e.k === 'obj' ? (e.spread ?? []).every((x) => literal(x, depth + 1)) : e.k === 'or' && e.of.every((x) => literal(x, depth + 1)));
  return (call.a ?? []).every((a) => {
    if (a.k === 'obj') return literal(a, 0);
    if (a.k !== 'name') return a.k === 'lit' || a.k === 'str' || a.k === 'arr' || a.k === 'fn';
    // A declared type (`const params: MessageCreateParams = {...}`) says what the object is, not what it holds.
    const assigned = assignedIn(ir.scopes, call.scope ?? 0, a.n).filter((x) => !(x.k === 'call' && x.typed));
    return assigned.length > 0 && assigned.every((x) => literal(x, 0));
  });
}

/** What a name is assigned in the scope it is read from or the nearest scope around it that assigns it. */
function assignedIn(scopes: readonly ScopeIR[], scope: number, n: string): Expr[] {
  for (let s = scope; s >= 0; s = scopes[s]?.parent ?? -1) {
    const assigned = getKey(scopes[s]?.vars, n);
    if (assigned) return assigned;
  }
  return [];
}

/** Keys of option objects a call is given by name, followed to where they are built in the same function or module. */
function optionKeys(file: FileFacts, call: CallFact): string[] {
  const ir = file.ir;
  if (!ir) return [];
  const out: string[] = [];
  const visit = (e: Expr, depth: number): void => {
    if (depth > 3) return;
    if (e.k === 'obj') {
      for (const [k, v] of Object.entries(e.p)) {
        out.push(k);
        visit(v, depth + 1);
      }
    } else if (e.k === 'call') {
      out.push(...Object.keys(e.kw ?? {}));
      for (const a of [...e.a, ...Object.values(e.kw ?? {})]) if (a.k === 'obj' || a.k === 'call') visit(a, depth + 1);
    } else if (e.k === 'name') {
      for (const x of assignedIn(ir.scopes, call.scope ?? 0, e.n)) visit(x, depth + 1);
    }
  };
  for (const a of [...(call.a ?? []), ...Object.values(call.kw ?? {})]) if (a.k === 'name' || a.k === 'call') visit(a, 0);
  return out;
}
