import { defineConfig } from 'vitest/config';

// End-to-end tests in real Firefox (Debian's firefox-esr): the Firefox e2e build (.output/e2e/firefox-mv3, built by
// the harness when stale), fixture pages served at the assistants' real hostnames through a proxy on 127.0.0.1.
// `npm run test:e2e:firefox`.
export default defineConfig({
  test: {
    // Named *.e2e.ts so the unit suite's **/*.test.ts glob (vitest.config.ts) leaves them out.
    include: ['tests/e2e-firefox/**/*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
