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

const FS_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENAMETOOLONG: 'path too long',
  ELOOP: 'too many symbolic links',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'already exists',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** The `code` of a Node system error (`ENOENT`), or ''. */
export function errorCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : '';
}

/** A file-system error as a short phrase (`path too long`), never a stack. */
export function describeFsError(err: unknown): string {
  return FS_REASONS[errorCode(err)] ?? (err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err));
}

/**
 * A file-system failure (a folder we may not read, a full disk) is something the user can act on, not an
 * internal error: it becomes a UserError naming the path and the reason. Anything else is returned as is.
 */
export function userFacingError(err: unknown): unknown {
  if (err instanceof UserError || typeof err !== 'object' || err === null) return err;
  const reason = FS_REASONS[errorCode(err)];
  if (!reason) return err;
  const path = 'path' in err && typeof err.path === 'string' ? err.path : '';
  return new UserError(`${path ? `cannot use ${path}` : 'file system error'}: ${reason}`);
}
