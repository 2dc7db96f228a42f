/**
 * `term-uptake` (assistant→user): the person starts using a word or two-word phrase that an assistant used
 * before and that the person had never used anywhere in their earlier history; and `quoted-assistant`: a user
 * message that pastes an earlier assistant reply (long verbatim overlap), which is not uptake.
 *
 * Precision rules (see analysis/README.md): only uncommon words (not function words, neither the word nor its
 * stem among the 6,000 most common English words unless it is a published AI-favoured word, ≥ 4 letters) or two-word phrases containing one; never names (capitalised mid-sentence
 * in the assistant's text); never inside pasted/quoted text, quotation marks, or a question about what the word
 * means; "used before" is judged on stems, so an inflection of a known word is not new.
 */
import type { ConversationWithMessages } from '../../model/types';
import { SITE_NAMES } from '../../model/types';
import type { EvidenceRef, Tag } from '../../model/tags';
import { features, type MessageFeatures } from '../features';
import { conversationQuotes, inQuote } from '../quotes';
import { commonRankOf, isAlpha, isCommonWord, isFunctionWord, stemId, wordOf } from '../text/classes';
import { splitSentences } from '../text/sentences';
import { PUBLISHED_AI_WORDS } from '../text/ai-words';
import { assistantName, formatDate, messageTime, ref, siteKey, tagId } from '../evidence';
import { historyTagger, type HistoryAccumulator } from '../incremental';

/** Published AI-favoured words more common than this rank are everyday words, not uptake. */
const AI_WORD_MIN_RANK = 3000;
/** Most tags per user message: the strongest few terms are enough evidence of uptake. */
const MAX_PER_MESSAGE = 3;
const BIGRAM = 2 ** 26;
/** Uptake from earlier conversations needs the term met in at least this many of them. */
export const MIN_CONVERSATIONS_ACROSS = 2;

/** An assistant message where a term was met. */
interface MetMessage {
  conversationId: string;
  index: number;
  id: string;
  time: number | null;
  site: string;
}

export interface TermUptakeState {
  /** Term keys (stem id, or stem1·2^26+stem2 for phrases) the user has used. Ids are process-local: see README. */
  userSeen: Set<number>;
  /**
   * Term key → [first assistant message ordinal, last ordinal, times met, start, end (of the last mention),
   * number of distinct conversations it was met in].
   */
  met: Map<number, number[]>;
  /** Assistant messages by ordinal. */
  assistantMessages: MetMessage[];
  /** The user's prose tokens so far (the size of the "not used before" baseline). */
  userTokens: number;
  tags: Tag[];
}

/**
 * isTermWord / isPhraseWord memoised per word id (bit 1: computed, 2: term word, 4: phrase word): both depend only
 * on fixed word lists, and they are asked for every token of every message. The first call still runs the full
 * test, so stems are interned at the same moment as without the memo.
 */
let wordKind = new Uint8Array(1 << 14);

function kindOf(id: number): number {
  if (id >= wordKind.length) {
    const k = new Uint8Array(Math.max(id + 1, wordKind.length * 2));
    k.set(wordKind);
    wordKind = k;
  }
  return wordKind[id];
}

function isTermWord(id: number): boolean {
  const k = kindOf(id);
  if (k & 8) return (k & 2) !== 0;
  const t = termWord(id);
  wordKind[id] |= 8 | (t ? 2 : 0);
  return t;
}

function isPhraseWord(id: number): boolean {
  const k = kindOf(id);
  if (k & 1) return (k & 4) !== 0;
  const p = phraseWord(id);
  wordKind[id] |= 1 | (p ? 4 : 0);
  return p;
}

/** Uncommon content word that can carry uptake. */
function termWord(id: number): boolean {
  // AI-favoured words count even when fairly common ("crucial", "nuanced": ranks 3,000–6,000): they are the
  // signal, not noise. The everyday ones on the lists ("background", "analysis") stay excluded.
  return (
    !isFunctionWord(id) &&
    isAlpha(id) &&
    wordOf(id).length >= 4 &&
    (!isCommonWord(id) || (PUBLISHED_AI_WORDS.has(id) && commonRankOf(id) > AI_WORD_MIN_RANK))
  );
}

/** Word that may stand in a two-word phrase (one of the two must be a term word). */
function phraseWord(id: number): boolean {
  return !isFunctionWord(id) && isAlpha(id) && wordOf(id).length >= 3 && (commonRankOf(id) === 0 || commonRankOf(id) > 150);
}

/** Capitalised but not at a sentence start: a name, a product, a title. */
function looksLikeName(text: string, start: number): boolean {
  const c = text[start];
  if (c === c.toLowerCase()) return false;
  let j = start - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t' || text[j] === '*' || text[j] === '"')) j--;
  return j >= 0 && !/[.!?:\n#\-•>(]/.test(text[j]) && !/\d/.test(text[j]);
}

/**
 * Token positions that mention a word rather than use it: inside quotation marks, in a sentence asking what
 * something means ("what does X mean", "what is X?"), or pointing back at the assistant's words ("you said X").
 */
function mentionTokens(text: string, f: MessageFeatures): ReadonlySet<number> {
  const out = new Set<number>();
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(/["“'‘]([^"“”'‘’\n]{1,60})["”'’]/g)) ranges.push([m.index!, m.index! + m[0].length]);
  for (const [a, b] of splitSentences(text)) {
    const s = text.slice(a, b);
    // Asking what a word means, or pointing at the assistant's own wording, mentions the word without adopting it.
    if (
      /\b(?:mean|means|meaning|definition|define|stand for|stands for|you said|you say|you mentioned|you wrote|you called|you used|by your)\b/i.test(s) ||
      (/^\s*what(?:'s| is| are)\b/i.test(s) && s.length < 60)
    )
      ranges.push([a, b]);
  }
  if (!ranges.length) return out;
  for (let i = 0; i < f.ids.length; i++) for (const [a, b] of ranges) if (f.starts[i] >= a && f.ends[i] <= b) out.add(i);
  return out;
}

const NO_MENTIONS: ReadonlySet<number> = new Set();

/** termKeys' results (module-level rather than a fresh tuple per token: this runs for every token). */
let uni = -1;
let bi = -1;

/** Sets `uni` (the token's term key, or -1) and `bi` (the key of the phrase it starts, or -1). */
function termKeys(f: MessageFeatures, i: number): void {
  const a = f.ids[i];
  uni = isTermWord(a) ? stemId(a) : -1;
  bi = -1;
  if (i + 1 < f.ids.length) {
    const b = f.ids[i + 1];
    // Adjacent words only: a line break or punctuation between them breaks the phrase.
    if (f.starts[i + 1] - f.ends[i] === 1 && isPhraseWord(a) && isPhraseWord(b) && (isTermWord(a) || isTermWord(b)))
      bi = stemId(a) * BIGRAM + stemId(b);
  }
}

export const accumulator: HistoryAccumulator<TermUptakeState> = {
  init: () => ({ userSeen: new Set(), met: new Map(), assistantMessages: [], userTokens: 0, tags: [] }),

  add(state, conv, from, ctx) {
    const quotes = conversationQuotes(conv);
    for (let idx = from; idx < conv.messages.length; idx++) {
      const m = conv.messages[idx];
      const f = features(m);
      if (m.role === 'assistant') {
        const ord = state.assistantMessages.length;
        state.assistantMessages.push({ conversationId: conv.id, index: idx, id: m.id, time: messageTime(conv, m), site: siteKey(conv) });
        for (let i = 0; i < f.ids.length; i++) {
          termKeys(f, i);
          if (uni < 0 && bi < 0) continue;
          if (looksLikeName(m.text, f.starts[i])) continue;
          if (uni >= 0) meet(state, uni, ord, f.starts[i], f.ends[i]);
          if (bi >= 0 && !looksLikeName(m.text, f.starts[i + 1])) meet(state, bi, ord, f.starts[i], f.ends[i + 1]);
        }
        continue;
      }
      const quote = quotes.get(idx);
      if (quote) state.tags.push(quotedTag(conv, idx, quote, ctx.version));
      // Mentions need a sentence split: only worth it when the message has a candidate term at all.
      let anyTerm = false;
      for (let i = 0; i < f.ids.length && !anyTerm; i++) anyTerm = isPhraseWord(f.ids[i]) && (isTermWord(f.ids[i]) || (i + 1 < f.ids.length && isTermWord(f.ids[i + 1])));
      const mentions = anyTerm ? mentionTokens(m.text, f) : NO_MENTIONS;
      const found: { key: number; i: number; len: number; rank: number }[] = [];
      const keys: number[] = [];
      for (let i = 0; i < f.ids.length; i++) {
        if (inQuote(quote, i) || mentions.has(i)) continue;
        termKeys(f, i);
        const keyUni = uni;
        const keyBi = bi;
        for (let len = 1; len <= 2; len++) {
          const key = len === 1 ? keyUni : keyBi;
          if (key < 0) continue;
          keys.push(key);
          if (state.userSeen.has(key) || (len === 2 && (inQuote(quote, i + 1) || mentions.has(i + 1)))) continue;
          const e = state.met.get(key);
          if (!e) continue;
          // Across conversations, a word met in a single earlier conversation is usually a topic word the person
          // brought up again by chance; only the assistants' habitual words (met in ≥ 2 conversations) count.
          if (state.assistantMessages[e[1]].conversationId !== conv.id && e[5] < MIN_CONVERSATIONS_ACROSS) continue;
          found.push({ key, i, len, rank: e[2] });
        }
      }
      if (found.length) emitUptake(state, conv, idx, f, found, ctx.version);
      for (const k of keys) state.userSeen.add(k);
      state.userTokens += f.ids.length - (quote?.quotedTokens ?? 0);
    }
  },

  tags: (state) => state.tags,
};

function meet(state: TermUptakeState, key: number, ord: number, start: number, end: number) {
  const e = state.met.get(key);
  if (!e) state.met.set(key, [ord, ord, 1, start, end, 1]);
  else {
    if (state.assistantMessages[e[1]].conversationId !== state.assistantMessages[ord].conversationId) e[5]++;
    e[1] = ord;
    e[2]++;
    e[3] = start;
    e[4] = end;
  }
}

function emitUptake(
  state: TermUptakeState,
  conv: ConversationWithMessages,
  idx: number,
  f: MessageFeatures,
  found: { key: number; i: number; len: number; rank: number }[],
  version: number,
) {
  const m = conv.messages[idx];
  // Phrases first; a phrase subsumes the single words inside it. Then the terms the assistant repeated most.
  found.sort((a, b) => b.len - a.len || b.rank - a.rank || a.i - b.i);
  const covered = new Set<number>();
  const chosen: typeof found = [];
  const seenKeys = new Set<number>();
  for (const t of found) {
    if (seenKeys.has(t.key) || covered.has(t.i) || (t.len === 2 && covered.has(t.i + 1))) continue;
    seenKeys.add(t.key);
    chosen.push(t);
    for (let k = 0; k < t.len; k++) covered.add(t.i + k);
    if (chosen.length === MAX_PER_MESSAGE) break;
  }
  for (const t of chosen) {
    const [first, last, times, start, end, convs] = state.met.get(t.key)!;
    const metFirst = state.assistantMessages[first];
    const metLast = state.assistantMessages[last];
    const surface = m.text.slice(f.starts[t.i], f.ends[t.i + t.len - 1]);
    const evidence: EvidenceRef[] = [];
    const sources = [metFirst, ...(last !== first ? [metLast] : [])];
    for (const s of sources) {
      if (s.conversationId !== conv.id) continue;
      evidence.push(s === metLast ? { index: s.index, id: s.id, spans: [[start, end]] } : { index: s.index, id: s.id });
    }
    const userRef = ref(m, idx, [[f.starts[t.i], f.ends[t.i + t.len - 1]]]);
    evidence.push(userRef);
    const sameConversation = metLast.conversationId === conv.id;
    let confidence = 0.6 + (sameConversation ? 0.15 : 0) + (times >= 2 ? 0.1 : 0) + (convs >= 3 ? 0.05 : 0);
    if (state.userTokens >= 2000) confidence += 0.1;
    else if (state.userTokens < 200) confidence -= 0.2;
    confidence = Math.max(0.3, Math.min(0.95, confidence));
    const who = assistantName(SITE_NAMES, metLast.site);
    const where = sameConversation ? 'earlier in this conversation' : `on ${formatDate(metLast.time)}`;
    const base = state.userTokens > 0 ? `in your ${state.userTokens.toLocaleString('en-US')} earlier words` : 'before';
    state.tags.push({
      id: tagId('term-uptake', conv.id, [userRef], `${t.key}`),
      type: 'term-uptake',
      conversationId: conv.id,
      messages: evidence,
      direction: 'assistant→user',
      confidence,
      explanation: `You started using "${surface}" after ${who} used it ${where} (${times} time${times === 1 ? '' : 's'}); you had not used it ${base}.`,
      time: messageTime(conv, m) ?? undefined,
      site: siteKey(conv),
      data: {
        term: surface.toLowerCase(),
        words: t.len,
        timesMet: times,
        conversationsMet: convs,
        firstMet: { conversationId: metFirst.conversationId, index: metFirst.index, id: metFirst.id, time: metFirst.time },
        lastMet: { conversationId: metLast.conversationId, index: metLast.index, id: metLast.id, time: metLast.time },
        sourceSite: metLast.site,
        userWordsBefore: state.userTokens,
      },
      version,
    });
  }
}

function quotedTag(conv: ConversationWithMessages, idx: number, q: ReturnType<typeof conversationQuotes> extends Map<number, infer V> ? V : never, version: number): Tag {
  const m = conv.messages[idx];
  const a = conv.messages[q.assistantIndex];
  const total = features(m).ids.length;
  const share = q.quotedTokens / Math.max(1, total);
  const evidence = [ref(a, q.assistantIndex), ref(m, idx, q.spans)];
  return {
    id: tagId('quoted-assistant', conv.id, evidence),
    type: 'quoted-assistant',
    conversationId: conv.id,
    messages: evidence,
    direction: 'assistant→user',
    confidence: Math.min(0.99, 0.8 + q.quotedTokens / 200),
    explanation: `This message repeats ${q.quotedTokens} words verbatim from ${assistantName(SITE_NAMES, siteKey(conv))}'s earlier reply (${Math.round(share * 100)}% of the message), so it is counted as quoting, not as your own wording.`,
    time: messageTime(conv, m) ?? undefined,
    site: siteKey(conv),
    data: { quotedTokens: q.quotedTokens, share },
    version,
  };
}

export const tagger = historyTagger(['term-uptake', 'quoted-assistant'], accumulator);
