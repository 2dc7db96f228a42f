// Correctness of every export format, on the fixtures in importers/fixtures (see its README).
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { conversationWithMessagesProblems } from '../model/validate';
import type { ConversationWithMessages } from '../model/types';
import { ImportError } from './errors';
import { bytesSource, collect, fixtureBytes, importFixture } from './fixtures/load';
import { buildChatGPTZip } from './fixtures/make-zip';

const byText = (c: ConversationWithMessages, text: string) => c.messages.find((m) => m.text === text)!;
const valid = (cs: ConversationWithMessages[]) => cs.forEach((c) => expect(conversationWithMessagesProblems(c)).toEqual([]));
const endOf = (events: Awaited<ReturnType<typeof collect>>['events']) => events.filter((e) => e.type === 'end');

describe('ChatGPT', () => {
  it('keeps branches, marks the current path, skips hidden nodes and keeps attachments out of text', async () => {
    for (const chunk of [7, 65536]) {
      const { conversations, events } = await importFixture('chatgpt/conversations.json', chunk);
      valid(conversations);
      expect(conversations.map((c) => c.id)).toEqual(['chatgpt:c0ffee00-0000-4000-8000-000000000001', 'chatgpt:c0ffee00-0000-4000-8000-000000000002']);
      const [trip, edited] = conversations;
      expect(trip.source).toBe('import');
      expect(trip.format).toBe('chatgpt-json');
      const current = trip.messages.filter((m) => m.current).map((m) => m.text);
      expect(current).toEqual([
        'Plan a two-day trip to Lisbon.',
        'Day 1: Alfama. Day 2: Belém.',
        'Add a "quiet" café, please.\nSomething with a view.',
        'Try a miradouro café.\n[image]',
      ]);
      const regen = byText(trip, 'Regenerated: start in Baixa.');
      expect(regen.current).toBe(false);
      expect(regen.parentId).toBe(byText(trip, 'Plan a two-day trip to Lisbon.').id);
      // The reply's image stays a marker in the text (issue 13); the attachment note is kept apart.
      const answer = byText(trip, 'Try a miradouro café.\n[image]');
      expect(answer.id).toBe('chatgpt:c0ffee00-0000-4000-8000-000000000001#m-a2');
      expect(answer.model).toBe('o3');
      expect(answer.time).toBe(1717000050500);
      expect(answer.timeSource).toBe('export');
      expect(answer.parentId).toBe(byText(trip, 'Add a "quiet" café, please.\nSomething with a view.').id);
      expect(answer.extras).toEqual([
        { kind: 'thinking', text: 'Looking for cafés\nMiradouro cafés are calm.' },
        { kind: 'attachment', text: 'image_asset_pointer file-service://file-abc' },
      ]);
      expect(trip.messages.some((m) => /search\(|results…/.test(m.text))).toBe(false);
      // The edited prompt: both versions kept, the edit is current.
      expect(byText(edited, 'What is 2+3? (edited)').current).toBe(true);
      expect(byText(edited, 'What is 2+2?').current).toBe(false);
      expect(edited.messages.some((m) => m.text === 'hidden context' || m.text === 'x')).toBe(false);
      const [end] = endOf(events);
      expect(end.type === 'end' && end.stats.skipped).toEqual({
        'hidden system message': 1,
        'tool call by the assistant': 1,
        'tool output (search, code, browsing)': 2,
        'hidden message': 1,
      });
    }
  });

  it('reads split conversations-NNN.json files, including the {conversations: [...]} top level', async () => {
    const a = await importFixture('chatgpt/split/conversations-000.json');
    const b = await importFixture('chatgpt/split/conversations-001.json');
    expect(a.conversations.map((c) => c.title)).toEqual(['Branching trip plan']);
    expect(b.conversations.map((c) => c.title)).toEqual(['Shard two']);
    valid(b.conversations);
  });

  it('reads the flat messages[] shape in a paged {items, page_info} wrapper', async () => {
    const { conversations } = await importFixture('chatgpt/messages-page.json');
    expect(conversations).toHaveLength(1);
    const [c] = conversations;
    expect(c.format).toBe('chatgpt-messages-json');
    expect(c.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'Hello flat'],
      ['assistant', 'Hi!'],
      ['user', 'Bye'],
    ]);
    expect(c.messages[2].parentId).toBe(c.messages[1].id);
    valid(conversations);
  });

  it('reads a single conversation object (the polylogue sample): thoughts and tools kept out of the text', async () => {
    const { conversations } = await importFixture('chatgpt/polylogue_native-conversation-v1.json');
    const [c] = conversations;
    expect(c.messages.filter((m) => m.current).map((m) => m.text)).toEqual([
      'Analyze the attached fixture and create an artifact.\n[image]',
      'Final answer. [Download artifact](sandbox:/mnt/data/fixture-result.zip)\n[image]',
    ]);
    expect(byText(c, 'Superseded answer.').current).toBe(false);
    const final = c.messages.find((m) => m.current && m.role === 'assistant')!;
    expect(final.extras?.filter((e) => e.kind === 'thinking').map((e) => e.text)).toEqual(['Privacy-safe reasoning trace.', 'Privacy-safe reasoning summary.']);
  });
});

describe('Claude', () => {
  it('reads the real 2024 samples (text only) in time order, with inline thinking moved out', async () => {
    const ex = await importFixture('claude/simonw-claude-to-sqlite_example.json');
    expect(ex.conversations[0].id).toBe('claude:1db4c66e-b369-4e3a-96a9-6c16f8301ee8');
    expect(ex.conversations[0].messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(ex.conversations[0].messages[0].extras).toEqual([{ kind: 'attachment', text: 'CleanShot 20241017 at 22.29.542x.png' }]);
    const art = await importFixture('claude/simonw-claude-to-sqlite_artifacts.json');
    valid(art.conversations);
    const msgs = art.conversations[0].messages;
    const times = msgs.map((m) => m.time!);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    for (const m of msgs) expect(m.text).not.toMatch(/antThinking|<antArtifact/);
    expect(msgs.some((m) => m.extras?.some((e) => e.kind === 'thinking'))).toBe(true);
    expect(msgs.some((m) => m.text.includes('[artifact: '))).toBe(true);
  });

  it('reads the 2025+ content[] shape: only text blocks in the text, thinking and tools in extras', async () => {
    const { conversations } = await importFixture('claude/conversations-2025.json');
    const [c] = conversations;
    const reply = c.messages[1];
    expect(reply.role).toBe('assistant');
    expect(reply.text).toBe('Use `sorted(xs)` for a new list.\n\nOr `xs.sort()` in place.');
    expect(reply.extras?.map((e) => e.kind)).toEqual(['thinking', 'tool', 'tool']);
    expect(reply.extras?.[0].text).toBe('The user wants sorted() vs list.sort().');
    expect(reply.time).toBe(Date.parse('2025-07-10T09:00:05Z'));
    expect(c.messages[2].extras).toEqual([{ kind: 'attachment', text: 'notes.txt' }]);
  });
});

describe('DeepSeek', () => {
  it('reads mapping with root, THINK into extras, the latest leaf as current, +08:00 times', async () => {
    const { conversations } = await importFixture('deepseek/conversations.json');
    const [c] = conversations;
    valid(conversations);
    expect(c.id).toBe('deepseek:d5000000-0000-4000-8000-000000000001');
    expect(c.messages.filter((m) => m.current).map((m) => m.text)).toEqual(['Is 97 prime?', '97 is a prime number.', 'And 91?']);
    const old = byText(c, 'Yes, 97 is prime.');
    expect(old.current).toBe(false);
    expect(old.extras).toEqual([{ kind: 'thinking', text: 'Check divisors up to 9.' }]);
    expect(old.model).toBe('deepseek-reasoner');
    expect(byText(c, 'Is 97 prime?').time).toBe(Date.parse('2025-02-01T02:00:00Z'));
  });

  it('also reads the web history payload, honouring its current message', async () => {
    const { conversations } = await importFixture('deepseek/yuki-inaho_deepseek-exporter_history-messages.json');
    const [c] = conversations;
    expect(byText(c, 'This regenerated branch is not selected.').current).toBe(false);
    expect(byText(c, 'The primary source confirms it.').extras?.map((e) => e.kind)).toEqual(['thinking', 'tool', 'tool']);
  });
});

describe('Grok', () => {
  it('reads $date.$numberLong times, mixed-case senders, branches and thinking traces', async () => {
    const { conversations } = await importFixture('grok/prod-grok-backend.json');
    const [c] = conversations;
    valid(conversations);
    expect(c.id).toBe('grok:g0000000-0000-4000-8000-000000000001');
    expect(c.messages.filter((m) => m.current).map((m) => [m.role, m.text])).toEqual([
      ['user', 'How do rockets work?'],
      ['assistant', "By Newton's third law."],
      ['user', 'Thanks'],
    ]);
    expect(byText(c, 'Thrust from exhaust.').current).toBe(false);
    const a = byText(c, "By Newton's third law.");
    expect(a.time).toBe(1740830405000);
    expect(a.model).toBe('grok-3');
    expect(a.extras).toEqual([
      { kind: 'thinking', text: 'Explain action-reaction.' },
      { kind: 'citation', text: 'NASA https://www.nasa.gov/' },
    ]);
  });
});

describe('Gemini Takeout', () => {
  it('JSON: groups by chat URL or time gap, regenerations as alternates, skips non-prompts', async () => {
    const { conversations, events } = await importFixture('gemini/MyActivity.json');
    valid(conversations);
    const ids = conversations.map((c) => c.id).sort();
    expect(ids).toEqual([
      'gemini:abc123def456',
      `gemini:takeout-${Date.parse('2025-01-03T07:59:00Z')}`,
      `gemini:takeout-${Date.parse('2025-01-05T15:10:00Z')}`,
    ]);
    const hello = conversations.find((c) => c.id.endsWith(String(Date.parse('2025-01-05T15:10:00Z'))))!;
    expect(hello.messages.filter((m) => m.current).map((m) => m.text)).toEqual(['Say hello in Spanish', '¡Hola!', 'Thanks, and in French?', 'Bonjour !']);
    const alt = byText(hello, 'Hola, ¿qué tal?');
    expect(alt.current).toBe(false);
    expect(alt.parentId).toBe(byText(hello, 'Say hello in Spanish').id);
    const haiku = conversations.find((c) => c.title === 'A prompt whose answer is missing')!;
    expect(byText(haiku, 'Soft rain on the roof\ncounting the hours\n\n- one\n- two')).toBeDefined();
    const end = endOf(events)[0];
    expect(end.type === 'end' && end.stats.skipped).toEqual({
      'Gemini activity that is not a prompt ("Gave feedback")': 1,
      'activity from another Google product': 1,
    });
  });

  it('HTML in English and Czech: the localised verb and date are read, answers become text', async () => {
    const en = await importFixture('gemini/MyActivity-en.html', 500);
    valid(en.conversations);
    const hello = en.conversations.find((c) => c.messages.some((m) => m.text === '¡Hola!'))!;
    expect(hello.messages.map((m) => m.text)).toEqual(['Say hello in Spanish\nKeep it short & friendly', '¡Hola!', 'Thanks, and in French?', 'Bonjour !']);
    expect(hello.messages[0].time).toBe(Date.parse('2025-01-05T15:10:00Z'));
    const code = en.conversations.find((c) => c.title === 'Show me code')!;
    expect(code.messages[1].text).toBe('Here:\n\n```\nprint("hi")\n```');
    expect(code.messages[0].extras).toEqual([{ kind: 'attachment', text: 'photo.jpg' }]);

    const cs = await importFixture('gemini/MyActivity-cs.html', 333);
    valid(cs.conversations);
    const pozdrav = cs.conversations.find((c) => c.messages.some((m) => m.text === 'Pozdrav španělsky'))!;
    expect(pozdrav.messages.filter((m) => m.role === 'user').map((m) => m.text)).toEqual(['Otázka bez odpovědi', 'Pozdrav španělsky', 'A ve francouzštině?']);
    expect(byText(pozdrav, 'Pozdrav španělsky').time).toBe(Date.parse('2025-01-05T15:10:00Z'));
    expect(cs.conversations.some((c) => c.messages.some((m) => m.text.includes('Dobrá odpověď')))).toBe(false);
  });
});

describe('Copilot CSV', () => {
  it('parses quotes, commas, line breaks and CRLF; groups by conversation in time order', async () => {
    for (const chunk of [3, 65536]) {
      const { conversations, events } = await importFixture('copilot/copilot-activity.csv', chunk);
      valid(conversations);
      const trip = conversations.find((c) => c.id === 'copilot:Trip ideas')!;
      expect(trip.messages.map((m) => [m.role, m.text])).toEqual([
        ['user', 'Where should I go in May, if I like "quiet" places?'],
        ['assistant', 'Consider:\n- the Azores\n- Slovenia, in the Julian Alps'],
        ['user', 'Thanks!'],
      ]);
      expect(conversations.find((c) => c.id === 'copilot:Recipe')!.messages[1].text).toBe('Aglio e olio: garlic, oil, chili.');
      const end = endOf(events)[0];
      expect(end.type === 'end' && end.stats.skipped).toEqual({ 'CSV row from unknown author "System"': 1 });
    }
  });

  it('reports a CSV cut off inside a quoted field', async () => {
    const bytes = strToU8('Conversation,Time,Author,Message\nA,2025-01-01T00:00:00Z,Human,"unfinished');
    await expect(collect(bytesSource('cut.csv', bytes))).rejects.toMatchObject({ code: 'truncated', file: 'cut.csv' });
  });
});

describe('containers, detection and errors', () => {
  it('reads the .zip as delivered, skipping files that are not conversations', async () => {
    const zip = buildChatGPTZip();
    for (const chunk of [100, 65536]) {
      const { conversations, events } = await collect(bytesSource('export.zip', zip, chunk));
      expect(conversations.map((c) => c.id)).toEqual(['chatgpt:c0ffee00-0000-4000-8000-000000000001', 'chatgpt:c0ffee00-0000-4000-8000-000000000002']);
      expect(
        events
          .filter((e) => e.type === 'skipped-file')
          .map((e) => e.file)
          .sort(),
      ).toEqual(['export.zip/chat.html', 'export.zip/message_feedback.json', 'export.zip/user.json']);
    }
    expect(Buffer.from(fixtureBytes('zip/chatgpt-export.zip')).equals(Buffer.from(zip))).toBe(true);
  });

  it('reads several shards and formats from one zip (Takeout folders, split ChatGPT files)', async () => {
    const zip = zipSync({
      'Takeout/My Activity/Gemini Apps/MyActivity.json': fixtureBytes('gemini/MyActivity.json'),
      'conversations-000.json': fixtureBytes('chatgpt/split/conversations-000.json'),
      'conversations-001.json': fixtureBytes('chatgpt/split/conversations-001.json'),
    });
    const { events } = await collect(bytesSource('mixed.zip', zip, 1000));
    expect(endOf(events).map((e) => e.type === 'end' && [e.file, e.format, e.conversations])).toEqual([
      ['mixed.zip/Takeout/My Activity/Gemini Apps/MyActivity.json', 'gemini-takeout-json', 3],
      ['mixed.zip/conversations-000.json', 'chatgpt-json', 1],
      ['mixed.zip/conversations-001.json', 'chatgpt-json', 1],
    ]);
  });

  it('detects by content, not by name', async () => {
    const { conversations } = await collect(bytesSource('download (3).txt', fixtureBytes('grok/prod-grok-backend.json')));
    expect(conversations[0].site).toBe('grok');
  });

  it.each([
    ['unknown JSON', '[{"hello": "world"}]', 'unknown-format', /not a known export.*Expected an official export/],
    ['plain text', 'just some notes', 'unknown-format', /not a known export/],
    ['empty file', '', 'unknown-format', /empty/],
    ['cut-off JSON', '[{"uuid": "x", "chat_messages": []}, {"uuid": "y", "chat_mes', 'truncated', /ended in the middle of conversation\/record #2/],
    ['broken record', '[{"uuid": "x", "chat_messages": []}, {"uuid": "y" "chat_messages": []}]', 'malformed', /record #2 is not valid JSON/],
    ['junk after the end', '[{"uuid": "x", "chat_messages": []}] extra', 'malformed', /after the end/],
    ['a record of the wrong shape', '[{"uuid": "x", "chat_messages": []}, {"uuid": 5}]', 'malformed', /Claude conversation has no "uuid".*#2/],
  ])('%s → a clear ImportError', async (_name, text, code, message) => {
    const err = await collect(bytesSource('f.json', strToU8(text))).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.message).toContain('f.json');
  });

  it('reports a truncated zip', async () => {
    const zip = buildChatGPTZip();
    const err = await collect(bytesSource('cut.zip', zip.subarray(0, 1500))).catch((e) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect(['truncated', 'zip']).toContain(err.code);
  });

  it('an empty export list is a valid import of nothing', async () => {
    const { events } = await collect(bytesSource('conversations.json', strToU8(' [ ] ')));
    expect(endOf(events)).toEqual([{ type: 'end', file: 'conversations.json', format: null, conversations: 0, messages: 0, stats: { skipped: {} } }]);
  });

  it('cancels through the AbortSignal and reports progress', async () => {
    const ctl = new AbortController();
    const seen: number[] = [];
    const src = bytesSource('conversations.json', fixtureBytes('chatgpt/conversations.json'), 16);
    const run = collect(src, {
      signal: ctl.signal,
      onProgress: (p) => {
        seen.push(p.bytesRead);
        ctl.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(seen.length).toBeGreaterThan(0);
  });

  it('a message longer than the model allows is shortened, says so, and the file still imports', async () => {
    const long = 'a'.repeat(2_100_000);
    const file = JSON.stringify([{ uuid: 'long', chat_messages: [{ uuid: 'm1', sender: 'human', text: long }] }]);
    const { conversations } = await collect(bytesSource('conversations.json', strToU8(file)));
    const [m] = conversations[0].messages;
    expect(m.text.length).toBe(2_000_000);
    expect(m.extras).toEqual([{ kind: 'other', text: 'Text shortened from 2100000 characters.' }]);
  });

  it('re-importing gives the same ids (so the store can merge without duplicates)', async () => {
    const a = await importFixture('gemini/MyActivity-en.html');
    const b = await importFixture('gemini/MyActivity-en.html', 97);
    expect(b.conversations.map((c) => c.messages.map((m) => m.id))).toEqual(a.conversations.map((c) => c.messages.map((m) => m.id)));
  });
});
