import { defineConfig } from 'vitest/config';

/**
 * `npm run mutate`, second part (stryker.commands.json): the command layer,
 * against the tests that drive main() in-process. Their tests that spawn the
 * built binary run too (Stryker leaves dist/ in its sandbox for them), but
 * see no mutant.
 */
export default defineConfig({
  test: {
    include: ['test/cli.test.ts', 'test/shell.test.ts', 'test/config.test.ts', 'test/completion.test.ts', 'test/messages.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
  },
});
