/**
 * What `npm run eval` prints for the conversational acts, on the frozen test split (or any labelled split):
 * per act, precision, recall and F1 at the shipped threshold with 95 % bootstrap intervals (conversations
 * resampled, seeded), the agreement of two independent annotators (Cohen's κ), and calibration (expected
 * calibration error and a reliability table), against the targets of the issue that set them.
 */
import { scoreConversation, ACT_MODEL, type Act, type ActModel } from '../../analysis/acts/model';
import { isEnglish } from '../../analysis/text/language';
import type { ActLabel, LabelledConversation } from './data';
import { prAt, rng, type PR } from './logreg';

export const ACTS: readonly Act[] = ['pushback', 'capitulation', 'delegation', 'held', 'concession'];
export const TAG_NAME: Record<Act, string> = {
  pushback: 'user-pushback',
  concession: 'user-concession',
  delegation: 'delegation',
  capitulation: 'assistant-capitulation',
  held: 'assistant-held-position',
};
/** Targets (issue 8): precision / recall. */
const TARGETS: Record<Act, [number, number]> = {
  pushback: [0.85, 0.75],
  capitulation: [0.85, 0.75],
  delegation: [0.85, 0.75],
  held: [0.8, 0.65],
  concession: [0.8, 0.65],
};

export interface Item {
  p: number;
  y: 0 | 1;
  group: string;
  conv: string;
  /** Index of the message the act is about (user turn, or the reply for outcomes). */
  index: number;
  text: string;
  why: string;
}

/** Gold value of an act for a label, or null when undecided ("?"). */
function gold(l: ActLabel, act: Act): 0 | 1 | null {
  if (act === 'pushback' || act === 'concession' || act === 'delegation') return l[act] === '?' ? null : l[act];
  if (l.pushback === '?' || (l.pushback === 1 && l.outcome === '?')) return null;
  return l.pushback === 1 && l.outcome === (act === 'capitulation' ? 'cap' : 'held') ? 1 : 0;
}

/** One (probability, gold) item per labelled message and act. */
export function itemsOf(convs: readonly LabelledConversation[], model: ActModel = ACT_MODEL): Record<Act, Item[]> {
  const out = Object.fromEntries(ACTS.map((a) => [a, [] as Item[]])) as Record<Act, Item[]>;
  for (const c of convs) {
    const s = scoreConversation(c.turns, model, isEnglish);
    const byUser = new Map(s.user.map((u) => [u.index, u]));
    const byReply = new Map(s.replies.map((r) => [r.userIndex, r]));
    for (const l of c.labels) {
      for (const act of ACTS) {
        const y = gold(l, act);
        if (y === null) continue;
        const reply = act === 'capitulation' || act === 'held';
        if (reply && c.turns[l.i + 1]?.role !== 'assistant') continue;
        const p = reply ? (byReply.get(l.i)?.[act as 'capitulation' | 'held'] ?? 0) : (byUser.get(l.i)?.[act as 'pushback'] ?? 0);
        const index = reply ? l.i + 1 : l.i;
        out[act].push({ p, y, group: c.id, conv: c.id, index, text: c.turns[index].text, why: l.why });
      }
    }
  }
  return out;
}

export interface ActScore extends PR {
  n: number;
  positives: number;
  threshold: number;
  ci: { precision: [number, number]; recall: [number, number]; f1: [number, number] };
  ece: number;
  reliability: { from: number; to: number; n: number; meanP: number; observed: number }[];
}

const pct = (xs: number[], q: number) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.floor(q * s.length)))] : NaN;
};

export function scoreAct(items: readonly Item[], threshold: number, reps = 1000, seed = 7): ActScore {
  const ps = items.map((i) => i.p);
  const ys = items.map((i) => i.y);
  const base = prAt(ps, ys, threshold);
  // Bootstrap by conversation: turns of one conversation are not independent.
  const groups = new Map<string, number[]>();
  items.forEach((it, k) => {
    const g = groups.get(it.group);
    if (g) g.push(k);
    else groups.set(it.group, [k]);
  });
  const keys = [...groups.keys()];
  const rand = rng(seed);
  const P: number[] = [],
    R: number[] = [],
    F: number[] = [];
  for (let r = 0; r < reps; r++) {
    const bp: number[] = [],
      by: number[] = [];
    for (let j = 0; j < keys.length; j++) {
      for (const k of groups.get(keys[Math.floor(rand() * keys.length)])!) {
        bp.push(ps[k]);
        by.push(ys[k]);
      }
    }
    const s = prAt(bp, by, threshold);
    P.push(s.precision);
    R.push(s.recall);
    F.push(s.f1);
  }
  const reliability: ActScore['reliability'] = [];
  let ece = 0;
  for (let b = 0; b < 10; b++) {
    const from = b / 10,
      to = (b + 1) / 10;
    const inBin = items.filter((i) => i.p >= from && (b === 9 ? i.p <= to : i.p < to));
    if (!inBin.length) continue;
    const meanP = inBin.reduce((s, i) => s + i.p, 0) / inBin.length;
    const observed = inBin.reduce((s, i) => s + i.y, 0) / inBin.length;
    ece += (inBin.length / items.length) * Math.abs(meanP - observed);
    reliability.push({ from, to, n: inBin.length, meanP, observed });
  }
  return {
    n: items.length,
    positives: ys.reduce((s: number, y) => s + y, 0),
    threshold,
    ...base,
    ci: { precision: [pct(P, 0.025), pct(P, 0.975)], recall: [pct(R, 0.025), pct(R, 0.975)], f1: [pct(F, 0.025), pct(F, 0.975)] },
    ece,
    reliability,
  };
}

/** Cohen's κ between two annotations of the same messages, per act. */
export function kappa(first: readonly ActLabel[], second: readonly ActLabel[], act: Act): { n: number; kappa: number; agree: number } {
  const other = new Map(second.map((l) => [`${l.conv}#${l.i}`, l]));
  let n = 0,
    a11 = 0,
    a10 = 0,
    a01 = 0,
    a00 = 0;
  for (const l of first) {
    const m = other.get(`${l.conv}#${l.i}`);
    if (!m) continue;
    const x = gold(l, act),
      y = gold(m, act);
    if (x === null || y === null) continue;
    n++;
    if (x && y) a11++;
    else if (x) a10++;
    else if (y) a01++;
    else a00++;
  }
  const po = n ? (a11 + a00) / n : NaN;
  const pe = n ? ((a11 + a10) * (a11 + a01) + (a00 + a01) * (a00 + a10)) / (n * n) : NaN;
  return { n, kappa: pe === 1 ? NaN : (po - pe) / (1 - pe), agree: po };
}

const f = (x: number, d = 2) => (Number.isNaN(x) ? '–' : x.toFixed(d));

export function formatActReport(
  title: string,
  scores: Record<Act, ActScore>,
  kappas: Partial<Record<Act, { n: number; kappa: number }>>,
  items: Record<Act, Item[]>,
  model: ActModel = ACT_MODEL,
): string {
  const lines = [
    title,
    `model: ${model.trainedOn}`,
    `threshold: a tag is shown when its calibrated probability is ≥ ${f(scores.pushback.threshold)} (the default setting)`,
    '',
  ];
  lines.push(
    `  ${'tag'.padEnd(26)}${'pos'.padStart(5)}${'thr'.padStart(6)}  precision [95% CI]   recall [95% CI]      F1 [95% CI]         κ (n)        ECE    target P/R`,
  );
  for (const act of ACTS) {
    const s = scores[act];
    const k = kappas[act];
    const [tp, tr] = TARGETS[act];
    const met = s.precision >= tp && s.recall >= tr ? 'met' : 'NOT met';
    lines.push(
      `  ${TAG_NAME[act].padEnd(26)}${String(s.positives).padStart(5)}${f(s.threshold).padStart(6)}  ${f(s.precision)} [${f(s.ci.precision[0])}–${f(s.ci.precision[1])}]   ${f(s.recall)} [${f(s.ci.recall[0])}–${f(s.ci.recall[1])}]   ${f(s.f1)} [${f(s.ci.f1[0])}–${f(s.ci.f1[1])}]   ${k ? `${f(k.kappa)} (${k.n})` : '–'.padEnd(10)}   ${f(s.ece, 3)}  ${tp}/${tr} ${met}`,
    );
  }
  lines.push('', '  other operating points (the confidence setting): precision / recall at threshold');
  for (const act of ACTS) {
    const pts = [0.3, 0.4, 0.6, 0.7, 0.8].map((t) => {
      const s = prAt(
        items[act].map((i) => i.p),
        items[act].map((i) => i.y),
        t,
      );
      return `≥${t.toFixed(1)}: ${f(s.precision)}/${f(s.recall)}`;
    });
    lines.push(`  ${TAG_NAME[act].padEnd(26)}${pts.join('   ')}`);
  }
  lines.push('', '  reliability (calibrated probability bin: n, mean predicted, observed rate)');
  for (const act of ACTS) {
    lines.push(
      `  ${TAG_NAME[act]}: ${scores[act].reliability.map((r) => `[${r.from.toFixed(1)}–${r.to.toFixed(1)}) ${r.n}: ${f(r.meanP)}/${f(r.observed)}`).join('  ')}`,
    );
  }
  return lines.join('\n') + '\n';
}
