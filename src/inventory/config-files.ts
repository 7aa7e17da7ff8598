import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { InventoryFile } from './index.ts';

// Small configuration files other stages need as data: CI pipelines (do tests or evals run?) and
// tsconfig path aliases (`@/lib/llm` -> `src/lib/llm`) for the module graph.

const CI_CONFIG = /^(\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci\/config\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|Jenkinsfile|\.buildkite\/[^/]+\.ya?ml|\.travis\.ya?ml)$/;
const TSCONFIG = /(^|\/)(tsconfig|jsconfig)(\.[\w-]+)?\.json$/;
const MAX_BYTES = 1024 * 1024;

export function isConfigFile(path: string): boolean {
  return CI_CONFIG.test(path) || TSCONFIG.test(path);
}

export interface CiConfig {
  path: string;
  text: string;
}

async function readSmall(root: string, file: InventoryFile): Promise<string | null> {
  if ((file.size ?? 0) > MAX_BYTES) return null;
  return readFile(join(root, file.path), 'utf8').catch(() => null);
}

export async function readCiConfigs(root: string, files: InventoryFile[]): Promise<CiConfig[]> {
  const out: CiConfig[] = [];
  for (const f of files.filter((x) => CI_CONFIG.test(x.path))) {
    const text = await readSmall(root, f);
    if (text !== null) out.push({ path: f.path, text });
  }
  return out;
}

export interface PathAlias {
  /** folder of the tsconfig that declares it: the alias applies to files under it */
  scope: string;
  prefix: string;
  target: string;
  /** a workspace package (`prefix` is its name): matches the name or `name/sub`, and looks in `src/` too */
  package?: true;
}

/** Path aliases from every tsconfig's `compilerOptions.paths` (`@/*` -> `src/*`). */
export async function readPathAliases(root: string, files: InventoryFile[]): Promise<PathAlias[]> {
  const aliases: PathAlias[] = [];
  for (const f of files.filter((x) => TSCONFIG.test(x.path) && x.role !== 'vendored')) {
    const text = await readSmall(root, f);
    const options = text === null ? undefined : parseJsonc(text)?.compilerOptions;
    if (!options?.paths) continue;
    const scope = posix.dirname(f.path);
    const dir = posix.join(scope, options.baseUrl ?? '.');
    for (const [pattern, targets] of Object.entries(options.paths)) {
      const target = targets[0];
      if (!target) continue;
      aliases.push({ scope: scope === '.' ? '' : scope, prefix: pattern.replace(/\*$/, ''), target: posix.join(dir, target.replace(/\*$/, '')).replace(/^\.\//, '') });
    }
  }
  // Nearest tsconfig first, so a package's own aliases win over the root's.
  return aliases.sort((a, b) => b.scope.length - a.scope.length);
}

interface TsConfigShape {
  compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> };
}

// tsconfig is JSON with comments and trailing commas; strip both rather than load the compiler for it.
function parseJsonc(text: string): TsConfigShape | undefined {
  const stripped = text
    .replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str: string | undefined) => str ?? '')
    .replace(/,(\s*[}\]])/g, '$1');
  try {
    return JSON.parse(stripped) as TsConfigShape;
  } catch {
    return undefined;
  }
}
