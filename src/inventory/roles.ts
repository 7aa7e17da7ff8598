// A file's role decides whether its model calls are product behaviour (product, script) or out of
// scope for findings (tests, examples, docs). First match wins, most specific first.
export const ROLES = ['product', 'test', 'example', 'docs', 'script', 'generated', 'vendored'] as const;
export type FileRole = (typeof ROLES)[number];

// Browser libraries copied into a web root (`public/lib/jquery.min.js`) and minified bundles are someone else's code.
const VENDORED = /(^|\/)(node_modules|bower_components|vendor|vendored|third[_-]party|site-packages|\.yarn|\.pnpm-store|(public|static|assets|www)\/(js\/)?libs?)\/|\.min\.[cm]?js$/i;
const GENERATED_DIR = /(^|\/)(dist|build|out|\.next|\.nuxt|\.svelte-kit|\.output|coverage|__generated__|generated|\.turbo|\.vercel|target)\//;
const GENERATED_FILE = /(_pb2(_grpc)?\.pyi?|\.pb\.(go|ts|js)|\.generated\.[a-z]+|\.gen\.[jt]s|\.d\.ts\.map|\.js\.map|(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|uv\.lock|Pipfile\.lock|bun\.lockb?))$/;
// Evaluation and benchmark suites measure the product the way tests do; their judge calls are not product behaviour.
// A compound name in the plural (`integration-tests/`, `templated_tests/`, `tests_e2e/`) is a suite too; the
// singular (`ab_test/`) is as often a product feature.
const TEST_DIR = /(^|\/)(tests?|__tests__|__mocks__|specs?|e2e|testing|test[_-]?utils|fixtures?|cypress|playwright|evals?|evaluations?|benchmarks?|[\w-]+[_-](tests|evals?|evaluations?|benchmarks?)|tests[_-][\w-]+)\//i;
// `test-client.ts`: a manual test script beside the code, as `test_client.py` is in Python.
// An eval or benchmark script at the repository's root (`evaluate.py`, `eval.ts`): run by hand against the product.
// A profiling suite at the repository's root times the product as a benchmark does; deeper, `profiling/` is as often
// a feature (profiling a dataset).
const ROOT_BENCH_DIR = /^(profiling|perf)\//i;
const TEST_FILE = /(\.(test|spec|e2e|vitest|jest)\.[cm]?[jt]sx?$|(^|\/)test[-_][^/]*\.([cm]?[jt]sx?|py)$|_test\.py$|(^|\/)conftest\.py$|(^|\/)tests?\.py$|^(evals?|evaluate|evaluation|benchmarks?)\.(py|[cm]?[jt]s)$)/;
// Also a usage sample beside the code it shows (`tools/ocr/example.py`, `client.example.ts`, `example_usage.py`);
// not `examples.py`, which in an AI product often holds few-shot examples the product sends.
// Storybook stories (`Button.stories.tsx`) render components with made-up props: examples too.
const EXAMPLE = /((^|\/)(examples?|samples?|demos?|demo[_-][\w-]+|cookbooks?|notebooks?|tutorials?|playgrounds?|sandbox)\/|\.ipynb$|(^|\/)(example|[\w-]+[._-]example|example_[\w-]+)\.(py|[cm]?[jt]sx?)$|\.stories\.[cm]?[jt]sx?$)/i;
const DOCS_FOLDER = /(^|\/)(docs?|documentation|website)\//i;
const DOCS = new RegExp(`${DOCS_FOLDER.source}|\\.(md|mdx|rst|adoc)$`, 'i');
const DOC_FILE = /(^|\/)(README|CHANGELOG|CONTRIBUTING|LICENSE|NOTICE|AUTHORS|COPYING)(\.txt)?$/;
// `tools/` is a scripts folder at the repository's root only: inside a package it is as often an agent's tools.
// A web root's `scripts/` (`public/scripts/`) is the page's own code, served to users.
// A developer's `debug.py` or `scratch.py` beside the project (at the root, or one folder down: `backend/debug.py`) is run by hand.
const SCRIPT = /(^|\/)(?<!(public|static|assets|www|web|client|frontend)\/)(scripts?|bin|hack|\.github|\.circleci|ci)\/|^tools\/|^([\w.-]+\/)?(debug|scratch)([_-][\w-]+)?\.(py|[cm]?[jt]s)$/i;

// A Next.js route is served wherever it sits under `app/` or `pages/api/`: `app/api/servers/test/route.ts` is the
// product's `/api/servers/test` endpoint, not a test.
const NEXT_ROUTE = /^(.*?)(?:^|\/)(?:app\/(?:.+\/)?(?:route|page|layout)\.[cm]?[jt]sx?|pages\/api\/.+\.[cm]?[jt]sx?)$/;

export function roleOf(path: string): FileRole {
  if (VENDORED.test(path)) return 'vendored';
  if (GENERATED_FILE.test(path) || GENERATED_DIR.test(path)) return 'generated';
  const route = NEXT_ROUTE.exec(path);
  if (route && !TEST_FILE.test(path) && roleOf(`${route[1] ?? ''}/x.ts`.replace(/^\//, '')) === 'product') return 'product';
  if (TEST_DIR.test(path) || TEST_FILE.test(path) || ROOT_BENCH_DIR.test(path)) return 'test';
  if (EXAMPLE.test(path)) return 'example';
  if (DOCS.test(path) || DOC_FILE.test(path)) return 'docs';
  if (SCRIPT.test(path)) return 'script';
  return 'product';
}

/** A file in a documentation folder, not merely a documentation format (`agent/system_prompts/planner.md` is not). */
export function inDocsFolder(path: string): boolean {
  return DOCS_FOLDER.test(path);
}

/** Roles whose code is the product's own behaviour: what findings are about. */
export function isInScope(role: FileRole): boolean {
  return role === 'product' || role === 'script';
}

const MIGRATION = /(^|\/)(migrations|alembic|migrate|db\/migrate)\//i;

/** A database migration: a record of past schemas, run once; its literals (an old column default) are not live behaviour. */
export function isMigration(path: string): boolean {
  return MIGRATION.test(path);
}
