// @vitest-environment happy-dom
/** Poe adapter: bot names, streaming, chrome dropped. */
import { describe, expect, it } from 'vitest';
import { siteFixtures } from '../test-fixtures';
import { adapter } from './adapter';

const { load, expected } = siteFixtures('poe');
const MAIN = 'bot-two-turns';

describe('poe adapter', () => {
  it('names the bot of each reply and of the chat', () => {
    const page = adapter.parse(load(MAIN), new URL(expected(MAIN).url));
    expect(page.messages.map((m) => m.model)).toEqual([undefined, 'Claude-Sonnet-4.5', undefined, 'Claude-Sonnet-4.5']);
    expect(page.model).toBe('Claude-Sonnet-4.5');
    expect(page.title).toBe('Retry with backoff in Python');
  });

  it('drops chrome: times, bot header, copy buttons, action bar, follow-up suggestions', () => {
    const all = adapter
      .parse(load(MAIN), new URL(expected(MAIN).url))
      .messages.map((m) => m.text)
      .join('\n');
    for (const noise of ['10:42', 'AM', 'Copy', 'Claude-Sonnet', 'Make it async', 'Share', 'Retry']) expect(all).not.toContain(noise);
    expect(all).toContain('```python\nimport time\nimport random\n');
    expect(all).not.toMatch(/^python$/m);
  });

  it('marks a reply streaming from data-complete="false" or the stop button', () => {
    const doc = load(MAIN);
    const msgs = doc.querySelectorAll('[class*="ChatMessage_chatMessage__"]');
    msgs[msgs.length - 1].setAttribute('data-complete', 'false');
    let page = adapter.parse(doc, new URL(expected(MAIN).url));
    expect(page.streaming).toBe(true);
    expect(page.messages.map((m) => !!m.streaming)).toEqual([false, false, false, true]);

    const doc2 = load(MAIN);
    doc2.querySelector('footer')!.insertAdjacentHTML('beforeend', '<button type="button" aria-label="Stop message">Stop</button>');
    page = adapter.parse(doc2, new URL(expected(MAIN).url));
    expect(page.streaming).toBe(true);
    expect(page.messages[3].streaming).toBe(true);
  });

  it('names each bot in a chat where the user @-mentions a second bot', () => {
    const name = 'multi-bot-mention';
    const page = adapter.parse(load(name), new URL(expected(name).url));
    expect(page.messages.map((m) => m.model)).toEqual([undefined, 'GPT-5', undefined, 'Gemini-2.5-Pro']);
    expect(page.model).toBe('GPT-5');
    expect(page.title).toBe('Faster code reviews');
  });
});
