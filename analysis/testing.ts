/**
 * Test builders for analysis tests: a conversation from (role, text) turns with stable ids and times, so tests
 * read like the dialogues they describe.
 */
import type { ConversationWithMessages, Role, SiteId } from '../model/types';
import { conversationId, messageIdFromSite } from '../model/ids';

export type Turn = [Role, string];

export function makeConversation(
  siteConversationId: string,
  turns: Turn[],
  opts: { site?: SiteId; start?: number; stepMs?: number } = {},
): ConversationWithMessages {
  const site = opts.site ?? 'chatgpt';
  const id = conversationId(site, siteConversationId);
  const start = opts.start ?? Date.UTC(2025, 0, 1);
  const step = opts.stepMs ?? 60_000;
  const messages = turns.map(([role, text], i) => ({
    id: messageIdFromSite(id, String(i)),
    conversationId: id,
    role,
    text,
    time: start + i * step,
    timeSource: 'export' as const,
    current: true,
    index: i,
  }));
  return {
    id,
    site,
    siteConversationId,
    source: 'file',
    createdAt: start,
    updatedAt: start + (turns.length - 1) * step,
    messages,
  };
}

/** Deterministic pseudo-random numbers (Park–Miller), for reproducible synthetic histories. */
export function rng(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}
