import { beforeEach, describe, expect, it } from 'vitest';
import { buildMessages } from '../../model/build';
import { conversationId } from '../../model/ids';
import type { ConversationWithMessages, Message } from '../../model/types';
import { CoevoDB } from '../../storage/db';
import { mergeConversations } from '../../storage/merge';
import { currentPath } from '../../storage/queries';

let db: CoevoDB;
let n = 0;
beforeEach(async () => {
  db = new CoevoDB(`merge-test-${n++}`);
  await db.open();
});

const CID = conversationId('claude', 'abc');
type Draft = Parameters<typeof buildMessages>[1][number];

function conv(source: ConversationWithMessages['source'], drafts: Draft[], extra: Partial<ConversationWithMessages> = {}): ConversationWithMessages {
  const messages = buildMessages(CID, drafts);
  return { id: CID, site: 'claude', siteConversationId: 'abc', source, createdAt: null, updatedAt: null, messages, ...extra };
}
const u = (text: string, more: Partial<Draft> = {}): Draft => ({ role: 'user', text, ...more });
const a = (text: string, more: Partial<Draft> = {}): Draft => ({ role: 'assistant', text, ...more });
const texts = (ms: Message[]) => ms.map((m) => `${m.role[0]}:${m.text}`);

describe('mergeConversations', () => {
  it('stores a new conversation and is idempotent on re-merge', async () => {
    const c = conv('capture', [u('hi'), a('hello')]);
    const r1 = await mergeConversations(db, [c]);
    expect(r1).toMatchObject({ conversations: 1, messagesAdded: 2, messagesUpdated: 0, changed: [CID] });
    const r2 = await mergeConversations(db, [c]);
    expect(r2).toMatchObject({ messagesAdded: 0, messagesUpdated: 0, changed: [] });
    expect(await db.messages.count()).toBe(2);
  });

  it('matches a live capture and an export of the same messages despite formatting differences, preferring export times', async () => {
    await mergeConversations(db, [conv('capture', [u('What is **LSM**?', { time: 5000, timeSource: 'observed' }), a('It is a “style” measure.')])]);
    const exported = conv(
      'import',
      [
        u('What is LSM?', { siteMessageId: 'u1', time: 1000, timeSource: 'export' }),
        a('It is a "style" measure.', { siteMessageId: 'a1', time: 2000, timeSource: 'export' }),
      ],
      { format: 'claude-json', title: 'LSM' },
    );
    const r = await mergeConversations(db, [exported]);
    expect(r.messagesAdded).toBe(0);
    const path = await currentPath(db, CID);
    expect(path.map((m) => [m.time, m.timeSource])).toEqual([
      [1000, 'export'],
      [2000, 'export'],
    ]);
    const c = await db.conversations.get(CID);
    expect(c).toMatchObject({ source: 'capture', title: 'LSM', format: 'claude-json', createdAt: 1000, updatedAt: 2000 });
  });

  it('matches rendered text and export markdown that differ beyond markup (links, tables)', async () => {
    await mergeConversations(db, [
      conv('capture', [u('compare them'), a('See the docs for details.\n\n| a | b |\n| 1 | 2 |\nThe first option wins on speed and cost overall.')]),
    ]);
    const r = await mergeConversations(db, [
      conv('import', [
        u('compare them', { time: 1, timeSource: 'export' }),
        a('See [the docs](https://example.org) for details.\n\n|a|b|\n|---|---|\n|1|2|\n\nThe first option wins on speed and cost, overall.', {
          time: 2,
          timeSource: 'export',
        }),
      ]),
    ]);
    expect(r.messagesAdded).toBe(0);
    expect(await db.messages.count()).toBe(2);
  });

  it('does not merge different replies of the same role', async () => {
    await mergeConversations(db, [
      conv('import', [u('q', { time: 1, timeSource: 'export' }), a('Paris is the capital of France.', { time: 2, timeSource: 'export' })]),
    ]);
    await mergeConversations(db, [
      conv('import', [
        u('q', { time: 1, timeSource: 'export' }),
        a('Paris is the capital of France.', { time: 2, timeSource: 'export' }),
        u('and Spain?', { time: 3, timeSource: 'export' }),
        a('Madrid is the capital of Spain.', { time: 4, timeSource: 'export' }),
      ]),
    ]);
    expect(texts(await currentPath(db, CID))).toEqual(['u:q', 'a:Paris is the capital of France.', 'u:and Spain?', 'a:Madrid is the capital of Spain.']);
  });

  it('keeps live-captured messages an older export lacks, in order', async () => {
    await mergeConversations(db, [conv('capture', [u('q1'), a('a1'), u('q2'), a('a2')])]);
    await mergeConversations(db, [conv('import', [u('q1', { time: 1, timeSource: 'export' }), a('a1', { time: 2, timeSource: 'export' })])]);
    expect(texts(await currentPath(db, CID))).toEqual(['u:q1', 'a:a1', 'u:q2', 'a:a2']);
  });

  it('places history loaded later (earlier messages) before what was captured first', async () => {
    await mergeConversations(db, [conv('capture', [u('q2'), a('a2')])]);
    await mergeConversations(db, [conv('capture', [u('q1'), a('a1'), u('q2'), a('a2')])]);
    expect(texts(await currentPath(db, CID))).toEqual(['u:q1', 'a:a1', 'u:q2', 'a:a2']);
  });

  it('keeps a regenerated reply as an alternate branch and the new one as current', async () => {
    await mergeConversations(db, [conv('capture', [u('q'), a('first answer')])]);
    const r = await mergeConversations(db, [conv('capture', [u('q'), a('second answer')])]);
    expect(r).toMatchObject({ messagesAdded: 1, messagesUpdated: 1 });
    expect(texts(await currentPath(db, CID))).toEqual(['u:q', 'a:second answer']);
    const alt = (await db.messages.toArray()).find((m) => m.text === 'first answer');
    expect(alt).toMatchObject({ current: false });
  });

  it('never hides stored messages when a virtualized page shows another window of the conversation', async () => {
    await mergeConversations(db, [conv('capture', [u('q9'), a('a9'), u('q10'), a('a10')])]);
    await mergeConversations(db, [conv('capture', [u('q1'), a('a1'), u('q2'), a('a2')])]);
    const all = await db.messages.toArray();
    expect(all).toHaveLength(8);
    expect(all.every((m) => m.current)).toBe(true);
  });

  it('keeps repeated identical messages apart ("ok" twice is two messages)', async () => {
    await mergeConversations(db, [conv('capture', [u('ok'), a('sure'), u('ok'), a('sure')])]);
    expect(await db.messages.count()).toBe(4);
  });

  it('lands all conversations of one call or none', async () => {
    const good = conv('capture', [u('hi')]);
    const bad = { ...conv('capture', [u('x')]), id: 'claude:other' } as ConversationWithMessages;
    // A message row with an invalid key makes the second put fail inside the transaction.
    (bad.messages[0] as { id: unknown }).id = {} as unknown;
    await expect(mergeConversations(db, [good, bad])).rejects.toThrow();
    expect(await db.conversations.count()).toBe(0);
    expect(await db.messages.count()).toBe(0);
  });
});
