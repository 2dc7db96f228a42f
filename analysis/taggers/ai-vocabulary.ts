/**
 * `ai-vocabulary-rise` (assistant→user): the person uses AI-typical words more than they used to, beyond what a
 * change of topic or task explains. Kobak et al.'s excess-vocabulary idea applied to one person's timeline, with a
 * counterfactual that controls for topic and task: next to the AI words (analysis/text/ai-words.ts: published
 * AI-favoured words also over-represented in assistant turns of real dialogue, not everyday words; the same list for
 * everybody) the person's rate of control words is counted — words of the same frequency band that assistants and
 * people use alike. A month's expected AI-word rate is the person's earlier rate scaled by how much their control
 * words moved (a new topic or task moves both); the tag needs the rate ratio of AI words to control words, month
 * against all earlier months, to clear 1 at its one-sided 99.5 % lower bound (Woolf log interval, 0.5 added to each
 * count, variance inflated by the between-conversation dispersion), after a baseline of ≥ 3,000 words over ≥ 2
 * months with ≥ 10 AI + control words (no ratios over a near-empty baseline).
 * Text the user pasted from an assistant is excluded (analysis/quotes.ts).
 */
import type { EvidenceRef, Tag } from '../../model/tags';
import { features } from '../features';
import { conversationQuotes, inQuote } from '../quotes';
import { wordOf } from '../text/classes';
import { AI_WORDS, CONTROL_WORDS } from '../text/ai-words';
import { formatDate, messageTime, periodKey, tagId } from '../evidence';
import { historyTagger, type HistoryAccumulator } from '../incremental';
import { taskIndex, taskOfOpening } from '../style/task';

/** Baseline: at least this many of the person's words, over at least BASELINE_MONTHS months, before any month is tested. */
export const BASELINE_TOKENS = 3000;
export const BASELINE_MONTHS = 2;
/** The baseline needs this many AI + control words: a ratio over a near-empty baseline says nothing. */
export const MIN_BASELINE_HITS = 10;
/** A month is tested only with this many user words and AI-word hits, from this many distinct AI words. */
export const MIN_MONTH_TOKENS = 500;
export const MIN_HITS = 5;
export const MIN_DISTINCT = 3;
/** One-sided 99.5 % lower bound (z = 2.576): several months are tested per history, so be strict (measured: eval/longitudinal). */
const Z_LOWER = 2.576;
const Z_95 = 1.96;

interface MonthCounts {
  userTokens: number;
  /** AI-word hits and control-word hits */
  hits: number;
  control: number;
  /** AI word id → count */
  perWord: Map<number, number>;
  /**
   * Per conversation in this month: [AI words, control words, words, task index]. A word counts once per
   * conversation (one pasted essay or one topic must not look like a habit).
   */
  units: Map<string, [number, number, number, number]>;
  /** Per conversation: the AI and control word ids already counted in it. */
  seen: Map<string, Set<number>>;
  /** Up to 8 user messages with the most AI-word hits. */
  evidence: { conversationId: string; index: number; id: string; time: number; hits: number; spans: [number, number][] }[];
}

export interface AiVocabularyState {
  months: Map<string, MonthCounts>;
  lastMonth: string | null;
}

export { AI_WORDS };

export const accumulator: HistoryAccumulator<AiVocabularyState> = {
  init: () => ({ months: new Map(), lastMonth: null }),

  add(state, conv, from) {
    const quotes = conversationQuotes(conv);
    for (let idx = from; idx < conv.messages.length; idx++) {
      const m = conv.messages[idx];
      if (m.role !== 'user') continue;
      const t = messageTime(conv, m);
      if (t == null) continue;
      const month = periodKey(t, 'month');
      if (state.lastMonth === null || month > state.lastMonth) state.lastMonth = month;
      const f = features(m);
      let mc = state.months.get(month);
      if (!mc) state.months.set(month, (mc = { userTokens: 0, hits: 0, control: 0, perWord: new Map(), units: new Map(), seen: new Map(), evidence: [] }));
      let seen = mc.seen.get(conv.id);
      if (!seen) mc.seen.set(conv.id, (seen = new Set()));
      const quote = quotes.get(idx);
      let hits = 0;
      let control = 0;
      const spans: [number, number][] = [];
      for (let i = 0; i < f.ids.length; i++) {
        if (inQuote(quote, i)) continue;
        const id = f.ids[i];
        if (AI_WORDS.has(id)) {
          spans.push([f.starts[i], f.ends[i]]);
          if (seen.has(id)) continue;
          seen.add(id);
          hits++;
          mc.perWord.set(id, (mc.perWord.get(id) ?? 0) + 1);
        } else if (CONTROL_WORDS.has(id) && !seen.has(id)) {
          seen.add(id);
          control++;
        }
      }
      const own = f.ids.length - (quote?.quotedTokens ?? 0);
      mc.userTokens += own;
      mc.hits += hits;
      mc.control += control;
      const opening = conv.messages.find((x) => x.role === 'user');
      const unit = mc.units.get(conv.id) ?? [0, 0, 0, taskIndex(taskOfOpening(opening?.text ?? ''))];
      unit[0] += hits;
      unit[1] += control;
      unit[2] += own;
      mc.units.set(conv.id, unit);
      if (spans.length > 0) {
        hits = spans.length;
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
  /** AI words per 1,000 words */
  rate: number;
  /** control words per 1,000 words */
  controlRate: number;
  /**
   * The counterfactual AI-word rate per 1,000 words: the person's earlier rate scaled by the change in their
   * control-word rate (null for months without a usable baseline)
   */
  projected: number | null;
  ratio: number | null;
  ratioLow95: number | null;
  ratioHigh95: number | null;
  /** 95 % interval of this month's own rate per 1,000 words (Poisson, dispersion-inflated) */
  rateLow95: number;
  rateHigh95: number;
  rising: boolean;
  topWords: string[];
}

function consecutive(a: string, b: string): boolean {
  const [y, m] = a.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return next === b;
}

/**
 * Per month: the person's AI-word rate, the counterfactual from all earlier months, and the rate ratio of AI words
 * to control words (month vs earlier months) with its interval.
 */
export function risingPeriods(state: AiVocabularyState): MonthStat[] {
  const months = [...state.months.keys()].sort();
  const out: MonthStat[] = [];
  // Earlier months pooled per task (code, writing, other): [words, AI words, control words].
  const base = [0, 1, 2].map(() => [0, 0, 0]);
  let mb = 0;
  for (const k of months) {
    const c = state.months.get(k)!;
    const disp = dispersion(c);
    const rate = c.userTokens ? (1000 * c.hits) / c.userTokens : 0;
    const half = c.userTokens ? (1000 * Z_95 * Math.sqrt(disp * Math.max(c.hits, 1))) / c.userTokens : 0;
    const stat: MonthStat = {
      month: k,
      userTokens: c.userTokens,
      hits: c.hits,
      distinct: c.perWord.size,
      rate,
      controlRate: c.userTokens ? (1000 * c.control) / c.userTokens : 0,
      projected: null,
      ratio: null,
      ratioLow95: null,
      ratioHigh95: null,
      rateLow95: Math.max(0, rate - half),
      rateHigh95: rate + half,
      rising: false,
      topWords: [...c.perWord.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 5).map(([w]) => wordOf(w)),
    };
    out.push(stat);
    // Task-standardised: the month's words of each task are compared with the person's earlier words of the same
    // task only (a task never seen before has no baseline and is left out of the test).
    let o = 0;
    let oc = 0;
    let n = 0;
    let e = 0;
    let ec = 0;
    let nbUsed = 0;
    let convs = 0;
    for (const u of c.units.values()) {
      const b = base[u[3]];
      if (b[0] < BASELINE_TOKENS / 3 || u[2] === 0) continue;
      o += u[0];
      oc += u[1];
      n += u[2];
      e += (u[2] * b[1]) / b[0];
      ec += (u[2] * b[2]) / b[0];
      if (u[0] > 0) convs++;
    }
    for (const b of base) if (b[0] >= BASELINE_TOKENS / 3) nbUsed += b[0];
    const baseHits = base.reduce((sum, b) => sum + (b[0] >= BASELINE_TOKENS / 3 ? b[1] + b[2] : 0), 0);
    if (nbUsed >= BASELINE_TOKENS && mb >= BASELINE_MONTHS && baseHits >= MIN_BASELINE_HITS && n > 0) {
      // Rate ratio of AI words against expectation, divided by the control words' ratio against theirs.
      const a1 = o + 0.5;
      const c1 = oc + 0.5;
      const a0 = e + 0.5 * (n / nbUsed);
      const c0 = ec + 0.5 * (n / nbUsed);
      const logRatio = Math.log(a1 / a0) - Math.log(c1 / c0);
      // Expectation's own uncertainty: counts behind the baseline rates (scaled to the month's words).
      const bA = base.reduce((sum, b) => sum + (b[0] >= BASELINE_TOKENS / 3 ? b[1] : 0), 0) + 0.5;
      const bC = base.reduce((sum, b) => sum + (b[0] >= BASELINE_TOKENS / 3 ? b[2] : 0), 0) + 0.5;
      const se = Math.sqrt(disp * (1 / a1 + 1 / c1) + 1 / bA + 1 / bC);
      stat.projected = (1000 * a0 * (c1 / c0)) / n;
      stat.ratio = Math.exp(logRatio);
      stat.ratioLow95 = Math.exp(logRatio - Z_95 * se);
      stat.ratioHigh95 = Math.exp(logRatio + Z_95 * se);
      stat.rising = n >= MIN_MONTH_TOKENS && o >= MIN_HITS && c.perWord.size >= MIN_DISTINCT && convs >= MIN_DISTINCT && logRatio - Z_LOWER * se > 0;
    }
    for (const u of c.units.values()) {
      base[u[3]][0] += u[2];
      base[u[3]][1] += u[0];
      base[u[3]][2] += u[1];
    }
    if (c.userTokens > 0) mb++;
  }
  return out;
}

/**
 * Quasi-Poisson dispersion of the month's AI + control counts across its conversations (Pearson χ² / df, at least
 * 1): a person who writes one long AI-heavy conversation should not look like a steady rise.
 */
function dispersion(mc: MonthCounts): number {
  const units = [...mc.units.values()].filter((u) => u[2] > 0);
  if (units.length < 2) return 1;
  let chi = 0;
  let df = 0;
  for (const j of [0, 1] as const) {
    let k = 0;
    let n = 0;
    for (const u of units) {
      k += u[j];
      n += u[2];
    }
    if (k === 0) continue;
    const r = k / n;
    for (const u of units) chi += (u[j] - u[2] * r) ** 2 / (u[2] * r);
    df += units.length - 1;
  }
  return df ? Math.max(1, chi / df) : 1;
}

function riseTag(state: AiVocabularyState, run: MonthStat[], version: number): Tag {
  const first = run[0];
  const ev = state.months.get(first.month)!.evidence;
  const key = ev[0];
  // Evidence across the month's conversations (each ref names its conversation), in date order.
  const messages: EvidenceRef[] = [...ev].sort((a, b) => a.time - b.time).map((e) => ({ conversationId: e.conversationId, index: e.index, id: e.id, spans: e.spans }));
  const hits = run.reduce((s, r) => s + r.hits, 0);
  const tokens = run.reduce((s, r) => s + r.userTokens, 0);
  const rate = (1000 * hits) / tokens;
  const projected = first.projected ?? 0;
  const months = run.length === 1 ? first.month : `${first.month} to ${run[run.length - 1].month}`;
  const words = [...new Set(run.flatMap((r) => r.topWords))].slice(0, 5);
  const low = first.ratioLow95 ?? 1;
  const confidence = Math.max(0.5, Math.min(0.95, 0.55 + 0.15 * Math.log2(low)));
  return {
    id: tagId('ai-vocabulary-rise', key?.conversationId ?? 'history', [], first.month),
    type: 'ai-vocabulary-rise',
    conversationId: key?.conversationId ?? '',
    messages,
    direction: 'assistant→user',
    confidence,
    explanation: `In ${months} you used AI-typical words (${words.map((w) => `"${w}"`).join(', ')}) ${rate.toFixed(1)} times per 1,000 words (95% interval ${first.rateLow95.toFixed(1)}–${first.rateHigh95.toFixed(1)} in ${first.month}), where your earlier writing, adjusted for the change in topic shown by control words, predicts ${projected.toFixed(1)} (ratio ${first.ratioLow95!.toFixed(1)}–${first.ratioHigh95!.toFixed(1)}, 95% CI).`,
    time: key?.time ?? Date.parse(`${first.month}-01T00:00:00Z`),
    site: undefined,
    data: {
      months: run,
      evidence: ev,
      since: formatDate(Date.parse(`${first.month}-01T00:00:00Z`)),
    },
    version,
  };
}

export const tagger = historyTagger(['ai-vocabulary-rise'], accumulator);
