import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { type FileFacts, emptyFacts } from '../facts/types.ts';
import { extractPythonFacts } from './python-extract.ts';

export { pythonLightFacts } from './python-light.ts';

export interface PythonParser {
  parse(path: string, text: string): FileFacts;
  dispose(): void;
}

/** tree-sitter reads its input in chunks through a callback; 10k UTF-16 units matches its buffer. */
const CHUNK = 10 * 1024;
/**
 * Error recovery on pathological input (thousands of unclosed brackets) can take seconds for a few
 * kilobytes; real code parses at well under 1 ms per kilobyte, so this budget only stops the former.
 */
const BUDGET_BASE_MS = 500;
const BUDGET_MS_PER_CHAR = 2 / 1024;

let languagePromise: Promise<Language> | null = null;

/** The wasm runtime and grammar are loaded once per thread and shared by every parser. */
function loadPython(): Promise<Language> {
  languagePromise ??= (async () => {
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm');
    return Language.load(wasm);
  })();
  languagePromise.catch(() => {
    languagePromise = null; // let a later call retry instead of caching the failure
  });
  return languagePromise;
}

export async function createPythonParser(): Promise<PythonParser> {
  const language = await loadPython();
  const parser = new Parser();
  parser.setLanguage(language);
  let disposed = false;
  return {
    parse: (path, text) => {
      if (disposed) return { ...emptyFacts(path, 'python', 'full'), parseError: 'parser disposed' };
      return parseWith(parser, path, text);
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      parser.delete();
    },
  };
}

function parseWith(parser: Parser, path: string, text: string): FileFacts {
  // A BOM is not Python syntax and no editor counts it as a column.
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let tree: Tree | null = null;
  try {
    const deadline = performance.now() + BUDGET_BASE_MS + src.length * BUDGET_MS_PER_CHAR;
    tree = parser.parse((index) => (index < src.length ? src.slice(index, index + CHUNK) : ''), null, {
      progressCallback: () => performance.now() > deadline,
    });
    if (!tree) {
      parser.reset(); // a cancelled parse would otherwise resume on the next file
      return { ...emptyFacts(path, 'python', 'full'), parseError: 'parse timed out' };
    }
    const facts = extractPythonFacts(tree.rootNode, src, emptyFacts(path, 'python', 'full'));
    if (tree.rootNode.hasError) facts.parseError = `syntax error at line ${firstErrorLine(tree)}`;
    return facts;
  } catch (err) {
    parser.reset();
    const message = err instanceof Error ? err.message : String(err);
    return { ...emptyFacts(path, 'python', 'full'), parseError: `parse failed: ${message}` };
  } finally {
    tree?.delete();
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
