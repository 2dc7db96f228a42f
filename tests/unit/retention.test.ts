import { describe, expect, it } from 'vitest';
import { buildMessages, timeRange } from '../../model/build';
import type { ConversationWithMessages } from '../../model/types';
import { CoevoDB } from '../../storage/db';
import { mergeConversations } from '../../storage/merge';
import { applyRetention } from '../../storage/retention';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 27);
function conv(sid: string, time: number | null): ConversationWithMessages {
  const id = `poe:${sid}`;
  const messages = buildMessages(id, [{ role: 'user', text: `hello ${sid}`, time, timeSource: time === null ? 'unknown' : 'export' }]);
  return { id, site: 'poe', siteConversationId: sid, source: 'import', ...timeRange(messages), messages };
}

describe('retention', () => {
  it('deletes conversations older than the limit with their messages and tags, keeps recent and undated ones', async () => {
    const db = new CoevoDB('retention-1');
    await mergeConversations(db, [conv('old', NOW - 40 * DAY), conv('new', NOW - 2 * DAY), conv('undated', null)]);
    await db.tags.put({
      id: 't',
      type: 'delegation',
      conversationId: 'poe:old',
      messages: [],
      direction: 'user→assistant',
      confidence: 1,
      explanation: 'x',
      version: 1,
    });
    expect(await applyRetention(db, 0, NOW)).toEqual({ deleted: [] });
    expect(await applyRetention(db, 30, NOW)).toEqual({ deleted: ['poe:old'] });
    expect((await db.conversations.toArray()).map((c) => c.id).sort()).toEqual(['poe:new', 'poe:undated']);
    expect(await db.messages.count()).toBe(2);
    expect(await db.tags.count()).toBe(0);
  });
});

describe('retention and a capture at the same moment', () => {
  it('never deletes a message captured while retention ran (the check is inside its transaction)', async () => {
    const db = new CoevoDB('retention-race');
    await mergeConversations(db, [conv('old', NOW - 40 * DAY)]);
    const fresh = conv('old', NOW - 40 * DAY);
    const late = buildMessages(fresh.id, [
      { role: 'user', text: 'hello old', time: NOW - 40 * DAY, timeSource: 'export' },
      { role: 'assistant', text: 'a reply captured just now', time: NOW, timeSource: 'observed' },
    ]);
    const capture = { ...fresh, source: 'capture' as const, ...timeRange(late), messages: late };
    await Promise.all([applyRetention(db, 30, NOW), mergeConversations(db, [capture])]);
    expect((await db.messages.toArray()).map((m) => m.text)).toContain('a reply captured just now');
  });
});
