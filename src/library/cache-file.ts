import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * kiosk's own cache files, read as the untrusted input they are: anyone or
 * anything (a full disk, a crash, a hand edit, another program) may have
 * changed them. A file is read only when it is a regular file of bounded
 * size (a FIFO or a link to /dev/zero where a cache should be would hang or
 * read forever), and its body only when its checksum still matches (a
 * flipped bit is not served). Callers then validate every record.
 *
 * On disk: one line of JSON header (what the caller puts there, plus the
 * checksum and the time of writing), then the body.
 */

/** Larger cache files are not read (and get rebuilt); a JavaScript string holds at most 512 Mi characters. */
const MAX_BYTES = 256 * 1024 * 1024;

export interface CacheFile {
  header: Record<string, unknown>;
  body: string;
  /** When the file was written (ms since the epoch), by the clock of the process that wrote it. */
  writtenAt: number;
}

/** The file at `path`, or null when it is missing, not a regular file, too large, damaged or not a cache file. */
export function readCacheFile(path: string): CacheFile | null {
  let bytes: Buffer;
  try {
    bytes = readRegularFile(path);
  } catch {
    return null;
  }
  const newline = bytes.indexOf(0x0a);
  if (newline === -1) return null;
  let header: unknown;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, newline));
  } catch {
    return null;
  }
  if (!isRecord(header) || typeof header.sum !== 'number' || typeof header.writtenAt !== 'number' || !Number.isFinite(header.writtenAt)) return null;
  const body = bytes.subarray(newline + 1);
  if (checksum(body) !== header.sum) return null;
  return { header, body: body.toString('utf8'), writtenAt: header.writtenAt };
}

/** Reads a whole regular file of at most MAX_BYTES without following a link or waiting on a FIFO. */
function readRegularFile(path: string): Buffer {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > MAX_BYTES) throw new Error('not a cache file');
    const bytes = Buffer.alloc(stats.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a cache file through a temporary file and a rename, so a reader
 * sees the old file or the new one, never half of one; one that cannot be
 * written (a full disk, a read-only folder) is simply not kept.
 */
export function writeCacheFile(path: string, header: Record<string, unknown>, body: string): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, encodeCacheFile({ ...header, writtenAt: Date.now() }, body), { flag: 'wx' });
    renameSync(temporary, path);
  } catch {
    rmSync(temporary, { force: true });
  }
}

/** A cache file's bytes: the header (with `writtenAt`) and the body's checksum on the first line, then the body. */
export function encodeCacheFile(header: Record<string, unknown> & { writtenAt: number }, body: string): Buffer {
  const bytes = Buffer.from(body);
  return Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, sum: checksum(bytes) })}\n`), bytes]);
}

/** FNV-1a, 32 bits: enough to tell a damaged file from a sound one, and no module to load. */
function checksum(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The folder with links resolved, even when it does not exist yet: its
 * nearest existing ancestor is resolved and the rest appended.
 */
export function realFolder(path: string): string {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(realpathSync(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      missing.push(basename(current));
      current = parent;
    }
  }
}
