/**
 * `style-convergence` (assistant→user): the person's writing style moves toward their assistants' style, dated by a
 * change point. The person's messages are pooled in time order into windows of ≥ 50 words (LSM is unreliable on
 * shorter text, science notes §2.6); each window gets a style vector (nine function-word categories, words per
 * sentence, lists, headings, bold, em dashes, hedges, politeness); its distance to the assistants' pooled style
 * forms a series, and change points (analysis/style/changepoint.ts) split it for the summary's chart.
 *
 * The claim is tested on a statistic with power and a null model (issue 9): each window's *assistant-likeness* —
 * over the style features, how much closer the window is to the assistants' pooled style than the person's own
 * mean is (in the feature's spread across windows, clipped at ±3, averaged), minus the mean of its task. The
 * largest rise of its mean at any split (a two-sample CUSUM) is compared with PERMUTATIONS shuffles of whole
 * conversations within their task (seeded); a split with p ≤ MAX_P and a rise of ≥ MIN_EFFECT SD becomes a tag.
 * A history whose tasks change keeps that change in every shuffle, so a task switch is not convergence.
 *
 * The same state keeps the per-day, per-assistant sums that the summary turns into LSM and directional
 * coordination in both directions (analysis/style/lsm.ts, coordination.ts).
 */
import { SITE_NAMES } from '../../model/types';
import type { EvidenceRef, Tag } from '../../model/tags';
import { features, type MessageFeatures } from '../features';
import { conversationQuotes } from '../quotes';
import { CLASS_HEDGE, CLASS_POLITE, LSM_CATEGORIES, N_CLASSES } from '../text/classes';
import { detectChangePoints } from '../style/changepoint';
import { lsm, lsmProfile, LSM_EPSILON } from '../style/lsm';
import { addExchange, emptyTally, type CoordinationTally } from '../style/coordination';
import { assistantName, formatDate, makeTag, messageTime, periodKey, siteKey } from '../evidence';
import { historyTagger, type HistoryAccumulator } from '../incremental';
import { taskIndex, taskOfOpening } from '../style/task';
import { rng } from '../testing';

export const WINDOW_TOKENS = 50;
/** Fewer windows than this: too little writing to date a shift. */
const MIN_WINDOWS = 20;
/** Smallest rise in assistant-likeness (in within-segment standard deviations) reported as convergence. */
const MIN_EFFECT = 0.5;
const MIN_SEGMENT_WINDOWS = 5;
/** Permutation p-value the move toward the assistants must reach (eval/longitudinal measures the false-positive rate). */
const MAX_P = 0.01;
const PERMUTATIONS = 200;

const STYLE_FEATURES = [
  ...LSM_CATEGORIES.map((c) => `${c} %`),
  'words per sentence',
  'list items',
  'headings',
  'bold',
  'em dashes',
  'hedges',
  'politeness',
] as const;

/** Summed raw counts of a stretch of text. */
export interface StyleSums {
  classes: number[];
  tokens: number;
  sentences: number;
  bullets: number;
  headings: number;
  bold: number;
  emDashes: number;
  messages: number;
}

export function emptySums(): StyleSums {
  return { classes: new Array(N_CLASSES).fill(0), tokens: 0, sentences: 0, bullets: 0, headings: 0, bold: 0, emDashes: 0, messages: 0 };
}

export function addSums(s: StyleSums, f: MessageFeatures | StyleSums): void {
  const isF = 'ids' in f;
  const tokens = isF ? (f as MessageFeatures).ids.length : (f as StyleSums).tokens;
  for (let c = 0; c < N_CLASSES; c++) s.classes[c] += f.classes[c];
  s.tokens += tokens;
  s.sentences += f.sentences;
  s.bullets += f.bullets;
  s.headings += f.headings;
  s.bold += f.bold;
  s.emDashes += f.emDashes;
  s.messages += isF ? 1 : (f as StyleSums).messages;
}

/** The style vector (order of STYLE_FEATURES); rates are per 100 words. */
function styleVector(s: StyleSums): number[] {
  const per100 = (x: number) => (s.tokens ? (100 * x) / s.tokens : 0);
  return [
    ...lsmProfile(s.classes, s.tokens),
    s.sentences ? s.tokens / s.sentences : 0,
    per100(s.bullets),
    per100(s.headings),
    per100(s.bold),
    per100(s.emDashes),
    per100(s.classes[CLASS_HEDGE]),
    per100(s.classes[CLASS_POLITE]),
  ];
}

interface StyleWindow {
  /** task index (analysis/style/task.ts) of the conversation the window started in */
  task: number;
  start: number;
  end: number;
  sums: StyleSums;
  refs: { conversationId: string; index: number; id: string; site: string }[];
}

/** Per day and assistant: both sides' sums and both directions' coordination tallies. */
export interface DayStyle {
  user: StyleSums;
  assistant: StyleSums;
  /** (assistant message → user reply): how the user coordinates to the assistant. */
  userToAssistant: CoordinationTally;
  /** (user message → assistant reply): how the assistant coordinates to the user. */
  assistantToUser: CoordinationTally;
}

export interface StyleState {
  open: StyleWindow | null;
  windows: StyleWindow[];
  assistant: StyleSums;
  /** key `${day}|${site}` */
  days: Map<string, DayStyle>;
}

const tagMemo = new WeakMap<StyleState, { key: string; version: number; tags: Tag[] }>();

const accumulator: HistoryAccumulator<StyleState> = {
  init: () => ({ open: null, windows: [], assistant: emptySums(), days: new Map() }),

  add(state, conv, from) {
    const quotes = conversationQuotes(conv);
    for (let idx = from; idx < conv.messages.length; idx++) {
      const m = conv.messages[idx];
      const t = messageTime(conv, m);
      const f = features(m);
      if (f.ids.length === 0 || t == null) continue;
      const day = periodKey(t, 'day');
      const key = `${day}|${siteKey(conv)}`;
      let d = state.days.get(key);
      if (!d) {
        d = { user: emptySums(), assistant: emptySums(), userToAssistant: emptyTally(), assistantToUser: emptyTally() };
        state.days.set(key, d);
      }
      const prev = idx > 0 ? conv.messages[idx - 1] : null;
      if (m.role === 'assistant') {
        addSums(state.assistant, f);
        addSums(d.assistant, f);
        if (prev?.role === 'user') addExchange(d.assistantToUser, features(prev).classes, f.classes);
        continue;
      }
      // Pasted assistant text is not the person's style.
      if (quotes.has(idx)) continue;
      addSums(d.user, f);
      if (prev?.role === 'assistant') addExchange(d.userToAssistant, features(prev).classes, f.classes);
      const opening = conv.messages.find((x) => x.role === 'user');
      const w = state.open ?? { task: taskIndex(taskOfOpening(opening?.text ?? '')), start: t, end: t, sums: emptySums(), refs: [] };
      addSums(w.sums, f);
      w.end = t;
      w.refs.push({ conversationId: conv.id, index: idx, id: m.id, site: siteKey(conv) });
      if (w.sums.tokens >= WINDOW_TOKENS) {
        state.windows.push(w);
        state.open = null;
      } else state.open = w;
    }
  },

  tags(state, ctx) {
    // The test runs on completed days (see completedDays): it reruns when a new day begins, not with every message.
    const { view, key } = completedDays(state);
    const memo = tagMemo.get(state);
    if (memo && memo.key === key && memo.version === ctx.version) return memo.tags;
    const test = convergenceTest(view, MAX_P);
    const tags =
      test && test.pValue <= MAX_P && test.effect >= MIN_EFFECT
        ? [shiftTag(view, { ...shiftAt(view, test.window), pValue: test.pValue, effect: test.effect }, ctx.version)]
        : [];
    tagMemo.set(state, { key, version: ctx.version, tags });
    return tags;
  },
};

/**
 * The state as of the end of the day before the newest message: the person's closed windows that ended before that
 * day, and the assistants' style pooled over the same days. Today's messages join the test tomorrow (a claim about
 * months of writing does not hang on the last hour), so the permutation test runs once a day, not per message —
 * and batch and incremental analysis see the same input, because it is defined by the data, not by call order.
 */
function completedDays(state: StyleState): { view: StyleState; key: string } {
  const last = state.open?.end ?? state.windows[state.windows.length - 1]?.end;
  if (last == null) return { view: state, key: '0|' };
  const today = periodKey(last, 'day');
  let n = state.windows.length;
  while (n > 0 && periodKey(state.windows[n - 1].end, 'day') >= today) n--;
  const assistant = emptySums();
  for (const [k, d] of state.days) if (k.slice(0, 10) < today) addSums(assistant, d.assistant);
  return { view: { ...state, open: null, windows: state.windows.slice(0, n), assistant }, key: `${n}|${today}` };
}

export interface StyleShift {
  /** index of the first window after the change */
  window: number;
  time: number;
  toward: boolean;
  /** drop in distance (positive = closer to the assistant), in within-segment standard deviations */
  effect: number;
  distanceBefore: number;
  distanceAfter: number;
  lsmBefore: number;
  lsmAfter: number;
  /** features that moved most toward (or away from) the assistant */
  moved: string[];
}

/** The distance series (one point per window) and its change points. */
export function styleSeries(state: StyleState): { time: number; distance: number; lsm: number }[] {
  const { dist } = distances(state);
  const a = lsmProfile(state.assistant.classes, state.assistant.tokens);
  return state.windows.map((w, i) => ({ time: w.end, distance: dist[i], lsm: lsm(lsmProfile(w.sums.classes, w.sums.tokens), a) }));
}

/** A closed window never changes: its vector is computed once. */
const vectorMemo = new WeakMap<StyleWindow, number[]>();
function windowVector(w: StyleWindow): number[] {
  let v = vectorMemo.get(w);
  if (!v) {
    v = styleVector(w.sums);
    vectorMemo.set(w, v);
  }
  return v;
}

function distances(state: StyleState): { dist: number[]; vecs: number[][]; a: number[]; sd: number[] } {
  const a = styleVector(state.assistant);
  const vecs = state.windows.map(windowVector);
  const dims = a.length;
  const sd = new Array(dims).fill(0);
  if (vecs.length > 1) {
    for (let k = 0; k < dims; k++) {
      let m = 0;
      for (const v of vecs) m += v[k];
      m /= vecs.length;
      let s = 0;
      for (const v of vecs) s += (v[k] - m) ** 2;
      sd[k] = Math.sqrt(s / (vecs.length - 1));
    }
  }
  // Canberra-style distance (1 − LSM's per-category score, extended to every style feature): each feature
  // contributes at most 1, so rare, spiky marks (a heading, a bold line) cannot dominate the series.
  const dist = vecs.map((v) => {
    let s = 0;
    for (let k = 0; k < dims; k++) s += Math.abs(v[k] - a[k]) / (v[k] + a[k] + LSM_EPSILON);
    return s / dims;
  });
  // Within-task residuals: a coding window is compared with coding windows, a writing window with writing ones, so
  // a history that moves from one kind of task to another is not a move toward the assistants.
  const sum = [0, 0, 0];
  const cnt = [0, 0, 0];
  state.windows.forEach((w, i) => {
    sum[w.task ?? 2] += dist[i];
    cnt[w.task ?? 2]++;
  });
  const overall = dist.reduce((p, q) => p + q, 0) / Math.max(1, dist.length);
  for (let i = 0; i < dist.length; i++) {
    const t = state.windows[i].task ?? 2;
    dist[i] = dist[i] - sum[t] / cnt[t] + overall;
  }
  return { dist, vecs, a, sd };
}

/**
 * Per window: how far it leans toward the assistants' style, within its task. Each feature's deviation from the
 * person's own mean is compared with the assistants' pooled value: how much closer to it the window is than the
 * mean, in the feature's spread across windows, clipped at ±3, averaged over the features; then the mean of the
 * window's task is subtracted.
 */
function assistantLikeness(state: StyleState): number[] {
  const a = styleVector(state.assistant);
  const vecs = state.windows.map(windowVector);
  const n = vecs.length;
  const dims = a.length;
  if (n < 2) return new Array(n).fill(0);
  const mean = new Array(dims).fill(0);
  const sd = new Array(dims).fill(0);
  for (let k = 0; k < dims; k++) {
    for (const v of vecs) mean[k] += v[k];
    mean[k] /= n;
    for (const v of vecs) sd[k] += (v[k] - mean[k]) ** 2;
    sd[k] = Math.sqrt(sd[k] / (n - 1));
  }
  const used = [...Array(dims).keys()].filter((k) => sd[k] > 1e-9);
  // Closer than the person's own mean is toward the assistants, whichever side the window is on (a person who
  // starts writing more lists than their assistants has overshot, not converged).
  // Each feature weighs by how far the person is from the assistants on it (in its spread, at most 3): a feature
  // on which they already write alike cannot converge and only adds noise.
  const weight = used.map((k) => Math.min(3, Math.abs(mean[k] - a[k]) / sd[k]));
  const wsum = weight.reduce((p, q) => p + q, 0);
  const score = vecs.map((v) => {
    let s = 0;
    used.forEach((k, j) => (s += weight[j] * Math.max(-3, Math.min(3, (Math.abs(mean[k] - a[k]) - Math.abs(v[k] - a[k])) / sd[k]))));
    return wsum > 0 ? s / wsum : 0;
  });
  const sum = [0, 0, 0];
  const cnt = [0, 0, 0];
  state.windows.forEach((w, i) => {
    sum[w.task ?? 2] += score[i];
    cnt[w.task ?? 2]++;
  });
  return score.map((x, i) => x - sum[state.windows[i].task ?? 2] / cnt[state.windows[i].task ?? 2]);
}

export interface ConvergenceTest {
  /** index of the first window after the split with the largest rise */
  window: number;
  /** rise of the mean assistant-likeness after the split, in pooled within-segment standard deviations */
  effect: number;
  /** share of within-task conversation shuffles whose largest rise is at least the observed one (≥ 1/(PERMUTATIONS+1)) */
  pValue: number;
}

const testMemo = new WeakMap<StyleState, { windows: number; stopAbove: number; result: ConvergenceTest | null }>();

/**
 * The permutation test of convergence: the largest rise of assistant-likeness at any split (CUSUM, segments of
 * ≥ MIN_SEGMENT_WINDOWS windows) against PERMUTATIONS shuffles in which the blocks of windows of one conversation
 * are dealt, within their task, into that task's block slots (seeded by the number of windows, so the same history
 * always gets the same p). With `stopAbove`, shuffling stops once p is certain to exceed it.
 */
function convergenceTest(state: StyleState, stopAbove = 1): ConvergenceTest | null {
  const memo = testMemo.get(state);
  if (memo && memo.windows === state.windows.length && memo.stopAbove >= stopAbove) return memo.result;
  const result = runConvergenceTest(state, stopAbove);
  testMemo.set(state, { windows: state.windows.length, stopAbove, result });
  return result;
}

function runConvergenceTest(state: StyleState, stopAbove: number): ConvergenceTest | null {
  const n = state.windows.length;
  if (n < MIN_WINDOWS) return null;
  const score = assistantLikeness(state);
  let total = 0;
  for (const v of score) total += v;
  const stat = (x: ArrayLike<number>): [number, number] => {
    let best = -Infinity;
    let at = -1;
    let left = 0;
    for (let k = 1; k < n; k++) {
      left += x[k - 1];
      if (k < MIN_SEGMENT_WINDOWS || n - k < MIN_SEGMENT_WINDOWS) continue;
      // CUSUM: rise of the mean after k against before, weighted as a two-sample statistic.
      const d = ((total - left) / (n - k) - left / k) * Math.sqrt((k * (n - k)) / n);
      if (d > best) {
        best = d;
        at = k;
      }
    }
    return [best, at];
  };
  const [observed, at] = stat(score);
  if (at < 0 || !(observed > 0)) return null;
  const mean = (x: number[]) => x.reduce((p, q) => p + q, 0) / x.length;
  const before = score.slice(0, at);
  const after = score.slice(at);
  const mb = mean(before);
  const ma = mean(after);
  const ss = before.reduce((p, q) => p + (q - mb) ** 2, 0) + after.reduce((p, q) => p + (q - ma) ** 2, 0);
  const effect = (ma - mb) / (Math.sqrt(ss / Math.max(1, n - 2)) || 1e-9);
  // Blocks: the consecutive windows of one conversation move together (a long conversation's windows are alike).
  const blocks: number[][] = [];
  state.windows.forEach((w, i) => {
    const last = blocks[blocks.length - 1];
    if (last && state.windows[last[0]].refs[0]?.conversationId === w.refs[0]?.conversationId) last.push(i);
    else blocks.push([i]);
  });
  const taskOfBlock = blocks.map((b) => state.windows[b[0]].task ?? 2);
  const byTask = [0, 1, 2].map((t) => blocks.filter((_, j) => taskOfBlock[j] === t));
  const rand = rng(n * 7919 + 17);
  let atLeast = 0;
  const x = new Float64Array(n);
  const next = [0, 0, 0];
  for (let r = 0; r < PERMUTATIONS; r++) {
    for (const a of byTask) {
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [a[i], a[j]] = [a[j], a[i]];
      }
    }
    next[0] = next[1] = next[2] = 0;
    let k = 0;
    for (let b = 0; b < blocks.length; b++) {
      const t = taskOfBlock[b];
      for (const i of byTask[t][next[t]++]) x[k++] = score[i];
    }
    if (stat(x)[0] >= observed - 1e-12) atLeast++;
    // Once p must exceed stopAbove whatever the remaining shuffles give, the answer ("not significant") is known.
    if ((atLeast + 1) / (PERMUTATIONS + 1) > stopAbove) break;
  }
  return { window: at, effect, pValue: (atLeast + 1) / (PERMUTATIONS + 1) };
}

/** The change at window k, with segments [s, k) and [k, e) of the distance series. */
function shiftAt(state: StyleState, k: number, s = 0, e = state.windows.length): StyleShift {
  return segmentShift(state, distances(state), s, k, e);
}

export function styleShifts(state: StyleState): StyleShift[] {
  if (state.windows.length < MIN_WINDOWS) return [];
  const d = distances(state);
  const cps = detectChangePoints(d.dist, { minSegment: MIN_SEGMENT_WINDOWS });
  const bounds = [0, ...cps, d.dist.length];
  const out: StyleShift[] = [];
  for (let j = 1; j < bounds.length - 1; j++) out.push(segmentShift(state, d, bounds[j - 1], bounds[j], bounds[j + 1]));
  return out;
}

function segmentShift(state: StyleState, { dist, a, sd }: ReturnType<typeof distances>, s: number, k: number, e: number): StyleShift {
  const aProfile = lsmProfile(state.assistant.classes, state.assistant.tokens);
  {
    const before = dist.slice(s, k);
    const after = dist.slice(k, e);
    const mean = (x: number[]) => x.reduce((p, q) => p + q, 0) / x.length;
    const v = (x: number[], m: number) => x.reduce((p, q) => p + (q - m) ** 2, 0);
    const mb = mean(before);
    const ma = mean(after);
    const pooledSd = Math.sqrt((v(before, mb) + v(after, ma)) / Math.max(1, before.length + after.length - 2)) || 1e-9;
    const seg = (x: number, y: number) => {
      const sums = emptySums();
      for (let i = x; i < y; i++) addSums(sums, state.windows[i].sums);
      return sums;
    };
    const sb = seg(s, k);
    const sa = seg(k, e);
    const vb = styleVector(sb);
    const va = styleVector(sa);
    const moved = STYLE_FEATURES.map((name, q) => [name, sd[q] > 1e-9 ? (Math.abs(vb[q] - a[q]) - Math.abs(va[q] - a[q])) / sd[q] : 0] as const)
      .filter(([, g]) => (mb > ma ? g > 0 : g < 0))
      .sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]))
      .slice(0, 3)
      .map(([name]) => `${name} ${describe(vb[STYLE_FEATURES.indexOf(name)], va[STYLE_FEATURES.indexOf(name)])}`);
    return {
      window: k,
      time: state.windows[k].start,
      toward: ma < mb,
      effect: (mb - ma) / pooledSd,
      distanceBefore: mb,
      distanceAfter: ma,
      lsmBefore: lsm(lsmProfile(sb.classes, sb.tokens), aProfile),
      lsmAfter: lsm(lsmProfile(sa.classes, sa.tokens), aProfile),
      moved,
    };
  }
}

function describe(before: number, after: number): string {
  return `${before.toFixed(1)} → ${after.toFixed(1)}`;
}

function shiftTag(state: StyleState, s: StyleShift & { pValue: number }, version: number): Tag {
  const w = state.windows[s.window];
  const convId = w.refs[0].conversationId;
  const messages: EvidenceRef[] = [];
  const prev = state.windows[s.window - 1];
  // The person's messages just before and after the change, across conversations, in date order.
  for (const r of [...prev.refs, ...w.refs]) messages.push({ conversationId: r.conversationId, index: r.index, id: r.id });
  const sites = new Set(w.refs.map((r) => r.site));
  const who = sites.size === 1 ? assistantName(SITE_NAMES, [...sites][0]) : 'your assistants';
  return makeTag({
    idFrom: { key: String(s.time) },
    type: 'style-convergence',
    conversationId: convId,
    messages,
    direction: 'assistant→user',
    confidence: Math.min(0.9, 0.5 + 0.2 * Math.min(s.effect, 2)),
    explanation: `Around ${formatDate(s.time)} your writing style moved toward ${who}'s (${s.effect.toFixed(1)} SD closer on the style features, compared within the same kind of task; style distance ${s.distanceBefore.toFixed(2)} → ${s.distanceAfter.toFixed(2)}; language style matching ${s.lsmBefore.toFixed(2)} → ${s.lsmAfter.toFixed(2)})${s.moved.length ? `, mostly in ${s.moved.join('; ')}` : ''}; with your conversations shuffled within their kind of task, a move this large came up in ${(100 * s.pValue).toFixed(1)}% of cases.`,
    time: s.time,
    of: sites.size === 1 ? [...sites][0] : undefined,
    data: { ...s, windowsBefore: s.window, windowsTotal: state.windows.length },
    version,
  });
}

export const tagger = historyTagger(['style-convergence'], accumulator);
