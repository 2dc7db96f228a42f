/**
 * The overview's charts in order, each with the one question it answers and a caption (shared by the
 * overview and presentation mode, so the projected slide says exactly what the dashboard says).
 */
import type { ChartSpec } from '../../components/ChartCard';
import { t } from '../../components/i18n';
import type { Dataset } from './App';
import { activitySpec, adoptedSpec, adoptedTerms, choosePeriod, influenceSpec, timeSpan } from './overview';
import { summaryCharts } from './summary-charts';

export interface OverviewChart {
  id: string;
  question: string;
  caption: string;
  spec: ChartSpec;
}

export function overviewCharts(data: Dataset): OverviewChart[] {
  const span = timeSpan(data.activity, data.tags);
  const out: OverviewChart[] = [];
  if (span) {
    const p = choosePeriod(span.first, span.last);
    out.push({ id: 'activity', question: t('qActivity'), caption: t(p === 'week' ? 'capActivityWeek' : 'capActivityMonth'), spec: activitySpec(data.activity, span, p) });
    // Tags are sparse (a few a week), so influence is counted per month: weekly bars would be mostly zeros.
    if (data.tags.length) out.push({ id: 'influence', question: t('qInfluence'), caption: t('capInfluence'), spec: influenceSpec(data.tags, span, 'month') });
  }
  out.push(...summaryCharts(data.summary?.value));
  const terms = adoptedTerms(data.tags);
  if (terms.length) out.push({ id: 'terms', question: t('qTerms'), caption: t('capTerms'), spec: adoptedSpec(terms) });
  return out;
}
