import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One temporary folder for a whole test run, removed when it ends: the
 * pathological tests alone write hundreds of megabytes of generated
 * libraries, which left behind filled the disk. Workers find it in
 * KIOSK_TEST_TMP (see helpers.ts).
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'kiosk-test-run-'));
  // Open to other users, as the system's own folder is: a test runs kiosk as nobody.
  chmodSync(root, 0o755);
  process.env.KIOSK_TEST_TMP = root;
  return () => rmSync(root, { recursive: true, force: true });
}
