/**
 * TCPD evaluation of the change-point detector (van den Burg & Williams 2020): the Turing Change Point Dataset's
 * annotated series (read from the shared tarball) and TCPDBench's F1 with a margin of 5. Used by
 * `npm run coevo -- eval-changepoints` and guarded by bench/tcpd.test.ts.
 */
import { readTar } from '../cli/tar';
import { detectChangePoints, type ChangePointOptions } from '../analysis/style/changepoint';

export const DEFAULT_TCPD_PATH = '/work/shared/data/tcpd_series_annotations.tar.gz';

export interface TcpdSeries {
  name: string;
  /** values[d][t] */
  values: number[][];
  /** annotator id → change-point indices */
  annotations: Record<string, number[]>;
}

export function loadTcpd(path = DEFAULT_TCPD_PATH): TcpdSeries[] {
  const files = readTar(path);
  const dec = new TextDecoder();
  const annFile = [...files.keys()].find((k) => k.endsWith('annotations.json'));
  if (!annFile) throw new Error(`${path}: no annotations.json`);
  const ann = JSON.parse(dec.decode(files.get(annFile)!)) as Record<string, Record<string, number[]>>;
  const out: TcpdSeries[] = [];
  for (const [file, body] of files) {
    const m = /datasets\/([^/]+)\/\1\.json$/.exec(file);
    if (!m || !ann[m[1]]) continue;
    const d = JSON.parse(dec.decode(body)) as { series: { raw: (number | null)[] }[] };
    out.push({
      name: m[1],
      values: d.series.map((s) => s.raw.map((v) => (v === null ? NaN : v))),
      annotations: ann[m[1]],
    });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Annotations matched to predictions within `margin`, each prediction used at most once (TCPDBench). */
function truePositives(truth: Set<number>, pred: Set<number>, margin: number): number {
  const left = new Set(pred);
  let tp = 0;
  for (const tau of [...truth].sort((a, b) => a - b)) {
    let best: number | null = null;
    let bestD = Infinity;
    for (const x of left) {
      const d = Math.abs(tau - x);
      if (d <= margin && (d < bestD || (d === bestD && x < (best ?? Infinity)))) {
        best = x;
        bestD = d;
      }
    }
    if (best !== null) {
      left.delete(best);
      tp++;
    }
  }
  return tp;
}

/**
 * TCPDBench F1: 0 is added to every annotator's set and to the predictions; precision against the union of
 * annotations, recall averaged over annotators; F = P·R / (α·R + (1−α)·P) with α = 0.5.
 */
export function tcpdF1(annotations: Record<string, number[]>, predictions: number[], margin = 5): number {
  const users = Object.values(annotations).map((a) => new Set([0, ...a]));
  const X = new Set([0, ...predictions]);
  const union = new Set<number>();
  for (const u of users) for (const t of u) union.add(t);
  const P = truePositives(union, X, margin) / X.size;
  let R = 0;
  for (const u of users) R += truePositives(u, X, margin) / u.size;
  R /= users.length;
  return P + R === 0 ? 0 : (P * R) / (0.5 * R + 0.5 * P);
}

export interface TcpdResult {
  perSeries: { name: string; f1: number; zeroF1: number; predicted: number[] }[];
  meanF1: number;
  zeroMeanF1: number;
}

export function evaluateTcpd(series: TcpdSeries[], opts: ChangePointOptions = {}): TcpdResult {
  const perSeries = series.map((s) => {
    const predicted = detectChangePoints(s.values, opts);
    return { name: s.name, f1: tcpdF1(s.annotations, predicted), zeroF1: tcpdF1(s.annotations, []), predicted };
  });
  const mean = (k: 'f1' | 'zeroF1') => perSeries.reduce((a, r) => a + r[k], 0) / perSeries.length;
  return { perSeries, meanF1: mean('f1'), zeroMeanF1: mean('zeroF1') };
}
