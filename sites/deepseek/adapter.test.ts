// @vitest-environment happy-dom
/** DeepSeek adapter: DeepThink reasoning as a thinking extra, chrome dropped, streaming, markdown-less bubbles, the 2025 layout. */
import { describe, expect, it } from 'vitest';
import { siteFixtures } from '../test-fixtures';
import { adapter } from './adapter';

const { load, expected } = siteFixtures('deepseek');
const MAIN = 'reasoner-two-turns';

describe('deepseek adapter', () => {
  it('keeps DeepThink reasoning out of the answer, as a thinking extra', () => {
    const doc = load(MAIN);
    const page = adapter.parse(doc, new URL(expected(MAIN).url));
    const replies = page.messages.filter((m) => m.role === 'assistant');
    expect(replies).toHaveLength(2);
    for (const r of replies) {
      expect(r.extras?.[0]?.kind).toBe('thinking');
      expect(r.text).not.toContain(r.extras![0].text.slice(0, 30));
    }
    expect(replies[0].extras![0].text).toMatch(/^The user wants order-preserving/);
  });

  it('drops chrome: code banner buttons, thinking header, action bars, avatar', () => {
    const doc = load(MAIN);
    const all = adapter
      .parse(doc, new URL(expected(MAIN).url))
      .messages.map((m) => m.text)
      .join('\n');
    for (const noise of ['Copy', 'Download', 'Thought for', 'DeepSeek', 'Regenerate', 'New chat', 'DeepThink']) {
      expect(all).not.toContain(noise);
    }
    expect(all).toContain('```python\ndef dedupe(items):');
  });

  it('marks the last reply as streaming while it has no action bar yet', () => {
    const doc = load(MAIN);
    const items = doc.querySelectorAll('[data-virtual-list-item-key]');
    const lastTurn = items[items.length - 1];
    lastTurn.querySelectorAll('.ds-icon-button').forEach((b) => b.remove());
    const page = adapter.parse(doc, new URL(expected(MAIN).url));
    expect(page.streaming).toBe(true);
    expect(page.messages[page.messages.length - 1].streaming).toBe(true);
    expect(page.messages.slice(0, -1).some((m) => m.streaming)).toBe(false);
  });

  it('keeps a reply that is still only thinking, with empty text, as streaming', () => {
    const doc = load(MAIN);
    const bubbles = doc.querySelectorAll('.ds-message');
    const last = bubbles[bubbles.length - 1];
    last.querySelector('.ds-assistant-message-main-content')!.remove();
    last
      .closest('[data-virtual-list-item-key]')!
      .querySelectorAll('.ds-icon-button')
      .forEach((b) => b.remove());
    const page = adapter.parse(doc, new URL(expected(MAIN).url));
    const m = page.messages[page.messages.length - 1];
    expect(m).toMatchObject({ role: 'assistant', text: '', streaming: true });
    expect(m.extras?.[0].kind).toBe('thinking');
  });

  it('observes the scroll area and reads the title', () => {
    const doc = load(MAIN);
    expect(adapter.root(doc)?.classList.contains('ds-scroll-area')).toBe(true);
    expect(adapter.parse(doc, new URL(expected(MAIN).url)).title).toBe('Deduplicate a Python list');
    const empty = new DOMParser().parseFromString('<html><body><div id="root"></div></body></html>', 'text/html');
    expect(adapter.root(empty)).toBeNull();
  });

  it('reads the 2025 layout: regenerated-reply switcher as a variant, search citations dropped', () => {
    const name = 'search-regenerated-2025';
    const page = adapter.parse(load(name), new URL(expected(name).url));
    expect(page.messages.map((m) => m.variant)).toEqual([undefined, { index: 1, count: 2 }, undefined, undefined]);
    const all = page.messages.map((m) => m.text).join('\n');
    expect(all).not.toMatch(/stages\d|comply\d|Found 9 results/);
    expect(page.messages[1].extras).toBeUndefined();
  });

  it('reads a reply bubble without markdown as the assistant (busy notice, empty placeholder), never as a prompt', () => {
    const doc = load(MAIN);
    const bubbles = doc.querySelectorAll('.ds-message');
    const last = bubbles[bubbles.length - 1];
    last.innerHTML =
      '<div class="_4f3769f"><div class="ds-icon"><svg width="32" height="32" viewBox="0 0 32 32"></svg></div></div><div class="a1b2c3d4">The server is busy. Please try again later.</div>';
    let page = adapter.parse(doc, new URL(expected(MAIN).url));
    expect(page.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(page.messages[3].text).toBe('The server is busy. Please try again later.');
    // The same when the capture loop reads that turn on its own.
    const turn = last.closest('[data-virtual-list-item-key]')!;
    expect(adapter.parse(turn, new URL(expected(MAIN).url)).messages.map((m) => m.role)).toEqual(['assistant']);

    last.innerHTML = '';
    last
      .closest('[data-virtual-list-item-key]')!
      .querySelectorAll('.ds-icon-button')
      .forEach((b) => b.remove());
    page = adapter.parse(doc, new URL(expected(MAIN).url));
    expect(page.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(page.streaming).toBe(true);
  });
});
