/**
 * Errors kiosk reports to the user. Each carries its exit code; the message is
 * one line that says what went wrong and, where there is one, how to fix it.
 */

export type ExitCode = 1 | 2;

export class KioskError extends Error {
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode = 1) {
    super(message);
    this.name = 'KioskError';
    this.exitCode = exitCode;
  }
}

/** The command line itself is wrong: exit 2. */
export function usageError(message: string): KioskError {
  return new KioskError(message, 2);
}

/** Something asked for cannot be done: exit 1. */
export function failure(message: string): KioskError {
  return new KioskError(message, 1);
}

/**
 * Whether an error is the system's answer about a file (ENOENT, EACCES,
 * EISDIR…), which kiosk expects and handles, rather than a fault in kiosk
 * itself, which must not be swallowed with it.
 */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
