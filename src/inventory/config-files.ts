import { join, posix } from 'node:path';
import { z } from 'zod';
import { parseYaml, yamlProblem, type YamlValue } from '../config/yaml.ts';
import { readRegularText } from '../io/regular-file.ts';
import type { InventoryFile } from './index.ts';

// Small configuration files other stages need as data: CI pipelines (do tests or evals run?) and
// tsconfig path aliases (`@/lib/llm` -> `src/lib/llm`) for the module graph.

// `.pre-commit-config.yaml` is read for its `ci:` section: pre-commit.ci runs the hooks on every pull request.
const CI_CONFIG = /^(\.pre-commit-config\.ya?ml|\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci\/config\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|Jenkinsfile|\.buildkite\/[^/]+\.ya?ml|\.travis\.ya?ml)$/;
/** Local composite actions, whose steps run where a workflow `uses: ./.github/actions/<name>`. */
const CI_ACTION = /^\.github\/actions\/(.+\/)?action\.ya?ml$/;
const TSCONFIG = /(^|\/)(tsconfig|jsconfig)(\.[\w-]+)?\.json$/;
/** Files whose contents CI steps run by name (`make lint`, `just check`, a bare `tox`, `docker build`): read for what each runs. */
const TASK_FILE = /^([\w.-]+\/)?(Makefile|makefile|GNUmakefile|justfile|Justfile|\.justfile|tox\.ini|Dockerfile([.-][\w.-]+)?|[\w.-]+\.[Dd]ockerfile)$/;
const MAX_BYTES = 1024 * 1024;

export function isConfigFile(path: string): boolean {
  return CI_CONFIG.test(path) || CI_ACTION.test(path) || TSCONFIG.test(path) || TASK_FILE.test(path);
}

export interface CiConfig {
  path: string;
  text: string;
  /** a local composite action that workflows use, not a pipeline of its own */
  action?: true;
  /**
   * a Makefile, justfile, tox.ini or Dockerfile: what CI steps run by name (`make lint`, `tox`, `docker build`),
   * not a pipeline of its own
   */
  tasks?: true;
  /** the YAML documents; absent for a Jenkinsfile (Groovy) and for a file that did not parse */
  documents?: YamlValue[];
  /** why the file could not be read: what it runs is unknown */
  problem?: string;
}

async function readSmall(root: string, file: InventoryFile): Promise<string | null> {
  return readRegularText(join(root, file.path), MAX_BYTES);
}

/** CI pipelines and composite actions, parsed (a file that is not valid YAML is kept with its problem), and task files as text. */
export async function readCiConfigs(root: string, files: InventoryFile[]): Promise<CiConfig[]> {
  const out: CiConfig[] = [];
  for (const f of files.filter((x) => CI_CONFIG.test(x.path) || CI_ACTION.test(x.path) || TASK_FILE.test(x.path))) {
    const text = await readSmall(root, f);
    if (text === null) continue;
    if (TASK_FILE.test(f.path)) {
      out.push({ path: f.path, text, tasks: true });
      continue;
    }
    const base = { path: f.path, text, ...(CI_ACTION.test(f.path) ? { action: true as const } : {}) };
    if (f.path.endsWith('Jenkinsfile')) {
      out.push(base);
      continue;
    }
    const parsed = parseYaml(text);
    out.push(parsed.ok ? { ...base, documents: parsed.documents } : { ...base, problem: yamlProblem(parsed, CI_ACTION.test(f.path) ? 'action' : 'CI pipeline') });
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

export interface ConfigProblem {
  file: string;
  message: string;
}

/** Path aliases from every tsconfig's `compilerOptions.paths` (`@/*` -> `src/*`); a tsconfig that is not what TypeScript reads is a problem, not a crash. */
export async function readPathAliases(root: string, files: InventoryFile[]): Promise<{ aliases: PathAlias[]; problems: ConfigProblem[] }> {
  const aliases: PathAlias[] = [];
  const problems: ConfigProblem[] = [];
  for (const f of files.filter((x) => TSCONFIG.test(x.path) && x.role !== 'vendored')) {
    const text = await readSmall(root, f);
    if (text === null) continue;
    const parsed = parseTsConfig(text);
    if (typeof parsed === 'string') {
      problems.push({ file: f.path, message: parsed });
      continue;
    }
    const options = parsed.compilerOptions;
    if (!options?.paths && !options?.baseUrl) continue;
    const scope = posix.dirname(f.path);
    const dir = posix.join(scope, options.baseUrl ?? '.');
    for (const [pattern, targets] of Object.entries(options.paths ?? {})) {
      const target = targets[0];
      if (!target) continue;
      aliases.push({ scope: scope === '.' ? '' : scope, prefix: pattern.replace(/\*$/, ''), target: posix.join(dir, target.replace(/\*$/, '')).replace(/^\.\//, '') });
    }
    // With a baseUrl, TypeScript looks every bare import up under it after the paths: `api/openai` is `src/api/openai.ts`.
    if (options.baseUrl) aliases.push({ scope: scope === '.' ? '' : scope, prefix: '', target: dir.replace(/^\.\/?/, '') });
  }
  // Nearest tsconfig first, so a package's own aliases win over the root's.
  return { aliases: aliases.sort((a, b) => b.scope.length - a.scope.length), problems };
}

// The part of tsconfig we read, as TypeScript types it; `null` resets an inherited option.
const TsConfig = z.object({
  compilerOptions: z.object({
    baseUrl: z.string().nullish(),
    paths: z.record(z.string(), z.array(z.string())).nullish(),
  }).nullish(),
});

/** The options we read, or a one-line reason the file is not a tsconfig TypeScript would accept. */
function parseTsConfig(text: string): z.infer<typeof TsConfig> | string {
  // tsconfig is JSON with comments and trailing commas; strip both rather than load the compiler for it.
  const stripped = text
    .replace(/^\uFEFF/, '')
    .replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str: string | undefined) => str ?? '')
    .replace(/,(\s*[}\]])/g, '$1');
  let json: unknown;
  try {
    json = JSON.parse(stripped);
  } catch {
    return 'invalid JSON: path aliases not read';
  }
  const parsed = TsConfig.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return `${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'unexpected shape'}; path aliases not read`;
}
