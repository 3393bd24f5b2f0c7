import { defineConfig } from 'vitest/config';

/** `npm run test:package`: the tarball npm would publish, installed globally as a user would, apart from the suite. */
export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 600_000,
    reporters: ['default', './test/skipped-reporter.ts'],
  },
});
