// @vitest-environment happy-dom
// The capture loop against a small fake site in happy-dom, with fake timers: finished-detection, history vs
// observed times, re-render idempotence, navigation and new-chat id assignment.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaptureSnapshot } from '../messaging/protocol';
import type { ParsedPage, SiteAdapter } from '../sites/types';
import { CaptureLoop } from './loop';

/** A minimal site: `<main><div data-role=… data-id=…?>text</div>…</main>`, streaming while `[data-busy]`. */
const fakeSite: SiteAdapter = {
  id: 'claude',
  hosts: ['claude.ai'],
  matches: ['https://claude.ai/*'],
  sampleUrls: ['https://claude.ai/chat/abc'],
  matchesUrl: (u) => u.hostname === 'claude.ai',
  conversationIdFromUrl: (u) => /^\/chat\/([\w-]+)/.exec(u.pathname)?.[1] ?? null,
  root: (doc) => doc.querySelector('main'),
  parse(root, url): ParsedPage {
    const messages = Array.from(root.querySelectorAll('[data-role]')).map((el) => ({
      role: el.getAttribute('data-role') as 'user' | 'assistant',
      text: el.textContent ?? '',
      ...(el.hasAttribute('data-busy') ? { streaming: true } : {}),
    }));
    return { siteConversationId: fakeSite.conversationIdFromUrl(url), messages, streaming: !!root.querySelector('[data-busy]') };
  },
};

let href = 'https://claude.ai/chat/one';
let sent: CaptureSnapshot[] = [];
let loop: CaptureLoop;
let allowed = true;

function msg(role: string, text: string, busy = false): HTMLElement {
  const el = document.createElement('div');
  el.setAttribute('data-role', role);
  if (busy) el.setAttribute('data-busy', '');
  el.textContent = text;
  return el;
}
const main = () => document.querySelector('main')!;
const lastSent = () => sent[sent.length - 1]!;

async function advance(ms: number) {
  // Let MutationObserver microtasks run between timer steps.
  for (let t = 0; t < ms; t += 50) {
    await Promise.resolve();
    await vi.advanceTimersByTimeAsync(50);
  }
}

beforeEach(async () => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  document.body.innerHTML = '<main></main>';
  main().append(msg('user', 'old question'), msg('assistant', 'old answer'));
  href = 'https://claude.ai/chat/one';
  sent = [];
  allowed = true;
  loop = new CaptureLoop({
    adapter: fakeSite,
    doc: document,
    href: () => href,
    hello: async () => allowed,
    emit: (s) => sent.push(s),
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    MutationObserver: window.MutationObserver as unknown as typeof MutationObserver,
  });
  await loop.start();
});

afterEach(() => {
  loop.stop();
  vi.useRealTimers();
});

describe('CaptureLoop', () => {
  it('sends history already on the page with unknown time, once', async () => {
    await advance(3000);
    expect(sent).toHaveLength(1);
    expect(lastSent().siteConversationId).toBe('one');
    expect(lastSent().messages.map((m) => [m.role, m.text, m.time, m.timeSource])).toEqual([
      ['user', 'old question', null, 'unknown'],
      ['assistant', 'old answer', null, 'unknown'],
    ]);
  });

  it('waits for a streamed reply to finish and sends it once, with observed times', async () => {
    await advance(3000);
    const sentAt = Date.now();
    main().append(msg('user', 'new question'));
    const reply = msg('assistant', '', true);
    main().append(reply);
    for (let i = 0; i < 60; i++) {
      reply.textContent += ` token${i}`;
      await advance(50);
    }
    // Still streaming: only the prompt may have been sent, never a partial reply.
    for (const s of sent) expect(s.messages.some((m) => m.text.includes('token'))).toBe(false);
    reply.removeAttribute('data-busy');
    await advance(4000);
    const finals = sent.filter((s) => s.messages.some((m) => m.text.includes('token')));
    expect(finals).toHaveLength(1);
    const last = finals[0]!.messages;
    expect(last).toHaveLength(4);
    expect(last[3]!.text.trim().split(' ')).toHaveLength(60);
    expect(last[2]!.timeSource).toBe('observed');
    expect(last[2]!.time).toBeGreaterThanOrEqual(sentAt);
    expect(last[3]!.timeSource).toBe('observed');
    expect(last[0]!.timeSource).toBe('unknown');
  });

  it('treats a reply as final only after its text has been stable, even without a streaming flag', async () => {
    await advance(3000);
    const reply = msg('assistant', 'part');
    main().append(msg('user', 'q2'), reply);
    await advance(600);
    reply.textContent = 'part and the rest';
    await advance(4000);
    const withReply = sent.filter((s) => s.messages.length === 4);
    expect(withReply.map((s) => s.messages[3]!.text)).toEqual(['part and the rest']);
  });

  it('does not send again when the site re-renders the same messages', async () => {
    await advance(3000);
    const before = sent.length;
    for (let i = 0; i < 50; i++) {
      const copy = main().cloneNode(true) as HTMLElement;
      main().replaceChildren(...Array.from(copy.childNodes));
      await advance(50);
    }
    await advance(3000);
    expect(sent.length).toBe(before);
  });

  it('follows navigation to another conversation (history there is unknown-time)', async () => {
    await advance(3000);
    href = 'https://claude.ai/chat/two';
    main().replaceChildren(msg('user', 'second convo q'), msg('assistant', 'second convo a'));
    await loop.navigated(href);
    await advance(4000);
    const two = sent.filter((s) => s.siteConversationId === 'two');
    expect(two).toHaveLength(1);
    expect(two[0]!.messages.map((m) => m.text)).toEqual(['second convo q', 'second convo a']);
    expect(two[0]!.messages.every((m) => m.time === null)).toBe(true);
  });

  it('ignores the old conversation still on screen right after the URL changed', async () => {
    await advance(3000);
    href = 'https://claude.ai/chat/two';
    await loop.navigated(href);
    await advance(3000);
    expect(sent.filter((s) => s.siteConversationId === 'two')).toHaveLength(0);
    main().replaceChildren(msg('user', 'two q'), msg('assistant', 'two a'));
    await advance(4000);
    expect(sent.filter((s) => s.siteConversationId === 'two').map((s) => s.messages.length)).toEqual([2]);
  });

  it('keeps observed times when a new chat gets its id after the first send', async () => {
    href = 'https://claude.ai/new';
    main().replaceChildren();
    await loop.navigated(href);
    await advance(3000);
    main().append(msg('user', 'fresh question'), msg('assistant', 'fresh answer'));
    await advance(500);
    href = 'https://claude.ai/chat/fresh';
    await loop.navigated(href);
    await advance(4000);
    const fresh = sent.filter((s) => s.siteConversationId === 'fresh');
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh[fresh.length - 1]!.messages.map((m) => m.timeSource)).toEqual(['observed', 'observed']);
  });

  it('passes a regenerated reply as a new message in the same place', async () => {
    await advance(3000);
    main().lastElementChild!.textContent = 'a completely different regenerated answer';
    await advance(4000);
    expect(lastSent().messages.map((m) => m.text)).toEqual(['old question', 'a completely different regenerated answer']);
    expect(lastSent().messages[1]!.timeSource).toBe('observed');
  });

  it('re-finds the root when the site replaces it', async () => {
    await advance(3000);
    const fresh = document.createElement('main');
    fresh.append(msg('user', 'old question'), msg('assistant', 'old answer'), msg('user', 'after remount'));
    main().replaceWith(fresh);
    await advance(4000);
    expect(lastSent().messages.map((m) => m.text)).toContain('after remount');
  });

  it('captures nothing while the background says no (paused / site off)', async () => {
    loop.stop();
    allowed = false;
    sent = [];
    loop = new CaptureLoop({
      adapter: fakeSite,
      doc: document,
      href: () => href,
      hello: async () => allowed,
      emit: (s) => sent.push(s),
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      MutationObserver: window.MutationObserver as unknown as typeof MutationObserver,
    });
    await loop.start();
    main().append(msg('user', 'secret'));
    await advance(4000);
    expect(sent).toEqual([]);
  });
});
