/**
 * Offline change-point detection: binary segmentation (default) or PELT (Killick, Fearnhead & Eckley 2012) with an
 * explicit MBIC-like penalty and a minimum segment length, on a Gaussian cost. Defaults follow the R changepoint
 * package as run by TCPDBench (mean cost on standardised data, penalty 3·log n, at most 5 changes). Used on a person's style-distance series to date shifts; evaluated on the
 * TCPD benchmark (bench/tcpd.ts, `npm run coevo -- eval-changepoints`).
 */

export type Cost = 'mean' | 'meanvar';

export interface ChangePointOptions {
  /** 'mean' (default): shifts in level; 'meanvar': shifts in level and/or spread. */
  cost?: Cost;
  /** Penalty per change point, in units of the cost; default MBIC-like: (cost === 'mean' ? 3 : 4)·log n. */
  penalty?: number;
  /** Minimum number of points in a segment (default 5, or fewer for very short series). */
  minSegment?: number;
  /**
   * For the 'mean' cost, the noise scale: 'global' takes the series' own variance (after standardising, 1), as
   * the R changepoint package does on TCPDBench's scaled data; 'robust' estimates it from first differences,
   * which finds far smaller shifts (and over-segments trending series).
   */
  noise?: 'global' | 'robust';
  /** 'binseg' (default; greedy binary segmentation, at most `maxChanges`) or 'pelt' (exact optimum, no cap). */
  method?: 'pelt' | 'binseg';
  /** binseg only: the most change points to report (R changepoint's Q; default 5). */
  maxChanges?: number;
}

/**
 * Returns the indices at which a new segment starts (sorted, never 0). `series` is one series, or several
 * aligned series (series[d][t]) whose costs are summed. NaN entries are replaced by the previous value.
 */
export function detectChangePoints(series: number[] | number[][], opts: ChangePointOptions = {}): number[] {
  const dims = (Array.isArray(series[0]) ? series : [series]) as number[][];
  const n = dims[0]?.length ?? 0;
  if (n < 4) return [];
  const cost = opts.cost ?? 'mean';
  const minSeg = Math.max(2, Math.min(opts.minSegment ?? 5, Math.floor(n / 4)));
  const penalty = (opts.penalty ?? (cost === 'mean' ? 3 : 4) * Math.log(n)) * dims.length;
  const segCosts = dims.map((d) => segmentCost(standardize(fillGaps(d)), cost, opts.noise ?? 'global'));
  const C =
    segCosts.length === 1
      ? segCosts[0]
      : (s: number, t: number) => {
          let c = 0;
          for (let d = 0; d < segCosts.length; d++) c += segCosts[d](s, t);
          return c;
        };

  if ((opts.method ?? 'binseg') === 'binseg') return binarySegmentation(n, C, penalty, minSeg, opts.maxChanges ?? 5);
  // F[t]: optimal penalised cost of x[0..t); last[t]: start of the final segment in that optimum.
  const F = new Float64Array(n + 1);
  const last = new Int32Array(n + 1);
  F[0] = -penalty;
  let candidates: number[] = [0];
  for (let t = minSeg; t <= n; t++) {
    let best = Infinity;
    let arg = 0;
    const vals: number[] = [];
    for (const s of candidates) {
      if (t - s < minSeg) {
        vals.push(-Infinity);
        continue;
      }
      const v = F[s] + C(s, t) + penalty;
      vals.push(v - penalty);
      if (v < best) {
        best = v;
        arg = s;
      }
    }
    F[t] = best;
    last[t] = arg;
    // PELT pruning: a start that cannot beat the optimum now never will (cost is additive, K = 0).
    const kept: number[] = [];
    for (let i = 0; i < candidates.length; i++) if (vals[i] <= best) kept.push(candidates[i]);
    if (t + 1 - minSeg >= minSeg) kept.push(t + 1 - minSeg);
    candidates = kept;
  }
  const cps: number[] = [];
  for (let t = n; t > 0; ) {
    const s = last[t];
    if (s > 0) cps.push(s);
    t = s;
  }
  return cps.reverse();
}

/** Greedy: repeatedly split the segment whose best split lowers the cost most, while that gain exceeds the penalty. */
function binarySegmentation(n: number, C: (s: number, t: number) => number, penalty: number, minSeg: number, maxChanges: number): number[] {
  // Each segment's best split is computed once, when the segment is created.
  const bestSplit = (s: number, t: number): { s: number; t: number; gain: number; at: number } => {
    const whole = C(s, t);
    let gain = -Infinity;
    let at = -1;
    for (let k = s + minSeg; k <= t - minSeg; k++) {
      const g = whole - C(s, k) - C(k, t);
      if (g > gain) {
        gain = g;
        at = k;
      }
    }
    return { s, t, gain, at };
  };
  const cps: number[] = [];
  const segments = [bestSplit(0, n)];
  while (cps.length < maxChanges) {
    let bi = -1;
    for (let i = 0; i < segments.length; i++) if (segments[i].at >= 0 && (bi < 0 || segments[i].gain > segments[bi].gain)) bi = i;
    if (bi < 0 || segments[bi].gain <= penalty) break;
    const { s, t, at } = segments[bi];
    segments.splice(bi, 1, bestSplit(s, at), bestSplit(at, t));
    cps.push(at);
  }
  return cps.sort((a, b) => a - b);
}

function fillGaps(x: number[]): number[] {
  const out = x.slice();
  let prev = 0;
  for (let i = 0; i < out.length; i++) {
    if (Number.isFinite(out[i])) prev = out[i];
    else out[i] = prev;
  }
  return out;
}

/** Scale to unit variance (as TCPDBench does) so penalties mean the same on any scale. */
function standardize(x: number[]): number[] {
  const n = x.length;
  let m = 0;
  for (const v of x) m += v;
  m /= n;
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  const sd = Math.sqrt(s / n) || 1;
  return x.map((v) => (v - m) / sd);
}

/** Gaussian segment costs in O(1) from prefix sums. */
function segmentCost(x: number[], cost: Cost, noise: 'global' | 'robust'): (s: number, t: number) => number {
  const n = x.length;
  const S = new Float64Array(n + 1);
  const Q = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    S[i + 1] = S[i] + x[i];
    Q[i + 1] = Q[i] + x[i] * x[i];
  }
  if (cost === 'mean') {
    let v = 1;
    if (noise === 'robust') {
      // Noise variance from first differences (robust to level shifts): MAD / 0.6745 / √2.
      const d = [];
      for (let i = 1; i < n; i++) d.push(Math.abs(x[i] - x[i - 1]));
      d.sort((a, b) => a - b);
      const sigma = d.length ? d[Math.floor(d.length / 2)] / 0.6745 / Math.SQRT2 : 1;
      v = Math.max(sigma * sigma, 1e-3);
    }
    return (s, t) => {
      const m = t - s;
      const sum = S[t] - S[s];
      return (Q[t] - Q[s] - (sum * sum) / m) / v;
    };
  }
  // -2 log-likelihood of a normal segment with its own mean and variance (variance floored to avoid -∞ on
  // constant runs, which real series such as counts have).
  return (s, t) => {
    const m = t - s;
    const sum = S[t] - S[s];
    const v = Math.max((Q[t] - Q[s] - (sum * sum) / m) / m, 1e-4);
    return m * (Math.log(2 * Math.PI * v) + 1);
  };
}
