import type { Reporter, TestModule } from 'vitest/node';

/**
 * Names every skipped test at the end of a run, after the default
 * reporter's summary: a test that needs a program this machine lacks says
 * so in its name (see needs() in helpers.ts), and a skip is never silent.
 */
export default class SkippedReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped = modules.flatMap((module) => [...module.children.allTests('skipped')].map((test) => test.fullName));
    if (skipped.length === 0) return;
    process.stdout.write(`\n${skipped.length} skipped:\n${skipped.map((name) => `  ${name}\n`).join('')}`);
  }
}
