// The manifest model: what a dependency manifest declares, read as data and never executed.

export type Ecosystem = 'npm' | 'pypi';

export type DependencyScope = 'prod' | 'dev' | 'optional' | 'peer';

export interface Dependency {
  /** npm: as written; pypi: PEP 503-normalised so the same package matches across files */
  name: string;
  /** version range as written ('' when none); a URL or path when the dependency is pinned to one */
  spec: string;
  scope: DependencyScope;
  ecosystem: Ecosystem;
  /** extra, dependency group or Poetry group the dependency was declared under */
  group?: string;
}

export interface ProductCommand {
  name: string;
  /** a repo-relative file (npm `bin`) or a `module:function` (Python scripts) */
  entry: string;
}

export type ManifestKind = 'package.json' | 'requirements' | 'pyproject' | 'pipfile' | 'setup.cfg' | 'setup.py';

export interface Manifest {
  /** repo-relative POSIX path, as given */
  path: string;
  kind: ManifestKind;
  ecosystem: Ecosystem;
  /** package name when declared, as written */
  name: string | null;
  /** sorted by name, then scope (prod, dev, optional, peer), then group, then spec; de-duplicated */
  dependencies: Dependency[];
  /** npm/yarn/pnpm workspace globs declared here, [] otherwise */
  workspaces: string[];
  /**
   * other requirements files this one pulls in (`-r`, `-c`, setup.cfg `file:`, setuptools `dynamic` files), resolved against the
   * manifest's folder to repo-relative POSIX paths
   */
  includes: string[];
  /**
   * the commands the package installs (package.json `bin`, `[project.scripts]`, Poetry scripts), with the file
   * each runs when the manifest says (repo-relative), or the Python `module:function` it calls; absent when none
   */
  commands?: ProductCommand[];
  /** package.json `scripts`: what `npm run <name>` runs, so CI's `npm run build` can be read as the `tsc` it is; absent when none */
  scripts?: Record<string, string>;
  /** one line, set when the file could not be read as this kind; dependencies are then [] */
  error?: string;
}
