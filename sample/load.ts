/**
 * Loads the classroom sample into its own database (`coevo-demo`, never the person's `coevo`), runs the real
 * analysis over it in the page, and stores the tags and summary the way the background does for real data.
 * Removing it clears that database only.
 */
import { analyze } from '../analysis/engine';
import { clearData, DEMO_DB_NAME, getDb } from '../storage/db';
import { mergeConversations } from '../storage/merge';
import { generateSample } from './generate';

export interface SampleLoadResult {
  conversations: number;
  messages: number;
  tags: number;
}

export async function loadSample(now = Date.now()): Promise<SampleLoadResult> {
  const db = getDb(DEMO_DB_NAME);
  const conversations = generateSample(now);
  const result = analyze(conversations);
  // All or nothing: a half-loaded sample would show misleading charts.
  await db.transaction('rw', [db.conversations, db.messages, db.tags, db.analysis, db.staging, db.verdicts, db.meta], async () => {
    await clearData(db);
    await mergeConversations(db, conversations);
    await db.tags.bulkPut(result.tags);
    await db.analysis.put({ key: 'summary', version: result.version, updatedAt: now, value: result.summary });
  });
  return { conversations: conversations.length, messages: conversations.reduce((s, c) => s + c.messages.length, 0), tags: result.tags.length };
}

export async function removeSample(): Promise<void> {
  await clearData(getDb(DEMO_DB_NAME));
}
