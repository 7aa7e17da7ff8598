import { describe, expect, it } from 'vitest';
import type { CallFact, FileFacts } from '../../src/facts/types.ts';
import { parseTypeScript, tsLanguage, typeScriptLightFacts } from '../../src/parse/typescript.ts';
import { plain, program, resolveOne } from '../helpers/program.ts';

const parse = (src: string, path = 'src/llm.ts'): FileFacts => resolveOne(parseTypeScript(path, src));
const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

/** The single call with this callee (throws when there is none or several, so the test says which). */
function call(facts: FileFacts, callee: string, index = 0): CallFact {
  const found = facts.calls.filter((c) => c.callee === callee);
  const hit = found[index];
  if (!hit) throw new Error(`no call #${index} to ${callee}; calls: ${facts.calls.map((c) => c.callee).join(', ')}`);
  return plain(hit);
}
const noArgs = { count: 0, positional: [], keys: [], values: {} };

describe('parseTypeScript: imports', () => {
  it('reads default, named (aliased), namespace, type-only and side-effect imports', async () => {
    const src = lines(
      "import OpenAI from 'openai';",
      "import { Pinecone as PC, Index } from '@pinecone-database/pinecone';",
      "import * as ai from 'ai';",
      "import type { Message } from './types';",
      "import './polyfill';",
      "import Anthropic, { APIError } from '@anthropic-ai/sdk';",
    );
    const facts = parse(src);
    expect(facts.imports).toEqual([
      { module: 'openai', line: 1, bindings: [{ imported: 'default', local: 'OpenAI' }], kind: 'static', typeOnly: false },
      {
        module: '@pinecone-database/pinecone', line: 2,
        bindings: [{ imported: 'Pinecone', local: 'PC' }, { imported: 'Index', local: 'Index' }], kind: 'static', typeOnly: false,
      },
      { module: 'ai', line: 3, bindings: [{ imported: '*', local: 'ai' }], kind: 'static', typeOnly: false },
      { module: './types', line: 4, bindings: [{ imported: 'Message', local: 'Message' }], kind: 'static', typeOnly: true },
      { module: './polyfill', line: 5, bindings: [], kind: 'static', typeOnly: false },
      {
        module: '@anthropic-ai/sdk', line: 6,
        bindings: [{ imported: 'default', local: 'Anthropic' }, { imported: 'APIError', local: 'APIError' }], kind: 'static', typeOnly: false,
      },
    ]);
    // Names bound by imports are reachable through this file by the files that import them from it.
    const { facts: all } = await program({
      'src/llm.ts': src,
      'src/use.ts': lines("import { OpenAI, PC, ai, Anthropic } from './llm';", 'new OpenAI().chat.completions.create();', 'new PC().index();', 'ai.generateText();', 'new Anthropic().messages.create();'),
    });
    expect(all.get('src/use.ts')?.calls.map((c) => [c.callee, c.origin])).toEqual([
      ['OpenAI().chat.completions.create', { module: 'openai', path: 'default().chat.completions.create' }],
      ['OpenAI', { module: 'openai', path: 'default' }],
      ['PC().index', { module: '@pinecone-database/pinecone', path: 'Pinecone().index' }],
      ['PC', { module: '@pinecone-database/pinecone', path: 'Pinecone' }],
      ['ai.generateText', { module: 'ai', path: 'generateText' }],
      ['Anthropic().messages.create', { module: '@anthropic-ai/sdk', path: 'default().messages.create' }],
      ['Anthropic', { module: '@anthropic-ai/sdk', path: 'default' }],
    ]);
  });

  it('reads plain and destructured require, `import x = require()` and awaited dynamic import', () => {
    const facts = parse(
      lines(
        "const OpenAI = require('openai');",
        "const { readFile, writeFile: wf } = require('node:fs/promises');",
        "import z = require('zod');",
        'async function load() {',
        "  const { default: Groq } = await import('groq-sdk');",
        "  const lc = await import('langchain');",
        '}',
      ),
    );
    expect(facts.imports).toEqual([
      { module: 'openai', line: 1, bindings: [{ imported: '*', local: 'OpenAI' }], kind: 'require', typeOnly: false },
      {
        module: 'node:fs/promises', line: 2,
        bindings: [{ imported: 'readFile', local: 'readFile' }, { imported: 'writeFile', local: 'wf' }], kind: 'require', typeOnly: false,
      },
      { module: 'zod', line: 3, bindings: [{ imported: '*', local: 'z' }], kind: 'require', typeOnly: false },
      // An import inside a function binds its names in that function's scope.
      { module: 'groq-sdk', line: 5, bindings: [{ imported: 'default', local: 'Groq' }], kind: 'dynamic', typeOnly: false, scope: 1 },
      { module: 'langchain', line: 6, bindings: [{ imported: '*', local: 'lc' }], kind: 'dynamic', typeOnly: false, scope: 1 },
    ]);
    // `require(...)` is also a call; the dynamic `import(...)` is not (its callee is a keyword, not a chain).
    expect(facts.calls.map((c) => [c.callee, c.line, c.args.positional])).toEqual([
      ['require', 1, [{ index: 0, value: 'openai' }]],
      ['require', 2, [{ index: 0, value: 'node:fs/promises' }]],
    ]);
  });

  it('a `require` of a non-literal is not an import', () => {
    const facts = parse(lines('const name = pick();', 'const mod = require(name);'));
    expect(facts.imports).toEqual([]);
    expect(call(facts, 'require').args).toEqual({ count: 1, positional: [], keys: [], values: {}, opaque: true });
  });

  it('reads re-exports: named (aliased), star, namespace, type-only; a local `export { x }` is not an import', async () => {
    const facts = parse(
      lines(
        "export { ChatOpenAI as Chat, OpenAIEmbeddings } from '@langchain/openai';",
        "export * from './tools';",
        "export * as prompts from './prompts';",
        "export type { Tool } from './tool';",
        'const local = 1;',
        'export { local };',
      ),
    );
    expect(facts.imports).toEqual([
      {
        module: '@langchain/openai', line: 1,
        bindings: [{ imported: 'ChatOpenAI', local: 'Chat' }, { imported: 'OpenAIEmbeddings', local: 'OpenAIEmbeddings' }],
        kind: 'reexport', typeOnly: false,
      },
      { module: './tools', line: 2, bindings: [{ imported: '*', local: '*' }], kind: 'reexport', typeOnly: false },
      { module: './prompts', line: 3, bindings: [{ imported: '*', local: 'prompts' }], kind: 'reexport', typeOnly: false },
      { module: './tool', line: 4, bindings: [{ imported: 'Tool', local: 'Tool' }], kind: 'reexport', typeOnly: true },
    ]);
    // Re-exported names resolve through this file for its importers.
    const { facts: all } = await program({
      'src/index.ts': lines("export { ChatOpenAI as Chat, OpenAIEmbeddings } from '@langchain/openai';", "export * from './tools';"),
      'src/tools.ts': lines("export { search } from 'tavily';"),
      'src/use.ts': lines("import { Chat, search } from './index';", 'new Chat().invoke();', 'search();'),
    });
    expect(all.get('src/use.ts')?.calls.map((c) => [c.callee, c.origin])).toEqual([
      ['Chat().invoke', { module: '@langchain/openai', path: 'ChatOpenAI().invoke' }],
      ['Chat', { module: '@langchain/openai', path: 'ChatOpenAI' }],
      ['search', { module: 'tavily', path: 'search' }],
    ]);
  });

  // Side-effect `require('dotenv').config()` and `import('openai').then(...)` are imports too, as the
  // light pass (typeScriptLightFacts) already lists them.
  it('records a require or dynamic import that does not initialise a variable', () => {
    const src = lines("require('dotenv').config();", "import('openai').then((m) => m.default);");
    expect(typeScriptLightFacts('src/boot.js', src).imports.map((i) => i.module)).toEqual(['dotenv', 'openai']);
    expect(parse(src, 'src/boot.js').imports.map((i) => i.module)).toEqual(['dotenv', 'openai']);
  });
});

describe('parseTypeScript: call chains', () => {
  it('normalises member chains, constructed roots, string element access and `this`', () => {
    const facts = parse(
      lines(
        'client.chat.completions.create();',
        'new OpenAI().models.list();',
        "client['beta'].threads.create();",
        'client[key].threads.create();',
        'class A { run() { return this.llm.invoke(); } }',
        'fetch(url);',
        '(client as any).embeddings!.create();',
        'getClient().files.list();',
      ),
    );
    expect(facts.calls.map((c) => [c.callee, c.line, c.column, c.isNew])).toEqual([
      ['client.chat.completions.create', 1, 1, false],
      ['OpenAI().models.list', 2, 1, false],
      ['OpenAI', 2, 1, true],
      ['client.beta.threads.create', 3, 1, false],
      ['client.<expr>.threads.create', 4, 1, false],
      ['this.llm.invoke', 5, 26, false],
      ['fetch', 6, 1, false],
      ['client.embeddings.create', 7, 1, false],
      ['getClient().files.list', 8, 1, false],
      ['getClient', 8, 1, false],
    ]);
  });

  it('a literal root becomes `<expr>`; an immediately invoked function expression gives no call', () => {
    const facts = parse(lines("'a,b'.split(',');", '(() => 1)();', 'known();'));
    expect(facts.calls.map((c) => c.callee)).toEqual(['<expr>.split', 'known']);
  });
});

describe('parseTypeScript: origins', () => {
  it('traces an imported constructor through `const client = new OpenAI()`', () => {
    const facts = parse(
      lines("import OpenAI from 'openai';", 'const client = new OpenAI();', "client.chat.completions.create({ model: 'gpt-4o' });"),
    );
    expect(call(facts, 'OpenAI')).toEqual({
      callee: 'OpenAI', line: 2, column: 16, origin: { module: 'openai', path: 'default' }, isNew: true, args: noArgs, enclosing: '<module>',
    });
    expect(call(facts, 'client.chat.completions.create').origin).toEqual({ module: 'openai', path: 'default().chat.completions.create' });
  });

  it('follows a factory that returns different values per branch to every one of them', async () => {
    const { facts } = await program({
      'src/factory.ts': lines(
        "import OpenAI, { AzureOpenAI } from 'openai';",
        'export function getClient() {',
        '  if (process.env.AZURE) return new AzureOpenAI();',
        '  return new OpenAI();',
        '}',
      ),
      'src/use.ts': lines("import { getClient } from './factory';", 'getClient().chat.completions.create({});'),
    });
    const used = facts.get('src/use.ts')?.calls[0];
    expect([used?.origin, used?.alternatives]).toEqual([
      { module: 'openai', path: 'AzureOpenAI().chat.completions.create' },
      [{ module: 'openai', path: 'default().chat.completions.create' }],
    ]);
  });

  it('traces a factory function to the client it returns', () => {
    const facts = parse(
      lines(
        "import OpenAI from 'openai';",
        "import Anthropic from '@anthropic-ai/sdk';",
        'export function getClient() {',
        '  return new OpenAI({ apiKey: process.env.KEY });',
        '}',
        'const makeClaude = () => new Anthropic();',
        'export async function ask(q: string) {',
        "  await getClient().chat.completions.create({ model: 'gpt-4o', messages: [] });",
        '  const claude = makeClaude();',
        "  return claude.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 8, messages: [] });",
        '}',
        'function unrelated() { return 42; }',
        'unrelated().toFixed();',
      ),
    );
    expect(call(facts, 'getClient().chat.completions.create').origin).toEqual({ module: 'openai', path: 'default().chat.completions.create' });
    expect(call(facts, 'claude.messages.create').origin).toEqual({ module: '@anthropic-ai/sdk', path: 'default().messages.create' });
    expect(call(facts, 'unrelated().toFixed').origin).toBeUndefined();
  });

  it('looks through a tracing wrapper to the client it wraps', () => {
    const facts = parse(
      lines(
        "import OpenAI from 'openai';",
        "import { observeOpenAI } from 'langfuse';",
        "import { wrapOpenAI } from 'braintrust';",
        'const traced = observeOpenAI(new OpenAI(), { generationName: "chat" });',
        'const logged = wrapOpenAI(new OpenAI());',
        'const other = makeClient(new OpenAI());',
        "traced.chat.completions.create({ model: 'gpt-4o' });",
        "logged.responses.create({ model: 'gpt-4o' });",
        'other.chat.completions.create({});',
      ),
    );
    expect(call(facts, 'traced.chat.completions.create').origin).toEqual({ module: 'openai', path: 'default().chat.completions.create' });
    expect(call(facts, 'logged.responses.create').origin).toEqual({ module: 'openai', path: 'default().responses.create' });
    expect(call(facts, 'other.chat.completions.create').origin).toBeUndefined();
  });

  it('traces a namespace import, a named import and an inline constructed root', () => {
    const facts = parse(
      lines(
        "import * as genai from '@google/genai';",
        "import { OpenAI } from 'openai';",
        'genai.models.generateContent();',
        'new OpenAI().models.list();',
      ),
    );
    expect(call(facts, 'genai.models.generateContent').origin).toEqual({ module: '@google/genai', path: 'models.generateContent' });
    expect(call(facts, 'OpenAI().models.list').origin).toEqual({ module: 'openai', path: 'OpenAI().models.list' });
  });

  it('traces a default import that was constructed inline to `default()`', () => {
    const facts = parse(lines("import OpenAI from 'openai';", 'new OpenAI().models.list();'));
    expect(call(facts, 'OpenAI().models.list').origin).toEqual({ module: 'openai', path: 'default().models.list' });
  });

  it('traces a CommonJS require that is constructed: the namespace itself is called, `()`', () => {
    const facts = parse(lines("const OpenAI = require('openai');", 'const c = new OpenAI();', 'c.chat.completions.create();'), 'src/a.js');
    expect(call(facts, 'c.chat.completions.create').origin).toEqual({ module: 'openai', path: '().chat.completions.create' });
  });

  it('traces class property initialisers and constructor parameter properties through `this`', () => {
    const facts = parse(
      lines(
        "import { Pinecone } from '@pinecone-database/pinecone';",
        "import OpenAI from 'openai';",
        'export class Retriever {',
        '  private pc = new Pinecone();',
        '  constructor(private llm: OpenAI, plain: OpenAI) {}',
        "  async run() { await this.pc.index('docs').query({ topK: 5 }); return this.llm.embeddings.create(); }",
        '  other() { return this.plain.x(); }',
        '}',
      ),
    );
    expect(call(facts, 'this.pc.index().query').origin).toEqual({ module: '@pinecone-database/pinecone', path: 'Pinecone().index().query' });
    expect(call(facts, 'this.pc.index').origin).toEqual({ module: '@pinecone-database/pinecone', path: 'Pinecone().index' });
    expect(call(facts, 'this.llm.embeddings.create').origin).toEqual({ module: 'openai', path: 'default().embeddings.create' });
    // A parameter without a modifier is no class property: `this.plain` is not traced.
    expect(call(facts, 'this.plain.x')).not.toHaveProperty('origin');
  });

  it('traces `this.x = new X()` assigned in a constructor', () => {
    const facts = parse(
      lines(
        "import OpenAI from 'openai';",
        'class K {',
        '  constructor() { this.client = new OpenAI(); }',
        '  go() { return this.client.models.list(); }',
        '}',
      ),
    );
    expect(call(facts, 'this.client.models.list').origin).toEqual({ module: 'openai', path: 'default().models.list' });
  });

  it('traces a parameter typed as an imported class; an untyped or locally typed one stays untraced', () => {
    const facts = parse(
      lines(
        "import Anthropic from '@anthropic-ai/sdk';",
        'interface Local { messages: any }',
        "export const ask = (client: Anthropic) => client.messages.create({ model: 'claude-3-5-sonnet-latest', max_tokens: 1024 });",
        'export const other = (c: Local) => c.messages.create();',
        'export const untyped = (u) => u.messages.create();',
      ),
    );
    expect(call(facts, 'client.messages.create')).toEqual({
      callee: 'client.messages.create', line: 3, column: 43,
      origin: { module: '@anthropic-ai/sdk', path: 'default().messages.create' },
      isNew: false,
      args: { count: 1, positional: [], keys: ['model', 'max_tokens'], values: { model: 'claude-3-5-sonnet-latest', max_tokens: 1024 } },
      enclosing: 'ask',
    });
    expect(call(facts, 'c.messages.create')).not.toHaveProperty('origin');
    expect(call(facts, 'u.messages.create')).not.toHaveProperty('origin');
  });

  it('traces aliases: `const chat = client.chat`, a destructured member and an assignment', () => {
    const facts = parse(
      lines(
        "import OpenAI from 'openai';",
        'const client = new OpenAI();',
        'const chat = client.chat;',
        'chat.completions.create();',
        'const { embeddings } = client;',
        'embeddings.create();',
        'let later;',
        'later = client.beta;',
        'later.threads.create();',
      ),
    );
    expect(call(facts, 'chat.completions.create').origin).toEqual({ module: 'openai', path: 'default().chat.completions.create' });
    expect(call(facts, 'embeddings.create').origin).toEqual({ module: 'openai', path: 'default().embeddings.create' });
    expect(call(facts, 'later.threads.create').origin).toEqual({ module: 'openai', path: 'default().beta.threads.create' });
  });

  it('traces the inner target of a chained assignment `a = b = new OpenAI()`', () => {
    const facts = parse(lines("import OpenAI from 'openai';", 'let a, b;', 'a = b = new OpenAI();', 'b.files.list();'));
    expect(call(facts, 'b.files.list').origin).toEqual({ module: 'openai', path: 'default().files.list' });
  });

  // The outer assignment's right-hand side is itself an assignment; its value is the inner right-hand side.
  it('traces the outer target of a chained assignment `a = b = new OpenAI()`', () => {
    const facts = parse(lines("import OpenAI from 'openai';", 'let a, b;', 'a = b = new OpenAI();', 'a.files.list();'));
    expect(call(facts, 'a.files.list').origin).toEqual({ module: 'openai', path: 'default().files.list' });
  });

  it('a call with no traceable root has no `origin` key at all', () => {
    const facts = parse(lines("import OpenAI from 'openai';", 'unknown.chat.completions.create();', 'fetch(url);'));
    const untraced = call(facts, 'unknown.chat.completions.create');
    expect(Object.keys(untraced)).toEqual(['callee', 'line', 'column', 'isNew', 'args', 'enclosing']);
    expect(call(facts, 'fetch')).not.toHaveProperty('origin');
  });
});

describe('parseTypeScript: arguments', () => {
  it('reads the keys of objects in an array argument: the stages of a pipeline', () => {
    const facts = parse(lines("coll.aggregate([{ $vectorSearch: { index: 'v', limit: 5 } }, { $project: { name: 1 } }]);"));
    expect(call(facts, 'coll.aggregate').args.keys).toEqual(['$vectorSearch', 'index', 'limit', '$project', 'name']);
  });

  it('keeps positional literals with their index and skips non-literals', () => {
    const facts = parse(lines('foo.bar(1, "two", true, null, someVar, `three`, `four ${x}`, -1, 2.5);'));
    expect(call(facts, 'foo.bar').args).toEqual({
      count: 9,
      positional: [
        { index: 0, value: 1 },
        { index: 1, value: 'two' },
        { index: 2, value: true },
        { index: 3, value: null },
        { index: 5, value: 'three' },
        { index: 8, value: 2.5 },
      ],
      keys: [],
      values: {},
      // `someVar` may carry options this parse cannot see
      opaque: true,
    });
  });

  it('keeps object-literal keys, and values only where they are literals; first value wins', () => {
    const facts = parse(
      lines(
        'client.chat.completions.create({',
        "  model: 'gpt-4o-mini', temperature: 0.2, stream: false, user: null,",
        '  messages, max_tokens: limit, tools: [], ...rest,',
        "  'response-format': `json`, 42: 'n',",
        '}, { model: \'ignored\', timeout: 30_000 });',
      ),
    );
    expect(call(facts, 'client.chat.completions.create').args).toEqual({
      count: 2,
      positional: [],
      keys: ['model', 'temperature', 'stream', 'user', 'messages', 'max_tokens', 'tools', 'response-format', '42', 'timeout'],
      values: { model: 'gpt-4o-mini', temperature: 0.2, stream: false, user: null, 'response-format': 'json', 42: 'n', timeout: 30000 },
      // `...rest` may carry any option
      opaque: true,
    });
  });
});

describe('parseTypeScript: strings', () => {
  it('keeps URLs, model ids and env var names, sorted by line, once per line; drops plain words', () => {
    const facts = parse(
      lines(
        "const url = 'https://api.openai.com/v1';",
        "const key = process.env['OPENAI_API_KEY'];",
        'const model = `gpt-4o-mini`;',
        'const t = `https://api.example.com/${path}`;',
        "const w = 'hello';",
        "const a = 'https://api.openai.com/v1', b = 'https://api.openai.com/v1';",
        "const c = 'claude-3-5-sonnet-20240620'; const d = 'summarize';",
        "const e = 'lowercase_api_key';",
      ),
    );
    expect(facts.strings).toEqual([
      { value: 'https://api.openai.com/v1', line: 1, kind: 'url' },
      { value: 'OPENAI_API_KEY', line: 2, kind: 'env-var' },
      { value: 'gpt-4o-mini', line: 3, kind: 'model-id', context: { kind: 'assign', key: 'model' } },
      // a template with substitutions keeps its head
      { value: 'https://api.example.com/', line: 4, kind: 'url' },
      { value: 'https://api.openai.com/v1', line: 6, kind: 'url' },
      { value: 'claude-3-5-sonnet-20240620', line: 7, kind: 'model-id', context: { kind: 'assign', key: 'c' } },
    ]);
  });
});

describe('parseTypeScript: definitions', () => {
  it('records top-level definitions with `exported` from modifiers and `export { }` lists', () => {
    const facts = parse(
      lines(
        'export const a = 1;',
        'export function fn() { function innerFn() {} }',
        'export class Agent {',
        '  run() {}',
        '  get name() { return 1; }',
        '}',
        'const b = 2, handler = async () => {};',
        'function hidden() {}',
        'class Priv {}',
        'export { b, hidden as renamed };',
        'export default function () {}',
        'let { x } = obj;',
      ),
    );
    expect(facts.definitions).toEqual([
      { name: 'a', kind: 'variable', line: 1, exported: true },
      { name: 'fn', kind: 'function', line: 2, exported: true },
      { name: 'Agent', kind: 'class', line: 3, exported: true },
      { name: 'Agent.run', kind: 'method', line: 4, exported: false },
      { name: 'Agent.name', kind: 'method', line: 5, exported: false },
      { name: 'b', kind: 'variable', line: 7, exported: true },
      { name: 'handler', kind: 'function', line: 7, exported: false },
      { name: 'hidden', kind: 'function', line: 8, exported: true },
      { name: 'Priv', kind: 'class', line: 9, exported: false },
      { name: 'default', kind: 'function', line: 11, exported: true },
    ]);
  });
});

describe('parseTypeScript: decorators', () => {
  it('records decorator chains with origin and the decorated class or method', () => {
    const facts = parse(
      lines(
        "import { observe } from 'langfuse';",
        "import * as ls from 'langsmith/traceable';",
        '@Injectable()',
        'export class Agent {',
        "  @observe({ name: 'run' })",
        '  async run() {}',
        '  @ls.traceable',
        '  plan() {}',
        '}',
      ),
    );
    expect(facts.decorators.map(({ f: _f, scope: _s, ...d }) => d)).toEqual([
      { name: 'Injectable', line: 3, target: 'Agent' },
      { name: 'observe', line: 5, origin: { module: 'langfuse', path: 'observe' }, target: 'Agent.run' },
      { name: 'ls.traceable', line: 7, origin: { module: 'langsmith/traceable', path: 'traceable' }, target: 'Agent.plan' },
    ]);
    // A decorator factory is also a call.
    expect(call(facts, 'observe').args).toEqual({ count: 1, positional: [], keys: ['name'], values: { name: 'run' } });
  });

  // The decorator's target is the innermost class or function, not the function enclosing the class.
  it('names the decorated class when the class is declared inside a function', () => {
    const facts = parse(lines('function build() {', '  @dec class Inner {}', '}'));
    expect(facts.decorators.map(({ f: _f, scope: _s, ...d }) => d)).toEqual([{ name: 'dec', line: 2, target: 'Inner' }]);
  });
});

describe('parseTypeScript: enclosing', () => {
  it('names the enclosing function, const-assigned arrow, named function expression, method, or <module>', () => {
    const facts = parse(
      lines(
        'top();',
        'function outer() {',
        '  a();',
        '  const inner = () => b();',
        '  return function () { c(); };',
        '}',
        'const handler = async (req) => { d(); };',
        'const named = function nm() { e(); };',
        'class Svc {',
        '  constructor() { f(); }',
        '  run() { g(); }',
        '}',
        'items.map((x) => h(x));',
      ),
    );
    expect(facts.calls.map((c) => [c.callee, c.enclosing])).toEqual([
      ['top', '<module>'],
      ['a', 'outer'],
      ['b', 'inner'],
      ['c', 'outer'],
      ['d', 'handler'],
      ['e', 'nm'],
      ['f', 'Svc.constructor'],
      ['g', 'Svc.run'],
      ['items.map', '<module>'],
      ['h', '<anonymous>'],
    ]);
  });
});

describe('parseTypeScript: module values', () => {
  it('lets other files reach top-level values, default exports and what top-level functions return', async () => {
    const { facts } = await program({
      'src/clients.ts': lines(
        "import OpenAI from 'openai';",
        "import { Pinecone } from '@pinecone-database/pinecone';",
        'export const client = new OpenAI();',
        'export const index = new Pinecone().index("docs");',
        'export const plain = makeThing();',
        'export function f() { const local = new OpenAI(); return local; }',
        'export default new Pinecone();',
      ),
      'src/use.ts': lines(
        "import store, { client, index, plain, f } from './clients';",
        'client.embeddings.create();',
        'index.query();',
        'store.listIndexes();',
        'plain.run();',
        'f().responses.create();',
      ),
    });
    expect(facts.get('src/use.ts')?.calls.map((c) => [c.callee, c.origin])).toEqual([
      ['client.embeddings.create', { module: 'openai', path: 'default().embeddings.create' }],
      ['index.query', { module: '@pinecone-database/pinecone', path: 'Pinecone().index().query' }],
      ['store.listIndexes', { module: '@pinecone-database/pinecone', path: 'Pinecone().listIndexes' }],
      ['plain.run', undefined],
      ['f().responses.create', { module: 'openai', path: 'default().responses.create' }],
      ['f', undefined],
    ]);
  });
});

describe('parseTypeScript: errors and languages', () => {
  it('reports the first syntax error line and keeps the facts around it', () => {
    const facts = parse(
      lines(
        "import OpenAI from 'openai';",
        'const c = new OpenAI();',
        'function f() {',
        '  c.models.list();',
        '  const x = ;',
        '}',
        'c.files.list();',
      ),
    );
    expect(facts.parseError).toBe('syntax error at line 5');
    expect(facts.imports.map((i) => i.module)).toEqual(['openai']);
    expect(facts.calls.map((c) => [c.callee, c.line, c.origin?.path])).toEqual([
      ['OpenAI', 2, 'default'],
      ['c.models.list', 4, 'default().models.list'],
      ['c.files.list', 7, 'default().files.list'],
    ]);
  });

  it('a valid file has no parseError key', () => {
    expect(parse('const a = 1;\n')).not.toHaveProperty('parseError');
  });

  it('parses JSX in .tsx and .js files, not in .ts', () => {
    const tsx = parse("export const App = () => <div onClick={() => fetch('https://x.io/a')}>hi</div>;\n", 'src/App.tsx');
    expect(tsx.language).toBe('typescript');
    expect(tsx.depth).toBe('full');
    expect(tsx).not.toHaveProperty('parseError');
    expect(tsx.calls.map((c) => [c.callee, c.enclosing, c.args.positional])).toEqual([['fetch', 'App', [{ index: 0, value: 'https://x.io/a' }]]]);

    const js = parse("const OpenAI = require('openai');\nconst el = <b>{new OpenAI().models.list()}</b>;\n", 'src/app.js');
    expect(js.language).toBe('javascript');
    expect(js).not.toHaveProperty('parseError');
    expect(call(js, 'OpenAI().models.list').origin).toEqual({ module: 'openai', path: '().models.list' });

    expect(parse('const el = <div>x</div>;\n', 'src/app.ts').parseError).toBe('syntax error at line 1');
  });

  it('accepts a type assertion `<T>x` in .ts but not in .tsx', () => {
    expect(parse('const a = <string>b;\n', 'src/a.ts')).not.toHaveProperty('parseError');
    expect(parse('const a = <string>b;\n', 'src/a.tsx').parseError).toBe('syntax error at line 1');
  });

  it('tsLanguage maps TS extensions to typescript and everything else to javascript', () => {
    expect(['a.ts', 'a.tsx', 'a.mts', 'a.cts', 'A.TS'].map(tsLanguage)).toEqual(['typescript', 'typescript', 'typescript', 'typescript', 'typescript']);
    expect(['a.js', 'a.jsx', 'a.mjs', 'a.cjs', 'a.ts.js'].map(tsLanguage)).toEqual(['javascript', 'javascript', 'javascript', 'javascript', 'javascript']);
  });
});

describe('typeScriptLightFacts', () => {
  it('returns depth light with only imports, each with its line', () => {
    const src = lines(
      '// header',
      "import OpenAI from 'openai';",
      '',
      "import type { X } from './x';",
      "const fs = require('fs');",
      "export * from './re';",
      "async function f() { await import('dyn'); }",
      "const s = 'import y from \"nope\"';",
      'new OpenAI().models.list();',
    );
    expect(typeScriptLightFacts('src/a.mjs', src)).toEqual({
      path: 'src/a.mjs',
      language: 'javascript',
      depth: 'light',
      imports: [
        { module: 'openai', line: 2, bindings: [], kind: 'static', typeOnly: false },
        { module: './x', line: 4, bindings: [], kind: 'static', typeOnly: false },
        { module: 'fs', line: 5, bindings: [], kind: 'static', typeOnly: false },
        { module: './re', line: 6, bindings: [], kind: 'static', typeOnly: false },
        { module: 'dyn', line: 7, bindings: [], kind: 'static', typeOnly: false },
      ],
      calls: [],
      strings: [],
      definitions: [],
      decorators: [],
      prompts: [],
    });
  });

  it('uses the TypeScript language for .ts files and finds nothing in a file without imports', () => {
    const facts = typeScriptLightFacts('src/a.ts', 'export const x = 1;\n');
    expect(facts.language).toBe('typescript');
    expect(facts.depth).toBe('light');
    expect(facts.imports).toEqual([]);
  });
});

describe('parseTypeScript: error handling and prompts', () => {
  it('marks calls inside a try with a catch, or under a .catch(), and not those in a named function declared there', () => {
    const facts = parse(
      lines(
        'async function run() {',
        '  try {',
        '    await a.create({ ...opts });',
        '    await Promise.all(xs.map(async (x) => b.create(x)));',
        '    function later() { return c.create(); }',
        '  } catch (e) { d.report(e); }',
        '  try { e.create(); } finally { f.close(); }',
        '  await g.create().then((r) => r).catch(() => null);',
        '  await h.create().then(ok, fail);',
        '  i.create().then((r) => r);',
        '}',
      ),
    );
    const guarded = (callee: string) => call(facts, callee).guarded ?? false;
    expect([guarded('a.create'), guarded('b.create'), guarded('c.create'), guarded('d.report')]).toEqual([true, true, false, false]);
    expect([guarded('e.create'), guarded('g.create'), guarded('h.create'), guarded('i.create')]).toEqual([false, true, true, false]);
    expect(call(facts, 'a.create').args.opaque).toBe(true);
  });

  it('keeps long natural-language literals under prompt-like names and keys, with their length', () => {
    const text = 'You are a support agent for an invoicing product. Answer in two sentences, cite the help article you used, and never promise refunds.';
    const facts = parse(
      lines(
        `const SYSTEM_PROMPT = '${text}';`,
        `const footer = '${text}';`,
        `const msgs = [{ role: 'system', content: \`${text} \${extra}\` }];`,
        "const instructions = 'Be brief.';",
        `const template = 'SELECT id, name, created_at FROM invoices WHERE customer_id = $1 AND status = $2 ORDER BY created_at DESC LIMIT 50 OFFSET 0;';`,
      ),
    );
    expect(facts.prompts).toEqual([
      { line: 1, name: 'SYSTEM_PROMPT', chars: text.length },
      // the template's literal text: the interpolation adds nothing
      { line: 3, name: 'content', chars: text.length + 1 },
    ]);
  });
});
