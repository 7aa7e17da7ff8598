import { describe, expect, it } from 'vitest';
import { pythonLightFacts } from '../../src/parse/python.ts';

const imports = (src: string) => pythonLightFacts('pkg/mod.py', src).imports;
const shape = (src: string) => imports(src).map((i) => [i.module, i.line, i.bindings, i.typeOnly]);

describe('pythonLightFacts', () => {
  it('returns light facts with imports only', () => {
    const facts = pythonLightFacts('pkg/mod.py', 'import openai\nopenai.x()\n');
    expect(facts).toEqual({
      path: 'pkg/mod.py', language: 'python', depth: 'light',
      imports: [{ module: 'openai', line: 1, bindings: [{ imported: '*', local: 'openai' }], kind: 'static', typeOnly: false }],
      calls: [], strings: [], definitions: [], decorators: [], prompts: [],
    });
  });

  it('reads plain, dotted and aliased imports, one fact per module', () => {
    expect(shape('import a, b as c\nimport google.generativeai as genai\nimport a.b.c\n')).toEqual([
      ['a', 1, [{ imported: '*', local: 'a' }], false],
      ['b', 1, [{ imported: '*', local: 'c' }], false],
      ['google.generativeai', 2, [{ imported: '*', local: 'genai' }], false],
      ['a.b.c', 3, [{ imported: '*', local: 'a' }], false],
    ]);
  });

  it('reads parenthesised from-imports over several lines, with comments and a trailing comma', () => {
    const src = 'from langchain_openai import (\n    ChatOpenAI,  # the chat model (main)\n    OpenAIEmbeddings as Emb,\n)\nx = 1\n';
    expect(shape(src)).toEqual([
      ['langchain_openai', 1, [{ imported: 'ChatOpenAI', local: 'ChatOpenAI' }, { imported: 'OpenAIEmbeddings', local: 'Emb' }], false],
    ]);
  });

  it('reads relative imports and wildcards', () => {
    const src = 'from . import llm\nfrom ..pkg.mod import z\nfrom .import y\nfrom .sub import (a as b)\nfrom x import *\n';
    expect(shape(src)).toEqual([
      ['.', 1, [{ imported: 'llm', local: 'llm' }], false],
      ['..pkg.mod', 2, [{ imported: 'z', local: 'z' }], false],
      ['.', 3, [{ imported: 'y', local: 'y' }], false],
      ['.sub', 4, [{ imported: 'a', local: 'b' }], false],
      ['x', 5, [{ imported: '*', local: '*' }], false],
    ]);
  });

  it('skips imports inside strings and comments', () => {
    const src = [
      '"""Usage:', '    import fake_docstring', 'from fake import x', '"""',
      '# import fake_comment',
      "s = 'import fake_single'; t = \"from fake import y\"",
      "u = f'''", 'import fake_fstring', "'''",
      'import real  # import fake_trailing',
      "v = 'it\\'s' ; import after_escape",
    ].join('\n');
    expect(imports(src).map((i) => [i.module, i.line])).toEqual([['real', 10], ['after_escape', 11]]);
  });

  it('handles indented, semicolon-separated, one-line compound and backslash-continued imports', () => {
    const src = 'def f():\n    import litellm\ntry: import ujson as json\nexcept ImportError: import json\nx = 1; import os\n' +
      'from openai \\\n    import OpenAI\nimports = 3\nfrom_x = 2\n';
    expect(imports(src).map((i) => [i.module, i.line])).toEqual([
      ['litellm', 2], ['ujson', 3], ['json', 4], ['os', 5], ['openai', 6],
    ]);
  });

  it('marks imports in an `if TYPE_CHECKING:` block as type-only', () => {
    const src = 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from openai import OpenAI\n\n    import anthropic\nelse:\n    import boto3\n' +
      'import litellm\nif typing.TYPE_CHECKING: import cohere\n';
    expect(imports(src).map((i) => [i.module, i.typeOnly])).toEqual([
      ['typing', false], ['openai', true], ['anthropic', true], ['boto3', false], ['litellm', false], ['cohere', true],
    ]);
  });

  it('ignores brackets in strings and keeps line numbers across multi-line constructs', () => {
    const src = 'x = call(\n    "(",\n    """\n)\n""",\n)\nimport after\ns = "unterminated\nimport next_line\n';
    expect(imports(src).map((i) => [i.module, i.line])).toEqual([['after', 7], ['next_line', 9]]);
  });

  it('returns nothing for files without imports and for garbage', () => {
    expect(imports('x = 1\n')).toEqual([]);
    expect(imports('')).toEqual([]);
    expect(imports('import\nfrom import x\nfrom . import\nimport 3x\n\u0000import\uD800')).toEqual([]);
  });

  it('agrees with CRLF line endings', () => {
    expect(imports('import a\r\nfrom b import (\r\n  c,\r\n  d)\r\n').map((i) => [i.module, i.line, i.bindings.length]))
      .toEqual([['a', 1, 1], ['b', 2, 2]]);
  });
});
