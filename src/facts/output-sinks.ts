import { FRAMEWORKS } from '../catalog/frameworks.ts';
import { PROVIDER_SDKS, sdkOwnsModule } from '../catalog/providers.ts';
import { GLOBAL, type Value } from '../resolve/values.ts';
import type { Resolution } from '../resolve/index.ts';
import type { FileFacts } from './types.ts';

// Where what a model wrote is run: handed to a shell, an interpreter or a database. A prompt injection
// in a retrieved page or a user message then runs on the product's machines. Found by asking, for each
// call of such a sink, where its command or query comes from: a model call's result, directly or through
// the functions that return it (`code = write_code(task)` then `subprocess.run(["python", "-c", code])`).

export type SinkKind = 'shell' | 'code' | 'sql';

export interface OutputSink {
  file: string;
  line: number;
  kind: SinkKind;
  /** the sink as called: `subprocess.run`, `exec`, `cursor.execute` */
  sink: string;
  /** the model call the value comes from, as the resolve stage read it: `openai|OpenAI().chat.completions.create()` */
  from: string;
}

/** External functions that run a command or code, by module, and the kind of thing they run. */
const EXTERNAL_SINKS: { module: RegExp; path: RegExp; kind: SinkKind }[] = [
  { module: /^subprocess$/, path: /^(run|call|check_call|check_output|Popen|getoutput|getstatusoutput)$/, kind: 'shell' },
  { module: /^os$/, path: /^(system|popen|execv|execvp|execl|spawnl)$/, kind: 'shell' },
  { module: /^asyncio$/, path: /^(create_subprocess_shell|create_subprocess_exec)$/, kind: 'shell' },
  { module: /^(node:)?child_process$/, path: /^(exec|execSync|spawn|spawnSync|execFile|execFileSync)$/, kind: 'shell' },
  { module: /^(execa|shelljs|zx)$/, path: /^(execa|execaCommand|execaSync|exec|\$)$/, kind: 'shell' },
  { module: /^(node:)?vm$/, path: /^(runInNewContext|runInThisContext|runInContext|Script)$/, kind: 'code' },
  { module: /^(sqlite3|psycopg2?|pymysql|mysql\.connector|asyncpg|duckdb|sqlalchemy|pg|mysql2|better-sqlite3)(\.|$)/, path: /(^|\.)(execute|executemany|executescript|exec|query|raw|fetch|fetchrow|fetchval|run|all|get)$/, kind: 'sql' },
];
/** Built-ins that run code they are handed. */
const GLOBAL_SINKS: Record<string, SinkKind> = { exec: 'code', eval: 'code', Function: 'code', compile: 'code' };
/** Receivers named like a database handle: `cursor.execute(sql)` on a connection the scan did not see made. */
const SQL_RECEIVER = /(^|\.)(cursor|cur|conn|connection|db|session|engine)\.(execute|executemany|executescript|exec_driver_sql)$/;

export function modelOutputSinks(files: readonly FileFacts[], resolution: Resolution): OutputSink[] {
  const out: OutputSink[] = [];
  for (const f of files) {
    f.calls.forEach((call, index) => {
      if (!SINK_WORD.test(call.callee)) return;
      const kind = sinkKind(resolution.callee(f.path, index), call.callee);
      if (!kind) return;
      const args = [...(call.a ?? []).map((_, i) => i), ...Object.keys(call.kw ?? {}).filter((k) => /^(args|cmd|command|code|source|sql|query|statement)$/.test(k))].slice(0, 3);
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

/** A cheap test on the callee's name before the resolve stage is asked. */
const SINK_WORD = /(^|\.)(run|call|check_call|check_output|Popen|getoutput|getstatusoutput|system|popen|create_subprocess_shell|create_subprocess_exec|exec|execSync|spawn|spawnSync|execFile|execFileSync|execa|execaCommand|runInNewContext|runInThisContext|runInContext|Script|eval|Function|compile|execute|executemany|executescript|exec_driver_sql|query|raw|fetch|fetchrow|fetchval|all|get|\$)$/;

function sinkKind(callee: readonly Value[], written: string): SinkKind | undefined {
  for (const v of callee) {
    if (v.t !== 'ext') continue;
    if (v.m === GLOBAL) {
      const kind = GLOBAL_SINKS[v.p];
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
