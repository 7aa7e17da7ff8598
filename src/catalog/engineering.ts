// Engineering-discipline signals: what CI runs, where teams keep ownership, update, lock and security
// policy files. Data only; the engineering rules read it. Command patterns are matched against one shell
// command at a time (a `run:` value split on `&&`, `;`, `|`), never against a step's name or a cache key.

/** Which product code a command checks: Python, JS/TS, or whatever the repository holds (make, pre-commit, a shell script). */
export type CheckScope = 'python' | 'js' | 'any';

export interface CommandPattern {
  scope: CheckScope;
  pattern: RegExp;
}

// A tool name as a command word: not part of a path segment, a file name (`pytest.ini`, `jest.config.js`)
// or a package name (`pytest-xdist`, `vue-tsc`). A `/` before it is allowed for `node_modules/.bin/jest`.
const word = (name: string): RegExp => new RegExp(`(?<![\\w.@:-])${name}(?![\\w.-])`);

/** Test runners invoked directly (through `npx`, `uv run`, `poetry run`, `python -m`, `docker compose run` alike). */
export const CI_TEST_COMMANDS: readonly CommandPattern[] = [
  ...['pytest', 'py\\.test', 'unittest', 'nose2', 'nosetests', 'ward', 'behave', 'manage\\.py\\s+test', 'coverage\\s+run', 'hatch\\s+test'].map((n) => ({ scope: 'python' as const, pattern: word(n) })),
  // A test file run as a script (`python backend/test_routing.py`, `node tests/api.test.mjs`): its exit status is the verdict.
  { scope: 'python', pattern: /(?<![\w.@:-])python(3(\.\d+)?)?\s+(-\w+\s+)*\S*?(?<![\w-])(test_[\w-]*|[\w-]+_test|tests?)\.py(?![\w.-])/ },
  { scope: 'js', pattern: /(?<![\w.@:-])(node|tsx|bun|deno\s+run)\s+(-[\w-]+\s+)*\S*?\.(test|spec)\.[cm]?[jt]s(?![\w.-])/ },
  ...['vitest', 'jest', 'mocha', 'ava', 'playwright\\s+test', 'cypress\\s+run', 'bun\\s+test', 'deno\\s+test', 'node\\s+--test', 'karma', 'wdio', 'react-scripts\\s+test', 'ng\\s+test'].map((n) => ({ scope: 'js' as const, pattern: word(n) })),
];

/** Linters and type checkers invoked directly. `ruff format` and `biome format` only format, so they do not count. */
export const CI_STATIC_COMMANDS: readonly CommandPattern[] = [
  ...['ruff(?!\\s+format)', 'flake8', 'pylint', 'mypy', 'pyright', 'basedpyright', 'pyre', 'pytype', 'pyflakes', 'bandit', 'prospector'].map((n) => ({ scope: 'python' as const, pattern: word(n) })),
  ...['eslint', 'biome(?!\\s+format)', 'tsc', 'tsgo', 'vue-tsc', 'svelte-check', 'oxlint', 'xo', 'ultracite', 'next\\s+lint', 'ng\\s+lint', 'deno\\s+(lint|check)'].map((n) => ({ scope: 'js' as const, pattern: word(n) })),
  ...['pre-commit', 'prek', 'trunk\\s+check', 'megalinter', 'super-linter', 'semgrep'].map((n) => ({ scope: 'any' as const, pattern: word(n) })),
];

/**
 * `next build` type-checks the whole app before it bundles, so in a Next.js project a CI build is a type check.
 * Other bundlers (vite, esbuild, tsup) strip types without checking them.
 */
export const CI_TYPECHECKING_BUILD = word('next\\s+build');
export const TYPECHECKING_BUILD_PACKAGES: readonly string[] = ['next'];

/** Package managers whose first positional word is a package.json script (`pnpm --filter web test`, `yarn workspace api lint`). */
// `nr` is @antfu/ni's script runner: `nr lint` runs the package's lint script with whichever manager the lockfile names.
export const JS_SCRIPT_RUNNERS = /^(npm|pnpm|yarn|bun|nr)$/;
/** Package-manager subcommands that are not scripts (`npm ci` installs; only `npm run ci` runs a script named ci). */
export const JS_MANAGER_BUILTINS = /^(install|i|ci|add|remove|rm|uninstall|audit|publish|pack|update|up|upgrade|outdated|why|list|ls|link|unlink|init|create|config|cache|store|import|fetch|rebuild|prune|dedupe|patch|setup|env|version|info|view|login|logout|licenses|bin|root)$/;
/** npm runs a script only through these; any other word is a built-in command. */
export const NPM_SCRIPT_VERBS = /^(run|run-script|rum|urn|test|t|tst|exec|x)$/;

/** Monorepo task runners that take script names anywhere on the line (`turbo run lint test`, `nx run-many -t test`). */
export const JS_TASK_RUNNERS = /^(turbo|nx|lerna|moon|rush|ultra)$/;
/** Python project tools whose first word names a project script (`hatch run test`, `poe lint`, `pdm typecheck`). */
export const PYTHON_SCRIPT_RUNNERS = /^(hatch|pdm|poe|rye|invoke|inv|poetry|uv|pixi)$/;
/** Of those, the ones whose other subcommands manage the project (`poetry check`, `uv lock`): only `run` names a script. */
export const RUN_ONLY_RUNNERS = /^(poetry|uv|pixi)$/;
/** tox and nox run named environments or sessions (`tox -e lint,py312`, `nox -s tests`); with none named, the default test run. */
export const PYTHON_ENV_RUNNERS = /^(tox|nox)$/;
export const ENV_FLAGS = /^(-e|--env|-s|--session|--sessions)$/;
/** Generic task runners whose target may check any language (`make test`, `just lint`, `task check`). */
export const ANY_TASK_RUNNERS = /^(make|just|task|mise|earthly)$/;
/** Flags of those tools that take a value which is not a script name. */
export const VALUE_FLAGS = /^(--filter|-F|-w|--workspace|-C|--prefix|--dir|--cwd|--scope|-p|--project|-f|--file|-e|--env|-s|--session|-t|--target|-j|--jobs)$/;
/** Words between a tool and the script it runs. */
export const RUNNER_VERBS = /^(run|run-script|run-many|exec|x|dlx|workspaces|foreach|recursive|affected)$/;

/** Script or target names that run tests (`test`, `test:unit`, `e2e:ci`, `unit-test`). */
export const TEST_SCRIPT_NAME = /^(tests?|e2e|specs?|unit|integration|coverage|cypress|playwright|vitest|jest|pytest)([:_.-][\w:.-]*)?$|^[\w-]+[:_-](tests?|e2e|specs?|pytest)$/;
/** Script or target names that lint or type-check (`lint`, `typecheck`, `check:types`, `lint:fix`). */
export const STATIC_SCRIPT_NAME = /^(lint|lints|linter|eslint|biome|ruff|mypy|pyright|typecheck|type-check|type|types|tsc|check-types|typing|typings|static|check)([:_.-][\w:.-]*)?$|^[\w-]+[:_-](lint|typecheck|type-check|types|tsc|mypy|ruff)$/;
/** Umbrella targets that conventionally run the whole gate (tests and linters): `make ci`, `npm run verify`. */
export const UMBRELLA_SCRIPT_NAME = /^(ci|verify|validate|precommit|pre-commit|all-checks|checks)([:_.-][\w:.-]*)?$/;
/** A repository shell script named for what it does: `./scripts/test.sh`, `bash ci/run_lint.sh`. */
export const SHELL_SCRIPT = /(^|\/)[\w.-]+\.sh$/;

/** Commands that install or add tools: naming `pytest` or `eslint` there is not running it. */
export const INSTALL_COMMAND = /(?<![\w-])(pip3?|uv|pipx|poetry|pdm|conda|mamba|micromamba|npm|pnpm|yarn|bun|brew|apt|apt-get|apk|gem|cargo)\s+(?:[\w-]+\s+)?(install|add|i)(?![\w-])/;

/** GitHub Actions that run tests or checks themselves (`uses:` values). */
export const CI_TEST_ACTIONS: readonly CommandPattern[] = [
  { scope: 'js', pattern: /^cypress-io\/github-action@/ },
  // A marketplace action named for the runner it wraps (`sjvrijn/pytest-last-failed@v2`, `ArtiomTr/jest-coverage-report-action`).
  { scope: 'python', pattern: /^[\w.-]+\/[\w.-]*\b(pytest|tox|nox)\b[\w.-]*@/ },
  { scope: 'js', pattern: /^[\w.-]+\/[\w.-]*\b(jest|vitest|playwright|mocha)\b[\w.-]*@/ },
  { scope: 'any', pattern: /^\.\/\.github\/actions\/[\w.-]*tests?\b/ },
];
export const CI_STATIC_ACTIONS: readonly CommandPattern[] = [
  { scope: 'python', pattern: /^(astral-sh|chartboost)\/ruff-action@|^jakebailey\/pyright-action@|^py-actions\/flake8@|^tsuyoshicho\/action-mypy@|^ricardochaves\/python-lint@/ },
  { scope: 'js', pattern: /^reviewdog\/action-(eslint|tsc|biome)@|^oxc-project\/oxlint-action@/ },
  { scope: 'any', pattern: /^pre-commit\/action@|^pre-commit-ci\/|^(github|super-linter)\/super-linter|^oxsecurity\/megalinter|^trunk-io\/trunk-action@|^wearerequired\/lint-action@|^\.\/\.github\/actions\/[\w.-]*(lint|check)/ },
];

/** YAML keys whose values are shell commands, across GitHub Actions, GitLab, CircleCI, Travis, Azure, Bitbucket, Buildkite. */
export const CI_COMMAND_KEYS = /^(run|script|before_script|after_script|command|commands|bash|sh|pwsh|powershell|install|test)$/;

/** CI systems whose configuration is not read: their presence means CI exists, though what it runs is unknown. */
export const OTHER_CI_FILES = /^(\.drone\.ya?ml|\.woodpecker(\.ya?ml|\/[^/]+\.ya?ml)|cloudbuild\.ya?ml|buildspec\.ya?ml|appveyor\.ya?ml|\.appveyor\.ya?ml|bitrise\.ya?ml|\.semaphore\/semaphore\.ya?ml|\.cirrus\.ya?ml|codemagic\.ya?ml|\.tekton\/.+\.ya?ml)$/;

/** GitHub Actions triggers that run on code changes, so a failing job can block a merge or flag a push. */
export const GATING_TRIGGERS = /^(push|pull_request|pull_request_target|merge_group|workflow_call|workflow_run)$/;

/** Linters and type checkers a project declares: evidence the team meant to run them. */
export const STATIC_CHECK_PACKAGES: readonly string[] = ['ruff', 'flake8', 'pylint', 'mypy', 'pyright', 'basedpyright', 'eslint', '@biomejs/biome', 'typescript', 'oxlint', 'ultracite'];

/**
 * Test-role folders that are not tests: evaluations and benchmarks measure model quality, not code correctness;
 * fixtures, test data and snapshots are inputs (often source code in other languages, for parsers to read).
 */
export const NOT_UNIT_TEST_DIR = /(^|\/)(evals?|evaluations?|benchmarks?|llm[-_]evals?|fixtures?|__fixtures__|testdata|test[-_]data|__snapshots__|snapshots|(tests?|__tests__)\/(data|resources|assets|samples?|inputs?))\//i;
/** Test files that drive the running application in a browser, which reach code no import shows. */
export const E2E_TEST_MODULES = /^(@playwright\/test|playwright(\..+)?|cypress|puppeteer|selenium(\..+)?|webdriverio|@wdio\/.+|nightwatch|testcafe)$/;
/** Cypress specs use the global `cy` and import nothing. */
export const E2E_TEST_PATH = /(^|\/)cypress\/|\.cy\.[cm]?[jt]sx?$/;

/** Product files that configure tools rather than implement the product. */
export const TOOL_CONFIG_FILE = /(^|\/)([\w-]+\.config|\.[\w-]+rc)\.[cm]?[jt]s$|\.d\.[cm]?ts$|(^|\/)(setup|conftest|noxfile|manage)\.py$/;

/** Where GitHub and GitLab look for a CODEOWNERS file. */
export const CODEOWNERS_PATHS: readonly string[] = ['CODEOWNERS', '.github/CODEOWNERS', 'docs/CODEOWNERS', '.gitlab/CODEOWNERS'];

/** Dependabot, Renovate (every location it reads), PyUp and Depfu configuration. */
export const DEPENDENCY_UPDATE_CONFIG =
  /^(\.github\/dependabot\.ya?ml|(\.github\/|\.gitlab\/)?renovate\.json5?|\.renovaterc(\.json5?)?|\.pyup\.ya?ml|\.depfu\.ya?ml)$/;

/** Where GitHub looks for a security policy. */
export const SECURITY_POLICY = /^(\.github\/|docs\/)?security\.(md|rst|txt|adoc)$/i;

/**
 * Lockfiles by ecosystem, for a lockfile rule. A requirements file whose every requirement is pinned to one
 * version (`==`) or a URL is a lock in all but name, as `pip-compile` and `uv pip compile` write it.
 */
export const LOCKFILES = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lockb', 'bun.lock'],
  pypi: ['poetry.lock', 'uv.lock', 'pdm.lock', 'Pipfile.lock', 'pylock.toml', 'requirements.lock', 'conda-lock.yml', 'pixi.lock'],
} as const;
/** A pinned requirement: an exact version (`==1.4.2`, not `==1.4.*`), or a URL (a commit or an artifact). */
export const PINNED_SPEC = /^===?\s*[\w.+!-]+$|^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
/** Dependencies that make a package an application (deployed as is), where unlocked installs reach production. */
export const APP_FRAMEWORK_PACKAGES: readonly string[] = [
  'next', 'express', 'fastify', 'hono', '@nestjs/core', '@remix-run/node', 'nuxt', '@sveltejs/kit', 'koa',
  'fastapi', 'flask', 'django', 'starlette', 'sanic', 'litestar', 'quart', 'tornado', 'uvicorn', 'gunicorn', 'streamlit', 'gradio', 'celery', 'chainlit',
];

/**
 * An app that runs on its user's machine: a desktop shell, an editor extension (`@types/vscode` is its API), a plugin
 * of a desktop app (Obsidian, Raycast, Logseq: their plugin APIs), or a browser extension (its API's polyfill and
 * types, its build frameworks).
 */
export const DESKTOP_PACKAGES: readonly string[] = [
  'electron', '@tauri-apps/api', '@tauri-apps/cli', '@types/vscode', '@vscode/vsce', 'vsce', 'pywebview', 'obsidian', '@raycast/api', '@logseq/libs',
  'webextension-polyfill', '@types/webextension-polyfill', '@types/chrome', '@types/firefox-webext-browser', 'wxt', 'plasmo', '@crxjs/vite-plugin',
];

/** Frameworks an app runs without importing them by name (file-based routes, a server started from the command line). */
export const FRAMEWORKS_BY_CONVENTION: readonly string[] = ['next', 'nuxt', '@sveltejs/kit', '@remix-run/node', 'uvicorn', 'gunicorn'];

/** Frameworks a bundled app declares as build tools: a development dependency still ships the server. */
export const BUNDLED_FRAMEWORKS: readonly string[] = ['nuxt', '@sveltejs/kit'];

/** A web front end, which is deployed too; a component library names these as peers, not as its own dependencies. */
export const UI_PACKAGES: readonly string[] = ['react-dom', 'vue', 'svelte', '@angular/core', 'solid-js', 'preact'];

/** A CI step that publishes a package to a registry: what a library's release does. */
export const PUBLISH_COMMAND = /\b(twine\s+upload|uv\s+publish|poetry\s+publish|flit\s+publish|hatch\s+publish|pdm\s+publish|(npm|pnpm|yarn(\s+npm)?)\s+publish|changeset\s+publish)\b|pypa\/gh-action-pypi-publish|JS-DevTools\/npm-publish/;

/** A container definition or a deployment manifest: the code is shipped to run. */
// A development container (`.devcontainer/Dockerfile`) is a contributor's workstation, not a deployment.
export const DEPLOYMENT_FILE = /^(?!(.*\/)?\.devcontainer\/)(.*\/)?(Dockerfile[\w.-]*|[\w.-]*\.Dockerfile|(docker-)?compose[\w.-]*\.ya?ml|Procfile|fly\.toml|app\.yaml|vercel\.json|netlify\.toml|render\.yaml|serverless\.ya?ml|langgraph\.json|wrangler\.(toml|jsonc?)|railway\.(json|toml))$/;

/** Files a repository-level finding anchors to when no other file is the cause, first present wins. */
export const REPOSITORY_ANCHORS: readonly string[] = ['package.json', 'pyproject.toml', 'setup.cfg', 'Pipfile', 'requirements.txt', 'README.md', 'README.rst', 'README'];

export const LOCKFILE_NAMES: ReadonlySet<string> = new Set<string>(Object.values(LOCKFILES).flat());

/** A package manager's lockfile, by its file name. */
export function isLockfile(path: string): boolean {
  return LOCKFILE_NAMES.has(path.slice(path.lastIndexOf('/') + 1));
}
