/**
 * A problem with what the user asked for (a missing path, a bad flag, an unreachable URL).
 * The CLI prints its message as one line and exits 2, with no stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
