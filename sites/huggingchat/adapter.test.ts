// @vitest-environment happy-dom
/** HuggingChat adapter: models, variants, reasoning and tool extras, streaming. */
import { describe, expect, it } from 'vitest';
import { siteFixtures } from '../test-fixtures';
import { adapter } from './adapter';

const { load, expected } = siteFixtures('huggingchat');
const MAIN = 'omni-two-turns';

describe('huggingchat adapter', () => {
  it('names the model of each reply, the picker model, the variant and the title', () => {
    const page = adapter.parse(load(MAIN), new URL(expected(MAIN).url));
    expect(page.messages.map((m) => m.model)).toEqual([undefined, 'Qwen3-Coder-480B-A35B-Instruct', undefined, 'Kimi-K2-Instruct']);
    expect(page.model).toBe('Omni');
    expect(page.messages[3].variant).toEqual({ index: 1, count: 2 });
    expect(page.messages[1].variant).toBeUndefined();
    expect(page.title).toBe('Parse ISO dates in JavaScript');
    expect(page.messages[0].siteMessageId).toBe('0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0');
  });

  it('keeps the reasoning block apart and drops chrome (router line, copy/retry, avatar)', () => {
    const page = adapter.parse(load(MAIN), new URL(expected(MAIN).url));
    expect(page.messages[1].extras).toEqual([{ kind: 'thinking', text: expect.stringMatching(/^An ISO 8601 string with a Z suffix/) }]);
    const all = page.messages.map((m) => m.text).join('\n');
    for (const noise of ['Thinking', 'ISO 8601 string with a Z suffix is UTC', 'Copied', 'Retry', 'together', 'Qwen3', '2 / 2', 'Edit'])
      expect(all).not.toContain(noise);
    expect(all).toContain('```javascript\nconst d = new Date("2026-11-27T09:30:00Z");');
  });

  it('marks the last reply as streaming while the stop button shows or before its Retry button appears', () => {
    const doc = load(MAIN);
    doc
      .querySelector('form')!
      .insertAdjacentHTML(
        'beforeend',
        '<button type="button" class="stop-generating-btn btn" aria-label="Stop generating"><span class="sr-only">Stop generating</span></button>',
      );
    let page = adapter.parse(doc, new URL(expected(MAIN).url));
    expect(page.streaming).toBe(true);
    expect(page.messages.map((m) => !!m.streaming)).toEqual([false, false, false, true]);

    const doc2 = load(MAIN);
    const replies = doc2.querySelectorAll('[data-message-role="assistant"]');
    replies[replies.length - 1].querySelectorAll('button[title="Retry"]').forEach((b) => b.remove());
    page = adapter.parse(doc2, new URL(expected(MAIN).url));
    expect(page.streaming).toBe(true);
    expect(page.messages[3].streaming).toBe(true);
  });

  it('keeps a tool call as a tool extra and reads a prompt being edited', () => {
    const doc = load(MAIN);
    const reply = doc.querySelectorAll('[data-message-role="assistant"]')[1];
    reply
      .querySelector('.prose')!
      .insertAdjacentHTML(
        'beforebegin',
        '<div data-exclude-from-copy class="not-last:mb-1"><div class="flex flex-col items-start gap-1 select-none"><button type="button" class="group/header flex"><span class="text-sm">Called tool</span><span class="font-mono text-xs">web_search</span></button></div><div class="mt-2 mb-4 space-y-3"><div class="space-y-1"><div class="text-[10px] uppercase">Parameters</div><pre class="rounded-lg whitespace-pre-wrap">{"query": "Intl.DateTimeFormat"}</pre></div></div></div>',
      );
    const user = doc.querySelectorAll('[data-message-type="user"]')[1];
    const p = user.querySelector('p')!;
    const form = doc.createElement('form');
    form.innerHTML = '<textarea rows="5"></textarea><button type="submit">Submit</button>';
    (form.querySelector('textarea') as HTMLTextAreaElement).value = 'Can you compare them in a table?';
    p.replaceWith(form);
    const page = adapter.parse(doc, new URL(expected(MAIN).url));
    expect(page.messages[3].extras?.[0].kind).toBe('tool');
    expect(page.messages[3].extras?.[0].text).toMatch(/^Called tool web_search\n/);
    expect(page.messages[3].text).not.toContain('web_search');
    expect(page.messages[2].text).toBe('Can you compare them in a table?');
  });
});
