/**
 * Merging conversations into the store: the one write path for live capture, imports and the sample data.
 *
 * Identity: a stored message matches an incoming one by id, else by role + normalized text + occurrence
 * (so a message captured live without a site id and the same message in an export are one message).
 * Matching keeps the stored id (tags refer to it) and takes the better-sourced fields: an export's own
 * timestamp beats a time Coevo observed, which beats none. Stored messages the incoming set lacks are
 * kept (an export never erases what was captured live), except that a stored reply replaced by a new
 * sibling in a live capture (a regenerated reply, an edited prompt) is kept as an alternate branch.
 */
import { hash53, identityText } from '../model/ids';
import { TIME_SOURCE_RANK, timeRange } from '../model/build';
import type { Conversation, ConversationWithMessages, Message } from '../model/types';
import { batchCounts } from './counts';
import type { CoevoDB } from './db';

export interface MergeResult {
  conversations: number;
  messagesAdded: number;
  messagesUpdated: number;
  /** Conversations whose stored messages changed (for incremental analysis). */
  changed: string[];
}

const contentKey = (m: Pick<Message, 'role' | 'text'>) => `${m.role}\u0000${hash53(identityText(m.text))}`;

/** Writes all given conversations in one transaction: all land or none do. */
export async function mergeConversations(db: CoevoDB, conversations: readonly ConversationWithMessages[]): Promise<MergeResult> {
  const result = emptyMergeResult();
  await db.transaction('rw', [db.conversations, db.messages, db.meta], async () => {
    const counting = batchCounts(db);
    for (const incoming of conversations) await mergeInto(db, incoming, result);
    await counting.end();
  });
  return result;
}

export function emptyMergeResult(): MergeResult {
  return { conversations: 0, messagesAdded: 0, messagesUpdated: 0, changed: [] };
}

/** Merges one conversation and adds to `result`. Call inside a rw transaction on conversations + messages. */
export async function mergeInto(db: CoevoDB, incoming: ConversationWithMessages, result: MergeResult): Promise<void> {
  const r = await mergeOne(db, incoming);
  result.conversations++;
  result.messagesAdded += r.added;
  result.messagesUpdated += r.updated;
  if ((r.added || r.updated || r.conversationChanged) && !result.changed.includes(incoming.id)) result.changed.push(incoming.id);
}

async function mergeOne(db: CoevoDB, incoming: ConversationWithMessages) {
  const { messages: given, ...incomingConv } = incoming;
  const incomingMessages = distinctIds(given);
  const [storedConv, stored] = await Promise.all([db.conversations.get(incoming.id), db.messages.where('conversationId').equals(incoming.id).toArray()]);
  stored.sort((a, b) => a.index - b.index);

  // Match incoming messages to stored ones.
  const byId = new Map(stored.map((m) => [m.id, m]));
  const byContent = new Map<string, Message[]>();
  for (const m of stored) {
    const k = contentKey(m);
    const list = byContent.get(k);
    if (list) list.push(m);
    else byContent.set(k, [m]);
  }
  const taken = new Set<string>();
  const idMap = new Map<string, string>(); // incoming id → stored id
  const matchOf = new Map<Message, Message | undefined>();
  for (const m of incomingMessages) {
    let match = byId.get(m.id);
    if (match && taken.has(match.id)) match = undefined;
    if (!match) match = byContent.get(contentKey(m))?.find((s) => !taken.has(s.id));
    if (match) taken.add(match.id);
    matchOf.set(m, match);
  }
  // Fallback: rendered text and export markdown can differ beyond markup (link targets, table layout,
  // math). An unmatched incoming message takes an unmatched stored one of the same role when their words
  // nearly coincide. Candidates come from a prefix-filter index (similarCandidates), not from every pair.
  const unmatchedIn = incomingMessages.filter((m) => !matchOf.get(m));
  const unmatchedStored = stored.filter((s) => !taken.has(s.id));
  if (unmatchedIn.length && unmatchedStored.length) {
    const candidates = similarCandidates(unmatchedIn, unmatchedStored);
    for (const m of unmatchedIn) {
      let best: Message | undefined;
      let bestScore = SIMILAR;
      for (const s of candidates.of(m)) {
        if (taken.has(s.id) || s.role !== m.role) continue;
        const score = candidates.score(m, s);
        if (score >= bestScore) [best, bestScore] = [s, score];
      }
      if (best) {
        taken.add(best.id);
        matchOf.set(m, best);
      }
    }
  }
  for (const m of incomingMessages) idMap.set(m.id, matchOf.get(m)?.id ?? m.id);
  const mapId = (id: string | null | undefined) => (id == null ? null : (idMap.get(id) ?? id));

  let added = 0;
  let updated = 0;
  const out = new Map<string, Message>();
  const incomingCurrent: Message[] = [];
  for (const m of incomingMessages) {
    const match = matchOf.get(m);
    const next = match ? combine(match, m, mapId) : { ...m, parentId: mapId(m.parentId) };
    if (!match) added++;
    else if (!sameMessage(match, next)) updated++;
    // Never lose a word: a stored message whose text really changed under the same id (an edited prompt, a
    // reply the site rewrote, another record with that id) keeps its earlier text as a revision beside it.
    if (match && next.text !== match.text && !sameWording(match.text, next.text)) {
      const rev = revisionOf(match);
      if (!byId.has(rev.id) && !out.has(rev.id)) {
        out.set(rev.id, rev);
        added++;
      }
    }
    out.set(next.id, next);
    if (next.current) incomingCurrent.push(next);
  }

  // Stored messages the incoming set lacks: kept. In a live capture, one whose place (same parent, same role)
  // is now held by a different incoming message was replaced on the page: keep it as an alternate branch.
  // Only a known parent defines a place: the first message of a snapshot has no parent because the page shows
  // nothing before it, which is also what a virtualized list scrolled elsewhere looks like (DeepSeek renders
  // only the visible window). Taking that for an edit would hide real messages; an edited first prompt is
  // kept on the current path instead.
  const incomingSlots = new Set(incomingCurrent.filter((m) => m.parentId).map((m) => `${m.parentId}\u0000${m.role}`));
  const replaceable = incoming.source === 'capture';
  const storedOnly = stored.filter((m) => !taken.has(m.id));
  for (const m of storedOnly) {
    if (replaceable && m.current && m.parentId && incomingSlots.has(`${m.parentId}\u0000${m.role}`)) {
      out.set(m.id, { ...m, current: false });
      updated++;
    }
  }
  // What followed a replaced message (the old reply to an edited prompt) left the current path with it.
  // `stored` is in index order, so a parent is settled before its children.
  if (replaceable) {
    for (const m of storedOnly) {
      const now = out.get(m.id) ?? m;
      const parent = m.parentId ? (out.get(m.parentId) ?? byId.get(m.parentId)) : undefined;
      if (now.current && parent && !parent.current && !taken.has(parent.id)) {
        out.set(m.id, { ...m, current: false });
        updated++;
      }
    }
  }

  // Current path order: stored-only messages keep their place relative to matched anchors.
  const storedCurrent = stored.filter((m) => (out.get(m.id) ?? m).current);
  const incomingPos = new Map(incomingCurrent.map((m, i) => [m.id, i]));
  const ordered: Message[] = [];
  const emitted = new Set<string>();
  let next = 0;
  const emitIncomingUpTo = (k: number) => {
    for (; next <= k && next < incomingCurrent.length; next++) {
      const m = incomingCurrent[next]!;
      if (!emitted.has(m.id)) {
        emitted.add(m.id);
        ordered.push(m);
      }
    }
  };
  for (const s of storedCurrent) {
    const k = incomingPos.get(s.id);
    if (k !== undefined) emitIncomingUpTo(k);
    else if (!emitted.has(s.id)) {
      emitted.add(s.id);
      ordered.push(out.get(s.id) ?? s);
    }
  }
  emitIncomingUpTo(incomingCurrent.length - 1);
  // Re-indexing is bookkeeping, not a content update: written below but not counted as updated.
  ordered.forEach((m, index) => {
    if (m.index !== index) out.set(m.id, { ...(out.get(m.id) ?? m), index });
  });
  const writes = [...out.values()].filter((m) => {
    const before = byId.get(m.id);
    return !before || !sameMessage(before, m);
  });
  // A conversation not stored yet has no stored message either (message ids start with the conversation's): its
  // rows are added, which spares the counts row's check of which keys exist (storage/counts.ts).
  const fresh = !storedConv && stored.length === 0;
  if (writes.length) await (fresh ? db.messages.bulkAdd(writes) : db.messages.bulkPut(writes));

  const all = [...byId.values()].map((m) => out.get(m.id) ?? m);
  for (const m of out.values()) if (!byId.has(m.id)) all.push(m);
  const conv: Conversation = mergeConversation(storedConv, incomingConv, all);
  const conversationChanged = !storedConv || JSON.stringify(storedConv) !== JSON.stringify(conv);
  if (conversationChanged) await (fresh ? db.conversations.add(conv) : db.conversations.put(conv));
  return { added, updated, conversationChanged };
}

/** Same words, or nearly (rendered page vs export markdown): not a change of content. */
function sameWording(a: string, b: string): boolean {
  return identityText(a) === identityText(b) || wordSimilarity(a, b) >= SIMILAR;
}

/**
 * The earlier text of a message, kept as an alternate beside it (same parent, off the current path) under an
 * id derived from that text, so merging the same change again adds nothing.
 */
function revisionOf(m: Message): Message {
  return { ...m, id: `${m.id}~rev-${hash53(`${m.role}\u0000${m.text}`)}`, current: false };
}

/**
 * One message per id within an incoming conversation. Two records with one id (a file that repeats an id, a
 * Claude export whose messages share one) are the same message only when their role and text agree;
 * otherwise the later one is kept under an id derived from its text, never dropped or written over the first.
 */
function distinctIds(messages: readonly Message[]): Message[] {
  const seen = new Map<string, Message>();
  const out: Message[] = [];
  for (const m of messages) {
    const first = seen.get(m.id);
    if (!first) {
      seen.set(m.id, m);
      out.push(m);
      continue;
    }
    if (first.role === m.role && identityText(first.text) === identityText(m.text)) continue;
    const id = `${m.id}~dup-${hash53(`${m.role}\u0000${m.text}`)}`;
    if (seen.has(id)) continue;
    const copy = { ...m, id };
    seen.set(id, copy);
    out.push(copy);
  }
  return out;
}

function combine(stored: Message, incoming: Message, mapId: (id: string | null | undefined) => string | null): Message {
  const better = TIME_SOURCE_RANK[incoming.timeSource] > TIME_SOURCE_RANK[stored.timeSource];
  const takeContent = TIME_SOURCE_RANK[incoming.timeSource] >= TIME_SOURCE_RANK[stored.timeSource];
  const m: Message = {
    ...stored,
    text: takeContent ? incoming.text : stored.text,
    time: better ? incoming.time : stored.time,
    timeSource: better ? incoming.timeSource : stored.timeSource,
    current: incoming.current,
    parentId: mapId(incoming.parentId) ?? stored.parentId ?? null,
    index: incoming.index,
  };
  for (const k of ['siteMessageId', 'model', 'extras'] as const) {
    if (incoming[k] !== undefined && (takeContent || stored[k] === undefined)) (m as Record<typeof k, unknown>)[k] = incoming[k];
  }
  return m;
}

function mergeConversation(stored: Conversation | undefined, incoming: Omit<ConversationWithMessages, 'messages'>, messages: readonly Message[]): Conversation {
  const defined = Object.fromEntries(Object.entries(incoming).filter(([, v]) => v !== undefined && v !== null));
  const conv: Conversation = { ...(stored ?? {}), ...defined } as Conversation;
  // The first source stays (a captured conversation later found in an export is still one the person captured).
  if (stored) conv.source = stored.source;
  const { createdAt, updatedAt } = timeRange(messages);
  conv.createdAt = createdAt;
  conv.updatedAt = updatedAt;
  return conv;
}

/** Minimum word-multiset overlap (Dice coefficient) for two texts to count as the same message. */
const SIMILAR = 0.85;

function words(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) bag.set(w, (bag.get(w) ?? 0) + 1);
  return bag;
}

/**
 * Candidate pairs for the similarity fallback without comparing every pair (it was quadratic: 5,000 × 5,000
 * messages took 43 s). Prefix filtering for Dice similarity: each word occurrence is a token ("w#k"), tokens
 * are ordered rarest first; two messages with Dice ≥ SIMILAR must share one token among the first
 * |x| − ⌈t·|x|/(2−t)⌉ + 1 of each, so only messages sharing a prefix token are compared. Exact, not a heuristic.
 */
function similarCandidates(incoming: readonly Message[], stored: readonly Message[]) {
  const bags = new Map<Message, Map<string, number>>();
  const tokensOf = new Map<Message, string[]>();
  const df = new Map<string, number>();
  for (const m of [...incoming, ...stored]) {
    const bag = words(m.text);
    bags.set(m, bag);
    const toks: string[] = [];
    for (const [w, c] of bag) for (let k = 1; k <= c; k++) toks.push(`${w}#${k}`);
    tokensOf.set(m, toks);
    for (const t of toks) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const prefix = (m: Message) => {
    const toks = tokensOf.get(m)!;
    toks.sort((a, b) => df.get(a)! - df.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
    const n = toks.length;
    return toks.slice(0, n - Math.ceil((SIMILAR * n) / (2 - SIMILAR)) + 1);
  };
  const order = new Map(stored.map((m, i) => [m, i]));
  const index = new Map<string, Message[]>();
  for (const m of stored)
    for (const t of prefix(m)) {
      const list = index.get(t);
      if (list) list.push(m);
      else index.set(t, [m]);
    }
  return {
    /** Stored messages that may reach SIMILAR with `m`, in stored order. */
    of(m: Message): Message[] {
      const found = new Set<Message>();
      for (const t of prefix(m)) for (const s of index.get(t) ?? []) found.add(s);
      return [...found].sort((a, b) => order.get(a)! - order.get(b)!);
    },
    score: (a: Message, b: Message) => diceOf(bags.get(a)!, bags.get(b)!),
  };
}

function diceOf(wa: Map<string, number>, wb: Map<string, number>): number {
  let na = 0;
  let nb = 0;
  let shared = 0;
  for (const c of wa.values()) na += c;
  for (const [w, c] of wb) {
    nb += c;
    shared += Math.min(c, wa.get(w) ?? 0);
  }
  return na + nb === 0 ? 0 : (2 * shared) / (na + nb);
}

/** Dice coefficient over word multisets: 1 for the same words, 0 for none shared. */
function wordSimilarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  let na = 0;
  let nb = 0;
  let shared = 0;
  for (const c of wa.values()) na += c;
  for (const [w, c] of wb) {
    nb += c;
    shared += Math.min(c, wa.get(w) ?? 0);
  }
  return na + nb === 0 ? 0 : (2 * shared) / (na + nb);
}

function sameMessage(a: Message, b: Message): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
