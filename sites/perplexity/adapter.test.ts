// @vitest-environment happy-dom
/** Perplexity adapter: parses its (synthetic) fixtures exactly, reads thread URLs, detects streaming, drops chrome. */
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
const MAIN = 'thread-two-turns';

describe('perplexity adapter', () => {
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

  it('reads the thread slug from search URLs and accepts its sample URLs', () => {
    expect(adapter.conversationIdFromUrl(new URL('https://www.perplexity.ai/search/how-can-i-write-a-python-progr-T.BI3UbIQ_mW2V5XRp34xQ'))).toBe(
      'how-can-i-write-a-python-progr-T.BI3UbIQ_mW2V5XRp34xQ',
    );
    for (const u of adapter.sampleUrls) {
      expect(adapter.matchesUrl(new URL(u))).toBe(true);
      expect(adapter.conversationIdFromUrl(new URL(u))).not.toBeNull();
    }
  });

  it.each([
    ['https://www.perplexity.ai/', true, null],
    ['https://www.perplexity.ai/search/new?q=hello', true, null],
    ['https://www.perplexity.ai/discover', false, null],
    ['https://www.perplexity.ai/library', false, null],
    ['https://docs.perplexity.ai/search/abc', false, null],
  ])('matchesUrl(%s) is %s, id %s', (u, ok, id) => {
    expect(adapter.matchesUrl(new URL(u))).toBe(ok);
    expect(adapter.conversationIdFromUrl(new URL(u))).toBe(id);
  });

  it('drops chrome: citation pills, source cards, tabs, search steps, related questions, action bar', () => {
    const page = adapter.parse(load(MAIN), new URL(expected(MAIN).url));
    const all = page.messages.map((m) => m.text).join('\n');
    for (const noise of [
      'wikipedia',
      '+1',
      'developer.mozilla',
      'caniuse',
      'Sources',
      'Answer',
      'Reading sources',
      'Related',
      'nginx',
      'Rewrite',
      'Share',
      'View 3 more',
    ])
      expect(all).not.toContain(noise);
    expect(all).toContain("```bash\ncurl -sI --http3 https://www.cloudflare.com -o /dev/null -w '%{http_version}\\n'\n```");
    expect(page.title).toBe('How does HTTP/3 differ from HTTP/2?');
  });

  it('marks the last answer as streaming while its action bar is missing', () => {
    const doc = load(MAIN);
    const lastAnswer = doc.querySelector('#markdown-content-1')!;
    lastAnswer.nextElementSibling!.remove();
    // The related questions come only after the answer finished; they are not buttons either way.
    const page = adapter.parse(doc, new URL(expected(MAIN).url));
    expect(page.streaming).toBe(true);
    expect(page.messages.map((m) => !!m.streaming)).toEqual([false, false, false, true]);
  });

  it('falls back to the older selectors when the query h1 and the markdown-content ids are gone', () => {
    const doc = load(MAIN);
    for (const h1 of Array.from(doc.querySelectorAll('h1'))) {
      const div = doc.createElement('div');
      div.className = 'font-display text-pretty';
      div.innerHTML = h1.innerHTML;
      h1.replaceWith(div);
    }
    doc.querySelectorAll('[id^="markdown-content-"]').forEach((el) => el.removeAttribute('id'));
    const page = adapter.parse(doc, new URL(expected(MAIN).url));
    expect(page.messages.map((m) => ({ role: m.role, text: m.text }))).toEqual(expected(MAIN).messages);
  });

  it('reads a new-chat page without messages as an empty, finished page', () => {
    const doc = new DOMParser().parseFromString(
      '<html><head><title>New chat</title></head><body><main><form><textarea></textarea></form></main></body></html>',
      'text/html',
    );
    expect(adapter.root(doc)).toBeNull();
    const page = adapter.parse(doc, new URL('https://www.perplexity.ai/'));
    expect(page.messages).toEqual([]);
    expect(page.streaming).toBe(false);
    expect(page.siteConversationId).toBeNull();
  });

  it('marks the only answer of a new thread as streaming although the composer has buttons', () => {
    const doc = load(MAIN);
    const entries = doc.querySelectorAll('.pb-md.pt-lg');
    entries[1].remove();
    const answer = doc.querySelector('#markdown-content-0')!;
    let page = adapter.parse(doc, new URL(expected(MAIN).url));
    expect(page.streaming).toBe(false);
    answer.nextElementSibling!.remove();
    page = adapter.parse(doc, new URL(expected(MAIN).url));
    expect(page.streaming).toBe(true);
    expect(page.messages.map((m) => !!m.streaming)).toEqual([false, true]);
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
