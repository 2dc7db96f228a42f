/**
 * Verbatim-overlap detection: does a user message paste or quote an earlier assistant message of the same
 * conversation? Pasted text is not the person's own wording, so term uptake, AI-vocabulary rates and style
 * windows all skip it. The criterion is a shared run of at least QUOTE_NGRAM tokens (the science notes suggest
 * ≥ 8-token overlaps, or the 5-gram context test of §1.7 for single words).
 */
import type { ConversationWithMessages } from '../model/types';
import { features } from './features';

const QUOTE_NGRAM = 8;

export interface QuoteMatch {
  /** Index (in the conversation) of the assistant message quoted (the one with the longest overlap). */
  assistantIndex: number;
  /** Token ranges [first, last+1) of the user message that repeat assistant text. */
  tokenRanges: [number, number][];
  /** Character spans in the user message. */
  spans: [number, number][];
  /** Tokens inside the overlapping ranges. */
  quotedTokens: number;
}

const cache = new WeakMap<ConversationWithMessages, Map<number, QuoteMatch>>();

/** Rolling polynomial hash base and base^(n−1) (mod 2^32); hits are verified token by token (sameGram). */
const B = 1_000_003;
let BN = 1;
for (let k = 1; k < QUOTE_NGRAM; k++) BN = Math.imul(BN, B);

/** Calls f(hash, start) for every QUOTE_NGRAM-token window of ids, in O(1) per window. */
function eachGram(ids: Int32Array, f: (h: number, k: number) => void) {
  if (ids.length < QUOTE_NGRAM) return;
  let h = 0;
  for (let k = 0; k < QUOTE_NGRAM; k++) h = (Math.imul(h, B) + ids[k]) | 0;
  f(h, 0);
  for (let k = 1; k + QUOTE_NGRAM <= ids.length; k++) {
    h = (Math.imul(h - Math.imul(ids[k - 1], BN), B) + ids[k + QUOTE_NGRAM - 1]) | 0;
    f(h, k);
  }
}

/** User message index → quote, for every user message that repeats an earlier assistant message of `conv`. */
export function conversationQuotes(conv: ConversationWithMessages): Map<number, QuoteMatch> {
  let out = cache.get(conv);
  if (out) return out;
  out = new Map();
  // gram hash → assistant message index (latest wins; good enough to name the source). Built lazily: most
  // user messages are too short to quote anything, and then no assistant message needs hashing.
  const grams = new Map<number, number>();
  let hashedUpTo = 0;
  conv.messages.forEach((m, i) => {
    if (m.role === 'assistant') return;
    const f = features(m);
    if (f.ids.length < QUOTE_NGRAM) return;
    for (; hashedUpTo < i; hashedUpTo++) {
      const a = conv.messages[hashedUpTo];
      if (a.role === 'assistant') eachGram(features(a).ids, (h) => grams.set(h, hashedUpTo));
    }
    if (grams.size === 0) return;
    const hits = new Map<number, number>();
    const ranges: [number, number][] = [];
    eachGram(f.ids, (h, k) => {
      const a = grams.get(h);
      if (a === undefined || !sameGram(conv, a, f.ids, k)) return;
      hits.set(a, (hits.get(a) ?? 0) + 1);
      const last = ranges[ranges.length - 1];
      if (last && k <= last[1]) last[1] = k + QUOTE_NGRAM;
      else ranges.push([k, k + QUOTE_NGRAM]);
    });
    if (!ranges.length) return;
    const assistantIndex = [...hits.entries()].sort((x, y) => y[1] - x[1] || y[0] - x[0])[0][0];
    out!.set(i, {
      assistantIndex,
      tokenRanges: ranges,
      spans: ranges.map(([a, b]) => [f.starts[a], f.ends[b - 1]]),
      quotedTokens: ranges.reduce((s, [a, b]) => s + b - a, 0),
    });
  });
  cache.set(conv, out);
  return out;
}

/** Confirms a hash hit token by token, so a hash collision never claims a quote. */
function sameGram(conv: ConversationWithMessages, a: number, ids: Int32Array, k: number): boolean {
  const aids = features(conv.messages[a]).ids;
  outer: for (let j = 0; j + QUOTE_NGRAM <= aids.length; j++) {
    for (let q = 0; q < QUOTE_NGRAM; q++) if (aids[j + q] !== ids[k + q]) continue outer;
    return true;
  }
  return false;
}

/** True when token i of the user message lies inside a quoted range. */
export function inQuote(q: QuoteMatch | undefined, i: number): boolean {
  if (!q) return false;
  for (const [a, b] of q.tokenRanges) if (i >= a && i < b) return true;
  return false;
}
