import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { readRegularFile } from '../io/regular-file.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import type { OptionsSchema } from '../engine/load.ts';
import { CONFIG_FILE, ConfigSchema, type Config } from './schema.ts';

const MAX_CONFIG_BYTES = 1_000_000;

export interface LoadedConfig {
  /** where it was read from, absolute */
  path: string;
  config: Config;
  /** the file as written, for the lines reports point at */
  text: string;
  /** each rule's options as the config sets them, checked against the rule's schema, defaults filled in */
  ruleOptions: Map<string, Record<string, unknown>>;
}

/**
 * The config that applies to a scan of `root`: `arch-audit.config.json` in the folder or the nearest folder
 * above it, up to `top` (the repository's top, where a monorepo keeps one for all its apps).
 */
export function findConfig(root: string, top: string): string | undefined {
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (dir === resolve(top) || dirname(dir) === dir || relative(resolve(top), dir).startsWith('..')) return undefined;
  }
}

/** Reads, parses (comments and trailing commas allowed) and checks a config; every problem at once, in one line. */
export function loadConfig(path: string, shownAs: string, ruleIds: readonly string[], optionSchemas: ReadonlyMap<string, OptionsSchema> = new Map()): LoadedConfig {
  const read = readRegularFile(path, MAX_CONFIG_BYTES);
  if (!read.ok) throw new UserError(`cannot read ${shownAs}: ${read.reason === 'missing' ? 'no such file' : read.detail}`);
  const text = read.bytes.toString('utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(stripJsonc(text));
  } catch (err) {
    throw new UserError(`${shownAs} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = ConfigSchema.safeParse(json);
  const problems = parsed.success ? [] : parsed.error.issues.flatMap((i) => describeIssue(i));
  problems.push(...unknownRules(json, ruleIds));
  const ruleOptions = new Map<string, Record<string, unknown>>();
  for (const [id, set] of Object.entries(parsed.success ? parsed.data.rules ?? {} : {})) {
    if (typeof set === 'string' || set.options === undefined || !ruleIds.includes(id)) continue;
    const schema = optionSchemas.get(id);
    if (!schema) {
      problems.push(`rules.${id}.options: the rule takes no options`);
      continue;
    }
    const checked = schema.safeParse(set.options);
    if (checked.success) ruleOptions.set(id, checked.data);
    else problems.push(...checked.error.issues.flatMap((i) => optionProblem(`rules.${id}.options`, i, Object.keys(schema.shape))));
  }
  problems.sort();
  if (problems.length > 0) throw new UserError(`${shownAs}: ${problems.length === 1 ? '' : `${problems.length} problems: `}${problems.join('; ')}`);
  return { path, config: parsed.data as Config, text, ruleOptions };
}

function optionProblem(at: string, issue: { path: PropertyKey[]; message: string; code: string; keys?: string[] }, known: string[]): string[] {
  const where = [at, ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    return (issue.keys ?? []).map((k) => {
      const hint = didYouMean(k, known);
      return `${where}: unknown option "${k}"${hint ? ` (did you mean "${hint}"?)` : ''} (options: ${known.join(', ')})`;
    });
  }
  return [`${where}: ${issue.message}`];
}

/** Keys the config knows at a path, for "did you mean": read from the schema itself. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  let at: z.ZodType | undefined = ConfigSchema;
  for (const key of path) {
    const s = unwrap(at);
    at = s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>)[String(key)] : s instanceof z.ZodArray ? (s.element as z.ZodType) : undefined;
  }
  const s = unwrap(at);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  return s instanceof z.ZodOptional ? unwrap(s.unwrap() as z.ZodType) : s;
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the top level';
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => {
      const hint = didYouMean(k, knownKeys(issue.path));
      return `${at === 'the top level' ? '' : `${at}: `}unknown key "${k}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
    });
  }
  // `"failOn": "urgent"` against a union of literals: say what is allowed.
  if (issue.code === 'invalid_union') {
    const allowed = issue.errors.flat().flatMap((e) => (e.code === 'invalid_value' ? e.values.map(String) : []));
    if (allowed.length > 0) return [`${at}: expected one of ${allowed.join(', ')}`];
  }
  return [`${at}: ${issue.message}`];
}

/** Rule ids the config names that no loaded rule has; read from the raw JSON, so they are told beside any other problem. */
function unknownRules(json: unknown, ruleIds: readonly string[]): string[] {
  const known = new Set(ruleIds);
  const raw = (typeof json === 'object' && json !== null ? json : {}) as { rules?: unknown; accept?: unknown };
  const rules = typeof raw.rules === 'object' && raw.rules !== null && !Array.isArray(raw.rules) ? Object.keys(raw.rules) : [];
  const accept = Array.isArray(raw.accept) ? raw.accept : [];
  const named = [
    ...rules.map((id) => ({ id, at: `rules.${id}` })),
    ...accept.flatMap((a: unknown, i) => (typeof a === 'object' && a !== null && typeof (a as { rule?: unknown }).rule === 'string' ? [{ id: (a as { rule: string }).rule, at: `accept.${i}.rule` }] : [])),
  ];
  return named.filter((n) => !known.has(n.id)).map((n) => {
    const hint = didYouMean(n.id, ruleIds);
    return `${n.at}: unknown rule "${n.id}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
  });
}

/** JSON with comments (`//`, `/* *\/`) and trailing commas, as editors write it: the comments blanked, line numbers kept. */
export function stripJsonc(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i] as string;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === ',' && /^\s*[}\]]/.test(text.slice(i + 1, i + 200).replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ''))) {
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
