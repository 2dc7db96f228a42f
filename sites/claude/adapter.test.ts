// @vitest-environment happy-dom
/** Claude adapter: both reply classes, streaming, variants, thinking/artifact extras, side panel. */
import { describe, expect, it } from 'vitest';
import { siteFixtures } from '../test-fixtures';
import { adapter } from './adapter';

const { load } = siteFixtures('claude');
const URL_ = new URL('https://claude.ai/chat/0d9f8e7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a');
const page = (name: string) => {
  const doc = load(name);
  return adapter.parse(adapter.root(doc) ?? doc, URL_);
};
const parseHtml = (body: string) => {
  const doc = new DOMParser().parseFromString(`<main>${body}</main>`, 'text/html');
  return adapter.parse(adapter.root(doc)!, URL_);
};

describe('claude parse', () => {
  it('reads the 2026-07 reply without the search widget, with artifacts as extras, the title and the model picker', () => {
    const p = page('real-capture-2026-07');
    expect(p.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    const reply = p.messages[1]!;
    expect(reply.text).not.toMatch(/Placeholder search result|10 resultados|Placeholder SVG Artifact/);
    expect(reply.extras).toEqual([
      { kind: 'attachment', text: 'Placeholder SVG Artifact — Imagen' },
      { kind: 'attachment', text: 'Placeholder Interactive Artifact — Artefacto interactivo' },
    ]);
    expect(reply.streaming).toBeUndefined();
    expect(p.streaming).toBe(false);
    expect(p.title).toBe('Sample fixture conversation for parser tests');
    expect(p.model).toBe('Sonnet 4.5');
    // The DOM carries no message ids and only a clock time ("18:40") without a date.
    for (const m of p.messages) {
      expect(m.siteMessageId).toBeUndefined();
      expect(m.time).toBeUndefined();
    }
  });

  it('ignores the artifact side panel and the sr-only "You said:" / "Claude responded:" headings', () => {
    const p = page('artifact-panel-2026-07');
    expect(p.messages).toHaveLength(2);
    expect(p.messages[0]!.text).not.toMatch(/You said/);
    expect(p.messages[1]!.text).not.toMatch(/Claude responded|Reading a tide table|Download/);
    expect(p.title).toBe('Tide table fixture conversation');
  });

  it('reads the 2025 .font-claude-message reply and its streaming flag', () => {
    const p = page('legacy-codeblock-2025-08');
    expect(p.streaming).toBe(true);
    expect(p.messages[1]).toMatchObject({ role: 'assistant', streaming: true });
    expect(p.messages[1]!.text).toContain('```bash\n# Simple setup with Ollama\n');
  });

  it('keeps extended thinking out of the text and reads "2 / 2" counters of both sides', () => {
    const p = page('thinking-variants');
    expect(p.messages[0]!.variant).toEqual({ index: 1, count: 2 });
    expect(p.messages[1]!.variant).toEqual({ index: 1, count: 2 });
    expect(p.messages[1]!.extras).toEqual([{ kind: 'thinking', text: 'Two days means one night out, so shelter matters. Rain means layers.' }]);
    expect(p.messages[1]!.text).not.toMatch(/Thought for|shelter matters/);
  });

  it('files a non-thinking panel (web search, tool call) as a tool extra', () => {
    const p = parseHtml(
      '<div data-test-render-count="1"><div data-is-streaming="false"><div class="font-claude-response">' +
        '<button class="group/status">Searched the web</button><div class="grid transition-[grid-template-rows]"><div class="overflow-hidden"><p>tide tables Lisbon</p></div></div>' +
        '<div class="standard-markdown"><p>High tide is at 14:05.</p></div></div></div></div>',
    );
    expect(p.messages).toEqual([{ role: 'assistant', text: 'High tide is at 14:05.', extras: [{ kind: 'tool', text: 'tide tables Lisbon' }] }]);
  });

  it('reads a reply without markdown blocks from the whole reply element', () => {
    const p = parseHtml('<div data-test-render-count="1"><div data-is-streaming="true"><div class="font-claude-response"><p>Partial</p></div></div></div>');
    expect(p.messages).toEqual([{ role: 'assistant', text: 'Partial', streaming: true }]);
    expect(p.streaming).toBe(true);
  });

  it('returns nothing for a detached probe element', () => {
    const doc = new DOMParser().parseFromString('<main></main>', 'text/html');
    expect(adapter.parse(doc.createElement('div'), URL_)).toMatchObject({ messages: [], streaming: false });
  });
});

describe('claude thinking without the 2026-02 panel markup', () => {
  it('keeps markdown inside a .font-ui thinking container out of the text', () => {
    const doc = new DOMParser().parseFromString(
      '<main><div data-test-render-count="1"><div data-is-streaming="false"><div class="font-claude-response">' +
        '<div class="thinking-block"><div class="font-ui"><div class="standard-markdown"><p>Plan: answer briefly.</p></div></div></div>' +
        '<div class="standard-markdown"><p>Briefly: yes.</p></div></div></div></div></main>',
      'text/html',
    );
    const p = adapter.parse(adapter.root(doc)!, URL_);
    expect(p.messages).toEqual([{ role: 'assistant', text: 'Briefly: yes.', extras: [{ kind: 'thinking', text: 'Plan: answer briefly.' }] }]);
  });
});

describe('claude user message without its test id', () => {
  it('falls back to the .font-user-message class', () => {
    const doc = new DOMParser().parseFromString(
      '<main><div data-test-render-count="1"><div class="font-large !font-user-message"><p class="whitespace-pre-wrap">hello\nthere</p></div></div></main>',
      'text/html',
    );
    expect(adapter.parse(adapter.root(doc)!, URL_).messages).toEqual([{ role: 'user', text: 'hello\nthere' }]);
  });
});
