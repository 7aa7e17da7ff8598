import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PythonParser, createPythonParser, pythonLightFacts } from '../../src/parse/python.ts';
import { resolveOne } from '../helpers/program.ts';

let parser: PythonParser;
beforeAll(async () => {
  parser = await createPythonParser();
});
afterAll(() => parser.dispose());

/** 5 header lines + 999 blocks of 5 lines = 5,000 lines (dense: ~58 chars and ~24 syntax nodes a line); 1 + 3 calls per block. */
function generate(): string {
  const lines = ['import openai', 'from openai import OpenAI', 'client = OpenAI()', '', ''];
  for (let i = 0; i < 999; i++) {
    lines.push(
      `def func_${i}(x: int, y="gpt-4o"):`,
      `    """Doc ${i}: https://docs.example.com/${i}"""`,
      '    r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": x}])',
      '    v = [a * 2 for a in range(10) if a % 3]',
      '    return r.choices[0].message.content + str(v) + f"{x} and {y}"',
    );
  }
  return lines.join('\n');
}

it('parses and extracts a generated 5,000-line file', () => {
  const src = generate();
  expect(src.split('\n')).toHaveLength(5000);
  for (let i = 0; i < 3; i++) parser.parse('warmup.py', src); // let the JIT settle, as in a long scan
  let facts = parser.parse('big.py', src);
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    facts = parser.parse('big.py', src);
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`python parse+extract, 5,000 lines (${src.length} chars): best of 3 ${best.toFixed(1)} ms`);
  expect(facts.parseError).toBeUndefined();
  expect(facts.calls).toHaveLength(1 + 999 * 3);
  const traced = resolveOne(facts).calls.filter((c) => c.origin?.path === 'OpenAI().chat.completions.create');
  expect(traced).toHaveLength(999);
  expect(facts.definitions.filter((d) => d.kind === 'function')).toHaveLength(999);
  expect(facts.strings).toHaveLength(2 * 999); // `gpt-4o` on each def line and each call line; docstrings dropped
});

it('scans imports of a generated 5,000-line file without a tree', () => {
  const src = generate();
  const t0 = performance.now();
  const facts = pythonLightFacts('big.py', src);
  const ms = performance.now() - t0;
  console.log(`python light imports, 5,000 lines: ${ms.toFixed(1)} ms`);
  expect(facts.imports.map((i) => i.module)).toEqual(['openai', 'openai']);
});
