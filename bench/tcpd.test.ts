// Guards the change-point detector's TCPD score and the F1 metric itself.
import { describe, expect, it } from 'vitest';
import { evaluateTcpd, loadTcpd, tcpdF1 } from './tcpd';
import { detectChangePoints } from '../analysis/style/changepoint';

describe('TCPD F1 metric', () => {
  it('matches hand-computed values', () => {
    // Perfect prediction: P = R = 1.
    expect(tcpdF1({ a: [10, 20], b: [10, 20] }, [10, 20])).toBeCloseTo(1, 12);
    // Never fire: X = {0}, P = 1, R = mean(1/3, 1/1) = 2/3 → F = 0.8.
    expect(tcpdF1({ a: [10, 20], b: [] }, [])).toBeCloseTo(0.8, 12);
    // One prediction within the margin, one far off: P = 2/3 (0 and 12 match), R = 2/3 → F = 2/3.
    expect(tcpdF1({ a: [10, 50] }, [12, 90])).toBeCloseTo(2 / 3, 12);
    // Margin edge: 5 away counts, 6 does not.
    expect(tcpdF1({ a: [10] }, [15])).toBeCloseTo(1, 12);
    expect(tcpdF1({ a: [10] }, [16])).toBeCloseTo(0.5, 12);
  });
});

describe('change-point detector', () => {
  it('finds a clean level shift and nothing in pure noise', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.05;
    const step = Array.from({ length: 80 }, (_, i) => (i < 40 ? 0.3 : 0.55) + rnd());
    expect(detectChangePoints(step)).toEqual([40]);
    const flat = Array.from({ length: 80 }, () => 0.3 + rnd());
    expect(detectChangePoints(flat)).toEqual([]);
  });

  it('beats the never-fire baseline on TCPD', () => {
    const r = evaluateTcpd(loadTcpd());
    expect(r.perSeries.length).toBe(32);
    expect(r.zeroMeanF1).toBeCloseTo(0.656, 3);
    expect(r.meanF1).toBeGreaterThan(0.669);
    expect(r.meanF1).toBeGreaterThan(r.zeroMeanF1 + 0.05);
  });
});
