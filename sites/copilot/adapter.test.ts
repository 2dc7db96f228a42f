// @vitest-environment happy-dom
/** Copilot adapter: message ids, data-copy chrome dropped, "still writing" from the action bar. */
import { describe, expect, it } from 'vitest';
import { siteFixtures } from '../test-fixtures';
import { adapter } from './adapter';

const { load } = siteFixtures('copilot');
const URL_ = new URL('https://www.copilot.com/chats/Yk3mPq8sT2vWx9zAbCdEf');
const page = (name: string) => {
  const doc = load(name);
  return adapter.parse(adapter.root(doc) ?? doc, URL_);
};
const reply = (id: string, inner: string, actions: boolean) =>
  `<div data-content="ai-message" role="article"><h2 id="${id}-author" class="sr-only" data-copy="false">Copilot said</h2>` +
  `<div class="group/ai-message-item" id="${id}-content-0">${inner}` +
  (actions ? '<div data-copy="false" data-testid="message-item-reactions"><button data-testid="copy-message-button"></button></div>' : '') +
  '</div></div>';
const parseHtml = (body: string) => {
  const doc = new DOMParser().parseFromString(`<div data-content="conversation" data-copy="false">${body}</div>`, 'text/html');
  return adapter.parse(adapter.root(doc)!, URL_);
};

describe('copilot parse', () => {
  it('reads the real capture with Copilot message ids and no "You said" / "Copilot said" / "Edit in a page"', () => {
    const p = page('chat-2026-03');
    expect(p.messages.map((m) => [m.role, m.siteMessageId])).toEqual([
      ['user', 'A9AQcaemEJqFbKsZYUASu'],
      ['assistant', 'rzT6n7K99Yd2ztCTKiQjA'],
      ['user', 'MUNNtoJScBXGjVfCT2ChN'],
      ['assistant', 'GNzYwUegrtdgxBaGGwCr6'],
    ]);
    for (const m of p.messages) expect(m.text).not.toMatch(/You said|Copilot said|Edit in a page|Copy|Today/);
    expect(p.messages[3]!.text).toContain('```bash\n#!/bin/bash\npwd\n```');
    expect(p.streaming).toBe(false);
  });

  it('treats the newest reply without its action bar as still being written', () => {
    const p = page('streaming-list');
    expect(p.streaming).toBe(true);
    expect(p.messages.map((m) => m.streaming ?? false)).toEqual([false, false, false, true]);
  });

  it('does not flag an older reply that lacks an action bar, only the newest', () => {
    const p = parseHtml(reply('a1', '<p>old</p>', false) + reply('a2', '<p>new</p>', true));
    expect(p.streaming).toBe(false);
    expect(p.messages.map((m) => m.streaming ?? false)).toEqual([false, false]);
  });

  it('joins several message items of one reply', () => {
    const p = parseHtml(
      '<div data-content="ai-message"><h2 id="z-author" class="sr-only">Copilot said</h2>' +
        '<div class="group/ai-message-item" id="z-content-0"><p>First part.</p></div><div class="group/ai-message-item" id="z-content-1"><p>Second part.</p>' +
        '<div data-testid="message-item-reactions"></div></div></div>',
    );
    expect(p.messages).toEqual([{ role: 'assistant', text: 'First part.\n\nSecond part.', siteMessageId: 'z' }]);
  });
});
