// @vitest-environment happy-dom
/** Gemini adapter: custom-element turns, reply ids, streaming, thoughts/chips as extras, title/mode. */
import { describe, expect, it } from 'vitest';
import { siteFixtures } from '../test-fixtures';
import { adapter } from './adapter';

const { load } = siteFixtures('gemini');
const URL_ = new URL('https://gemini.google.com/app/f1x7u0e0000000b2');
const page = (name: string) => {
  const doc = load(name);
  return adapter.parse(adapter.root(doc) ?? doc, URL_);
};
const parseHtml = (body: string) => {
  const doc = new DOMParser().parseFromString(`<div id="chat-history">${body}</div>`, 'text/html');
  return adapter.parse(adapter.root(doc)!, URL_);
};

describe('gemini parse', () => {
  it('reads turns with r_ reply ids, the sidebar title and the mode label, canvas chips as extras', () => {
    const p = page('real-capture-2026-01');
    expect(p.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    expect(p.messages[1]!.siteMessageId).toBe('r_c686dff8a50c68d8');
    expect(p.messages[0]!.siteMessageId).toBeUndefined();
    expect(p.title).toBe('Paper airplane aerodynamics');
    expect(p.model).toBe('Flash');
    expect(p.messages[5]!.extras).toEqual([{ kind: 'attachment', text: 'The Aerodynamics of Paper Flight' }]);
    expect(p.messages[5]!.text).not.toMatch(/Jan 17|Show thinking/);
    expect(p.messages[3]!.text).toContain('$KE = \\\\frac{1}{2}mv^2$');
    expect(p.streaming).toBe(false);
  });

  it('drops the hidden "Show code" block and the "You said" label; names the generated file', () => {
    const p = page('table-2026-07');
    expect(p.messages[0]!.text).not.toMatch(/You said/);
    expect(p.messages[1]!.text).not.toMatch(/markdown_content|```/);
    expect(p.messages[1]!.extras).toEqual([{ kind: 'attachment', text: 'investment_funds_comparison.md' }]);
  });

  it('keeps Deep Research widgets out of the text', () => {
    const p = page('deep-research-2026-07');
    expect(p.messages[1]!.text).toBe("Here's a research plan for that topic. If you need to update it, let me know!");
    expect(p.messages[3]!.extras).toEqual([{ kind: 'attachment', text: 'Cross-Sectional Equity Cost Study' }]);
  });

  it('flags the reply whose markdown is aria-busy, joins typed lines with single newlines', () => {
    const p = page('streaming-code');
    expect(p.streaming).toBe(true);
    expect(p.messages.map((m) => m.streaming ?? false)).toEqual([false, false, false, true]);
    expect(p.messages[0]!.text).toBe('Write a Python function that reverses a string.\nKeep it short.');
    expect(p.model).toBe('Pro');
  });

  it('takes expanded thoughts as a thinking extra', () => {
    const p = parseHtml(
      '<model-response><model-thoughts data-test-id="model-thoughts"><button>Hide thinking</button><div class="thoughts-body"><p>Check the units first.</p></div></model-thoughts>' +
        '<message-content id="message-content-id-r_1"><div class="markdown" aria-busy="false"><p>42 N.</p></div></message-content></model-response>',
    );
    expect(p.messages).toEqual([{ role: 'assistant', text: '42 N.', siteMessageId: 'r_1', extras: [{ kind: 'thinking', text: 'Check the units first.' }] }]);
  });

  it('reads an older user query without query-text-line paragraphs', () => {
    const p = parseHtml(
      '<user-query><user-query-content><div class="query-content"><div class="file-preview-container">photo.png</div><p>What is this?</p></div></user-query-content></user-query>',
    );
    expect(p.messages).toEqual([{ role: 'user', text: 'What is this?' }]);
  });

  it('returns nothing while the conversation is still loading (empty turn containers)', () => {
    const p = parseHtml('<infinite-scroller><div class="conversation-container" id="55e6c939222f273c"></div></infinite-scroller>');
    expect(p).toMatchObject({ messages: [], streaming: false });
  });
});
