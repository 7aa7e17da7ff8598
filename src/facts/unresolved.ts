import { isModelModule } from '../catalog/model-modules.ts';
import { providerOfUrl } from '../catalog/providers.ts';
import type { Resolution } from '../resolve/index.ts';
import { INFERENCE_METHOD, isHousekeepingUrl, type ModelCall } from './model-calls.ts';
import type { FileFacts } from './types.ts';

// Silence is never a verdict: a product file that imports an AI SDK or framework, or names a provider's
// host, but in which the scan traced no model call, is listed with the reason, and counted in the
// report's coverage line. Some are factories or type-only modules (fine); others hide calls the scan
// could not follow, and a reader should look.

export interface UnresolvedFile {
  file: string;
  /** what makes the file look like model code */
  signals: string[];
  reason: 'builds-clients-only' | 'untraced-calls' | 'no-call-found' | 'not-parsed';
  /** the detail behind the reason (first untraced callee, the constructed classes, the parse error) */
  detail: string;
}

export interface ModelCoverage {
  /** product files with a model call the scan traced (high confidence) */
  traced: number;
  /** product files whose only model calls were found by name, their receiver untraced */
  lowConfidence: number;
  /** product files with model signals and no call found */
  unresolved: number;
}

export function unresolvedModelFiles(productFacts: readonly FileFacts[], modelCalls: readonly ModelCall[], resolution: Resolution): UnresolvedFile[] {
  const withCalls = new Set(modelCalls.map((c) => c.file));
  const feeding = feedingFiles(modelCalls, resolution);
  const out: UnresolvedFile[] = [];
  for (const f of productFacts) {
    if (withCalls.has(f.path)) continue;
    const modules = [...new Set(f.imports.filter((i) => !i.typeOnly && isModelModule(i.module)).map((i) => i.module))];
    // A provider URL that costs no tokens (`/v1/models`, `/v1/realtime/sessions`) does not make a file model code.
    const hosts = [...new Set(f.strings.filter((s) => s.kind === 'url' && providerOfUrl(s.value) !== undefined && !isHousekeepingUrl(s.value)).map((s) => hostOf(s.value)))];
    if (modules.length === 0 && hosts.length === 0) continue;
    const signals = [...modules.map((m) => `imports ${m}`), ...hosts.map((h) => `names ${h}`)].slice(0, 5);
    if (f.depth !== 'full' || f.parseError) {
      out.push({ file: f.path, signals, reason: 'not-parsed', detail: f.parseError ?? 'read for imports only' });
      continue;
    }
    const untraced = firstUntraced(f, resolution);
    if (untraced) {
      out.push({ file: f.path, signals, reason: 'untraced-calls', detail: untraced });
      continue;
    }
    // A file whose clients, or whose endpoint constants, a traced call uses is accounted for.
    if (feeding.has(f.path)) continue;
    const built = [...new Set(f.calls.filter((c) => c.origin && isModelModule(c.origin.module) && /^[A-Z]|^default$/.test(c.origin.path.split('.').pop() ?? '')).map((c) => c.callee))];
    if (built.length > 0) out.push({ file: f.path, signals, reason: 'builds-clients-only', detail: `constructs ${built.slice(0, 3).join(', ')}; the calls are made where the client is used` });
    else out.push({ file: f.path, signals, reason: 'no-call-found', detail: 'no call on a model client, framework or provider endpoint was found' });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}

/**
 * Files a traced model call reads from: where its client or model handle was built (`new Agent(...)` in
 * one module, `.generate()` in another), and the modules a model-calling file imports its values from.
 */
function feedingFiles(modelCalls: readonly ModelCall[], resolution: Resolution): Set<string> {
  const out = new Set<string>();
  const files = resolution.evaluator.program.files;
  for (const c of modelCalls) {
    if (c.confidence !== 'high') continue;
    const facts = files.get(c.file);
    const index = facts?.calls.indexOf(c.fact) ?? -1;
    if (index >= 0) for (const v of resolution.callee(c.file, index)) if (v.t === 'ext' && v.at && v.at !== c.file) out.add(v.at);
  }
  for (const file of new Set(modelCalls.filter((c) => c.confidence === 'high').map((c) => c.file))) {
    for (const imp of files.get(file)?.imports ?? []) {
      const target = resolution.evaluator.program.graph.resolve(file, imp.module);
      if (target) out.add(target);
    }
  }
  return out;
}

/** A call named like inference on something the evaluator could not follow, with the reason it gave. */
function firstUntraced(f: FileFacts, resolution: Resolution): string | undefined {
  const values = resolution.callees.get(f.path) ?? [];
  for (let i = 0; i < f.calls.length; i++) {
    if (!INFERENCE_METHOD.test(f.calls[i]?.callee.split('.').pop() ?? '')) continue;
    const unknown = values[i]?.find((v) => v.t === '?' && v.why !== 'data');
    if (unknown && unknown.t === '?') return `${f.calls[i]?.callee} at line ${f.calls[i]?.line}: ${unknown.why}`;
  }
  return undefined;
}

export function modelCoverage(modelCalls: readonly ModelCall[], unresolved: readonly UnresolvedFile[]): ModelCoverage {
  const high = new Set(modelCalls.filter((c) => c.confidence === 'high').map((c) => c.file));
  const low = new Set(modelCalls.filter((c) => c.confidence === 'low' && !high.has(c.file)).map((c) => c.file));
  return { traced: high.size, lowConfidence: low.size, unresolved: unresolved.length };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
