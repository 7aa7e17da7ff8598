import { randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.ts';
import { describeFsError, errorCode } from '../errors.ts';

// The one way arch-audit writes: reports, the facts cache, clone folders. A folder is verified (a real
// directory, not a symbolic link, not on a special file system), then each file is created exclusively
// under a fresh temporary name in it and renamed into place. rename(2) replaces a symlink at the final
// name rather than writing through it, so a link planted where a report goes cannot redirect the write.

const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

// Pseudo file systems where a write goes to the kernel, not to a file (and /proc/self/... can even loop).
const SPECIAL_ROOTS = process.platform === 'win32' ? [] : ['/proc', '/sys', '/dev'];
const SPECIAL_MAGIC = new Set([0x9fa0 /* proc */, 0x62656572 /* sysfs */, 0x64626720 /* debugfs */, 0x27e0eb /* cgroup */, 0x63677270 /* cgroup2 */]);

export interface VerifiedDir {
  /** the directory's real path */
  path: string;
  dev: number;
  ino: number;
}

/** `child` is `parent` or below it (both absolute, already real paths). */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of `path` or of its nearest existing ancestor, with the missing rest appended. */
export function realPathOf(path: string): string {
  const abs = resolve(path);
  let existing = abs;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const up = dirname(existing);
    if (up === existing) break;
    rest.unshift(existing.slice(up.length).replace(/^[/\\]+/, ''));
    existing = up;
  }
  let real = existing;
  try {
    real = realpathSync(existing);
  } catch {
    // unreadable ancestor: keep the path as given; the write will fail with a clear error
  }
  return rest.length > 0 ? join(real, ...rest) : real;
}

/** Refuses a folder on /proc, /sys, /dev or another pseudo file system, with a one-line reason. */
export function assertOrdinaryLocation(path: string, what: string): void {
  // Both the path as given (/proc/self/cwd/x leads back to an ordinary folder, but through /proc) and where it leads.
  for (const candidate of [resolve(path), realPathOf(path)]) {
    if (SPECIAL_ROOTS.some((root) => isInside(candidate, root))) {
      throw new UserError(`${what} ${path} is on a special file system (${candidate.split(sep).slice(0, 2).join(sep)}); choose an ordinary folder`);
    }
  }
  const real = realPathOf(path);
  let existing = real;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    if (SPECIAL_MAGIC.has(statfsSync(existing).type)) throw new UserError(`${what} ${path} is on a special file system; choose an ordinary folder`);
  } catch (err) {
    if (err instanceof UserError) throw err;
    // statfs unsupported here: the path check above stands
  }
}

/** Checks a folder before anything is scanned, without creating it: an ordinary location, and not a link or a file. */
export function preflightDir(dir: string, what: string): void {
  assertOrdinaryLocation(dir, what);
  let st;
  try {
    st = lstatSync(resolve(dir));
  } catch {
    return; // created when it is written to
  }
  if (st.isSymbolicLink()) throw new UserError(`${what} ${dir} is a symbolic link; give the folder it points to, or another one`);
  if (!st.isDirectory()) throw new UserError(`${what} ${dir} exists and is not a folder`);
}

/**
 * Makes sure `dir` is a real directory we may write into, creating missing parts one level at a time
 * (each new level checked as it is made). The last component must not be a symbolic link; the ancestors
 * are the user's own path and may be (macOS /tmp is one).
 */
export function verifyDir(dir: string, what: string): VerifiedDir {
  preflightDir(dir, what);
  const abs = resolve(dir);
  const missing: string[] = [];
  let existing = abs;
  while (!existsAsEntry(existing)) {
    missing.unshift(existing);
    const up = dirname(existing);
    if (up === existing) break;
    existing = up;
  }
  try {
    for (const level of missing) {
      try {
        mkdirSync(level);
      } catch (err) {
        if (errorCode(err) !== 'EEXIST') throw err;
      }
    }
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) throw new UserError(`${what} ${dir} is a symbolic link; give the folder it points to, or another one`);
    if (!st.isDirectory()) throw new UserError(`${what} ${dir} exists and is not a folder`);
    return { path: realpathSync(abs), dev: st.dev, ino: st.ino };
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot use ${what} ${dir}: ${describeFsError(err)}`);
  }
}

function existsAsEntry(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A sub-folder of a verified folder, verified the same way. */
export function verifySubdir(parent: VerifiedDir, name: string, what: string): VerifiedDir {
  assertPlainName(name);
  return verifyDir(join(parent.path, name), what);
}

/**
 * Writes `data` to `dir/name`: created exclusively under a temporary name (never through a link), then
 * renamed over whatever was there. Throws a UserError with a one-line reason.
 */
export function writeGuarded(dir: VerifiedDir, name: string, data: string | Uint8Array): string {
  assertPlainName(name);
  const target = join(dir.path, name);
  const tmp = join(dir.path, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, CREATE_FLAGS, 0o644);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    closeSync(fd);
    fd = null;
    // The folder must still be the one verified (not swapped for a link since).
    const now = lstatSync(dir.path);
    if (now.isSymbolicLink() || now.dev !== dir.dev || now.ino !== dir.ino) throw new UserError(`folder ${dir.path} changed while writing ${name}; nothing written`);
    renameSync(tmp, target);
    return target;
  } catch (err) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // not created, or already renamed
    }
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot write ${target}: ${describeFsError(err)}`);
  }
}

function assertPlainName(name: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) throw new Error(`not a plain file name: ${JSON.stringify(name)}`);
}
