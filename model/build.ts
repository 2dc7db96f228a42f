/**
 * Turns messages read from a page, a file or an export (role + text, maybe a site id) into model Messages
 * with stable ids, a chained current path and positions. Shared by capture, parse-page, importers and the
 * chat-file reader so that every path assigns identity the same way.
 */
import { identityText, messageIdFromContent, messageIdFromSite } from './ids';
import { conversationId } from './ids';
import type { ConversationWithMessages, Message, Role, SiteId, SourceKind, TimeSource } from './types';

export interface MessageDraft {
  role: Role;
  text: string;
  siteMessageId?: string;
  time?: number | null;
  timeSource?: TimeSource;
  model?: string;
  extras?: Message['extras'];
}

/** Builds the current path of a conversation: ids, parent links and 0-based indices in the given order. */
export function buildMessages(conversationId: string, drafts: readonly MessageDraft[]): Message[] {
  const seen = new Map<string, number>();
  let parentId: string | null = null;
  return drafts.map((d, index) => {
    let id: string;
    if (d.siteMessageId) {
      id = messageIdFromSite(conversationId, d.siteMessageId);
    } else {
      const key = `${d.role}\u0000${identityText(d.text)}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      id = messageIdFromContent(conversationId, d.role, d.text, occurrence);
    }
    const time = d.time ?? null;
    const m: Message = {
      id,
      conversationId,
      role: d.role,
      text: d.text,
      time,
      timeSource: time === null ? 'unknown' : (d.timeSource ?? 'observed'),
      parentId,
      current: true,
      index,
    };
    if (d.siteMessageId) m.siteMessageId = d.siteMessageId;
    if (d.model) m.model = d.model;
    if (d.extras?.length) m.extras = d.extras;
    parentId = id;
    return m;
  });
}

/** How much to trust a message time: an export's own timestamp beats everything Coevo observed. */
export const TIME_SOURCE_RANK: Record<TimeSource, number> = { export: 3, site: 2, observed: 1, unknown: 0 };

/** First and last known times of a list of messages. */
export function timeRange(messages: readonly Pick<Message, 'time'>[]): { createdAt: number | null; updatedAt: number | null } {
  let createdAt: number | null = null;
  let updatedAt: number | null = null;
  for (const m of messages) {
    if (m.time === null) continue;
    if (createdAt === null || m.time < createdAt) createdAt = m.time;
    if (updatedAt === null || m.time > updatedAt) updatedAt = m.time;
  }
  return { createdAt, updatedAt };
}

/** A conversation of one site from message drafts: stable ids, current path, time range. */
export function buildConversation(
  head: { site: SiteId; siteConversationId: string; source: SourceKind; url?: string; title?: string; model?: string },
  drafts: readonly MessageDraft[],
): ConversationWithMessages {
  const id = conversationId(head.site, head.siteConversationId);
  const messages = buildMessages(id, drafts);
  const conv: ConversationWithMessages = {
    id,
    site: head.site,
    siteConversationId: head.siteConversationId,
    source: head.source,
    ...timeRange(messages),
    messages,
  };
  if (head.url) conv.url = head.url;
  if (head.title) conv.title = head.title;
  if (head.model) conv.model = head.model;
  return conv;
}
