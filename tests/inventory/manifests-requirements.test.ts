import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/inventory/manifests/index.ts';
import type { Dependency, DependencyScope } from '../../src/inventory/manifests/types.ts';

const py = (name: string, spec: string, scope: DependencyScope): Dependency => ({ name, spec, scope, ecosystem: 'pypi' });

describe('requirements files', () => {
  it('reads every pip construct', () => {
    const text = [
      '# Production dependencies for the inference API',
      '--index-url https://pypi.org/simple',
      '--extra-index-url https://pypi.acme.internal/simple',
      '--trusted-host pypi.acme.internal',
      '--find-links ./wheels',
      '--pre',
      '-r base.txt',
      '--requirement ../shared/requirements.txt',
      '-c constraints.txt',
      '',
      'fastapi>=0.110,<1   # web framework',
      'uvicorn[standard]==0.30.1',
      'pydantic[email, timezone] >= 2.7',
      'tomli>=1.1.0; python_version < "3.11"',
      'Google_Generativeai==0.7.2',
      'langchain.openai',
      'requests (>=2.31)',
      'openai~=1.35',
      'numpy==1.26.4 \\',
      '    --hash=sha256:2a02aba9ed12e4ac4eb3ea9421c420301a0c6460d9830d74a9df87efa4912010 \\',
      '    --hash=sha256:3373d5d70a5fe74a2c1bb6d2cfd9609ecf686d47a2d7b1d37a8f3b6bf6003aea',
      'tiktoken \\',
      '  >=0.7',
      'torch @ https://download.pytorch.org/whl/cpu/torch-2.3.0%2Bcpu-cp311-cp311-linux_x86_64.whl ; sys_platform == "linux"',
      '-e git+https://github.com/acme/acme-sdk.git@v1.2.0#egg=Acme_SDK',
      '--editable ./libs/vector_store#egg=vector-store',
      '-e .',
      '-e ./libs/no-egg',
      'git+https://github.com/acme/evals.git@main#egg=acme-evals',
      './vendor/some_wheel-1.0-py3-none-any.whl',
      'https://example.com/archive.tar.gz',
      '   # indented comment',
      '# a comment line ending in a backslash does not swallow the next line \\',
      'redis>=5',
    ].join('\n');

    expect(parseManifest('services/api/requirements.txt', text)).toStrictEqual({
      path: 'services/api/requirements.txt',
      kind: 'requirements',
      ecosystem: 'pypi',
      name: null,
      dependencies: [
        py('acme-evals', 'git+https://github.com/acme/evals.git@main#egg=acme-evals', 'prod'),
        py('acme-sdk', 'git+https://github.com/acme/acme-sdk.git@v1.2.0#egg=Acme_SDK', 'prod'),
        py('fastapi', '>=0.110,<1', 'prod'),
        py('google-generativeai', '==0.7.2', 'prod'),
        py('langchain-openai', '', 'prod'),
        py('numpy', '==1.26.4', 'prod'),
        py('openai', '~=1.35', 'prod'),
        py('pydantic', '>= 2.7', 'prod'),
        py('redis', '>=5', 'prod'),
        py('requests', '>=2.31', 'prod'),
        py('tiktoken', '>=0.7', 'prod'),
        py('tomli', '>=1.1.0', 'prod'),
        py('torch', 'https://download.pytorch.org/whl/cpu/torch-2.3.0%2Bcpu-cp311-cp311-linux_x86_64.whl', 'prod'),
        py('uvicorn', '==0.30.1', 'prod'),
        py('vector-store', './libs/vector_store#egg=vector-store', 'prod'),
      ],
      workspaces: [],
      includes: ['services/api/base.txt', 'services/shared/requirements.txt', 'services/api/constraints.txt'],
    });
  });

  it('handles CRLF line endings, a BOM and = forms of options', () => {
    const text = '\uFEFFanthropic==0.28.0\r\n--requirement=common.txt\r\n--constraint=../pins.txt\r\nhttpx>=0.27 \\\r\n  --hash=sha256:abc\r\n';
    expect(parseManifest('requirements/prod.txt', text)).toStrictEqual({
      path: 'requirements/prod.txt',
      kind: 'requirements',
      ecosystem: 'pypi',
      name: null,
      dependencies: [py('anthropic', '==0.28.0', 'prod'), py('httpx', '>=0.27', 'prod')],
      workspaces: [],
      includes: ['requirements/common.txt', 'pins.txt'],
    });
  });

  it('de-duplicates, and lets a versioned line absorb a bare mention of the same package', () => {
    const text = 'openai\nopenai>=1.0\nrequests==2.32.3\nRequests==2.32.3\n';
    expect(parseManifest('requirements.txt', text)?.dependencies).toStrictEqual([
      py('openai', '>=1.0', 'prod'),
      py('requests', '==2.32.3', 'prod'),
    ]);
  });

  it('keeps one entry per distinct spec when markers split a pin', () => {
    const text = 'numpy<2; python_version < "3.9"\nnumpy>=2; python_version >= "3.9"\n';
    expect(parseManifest('requirements.txt', text)?.dependencies).toStrictEqual([
      py('numpy', '<2', 'prod'),
      py('numpy', '>=2', 'prod'),
    ]);
  });

  it.each([
    ['requirements-dev.txt', 'dev'],
    ['requirements_test.txt', 'dev'],
    ['requirements.lint.txt', 'dev'],
    ['requirements-docs.in', 'dev'],
    ['dev-requirements.txt', 'dev'],
    ['test_requirements.txt', 'dev'],
    ['requirements/test.txt', 'dev'],
    ['requirements/dev.in', 'dev'],
    ['requirements/docs.txt', 'dev'],
    ['requirements.txt', 'prod'],
    ['requirements.in', 'prod'],
    ['requirements-prod.txt', 'prod'],
    ['requirements/base.txt', 'prod'],
    ['requirements-gpu.txt', 'prod'],
    ['docs/requirements.txt', 'prod'],
    ['requirements/devops.txt', 'prod'],
  ] as const)('%s is %s', (path, scope) => {
    expect(parseManifest(path, 'pytest==8.2.2\n')?.dependencies).toStrictEqual([py('pytest', '==8.2.2', scope)]);
  });

  it('yields an empty manifest for a file of comments and options only', () => {
    expect(parseManifest('requirements.txt', '# nothing yet\n--index-url https://pypi.org/simple\n\n')).toStrictEqual({
      path: 'requirements.txt',
      kind: 'requirements',
      ecosystem: 'pypi',
      name: null,
      dependencies: [],
      workspaces: [],
      includes: [],
    });
  });
});
