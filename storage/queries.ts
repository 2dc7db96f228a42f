/**
 * Read queries shared by the popup, the dashboard, the background and exports.
 */
import type { ConversationWithMessages, Message, SiteId } from '../model/types';
import type { CoevoDB } from './db';

export interface Counts {
  conversations: number;
  messages: number;
  bySite: Partial<Record<SiteId, { conversations: number; messages: number }>>;
}

export async function counts(db: CoevoDB): Promise<Counts> {
  const [conversations, messages] = await Promise.all([db.conversations.count(), db.messages.count()]);
  const bySite: Counts['bySite'] = {};
  const convSite = new Map<string, SiteId>();
  await db.conversations.each((c) => {
    convSite.set(c.id, c.site);
    (bySite[c.site] ??= { conversations: 0, messages: 0 }).conversations++;
  });
  // Count messages per site from the index only (no message bodies are read).
  await db.messages.orderBy('conversationId').eachKey((key) => {
    const site = convSite.get(String(key));
    if (site) bySite[site]!.messages++;
  });
  return { conversations, messages, bySite };
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
