
/**
 * The one place kiosk writes. Output goes whole to stdout or through a pager;
 * a reader that goes away (`kiosk read x | head -3`) ends kiosk quietly.
 */

export interface Writable {
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Keeps a closed pipe from crashing kiosk: Node reports EPIPE as an `error`
 * event, possibly after the write's callback, so the listener stays for the
 * life of the stream.
 */
export function ignoreClosedPipe(stream: Writable): void {
  stream.on('error', (error) => {
    if (!isClosedPipe(error)) throw error;
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

/**
 * Shows `text` through the pager command. Resolves false when the pager could
 * not start, so the caller prints directly instead. While the pager runs,
 * Ctrl-C belongs to it: kiosk ignores SIGINT until it ends.
 */
export async function page(text: string, command: string, env: Readonly<Record<string, string | undefined>>): Promise<boolean> {
  // Loaded only to page: most runs never start a process.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const ignore = (): void => {};
    process.on('SIGINT', ignore);
    let child;
    try {
      child = spawn(command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: { LESS: 'FRX', ...env } });
    } catch {
      process.removeListener('SIGINT', ignore);
      resolve(false);
      return;
    }
    let started = true;
    child.on('error', () => {
      started = false;
    });
    child.stdin.on('error', () => {
      // The pager quit before reading everything: that is the reader's choice.
    });
    child.stdin.end(text);
    child.on('close', (code) => {
      process.removeListener('SIGINT', ignore);
      // 126/127: the shell could not find or run the command.
      resolve(started && code !== 126 && code !== 127);
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
