// @vitest-environment happy-dom
/** Perplexity adapter: chrome dropped, streaming, older selectors. */
import { describe, expect, it } from 'vitest';
import { siteFixtures } from '../test-fixtures';
import { adapter } from './adapter';

const { load, expected } = siteFixtures('perplexity');
const MAIN = 'thread-two-turns';

describe('perplexity adapter', () => {
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
});
