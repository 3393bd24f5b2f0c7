
/**
 * The one place kiosk writes. Output goes whole to stdout or through a pager;
 * a reader that goes away (`kiosk read x | head -3`) ends kiosk quietly.
 */

export interface Writable {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Keeps a failed write from crashing kiosk with a stack trace: Node reports
 * EPIPE, ENOSPC (`> /dev/full`) or EIO as an `error` event, possibly after
 * the write's callback, so the listener stays for the life of the stream.
 * The write's own callback carries the error to writeAll, which says it.
 */
export function ignoreClosedPipe(stream: Writable): void {
  stream.on('error', () => {
    // Reported by writeAll, or nothing to report (a closed pipe).
  });
}

/** Writes all of `text` and resolves once it is handed to the OS; a closed pipe is not an error. */
export function writeAll(stream: Writable, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => {
      if (error && !isClosedPipe(error)) reject(error);
      else resolve();
    });
  });
}

function isClosedPipe(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/** Where kiosk hears Ctrl-C: the process, or a test's stand-in. */
export interface Signals {
  on(event: 'SIGINT', listener: () => void): unknown;
  removeListener(event: 'SIGINT', listener: () => void): unknown;
}

/** How paging went: shown, or why not (the caller then prints directly). */
export type Paged = { shown: true } | { shown: false; problem: string };

/**
 * Shows `text` through the pager command. A pager that cannot start, or
 * fails (a shell error, `false`), has not shown the text: the caller prints
 * it directly. One stopped by a signal was left by the reader. While the
 * pager runs, Ctrl-C belongs to it: kiosk ignores SIGINT until it ends.
 */
export async function page(text: string, command: string, env: Readonly<Record<string, string | undefined>>, signals: Signals): Promise<Paged> {
  // Loaded only to page: most runs never start a process.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const ignore = (): void => {};
    signals.on('SIGINT', ignore);
    let child;
    try {
      child = spawn(command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env });
    } catch (error) {
      signals.removeListener('SIGINT', ignore);
      resolve({ shown: false, problem: `could not start (${error instanceof Error ? error.message : String(error)})` });
      return;
    }
    let failed: string | null = null;
    child.on('error', (error) => {
      failed = `could not start (${error.message})`;
    });
    child.stdin.on('error', () => {
      // The pager quit before reading everything: its exit status tells whether that was the reader's choice.
    });
    child.stdin.end(text);
    child.on('close', (code, signal) => {
      signals.removeListener('SIGINT', ignore);
      if (failed !== null) resolve({ shown: false, problem: failed });
      else if (signal === null && code !== 0) resolve({ shown: false, problem: `failed (exit status ${code})` });
      else resolve({ shown: true });
    });
  });
}

/**
 * A progress line for long work, rewritten in place on a terminal's stderr;
 * nothing at all when stderr is not a terminal. Call with `done === total`
 * to clear it.
 */
export function progressLine(stream: Writable & { isTTY?: boolean }): ((done: number, total: number) => void) | undefined {
  if (stream.isTTY !== true) return undefined;
  return (done, total) => {
    stream.write(done >= total ? '\r\x1b[K' : `\r\x1b[Kkiosk: reading the library, ${done} of ${total} files…`);
  };
}
