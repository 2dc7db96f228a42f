/**
 * Charts from the analysis summary (analysis/summary.ts), stored by the background under `analysis.summary`
 * (and by the sample loader for the demo): the AI-vocabulary rate against the person's own baseline, style
 * matching with its change points marked, and coordination in both directions.
 */
import type { Summary } from '../../analysis/summary';
import type { ChartSpec } from '../../components/ChartCard';
import { DIRECTION_COLORS } from '../../components/colors';
import { formatPeriod } from '../../components/format';
import { t } from '../../components/i18n';
import { HIDDEN_BY_DEFAULT } from '../../components/tagMeta';
import type { OverviewChart } from './charts';

/** The stored summary, when it has the shape this dashboard reads (an older or missing one shows no such charts). */
export function asSummary(v: unknown): Summary | undefined {
  const s = v as Summary | undefined;
  return s && typeof s === 'object' && Array.isArray(s.aiVocabulary) && Array.isArray(s.lsm) && Array.isArray(s.coordination) && Array.isArray(s.changePoints)
    ? s
    : undefined;
}

/** Summary period keys (UTC: 2026-03, 2026-W10, 2026-03-07) as axis labels. */
export function periodLabel(key: string): string {
  if (/^\d{4}-\d{2}$/.test(key)) return formatPeriod(key, 'month');
  if (/^\d{4}-\d{2}-\d{2}$/.test(key)) return formatPeriod(key, 'week');
  return key.replace('-W', ' week ');
}

const round = (x: number | null | undefined, d = 3) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

export function aiVocabularySpec(s: Summary): ChartSpec | undefined {
  const rows = [...s.aiVocabulary].sort((a, b) => (a.period < b.period ? -1 : 1));
  if (!rows.length) return undefined;
  return {
    type: 'line',
    keys: rows.map((r) => r.period),
    keyHeader: 'month',
    labels: rows.map((r) => periodLabel(r.period)),
    yTitle: t('axisPerThousand'),
    series: [
      { label: t('seriesYourRate'), data: rows.map((r) => round(r.value, 2)), color: DIRECTION_COLORS['assistant→user'] },
      // The month's 95 % interval (older stored summaries lack it: no band then).
      { label: t('seriesRateLow'), data: rows.map((r) => round(r.rateLow95, 2)), color: DIRECTION_COLORS['assistant→user'], band: 'low' },
      { label: t('seriesRateHigh'), data: rows.map((r) => round(r.rateHigh95, 2)), color: DIRECTION_COLORS['assistant→user'], band: 'high' },
      // The counterfactual the test uses: the earlier rate of the same tasks, moved as the control words moved.
      { label: t('seriesExpectedControl'), data: rows.map((r) => round(r.projected, 2)), color: '#7a8597', dashed: true },
    ],
    // "Rising" is the ai-vocabulary-rise claim: not drawn while that tag is hidden by default (it has not passed
    // its null models and power targets, components/tagMeta.ts).
    markers: HIDDEN_BY_DEFAULT.has('ai-vocabulary-rise') ? [] : rows.flatMap((r, index) => (r.rising ? [{ index, label: t('markerRising') }] : [])),
  };
}

export function styleSpec(s: Summary): ChartSpec | undefined {
  const lsm = s.lsm.filter((p) => p.site === 'all');
  if (!lsm.length) return undefined;
  const keys = [...new Set([...lsm.map((p) => p.period), ...s.changePoints.map((c) => c.period)])].sort();
  const by = new Map(lsm.map((p) => [p.period, p.value]));
  return {
    type: 'line',
    keys,
    keyHeader: s.granularity,
    labels: keys.map(periodLabel),
    yTitle: t('axisStyleMatch'),
    series: [{ label: t('seriesStyleMatch'), data: keys.map((k) => round(by.get(k))), color: DIRECTION_COLORS['assistant→user'] }],
    // Change points are the style-convergence claim: not drawn while that tag is hidden by default.
    markers: HIDDEN_BY_DEFAULT.has('style-convergence')
      ? []
      : s.changePoints.map((c) => ({ index: keys.indexOf(c.period), label: c.toward ? t('markerToward') : t('markerAway') })).filter((m) => m.index >= 0),
  };
}

export function coordinationSpec(s: Summary): ChartSpec | undefined {
  const all = s.coordination.filter((p) => p.site === 'all');
  if (!all.length) return undefined;
  const keys = [...new Set(all.map((p) => p.period))].sort();
  const series = (['assistant→user', 'user→assistant'] as const).map((dir) => {
    const by = new Map(all.filter((p) => p.influence === dir).map((p) => [p.period, p.value]));
    return {
      label: dir === 'assistant→user' ? t('seriesYouAdapt') : t('seriesItAdapts'),
      data: keys.map((k) => round(by.get(k))),
      color: DIRECTION_COLORS[dir],
    };
  });
  return { type: 'line', keys, keyHeader: s.granularity, labels: keys.map(periodLabel), yTitle: t('axisCoordination'), series };
}

export function summaryCharts(value: unknown): OverviewChart[] {
  const s = asSummary(value);
  if (!s) return [];
  const out: OverviewChart[] = [];
  const ai = aiVocabularySpec(s);
  if (ai) out.push({ id: 'ai-vocabulary', question: t('qVocabulary'), caption: t('capVocabulary'), spec: ai });
  const style = styleSpec(s);
  if (style) out.push({ id: 'style', question: t('qStyle'), caption: t('capStyle'), spec: style });
  const coord = coordinationSpec(s);
  if (coord) out.push({ id: 'coordination', question: t('qCoordination'), caption: t('capCoordination'), spec: coord });
  return out;
}
