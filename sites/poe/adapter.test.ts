// @vitest-environment happy-dom
/** Poe adapter: parses its (synthetic) fixtures exactly, reads chat/bot URLs, bot names, streaming, drops chrome. */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IncrementalReader, listContainer } from '../../capture/incremental';
import { adapter } from './adapter';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => f.slice(0, -'.expected.json'.length));
const load = (name: string) => new DOMParser().parseFromString(readFileSync(join(dir, `${name}.html`), 'utf8'), 'text/html');
const expected = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8'));
const MAIN = 'bot-two-turns';

describe('poe adapter', () => {
  it.each(names)('parses %s to exactly the expected messages', (name) => {
    const exp = expected(name);
    const doc = load(name);
    const page = adapter.parse(adapter.root(doc) ?? doc, new URL(exp.url));
    expect(page.siteConversationId).toBe(exp.siteConversationId);
    expect(page.messages.map((m) => ({ role: m.role, text: m.text }))).toEqual(exp.messages);
    // streaming-* fixtures show their last reply still being written; every other fixture is finished.
    const streaming = name.startsWith('streaming');
    expect(page.streaming).toBe(streaming);
    expect(page.messages.map((m) => !!m.streaming)).toEqual(page.messages.map((_, i) => streaming && i === page.messages.length - 1));
  });

  it('reads the chat code from chat URLs and accepts its sample URLs', () => {
    expect(adapter.conversationIdFromUrl(new URL('https://poe.com/chat/2s9k4xq7p1mzbd3wv8e'))).toBe('2s9k4xq7p1mzbd3wv8e');
    for (const u of adapter.sampleUrls) {
      expect(adapter.matchesUrl(new URL(u))).toBe(true);
      expect(adapter.conversationIdFromUrl(new URL(u))).not.toBeNull();
    }
  });

  it.each([
    ['https://poe.com/Claude-Sonnet-4.5', true, null],
    ['https://poe.com/GPT-5', true, null],
    ['https://poe.com/explore', false, null],
    ['https://poe.com/settings', false, null],
    ['https://poe.com/chats', false, null],
    ['https://poe.com/', false, null],
    ['https://creator.poe.com/docs', false, null],
  ])('matchesUrl(%s) is %s, id %s', (u, ok, id) => {
    expect(adapter.matchesUrl(new URL(u))).toBe(ok);
    expect(adapter.conversationIdFromUrl(new URL(u))).toBe(id);
  });

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

  it('reads a new-chat page without messages as an empty, finished page', () => {
    const doc = new DOMParser().parseFromString(
      '<html><head><title>New chat</title></head><body><main><form><textarea></textarea></form></main></body></html>',
      'text/html',
    );
    expect(adapter.root(doc)).toBeNull();
    const page = adapter.parse(doc, new URL('https://poe.com/GPT-5'));
    expect(page.messages).toEqual([]);
    expect(page.streaming).toBe(false);
    expect(page.siteConversationId).toBeNull();
  });

  it.each(names)('%s reads the same block by block, as the capture loop reads it', (name) => {
    const exp = expected(name);
    const doc = load(name);
    const url = new URL(exp.url);
    const root = adapter.root(doc)!;
    const reader = new IncrementalReader(adapter);
    reader.read(root, url);
    const page = reader.read(root, url)!;
    // Block-wise mode: the second read re-parses at most the last block (to refresh its streaming flag); a
    // reader that fell back to full parses would re-read every block of the list.
    expect(listContainer(root).children.length).toBeGreaterThanOrEqual(2);
    expect(reader.lastParsedBlocks).toBeLessThanOrEqual(1);
    expect(page.messages.map((m) => ({ role: m.role, text: m.text }))).toEqual(exp.messages);
    expect(page.streaming).toBe(name.startsWith('streaming'));
  });
});
