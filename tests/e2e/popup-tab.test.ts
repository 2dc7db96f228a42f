/**
 * The popup knows the tab you are on (issue 13): the real action popup, opened on a ChatGPT fixture page served
 * at chatgpt.com, says "This is ChatGPT — capture it?" while ChatGPT's switch is off, and its one button turns
 * capture on in that open tab without a reload.
 *
 * What a headless browser cannot do, and how this test stands in: it cannot click a permission prompt, so it runs
 * on the e2e build, whose manifest holds the sites' host permissions from install (harness.ts). There,
 * `permissions.request` resolves at once without a prompt; the not-granted state itself is the same branch of the
 * popup as "switch off" (`siteToOffer`, unit-tested in components/ui.test.tsx), and the production manifest's
 * `activeTab` and absence of `tabs` are checked in extension.test.ts. activeTab's grant on a person's click of the
 * toolbar icon is the browser's own; here the URL is readable through the e2e build's host permissions.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { unpackedExtensionId } from '../../scripts/start-lib.mjs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../model/types';
import { launchWithExtension, readStore, ROOT, serveFixture, waitFor, type ExtensionSession } from './harness';
import { openActionPopup } from './popup-tab';

let s: ExtensionSession;
const FIXTURE = join(ROOT, 'sites', 'chatgpt', 'fixtures', 'article-era-2026-01');

beforeAll(async () => {
  s = await launchWithExtension();
});
afterAll(async () => {
  await s?.close();
});

const send = async (type: string, payload: object) => {
  const page = await s.context.newPage();
  await page.goto(`${s.extensionOrigin}manifest.json`);
  const r = await page.evaluate(([ty, p]) => (globalThis as any).chrome.runtime.sendMessage({ coevo: 1, type: ty, payload: p }), [type, payload] as const);
  await page.close();
  return r as any;
};

describe('npm start', () => {
  it('computes the id Chromium gives the unpacked extension, so it can open the dashboard’s first-run page', () => {
    expect(unpackedExtensionId(realpathSync(s.extensionDir))).toBe(s.extensionId);
  });
});

describe('the popup on a supported site that is not captured', () => {
  it('offers "This is ChatGPT — capture it?" and its button starts capture in the open tab without a reload', async () => {
    // ChatGPT switched off: its content script is unregistered, so the open page is not read.
    const off = await send('settings/update', { sites: { chatgpt: false } });
    expect(off.sites.chatgpt).toBe(false);
    const registered = (await send('sites/sync', {})).registered as string[];
    expect(registered).not.toContain('chatgpt');

    const expected = JSON.parse(readFileSync(`${FIXTURE}.expected.json`, 'utf8'));
    await serveFixture(s.context, expected.url, readFileSync(`${FIXTURE}.html`, 'utf8'));
    const tab = await s.context.newPage();
    await tab.goto(expected.url);
    await tab.evaluate(() => ((window as any).__coevoNoReload = 'same document'));
    await new Promise((r) => setTimeout(r, 1000));
    expect((await readStore<Message>(s, 'messages')).length).toBe(0);

    const popup = await openActionPopup(s, tab);
    const before = await popup.text();
    expect(before).toContain('This is ChatGPT — capture it?');
    expect(before).toContain('chatgpt.com');
    // The help text names the button that is on screen, not a switch "above" that is not there.
    expect(before).toMatch(/Press “Capture ChatGPT” above/);
    expect(before).not.toMatch(/not a supported assistant site/);
    expect(await popup.evaluate('document.querySelectorAll("[data-action=capture-this-site]").length')).toBe(1);

    await popup.click('[data-action=capture-this-site]');

    // The open page's conversation is stored: the capture script was injected into this tab.
    const stored = await waitFor(
      async () => {
        const rows = (await readStore<Message>(s, 'messages')).filter((m) => m.conversationId === `chatgpt:${expected.siteConversationId}`);
        return rows.length === expected.messages.length ? rows : null;
      },
      { timeout: 20_000, what: 'the open tab to be captured' },
    );
    expect(stored.sort((a, b) => a.index - b.index).map((m) => m.text)).toEqual(expected.messages.map((m: any) => m.text));
    expect(await tab.evaluate(() => (window as any).__coevoNoReload)).toBe('same document');

    // The popup follows: the offer is gone and the tab shows as captured.
    await waitFor(async () => /Capturing this ChatGPT conversation/.test(await popup.text()), { what: 'the popup to say it is capturing' });
    expect(await popup.evaluate('document.querySelectorAll("[data-offer]").length')).toBe(0);
    const state = await send('popup/state', {});
    expect(state.settings.sites.chatgpt).toBe(true);
    await popup.close();
    expect(s.network.extensionRequests()).toEqual([]);
  });

  it('on a page that is no assistant, says so and offers no switch', async () => {
    await serveFixture(s.context, 'https://example.org/', '<html><body><p>not an assistant</p></body></html>');
    const tab = await s.context.newPage();
    await tab.goto('https://example.org/');
    const popup = await openActionPopup(s, tab);
    const text = await popup.text();
    expect(text).toContain('This tab is not one of the assistant sites Coevo supports.');
    expect(await popup.evaluate('document.querySelectorAll("[data-offer]").length')).toBe(0);
    await popup.close();
  });
});
