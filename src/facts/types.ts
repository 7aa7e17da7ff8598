// The fact model: what parsing extracts from each file, once, for every rule to share.
// Per-file facts are plain JSON so they can cross worker threads and live in the blob cache.

import type { Expr, ProgramIR } from '../resolve/ir.ts';

export type Language = 'typescript' | 'javascript' | 'python';

/**
 * Where a value comes from, relative to an imported module.
 * `path` is the member path from the module's namespace, with `()` after every segment that was
 * called or constructed: `OpenAI().chat.completions.create` for `new OpenAI().chat.completions.create`,
 * `chat.completions.create` for `openai.chat.completions.create` after `import openai`,
 * `default().messages.create` for a JS default import that was constructed.
 */
export interface Origin {
  module: string;
  path: string;
  /** where the client was pointed when it was built: a base URL, or the package of the model handed to it */
  via?: string;
}

export interface ImportBinding {
  /** exported name; `*` for a namespace (`import * as x`, Python `import x`), `default` for a JS default import */
  imported: string;
  local: string;
}

export interface ImportFact {
  /** as written: `openai`, `@ai-sdk/openai`, `./llm`, `langchain_openai`, `.llm`, `..core.chat` */
  module: string;
  line: number;
  bindings: ImportBinding[];
  kind: 'static' | 'require' | 'dynamic' | 'reexport';
  typeOnly: boolean;
  /** the scope (index into the file's `ir.scopes`) whose names it binds, when not the module: a lazy import inside a function */
  scope?: number;
}

export type Literal = string | number | boolean | null;

export interface CallArgs {
  /** number of arguments */
  count: number;
  /** positional arguments that are literals, in order; non-literals are omitted but keep their index */
  positional: { index: number; value: Literal }[];
  /** keys of object-literal arguments (TS/JS) or keyword arguments (Python) */
  keys: string[];
  /** literal values of those keys where the value is a literal (`model: 'gpt-4o'`, `base_url="..."`) */
  values: Record<string, Literal>;
  /** options this parse cannot see: a spread (`...params`, `**kwargs`) or a non-literal options argument */
  opaque?: true;
}

export interface CallFact {
  /** callee chain as written, normalised: `client.chat.completions.create`, `genai.GenerativeModel().generate_content`, `fetch` */
  callee: string;
  line: number;
  column: number;
  /** where the callee comes from, when the resolve stage traced it to an external package */
  origin?: Origin;
  /** other external values the callee may hold (`if aws: c = AnthropicBedrock() else: c = Anthropic()`) */
  alternatives?: Origin[];
  /** `new X(...)` rather than `X(...)` */
  isNew: boolean;
  args: CallArgs;
  /** name of the enclosing function or method, `<module>` at top level */
  enclosing: string;
  /** inside a `try` with a handler in the same function, or followed by `.catch(...)` */
  guarded?: true;
  /** written in the module's `if __name__ == "__main__":` block: runs only when the file is run as a script */
  main?: true;
  /** the callee as an expression, for the resolve stage (full parses only) */
  f?: Expr;
  /** positional arguments as expressions */
  a?: Expr[];
  /** keyword arguments as expressions (Python) */
  kw?: Record<string, Expr>;
  /** mappings passed as `**kwargs` (Python) */
  sp?: Expr[];
  /** index of the enclosing scope in the file's `ir.scopes` */
  scope?: number;
}

export type StringKind = 'url' | 'model-id' | 'env-var' | 'health-route';

export interface StringFact {
  value: string;
  line: number;
  kind: StringKind;
  /** where a model-id literal stands (set for model ids only, by the full parsers) */
  context?: StringContext;
  /** a model id written in the module's `if __name__ == "__main__":` block */
  main?: true;
}

/**
 * Where a literal stands, which tells an id the code sends from configuration data: `call-arg` an argument
 * or keyword of a call; `default` a parameter, field or setting default (an environment fallback too);
 * `table` a key, element or entry of a literal with several entries (price and context-window maps, model
 * lists, choices, literal types); `compare` a comparison, membership or prefix test; `assign` a plain
 * assignment, or a property of a single object.
 */
export interface StringContext {
  kind: 'call-arg' | 'default' | 'table' | 'compare' | 'assign';
  /** the keyword, property, parameter or variable it is given to (`model`, `DEFAULT_MODEL`) */
  key?: string;
  /** the last name of the callee, for `call-arg` */
  callee?: string;
}

/** A long natural-language literal held where prompts go: a `system`/`prompt`/`content` value, a `*_PROMPT` constant. */
export interface PromptFact {
  line: number;
  /** the key or variable it was found under */
  name: string;
  /** length of its literal text (template parts included) */
  chars: number;
}

export interface DefinitionFact {
  name: string;
  kind: 'function' | 'class' | 'method' | 'variable';
  line: number;
  exported: boolean;
}

export interface DecoratorFact {
  /** decorator callee chain: `observe`, `traceable`, `app.post` */
  name: string;
  line: number;
  origin?: Origin;
  /** name of the decorated function or class */
  target: string;
  /** the decorator as an expression and the scope it stands in, for the resolve stage */
  f?: Expr;
  scope?: number;
}

export interface FileFacts {
  path: string;
  language: Language;
  /** `full`: parsed with the syntax tree; `light`: only imports from a cheap pass (did not pass the word pre-filter) */
  depth: 'full' | 'light';
  imports: ImportFact[];
  calls: CallFact[];
  strings: StringFact[];
  definitions: DefinitionFact[];
  decorators: DecoratorFact[];
  prompts: PromptFact[];
  /** the program summary the resolve stage reads (full parses only) */
  ir?: ProgramIR;
  /** set when the file could not be parsed; the other arrays are then empty or partial */
  parseError?: string;
}

export function emptyFacts(path: string, language: Language, depth: FileFacts['depth']): FileFacts {
  return { path, language, depth, imports: [], calls: [], strings: [], definitions: [], decorators: [], prompts: [] };
}
