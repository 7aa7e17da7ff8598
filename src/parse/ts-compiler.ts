import { createRequire } from 'node:module';
import type { ts as TsNamespace } from 'ts-morph';

// ts-morph bundles the TypeScript 6 compiler and re-exports it as `ts`. The scan path uses only its
// syntax-only `createSourceFile` (6-9x faster than a ts-morph Project); loading is deferred because
// the compiler costs ~0.4 s to load and a Python-only scan never needs it.
export type Ts = typeof TsNamespace;

let cached: Ts | undefined;

export function loadTs(): Ts {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = (require('ts-morph') as { ts: Ts }).ts;
  }
  return cached;
}
