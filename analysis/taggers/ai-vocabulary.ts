/**
 * `ai-vocabulary-rise` (assistant→user): the person's own rate of AI-favoured words rises above their own
 * earlier baseline. Kobak et al.'s excess-vocabulary test applied to one person's timeline: monthly rates, a
 * projection extrapolated from the baseline (never trending down), and an emitted tag only when the lower bound of
 * the rate ratio clears the projection, with enough words and several distinct AI words (not a single hit).
 *
 * AI-favoured words = the published lists in analysis/data (Kobak et al. style words, Juzek & Ward, Geng & Trotta,
 * Liang et al.) plus this person's own assistants' over-used words, learned from the baseline months only (so the
 * later months under test never influence which words are counted). Text the user pasted from an assistant is
 * excluded (analysis/quotes.ts).
 */
import type { EvidenceRef, Tag } from '../../model/tags';
import { features } from '../features';
import { conversationQuotes, inQuote } from '../quotes';
import { commonRankOf, isAlpha, isFunctionWord, wordOf } from '../text/classes';
import { PUBLISHED_AI_WORDS } from '../text/ai-words';
import { formatDate, messageTime, periodKey, tagId } from '../evidence';
import { historyTagger, type HistoryAccumulator } from '../incremental';

/** Baseline: the first months until the person has written this many words over at least BASELINE_MONTHS months. */
export const BASELINE_TOKENS = 3000;
export const BASELINE_MONTHS = 2;
/** A month is tested only with this many user words and AI-word hits, from this many distinct AI words. */
export const MIN_MONTH_TOKENS = 500;
export const MIN_HITS = 5;
export const MIN_DISTINCT = 3;
/** One-sided 99 % lower bound (z = 2.326): months are many, so be strict. */
const Z_LOWER = 2.326;
const Z_95 = 1.96;
/** The person's own assistants' over-used words: at most this many, each at least this often and this much more. */
const PERSONAL_MAX = 50;
const PERSONAL_MIN_COUNT = 5;
const PERSONAL_MIN_RATIO = 4;

export { PUBLISHED_AI_WORDS };

interface MonthCounts {
  userTokens: number;
  /** user word id → count, for candidate words (letters only, ≥ 4 letters, not function words) */
  userWords: Map<number, number>;
  /**
   * Per conversation in this month: [AI-word hits, words] (with the current word list). Words cluster by topic
   * within a conversation, so the test's variance is inflated by the between-conversation dispersion.
   */
  units: Map<string, [number, number]>;
  /** Up to 8 user messages with the most AI-word hits (once the word list is fixed). */
  evidence: { conversationId: string; index: number; id: string; time: number; hits: number; spans: [number, number][] }[];
}

export interface AiVocabularyState {
  months: Map<string, MonthCounts>;
  /** Assistant word counts during the baseline (dropped once the baseline is fixed). */
  assistantBaseline: Map<number, number> | null;
  assistantBaselineTokens: number;
  /** Months forming the baseline, fixed once enough words were seen (null until then). */
  baselineMonths: string[] | null;
  /** The person's own assistants' over-used words (fixed with the baseline). */
  personalWords: number[];
  lastMonth: string | null;
}

function isCandidate(id: number): boolean {
  return !isFunctionWord(id) && isAlpha(id) && wordOf(id).length >= 4;
}

/** Memo of the word set per personal-word list (the list is fixed once, so this is built once per person). */
const wordSets = new WeakMap<number[], Set<number>>();

function aiWords(state: AiVocabularyState): Set<number> {
  let s = wordSets.get(state.personalWords);
  if (!s) {
    s = new Set([...PUBLISHED_AI_WORDS, ...state.personalWords]);
    wordSets.set(state.personalWords, s);
  }
  return s;
}

/**
 * Per-month AI-word counts, memoised on the month's word count: only the month being written changes during
 * incremental updates, so re-testing after a new message recounts one month, not the whole history.
 */
const monthMemo = new WeakMap<MonthCounts, { tokens: number; words: Set<number>; hits: number; per: Map<number, number> }>();

function countMonth(mc: MonthCounts, words: Set<number>): { hits: number; per: Map<number, number> } {
  const m = monthMemo.get(mc);
  if (m && m.tokens === mc.userTokens && m.words === words) return m;
  let hits = 0;
  const per = new Map<number, number>();
  for (const [w, c] of mc.userWords)
    if (words.has(w)) {
      hits += c;
      per.set(w, c);
    }
  monthMemo.set(mc, { tokens: mc.userTokens, words, hits, per });
  return { hits, per };
}

/** Fixes the baseline when a new month starts and the months so far hold enough of the person's words. */
function maybeFixBaseline(state: AiVocabularyState) {
  if (state.baselineMonths) return;
  const months = [...state.months.keys()].sort();
  const tokens = months.reduce((s, k) => s + state.months.get(k)!.userTokens, 0);
  if (months.length < BASELINE_MONTHS || tokens < BASELINE_TOKENS) return;
  state.baselineMonths = months;
  const userBase = new Map<number, number>();
  for (const k of months) for (const [w, c] of state.months.get(k)!.userWords) userBase.set(w, (userBase.get(w) ?? 0) + c);
  const aTok = Math.max(1, state.assistantBaselineTokens);
  const scored: [number, number][] = [];
  for (const [w, c] of state.assistantBaseline ?? []) {
    if (c < PERSONAL_MIN_COUNT || PUBLISHED_AI_WORDS.has(w) || (commonRankOf(w) !== 0 && commonRankOf(w) <= 1000)) continue;
    const ratio = c / aTok / (((userBase.get(w) ?? 0) + 1) / tokens);
    if (ratio >= PERSONAL_MIN_RATIO) scored.push([w, ratio]);
  }
  scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  state.personalWords = scored.slice(0, PERSONAL_MAX).map(([w]) => w);
  state.assistantBaseline = null;
}

export const accumulator: HistoryAccumulator<AiVocabularyState> = {
  init: () => ({
    months: new Map(),
    assistantBaseline: new Map(),
    assistantBaselineTokens: 0,
    baselineMonths: null,
    personalWords: [],
    lastMonth: null,
  }),

  add(state, conv, from) {
    const quotes = conversationQuotes(conv);
    let words: Set<number> | null = state.baselineMonths ? aiWords(state) : null;
    for (let idx = from; idx < conv.messages.length; idx++) {
      const m = conv.messages[idx];
      const t = messageTime(conv, m);
      if (t == null) continue;
      const month = periodKey(t, 'month');
      if (month !== state.lastMonth) {
        if (state.lastMonth !== null && month > state.lastMonth) {
          maybeFixBaseline(state);
          if (state.baselineMonths && !words) words = aiWords(state);
        }
        state.lastMonth = state.lastMonth === null || month > state.lastMonth ? month : state.lastMonth;
      }
      const f = features(m);
      if (m.role === 'assistant') {
        if (state.assistantBaseline) {
          state.assistantBaselineTokens += f.ids.length;
          for (const id of f.ids) if (isCandidate(id)) state.assistantBaseline.set(id, (state.assistantBaseline.get(id) ?? 0) + 1);
        }
        continue;
      }
      let mc = state.months.get(month);
      if (!mc) state.months.set(month, (mc = { userTokens: 0, userWords: new Map(), units: new Map(), evidence: [] }));
      const quote = quotes.get(idx);
      let hits = 0;
      const spans: [number, number][] = [];
      for (let i = 0; i < f.ids.length; i++) {
        if (inQuote(quote, i)) continue;
        mc.userTokens++;
        const id = f.ids[i];
        if (!isCandidate(id)) continue;
        mc.userWords.set(id, (mc.userWords.get(id) ?? 0) + 1);
        if (words?.has(id)) {
          hits++;
          spans.push([f.starts[i], f.ends[i]]);
        }
      }
      const unit = mc.units.get(conv.id) ?? [0, 0];
      unit[0] += hits;
      unit[1] += f.ids.length - (quote?.quotedTokens ?? 0);
      mc.units.set(conv.id, unit);
      if (hits > 0) {
        mc.evidence.push({ conversationId: conv.id, index: idx, id: m.id, time: t, hits, spans });
        mc.evidence.sort((a, b) => b.hits - a.hits || a.time - b.time);
        if (mc.evidence.length > 8) mc.evidence.length = 8;
      }
    }
  },

  tags(state, ctx) {
    return risingPeriods(state)
      .filter((p) => p.rising)
      .reduce<MonthStat[][]>((runs, p) => {
        const last = runs[runs.length - 1];
        if (last && consecutive(last[last.length - 1].month, p.month)) last.push(p);
        else runs.push([p]);
        return runs;
      }, [])
      .map((run) => riseTag(state, run, ctx.version));
  },
};

export interface MonthStat {
  month: string;
  userTokens: number;
  hits: number;
  distinct: number;
  /** per 1,000 words */
  rate: number;
  /** the extrapolated baseline rate per 1,000 words (null for baseline months) */
  projected: number | null;
  ratio: number | null;
  ratioLow95: number | null;
  ratioHigh95: number | null;
  rising: boolean;
  topWords: string[];
}

function consecutive(a: string, b: string): boolean {
  const [y, m] = a.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return next === b;
}

/**
 * Per month: the person's AI-word rate, the projection from all earlier months (Kobak: the newer half's rate plus
 * the trend from the older to the newer half, never negative, and never below the pooled earlier rate), and a
 * Katz log rate-ratio interval (0.5 added to both counts, so a baseline of zero hits is handled).
 */
export function risingPeriods(state: AiVocabularyState): MonthStat[] {
  const words = aiWords(state);
  const months = [...state.months.keys()].sort();
  const counted = months.map((k) => {
    const mc = state.months.get(k)!;
    const { hits, per } = countMonth(mc, words);
    return { k, n: mc.userTokens, hits, per };
  });
  const base = new Set(state.baselineMonths ?? months);
  const out: MonthStat[] = [];
  counted.forEach((c, i) => {
    const stat: MonthStat = {
      month: c.k,
      userTokens: c.n,
      hits: c.hits,
      distinct: c.per.size,
      rate: c.n ? (1000 * c.hits) / c.n : 0,
      projected: null,
      ratio: null,
      ratioLow95: null,
      ratioHigh95: null,
      rising: false,
      topWords: [...c.per.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([w]) => wordOf(w)),
    };
    out.push(stat);
    if (base.has(c.k) || !state.baselineMonths) return;
    const earlier = counted.slice(0, i).filter((e) => e.n > 0);
    const nb = earlier.reduce((s, e) => s + e.n, 0);
    const kb = earlier.reduce((s, e) => s + e.hits, 0);
    if (nb === 0) return;
    const pooled = (kb + 0.5) / nb;
    const half = Math.max(1, Math.floor(earlier.length / 2));
    const older = earlier.slice(0, half);
    const newer = earlier.slice(half);
    let proj = pooled;
    if (older.length && newer.length) {
      const rate = (xs: typeof earlier) => xs.reduce((s, e) => s + e.hits, 0) / Math.max(1, xs.reduce((s, e) => s + e.n, 0));
      const center = (xs: typeof earlier) => xs.reduce((s, e) => s + counted.indexOf(e), 0) / xs.length;
      const f1 = rate(older);
      const f2 = rate(newer);
      const slope = Math.max(0, (f2 - f1) / Math.max(1, center(newer) - center(older)));
      proj = Math.max(pooled, f2 + slope * (i - center(newer)));
    }
    const observed = (c.hits + 0.5) / Math.max(1, c.n);
    const se = Math.sqrt(dispersion(state.months.get(c.k)!) * (1 / (c.hits + 0.5) + 1 / (kb + 0.5)));
    const logRatio = Math.log(observed / proj);
    stat.projected = 1000 * proj;
    stat.ratio = c.n ? c.hits / c.n / proj : null;
    stat.ratioLow95 = Math.exp(logRatio - Z_95 * se);
    stat.ratioHigh95 = Math.exp(logRatio + Z_95 * se);
    stat.rising =
      c.n >= MIN_MONTH_TOKENS && c.hits >= MIN_HITS && c.per.size >= MIN_DISTINCT && Math.exp(logRatio - Z_LOWER * se) > 1;
  });
  return out;
}

/**
 * Quasi-Poisson dispersion of the month's AI-word counts across its conversations (Pearson χ² / df, at least 1):
 * a person who writes one long AI-heavy conversation should not look like a steady rise.
 */
function dispersion(mc: MonthCounts): number {
  let k = 0;
  let n = 0;
  for (const [a, b] of mc.units.values()) {
    k += a;
    n += b;
  }
  const units = [...mc.units.values()].filter(([, b]) => b > 0);
  if (units.length < 2 || k === 0) return 1;
  const r = k / n;
  let chi = 0;
  for (const [a, b] of units) chi += (a - b * r) ** 2 / (b * r);
  return Math.max(1, chi / (units.length - 1));
}

function riseTag(state: AiVocabularyState, run: MonthStat[], version: number): Tag {
  const first = run[0];
  const ev = state.months.get(first.month)!.evidence;
  const key = ev[0];
  const inKey = ev.filter((e) => e.conversationId === key?.conversationId).sort((a, b) => a.index - b.index);
  const messages: EvidenceRef[] = inKey.map((e) => ({ index: e.index, id: e.id, spans: e.spans }));
  const hits = run.reduce((s, r) => s + r.hits, 0);
  const tokens = run.reduce((s, r) => s + r.userTokens, 0);
  const rate = (1000 * hits) / tokens;
  const projected = first.projected ?? 0;
  const months = run.length === 1 ? first.month : `${first.month} to ${run[run.length - 1].month}`;
  const words = [...new Set(run.flatMap((r) => r.topWords))].slice(0, 5);
  const low = first.ratioLow95 ?? 1;
  const confidence = Math.max(0.5, Math.min(0.95, 0.55 + 0.15 * Math.log2(low)));
  return {
    id: tagId('ai-vocabulary-rise', key?.conversationId ?? 'history', messages, first.month),
    type: 'ai-vocabulary-rise',
    conversationId: key?.conversationId ?? '',
    messages,
    direction: 'assistant→user',
    confidence,
    explanation: `In ${months} you used AI-favoured words (${words.map((w) => `"${w}"`).join(', ')}) ${rate.toFixed(1)} times per 1,000 words, ${(rate / Math.max(projected, 1e-9)).toFixed(1)}× your own extrapolated earlier rate of ${projected.toFixed(1)} (95% CI of the ratio in ${first.month}: ${first.ratioLow95!.toFixed(1)}–${first.ratioHigh95!.toFixed(1)}).`,
    time: key?.time ?? Date.parse(`${first.month}-01T00:00:00Z`),
    site: undefined,
    data: {
      months: run,
      baselineMonths: state.baselineMonths,
      personalWords: state.personalWords.map(wordOf),
      evidence: ev,
      since: formatDate(Date.parse(`${first.month}-01T00:00:00Z`)),
    },
    version,
  };
}

export const tagger = historyTagger(['ai-vocabulary-rise'], accumulator);
