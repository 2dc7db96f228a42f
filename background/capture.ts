/**
 * Turns a validated capture snapshot into the normalized model and merges it into the store.
 * Content scripts send the finished messages currently on the page; sending the same snapshot twice, or
 * a snapshot that overlaps an earlier one, changes nothing (merge by identity).
 */
import { buildConversation } from '../model/build';
import type { ConversationWithMessages } from '../model/types';
import type { CaptureSnapshot } from '../messaging/protocol';
import type { CoevoDB } from '../storage/db';
import { mergeConversations, type MergeResult } from '../storage/merge';

export function snapshotToConversation(s: CaptureSnapshot): ConversationWithMessages {
  return buildConversation(
    { site: s.site, siteConversationId: s.siteConversationId, source: 'capture', url: s.url, title: s.title, model: s.model },
    s.messages.map((m) => ({
      role: m.role,
      text: m.text,
      siteMessageId: m.siteMessageId,
      time: m.time,
      timeSource: m.timeSource,
      model: m.model,
      extras: m.extras?.filter((e) => e && typeof e.text === 'string' && typeof e.kind === 'string'),
    })),
  );
}

export async function storeSnapshot(db: CoevoDB, s: CaptureSnapshot): Promise<MergeResult & { conversationId: string }> {
  const conv = snapshotToConversation(s);
  const r = await mergeConversations(db, [conv]);
  return { ...r, conversationId: conv.id };
}
