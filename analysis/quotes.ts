/**
 * Verbatim-overlap detection: does a user message paste or quote an earlier assistant message of the same
 * conversation? Pasted text is not the person's own wording, so term uptake, AI-vocabulary rates and style
 * windows all skip it. The criterion is a shared run of at least QUOTE_NGRAM tokens (the science notes suggest
 * ≥ 8-token overlaps, or the 5-gram context test of §1.7 for single words).
 */
import type { ConversationWithMessages } from '../model/types';
import { features } from './features';

export const QUOTE_NGRAM = 8;

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

/** Hash of ids[i..i+n) (FNV-style on interned ids; collisions only cost a missed/extra skip, verified below). */
function gramHash(ids: Int32Array, i: number, n: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < n; k++) h = Math.imul(h ^ ids[i + k], 16777619);
  return h >>> 0;
}

/** User message index → quote, for every user message that repeats an earlier assistant message of `conv`. */
export function conversationQuotes(conv: ConversationWithMessages): Map<number, QuoteMatch> {
  let out = cache.get(conv);
  if (out) return out;
  out = new Map();
  // gram hash → assistant message index (latest wins; good enough to name the source).
  const grams = new Map<number, number>();
  conv.messages.forEach((m, i) => {
    const f = features(m);
    if (m.role === 'assistant') {
      for (let k = 0; k + QUOTE_NGRAM <= f.ids.length; k++) grams.set(gramHash(f.ids, k, QUOTE_NGRAM), i);
      return;
    }
    if (grams.size === 0 || f.ids.length < QUOTE_NGRAM) return;
    const hits = new Map<number, number>();
    const ranges: [number, number][] = [];
    for (let k = 0; k + QUOTE_NGRAM <= f.ids.length; k++) {
      const a = grams.get(gramHash(f.ids, k, QUOTE_NGRAM));
      if (a === undefined || !sameGram(conv, a, f.ids, k)) continue;
      hits.set(a, (hits.get(a) ?? 0) + 1);
      const last = ranges[ranges.length - 1];
      if (last && k <= last[1]) last[1] = k + QUOTE_NGRAM;
      else ranges.push([k, k + QUOTE_NGRAM]);
    }
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
