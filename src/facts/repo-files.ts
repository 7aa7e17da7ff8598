import { NOT_UNIT_TEST_DIR, REPOSITORY_ANCHORS, TOOL_CONFIG_FILE, type CheckScope } from '../catalog/engineering.ts';
import type { RepoFacts } from './index.ts';
import type { InventoryFile } from '../inventory/index.ts';

export { plural } from '../util/plural.ts';

// What the engineering rules call product code and tests, and where a repository-level finding anchors.
// Shared by no-ci-tests, no-ci-static-checks, untested-model-code, low-test-ratio, no-codeowners,
// no-dependency-updates and no-security-policy so that they count the same files.

export type CodeScope = Exclude<CheckScope, 'any'>;

export const SCOPE_NAMES: Record<CodeScope, string> = { python: 'Python', js: 'TypeScript/JavaScript' };

/** Python or JS/TS: the languages whose tests and checks CI commands are read for. */
export function scopeOf(file: InventoryFile): CodeScope | null {
  if (file.language === 'python') return 'python';
  if (file.language === 'typescript' || file.language === 'javascript') return 'js';
  return null;
}

/** Product source, without tool configuration (`next.config.js`, `.d.ts`, `setup.py`). */
export function isProductCode(file: InventoryFile): boolean {
  return file.role === 'product' && scopeOf(file) !== null && !TOOL_CONFIG_FILE.test(file.path);
}

/** Code tests, not evaluation or benchmark suites: those measure model quality, and need keys and budget to run. */
export function isUnitTest(file: InventoryFile): boolean {
  return file.role === 'test' && scopeOf(file) !== null && !NOT_UNIT_TEST_DIR.test(file.path);
}

/** The root manifest or README; else the shallowest manifest; else the first product file. */
export function repositoryAnchor(facts: RepoFacts): string | undefined {
  const paths = new Set(facts.files.map((f) => f.path));
  const root = REPOSITORY_ANCHORS.find((p) => paths.has(p));
  if (root) return root;
  const manifests = facts.manifests.map((m) => m.path).sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1));
  return manifests[0] ?? facts.files.find(isProductCode)?.path;
}

function depth(path: string): number {
  return path.split('/').length;
}

/**
 * The folder of the nearest dependency manifest above a file: the package it belongs to in a
 * monorepo of independent apps ('' for the repository root).
 */
export function packageRootOf(facts: RepoFacts, path: string): string {
  let best = '';
  for (const m of facts.manifests) {
    const dir = m.path.includes('/') ? m.path.slice(0, m.path.lastIndexOf('/')) : '';
    if (dir.length > best.length && path.startsWith(`${dir}/`)) best = dir;
  }
  return best;
}

// Below this much product code a handful of tests, or none, is a prototype's normal state.
export const MIN_PRODUCT_FILES = 20;
// Test code under 5% of product code (by bytes): one line of test for twenty of product. Healthy
// codebases sit between 30% and 100%; the threshold only flags suites that cannot cover much.
export const TINY_TEST_RATIO = 0.05;

/** Unit-test code as a share of product code, by bytes (the inventory measures every code file, both sides alike). */
export function testCodeRatio(files: readonly InventoryFile[]): { tests: InventoryFile[]; product: InventoryFile[]; ratio: number } {
  const product = files.filter(isProductCode);
  const tests = files.filter(isUnitTest);
  return { tests, product, ratio: bytesOf(tests) / Math.max(1, bytesOf(product)) };
}

export function bytesOf(files: readonly InventoryFile[]): number {
  return files.reduce((n, f) => n + (f.size ?? 0), 0);
}

/** A share as the report writes it: `0`, `<1`, `4`. */
export function percentOf(ratio: number): string {
  return ratio === 0 ? '0' : ratio < 0.01 ? '<1' : Math.round(ratio * 100).toString();
}
