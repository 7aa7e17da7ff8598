import { APP_FRAMEWORK_PACKAGES, BUNDLED_FRAMEWORKS, DEPLOYMENT_FILE, DESKTOP_PACKAGES, FRAMEWORKS_BY_CONVENTION, PUBLISH_COMMAND, UI_PACKAGES } from '../catalog/engineering.ts';
import type { CiConfig } from '../inventory/config-files.ts';
import type { Manifest } from '../inventory/manifests/index.ts';
import type { InventoryFile } from '../inventory/index.ts';
import type { FileRole } from '../inventory/roles.ts';
import type { FileFacts } from './types.ts';

// What the product is decides which checks apply. A service the company runs is expected to report its errors
// and trace its model calls. A desktop app, an editor extension or a command-line tool runs on its users'
// machines, often with their own keys: the company sees neither its errors nor its traces, and the tokens are
// the user's. A library runs inside its users' services, whose error tracking sees its exceptions.

export type ProductKind = 'service' | 'self-hosted' | 'desktop' | 'cli' | 'library' | 'unknown';

export interface ProductShape {
  kind: ProductKind;
  /** why, as the report says it: `fastapi in backend/pyproject.toml` */
  reason: string;
  /** the manifest or file the kind is read from; null when nothing tells */
  evidence: string | null;
}

export const PRODUCT_KIND_LABELS: Record<ProductKind, string> = {
  service: 'a hosted service',
  'self-hosted': 'a server its users run themselves',
  desktop: 'a desktop app, editor or browser extension',
  cli: 'a command-line tool',
  library: 'a library',
  unknown: 'not determined',
};

interface Input {
  files: readonly InventoryFile[];
  manifests: readonly Manifest[];
  ciConfigs: readonly CiConfig[];
  roleOf(path: string): FileRole;
  /** the outside modules a command's entry (`pkg.cli:main`, `bin/cli.js`) imports, with the repository modules it imports */
  entryImports?(manifest: string, entry: string): string[];
  /** does a product file in the manifest's folder import this package? undefined when imports are not known */
  imports?(manifest: string, pkg: string): boolean;
  /** container definitions that only give a developer a shell (`CMD ["bash"]`, `command: tail -f /dev/null`) */
  idleContainers?: ReadonlySet<string>;
}

/**
 * The first that holds: a product package declares a server or worker framework (outside a desktop shell,
 * which often embeds a local server); a desktop shell or editor extension; commands the package installs
 * (one that starts a web server launches a service, not a tool);
 * a web front end; a deployment definition; CI publishing the package to a registry (a library). A
 * Dockerfile beside a command-line tool packages the tool, it does not make it a service. With none of
 * these the kind is not determined, and every check applies.
 */
export function productKind(input: Input): ProductShape {
  const insidePackage = insidePythonPackage(input.files.map((f) => f.path));
  const product = input.manifests.filter((m) => input.roleOf(m.path) === 'product' && !insidePackage(m.path));
  // Optional extras (`pip install pkg[server]`) are not what the package always runs.
  const runtime = (m: Manifest) => m.dependencies.filter((d) => d.scope === 'prod' || BUNDLED_FRAMEWORKS.includes(d.name)).map((d) => d.name);
  const desktop = (m: Manifest) => m.dependencies.some((d) => DESKTOP_PACKAGES.includes(d.name));
  // A server framework only a helper imports (a tool run inside a sandbox, a script) is not what the product runs.
  const used = (m: Manifest, d: string) => FRAMEWORKS_BY_CONVENTION.includes(d) || input.imports?.(m.path, d) !== false;
  // A launcher at the root for its users' own machines (`Start.bat`) says who runs the server: they do, not the company.
  const launcher = input.files.find((f) => !f.path.includes('/') && SELF_HOSTED_LAUNCHER.test(f.path));
  // A command that starts a web server (`pip install tool`, then `tool` serves on localhost).
  const serves = (m: Manifest, entry: string) => (input.entryImports?.(m.path, entry) ?? []).some((mod) => APP_FRAMEWORK_PACKAGES.includes(mod.split(/[./]/)[0] ?? ''));
  // A package released to a registry with a small app beside it (a Streamlit demo of the library): the app is a
  // showcase of what the repository ships, not what it is.
  const publish = input.ciConfigs.find((c) => !c.tasks && PUBLISH_COMMAND.test(c.text));
  const sources = input.files.filter((f) => f.role === 'product' && f.language !== null);
  const satellite = (m: Manifest) => {
    const dir = m.path.includes('/') ? m.path.slice(0, m.path.lastIndexOf('/') + 1) : '';
    return publish !== undefined && dir !== '' && sources.filter((f) => f.path.startsWith(dir)).length < sources.length * SATELLITE_SHARE;
  };
  for (const m of product) {
    const framework = desktop(m) || satellite(m) ? undefined : runtime(m).find((d) => APP_FRAMEWORK_PACKAGES.includes(d) && used(m, d));
    if (framework && launcher) return { kind: 'self-hosted', reason: `${framework} in ${m.path}, started by its users with ${launcher.path}`, evidence: launcher.path };
    // A package its users install and start with its own command runs their server, on their machines.
    const starter = framework ? (m.commands ?? []).find((c) => serves(m, c.entry)) : undefined;
    if (framework && starter) return { kind: 'self-hosted', reason: `${framework} in ${m.path}, started by its users with the \`${starter.name}\` command it installs`, evidence: m.path };
    if (framework) return { kind: 'service', reason: `${framework} in ${m.path}`, evidence: m.path };
  }
  for (const m of product) {
    const shells = m.dependencies.filter((d) => DESKTOP_PACKAGES.includes(d.name));
    const shell = shells.find((d) => d.scope === 'prod') ?? shells[0];
    if (shell) return { kind: 'desktop', reason: `${shell.name} in ${m.path}`, evidence: m.path };
  }
  // A command that starts a web server is no command-line tool (see above).
  for (const m of product) {
    const tools = (m.commands ?? []).filter((c) => !serves(m, c.entry));
    const command = tools.find((c) => c.name === m.name) ?? tools[0];
    if (command) return { kind: 'cli', reason: `the \`${command.name}\` command installed by ${m.path}`, evidence: m.path };
  }
  for (const m of product) {
    const ui = satellite(m) ? undefined : m.dependencies.find((d) => d.scope === 'prod' && UI_PACKAGES.includes(d.name));
    if (ui) return { kind: 'service', reason: `${ui.name} in ${m.path}`, evidence: m.path };
  }
  // A development container deploys nothing, nor does an image deep in a Python package's source (a sandbox its
  // code starts, `pkg/runtimes/Dockerfile`); an application's own folder (`app/Dockerfile` beside `app/__init__.py`) may.
  const shipped = insidePythonPackage(input.files.map((f) => f.path), 2);
  const deployed = input.files.find((f) => (f.role === 'product' || f.role === 'script') && DEPLOYMENT_FILE.test(f.path) && !input.idleContainers?.has(f.path) && !shipped(f.path));
  if (deployed) return { kind: 'service', reason: `deployed by ${deployed.path}`, evidence: deployed.path };
  if (publish) return { kind: 'library', reason: `published to a registry by ${publish.path}`, evidence: publish.path };
  return { kind: 'unknown', reason: 'no server, app shell, command, deployment definition or package release found', evidence: null };
}

/**
 * A manifest inside a Python package's source (`pkg/env/minecraft/package.json`, a folder below an `__init__.py`) is a
 * helper the package ships, not the product: it is neither what the product is nor what its deployment installs.
 */
export function insidePythonPackage(paths: readonly string[], depth = 1): (manifest: string) => boolean {
  const packages = new Set(paths.filter((p) => p.endsWith('/__init__.py')).map((p) => p.slice(0, p.lastIndexOf('/'))));
  return (manifest) => [...ancestors(manifest)].filter((dir) => packages.has(dir)).length >= depth;
}

/** Code that runs on its users' machines or servers: the company's error tracker, traces and token bills do not reach it. */
export function runsForItsUsers(shape: ProductShape): boolean {
  return shape.kind === 'desktop' || shape.kind === 'cli' || shape.kind === 'self-hosted';
}

/** Below this share of the product's source files, an app beside a released package is a showcase of it. */
const SATELLITE_SHARE = 0.1;

/** Windows and macOS launchers a user double-clicks to start a server on their own machine. */
const SELF_HOSTED_LAUNCHER = /^(start|launch|run)[\w-]*\.(bat|cmd|command|ps1)$/i;

/** The folders above a path, nearest first: `a/b/c.json` gives `a/b`, `a`. */
function* ancestors(path: string): Generator<string> {
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) yield path.slice(0, i);
}

/** Does a product file in the manifest's folder import the package (`flask`, `fastapi.routing`, `@nestjs/core/x`)? */
export function importedUnder(files: readonly FileFacts[], roleOf: (path: string) => FileRole, manifest: string, pkg: string): boolean {
  const dir = manifest.includes('/') ? `${manifest.slice(0, manifest.lastIndexOf('/'))}/` : '';
  const head = (module: string) => (module.startsWith('@') ? module.split('/').slice(0, 2).join('/') : (module.split(/[./]/)[0] ?? ''));
  return files.some((f) => f.path.startsWith(dir) && roleOf(f.path) === 'product' && f.imports.some((i) => head(i.module) === pkg));
}
