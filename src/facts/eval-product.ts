import { EVAL_DIR } from '../catalog/tools.ts';
import { FILE_ROUTE, ROUTE_METHOD, WEB_FRAMEWORKS } from '../catalog/web-routes.ts';
import { externalOrigins, globalNames, type Resolution } from '../resolve/index.ts';
import { UNKNOWN_PART, type Value } from '../resolve/values.ts';
import type { Expr } from '../resolve/ir.ts';
import { providerOfUrl } from '../catalog/providers.ts';
import type { Manifest } from '../inventory/manifests/types.ts';
import type { FileFacts } from './types.ts';

// Evals that drive the product from outside: code in an evals/ or benchmarks/ folder that sends requests to
// the product's own API (a local server, or a base URL from a setting followed by a path the product
// serves) or runs the product's own command (`cline`, `npx acme`, `subprocess.run(["acme", ...])`) rather
// than importing its modules. They are an eval harness, and where the path can be matched to the product's
// routes, or the command to its entry file, what those reach is what the evals reach.

export interface ProductDrive {
  file: string;
  line: number;
  via: 'http' | 'cli';
  /** the URL as far as it is known, a base from a setting shown as `…` (`http://localhost:42110/api/chat`, `…/tasks`), or the command */
  target: string;
  /** product files the request or command enters by: the route handlers serving the path, the command's entry file */
  reaches: string[];
}

export interface DriveInput {
  facts: ReadonlyMap<string, FileFacts>;
  resolution: Resolution;
  /** manifests of product packages: the commands they install */
  manifests: readonly Manifest[];
  inScope(path: string): boolean;
}

export function productDrives(input: DriveInput): ProductDrive[] {
  const { facts, resolution } = input;
  const routes = productRoutes([...facts.values()].filter((f) => input.inScope(f.path) && !EVAL_DIR.test(f.path)));
  const commands = productCommands(input);
  const out: ProductDrive[] = [];
  for (const f of facts.values()) {
    if (!EVAL_DIR.test(f.path) || f.depth !== 'full') continue;
    f.calls.forEach((call, i) => {
      const callee = resolution.callee(f.path, i);
      // Eval code outside the product is resolved on demand: its origins are read from the callee here.
      const origin = call.origin ?? externalOrigins(callee)[0];
      if (isRequest(call.callee, origin?.module, origin?.path, callee)) out.push(...requests(f.path, i, call.line, resolution, routes));
      else if (isProcess(origin?.module, origin?.path)) out.push(...runs(f.path, i, call.line, resolution, commands));
    });
  }
  return out;
}

function requests(file: string, i: number, line: number, resolution: Resolution, routes: Route[]): ProductDrive[] {
  const out: ProductDrive[] = [];
  const urls = [...resolution.evaluator.argument(file, i, 0), ...resolution.evaluator.argument(file, i, 'url')].flatMap(urlText);
  // A setting with a default (`os.getenv("API_URL", "http://localhost:8000")`) is one request: shown by its default.
  const seen = new Set<string>();
  for (const url of urls.sort((a, b) => Number(a.startsWith(UNKNOWN_PART)) - Number(b.startsWith(UNKNOWN_PART)))) {
    const t = target(url);
    const key = t?.segments.join('/');
    if (!t || key === undefined || seen.has(key)) continue;
    seen.add(key);
    const served = bestRoutes(t.segments, routes);
    // A base URL from a setting is the product only when the path is one the product serves.
    if (t.kind === 'configured' && served.length === 0) continue;
    out.push({ file, line, via: 'http', target: url.replace(/\u0000+/g, '…'), reaches: served });
  }
  return out;
}

// ---- the product's command line ------------------------------------------------------------------

const PROCESS_MODULES = /^(node:)?child_process$|^(execa|subprocess|asyncio|os)$/;
const PROCESS_CALL = /(^|\.)(spawn|spawnSync|exec|execSync|execFile|execFileSync|execa|execaSync|execaCommand|run|Popen|call|check_call|check_output|create_subprocess_exec|create_subprocess_shell|system|popen)$/;
/** Words that run another command: `npx cline`, `uv run acme`, `poetry run acme`, `pnpm exec acme`. */
const RUNNER = /^(npx|bunx|pnpx|uvx|pipx|uv|poetry|pdm|hatch|rye|pnpm|yarn|npm|bun)$/;
const RUNNER_VERB = /^(run|exec|dlx|x)$/;

function isProcess(module: string | undefined, path: string | undefined): boolean {
  return module !== undefined && PROCESS_MODULES.test(module) && PROCESS_CALL.test(path ?? '');
}

/** The product's commands by name, with the file each enters by when the checkout holds it. */
function productCommands(input: DriveInput): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of input.manifests) {
    if (!input.inScope(m.path)) continue;
    for (const c of m.commands ?? []) {
      // `acme.cli:main` is the module `acme/cli.py` (or `src/acme/cli.py`).
      const module = c.entry.includes(':') ? `${c.entry.split(':')[0]?.replace(/\./g, '/')}.py` : undefined;
      const entry = module ? [...input.facts.keys()].find((p) => p === module || p.endsWith(`/${module}`)) : input.facts.has(c.entry) ? c.entry : undefined;
      out.set(c.name, [...(out.get(c.name) ?? []), ...(entry ? [entry] : [])]);
    }
  }
  return out;
}

function runs(file: string, i: number, line: number, resolution: Resolution, commands: Map<string, string[]>): ProductDrive[] {
  if (commands.size === 0) return [];
  for (const v of resolution.evaluator.argument(file, i, 0)) {
    const words = v.t === 'str' ? v.v.split(/\s+/) : v.t === 'arr' ? v.e.a.map((e) => (e.k === 'lit' && typeof e.v === 'string' ? e.v : UNKNOWN_PART)) : [];
    const name = commandName(words);
    const entries = name ? commands.get(name) : undefined;
    if (name && entries) return [{ file, line, via: 'cli', target: words.join(' ').replace(/\u0000+/g, '…').slice(0, 160), reaches: [...new Set(entries)].sort() }];
  }
  return [];
}

/** The command a process runs, past runners and their verbs and flags: `npx -y cline task` -> `cline`. */
function commandName(words: string[]): string | undefined {
  let k = 0;
  while (k < words.length) {
    const w = words[k] ?? '';
    if (RUNNER.test(w) || RUNNER_VERB.test(w) || w.startsWith('-')) k++;
    else break;
  }
  const w = words[k];
  return w && !w.includes(UNKNOWN_PART) ? w.split('/').pop() : undefined;
}

// ---- requests to the product's API ----------------------------------------------------------------

/** HTTP client libraries whose calls send requests. */
const HTTP_CLIENTS = /^(requests|httpx|aiohttp|urllib3|urllib\.request|axios|node-fetch|undici|ky|got|superagent|cross-fetch|ofetch|isomorphic-fetch)$/;
const REQUEST_METHOD = /(^|\.|\(\)\.)(get|post|put|patch|delete|request|stream|head|fetch|urlopen)$/;
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal)$/;
// A local model server is a model, not the product: Ollama's and LM Studio's ports, and inference paths.
const MODEL_SERVER_PORT = /^(11434|1234)$/;
const INFERENCE_PATH = /\/(chat\/completions|completions|messages|embeddings|responses|audio\/(speech|transcriptions)|images\/generations)\/?$|:(stream)?generateContent$|\/api\/(generate|embed|embeddings|tags)$/;

function isRequest(callee: string, module: string | undefined, path: string | undefined, values: readonly Value[]): boolean {
  if (module !== undefined) return HTTP_CLIENTS.test(module) && REQUEST_METHOD.test(path ?? '');
  return callee === 'fetch' || globalNames(values).some((n) => /^(window\.|globalThis\.)?fetch$/.test(n));
}

function urlText(v: Value): string[] {
  if (v.t === 'str') return [v.v];
  if (v.t === 'env') return [UNKNOWN_PART];
  return [];
}

/** Where a request goes: a local server (not a model server), or a base from a setting followed by a path. */
function target(url: string): { kind: 'local' | 'configured'; segments: string[] } | undefined {
  const m = /^(?:https?|wss?):\/\/([^/?#\u0000]+)([^?#]*)/i.exec(url);
  if (m) {
    const [host, port] = (m[1] ?? '').split(/:(?=\d+$)/);
    if (!LOCAL_HOST.test(host ?? '') || MODEL_SERVER_PORT.test(port ?? '') || INFERENCE_PATH.test(m[2] ?? '')) return undefined;
    return { kind: 'local', segments: segmentsOf(m[2] ?? '') };
  }
  const rest = url.replace(/^\u0000+/, '').replace(/[?#].*$/, '');
  if (rest === url || !rest.startsWith('/') || INFERENCE_PATH.test(rest) || providerOfUrl(url) !== undefined) return undefined;
  const segments = segmentsOf(rest);
  return segments.some((s) => s !== '*') ? { kind: 'configured', segments } : undefined;
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter(Boolean).map((s) => (s.includes(UNKNOWN_PART) || /^[{:[<]/.test(s) ? '*' : s));
}

/** The route files that serve a request path best: those whose path agrees on the most named segments. */
function bestRoutes(request: string[], routes: Route[]): string[] {
  let best = 0;
  let files = new Set<string>();
  for (const r of routes) {
    const score = agreement(request, r.segments);
    if (score > best) [best, files] = [score, new Set([r.file])];
    else if (score === best && score > 0) files.add(r.file);
  }
  return [...files].sort();
}

/**
 * How many named segments two paths share when one ends the other (the base URL or a router prefix may
 * hold the rest): `/api/chat` and `/chat` share one, `/tasks` and `/sessions/{id}` none. 0 when they differ.
 */
function agreement(request: string[], route: string[]): number {
  const [short, long] = request.length <= route.length ? [request, route] : [route, request];
  const offset = long.length - short.length;
  let named = 0;
  for (let i = 0; i < short.length; i++) {
    const a = short[i];
    const b = long[offset + i];
    if (a !== '*' && b !== '*' && a !== b) return 0;
    if (a !== '*' && a === b) named++;
  }
  return named;
}

// ---- the product's routes -------------------------------------------------------------------------

interface Route {
  file: string;
  segments: string[];
}

function productRoutes(files: FileFacts[]): Route[] {
  const prefixes = routerPrefixes(files);
  const routes: Route[] = [];
  for (const f of files) {
    const fileRoute = FILE_ROUTE.exec(f.path);
    if (fileRoute) routes.push({ file: f.path, segments: fileRouteSegments(f.path) });
    for (const call of f.calls) {
      const parts = call.callee.split('.');
      const method = parts.pop() ?? '';
      const path = call.args.positional.find((p) => p.index === 0)?.value;
      if (!ROUTE_METHOD.test(method) || parts.length === 0 || typeof path !== 'string' || !(path === '' || path.startsWith('/'))) continue;
      if (!WEB_FRAMEWORKS.test(call.origin?.module ?? '')) continue;
      const receiver = parts.join('.');
      for (const prefix of ['', ...(prefixes.get(receiver) ?? [])]) {
        const segments = segmentsOf(`${prefix}${path}`);
        if (segments.some((s) => s !== '*')) routes.push({ file: f.path, segments });
      }
    }
  }
  return routes;
}

/**
 * Prefixes a router is mounted under, by the name it is known by: `APIRouter(prefix="/api")`,
 * `Blueprint(..., url_prefix="/api")`, `app.include_router(chat, prefix="/api/chat")`,
 * `app.register_blueprint(bp, url_prefix="/api")`, `app.use('/api', router)`.
 */
function routerPrefixes(files: FileFacts[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (name: string | undefined, prefix: unknown) => {
    if (name && typeof prefix === 'string' && prefix.startsWith('/')) out.set(name, [...(out.get(name) ?? []), prefix.replace(/\/$/, '')]);
  };
  for (const f of files) {
    for (const call of f.calls) {
      const method = call.callee.split('.').pop() ?? '';
      const prefix = call.args.values.prefix ?? call.args.values.url_prefix;
      if (method === 'include_router' || method === 'register_blueprint') add(nameOf(call.a?.[0]), prefix);
      if (method === 'use' && WEB_FRAMEWORKS.test(call.origin?.module ?? '')) add(nameOf(call.a?.[1]), call.args.positional.find((p) => p.index === 0)?.value);
    }
    for (const [name, values] of Object.entries(f.ir?.scopes[0]?.vars ?? {})) {
      for (const e of values) if (e.k === 'call') add(name, literal(e.kw?.prefix) ?? literal(e.kw?.url_prefix));
    }
  }
  return out;
}

function nameOf(e: Expr | undefined): string | undefined {
  if (e?.k === 'name') return e.n;
  if (e?.k === 'get') {
    const o = nameOf(e.o);
    return o ? `${o}.${e.p}` : undefined;
  }
  return undefined;
}

function literal(e: Expr | undefined): unknown {
  return e?.k === 'lit' ? e.v : undefined;
}

/** `app/(chat)/api/chat/[id]/route.ts` -> api/chat/*; `pages/api/chat.ts` -> api/chat; `routes/api/+server.ts` -> api. */
function fileRouteSegments(path: string): string[] {
  const from = path.replace(/^(.*?\/)?(app|pages|routes)\//, '').replace(/(\/?route|\/?\+server|\/index)?\.[cm]?[jt]sx?$/, '');
  return from.split('/').filter((s) => s && !/^\(.*\)$/.test(s)).map((s) => (/^\[.*\]$/.test(s) ? '*' : s));
}
