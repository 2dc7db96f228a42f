/**
 * Turns a validated capture snapshot into the normalized model and merges it into the store.
 * Content scripts send the finished messages currently on the page; sending the same snapshot twice, or
 * a snapshot that overlaps an earlier one, changes nothing (merge by identity).
 */
import { buildConversation } from '../model/build';
import type { ConversationWithMessages } from '../model/types';
import { validateCaptureSnapshot, type CaptureSnapshot } from '../messaging/protocol';
import { conversationWithMessagesProblems } from '../model/validate';
import type { CoevoDB } from '../storage/db';
import { mergeConversations, type MergeResult } from '../storage/merge';

function snapshotToConversation(s: CaptureSnapshot): ConversationWithMessages {
  return buildConversation(
    { site: s.site, siteConversationId: s.siteConversationId, source: 'capture', url: s.url, title: s.title, model: s.model },
    s.messages.map((m) => ({
      role: m.role,
      text: m.text,
      siteMessageId: m.siteMessageId,
      time: m.time,
      timeSource: m.timeSource,
      model: m.model,
      extras: m.extras?.map((e) => ({ kind: e.kind, text: e.text })),
    })),
  );
}

/**
 * The conversation a snapshot stands for, or the problems that refuse it: the wire checks of the protocol, then
 * the model's own validator on what would be stored (the same one that guards imports and stored rows).
 */
export function checkedSnapshot(v: unknown): { conversation: ConversationWithMessages; problems: [] } | { problems: string[] } {
  const wire = validateCaptureSnapshot(v);
  if (wire.length) return { problems: wire };
  const conversation = snapshotToConversation(v as CaptureSnapshot);
  const problems = conversationWithMessagesProblems(conversation);
  return problems.length ? { problems } : { conversation, problems: [] };
}

export async function storeSnapshot(db: CoevoDB, s: CaptureSnapshot | ConversationWithMessages): Promise<MergeResult & { conversationId: string }> {
  const conv = 'id' in s ? s : snapshotToConversation(s);
  const r = await mergeConversations(db, [conv]);
  return { ...r, conversationId: conv.id };
}
