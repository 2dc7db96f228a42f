// @vitest-environment happy-dom
/** sites/define.ts: what defineSiteAdapter derives from a site's hosts and paths; readMessages' streaming rules. */
import { describe, expect, it } from 'vitest';
import { defineSiteAdapter, readMessages } from './define';
import type { ParsedMessage } from './types';

const base = {
  id: 'poe' as const,
  hosts: ['chat.example', 'www.chat.example'],
  sampleUrls: [],
  root: () => null,
  parse: () => ({ siteConversationId: null, messages: [], streaming: false }),
};

describe('defineSiteAdapter', () => {
  const site = defineSiteAdapter({ ...base, chatPath: /^\/$/, conversationPath: /^\/c\/([a-z0-9]+)\/?$/ });

  it('makes a match pattern per host unless the site states its own', () => {
    expect(site.matches).toEqual(['https://chat.example/*', 'https://www.chat.example/*']);
    const part = defineSiteAdapter({ ...base, matches: ['https://chat.example/app/*'], chatPath: /^\/app/, conversationPath: /^\/app\/(\w+)$/ });
    expect(part.matches).toEqual(['https://chat.example/app/*']);
  });

  it.each([
    ['https://chat.example/', true, null],
    ['https://www.chat.example/c/abc123', true, 'abc123'],
    ['https://chat.example/c/abc123/', true, 'abc123'],
    ['https://chat.example/settings', false, null],
    ['http://chat.example/c/abc123', false, 'abc123'],
    ['https://other.example/c/abc123', false, null],
  ])('%s: page %s, id %s (conversation pages always count, https only, own hosts only)', (raw, page, id) => {
    expect(site.matchesUrl(new URL(raw))).toBe(page);
    expect(site.conversationIdFromUrl(new URL(raw))).toBe(id);
  });

  it('takes a test instead of a pattern for the other chat pages', () => {
    const bots = defineSiteAdapter({ ...base, chatPath: (path) => path !== '/settings' && /^\/[^/]+$/.test(path), conversationPath: /^\/c\/(\w+)$/ });
    expect(bots.matchesUrl(new URL('https://chat.example/SomeBot'))).toBe(true);
    expect(bots.matchesUrl(new URL('https://chat.example/settings'))).toBe(false);
    expect(bots.matchesUrl(new URL('https://chat.example/c/x1'))).toBe(true);
  });
});

describe('readMessages', () => {
  const els = (...roles: string[]) =>
    roles.map((r) => {
      const el = document.createElement('div');
      const [role, text = '', done = 'done'] = r.split(':');
      el.dataset.role = role;
      el.dataset.text = text;
      el.dataset.done = done;
      return el;
    });
  const read = (el: Element): ParsedMessage => ({ role: el.getAttribute('data-role') as 'user' | 'assistant', text: el.getAttribute('data-text') ?? '' });
  const finished = (el: Element) => el.getAttribute('data-done') === 'done';

  it('flags only the last reply, and only while it is unfinished', () => {
    const r = readMessages(els('user:hi', 'assistant:a:open', 'user:again', 'assistant:b:open'), read, finished);
    expect(r.messages.map((m) => !!m.streaming)).toEqual([false, false, false, true]);
    expect(r.streaming).toBe(true);
    expect(readMessages(els('user:hi', 'assistant:a'), read, finished).streaming).toBe(false);
    expect(readMessages(els('assistant:a:open', 'user:hi:open'), read, finished).streaming).toBe(false);
  });

  it('leaves out an empty reply shell but keeps the page streaming; keeps a reply that has only extras', () => {
    const r = readMessages(els('user:hi', 'assistant::open'), read, finished);
    expect(r.messages.map((m) => m.text)).toEqual(['hi']);
    expect(r.streaming).toBe(true);
    const thinking = readMessages(els('user:hi', 'assistant::open'), (el) => ({ ...read(el), extras: [{ kind: 'thinking', text: 't' }] }), finished);
    expect(thinking.messages).toHaveLength(2);
  });
});
