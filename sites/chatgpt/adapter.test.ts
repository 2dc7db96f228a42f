// @vitest-environment happy-dom
/** ChatGPT adapter: both turn markups, streaming, variants, ids/models, labels and Deep Research. */
import { describe, expect, it } from 'vitest';
import { siteFixtures } from '../test-fixtures';
import { adapter } from './adapter';

const { load } = siteFixtures('chatgpt');
const page = (name: string, url = 'https://chatgpt.com/c/abc-123') => {
  const doc = load(name);
  return adapter.parse(adapter.root(doc) ?? doc, new URL(url));
};
const html = (body: string) => new DOMParser().parseFromString(`<main id="main"><div id="thread">${body}</div></main>`, 'text/html');
const turn = (n: number, role: string, inner: string) =>
  `<section data-testid="conversation-turn-${n}" data-turn="${role}"><h4 class="sr-only">${role === 'user' ? 'You said:' : 'ChatGPT said:'}</h4>${inner}</section>`;

describe('chatgpt parse', () => {
  it('reads the 2026-01 <article> era with ids, model slugs and title, without the "Tú dijiste:" labels', () => {
    const p = page('article-era-2026-01');
    expect(p.messages).toHaveLength(8);
    expect(p.messages[0]).toMatchObject({ role: 'user', siteMessageId: '266d8469-02d5-4365-8078-1178a24a762e' });
    expect(p.messages[1]).toMatchObject({ role: 'assistant', model: 'gpt-4o', siteMessageId: '2fe8eabf-74f6-4f49-a144-5d90ca31b45f' });
    expect(p.model).toBe('gpt-4o');
    expect(p.title).toBe('Verdant gateway client notes');
    expect(p.streaming).toBe(false);
    for (const m of p.messages) expect(m.text).not.toMatch(/dijiste|ChatGPT Plus|Copiar|\+3/);
  });

  it('reads the 2026-07 <section data-turn> era the same way', () => {
    const p = page('section-era-2026-07');
    expect(p.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(p.messages[1]!.model).toBe('gpt-5-5');
    expect(p.messages[0]!.text).not.toMatch(/Show more|You said/);
    expect(p.messages[1]!.text).toContain('```python\nfactory = "Fictional"');
  });

  it('skips a Deep Research turn it cannot read instead of storing its screen-reader label', () => {
    const p = page('deep-research-2026-07');
    expect(p.messages.map((m) => m.role)).toEqual(['user', 'user', 'assistant']);
    expect(p.messages.some((m) => m.text.includes('ChatGPT said'))).toBe(false);
  });

  it('flags only the reply being written while the stop button shows, and reads the variant counter', () => {
    const p = page('streaming-variants', 'https://chatgpt.com/g/g-p-1-x/c/6789abcd');
    expect(p.streaming).toBe(true);
    expect(p.messages.map((m) => m.streaming ?? false)).toEqual([false, false, false, true]);
    expect(p.messages[1]!.variant).toEqual({ index: 1, count: 3 });
    expect(p.messages[0]!.variant).toBeUndefined();
    expect(p.messages[1]!.text).not.toMatch(/Thought for/);
  });

  it('is finished when neither a stop button nor a streaming body is present', () => {
    const doc = html(
      turn(1, 'user', '<div data-message-author-role="user" data-message-id="u1"><div class="whitespace-pre-wrap">hi</div></div>') +
        turn(2, 'assistant', '<div data-message-author-role="assistant" data-message-id="a1"><div class="markdown"><p>hello</p></div></div>'),
    );
    const p = adapter.parse(adapter.root(doc)!, new URL('https://chatgpt.com/c/x'));
    expect(p.streaming).toBe(false);
    expect(p.messages.map((m) => [m.role, m.text, m.siteMessageId])).toEqual([
      ['user', 'hi', 'u1'],
      ['assistant', 'hello', 'a1'],
    ]);
  });

  it('treats an older .result-streaming body as still being written', () => {
    const doc = html(turn(1, 'assistant', '<div data-message-author-role="assistant"><div class="markdown result-streaming"><p>par</p></div></div>'));
    const p = adapter.parse(adapter.root(doc)!, new URL('https://chatgpt.com/c/x'));
    expect(p.streaming).toBe(true);
    expect(p.messages[0]!.streaming).toBe(true);
  });

  it('keeps tool rows and empty messages out of the dialogue', () => {
    const doc = html(
      turn(
        1,
        'assistant',
        '<div data-message-author-role="tool"><p>search results…</p></div><div data-message-author-role="assistant"></div><div data-message-author-role="assistant"><p>Answer</p></div>',
      ),
    );
    const p = adapter.parse(adapter.root(doc)!, new URL('https://chatgpt.com/c/x'));
    expect(p.messages.map((m) => m.text)).toEqual(['Answer']);
  });

  it('returns nothing for an empty new-chat page (and a detached probe element)', () => {
    const doc = html('');
    expect(adapter.parse(adapter.root(doc)!, new URL('https://chatgpt.com/')).messages).toEqual([]);
    expect(adapter.parse(doc.createElement('div'), new URL('https://chatgpt.com/c/x'))).toMatchObject({ messages: [], streaming: false });
  });
});
