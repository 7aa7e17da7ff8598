import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/inventory/manifests/index.ts';
import type { Dependency, DependencyScope } from '../../src/inventory/manifests/types.ts';

const py = (name: string, spec: string, scope: DependencyScope, group?: string): Dependency =>
  group === undefined ? { name, spec, scope, ecosystem: 'pypi' } : { name, spec, scope, ecosystem: 'pypi', group };

describe('Pipfile', () => {
  it('reads packages and dev-packages with string and table specs', () => {
    const text = `
[[source]]
url = "https://pypi.org/simple"
verify_ssl = true
name = "pypi"

[packages]
flask = "*"
openai = ">=1.30"
"Google_Generativeai" = "==0.7.2"
langchain = {version = "~=0.2", extras = ["openai"]}
requests = {version = "*", markers = "python_version >= '3.8'"}
acme-sdk = {git = "https://github.com/acme/sdk.git", ref = "v1.0.0"}
shared = {path = "./libs/shared", editable = true}
tokenizer = {file = "https://files.acme.ai/tokenizer-0.1.tar.gz"}
redis = {extras = ["hiredis"]}

[dev-packages]
pytest = "==8.2.2"
black = "*"

[requires]
python_version = "3.11"

[scripts]
serve = "flask run"
`;
    expect(parseManifest('api/Pipfile', text)).toStrictEqual({
      path: 'api/Pipfile',
      kind: 'pipfile',
      ecosystem: 'pypi',
      name: null,
      dependencies: [
        py('acme-sdk', 'https://github.com/acme/sdk.git', 'prod'),
        py('black', '', 'dev'),
        py('flask', '', 'prod'),
        py('google-generativeai', '==0.7.2', 'prod'),
        py('langchain', '~=0.2', 'prod'),
        py('openai', '>=1.30', 'prod'),
        py('pytest', '==8.2.2', 'dev'),
        py('redis', '', 'prod'),
        py('requests', '', 'prod'),
        py('shared', './libs/shared', 'prod'),
        py('tokenizer', 'https://files.acme.ai/tokenizer-0.1.tar.gz', 'prod'),
      ],
      workspaces: [],
      includes: [],
    });
  });

  it('reports broken TOML', () => {
    expect(parseManifest('Pipfile', '[packages]\nflask = \n')).toStrictEqual({
      path: 'Pipfile',
      kind: 'pipfile',
      ecosystem: 'pypi',
      name: null,
      dependencies: [],
      workspaces: [],
      includes: [],
      error: expect.stringMatching(/^invalid TOML at line 2, column \d+: \S[^\n]*$/),
    });
  });
});

describe('setup.cfg', () => {
  it('reads multi-line install_requires, extras and the metadata name', () => {
    const text = `
[metadata]
name = acme-inference
version = attr: acme_inference.__version__
description = Model serving

[options]
packages = find:
python_requires = >=3.9
install_requires =
    torch>=2.1,<3
    transformers[torch]==4.41.2
    # pinned for the tokenizer fix
    tokenizers>=0.19  # inline comment
    typing_extensions; python_version < "3.10"

    Google_Generativeai>=0.7
zip_safe = False

[options.extras_require]
openai =
    openai>=1.30
    tiktoken
Dev = pytest>=8; ruff
; a configparser comment
vllm = vllm>=0.5 ; sys_platform == "linux"

[options.entry_points]
console_scripts =
    acme-serve = acme_inference.cli:main

[flake8]
max-line-length = 100
`;
    expect(parseManifest('setup.cfg', text)).toStrictEqual({
      path: 'setup.cfg',
      kind: 'setup.cfg',
      ecosystem: 'pypi',
      name: 'acme-inference',
      dependencies: [
        py('google-generativeai', '>=0.7', 'prod'),
        py('openai', '>=1.30', 'optional', 'openai'),
        py('pytest', '>=8', 'optional', 'dev'),
        py('ruff', '', 'optional', 'dev'),
        py('tiktoken', '', 'optional', 'openai'),
        py('tokenizers', '>=0.19', 'prod'),
        py('torch', '>=2.1,<3', 'prod'),
        py('transformers', '==4.41.2', 'prod'),
        py('typing-extensions', '', 'prod'),
        // setuptools splits a one-line value on ';', so the marker becomes a (dropped) item of its own.
        py('vllm', '>=0.5', 'optional', 'vllm'),
      ],
      workspaces: [],
      includes: [],
    });
  });

  it('reads a single-line install_requires, dashed keys and file: references', () => {
    const text = `[metadata]
name: tiny-tool

[options]
install-requires = click>=8; rich

[options.extras_require]
docs = file: requirements/docs.txt, requirements/theme.txt
`;
    expect(parseManifest('tools/tiny/setup.cfg', text)).toStrictEqual({
      path: 'tools/tiny/setup.cfg',
      kind: 'setup.cfg',
      ecosystem: 'pypi',
      name: 'tiny-tool',
      dependencies: [py('click', '>=8', 'prod'), py('rich', '', 'prod')],
      workspaces: [],
      includes: ['tools/tiny/requirements/docs.txt', 'tools/tiny/requirements/theme.txt'],
    });
  });

  it('returns an empty manifest when setup.cfg only configures tools', () => {
    expect(parseManifest('setup.cfg', '[flake8]\nmax-line-length = 100\n[tool:pytest]\naddopts = -q\n')).toStrictEqual({
      path: 'setup.cfg',
      kind: 'setup.cfg',
      ecosystem: 'pypi',
      name: null,
      dependencies: [],
      workspaces: [],
      includes: [],
    });
  });
});
