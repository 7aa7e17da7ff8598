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

const FS_CODES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENAMETOOLONG: 'path too long',
  ELOOP: 'too many symbolic links',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'no such file or folder',
};

/**
 * A file-system failure (a folder we may not read, a full disk) is something the user can act on, not an
 * internal error: it becomes a UserError naming the path and the reason. Anything else is returned as is.
 */
export function userFacingError(err: unknown): unknown {
  if (err instanceof UserError || typeof err !== 'object' || err === null) return err;
  const code = 'code' in err && typeof err.code === 'string' ? err.code : '';
  const path = 'path' in err && typeof err.path === 'string' ? err.path : '';
  const reason = FS_CODES[code];
  if (!reason) return err;
  return new UserError(`${path ? `cannot use ${path}` : 'file system error'}: ${reason}`);
}
