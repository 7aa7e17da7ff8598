import type { z } from 'zod';
import { UserError } from '../errors.ts';
import { readRegularFile } from './regular-file.ts';

const MAX_REPORT_BYTES = 200_000_000;

/**
 * A report.json the user names (a baseline, one side of a diff), read through the shape the caller needs:
 * a missing file, a file that is not JSON, or one of another shape is one clear UserError.
 */
export function readReportJson<T>(path: string, shownAs: string, schema: z.ZodType<T>, asWhat: string): T {
  const read = readRegularFile(path, MAX_REPORT_BYTES);
  if (!read.ok) throw new UserError(`cannot read ${asWhat}${shownAs}: ${read.reason === 'missing' ? 'no such file' : read.detail}`);
  let json: unknown;
  try {
    json = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    throw new UserError(`${asWhat}${shownAs} is not JSON (give a report.json written by arch-audit)`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(`${asWhat}${shownAs} is not an arch-audit report.json: ${issue?.message ?? 'unexpected shape'}${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}`);
  }
  return parsed.data;
}
