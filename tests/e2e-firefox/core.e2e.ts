/**
 * The core paths in real Firefox (Debian's firefox-esr), with the Firefox build of the extension (MV3, background
 * event page instead of Chromium's service worker): install, switch a site on from the popup, capture fixture pages
 * served at the assistants' real hostnames (ChatGPT open before the switch, captured without a reload; Claude opened
 * after), import a ChatGPT .zip through the dashboard, the dashboard's views and the popup's figures on what was
 * stored, and no request from the browser to any host without a fixture. One browser for the file (its start is the
 * slow part). Harness and why it speaks Marionette: harness.ts.
 */
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSource } from '../../importers';
import { SITE_IDS, type ConversationWithMessages, type Message } from '../../model/types';
import { SITES } from '../../sites/registry';
import { finishedExpected, type Expected } from '../e2e/site-fixtures';
import { launchFirefox, ROOT, waitFor, type FirefoxSession, type Tab } from './harness';
import { firefoxOwnTraffic } from './fake-net';

let s: FirefoxSession;

beforeAll(async () => {
  s = await launchFirefox();
});
afterAll(async () => {
  await s?.close();
});

const fixture = (site: string, name: string) => {
  const base = join(ROOT, 'sites', site, 'fixtures', name);
  return { html: readFileSync(`${base}.html`, 'utf8'), expected: JSON.parse(readFileSync(`${base}.expected.json`, 'utf8')) as Expected };
};

/** The current branch of one conversation as stored, in reading order. */
async function stored(site: string, siteConversationId: string) {
  const rows = (await s.readStore<Message>('messages')).filter((m) => m.conversationId === `${site}:${siteConversationId}` && m.current);
  return rows.sort((a, b) => a.index - b.index).map((m) => ({ role: m.role, text: m.text }));
}

async function captured(site: string, e: Expected) {
  return waitFor(
    async () => {
      const got = await stored(site, e.siteConversationId);
      return got.length === e.messages.length ? got : null;
    },
    { timeout: 30_000, what: `${site} ${e.siteConversationId} to be captured` },
  );
}

describe('the Firefox build in Firefox', () => {
  it('installs as a temporary add-on with its background page running', async () => {
    expect(s.addonId).toBe('coevo@coevo.invalid');
    const manifest = JSON.parse(readFileSync(join(s.extensionDir, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background.scripts).toEqual(['background.js']);
    // The background answers (Firefox starts the event page on the message).
    const state = await s.send('popup/state', {});
    expect(state.counts.messages).toBe(0);
    // Firefox granted the e2e build's declared host permissions at install.
    expect(state.granted).toContain('chatgpt');
  });
});

let chatgptTab: Tab;
const gpt = fixture('chatgpt', 'article-era-2026-01');

describe('switch on a site in the popup, then capture', () => {
  it('a ChatGPT page open while ChatGPT is off is not read', async () => {
    const off = await s.send('settings/update', { sites: { chatgpt: false } });
    expect(off.sites.chatgpt).toBe(false);
    expect((await s.send('sites/sync', {})).registered).not.toContain('chatgpt');
    s.net.serve(gpt.expected.url, gpt.html);
    chatgptTab = await s.openPage(gpt.expected.url);
    await chatgptTab.run('window.__coevoNoReload = "same document"; return true;');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await stored('chatgpt', gpt.expected.siteConversationId)).toEqual([]);
  });

  it('the popup’s ChatGPT switch (a real click) turns capture on, and the open tab is captured without a reload', async () => {
    const popup = await s.openExtensionPage('popup.html');
    await popup.waitFor('[data-counts]');
    await popup.click('details > summary'); // "All sites"
    const before = await popup.run<boolean>('return document.querySelector("[data-site-switch=chatgpt]").checked');
    expect(before).toBe(false);
    await popup.click('[data-site-switch=chatgpt]');
    await waitFor(async () => (await s.send('popup/state', {})).settings.sites.chatgpt === true, { what: 'ChatGPT switched on' });
    expect(await popup.run<boolean>('return document.querySelector("[data-site-switch=chatgpt]").checked')).toBe(true);

    expect(await captured('chatgpt', gpt.expected)).toEqual(gpt.expected.messages);
    expect(await chatgptTab.run('return window.__coevoNoReload')).toBe('same document');
    await popup.close();
  });

  it('a Claude page opened with Claude on is captured exactly', async () => {
    const claude = fixture('claude', 'real-capture-2026-07');
    expect((await s.send('sites/sync', {})).registered).toContain('claude');
    s.net.serve(claude.expected.url, claude.html);
    const tab = await s.openPage(claude.expected.url);
    expect(await captured('claude', claude.expected)).toEqual(claude.expected.messages);
    await tab.close();
  });
});

describe('every other site, in Firefox', () => {
  it('one fixture of each site is captured exactly at its real hostname (Gecko DOM, Firefox match patterns)', async () => {
    // One page per site (the full fixture set runs in Chromium): real captures first, synthetic ones otherwise.
    const picks = SITE_IDS.filter((id) => id !== 'chatgpt' && id !== 'claude').flatMap((site) => {
      const dir = join(ROOT, 'sites', site, 'fixtures');
      if (!existsSync(dir)) return [];
      const names = readdirSync(dir)
        .filter((f) => f.endsWith('.expected.json') && existsSync(join(dir, f.replace(/\.expected\.json$/, '.html'))))
        .map((f) => f.replace(/\.expected\.json$/, ''))
        .sort((a, b) => Number(/stream|variant|thinking|synthetic/.test(a)) - Number(/stream|variant|thinking|synthetic/.test(b)) || a.localeCompare(b));
      return names.length ? [{ site, name: names[0], ...fixture(site, names[0]) }] : [];
    });
    expect(picks.length).toBeGreaterThanOrEqual(5);
    const tabs: Tab[] = [];
    for (const f of picks) {
      s.net.serve(f.expected.url, f.html);
      tabs.push(await s.openPage(f.expected.url));
    }
    const failures: string[] = [];
    for (const f of picks) {
      const want = finishedExpected(f.site, f.html, f.expected);
      try {
        const got = await waitFor(
          async () => {
            const rows = await stored(f.site, f.expected.siteConversationId);
            return rows.length >= want.length && want.length > 0 ? rows : null;
          },
          { timeout: 30_000, what: `${f.site}/${f.name}` },
        );
        if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${f.site}/${f.name}: stored ${JSON.stringify(got).slice(0, 300)}`);
      } catch (e) {
        failures.push(`${f.site}/${f.name}: ${(e as Error).message.slice(0, 300)}`);
      }
    }
    for (const t of tabs) await t.close();
    expect(failures).toEqual([]);
  });
});

const ZIP = join(ROOT, 'importers/fixtures/zip/chatgpt-export.zip');

describe('import through the dashboard', () => {
  it('stores a ChatGPT .zip exactly as the importer reads it in Node', async () => {
    const expected: ConversationWithMessages[] = [];
    for await (const e of importSource({ name: 'chatgpt-export.zip', open: () => createReadStream(ZIP) }))
      if (e.type === 'conversation') expected.push(e.conversation);
    expect(expected.length).toBeGreaterThan(0);
    const before = await s.readStore('conversations');

    const dash = await s.openExtensionPage('dashboard.html#/import');
    await dash.setFile('#coevo-import-files', ZIP);
    await dash.waitFor('[data-testid=import-done]', 90_000);
    const conversations = await waitFor(async () => {
      const rows = await s.readStore('conversations');
      return rows.length === before.length + expected.length ? rows : null;
    });
    const imported = conversations.filter((c: any) => c.source === 'import');
    expect(imported.map((c: any) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
    const ids = new Set(expected.map((c) => c.id));
    const messages = (await s.readStore('messages')).filter((m: any) => ids.has(m.conversationId));
    expect(messages.length).toBe(expected.flatMap((c) => c.messages).length);
    await dash.close();
  });
});

describe('the dashboard and the popup on what was stored', () => {
  it('the dashboard lists the captured and imported conversations and opens one with its messages', async () => {
    const conversations = await s.readStore('conversations');
    const dash = await s.openExtensionPage('dashboard.html#/conversations');
    await waitFor(async () => (await dash.run<number>('return document.querySelectorAll(".conv-list a").length')) === conversations.length, {
      what: `${conversations.length} conversations listed`,
    });
    // The captured ChatGPT conversation opens as a thread showing its stored messages.
    const title = conversations.find((c: any) => c.id === `chatgpt:${gpt.expected.siteConversationId}`)?.title;
    expect(title).toBeTruthy();
    const clicked = await dash.run<boolean>(
      'const a = [...document.querySelectorAll(".conv-list a")].find((x) => x.textContent === args[0]); if (!a) return false; a.click(); return true;',
      title,
    );
    expect(clicked).toBe(true);
    await dash.waitFor('.thread .msg');
    await waitFor(async () => (await dash.run<number>('return document.querySelectorAll(".thread .msg").length')) >= gpt.expected.messages.length, {
      what: 'the thread',
    });
    const thread = await dash.run<string>('return document.querySelector(".thread").textContent');
    for (const m of gpt.expected.messages) expect(thread).toContain(m.text.split('\n')[0].slice(0, 60));
    // The overview renders on the same store (not its empty state).
    await dash.navigate('dashboard.html#/');
    await dash.waitFor('main h1');
    expect(await dash.text()).not.toMatch(/Nothing here yet/);
    await dash.close();
  });

  it('the popup counts what is stored', async () => {
    const [conversations, messages] = [await s.readStore('conversations'), await s.readStore('messages')];
    const popup = await s.openExtensionPage('popup.html');
    await popup.waitFor('[data-counts]');
    const line = await popup.run<string>('return document.querySelector("[data-counts]").textContent');
    expect(line).toContain(`${conversations.length} conversations`);
    expect(line).toContain(`${messages.length.toLocaleString('en')} messages`);
    await popup.close();
  });
});

describe('network', () => {
  it('nothing reached for a host without a fixture, except Firefox’s own update and settings services (refused)', () => {
    const others = s.net.unserved().filter((r) => !firefoxOwnTraffic(r.url) && !/^https:\/\/[^/]+\/favicon\.ico$/.test(r.url));
    expect(others).toEqual([]);
    // No unserved request to an assistant's host or to this machine (a collector) at all.
    const siteHosts = new Set(Object.values(SITES).flatMap((x) => x.hosts));
    expect(
      s.net.unserved().filter((r) => siteHosts.has(new URL(r.url.replace(/^CONNECT (.*):443$/, 'https://$1')).hostname) && !r.url.endsWith('/favicon.ico')),
    ).toEqual([]);
  });
});
