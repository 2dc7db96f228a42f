/**
 * Read queries shared by the popup, the dashboard, the background and exports.
 */
import type { ConversationWithMessages, Message } from '../model/types';
import { ACT_TAG_TYPES } from '../model/tags';
import { adjust, COUNTS_KEY, type CountsRow, type StoreCounts } from './counts';
import type { CoevoDB } from './db';

export type Counts = StoreCounts;

/** Counts every stored conversation and message per site from the keys alone (no row is read): the slow, sure way. */
export async function countFromKeys(db: CoevoDB): Promise<Counts> {
  const row: CountsRow = { key: COUNTS_KEY, conversations: 0, messages: 0, bySite: {} };
  const [conversationKeys, messageKeys] = await Promise.all([db.conversations.toCollection().primaryKeys(), db.messages.toCollection().primaryKeys()]);
  adjust(row, 'conversations', conversationKeys, 1);
  adjust(row, 'messages', messageKeys, 1);
  return { conversations: row.conversations, messages: row.messages, bySite: row.bySite };
}

/**
 * How many conversations and messages are stored, per site: the row every write keeps (storage/counts.ts), one
 * `get`. Without it (a store written behind Dexie's back), counted from the keys and stored, in one read-write
 * transaction with the counted tables so no write slips between counting and storing.
 */
export async function counts(db: CoevoDB): Promise<Counts> {
  const read = async () => {
    const row = await db.meta.get(COUNTS_KEY);
    return row && { conversations: row.conversations, messages: row.messages, bySite: row.bySite };
  };
  return (
    (await read()) ??
    db.transaction('rw', [db.conversations, db.messages, db.meta], async () => {
      const again = await read();
      if (again) return again;
      const counted = await countFromKeys(db);
      await db.meta.put({ key: COUNTS_KEY, ...counted });
      return counted;
    })
  );
}

/**
 * How many tags are shown at this confidence (the same rule as `shown()`), from the tags' [type+confidence] index:
 * every tag, less the act tags below the threshold. No tag is read.
 */
export async function shownTagCount(db: CoevoDB, minConfidence: number): Promise<number> {
  const [all, ...below] = await Promise.all([
    db.tags.count(),
    ...ACT_TAG_TYPES.map((type) => db.tags.where('[type+confidence]').between([type, -Infinity], [type, minConfidence], true, false).count()),
  ]);
  return below.reduce((sum, k) => sum - k, all);
}

/** Messages of a conversation on its current path, in order. */
export async function currentPath(db: CoevoDB, conversationId: string): Promise<Message[]> {
  const all = await db.messages.where('[conversationId+index]').between([conversationId, -Infinity], [conversationId, Infinity]).toArray();
  return all.filter((m) => m.current);
}

/** A conversation with its current-path messages (as analysis and display want it). */
export async function loadConversation(db: CoevoDB, id: string): Promise<ConversationWithMessages | undefined> {
  const conv = await db.conversations.get(id);
  if (!conv) return undefined;
  return { ...conv, messages: await currentPath(db, id) };
}

/** All conversations with their current paths, oldest first (for full analysis and export). */
export async function loadAll(db: CoevoDB): Promise<ConversationWithMessages[]> {
  const [convs, msgs] = await Promise.all([db.conversations.toArray(), db.messages.toArray()]);
  const by = new Map<string, Message[]>();
  for (const m of msgs) {
    if (!m.current) continue;
    const list = by.get(m.conversationId);
    if (list) list.push(m);
    else by.set(m.conversationId, [m]);
  }
  return convs
    .map((c) => ({ ...c, messages: (by.get(c.id) ?? []).sort((a, b) => a.index - b.index) }))
    .sort((a, b) => (a.createdAt ?? Infinity) - (b.createdAt ?? Infinity));
}
