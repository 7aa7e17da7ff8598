import { FRAMEWORKS } from '../catalog/frameworks.ts';
import { PROVIDER_SDKS, sdkOwnsModule } from '../catalog/providers.ts';
import { EXTERNAL_SINKS, GLOBAL_SINKS, SQL_RECEIVER, isSinkName, type SinkKind } from '../catalog/sinks.ts';
import { GLOBAL, type Value } from '../resolve/values.ts';
import type { Resolution } from '../resolve/index.ts';
import type { FileFacts } from './types.ts';

// Where what a model wrote is run: handed to a shell, an interpreter or a database. A prompt injection
// in a retrieved page or a user message then runs on the product's machines. Found by asking, for each
// call of such a sink, where its command or query comes from: a model call's result, directly or through
// the functions that return it (`code = write_code(task)` then `subprocess.run(["python", "-c", code])`).

export interface OutputSink {
  file: string;
  line: number;
  kind: SinkKind;
  /** the sink as called: `subprocess.run`, `exec`, `cursor.execute` */
  sink: string;
  /** the model call the value comes from, as the resolve stage read it: `openai|OpenAI().chat.completions.create()` */
  from: string;
}

export function modelOutputSinks(files: readonly FileFacts[], resolution: Resolution): OutputSink[] {
  const out: OutputSink[] = [];
  for (const f of files) {
    f.calls.forEach((call, index) => {
      // A cheap test on the callee's last name before the resolve stage is asked.
      if (!isSinkName(call.callee)) return;
      const kind = sinkKind(resolution.callee(f.path, index), call.callee);
      if (!kind) return;
      // A database runs its statement; the parameters bound to it (`execute("INSERT ... VALUES (?, ?)", (key, answer))`)
      // are data, which is what binding them is for. A shell's or interpreter's later arguments can be code (`spawn("bash", ["-c", cmd])`).
      const positional = (call.a ?? []).map((_, i) => i).slice(0, kind === 'sql' ? 1 : 3);
      const args = [...positional, ...Object.keys(call.kw ?? {}).filter((k) => (kind === 'sql' ? /^(sql|query|statement|operation)$/ : /^(args|cmd|command|code|source)$/).test(k))];
      for (const at of args) {
        const from = modelResult(resolution, f.path, resolution.evaluator.argument(f.path, index, at));
        if (!from) continue;
        out.push({ file: f.path, line: call.line, kind, sink: call.callee, from });
        return;
      }
    });
  }
  return out;
}

function sinkKind(callee: readonly Value[], written: string): SinkKind | undefined {
  for (const v of callee) {
    if (v.t !== 'ext') continue;
    if (v.m === GLOBAL) {
      const kind = GLOBAL_SINKS.get(v.p);
      if (kind) return kind;
      continue;
    }
    const path = v.p.replace(/\(\)/g, '');
    const hit = EXTERNAL_SINKS.find((s) => s.module.test(v.m) && s.path.test(s.kind === 'sql' ? path : path.split('.').pop() ?? ''));
    if (hit && (hit.kind !== 'sql' || v.p.includes('()'))) return hit.kind;
  }
  return SQL_RECEIVER.test(written) && callee.every((v) => v.t !== 'ext' || v.m === GLOBAL) ? 'sql' : undefined;
}

/** The model call a value was read from, when one of its possible values is a model's output. */
function modelResult(resolution: Resolution, file: string, values: readonly Value[], depth = 0): string | undefined {
  for (const v of values) {
    const origin = v.t === 'ext' && v.m !== GLOBAL ? `${v.m}|${v.p}` : v.t === '?' ? v.from : undefined;
    const call = origin ? inferenceCall(origin) : undefined;
    if (call) return call;
    // `["python", "-c", code]`: any element of the argument list.
    if (v.t === 'arr' && depth < 1) {
      for (const e of v.e.a) {
        const hit = modelResult(resolution, file, resolution.evaluator.values(v.f, v.s, e), depth + 1);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

/** `openai|OpenAI().chat.completions.create().choices[].message.content` -> `openai|OpenAI().chat.completions.create()`. */
function inferenceCall(origin: string): string | undefined {
  const bar = origin.indexOf('|');
  const module = origin.slice(0, bar);
  const path = origin.slice(bar + 1);
  for (let i = path.indexOf('()'); i >= 0; i = path.indexOf('()', i + 2)) {
    const head = path.slice(0, i + 2);
    const rest = path.slice(i + 2);
    // The result is read (`.choices[0].message.content`, `.text`), not another client method called on it.
    if (rest === '' || !/^(\.[A-Za-z_]\w*|\[\])*$/.test(rest)) continue;
    // The call as the model-call detector reads it: the callee's path, without its own parentheses.
    const callee = path.slice(0, i);
    const plain = callee.replace(/\(\)/g, '');
    if (PROVIDER_SDKS.some((s) => sdkOwnsModule(s, module) && s.calls.test(plain)) || FRAMEWORKS.some((fw) => fw.modules.test(module) && fw.calls.test(callee))) return `${module}|${head}`;
  }
  return undefined;
}
