/**
 * Stored analysis results: tags (table `tags`), the summary the dashboard charts read, the incremental
 * engine's state, and the queue of conversations waiting to be (re)analysed. The queue is stored, not kept in
 * memory, because an MV3 service worker can be stopped at any moment: what was queued is analysed next time.
 */
import type { Tag, TagType } from '../model/tags';
import type { CoevoDB } from './db';

const QUEUE = 'queue';

/** Replaces the tags of the given types for one conversation (re-analysis never duplicates). */
export async function replaceConversationTags(db: CoevoDB, conversationId: string, types: readonly TagType[], tags: readonly Tag[]) {
  const typeSet = new Set<string>(types);
  await db.transaction('rw', db.tags, async () => {
    await db.tags
      .where('conversationId')
      .equals(conversationId)
      .filter((t) => typeSet.has(t.type))
      .delete();
    if (tags.length) await db.tags.bulkPut(tags as Tag[]);
  });
}

/** Replaces every tag of the given types (history taggers emit over the whole history at once). */
export async function replaceTagsOfTypes(db: CoevoDB, types: readonly TagType[], tags: readonly Tag[]) {
  await db.transaction('rw', db.tags, async () => {
    await db.tags
      .where('type')
      .anyOf(types as TagType[])
      .delete();
    if (tags.length) await db.tags.bulkPut(tags as Tag[]);
  });
}

export async function putAnalysisValue(db: CoevoDB, key: string, version: number, value: unknown): Promise<void> {
  await db.analysis.put({ key, version, updatedAt: Date.now(), value });
}

export async function getAnalysisValue<T>(db: CoevoDB, key: string, version?: number): Promise<T | undefined> {
  const row = await db.analysis.get(key);
  if (!row || (version !== undefined && row.version !== version)) return undefined;
  return row.value as T;
}

/** Adds conversations to the stored analysis queue. */
export async function enqueue(db: CoevoDB, conversationIds: readonly string[]): Promise<void> {
  if (!conversationIds.length) return;
  await db.transaction('rw', db.analysis, async () => {
    const queued = ((await db.analysis.get(QUEUE))?.value as string[] | undefined) ?? [];
    const next = [...new Set([...queued, ...conversationIds])];
    await db.analysis.put({ key: QUEUE, version: 0, updatedAt: Date.now(), value: next });
  });
}

export async function queued(db: CoevoDB): Promise<string[]> {
  return ((await db.analysis.get(QUEUE))?.value as string[] | undefined) ?? [];
}

/** Removes the given ids from the queue (after they were analysed; ids queued meanwhile stay). */
export async function dequeue(db: CoevoDB, done: readonly string[]): Promise<void> {
  const doneSet = new Set(done);
  await db.transaction('rw', db.analysis, async () => {
    const q = ((await db.analysis.get(QUEUE))?.value as string[] | undefined) ?? [];
    await db.analysis.put({ key: QUEUE, version: 0, updatedAt: Date.now(), value: q.filter((id) => !doneSet.has(id)) });
  });
}
