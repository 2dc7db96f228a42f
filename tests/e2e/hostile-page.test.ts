/**
 * A hostile page can neither detect Coevo nor stop it (issue 11). In real headless Chromium, a ChatGPT-shaped
 * page served at chatgpt.com records every `message` event it receives and every event WXT's content-script
 * context would announce (by name, for this extension's id, as a page could know a published extension's id),
 * echoes each back as a postMessage and as a document event (how a page told WXT's context to shut down), and
 * sends the known shutdown events itself. Then a new exchange appears on the page: it must be stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../model/types';
import { launchWithExtension, readStore, serveFixture, waitFor, type ExtensionSession } from './harness';

let s: ExtensionSession;
beforeAll(async () => {
  s = await launchWithExtension();
  await s.grantSites(['chatgpt']);
});
afterAll(async () => {
  await s?.close();
});

const turn = (role: 'user' | 'assistant', id: string, text: string) =>
  `<section data-turn="${role}" data-testid="conversation-turn-${id}"><div data-message-author-role="${role}" data-message-id="${id}">${
    role === 'user' ? `<div class="whitespace-pre-wrap">${text}</div>` : `<div class="markdown prose"><p>${text}</p></div>`
  }</div></section>`;

function hostilePage(extensionId: string): string {
  // Names WXT's context used (`<extension id>:<entrypoint>:wxt:content-script-started`), for every name the
  // capture script has had.
  const names = ['capture', 'content-scripts/capture'].map((e) => `${extensionId}:${e}:wxt:content-script-started`);
  return `<!doctype html><html><head><title>ChatGPT</title><script>
    window.__seen = [];
    const names = ${JSON.stringify(names)};
    addEventListener('message', (e) => {
      if (e.data && e.data.__fromPage) return;
      window.__seen.push({ kind: 'message', data: JSON.stringify(e.data) });
      // Echo whatever arrives, both ways WXT's context listened for "a newer copy of me started".
      const d = e.data || {};
      window.postMessage({ ...d, __fromPage: true }, '*');
      if (typeof d.type === 'string') document.dispatchEvent(new CustomEvent(d.type, { detail: { contentScriptName: d.contentScriptName, messageId: 'page' } }));
    });
    for (const n of names) document.addEventListener(n, (e) => { if (!(e.detail && e.detail.messageId === 'page')) window.__seen.push({ kind: 'event', data: n }); });
    window.__attack = () => {
      for (const n of names) for (const contentScriptName of ['capture', 'content-scripts/capture']) {
        document.dispatchEvent(new CustomEvent(n, { detail: { contentScriptName, messageId: 'page' } }));
        window.postMessage({ type: n, contentScriptName, messageId: 'page', __fromPage: true }, '*');
      }
    };
  </script></head><body><main id="main"><div id="thread">${turn('user', 'h1', 'First question on a hostile page')}${turn(
    'assistant',
    'h2',
    'First answer on a hostile page',
  )}</div></main><form id="composer"></form></body></html>`;
}

const stored = async () => (await readStore<Message>(s, 'messages')).filter((m) => m.conversationId === 'chatgpt:e2e-hostile-0001');

describe('a hostile page', () => {
  it('cannot detect Coevo and cannot stop it', async () => {
    const url = 'https://chatgpt.com/c/e2e-hostile-0001';
    await serveFixture(s.context, url, hostilePage(s.extensionId));
    const page = await s.context.newPage();
    await page.goto(url);
    await waitFor(async () => (await stored()).length === 2, { what: 'history stored (capture is running)' });
    expect(await page.evaluate(() => (window as any).__seen)).toEqual([]);

    await page.evaluate(() => (window as any).__attack());
    await new Promise((r) => setTimeout(r, 500));
    await page.evaluate(() => {
      const thread = document.getElementById('thread')!;
      thread.insertAdjacentHTML(
        'beforeend',
        `<section data-turn="user" data-testid="conversation-turn-h3"><div data-message-author-role="user" data-message-id="h3"><div class="whitespace-pre-wrap">Second question after the attack</div></div></section>` +
          `<section data-turn="assistant" data-testid="conversation-turn-h4"><div data-message-author-role="assistant" data-message-id="h4"><div class="markdown prose"><p>Second answer, still captured</p></div></div></section>`,
      );
    });
    const got = await waitFor(async () => ((await stored()).length === 4 ? stored() : null), { timeout: 20_000, what: 'the exchange after the attack stored' });
    expect(
      got
        .filter((m) => m.current)
        .sort((a, b) => a.index - b.index)
        .map((m) => m.text),
    ).toEqual(['First question on a hostile page', 'First answer on a hostile page', 'Second question after the attack', 'Second answer, still captured']);
    expect(await page.evaluate(() => (window as any).__seen)).toEqual([]);
    await page.close();
  });
});
