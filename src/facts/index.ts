import type { Authorship, RecentHistory } from '../acquire/history.ts';
import { knowledgeOf, type Knowledge } from './knowledge.ts';
import { codeownersCoverage, type CodeownersCoverage } from './codeowners.ts';
import { isInfraFile } from '../catalog/infra.ts';
import type { CiConfig, PathAlias } from '../inventory/config-files.ts';
import { productPackageNames, type InventoryFile } from '../inventory/index.ts';
import type { Manifest } from '../inventory/manifests/index.ts';
import { isInScope, type FileRole } from '../inventory/roles.ts';
import { callPolicies } from './call-policy.ts';
import { deadCode, deadFunctions, stubRequest } from './liveness.ts';
import { modelOutputSinks, type OutputSink } from './output-sinks.ts';
import { constructionIndex } from './client-construction.ts';
import { callEndpoints } from './endpoint.ts';
import { detectModelCalls, type ModelCall } from './model-calls.ts';
import { vendorName } from '../catalog/providers.ts';
import { buildModuleGraph, type ModuleGraph } from '../resolve/modules.ts';
import { evalHarness, generalObservability, llmObservability, providerUsage, type EvalHarness, type GeneralObservability, type LlmObservability, type ProviderUsage } from './signals.ts';
import { gatewayOf, topology, type Gateway } from './topology.ts';
import { embeddingCoupling, type EmbeddingCoupling } from './embeddings.ts';
import { inferenceStack, type InferenceComponent } from './inference-stack.ts';
import { migrationSurface, type MigrationSurface } from './migration-surface.ts';
import { vectorStores, type VectorStoreUsage } from './vector-stores.ts';
import type { InfraFact } from '../infra/scan.ts';
import type { ModelRegistry } from './signals.ts';
import { commandEntryFiles, entryImports } from './commands.ts';
import { importedUnder, productKind, type ProductShape } from './product-kind.ts';
import { providerFeatures, type ProviderFeatureUse } from './provider-features.ts';
import { modelIdUsage, promptUsage, type ModelIdUsage, type PromptUsage } from './sprawl.ts';
import type { SecretFact } from '../secrets/scan.ts';
import type { FileFacts } from './types.ts';
import { modelRoutes, type ModelRoutes } from './model-routes.ts';
import { byLocation } from '../util/location.ts';
import { resolveProgram, type Resolution } from '../resolve/index.ts';
import { modelCoverage, unresolvedModelFiles, type ModelCoverage, type UnresolvedFile } from './unresolved.ts';

/** Everything rules may read. Built once per scan; rules never touch the file system. */
export interface RepoFacts {
  files: readonly InventoryFile[];
  /** facts of every parsed file, by path */
  facts: ReadonlyMap<string, FileFacts>;
  manifests: readonly Manifest[];
  ciConfigs: readonly CiConfig[];
  graph: ModuleGraph;
  /** where values come from, across files: what every question about calls and callers asks */
  resolution: Resolution;
  /** model calls in product code (roles product and script) */
  modelCalls: readonly ModelCall[];
  /** product files with model signals (an AI import, a provider host) in which no model call was traced, with why */
  unresolved: readonly UnresolvedFile[];
  /** how much of the model code the scan could follow */
  coverage: ModelCoverage;
  /** model calls in tests, examples and docs: context, not findings */
  outOfScopeModelCalls: readonly ModelCall[];
  providers: readonly ProviderUsage[];
  evalHarness: EvalHarness;
  llmObservability: LlmObservability;
  generalObservability: GeneralObservability;
  vectorStores: readonly VectorStoreUsage[];
  /** embedding models behind the stored vectors, and the providers that ties the corpus to */
  embeddings: EmbeddingCoupling;
  /** serving, hosted platforms and gateways in code, manifests and infrastructure files */
  inferenceStack: readonly InferenceComponent[];
  /** what leaving each model provider and vector store would touch, with an effort estimate */
  migrationSurface: readonly MigrationSurface[];
  /** vector schemas and serving infrastructure declared in product files (migrations, Dockerfiles, IaC) */
  infra: readonly InfraFact[];
  /** model registries kept as configuration in product files, with the model ids they name */
  modelRegistries: readonly ModelRegistry[];
  gateway: Gateway;
  /** model-id literals in product code, most used first */
  modelIds: readonly ModelIdUsage[];
  prompts: PromptUsage;
  /** credentials committed in tracked files, any role, described without their value */
  secrets: readonly SecretFact[];
  /** provider-only features the product code uses (Assistants, prompt caching, fine-tunes, ...) */
  providerFeatures: readonly ProviderFeatureUse[];
  /** committed lockfiles (package-lock.json, uv.lock, ...), which the file list leaves out as generated */
  lockfiles: readonly string[];
  /** places where a model's output is run as a shell command, code or SQL */
  outputSinks: readonly OutputSink[];
  /** web routes that reach a model call, and whether anything on the way asks who is calling */
  modelRoutes: ModelRoutes;
  /** what the product is (a service, a desktop app, a command-line tool, a library): which checks apply */
  product: ProductShape;
  /** who changed the scanned code in the year before the scanned commit; null without history (a shallow clone) */
  history: RecentHistory | null;
  /** who knows each area of the code (authors' shares, truck factor); null without history */
  knowledge: Knowledge | null;
  /** which model-calling files the CODEOWNERS file gives an owner; null without one */
  codeowners: CodeownersCoverage | null;
  /**
   * when the scanned commit was made, when it was scanned, and when source code last changed up to that commit
   * (read where the history is there), ISO; null outside git
   */
  activity: { committedAt: string; scannedAt: string; codeChangedAt?: string } | null;
  /** a script a developer runs by hand (a backfill, a model probe), not a command the product installs: listed, not judged */
  runByHand(path: string): boolean;
  roleOf(path: string): FileRole;
}

export interface RepoFactsInput {
  files: InventoryFile[];
  fileFacts: FileFacts[];
  manifests: Manifest[];
  ciConfigs: CiConfig[];
  aliases: PathAlias[];
  /** the module graph when the parse phase already built it */
  graph?: ModuleGraph;
  /** files parsed in full only for the resolve stage to read: their own calls are not examined */
  summaryOnly?: ReadonlySet<string>;
  secrets?: SecretFact[];
  /** submodule paths (listed, not checked out) */
  submodules?: string[];
  /** committed lockfiles: skipped as generated before parsing, but their presence matters */
  lockfiles?: string[];
  /** vector schemas and serving infrastructure found in non-code files, any role */
  infra?: InfraFact[];
  /** model registries kept as configuration, any role */
  modelRegistries?: ModelRegistry[];
  history?: RecentHistory | null;
  /** the CODEOWNERS file GitHub reads, with its text */
  codeowners?: { path: string; text: string } | null;
  /** lines of code per file */
  lines?: ReadonlyMap<string, number>;
  /** who created and changed each file over the whole history, for the truck factor */
  authorship?: Authorship | null;
  activity?: RepoFacts['activity'];
  /** the config's `products`: which package roots are the product; the others' model calls are listed apart */
  isProductRoot?: (root: string) => boolean;
}

export function buildRepoFacts(input: RepoFactsInput): RepoFacts {
  const facts = new Map(input.fileFacts.map((f) => [f.path, f]));
  const graph = input.graph ?? buildModuleGraph(input.fileFacts, input.aliases);
  const roles = new Map(input.files.map((f) => [f.path, f.role]));
  const roleOf = (path: string): FileRole => roles.get(path) ?? 'product';
  // Calls of the product are resolved one by one; tests, examples and summaries only on demand (their model calls are informational).
  const examined = input.fileFacts.filter((f) => f.depth === 'full' && !input.summaryOnly?.has(f.path) && isInScope(roleOf(f.path)));
  const resolution = resolveProgram(facts, graph, examined.map((f) => f.path), (p) => isInScope(roleOf(p)));
  // The vendor's own repository calling its server through its own SDK (`letta_client` inside Letta) calls itself, not a model vendor.
  const ownPackages = productPackageNames(input);
  const ownNames = new Set(ownPackages.map((n) => n.toLowerCase()));
  const ownVendor = (c: ModelCall) => c.provider !== null && c.provider.startsWith('other:') && ownNames.has(vendorName(c.provider).toLowerCase());
  const allCalls = input.fileFacts.filter((f) => f.depth === 'full').flatMap((f) => detectModelCalls(f, resolution, isInScope(roleOf(f.path)))).filter((c) => !ownVendor(c)).sort(byLocation);
  // Clients are built once and called in many places: index their constructions once for both.
  const constructions = constructionIndex(facts, resolution);
  for (const [call, { policy, clientKeys }] of callPolicies(allCalls, facts, constructions, resolution)) {
    call.policy = policy;
    if (clientKeys.length > 0) call.clientKeys = clientKeys;
  }
  for (const [call, endpoint] of callEndpoints(allCalls, facts, constructions)) call.endpoint = endpoint;
  // A module's `__main__` block that other modules import is its own demo, not what the product runs.
  const inScope = (c: ModelCall) => isInScope(roleOf(c.file)) && !(c.fact.main && graph.importers(c.file).length > 0);
  const modelCalls = allCalls.filter(inScope);
  // Dead model code is inventoried, not judged: its missing timeout or test puts nothing at risk.
  // A script a manifest installs as a command (`wtf = "scripts.wtf:main"`) is the product's, not a developer's, and runs.
  const commands = commandEntryFiles(input.manifests, facts, graph);
  const dead = deadCode(facts, graph, input.files.map((f) => f.path), commands);
  // A library's functions are its API, called from its users' code: only an application's can be dead.
  const product = productKind({ files: input.files, manifests: input.manifests, ciConfigs: input.ciConfigs, roleOf, entryImports: (manifest, entry) => entryImports(facts, graph, manifest, entry), imports: (manifest, pkg) => importedUnder(input.fileFacts, roleOf, manifest, pkg), idleContainers: new Set((input.infra ?? []).filter((f) => f.kind === 'idle-container').map((f) => f.file)) });
  const application = product.kind === 'service' || product.kind === 'self-hosted' || product.kind === 'desktop' || product.kind === 'cli';
  const deadFunction = deadFunctions(facts, graph, input.manifests.flatMap((m) => (m.commands ?? []).map((c) => c.entry)));
  for (const call of modelCalls) if (dead(call.file) || (application && deadFunction(call.file, call.fact)) || stubRequest(facts.get(call.file), call.fact, resolution)) call.unreferenced = true;
  // What carries the product's model traffic is judged on the code it runs: dead code bypasses nothing, and
  // a script run by hand (a backfill, a model probe) is not on the request path; scripts are listed apart.
  const runByHand = (path: string): boolean => roleOf(path) === 'script' && !commands.has(path);
  const liveCalls = modelCalls.filter((c) => !c.unreferenced && !runByHand(c.file));
  const scriptFiles = [...new Set(modelCalls.filter((c) => !c.unreferenced && runByHand(c.file)).map((c) => c.file))];
  const productFacts = input.fileFacts.filter((f) => isInScope(roleOf(f.path)));
  const unresolved = once(() => unresolvedModelFiles(productFacts, modelCalls, resolution));
  // A model id in the self-test of a module others import is the demo's, as its calls are.
  const demoIds = (f: FileFacts) => (f.strings.some((s) => s.main) && graph.importers(f.path).length > 0 ? { ...f, strings: f.strings.filter((s) => !s.main) } : f);
  const modelIds = modelIdUsage(productFacts.map(demoIds), modelCalls, resolution.evaluator);
  const infra = (input.infra ?? []).filter((f) => isInScope(roleOf(f.file)));
  const modelRegistries = (input.modelRegistries ?? []).filter((r) => isInScope(roleOf(r.file)));
  const signalInput = { files: input.files, facts, manifests: input.manifests, ciConfigs: input.ciConfigs, modelCalls, graph, submodules: input.submodules ?? [], modelRegistries, resolution, infra };
  const providers = providerUsage(signalInput);
  const evals = evalHarness(signalInput);
  const topo = topology({
    modelCalls: liveCalls, facts: new Map(productFacts.map((f) => [f.path, f])), productFiles: productFacts, resolution, manifests: input.manifests,
    importers: (p) => graph.importers(p), resolveImport: (from, m) => graph.resolve(from, m),
    ...(input.isProductRoot ? { isProductRoot: input.isProductRoot } : {}),
  });
  const gate = gatewayOf({ ...topo, apartFiles: [...topo.apartFiles, ...scriptFiles].sort() }, modelCalls);
  const features = once(() => providerFeatures(productFacts, modelCalls, modelIds));
  const prompts = promptUsage(productFacts, input.files);
  const stores = vectorStores({ facts: productFacts, graph, infra, resolution, dead });
  const embeddings = once(() => embeddingCoupling(productFacts, modelCalls, modelIds, stores, dead));
  const productManifests = input.manifests.filter((m) => isInScope(roleOf(m.path)));
  // Facts no metric reads are built when first read: a history point asks only for its metrics.
  const coverage = once(() => modelCoverage(modelCalls, unresolved()));
  const general = once(() => generalObservability(signalInput));
  const stack = once(() => inferenceStack({ facts: productFacts, manifests: productManifests, infra, graph }));
  const migration = once(() => migrationSurface({ facts: productFacts, modelCalls, providers, gateway: gate, modelIds, prompts, providerFeatures: features(), embeddings: embeddings(), vectorStores: stores, evalHarness: evals, packageNames: ownPackages }));
  const sinks = once(() => modelOutputSinks(productFacts.filter((f) => f.depth === 'full'), resolution));
  const routes = once(() => modelRoutes(liveCalls, new Map(productFacts.map((f) => [f.path, f])), resolution, input.files.filter((f) => f.role === 'product').map((f) => f.path)));
  return {
    files: input.files,
    facts,
    manifests: input.manifests,
    ciConfigs: input.ciConfigs,
    graph,
    resolution,
    modelCalls,
    get unresolved() { return unresolved(); },
    get coverage() { return coverage(); },
    outOfScopeModelCalls: allCalls.filter((c) => !inScope(c)),
    providers,
    evalHarness: evals,
    llmObservability: llmObservability(signalInput),
    get generalObservability() { return general(); },
    vectorStores: stores,
    get embeddings() { return embeddings(); },
    get inferenceStack() { return stack(); },
    get migrationSurface() { return migration(); },
    infra,
    modelRegistries,
    gateway: gate,
    modelIds,
    get providerFeatures() { return features(); },
    prompts,
    secrets: input.secrets ?? [],
    lockfiles: input.lockfiles ?? [],
    get outputSinks() { return sinks(); },
    get modelRoutes() { return routes(); },
    product,
    history: input.history ?? null,
    knowledge: input.history ? knowledgeOf(input.history, input.authorship ?? null, {
      'model-code': [...new Set(modelCalls.map((c) => c.file))],
      prompts: [...new Set([...prompts.inline.map((p) => p.file), ...prompts.promptFiles, ...prompts.registryFiles])],
      evals: [...new Set(evals.evidence)],
      infrastructure: [...new Set([...input.ciConfigs.map((c) => c.path), ...input.files.filter((f) => isInfraFile(f.path) && !/\.sql$/i.test(f.path)).map((f) => f.path)])],
    }, input.files.filter((f) => f.language !== null && isInScope(f.role)).map((f) => f.path), input.lines) : null,
    codeowners: input.codeowners ? codeownersCoverage(input.codeowners, [...new Set(modelCalls.filter((c) => !c.unreferenced).map((c) => c.file))]) : null,
    activity: input.activity ?? null,
    runByHand,
    roleOf,
  };
}

/** `f`'s value, computed on the first call. */
function once<T>(f: () => T): () => T {
  let memo: { v: T } | undefined;
  return () => (memo ??= { v: f() }).v;
}
