import { FILE_ROUTE, METHOD_HANDLER, ROUTE_METHOD, WEB_FRAMEWORKS, registersRoute } from '../catalog/web-routes.ts';
import type { Expr, ParamIR } from '../resolve/ir.ts';
import { getKey } from '../util/record.ts';
import { walkCallers } from '../resolve/call-chain.ts';
import { isAnnotated, scopeWithin, subExprs } from '../resolve/ir.ts';
import type { Resolution } from '../resolve/index.ts';
import type { ModelCall } from './model-calls.ts';
import type { CallFact, FileFacts } from './types.ts';

// The web routes from which a model call can be reached, and whether anything on the way asks who is calling.
// A route that spends the provider key for anyone who finds the deployment is a cost and abuse exposure that
// grows with every model feature added behind it. Read from the handler outwards: middleware at its
// registration, decorators and dependencies on it, an auth call or credential header read in it, an auth
// library in its file. Auth the scan cannot place (a Next.js middleware file, `app.use(auth)`, router-level
// dependencies) makes every route "not measured", never "open".

export interface ModelRoute {
  /** where the route is declared: the handler's decorator, its registration, or the route file's handler */
  file: string;
  line: number;
  /** the route as a reader names it: `POST /api/chat`, else its handler's name */
  handler: string;
  /** `found`: an auth check on the way; `none`: nothing asks who is calling */
  auth: 'found' | 'none';
  /** a rate limiter on the route (in its handler or its registration): how often, not who */
  limited: boolean;
  /** model calls the route reaches */
  calls: { file: string; line: number }[];
}

export interface ModelRoutes {
  routes: ModelRoute[];
  /** auth set up where the scan cannot tell which routes it covers; null when there is none */
  globalAuth: string | null;
  /** where the product's server is started on every network interface as shipped (`app.run(host="0.0.0.0")`); null when nowhere */
  listensOnAll: { file: string; line: number } | null;
}

/** Calls that start a server, and the hosts that mean every interface. */
const SERVER_START = /(^|\.)(run|run_app|run_simple|serve|listen|launch|create_server|start_server)$/;
const ALL_INTERFACES = new Set(['0.0.0.0', '::', '[::]']);

/** Names that check who is calling: middleware, decorators, dependencies, helper calls. */
const AUTH_NAME = /^_?(auth|authenticated?|authorized?|require_?auth\w*|requireAuth\w*|require_?user|requireUser|login_?required|jwt_?required|auth_?required|requires_?auth|get_?current_?(user|account|member|active_user)\w*|getCurrent(User|Account|Member)|current_?user|currentUser|verify_?(token|jwt|api_?key|key|session|user|auth|request|signature)\w*|verify(Token|Jwt|ApiKey|Key|Session|User|Auth|Request|Signature)\w*|validate_?(token|api_?key|key|session|user)\w*|validate(Token|ApiKey|Key|Session|User)\w*|check_?(auth|token|api_?key|key|session|user|login)\w*|check(Auth|Token|ApiKey|Key|Session|User|Login)\w*|getServerSession|getSession|get_session|getToken|get_token|getAuth|get_auth|getUser|get_user|withAuth|with_auth|protect(ed)?(Route|Procedure|Api)?|isAuthenticated|is_authenticated|ensure_?auth\w*|ensureAuth\w*|authMiddleware|auth_middleware|api_?key_?(auth|check|required|header)\w*|apiKey(Auth|Check|Required)\w*|clerkMiddleware|verifyIdToken|verify_id_token|jwtVerify|decode_?token|decodeToken|authenticate_?user|authenticateUser|passport\.authenticate)$/i;
/**
 * What a middleware, a dependency or a decorator is named when it is about the caller (`validApiKey`,
 * `auth_info_required`, `flexUserRoleValid`, `CheckPasswordMiddleware`): these name nothing else in a route's
 * declaration, where the broader words are safe.
 */
const AUTHISH = /auth|api_?key|apikey|token|session|login|user|role|permission|password|jwt|credential|principal|identity|protect|guard|signed_?in|admin/i;
/** A middleware mounted for every route that is about the caller. */
const AUTH_MIDDLEWARE = /auth|jwt|passport|session|clerk|protect|guard|api_?key|apiKey|token|login/i;
/** A rate limiter by name: `ratelimit.limit(ip)`, `@limiter.limit("5/minute")`, `rateLimit({...})`, a `limiter` middleware. */
const RATE_LIMITER = /rate_?limit|ratelimit|limiter|throttle/i;
/** A variable that holds the caller's own provider key (`apiKey`, `openai_api_key`, `userKey`). */
const PROVIDER_KEY_VARIABLE = /^(api_?key|apiKey|(openai|anthropic|provider|user)_?(api_?)?key|(openai|anthropic|provider|user)(Api)?Key)$/i;
/** Request headers that carry a credential. */
const CREDENTIAL_HEADER = /^(authorization|x-api-key|api-key|x-auth-token|x-access-token|proxy-authorization)$/i;
/** Libraries whose presence in a route's file means it deals with who is calling. */
const AUTH_MODULES = /^(next-auth|@auth\/|@clerk\/|lucia|better-auth|@supabase\/(auth-helpers|ssr)|firebase-admin|passport|fastapi_users|flask_login|flask_jwt_extended|flask_httpauth|authlib|jose|jsonwebtoken|jwt|@kinde-oss\/|@workos-inc\/|iron-session|express-jwt|express-openid-connect|@hono\/clerk-auth|hono\/(jwt|basic-auth|bearer-auth)|fastapi\.security|starlette\.authentication|django\.contrib\.auth|rest_framework\.permissions)(\/|\.|$)/;
/** Next.js middleware and SvelteKit server hooks: run before every matched route, by rules the scan does not evaluate. */
const NEXT_MIDDLEWARE = /(^|\/)(src\/)?middleware\.[cm]?[jt]s$|(^|\/)hooks\.server\.[cm]?[jt]s$/;
/** Callers followed up from a model call to the route that runs it. */
const MAX_DEPTH = 4;

export function modelRoutes(calls: readonly ModelCall[], facts: ReadonlyMap<string, FileFacts>, resolution: Resolution, paths: readonly string[]): ModelRoutes {
  const byKey = new Map<string, ModelRoute>();
  for (const call of calls) {
    for (const route of routesReaching(call, facts, resolution)) {
      const key = `${route.file}\u0000${route.line}`;
      const known = byKey.get(key);
      if (known) {
        known.calls.push({ file: call.file, line: call.line });
        // Open on one path to a model call is open, whatever another path checks.
        if (route.auth === 'none') known.auth = 'none';
      }
      else byKey.set(key, { ...route, calls: [{ file: call.file, line: call.line }] });
    }
  }
  return { routes: [...byKey.values()], globalAuth: globalAuth(facts, paths), listensOnAll: listensOnAll(facts) };
}

/** `app.run(host="0.0.0.0")`, `uvicorn.run(app, host="0.0.0.0")`, `server.listen(8080, '0.0.0.0')`: reachable from the network as shipped. */
function listensOnAll(facts: ReadonlyMap<string, FileFacts>): { file: string; line: number } | null {
  for (const f of facts.values()) {
    for (const c of f.calls) {
      if (!SERVER_START.test(c.callee)) continue;
      const host = c.args.values['host'] ?? c.args.values['server_name'] ?? c.args.positional.find((p) => typeof p.value === 'string' && ALL_INTERFACES.has(p.value))?.value;
      if (typeof host === 'string' && ALL_INTERFACES.has(host)) return { file: f.path, line: c.line };
    }
  }
  return null;
}

type Found = Omit<ModelRoute, 'calls'>;

/** The routes up the call chain of one model call, each with its auth. */
function routesReaching(call: ModelCall, facts: ReadonlyMap<string, FileFacts>, resolution: Resolution): Found[] {
  const out: Found[] = [];
  // The state carried up is whether a function on the way checks the caller: such a check guards the route too.
  walkCallers(facts, resolution, { file: call.file, scope: call.fact.scope ?? 0, state: false }, MAX_DEPTH, ({ facts: f, scope, state }) => {
    const checked = state || checksCaller(f, scope);
    const route = declaredRoute(f, scope, resolution);
    if (!route) return checked;
    out.push({ ...route, auth: checked || route.guarded || fileDealsWithAuth(f) ? 'found' : 'none', limited: route.limited || limits(f, scope) });
    return 'stop';
  }, (site, { facts: f, scope, state }) => {
    // `app.post('/chat', requireUser, handler)`: the handler handed to a route registration.
    const sf = facts.get(site.file);
    const up = sf?.calls[site.call];
    const name = f.ir?.scopes[scope]?.name ?? '';
    if (!sf || !up || !registersRoute(up)) return;
    const checked = state || checksCaller(f, scope);
    out.push({ file: site.file, line: up.line, handler: routeLabel(up, name), auth: checked || middlewareGuards(up) || fileDealsWithAuth(sf) ? 'found' : 'none', limited: limits(f, scope) || (up.a ?? []).some((a) => namesAuth(a, 0, RATE_LIMITER)) });
  });
  return out;
}

/** A route declared at this function: a route decorator, a file route's method handler, or an inline handler of a registration. */
function declaredRoute(f: FileFacts, scope: number, resolution: Resolution): (Omit<Found, 'auth' | 'limited'> & { guarded: boolean; limited: boolean }) | undefined {
  const sc = f.ir?.scopes[scope];
  if (!sc) return undefined;
  const name = sc.name.slice(sc.name.lastIndexOf('.') + 1);
  const decorators = f.decorators.filter((d) => d.target === name || d.target === sc.name);
  const routeDecorator = decorators.find((d) => d.origin !== undefined && WEB_FRAMEWORKS.test(d.origin.module) && ROUTE_METHOD.test(lastName(d.name)));
  const guardedBy = decorators.some((d) => d !== routeDecorator && AUTHISH.test(lastName(d.name))) || dependsOnAuth(f, scope, parameterDependencies(f, sc.params, resolution), resolution, 0);
  if (routeDecorator) {
    const call = f.calls.find((c) => c.line === routeDecorator.line && c.callee === routeDecorator.name);
    const limitedBy = decorators.some((d) => RATE_LIMITER.test(d.name));
    return { file: f.path, line: routeDecorator.line, handler: call ? routeLabel(call, sc.name) : sc.name, guarded: guardedBy || dependsOnAuth(f, 0, routeArguments(f, routeDecorator.line, routeDecorator.name), resolution, 0), limited: limitedBy };
  }
  if (FILE_ROUTE.test(f.path) && sc.cls === undefined && sc.parent === 0 && (METHOD_HANDLER.test(name) || name === 'default' || name === 'handler')) {
    return { file: f.path, line: sc.line, handler: `${METHOD_HANDLER.test(name) ? name : 'ANY'} ${filePath(f.path)}`, guarded: guardedBy, limited: false };
  }
  const registration = f.calls.find((c) => [...(c.a ?? []), ...Object.values(c.kw ?? {})].some((a) => a.k === 'fn' && a.s === scope) && registersRoute(c));
  if (registration) return { file: f.path, line: registration.line, handler: routeLabel(registration, 'an inline handler'), guarded: guardedBy || middlewareGuards(registration), limited: (registration.a ?? []).some((a) => namesAuth(a, 0, RATE_LIMITER)) };
  return undefined;
}

/** `POST /chat` from `app.post('/chat', ...)` or `@router.post("/chat")`; the fallback when no literal path is given. */
export function routeLabel(call: CallFact, fallback: string): string {
  const path = call.args.positional.find((p) => p.index === 0)?.value;
  const method = lastName(call.callee).toUpperCase();
  return typeof path === 'string' && path.startsWith('/') ? `${/^(ROUTE|API_ROUTE|ALL|ADD_API_ROUTE|ADD_URL_RULE)$/.test(method) ? 'ANY' : method} ${path}` : fallback;
}

/** The URL path a file route serves: `app/api/chat/route.ts` -> `/api/chat`, `pages/api/chat.ts` -> `/api/chat`. */
function filePath(file: string): string {
  const app = /(?:^|\/)app(\/.*)?\/route\.[cm]?[jt]sx?$/.exec(file);
  if (app) return (app[1] ?? '').replace(/\/\([^/]+\)/g, '') || '/';
  const pages = /(?:^|\/)pages(\/api\/.+?)(\/index)?\.[cm]?[jt]sx?$/.exec(file);
  if (pages?.[1]) return pages[1];
  const svelte = /(?:^|\/)routes(\/.*)?\/\+server\.[cm]?[jt]s$/.exec(file);
  return svelte ? svelte[1] ?? '/' : file;
}

/**
 * The function itself asks who is calling: an auth call, a credential header read, or a provider key the
 * request brings (`const { prompt, apiKey } = await req.json()`): a caller who pays with their own key spends
 * nothing of the company's.
 */
function checksCaller(f: FileFacts, scope: number): boolean {
  return f.calls.some((c) => scopeWithin(f.ir?.scopes, c.scope ?? 0, scope) && (AUTH_NAME.test(lastName(c.callee)) || c.args.positional.some((p) => typeof p.value === 'string' && CREDENTIAL_HEADER.test(p.value)))) || bringsOwnKey(f, scope);
}

/** The function calls a rate limiter. */
function limits(f: FileFacts, scope: number): boolean {
  return f.calls.some((c) => scopeWithin(f.ir?.scopes, c.scope ?? 0, scope) && RATE_LIMITER.test(c.callee));
}

/** A variable named for a provider key whose value is read from one of the function's parameters (the request, its body). */
function bringsOwnKey(f: FileFacts, scope: number): boolean {
  const sc = f.ir?.scopes[scope];
  if (!sc) return false;
  const params = new Set(sc.params.map((p) => p.n));
  const fromParams = (e: Expr, depth: number): boolean => depth < 6 && ((e.k === 'name' && params.has(e.n)) || subExprs(e).some((x) => fromParams(x, depth + 1)));
  return Object.entries(sc.vars).some(([name, exprs]) => PROVIDER_KEY_VARIABLE.test(name) && exprs.some((e) => fromParams(e, 0)));
}

/** Middleware handed to a registration besides the path and the handler: `router.post(path, [auth, limiter], handler)`. */
function middlewareGuards(registration: CallFact): boolean {
  return (registration.a ?? []).some((a) => namesAuth(a, 0));
}

/**
 * `Depends(get_current_user)`, `Security(verify_api_key)` among a handler's parameter defaults or a decorator's
 * arguments, followed through the dependencies' own dependencies (`Depends(agent_crud)`, which depends on the
 * current user) and their bodies, a few levels deep.
 */
function dependsOnAuth(f: FileFacts, scope: number, exprs: readonly (Expr | undefined)[], resolution: Resolution, depth: number): boolean {
  if (depth > 3) return false;
  for (const e of exprs) {
    if (e === undefined || e.k !== 'call' || e.f.k !== 'name' || !/^(Depends|Security)$/.test(e.f.n)) continue;
    for (const target of e.a) {
      if (namesAuth(target, 0, AUTHISH)) return true;
      for (const v of resolution.evaluator.values(f.path, scope, target)) {
        if (v.t !== 'fn') continue;
        const tf = resolution.evaluator.program.files.get(v.f);
        const ts = tf?.ir?.scopes[v.s];
        if (!tf || !ts) continue;
        if (checksCaller(tf, v.s) || dependsOnAuth(tf, v.s, parameterDependencies(tf, ts.params, resolution), resolution, depth + 1)) return true;
      }
    }
  }
  return false;
}

/**
 * What a handler's parameters ask FastAPI for: their defaults (`user = Depends(get_user)`), their `Annotated[User,
 * Depends(get_user)]` metadata, and that of a type alias they are annotated with (`user: AuthedUser`), in the file or
 * imported from another.
 */
function parameterDependencies(f: FileFacts, params: readonly ParamIR[], resolution: Resolution): Expr[] {
  return params.flatMap((p) => [...(p.def ? [p.def] : []), ...(p.meta ?? []), ...(p.type?.k === 'name' ? aliasMetadata(f, p.type.n, resolution) : [])]);
}

function aliasMetadata(f: FileFacts, name: string, resolution: Resolution): Expr[] {
  const annotated = (e: Expr) => (e.k === 'call' && isAnnotated(e.f) ? e.a.slice(1) : []);
  const local = getKey(f.ir?.scopes[0]?.vars ?? {}, name);
  if (local) return local.flatMap(annotated);
  for (const imp of f.imports) {
    const binding = imp.bindings.find((b) => b.local === name && b.imported !== '*');
    const from = binding ? resolution.evaluator.program.graph.resolve(f.path, imp.module) : undefined;
    const target = from ? resolution.evaluator.program.files.get(from) : undefined;
    if (binding && target) return (getKey(target.ir?.scopes[0]?.vars ?? {}, binding.imported) ?? []).flatMap(annotated);
  }
  return [];
}

/** The arguments of the route decorator at this line (`@router.post("/x", dependencies=[Depends(auth)])`), read from its call. */
function routeArguments(f: FileFacts, line: number, callee: string): Expr[] {
  const call = f.calls.find((c) => c.line === line && c.callee === callee);
  if (!call) return [];
  return [...(call.a ?? []), ...Object.values(call.kw ?? {})].flatMap((x) => (x.k === 'arr' ? x.a : [x]));
}

function namesAuth(e: Expr, depth: number, names: RegExp = AUTHISH): boolean {
  if (depth > 2) return false;
  if (e.k === 'name') return names.test(e.n);
  if (e.k === 'get') return names.test(e.p);
  if (e.k === 'call') return namesAuth(e.f, depth + 1, names);
  if (e.k === 'arr') return e.a.some((x) => namesAuth(x, depth + 1, names));
  return false;
}

function fileDealsWithAuth(f: FileFacts): boolean {
  return f.imports.some((i) => AUTH_MODULES.test(i.module));
}

/**
 * Auth whose reach the scan cannot tell: a Next.js middleware file, `app.use(...)` of an auth middleware or
 * library, a FastAPI app or router built with `dependencies=`, a Flask `before_request` hook.
 */
function globalAuth(facts: ReadonlyMap<string, FileFacts>, paths: readonly string[]): string | null {
  const middleware = paths.find((p) => NEXT_MIDDLEWARE.test(p));
  if (middleware) return `${middleware} runs before the routes it matches`;
  for (const f of facts.values()) {
    for (const c of f.calls) {
      const last = lastName(c.callee);
      // `app.use(usersRouter)` mounts routes; only an auth middleware by name (`app.use(requireAuth)`, `app.use(passport.session())`) counts.
      // An inline middleware counts when it checks the caller itself (`app.use((req, res, next) => { ...authorization... })`).
      if (last === 'use' && (c.a ?? []).some((a) => namesAuth(a, 0, AUTH_MIDDLEWARE) || subExprs(a).some((x) => x.k === 'name' && AUTH_NAME.test(x.n)) || (a.k === 'fn' && checksCaller(f, a.s)))) return `${f.path}:${c.line} mounts an auth middleware`;
      if (/^(FastAPI|APIRouter|include_router|add_middleware)$/.test(last) && (Object.hasOwn(c.kw ?? {}, 'dependencies') || (c.a ?? []).some((a) => namesAuth(a, 0)))) return `${f.path}:${c.line} adds dependencies or middleware to every route`;
    }
    const hook = f.decorators.find((d) => /(^|\.)before_(app_)?request$/.test(d.name));
    if (hook) return `${f.path}:${hook.line} runs before every request`;
    if (f.imports.some((i) => /^django(\.|$)/.test(i.module))) return 'Django applies authentication in its settings';
  }
  return null;
}


function lastName(callee: string): string {
  return callee.slice(callee.lastIndexOf('.') + 1);
}
