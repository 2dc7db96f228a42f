/**
 * Import: the importers' panel (components/import/, owned by the import work) embedded here. It is found at
 * build time through Vite's glob import, so the dashboard builds and says so plainly while it is absent.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../components/i18n';
import type { Ctx } from '../ctx';

type PanelModule = { ImportPanel: ComponentType<{ onImported?: () => void }> };
const panels = import.meta.glob<PanelModule>('../../../components/import/ImportPanel.tsx');

export function ImportView({ ctx }: { ctx: Ctx }) {
  const loader = Object.values(panels)[0];
  const [Panel, setPanel] = useState<PanelModule['ImportPanel'] | null>(null);
  useEffect(() => {
    loader?.().then((m) => setPanel(() => m.ImportPanel));
  }, [loader]);
  return (
    <>
      <h1 tabIndex={-1}>{t('importTitle')}</h1>
      {ctx.kind === 'sample' && <p class="card">{t('importSampleNote')}</p>}
      <p>{t('importIntro')}</p>
      {!loader && (
        <p class="card" role="status">
          {t('importUnavailable')}
        </p>
      )}
      {Panel && <Panel onImported={ctx.reload} />}
    </>
  );
}
