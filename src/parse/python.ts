import { createRequire } from 'node:module';
import type { Language, Parser, Tree } from 'web-tree-sitter';
import { type FileFacts, emptyFacts } from '../facts/types.ts';
import { extractPythonFacts } from './python-extract.ts';
import { pythonLightFacts } from './python-light.ts';

export { pythonLightFacts } from './python-light.ts';

export interface PythonParser {
  parse(path: string, text: string): FileFacts;
  dispose(): void;
  /** the wasm runtime failed under this parser: it must be dropped and a new one created for the next file */
  readonly broken: boolean;
}

/** tree-sitter reads its input in chunks through a callback; 10k UTF-16 units matches its buffer. */
const CHUNK = 10 * 1024;
/**
 * Error recovery on pathological input (thousands of unclosed brackets) can take seconds for a few
 * kilobytes; real code parses at well under 1 ms per kilobyte, so this budget only stops the former.
 */
const BUDGET_BASE_MS = 500;
const BUDGET_MS_PER_CHAR = 2 / 1024;

/**
 * Nesting the parser is trusted with. tree-sitter's Python scanner corrupts its wasm memory past a few
 * hundred indentation levels (600 levels: "memory access out of bounds", and every later parse fails);
 * real code stays far below this. Deeper files are read for their imports only and listed as errors.
 */
const MAX_INDENT_LEVELS = 100;
const MAX_BRACKET_DEPTH = 200;
/** Runtimes replaced after a failure before Python files are read for imports only, so a repository of broken files cannot grow memory without end. */
const MAX_REPLACEMENTS = 8;

type TreeSitter = typeof import('web-tree-sitter');
interface Runtime {
  ts: TreeSitter;
  language: Language;
}

let runtimePromise: Promise<Runtime> | null = null;
let replacements = 0;
// A runtime whose memory a parse corrupted is kept reachable for the life of the process: its objects'
// finalizers would free through that memory and crash the process from the garbage collector.
const quarantined: unknown[] = [];

/**
 * The wasm runtime and grammar are loaded once per thread and shared by every parser. After a failure a
 * fresh module instance (its own wasm memory) replaces the broken one: the CommonJS build is loaded
 * again from scratch, which the ES module cache would not allow.
 */
function loadPython(): Promise<Runtime> {
  runtimePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('web-tree-sitter');
    delete require.cache[entry];
    const ts = require(entry) as TreeSitter;
    await ts.Parser.init();
    const wasm = require.resolve('tree-sitter-python/tree-sitter-python.wasm');
    return { ts, language: await ts.Language.load(wasm) };
  })();
  runtimePromise.catch(() => {
    runtimePromise = null; // let a later call retry instead of caching the failure
  });
  return runtimePromise;
}

function retire(runtime: Runtime, parser: Parser): void {
  quarantined.push(runtime, parser);
  runtimePromise = null;
  replacements++;
}

/** `checkNesting: false` hands even the deepest file to tree-sitter (tests of the replacement use it). */
export async function createPythonParser(options: { checkNesting?: boolean } = {}): Promise<PythonParser> {
  if (replacements >= MAX_REPLACEMENTS) return importsOnlyParser(`Python parser stopped after ${MAX_REPLACEMENTS} failures in this scan`);
  const runtime = await loadPython();
  const parser = new runtime.ts.Parser();
  parser.setLanguage(runtime.language);
  let disposed = false;
  let broken = false;
  return {
    parse: (path, text) => {
      if (disposed) return { ...emptyFacts(path, 'python', 'full'), parseError: 'parser disposed' };
      if (broken) return { ...emptyFacts(path, 'python', 'full'), parseError: 'parser replaced after a failure' };
      const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      const tooDeep = options.checkNesting === false ? null : nestingBeyondBudget(src);
      if (tooDeep) return { ...pythonLightFacts(path, src), parseError: `${tooDeep}: read for imports only` };
      const out = parseWith(parser, path, src);
      if (out.failed) {
        broken = true;
        retire(runtime, parser);
      }
      return out.facts;
    },
    dispose: () => {
      if (disposed || broken) return;
      disposed = true;
      parser.delete();
    },
    get broken() {
      return broken;
    },
  };
}

function importsOnlyParser(reason: string): PythonParser {
  return { parse: (path, text) => ({ ...pythonLightFacts(path, text), parseError: `${reason}: read for imports only` }), dispose: () => {}, broken: false };
}

/** Indentation levels and bracket depth beyond the budget, as a reason; null within it. A line scan, no parse. */
export function nestingBeyondBudget(src: string): string | null {
  const indents: number[] = [0];
  let maxIndent = 0;
  let brackets = 0;
  let maxBrackets = 0;
  for (const line of src.split('\n')) {
    if (brackets === 0) {
      let width = 0;
      let i = 0;
      for (; i < line.length; i++) {
        const c = line.charCodeAt(i);
        if (c === 32) width++;
        else if (c === 9) width += 8 - (width % 8);
        else break;
      }
      const rest = line.charCodeAt(i);
      if (i < line.length && rest !== 35 /* # */ && rest !== 13) {
        while (indents.length > 1 && (indents[indents.length - 1] ?? 0) > width) indents.pop();
        if (width > (indents[indents.length - 1] ?? 0)) indents.push(width);
        if (indents.length - 1 > maxIndent) maxIndent = indents.length - 1;
      }
    }
    let quote = '';
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quote) {
        if (ch === '\\') i++;
        else if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '#') break;
      else if (ch === '(' || ch === '[' || ch === '{') {
        if (++brackets > maxBrackets) maxBrackets = brackets;
      } else if ((ch === ')' || ch === ']' || ch === '}') && brackets > 0) brackets--;
    }
  }
  if (maxIndent > MAX_INDENT_LEVELS) return `indentation ${maxIndent} levels deep (the parser's budget is ${MAX_INDENT_LEVELS})`;
  if (maxBrackets > MAX_BRACKET_DEPTH) return `brackets nested ${maxBrackets} deep (the parser's budget is ${MAX_BRACKET_DEPTH})`;
  return null;
}

/** `failed`: the parser threw, so its runtime may be corrupt and must not parse again. */
function parseWith(parser: Parser, path: string, src: string): { facts: FileFacts; failed: boolean } {
  let tree: Tree | null = null;
  try {
    const deadline = performance.now() + BUDGET_BASE_MS + src.length * BUDGET_MS_PER_CHAR;
    tree = parser.parse((index) => (index < src.length ? src.slice(index, index + CHUNK) : ''), null, {
      progressCallback: () => performance.now() > deadline,
    });
    if (!tree) {
      parser.reset(); // a cancelled parse would otherwise resume on the next file
      return { facts: { ...emptyFacts(path, 'python', 'full'), parseError: 'parse timed out' }, failed: false };
    }
    const facts = extractPythonFacts(tree.rootNode, src, emptyFacts(path, 'python', 'full'));
    if (tree.rootNode.hasError) facts.parseError = `syntax error at line ${firstErrorLine(tree)}`;
    tree.delete();
    return { facts, failed: false };
  } catch (err) {
    // The tree and parser are not freed: touching wasm memory after a trap can trap again.
    if (tree) quarantined.push(tree);
    const message = err instanceof Error ? err.message : String(err);
    return { facts: { ...emptyFacts(path, 'python', 'full'), parseError: `parse failed: ${message}` }, failed: true };
  }
}

/**
 * Follows the first child that is or contains an error, so the line is the first one in the file.
 * A cursor keeps this linear: Node.nextSibling re-walks from the root and is quadratic on deep trees.
 */
function firstErrorLine(tree: Tree): number {
  const cursor = tree.walk();
  try {
    for (;;) {
      if (!cursor.gotoFirstChild()) return cursor.startPosition.row + 1;
      for (;;) {
        if (cursor.nodeType === 'ERROR' || cursor.nodeIsMissing) return cursor.startPosition.row + 1;
        if (cursor.currentNode.hasError) break;
        if (!cursor.gotoNextSibling()) {
          cursor.gotoParent();
          return cursor.startPosition.row + 1;
        }
      }
    }
  } finally {
    cursor.delete();
  }
}
