import { type FileFacts, type ImportBinding, emptyFacts } from '../facts/types.ts';

// Imports without a syntax tree, for files that did not pass the word pre-filter. A character
// scanner finds logical statements (skipping strings and comments, joining bracketed and
// backslash-continued lines, splitting on `;` and after a compound header's `:`); only those
// starting with `import` or `from` are then read with regular expressions.

interface Statement {
  start: number;
  end: number;
  line: number;
  /** column of the first character; a statement after `if x:` on the same line counts as one deeper */
  indent: number;
  word: string;
}

const COMPOUND = new Set(['if', 'elif', 'else', 'try', 'except', 'finally', 'with', 'for', 'while', 'def', 'class', 'async', 'match', 'case']);
/** Runs of characters that cannot change the scanner's state. */
const PLAIN_RE = /[^\n#'"\\()[\]{};:]+/y;
const WORD_RE = /[A-Za-z_]\w*/y;
const IDENT = '[\\p{L}_][\\p{L}\\p{N}_]*';
const MODULE_RE = new RegExp(`^${IDENT}(\\.${IDENT})*$`, 'u');
const RELATIVE_RE = new RegExp(`^\\.+(${IDENT}(\\.${IDENT})*)?$`, 'u');
const ITEM_RE = new RegExp(`^(${IDENT}(?:\\s*\\.\\s*${IDENT})*)(?:\\s+as\\s+(${IDENT}))?$`, 'u');
/** `from` + dots + dotted name + `import` (whitespace before `import` unless the module ends with a dot). */
const FROM_RE = new RegExp(`^from\\s*((?:\\.\\s*)*(?:${IDENT}(?:\\s*\\.\\s*${IDENT})*)?)(?:\\s+|(?<=\\.))import\\b\\s*([\\s\\S]*)$`, 'u');
const TYPE_CHECKING_RE = /^if\s+(typing\.|t\.)?TYPE_CHECKING\s*$/;

export function pythonLightFacts(path: string, text: string): FileFacts {
  const facts = emptyFacts(path, 'python', 'light');
  if (!text.includes('import')) return facts;
  let typeCheckingIndent = -1;
  scanStatements(text, (stmt) => {
    if (typeCheckingIndent >= 0 && stmt.indent <= typeCheckingIndent) typeCheckingIndent = -1;
    if (stmt.word === 'if' && TYPE_CHECKING_RE.test(text.slice(stmt.start, stmt.end).trim())) {
      typeCheckingIndent = stmt.indent;
    } else if (stmt.word === 'import' || stmt.word === 'from') {
      const body = text.slice(stmt.start, stmt.end).replace(/#[^\n]*/g, '').replace(/\\\r?\n/g, ' ').trim();
      const typeOnly = typeCheckingIndent >= 0;
      for (const fact of stmt.word === 'import' ? plainImports(body) : fromImport(body)) {
        facts.imports.push({ ...fact, line: stmt.line, kind: 'static', typeOnly });
      }
    }
  });
  return facts;
}

interface Parsed {
  module: string;
  bindings: ImportBinding[];
}

function plainImports(body: string): Parsed[] {
  const out: Parsed[] = [];
  for (const item of body.slice('import'.length).split(',')) {
    const m = ITEM_RE.exec(item.trim());
    if (!m?.[1]) continue;
    const module = m[1].replace(/\s+/g, '');
    const local = m[2] ?? module.split('.')[0] ?? module;
    out.push({ module, bindings: [{ imported: '*', local }] });
  }
  return out;
}

function fromImport(body: string): Parsed[] {
  const m = FROM_RE.exec(body);
  if (!m?.[1] || m[2] === undefined) return [];
  const module = m[1].replace(/\s+/g, '');
  if (!MODULE_RE.test(module) && !RELATIVE_RE.test(module)) return [];
  let names = m[2].trim();
  if (names.startsWith('(')) names = names.slice(1, names.endsWith(')') ? -1 : undefined);
  const bindings: ImportBinding[] = [];
  for (const raw of names.split(',')) {
    const item = raw.trim();
    if (item === '*') {
      bindings.push({ imported: '*', local: '*' });
      continue;
    }
    const nm = ITEM_RE.exec(item);
    if (!nm?.[1]) continue;
    const imported = nm[1].replace(/\s+/g, '');
    bindings.push({ imported, local: nm[2] ?? imported });
  }
  return bindings.length > 0 ? [{ module, bindings }] : [];
}

// ---- scanner ----------------------------------------------------------------------------------

class Scanner {
  i = 0;
  line = 1;
  private depth = 0;
  private lineStart = 0;
  private pendingIndent: number | null = null;
  private current: Statement | null = null;

  constructor(private readonly src: string, private readonly emit: (s: Statement) => void) {}

  run(): void {
    const { src } = this;
    const n = src.length;
    while (this.i < n) {
      const c = src[this.i] as string;
      if (c === '\n') this.newline();
      else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') this.i++;
      else if (c === '#') this.i = indexOrEnd(src, '\n', this.i);
      else if (c === '\\' && (src[this.i + 1] === '\n' || src.startsWith('\r\n', this.i + 1))) this.continuation();
      else this.token(c);
    }
    this.close(n);
  }

  private newline(): void {
    if (this.depth === 0) {
      this.close(this.i);
      this.pendingIndent = null;
    }
    this.i++;
    this.line++;
    this.lineStart = this.i;
  }

  private continuation(): void {
    this.i += this.src[this.i + 1] === '\n' ? 2 : 3;
    this.line++;
    this.lineStart = this.i;
  }

  private token(c: string): void {
    if (!this.current) this.open();
    const stmt = this.current as Statement;
    if (c === '"' || c === "'") return this.skipString(c);
    if (c === '(' || c === '[' || c === '{') this.depth++;
    else if (c === ')' || c === ']' || c === '}') this.depth = Math.max(0, this.depth - 1);
    else if (this.depth === 0 && (c === ';' || (c === ':' && this.src[this.i + 1] !== '=' && COMPOUND.has(stmt.word)))) {
      this.close(this.i);
      this.pendingIndent = c === ':' ? stmt.indent + 1 : stmt.indent;
    } else {
      PLAIN_RE.lastIndex = this.i;
      if (PLAIN_RE.test(this.src)) {
        this.i = PLAIN_RE.lastIndex;
        return;
      }
    }
    this.i++;
  }

  private open(): void {
    WORD_RE.lastIndex = this.i;
    const word = WORD_RE.exec(this.src)?.[0] ?? '';
    const indent = this.pendingIndent ?? this.i - this.lineStart;
    this.current = { start: this.i, end: this.i, line: this.line, indent, word };
  }

  private close(end: number): void {
    if (!this.current) return;
    this.current.end = end;
    this.emit(this.current);
    this.current = null;
    this.depth = 0;
  }

  /** Moves past a string (any prefix was already consumed as plain text); an unterminated one ends at the newline. */
  private skipString(q: string): void {
    const { src } = this;
    const triple = src.startsWith(q + q + q, this.i);
    let j = this.i + (triple ? 3 : 1);
    for (;;) {
      const c = src[j];
      if (c === undefined) break;
      if (c === '\\') {
        if (src[j + 1] === '\n') this.line++;
        j += 2;
      } else if (c === q && (!triple || src.startsWith(q + q + q, j))) {
        j += triple ? 3 : 1;
        break;
      } else if (c === '\n') {
        if (!triple) break;
        this.line++;
        j++;
      } else {
        j++;
      }
    }
    this.i = Math.min(j, src.length);
  }
}

function indexOrEnd(src: string, needle: string, from: number): number {
  const j = src.indexOf(needle, from);
  return j < 0 ? src.length : j;
}

function scanStatements(src: string, emit: (s: Statement) => void): void {
  new Scanner(src, emit).run();
}
