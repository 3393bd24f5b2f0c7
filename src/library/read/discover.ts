import { isUtf8 } from 'node:buffer';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import type { Warning } from '../../types.js';

export interface FoundFile {
  /** Absolute path as reached from the root (not resolved through links). */
  path: string;
  /** Path relative to the root, `/`-separated. */
  relPath: string;
}

export interface Discovery {
  files: FoundFile[];
  warnings: Warning[];
}

const ARTICLE = /\.(md|markdown)$/i;

/**
 * Walks the library root and returns every article file below it. This is the
 * one place that walks the disk. Folders starting with `.` and `node_modules`
 * are skipped; a symbolic link is followed only when its target stays inside
 * the root, and each real folder is visited once, so loops end.
 */
export function discover(root: string): Discovery {
  const realRoot = realpathSync(root);
  const files: FoundFile[] = [];
  const warnings: Warning[] = [];
  const visited = new Set<string>([realRoot]);
  // A file reached twice (once directly, once through a link) is one article.
  const seenFiles = new Set<string>();
  const addFile = (path: string, relPath: string, real: string): void => {
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push({ path, relPath });
  };

  const isInside = (real: string): boolean => real === realRoot || real.startsWith(realRoot + sep);

  // `realDir` is `dir` with links resolved, so a file's real path costs no
  // system call; `relDir` is `dir` relative to the root, `/`-separated.
  const walk = (dir: string, realDir: string, relDir: string): void => {
    let entries;
    try {
      // Names as bytes: a name that is not UTF-8 would come back with U+FFFD, a path that does not exist.
      entries = readdirSync(dir, { withFileTypes: true, encoding: 'buffer' }).map((entry) => ({ entry, name: entry.name.toString() }));
    } catch (error) {
      warnings.push({ file: dir, reason: `cannot read folder: ${reason(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { entry, name } of entries) {
      const path = dir + sep + name;
      const relPath = relDir === '' ? name : `${relDir}/${name}`;
      if (!isUtf8(entry.name)) {
        if (entry.isDirectory() || ARTICLE.test(name)) {
          warnings.push({ file: path, reason: `its name is not UTF-8 (bad bytes shown as U+FFFD); skipped: rename the ${entry.isDirectory() ? 'folder' : 'file'} to read it` });
        }
        continue;
      }
      if (entry.isDirectory()) {
        if (skipFolder(name)) continue;
        const real = realDir + sep + name;
        if (visited.has(real)) continue;
        visited.add(real);
        walk(path, real, relPath);
      } else if (entry.isFile()) {
        if (ARTICLE.test(name)) addFile(path, relPath, realDir + sep + name);
      } else if (entry.isSymbolicLink()) {
        followLink(path, relPath, name);
      } else if (ARTICLE.test(name)) {
        warnings.push({ file: path, reason: 'not a regular file (a FIFO, socket or device); skipped' });
      }
    }
  };

  const followLink = (path: string, relPath: string, name: string): void => {
    let real: string;
    try {
      real = realpathSync(path);
    } catch (error) {
      if (ARTICLE.test(name)) warnings.push({ file: path, reason: `broken symbolic link: ${reason(error)}` });
      return;
    }
    if (!isInside(real)) {
      warnings.push({ file: path, reason: 'symbolic link leads outside the library; skipped' });
      return;
    }
    let stats;
    try {
      stats = statSync(real);
    } catch (error) {
      // Gone (or made unreadable) between the two calls: the rest of the library is still listed.
      if (ARTICLE.test(name)) warnings.push({ file: path, reason: `broken symbolic link: ${reason(error)}` });
      return;
    }
    if (stats.isDirectory()) {
      if (skipFolder(name) || visited.has(real)) return;
      visited.add(real);
      walk(path, real, relPath);
    } else if (ARTICLE.test(name)) {
      if (stats.isFile()) addFile(path, relPath, real);
      else warnings.push({ file: path, reason: 'not a regular file (a FIFO, socket or device); skipped' });
    }
  };

  walk(root.endsWith(sep) && root.length > 1 ? root.slice(0, -1) : root, realRoot, '');
  return { files, warnings };
}

function skipFolder(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}


const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'no such file',
  ELOOP: 'too many levels of symbolic links',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
};

/** An error from the file system in words, for a message. */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined ? REASONS[code] : undefined) ?? code ?? String(error);
}

export { reason as describeFsError };
