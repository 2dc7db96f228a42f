/**
 * Helpers shared by the taggers for building tags: stable tag ids, evidence references, periods and
 * readable dates. Kept tiny on purpose; anything tagger-specific stays in the tagger's own file.
 */
import { hash53 } from '../model/ids';
import type { ConversationWithMessages, Message } from '../model/types';
import type { EvidenceRef, Tag, TagType } from '../model/tags';

/** Stable id: same type, conversation, evidence and key ⇒ same id, so re-analysis replaces instead of duplicating. */
function tagId(type: TagType, conversationId: string, evidence: readonly { id: string }[], key = ''): string {
  return `${type}:${hash53(`${conversationId}|${evidence.map((e) => e.id).join(',')}|${key}`)}`;
}

/** What a tagger decides; `makeTag` adds what every tag derives the same way (id, site, time's absence). */
export interface TagFields extends Omit<Tag, 'id' | 'time' | 'site'> {
  /** The key evidence's time; null or undefined leaves it out. */
  time?: number | null;
  /**
   * The assistant the tag is about: a conversation (its `siteKey`), a site key already taken with `siteKey`
   * (history taggers keep it in their state), or undefined for a tag over several assistants.
   */
  of: { site: string; format?: string } | string | undefined;
  /** What the stable id is built from, when not the tag's own conversation and evidence. */
  idFrom?: { conversationId?: string; evidence?: readonly { id: string }[]; key?: string };
}

/**
 * The one way to build a tag. Conversation and history taggers used to fill `site` differently
 * (`conv.site` against `siteKey(conv)`), so a tag on a chat file that names no assistant landed under
 * ChatGPT while its messages were counted under 'unknown', and the per-site rates lost it.
 */
export function makeTag(f: TagFields): Tag {
  const site = typeof f.of === 'string' || f.of === undefined ? f.of : siteKey(f.of);
  const id = tagId(f.type, f.idFrom?.conversationId ?? f.conversationId, f.idFrom?.evidence ?? f.messages, f.idFrom?.key);
  return {
    id,
    type: f.type,
    conversationId: f.conversationId,
    messages: f.messages,
    direction: f.direction,
    confidence: f.confidence,
    explanation: f.explanation,
    ...(f.time != null ? { time: f.time } : {}),
    ...(site !== undefined ? { site } : {}),
    ...(f.data !== undefined ? { data: f.data } : {}),
    version: f.version,
  };
}

export function ref(m: Message, index: number, spans?: [number, number][]): EvidenceRef {
  return spans && spans.length ? { index, id: m.id, spans } : { index, id: m.id };
}

/** Best-known time of a message: its own, else the conversation's. */
export function messageTime(conv: ConversationWithMessages, m: Message): number | null {
  return m.time ?? conv.createdAt ?? conv.updatedAt ?? null;
}

export type Granularity = 'day' | 'week' | 'month';

/** UTC period key: 2025-03-07 (day), 2025-W10 (ISO week), 2025-03 (month). */
const dayKeys = new Map<number, string>();

export function periodKey(time: number, g: Granularity): string {
  if (g !== 'week') {
    // Day keys are asked for once per message: memoise by UTC day number.
    const n = Math.floor(time / 86_400_000);
    let k = dayKeys.get(n);
    if (k === undefined) {
      k = new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (dayKeys.size > 100_000) dayKeys.clear();
      dayKeys.set(n, k);
    }
    return g === 'day' ? k : k.slice(0, 7);
  }
  const d = new Date(time);
  // ISO week: the week's Thursday decides the year.
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = (t.getUTCDay() + 6) % 7;
  t.setUTCDate(t.getUTCDate() - dow + 3);
  // Week 1 holds the year's first Thursday, so the Thursday's day of the year gives the week.
  const week = 1 + Math.floor((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86_400_000 / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The period key of a day key (YYYY-MM-DD) at a coarser granularity. */
export function coarsen(day: string, g: Granularity): string {
  if (g === 'day') return day;
  if (g === 'month') return day.slice(0, 7);
  return periodKey(Date.parse(`${day}T00:00:00Z`), 'week');
}

export function formatDate(time: number | null | undefined): string {
  return time == null ? 'an unknown date' : new Date(time).toISOString().slice(0, 10);
}

/** "ChatGPT", "Claude"… or "the assistant" when unknown. */
export function assistantName(names: Record<string, string>, site: string | undefined): string {
  return (site && names[site]) || 'the assistant';
}

/** Format id the chat-file reader gives conversations whose assistant is not named in the file. */
export const UNKNOWN_SITE_FORMAT = 'chat-jsonl-unknown-site';

/** The assistant a conversation was with, as used in tags and summaries: its site id, or 'unknown'. */
export function siteKey(conv: { site: string; format?: string }): string {
  return conv.format === UNKNOWN_SITE_FORMAT ? 'unknown' : conv.site;
}
