// `npm start`: as root it adds --no-sandbox (and start.mjs prints ROOT_WARNING); it opens Coevo's first-run page,
// whose URL needs the id Chromium gives the unpacked extension (checked against real Chromium in
// tests/e2e/popup-tab.test.ts; here against an id Chromium 156 gave this repository's e2e build).
import { describe, expect, it } from 'vitest';
import { browserArgs, ROOT_WARNING, runningAsRoot, unpackedExtensionId } from './start-lib.mjs';

describe('npm start', () => {
  it('computes the unpacked extension id as Chromium does', () => {
    expect(unpackedExtensionId('/work/main/.output/e2e/chrome-mv3')).toBe('ihcnckbfinpjpdkolngjahmmhncladeb');
    expect(unpackedExtensionId('/x')).toMatch(/^[a-p]{32}$/);
  });

  it('detects root', () => {
    expect(runningAsRoot({ getuid: () => 0 })).toBe(true);
    expect(runningAsRoot({ getuid: () => 1000 })).toBe(false);
    expect(runningAsRoot({})).toBe(false);
  });

  it('adds --no-sandbox only as root, and opens the dashboard first-run page', () => {
    const o = { profileDir: '/p', extensionDir: '/work/main/.output/e2e/chrome-mv3' };
    const asRoot = browserArgs({ ...o, root: true });
    const asUser = browserArgs({ ...o, root: false });
    expect(asRoot).toContain('--no-sandbox');
    expect(asUser).not.toContain('--no-sandbox');
    expect(asUser.at(-1)).toBe('chrome-extension://ihcnckbfinpjpdkolngjahmmhncladeb/dashboard.html#/welcome');
    expect(asUser).toContain('--load-extension=/work/main/.output/e2e/chrome-mv3');
    expect(ROOT_WARNING).toMatch(/--no-sandbox/);
  });
});
