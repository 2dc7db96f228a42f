/**
 * Import staging: a file's conversations are written here in batches while the file is read, then merged into
 * the store in one transaction once the whole file parsed. Memory stays flat in file size (neither the file nor
 * its conversations are ever held whole), and a file lands whole or not at all: a failed or cancelled file
 * only ever touched its own staged rows, which are discarded.
 */
import type { ConversationWithMessages } from '../model/types';
import type { CoevoDB } from './db';
import { batchCounts } from './counts';
import { emptyMergeResult, mergeInto, type MergeResult } from './merge';

/** Stages a batch of conversations of one import unit. */
export async function stage(db: CoevoDB, importId: string, conversations: readonly ConversationWithMessages[]): Promise<void> {
  if (!conversations.length) return;
  const createdAt = Date.now();
  await db.staging.bulkAdd(conversations.map((conversation) => ({ importId, createdAt, conversation })));
}

const range = (db: CoevoDB, importId: string, after = -Infinity) =>
  db.staging.where('[importId+seq]').between([importId, after], [importId, Infinity], false, true);

/**
 * Merges every staged conversation of `importId` into the store and removes them, in ONE transaction: all of
 * the unit lands or none of it. Rows are read `chunk` at a time inside the transaction, so memory stays flat.
 */
export async function commitStaged(db: CoevoDB, importId: string, chunk = 50): Promise<MergeResult> {
  const result = emptyMergeResult();
  await db.transaction('rw', [db.conversations, db.messages, db.staging, db.meta], async () => {
    const counting = batchCounts(db);
    let after = -Infinity;
    for (;;) {
      const rows = await range(db, importId, after).limit(chunk).toArray();
      if (!rows.length) break;
      for (const row of rows) await mergeInto(db, row.conversation, result);
      after = rows[rows.length - 1]!.seq!;
    }
    await range(db, importId).delete();
    await counting.end();
  });
  return result;
}

/** Drops what a failed or cancelled unit staged. */
export async function discardStaged(db: CoevoDB, importId: string): Promise<void> {
  await range(db, importId).delete();
}

/** Drops staged rows left by an import that never finished (the tab was closed mid-import). */
export async function discardStale(db: CoevoDB, olderThanMs = 86_400_000, now = Date.now()): Promise<number> {
  return db.staging
    .where('createdAt')
    .below(now - olderThanMs)
    .delete();
}
