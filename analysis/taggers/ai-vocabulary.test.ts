// ai-vocabulary-rise: the permutation test of the rise, its counterfactual, and what it leaves out.
import { describe, expect, it } from 'vitest';
import { makeConversation } from '../testing';
import { accumulator, riseTest, tagger, unitsOf } from './ai-vocabulary';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 6);
const ctx = { version: 1 };
// Everyday prose (no AI-list words), ~60 words, varied by a counter so conversations differ.
const plain = (i: number) =>
  `I went to the market on day ${i} and bought some apples, bread and cheese for the week. My neighbour asked about the garden and we talked about the weather, the bus times and the price of coffee in town. Later I walked the dog along the river and read a book about old ships before dinner.`;
const ai = (i: number) =>
  `${plain(i)} It was a comprehensive, meticulous and pivotal endeavour that showcases intricate, nuanced insights and fosters a seamless tapestry.`;

function history(n: number, rising: boolean) {
  return Array.from({ length: n }, (_, i) =>
    makeConversation(
      `v${i}`,
      [
        ['user', rising && i >= n / 2 ? ai(i) : plain(i)],
        ['assistant', 'Thanks for sharing that.'],
      ],
      { start: START + i * 2 * DAY },
    ),
  );
}

function state(convs: ReturnType<typeof history>) {
  const s = accumulator.init();
  for (const c of convs) accumulator.add(s, c, 0, ctx);
  return s;
}

describe('ai-vocabulary-rise', () => {
  it('claims a rise that starts mid-history, with a permutation p-value and the control-word counterfactual', () => {
    const convs = history(90, true);
    const tags = tagger.run(convs, ctx);
    expect(tags).toHaveLength(1);
    const rise = (tags[0].data as { rise: { pValue: number; rate: number; expected: number } }).rise;
    expect(rise.pValue).toBeLessThanOrEqual(0.01);
    expect(rise.rate).toBeGreaterThan(rise.expected);
    expect(tags[0].explanation).toMatch(/shuffled within the same kind of task/);
  });

  it('makes no claim when nothing changes', () => {
    expect(tagger.run(history(90, false), ctx)).toEqual([]);
  });

  it('leaves the conversations of the newest message’s day out of the test until the next day', () => {
    const convs = history(90, true);
    const s = state(convs);
    const total = [...s.months.values()].reduce((k, m) => k + m.units.size, 0);
    expect(unitsOf(s).units).toHaveLength(total - 1);
    expect(riseTest(s)).not.toBeNull();
  });
});
