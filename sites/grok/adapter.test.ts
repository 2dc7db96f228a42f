// @vitest-environment happy-dom
/** Grok adapter: role from the turn's side, response ids, response time and chips dropped, streaming. */
import { describe, expect, it } from 'vitest';
import { siteFixtures } from '../test-fixtures';
import { adapter } from './adapter';

const { load } = siteFixtures('grok');
const URL_ = new URL('https://grok.com/c/5d2a8c3e-0b7f-4e61-9a2d-3c4b5a6f7e8d');
const page = (name: string) => {
  const doc = load(name);
  return adapter.parse(adapter.root(doc) ?? doc, URL_);
};
const turn = (id: string, cls: string, text: string, actions = '<div class="action-buttons"><button aria-label="Copy"></button></div>') =>
  `<div id="response-${id}" class="${cls}"><div class="message-bubble"><div class="response-content-markdown"><p>${text}</p></div></div>${actions}</div>`;
const parseHtml = (body: string) => {
  const doc = new DOMParser().parseFromString(`<main>${body}</main>`, 'text/html');
  return adapter.parse(adapter.root(doc)!, URL_);
};

describe('grok parse', () => {
  it('reads the real capture: roles by side, response ids, no "1.3s" or suggestion chips', () => {
    const p = page('two-pairs-2026-03');
    expect(p.messages.map((m) => [m.role, m.siteMessageId])).toEqual([
      ['user', '27be7d81-c0bd-4073-8013-7fa8aa4e40b3'],
      ['assistant', 'b696073a-89e4-407e-ba92-e5ab1a8cefd5'],
      ['user', 'dba6ef99-2838-4c74-a6a4-1029d3bf6123'],
      ['assistant', '8eb9b53e-8f4f-40b5-94d3-6019ab93ac3f'],
    ]);
    for (const m of p.messages) expect(m.text).not.toMatch(/1\.[23]s|Demonstrate with current crypto price|Latest AI news/);
    expect(p.streaming).toBe(false);
  });

  it('treats the newest reply with an empty action row as still being written', () => {
    const p = page('streaming-code');
    expect(p.streaming).toBe(true);
    expect(p.messages.map((m) => m.streaming ?? false)).toEqual([false, false, false, true]);
  });

  it('falls back to alternating roles when the side classes are gone', () => {
    const p = parseHtml(turn('1', 'x', 'question') + turn('2', 'y', 'answer'));
    expect(p.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('reads a regenerated reply counter outside the text', () => {
    const p = parseHtml(
      turn('1', 'items-end', 'q') +
        turn(
          '2',
          'items-start',
          'second try',
          '<div class="action-buttons"><button aria-label="Previous"></button><span>2/2</span><button aria-label="Copy"></button></div>',
        ),
    );
    expect(p.messages[1]).toMatchObject({ text: 'second try', variant: { index: 1, count: 2 } });
  });
});

describe('grok markup variations', () => {
  it('reads bubbles without response ids, their side from the aligned wrapper', () => {
    const p = parseHtml(
      '<div class="flex flex-col items-end"><div class="message-bubble"><div class="response-content-markdown"><p>hi</p></div></div></div>' +
        '<div class="flex flex-col items-start"><div class="message-bubble"><div class="response-content-markdown"><p>hello</p></div></div><div class="action-buttons"><button>Copy</button></div></div>',
    );
    expect(p.messages).toEqual([
      { role: 'user', text: 'hi' },
      { role: 'assistant', text: 'hello' },
    ]);
  });

  it('joins several markdown blocks of a reply and keeps a reasoning trace out of the text', () => {
    const p = parseHtml(
      turn('1', 'items-end', 'q') +
        '<div id="response-2" class="items-start"><div class="thinking-container"><div class="response-content-markdown"><p>Let me think.</p></div></div>' +
        '<div class="message-bubble"><div class="response-content-markdown"><p>Part one.</p></div><div class="response-content-markdown"><p>Part two.</p></div></div>' +
        '<div class="action-buttons"><button>Copy</button></div></div>',
    );
    expect(p.messages[1]).toEqual({
      role: 'assistant',
      text: 'Part one.\n\nPart two.',
      siteMessageId: '2',
      extras: [{ kind: 'thinking', text: 'Let me think.' }],
    });
  });
});
