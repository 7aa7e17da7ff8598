import { isLockfile } from '../catalog/engineering.ts';
import type { Inventory } from '../inventory/index.ts';
import type { FileScan } from '../parse/scan.ts';
import type { ModuleGraph } from '../resolve/modules.ts';
import type { RepoFactsInput } from './index.ts';

/** What the repository's facts are built from, out of its inventory and its files' scans: the same for the scanned commit and a past one. */
export function codeFactsInput(inventory: Inventory, scans: readonly FileScan[], graph: ModuleGraph, summaryOnly: ReadonlySet<string>): RepoFactsInput {
  return {
    files: inventory.files,
    fileFacts: scans.flatMap((s) => (s.facts ? [s.facts] : [])),
    manifests: inventory.manifests,
    ciConfigs: inventory.ciConfigs,
    aliases: inventory.aliases,
    codeowners: inventory.codeowners,
    lines: new Map(scans.map((s) => [s.path, s.loc])),
    graph,
    summaryOnly,
    secrets: scans.flatMap((s) => s.secrets ?? []),
    infra: scans.flatMap((s) => s.infra ?? []),
    modelRegistries: scans.flatMap((s) => (s.registry ? [{ file: s.path, ids: s.registry }] : [])),
    submodules: inventory.skipped.filter((s) => s.reason === 'submodule').map((s) => s.path),
    lockfiles: inventory.skipped.filter((s) => s.reason === 'generated' && isLockfile(s.path)).map((s) => s.path),
  };
}
