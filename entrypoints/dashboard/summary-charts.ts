/**
 * Charts from the analysis summary (analysis/summary.ts), stored by the background under `analysis.summary`
 * (and by the sample loader for the demo): the AI-vocabulary rate against the person's own baseline, style
 * matching with its change points marked, and coordination in both directions.
 */
import type { Summary } from '../../analysis/summary';
import { periodKey } from '../../analysis/evidence';
import type { ChartSpec } from '../../components/ChartCard';
import { DIRECTION_COLORS } from '../../components/colors';
import { formatPeriod } from '../../components/format';
import { t } from '../../components/i18n';
import { HIDDEN_BY_DEFAULT } from '../../components/tagMeta';
import type { OverviewChart } from './overview-chart';

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

/** The UTC midday inside a summary period key (month, ISO week, day), or undefined for another shape. */
function periodMidday(key: string): { t: number; g: 'month' | 'week' | 'day' } | undefined {
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return { t: Date.UTC(Number(m[1]), Number(m[2]) - 1, 15, 12), g: 'month' };
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (m) return { t: Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12), g: 'day' };
  m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!m) return undefined;
  // ISO week 1 holds 4 January; its Thursday, plus (week − 1) weeks.
  const jan4 = Date.UTC(Number(m[1]), 0, 4, 12);
  const thursday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000 + 3 * 86_400_000;
  return { t: thursday + (Number(m[2]) - 1) * 7 * 86_400_000, g: 'week' };
}

/**
 * Every period from the first to the last of `keys`, so a month (week, day) without data keeps its place on the time
 * axis instead of two months apart being drawn side by side. Keys of an unknown shape are returned as they are.
 */
export function fillPeriods(keys: readonly string[]): string[] {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length < 2) return sorted;
  const first = periodMidday(sorted[0]!);
  const last = sorted[sorted.length - 1]!;
  if (!first || !periodMidday(last)) return sorted;
  const out = new Set<string>();
  // Stepping by day (from a week before the first key) keeps to exactly the keys analysis/evidence.ts gives.
  let t = first.g === 'week' ? first.t - 7 * 86_400_000 : first.t;
  for (let guard = 0; guard < 40_000; guard++) {
    const k = periodKey(t, first.g);
    if (k > last) break;
    if (k >= sorted[0]!) out.add(k);
    if (first.g === 'month') {
      const d = new Date(t);
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 15, 12);
    } else t += 86_400_000;
  }
  for (const k of sorted) out.add(k);
  return [...out].sort();
}

const round = (x: number | null | undefined, d = 3) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

export function aiVocabularySpec(s: Summary): ChartSpec | undefined {
  if (!s.aiVocabulary.length) return undefined;
  // Months without enough of the person's words have no rate: a gap in the line, not a join across it.
  const by = new Map(s.aiVocabulary.map((r) => [r.period, r]));
  const keys = fillPeriods([...by.keys()]);
  const rows = keys.map((k) => by.get(k) ?? { period: k, value: null, rateLow95: null, rateHigh95: null, projected: null, rising: false });
  return {
    type: 'line',
    keys,
    keyHeader: 'month',
    labels: keys.map(periodLabel),
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
  const keys = fillPeriods([...lsm.map((p) => p.period), ...s.changePoints.map((c) => c.period)]);
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

function coordinationSpec(s: Summary): ChartSpec | undefined {
  const all = s.coordination.filter((p) => p.site === 'all');
  if (!all.length) return undefined;
  const keys = fillPeriods(all.map((p) => p.period));
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
