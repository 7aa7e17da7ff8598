import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StringContext } from '../../src/facts/types.ts';
import { type PythonParser, createPythonParser } from '../../src/parse/python.ts';
import { parseTypeScript } from '../../src/parse/typescript.ts';
import { classifyString } from '../../src/catalog/strings.ts';

// Where a model-id literal stands, in both parsers: what tells an id the code sends (an argument, a
// default, a constant) from configuration data (maps keyed by id, lists, prefix checks, choices).

let parser: PythonParser;
beforeAll(async () => {
  parser = await createPythonParser();
});
afterAll(() => parser.dispose());

type Seen = [line: number, value: string, context: StringContext | undefined];
const seen = (strings: { value: string; line: number; kind: string; context?: StringContext }[]): Seen[] =>
  strings.filter((s) => s.kind === 'model-id').map((s) => [s.line, s.value, s.context]);

describe('model-id contexts in TypeScript', () => {
  const ts = (src: string) => seen(parseTypeScript('src/a.ts', src).strings);

  it('an argument or option of a call, with its key and callee', () => {
    expect(ts(`client.chat.completions.create({ model: 'gpt-4o', messages });\nembed('text-embedding-3-small');`)).toEqual([
      [1, 'gpt-4o', { kind: 'call-arg', key: 'model', callee: 'create' }],
      [2, 'text-embedding-3-small', { kind: 'call-arg', callee: 'embed' }],
    ]);
  });

  it('defaults: parameters, destructuring, class fields, environment fallbacks', () => {
    expect(ts(`function f(model = 'gpt-4o') {}\nconst { model: m = 'gpt-4o-mini' } = opts;\nclass A { model = 'claude-3-5-haiku-latest'; }\nconst x = process.env.M ?? 'gpt-4.1';\nconst y = process.env.M || 'o3-mini';`)).toEqual([
      [1, 'gpt-4o', { kind: 'default', key: 'model' }],
      [2, 'gpt-4o-mini', { kind: 'default', key: 'm' }],
      [3, 'claude-3-5-haiku-latest', { kind: 'default', key: 'model' }],
      [4, 'gpt-4.1', { kind: 'default' }],
      [5, 'o3-mini', { kind: 'default' }],
    ]);
  });

  it('tables: maps keyed by id, lists, lists of objects, maps of several ids, literal types, enums, lookups', () => {
    const src = [
      `const PRICES = { 'gpt-4o': 2.5, 'gpt-4o-mini': 0.15 };`,
      `const MODELS = ['gpt-4o', 'gpt-4o-mini'];`,
      `const OPTIONS = [{ id: 'claude-sonnet-4-5', label: 'Sonnet' }, { id: 'claude-haiku-4-5', label: 'Haiku' }];`,
      `const BY_PROVIDER = { openai: 'gpt-4o', anthropic: 'claude-sonnet-4-5' };`,
      `type M = 'gemini-2.5-pro' | 'gemini-2.5-flash';`,
      `enum E { A = 'mistral-large-latest' }`,
      `const w = WINDOWS['gpt-4.1'];`,
      `const GPT4o: LLM = { modelId: 'gpt-4o', modelName: 'GPT-4o', provider: 'openai' };`,
    ].join('\n');
    expect(ts(src).map(([line, value, context]) => [line, value, context?.kind])).toEqual([
      [1, 'gpt-4o', 'table'], [1, 'gpt-4o-mini', 'table'],
      [2, 'gpt-4o', 'table'], [2, 'gpt-4o-mini', 'table'],
      [3, 'claude-sonnet-4-5', 'table'], [3, 'claude-haiku-4-5', 'table'],
      [4, 'gpt-4o', 'table'], [4, 'claude-sonnet-4-5', 'table'],
      [5, 'gemini-2.5-pro', 'table'], [5, 'gemini-2.5-flash', 'table'],
      [6, 'mistral-large-latest', 'table'],
      [7, 'gpt-4.1', 'table'],
      [8, 'gpt-4o', 'table'], [8, 'GPT-4o', 'table'],
    ]);
  });

  it('comparisons and prefix checks', () => {
    const src = `if (model === 'gpt-4o') {}\nif (model.startsWith('claude-3')) {}\nswitch (m) { case 'o1-mini': break; }`;
    expect(ts(src).map(([, value, context]) => [value, context?.kind])).toEqual([['gpt-4o', 'compare'], ['claude-3', 'compare'], ['o1-mini', 'compare']]);
  });

  it('assignments: constants, properties of one object, settings objects', () => {
    const src = `export const SUMMARY_MODEL = 'gpt-4o-mini' as const;\nthis.model = 'gpt-4.1';\nconst body = { model: 'gpt-4o', temperature: 0 };\nconst defaults = { model: 'gpt-4o', claudeModel: 'claude-sonnet-4-5', theme: 'dark' };`;
    expect(ts(src)).toEqual([
      [1, 'gpt-4o-mini', { kind: 'assign', key: 'SUMMARY_MODEL' }],
      [2, 'gpt-4.1', { kind: 'assign', key: 'model' }],
      [3, 'gpt-4o', { kind: 'assign', key: 'model' }],
      [4, 'gpt-4o', { kind: 'assign', key: 'model' }],
      [4, 'claude-sonnet-4-5', { kind: 'assign', key: 'claudeModel' }],
    ]);
  });
});

describe('model-id contexts in Python', () => {
  const py = (src: string) => seen(parser.parse('app/a.py', src).strings);

  it('keywords and arguments of a call; `default=` and lookup fallbacks are defaults', () => {
    const src = [
      `client.chat.completions.create(model="gpt-4o", messages=m)`,
      `os.getenv("MODEL", "gpt-4o-mini")`,
      `name = models.CharField(max_length=200, default="gemini-2.5-flash")`,
      `x = os.getenv("MODEL") or "claude-sonnet-4-5"`,
    ].join('\n');
    expect(py(src)).toEqual([
      [1, 'gpt-4o', { kind: 'call-arg', key: 'model', callee: 'create' }],
      [2, 'gpt-4o-mini', { kind: 'default', callee: 'getenv' }],
      [3, 'gemini-2.5-flash', { kind: 'default', callee: 'CharField' }],
      [4, 'claude-sonnet-4-5', { kind: 'default' }],
    ]);
  });

  it('parameter and field defaults; plain assignments', () => {
    const src = [
      `def f(model: str = "gpt-4o", other="o3-mini"):`,
      `    pass`,
      `class Settings(BaseSettings):`,
      `    model_name: str = "gpt-4.1"`,
      `MODEL = "claude-3-5-haiku-latest"`,
      `self.config.model = "gpt-5-mini"`,
      `DEFAULTS = {"chat_model": "gpt-4o", "embedding_model": "text-embedding-3-small"}`,
    ].join('\n');
    expect(py(src)).toEqual([
      [1, 'gpt-4o', { kind: 'default', key: 'model' }],
      [1, 'o3-mini', { kind: 'default', key: 'other' }],
      [4, 'gpt-4.1', { kind: 'default', key: 'model_name' }],
      [5, 'claude-3-5-haiku-latest', { kind: 'assign', key: 'MODEL' }],
      [6, 'gpt-5-mini', { kind: 'assign', key: 'model' }],
      [7, 'gpt-4o', { kind: 'assign', key: 'chat_model' }],
      [7, 'text-embedding-3-small', { kind: 'assign', key: 'embedding_model' }],
    ]);
  });

  it('tables: dict keys, lists, tuples of choices, maps of several ids, Literal types, lookups', () => {
    const src = [
      `PRICES = {"gpt-4o": 2.5, "gpt-4o-mini": 0.15}`,
      `REASONING = ["o1-pro", "o3-mini"]`,
      `CHOICES = [("Fast", "gpt-4o"), ("Sonnet", "claude-sonnet-4-5")]`,
      `model_map = {"openai": "gpt-4o-mini", "anthropic": "claude-2"}`,
      `Model = Literal["gemini-2.5-pro"]`,
      `w = WINDOWS["gpt-4.1"]`,
      `GPT4O = {"id": "gpt-4o", "label": "GPT-4o", "vision": True}`,
    ].join('\n');
    expect(py(src).map(([line, value, context]) => [line, value, context?.kind])).toEqual([
      [1, 'gpt-4o', 'table'], [1, 'gpt-4o-mini', 'table'],
      [2, 'o1-pro', 'table'], [2, 'o3-mini', 'table'],
      [3, 'gpt-4o', 'table'], [3, 'claude-sonnet-4-5', 'table'],
      [4, 'gpt-4o-mini', 'table'], [4, 'claude-2', 'table'],
      [5, 'gemini-2.5-pro', 'table'],
      [6, 'gpt-4.1', 'table'],
      [7, 'gpt-4o', 'table'], [7, 'GPT-4o', 'table'],
    ]);
  });

  it('comparisons, membership and prefix checks', () => {
    const src = `if model == "gpt-4o": pass\nif "claude-3" in model: pass\nif model.startswith("gemini-1.5"): pass`;
    expect(py(src).map(([, value, context]) => [value, context?.kind])).toEqual([['gpt-4o', 'compare'], ['claude-3', 'compare'], ['gemini-1.5', 'compare']]);
  });
});

describe('model ids', () => {
  it('reads ids of the families, and not the setting names that start like them', () => {
    expect(['qwen_voice_type', 'gemini_api_key', 'qwen2.5:7b', 'qwen_vl_max_2', 'gpt-4o'].map(classifyString)).toEqual([null, null, 'model-id', 'model-id', 'model-id']);
  });

  it('reads no id in a class or component name, and keeps ids written with capitals and separators', () => {
    expect(['Llama270bBot', 'GeminiProBot', 'Gemma2bItBot', 'Meta-Llama-3-70B-Instruct', 'Qwen2.5-72B-Instruct', 'Llama3', 'gpt-4o'].map(classifyString))
      .toEqual([null, null, null, 'model-id', 'model-id', 'model-id', 'model-id']);
  });
});

describe('health and readiness routes', () => {
  it('reads the usual health paths, with or without an API prefix, and nothing longer', () => {
    for (const route of ['/health', '/healthz', '/api/health', '/api/v1/ready', '/livez', '/ping', '/api/status']) expect(classifyString(route)).toBe('health-route');
    for (const other of ['/api/status/jobs', '/statuses', '/api/users', 'status']) expect(classifyString(other)).not.toBe('health-route');
  });
});
