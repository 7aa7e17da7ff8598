import { posix } from 'node:path';
import { parseIni } from './ini.ts';
import { createManifest, pypiDependency } from './manifest.ts';
import { parseRequirement } from './pep508.ts';
import type { Dependency, Manifest } from './types.ts';

/** setuptools' declarative config: `[options] install_requires`, `[options.extras_require]`, `[metadata] name`. */
export function parseSetupCfg(path: string, text: string): Manifest {
  const ini = parseIni(text);
  const dependencies: Dependency[] = [];
  const includes: string[] = [];
  const read = (value: string | undefined, scope: Dependency['scope'], group?: string): void => {
    const file = /^file:\s*(.+)$/.exec(value?.trim() ?? '');
    if (file?.[1]) {
      // `file: requirements.txt` moves the list into another file; the inventory follows it like `-r`.
      includes.push(...file[1].split(',').map((ref) => posix.normalize(posix.join(posix.dirname(path), ref.trim()))));
      return;
    }
    for (const item of requirementItems(value ?? '')) {
      const requirement = parseRequirement(item);
      if (requirement) dependencies.push(pypiDependency(requirement, scope, group));
    }
  };

  read(option(ini.get('options'), 'install_requires'), 'prod');
  for (const [extra, value] of ini.get('options.extras_require') ?? []) read(value, 'optional', extra);
  return createManifest(path, 'setup.cfg', 'pypi', {
    name: option(ini.get('metadata'), 'name')?.trim() || null,
    dependencies,
    includes,
  });
}

/** setuptools still accepts the dashed spelling (`install-requires`), with a deprecation warning. */
function option(section: Map<string, string> | undefined, key: string): string | undefined {
  return section?.get(key) ?? section?.get(key.replace(/_/g, '-'));
}

/**
 * setuptools' list rule: one requirement per line when the value spans lines, otherwise `;`-separated
 * on the single line (which is why a one-line `pkg; python_version<"3.8"` is misread by setuptools too).
 * Inline `#` comments are dropped because setuptools would reject them as requirements.
 */
function requirementItems(value: string): string[] {
  const items = value.includes('\n') ? value.split('\n') : value.split(';');
  return items.map((item) => item.replace(/(^|\s)#.*$/, '').trim()).filter((item) => item !== '');
}
