/** What a new person sees where there is nothing yet: the three ways to get data in. */
import type { ComponentChildren } from 'preact';
import { t } from './i18n';

export function EmptyState({ title, children, onSample }: { title?: string; children?: ComponentChildren; onSample?: () => void }) {
  return (
    <div class="empty card" role="status">
      <h2>{title ?? t('emptyTitle')}</h2>
      {children ?? (
        <ol>
          <li>{t('emptyVisit')}</li>
          <li>
            {t('emptyImport')} <a href="#/import">{t('navImport')}</a>
          </li>
          <li>{t('emptySample')}</li>
        </ol>
      )}
      {onSample && (
        <button type="button" class="primary" onClick={onSample} data-action="load-sample">
          {t('trySample')}
        </button>
      )}
    </div>
  );
}
