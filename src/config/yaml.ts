import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';

// YAML configuration (CI workflows, compose files, Kubernetes manifests, model registries) read as data
// with the `yaml` package, then copied into a small tree of plain objects that keeps a line for every node:
// rules quote lines as evidence, and the readers never see aliases, merge keys or the library's classes.

export type YamlValue = YamlMap | YamlSeq | YamlScalar;

export interface YamlScalar {
  kind: 'scalar';
  value: string | number | boolean | null;
  line: number;
  /** source offsets of the scalar as written (quotes and block indicators included); for a missing value, the key's */
  start: number;
  end: number;
}

export interface YamlSeq {
  kind: 'seq';
  items: YamlValue[];
  line: number;
}

export interface YamlEntry {
  key: string;
  /** line of the key */
  line: number;
  value: YamlValue;
}

export interface YamlMap {
  kind: 'map';
  entries: YamlEntry[];
  line: number;
}

export type YamlParse = { ok: true; documents: YamlValue[] } | { ok: false; line: number; message: string };

/**
 * Every document of a YAML stream (`---` separates Kubernetes objects), with aliases and `<<` merge keys
 * resolved, or the first error with its line. YAML 1.2 core schema, as GitHub Actions, Compose and
 * Kubernetes read it: `on:` is the string "on", not `true`. A key written twice is read as PyYAML reads
 * it, the last one wins: a model registry loaded by Python works with it.
 */
export function parseYaml(text: string): YamlParse {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: true, uniqueKeys: false });
  const documents: YamlValue[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
      // The library appends the location and a code excerpt; the first clause is the reason.
      const message = (error.message.split('\n')[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, '');
      return { ok: false, line, message };
    }
    const reader = new TreeReader(lineCounter);
    if (doc.contents) documents.push(reader.read(doc.contents, 0));
  }
  return { ok: true, documents };
}

/** The one-line reason a YAML file was not read, for `errors[]`. */
export function yamlProblem(failure: { line: number; message: string }, what: string): string {
  return `invalid YAML at line ${failure.line} (${failure.message.charAt(0).toLowerCase()}${failure.message.slice(1)}): ${what} not read`;
}

// Aliases share the tree they point to, so a document of nested aliases ("billion laughs") stays small in
// memory; readers that walk everything go through `walk`, which stops after a budget of nodes.
const MAX_DEPTH = 200;

class TreeReader {
  private readonly anchors = new Map<string, YamlValue>();

  constructor(private readonly lines: LineCounter) {}

  read(node: unknown, depth: number): YamlValue {
    if (depth > MAX_DEPTH) return this.empty(node);
    if (isAlias(node)) return this.anchors.get(node.source) ?? this.empty(node);
    let value: YamlValue;
    if (isMap(node)) {
      const entries: YamlEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        const keyNode = isScalar(key) || isMap(key) || isSeq(key) || isAlias(key) ? key : null;
        const keyLine = this.lineOf(keyNode) ?? this.lineOf(node) ?? 1;
        const read = pair.value === null || pair.value === undefined ? this.missing(keyNode, keyLine) : this.read(pair.value, depth + 1);
        if (isScalar(key) && (typeof key.value === 'symbol' || key.source === '<<')) {
          // `<<: *defaults` or `<<: [*a, *b]`: earlier maps' entries, overridden by the keys written here.
          for (const merged of read.kind === 'seq' ? read.items : [read]) if (merged.kind === 'map') entries.push(...merged.entries);
          continue;
        }
        entries.push({ key: keyText(key), line: keyLine, value: read });
      }
      // A later key wins, as in the library's own `toJS`: keep the last entry of each key.
      const last = new Map(entries.map((e, i) => [e.key, i]));
      value = { kind: 'map', entries: entries.filter((e, i) => last.get(e.key) === i), line: this.lineOf(node) ?? 1 };
    } else if (isSeq(node)) {
      value = { kind: 'seq', items: node.items.map((item) => this.read(item, depth + 1)), line: this.lineOf(node) ?? 1 };
    } else if (isScalar(node)) {
      const raw = node.value;
      const scalar = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' || raw === null ? raw : raw === undefined ? null : String(raw);
      const [start, end] = node.range ?? [0, 0];
      value = { kind: 'scalar', value: scalar, line: this.lineOf(node) ?? 1, start, end };
    } else {
      value = this.empty(node);
    }
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) this.anchors.set(anchor, value);
    return value;
  }

  private lineOf(node: Node | null | undefined): number | undefined {
    const start = node?.range?.[0];
    return start === undefined ? undefined : this.lines.linePos(start).line;
  }

  private empty(node: unknown): YamlScalar {
    const start = (node as Node | null)?.range?.[0] ?? 0;
    return { kind: 'scalar', value: null, line: this.lines.linePos(start).line, start, end: start };
  }

  /** `workflow_dispatch:` with nothing after it: a null at the key. */
  private missing(key: Node | null, line: number): YamlScalar {
    const end = key?.range?.[1] ?? 0;
    return { kind: 'scalar', value: null, line, start: end, end };
  }
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  if (isAlias(key)) return `*${key.source}`;
  return String(key);
}

// ---- reading the tree ----------------------------------------------------------------------------------

export function get(value: YamlValue | undefined, key: string): YamlValue | undefined {
  return value?.kind === 'map' ? value.entries.find((e) => e.key === key)?.value : undefined;
}

export function entry(value: YamlValue | undefined, key: string): YamlEntry | undefined {
  return value?.kind === 'map' ? value.entries.find((e) => e.key === key) : undefined;
}

export function entries(value: YamlValue | undefined): YamlEntry[] {
  return value?.kind === 'map' ? value.entries : [];
}

/** Items of a sequence; a single value stands for a list of one (`branches: main`). */
export function items(value: YamlValue | undefined): YamlValue[] {
  if (value === undefined) return [];
  if (value.kind === 'seq') return value.items;
  if (value.kind === 'scalar' && value.value === null) return [];
  return [value];
}

/** A scalar as text (`3.11` and `true` as written in YAML terms); undefined for maps, sequences and nulls. */
export function text(value: YamlValue | undefined): string | undefined {
  return value?.kind === 'scalar' && value.value !== null ? String(value.value) : undefined;
}

/** The strings of a scalar or a sequence of scalars (`command: ["vllm", "serve"]`). */
export function texts(value: YamlValue | undefined): string[] {
  return items(value).flatMap((v) => text(v) ?? []);
}

const WALK_BUDGET = 200_000;

/** Every map entry and scalar in the tree, depth first, visiting at most a budget of nodes. */
export function walk(root: YamlValue, visit: { entry?: (e: YamlEntry, parent: YamlMap) => void; scalar?: (s: YamlScalar) => void }): void {
  let budget = WALK_BUDGET;
  const stack: YamlValue[] = [root];
  while (stack.length > 0 && budget-- > 0) {
    const v = stack.pop() as YamlValue;
    if (v.kind === 'scalar') visit.scalar?.(v);
    else if (v.kind === 'seq') for (let i = v.items.length - 1; i >= 0; i--) stack.push(v.items[i] as YamlValue);
    else {
      for (const e of v.entries) visit.entry?.(e, v);
      for (let i = v.entries.length - 1; i >= 0; i--) stack.push((v.entries[i] as YamlEntry).value);
    }
  }
}
