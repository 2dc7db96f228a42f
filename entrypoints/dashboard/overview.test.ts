// The overview's numbers: activity per assistant and period, influence per direction, adopted terms.
import { HIDDEN_BY_DEFAULT } from '../../components/tagMeta';
import { describe, expect, it } from 'vitest';
import type { Tag } from '../../model/tags';
import type { Activity } from '../../components/data';
import { chartCsv } from '../../components/ChartCard';
import { activitySpec, adoptedTerms, choosePeriod, influenceSpec } from './overview';
import { asSummary, styleSpec } from './summary-charts';

const d = (s: string) => new Date(`${s}T12:00:00`).getTime();

const activity: Activity = {
  days: {
    '2026-03-02': { chatgpt: { user: 3, assistant: 3 } },
    '2026-03-04': { chatgpt: { user: 1, assistant: 1 }, claude: { user: 2, assistant: 2 } },
    '2026-03-17': { claude: { user: 5, assistant: 4 } },
  },
  undated: 0,
  total: 21,
  first: d('2026-03-02'),
  last: d('2026-03-17'),
};

const tag = (type: Tag['type'], direction: Tag['direction'], day: string, data?: Tag['data'], site = 'claude'): Tag => ({
  id: `${type}:${day}:${JSON.stringify(data ?? {})}`,
  type,
  conversationId: `${site}:x`,
  messages: [],
  direction,
  confidence: 0.8,
  explanation: '',
  time: d(day),
  site,
  data,
  version: 1,
});

describe('overview charts', () => {
  it('counts messages the person sent per week and assistant, with empty weeks as zero', () => {
    const spec = activitySpec(activity, { first: activity.first!, last: activity.last! }, 'week');
    expect(spec.keys).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    expect(spec.series.map((s) => [s.label, s.data])).toEqual([
      ['ChatGPT', [4, 0, 0]],
      ['Claude', [2, 0, 5]],
    ]);
    expect(chartCsv(spec).split('\r\n')[1]).toBe('2026-03-02,4,2');
  });

  it('counts influence moments per direction and period', () => {
    const tags = [
      tag('term-uptake', 'assistant→user', '2026-03-03'),
      tag('user-pushback', 'user→assistant', '2026-03-18'),
      tag('user-concession', 'assistant→user', '2026-03-19'),
    ];
    const spec = influenceSpec(tags, { first: d('2026-03-02'), last: d('2026-03-19') }, 'week');
    expect(spec.series.map((s) => s.data)).toEqual([
      [1, 0, 1],
      [0, 0, 1],
    ]);
  });

  it('lists adopted terms by how often they were taken up, with the first time and the source assistant', () => {
    const tags = [
      tag('term-uptake', 'assistant→user', '2026-03-10', { term: 'idempotent', sourceSite: 'chatgpt' }, 'claude'),
      tag('term-uptake', 'assistant→user', '2026-03-05', { term: 'Idempotent', sourceSite: 'gemini' }, 'claude'),
      tag('term-uptake', 'assistant→user', '2026-03-07', { term: 'modal filters', sourceSite: 'chatgpt' }),
      tag('user-pushback', 'user→assistant', '2026-03-07'),
    ];
    const terms = adoptedTerms(tags);
    expect(terms.map((x) => [x.term, x.count, x.site])).toEqual([
      ['Idempotent', 2, 'gemini'],
      ['modal filters', 1, 'chatgpt'],
    ]);
    expect(terms[0]!.first).toBe(d('2026-03-05'));
  });

  it('uses months beyond nine months of history', () => {
    expect(choosePeriod(d('2025-01-01'), d('2025-06-01'))).toBe('week');
    expect(choosePeriod(d('2025-01-01'), d('2026-01-01'))).toBe('month');
  });

  it('marks style change points on the style-matching timeline and ignores summaries of another shape', () => {
    const summary = asSummary({
      granularity: 'month',
      aiVocabulary: [],
      coordination: [],
      lsm: [
        { period: '2026-01', site: 'all', value: 0.6 },
        { period: '2026-02', site: 'all', value: 0.8 },
        { period: '2026-02', site: 'claude', value: 0.9 },
      ],
      changePoints: [{ period: '2026-02', date: 0, toward: true, effect: 1, lsmBefore: 0.6, lsmAfter: 0.8, moved: [] }],
    })!;
    const spec = styleSpec(summary)!;
    expect(spec.keys).toEqual(['2026-01', '2026-02']);
    expect(spec.series[0]!.data).toEqual([0.6, 0.8]);
    // Change points are the style-convergence claim, not drawn while that tag is hidden by default.
    expect(spec.markers).toEqual(HIDDEN_BY_DEFAULT.has('style-convergence') ? [] : [{ index: 1, label: 'moved closer' }]);
    expect(asSummary({ lsm: 'nope' })).toBeUndefined();
  });
});
