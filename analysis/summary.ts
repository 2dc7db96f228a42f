/**
 * The summary figures that feed the dashboard, shaped for charts: flat arrays of { period, site, value } (site
 * 'all' = every assistant together), per day, week or month. Built from the compact history state and the tags,
 * so the extension can refresh it after each incremental update without touching the messages.
 */
import { TAG_TYPES, type Tag, type TagType } from '../model/tags';
import type { HistoryState } from './history-state';
import { coarsen, periodKey, type Granularity } from './evidence';
import { risingPeriods, type AiVocabularyState } from './taggers/ai-vocabulary';
import { addSums, emptySums, styleSeries, styleShifts, WINDOW_TOKENS, type StyleState, type StyleSums } from './taggers/style-convergence';
import { coordination, emptyTally, mergeTally, type CoordinationTally } from './style/coordination';
import { lsm, lsmProfile } from './style/lsm';
import { ANALYSIS_VERSION } from './version';

export interface Point {
  period: string;
  site: string;
  value: number;
}

export interface Summary {
  version: number;
  granularity: Granularity;
  totals: { conversations: number; userMessages: number; assistantMessages: number; userMessagesNotEnglish: number; tags: Record<TagType, number> };
  /** User messages per period and site (the denominator of tagRates). */
  userMessages: Point[];
  /** Tags per period and site, by type. */
  tagCounts: Record<TagType, Point[]>;
  /** Tags per 100 user messages, per period and site, by type. */
  tagRates: Record<TagType, Point[]>;
  /**
   * Monthly (whatever the granularity: the test runs per month) AI-favoured-word rate per 1,000 of the person's
   * words with its 95 % interval, next to the counterfactual (`projected`: their earlier rate of the same tasks,
   * scaled by how much their control words moved) and the 95 % CI of the ratio. `rising`: the month's own ratio
   * clears 1 at 95 % (a chart marker, not the claim; the claim is the tag's permutation test).
   */
  aiVocabulary: {
    period: string;
    site: 'all';
    value: number;
    projected: number | null;
    ratioLow95: number | null;
    ratioHigh95: number | null;
    /** 95 % interval of the month's own rate per 1,000 words (Poisson, widened by the dispersion across conversations) */
    rateLow95: number;
    rateHigh95: number;
    rising: boolean;
    words: number;
    topWords: string[];
  }[];
  /** Words and phrases the person took up, with the assistant they came from. */
  adoptedTerms: {
    term: string;
    period: string;
    date: number | null;
    site: string;
    sourceSite: string;
    conversationId: string;
    sourceConversationId: string;
    confidence: number;
  }[];
  /** Language style matching between the person and the assistant, per period and site (both sides ≥ 50 words). */
  lsm: Point[];
  /**
   * Directional coordination (Danescu-Niculescu-Mizil): `influence` 'assistant→user' is the person's coordination
   * toward the assistant's function words; 'user→assistant' the assistant's toward the person's.
   */
  coordination: (Point & { influence: 'assistant→user' | 'user→assistant'; exchanges: number })[];
  /** Mean distance of the person's style windows to the assistants' style, per period (lower = closer). */
  styleDistance: Point[];
  /** Dated shifts in the person's style distance (toward = closer to the assistants). */
  changePoints: { period: string; date: number; toward: boolean; effect: number; lsmBefore: number; lsmAfter: number; moved: string[] }[];
}

function add(map: Map<string, number>, key: string, v: number) {
  map.set(key, (map.get(key) ?? 0) + v);
}

function points(map: Map<string, number>): Point[] {
  return [...map.entries()]
    .map(([k, value]) => {
      const [period, site] = k.split('|');
      return { period, site, value };
    })
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.site < b.site ? -1 : a.site > b.site ? 1 : 0));
}

export function summarize(state: HistoryState, tags: readonly Tag[], granularity: Granularity): Summary {
  const g = granularity;
  const userMsgs = new Map<string, number>();
  for (const [k, d] of state.days) {
    const [day, site] = k.split('|');
    const p = coarsen(day, g);
    add(userMsgs, `${p}|${site}`, d.userMessages);
    add(userMsgs, `${p}|all`, d.userMessages);
  }

  const totalsByType = Object.fromEntries(TAG_TYPES.map((t) => [t, 0])) as Record<TagType, number>;
  const counts = Object.fromEntries(TAG_TYPES.map((t) => [t, new Map<string, number>()])) as Record<TagType, Map<string, number>>;
  for (const t of tags) {
    totalsByType[t.type]++;
    if (t.time == null) continue;
    const p = periodKey(t.time, g);
    if (t.site) add(counts[t.type], `${p}|${t.site}`, 1);
    add(counts[t.type], `${p}|all`, 1);
  }
  const tagCounts = {} as Record<TagType, Point[]>;
  const tagRates = {} as Record<TagType, Point[]>;
  for (const type of TAG_TYPES) {
    tagCounts[type] = points(counts[type]);
    tagRates[type] = tagCounts[type]
      .filter((pt) => (userMsgs.get(`${pt.period}|${pt.site}`) ?? 0) > 0)
      .map((pt) => ({ ...pt, value: (100 * pt.value) / userMsgs.get(`${pt.period}|${pt.site}`)! }));
  }

  const ai = state.taggers['ai-vocabulary'] as AiVocabularyState;
  const aiVocabulary = risingPeriods(ai).map((m) => ({
    period: m.month,
    site: 'all' as const,
    value: m.rate,
    projected: m.projected,
    ratioLow95: m.ratioLow95,
    ratioHigh95: m.ratioHigh95,
    rateLow95: m.rateLow95,
    rateHigh95: m.rateHigh95,
    rising: m.rising,
    words: m.userTokens,
    topWords: m.topWords,
  }));

  const adoptedTerms = tags
    .filter((t) => t.type === 'term-uptake')
    .map((t) => {
      const d = t.data as { term: string; sourceSite: string; lastMet: { conversationId: string } };
      return {
        term: d.term,
        period: t.time != null ? periodKey(t.time, g) : '',
        date: t.time ?? null,
        site: t.site ?? '',
        sourceSite: d.sourceSite,
        conversationId: t.conversationId,
        sourceConversationId: d.lastMet.conversationId,
        confidence: t.confidence,
      };
    });

  const style = state.taggers['style-convergence'] as StyleState;
  const sides = new Map<string, { user: StyleSums; assistant: StyleSums; ua: CoordinationTally; au: CoordinationTally }>();
  for (const [k, d] of style.days) {
    const [day, site] = k.split('|');
    const p = coarsen(day, g);
    for (const s of [site, 'all']) {
      const key = `${p}|${s}`;
      let e = sides.get(key);
      if (!e) sides.set(key, (e = { user: emptySums(), assistant: emptySums(), ua: emptyTally(), au: emptyTally() }));
      addSums(e.user, d.user);
      addSums(e.assistant, d.assistant);
      mergeTally(e.ua, d.userToAssistant);
      mergeTally(e.au, d.assistantToUser);
    }
  }
  const lsmMap = new Map<string, number>();
  const coord: Summary['coordination'] = [];
  for (const [key, e] of sides) {
    const [period, site] = key.split('|');
    if (e.user.tokens >= WINDOW_TOKENS && e.assistant.tokens >= WINDOW_TOKENS)
      lsmMap.set(key, lsm(lsmProfile(e.user.classes, e.user.tokens), lsmProfile(e.assistant.classes, e.assistant.tokens)));
    const ua = coordination(e.ua);
    const au = coordination(e.au);
    if (ua.value !== null) coord.push({ period, site, value: ua.value, influence: 'assistant→user', exchanges: ua.exchanges });
    if (au.value !== null) coord.push({ period, site, value: au.value, influence: 'user→assistant', exchanges: au.exchanges });
  }
  coord.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.site < b.site ? -1 : 1));

  const distSum = new Map<string, number>();
  const distN = new Map<string, number>();
  for (const w of styleSeries(style)) {
    const key = `${periodKey(w.time, g)}|all`;
    add(distSum, key, w.distance);
    add(distN, key, 1);
  }
  const styleDistance = points(distSum).map((pt) => ({ ...pt, value: pt.value / distN.get(`${pt.period}|all`)! }));
  const changePoints = styleShifts(style).map((s) => ({
    period: periodKey(s.time, g),
    date: s.time,
    toward: s.toward,
    effect: s.effect,
    lsmBefore: s.lsmBefore,
    lsmAfter: s.lsmAfter,
    moved: s.moved,
  }));

  return {
    version: ANALYSIS_VERSION,
    granularity: g,
    totals: { ...state.totals, tags: totalsByType },
    userMessages: points(userMsgs),
    tagCounts,
    tagRates,
    aiVocabulary,
    adoptedTerms,
    lsm: points(lsmMap),
    coordination: coord,
    styleDistance,
    changePoints,
  };
}
