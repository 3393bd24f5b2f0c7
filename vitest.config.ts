import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Packing and installing need npm and the registry: `npm run test:package` (vitest.package.config.ts).
    exclude: [...configDefaults.exclude, 'test/package/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    // For the linear-time checks (linear.ts), which collect garbage before each run they time.
    execArgv: ['--expose-gc'],
    reporters: ['default', './test/skipped-reporter.ts'],
  },
});
