/**
 * Turns a validated capture snapshot into the normalized model and merges it into the store.
 * Content scripts send the finished messages currently on the page; sending the same snapshot twice, or
 * a snapshot that overlaps an earlier one, changes nothing (merge by identity).
 */
import { buildMessages, timeRange } from '../model/build';
import { conversationId } from '../model/ids';
import type { ConversationWithMessages } from '../model/types';
import type { CaptureSnapshot } from '../messaging/protocol';
import type { CoevoDB } from '../storage/db';
import { mergeConversations, type MergeResult } from '../storage/merge';

export function snapshotToConversation(s: CaptureSnapshot): ConversationWithMessages {
  const id = conversationId(s.site, s.siteConversationId);
  const messages = buildMessages(
    id,
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
  const conv: ConversationWithMessages = {
    id,
    site: s.site,
    siteConversationId: s.siteConversationId,
    url: s.url,
    source: 'capture',
    ...timeRange(messages),
    messages,
  };
  if (s.title) conv.title = s.title;
  if (s.model) conv.model = s.model;
  return conv;
}

export async function storeSnapshot(db: CoevoDB, s: CaptureSnapshot): Promise<MergeResult & { conversationId: string }> {
  const conv = snapshotToConversation(s);
  const r = await mergeConversations(db, [conv]);
  return { ...r, conversationId: conv.id };
}
