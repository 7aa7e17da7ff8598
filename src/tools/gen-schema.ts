import { writeFileSync } from 'node:fs';
import { reportJsonSchema } from '../report/schema.ts';
import { configJsonSchema } from '../settings/schema.ts';

// Regenerates the committed JSON Schemas from their zod sources: report.json's, and the config file's
// (at the repository's root, where a config's `$schema` can point).
export const SCHEMA_FILE = new URL('../report/report.schema.json', import.meta.url);
export const CONFIG_SCHEMA_FILE = new URL('../../arch-audit.config.schema.json', import.meta.url);

export function schemaText(): string {
  return `${JSON.stringify({ title: 'arch-audit report', ...(reportJsonSchema() as object) }, null, 2)}\n`;
}

export function configSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  writeFileSync(SCHEMA_FILE, schemaText());
  writeFileSync(CONFIG_SCHEMA_FILE, configSchemaText());
  process.stdout.write('wrote src/report/report.schema.json and arch-audit.config.schema.json\n');
}
