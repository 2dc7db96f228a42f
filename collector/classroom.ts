/**
 * The class figures a projector may show: per student, a handful of numbers computed from their summary-level
 * donation; for the class, binned distributions of those numbers that never single anyone out. Pure (no I/O), shared
 * by the collector's class session (classroom-session.ts), its tests and the bench.
 *
 * Privacy rules held here (k = the class threshold, never below MIN_CLASS_SIZE = 5):
 * - nothing but the joined count until at least k students have contributed;
 * - no single value, minimum, maximum, median or mean: only counts of students per bin;
 * - a bin holding 1 … k−1 students is merged with its nearest non-empty neighbour until every drawn bar is 0 or ≥ k;
 *   the outer bins are open-ended ("under −5", "20 or more") so the extremes are never spelled out;
 * - a figure only some students have (e.g. "how often the assistant gave way" needs at least one pushback episode)
 *   is drawn only when at least k students have it;
 * - how many contributions are sample data is said only once the charts are shown.
 */
import { MIN_CLASS_SIZE } from '../donation/classroom';
import type { DonationPayload } from '../model/donation';

export type FigureId = 'pushback' | 'concession' | 'gaveWay' | 'delegation' | 'aiVocabulary' | 'styleShift';

/** One student's numbers (kept in the collector's memory only, never stored or served). */
export interface StudentFigures {
  sample: boolean;
  values: Partial<Record<FigureId, number>>;
}

export interface FigureSpec {
  id: FigureId;
  /** The question the chart answers (its title on the projector). */
  question: string;
  /** What the x axis counts. */
  unit: string;
  /** One sentence under the chart: what the number is. */
  explain: string;
  /** Bin edges, ascending; -Infinity / Infinity for open ends. A bin is [edge[i], edge[i+1]). */
  edges: number[];
  /** Claims the extension hides by default (they did not pass every validation): said on the chart. */
  unvalidated?: string;
  /** Words for the exact-zero bin and for the top bin (e.g. "always" for 100 %), instead of numbers. */
  words?: { none?: string; top?: string };
}

/** Where "none" ends: a bin [0, NONE) holds the exact zeros ("never"). */
const NONE = 1e-9;
/** Tags per 100 messages: most people are in single figures, so the bins are fine there. */
const RATE_EDGES = [0, NONE, 0.5, 1, 1.5, 2, 3, 5, 10, Infinity];

export const FIGURES: readonly FigureSpec[] = [
  {
    id: 'pushback',
    question: 'How often do we push back on an assistant?',
    unit: 'times per 100 of our messages',
    explain: 'Messages where the student disputed or corrected what the assistant said, per 100 of their messages.',
    edges: RATE_EDGES,
  },
  {
    id: 'concession',
    question: 'How often do we give in to an assistant?',
    unit: 'times per 100 of our messages',
    explain: "Messages where the student accepted a view or correction of the assistant's that differed from their own, per 100 messages.",
    edges: RATE_EDGES,
  },
  {
    id: 'gaveWay',
    question: 'When we push back, does the assistant give way or hold its position?',
    unit: '% of replies that gave way (the rest held)',
    explain: "Of the assistant's replies to a student's pushback, the share that changed its answer toward the student; students with at least one such reply.",
    edges: [0, NONE, 25, 50, 75, 100, Infinity],
    words: { none: 'never (always held)', top: 'always gave way' },
  },
  {
    id: 'delegation',
    question: 'How often do we let an assistant decide for us?',
    unit: 'times per 100 of our messages',
    explain: 'Messages handing a personal decision, judgement or opinion to the assistant ("which should I pick?"), per 100 messages.',
    edges: RATE_EDGES,
  },
  {
    id: 'aiVocabulary',
    question: 'Do we use more of the words assistants favour than we used to?',
    unit: 'change in AI-favoured words per 1,000 of our words (later months − earlier months)',
    explain: 'Words like "delve" or "pivotal" in the student’s own writing: their later months against their earlier months.',
    edges: [-Infinity, -5, -1, 1, 5, 10, 20, Infinity],
    unvalidated: 'Not a validated claim: Coevo hides the personal version of this by default (it misses about 3 in 10 real rises).',
  },
  {
    id: 'styleShift',
    question: "Has our writing moved toward the assistants' style?",
    unit: '% change in style distance to the assistants (negative = closer)',
    explain: 'How far the student’s writing style is from the assistants’ (function words, sentence shape): later months against earlier ones.',
    edges: [-Infinity, -15, -10, -7.5, -5, -2.5, 0, 2.5, 5, 10, Infinity],
    unvalidated: 'Not a validated claim: Coevo hides the personal version of this by default (it rarely detects a real change).',
  },
];

const rate = (n: number, of: number) => (100 * n) / of;

/** Word-weighted mean of the later half of `pts` minus that of the earlier half (the middle one of an odd count is left out). */
function halvesChange(pts: { value: number; weight: number }[]): number | undefined {
  if (pts.length < 2) return undefined;
  const h = Math.floor(pts.length / 2);
  const mean = (xs: typeof pts) => {
    const w = xs.reduce((a, p) => a + p.weight, 0);
    return w > 0 ? xs.reduce((a, p) => a + p.value * p.weight, 0) / w : undefined;
  };
  const early = mean(pts.slice(0, h));
  const late = mean(pts.slice(pts.length - h));
  return early === undefined || late === undefined ? undefined : late - early;
}

/** A student's figures from their summary-level payload; null when the payload is not a summary. */
export function studentFigures(p: DonationPayload): StudentFigures | null {
  const s = p.summary;
  if (p.level !== 'summary' || !s) return null;
  const tags = s.totals.tags;
  const msgs = s.totals.userMessages;
  const values: StudentFigures['values'] = {};
  if (msgs > 0) {
    values.pushback = rate(tags['user-pushback'] ?? 0, msgs);
    values.concession = rate(tags['user-concession'] ?? 0, msgs);
    values.delegation = rate(tags.delegation ?? 0, msgs);
  }
  const gave = tags['assistant-capitulation'] ?? 0;
  const held = tags['assistant-held-position'] ?? 0;
  if (gave + held > 0) values.gaveWay = rate(gave, gave + held);
  const ai = [...s.aiVocabulary].filter((a) => a.words > 0).sort((a, b) => (a.period < b.period ? -1 : 1));
  const aiChange = halvesChange(ai.map((a) => ({ value: a.value, weight: a.words })));
  if (aiChange !== undefined) values.aiVocabulary = aiChange;
  const dist = s.styleDistance.filter((d) => d.site === 'all').sort((a, b) => (a.period < b.period ? -1 : 1));
  if (dist.length >= 2) {
    const h = Math.floor(dist.length / 2);
    const early = dist.slice(0, h).reduce((a, d) => a + d.value, 0) / h;
    const late = dist.slice(dist.length - h).reduce((a, d) => a + d.value, 0) / h;
    if (early > 0) values.styleShift = (100 * (late - early)) / early;
  }
  for (const k of Object.keys(values) as FigureId[]) if (!Number.isFinite(values[k]!)) delete values[k];
  return { sample: p.sample === true, values };
}

export interface Bin {
  /** Inclusive lower edge (-Infinity = open). */
  from: number;
  /** Exclusive upper edge (Infinity = open). */
  to: number;
  label: string;
  students: number;
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1)).replace('-', '−');

/**
 * A bin's label: "none", "under −5", "20 or more", "1–2", "−5 to 0" (from inclusive, to exclusive). `words` name the
 * exact-zero bin and the top bin (the one starting at the last finite edge) of a figure that has words for them.
 */
export function binLabel(from: number, to: number, words: FigureSpec['words'] = {}, lastEdge = NaN): string {
  if (from === 0 && to === NONE) return words.none ?? 'none';
  if (from === -Infinity && to === Infinity) return 'all';
  if (from === -Infinity) return `under ${fmt(to)}`;
  if (to === Infinity) return from === lastEdge && words.top ? words.top : from === NONE ? 'more than 0' : `${fmt(from)} or more`;
  if (from === NONE) return `above 0, under ${fmt(to)}`;
  return from < 0 || to < 0 ? `${fmt(from)} to ${fmt(to)}` : `${fmt(from)}–${fmt(to)}`;
}

/**
 * Counts values into the edges' bins, then merges every bin of 1 … k−1 students into its nearest non-empty neighbour
 * (the smaller one; ties go right) until each bin is empty or holds at least k. Empty bins stay, so the axis is the same
 * for every class; a merged bin spans its neighbours' edges and says so in its label.
 */
export function kAnonymousBins(values: readonly number[], edges: readonly number[], k: number, words?: FigureSpec['words']): Bin[] {
  let bins: Bin[] = [];
  for (let i = 0; i + 1 < edges.length; i++) bins.push({ from: edges[i]!, to: edges[i + 1]!, label: '', students: 0 });
  for (const v of values) {
    const b = bins.find((x) => v >= x.from && v < x.to) ?? (v < bins[0]!.from ? bins[0]! : bins[bins.length - 1]!);
    b.students++;
  }
  for (;;) {
    const small = bins.map((b, i) => ({ b, i })).filter(({ b }) => b.students > 0 && b.students < k);
    if (!small.length || bins.filter((b) => b.students > 0).length < 2) break;
    const { i } = small.reduce((a, x) => (x.b.students < a.b.students ? x : a));
    let l = i - 1;
    while (l >= 0 && bins[l]!.students === 0) l--;
    let r = i + 1;
    while (r < bins.length && bins[r]!.students === 0) r++;
    const j = l < 0 ? r : r >= bins.length ? l : bins[l]!.students < bins[r]!.students ? l : r;
    const [a, z] = j < i ? [j, i] : [i, j];
    const merged: Bin = { from: bins[a]!.from, to: bins[z]!.to, label: '', students: bins.slice(a, z + 1).reduce((s, b) => s + b.students, 0) };
    bins = [...bins.slice(0, a), merged, ...bins.slice(z + 1)];
  }
  const lastEdge = edges[edges.length - 2]!;
  return bins.map((b) => ({ ...b, label: binLabel(b.from, b.to, words, lastEdge) }));
}

export type ClassFigure = Omit<FigureSpec, 'edges'> & ({ shown: true; students: number; bins: Bin[] } | { shown: false; students: number; reason: string });

/** What `GET /api/class` answers (and the projector's live feed carries). */
export type ClassView =
  | { donors: number; shown: false; threshold: number; ended?: boolean }
  | { donors: number; shown: true; threshold: number; sample: number; figures: ClassFigure[] };

/** The class threshold a teacher asked for, never below MIN_CLASS_SIZE. */
export function classThreshold(asked?: number): number {
  return Math.max(MIN_CLASS_SIZE, Math.floor(asked ?? MIN_CLASS_SIZE));
}

/** The class as the projector may show it: the count until `threshold` students, then k-anonymous distributions. */
export function classView(students: readonly StudentFigures[], threshold: number = MIN_CLASS_SIZE): ClassView {
  const k = classThreshold(threshold);
  const donors = students.length;
  if (donors < k) return { donors, shown: false, threshold: k };
  const figures: ClassFigure[] = FIGURES.map(({ edges, ...spec }) => {
    const values = students.map((s) => s.values[spec.id]).filter((v): v is number => v !== undefined);
    if (values.length < k) return { ...spec, shown: false, students: values.length, reason: `Shown once at least ${k} students have this figure.` };
    return { ...spec, shown: true, students: values.length, bins: kAnonymousBins(values, edges, k, spec.words) };
  });
  return { donors, shown: true, threshold: k, sample: students.filter((s) => s.sample).length, figures };
}
