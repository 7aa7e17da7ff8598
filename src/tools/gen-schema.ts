import { writeFileSync } from 'node:fs';
import { reportJsonSchema } from '../report/schema.ts';

// Regenerates the committed JSON Schema of report.json from its zod source.
export const SCHEMA_FILE = new URL('../report/report.schema.json', import.meta.url);

export function schemaText(): string {
  return `${JSON.stringify({ title: 'arch-audit report', ...(reportJsonSchema() as object) }, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  writeFileSync(SCHEMA_FILE, schemaText());
  process.stdout.write('wrote src/report/report.schema.json\n');
}
