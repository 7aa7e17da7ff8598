import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { describeFsError, errorCode } from '../errors.ts';

// Every file arch-audit reads from a scanned repository (or from its own cache) goes through here. The
// repository decides what its paths are: a FIFO would block a plain open forever, a symlink to /dev/zero
// would be read without end, a symlink to ~/.ssh would leak. So: lstat first, open without following a
// final symlink and without blocking, check the opened file really is a regular file, read at most a cap.

// O_NOFOLLOW and O_NONBLOCK do not exist on Windows, where FIFOs and symlinks behave differently anyway.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export type ReadRefusal = 'missing' | 'not-regular' | 'too-large' | 'unreadable';

export type ReadOutcome = { ok: true; bytes: Buffer } | { ok: false; reason: ReadRefusal; detail: string };

/** The bytes of a regular file, at most `maxBytes`; anything else (FIFO, device, symlink, too long a path) is refused with a reason. */
export function readRegularFile(path: string, maxBytes: number): ReadOutcome {
  let fd: number;
  try {
    const st = lstatSync(path);
    if (!st.isFile()) return { ok: false, reason: 'not-regular', detail: kindOf(st) };
    if (st.size > maxBytes) return { ok: false, reason: 'too-large', detail: `${st.size} bytes` };
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    return refusal(err);
  }
  try {
    // Swapped for something else between lstat and open: the descriptor tells what was opened.
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: 'not-regular', detail: kindOf(st) };
    const cap = Math.min(st.size, maxBytes) + 1;
    const buf = Buffer.allocUnsafe(cap);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, cap - n, null);
      if (got === 0) break;
      n += got;
      if (n === cap) break;
    }
    if (n > maxBytes) return { ok: false, reason: 'too-large', detail: `more than ${maxBytes} bytes` };
    return { ok: true, bytes: buf.subarray(0, n) };
  } catch (err) {
    return refusal(err);
  } finally {
    closeSync(fd);
  }
}

/** The text of a regular file (UTF-8, BOM kept), or null when it is not one or cannot be read. */
export function readRegularText(path: string, maxBytes: number): string | null {
  const r = readRegularFile(path, maxBytes);
  return r.ok ? r.bytes.toString('utf8') : null;
}

function refusal(err: unknown): ReadOutcome {
  const code = errorCode(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing', detail: 'no longer there' };
  // ELOOP: a symlink met by O_NOFOLLOW; ENXIO: a socket or a FIFO with no writer.
  if (code === 'ELOOP' || code === 'ENXIO') return { ok: false, reason: 'not-regular', detail: code === 'ELOOP' ? 'symbolic link' : 'special file' };
  return { ok: false, reason: 'unreadable', detail: describeFsError(err) };
}

function kindOf(st: { isSymbolicLink(): boolean; isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (st.isSymbolicLink()) return 'symbolic link';
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
  return 'special file';
}
