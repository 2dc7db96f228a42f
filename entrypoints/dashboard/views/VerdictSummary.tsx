/**
 * "How often Coevo is right for you": per kind of moment, how many shown tags the person confirmed, disputed, was
 * not sure of, or has not judged. Loaded after the overview's first render (it reads every tag row), so it never
 * slows the charts.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../components/i18n';
import { HIDDEN_BY_DEFAULT, TAG_ORDER, tagLabel } from '../../../components/tagMeta';
import { useVerdicts } from '../../../components/Verdict';
import { shown, type Tag } from '../../../model/tags';
import type { CoevoDB } from '../../../storage/db';
import { getSettings } from '../../../storage/settings';
import { countVerdicts } from '../../../storage/verdicts';

export function VerdictSummary({ db, tags }: { db: CoevoDB; tags: Tag[] | null }) {
  const store = useVerdicts();
  const [list, setList] = useState<Pick<Tag, 'id' | 'type'>[] | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([tags ?? db.tags.toArray(), getSettings(db)]).then(
      ([all, s]) => live && setList(all.filter((x) => shown(x, s.minConfidence) && !HIDDEN_BY_DEFAULT.has(x.type)).map(({ id, type }) => ({ id, type }))),
      () => live && setList([]),
    );
    return () => {
      live = false;
    };
  }, [db, tags]);
  if (!store || !list?.length) return null;
  const counts = countVerdicts(list, store.verdicts);
  return (
    <section class="card" aria-labelledby="verdicts-h" data-verdict-summary>
      <h2 id="verdicts-h">{t('verdictsTitle')}</h2>
      <p class="caption">{t('verdictsHelp')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('colTagType')}</th>
            <th scope="col">{t('colConfirmed')}</th>
            <th scope="col">{t('colDisputed')}</th>
            <th scope="col">{t('colUnsure')}</th>
            <th scope="col">{t('colUnjudged')}</th>
          </tr>
        </thead>
        <tbody>
          {TAG_ORDER.filter((type) => counts.has(type)).map((type) => {
            const c = counts.get(type)!;
            return (
              <tr data-verdict-row={type}>
                <th scope="row">{tagLabel(type)}</th>
                <td>{c.confirmed}</td>
                <td>{c.disputed}</td>
                <td>{c.unsure}</td>
                <td>{c.unjudged}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
