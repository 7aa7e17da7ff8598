import type { ManifestKind } from './types.ts';

const BY_FILE_NAME: Record<string, ManifestKind> = {
  'package.json': 'package.json',
  'pyproject.toml': 'pyproject',
  Pipfile: 'pipfile',
  'setup.cfg': 'setup.cfg',
  'setup.py': 'setup.py',
};

// `requirements.txt`, `requirements-dev.txt`, `requirements_test.in`, and the `dev-requirements.txt` convention.
const REQUIREMENTS_FILE = /^(?:[a-z0-9]+[-_.])?requirements[^/]*\.(?:txt|in)$/i;

/** Which manifest format a repo-relative path is, judged by name alone. */
export function manifestKind(path: string): ManifestKind | null {
  const segments = path.split('/');
  // Vendored installs are other people's manifests, not the repo's declared dependencies.
  if (segments.includes('node_modules')) return null;
  const base = segments[segments.length - 1] ?? '';
  const parent = segments[segments.length - 2];
  if (Object.hasOwn(BY_FILE_NAME, base)) return BY_FILE_NAME[base] ?? null;
  if (REQUIREMENTS_FILE.test(base)) return 'requirements';
  if (parent?.toLowerCase() === 'requirements' && /\.(?:txt|in)$/i.test(base)) return 'requirements';
  return null;
}
