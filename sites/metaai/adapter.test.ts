// @vitest-environment happy-dom
/** Meta AI adapter: parses its (synthetic) fixtures exactly, reads URLs, detects streaming, drops chrome. */
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
const MAIN = 'prompt-two-turns';

describe('metaai adapter', () => {
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

  it('reads the conversation id from /prompt/ and /c/ URLs and accepts its sample URLs', () => {
    expect(adapter.conversationIdFromUrl(new URL('https://www.meta.ai/prompt/8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f'))).toBe(
      '8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f',
    );
    expect(adapter.conversationIdFromUrl(new URL('https://www.meta.ai/c/2fe13421-efcc-4be0-811e-dfbec83d5dd6'))).toBe('2fe13421-efcc-4be0-811e-dfbec83d5dd6');
    for (const u of adapter.sampleUrls) expect(adapter.matchesUrl(new URL(u))).toBe(true);
  });

  it.each([
    ['https://www.meta.ai/', true, null],
    ['https://www.meta.ai/media', false, null],
    ['https://www.meta.ai/settings', false, null],
    ['https://ai.meta.com/prompt/8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f', false, null],
  ])('matchesUrl(%s) is %s, id %s', (u, ok, id) => {
    expect(adapter.matchesUrl(new URL(u))).toBe(ok);
    expect(adapter.conversationIdFromUrl(new URL(u))).toBe(id);
  });

  it('keeps message ids and the title', () => {
    const page = adapter.parse(load(MAIN), new URL(expected(MAIN).url));
    expect(page.messages.map((m) => m.siteMessageId)).toEqual([
      '3471902251664312_user',
      '3471902251664313_assistant',
      '3471902251664314_user',
      '3471902251664315_assistant',
    ]);
    expect(page.title).toBe('Weekend sourdough plan');
  });

  it('drops chrome: citation pills, thinking status, code header, action row', () => {
    const all = adapter
      .parse(load(MAIN), new URL(expected(MAIN).url))
      .messages.map((m) => m.text)
      .join('\n');
    for (const noise of ['kingarthurbaking', 'Thought for', 'Download file', 'Copy', 'Regenerate', 'Edit']) expect(all).not.toContain(noise);
    expect(all).toContain('```bash\nfor i in 1 2 3 4; do\n  sleep 1800\n');
    expect(all).not.toMatch(/^bash$/m);
  });

  it('marks the last reply as streaming until its action row appears', () => {
    const doc = load(MAIN);
    const replies = doc.querySelectorAll('[data-message-id$="_assistant"]');
    replies[replies.length - 1].querySelector('[aria-label="Message actions"]')!.remove();
    const page = adapter.parse(doc, new URL(expected(MAIN).url));
    expect(page.streaming).toBe(true);
    expect(page.messages.map((m) => !!m.streaming)).toEqual([false, false, false, true]);
  });

  it('reads a new-chat page without messages as an empty, finished page', () => {
    const doc = new DOMParser().parseFromString(
      '<html><head><title>New chat</title></head><body><main><form><textarea></textarea></form></main></body></html>',
      'text/html',
    );
    expect(adapter.root(doc)).toBeNull();
    const page = adapter.parse(doc, new URL('https://www.meta.ai/'));
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
