import type { FileFacts } from '../facts/types.ts';
import type { Resolution } from './index.ts';

// Up a call chain from a function: who calls it, who calls those, breadth first. Asked by the policies a
// model call inherits from where it runs (a span around it, a route's time limit, a route's auth check).

export interface ChainStep<S> {
  file: string;
  scope: number;
  /** callers above the start: 0 is the function the walk started in */
  depth: number;
  facts: FileFacts;
  /** what the step below handed up (`visit`'s answer there) */
  state: S;
}

/** `done`: the walk has its answer; `stop`: nothing above this function is asked; anything else goes up as the callers' state. */
export type ChainAnswer<S> = S | 'done' | 'stop';

/**
 * Visits each function once, from `start` up to `maxDepth` callers above it. A module or class body ends a path
 * (nothing calls it); an inner function no call was found for goes on to the function around it, which runs it.
 * A site that hands the function to another call (`app.post('/x', handler)`) is given to `passed`, not walked.
 */
export function walkCallers<S>(
  facts: ReadonlyMap<string, FileFacts>,
  resolution: Resolution,
  start: { file: string; scope: number; state: S },
  maxDepth: number,
  visit: (step: ChainStep<S>) => ChainAnswer<S>,
  passed?: (site: { file: string; call: number }, step: ChainStep<S>) => void,
): void {
  const seen = new Set<string>();
  const queue = [{ file: start.file, scope: start.scope, depth: 0, state: start.state }];
  while (queue.length > 0) {
    const at = queue.shift() as { file: string; scope: number; depth: number; state: S };
    const key = `${at.file}\u0000${at.scope}`;
    const f = facts.get(at.file);
    const sc = f?.ir?.scopes[at.scope];
    if (!f || !sc || seen.has(key) || sc.kind === 'module' || sc.kind === 'class') continue;
    seen.add(key);
    const step = { ...at, facts: f };
    const answer = visit(step);
    if (answer === 'done') return;
    if (answer === 'stop' || at.depth >= maxDepth) continue;
    const sites = resolution.evaluator.callersOf(at.file, at.scope);
    for (const site of sites) {
      const up = facts.get(site.f)?.calls[site.call];
      if (!up) continue;
      if (site.passed) passed?.({ file: site.f, call: site.call }, step);
      else queue.push({ file: site.f, scope: up.scope ?? 0, depth: at.depth + 1, state: answer });
    }
    if (sites.length === 0 && sc.parent > 0) queue.push({ file: at.file, scope: sc.parent, depth: at.depth + 1, state: answer });
  }
}
