// The AI-vocabulary chart: the person's monthly rate with its 95 % interval, and the counterfactual the test uses,
// labelled as what it is.
import { HIDDEN_BY_DEFAULT } from '../../components/tagMeta';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../analysis/summary';
import { chartCsv } from '../../components/ChartCard';
import { aiVocabularySpec, fillPeriods } from './summary-charts';
import { influenceFromSummary } from './overview';
import { periodKey } from '../../analysis/evidence';
import { markerLabelPlace } from '../../components/chart-setup';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const row = (period: string, value: number, projected: number | null, low: number, high: number, rising = false) => ({
  period,
  site: 'all' as const,
  value,
  projected,
  ratioLow95: null,
  ratioHigh95: null,
  rateLow95: low,
  rateHigh95: high,
  rising,
  words: 1200,
  topWords: [],
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

describe('time axes keep empty periods', () => {
  it('fills months, ISO weeks (across a year end) and days between the first and last key', () => {
    expect(fillPeriods(['2025-05', '2025-01', '2025-02'])).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05']);
    expect(fillPeriods(['2024-11', '2025-02'])).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(fillPeriods(['2024-W49', '2024-W52'])).toEqual(['2024-W49', '2024-W50', '2024-W51', '2024-W52']);
    // Weeks are the summary's own keys (analysis/evidence.ts): every week between two of them, none twice.
    const days = Array.from({ length: 400 }, (_, i) => Date.UTC(2024, 10, 1, 12) + i * 86_400_000);
    const weeks = [...new Set(days.map((d) => periodKey(d, 'week')))];
    expect(fillPeriods([weeks[0]!, weeks[weeks.length - 1]!])).toEqual(weeks);
    expect(fillPeriods(['2025-02-27', '2025-03-02'])).toEqual(['2025-02-27', '2025-02-28', '2025-03-01', '2025-03-02']);
    expect(fillPeriods(['term', 'other'])).toEqual(['other', 'term']);
  });

  it('a month without a rate is a gap in the line (null), and the chart never joins across it', () => {
    const s = { aiVocabulary: [row('2025-01', 1.0, null, 0.2, 1.8), row('2025-04', 2.0, 1.5, 1.0, 3.0)] } as unknown as Summary;
    const spec = aiVocabularySpec(s)!;
    expect(spec.keys).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
    expect(spec.series[0]!.data).toEqual([1, null, null, 2]);
    expect(readFileSync(join(__dirname, '../../components/ChartCard.tsx'), 'utf8')).toMatch(/spanGaps: false/);
  });

  it('influence moments per month: months without any are zero bars in their place', () => {
    const s = {
      granularity: 'month',
      tagCounts: {
        'user-pushback': [
          { period: '2025-01', site: 'all', value: 2 },
          { period: '2025-03', site: 'all', value: 1 },
        ],
      },
    } as unknown as Summary;
    const spec = influenceFromSummary(s)!;
    expect(spec.keys).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(spec.series[1]!.data).toEqual([2, 0, 1]);
  });
});

describe('marker labels', () => {
  it('go right of the line, or left of it near the right edge, never outside the plot', () => {
    expect(markerLabelPlace(100, 40, 50, 500)).toEqual({ x: 104, align: 'left' });
    expect(markerLabelPlace(490, 40, 50, 500)).toEqual({ x: 486, align: 'right' });
    expect(markerLabelPlace(60, 480, 50, 500)).toEqual({ x: 50, align: 'left' });
  });
});
