import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError, errorMessage } from '../errors.ts';
import type { Rule } from './define-rule.ts';
import { RuleMetaSchema, type RuleMeta } from './meta.ts';

export interface LoadedRule {
  meta: RuleMeta;
  check: Rule['check'];
  /** the rule's thresholds, with their defaults; absent when it has none */
  options?: OptionsSchema;
  /** where it came from: `builtin` or the folder given with --rules */
  origin: string;
}

/** What the engine needs of a rule's options schema. */
export interface OptionsSchema {
  shape: Record<string, unknown>;
  safeParse(value: unknown): { success: true; data: Record<string, unknown> } | { success: false; error: { issues: { path: PropertyKey[]; message: string; code: string; keys?: string[] }[] } };
}

export const BUILTIN_RULES_DIR = new URL('../../rules/', import.meta.url);

const ENTRY_NAMES = ['rule.ts', 'rule.mts', 'rule.js', 'rule.mjs'];

/** Every `<dir>/<rule-id>/rule.(ts|js)`; folders starting with `_` are templates and skipped. */
export async function loadRules(dir: string, origin: string): Promise<LoadedRule[]> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`rules folder not found: ${origin}`);
  const rules: LoadedRule[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('_') || name.startsWith('.')) continue;
    const folder = join(dir, name);
    if (!statSync(folder).isDirectory()) continue;
    const entry = ENTRY_NAMES.map((e) => join(folder, e)).find((p) => existsSync(p));
    if (!entry) throw new UserError(`invalid rule ${origin}/${name}: no rule.ts or rule.js in the folder`);
    rules.push(await loadRule(entry, name, origin));
  }
  return rules;
}

async function loadRule(entry: string, folderName: string, origin: string): Promise<LoadedRule> {
  const where = `${origin}/${folderName}`;
  let mod: { default?: unknown };
  try {
    mod = (await importRuleModule(entry)) as { default?: unknown };
  } catch (err) {
    throw new UserError(`invalid rule ${where}: cannot load ${basename(entry)}: ${firstLine(errorMessage(err))}`);
  }
  // A .ts rule outside any `"type": "module"` package is compiled as CommonJS: its default export arrives one level down.
  const outer = mod.default as (Partial<Rule> & { default?: Partial<Rule> }) | undefined;
  const rule = typeof outer?.check === 'function' ? outer : outer?.default;
  if (!rule || typeof rule !== 'object' || typeof rule.check !== 'function') {
    throw new UserError(`invalid rule ${where}: ${basename(entry)} must default-export defineRule({ meta, check })`);
  }
  const parsed = RuleMetaSchema.safeParse(rule.meta);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'meta'}: ${i.message}`).join('; ');
    throw new UserError(`invalid rule ${where}: ${issues}`);
  }
  if (parsed.data.id !== folderName) throw new UserError(`invalid rule ${where}: meta.id "${parsed.data.id}" must equal its folder name`);
  // A rule from --rules brings its own copy of zod: its options are recognised by shape, not by class.
  const options = rule.options as Partial<OptionsSchema> | undefined;
  if (options !== undefined && (typeof options.safeParse !== 'function' || typeof options.shape !== 'object')) throw new UserError(`invalid rule ${where}: options must be a zod object schema`);
  return { meta: parsed.data, check: rule.check.bind(rule), origin, ...(options ? { options: options as OptionsSchema } : {}) };
}

// A rule written in TypeScript, loaded by the built (JavaScript) command: tsx compiles it on the fly.
async function importRuleModule(entry: string): Promise<unknown> {
  const url = pathToFileURL(resolve(entry)).href;
  if (/\.m?ts$/.test(entry) && !import.meta.url.endsWith('.ts')) {
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(url, import.meta.url);
  }
  return import(url);
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
