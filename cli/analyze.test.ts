// The analyze command end to end: chat JSON lines with a skipped system message, --json shape, clear errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from './analyze';

const dir = mkdtempSync(join(tmpdir(), 'coevo-analyze-'));
function file(name: string, lines: unknown[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return p;
}

async function capture(argv: string[]) {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation(((s: unknown, cb?: unknown) => {
    out += String(s);
    if (typeof cb === 'function') cb();
    return true;
  }) as typeof process.stdout.write);
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await run(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

const chat = {
  id: 'bread-1',
  extra: 'ignored',
  messages: [
    { role: 'system', content: 'You are helpful.' },
    { role: 'user', content: 'my sourdough is flat, why?', timestamp: 1735689600 },
    { role: 'assistant', content: 'A flat loaf usually means underproofed dough. Try a longer autolyse.', timestamp: 1735689660 },
    { role: 'user', content: 'so "a flat loaf usually means underproofed dough, try a longer autolyse" — how long?', timestamp: '2025-01-01T00:02:00Z' },
  ],
};

describe('coevo analyze', () => {
  it('--json prints exactly {tags, summary} with indices into the messages as given', async () => {
    const { code, out } = await capture([file('chat.jsonl', [chat]), '--json']);
    expect(code).toBe(0);
    const res = JSON.parse(out);
    expect(Object.keys(res).sort()).toEqual(['summary', 'tags']);
    const [t] = res.tags;
    expect(Object.keys(t).sort()).toEqual(['confidence', 'conversationId', 'direction', 'explanation', 'messages', 'time', 'type']);
    expect(t.type).toBe('quoted-assistant');
    expect(t.conversationId).toBe('bread-1');
    // The system message at position 0 is skipped but still counted: assistant = 2, user = 3.
    expect(t.messages.map((m: { index: number }) => m.index)).toEqual([2, 3]);
    expect(res.summary.totals.userMessages).toBe(2);
  });

  it('prints a readable report by default', async () => {
    const { code, out } = await capture([file('chat2.jsonl', [chat])]);
    expect(code).toBe(0);
    expect(out).toMatch(/Coevo analysis: 1 conversations/);
    expect(out).toMatch(/quoted-assistant\s+1/);
  });

  it('says how many messages the English act models did not read, and tags none of them', async () => {
    // The same dispute in Chinese and in English: user and assistant take turns.
    const dispute = (id: string, texts: string[]) => ({ id, messages: texts.map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content })) });
    const p = file('mixed.jsonl', [
      dispute('m1', ['北京是哪个国家的首都？', '北京是中国的首都。', '不对，你错了。', '抱歉，我再确认一下。']),
      dispute('m2', [
        'What is the capital of Australia?',
        'The capital of Australia is Sydney.',
        "That's wrong, it's Canberra.",
        'You are right, I apologize. The capital of Australia is Canberra.',
      ]),
    ]);
    const text = await capture([p]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('2 of your messages are not in English');
    const json = JSON.parse((await capture([p, '--json', '--min-confidence', '0'])).out);
    expect(json.summary.totals.userMessagesNotEnglish).toBe(2);
    const acts = (id: string) =>
      json.tags.filter(
        (t: { conversationId: string; type: string }) => t.conversationId === id && ['user-pushback', 'delegation', 'user-concession'].includes(t.type),
      );
    // The same dispute in English is read (the control), in Chinese it is not.
    expect(acts('m2').map((t: { type: string }) => t.type)).toContain('user-pushback');
    expect(acts('m1')).toEqual([]);
  });

  it('fails clearly on a broken record and on duplicate ids, printing nothing on stdout', async () => {
    const bad = await capture([file('bad.jsonl', [chat, '{"id": "x", "messages": "oops"}'])]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/line 2: expected an object with a "messages" array/);
    expect(bad.out).toBe('');
    const dup = await capture([file('dup.jsonl', [chat, chat])]);
    expect(dup.code).toBe(1);
    expect(dup.err).toMatch(/appears more than once/);
  });

  it('rejects unknown options', async () => {
    const r = await capture(['--bogus']);
    expect(r.code).toBe(2);
  });
});

describe('coevo analyze: other conversation files', () => {
  it('reads ShareGPT JSON lines ("conversations" or "messages", from human / gpt, value) like the role/content format', async () => {
    const sharegpt = (id: string, key: 'conversations' | 'messages') => ({
      id,
      [key]: [
        { from: 'system', value: 'You are helpful.' },
        { from: 'human', value: 'my sourdough is flat, why?' },
        { from: 'gpt', value: 'A flat loaf usually means underproofed dough. Try a longer autolyse.' },
        { from: 'human', value: 'so "a flat loaf usually means underproofed dough, try a longer autolyse" — how long?' },
      ],
    });
    const { code, out, err } = await capture([file('sharegpt.jsonl', [sharegpt('sg-1', 'conversations'), sharegpt('sg-2', 'messages')]), '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const res = JSON.parse(out);
    expect(res.summary.totals).toMatchObject({ conversations: 2, userMessages: 4, assistantMessages: 2 });
    const quoted = res.tags.filter((t: { type: string }) => t.type === 'quoted-assistant');
    expect(quoted.map((t: { conversationId: string }) => t.conversationId).sort()).toEqual(['sg-1', 'sg-2']);
    expect(quoted[0].messages.map((m: { index: number }) => m.index)).toEqual([2, 3]);
  });

  it('reads every conversation of Coevo’s own "export all data" file', async () => {
    const convs = Array.from({ length: 7 }, (_, i) => ({
      id: `chatgpt:c${i}`,
      site: 'chatgpt',
      siteConversationId: `c${i}`,
      source: 'capture',
      createdAt: 1735689600000 + i * 86_400_000,
      updatedAt: 1735689660000 + i * 86_400_000,
    }));
    // Exported in id order (not grouped by conversation order in the file), with tags and settings beside them.
    const messages = convs
      .flatMap((c, i) =>
        ['user', 'assistant'].map((role, k) => ({
          id: `${c.id}#m${k}`,
          conversationId: c.id,
          role,
          text: role === 'user' ? `question ${i}` : `answer ${i}`,
          time: c.createdAt + k * 1000,
          timeSource: 'observed',
          current: true,
          index: k,
        })),
      )
      .reverse();
    const p = join(dir, 'coevo-export.json');
    writeFileSync(
      p,
      JSON.stringify(
        {
          format: 'coevo-export',
          modelVersion: 1,
          exportedAt: '2026-12-02T00:00:00Z',
          conversations: convs,
          messages,
          tags: [],
          verdicts: [],
          analysis: [],
          settings: [],
        },
        null,
        1,
      ),
    );
    const { code, out, err } = await capture([p, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out).summary.totals).toMatchObject({ conversations: 7, userMessages: 7, assistantMessages: 7 });
  });

  it('names the JSON-lines formats it accepts when a file is none of them', async () => {
    const { code, err } = await capture([file('other.jsonl', [{ foo: 1 }, { foo: 2 }])]);
    expect(code).toBe(1);
    expect(err).toMatch(/ShareGPT \{"conversations"\|"messages": \[\{"from": "human"\|"gpt", "value"\}\]\}/);
    expect(err).toMatch(/"role": "user"\|"assistant", "content"/);
  });
});
