import { manifestKind } from './kind.ts';
import { failedManifest } from './manifest.ts';
import { parsePackageJson } from './package-json.ts';
import { parsePipfile } from './pipfile.ts';
import { parsePyproject } from './pyproject.ts';
import { parseRequirementsFile } from './requirements.ts';
import { parseSetupCfg } from './setup-cfg.ts';
import { parseSetupPy } from './setup-py.ts';
import type { Ecosystem, Manifest, ManifestKind } from './types.ts';

export { manifestKind } from './kind.ts';
export { normalizePythonName } from './python-name.ts';
export type { Dependency, DependencyScope, Ecosystem, Manifest, ManifestKind } from './types.ts';

const PARSERS: Record<ManifestKind, (path: string, text: string) => Manifest> = {
  'package.json': parsePackageJson,
  requirements: parseRequirementsFile,
  pyproject: parsePyproject,
  pipfile: parsePipfile,
  'setup.cfg': parseSetupCfg,
  'setup.py': parseSetupPy,
};

const ECOSYSTEM: Record<ManifestKind, Ecosystem> = {
  'package.json': 'npm',
  requirements: 'pypi',
  pyproject: 'pypi',
  pipfile: 'pypi',
  'setup.cfg': 'pypi',
  'setup.py': 'pypi',
};

/** Reads a manifest's text as data; null when the path is not a manifest. */
export function parseManifest(path: string, text: string): Manifest | null {
  const kind = manifestKind(path);
  if (kind === null) return null;
  try {
    return PARSERS[kind](path, text);
  } catch (err) {
    // The readers are written not to throw; this keeps one unforeseen file from aborting a whole scan.
    return failedManifest(path, kind, ECOSYSTEM[kind], `could not read ${kind}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
