import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/inventory/manifests/index.ts';
import type { Dependency, DependencyScope } from '../../src/inventory/manifests/types.ts';

const py = (name: string, spec: string, scope: DependencyScope, group?: string): Dependency =>
  group === undefined ? { name, spec, scope, ecosystem: 'pypi' } : { name, spec, scope, ecosystem: 'pypi', group };

describe('pyproject.toml', () => {
  it('reads PEP 621 dependencies, optional extras and PEP 735 dependency groups', () => {
    const text = `
[build-system]
requires = ["hatchling>=1.24"]
build-backend = "hatchling.build"

[project]
name = "Acme_Agents"
version = "0.3.0"
requires-python = ">=3.10"
dependencies = [
  "openai>=1.30,<2",
  "anthropic~=0.28",
  "pydantic[email]>=2.7",
  "tomli>=1.1; python_version < '3.11'",
  "langchain.openai",
  "acme-utils @ git+https://github.com/acme/utils.git@v0.4.1",
]

[project.optional-dependencies]
gemini = ["Google_Generativeai>=0.7"]
vector = ["qdrant-client>=1.9", "pgvector"]
all = ["acme-agents[gemini,vector]"]

[dependency-groups]
test = ["pytest>=8", "pytest-asyncio"]
lint = ["ruff==0.5.0", "mypy>=1.10"]
dev = [{include-group = "test"}, {include-group = "lint"}, "ipython"]

[tool.uv]
dev-dependencies = ["pre-commit>=3.7"]

[tool.ruff]
line-length = 100
`;
    expect(parseManifest('pyproject.toml', text)).toStrictEqual({
      path: 'pyproject.toml',
      kind: 'pyproject',
      ecosystem: 'pypi',
      name: 'Acme_Agents',
      dependencies: [
        py('acme-utils', 'git+https://github.com/acme/utils.git@v0.4.1', 'prod'),
        py('anthropic', '~=0.28', 'prod'),
        py('google-generativeai', '>=0.7', 'optional', 'gemini'),
        py('ipython', '', 'dev', 'dev'),
        py('langchain-openai', '', 'prod'),
        py('mypy', '>=1.10', 'dev', 'lint'),
        py('openai', '>=1.30,<2', 'prod'),
        py('pgvector', '', 'optional', 'vector'),
        py('pre-commit', '>=3.7', 'dev'),
        py('pydantic', '>=2.7', 'prod'),
        py('pytest', '>=8', 'dev', 'test'),
        py('pytest-asyncio', '', 'dev', 'test'),
        py('qdrant-client', '>=1.9', 'optional', 'vector'),
        py('ruff', '==0.5.0', 'dev', 'lint'),
        py('tomli', '>=1.1', 'prod'),
      ],
      workspaces: [],
      includes: [],
    });
  });

  it('reads Poetry main, legacy dev, group and extras tables with string and table specs', () => {
    const text = `
[tool.poetry]
name = "rag-service"
version = "1.2.0"
description = "Retrieval service"
authors = ["Acme <eng@acme.ai>"]

[tool.poetry.dependencies]
python = "^3.11"
fastapi = "^0.111.0"
"LangChain-Community" = { version = "^0.2.5", extras = ["openai"] }
llama-index = "*"
acme-sdk = { git = "https://github.com/acme/sdk.git", branch = "main" }
shared-lib = { path = "../shared", develop = true }
tokenizer-wheel = { url = "https://files.acme.ai/tokenizer-0.1-py3-none-any.whl" }
private-pkg = { version = "2.0.1", source = "acme" }
numpy = [
  { version = "<2", python = "<3.12" },
  { version = ">=2", python = ">=3.12" },
]
sentence-transformers = { version = "^3.0", optional = true }
faiss-cpu = { version = "^1.8", optional = true }
orphan-optional = { version = "1.0", optional = true }

[tool.poetry.extras]
embeddings = ["sentence-transformers", "faiss-cpu"]
local = ["faiss_cpu"]

[tool.poetry.dev-dependencies]
black = "^24.4"

[tool.poetry.group.test.dependencies]
pytest = "^8.2"
pytest-mock = { version = "^3.14" }

[tool.poetry.group.docs]
optional = true

[tool.poetry.group.docs.dependencies]
mkdocs-material = "^9.5"

[tool.poetry.group.main.dependencies]
httpx = "^0.27"

[build-system]
requires = ["poetry-core"]
build-backend = "poetry.core.masonry.api"
`;
    expect(parseManifest('services/rag/pyproject.toml', text)).toStrictEqual({
      path: 'services/rag/pyproject.toml',
      kind: 'pyproject',
      ecosystem: 'pypi',
      name: 'rag-service',
      dependencies: [
        py('acme-sdk', 'https://github.com/acme/sdk.git', 'prod'),
        py('black', '^24.4', 'dev'),
        py('faiss-cpu', '^1.8', 'optional', 'embeddings'),
        py('faiss-cpu', '^1.8', 'optional', 'local'),
        py('fastapi', '^0.111.0', 'prod'),
        py('httpx', '^0.27', 'prod'),
        py('langchain-community', '^0.2.5', 'prod'),
        py('llama-index', '', 'prod'),
        py('mkdocs-material', '^9.5', 'dev', 'docs'),
        py('numpy', '<2', 'prod'),
        py('numpy', '>=2', 'prod'),
        py('orphan-optional', '1.0', 'optional'),
        py('private-pkg', '2.0.1', 'prod'),
        py('pytest', '^8.2', 'dev', 'test'),
        py('pytest-mock', '^3.14', 'dev', 'test'),
        py('sentence-transformers', '^3.0', 'optional', 'embeddings'),
        py('shared-lib', '../shared', 'prod'),
        py('tokenizer-wheel', 'https://files.acme.ai/tokenizer-0.1-py3-none-any.whl', 'prod'),
      ],
      workspaces: [],
      includes: [],
    });
  });

  it('lets Poetry 2 [project] specs absorb bare [tool.poetry.dependencies] entries that only add a source', () => {
    const text = `
[project]
name = "chatbot"
dependencies = ["openai (>=1.35,<2.0)", "internal-auth>=3"]

[tool.poetry.dependencies]
internal-auth = { source = "acme-private" }
`;
    expect(parseManifest('pyproject.toml', text)?.dependencies).toStrictEqual([
      py('internal-auth', '>=3', 'prod'),
      py('openai', '>=1.35,<2.0', 'prod'),
    ]);
  });

  it('reads PDM dev-dependencies, including pip-style editable entries', () => {
    const text = `
[project]
name = "pdm-app"
dependencies = ["litellm>=1.40"]

[tool.pdm.dev-dependencies]
test = ["pytest>=8", "-e file:///\${PROJECT_ROOT}/packages/testkit#egg=testkit"]
lint = ["ruff", "-e ."]
`;
    expect(parseManifest('pyproject.toml', text)).toStrictEqual({
      path: 'pyproject.toml',
      kind: 'pyproject',
      ecosystem: 'pypi',
      name: 'pdm-app',
      dependencies: [
        py('litellm', '>=1.40', 'prod'),
        py('pytest', '>=8', 'dev', 'test'),
        py('ruff', '', 'dev', 'lint'),
        py('testkit', 'file:///\${PROJECT_ROOT}/packages/testkit#egg=testkit', 'dev', 'test'),
      ],
      workspaces: [],
      includes: [],
    });
  });

  it('follows setuptools dynamic dependency files as includes', () => {
    const text = `
[project]
name = "dyn"
dynamic = ["dependencies", "optional-dependencies"]

[tool.setuptools.dynamic]
dependencies = { file = ["requirements.in"] }
optional-dependencies.dev = { file = "requirements/dev.txt" }
`;
    expect(parseManifest('ml/pyproject.toml', text)).toStrictEqual({
      path: 'ml/pyproject.toml',
      kind: 'pyproject',
      ecosystem: 'pypi',
      name: 'dyn',
      dependencies: [],
      workspaces: [],
      includes: ['ml/requirements.in', 'ml/requirements/dev.txt'],
    });
  });

  it('returns an empty manifest for a pyproject that only configures tools', () => {
    expect(parseManifest('pyproject.toml', '[tool.black]\nline-length = 100\n')).toStrictEqual({
      path: 'pyproject.toml',
      kind: 'pyproject',
      ecosystem: 'pypi',
      name: null,
      dependencies: [],
      workspaces: [],
      includes: [],
    });
  });

  it('ignores values of the wrong shape instead of failing', () => {
    const text = `
[project]
name = "odd"
dependencies = "openai"
optional-dependencies = { extra = [1, "rich"] }

[tool.poetry]
dependencies = ["not-a-table"]
`;
    expect(parseManifest('pyproject.toml', text)?.dependencies).toStrictEqual([py('rich', '', 'optional', 'extra')]);
  });

  it('reports broken TOML as a one-line error with no dependencies', () => {
    const text = '[project]\nname = "broken"\ndependencies = [\n  "openai>=1",\n  "anthropic"\n\n[tool.ruff]\n';
    const manifest = parseManifest('pyproject.toml', text);
    expect(manifest).toStrictEqual({
      path: 'pyproject.toml',
      kind: 'pyproject',
      ecosystem: 'pypi',
      name: null,
      dependencies: [],
      workspaces: [],
      includes: [],
      error: expect.stringMatching(/^invalid TOML at line \d+, column \d+: \S[^\n]*$/),
    });
  });
});
