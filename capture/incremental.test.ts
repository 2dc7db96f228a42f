// @vitest-environment happy-dom
// Block-wise reading equals a full parse, re-reads only changed blocks, and falls back to full parses for an
// adapter whose result needs the whole list.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ParsedPage, SiteAdapter } from '../sites/types';
import { IncrementalReader, listContainer } from './incremental';

let parsedNodes = 0;
const site = (mergeAdjacent: boolean): SiteAdapter => ({
  id: 'poe',
  hosts: ['poe.com'],
  matches: ['https://poe.com/*'],
  sampleUrls: [],
  matchesUrl: () => true,
  conversationIdFromUrl: () => 'c1',
  root: (doc) => doc.querySelector('main'),
  parse(root): ParsedPage {
    const els = Array.from(root.querySelectorAll('[data-role]'));
    parsedNodes += els.length;
    let messages = els.map((el) => ({ role: el.getAttribute('data-role') as 'user' | 'assistant', text: el.textContent ?? '' }));
    // An adapter that joins consecutive pieces of one reply: block-wise reading would split them.
    if (mergeAdjacent)
      messages = messages.reduce<typeof messages>((acc, m) => {
        const last = acc[acc.length - 1];
        if (last && last.role === m.role) last.text += ` ${m.text}`;
        else acc.push({ ...m });
        return acc;
      }, []);
    const doc = root.ownerDocument;
    return { siteConversationId: 'c1', messages, streaming: !!doc?.querySelector('#stop'), title: doc?.title || undefined };
  },
});

const url = new URL('https://poe.com/chat/c1');
beforeEach(() => {
  document.body.innerHTML = `<main><div id="list">${Array.from({ length: 50 }, (_, i) => `<div class="turn"><p data-role="${i % 2 ? 'assistant' : 'user'}">m${i}</p></div>`).join('')}</div></main>`;
  parsedNodes = 0;
});

describe('IncrementalReader', () => {
  it('finds the list inside single-child wrappers', () => {
    expect(listContainer(document.querySelector('main')!).id).toBe('list');
  });

  it('reads the same messages as a full parse, then re-reads only the changed block', () => {
    const a = site(false);
    const r = new IncrementalReader(a);
    const root = document.querySelector('main')!;
    const first = r.read(root, url)!;
    expect(first.messages).toEqual(a.parse(root, url).messages);
    parsedNodes = 0;
    const last = document.querySelectorAll('[data-role]')[49]!;
    last.textContent = 'm49 grew';
    r.touch(last.firstChild!);
    const second = r.read(root, url)!;
    expect(second.messages[49]!.text).toBe('m49 grew');
    expect(second.messages).toHaveLength(50);
    expect(r.lastParsedBlocks).toBe(1);
    expect(parsedNodes).toBe(1);
  });

  it('picks up added blocks and page-level state (streaming, title) from the document', () => {
    const r = new IncrementalReader(site(false));
    const root = document.querySelector('main')!;
    r.read(root, url);
    document.title = 'Chat';
    document.body.insertAdjacentHTML('beforeend', '<button id="stop">Stop</button>');
    document.getElementById('list')!.insertAdjacentHTML('beforeend', '<div class="turn"><p data-role="user">new</p></div>');
    const page = r.read(root, url)!;
    expect(page.messages.map((m) => m.text).slice(-1)).toEqual(['new']);
    expect(page.streaming).toBe(true);
    expect(page.title).toBe('Chat');
    expect(r.lastParsedBlocks).toBe(1);
  });

  it('spreads a first read over several calls when given a time budget, then returns the full page', () => {
    let clock = 0;
    const a = site(false);
    const slow: SiteAdapter = { ...a, parse: (root, u) => ((clock += 1), a.parse(root, u)) };
    const r = new IncrementalReader(slow, () => clock);
    const root = document.querySelector('main')!;
    let calls = 0;
    let page = null;
    while (!(page = r.read(root, url, 10)) && calls < 100) calls++;
    expect(calls).toBeGreaterThanOrEqual(4); // 50 blocks at 1 ms each, ~10 ms per call
    expect(page!.messages.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `m${i}`));
  });

  it('falls back to full parses when block-wise reading would differ', () => {
    document.getElementById('list')!.insertAdjacentHTML('beforeend', '<div class="turn"><p data-role="assistant">tail part</p></div>');
    const a = site(true);
    const r = new IncrementalReader(a);
    const root = document.querySelector('main')!;
    const page = r.read(root, url)!;
    expect(page.messages).toEqual(a.parse(root, url).messages);
    expect(page.messages[page.messages.length - 1]!.text).toBe('m49 tail part');
    r.read(root, url);
    expect(r.fullParses).toBe(2); // the guard's full parse (its result is used), then one per read
  });
});
