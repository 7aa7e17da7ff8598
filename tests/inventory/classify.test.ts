import { describe, expect, it } from 'vitest';
import { isParsedLanguage, languageOf } from '../../src/inventory/language.ts';
import { ROLES, isInScope, roleOf, type FileRole } from '../../src/inventory/roles.ts';

// [path, expected role]: each role's ordinary cases next to the near misses that must not match it.
const ROLE_CASES: Record<FileRole, string[]> = {
  vendored: [
    'node_modules/openai/index.js',
    'web/node_modules/@scope/pkg/dist/a.js',
    'bower_components/a.js',
    'vendor/github.com/x/y.go',
    'Vendor/a.go', // case-insensitive
    'vendored/a.py',
    'third_party/a.py',
    'third-party/a.c',
    'public/lib/highlight.min.js', // a browser library copied into the web root
    'static/js/lib/marked.js',
    'web/assets/chart.min.js', // a minified bundle
    'venv/lib/python3.11/site-packages/openai/__init__.py',
    '.yarn/cache/a.js',
    '.pnpm-store/a.js',
    // vendored wins over every later rule
    'node_modules/pkg/test/a.test.js',
    'node_modules/pkg/dist/a.js',
  ],
  generated: [
    'dist/a.js',
    'packages/web/build/a.js',
    'out/a.js',
    '.next/server/a.js',
    '.nuxt/a.js',
    '.svelte-kit/a.js',
    '.output/a.js',
    'coverage/lcov.info',
    'src/__generated__/graphql.ts',
    'src/generated/client.ts',
    '.turbo/cache.json',
    '.vercel/output.json',
    'target/debug/main.rs',
    'src/target/a.ts', // any folder named target, not only Rust's
    'proto/chat_pb2.py',
    'proto/chat_pb2_grpc.py',
    'proto/chat_pb2.pyi',
    'api/chat.pb.go',
    'api/chat.pb.ts',
    'api/chat.pb.js',
    'src/schema.generated.ts',
    'src/routes.gen.ts',
    'src/a.js.map',
    'src/a.d.ts.map',
    'package-lock.json',
    'yarn.lock',
    'web/pnpm-lock.yaml',
    'poetry.lock',
    'uv.lock',
    'Pipfile.lock',
    'bun.lockb',
    'bun.lock',
    // generated wins over test/example/docs
    'dist/tests/a.test.js',
    'build/docs/index.md',
  ],
  test: [
    'tests/fixtures/app/page.tsx', // a Next.js app a test folder holds is the tests' own
    'app/api/chat/route.test.ts',
    'evaluate.py', // an eval script at the repository's root
    'eval.ts',
    'tests/test_llm.py',
    // compound suite folders, in the plural
    'templated_tests/python_fastapi/app.py',
    'tests_integration/run.py',
    'packages/api/integration-tests/chat.ts',
    'product_evals/src/graders/judge.py',
    'packages/tools/test-supermemory.ts',
    // evaluation suites measure the product the way tests do
    'evals/judge.py',
    'evaluation/benchmarks/swe_bench/run_infer.py',
    'benchmark/benchmark.py',
    'benchmarks/latency.py',
    'profiling/agent_overhead.py', // a profiling suite at the root times the product
    'test/a.ts',
    'src/__tests__/a.tsx',
    'src/__mocks__/openai.ts',
    'spec/a.rb',
    'specs/a.ts',
    'e2e/login.ts',
    'src/testing/factories.py',
    'src/test_utils/x.ts',
    'src/test-utils/x.ts',
    'src/testutils/x.ts',
    'fixtures/data.ts',
    'src/fixture/a.py',
    'cypress/a.ts',
    'playwright/a.ts',
    'src/a.test.ts',
    'src/a.spec.tsx',
    'src/a.e2e.mjs',
    'src/a.test.cjs',
    'core/llm/llms/Anthropic.vitest.ts', // named for the runner
    'src/a.jest.tsx',
    'src/test_app.py',
    'src/app_test.py',
    'conftest.py',
    'app/tests.py',
    'app/test.py',
    // test wins over example and docs
    'tests/fixtures/examples/a.ts',
    'tests/README.md',
  ],
  example: [
    'packages/tools/src/claude-memory-simple-example.ts',
    'examples/chat.py',
    'example/a.ts',
    'samples/a.ts',
    'sample/a.ts',
    'demo/a.ts',
    'demos/a.ts',
    'frontend/demo_light/app.py', // a named demo beside the library it shows
    'demo-app/src/main.ts',
    'cookbook/rag.py',
    'cookbooks/rag.py',
    'notebooks/eval.py',
    'analysis/eval.ipynb',
    'tutorials/a.ts',
    'playground/a.ts',
    'sandbox/a.ts',
    'Examples/a.ts', // case-insensitive
    'examples/docs/a.md', // example wins over docs
    // a usage sample beside the code it shows
    'src/example.ts',
    'tools/ocr/example.py',
    'src/client.example.ts',
    'tools/search/search_example.py',
    'tools/search/example_usage.py',
  ],
  docs: [
    'docs/conf.py',
    'doc/a.ts',
    'documentation/a.py',
    'website/src/index.tsx',
    'README.md',
    'readme.rst',
    'guide.mdx',
    'a.adoc',
    'CHANGELOG',
    'LICENSE',
    'CONTRIBUTING.md',
    'scripts/README.md', // docs wins over script
    'docs/scripts/a.sh',
  ],
  script: [
    'scripts/seed.ts',
    'script/a.sh',
    'bin/cli.js',
    'tools/eval.py',
    'hack/a.sh',
    '.github/workflows/ci.yml',
    '.circleci/config.yml',
    'ci/build.sh',
    'debug.py', // a developer's debug or scratch file beside the project
    'backend/debug.py',
    'backend/scratch_agent.py',
  ],
  product: [
    'src/llm.ts',
    'pr_agent/tools/pr_reviewer.py',
    'src/tools/search.ts', // an agent's tools inside a package are product code
    'src/ab_test/variant.ts',
    'pandasai/profiling/summary.py', // profiling a dataset is a feature
    'app/main.py',
    'src/a.d.ts',
    // near misses of the rules above
    'src/testing_utils.py', // `testing` only as a folder; the file does not start with `test_`
    'src/contest.ts',
    'src/latest.ts',
    'src/attest.py',
    'app/test_helpers/x.ts', // `test_helpers` is not one of the test folder names
    'src/mytest.py',
    'src/testdata.ts',
    'pkg/foo_test.go', // only Python/JS test-file conventions are known
    'src/examples.ts', // few-shot examples the product sends, often
    'src/docs.ts',
    'src/script.ts',
    'public/scripts/extensions/tts/index.js', // a web root's scripts are the page's own code
    'static/script/app.js',
    'src/lib/model.ts', // a package's own lib folder
    'bench/a.py',
    'src/distance.ts',
    'app/evaluate.py', // inside a package, `evaluate` is as often the product's own feature
    'src/builders/a.ts',
    'app/routes/debug/index.ts', // a debug route deeper in the package is the product's
    'backend/app/routes/debug.py',
    'src/outputs/a.ts',
    'Dist/a.js', // generated folders are case-sensitive
    'src/vendors/stripe.ts',
    'src/generator.ts',
    'src/schema.pb.py',
    'src/lockfile.ts',
    'Makefile',
    'Dockerfile',
    'app/api/mcp/servers/test/route.ts', // a Next.js route is served, whatever its folder is called
    'apps/web/app/test/page.tsx',
    'pages/api/test.ts',
  ],
};

describe('roleOf', () => {
  it('covers every role', () => {
    expect(Object.keys(ROLE_CASES).sort()).toEqual([...ROLES].sort());
  });

  for (const [role, paths] of Object.entries(ROLE_CASES)) {
    it(`classifies ${role} paths`, () => {
      expect(paths.map((p) => [p, roleOf(p)])).toEqual(paths.map((p) => [p, role]));
    });
  }

  // Source files named like README/LICENSE (`license.ts`, `licenseKey.py`) are product code, not docs.
  it('keeps source files named license/readme in the product', () => {
    expect(['src/billing/license.ts', 'src/licenseKey.py', 'src/readme.ts'].map(roleOf)).toEqual(['product', 'product', 'product']);
  });
});

describe('isInScope', () => {
  it('is true for product and script only', () => {
    expect(ROLES.map((r) => [r, isInScope(r)])).toEqual([
      ['product', true],
      ['test', false],
      ['example', false],
      ['docs', false],
      ['script', true],
      ['generated', false],
      ['vendored', false],
    ]);
  });
});

describe('languageOf', () => {
  it('maps every parsed extension to its language, case-insensitively', () => {
    const cases: [string, string][] = [
      ['a.ts', 'typescript'], ['a.tsx', 'typescript'], ['a.mts', 'typescript'], ['a.cts', 'typescript'], ['src/A.TS', 'typescript'],
      ['types.d.ts', 'typescript'],
      ['a.js', 'javascript'], ['a.jsx', 'javascript'], ['a.mjs', 'javascript'], ['a.cjs', 'javascript'], ['src/.eslintrc.js', 'javascript'],
      ['a.py', 'python'], ['a.pyi', 'python'], ['A.PY', 'python'],
    ];
    expect(cases.map(([p]) => [p, languageOf(p)])).toEqual(cases);
  });

  it('maps other counted languages', () => {
    const cases: [string, string][] = [
      ['main.go', 'go'], ['A.java', 'java'], ['a.kt', 'kotlin'], ['build.gradle.kts', 'kotlin'], ['a.scala', 'scala'],
      ['lib.rs', 'rust'], ['a.rb', 'ruby'], ['a.php', 'php'], ['a.cs', 'csharp'], ['a.swift', 'swift'],
      ['a.c', 'c'], ['a.h', 'c'], ['a.cc', 'cpp'], ['a.cpp', 'cpp'], ['a.hpp', 'cpp'], ['a.dart', 'dart'],
      ['a.ex', 'elixir'], ['a.exs', 'elixir'], ['schema.sql', 'sql'], ['run.sh', 'shell'], ['run.bash', 'shell'],
      ['App.vue', 'vue'], ['App.svelte', 'svelte'],
    ];
    expect(cases.map(([p]) => [p, languageOf(p)])).toEqual(cases);
  });

  it('is null for files without a known extension', () => {
    const paths = ['Makefile', 'Dockerfile', 'README.md', 'docs/a.mdx', 'package.json', 'a.yaml', 'a.toml', 'a.ipynb', 'a.pyw', 'a.txt', 'dir.d/file', 'src/ts', 'a.ts.bak', 'a.'];
    expect(paths.map((p) => [p, languageOf(p)])).toEqual(paths.map((p) => [p, null]));
  });
});

describe('isParsedLanguage', () => {
  it('is true for typescript, javascript and python only', () => {
    expect(['typescript', 'javascript', 'python', 'go', 'rust', 'vue', null].map((l) => isParsedLanguage(l))).toEqual([
      true, true, true, false, false, false, false,
    ]);
    expect(isParsedLanguage(languageOf('src/a.tsx'))).toBe(true);
    expect(isParsedLanguage(languageOf('Makefile'))).toBe(false);
  });
});
