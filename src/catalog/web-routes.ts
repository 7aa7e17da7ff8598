import type { CallFact } from '../facts/types.ts';

// Where a request or a command enters a product: the web frameworks whose route declarations say what a
// file serves, the methods that declare routes, the file-based route conventions, and the command-line
// frameworks whose decorators make a function a command. Read by the eval reach (which route an eval's
// request enters by), the error-handling walk (where an unhandled error surfaces), the topology, and the
// model routes whose callers are checked for auth.

/** Web frameworks whose route declarations (`@router.post("/chat")`, `app.get('/api/x', ...)`) say what a file serves. */
export const WEB_FRAMEWORKS = /^(fastapi|starlette|flask|quart|sanic|django|aiohttp|litestar|bottle|falcon|robyn|express|fastify|hono|koa|@koa\/router|koa-router|elysia)(\.|\/|$)/;
/** The methods and decorators of those frameworks that declare a route. */
export const ROUTE_METHOD = /^(get|post|put|patch|delete|route|api_route|websocket|all|options|add_api_route|add_url_rule)$/;
/** File-based routes: Next.js `app/**\/route.ts` and `pages/api/**`, SvelteKit `+server.ts`. */
export const FILE_ROUTE = /(^|\/)(app\/(.*\/)?route|pages\/api\/.+|routes\/(.*\/)?\+server)\.[cm]?[jt]sx?$/;
/** The handlers a route module exports, named for their HTTP method (Next.js, SvelteKit, Remix, Astro). */
export const METHOD_HANDLER = /^(GET|POST|PUT|PATCH|DELETE)$/;
/** Command-line frameworks whose decorators (`@app.command()`, `@click.command()`) make a function a command. */
export const CLI_FRAMEWORKS = /^(click|typer)(\.|$)/;

/** `app.post('/chat', handler)`, `router.get(...)`, `app.add_api_route(...)` on a web framework: a call that registers a route. */
export function registersRoute(call: CallFact): boolean {
  return call.callee.includes('.') && ROUTE_METHOD.test(call.callee.slice(call.callee.lastIndexOf('.') + 1)) && WEB_FRAMEWORKS.test(call.origin?.module ?? '');
}
