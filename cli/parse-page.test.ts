/** `coevo parse-page`: a saved page in, the normalized conversation out; clear exit-2 errors on bad input. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { conversationWithMessagesProblems } from '../model/validate';
import type { ConversationWithMessages } from '../model/types';
import { run } from './parse-page';

const sites = join(dirname(fileURLToPath(import.meta.url)), '..', 'sites');
const fixture = (site: string, name: string) => join(sites, site, 'fixtures', `${name}.html`);

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await run(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('parse-page', () => {
  it('prints a ChatGPT page as a capture conversation with site message ids and unknown times', async () => {
    const url = 'https://chatgpt.com/c/6789abcd-0000-8000-9abc-0123456789ab';
    const r = await capture(['--url', url, fixture('chatgpt', 'streaming-variants')]);
    expect(r.code).toBe(0);
    const conv = JSON.parse(r.out) as ConversationWithMessages;
    expect(conversationWithMessagesProblems(conv)).toEqual([]);
    expect(conv).toMatchObject({
      id: 'chatgpt:6789abcd-0000-8000-9abc-0123456789ab',
      site: 'chatgpt',
      siteConversationId: '6789abcd-0000-8000-9abc-0123456789ab',
      source: 'capture',
      url,
      model: 'gpt-5-thinking',
      createdAt: null,
      updatedAt: null,
    });
    expect(conv.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(conv.messages[0]).toMatchObject({
      id: `${conv.id}#aaaa0001-0000-4000-8000-000000000001`,
      text: 'Give me three names for a cat.\nShort ones, please.',
      time: null,
      timeSource: 'unknown',
      parentId: null,
      index: 0,
      current: true,
    });
    expect(conv.messages[1]!.parentId).toBe(conv.messages[0]!.id);
    expect(conv.messages[1]!.model).toBe('gpt-5-thinking');
    // The page was saved mid-reply: said on stderr, JSON on stdout stays clean.
    expect(r.err).toMatch(/still being written/);
  });

  it('uses content keys where the page has no message ids (Claude), and keeps extras', async () => {
    const r = await capture(['--url=https://claude.ai/chat/0d9f8e7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a', fixture('claude', 'thinking-variants')]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const conv = JSON.parse(r.out) as ConversationWithMessages;
    expect(conversationWithMessagesProblems(conv)).toEqual([]);
    expect(conv.messages).toHaveLength(2);
    for (const m of conv.messages) expect(m.id).toMatch(/^claude:0d9f8e7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a#c-[ua]-/);
    expect(conv.messages[1]!.extras).toEqual([{ kind: 'thinking', text: 'Two days means one night out, so shelter matters. Rain means layers.' }]);
    expect(conv.title).toBeUndefined();
  });

  it.each([
    [['--url', 'https://example.com/c/1', fixture('grok', 'two-pairs-2026-03')], /no site adapter for https:\/\/example\.com/],
    [['--url', 'https://chatgpt.com/', fixture('chatgpt', 'streaming-variants')], /has no chatgpt conversation id/],
    [['--url', 'https://grok.com/c/5d2a8c3e-0b7f-4e61-9a2d-3c4b5a6f7e8d', join(sites, 'missing.html')], /cannot read .*ENOENT/],
    [['--url', 'https://chatgpt.com/c/abc', fixture('claude', 'thinking-variants')], /no chatgpt messages found/],
    [['--url', 'not a url', fixture('grok', 'two-pairs-2026-03')], /not a URL/],
    [[fixture('grok', 'two-pairs-2026-03')], /missing --url/],
    [['--url', 'https://grok.com/c/1'], /missing <file\.html>/],
    [['--bogus'], /unknown option --bogus/],
  ])('exits 2 with a clear message: %j', async (argv, message) => {
    const r = await capture(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/usage: npm run coevo -- parse-page/);
  });

  it('reads a file that is not one of the fixtures (a page fragment saved by hand)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coevo-parse-page-'));
    const file = join(dir, 'page.html');
    writeFileSync(
      file,
      '<div id="response-a1" class="items-end"><div class="message-bubble"><div class="response-content-markdown"><p>hi</p></div></div></div>' +
        '<div id="response-a2" class="items-start"><div class="message-bubble"><div class="response-content-markdown"><p>hello!</p></div></div><div class="action-buttons"><button>Copy</button></div></div>',
    );
    const r = await capture(['--url', 'https://grok.com/c/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', file]);
    expect(r.code).toBe(0);
    const conv = JSON.parse(r.out) as ConversationWithMessages;
    expect(conv.messages.map((m) => [m.role, m.text, m.siteMessageId])).toEqual([
      ['user', 'hi', 'a1'],
      ['assistant', 'hello!', 'a2'],
    ]);
  });

  it('prints usage with --help', async () => {
    const r = await capture(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/parse-page --url <page URL> <file\.html>/);
  });
});
