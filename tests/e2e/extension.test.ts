/**
 * The built extension loads in real Chromium, asks for no host access at install, and its service worker
 * answers on the typed protocol. (Capture and UI suites live in their own files.)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITES } from '../../sites/registry';

const DIR = resolve(__dirname, '../../.output/chrome-mv3');
let context: BrowserContext;
let worker: Worker;
let profile: string;

beforeAll(async () => {
  profile = mkdtempSync(join(tmpdir(), 'coevo-e2e-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.COEVO_BROWSER ?? '/usr/bin/chromium',
    headless: true,
    args: [
      `--disable-extensions-except=${DIR}`,
      `--load-extension=${DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
});

afterAll(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
});

describe('the built extension', () => {
  it('declares no install-time host access (sites are granted one by one at runtime)', () => {
    const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
    // Every site can be asked for, one at a time; nothing is injected by the manifest.
    // Plus http/https origins for a study's collector, asked for one origin at the moment of a donation (Donate view).
    const wanted = [...new Set([...Object.values(SITES).flatMap((a) => a.matches), 'https://*/*', 'http://*/*'])].sort();
    expect([...manifest.optional_host_permissions].sort()).toEqual(wanted);
    expect(manifest.content_scripts ?? []).toEqual([]);
    // The popup reads the tab the person opened it on through activeTab (no install warning), never `tabs`.
    expect(manifest.permissions).toContain('activeTab');
    expect(manifest.permissions).not.toContain('tabs');
    for (const icon of Object.values(manifest.icons) as string[]) expect(existsSync(join(DIR, icon))).toBe(true);
  });

  it('starts its service worker, which answers the popup over the typed protocol', async () => {
    const id = new URL(worker.url()).host;
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/manifest.json`);
    const state = await page.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ coevo: 1, type: 'popup/state', payload: {} }));
    expect(state.counts).toEqual({ conversations: 0, messages: 0, bySite: {} });
    expect(state.settings.paused).toBe(false);
    await page.close();
  });
});
