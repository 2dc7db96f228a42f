// ai-vocabulary-rise and style-convergence on synthetic histories built from real dialogue (HH-RLHF, OASST):
// an injected shift must be found and dated; the same history without it must stay silent.
import { describe, expect, it } from 'vitest';
import { syntheticHistory } from '../../bench/corpus';
import { tagger as aiVocabulary, accumulator as aiAcc, risingPeriods } from './ai-vocabulary';
import { tagger as styleConvergence } from './style-convergence';

const ctx = { version: 1 };

describe('ai-vocabulary-rise', () => {
  it('finds an injected rise in AI-favoured words, from the month it starts, with effect size and CI', () => {
    const convs = syntheticHistory({ conversations: 900, seed: 3, aiShift: { from: 0.5, probability: 0.25 } });
    const tags = aiVocabulary.run(convs, ctx);
    expect(tags.length).toBeGreaterThanOrEqual(1);
    const t = tags[0];
    expect(t.type).toBe('ai-vocabulary-rise');
    expect(['2024-07', '2024-08']).toContain(new Date(t.time!).toISOString().slice(0, 7));
    const months = (t.data as { months: { ratioLow95: number; projected: number; rate: number }[] }).months;
    expect(months[0].ratioLow95).toBeGreaterThan(1);
    expect(months[0].rate).toBeGreaterThan(months[0].projected);
    expect(t.messages.length).toBeGreaterThan(0);
    expect(t.messages[0].spans!.length).toBeGreaterThan(0);
  });

  it('stays silent on the same real dialogue without a shift', () => {
    const convs = syntheticHistory({ conversations: 900, seed: 3 });
    expect(aiVocabulary.run(convs, ctx)).toEqual([]);
    const s = aiAcc.init();
    for (const c of convs) aiAcc.add(s, c, 0, ctx);
    const tested = risingPeriods(s).filter((m) => m.projected !== null);
    expect(tested.length).toBeGreaterThan(6);
  });
});

describe('style-convergence', () => {
  it('dates an injected move toward the assistants’ markdown style', () => {
    const convs = syntheticHistory({ conversations: 600, seed: 5, styleShift: { from: 0.6 } });
    const tags = styleConvergence.run(convs, ctx);
    expect(tags).toHaveLength(1);
    const when = new Date(tags[0].time!).toISOString().slice(0, 7);
    expect(['2024-07', '2024-08', '2024-09']).toContain(when);
    const d = tags[0].data as { effect: number; distanceBefore: number; distanceAfter: number };
    expect(d.effect).toBeGreaterThan(0.5);
    expect(d.distanceAfter).toBeLessThan(d.distanceBefore);
    expect(tags[0].messages.length).toBeGreaterThan(0);
  });

  it('stays silent without a shift', () => {
    const convs = syntheticHistory({ conversations: 600, seed: 5 });
    expect(styleConvergence.run(convs, ctx)).toEqual([]);
  });
});
