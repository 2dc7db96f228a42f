/**
 * The shape of the incremental analysis state, apart from the engine that fills it (analysis/engine.ts) so the
 * summary (analysis/summary.ts), which the engine calls, can read it without importing the engine back.
 */
import type { Tag } from '../model/tags';
import type { HistoryTaggerId } from './registry';

/** Per day and site: messages and conversations seen (the denominators of the summary's rates). */
export interface DayCounts {
  userMessages: number;
  assistantMessages: number;
  conversations: number;
}

/** Everything the incremental path keeps per person. Structured-clone-able (store it as is in IndexedDB). */
export interface HistoryState {
  version: number;
  taggers: { [K in HistoryTaggerId]: unknown };
  /** conversation id → messages already fed and the id of the last one (to notice edits/branch switches) */
  fed: Map<string, { count: number; lastId: string }>;
  /** latest message time fed (epoch ms) */
  lastTime: number | null;
  /** key `${day}|${site}` */
  days: Map<string, DayCounts>;
  /**
   * all messages fed, with or without a time; `userMessagesNotEnglish`: messages the English act models did not
   * read (no act tag can be on them; the summary says how many)
   */
  totals: { conversations: number; userMessages: number; assistantMessages: number; userMessagesNotEnglish: number };
  /** latest conversation-tagger tags per conversation */
  conversationTags: Map<string, Tag[]>;
}
