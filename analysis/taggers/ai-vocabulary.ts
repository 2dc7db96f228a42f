/**
 * `ai-vocabulary-rise` (assistant→user): the person uses AI-typical words more than they used to, beyond what a
 * change of topic or task explains. Kobak et al.'s excess-vocabulary idea applied to one person's timeline, with a
 * counterfactual that controls for topic and task: next to the AI words (analysis/text/ai-words.ts: published
 * AI-favoured words also over-represented in assistant turns of real dialogue, not everyday words; the same list for
 * everybody) the person's rate of control words is counted — words of the same frequency band that assistants and
 * people use alike. A month's expected AI-word rate is the person's earlier rate scaled by how much their control
 * words moved (a new topic or task moves both).
 *
 * The claim is a conversation-level permutation test of the rise: at each month boundary after a baseline of
 * ≥ 3,000 words over ≥ 2 months with ≥ 10 AI + control words, the late-vs-early excess is the log ratio of the
 * AI-word rate after against before, standardised; the statistic is its largest value over the boundaries
 * (so testing many months is paid for), and p is the share of PERMUTATIONS shuffles — whole conversations dealt
 * into the slots of conversations of the same task (code, writing, other) — whose largest excess is at least the
 * observed one. A history whose tasks change keeps that change in every shuffle, so a task switch is not a rise.
 * A claim also needs the later rate above the control-word counterfactual (a topic that brings AI words and
 * control words alike is not a rise). Text the user pasted from an assistant is excluded (analysis/quotes.ts).
 */
import type { EvidenceRef, Tag } from '../../model/tags';
import { features } from '../features';
import { conversationQuotes, inQuote } from '../quotes';
import { wordOf } from '../text/classes';
import { AI_WORDS, CONTROL_WORDS } from '../text/ai-words';
import { formatDate, makeTag, messageTime, periodKey } from '../evidence';
import { historyTagger, type HistoryAccumulator } from '../incremental';
import { taskIndex, taskOfOpening } from '../style/task';
import { rng } from '../testing';

/** Baseline: at least this many of the person's words, over at least BASELINE_MONTHS months, before any month is tested. */
const BASELINE_TOKENS = 3000;
const BASELINE_MONTHS = 2;
/** The baseline needs this many AI + control words: a ratio over a near-empty baseline says nothing. */
const MIN_BASELINE_HITS = 10;
/** A month is tested only with this many user words and AI-word hits, from this many distinct AI words. */
const MIN_MONTH_TOKENS = 500;
const MIN_HITS = 5;
const MIN_DISTINCT = 3;
/** The permutation p-value the rise must reach (max over month boundaries; measured: eval/longitudinal). */
const MAX_P = 0.01;
const PERMUTATIONS = 200;
const Z_95 = 1.96;

interface MonthCounts {
  userTokens: number;
  /** AI-word hits and control-word hits */
  hits: number;
  control: number;
  /** AI word id → count */
  perWord: Map<number, number>;
  /**
   * Per conversation in this month: [AI words, control words, words, task index, UTC day number of its latest
   * message]. A word counts once per conversation (one pasted essay or one topic must not look like a habit).
   */
  units: Map<string, [number, number, number, number, number]>;
  /** Per conversation: the AI and control word ids already counted in it. */
  seen: Map<string, Set<number>>;
  /** Up to 8 user messages with the most AI-word hits. */
  evidence: { conversationId: string; index: number; id: string; time: number; hits: number; spans: [number, number][] }[];
}

export interface AiVocabularyState {
  months: Map<string, MonthCounts>;
  lastMonth: string | null;
  /** UTC day number of the newest message */
  lastDay?: number;
}

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
      const day = Math.floor(t / 86_400_000);
      if (state.lastDay === undefined || day > state.lastDay) state.lastDay = day;
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
      const unit = mc.units.get(conv.id) ?? [0, 0, 0, taskIndex(taskOfOpening(opening?.text ?? '')), day];
      unit[4] = Math.max(unit[4], day);
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
    const rise = riseTest(state, MAX_P);
    if (!rise || rise.pValue > MAX_P) return [];
    const months = risingPeriods(state).filter((m) => m.month <= rise.lastMonth);
    const run = months.slice(months.findIndex((m) => m.month === rise.month));
    return [riseTag(state, run, rise, ctx.version)];
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
      topWords: [...c.perWord.entries()]
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, 5)
        .map(([w]) => wordOf(w)),
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
      // A month "rises" for the chart when its own ratio clears 1 at the 95 % bound; the claim itself is the
      // permutation test of the whole history (riseTest), not any one month's interval.
      stat.rising = n >= MIN_MONTH_TOKENS && o >= MIN_HITS && c.perWord.size >= MIN_DISTINCT && convs >= MIN_DISTINCT && logRatio - Z_95 * se > 0;
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

export interface RiseTest {
  /** the first month of the late side of the boundary with the largest excess */
  month: string;
  /** standardised log ratio (AI / control words, after vs before) at that boundary */
  z: number;
  /** AI and control words before and after the boundary (each word once per conversation) */
  before: { words: number; ai: number; control: number };
  after: { words: number; ai: number; control: number; conversations: number };
  /** the AI-word rate per 1,000 words after the boundary, its 95 % interval (dispersion across conversations) */
  rate: number;
  rateLow95: number;
  rateHigh95: number;
  /** the counterfactual: the earlier AI-word rate scaled by the change in control-word rate, per 1,000 words */
  expected: number;
  /** share of within-task conversation shuffles with an excess at least this large (a lower bound when stopped early) */
  pValue: number;
  /** the last month with text in the test */
  lastMonth: string;
}

/**
 * Conversation units of completed days in time order: [AI words, control words, words, task, month index]. A
 * conversation with a message on the day of the newest message is still being written: it joins the test the next
 * day (so the test reruns about once a day, not with every message, and batch and incremental analysis, which see
 * the same data, get the same answer).
 */
export function unitsOf(state: AiVocabularyState): { units: [number, number, number, number, number][]; months: string[] } {
  const today = state.lastDay ?? Infinity;
  const all = [...state.months.keys()].sort();
  const units: [number, number, number, number, number][] = [];
  const months: string[] = [];
  for (const k of all) {
    const mi = months.length;
    let any = false;
    for (const u of state.months.get(k)!.units.values())
      if (u[2] > 0 && u[4] < today) {
        units.push([u[0], u[1], u[2], u[3], mi]);
        any = true;
      }
    if (any) months.push(k);
  }
  return { units, months };
}

const riseMemo = new WeakMap<AiVocabularyState, { key: string; stopAbove: number; result: RiseTest | null }>();

/**
 * The permutation test of the rise (see the top of this file). Null when no month boundary has a usable baseline
 * and enough later text, or the observed late side lacks the hits a claim needs. With `stopAbove`, shuffling stops
 * once p is certain to exceed it. Memoised on the counts it depends on, so a new message without AI or control
 * words costs nothing.
 */
export function riseTest(state: AiVocabularyState, stopAbove = 1): RiseTest | null {
  const { units, months } = unitsOf(state);
  let totalA = 0;
  let totalC = 0;
  let totalN = 0;
  for (const u of units) {
    totalA += u[0];
    totalC += u[1];
    totalN += u[2];
  }
  const key = `${units.length}|${months.length}|${totalA}|${totalC}|${totalN}`;
  const memo = riseMemo.get(state);
  if (memo && memo.key === key && memo.stopAbove >= stopAbove) return memo.result;
  const result = computeRise(state, units, months, stopAbove);
  riseMemo.set(state, { key, stopAbove, result });
  return result;
}

function computeRise(state: AiVocabularyState, units: [number, number, number, number, number][], months: string[], stopAbove: number): RiseTest | null {
  const M = months.length;
  // Boundaries j (late side = months ≥ j) with a baseline and enough later text: fixed by the observed amounts of
  // text, the same for every shuffle.
  const wordsPerMonth = new Array(M).fill(0);
  for (const u of units) wordsPerMonth[u[4]] += u[2];
  const wordsTotal = wordsPerMonth.reduce((a, b) => a + b, 0);
  const candidates: number[] = [];
  let before = 0;
  let monthsBefore = 0;
  for (let j = 1; j < M; j++) {
    before += wordsPerMonth[j - 1];
    if (wordsPerMonth[j - 1] > 0) monthsBefore++;
    if (before >= BASELINE_TOKENS && monthsBefore >= BASELINE_MONTHS && wordsTotal - before >= MIN_MONTH_TOKENS) candidates.push(j);
  }
  if (!candidates.length) return null;
  const a = new Float64Array(M);
  const c = new Float64Array(M);
  const w = new Float64Array(M);
  const eN = [0];
  const monthOf = Int32Array.from(units, (u) => u[4]);
  const stat = (ai: ArrayLike<number>, ctl: ArrayLike<number>, words: ArrayLike<number>, observed: boolean): { z: number; j: number } => {
    a.fill(0);
    c.fill(0);
    w.fill(0);
    for (let i = 0; i < monthOf.length; i++) {
      const mi = monthOf[i];
      a[mi] += ai[i];
      c[mi] += ctl[i];
      w[mi] += words[i];
    }
    let tA = 0;
    let tN = 0;
    for (let m = 0; m < M; m++) {
      tA += a[m];
      tN += w[m];
    }
    let best = -Infinity;
    let bj = -1;
    let eA = 0;
    let eC = 0;
    eN[0] = 0;
    let m = 0;
    for (const j of candidates) {
      for (; m < j; m++) {
        eA += a[m];
        eC += c[m];
        eN[0] += w[m];
      }
      if (eN[0] <= 0 || tN - eN[0] <= 0) continue;
      if (observed && eA + eC < MIN_BASELINE_HITS) continue;
      // The rate of AI words per word after against before (standardised log rate ratio). Measured against
      // the same with control words as the denominator, which added their own noise: power 70 % vs 45 % at
      // the same false-positive rate (eval/longitudinal, 100 injected histories). Topic is still checked: the
      // control-adjusted ratio must exceed 1 for a claim (below).
      const lA = tA - eA + 0.5;
      const z = (Math.log(lA / (tN - eN[0])) - Math.log((eA + 0.5) / eN[0])) / Math.sqrt(1 / lA + 1 / (eA + 0.5));
      if (z > best) {
        best = z;
        bj = j;
      }
    }
    return { z: best, j: bj };
  };
  const ai = units.map((u) => u[0]);
  const ctl = units.map((u) => u[1]);
  const words = units.map((u) => u[2]);
  const obs = stat(ai, ctl, words, true);
  if (obs.j < 0 || !(obs.z > 0)) return null;
  // The late side must carry a claim: enough hits, distinct words and conversations.
  const late = units.filter((u) => u[4] >= obs.j);
  const early = units.filter((u) => u[4] < obs.j);
  const sum = (xs: typeof units, k: number) => xs.reduce((s, u) => s + u[k], 0);
  const lateA = sum(late, 0);
  const distinct = new Set<number>();
  for (let m = obs.j; m < M; m++) for (const w of state.months.get(months[m])!.perWord.keys()) distinct.add(w);
  const lateConvs = late.filter((u) => u[0] > 0).length;
  if (lateA < MIN_HITS || distinct.size < MIN_DISTINCT || lateConvs < MIN_DISTINCT) return null;
  const bw = sum(early, 2);
  const lw = sum(late, 2);
  const eA = sum(early, 0);
  const eC = sum(early, 1);
  const lC = sum(late, 1);
  // The counterfactual: the earlier AI-word rate, scaled by how much the control words moved (a new topic moves both).
  const expected = (1000 * ((eA + 0.5) / bw) * ((lC + 0.5) / lw)) / ((eC + 0.5) / bw);
  const rate = (1000 * lateA) / lw;
  if (rate <= expected) return null;

  // Shuffles: each task keeps its conversation slots; the task's conversations are dealt into them at random.
  const slots = [0, 1, 2].map((t) => Int32Array.from(units.map((u, i) => (u[3] === t ? i : -1)).filter((i) => i >= 0)));
  const orders = slots.map((sl) => Int32Array.from(sl));
  const rand = rng(units.length * 7919 + 31);
  const pa = new Float64Array(units.length);
  const pc = new Float64Array(units.length);
  const pw = new Float64Array(units.length);
  let atLeast = 0;
  let r = 0;
  for (; r < PERMUTATIONS; r++) {
    for (let t = 0; t < 3; t++) {
      const sl = slots[t];
      const order = orders[t];
      for (let i = order.length - 1; i > 0; i--) {
        const k = Math.floor(rand() * (i + 1));
        [order[i], order[k]] = [order[k], order[i]];
      }
      for (let i = 0; i < sl.length; i++) {
        pa[sl[i]] = ai[order[i]];
        pc[sl[i]] = ctl[order[i]];
        pw[sl[i]] = words[order[i]];
      }
    }
    if (stat(pa, pc, pw, false).z >= obs.z - 1e-12) atLeast++;
    if ((atLeast + 1) / (PERMUTATIONS + 1) > stopAbove) break;
  }
  const pValue = (atLeast + 1) / (PERMUTATIONS + 1);

  // Dispersion across the late conversations widens the Poisson interval (one AI-heavy conversation is not a habit).
  let chi = 0;
  const rr = lateA / lw;
  if (rr > 0) for (const u of late) chi += (u[0] - u[2] * rr) ** 2 / (u[2] * rr);
  const disp = late.length > 1 ? Math.max(1, chi / (late.length - 1)) : 1;
  const half = (1000 * Z_95 * Math.sqrt(disp * Math.max(lateA, 1))) / lw;
  return {
    month: months[obs.j],
    z: obs.z,
    before: { words: bw, ai: eA, control: eC },
    after: { words: lw, ai: lateA, control: lC, conversations: late.length },
    rate,
    rateLow95: Math.max(0, rate - half),
    rateHigh95: rate + half,
    expected,
    pValue,
    lastMonth: months[M - 1],
  };
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

function riseTag(state: AiVocabularyState, run: MonthStat[], rise: RiseTest, version: number): Tag {
  const first = run[0];
  const ev = state.months.get(first.month)!.evidence;
  const key = ev[0];
  // Evidence across the month's conversations (each ref names its conversation), in date order.
  const messages: EvidenceRef[] = [...ev]
    .sort((a, b) => a.time - b.time)
    .map((e) => ({ conversationId: e.conversationId, index: e.index, id: e.id, spans: e.spans }));
  const since = run.length === 1 ? `In ${first.month}` : `From ${first.month} to ${run[run.length - 1].month}`;
  const counts = new Map<string, number>();
  for (const r of run) r.topWords.forEach((w, i) => counts.set(w, (counts.get(w) ?? 0) + 5 - i));
  const words = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([w]) => w);
  const confidence = Math.max(0.5, Math.min(0.95, 0.5 + 0.1 * rise.z));
  return makeTag({
    idFrom: { conversationId: key?.conversationId ?? 'history', evidence: [], key: first.month },
    type: 'ai-vocabulary-rise',
    conversationId: key?.conversationId ?? '',
    messages,
    direction: 'assistant→user',
    confidence,
    explanation: `${since} you used AI-typical words (${words.map((w) => `"${w}"`).join(', ')}) ${rise.rate.toFixed(1)} times per 1,000 words (95% interval ${rise.rateLow95.toFixed(1)}–${rise.rateHigh95.toFixed(1)}), where your earlier writing, adjusted for the change in topic shown by control words, predicts ${rise.expected.toFixed(1)}; with your conversations shuffled within the same kind of task, a rise this large came up in ${(100 * rise.pValue).toFixed(1)}% of cases.`,
    time: key?.time ?? Date.parse(`${first.month}-01T00:00:00Z`),
    of: undefined,
    data: {
      months: run,
      rise,
      evidence: ev,
      since: formatDate(Date.parse(`${first.month}-01T00:00:00Z`)),
    },
    version,
  });
}

export const tagger = historyTagger(['ai-vocabulary-rise'], accumulator);
