// The AI-vocabulary chart: the person's monthly rate with its 95 % interval, and the counterfactual the test uses,
// labelled as what it is.
import { HIDDEN_BY_DEFAULT } from '../../components/tagMeta';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../analysis/summary';
import { chartCsv } from '../../components/ChartCard';
import { aiVocabularySpec } from './summary-charts';

const row = (period: string, value: number, projected: number | null, low: number, high: number, rising = false) => ({
  period, site: 'all' as const, value, projected, ratioLow95: null, ratioHigh95: null, rateLow95: low, rateHigh95: high, rising, words: 1200, topWords: [],
});

describe('aiVocabularySpec', () => {
  it('draws the rate, its interval as a band, and the control-word counterfactual', () => {
    const s = { aiVocabulary: [row('2025-02', 2.5, 2.1, 1.0, 4.0, true), row('2025-01', 1.0, null, 0.2, 1.8)] } as unknown as Summary;
    const spec = aiVocabularySpec(s)!;
    expect(spec.keys).toEqual(['2025-01', '2025-02']);
    const [rate, low, high, expected] = spec.series;
    expect(rate.data).toEqual([1, 2.5]);
    expect([low.band, high.band]).toEqual(['low', 'high']);
    expect(low.data).toEqual([0.2, 1]);
    expect(high.data).toEqual([1.8, 4]);
    // No counterfactual before a baseline exists; the label says what the line is.
    expect(expected.data).toEqual([null, 2.1]);
    expect(expected.label).toMatch(/control words/);
    // "Rising" is the ai-vocabulary-rise claim, not drawn while that tag is hidden by default.
    expect(spec.markers).toEqual(HIDDEN_BY_DEFAULT.has('ai-vocabulary-rise') ? [] : [{ index: 1, label: expect.any(String) }]);
    expect(chartCsv(spec).split('\n')[0]).toMatch(/95% interval \(low\).*95% interval \(high\)/);
  });
});
