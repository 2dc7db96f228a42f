/**
 * Retention: when the person sets "keep N days", conversations whose last known message is older are
 * deleted with their messages and tags. Conversations without any known time are kept (their age is unknown).
 */
import type { CoevoDB } from './db';

const DAY = 86_400_000;

export async function applyRetention(db: CoevoDB, retentionDays: number, now = Date.now()): Promise<{ deleted: string[] }> {
  if (!(retentionDays > 0)) return { deleted: [] };
  const cutoff = now - retentionDays * DAY;
  // Decided inside the transaction: a capture merged between a read outside it and the delete would otherwise
  // be deleted with the conversation it joined (its updatedAt is now recent). Merges write conversations and
  // messages in one transaction, so inside this one every conversation's updatedAt is final.
  return db.transaction('rw', [db.conversations, db.messages, db.tags], async () => {
    const old = await db.conversations.where('updatedAt').below(cutoff).primaryKeys();
    if (!old.length) return { deleted: [] };
    await db.messages.where('conversationId').anyOf(old).delete();
    await db.tags.where('conversationId').anyOf(old).delete();
    await db.conversations.bulkDelete(old);
    return { deleted: old };
  });
}
