import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packing and installing need npm and the registry: `npm run test:package` (vitest.package.config.ts).
    exclude: [...configDefaults.exclude, 'test/package/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    reporters: ['default', './test/skipped-reporter.ts'],
  },
});
