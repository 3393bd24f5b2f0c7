import { defineConfig } from 'vitest/config';

/**
 * `npm run mutate` (stryker.config.json): the unit tests of the modules
 * mutated, which run in milliseconds; the end-to-end tests, which spawn the
 * built binary, would not see a mutant of the sources anyway.
 */
export default defineConfig({
  test: {
    include: [
      'test/slug.test.ts',
      'test/sanitize.test.ts',
      'test/flat-yaml.test.ts',
      'test/front-matter.test.ts',
      'test/article.test.ts',
      'test/catalog.test.ts',
      'test/wrap.test.ts',
      'test/wrapping.test.ts',
      'test/width.test.ts',
    ],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
  },
});
