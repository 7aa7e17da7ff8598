import type { ts as TsNamespace } from 'ts-morph';
import type { Node as PyNode } from 'web-tree-sitter';
import { classifyString, isModelSettingName } from '../catalog/strings.ts';
import type { StringContext } from '../facts/types.ts';
import type { Ts } from './ts-compiler.ts';

// Where a model-id literal stands, from the syntax around it: what separates an id the code sends
// (a call's argument, a default, a constant) from configuration data (a price or context-window map
// keyed by id, a list of supported models, a prefix check, the choices of a picker). Asked only for
// the few literals that look like model ids, so walking up the tree costs little.

/** Methods whose string argument is a test on a value, not a value: `model.startsWith('gpt-4')`. */
const COMPARE_METHOD = /^(startsWith|endsWith|includes|indexOf|lastIndexOf|match|test|has|localeCompare|startswith|endswith|find|rfind|index|count|search|fullmatch|__contains__|contains)$/;
/** Calls whose second argument is the fallback of a lookup: `os.getenv('M', 'gpt-4o')`, `settings.get('model', ...)`. */
const LOOKUP_WITH_DEFAULT = /^(get|getenv|setdefault|pop|getattr|get_env|env)$/;
/**
 * Calls that look a model up rather than call it: a tokenizer for its encoding, its context window, its
 * price. The id there is a key into data the product keeps, and changing the model changes nothing there.
 */
const MODEL_LOOKUP = /^_?(encoding_?[fF]or_?[mM]odel|get_?[eE]ncoding|get_?[tT]okenizer|count_?[tT]okens\w*|num_?[tT]okens\w*|token_?[cC]ounter|get_?[mM]odel_?[iI]nfo|get_?[mM]ax_?[tT]okens|get_?[cC]ontext_?\w*|[cC]ontext_?[wW]indow\w*|cost_?per_?token|completion_?cost)$/;
/**
 * Names of helpers that count, split or encode by tokens (`breakdown_to_token_limit`, `getTokenizerModel`,
 * `num_tokens_from_messages`), and of variables that hold a tokenizer's name (`gpt4oTokenizer`): the model
 * id there picks an encoding, it is not sent to a provider.
 */
const TOKEN_HELPER = /[tT]iktoken|[tT]okeni[sz]|(^|_)tokens?(_|$)|[a-z0-9]Tokens?([A-Z_]|$)|^tokens?[A-Z_]|[eE]ncod(ing|er)/;
const TOKENIZER_VARIABLE = /[tT]okeni[sz]er|[eE]ncod(ing|er)$/;

/** Calls whose first argument is a field's default: pydantic `Field('gpt-4o')`. */
const FIELD_CALL = /^(Field|field|Column|CharField|TextField)$/;

/** Keys that name the entry an object describes, and keys that label it: a model catalogue's `{ id, label }`. */
const ENTRY_ID = /^(id|model_?id|hosted_?id|value|key|slug)$/i;
const ENTRY_LABEL = /^(label|name|model_?name|display_?name|title|description)$/i;

const TABLE: StringContext = { kind: 'table' };

/** The id or label of an object that has both: a catalogue entry, whichever list or variable holds it. */
function isEntry(key: string | undefined, keys: readonly (string | undefined)[]): boolean {
  if (key === undefined || !(ENTRY_ID.test(key) || ENTRY_LABEL.test(key))) return false;
  return keys.some((k) => k !== undefined && ENTRY_ID.test(k)) && keys.some((k) => k !== undefined && ENTRY_LABEL.test(k));
}
const COMPARE: StringContext = { kind: 'compare' };

function isModelId(text: string): boolean {
  return classifyString(text) === 'model-id';
}

function lastName(text: string): string {
  const m = /([\w$]+)\s*$/.exec(text.replace(/\(\)$/, '').replace(/\?\.$/, ''));
  return m?.[1] ?? text;
}

// ---- TypeScript and JavaScript ---------------------------------------------------------------

/** Context of the literal `parents` ends under (innermost last; the literal itself is not in the list). */
export function tsStringContext(ts: Ts, sf: TsNamespace.SourceFile, literal: TsNamespace.Node, parents: readonly TsNamespace.Node[]): StringContext | undefined {
  let child = literal;
  // Once the literal is a property's value, the climb goes on through the literal the object sits in,
  // to tell a table's entry from one call's options or one object's property.
  let property: { key: string | undefined } | undefined;
  for (let i = parents.length - 1; i >= 0; i--) {
    const p = parents[i] as TsNamespace.Node;
    if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p) || ts.isTypeAssertionExpression(p) || ts.isNonNullExpression(p) || ts.isAwaitExpression(p) || (property && ts.isObjectLiteralExpression(p))) {
      child = p;
      continue;
    }
    if (ts.isArrayLiteralExpression(p)) {
      if (p.elements.length >= 2) return TABLE;
      child = p;
      continue;
    }
    if (ts.isCallExpression(p) || ts.isNewExpression(p)) {
      if (child === p.expression) return undefined;
      const callee = lastName(p.expression.getText(sf));
      if (!property && COMPARE_METHOD.test(callee)) return COMPARE;
      if (!property && MODEL_LOOKUP.test(callee)) return TABLE;
      return { ...withKey('call-arg', property?.key), callee };
    }
    if (ts.isPropertyAssignment(p)) {
      const key = nameText(ts, p.name);
      if (child === p.name || (key !== undefined && isModelId(key))) return TABLE;
      if (!property && tsEntryOfTable(ts, key, parents[i - 1])) return TABLE;
      property ??= { key };
      child = p;
      continue;
    }
    if (property) return withKey('assign', property.key);
    if (ts.isConditionalExpression(p)) {
      if (child === p.condition) return undefined;
      child = p;
      continue;
    }
    if (ts.isBinaryExpression(p)) {
      const op = p.operatorToken.kind;
      const S = ts.SyntaxKind;
      if (op === S.EqualsEqualsEqualsToken || op === S.ExclamationEqualsEqualsToken || op === S.EqualsEqualsToken || op === S.ExclamationEqualsToken || op === S.InKeyword) return COMPARE;
      if (child === p.left) return undefined;
      if (op === S.QuestionQuestionToken || op === S.BarBarToken) return { kind: 'default' };
      if (op === S.EqualsToken || op === S.QuestionQuestionEqualsToken || op === S.BarBarEqualsToken) return { kind: 'assign', key: lastName(p.left.getText(sf)) };
      return undefined;
    }
    if (ts.isCaseClause(p)) return COMPARE;
    if (ts.isElementAccessExpression(p)) return child === p.argumentExpression ? TABLE : undefined;
    if (ts.isParameter(p) && p.initializer === child && lookupFunction(ts, parents[i - 1])) return TABLE;
    if (ts.isParameter(p) || ts.isBindingElement(p) || ts.isPropertyDeclaration(p)) return p.initializer === child ? withKey('default', nameText(ts, p.name)) : undefined;
    if (ts.isVariableDeclaration(p)) {
      const key = nameText(ts, p.name);
      if (p.initializer !== child) return undefined;
      return key !== undefined && TOKENIZER_VARIABLE.test(key) ? TABLE : withKey('assign', key);
    }
    // `return 'gpt-4o'` from `getTokenizerModel()`: the encoding a lookup picks.
    if (ts.isReturnStatement(p)) return lookupFunction(ts, parents.slice(0, i).reverse().find((q) => ts.isFunctionLike(q))) ? TABLE : undefined;
    if (ts.isEnumMember(p) || ts.isLiteralTypeNode(p) || ts.isJsxAttribute(p)) return TABLE;
    return undefined;
  }
  return property ? withKey('assign', property.key) : undefined;
}

/**
 * A property's value that is an entry of a table by the object it sits in: the id or label of a
 * catalogue entry (`{ modelId, modelName }`), or one of several model ids under names that are not
 * settings (a map by provider or purpose). A settings object's `claudeModel` is a setting.
 */
function tsEntryOfTable(ts: Ts, key: string | undefined, object: TsNamespace.Node | undefined): boolean {
  // the tree has no parent pointers: the object is the node above the property
  if (!object || !ts.isObjectLiteralExpression(object)) return false;
  if (isEntry(key, object.properties.map((q) => (ts.isPropertyAssignment(q) ? nameText(ts, q.name) : undefined)))) return true;
  const entry = (q: TsNamespace.ObjectLiteralElementLike) => ts.isPropertyAssignment(q) && !isModelSettingName(nameText(ts, q.name) ?? '') && tsHoldsModelId(ts, q.initializer);
  return !isModelSettingName(key ?? '') && object.properties.filter(entry).length >= 2;
}

/** A model-id literal, or a list that starts with one: an entry of a map by provider or purpose. */
function tsHoldsModelId(ts: Ts, e: TsNamespace.Expression): boolean {
  const first = ts.isArrayLiteralExpression(e) ? e.elements[0] : e;
  return first !== undefined && ts.isStringLiteralLike(first) && isModelId(first.text);
}

/** A function declared with a token counter's or model lookup's name (`countTokens(text, model = 'gpt-4o')`). */
function lookupFunction(ts: Ts, fn: TsNamespace.Node | undefined): boolean {
  if (!fn || !(ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn))) return false;
  return fn.name !== undefined && ts.isIdentifier(fn.name) && (MODEL_LOOKUP.test(fn.name.text) || TOKEN_HELPER.test(fn.name.text));
}

function withKey(kind: StringContext['kind'], key: string | undefined): StringContext {
  return key === undefined ? { kind } : { kind, key };
}

function nameText(ts: Ts, name: TsNamespace.Node): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isPrivateIdentifier(name) ? name.text : undefined;
}

// ---- Python ------------------------------------------------------------------------------------

/** Context of a Python string node (tree-sitter), read from its ancestors. */
export function pyStringContext(literal: PyNode): StringContext | undefined {
  let child = literal;
  for (let p = literal.parent; p; child = p, p = p.parent) {
    switch (p.type) {
      case 'parenthesized_expression':
      case 'concatenated_string':
        continue;
      case 'conditional_expression':
        // `a if cond else b`: the condition is a test, the branches are values
        if (p.namedChildren[1]?.id === child.id) return undefined;
        continue;
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        if (p.namedChildCount >= 2) return TABLE;
        continue;
      case 'comparison_operator':
      case 'case_pattern':
      case 'case_clause':
        return COMPARE;
      case 'boolean_operator':
        return p.childForFieldName('right')?.id === child.id && p.childForFieldName('operator')?.type === 'or' ? { kind: 'default' } : undefined;
      case 'subscript':
      case 'type':
      case 'generic_type':
      case 'type_parameter':
        return p.childForFieldName('value')?.id === child.id ? undefined : TABLE;
      case 'argument_list':
        return pyArgument(p, child);
      case 'keyword_argument': {
        const key = p.childForFieldName('name')?.text;
        const call = p.parent?.parent;
        const callee = call?.type === 'call' ? lastName(call.childForFieldName('function')?.text ?? '') : undefined;
        if (key === 'default') return { kind: 'default', ...(callee ? { callee } : {}) };
        if (callee && MODEL_LOOKUP.test(callee)) return TABLE;
        return { ...withKey('call-arg', key), ...(callee ? { callee } : {}) };
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        // `def num_tokens(text, model="gpt-3.5-turbo")`: the model a token counter looks up, not one the product calls.
        const fn = p.parent?.parent;
        if (fn?.type === 'function_definition' && pyLookupFunction(fn)) return TABLE;
        return withKey('default', p.childForFieldName('name')?.text);
      }
      case 'assignment':
      case 'augmented_assignment':
      case 'named_expression': {
        const left = p.childForFieldName(p.type === 'named_expression' ? 'name' : 'left');
        if (!left || left.id === child.id) return undefined;
        const key = lastName(left.text);
        if (TOKENIZER_VARIABLE.test(key)) return TABLE;
        // `model: str = "gpt-4o"` in a class body: a dataclass, pydantic or settings field's default; a member of an
        // enum of model ids (`GPT_4O = "gpt-4o"`) is the registry itself, as a TypeScript enum's is.
        if (inClassBody(p)) return enumBody(p) ? TABLE : { kind: 'default', key };
        return { kind: 'assign', key };
      }
      case 'pair':
        if (p.childForFieldName('key')?.id === child.id) return TABLE;
        return pyPairContext(p);
      case 'return_statement': {
        let fn = p.parent;
        while (fn && fn.type !== 'function_definition') fn = fn.parent;
        return fn && pyLookupFunction(fn) ? TABLE : undefined;
      }
      default:
        return undefined;
    }
  }
  return undefined;
}

/** A token counter's or model lookup's definition (`def num_tokens(text, model="gpt-3.5-turbo")`). */
function pyLookupFunction(fn: PyNode): boolean {
  const name = fn.childForFieldName('name')?.text ?? '';
  return MODEL_LOOKUP.test(name) || TOKEN_HELPER.test(name);
}

function pyArgument(args: PyNode, child: PyNode): StringContext | undefined {
  const call = args.parent;
  if (call?.type !== 'call') return undefined;
  const callee = lastName(call.childForFieldName('function')?.text ?? '');
  if (COMPARE_METHOD.test(callee)) return COMPARE;
  if (MODEL_LOOKUP.test(callee)) return TABLE;
  const index = args.namedChildren.findIndex((a) => a?.id === child.id);
  if (index === 1 && LOOKUP_WITH_DEFAULT.test(callee)) return { kind: 'default', callee };
  if (index === 0 && FIELD_CALL.test(callee)) return { kind: 'default', callee };
  return { kind: 'call-arg', callee };
}

function pyPairContext(pair: PyNode): StringContext {
  const keyNode = pair.childForFieldName('key');
  const key = keyNode ? pyKeyText(keyNode) : undefined;
  if (key !== undefined && isModelId(key)) return TABLE;
  const dict = pair.parent;
  if (dict && isEntry(key, dict.namedChildren.map((q) => (q?.type === 'pair' ? pyKeyText(q.childForFieldName('key') ?? q) : undefined)))) return TABLE;
  const entry = (q: PyNode | null) => {
    const k = q?.type === 'pair' ? q.childForFieldName('key') : null;
    return k !== null && !isModelSettingName(pyKeyText(k) ?? '') && isModelIdNode(q?.childForFieldName('value') ?? null);
  };
  if (!isModelSettingName(key ?? '') && dict?.type === 'dictionary' && dict.namedChildren.filter(entry).length >= 2) return TABLE;
  let child: PyNode | null = dict;
  for (let p = dict?.parent ?? null; p && child; child = p, p = p.parent) {
    if (p.type === 'parenthesized_expression' || p.type === 'dictionary') continue;
    if (p.type === 'list' || p.type === 'tuple' || p.type === 'set') {
      if (p.namedChildCount >= 2) return TABLE;
      continue;
    }
    if (p.type === 'pair') {
      const outer = p.childForFieldName('key');
      if (outer && isModelId(pyKeyText(outer) ?? '')) return TABLE;
      continue;
    }
    if (p.type === 'keyword_argument' || p.type === 'argument_list') {
      const call = p.type === 'argument_list' ? p.parent : p.parent?.parent;
      const callee = call?.type === 'call' ? lastName(call.childForFieldName('function')?.text ?? '') : undefined;
      return { ...withKey('call-arg', key), ...(callee ? { callee } : {}) };
    }
    break;
  }
  return withKey('assign', key);
}

function pyKeyText(node: PyNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type !== 'string') return undefined;
  const m = /^[a-zA-Z]*(['"]{1,3})([\s\S]*)\1$/.exec(node.text);
  return m?.[2];
}

/** A model-id string, or a list or tuple that starts with one. */
function isModelIdNode(value: PyNode | null): boolean {
  const node = value?.type === 'list' || value?.type === 'tuple' ? value.namedChildren[0] ?? null : value;
  if (node?.type !== 'string') return false;
  const text = pyKeyText(node);
  return text !== undefined && isModelId(text);
}

/** The class around a class-body assignment derives from an enum (`class ModelType(str, Enum)`). */
function enumBody(assignment: PyNode): boolean {
  const cls = assignment.parent?.parent?.parent;
  return /\b(Enum|StrEnum|IntEnum)\b/.test(cls?.childForFieldName('superclasses')?.text ?? '');
}

function inClassBody(assignment: PyNode): boolean {
  const statement = assignment.parent;
  return statement?.type === 'expression_statement' && statement.parent?.type === 'block' && statement.parent.parent?.type === 'class_definition';
}
