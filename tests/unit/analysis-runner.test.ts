import { beforeEach, describe, expect, it } from 'vitest';
import { processQueue, rebuildAnalysis } from '../../background/analysis';
import { ANALYSIS_VERSION } from '../../analysis/version';
import { buildMessages, timeRange, type MessageDraft } from '../../model/build';
import type { ConversationWithMessages } from '../../model/types';
import { enqueue, getAnalysisValue, putAnalysisValue, queued } from '../../storage/analysis';
import { CoevoDB } from '../../storage/db';
import { mergeConversations } from '../../storage/merge';

let db: CoevoDB;
let n = 0;
beforeEach(async () => {
  db = new CoevoDB(`runner-${n++}`);
  await db.open();
});

const T0 = Date.UTC(2026, 0, 5, 9);
function conversation(sid: string, drafts: Omit<MessageDraft, 'time' | 'timeSource'>[], start = T0): ConversationWithMessages {
  const id = `claude:${sid}`;
  const messages = buildMessages(
    id,
    drafts.map((d, i) => ({ ...d, time: start + i * 60_000, timeSource: 'export' as const })),
  );
  return { id, site: 'claude', siteConversationId: sid, source: 'import', ...timeRange(messages), messages };
}

const pushbackExchange = [
  { role: 'user' as const, text: 'What is the capital of Australia?' },
  { role: 'assistant' as const, text: 'The capital of Australia is Sydney, its largest city.' },
  { role: 'user' as const, text: "That's wrong. The capital of Australia is Canberra, not Sydney." },
  { role: 'assistant' as const, text: "You're right, I apologize for the error. The capital of Australia is Canberra, which was built as the capital." },
];

describe('background analysis runner', () => {
  it('analyses queued conversations, stores their tags and the summaries, and empties the queue', async () => {
    const r = await mergeConversations(db, [conversation('a', pushbackExchange)]);
    await enqueue(db, r.changed);
    await processQueue(db);
    const types = (await db.tags.toArray()).map((t) => t.type).sort();
    expect(types).toEqual(['assistant-capitulation', 'user-pushback']);
    const tag = (await db.tags.where('type').equals('user-pushback').first())!;
    expect(tag.conversationId).toBe('claude:a');
    expect(tag.messages.map((m) => m.index)).toContain(2);
    const summary = await getAnalysisValue<{ version: number; granularity: string }>(db, 'summary', ANALYSIS_VERSION);
    expect(summary).toMatchObject({ version: ANALYSIS_VERSION, granularity: 'month' });
    expect(await queued(db)).toEqual([]);
  });

  it('updates incrementally when a conversation grows, without duplicating tags', async () => {
    await mergeConversations(db, [conversation('a', pushbackExchange.slice(0, 2))]);
    await enqueue(db, ['claude:a']);
    await processQueue(db);
    expect(await db.tags.count()).toBe(0);
    await mergeConversations(db, [conversation('a', pushbackExchange)]);
    await enqueue(db, ['claude:a']);
    const r = await processQueue(db);
    expect(r.rebuilt).toBe(false);
    await enqueue(db, ['claude:a']);
    await processQueue(db);
    expect((await db.tags.toArray()).map((t) => t.type).sort()).toEqual(['assistant-capitulation', 'user-pushback']);
  });

  it('rebuilds everything when the stored state comes from another analysis version', async () => {
    await mergeConversations(db, [conversation('a', pushbackExchange)]);
    await putAnalysisValue(db, 'state', ANALYSIS_VERSION - 1, { stale: true });
    await db.tags.put({
      id: 'stale',
      type: 'delegation',
      conversationId: 'claude:gone',
      messages: [],
      direction: 'user→assistant',
      confidence: 1,
      explanation: 'old',
      version: ANALYSIS_VERSION - 1,
    });
    const r = await processQueue(db);
    expect(r.rebuilt).toBe(true);
    expect(await db.tags.get('stale')).toBeUndefined();
    expect(await db.tags.count()).toBe(2);
  });

  it('rebuild over an empty store leaves no tags and a zero summary', async () => {
    expect(await rebuildAnalysis(db)).toEqual({ conversations: 0, tags: 0 });
    expect(await getAnalysisValue(db, 'summary', ANALYSIS_VERSION)).toBeDefined();
  });
});
