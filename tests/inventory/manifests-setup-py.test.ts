import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/inventory/manifests/index.ts';
import type { Dependency, DependencyScope } from '../../src/inventory/manifests/types.ts';

const py = (name: string, spec: string, scope: DependencyScope, group?: string): Dependency =>
  group === undefined ? { name, spec, scope, ecosystem: 'pypi' } : { name, spec, scope, ecosystem: 'pypi', group };

// setup.py is read as text, never run: the literal keyword arguments of its setup() call.
describe('setup.py', () => {
  it('reads the name, literal requirement lists, extras and console scripts', () => {
    const text = `
from setuptools import setup, find_packages

setup(
    name='code_ui',  # the distribution name
    version="0.4.2",
    packages=find_packages(),
    install_requires=[
        'Flask>=2,<3',
        "openai>=0.25,<1",  # the pre-1.0 SDK
        'pandas',
    ],
    extras_require={"dev": ["pytest==8.2.2"], 'anthropic': ['anthropic>=0.30']},
    entry_points={
        'console_scripts': [
            'codeui = code_ui.main:main',
        ],
    },
)
`;
    expect(parseManifest('setup.py', text)).toStrictEqual({
      path: 'setup.py', kind: 'setup.py', ecosystem: 'pypi', name: 'code_ui',
      dependencies: [py('anthropic', '>=0.30', 'optional', 'anthropic'), py('flask', '>=2,<3', 'prod'), py('openai', '>=0.25,<1', 'prod'), py('pandas', '', 'prod'), py('pytest', '==8.2.2', 'optional', 'dev')],
      workspaces: [], includes: [],
      commands: [{ name: 'codeui', entry: 'code_ui.main:main' }],
    });
  });

  it('follows a list bound to a name, the string form of entry points, and requirements files it opens', () => {
    const text = `
import setuptools

REQUIRED = ["requests>=2", "tiktoken"]

with open("requirements/base.txt") as f:
    extra = f.read().splitlines()

setuptools.setup(
    name="agent",
    install_requires=REQUIRED + extra,
    entry_points="""
        [console_scripts]
        agent=agent.cli:run
    """,
)
`;
    const m = parseManifest('pkg/setup.py', text);
    // \`REQUIRED + extra\` is computed: nothing is guessed from it, and the file it reads is followed.
    expect(m).toMatchObject({ name: 'agent', dependencies: [], includes: ['pkg/requirements/base.txt'], commands: [{ name: 'agent', entry: 'agent.cli:run' }] });
    expect(parseManifest('setup.py', 'from setuptools import setup\nREQS = ["httpx"]\nsetup(name="x", install_requires=REQS)\n')?.dependencies).toEqual([py('httpx', '', 'prod')]);
  });

  it('gives an empty manifest, not an error, when there is no setup() call or it is not closed', () => {
    expect(parseManifest('setup.py', 'print("hello")\n')).toMatchObject({ kind: 'setup.py', name: null, dependencies: [] });
    expect(parseManifest('setup.py', 'setup(name="x", install_requires=["a"\n')).toMatchObject({ name: null, dependencies: [] });
    expect(parseManifest('setup.py', 'setup(name="x")')?.error).toBeUndefined();
  });
});
