import { FRAMEWORKS } from '../catalog/frameworks.ts';
import { PROVIDER_SDKS, sdkOwnsModule } from '../catalog/providers.ts';
import { EXTERNAL_SINKS, GLOBAL_SINKS, SQL_RECEIVER, isSinkName, type SinkKind } from '../catalog/sinks.ts';
import { GLOBAL, type Value } from '../resolve/values.ts';
import type { Expr } from '../resolve/ir.ts';
import { getKey } from '../util/record.ts';
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
      // An argument vector handed to a fixed program (`execa('git', ['commit', '-m', message])`) is data to that
      // program; it is code only when the program is a shell or an interpreter, or a shell is asked for.
      const argvToProgram = kind === 'shell' && ARGV_CALL.test(call.callee.slice(call.callee.lastIndexOf('.') + 1)) && !runsInterpreter(resolution, f, index, call);
      for (const at of args) {
        if (argvToProgram && typeof at === 'number' && at > 0) continue;
        const written = typeof at === 'number' ? call.a?.[at] : getKey(call.kw, at);
        const from = modelResult(resolution, f.path, resolution.evaluator.argument(f.path, index, at)) ??
          (written ? cutFromModelText(resolution, f, call.scope ?? 0, written) ?? toolArgument(f, call.scope ?? 0, written) : undefined);
        if (!from) continue;
        out.push({ file: f.path, line: call.line, kind, sink: call.callee, from });
        return;
      }
    });
  }
  return out;
}

/** Calls that take a program and its argument vector apart. */
const ARGV_CALL = /^(spawn|spawnSync|execFile|execFileSync|execa|execaSync|create_subprocess_exec)$/;
/** Programs that run the text they are handed: shells and interpreters. */
const INTERPRETER = /(^|[\\/])(ba|z|da|k|fi)?sh$|(^|[\\/])(cmd(\.exe)?|powershell(\.exe)?|pwsh|python[\d.]*|node|deno|bun|ruby|perl|php|osascript)$/i;

/** Is the program of an argument-vector call a shell or an interpreter (or unknown), or is a shell asked for (`shell: true`)? */
function runsInterpreter(resolution: Resolution, f: FileFacts, index: number, call: FileFacts['calls'][number]): boolean {
  const program = resolution.evaluator.argument(f.path, index, 0);
  const fixed = program.length > 0 && program.every((v) => v.t === 'str' && !v.v.includes('\u0000') && !INTERPRETER.test(v.v.trim()));
  if (!fixed) return true;
  const options = (call.a ?? []).slice(1).map((_, i) => resolution.evaluator.argument(f.path, index, i + 1)).flat().filter((v) => v.t === 'obj');
  return resolution.evaluator.member(options, 'shell').some((v) => !(v.t === 'lit' && v.v === false));
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

/** String handling that keeps the text it is given: a piece cut out of a model's reply is still the model's. */
const TEXT_STEP = /^(group|groups|strip|lstrip|rstrip|trim|trimStart|trimEnd|replace|replaceAll|sub|search|match|fullmatch|findall|finditer|exec|split|slice|substring|lower|upper|removeprefix|removesuffix|format|join|decode|dedent)$/;
/** Assignments followed back from the sink's argument. */
const MAX_STEPS_BACK = 6;

/**
 * `raw = re.search(pattern, content).group(1).strip()` then `eval(raw)`, `content` the model's reply: the resolve stage
 * does not carry a value through a library's string functions, so the sink's argument is followed back through the
 * function's own assignments and such steps to an expression whose value is a model's output. A reply cut with string
 * functions is text: where its evaluation is a union holding a model call's whole response (one adapter returning it,
 * beside others returning its text), that call is the source.
 */
function cutFromModelText(resolution: Resolution, f: FileFacts, scope: number, e: Expr): string | undefined {
  const model = (x: Expr) => (x === e ? undefined : modelResult(resolution, f.path, resolution.evaluator.values(f.path, scope, x), 0, true));
  return walkBack(e, model, (n) => getKey(f.ir?.scopes[scope]?.vars, n) ?? []);
}

/** Decorators that hand a function to a model as a tool: LangChain's and CrewAI's `@tool`, `@function_tool`, `@kernel_function`, a home-grown `@toolwrapper`. */
const TOOL_DECORATOR = /(^|\.)(tool|tools?_?wrapper|register_tool|function_tool|kernel_function|ai_function|agent_tool)$/i;

/**
 * `@tool def run_shell(command)` then `subprocess.run(command, shell=True)`: a tool's arguments are what the model
 * chose when it called the tool, so a parameter of a tool function reaching a sink is the model's output too.
 */
function toolArgument(f: FileFacts, scope: number, e: Expr): string | undefined {
  const scopes = f.ir?.scopes ?? [];
  // The function the model calls: the outermost function around the sink.
  let s = scope;
  while (scopes[s] && scopes[s]!.parent >= 0 && scopes[scopes[s]!.parent]?.kind !== 'module' && scopes[scopes[s]!.parent]?.kind !== 'class') s = scopes[s]!.parent;
  const fn = scopes[s];
  if (!fn) return undefined;
  const name = fn.name.slice(fn.name.lastIndexOf('.') + 1);
  const tool = f.decorators.find((d) => (d.target === name || d.target === fn.name) && TOOL_DECORATOR.test(d.name));
  if (!tool) return undefined;
  const param = (x: Expr) => (x.k === 'name' && fn.params.some((p) => p.n === x.n) ? `the ${tool.name} ${name}(${x.n}) the model calls` : undefined);
  return walkBack(e, param, (n) => getKey(scopes[scope]?.vars, n) ?? getKey(fn.vars, n) ?? []);
}

/**
 * Follows an expression back through the local assignments of its names and the text steps applied to it (a string
 * built from it, an element, a slice, `m.group(1)`), asking `source` of each expression on the way.
 */
function walkBack(e: Expr, source: (x: Expr) => string | undefined, locals: (name: string) => readonly Expr[], depth = 0, seen = new Set<string>()): string | undefined {
  if (depth > MAX_STEPS_BACK) return undefined;
  const hit = source(e);
  if (hit) return hit;
  const first = (xs: readonly Expr[]) => {
    for (const x of xs) {
      const found = walkBack(x, source, locals, depth + 1, seen);
      if (found) return found;
    }
    return undefined;
  };
  switch (e.k) {
    case 'name':
      if (seen.has(e.n)) return undefined;
      seen.add(e.n);
      return first(locals(e.n));
    // The text is the receiver (`content.strip()`, `m.group(1)`) or an argument (`re.search(p, content)`).
    case 'call': return e.f.k === 'get' && TEXT_STEP.test(e.f.p) ? first([e.f.o, ...e.a]) : undefined;
    case 'idx': return first([e.o]);
    case 'str': return first(e.parts.flatMap((p) => (typeof p === 'string' ? [] : [p])));
    case 'arr': return first(e.a);
    case 'or': return first(e.of);
    default: return undefined;
  }
}

/** The model call a value was read from, when one of its possible values is a model's output. */
function modelResult(resolution: Resolution, file: string, values: readonly Value[], depth = 0, whole = false): string | undefined {
  for (const v of values) {
    const origin = v.t === 'ext' && v.m !== GLOBAL ? `${v.m}|${v.p}` : v.t === '?' ? v.from : undefined;
    const call = origin ? inferenceCall(origin, whole) : undefined;
    if (call) return call;
    // `["python", "-c", code]`: any element of the argument list.
    if (v.t === 'arr' && depth < 1) {
      for (const e of v.e.a) {
        const hit = modelResult(resolution, file, resolution.evaluator.values(v.f, v.s, e), depth + 1, whole);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}

/** `openai|OpenAI().chat.completions.create().choices[].message.content` -> `openai|OpenAI().chat.completions.create()`. */
function inferenceCall(origin: string, whole = false): string | undefined {
  const bar = origin.indexOf('|');
  const module = origin.slice(0, bar);
  const path = origin.slice(bar + 1);
  for (let i = path.indexOf('()'); i >= 0; i = path.indexOf('()', i + 2)) {
    const head = path.slice(0, i + 2);
    const rest = path.slice(i + 2);
    // The result is read (`.choices[0].message.content`, `.text`), not another client method called on it.
    if ((rest === '' && !whole) || !/^(\.[A-Za-z_]\w*|\[\])*$/.test(rest)) continue;
    // The call as the model-call detector reads it: the callee's path, without its own parentheses.
    const callee = path.slice(0, i);
    const plain = callee.replace(/\(\)/g, '');
    if (PROVIDER_SDKS.some((s) => sdkOwnsModule(s, module) && s.calls.test(plain)) || FRAMEWORKS.some((fw) => fw.modules.test(module) && fw.calls.test(callee))) return `${module}|${head}`;
  }
  return undefined;
}
