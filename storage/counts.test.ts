import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../model/types';
import { COUNTS_KEY } from './counts';
import { CoevoDB, clearData } from './db';
import { countFromKeys, counts } from './queries';
import { syntheticHistory } from '../bench/corpus';
import { mergeConversations } from './merge';
import { applyRetention } from './retention';
import { commitStaged } from './staging';

let n = 0;
const dbs: CoevoDB[] = [];
function freshDb(): CoevoDB {
  const db = new CoevoDB(`counts-${n++}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const conv = (site: string, id: string, updatedAt = 1): Conversation =>
  ({ id: `${site}:${id}`, site, siteConversationId: id, source: 'capture', createdAt: updatedAt, updatedAt }) as Conversation;
const msg = (convId: string, i: number): Message =>
  ({
    id: `${convId}#m${i}`,
    conversationId: convId,
    role: i % 2 ? 'assistant' : 'user',
    text: `t${i}`,
    time: i,
    timeSource: 'observed',
    current: true,
    index: i,
  }) as Message;

/** The maintained row equals a fresh count from the keys. */
async function expectTrue(db: CoevoDB) {
  const row = await db.meta.get(COUNTS_KEY);
  expect(row, 'the counts row exists').toBeDefined();
  const { key: _, ...stored } = row!;
  expect(stored).toEqual(await countFromKeys(db));
}

describe('the counts row', () => {
  it('starts at zero in a new database', async () => {
    const db = freshDb();
    expect(await counts(db)).toEqual({ conversations: 0, messages: 0, bySite: {} });
  });

  it('follows put, bulkPut (new, existing and repeated keys), add, bulkAdd with failures, update and modify', async () => {
    const db = freshDb();
    await db.conversations.put(conv('claude', 'a'));
    await db.conversations.put(conv('claude', 'a', 2)); // the same key again: no new conversation
    await db.messages.bulkPut([msg('claude:a', 0), msg('claude:a', 1), msg('claude:a', 1)]); // repeated in one call
    await db.messages.bulkPut([msg('claude:a', 1), msg('claude:a', 2)]); // one stored, one new
    await db.conversations.add(conv('chatgpt', 'b'));
    await db.messages.bulkAdd([msg('chatgpt:b', 0), msg('claude:a', 0)]).catch(() => undefined); // the second fails
    await db.messages.update('claude:a#m0', { text: 'edited' });
    await db.messages.where('conversationId').equals('claude:a').modify({ current: true });
    await db.messages.upsert('gemini:c#m0', { conversationId: 'gemini:c', text: 'x' } as Partial<Message>);
    expect(await counts(db)).toEqual({
      conversations: 2,
      messages: 5,
      bySite: { claude: { conversations: 1, messages: 3 }, chatgpt: { conversations: 1, messages: 1 }, gemini: { conversations: 0, messages: 1 } },
    });
    await expectTrue(db);
  });

  it('follows delete, bulkDelete (with missing keys), Collection.delete, a key-range delete and clear', async () => {
    const db = freshDb();
    await db.conversations.bulkPut([conv('claude', 'a'), conv('chatgpt', 'b'), conv('grok', 'c')]);
    await db.messages.bulkPut([0, 1, 2, 3].map((i) => msg('claude:a', i)).concat([0, 1].map((i) => msg('chatgpt:b', i))));
    await db.messages.delete('claude:a#m0');
    await db.messages.delete('claude:a#m0'); // already gone
    await db.messages.bulkDelete(['claude:a#m1', 'nope:x#1']);
    await db.messages.where('conversationId').equals('chatgpt:b').delete();
    await db.messages.where('id').between('claude:a#', 'claude:a#\uffff').delete();
    await db.conversations.where('site').equals('grok').delete();
    await expectTrue(db);
    expect((await counts(db)).messages).toBe(0);
    await db.conversations.clear();
    expect(await counts(db)).toEqual({ conversations: 0, messages: 0, bySite: {} });
    await expectTrue(db);
  });

  it('leaves the row as it was when the transaction aborts', async () => {
    const db = freshDb();
    await db.conversations.put(conv('claude', 'a'));
    await db
      .transaction('rw', [db.conversations, db.messages], async () => {
        await db.messages.bulkPut([msg('claude:a', 0), msg('claude:a', 1)]);
        throw new Error('abort');
      })
      .catch(() => undefined);
    expect(await counts(db)).toEqual({ conversations: 1, messages: 0, bySite: { claude: { conversations: 1, messages: 0 } } });
  });

  it('counts concurrent writes of one transaction once each (overlapping keys included)', async () => {
    const db = freshDb();
    await db.transaction('rw', [db.conversations, db.messages], async () => {
      await Promise.all([
        db.conversations.bulkPut([conv('claude', 'a'), conv('claude', 'b')]),
        db.messages.bulkPut([0, 1, 2].map((i) => msg('claude:a', i))),
        db.messages.bulkPut([2, 3].map((i) => msg('claude:a', i))),
        db.messages.put(msg('claude:b', 0)),
        db.conversations.put(conv('claude', 'b', 5)),
      ]);
    });
    expect(await counts(db)).toEqual({ conversations: 2, messages: 5, bySite: { claude: { conversations: 2, messages: 5 } } });
  });

  it('stays true through a random mix of writes (many transactions, many conversations)', async () => {
    const db = freshDb();
    let seed = 7;
    const rnd = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % k;
    };
    const sites = ['claude', 'chatgpt', 'gemini'];
    for (let step = 0; step < 60; step++) {
      const c = `${sites[rnd(3)]}:c${rnd(6)}`;
      const op = rnd(5);
      if (op === 0) await db.conversations.put(conv(c.split(':')[0]!, c.split(':')[1]!));
      else if (op === 1) await db.messages.bulkPut(Array.from({ length: rnd(8) }, () => msg(c, rnd(10))));
      else if (op === 2) await db.messages.bulkDelete(Array.from({ length: rnd(4) }, () => `${c}#m${rnd(10)}`));
      else if (op === 3) await db.messages.where('conversationId').equals(c).delete();
      else await db.conversations.delete(c);
    }
    await expectTrue(db);
  });

  it("follows a merge and an import's staged commit, which write the row once at their end", async () => {
    const db = freshDb();
    const history = syntheticHistory({ conversations: 30, seed: 4 });
    await mergeConversations(db, history.slice(0, 20));
    await expectTrue(db);
    await mergeConversations(db, history.slice(10)); // half stored already
    await expectTrue(db);
    await db.staging.bulkAdd(syntheticHistory({ conversations: 8, seed: 9 }).map((conversation) => ({ importId: 'i', createdAt: 1, conversation })));
    await commitStaged(db, 'i', 3);
    await expectTrue(db);
    // A merge that fails lands nothing, its counts included.
    const before = await counts(db);
    const bad = syntheticHistory({ conversations: 2, seed: 12 });
    (bad[1]!.messages[0] as { id: unknown }).id = {};
    await expect(mergeConversations(db, bad)).rejects.toThrow();
    expect(await counts(db)).toEqual(before);
    await expectTrue(db);
  });

  it('follows the storage functions that write: retention and delete-all', async () => {
    const db = freshDb();
    await db.conversations.bulkPut([conv('claude', 'old', 1), conv('claude', 'new', Date.now())]);
    await db.messages.bulkPut([msg('claude:old', 0), msg('claude:new', 0), msg('claude:new', 1)]);
    await applyRetention(db, 30);
    expect(await counts(db)).toEqual({ conversations: 1, messages: 2, bySite: { claude: { conversations: 1, messages: 2 } } });
    await clearData(db);
    expect(await counts(db)).toEqual({ conversations: 0, messages: 0, bySite: {} });
    await expectTrue(db);
  });

  it('is counted from the keys when missing (a store written behind Dexie), once, then maintained again', async () => {
    const db = freshDb();
    await db.conversations.put(conv('claude', 'a'));
    await db.meta.delete(COUNTS_KEY);
    // Not known: writes do not invent a row.
    await db.messages.put(msg('claude:a', 0));
    expect(await db.meta.get(COUNTS_KEY)).toBeUndefined();
    expect(await counts(db)).toEqual({ conversations: 1, messages: 1, bySite: { claude: { conversations: 1, messages: 1 } } });
    await db.messages.put(msg('claude:a', 1));
    await expectTrue(db);
    expect((await counts(db)).messages).toBe(2);
  });
});
