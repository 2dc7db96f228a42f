/**
 * The overview's charts in order, each with the one question it answers and a caption (shared by the
 * overview and presentation mode, so the projected slide says exactly what the dashboard says).
 */
import { t } from '../../components/i18n';
import type { Dataset } from './dataset';
import type { OverviewChart } from './overview-chart';
import {
  activitySpec,
  adoptedSpec,
  adoptedTerms,
  adoptedTermsFromSummary,
  choosePeriod,
  influenceFromSummary,
  influenceSpec,
  timeSpan,
  type AdoptedTerm,
} from './overview';
import { asSummary, summaryCharts } from './summary-charts';

/** Adopted terms: from the summary when there is one (no need to load every tag), else from the tags. */
export function overviewTerms(data: Dataset): AdoptedTerm[] {
  const s = asSummary(data.summary?.value);
  return s ? adoptedTermsFromSummary(s) : adoptedTerms(data.tags ?? []);
}

export function overviewCharts(data: Dataset): OverviewChart[] {
  const summary = asSummary(data.summary?.value);
  const tags = data.tags ?? [];
  const span = timeSpan(data.activity, tags);
  const out: OverviewChart[] = [];
  if (span) {
    const p = data.activityPeriod ?? choosePeriod(span.first, span.last);
    out.push({
      id: 'activity',
      question: t('qActivity'),
      caption: t(p === 'week' ? 'capActivityWeek' : 'capActivityMonth'),
      spec: activitySpec(data.activity, span, p),
    });
  }
  // Tags are sparse (a few a week), so influence is counted per month: weekly bars would be mostly zeros.
  const influence = summary ? influenceFromSummary(summary) : span && tags.length ? influenceSpec(tags, span, 'month') : undefined;
  if (influence) out.push({ id: 'influence', question: t('qInfluence'), caption: t('capInfluence'), spec: influence });
  out.push(...summaryCharts(data.summary?.value));
  const terms = overviewTerms(data);
  if (terms.length) out.push({ id: 'terms', question: t('qTerms'), caption: t('capTerms'), spec: adoptedSpec(terms) });
  return out;
}
