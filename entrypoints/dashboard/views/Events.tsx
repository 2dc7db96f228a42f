/**
 * Events: every tag, filterable by type, assistant, month and the person's verdict; each opens its evidence. Tags the
 * person said are wrong are hidden unless the verdict filter asks for them. Paged so 10,000 tags stay fast.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { HIDDEN_BY_DEFAULT } from '../../../components/tagMeta';
import { TAG_TYPES, type TagType } from '../../../model/tags';
import { EmptyState } from '../../../components/EmptyState';
import { formatNumber, formatPeriod, monthKey } from '../../../components/format';
import { t, tn } from '../../../components/i18n';
import { tagLabel } from '../../../components/tagMeta';
import { siteName, TagCard } from '../../../components/TagCard';
import { useVerdicts } from '../../../components/Verdict';
import { passesVerdict, VERDICT_FILTERS, type VerdictFilter } from '../../../storage/verdicts';
import type { Ctx } from '../ctx';
import { href } from '../route';

const PAGE = 50;

export function Events({ ctx }: { ctx: Ctx }) {
  const [type, setType] = useState<TagType | ''>('');
  const [site, setSite] = useState('');
  const [month, setMonth] = useState('');
  const [verdict, setVerdict] = useState<VerdictFilter>('not-disputed');
  const verdicts = useVerdicts()?.verdicts;
  const [shown, setShown] = useState(PAGE);
  useEffect(ctx.needTags, [ctx.needTags]);
  const tags = ctx.allTags ?? [];
  const sites = useMemo(() => [...new Set(tags.map((x) => x.site).filter((s): s is string => !!s))].sort(), [tags]);
  const months = useMemo(() => [...new Set(tags.filter((x) => x.time !== undefined).map((x) => monthKey(x.time!)))].sort().reverse(), [tags]);
  const filtered = useMemo(
    () =>
      tags.filter(
        (x) =>
          (type ? x.type === type : !HIDDEN_BY_DEFAULT.has(x.type)) &&
          (!site || x.site === site) &&
          (!month || (x.time !== undefined && monthKey(x.time) === month)) &&
          passesVerdict(verdicts?.get(x.id), verdict),
      ),
    // Not keyed on `verdicts` (loaded before any view renders): a card just marked "No" stays in view, with its
    // note, until a filter changes.
    [tags, type, site, month, verdict],
  );
  const reset = (f: () => void) => {
    f();
    setShown(PAGE);
  };

  if (!ctx.data || (!ctx.allTags && ctx.data.tagCount > 0))
    return (
      <>
        <h1 tabIndex={-1}>{t('navEvents')}</h1>
        <p role="status">{t('loading')}</p>
      </>
    );
  if (!tags.length)
    return (
      <>
        <h1 tabIndex={-1}>{t('navEvents')}</h1>
        <EmptyState title={t('eventsEmpty')} onSample={ctx.kind === 'main' ? ctx.startSample : undefined} />
      </>
    );
  return (
    <>
      <h1 tabIndex={-1}>{t('eventsTitle')}</h1>
      <form class="filters card" onSubmit={(e) => e.preventDefault()} aria-label={t('filtersLabel')}>
        <label>
          {t('filterType')}
          <select value={type} onChange={(e) => reset(() => setType((e.target as HTMLSelectElement).value as TagType | ''))} data-filter="type">
            <option value="">{t('filterAll')}</option>
            {TAG_TYPES.map((x) => (
              <option value={x}>{tagLabel(x)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('filterAssistant')}
          <select value={site} onChange={(e) => reset(() => setSite((e.target as HTMLSelectElement).value))} data-filter="site">
            <option value="">{t('filterAll')}</option>
            {sites.map((s) => (
              <option value={s}>{siteName(s)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('filterPeriod')}
          <select value={month} onChange={(e) => reset(() => setMonth((e.target as HTMLSelectElement).value))} data-filter="period">
            <option value="">{t('filterAllTime')}</option>
            {months.map((m) => (
              <option value={m}>{formatPeriod(m, 'month')}</option>
            ))}
          </select>
        </label>
        <label>
          {t('filterVerdict')}
          <select value={verdict} onChange={(e) => reset(() => setVerdict((e.target as HTMLSelectElement).value as VerdictFilter))} data-filter="verdict">
            {VERDICT_FILTERS.map((v) => (
              <option value={v}>{t(`verdictFilter_${v.replace(/-/g, '_')}`)}</option>
            ))}
          </select>
        </label>
      </form>
      <p role="status" class="muted" data-event-count>
        {t('eventsCount', formatNumber(filtered.length), tn('nEvents', tags.length))}
      </p>
      <div class="tag-list">
        {filtered.slice(0, shown).map((tag) => (
          <TagCard tag={tag} href={href.tag(tag.id)} />
        ))}
      </div>
      {shown < filtered.length && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          {t('showMore', Math.min(PAGE, filtered.length - shown))}
        </button>
      )}
    </>
  );
}
