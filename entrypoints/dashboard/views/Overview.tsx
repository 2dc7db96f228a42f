/** Overview: the handful of charts that answer "how are my assistants and I shaping each other?". */
import { useEffect, useMemo } from 'preact/hooks';
import { ChartCard } from '../../../components/ChartCard';
import { EmptyState } from '../../../components/EmptyState';
import { formatDate } from '../../../components/format';
import { t, tn } from '../../../components/i18n';
import { siteName, TagCard } from '../../../components/TagCard';
import { useVerdicts } from '../../../components/Verdict';
import { VerdictSummary } from './VerdictSummary';
import { Welcome } from './Welcome';
import type { Ctx } from '../ctx';
import { overviewCharts, overviewTerms } from '../charts';
import { href } from '../route';

export function Overview({ ctx }: { ctx: Ctx }) {
  const data = ctx.data;
  const charts = useMemo(() => (data ? overviewCharts(data) : []), [data]);
  const terms = useMemo(() => (data ? overviewTerms(data) : []), [data]);
  const verdicts = useVerdicts()?.verdicts;
  // The notable moments leave out what the person said is wrong (when they judge one here, it stays until reload).
  const notable = useMemo(() => (data ? data.notable.filter((x) => verdicts?.get(x.id) !== 'no') : []), [data]);
  // The overview's DOM is committed (charts near the viewport draw themselves and mark `coevo-chart-drawn`).
  // `coevo-overview-ready`: the first render with data (what is stored); `coevo-overview-complete`: every figure in.
  useEffect(() => {
    if (!data) return;
    if (!performance.getEntriesByName('coevo-overview-ready').length) performance.mark('coevo-overview-ready');
    if (!data.partial && !data.tagsPending) performance.mark('coevo-overview-complete');
  }, [data]);
  if (!data)
    return (
      <>
        <h1 tabIndex={-1}>{t('navOverview')}</h1>
        <p role="status">{t('loading')}</p>
      </>
    );
  // First run: the onboarding, not an empty chart page (the sample store, when empty, keeps the short empty state).
  // Counted from the store itself (not from a summary that may be older), so a fresh import never reads as empty.
  if (data.messages === 0 && data.conversations === 0 && data.tagCount === 0)
    return ctx.kind === 'main' ? (
      <Welcome ctx={ctx} />
    ) : (
      <>
        <h1 tabIndex={-1}>{t('navOverview')}</h1>
        <EmptyState />
      </>
    );
  return (
    <>
      <h1 tabIndex={-1}>{t('overviewTitle')}</h1>
      <p class="muted">
        {t('overviewIntro', tn('nConversations', data.conversations), tn('nMessages', data.messages), tn('nMoments', data.tagCount))}
        {data.activity.undated > 0 && ` ${tn('undatedNote', data.activity.undated)}`}
      </p>
      {data.partial && (
        <p class="card" role="status" data-overview-counting>
          {tn('overviewCounting', data.messages)}
        </p>
      )}
      <div class="grid">
        {charts.map((c) => (
          <ChartCard id={c.id} question={c.question} caption={c.caption} spec={c.spec} />
        ))}
        {terms.length > 0 && (
          <section class="card" aria-labelledby="terms-h">
            <h2 id="terms-h">{t('termsTableTitle')}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('colTerm')}</th>
                  <th scope="col">{t('colFirst')}</th>
                  <th scope="col">{t('colAssistant')}</th>
                  <th scope="col">{t('colTimes')}</th>
                </tr>
              </thead>
              <tbody>
                {terms.map((x) => (
                  <tr>
                    <th scope="row">
                      <a href={x.href}>{x.term}</a>
                    </th>
                    <td>{formatDate(x.first)}</td>
                    <td>{siteName(x.site)}</td>
                    <td>{x.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {notable.length > 0 && (
          <section class="card" aria-labelledby="notable-h">
            <h2 id="notable-h">{t('notableTitle')}</h2>
            {notable.map((tag) => (
              <TagCard tag={tag} href={href.tag(tag.id)} />
            ))}
            <a href="#/events">{t('allEvents')}</a>
          </section>
        )}
        {data.tagCount > 0 && <VerdictSummary db={ctx.db} tags={ctx.allTags} />}
      </div>
    </>
  );
}
