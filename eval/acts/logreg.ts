/**
 * The learning pieces behind `npm run train`, small enough to read: L2-regularised logistic regression over
 * binary sparse features (AdaGrad, seeded order: the same data give the same weights), Platt calibration,
 * and the choice of a threshold. No dependency: the trained weights are plain JSON the extension loads.
 */

export interface Example {
  /** Feature ids (indices into the vocabulary). */
  x: Int32Array;
  y: 0 | 1;
  /** Grouping key: examples of one conversation always fall in the same fold. */
  group: string;
}

export interface TrainOptions {
  l2: number;
  epochs: number;
  seed: number;
  rate?: number;
}

export interface Trained {
  bias: number;
  w: Float64Array;
}

import { mulberry32 as rng } from '../../analysis/random';

export { rng };

function shuffled<T>(xs: readonly T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function trainLogReg(examples: readonly Example[], nFeatures: number, opt: TrainOptions): Trained {
  const w = new Float64Array(nFeatures);
  const g2 = new Float64Array(nFeatures).fill(1e-8);
  let bias = 0;
  let gb = 1e-8;
  const rate = opt.rate ?? 0.05;
  const rand = rng(opt.seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    for (const k of shuffled(order, rand)) {
      const ex = examples[k];
      let z = bias;
      for (let j = 0; j < ex.x.length; j++) z += w[ex.x[j]];
      const g = sigmoid(z) - ex.y;
      gb += g * g;
      bias -= (rate * g) / Math.sqrt(gb);
      for (let j = 0; j < ex.x.length; j++) {
        const f = ex.x[j];
        // The L2 penalty is applied lazily, on the features an example has.
        const grad = g + opt.l2 * w[f];
        g2[f] += grad * grad;
        w[f] -= (rate * grad) / Math.sqrt(g2[f]);
      }
    }
  }
  return { bias, w };
}

export function predict(m: Trained, x: Int32Array): number {
  let z = m.bias;
  for (let j = 0; j < x.length; j++) z += m.w[x[j]];
  return sigmoid(z);
}

const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));

/** Platt scaling: a, b minimising the log loss of σ(a·logit(p) + b) against y (damped Newton's method). */
export function fitPlatt(p: readonly number[], y: readonly number[]): { a: number; b: number } {
  const s = p.map(logit);
  // A weak prior toward the identity keeps tiny or separable data from running off.
  const loss = (a: number, b: number) => {
    let l = 0.005 * ((a - 1) ** 2 + b * b);
    for (let i = 0; i < s.length; i++) {
      const z = a * s[i] + b;
      l += y[i] ? Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }
    return l;
  };
  let a = 1;
  let b = 0;
  let cur = loss(a, b);
  for (let it = 0; it < 100; it++) {
    let ga = 0.01 * (a - 1),
      gb = 0.01 * b,
      haa = 0.01,
      hab = 0,
      hbb = 0.01;
    for (let i = 0; i < s.length; i++) {
      const q = sigmoid(a * s[i] + b);
      const d = q - y[i];
      const h = q * (1 - q);
      ga += d * s[i];
      gb += d;
      haa += h * s[i] * s[i];
      hab += h * s[i];
      hbb += h;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > cur && step > 1e-6) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > cur) break;
    a -= step * da;
    b -= step * db;
    const done = cur - next < 1e-10;
    cur = next;
    if (done) break;
  }
  return { a, b };
}

export function calibrated(c: { a: number; b: number }, p: number): number {
  return sigmoid(c.a * logit(p) + c.b);
}

export interface PR {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export function prAt(p: readonly number[], y: readonly number[], threshold: number): PR {
  let tp = 0,
    fp = 0,
    fn = 0;
  for (let i = 0; i < p.length; i++) {
    const hit = p[i] >= threshold;
    if (hit && y[i]) tp++;
    else if (hit) fp++;
    else if (y[i]) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : NaN;
  const recall = tp + fn ? tp / (tp + fn) : NaN;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : NaN;
  return { tp, fp, fn, precision, recall, f1 };
}

/** The threshold (on a 0.01 grid, 0.2–0.95) with the best F1 on the given predictions. */
export function bestThreshold(p: readonly number[], y: readonly number[]): number {
  let best = 0.5;
  let bestF = -1;
  for (let t = 0.2; t <= 0.951; t += 0.01) {
    const f = prAt(p, y, t).f1;
    if (f > bestF + 1e-9) {
      bestF = f;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}

/** Average log loss. */
export function logLoss(p: readonly number[], y: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s -= y[i] ? Math.log(Math.max(1e-9, p[i])) : Math.log(Math.max(1e-9, 1 - p[i]));
  return s / Math.max(1, p.length);
}

/** The fold (0..k−1) of a group, by a stable string hash. */
export function foldOf(group: string, k: number): number {
  let h = 2166136261;
  for (let i = 0; i < group.length; i++) h = Math.imul(h ^ group.charCodeAt(i), 16777619);
  return (h >>> 0) % k;
}

/** The feature vocabulary: every feature seen in at least `minCount` rows (and the bias), ids in name order. */
export class Vocab {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  constructor(rows: readonly string[][], minCount = 2) {
    const count = new Map<string, number>();
    for (const r of rows) for (const f of r) count.set(f, (count.get(f) ?? 0) + 1);
    for (const [f, n] of [...count].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (n >= minCount || f === 'BIAS') {
        this.ids.set(f, this.names.length);
        this.names.push(f);
      }
    }
  }
  encode(features: readonly string[]): Int32Array {
    const out: number[] = [];
    for (const f of features) {
      const id = this.ids.get(f);
      if (id !== undefined) out.push(id);
    }
    return Int32Array.from(out);
  }
}
