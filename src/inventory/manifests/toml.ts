import { parse, TomlError } from 'smol-toml';

export type Table = { [key: string]: unknown };

export type TomlResult = { ok: true; root: Table } | { ok: false; error: string };

export function readToml(text: string): TomlResult {
  try {
    // Dropping `__proto__`/`constructor` keys keeps a hostile manifest from reaching object prototypes.
    return { ok: true, root: parse(text.replace(/^\uFEFF/, ''), { unsafeKeyBehaviour: 'drop' }) };
  } catch (err) {
    if (err instanceof TomlError) {
      const reason = (err.message.split('\n')[0] ?? '').replace(/^Invalid TOML document:\s*/, '');
      return { ok: false, error: `invalid TOML at line ${err.line}, column ${err.column}: ${reason}` };
    }
    return { ok: false, error: `invalid TOML: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** A TOML table; dates parse to objects too, so plain-object prototype is the test. */
export function isTable(value: unknown): value is Table {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** Walks nested tables; undefined as soon as a key is missing or is not a table. */
export function tableAt(root: Table, ...keys: string[]): Table | undefined {
  let current: Table = root;
  for (const key of keys) {
    const next = Object.hasOwn(current, key) ? current[key] : undefined;
    if (!isTable(next)) return undefined;
    current = next;
  }
  return current;
}

/** The string items of an array; other shapes are ignored rather than failing the whole file. */
export function stringItems(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function stringAt(table: Table | undefined, key: string): string | undefined {
  const value = table && Object.hasOwn(table, key) ? table[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}
