/**
 * The analysis engine: runs every registered tagger over a person's conversations and builds the summary figures.
 * Two entry points (documented in analysis/README.md):
 *  - `analyze(conversations)`: the whole history at once (CLI, eval, a re-analysis after a version bump);
 *  - `createHistoryState()` + `analyzeConversation(conv, state)`: the extension's incremental path; a new or
 *    grown conversation re-runs the conversation taggers on it alone and feeds only its new messages to the
 *    history taggers' compact state.
 * Taggers see only the current path of each conversation, in index order; evidence indices point into that.
 */
import type { ConversationWithMessages, Message } from '../model/types';
import type { Tag } from '../model/tags';
import type { TaggerContext } from './types';
import { shown } from '../model/tags';
import { isEnglish } from './text/language';
import { ANALYSIS_VERSION } from './version';
import { CONVERSATION_TAGGERS, HISTORY_TAGGERS, type HistoryTaggerId } from './registry';
import type { HistoryState } from './history-state';
import { messageTime, periodKey, siteKey, type Granularity } from './evidence';
import { summarize, type Summary } from './summary';
import { restoreVocabulary, vocabularySnapshot } from './text/classes';

export interface AnalysisResult {
  version: number;
  tags: Tag[];
  summary: Summary;
}

export interface AnalyzeOptions {
  /** Period of the summary figures (default 'month'). */
  granularity?: Granularity;
  /** Act tags below this confidence are kept in `tags` but left out of the summary's counts (the person's setting). */
  minConfidence?: number;
}

const ctx: TaggerContext = { version: ANALYSIS_VERSION };

/** The current path in index order (what every tagger sees). */
export function currentPath(conv: ConversationWithMessages): ConversationWithMessages {
  const ok = conv.messages.every((m, i) => m.current !== false && (i === 0 || conv.messages[i - 1].index <= m.index));
  if (ok) return conv;
  const messages = conv.messages.filter((m) => m.current !== false).sort((a, b) => a.index - b.index);
  return { ...conv, messages };
}

function convTime(c: ConversationWithMessages): number | null {
  if (c.createdAt != null) return c.createdAt;
  for (const m of c.messages) if (m.time != null) return m.time;
  return c.updatedAt ?? null;
}

/** Conversations in time order; ones without any time keep their given order, after the timed ones. */
export function sortByTime(conversations: readonly ConversationWithMessages[]): ConversationWithMessages[] {
  return conversations
    .map((c, i) => ({ c, i, t: convTime(c) }))
    .sort((a, b) => (a.t ?? Infinity) - (b.t ?? Infinity) || a.i - b.i)
    .map((x) => x.c);
}

export function createHistoryState(): HistoryState {
  const taggers = {} as HistoryState['taggers'];
  for (const [id, t] of Object.entries(HISTORY_TAGGERS)) taggers[id as HistoryTaggerId] = t.accumulator.init();
  return {
    version: ANALYSIS_VERSION,
    taggers,
    fed: new Map(),
    lastTime: null,
    days: new Map(),
    totals: { conversations: 0, userMessages: 0, assistantMessages: 0, userMessagesNotEnglish: 0 },
    conversationTags: new Map(),
  };
}

function runConversationTaggers(conv: ConversationWithMessages): Tag[] {
  const out: Tag[] = [];
  for (const t of Object.values(CONVERSATION_TAGGERS) as { run: (c: ConversationWithMessages, x: TaggerContext) => Tag[] }[]) out.push(...t.run(conv, ctx));
  return out;
}

function countMessages(state: HistoryState, conv: ConversationWithMessages, from: number) {
  for (let i = from; i < conv.messages.length; i++) {
    const m: Message = conv.messages[i];
    if (m.role === 'user') {
      state.totals.userMessages++;
      if (!isEnglish(m.text)) state.totals.userMessagesNotEnglish++;
    } else state.totals.assistantMessages++;
    if (i === 0) state.totals.conversations++;
    const t = messageTime(conv, m);
    if (t == null) continue;
    const key = `${periodKey(t, 'day')}|${siteKey(conv)}`;
    let d = state.days.get(key);
    if (!d) state.days.set(key, (d = { userMessages: 0, assistantMessages: 0, conversations: 0 }));
    if (m.role === 'user') d.userMessages++;
    else d.assistantMessages++;
    if (i === 0) d.conversations++;
    if (state.lastTime === null || t > state.lastTime) state.lastTime = t;
  }
}

/** Tags of all history taggers for the history fed so far. */
export function historyTags(state: HistoryState): Tag[] {
  const out: Tag[] = [];
  for (const [id, t] of Object.entries(HISTORY_TAGGERS)) out.push(...t.accumulator.tags(state.taggers[id as HistoryTaggerId] as never, ctx));
  return out;
}

export interface IncrementalResult {
  /** Conversation-tagger tags of this conversation (replace the stored ones of this conversation). */
  conversationTags: Tag[];
  /** All history-tagger tags (replace the stored history tags). */
  historyTags: Tag[];
  /**
   * True when this update cannot be applied incrementally (an earlier message was edited or the branch switched,
   * or the conversation is older than the history already fed): the state is unchanged, and the caller should
   * re-run `analyze` / rebuild the state from the whole history (in the background).
   */
  rebuild: boolean;
}

/**
 * Feeds a new or grown conversation. Cost: the conversation taggers on this conversation, the history
 * accumulators on its new messages, and the history taggers' tags() (which work on compact per-month and per-window
 * aggregates, not on messages).
 */
export function analyzeConversation(input: ConversationWithMessages, state: HistoryState): IncrementalResult {
  const conv = currentPath(input);
  const prev = state.fed.get(conv.id);
  let from = 0;
  if (prev) {
    const same = prev.count <= conv.messages.length && conv.messages[prev.count - 1]?.id === prev.lastId;
    if (!same) return { conversationTags: [], historyTags: [], rebuild: true };
    from = prev.count;
  } else {
    const t = convTime(conv);
    if (t != null && state.lastTime != null && t < state.lastTime - 60_000) return { conversationTags: [], historyTags: [], rebuild: true };
  }
  feed(state, conv, from);
  const conversationTags = runConversationTaggers(conv);
  state.conversationTags.set(conv.id, conversationTags);
  return { conversationTags, historyTags: historyTags(state), rebuild: false };
}

function feed(state: HistoryState, conv: ConversationWithMessages, from: number) {
  if (from >= conv.messages.length) return;
  for (const [id, t] of Object.entries(HISTORY_TAGGERS)) t.accumulator.add(state.taggers[id as HistoryTaggerId] as never, conv, from, ctx);
  countMessages(state, conv, from);
  state.fed.set(conv.id, { count: conv.messages.length, lastId: conv.messages[conv.messages.length - 1].id });
}

/** Builds a history state from the whole history (same result as feeding conversations one by one in time order). */
export function buildHistoryState(conversations: readonly ConversationWithMessages[]): HistoryState {
  const state = createHistoryState();
  for (const c of sortByTime(conversations.map(currentPath))) {
    feed(state, c, 0);
    state.conversationTags.set(c.id, runConversationTaggers(c));
  }
  return state;
}

/**
 * `buildHistoryState` for a long history in a context that must stay responsive (the extension's service worker):
 * the same result, but every `sliceMs` of work it reports how many conversations were fed and yields to the event
 * loop, so progress can be stored and messages answered meanwhile.
 */
export async function buildHistoryStateWithProgress(
  conversations: readonly ConversationWithMessages[],
  onProgress: (done: number, total: number) => void | Promise<void>,
  sliceMs = 100,
): Promise<HistoryState> {
  const state = createHistoryState();
  const sorted = sortByTime(conversations.map(currentPath));
  let sliceStart = Date.now();
  await onProgress(0, sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i]!;
    feed(state, c, 0);
    state.conversationTags.set(c.id, runConversationTaggers(c));
    if (Date.now() - sliceStart >= sliceMs) {
      await onProgress(i + 1, sorted.length);
      await new Promise((r) => setTimeout(r, 0));
      sliceStart = Date.now();
    }
  }
  await onProgress(sorted.length, sorted.length);
  return state;
}

/** All tags (conversation and history) currently held by a state. */
export function allTags(state: HistoryState): Tag[] {
  return [...[...state.conversationTags.values()].flat(), ...historyTags(state)];
}

/** Whole-history analysis: every tagger, then the summary figures. */
export function analyze(conversations: readonly ConversationWithMessages[], opts: AnalyzeOptions = {}): AnalysisResult {
  const state = buildHistoryState(conversations);
  const tags = allTags(state).sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || (a.id < b.id ? -1 : 1));
  const counted = tags.filter((t) => shown(t, opts.minConfidence));
  return { version: ANALYSIS_VERSION, tags, summary: summarize(state, counted, opts.granularity ?? 'month') };
}

/** A history state ready to store (structured-clone-able: IndexedDB / Dexie can keep it as is). */
export interface SavedHistoryState {
  version: number;
  /** The word ids in the state refer to this vocabulary (see text/classes.ts). */
  vocabulary: string[];
  state: HistoryState;
}

export function saveHistoryState(state: HistoryState): SavedHistoryState {
  return { version: state.version, vocabulary: vocabularySnapshot(), state };
}

/**
 * Restores a saved state, or returns null when it cannot be used: another analysis version (re-analyse), or this
 * process already interned words in a different order (restore first thing after start-up, or rebuild).
 */
export function loadHistoryState(saved: SavedHistoryState): HistoryState | null {
  if (saved.version !== ANALYSIS_VERSION || saved.state.version !== ANALYSIS_VERSION) return null;
  if (!restoreVocabulary(saved.vocabulary)) return null;
  return saved.state;
}
