// LSM test vectors (science notes §2.1) and directional coordination on hand-computed exchanges.
import { describe, expect, it } from 'vitest';
import { lsm, lsmCategory } from './lsm';
import { addExchange, coordination, emptyTally } from './coordination';

describe('LSM', () => {
  it.each([
    [5, 5, 1.0],
    [0, 0, 1.0],
    [10, 0, 0.00001],
    [6, 2, 0.500006],
  ])('LSM_c(%d, %d) = %f to 1e-6', (p1, p2, want) => {
    expect(Math.abs(lsmCategory(p1, p2) - want)).toBeLessThan(1e-6);
  });
  it('is the mean over categories and symmetric', () => {
    const a = [10, 5, 8, 7, 4, 14, 6, 1.5, 2];
    const b = [8, 5, 6, 9, 2, 12, 6, 0, 3];
    expect(lsm(a, b)).toBeCloseTo(lsm(b, a), 12);
    const manual = a.map((x, i) => 1 - Math.abs(x - b[i]) / (x + b[i] + 0.0001)).reduce((s, v) => s + v) / 9;
    expect(lsm(a, b)).toBeCloseTo(manual, 12);
    expect(lsm(a, a)).toBeCloseTo(1, 12);
  });
});

describe('coordination', () => {
  // class-count vectors: index 2 = article; only articles present/absent matter here.
  const art = (on: boolean) => [0, 0, on ? 1 : 0, 0, 0, 0, 0, 0, 0];
  it('is P(reply has m | utterance has m) − P(reply has m)', () => {
    const t = emptyTally();
    // 4 exchanges where the utterance has an article: replies have it 3 times; 4 without: replies have it once.
    for (const r of [true, true, true, false]) addExchange(t, art(true), art(r));
    for (const r of [true, false, false, false]) addExchange(t, art(false), art(r));
    const c = coordination(t);
    expect(c.perMarker.article).toBeCloseTo(3 / 4 - 4 / 8, 12);
    // Other markers never appear in the utterances: fewer than 3 conditioned utterances → undefined, skipped.
    expect(c.perMarker.ppron).toBeNull();
    expect(c.value).toBeCloseTo(0.25, 12);
  });
});
