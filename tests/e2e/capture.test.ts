/**
 * Live capture in real headless Chromium: the built extension (e2e build, see harness.ts: the sites' host
 * permissions are install-time in that build only, because no one can click a permission prompt headless)
 * captures fixture pages served at the assistants' real hostnames. Never touches live sites: every request
 * no fixture answers is aborted and recorded.
 *
 * Covers: every site fixture in the registry → stored messages equal the expected ones; a reply streamed over
 * a few seconds → one final message with the full text; the service worker stopped mid-reply → nothing
 * lost; the tab closed while the worker cannot answer → the parked snapshot is stored when it starts; in-app navigation (pushState, back) between two conversations; a thousand re-renders and a revisit →
 * no duplicates; a site switched off → its script unregistered, nothing read; zero extension network requests.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_IDS, type Message, type SiteId } from '../../model/types';
import { finishedExpected, type Expected } from './site-fixtures';
import { launchWithExtension, readStore, ROOT, serveFixture, waitFor, type ExtensionSession } from './harness';

let s: ExtensionSession;

beforeAll(async () => {
  s = await launchWithExtension();
  const registered = await s.grantSites([...SITE_IDS]);
  expect(registered.length).toBeGreaterThan(0);
});

afterAll(async () => {
  await s?.close();
});

async function storedMessages(site: SiteId, siteConversationId: string): Promise<Message[]> {
  const id = `${site}:${siteConversationId}`;
  const all = (await readStore<Message>(s, 'messages')).filter((m) => m.conversationId === id);
  return all.sort((a, b) => Number(b.current) - Number(a.current) || a.index - b.index);
}
const current = (ms: Message[]) => ms.filter((m) => m.current).map((m) => ({ role: m.role, text: m.text }));

/** Fixtures of every registered site: `sites/<id>/fixtures/<name>.html` + `<name>.expected.json`. */
function siteFixtures(): { site: SiteId; name: string; html: string; expected: Expected }[] {
  const out: { site: SiteId; name: string; html: string; expected: Expected }[] = [];
  for (const site of SITE_IDS) {
    const dir = join(ROOT, 'sites', site, 'fixtures');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)
      .filter((f) => f.endsWith('.expected.json'))
      .sort()) {
      const name = f.replace(/\.expected\.json$/, '');
      const htmlPath = join(dir, `${name}.html`);
      if (!existsSync(htmlPath)) continue;
      out.push({ site, name, html: readFileSync(htmlPath, 'utf8'), expected: JSON.parse(readFileSync(join(dir, f), 'utf8')) });
    }
  }
  return out;
}

// ChatGPT's 2026 markup (sections with data-turn, message ids, a stop button while streaming): enough of
// the real structure (sites/chatgpt/fixtures/section-era-2026-07.html) for the adapter to read it.
function turnHtml(role: 'user' | 'assistant', id: string, text: string): string {
  const body = role === 'user' ? `<div class="whitespace-pre-wrap">${text}</div>` : `<div class="markdown prose"><p>${text}</p></div>`;
  return `<section data-turn="${role}" data-testid="conversation-turn-${id}"><div data-message-author-role="${role}" data-message-id="${id}">${body}</div></section>`;
}
type Turn = [role: 'user' | 'assistant', id: string, text: string];
/** Turns that alternate user and assistant, with message ids `<prefix>1`, `<prefix>2`, … */
const exchange = (prefix: string, texts: string[]): Turn[] => texts.map((text, i) => [i % 2 ? 'assistant' : 'user', `${prefix}${i + 1}`, text]);
function chatgptPage(turns: Turn[]): string {
  return `<!doctype html><html><head><title>ChatGPT</title></head><body><main id="main"><div id="thread">${turns
    .map((t) => turnHtml(...t))
    .join('')}</div></main><form id="composer"></form></body></html>`;
}

/** Streams `words` into a new assistant turn over `ms`, with the stop button shown meanwhile (page world). */
async function streamReply(page: Page, prompt: string, id: string, words: string[], ms: number): Promise<void> {
  await page.evaluate(
    async ({ prompt, id, words, ms }) => {
      const thread = document.getElementById('thread')!;
      const composer = document.getElementById('composer')!;
      const sec = (role: string, mid: string, inner: string) => {
        const el = document.createElement('section');
        el.setAttribute('data-turn', role);
        el.setAttribute('data-testid', `conversation-turn-${mid}`);
        el.innerHTML = `<div data-message-author-role="${role}" data-message-id="${mid}">${inner}</div>`;
        return el;
      };
      thread.append(sec('user', `${id}-q`, `<div class="whitespace-pre-wrap">${prompt}</div>`));
      composer.innerHTML = '<button data-testid="stop-button" aria-label="Stop streaming">Stop</button>';
      const reply = sec('assistant', id, '<div class="markdown prose"><p></p></div>');
      thread.append(reply);
      const p = reply.querySelector('p')!;
      const step = ms / words.length;
      for (const w of words) {
        p.textContent = (p.textContent ? `${p.textContent} ` : '') + w;
        await new Promise((r) => setTimeout(r, step));
      }
      composer.innerHTML = '';
    },
    { prompt, id, words, ms },
  );
}

/** Serves ChatGPT conversation `id` at its real URL with `turns`, opens it in a new tab and, unless `what` is null, waits until those turns are stored. */
async function openChat(id: string, turns: Turn[], what: string | null = 'history stored'): Promise<Page> {
  await serveFixture(s.context, `https://chatgpt.com/c/${id}`, chatgptPage(turns));
  const page = await s.context.newPage();
  await page.goto(`https://chatgpt.com/c/${id}`);
  if (what) await waitFor(async () => (await storedMessages('chatgpt', id)).length === turns.length, { what });
  return page;
}

/** The stored messages of ChatGPT conversation `id`, once `ready` holds for them. */
const storedWhen = (id: string, ready: (ms: Message[]) => boolean, opts: { timeout?: number; what: string }) =>
  waitFor(async () => {
    const ms = await storedMessages('chatgpt', id);
    return ready(ms) ? ms : null;
  }, opts);

describe('capture of every site fixture', () => {
  const fixtures = siteFixtures();

  it('has fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it("stores exactly the expected messages of each fixture, as history (time unknown or the site's own)", async () => {
    for (const f of fixtures) await serveFixture(s.context, f.expected.url, f.html);
    const failures: string[] = [];
    // A few pages at a time: each needs ~2 s of quiet before its history is final.
    const queue = [...fixtures];
    const worker = async () => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        const want = finishedExpected(f.site, f.html, f.expected);
        const page = await s.context.newPage();
        try {
          await page.goto(f.expected.url);
          const got = await waitFor(
            async () => {
              const ms = await storedMessages(f.site, f.expected.siteConversationId);
              return current(ms).length >= want.length && want.length > 0 ? ms : null;
            },
            { timeout: 40_000, interval: 400, what: `${f.site}/${f.name} stored` },
          ).catch(async (e: Error) => {
            const ms = await storedMessages(f.site, f.expected.siteConversationId);
            failures.push(`${e.message}; stored: ${JSON.stringify(ms.map((m) => [m.index, m.role, m.current, m.text.slice(0, 25)]))}; want ${want.length}`);
            return null;
          });
          if (!got) continue;
          try {
            expect(current(got), `${f.site}/${f.name}`).toEqual(want);
            expect(
              got.filter((m) => !m.current),
              `${f.site}/${f.name}: no alternates`,
            ).toEqual([]);
            for (const m of got) expect(['unknown', 'site'], `${f.site}/${f.name}: history time`).toContain(m.timeSource);
          } catch (e) {
            failures.push((e as Error).message);
          }
        } finally {
          await page.close();
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(failures).toEqual([]);
    const sitesCovered = new Set(fixtures.map((f) => f.site));
    console.info(`capture e2e: ${fixtures.length} fixtures of ${sitesCovered.size} sites (${[...sitesCovered].join(', ')})`);
    expect([...sitesCovered].sort()).toEqual([...SITE_IDS].sort());
  });
});

describe('live capture on a ChatGPT page', () => {
  const words = Array.from({ length: 120 }, (_, i) => `w${i}`);

  it('stores a reply streamed over three seconds once, finished, with its full text', async () => {
    const page = await openChat('e2e-stream-0001', exchange('h', ['Hello there', 'Hi! How can I help?']));
    const started = Date.now();
    await streamReply(page, 'Count for me', 'r1', words, 3000);
    const ms = await storedWhen('e2e-stream-0001', (got) => got.length >= 4 && got.some((m) => m.siteMessageId === 'r1'), { what: 'streamed reply stored' });
    await new Promise((r) => setTimeout(r, 2500)); // nothing more may arrive
    const final = await storedMessages('chatgpt', 'e2e-stream-0001');
    expect(final).toHaveLength(4);
    const replies = final.filter((m) => m.role === 'assistant' && m.siteMessageId === 'r1');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toBe(words.join(' '));
    expect(replies[0]!.timeSource).toBe('observed');
    expect(replies[0]!.time).toBeGreaterThanOrEqual(started - 1000);
    expect(final.filter((m) => m.siteMessageId === 'h1' || m.siteMessageId === 'h2').map((m) => m.timeSource)).toEqual(['unknown', 'unknown']);
    expect(ms.length).toBe(4);
    await page.close();
  });

  it('loses nothing when the service worker is stopped again and again mid-reply', async () => {
    const page = await openChat('e2e-swstop-0001', exchange('s', ['First question', 'First answer']));
    let stopping = true;
    let stops = 0;
    const stopper = (async () => {
      while (stopping) {
        await s.stopServiceWorker().catch(() => undefined);
        stops++;
        await new Promise((r) => setTimeout(r, 120));
      }
    })();
    // Stream, then keep stopping the worker through the moment the finished reply is sent.
    await streamReply(page, 'Second question', 'sw-r', words, 2500);
    await new Promise((r) => setTimeout(r, 3000));
    stopping = false;
    await stopper;
    expect(stops).toBeGreaterThan(20);
    const got = await storedWhen('e2e-swstop-0001', (ms) => ms.some((m) => m.siteMessageId === 'sw-r'), {
      timeout: 30_000,
      what: 'reply stored after worker restarts',
    });
    expect(current(got)).toEqual([
      { role: 'user', text: 'First question' },
      { role: 'assistant', text: 'First answer' },
      { role: 'user', text: 'Second question' },
      { role: 'assistant', text: words.join(' ') },
    ]);
    expect(got).toHaveLength(4);
    await page.close();
  });

  it('keeps a finished reply when the tab is closed while the worker cannot answer (parked, then drained)', async () => {
    const page = await openChat('e2e-parked-0001', exchange('p', ['Park question', 'Park answer']));
    // Hold the store busy from an extension page: the worker receives the snapshot but cannot write it, so
    // the content script gets no acknowledgement and parks the snapshot in extension storage.
    const ext = await s.context.newPage();
    await ext.goto(`${s.extensionOrigin}manifest.json`);
    await ext.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const w = globalThis as any;
          w.__release = false;
          const open = indexedDB.open('coevo');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['conversations', 'messages'], 'readwrite');
            const store = tx.objectStore('messages');
            const spin = () => {
              if (!w.__release) store.get('none').onsuccess = spin;
            };
            spin();
            tx.oncomplete = () => db.close();
            resolve();
          };
        }),
    );
    await streamReply(page, 'Will this survive?', 'park-r', words.slice(0, 30), 600);
    const parkedKeys = () =>
      ext.evaluate(async () => Object.keys(await (globalThis as any).chrome.storage.local.get(null)).filter((k) => k.startsWith('coevo-outbox:')).length);
    await waitFor(parkedKeys, { timeout: 15_000, interval: 100, what: 'the snapshot parked in extension storage' });
    await page.close(); // the tab is gone: only the parked copy remains
    await s.stopServiceWorker(); // and the worker's blocked write dies with it
    await ext.evaluate(() => {
      (globalThis as any).__release = true;
    });
    // Any event starts the worker again; on start it stores what was parked.
    await ext.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ coevo: 1, type: 'popup/state', payload: {} }));
    const got = await storedWhen('e2e-parked-0001', (ms) => ms.some((m) => m.siteMessageId === 'park-r'), { timeout: 20_000, what: 'parked reply stored' });
    expect(got.find((m) => m.siteMessageId === 'park-r')!.text).toBe(words.slice(0, 30).join(' '));
    expect(got).toHaveLength(4);
    await waitFor(async () => (await parkedKeys()) === 0, { what: 'parked copy removed after storing' });
    await ext.close();
  });

  it('follows in-app navigation between two conversations (pushState, then back)', async () => {
    const b = 'https://chatgpt.com/c/e2e-nav-bbbb';
    const convA = exchange('a', ['Question in A', 'Answer in A']);
    const convB = exchange('b', ['Question in B', 'Answer in B', 'Follow-up in B', 'More in B']);
    const page = await openChat('e2e-nav-aaaa', convA, 'A stored');
    // The site's router: URL first, then the new thread renders a moment later (as real SPAs do).
    const html = (turns: typeof convA) => turns.map((t) => turnHtml(...t)).join('');
    await page.evaluate(
      async ({ b, inner }) => {
        history.pushState({}, '', b);
        await new Promise((r) => setTimeout(r, 300));
        document.getElementById('thread')!.innerHTML = inner;
      },
      { b, inner: html(convB) },
    );
    await waitFor(async () => (await storedMessages('chatgpt', 'e2e-nav-bbbb')).length === 4, { what: 'B stored' });
    await page.evaluate(
      async ({ inner }) => {
        history.back();
        await new Promise((r) => setTimeout(r, 200));
        document.getElementById('thread')!.innerHTML = inner;
      },
      { inner: html(convA) },
    );
    await new Promise((r) => setTimeout(r, 3000));
    expect(current(await storedMessages('chatgpt', 'e2e-nav-aaaa'))).toEqual(convA.map(([role, , text]) => ({ role, text })));
    expect(current(await storedMessages('chatgpt', 'e2e-nav-bbbb'))).toEqual(convB.map(([role, , text]) => ({ role, text })));
    expect(await storedMessages('chatgpt', 'e2e-nav-aaaa')).toHaveLength(2);
    const convs = await readStore<{ id: string; url: string }>(s, 'conversations');
    expect(convs.find((c) => c.id === 'chatgpt:e2e-nav-bbbb')?.url).toBe(b);
    await page.close();
  });

  it('stores no duplicate after a thousand re-renders and a revisit', async () => {
    const turns = exchange('x', ['Render me', 'Rendered once', 'Again', 'And again']);
    const page = await openChat('e2e-rerender-01', turns, 'stored');
    const rendered = await page.evaluate(async () => {
      const thread = document.getElementById('thread')!;
      const html = thread.innerHTML;
      let n = 0;
      for (let i = 0; i < 1000; i++) {
        // Alternate a full re-mount and an in-place text rewrite, as frameworks do on state changes.
        if (i % 2) thread.innerHTML = html;
        else for (const p of Array.from(thread.querySelectorAll('p, .whitespace-pre-wrap'))) p.textContent = p.textContent ?? '';
        n++;
        if (i % 10 === 0) await new Promise((r) => setTimeout(r, 4));
      }
      return n;
    });
    expect(rendered).toBe(1000);
    await new Promise((r) => setTimeout(r, 2500));
    await page.reload();
    await new Promise((r) => setTimeout(r, 3000));
    const got = await storedMessages('chatgpt', 'e2e-rerender-01');
    expect(got).toHaveLength(4);
    expect(current(got)).toEqual(turns.map(([role, , text]) => ({ role, text })));
    await page.close();
  });

  it('keeps both versions of a regenerated reply, the shown one current', async () => {
    const page = await openChat('e2e-regen-0001', exchange('g', ['Name a colour', 'Blue, like the sky over the sea.']), 'stored');
    await page.evaluate(() => {
      const sec = document.querySelector('[data-testid="conversation-turn-g2"]')!;
      sec.outerHTML =
        '<section data-turn="assistant" data-testid="conversation-turn-g3"><div data-message-author-role="assistant" data-message-id="g3"><div class="markdown prose"><p>Vermilion: a warm orange-red pigment.</p></div></div><div><span>2/2</span></div></section>';
    });
    const got = await storedWhen('e2e-regen-0001', (ms) => ms.length === 3, { what: 'regenerated reply stored' });
    expect(current(got)).toEqual([
      { role: 'user', text: 'Name a colour' },
      { role: 'assistant', text: 'Vermilion: a warm orange-red pigment.' },
    ]);
    const alt = got.filter((m) => !m.current);
    expect(alt.map((m) => m.text)).toEqual(['Blue, like the sky over the sea.']);
    expect(alt[0]!.parentId).toBe(got.find((m) => m.siteMessageId === 'g1')!.id);
    await page.close();
  });

  it('reads nothing on a site the person switched off (its script is unregistered)', async () => {
    const page = await s.context.newPage();
    await page.goto(`${s.extensionOrigin}manifest.json`);
    const registered = await page.evaluate(async () => {
      const c = (globalThis as any).chrome;
      await c.runtime.sendMessage({ coevo: 1, type: 'settings/update', payload: { sites: { chatgpt: false } } });
      return (await c.runtime.sendMessage({ coevo: 1, type: 'sites/sync', payload: {} })).registered as string[];
    });
    expect(registered).not.toContain('chatgpt');
    const tab = await openChat('e2e-off-00001', exchange('o', ['Private', 'Not captured']), null);
    await new Promise((r) => setTimeout(r, 3500));
    expect(await storedMessages('chatgpt', 'e2e-off-00001')).toEqual([]);
    await tab.close();
    const again = await page.evaluate(async () => {
      const c = (globalThis as any).chrome;
      await c.runtime.sendMessage({ coevo: 1, type: 'settings/update', payload: { sites: { chatgpt: true } } });
      return (await c.runtime.sendMessage({ coevo: 1, type: 'sites/sync', payload: {} })).registered as string[];
    });
    expect(again).toContain('chatgpt');
    await page.close();
  });
});

describe('network', () => {
  it('the extension made zero network requests (and the counter does see one when it happens)', async () => {
    expect(s.network.extensionRequests()).toEqual([]);
    // Positive control: a request from the service worker is seen and attributed to the extension.
    const sw = await s.serviceWorker();
    await sw.evaluate(() => fetch('https://canary.invalid/coevo-e2e').catch(() => undefined));
    await waitFor(() => s.network.extensionRequests().length === 1, { what: 'canary request recorded' });
    expect(s.network.extensionRequests()[0]).toMatchObject({ url: 'https://canary.invalid/coevo-e2e', by: 'service-worker' });
  });
});
