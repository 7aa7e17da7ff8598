import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallFact, FileFacts } from '../../src/facts/types.ts';
import { type PythonParser, createPythonParser } from '../../src/parse/python.ts';
import { plain, program, resolveOne } from '../helpers/program.ts';

let parser: PythonParser;
beforeAll(async () => {
  parser = await createPythonParser();
});
afterAll(() => parser.dispose());

const parse = (src: string): FileFacts => resolveOne(parser.parse('app/llm.py', src));
const calls = (facts: FileFacts, callee: string): CallFact[] => facts.calls.filter((c) => c.callee === callee).map(plain);
const call = (facts: FileFacts, callee: string): CallFact => {
  const found = calls(facts, callee)[0];
  if (!found) throw new Error(`no call ${callee} in ${facts.calls.map((c) => c.callee).join(', ')}`);
  return found;
};
const originOf = (src: string, callee: string) => call(parse(src), callee).origin;

describe('python imports', () => {
  it('reads `import x`, dotted and aliased forms, one fact per name', () => {
    const facts = parse('import openai\nimport google.generativeai as genai\nimport a.b.c\nimport os, json as j\n');
    expect(facts.imports).toEqual([
      { module: 'openai', line: 1, bindings: [{ imported: '*', local: 'openai' }], kind: 'static', typeOnly: false },
      { module: 'google.generativeai', line: 2, bindings: [{ imported: '*', local: 'genai' }], kind: 'static', typeOnly: false },
      { module: 'a.b.c', line: 3, bindings: [{ imported: '*', local: 'a' }], kind: 'static', typeOnly: false },
      { module: 'os', line: 4, bindings: [{ imported: '*', local: 'os' }], kind: 'static', typeOnly: false },
      { module: 'json', line: 4, bindings: [{ imported: '*', local: 'j' }], kind: 'static', typeOnly: false },
    ]);
  });

  it('reads from-imports: aliases, relative, parenthesised over lines, wildcard', () => {
    const facts = parse(
      'from openai import OpenAI as O\nfrom . import llm\nfrom ..core.chat import ChatGPT\n' +
        'from langchain_openai import (\n    ChatOpenAI,  # chat\n    OpenAIEmbeddings as Emb,\n)\nfrom x import *\n',
    );
    expect(facts.imports.map((i) => [i.module, i.line, i.bindings])).toEqual([
      ['openai', 1, [{ imported: 'OpenAI', local: 'O' }]],
      ['.', 2, [{ imported: 'llm', local: 'llm' }]],
      ['..core.chat', 3, [{ imported: 'ChatGPT', local: 'ChatGPT' }]],
      ['langchain_openai', 4, [{ imported: 'ChatOpenAI', local: 'ChatOpenAI' }, { imported: 'OpenAIEmbeddings', local: 'Emb' }]],
      ['x', 8, [{ imported: '*', local: '*' }]],
    ]);
    expect(facts.imports.every((i) => i.kind === 'static' && !i.typeOnly)).toBe(true);
  });

  it('marks imports under `if TYPE_CHECKING:` as type-only, not those in its else branch', () => {
    const facts = parse(
      'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from openai import OpenAI\nelse:\n    import anthropic\n' +
        'if typing.TYPE_CHECKING:\n    import boto3\n',
    );
    expect(facts.imports.map((i) => [i.module, i.typeOnly])).toEqual([
      ['typing', false], ['openai', true], ['anthropic', false], ['boto3', true],
    ]);
  });

  it('keeps imports inside functions and try/except', () => {
    const facts = parse(
      'def f():\n    import litellm\n    return litellm.completion(model="x")\n' +
        'try:\n    import simplejson as json\nexcept ImportError:\n    import json\n' +
        'from __future__ import annotations\n',
    );
    expect(facts.imports.map((i) => [i.module, i.line])).toEqual([
      ['litellm', 2], ['simplejson', 5], ['json', 7], ['__future__', 8],
    ]);
    expect(call(facts, 'litellm.completion').origin).toEqual({ module: 'litellm', path: 'completion' });
  });
});

describe('python calls', () => {
  it('normalises callee chains', () => {
    const facts = parse(
      'client.chat.completions.create(model="m")\n' +
        'genai.GenerativeModel("x").generate_content("hi")\n' +
        'boto3.client("bedrock-runtime").invoke_model(body=b)\n' +
        'async def g():\n    await x.y()\n' +
        'clients["a"].chat.create()\n' +
        'handlers[k]()\n(lambda: 1)()\n' +
        'super().__init__()\n(a.b)()\n',
    );
    expect(facts.calls.map((c) => c.callee)).toEqual([
      'client.chat.completions.create',
      'genai.GenerativeModel().generate_content', 'genai.GenerativeModel',
      'boto3.client().invoke_model', 'boto3.client',
      'x.y',
      '<expr>.chat.create',
      'super().__init__', 'super',
      'a.b',
    ]);
  });

  it('reports 1-based line/column, isNew false, and the enclosing function', () => {
    const facts = parse(
      'setup()\nclass Bot:\n    x = make()\n    def run(self):\n        def inner():\n            go()\n        self.step()\n' +
        'async def main():\n    await  run()\n',
    );
    const shape = facts.calls.map((c) => [c.callee, c.line, c.column, c.enclosing, c.isNew]);
    expect(shape).toEqual([
      ['setup', 1, 1, '<module>', false],
      ['make', 3, 9, '<module>', false],
      ['go', 6, 13, 'inner', false],
      ['self.step', 7, 9, 'Bot.run', false],
      ['run', 9, 12, 'main', false],
    ]);
  });

  it('counts columns in UTF-16 units like the rest of the tool', () => {
    const facts = parse('x = "é😀"; f()\n');
    expect(call(facts, 'f').column).toBe(12);
  });
});

describe('python call edge cases', () => {
  it('keeps a call applied to a call result and multi-line chains with comments', () => {
    const facts = parse(
      'from openai import OpenAI\nget_client()()\nresp = (\n    OpenAI()  # build\n    .chat\n    .completions.create(model="gpt-4o")\n)\n' +
        'x = client \\\n    .files.list()\n',
    );
    expect(facts.calls.map((c) => c.callee)).toEqual([
      'get_client()', 'get_client', 'OpenAI().chat.completions.create', 'OpenAI', 'client.files.list',
    ]);
    expect(call(facts, 'OpenAI().chat.completions.create').origin).toEqual({ module: 'openai', path: 'OpenAI().chat.completions.create' });
  });

  it('counts lambda arguments once and reads spaced keywords', () => {
    const facts = parse('reduce(lambda a, b: a + b, xs, initial = 0)\nsorted(d, key=lambda k, *r: k)\n');
    expect(call(facts, 'reduce').args).toEqual({ count: 3, positional: [], keys: ['initial'], values: { initial: 0 } });
    expect(call(facts, 'sorted').args.count).toBe(2);
  });

  it('reads literals with brackets, quotes and commas inside strings', () => {
    const facts = parse('f("a, (b", \'c")\', """d,\ne""", k="x]y", j=f"{a, b}", n=(1))\n');
    expect(call(facts, 'f').args).toEqual({
      count: 6,
      positional: [{ index: 0, value: 'a, (b' }, { index: 1, value: 'c")' }, { index: 2, value: 'd,\ne' }],
      keys: ['k', 'j', 'n'],
      values: { k: 'x]y', n: 1 },
    });
  });

  it('runs parameter defaults in the scope outside the def', () => {
    const facts = parse('class A:\n    def m(self, c=make()):\n        run()\n');
    expect(call(facts, 'make').enclosing).toBe('<module>');
    expect(call(facts, 'run').enclosing).toBe('A.m');
  });

  it('stays linear on long self-referential assignment chains', () => {
    const body = Array.from({ length: 40 }, () => '    ans = ans._fix(ctx)\n    other = ans.copy()\n').join('');
    const src = 'import decimal\n' + Array.from({ length: 60 }, (_, i) => `def f${i}(ans):\n${body}    return ans.done()\n`).join('');
    const t0 = performance.now();
    const facts = parse(src);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(facts.calls).toHaveLength(60 * 81);
  });

  it('traces names assigned through `global` in a function, also from other modules', async () => {
    const src = 'from openai import OpenAI\nclient = None\ndef init():\n    global client\n    client = OpenAI()\ndef ask():\n    return client.responses.create()\n';
    const { facts } = await program({ 'app/llm.py': src, 'app/use.py': 'from app.llm import client\nclient.embeddings.create()\n' });
    expect(call(facts.get('app/llm.py') as FileFacts, 'client.responses.create').origin).toEqual({ module: 'openai', path: 'OpenAI().responses.create' });
    expect(call(facts.get('app/use.py') as FileFacts, 'client.embeddings.create').origin).toEqual({ module: 'openai', path: 'OpenAI().embeddings.create' });
  });
});

describe('python origins', () => {
  it('resolves through import bindings', () => {
    const src = 'import openai\nfrom openai import OpenAI as O\nimport google.generativeai as genai\n' +
      'openai.api_key = "k"\nopenai.ChatCompletion.create(model="gpt-4")\nO()\ngenai.GenerativeModel("g").generate_content("x")\n' +
      'unknown.thing()\n';
    const facts = parse(src);
    expect(call(facts, 'openai.ChatCompletion.create').origin).toEqual({ module: 'openai', path: 'ChatCompletion.create' });
    expect(call(facts, 'O').origin).toEqual({ module: 'openai', path: 'OpenAI' });
    expect(call(facts, 'genai.GenerativeModel().generate_content').origin)
      .toEqual({ module: 'google.generativeai', path: 'GenerativeModel().generate_content' });
    expect(call(facts, 'unknown.thing').origin).toBeUndefined();
    expect('origin' in call(facts, 'unknown.thing')).toBe(false);
  });

  it('matches the longest imported dotted module for `import a.b.c`', () => {
    const facts = parse('import a.b.c\nimport a.b\na.b.c.f()\na.b.g()\na.x()\n');
    expect(call(facts, 'a.b.c.f').origin).toEqual({ module: 'a.b.c', path: 'f' });
    expect(call(facts, 'a.b.g').origin).toEqual({ module: 'a.b', path: 'g' });
    expect(call(facts, 'a.x').origin).toEqual({ module: 'a', path: 'x' });
  });

  it('follows assignments, including chained ones', () => {
    const src = 'from openai import OpenAI\nfrom langchain_openai import ChatOpenAI\n' +
      'client = OpenAI()\nc = client\nllm = ChatOpenAI(model="gpt-4o")\n' +
      'client.chat.completions.create(model="gpt-4o")\nc.embeddings.create(input="x")\nllm.invoke(x)\n';
    const facts = parse(src);
    expect(call(facts, 'client.chat.completions.create').origin)
      .toEqual({ module: 'openai', path: 'OpenAI().chat.completions.create' });
    expect(call(facts, 'c.embeddings.create').origin).toEqual({ module: 'openai', path: 'OpenAI().embeddings.create' });
    expect(call(facts, 'llm.invoke').origin).toEqual({ module: 'langchain_openai', path: 'ChatOpenAI().invoke' });
  });

  it('traces a boto3 bedrock client', () => {
    const src = 'import boto3\nbedrock = boto3.client("bedrock-runtime", region_name="us-east-1")\n' +
      'def ask(p):\n    return bedrock.invoke_model(modelId="anthropic.claude-3-haiku-20240307-v1:0", body=p)\n';
    const facts = parse(src);
    const invoke = call(facts, 'bedrock.invoke_model');
    expect(invoke.origin).toEqual({ module: 'boto3', path: 'client().invoke_model' });
    expect(invoke.args.values).toEqual({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0' });
    expect(call(facts, 'boto3.client').args.positional).toEqual([{ index: 0, value: 'bedrock-runtime' }]);
  });

  it('resolves `self.` attributes assigned anywhere in the class, and class-level fields', () => {
    const src = 'import anthropic\nfrom openai import AsyncOpenAI\n' +
      'class Bot:\n    oa: AsyncOpenAI\n    def run(self):\n        return self.client.messages.create(model="m")\n' +
      '    async def other(self):\n        await self.oa.chat.completions.create()\n' +
      '    def __init__(self):\n        self.client = anthropic.Anthropic()\n';
    const facts = parse(src);
    expect(call(facts, 'self.client.messages.create').origin).toEqual({ module: 'anthropic', path: 'Anthropic().messages.create' });
    expect(call(facts, 'self.oa.chat.completions.create').origin)
      .toEqual({ module: 'openai', path: 'AsyncOpenAI().chat.completions.create' });
  });

  it('reads a string joined with spaces around `+` and `%` as its parts', () => {
    const facts = parser.parse('app/llm.py', 'url = base.rstrip("/") + "/chat/completions"\nalt = "%s/v1/embeddings" % host\nn = a * b\n');
    const vars = facts.ir?.scopes[0]?.vars ?? {};
    expect(vars.url).toEqual([{ k: 'str', parts: [{ k: 'call', f: { k: 'get', o: { k: 'name', n: 'base' }, p: 'rstrip' }, a: [{ k: 'lit', v: '/' }] }, '/chat/completions'] }]);
    expect(vars.alt).toEqual([{ k: 'str', parts: [{ k: 'name', n: 'host' }, '/v1/embeddings'] }]);
    expect(vars.n).toEqual([{ k: '?' }]);
  });

  it('reads a connection a class shares through its class attribute, assigned in a method', () => {
    const src = 'class Store:\n    _conn = None\n    def __init__(self):\n        if Store._conn is None:\n            from opensearchpy import OpenSearch\n            Store._conn = OpenSearch()\n        self.client = Store._conn\n' +
      '    def find(self, body):\n        return self.client.search(body=body)\n';
    expect(call(parse(src), 'self.client.search').origin).toEqual({ module: 'opensearchpy', path: 'OpenSearch().search' });
  });

  it('uses annotations of parameters and variables as instances', () => {
    const src = 'from typing import Optional\nimport openai\nfrom openai import OpenAI, AsyncOpenAI\n' +
      'def f(client: OpenAI, other: Optional[openai.AsyncOpenAI] = None, *, third: "OpenAI", fourth: AsyncOpenAI | None = None):\n' +
      '    client.models.list()\n    other.files.list()\n    third.batches.list()\n    fourth.images.generate()\n' +
      'shared: AsyncOpenAI = make_client()\nshared.responses.create()\n';
    const facts = parse(src);
    expect(call(facts, 'client.models.list').origin).toEqual({ module: 'openai', path: 'OpenAI().models.list' });
    expect(call(facts, 'other.files.list').origin).toEqual({ module: 'openai', path: 'AsyncOpenAI().files.list' });
    expect(call(facts, 'third.batches.list').origin).toEqual({ module: 'openai', path: 'OpenAI().batches.list' });
    expect(call(facts, 'fourth.images.generate').origin).toEqual({ module: 'openai', path: 'AsyncOpenAI().images.generate' });
    expect(call(facts, 'shared.responses.create').origin).toEqual({ module: 'openai', path: 'AsyncOpenAI().responses.create' });
  });

  it('binds `with ... as` and `async with ... as` targets', () => {
    const src = 'from openai import OpenAI, AsyncOpenAI\nimport httpx\n' +
      'with OpenAI() as c:\n    c.files.list()\n' +
      'async def g():\n    async with AsyncOpenAI() as ac, httpx.AsyncClient() as http:\n        await ac.models.list()\n        await http.post("u")\n';
    const facts = parse(src);
    expect(call(facts, 'c.files.list').origin).toEqual({ module: 'openai', path: 'OpenAI().files.list' });
    expect(call(facts, 'ac.models.list').origin).toEqual({ module: 'openai', path: 'AsyncOpenAI().models.list' });
    expect(call(facts, 'http.post').origin).toEqual({ module: 'httpx', path: 'AsyncClient().post' });
  });

  it('resolves a lazy import inside a function', () => {
    const src = 'def complete(p):\n    import litellm\n    from anthropic import Anthropic\n' +
      '    r = litellm.completion(model="gpt-4o", messages=p)\n    return Anthropic().messages.create(model="m")\n';
    const facts = parse(src);
    expect(call(facts, 'litellm.completion').origin).toEqual({ module: 'litellm', path: 'completion' });
    expect(call(facts, 'Anthropic().messages.create').origin).toEqual({ module: 'anthropic', path: 'Anthropic().messages.create' });
  });

  it('prefers an assignment in the enclosing function over a module-level one, and the first traced one', () => {
    const src = 'from openai import OpenAI\nfrom anthropic import Anthropic\nimport os\n' +
      'client = OpenAI()\nclient = Anthropic()\n' +
      'def a():\n    client = Anthropic()\n    client.x()\n' +
      'def b():\n    client.y()\n' +
      'def c():\n    client = os.environ\n    client.z()\n';
    const facts = parse(src);
    expect(call(facts, 'client.x').origin).toEqual({ module: 'anthropic', path: 'Anthropic().x' });
    expect(call(facts, 'client.y').origin).toEqual({ module: 'openai', path: 'OpenAI().y' });
    expect(call(facts, 'client.z').origin).toEqual({ module: 'os', path: 'environ.z' });
  });

  // Flow-insensitive: every client a name is assigned is a candidate; the API called tells them apart.
  it('keeps every client a branch may assign (a client switched by a branch)', () => {
    const src = 'from openai import OpenAI\nfrom anthropic import Anthropic, AnthropicBedrock\n' +
      'def chat(use_openai, bedrock):\n    if use_openai:\n        client = OpenAI()\n        return client.chat.completions.create(model="gpt-4o")\n' +
      '    if bedrock:\n        client = AnthropicBedrock()\n    else:\n        client = Anthropic()\n    return client.messages.create(model="claude-3-5-sonnet-20240620")\n';
    const facts = parse(src);
    expect(call(facts, 'client.chat.completions.create').origin).toEqual({ module: 'openai', path: 'OpenAI().chat.completions.create' });
    expect([call(facts, 'client.messages.create').origin, ...(call(facts, 'client.messages.create').alternatives ?? [])]).toEqual([
      { module: 'openai', path: 'OpenAI().messages.create' },
      { module: 'anthropic', path: 'AnthropicBedrock().messages.create' },
      { module: 'anthropic', path: 'Anthropic().messages.create' },
    ]);
  });

  it('looks through a tracing wrapper to the client it wraps', () => {
    const src = 'from openai import OpenAI\nfrom langsmith.wrappers import wrap_openai\nimport opik.integrations.openai as o\n' +
      'client = wrap_openai(OpenAI())\ntracked = o.track_openai(OpenAI(), project_name="x")\nother = some_factory(OpenAI())\n' +
      'client.chat.completions.create(model="gpt-4o")\ntracked.responses.create(model="gpt-4o")\nother.chat.completions.create()\n';
    const facts = parse(src);
    expect(call(facts, 'client.chat.completions.create').origin).toEqual({ module: 'openai', path: 'OpenAI().chat.completions.create' });
    expect(call(facts, 'tracked.responses.create').origin).toEqual({ module: 'openai', path: 'OpenAI().responses.create' });
    expect(call(facts, 'other.chat.completions.create').origin).toBeUndefined();
  });

  it('traces factory functions and methods to the client they return', () => {
    const src = 'import os\nfrom openai import OpenAI, AzureOpenAI\n' +
      'def get_embeddings_client():\n    if os.environ.get("AZURE"):\n        client = AzureOpenAI()\n        return client\n    return OpenAI()\n' +
      'class Svc:\n    def client(self):\n        return OpenAI(base_url="http://localhost:4000")\n' +
      '    def run(self):\n        return self.client().chat.completions.create(model="gpt-4o")\n' +
      'def embed(texts):\n    c = get_embeddings_client()\n    return c.embeddings.create(input=texts, model="text-embedding-3-small")\n' +
      'def plain():\n    return 3\nplain().bit_length()\n';
    const facts = parse(src);
    expect(call(facts, 'c.embeddings.create').origin).toEqual({ module: 'openai', path: 'AzureOpenAI().embeddings.create' });
    expect(call(facts, 'self.client().chat.completions.create').origin).toEqual({ module: 'openai', path: 'OpenAI().chat.completions.create', via: 'http://localhost:4000' });
    expect(call(facts, 'plain().bit_length').origin).toBeUndefined();
  });

  it('follows a factory that returns values of different modules per branch to each of them', async () => {
    const { facts } = await program({
      'app/stores.py': 'import os\nfrom qdrant_client import QdrantClient\nfrom pinecone import Pinecone\n' +
        'def get_store():\n    if os.environ.get("DB") == "qdrant":\n        return QdrantClient()\n    return Pinecone()\n',
      'app/use.py': 'from app.stores import get_store\nget_store().search()\n',
    });
    const used = call(facts.get('app/use.py') as FileFacts, 'get_store().search');
    expect([used.origin, ...(used.alternatives ?? [])]).toEqual([
      { module: 'qdrant_client', path: 'QdrantClient().search' },
      { module: 'pinecone', path: 'Pinecone().search' },
    ]);
  });

  it('looks through functools.partial to the function it binds', () => {
    const src = 'from functools import partial\nimport functools\nfrom litellm import completion as litellm_completion\nimport litellm\n' +
      'class LLM:\n    def __init__(self):\n        self._completion = partial(litellm_completion, model="gpt-4o", drop_params=True)\n' +
      '    def ask(self, messages):\n        return self._completion(messages=messages)\n' +
      'embed = functools.partial(litellm.embedding, model="text-embedding-3-small")\nembed(input=["x"])\n';
    const facts = parse(src);
    expect(call(facts, 'self._completion').origin).toEqual({ module: 'litellm', path: 'completion' });
    expect(call(facts, 'embed').origin).toEqual({ module: 'litellm', path: 'embedding' });
  });

  it('does not let one function see another function\'s annotated parameter', () => {
    const src = 'from anthropic import Anthropic\ndef a(c: Anthropic):\n    pass\ndef b(c):\n    c.files.list()\n';
    expect(originOf(src, 'c.files.list')).toBeUndefined();
  });

  it('survives self-referential and cyclic assignments', () => {
    const src = 'import x\na = b\nb = a\na.f()\nc = c.g()\nc.h()\n';
    const facts = parse(src);
    expect(call(facts, 'a.f').origin).toBeUndefined();
    expect(call(facts, 'c.h').origin).toBeUndefined();
  });

  it('pairs tuple assignments and walrus targets', () => {
    const src = 'from openai import OpenAI\nimport anthropic\na, b = OpenAI(), anthropic.Anthropic()\n' +
      'a.models.list()\nb.models.list()\nif (w := OpenAI()):\n    w.files.list()\n';
    const facts = parse(src);
    expect(calls(facts, 'a.models.list')[0]?.origin).toEqual({ module: 'openai', path: 'OpenAI().models.list' });
    expect(calls(facts, 'b.models.list')[0]?.origin).toEqual({ module: 'anthropic', path: 'Anthropic().models.list' });
    expect(call(facts, 'w.files.list').origin).toEqual({ module: 'openai', path: 'OpenAI().files.list' });
  });
});

describe('python call arguments', () => {
  it('collects count, literal positionals with their index, keyword keys and literal values', () => {
    const facts = parse(
      'f("a", x, 3, -1.5, True, None, f"v{x}", ("con" "cat"), model="gpt-4o", temperature=0.2, stream=False, tools=t, seed=None)\n',
    );
    expect(call(facts, 'f').args).toEqual({
      count: 13,
      positional: [
        { index: 0, value: 'a' }, { index: 2, value: 3 }, { index: 3, value: -1.5 }, { index: 4, value: true },
        { index: 5, value: null }, { index: 7, value: 'concat' },
      ],
      keys: ['model', 'temperature', 'stream', 'tools', 'seed'],
      values: { model: 'gpt-4o', temperature: 0.2, stream: false, seed: null },
    });
  });

  it('reads the keys of dicts in a list passed positionally: the stages of a pipeline', () => {
    const facts = parse('coll.aggregate([{"$vectorSearch": {"index": "v", "limit": 5}}, {"$project": {"name": 1}}], session=s)\n');
    expect(call(facts, 'coll.aggregate').args.keys).toEqual(['$vectorSearch', '$project', 'session']);
  });

  it('reads string keys of dict literals passed directly, one level deep', () => {
    const facts = parse(
      'requests.post(url, json={"model": "gpt-4o", "messages": msgs, "options": {"deep": 1}}, headers=h)\n' +
        'g(**{"a": 1, "b": x}, **kw)\nh({"k": "v"})\n',
    );
    expect(call(facts, 'requests.post').args).toEqual({
      count: 3, positional: [], keys: ['json', 'model', 'messages', 'options', 'headers'], values: { model: 'gpt-4o' },
    });
    // `**kw` may carry any keyword
    expect(call(facts, 'g').args).toEqual({ count: 2, positional: [], keys: ['a', 'b'], values: { a: 1 }, opaque: true });
    expect(call(facts, 'h').args).toEqual({ count: 1, positional: [], keys: ['k'], values: { k: 'v' } });
  });

  it('handles empty, generator, splat and commented argument lists', () => {
    const facts = parse('a()\nb(x for x in y)\nc(*args, 0x1F, 1_000)\nd(\n    1,  # one\n    2,\n)\n__proto__(__proto__=1)\n');
    expect(call(facts, 'a').args.count).toBe(0);
    expect(call(facts, 'b').args.count).toBe(1);
    expect(call(facts, 'c').args).toEqual({ count: 3, positional: [{ index: 1, value: 31 }, { index: 2, value: 1000 }], keys: [], values: {}, opaque: true });
    expect(call(facts, 'd').args.positional).toEqual([{ index: 0, value: 1 }, { index: 1, value: 2 }]);
    const proto = call(facts, '__proto__').args;
    expect(proto.keys).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto.values)).toBe(Object.prototype);
  });

  it('decodes escapes in normal strings and leaves raw strings alone', () => {
    const facts = parse('f("a\\tb", r"a\\tb", "\\x41\\u00e9", b"x")\n');
    expect(call(facts, 'f').args.positional.map((p) => p.value)).toEqual(['a\tb', 'a\\tb', 'Aé', 'x']);
  });
});

describe('python strings', () => {
  it('keeps classified literals and drops docstrings', () => {
    const src = '"""Module doc: https://docs.example.com/x uses gpt-4o"""\nimport os\n' +
      'class A:\n    """https://class.example.com/doc"""\n    def m(self):\n        """gpt-4o"""\n        return "claude-3-5-sonnet-20240620"\n' +
      'def f():\n    # comment\n    """OPENAI_API_KEY"""\n    key = os.environ["OPENAI_API_KEY"]\n' +
      'URL = "https://api.openai.com/v1"\n"https://not-a-docstring.example.com"\nplain = "hello world"\n';
    expect(parse(src).strings).toEqual([
      { value: 'claude-3-5-sonnet-20240620', line: 7, kind: 'model-id' },
      { value: 'OPENAI_API_KEY', line: 11, kind: 'env-var' },
      { value: 'https://api.openai.com/v1', line: 12, kind: 'url' },
      { value: 'https://not-a-docstring.example.com', line: 13, kind: 'url' },
    ]);
  });

  it('treats implicit concatenation as one literal and keeps only URL prefixes of f-strings', () => {
    const src = 'a = ("https://api.anthropic.com"\n     "/v1/messages")\n' +
      'b = f"https://{host}/v1"\nc = f"https://api.mistral.ai/v1/{path}"\nd = f"gpt-{v}"\ne = f"gpt-4o-mini"\n' +
      'g = f"{base}" "https://x.example.com/a"\n';
    expect(parse(src).strings).toEqual([
      { value: 'https://api.anthropic.com/v1/messages', line: 1, kind: 'url' },
      { value: 'https://api.mistral.ai/v1/', line: 4, kind: 'url' },
      { value: 'gpt-4o-mini', line: 6, kind: 'model-id', context: { kind: 'assign', key: 'e' } },
    ]);
  });

  it('de-duplicates identical value and line but keeps other lines', () => {
    const facts = parse('x = ["gpt-4o", "gpt-4o"]\ny = "gpt-4o"\n');
    expect(facts.strings).toEqual([
      { value: 'gpt-4o', line: 1, kind: 'model-id', context: { kind: 'table' } },
      { value: 'gpt-4o', line: 2, kind: 'model-id', context: { kind: 'assign', key: 'y' } },
    ]);
  });
});

describe('python definitions', () => {
  it('lists functions, classes, methods and top-level variables with exported flags', () => {
    const src = 'import os\nMODEL = "gpt-4o"\n_cache = {}\na = b = 1\nx: int = 2\nif os.name:\n    CONDITIONAL = 1\n' +
      'def run():\n    local = 1\n    def inner():\n        pass\n' +
      'async def _helper():\n    pass\n' +
      'class Bot:\n    attr = 1\n    def ask(self):\n        pass\n    async def _private(self):\n        pass\n    class Inner:\n        def go(self):\n            pass\n' +
      'class _Hidden:\n    def visible(self):\n        pass\n';
    expect(parse(src).definitions).toEqual([
      { name: 'MODEL', kind: 'variable', line: 2, exported: true },
      { name: '_cache', kind: 'variable', line: 3, exported: false },
      { name: 'a', kind: 'variable', line: 4, exported: true },
      { name: 'b', kind: 'variable', line: 4, exported: true },
      { name: 'x', kind: 'variable', line: 5, exported: true },
      { name: 'CONDITIONAL', kind: 'variable', line: 7, exported: true },
      { name: 'run', kind: 'function', line: 8, exported: true },
      { name: '_helper', kind: 'function', line: 12, exported: false },
      { name: 'Bot', kind: 'class', line: 14, exported: true },
      { name: 'Bot.ask', kind: 'method', line: 16, exported: true },
      { name: 'Bot._private', kind: 'method', line: 18, exported: false },
      { name: 'Bot.Inner', kind: 'class', line: 20, exported: true },
      { name: 'Bot.Inner.go', kind: 'method', line: 21, exported: true },
      { name: '_Hidden', kind: 'class', line: 23, exported: false },
      { name: '_Hidden.visible', kind: 'method', line: 24, exported: false },
    ]);
  });

  it('uses __all__ for exported when present', () => {
    const src = '__all__ = ["run", "_special"]\n__all__ += ["Extra"]\ndef run(): pass\ndef other(): pass\ndef _special(): pass\nclass Extra: pass\n';
    const exported = Object.fromEntries(parse(src).definitions.map((d) => [d.name, d.exported]));
    expect(exported).toEqual({ __all__: false, run: true, other: false, _special: true, Extra: true });
  });

  it('lists a redefined name once', () => {
    const src = 'try:\n    def f(): pass\nexcept Exception:\n    def f(): pass\nX = 1\nX = 2\n';
    expect(parse(src).definitions).toEqual([
      { name: 'f', kind: 'function', line: 2, exported: true },
      { name: 'X', kind: 'variable', line: 5, exported: true },
    ]);
  });
});

describe('python decorators', () => {
  it('records name without call parens, origin, target and line', () => {
    const src = 'from langfuse.decorators import observe\nimport langfuse\nfrom langsmith import traceable\nfrom fastapi import FastAPI\n' +
      'app = FastAPI()\n' +
      '@observe()\ndef a(): pass\n' +
      '@traceable(name="x")\n@langfuse.observe\nasync def b(): pass\n' +
      '@app.post("/chat")\nasync def chat(): pass\n' +
      'class Svc:\n    @observe(as_type="generation")\n    def gen(self): pass\n' +
      '@dataclass\nclass Cfg: pass\n';
    expect(parse(src).decorators.map(({ f: _f, scope: _s, ...d }) => d)).toEqual([
      { name: 'observe', line: 6, origin: { module: 'langfuse.decorators', path: 'observe' }, target: 'a' },
      { name: 'traceable', line: 8, origin: { module: 'langsmith', path: 'traceable' }, target: 'b' },
      { name: 'langfuse.observe', line: 9, origin: { module: 'langfuse', path: 'observe' }, target: 'b' },
      { name: 'app.post', line: 11, origin: { module: 'fastapi', path: 'FastAPI().post' }, target: 'chat' },
      { name: 'observe', line: 14, origin: { module: 'langfuse.decorators', path: 'observe' }, target: 'Svc.gen' },
      { name: 'dataclass', line: 16, target: 'Cfg' },
    ]);
  });

  it('also reports decorator calls as calls in the outer scope', () => {
    const facts = parse('from langsmith import traceable\nclass A:\n    @traceable(name="x")\n    def m(self): pass\n');
    expect(call(facts, 'traceable')).toMatchObject({ line: 3, enclosing: '<module>', origin: { module: 'langsmith', path: 'traceable' } });
  });
});

describe('python module values', () => {
  it('lets other modules reach top-level names, re-exported imports and annotated values; not locals of functions', async () => {
    const src = 'import openai\nfrom openai import OpenAI\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from anthropic import Anthropic\n' +
      'client = OpenAI()\nasync_client: "openai.AsyncOpenAI" = build()\nplain = 3\nalias = client\n' +
      'def f():\n    import litellm\n    local = OpenAI()\n';
    const { facts } = await program({
      'app/llm.py': src,
      'app/use.py': 'from app.llm import openai, OpenAI, client, async_client, alias, local\n' +
        'openai.embeddings.create()\nOpenAI().files.list()\nclient.x()\nasync_client.y()\nalias.z()\nlocal.w()\n',
    });
    expect(facts.get('app/use.py')?.calls.map((c) => [c.callee, c.origin])).toEqual([
      ['openai.embeddings.create', { module: 'openai', path: 'embeddings.create' }],
      ['OpenAI().files.list', { module: 'openai', path: 'OpenAI().files.list' }],
      ['OpenAI', { module: 'openai', path: 'OpenAI' }],
      ['client.x', { module: 'openai', path: 'OpenAI().x' }],
      ['async_client.y', { module: 'openai', path: 'AsyncOpenAI().y' }],
      ['alias.z', { module: 'openai', path: 'OpenAI().z' }],
      ['local.w', undefined],
    ]);
  });
});

describe('python module resolution', () => {
  it('takes a package over a module of the same name beside it, as Python does', async () => {
    const { facts } = await program({
      'app/schemas/providers.py': 'from openai import OpenAI as Client\n',
      'app/schemas/providers/__init__.py': 'from anthropic import Anthropic as Client\n',
      'app/use.py': 'from app.schemas.providers import Client\nClient().messages.create()\n',
      'app/schemas/near.py': 'from .providers import Client\nClient().models.list()\n',
    });
    expect(facts.get('app/use.py')?.calls[0]?.origin).toEqual({ module: 'anthropic', path: 'Anthropic().messages.create' });
    expect(facts.get('app/schemas/near.py')?.calls[0]?.origin).toEqual({ module: 'anthropic', path: 'Anthropic().models.list' });
  });
});

describe('python robustness', () => {
  it('keeps partial facts and reports the first syntax error line', () => {
    const src = 'import openai\nclient = openai.OpenAI()\n\ndef broken(:\n    pass\n\nclient.models.list()\n';
    const facts = parse(src);
    expect(facts.parseError).toBe('syntax error at line 4');
    expect(facts.imports.map((i) => i.module)).toEqual(['openai']);
    expect(call(facts, 'client.models.list').origin).toEqual({ module: 'openai', path: 'OpenAI().models.list' });
  });

  it('reports a missing token', () => {
    const facts = parse('x = 1\ny = (2 + \nz = 3\n');
    expect(facts.parseError).toMatch(/^syntax error at line [23]$/);
  });

  it('returns empty facts for an empty file', () => {
    expect(parse('')).toEqual({
      path: 'app/llm.py', language: 'python', depth: 'full', imports: [], calls: [], strings: [], definitions: [], decorators: [], prompts: [],
      ir: { scopes: [{ name: '<module>', kind: 'module', parent: -1, line: 1, params: [], vars: {}, returns: [] }], classes: [] },
    });
  });

  it('does not throw on odd input', () => {
    const odd = [
      '\uFEFFimport openai\nopenai.x()\n',
      'x = "\u0000\uFFFD\uD800"\nf(\uDC00)\n',
      '\u0000\u0001\u0002\u00ff\u00fe'.repeat(1000),
      '((((((((((('.repeat(2000),
      'a' + '.b'.repeat(5000) + '()\n',
      'f(' + '"x" '.repeat(3000) + ')\n',
      '"""unterminated\nimport os\n',
      '\r\nimport os\r\nos.getcwd()\r\n',
    ];
    for (const src of odd) {
      const facts = parse(src);
      expect(facts.language).toBe('python');
      // Nesting past the parser's budget is read for imports only, and says so.
      if (src.startsWith('((((')) expect([facts.depth, facts.parseError]).toEqual(['light', expect.stringMatching(/brackets nested 22000 deep/)]);
      else expect(facts.depth).toBe('full');
    }
    const bom = parse(odd[0] ?? '');
    expect(bom.parseError).toBeUndefined();
    expect(bom.imports[0]?.module).toBe('openai');
    expect(parse('\uFEFFfoo()\n').calls[0]).toMatchObject({ line: 1, column: 1 });
    expect(call(parse(odd[7] ?? ''), 'os.getcwd').line).toBe(3);
  });

  it('returns a parseError rather than throwing after dispose', async () => {
    const own = await createPythonParser();
    own.dispose();
    own.dispose();
    expect(own.parse('a.py', 'import x\n').parseError).toBe('parser disposed');
  });
});

describe('python error handling and prompts', () => {
  it('marks calls inside a try body that has an except, in the same function', () => {
    const facts = parse(
      [
        'def run():',
        '    try:',
        '        a.create(**opts)',
        '        def later():',
        '            return c.create()',
        '        xs = [b.create(x) for x in items]',
        '    except Exception:',
        '        d.report()',
        '    try:',
        '        e.create()',
        '    finally:',
        '        f.close()',
        '',
      ].join('\n'),
    );
    const guarded = (callee: string) => call(facts, callee).guarded ?? false;
    expect(['a.create', 'b.create', 'c.create', 'd.report', 'e.create'].map(guarded)).toEqual([true, true, false, false, false]);
    expect(call(facts, 'a.create').args.opaque).toBe(true);
  });

  it('keeps long natural-language literals under prompt-like names, keys and keywords', () => {
    const text = 'You are a support agent for an invoicing product. Answer in two sentences, cite the help article you used, and never promise refunds.';
    const facts = parse(
      [
        `SYSTEM_PROMPT: str = """${text}"""`,
        `FOOTER = "${text}"`,
        `messages = [{"role": "system", "content": f"${text} {extra}"}]`,
        `client.responses.create(model="gpt-4o", instructions="${text}")`,
        'def f():',
        `    """${text}"""`,
        `QUERY_TEMPLATE = "SELECT id, name, created_at FROM invoices WHERE customer_id = %s AND status = %s ORDER BY created_at DESC LIMIT 50"`,
        '',
      ].join('\n'),
    );
    expect(facts.prompts).toEqual([
      { line: 1, name: 'SYSTEM_PROMPT', chars: text.length },
      // the f-string's literal text: the interpolation adds nothing
      { line: 3, name: 'content', chars: text.length + 1 },
      { line: 4, name: 'instructions', chars: text.length },
    ]);
  });
});
